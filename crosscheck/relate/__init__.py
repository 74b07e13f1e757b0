"""The relate stage (DESIGN §2c): how the numbers of a report hang together.

It runs once per document, after the quantities are placed and the tables parsed,
and turns the structure of the text and the tables into typed relations:

- ``sums``: a total and its parts (其中, 合计, 分别为; relate/sums.py);
- ``shares`` and ``rates``: a percentage and the division it claims (relate/ratios.py);
- ``changes`` and ``point_changes``: a rate of change and its amounts (relate/changes.py);
- ``scores``: the self-evaluation tables' 总分, rows and 得分/分值 pairs, and the
  overall score the text states (relate/scores.py);
- ``counted_lists`` and ``citations``: "四个项目：1、…" and 文号 (relate/narrative.py);
- ``unitless``: numbers written with no unit (relate/unitless.py);
- ``table_identities`` and ``table_breakdowns``: the totals that the standard 部门预算/决算
  tables state twice, and their 三公 breakdowns (relate/standard_tables.py); the text's
  收入 and 支出 totals that balance (relate/balances.py);
- ``carry_overs``: a 决算's 年初结转和结余 + 本年收入 − 本年支出 … = 年末结转和结余 stated in
  one sentence (relate/carry_over.py).

The rules (crosscheck/rules/) recompute and compare these relations; they never
read the text again. Every relation holds the mentions it relates and says how
they were found.
"""

from __future__ import annotations

from dataclasses import dataclass

from crosscheck.align.keys import Fact
from crosscheck.align.links import FactGroup
from crosscheck.relate.balances import facts_to_balances
from crosscheck.relate.carry_over import statements_to_carry_overs
from crosscheck.relate.changes import (
    statements_to_changes,
    statements_to_comparisons,
    statements_to_point_changes,
)
from crosscheck.relate.index import DocumentIndex, index_document
from crosscheck.relate.narrative import (
    index_to_counted_lists,
    text_declares_rounding,
    text_to_citations,
)
from crosscheck.relate.ratios import index_to_rates, statements_to_shares
from crosscheck.relate.resolve import FactResolver, index_to_facts
from crosscheck.relate.scale import facts_to_scale_twins
from crosscheck.relate.scores import index_to_scores
from crosscheck.relate.standard_tables import (
    TableEquality,
    TableSum,
    index_to_table_breakdowns,
    index_to_table_identities,
)
from crosscheck.relate.statements import index_to_statements
from crosscheck.relate.sums import statements_to_sums
from crosscheck.relate.types import (
    COUNT_TARGET,
    ONE_PART,
    RATE_ALONE,
    TABLE_COLUMNS,
    CarryOver,
    Change,
    Citation,
    Comparison,
    CountedList,
    PointChange,
    Ratio,
    ScaleTwin,
    ScoreStructure,
    Statement,
    SumRelation,
    Unitless,
)
from crosscheck.relate.unitless import paragraphs_to_unitless
from crosscheck.types import Mention, ParsedTable, Segmented

__all__ = [
    "COUNT_TARGET",
    "ONE_PART",
    "RATE_ALONE",
    "TABLE_COLUMNS",
    "CarryOver",
    "Change",
    "Citation",
    "Comparison",
    "CountedList",
    "PointChange",
    "Ratio",
    "Relations",
    "ScaleTwin",
    "ScoreStructure",
    "Statement",
    "SumRelation",
    "TableEquality",
    "TableSum",
    "relate",
]


@dataclass(frozen=True, slots=True)
class Relations:
    """Every relation of one document, in document order within each kind."""

    index: DocumentIndex
    facts: tuple[Fact, ...]  # every mention and cell keyed (the align stage's keys)
    statements: tuple[Statement, ...]
    sums: tuple[SumRelation, ...]
    shares: tuple[Ratio, ...]  # shares whose whole the text names
    share_partitions: tuple[tuple[Ratio, ...], ...]  # per statement, shares naming no whole
    rates: tuple[Ratio, ...]
    changes: tuple[Change, ...]
    point_changes: tuple[PointChange, ...]
    comparisons: tuple[Comparison, ...]
    scores: ScoreStructure
    counted_lists: tuple[CountedList, ...]
    citations: tuple[Citation, ...]
    unitless: tuple[Unitless, ...]
    table_identities: tuple[TableEquality, ...] = ()  # one total in two standard tables
    table_breakdowns: tuple[TableSum, ...] = ()  # 三公 合计 and its parts
    carry_overs: tuple[CarryOver, ...] = ()  # a 决算's carry-over identity in one sentence
    # Amounts in 元 whose digits another place writes in 万元 for the same thing.
    scale_twins: tuple[ScaleTwin, ...] = ()
    # The document declares that rounding may put details one unit off their totals.
    rounding_noted: bool = False


def relate(
    segmented: Segmented,
    mentions: tuple[Mention, ...],
    tables: tuple[ParsedTable, ...],
    *,
    facts: tuple[Fact, ...] | None = None,
    aligned: tuple[FactGroup, ...] = (),
) -> Relations:
    """The relations between the placed ``mentions`` (sorted by start) and ``tables``.

    ``facts``: the keyed facts inputs are resolved by (crosscheck/relate/resolve.py);
    by default the align stage's keys of these mentions. ``aligned``: the align stage's
    groups, through which a count done finds the target of its 绩效指标 row."""
    index = index_document(segmented, mentions, tables)
    facts = index_to_facts(index) if facts is None else facts
    statements = index_to_statements(index)
    shares, partitions = statements_to_shares(index, statements, FactResolver.of(facts))
    return Relations(
        index=index,
        facts=facts,
        statements=statements,
        sums=statements_to_sums(index, statements),
        shares=shares,
        share_partitions=partitions,
        rates=index_to_rates(index, statements, facts, aligned),
        changes=statements_to_changes(index, statements),
        point_changes=statements_to_point_changes(index.text, statements),
        comparisons=statements_to_comparisons(index.text, statements),
        scores=index_to_scores(index),
        counted_lists=index_to_counted_lists(index),
        citations=text_to_citations(index.text),
        unitless=paragraphs_to_unitless(index),
        table_identities=(
            *index_to_table_identities(index),
            *facts_to_balances(facts, index.text),
        ),
        table_breakdowns=index_to_table_breakdowns(index),
        carry_overs=statements_to_carry_overs(index.text, statements),
        scale_twins=facts_to_scale_twins(facts),
        rounding_noted=text_declares_rounding(index.text),
    )
