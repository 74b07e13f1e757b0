"""The range guard of the quantity pattern is only a shortcut: with and without it,
the pattern finds the same matches with the same groups.

The guard lists the characters a range head is written with; a fragment that
learns a new character (a numeral, a gap, a unit) without the guard would
silently lose ranges, and these texts would show it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck.extractor.normalize import normalize
from crosscheck.extractor.patterns import compile_quantity_pattern, quantity_pattern

from .conftest import CORPUS, SHARED

SPEC_DIR = Path(__file__).parent / "specs" / "extract"
RANGES = (
    "项目资金3000万至5000万元，覆盖率5-20%，人数10人～20人。",
    "提高 3 个百分点 — 5 个百分点，百分之五至百分之十，三千万到五千万元。",
    "**21**亿元至**25**亿元，1,234.5万元-2,000万元，三点五万至四万元。",
    "预算0万\n元至10万元，120\n\n万元至130万元，100分至90分，三成至五成。",
    "￥500-¥800，千分之五至千分之八，2024-2025年度，电话0731-88888888。",
    "经费1，234万元至2，000万元，预算3000\u3000万元至5000万元。",
)


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("**/*.txt"))]
    for path in sorted(SPEC_DIR.glob("*.jsonl")):
        lines = path.read_text(encoding="utf-8").splitlines()
        texts.extend(json.loads(line)["text"] for line in lines if line.strip())
    for path in sorted((SHARED / "peer-specs").glob("**/*.json")):
        cases = json.loads(path.read_text(encoding="utf-8-sig"))
        texts.extend(c["Input"] for c in cases if isinstance(c, dict) and "Input" in c)
    return [*texts, *RANGES]


def _matches(pattern, text: str) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in pattern.finditer(normalize(text))]


@pytest.fixture(scope="module")
def unguarded():
    return compile_quantity_pattern(guarded=False)


def test_guard_finds_what_the_unguarded_pattern_finds(unguarded) -> None:
    texts = _texts()
    assert len(texts) > 500
    differing = [t[:60] for t in texts if _matches(quantity_pattern(), t) != _matches(unguarded, t)]
    assert differing == []


def test_every_range_example_holds_a_range_head() -> None:
    # so that the comparison above covers heads with spaces (also U+3000), a line
    # break, bold markers, percent words, Chinese numerals, full-width commas, 个百分点 and 元
    for text in RANGES:
        heads = [m.group("lo") for m in quantity_pattern().finditer(normalize(text))]
        assert any(head is not None for head in heads), text
