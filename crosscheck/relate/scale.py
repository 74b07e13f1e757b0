"""Amounts whose digits another place of the document writes in a scale 10,000 apart (CC304).

A report's amounts are 万元 by habit; "142.16元" where the same item is "142.16万元" a page
before is the classic slip of the unit. Two figures with the same digits (three or more
significant ones) and scales 10,000 apart are no coincidence when they also name the same
thing: their names, as the align stage keyed them, share a run of words. The other way
round, a 万元 figure in the text with the digits of a cell of a table in 元 ("全年执行数
34,128,600.00万元" beside the form's 34,128,600.00) copied the cell and its unit was
changed: with six significant digits or more, no name needs to agree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from decimal import Decimal
from difflib import SequenceMatcher

from crosscheck.align.keys import Fact
from crosscheck.relate.recompute import exact, is_change
from crosscheck.relate.types import ScaleTwin

_YUAN = "元"
_WAN = "万元"
_WAN_FACTOR = Decimal(10_000)
# Digits that make a coincidence unlikely: 142.16 (5), 3,548 (4), 625 (3); not 20 or 1.5.
MIN_SIGNIFICANT_DIGITS = 3
# Characters two names must share in a row to name one thing (装备购置 of 应急装备购置 and
# 装备购置支出).
MIN_SHARED_CHARS = 3


def facts_to_scale_twins(facts: Sequence[Fact]) -> tuple[ScaleTwin, ...]:
    return tuple(_scale_twins(facts))


def _scale_twins(facts: Sequence[Fact]) -> Iterator[ScaleTwin]:
    in_wan: dict[Decimal, list[Fact]] = defaultdict(list)
    for fact in facts:
        q = fact.mention.quantity
        if q.kind == "amount" and q.scale == _WAN and exact(fact.mention):
            in_wan[q.value].append(fact)
    if not in_wan:
        return
    for fact in facts:
        m = fact.mention
        q = m.quantity
        if (
            q.kind != "amount"
            or q.scale != _YUAN
            or m.role != "narrative"
            or not exact(m)
            or is_change(m)
            or _significant_digits(q.value) < MIN_SIGNIFICANT_DIGITS
        ):
            continue
        twins = [
            other
            for other in in_wan.get(q.value * _WAN_FACTOR, [])
            if _shared_run(fact.subject, other.subject) >= MIN_SHARED_CHARS
        ]
        if len(twins) == 1:
            yield ScaleTwin(m, twins[0].mention)
    yield from _wan_copies_of_yuan_cells(facts, in_wan)


# Digits that make a coincidence of two figures unlikely without their names: 34,128,600.00.
MIN_DIGITS_WITHOUT_NAMES = 6


def _wan_copies_of_yuan_cells(
    facts: Sequence[Fact], in_wan: dict[Decimal, list[Fact]]
) -> Iterator[ScaleTwin]:
    """A narrative 万元 amount with the digits of one cell of a table in 元."""
    cells: dict[Decimal, list[Fact]] = defaultdict(list)
    for fact in facts:
        q = fact.mention.quantity
        if fact.mention.role == "table" and q.kind == "amount" and q.scale == _YUAN:
            cells[q.value].append(fact)
    for value, stated in in_wan.items():
        for fact in stated:
            m = fact.mention
            if (
                m.role != "narrative"
                or is_change(m)
                or _significant_digits(value) < MIN_SIGNIFICANT_DIGITS
            ):
                continue
            copied = cells.get(value / _WAN_FACTOR, [])
            named = [c for c in copied if _shared_run(fact.subject, c.subject) >= MIN_SHARED_CHARS]
            if len(named) != 1 and _significant_digits(value) >= MIN_DIGITS_WITHOUT_NAMES:
                named = copied if len({c.mention.quantity.value for c in copied}) == 1 else []
            if named:
                yield ScaleTwin(m, named[0].mention, meant=_YUAN)


def _significant_digits(value: Decimal) -> int:
    digits = value.normalize().as_tuple().digits
    return len(digits)


def _shared_run(a: str, b: str) -> int:
    """The longest run of characters two names share."""
    return SequenceMatcher(None, a, b, autojunk=False).find_longest_match().size
