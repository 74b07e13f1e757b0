"""The command line: contracts, exit codes and one-line errors (never a traceback)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from crosscheck.cli import main

from .conftest import SEEDS

SEED = SEEDS[0]
QUANTITY_KEYS = {"start", "end", "text", "kind", "value", "unit", "scale", "bound", "low", "high"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_text_prints_the_decoded_text_unchanged(capsys) -> None:
    code, out, _ = run(capsys, "text", str(SEED))
    assert code == 0
    assert out == SEED.read_bytes().decode("utf-8")


def test_text_of_a_gb18030_file_is_the_decoded_text(tmp_path: Path, capsys) -> None:
    original = SEEDS[2].read_text(encoding="utf-8")
    path = tmp_path / "gbk.txt"
    path.write_bytes(original.encode("gb18030"))
    code, out, _ = run(capsys, "text", str(path))
    assert code == 0
    assert out == original


def test_extract_json_follows_the_contract(capsys) -> None:
    code, out, _ = run(capsys, "extract", str(SEED))
    assert code == 0
    payload = json.loads(out)
    assert payload["schema"] == "crosscheck/quantities@1"
    assert payload["file"] == str(SEED)
    text = SEED.read_text(encoding="utf-8")
    assert len(payload["quantities"]) > 100
    for q in payload["quantities"]:
        assert set(q) >= QUANTITY_KEYS
        assert text[q["start"] : q["end"]] == q["text"]
        assert q["kind"] in {"amount", "percent", "pp", "count", "score", "measure"}
        assert q["role"] in {"narrative", "table", "heading"}
    first = next(q for q in payload["quantities"] if q["text"] == "108.17万元")
    assert first["value"] == "1081700"
    assert first["unit"] == "元"
    assert first["scale"] == "万元"
    assert (first["low"], first["high"]) == ("1081700", "1081700")


def test_extract_approximate_amount_has_its_interval(tmp_path: Path, capsys) -> None:
    path = tmp_path / "r.txt"
    path.write_text("全年争取资金9200余万元，覆盖近3万人。\n", encoding="utf-8")
    code, out, _ = run(capsys, "extract", str(path))
    assert code == 0
    (amount, people) = json.loads(out)["quantities"]
    assert (amount["bound"], amount["low"], amount["high"]) == ("approx", "92000000", "93000000")
    assert (people["kind"], people["unit"], people["value"]) == ("count", "人", "30000")


def test_extract_csv_has_one_row_per_quantity(capsys) -> None:
    code, out, _ = run(capsys, "extract", "--format", "csv", str(SEED))
    assert code == 0
    assert out.startswith("\ufefffile,start,")  # a BOM for Excel
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    _, json_out, _ = run(capsys, "extract", str(SEED))
    assert len(rows) == len(json.loads(json_out)["quantities"])
    assert rows[0]["file"] == str(SEED)


def test_extract_several_files_writes_json_lines(capsys) -> None:
    code, out, _ = run(capsys, "extract", str(SEEDS[0]), str(SEEDS[1]))
    assert code == 0
    lines = out.strip().split("\n")
    assert [json.loads(line)["file"] for line in lines] == [str(SEEDS[0]), str(SEEDS[1])]


def test_extract_table_view_speaks_chinese_by_default(capsys) -> None:
    code, out, _ = run(capsys, "extract", "--format", "table", str(SEED))
    assert code == 0
    assert "原文" in out and "百分比" in out
    code, out, _ = run(capsys, "extract", "--format", "table", "--lang", "en", str(SEED))
    assert "percent" in out


def test_output_file_is_written_whole(tmp_path: Path, capsys) -> None:
    target = tmp_path / "out" / "q.json"
    code, out, _ = run(capsys, "extract", "-o", str(target), str(SEED))
    assert code == 0 and out == ""
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "crosscheck/quantities@1"
    assert [p.name for p in target.parent.iterdir()] == ["q.json"], "no temp file left behind"


BAD_INPUTS = {
    "empty": b"",
    "binary": bytes(range(256)) * 8,
    "nul": b"abc\x00def" * 10,
    "latin1": "Café crème brûlée, à la française — déjà vu.".encode("cp1252") * 5,
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_and_exit_2(name: str, tmp_path: Path, capsys) -> None:
    path = tmp_path / f"{name}.txt"
    path.write_bytes(BAD_INPUTS[name])
    for command in ("text", "extract"):
        code, out, err = run(capsys, command, str(path))
        assert code == 2
        assert out == ""
        assert err.count("\n") == 1 and err.startswith("crosscheck: 错误: ")
        assert "Traceback" not in err


def test_missing_file_and_directory(tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "extract", str(tmp_path / "nope.txt"))
    assert code == 2 and "不存在" in err
    code, _, err = run(capsys, "extract", str(tmp_path))
    assert code == 2 and err.count("\n") == 1


def test_english_messages(tmp_path: Path, capsys) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, _, err = run(capsys, "extract", "--lang", "en", str(path))
    assert code == 2 and err.startswith("crosscheck: error: ")


def test_one_bad_file_does_not_stop_the_others(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    code, out, err = run(capsys, "extract", str(bad), str(SEED))
    assert code == 2
    assert json.loads(out)["file"] == str(SEED)
    assert err.count("\n") == 1


def test_console_script_runs_as_a_process() -> None:
    """The installed entry point, as a user runs it: UTF-8 out whatever the locale."""
    result = subprocess.run(
        [sys.executable, "-m", "crosscheck", "extract", str(SEED)],
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"},
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert json.loads(result.stdout.decode("utf-8"))["quantities"]


def test_check_in_english_names_the_evidence_roles_in_english(capsys) -> None:
    from crosscheck.messages import EVIDENCE_LABELS_EN

    code, out, _ = run(capsys, "check", str(SEED), "--lang", "en")
    assert code == 1
    assert "· total ·" in out and "· part ·" in out  # 22人 vs 14人 + 7人
    for label in EVIDENCE_LABELS_EN:
        assert f"· {label} ·" not in out
