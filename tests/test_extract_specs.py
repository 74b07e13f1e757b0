"""The extractor's spec cases (tests/specs/extract/*.jsonl), one test per case.

Each line: {"text": …, "expect": [{"text", "kind", "value", optional "unit",
"scale", "bound", "low", "high", "metric"}], optional "xfail": reason}. The
extracted quantities must be exactly the expected ones, in order; optional
keys are compared only when present. Values compare numerically.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from crosscheck.extractor import find_quantities
from crosscheck.extractor.numbers import decimal_to_str

SPEC_DIR = Path(__file__).parent / "specs" / "extract"
OPTIONAL_KEYS = ("unit", "scale", "bound", "low", "high", "metric")


def _cases() -> list[object]:
    params = []
    for path in sorted(SPEC_DIR.glob("*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            case = json.loads(line)
            marks = []
            if case.get("xfail"):
                marks.append(pytest.mark.xfail(reason=case["xfail"], strict=True))
            params.append(pytest.param(case, id=f"{path.stem}:{number}", marks=marks))
    return params


CASES = _cases()


def _same_number(expected: object, actual: Decimal | None) -> bool:
    if expected is None:
        return actual is None
    return actual is not None and Decimal(str(expected)) == actual


def _describe(found) -> list[dict[str, object]]:
    return [
        {
            "text": f.quantity.surface,
            "kind": f.quantity.kind,
            "value": decimal_to_str(f.quantity.value),
            "unit": f.quantity.unit,
            "scale": f.quantity.scale,
            "bound": f.quantity.bound,
            "low": decimal_to_str(f.quantity.low),
            "high": decimal_to_str(f.quantity.high),
            "metric": f.metric,
        }
        for f in found
    ]


@pytest.mark.parametrize("case", CASES)
def test_spec_case(case: dict) -> None:
    text = case["text"]
    found = find_quantities(text)
    expected = case["expect"]
    got = _describe(found)
    assert [g["text"] for g in got] == [e["text"] for e in expected], got
    for item, want, described in zip(found, expected, got, strict=True):
        assert text[item.span.start : item.span.end] == item.quantity.surface
        assert item.quantity.kind == want["kind"], described
        assert _same_number(want["value"], item.quantity.value), described
        for key in OPTIONAL_KEYS:
            if key not in want:
                continue
            if key in ("low", "high"):
                assert _same_number(want[key], getattr(item.quantity, key)), (key, described)
            elif key == "metric":
                assert item.metric == want[key], (key, described)
            else:
                assert getattr(item.quantity, key) == want[key], (key, described)


def test_spec_suite_is_big_enough() -> None:
    """At least 250 cases, a quarter of them negatives (the foundation issue's bar)."""
    negatives = sum(1 for c in CASES if not c.values[0]["expect"])
    assert len(CASES) >= 250, len(CASES)
    assert negatives * 4 >= len(CASES), (negatives, len(CASES))
