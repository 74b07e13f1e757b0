"""The balance of a budget as the text states it: its 收入 and its 支出 totals.

A 部门预算 balances by construction: everything received or carried over is spent or
carried forward. In a budget that carries nothing over (no 上年结转, no 结转下年 stated)
the text's "收入预算a万元" and "支出预算b万元" state one amount, whatever total word each
takes. Where money is carried over, and in a 决算 (whose 说明 often writes 收入总计 for
the year's income and 支出总计 for the year's spending), which totals the text gives is
not said: no pair. The pairs are read from the keyed facts (align/keys.py names a side's
total 收入合计 / 支出总计, limited to its sources).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from functools import cache

import regex

from crosscheck.align.keys import (
    BUDGET_METRIC,
    STATEMENT_SIDES,
    STATEMENT_TOTAL_METRIC,
    Fact,
    carried_over_sides,
    named_with_sources,
    report_measure_of,
    side_named_alone,
    source_side_total,
)
from crosscheck.align.qualifiers import limits_of
from crosscheck.extractor.patterns import YEAR
from crosscheck.relate.cues import cues
from crosscheck.relate.recompute import exact
from crosscheck.relate.standard_tables import TableEquality, TablePlace

_INCOME, _SPENDING = STATEMENT_SIDES
_BUDGET = BUDGET_METRIC
# What a budget's text states of the income of its sources: an income, or its budget.
_INCOME_METRICS = frozenset({"income", _BUDGET, None})
_INCOME_TOTAL = "收入合计"
# The metrics of a change by an amount.
_CHANGE_METRICS = frozenset({"increase", "decrease"})
# What a change is compared with, ending its subject: 比2025年, 较上年, 同比.
_COMPARED_WITH = regex.compile(rf"(?:比|较|同比|与)(?:上年|上一年度?|{YEAR}年度?)?.*$")


def facts_to_balances(facts: Sequence[Fact], text: str) -> Iterator[TableEquality]:
    """For each scope of sources: the text's 收入 total against its 支出 total, in a budget
    that carries nothing over. A side stated twice with two values is left to the value
    conflicts (CC201)."""
    if report_measure_of(text) != _BUDGET:
        return
    stated: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        if (
            fact.mention.role != "narrative"
            or fact.period
            or fact.scope
            or fact.mention.quantity.kind != "amount"
            or not exact(fact.mention)
        ):
            continue
        if fact.metric == STATEMENT_TOTAL_METRIC and (side := _side(fact.subject)):
            stated[(fact.source, side)].append(fact)
        elif fact.metric in _INCOME_METRICS and source_side_total(fact.subject) == _INCOME_TOTAL:
            # "财政拨款收入a万元": the income of those sources, the 收入 side of their statement
            # (its 支出 side "财政拨款支出预算b万元" is keyed 支出合计 of 财政拨款).
            sources = limits_of(f"{fact.subject_text} {fact.source}")[0]
            stated[(sources, _INCOME)].append(fact)
    # "收入比2025年增加a万元…支出比2025年增加b万元": two balanced years change both sides alike;
    # so do the income of sources and their spending ("财政拨款收入…比上年增加a万元").
    changed: dict[tuple[str, str], list[Fact]] = defaultdict(list)
    for fact in facts:
        if (
            fact.mention.role == "narrative"
            and fact.metric in _CHANGE_METRICS
            and not fact.scope
            and fact.mention.quantity.kind == "amount"
            and exact(fact.mention)
        ):
            side, sources = _side_alone(fact.subject), fact.source
            if not side and source_side_total(fact.subject) == _INCOME_TOTAL:
                side, sources = _INCOME, limits_of(f"{fact.subject_text} {fact.source}")[0]
            if side:
                base = _compared_with(text, fact)
                changed[(f"{sources}|{fact.metric}|{fact.period}|{base}", side)].append(fact)
    # Any money carried over, on either side: which totals the text gives is not said.
    if (not stated and not changed) or carried_over_sides(facts):
        return
    for paired in (stated, changed):
        for (source, side), incomes in paired.items():
            spending = paired.get((source, _SPENDING), [])
            if side == _INCOME and spending and _one_value(incomes) and _one_value(spending):
                yield TableEquality("narrative_balance", _place(incomes[0]), (_place(spending[0]),))


@cache
def _base_of_change() -> regex.Pattern[str]:
    """What a change is compared with, as its clause writes it: "比2024年预算执行数增加a万元"
    (lexicons/relation_cues.tsv year_compare, compare_suffix, rise_verb, fall_verb)."""
    return regex.compile(
        rf"(?:{cues('year_compare')})(?P<base>[^，,。；;]*?)(?:{cues('compare_suffix')})?[，,]?"
        rf"(?:{cues('rise_verb', 'fall_verb')})\s*$"
    )


def _compared_with(text: str, fact: Fact) -> str:
    """The base a change is compared with, as written (2024年预算 / 2024年预算执行数): two sides'
    changes from two bases are no pair, whatever the year."""
    start = fact.mention.span.start
    found = _base_of_change().search(text, max(0, start - _BASE_WINDOW), start)
    return "".join(found["base"].split()) if found is not None else ""


# How far before a change its comparison is looked for.
_BASE_WINDOW = 40


def _side_alone(subject: str) -> str:
    """收入 or 支出 for a subject that names a side and nothing else, the comparison it is
    changed by cut ("收入比2025年", "支出预算较上年"); "" for an item's (事业收入, 项目支出)."""
    return side_named_alone(_COMPARED_WITH.sub("", subject))


def _side(subject: str) -> str:
    """收入 or 支出 for a total of one side; "" for a name of both (收入支出总计)."""
    sides = [side for side in STATEMENT_SIDES if side in subject]
    return sides[0] if len(sides) == 1 else ""


def _one_value(facts: Sequence[Fact]) -> bool:
    return len({fact.mention.quantity.value for fact in facts}) == 1


def _place(fact: Fact) -> TablePlace:
    """The statement as the finding names it: 支出合计 of 财政拨款 is 财政拨款支出合计."""
    return TablePlace(fact.mention, "", named_with_sources(fact), "")
