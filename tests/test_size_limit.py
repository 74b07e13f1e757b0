"""A report text over MAX_CHECK_TEXT_BYTES is refused with one line and exit 2 (issue 13 §2)."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest

import crosscheck
from crosscheck.cli import main
from crosscheck.config import MAX_CHECK_TEXT_BYTES
from crosscheck.errors import InputError
from crosscheck.ingest import document_from_text
from crosscheck.pipeline import check_text_size

LINE = "二、本年度项目支出决算128.50万元，执行率96.5%。\n"


@pytest.fixture(scope="module")
def too_big(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    line = LINE.encode("utf-8")
    path = folder / "huge.txt"
    path.write_bytes(line * (MAX_CHECK_TEXT_BYTES // len(line) + 2))
    return path


def test_the_limit_is_counted_in_utf8_bytes() -> None:
    line = LINE.encode("utf-8")
    copies = 1_000 // len(line)
    check_text_size(document_from_text(LINE * copies), limit=copies * len(line))  # at the limit
    with pytest.raises(InputError) as raised:
        check_text_size(document_from_text(LINE * (copies + 1)), limit=copies * len(line))
    assert "上限" in raised.value.message("zh") and "limit" in raised.value.message("en")


def test_check_refuses_a_text_over_the_limit_with_one_line(too_big: Path, capsys) -> None:
    code = main(["check", str(too_big), "--lang", "en"])
    _, err = capsys.readouterr()
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "too big" in lines[0] and "20 MB" in lines[0], err
    assert "Traceback" not in err


def test_the_api_raises_the_input_error(too_big: Path) -> None:
    with pytest.raises(InputError):
        crosscheck.check(path=too_big)


def test_batch_records_the_refusal_and_checks_the_others(too_big: Path, tmp_path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    os.link(too_big, folder / "huge.txt")  # a hard link: batch need not follow links
    (folder / "small.txt").write_text(LINE * 3, encoding="utf-8")
    out = tmp_path / "out"
    code = main(["batch", str(folder), "--out", str(out), "--jobs", "1", "--lang", "en"])
    capsys.readouterr()
    assert code == 2
    with open(out / "errors.csv", encoding="utf-8-sig", newline="") as stream:
        errors = {row["file"]: row for row in csv.DictReader(stream)}
    assert set(errors) == {"huge.txt"}
    assert errors["huge.txt"]["error_type"] == "InputError"
    assert "too big" in errors["huge.txt"]["message"]
