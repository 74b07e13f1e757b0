"""No input text makes the pipeline raise: cut and mutated pieces of real reports.

Deterministic (seeded); the mutations insert the characters the parsers care
about (digits, units, TABs, blank lines, 其中/合计/占比…). A crash found this way
once: a flattened-table row with no cell (tables/grid.py `_aligned`).
"""

from __future__ import annotations

import random

import pytest

from crosscheck.ingest import document_from_text
from crosscheck.pipeline import run_check

from .conftest import CORPUS

ALPHABET = "0123456789.%万元人次，。；：\t\n\n （）其中合计占比得分分值总分一二三、|-~约以上余—"


def _pieces(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("**/*.txt"))]
    pieces = []
    while len(pieces) < count:
        text = rng.choice(texts)
        start = rng.randrange(len(text))
        chars = list(text[start : start + rng.randrange(20, 3000)])
        for _ in range(rng.randrange(0, 40)):
            if chars:
                chars[rng.randrange(len(chars))] = rng.choice(ALPHABET)
        piece = "".join(chars)
        if piece.strip():
            pieces.append(piece)
    return pieces


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_mutated_reports_never_crash(seed: int) -> None:
    for piece in _pieces(seed, 40):
        result = run_check(document_from_text(piece))
        for finding in result.findings:
            for evidence in finding.evidence:
                assert piece[evidence.span.start : evidence.span.end] == evidence.text


def test_flattened_row_without_cells() -> None:
    text = "部门整体支出绩效自评表\n\t一级指标\n\t分值\n\t得分\n\n \n\n\t产出指标\n\t50\n\t45\n"
    run_check(document_from_text(text))


@pytest.mark.parametrize(
    "text",
    [
        # A share of a zero total (DivisionByZero / InvalidOperation before).
        "全年支出0万元，其中办公费占全年支出0万元的10%。",
        # A total longer than any decimal context (InvalidOperation in rounding before).
        "合计" + "9" * 5000 + "万元，其中甲项1万元，乙项2万元。",
    ],
    ids=["share-of-zero", "five-thousand-digits"],
)
def test_degenerate_numbers_do_not_raise(text: str) -> None:
    result = run_check(document_from_text(text))
    for finding in result.findings:
        for evidence in finding.evidence:
            assert text[evidence.span.start : evidence.span.end] == evidence.text


def test_an_internal_error_is_one_line_and_exit_2_never_a_result(
    tmp_path, monkeypatch, capsys
) -> None:
    from crosscheck import cli

    report = tmp_path / "report.txt"
    report.write_text("全年支出100万元。", encoding="utf-8")

    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug of ours")

    monkeypatch.setattr("crosscheck.pipeline.run_check", broken)
    monkeypatch.setattr("crosscheck.api.run_check", broken, raising=False)
    code = cli.main(["check", str(report)])
    err = capsys.readouterr().err
    assert code == 2
    assert "内部错误" in err and "ZeroDivisionError" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
