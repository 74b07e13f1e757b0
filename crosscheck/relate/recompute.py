"""The recomputations that reading a relation needs, shared with the rules.

Whether a list's values add up decides how a 分别为 list closed by 合计 is read
("支出500万元，A、B分别为300万元、200万元，合计510万元": the parts are the list's
values when the earlier quantity does not complete the sum); the rules recompute
the same sums to report them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from crosscheck.compare import Agreement, compare_values, is_counted, quantum
from crosscheck.types import Mention

MAX_SUBSET_PARTS = 12
# The metric keys of a change amount ("较上年增加15.30万元", "减收1000万元"): a difference
# between two years, never a part of a total nor the amount a change is taken from.
CHANGE_METRICS = ("increase", "decrease")


def same_measure(a: Mention, b: Mention) -> bool:
    """Two amounts, or two counts of one measure word: they may be added up."""
    qa, qb = a.quantity, b.quantity
    return qa.kind == qb.kind and qa.unit == qb.unit and qa.kind in ("amount", "count", "measure")


def exact(m: Mention) -> bool:
    return m.quantity.bound == "exact"


def is_change(m: Mention) -> bool:
    return m.metric in CHANGE_METRICS


def comparable_parts(total: Mention, parts: Sequence[Mention]) -> list[Mention]:
    """The parts of the total's measure. "总支出300.50万元，其中本年支出280.20万元，较上年增加
    15.30万元": the change is said of a part, it is no part itself (a total that is a change
    has changes as parts)."""
    return [p for p in parts if same_measure(p, total) and is_change(p) == is_change(total)]


@dataclass(frozen=True, slots=True)
class SumCheck:
    total: Mention
    parts: tuple[Mention, ...]
    computed: Decimal
    agreement: Agreement


def _any_subset_adds_up(total: Mention, parts: Sequence[Mention]) -> bool:
    """Some two or more of the parts add up to the total: a list with sub-items (基本支出
    842.12, 人员支出 736.7 of it, 日常公用 105.42 of it, 项目支出 400.55 = 1242.67)."""
    if len(parts) > MAX_SUBSET_PARTS:
        return True  # too many to tell the levels apart: do not guess
    q_total = quantum(total.quantity)
    for size in range(2, len(parts)):
        for subset in combinations(parts, size):
            computed = sum((p.quantity.value for p in subset), Decimal(0))
            if (
                compare_values(computed, Decimal(0), total.quantity.value, q_total)
                is Agreement.SAME
            ):
                return True
    return False


def check_sum(
    total: Mention, parts: Sequence[Mention], *, others_blank: bool = False
) -> SumCheck | None:
    """The parts against the total, or None when they agree (or may be a hierarchy).
    ``others_blank``: the parts not given were left blank where they stand (a table row's
    合计 | 基本支出 (blank) | 项目支出): one part is the whole breakdown then."""
    parts = comparable_parts(total, parts)
    if is_change(total) and len({p.metric for p in parts}) > 1:
        # "减少a万元，其中基本支出增加b万元，项目支出减少c万元": changes in both directions
        # add up with their signs (b − c = −a), which the rules do not write out: not read.
        return None
    if (
        len(parts) < (1 if others_blank else 2)
        or not exact(total)
        or not all(exact(p) for p in parts)
    ):
        # An approximate part (B约50万元) cannot be left out of the sum, and its
        # interval says too little to flag the rest.
        return None
    computed = sum((p.quantity.value for p in parts), Decimal(0))
    # The sum is exact; it is compared at the precision the total is written with
    # (parts such as 50万元 are whole amounts, not values rounded to 万).
    counted = is_counted(total.quantity) and all(is_counted(p.quantity) for p in parts)
    agreement = compare_values(
        computed, Decimal(0), total.quantity.value, quantum(total.quantity), counted=counted
    )
    if agreement is Agreement.SAME:
        return None
    if agreement is Agreement.DIFFERENT and _any_subset_adds_up(total, parts):
        return None
    if agreement is Agreement.DIFFERENT and explained_by_rounding(computed, total, parts):
        # Nine parts written to 0.01 may each be off by 0.005: a total 0.02 away is no
        # finding (a difference the rounding of the inputs explains is not reported). One
        # unit in the last place stays info, as the hand-checked seeds have it.
        return None
    return SumCheck(total, tuple(parts), computed, agreement)


def explained_by_rounding(computed: Decimal, total: Mention, parts: Sequence[Mention]) -> bool:
    """The gap is within the rounding of the parts and the total as written."""
    if is_counted(total.quantity) and all(is_counted(p.quantity) for p in parts):
        return False  # counted things are not rounded
    # A part the text writes with fewer decimals than the total is a whole amount (600万元
    # beside 2,614.42万元), not a value rounded to 万: it moves the sum no more than the
    # total's step. A table's cell is rounded as its column is, whatever it shows.
    step = quantum(total.quantity)
    rounding = sum(
        (
            (min(quantum(p.quantity), step) if p.role == "narrative" else quantum(p.quantity)) / 2
            for p in parts
        ),
        step / 2,
    )
    return abs(computed - total.quantity.value) <= rounding
