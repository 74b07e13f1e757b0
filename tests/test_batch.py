"""`crosscheck batch` and the DataFrame API: outputs, errors, resume after a kill, Dask, frames."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import crosscheck
from crosscheck.batch import department_and_year, discover
from crosscheck.cli import main

from .conftest import REPO, SEEDS

GOOD = {
    "000_0b8a2aad63db18d1.txt",
    "001_10ee473c4a66a5f1.txt",
    "002_2ae54a8df58ac86a.txt",
    "003_fa808c88f47e4303.txt",
    "sub/004_5909904e36d016b8.txt",
    "sub/gbk.txt",
}
BAD = {"empty.txt", "binary.txt", "corrupt.docx"}


def mixed_folder(root: Path) -> Path:
    """The seeds (one in a subfolder), a GB18030 copy, and files that cannot be read."""
    root.mkdir(parents=True)
    (root / "sub").mkdir()
    for seed in SEEDS:
        target = root / "sub" if seed.name.startswith("004") else root
        (target / seed.name).write_bytes(seed.read_bytes())
    (root / "sub" / "gbk.txt").write_bytes(SEEDS[2].read_text(encoding="utf-8").encode("gb18030"))
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (root / "corrupt.docx").write_bytes(b"PK\x03\x04 this is no zip archive")
    (root / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    return root


def big_report(path: Path, copies: int) -> Path:
    """A long synthetic report (seed 004 repeated): takes seconds to check, deterministically."""
    text = SEEDS[4].read_text(encoding="utf-8")
    path.write_text("\n\n".join([text] * copies), encoding="utf-8")
    return path


def reports_of(out: Path) -> dict[str, dict]:
    """Every report under OUT/reports, by relative path, without its timing field."""
    found = {}
    for path in sorted((out / "reports").rglob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        record["stats"].pop("seconds")
        found[path.relative_to(out / "reports").as_posix().removesuffix(".json")] = record
    return found


def batch(capsys, *argv: str) -> tuple[int, str, str]:
    """``crosscheck batch … --lang en`` in this process (the language is part of what resume compares)."""
    code = main(["batch", *argv, "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def mixed_run(tmp_path_factory) -> tuple[int, str, str, Path, Path]:
    """One batch over the mixed folder (English messages), shared by the output tests."""
    base = tmp_path_factory.mktemp("batch")
    folder = mixed_folder(base / "in")
    out = base / "out"
    with pytest.MonkeyPatch.context() as patch:
        captured: list[str] = []
        patch.setattr(sys, "stdout", _Capture(captured))
        patch.setattr(sys, "stderr", _Capture(captured))
        code = main(["batch", str(folder), "--out", str(out), "--jobs", "2", "--lang", "en"])
    return code, "".join(captured), "", folder, out


class _Capture:
    def __init__(self, sink: list[str]) -> None:
        self.sink = sink

    def write(self, text: str) -> int:
        self.sink.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def reconfigure(self, **_: object) -> None:
        pass


def test_batch_writes_a_report_per_good_document_and_an_error_row_per_bad_one(mixed_run) -> None:
    code, out, _, folder, outdir = mixed_run
    assert code == 2, out  # a document failed: "completed with errors"
    assert "completed with errors: 3 documents" in out
    assert "1 unsupported files skipped" in out  # picture.png
    reports = reports_of(outdir)
    assert set(reports) == GOOD
    for rel, record in reports.items():
        assert record["schema"] == "crosscheck/report@1"
        assert record["sha256"] == hashlib.sha256((folder / rel).read_bytes()).hexdigest()
        assert record["file"] == str(folder / rel)
    assert [f["rule"] for f in reports["000_0b8a2aad63db18d1.txt"]["findings"]].count("CC201") == 1
    # the GB18030 copy of seed 002 says what the seed says
    assert reports["sub/gbk.txt"]["findings"] == reports["002_2ae54a8df58ac86a.txt"]["findings"]
    with open(outdir / "errors.csv", encoding="utf-8-sig", newline="") as stream:
        errors = {row["file"]: row for row in csv.DictReader(stream)}
    assert set(errors) == BAD
    assert errors["empty.txt"]["error_type"] == "InputError"
    assert all(row["message"] and "\n" not in row["message"] for row in errors.values())
    assert not list(outdir.rglob("*.tmp"))


def test_summaries_hold_one_row_per_document_and_counts_matching_the_reports(mixed_run) -> None:
    _, _, _, _, outdir = mixed_run
    reports = reports_of(outdir)
    summary = pd.read_csv(outdir / "summary.csv", dtype={"year": str}, keep_default_na=False)
    assert sorted(summary.file) == sorted(GOOD | BAD)
    rows = summary.set_index("file")
    for rel, record in reports.items():
        severities = [f["severity"] for f in record["findings"]]
        assert int(rows.at[rel, "findings"]) == len(severities)
        assert int(rows.at[rel, "error_findings"]) == severities.count("error")
        assert int(rows.at[rel, "warning_findings"]) == severities.count("warning")
        families = sum(int(rows.at[rel, f"CC{n}"]) for n in "1234")
        assert families == len(severities)
        assert int(rows.at[rel, "chars"]) == record["stats"]["chars"]
    assert rows.at["001_10ee473c4a66a5f1.txt", "department"] == "邵阳市北塔区医疗保障局"
    assert rows.at["001_10ee473c4a66a5f1.txt", "year"] == "2023"
    assert rows.at["corrupt.docx", "error_type"] == "InputError"
    sheets = pd.read_excel(outdir / "summary.xlsx", sheet_name=None)
    assert set(sheets) == {"documents", "findings"}
    assert len(sheets["documents"]) == len(GOOD | BAD)
    total = sum(len(r["findings"]) for r in reports.values())
    assert len(sheets["findings"]) == total
    findings = pd.read_csv(outdir / "findings.csv")
    assert len(findings) == total
    assert set(findings.file) <= GOOD
    assert set(sheets["findings"].columns) >= {
        "rule",
        "severity",
        "message",
        "evidence_1",
        "line_1",
    }


def test_resume_after_a_complete_run_checks_nothing_again(mixed_run, capsys) -> None:
    _, _, _, folder, outdir = mixed_run
    before = {p: p.stat().st_mtime_ns for p in (outdir / "reports").rglob("*.json")}
    code, out, _ = batch(capsys, str(folder), "--out", str(outdir), "--resume")
    assert code == 2  # the failed documents are still failed (from the journal)
    assert "0 to check, 9 already reported" in out
    assert {p: p.stat().st_mtime_ns for p in (outdir / "reports").rglob("*.json")} == before
    assert len(pd.read_csv(outdir / "summary.csv")) == len(GOOD | BAD)
    with open(outdir / "errors.csv", encoding="utf-8-sig") as stream:
        assert len(list(csv.DictReader(stream))) == len(BAD)


def test_resume_checks_again_what_changed_and_what_failed_when_asked(tmp_path, capsys) -> None:
    folder = mixed_folder(tmp_path / "in")
    out = tmp_path / "out"
    assert batch(capsys, str(folder), "--out", str(out), "--jobs", "2")[0] == 2
    changed = folder / "003_fa808c88f47e4303.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n补充说明。\n", encoding="utf-8")
    (folder / "empty.txt").write_text(SEEDS[2].read_text(encoding="utf-8"), encoding="utf-8")
    code, text, _ = batch(capsys, str(folder), "--out", str(out), "--resume")
    assert "2 to check" in text  # the edited report and the file that is no longer empty
    assert code == 2  # binary.txt and corrupt.docx still fail
    code, text, _ = batch(capsys, str(folder), "--out", str(out), "--resume", "--retry-errors")
    assert "2 to check" in text  # the two failures, tried again
    record = json.loads((out / "reports" / "empty.txt.json").read_text(encoding="utf-8"))
    assert record["sha256"] == hashlib.sha256((folder / "empty.txt").read_bytes()).hexdigest()


def test_a_journal_line_cut_short_is_dropped_and_its_document_checked_again(
    tmp_path, capsys
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS[:3]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    assert batch(capsys, str(folder), "--out", str(out), "--jobs", "1")[0] == 1
    complete = reports_of(out)
    journal = out / "index.jsonl"
    data = journal.read_bytes()
    journal.write_bytes(data[: len(data) - 40])  # the last line, as a kill would leave it
    _code, text, _ = batch(capsys, str(folder), "--out", str(out), "--resume")
    assert "1 to check, 2 already reported" in text
    assert reports_of(out) == complete
    assert len(journal.read_text(encoding="utf-8").splitlines()) == 3


def test_a_document_over_the_timeout_is_an_error_and_the_rest_goes_on(tmp_path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    big_report(folder / "000_slow.txt", 80)  # ~10 s to check
    for seed in SEEDS[:2]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    started = time.monotonic()
    code, _text, _ = batch(capsys, str(folder), "--out", str(out), "--jobs", "2", "--timeout", "1")
    assert time.monotonic() - started < 8
    assert code == 2
    assert set(reports_of(out)) == {s.name for s in SEEDS[:2]}
    with open(out / "errors.csv", encoding="utf-8-sig") as stream:
        (row,) = list(csv.DictReader(stream))
    assert (row["file"], row["error_type"]) == ("000_slow.txt", "Timeout")


def _batch_command(folder: Path, out: Path, *extra: str) -> list[str]:
    command = [sys.executable, "-m", "crosscheck", "batch", str(folder), "--out", str(out)]
    return [*command, "--lang", "en", *extra]


def test_a_run_killed_mid_way_resumes_to_the_reports_of_an_uninterrupted_run(tmp_path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    big_report(folder / "000_big.txt", 12)  # dispatched first, keeps one worker busy
    for index, seed in enumerate(SEEDS):
        for copy in range(2):
            (folder / f"{index}{copy}_{seed.name}").write_bytes(seed.read_bytes())
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    killed = tmp_path / "killed"
    process = subprocess.Popen(
        _batch_command(folder, killed, "--jobs", "2"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list((killed / "reports").glob("*.json")):
        assert process.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    partial = reports_of(killed)
    assert 0 < len(partial) < 11, "the kill did not land mid-run"
    resumed = subprocess.run(
        _batch_command(folder, killed, "--jobs", "2", "--resume"),
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert resumed.returncode == 1, resumed.stderr
    # the kill may fall between a report and its journal line: that one is checked again
    assert any(f"{n} already reported" in resumed.stdout for n in (len(partial), len(partial) - 1))
    fresh = tmp_path / "fresh"
    subprocess.run(_batch_command(folder, fresh, "--jobs", "2"), env=env, check=False, timeout=120)
    final = reports_of(killed)  # every report parses: none is truncated
    assert len(final) == 11
    assert final == reports_of(fresh)
    names = [p.name for p in (killed / "reports").iterdir()]
    assert len(names) == len(set(names)) == 11  # no duplicates, no temporary files left
    summary = pd.read_csv(killed / "summary.csv")
    assert sorted(summary.file) == sorted(final)


def test_parquet_files_hold_quantities_cells_links_and_findings_of_every_document(
    tmp_path, capsys
) -> None:
    pytest.importorskip("pyarrow")
    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS[:3]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    out = tmp_path / "out"
    assert batch(capsys, str(folder), "--out", str(out), "--parquet", "--jobs", "1")[0] == 1
    # a resumed run rebuilds the same files from the journal
    assert batch(capsys, str(folder), "--out", str(out), "--parquet", "--resume")[0] == 1
    quantities = pd.read_parquet(out / "quantities.parquet")
    expected = sum(len(crosscheck.extract(seed)) for seed in SEEDS[:3])
    assert len(quantities) == expected
    assert set(quantities.file) == {s.name for s in SEEDS[:3]}
    assert quantities.start.dtype == "int64"
    assert len(pd.read_parquet(out / "cells.parquet")) > 0
    links = pd.read_parquet(out / "links.parquet")
    expected_links = sum(len(crosscheck.check(seed).links_frame()) for seed in SEEDS[:3])
    assert len(links) == expected_links > 0
    assert links.a_start.dtype == "int64"
    assert {"same", "different"} <= set(links.agreement)
    findings = pd.read_parquet(out / "findings.parquet")
    assert len(findings) == len(pd.read_csv(out / "findings.csv"))


def test_the_dask_engine_writes_what_the_process_pool_writes(tmp_path, capsys) -> None:
    distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")
    from crosscheck.batch import CheckOptions, run_batch

    folder = tmp_path / "in"
    folder.mkdir()
    for seed in SEEDS[:3]:
        (folder / seed.name).write_bytes(seed.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    assert batch(capsys, str(folder), "--out", str(tmp_path / "pool"), "--jobs", "2")[0] == 2
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        processes=False,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    ) as cluster:
        run = run_batch(
            [str(folder)],
            str(tmp_path / "dask"),
            options=CheckOptions(lang="en"),
            engine="dask",
            scheduler=cluster.scheduler_address,
        )
    assert run.exit_code() == 2
    assert reports_of(tmp_path / "dask") == reports_of(tmp_path / "pool")
    for name in ("summary.csv", "errors.csv"):
        dask_rows = pd.read_csv(tmp_path / "dask" / name).drop(columns="seconds", errors="ignore")
        pool_rows = pd.read_csv(tmp_path / "pool" / name).drop(columns="seconds", errors="ignore")
        pd.testing.assert_frame_equal(dask_rows, pool_rows)


def test_no_supported_file_is_a_usage_error(tmp_path, capsys) -> None:
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    code, _, err = batch(capsys, str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err


def test_discover_walks_folders_and_globs_and_never_its_own_output(tmp_path) -> None:
    folder = mixed_folder(tmp_path / "in")
    (folder / "out" / "reports").mkdir(parents=True)
    (folder / "out" / "summary.xlsx").write_bytes(b"")
    found = discover([str(folder)], exclude=str(folder / "out"))
    assert {t.rel for t in found.tasks} == GOOD | BAD
    assert [t.rel for t in found.skipped] == ["picture.png"]
    globbed = discover([str(folder / "**" / "*.txt")])
    assert {t.rel for t in globbed.tasks} == {r for r in GOOD | BAD if r.endswith(".txt")}


def test_department_and_year_come_from_the_title_lines() -> None:
    texts = [seed.read_text(encoding="utf-8") for seed in SEEDS]
    assert [department_and_year(text) for text in texts] == [
        ("", "2021"),
        ("邵阳市北塔区医疗保障局", "2023"),
        ("岳麓区医疗保障局", "2022"),
        ("宁乡市医疗保障局", "2024"),
        ("四川省德阳市罗江区医疗保障局", "2021"),
    ]
    # 办 of 管理办法 and 局 inside a sentence are no department
    assert department_and_year("组织实施全区医疗保障基金监督管理办法。")[0] == ""


def test_department_kinds_come_from_the_lexicon() -> None:
    # Schools and hospitals report too: 小学 and 医院 are unit kinds of lexicons/department_words.tsv.
    assert department_and_year("长沙市岳麓区实验小学2023年度部门整体支出绩效自评报告") == (
        "长沙市岳麓区实验小学",
        "2023",
    )
    assert department_and_year("湖北省荆州市第一人民医院\n2022年度部门决算")[0] == (
        "湖北省荆州市第一人民医院"
    )


def test_check_returns_a_report_with_its_findings_as_a_frame() -> None:
    report = crosscheck.check(SEEDS[0])
    assert "CC201" in [f.rule for f in report.findings]
    frame = report.to_frame()
    assert len(frame) == len(report.findings)
    assert {"rule", "severity", "evidence_1", "line_1", "evidence_2"} <= set(frame.columns)
    assert report.mentions and report.tables
    from_text = crosscheck.check(SEEDS[0].read_text(encoding="utf-8"))
    assert [f.rule for f in from_text.findings] == [f.rule for f in report.findings]


def test_frames_gathers_quantities_cells_findings_and_errors_per_file(tmp_path) -> None:
    missing = str(tmp_path / "missing.txt")
    paths = [str(SEEDS[0]), str(SEEDS[1]), missing]
    frames = crosscheck.frames(paths, jobs=2)
    assert list(frames.quantities.file.unique()) == paths[:2]
    assert set(frames.cells.file) == set(paths[:2])
    assert set(frames.findings.file) == set(paths[:2])
    assert list(frames.errors.file) == [missing]
    assert {"start", "end", "text", "kind", "value", "unit", "bound", "low", "high"} <= set(
        frames.quantities.columns
    )
    assert {"metric", "subject", "section", "role"} <= set(frames.quantities.columns)
    one = crosscheck.frames(paths[:1], jobs=1)
    assert len(one.quantities) == len(crosscheck.extract(SEEDS[0]))
    assert len(one.findings) == len(crosscheck.check(SEEDS[0]).findings)


def test_summary_workbook_keeps_text_that_looks_like_a_formula_as_text(tmp_path) -> None:
    from openpyxl import load_workbook

    from crosscheck.batch.output import _SummaryWorkbook

    workbook = _SummaryWorkbook.create()
    assert workbook is not None
    workbook.finding(["a.txt", "CC101", "parts-vs-total", "error", "=SUM(A1:A3)\x07"])
    workbook.save(tmp_path / "summary.xlsx")
    cell = load_workbook(tmp_path / "summary.xlsx")["findings"]["E2"]
    # text, kept text when edited (quote prefix); the control character shown, not dropped
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=SUM(A1:A3)\\x07", "s", True)


def test_one_run_at_a_time_writes_to_an_output_directory(tmp_path) -> None:
    pytest.importorskip("fcntl")
    from crosscheck.batch import CheckOptions
    from crosscheck.batch.output import OutputDir

    with OutputDir(str(tmp_path), options=CheckOptions(), resume=False):
        second = OutputDir(str(tmp_path), options=CheckOptions(), resume=True)
        with pytest.raises(crosscheck.InputError), second:
            pass
    with OutputDir(str(tmp_path), options=CheckOptions(), resume=True):
        pass  # free again


def test_a_journal_line_is_parsed_only_as_far_as_asked_and_stays_json() -> None:
    import json

    from crosscheck.batch.output import HEAD, SUMMARY, WHOLE, journal_entry

    # Strings that hold the very keys the line is cut at, quotes and a trailing backslash.
    tricky = 'a", "row": "x\\\\", "baseline_entries": [1]\\'
    entry = {
        "file": tricky,
        "sha256": "ab",
        "config": "v|" + tricky,
        "status": "ok",
        "report_bytes": 12,
        "frames": "",
        "row": {"file": tricky, "findings": 1},
        "findings": [[tricky, "CC101", 3, ', "baseline_entries": ']],
        "baseline_entries": [{"fingerprint": "f", "quotes": [tricky]}],
    }
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    head = {k: entry[k] for k in ("file", "sha256", "config", "status", "report_bytes", "frames")}
    assert journal_entry(line, HEAD) == head
    assert journal_entry(line, SUMMARY) == {
        **head,
        "row": entry["row"],
        "findings": entry["findings"],
    }
    assert journal_entry(line, WHOLE) == entry == json.loads(line)  # still one JSON object
    # a line written before the baseline entries (no such key) is read whole
    older = {k: v for k, v in entry.items() if k != "baseline_entries"}
    assert journal_entry(json.dumps(older).encode(), SUMMARY) == older
