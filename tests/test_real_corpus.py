"""``check`` and ``align`` on the real published reports of corpus/real, against hand lists.

Each document (部门预算/决算 PDFs, 政府预决算 pages saved as text) has a list made by reading it
with a calculator: the contradictions it really contains (error, warning, info), traps (look-
alikes that are not contradictions) and restatements (one fact stated twice, same value). The
lists judge errors and warnings (evaluate.score_document). The bars are the figures measured
when the documents were added, a little below: they catch a regression, and the printout
says where each document stands.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import crosscheck
from crosscheck.evaluate import Score, load_expectations, restatements_grouped, score_document
from crosscheck.pipeline import run_check

from .conftest import CORPUS

REAL = CORPUS / "real"
EXPECTATIONS = sorted(REAL.glob("*.expected.jsonl"))
JUDGED = frozenset({"error", "warning"})
PRECISION_BAR = 0.85
RECALL_BAR = 0.6
RESTATEMENTS_BAR = 0.25


def _document(expectations: Path) -> Path:
    stem = expectations.name.removesuffix(".expected.jsonl")
    (path,) = [p for p in REAL.glob(stem + ".*") if p.suffix != ".jsonl"]
    return path


@pytest.fixture(scope="module")
def measured() -> dict[str, tuple[Score, tuple[int, int]]]:
    out = {}
    for expectations in EXPECTATIONS:
        path = _document(expectations)
        document = crosscheck.load(path)
        result = run_check(document)
        expected = load_expectations(expectations, document.text)
        score = score_document(path.name, result.findings, expected, JUDGED)
        out[path.name] = (score, restatements_grouped(result.aligned, expected))
    return out


def test_every_document_has_a_source_and_a_hand_list() -> None:
    with (REAL / "SOURCES.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    listed = {row["file"] for row in rows}
    documents = {
        p.name for p in REAL.iterdir() if p.suffix in {".pdf", ".txt", ".docx", ".xlsx", ".html"}
    }
    assert documents == listed
    assert all(row["repository"] and row["commit"] and row["date_gathered"] for row in rows)
    assert {_document(e).name for e in EXPECTATIONS} == documents
    assert len(documents) >= 20


def test_every_hand_list_points_at_today_s_text() -> None:
    # The evidence is quoted with its context in the text `crosscheck text` prints: if the PDF
    # reader changes that text, the lists must be checked again, not silently drift.
    for expectations in EXPECTATIONS:
        document = crosscheck.load(_document(expectations))
        expected = load_expectations(expectations, document.text)
        assert expected, expectations
        assert any(e.kind == "finding" for e in expected) or any(e.kind == "trap" for e in expected)


def test_precision_recall_and_restatements(measured) -> None:
    total, found, stated = Score(), 0, 0
    for name, (score, (grouped, restated)) in sorted(measured.items()):
        print(
            f"{name:<10} P {score.precision:.2f} R {score.recall:.2f} restated {grouped}/{restated}"
        )
        total.add(score)
        found, stated = found + grouped, stated + restated
    print(total.table())
    for line in total.false_alarms:
        print("  false alarm:", line)
    for line in total.misses:
        print("  missed:", line)
    print(f"restatements in one group: {found}/{stated}")
    assert total.precision >= PRECISION_BAR
    assert total.recall >= RECALL_BAR
    assert found / stated >= RESTATEMENTS_BAR


def test_no_trap_is_fallen_into(measured) -> None:
    traps = [t for score, _ in measured.values() for t in score.traps]
    assert not traps, traps
