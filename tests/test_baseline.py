"""--write-baseline / --baseline: known findings are left out and do not fail, new ones do,
gone ones are counted as fixed; a bad baseline is one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import crosscheck
from crosscheck.baseline import SCHEMA
from crosscheck.cli import main

# An invented report with two sums that do not add up (CC101), in two sections.
REPORT = """青松县农机推广站2025年度部门整体支出绩效自评报告

一、部门基本情况
（一）人员情况
本站现有工作人员31人，其中在职人员20人，退休人员9人。

（二）资产情况
本站年末共有农机具46台，其中拖拉机18台，收割机25台。

二、绩效目标完成情况
本站全年完成各项推广任务。
"""
# Another sum that does not add up, to be added to the report.
NEW_PROBLEM = "全年举办培训12期，其中县内培训7期，乡镇培训4期。\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["check", "--no-config", *argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def project(tmp_path: Path, capsys) -> tuple[Path, Path]:
    """A report and a baseline written from it."""
    report = write(tmp_path / "reports" / "推广站.txt", REPORT)
    baseline = tmp_path / "baseline.json"
    code, out, err = run(capsys, str(report), "--write-baseline", str(baseline))
    assert code == 0  # written: every finding is now a known one
    assert "31人" in out  # the report itself is shown as usual
    assert "2" in err and "baseline.json" in err
    return report, baseline


def json_run(capsys, report: Path, baseline: Path, *more: str) -> tuple[int, dict]:
    code, out, _ = run(capsys, str(report), "--baseline", str(baseline), "--format", "json", *more)
    return code, json.loads(out)


def test_the_baseline_file_is_readable(project):
    _, baseline = project
    record = json.loads(baseline.read_text(encoding="utf-8"))
    assert record["schema"] == SCHEMA
    assert record["crosscheck"]  # the tool version that wrote it
    (entry,) = record["files"]
    assert entry["file"] == "reports/推广站.txt"  # relative to the baseline's folder
    first, second = entry["findings"]
    assert first["rule"] == "CC101" and "31人" in first["message"]
    assert first["quotes"] == ["31人", "20人", "9人"]
    assert second["quotes"] == ["46台", "18台", "25台"]
    assert len(first["fingerprint"]) == 16
    assert "  " in baseline.read_text(encoding="utf-8")  # indented: a reviewer can diff it


def test_the_same_report_again_is_clean(project, capsys):
    report, baseline = project
    code, out, _ = run(capsys, str(report), "--baseline", str(baseline))
    assert code == 0
    assert "2 处已知问题未列出" in out and "0 处问题已不再出现" in out
    assert "未发现新的前后矛盾之处" in out
    assert "31人" not in out
    code, out, _ = run(capsys, str(report), "--baseline", str(baseline), "--lang", "en")
    assert "2 known findings not shown" in out and "No new contradictions found." in out


def test_only_the_new_finding_is_reported_and_fails(project, capsys):
    report, baseline = project
    write(report, REPORT.replace("本站全年完成各项推广任务。\n", NEW_PROBLEM))
    code, record = json_run(capsys, report, baseline)
    assert code == 1
    assert [f["evidence"][0]["text"] for f in record["findings"]] == ["12期"]
    assert record["baseline"]["known"] == 2 and record["baseline"]["fixed"] == 0


def test_a_finding_moved_by_an_edit_stays_known(project, capsys):
    report, baseline = project
    edited = REPORT.replace(
        "（一）人员情况\n",
        "（一）人员情况\n本站负责全县农业机械化技术的试验、示范和推广。\n\n",
    )
    write(report, "前言：本报告按县财政局统一格式编写。\n\n" + edited)
    code, record = json_run(capsys, report, baseline)
    assert (code, record["findings"]) == (0, [])
    assert record["baseline"]["known"] == 2


def test_a_changed_number_is_new_and_the_old_one_fixed(project, capsys):
    report, baseline = project
    write(report, REPORT.replace("在职人员20人", "在职人员21人"))
    code, record = json_run(capsys, report, baseline)
    assert code == 1
    assert [f["evidence"][1]["text"] for f in record["findings"]] == ["21人"]
    assert record["baseline"]["known"] == 1 and record["baseline"]["fixed"] == 1


def test_a_corrected_report_counts_the_fix(project, capsys):
    report, baseline = project
    write(report, REPORT.replace("其中在职人员20人，退休人员9人", "其中在职人员22人，退休人员9人"))
    code, out, _ = run(capsys, str(report), "--baseline", str(baseline))
    assert code == 0
    assert "1 处已知问题未列出" in out and "基线中 1 处问题已不再出现（已修复）" in out


def test_a_copy_of_a_known_finding_in_the_same_section_is_new(tmp_path, capsys):
    sentence = "本站现有工作人员31人，其中在职人员20人，退休人员9人。\n"
    report = write(tmp_path / "站.txt", "一、人员情况\n" + sentence + "\n" + sentence)
    baseline = tmp_path / "b.json"
    run(capsys, str(report), "--write-baseline", str(baseline))
    (entry,) = json.loads(baseline.read_text(encoding="utf-8"))["files"][0]["findings"]
    assert entry["count"] == 2  # one fingerprint, accepted twice
    write(report, "一、人员情况\n" + sentence + "\n" + sentence + "\n" + sentence)
    code, record = json_run(capsys, report, baseline)
    assert code == 1 and len(record["findings"]) == 1 and record["baseline"]["known"] == 2


def test_the_baseline_works_from_another_working_directory(project, capsys, monkeypatch):
    report, baseline = project
    monkeypatch.chdir(report.parent)
    code, record = json_run(capsys, Path(report.name), Path("..") / baseline.name)
    assert (code, record["findings"], record["baseline"]["known"]) == (0, [], 2)


def test_another_report_is_not_matched_by_a_baseline_of_one(project, capsys):
    report, baseline = project
    other = write(report.parent / "另一份.txt", REPORT)
    code, record = json_run(capsys, other, baseline)
    assert code == 1 and len(record["findings"]) == 2
    assert record["baseline"] == {
        "file": str(baseline),
        "known": 0,
        "fixed": 0,
        "fixed_fingerprints": [],
    }


def test_fail_on_applies_to_the_new_findings_only(project, capsys):
    report, baseline = project
    assert run(capsys, str(report), "--baseline", str(baseline), "--fail-on", "warning")[0] == 0


def test_the_api_splits_by_a_baseline(project):
    report, baseline = project
    write(report, REPORT.replace("在职人员20人", "在职人员21人"))
    result = crosscheck.check(path=report, baseline=baseline)
    assert [f.evidence[1].text for f in result.findings] == ["21人"]
    assert [f.evidence[0].text for f in result.known] == ["46台"]
    assert [k.quotes for k in result.fixed] == [("31人", "20人", "9人")]


def test_a_configured_baseline_is_used_and_no_baseline_turns_it_off(tmp_path, capsys):
    (tmp_path / ".git").mkdir()
    report = write(tmp_path / "推广站.txt", REPORT)
    write(tmp_path / "crosscheck.toml", 'baseline = "known.json"\n')
    # The file names a baseline not written yet: writing it is how one starts.
    assert main(["check", str(report), "--write-baseline", str(tmp_path / "known.json")]) == 0
    capsys.readouterr()
    assert main(["check", str(report)]) == 0
    assert "2 处已知问题未列出" in capsys.readouterr().out
    assert main(["check", str(report), "--no-baseline"]) == 1


# --- what is refused ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"schema": "crosscheck/baseline@9", "fingerprints": "1", "files": []}',
        '{"schema": "crosscheck/baseline@1", "fingerprints": "0", "files": []}',
        '{"schema": "crosscheck/baseline@1", "fingerprints": "1", "files": [{"file": "a.txt"}]}',
        '{"schema": "crosscheck/baseline@1", "fingerprints": "1", "files": '
        '[{"file": "a.txt", "findings": [{"fingerprint": "xyz"}]}]}',
        "[]",
    ],
)
def test_a_corrupt_or_unknown_baseline_is_one_line_and_exit_2(tmp_path, capsys, content):
    report = write(tmp_path / "推广站.txt", REPORT)
    baseline = write(tmp_path / "b.json", content)
    code, out, err = run(capsys, str(report), "--baseline", str(baseline))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "b.json" in err and "Traceback" not in err


def test_a_missing_baseline_is_exit_2_and_says_how_to_write_one(tmp_path, capsys):
    report = write(tmp_path / "推广站.txt", REPORT)
    code, _, err = run(capsys, str(report), "--baseline", str(tmp_path / "none.json"))
    assert code == 2 and "--write-baseline" in err


def test_no_baseline_is_written_over_a_report(tmp_path, capsys):
    report = write(tmp_path / "推广站.txt", REPORT)
    code, _, err = run(capsys, str(report), "--write-baseline", str(report))
    assert code == 2 and err.count("\n") == 1
    assert report.read_text(encoding="utf-8") == REPORT


def test_no_baseline_is_written_when_a_file_could_not_be_checked(tmp_path, capsys):
    report = write(tmp_path / "推广站.txt", REPORT)
    baseline = tmp_path / "b.json"
    code, _, err = run(
        capsys, str(report), str(tmp_path / "missing.txt"), "--write-baseline", str(baseline)
    )
    assert code == 2 and not baseline.exists() and "b.json" in err


def test_writing_over_the_baseline_in_use_updates_it(project, capsys):
    report, baseline = project
    write(report, REPORT.replace("在职人员20人", "在职人员21人"))
    code, out, _ = run(
        capsys, str(report), "--baseline", str(baseline), "--write-baseline", str(baseline)
    )
    assert code == 0 and "21人" in out  # shown as new this once
    code, record = json_run(capsys, report, baseline)
    assert (code, record["findings"], record["baseline"]["known"]) == (0, [], 2)
    assert record["baseline"]["fixed"] == 0  # the old entry is gone from the baseline


def test_csv_and_html_show_only_the_new_findings(project, capsys, tmp_path):
    report, baseline = project
    write(report, REPORT.replace("本站全年完成各项推广任务。\n", NEW_PROBLEM))
    code, out, _ = run(capsys, str(report), "--baseline", str(baseline), "--format", "csv")
    rows = out.lstrip("\ufeff").strip().splitlines()
    assert code == 1 and len(rows) == 2 and "12期" in rows[1]
    page = tmp_path / "page.html"
    run(capsys, str(report), "--baseline", str(baseline), "--format", "html", "-o", str(page))
    html = page.read_text(encoding="utf-8")
    assert "12期" in html and "46台 ≠" not in html and "18台 + 25台" not in html
