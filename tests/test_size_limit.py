"""A report text over MAX_CHECK_TEXT_BYTES is refused with one line and exit 2 (issue 13 §2),
by every command that reads a report, the web page and the Python API alike."""

from __future__ import annotations

import csv
import os
from dataclasses import replace
from pathlib import Path

import pytest

import crosscheck
from crosscheck import config
from crosscheck.cli import main
from crosscheck.config import MAX_CHECK_TEXT_BYTES
from crosscheck.errors import InputError
from crosscheck.ingest import check_text_size, document_from_text
from crosscheck.pipeline import run_check
from crosscheck.types import Document

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


# --- every entry point: one limit, one message, exit 2 (a small limit keeps these fast) -------

SMALL = 4_000  # bytes: the limit these tests set; LINE is 66 bytes of UTF-8
READERS = ["check", "extract", "tables", "align", "text"]


@pytest.fixture
def small_limit(monkeypatch: pytest.MonkeyPatch) -> int:
    """``MAX_CHECK_TEXT_BYTES`` set to ``SMALL`` in this process (read at each call)."""
    monkeypatch.setattr(config, "MAX_CHECK_TEXT_BYTES", SMALL)
    return SMALL


def text_of(n_bytes: int) -> str:
    """Report text of exactly ``n_bytes`` UTF-8 bytes: whole lines, then ASCII padding."""
    line = LINE.encode("utf-8")
    copies = n_bytes // len(line)
    return LINE * copies + "x" * (n_bytes - copies * len(line))


@pytest.fixture
def just_over(tmp_path: Path, small_limit: int) -> Path:
    path = tmp_path / "over.txt"
    path.write_text(text_of(small_limit + 1), encoding="utf-8")
    return path


@pytest.fixture
def just_under(tmp_path: Path, small_limit: int) -> Path:
    path = tmp_path / "under.txt"
    path.write_text(text_of(small_limit), encoding="utf-8")  # at the limit: taken
    return path


def test_the_default_limit_is_20_mib() -> None:
    assert config.MAX_CHECK_TEXT_BYTES == 20 * 1024 * 1024
    at_default = document_from_text("x" * (20 * 1024 * 1024))  # exactly the limit: taken
    with pytest.raises(InputError):
        check_text_size(replace(at_default, text=at_default.text + "x"))


@pytest.mark.parametrize("command", READERS)
def test_every_command_refuses_a_text_just_over_the_limit(
    command: str, just_over: Path, tmp_path: Path, capsys
) -> None:
    out_path = tmp_path / f"{command}.out"
    code = main([command, str(just_over), "-o", str(out_path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert "Traceback" not in err and err.count("\n") == 1, err
    assert "报告文本过大" in err and "over.txt" in err  # Chinese by default, names the file
    assert not out_path.exists()  # nothing half-written
    assert list(tmp_path.iterdir()) == [just_over]  # no temporary file left behind either


@pytest.mark.parametrize("command", READERS)
def test_every_command_says_it_in_english_with_lang_en(
    command: str, just_over: Path, capsys
) -> None:
    code = main([command, str(just_over), "--lang", "en"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "the report text is too big" in err and "limit is 3.9 KB" in err


@pytest.mark.parametrize("command", READERS)
def test_a_text_at_the_limit_is_read_by_every_command(
    command: str, just_under: Path, capsys
) -> None:
    code = main([command, str(just_under)])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    assert err == ""
    if command == "text":
        assert out == just_under.read_text(encoding="utf-8")
    elif command == "extract":
        assert "128.50万元" in out
    else:
        assert out


def test_one_refused_file_leaves_the_others_read(just_over: Path, just_under: Path, capsys) -> None:
    code = main(["extract", str(just_over), str(just_under), "--format", "csv"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and "over.txt" in err
    assert "128.50万元" in out


def test_the_api_applies_the_same_limit(just_over: Path, just_under: Path) -> None:
    over_text = just_over.read_text(encoding="utf-8")
    for call in (
        lambda: crosscheck.load(just_over),
        lambda: crosscheck.extract(path=just_over),
        lambda: crosscheck.extract(text=over_text),
        lambda: crosscheck.extract(Document(str(just_over), over_text, "txt")),  # built by hand
        lambda: crosscheck.check(text=over_text),
        lambda: crosscheck.check(just_over),
        lambda: crosscheck.quantities_frame([just_over]),
        lambda: run_check(Document(str(just_over), over_text, "txt")),
    ):
        with pytest.raises(InputError) as raised:
            call()
        assert "报告文本过大" in raised.value.message("zh")
    # the trap: at the limit every one of them reads it
    assert crosscheck.load(just_under).text == just_under.read_text(encoding="utf-8")
    assert crosscheck.extract(path=just_under)
    assert len(crosscheck.quantities_frame([just_under])) > 0


def test_frames_records_the_refusal_as_an_error_row(just_over: Path, just_under: Path) -> None:
    got = crosscheck.frames([just_over, just_under], jobs=1, lang="en")  # in this process
    assert list(got.errors["file"]) == [str(just_over)]
    assert list(got.errors["error_type"]) == ["InputError"]
    assert "too big" in got.errors["message"][0]
    assert set(got.quantities["file"]) == {str(just_under)}


def test_the_web_page_refuses_an_upload_whose_text_is_over_the_limit(too_big: Path) -> None:
    pytest.importorskip("fastapi", reason="the web extra (FastAPI) is not installed")
    from fastapi.testclient import TestClient

    from crosscheck.web.app import create_app
    from crosscheck.web.settings import WebSettings

    app = create_app(WebSettings(timeout=120))
    with TestClient(app, base_url="http://127.0.0.1:8765") as client:
        # under the 50 MB upload cap, over the text limit: the worker's load() refuses it
        answer = client.post(
            "/api/check", params={"name": "合并.txt", "lang": "zh"}, content=too_big.read_bytes()
        )
    assert answer.status_code == 422
    message = answer.json()["error"]["message"]
    assert "报告文本过大" in message and "20 MB" in message and "\n" not in message
