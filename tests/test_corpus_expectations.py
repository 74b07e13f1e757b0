"""``check`` on every corpus document against the contradictions verified by hand.

Prints precision and recall per rule. The seed reports' verified findings must
all be found (the issue's targets), no trap may be fallen into anywhere, and
over everything measured precision must stay ≥ 0.9 and recall ≥ 0.8.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import crosscheck
from crosscheck.evaluate import Score, load_expectations, score_document
from crosscheck.pipeline import check

from .conftest import CORPUS

# corpus/real (published PDFs and pages, hand lists judged on errors and warnings) has its own
# test: tests/test_real_corpus.py.
EXPECTATIONS = sorted(
    p for p in CORPUS.glob("**/*.expected.jsonl") if CORPUS / "real" not in p.parents
)
PRECISION_BAR = 0.9
RECALL_BAR = 0.8


def _report(path: Path) -> Path:
    return path.with_name(path.name.replace(".expected.jsonl", ".txt"))


def _score(path: Path) -> Score:
    document = crosscheck.load(_report(path))
    expected = load_expectations(path, document.text)
    return score_document(_report(path).name, check(document), expected)


@pytest.fixture(scope="module")
def scores() -> dict[Path, Score]:
    return {path: _score(path) for path in EXPECTATIONS}


def test_every_seed_has_expectations() -> None:
    seeds = sorted(CORPUS.glob("0*.txt"))
    assert all(s.with_name(s.stem + ".expected.jsonl").exists() for s in seeds)


@pytest.mark.parametrize(
    "path", [p for p in EXPECTATIONS if p.parent == CORPUS], ids=lambda p: p.stem
)
def test_seed_targets_are_found(scores: dict[Path, Score], path: Path) -> None:
    score = scores[path]
    assert not score.misses, score.misses


def test_no_trap_is_fallen_into(scores: dict[Path, Score]) -> None:
    traps = [t for s in scores.values() for t in s.traps]
    assert not traps, traps


def test_precision_and_recall_over_the_corpus(scores: dict[Path, Score]) -> None:
    total = Score()
    for score in scores.values():
        total.add(score)
    print("\n" + total.table())
    for line in total.false_alarms:
        print("  false alarm:", line)
    for line in total.misses:
        print("  missed:", line)
    for line in total.severity_mismatches:
        print("  severity:", line)
    assert total.precision >= PRECISION_BAR
    assert total.recall >= RECALL_BAR
