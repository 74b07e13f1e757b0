"""The texts that once stalled the checker (issue 13 §2) finish, and scale linearly.

No absolute time limit is asserted (CI machines differ): each case times a stage on
its text at a small size and at ``GROWTH`` times that size in the same test, and the
ratio must stay far below the square of the growth. A linear stage takes about
``GROWTH`` times as long, a quadratic one ``GROWTH**2``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from crosscheck.extractor import find_quantities
from crosscheck.extractor.normalize import normalize
from crosscheck.extractor.patterns import quantity_pattern

from .stall_inputs import STALLS

GROWTH = 8
# Linear is 8, quadratic 64: the bound leaves room for a noisy machine.
MAX_RATIO = 24


def _seconds(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def assert_scales_linearly(make: Callable[[int], str], n: int, stage: Callable[[str], object]):
    small, big = make(n), make(n * GROWTH)
    stage(small)  # warm the caches (compiled patterns, lexicons)
    t_small = max(_seconds(lambda: stage(small), 3), 1e-3)
    t_big = _seconds(lambda: stage(big), 1)
    assert t_big / t_small < MAX_RATIO, (t_small, t_big)


# The extractor alone, at sizes where the quadratic pattern took seconds.
EXTRACTOR_CASES = {
    "wan": 2_000,
    "yi_wan": 2_000,
    "points": 1_000,
    "long_line": 2_000,
    "chinese_digits": 1_000,
    "spaced_digits": 500,
}


@pytest.mark.parametrize("name", sorted(EXTRACTOR_CASES))
def test_extractor_is_linear(name: str) -> None:
    assert_scales_linearly(STALLS[name], EXTRACTOR_CASES[name], find_quantities)


def test_long_line_of_numbers_still_reads_its_numbers() -> None:
    # the bounded thousands groups still read a grouped number as one
    text = "123,456,789元，" * 3 + "123," * 2_000
    values = [f.quantity.value for f in find_quantities(text)]
    assert [str(v) for v in values] == ["123456789"] * 3


def test_thousands_group_followed_by_a_digit_ends_the_number() -> None:
    # trap: the possessive groups must give "12,3456元" the reading it had (3456元)
    spans = [m.group() for m in quantity_pattern().finditer(normalize("12,3456元"))]
    assert spans == ["3456元"]
