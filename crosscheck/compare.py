"""Comparing numbers at the precision they were written with (DESIGN §2).

161.55% and 162% agree (162 is 161.55 rounded to units); 4847.62 and 4847.61
differ by one unit in the last place (a minor difference); 249% and 75% do
not agree. Approximate values (约/近/余/以上…) compare as intervals.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, getcontext
from enum import Enum

from crosscheck.extractor.measures import base_of
from crosscheck.extractor.numbers import scale_factors
from crosscheck.types import Quantity


class Agreement(Enum):
    SAME = "same"  # equal at the coarser precision
    LAST_DIGIT = "last-digit"  # one unit apart in the last written place
    DIFFERENT = "different"


def quantum(q: Quantity) -> Decimal:
    """One unit in the last written place, in the base unit (4847.62万元 -> 100 元)."""
    scale = q.scale.removesuffix("元")
    factor = scale_factors().get(scale, Decimal(1)) if scale else Decimal(1)
    return Decimal(1).scaleb(-q.decimals) * factor


def round_to(value: Decimal, step: Decimal) -> Decimal:
    """``value`` rounded to a whole number of ``step``s; a number longer than any written in a
    report (more digits than the context holds) is taken as it is."""
    if step == 0 or value == 0:
        return value
    digits = value.adjusted() - step.adjusted() + 2
    if digits > getcontext().prec:
        return value
    return (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def compare_values(
    a: Decimal, qa: Decimal, b: Decimal, qb: Decimal, *, counted: bool = False
) -> Agreement:
    """``a`` written to the step ``qa``, ``b`` to ``qb``: do they state the same number?

    ``counted``: whole things (people, items, points) are counted, not rounded, so
    22 against 21 is a difference, not a last-digit rounding.
    """
    step = max(qa, qb)
    if step == 0:
        return Agreement.SAME if a == b else Agreement.DIFFERENT
    if round_to(a, step) == round_to(b, step):
        return Agreement.SAME
    if counted and step >= 1:
        return Agreement.DIFFERENT
    # Truncation instead of rounding is common in reports (113.77% written 113%).
    if abs(a - b) < step:
        return Agreement.LAST_DIGIT
    if abs(round_to(a, step) - round_to(b, step)) <= step:
        return Agreement.LAST_DIGIT
    return Agreement.DIFFERENT


def compare(a: Quantity, b: Quantity) -> Agreement:
    """Two quantities of one kind: exact values by precision, intervals by overlap.

    Two measures in different units of one base (1.2公里 and 1200米, 1.53万亩 and
    1020公顷) are compared in that base; callers check ``measures.comparable`` first,
    亩 and 公里 state no common fact.
    """
    fa, fb = _to_one_unit(a, b)
    if a.bound != "exact" or b.bound != "exact":
        return _compare_intervals(a, b, fa, fb)
    return compare_values(
        a.value * fa, quantum(a) * fa, b.value * fb, quantum(b) * fb, counted=is_counted(a)
    )


def compare_targets(a: Quantity, b: Quantity) -> Agreement:
    """Two statements of one target. A bound's number is the target itself: 不少于162场 and
    ≥126场 set two targets, though every count above 162 meets both. Bounds of one direction
    are compared by their numbers; anything else as :func:`compare` does."""
    if a.bound == b.bound and a.bound in ("min", "max"):
        fa, fb = _to_one_unit(a, b)
        return compare_values(
            a.value * fa, quantum(a) * fa, b.value * fb, quantum(b) * fb, counted=is_counted(a)
        )
    return compare(a, b)


_ONE = Decimal(1)


def _to_one_unit(a: Quantity, b: Quantity) -> tuple[Decimal, Decimal]:
    """The factors that bring two measures written in different units to their base."""
    if a.kind != "measure" or a.unit == b.unit:
        return _ONE, _ONE
    base_a, base_b = base_of(a), base_of(b)
    if base_a is None or base_b is None:
        return _ONE, _ONE
    return base_a[1], base_b[1]


def is_counted(q: Quantity) -> bool:
    """Counts and scores written as whole numbers are counted, not rounded."""
    return q.kind in ("count", "score") and q.decimals == 0


def _ends(q: Quantity, factor: Decimal) -> tuple[Decimal | None, Decimal | None]:
    """The interval a quantity stands for, times ``factor``; None where it is open."""
    low = q.low if q.low is not None else q.value if q.bound == "exact" else None
    high = q.high if q.high is not None else q.value if q.bound == "exact" else None
    return (
        None if low is None else low * factor,
        None if high is None else high * factor,
    )


def _compare_intervals(
    a: Quantity, b: Quantity, fa: Decimal = _ONE, fb: Decimal = _ONE
) -> Agreement:
    slack = max(quantum(a) * fa, quantum(b) * fb) / 2
    a_low, a_high = _ends(a, fa)
    b_low, b_high = _ends(b, fb)
    if a_high is not None and b_low is not None and a_high + slack < b_low:
        return Agreement.DIFFERENT
    if b_high is not None and a_low is not None and b_high + slack < a_low:
        return Agreement.DIFFERENT
    return Agreement.SAME


def recomputed_agrees(computed: Decimal, written: Quantity) -> Agreement:
    """A value recomputed from others (exact) against the value written (to its precision)."""
    return compare_values(
        computed, Decimal(0), written.value, quantum(written), counted=is_counted(written)
    )
