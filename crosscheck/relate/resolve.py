"""Inputs resolved by key: the one fact anywhere in the document that a relation names.

"占本年支出合计的35.2%" names its whole; when no amount so named stands close before
it in the text, the whole may be a table cell (the row 本年支出合计). Every mention
and cell is keyed by the align stage (crosscheck/align/keys.py: subject, metric,
scope, period); a relation's input is taken from there only when exactly one value
fits: several facts of one key that agree are one fact stated twice, facts that
disagree leave the input unresolved.

The resolver is the one place the relate stage asks the alignment; a better
alignment plugs in by handing ``relate()`` its own facts (or another ``Resolver``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from crosscheck.align.keys import (
    FUNDS_TOTAL,
    Fact,
    cell_places,
    facts_of,
    normalize_subject,
    sources_opening_name,
)
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.recompute import CHANGE_METRICS
from crosscheck.tables.forms import FUNDS_COLUMNS, WHOLE_UNIT
from crosscheck.tables.headers import header_word
from crosscheck.types import Mention, QuantityKind


class Resolver(Protocol):
    def unique(self, named: str, *, kind: QuantityKind, period: str = "") -> Mention | None:
        """The one mention the words ``named`` stand for, or None."""
        ...


def index_to_facts(index: DocumentIndex) -> tuple[Fact, ...]:
    """Every mention and table cell keyed by the align stage."""
    return facts_of(index.segmented, index.mentions, cell_places(index.tables, index.text))


@dataclass(frozen=True, slots=True)
class FactResolver:
    """Facts looked up by their normalised subject."""

    by_subject: dict[str, tuple[Fact, ...]]

    @classmethod
    def of(cls, facts: Sequence[Fact]) -> FactResolver:
        grouped: dict[str, list[Fact]] = defaultdict(list)
        for fact in facts:
            # A table's total row has no subject of its own (it links to nothing), but its
            # label names it: "本年支出合计".
            name = fact.subject or normalize_subject(fact.row_path)
            if name:
                grouped[name].append(fact)
        return cls({subject: tuple(found) for subject, found in grouped.items()})

    def unique(self, named: str, *, kind: QuantityKind, period: str = "") -> Mention | None:
        subject = normalize_subject(named)
        column = header_word(named.strip())
        if column is not None and column.key in FUNDS_COLUMNS and subject not in self.by_subject:
            # "占全年执行数的p%": a column of a 自评表's funds block named alone is that
            # block's total (the department's, or the one form's).
            candidates = [
                f
                for name in (WHOLE_UNIT, FUNDS_TOTAL)
                for f in self.by_subject.get(name, ())
                if f.metric == column.key
            ]
            return _one_value(candidates, kind, period)
        if not subject:
            return None  # a generic word (支出, 经费) names nothing
        if subject not in self.by_subject and (limited := sources_opening_name(named)) is not None:
            # "占一般公共预算项目支出总额的p%": the sources opening the name limit it, as a
            # table's title limits its 项目支出 column (the 合计 row's cell of that table).
            source, rest = limited
            return _one_value(
                [f for f in self.by_subject.get(normalize_subject(rest), ()) if f.source == source],
                kind,
                period,
            )
        return _one_value(self.by_subject.get(subject, ()), kind, period)


def _one_value(facts: Sequence[Fact], kind: QuantityKind, period: str) -> Mention | None:
    """The one value the facts state (of ``kind`` and ``period``, exact, no scope), or None."""
    found = [
        f.mention
        for f in facts
        if f.mention.quantity.kind == kind
        and f.period == period
        and not f.scope
        and f.mention.quantity.bound == "exact"
        # "收入完成a，增收b": a change is the name's difference from last year, no value of it.
        and f.metric not in CHANGE_METRICS
    ]
    if not found or len({(m.quantity.value, m.quantity.unit) for m in found}) != 1:
        return None
    return found[0]
