"""`crosscheck batch` reads each document's crosscheck.toml and baseline as `check` would
(issue 13, "trust"): per-project settings, a bad project file failing only its documents,
the resume key following the settings, one baseline for many reports, --fail-on."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from crosscheck.baseline import SCHEMA, baseline_chunks, read_baseline
from crosscheck.batch import ProjectOptions, Task, discover, run_batch
from crosscheck.cli import main
from crosscheck.fingerprints import FINGERPRINT_SCHEME

# Invented reports. FORESTRY: two sums that do not add up (CC101, errors), in two sections.
FORESTRY = """白桦镇国有林场2025年度部门整体支出绩效自评报告

一、基本情况
（一）人员构成
林场现有职工58人，其中护林员37人，管理人员17人。

（二）设备情况
林场共有防火车辆14辆，其中巡逻车9辆，运水车6辆。
"""
# A third sum that does not add up, to be added to FORESTRY.
NEW_SUM = "\n（三）宣传情况\n全年开展防火宣传28次，其中进村宣传15次，进校宣传9次。\n"
# PRINTING: a fall of more than 100 % (CC108, a warning) and nothing else.
PRINTING = """一、公用经费情况
本年印刷费1.80万元，比上年减少135%。
"""
# SAMPLING: "约3000批次" and "3120批次" agree within 约's ±5 %, not within ±1 % (CC201).
SAMPLING = """一、项目概况
（一）检测情况
2025年全乡农产品质量抽检约3000批次。

二、绩效目标完成情况
（一）产出情况
2025年全乡农产品质量抽检3120批次。
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def project(root: Path, toml: str | None = None, **reports: str) -> Path:
    """A project folder (a repository: its .git ends the upward search) with its reports."""
    (root / ".git").mkdir(parents=True)
    if toml is not None:
        write(root / "crosscheck.toml", toml)
    for name, text in reports.items():
        write(root / f"{name}.txt", text)
    return root


def batch(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["batch", *argv, "--jobs", "1", "--lang", "en"])
    out, err = capsys.readouterr()
    return code, out, err


def summary(out: Path) -> dict[str, dict[str, str]]:
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as stream:
        return {row["file"]: row for row in csv.DictReader(stream)}


def findings(out: Path) -> list[dict[str, str]]:
    with open(out / "findings.csv", encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def report(out: Path, rel: str) -> dict:
    return json.loads((out / "reports" / f"{rel}.json").read_text(encoding="utf-8"))


def rules(out: Path, rel: str) -> list[str]:
    return [f["rule"] for f in report(out, rel)["findings"]]


@pytest.fixture
def two_projects(tmp_path: Path) -> Path:
    """east: no project file; west: a project file that ignores CC101."""
    inputs = tmp_path / "in"
    project(inputs / "east", None, forest=FORESTRY)
    project(inputs / "west", 'ignore = ["CC101"]\n', forest=FORESTRY, printing=PRINTING)
    return inputs


# --- each document reads its own project file --------------------------------------------


def test_each_project_folder_reads_its_own_project_file(two_projects, tmp_path, capsys):
    out = tmp_path / "out"
    code, text, _ = batch(capsys, str(two_projects), "--out", str(out))
    assert code == 1  # east's sums are errors
    assert rules(out, "east/forest.txt") == ["CC101", "CC101"]
    assert rules(out, "west/forest.txt") == []  # the same text, its project ignores CC101
    assert rules(out, "west/printing.txt") == ["CC108"]  # the file ignores CC101 only
    rows = summary(out)
    assert (rows["east/forest.txt"]["findings"], rows["west/forest.txt"]["findings"]) == ("2", "0")
    assert {f["file"] for f in findings(out)} == {"east/forest.txt", "west/printing.txt"}
    assert "crosscheck.toml" not in text  # a project file is not listed as a skipped file


def test_the_batch_agrees_with_check_document_by_document(two_projects, tmp_path, capsys):
    out = tmp_path / "out"
    batch(capsys, str(two_projects), "--out", str(out))
    for rel in ("east/forest.txt", "west/forest.txt", "west/printing.txt"):
        assert main(["check", str(two_projects / rel), "--format", "json", "--lang", "en"]) in (
            0,
            1,
        )
        checked = json.loads(capsys.readouterr().out)
        assert report(out, rel)["findings"] == checked["findings"], rel


def test_no_config_reads_none_and_config_names_one_for_all(two_projects, tmp_path, capsys):
    out = tmp_path / "out"
    batch(capsys, str(two_projects), "--out", str(out), "--no-config")
    assert rules(out, "west/forest.txt") == ["CC101", "CC101"]
    only_warnings = write(tmp_path / "elsewhere.toml", '[severity]\nCC1 = "warning"\n')
    code, _, _ = batch(capsys, str(two_projects), "--out", str(out), "--config", str(only_warnings))
    assert code == 0  # every document by that file: its CC101 are warnings now, west's too
    assert [f["severity"] for f in report(out, "west/forest.txt")["findings"]] == ["warning"] * 2


def test_flags_win_over_the_file_key_by_key(tmp_path, capsys):
    inputs = project(tmp_path / "in", 'select = ["CC4"]\nignore = ["CC108"]\n', a=FORESTRY)
    write(inputs / "b.txt", PRINTING)
    out = tmp_path / "out"
    assert batch(capsys, str(inputs), "--out", str(out))[0] == 0  # only CC4: nothing
    assert rules(out, "a.txt") == [] and rules(out, "b.txt") == []
    code, _, _ = batch(capsys, str(inputs), "--out", str(out), "--select", "CC1")
    assert code == 1 and rules(out, "a.txt") == ["CC101", "CC101"]
    assert rules(out, "b.txt") == []  # the file's ignore still applies under --select


def test_tolerances_and_severities_of_the_project_file_apply(tmp_path, capsys):
    inputs = tmp_path / "in"
    project(inputs / "strict", "[tolerances]\napprox_around = 0.01\n", sampling=SAMPLING)
    project(inputs / "loose", None, sampling=SAMPLING)
    project(inputs / "mild", '[severity]\nCC101 = "info"\n', forest=FORESTRY)
    out = tmp_path / "out"
    code, _, _ = batch(capsys, str(inputs), "--out", str(out))
    assert rules(out, "strict/sampling.txt") == ["CC201"]
    assert rules(out, "loose/sampling.txt") == []  # the default ±5 %: no tolerance leaks over
    assert [f["severity"] for f in report(out, "mild/forest.txt")["findings"]] == ["info"] * 2
    assert summary(out)["mild/forest.txt"]["info_findings"] == "2"
    assert code == 1  # strict's CC201 is an error


# --- a bad project file ----------------------------------------------------------------------


def test_a_bad_project_file_fails_only_its_projects_documents(two_projects, tmp_path, capsys):
    write(two_projects / "west" / "crosscheck.toml", 'ignore = ["CC1O1"]\n')  # letter O
    out = tmp_path / "out"
    code, text, err = batch(capsys, str(two_projects), "--out", str(out))
    assert code == 2 and "Traceback" not in text + err
    rows = summary(out)
    assert rows["east/forest.txt"]["findings"] == "2"  # the other project is checked as usual
    for rel in ("west/forest.txt", "west/printing.txt"):
        assert rows[rel]["error_type"] == "ConfigError"
        assert rows[rel]["findings"] == ""  # never counted as clean
        assert not (out / "reports" / f"{rel}.json").exists()
    # the same line `check` gives for that file
    assert main(["check", str(two_projects / "west" / "forest.txt"), "--lang", "en"]) == 2
    check_line = capsys.readouterr().err.strip()
    message = rows["west/forest.txt"]["error"]
    assert "CC1O1" in message and "\n" not in message
    assert check_line.endswith(message)
    with open(out / "errors.csv", encoding="utf-8-sig", newline="") as stream:
        assert {r["file"] for r in csv.DictReader(stream)} == {
            "west/forest.txt",
            "west/printing.txt",
        }
    assert "completed with errors: 2 documents" in text


def test_a_bad_config_flag_file_stops_the_run_before_anything_is_read(
    two_projects, tmp_path, capsys
):
    bad = write(tmp_path / "bad.toml", "select = [\n")
    out = tmp_path / "out"
    code, text, err = batch(capsys, str(two_projects), "--out", str(out), "--config", str(bad))
    assert code == 2 and text == ""
    assert err.count("\n") == 1 and "bad.toml" in err and "Traceback" not in err
    assert not out.exists()
    code, _, err = batch(
        capsys, str(two_projects), "--out", str(out), "--config", str(tmp_path / "none.toml")
    )
    assert code == 2 and "none.toml" in err and not out.exists()


def test_a_project_file_naming_a_missing_baseline_fails_its_documents(
    two_projects, tmp_path, capsys
):
    write(two_projects / "west" / "crosscheck.toml", 'baseline = "known.json"\n')
    out = tmp_path / "out"
    code, _, _ = batch(capsys, str(two_projects), "--out", str(out))
    rows = summary(out)
    assert code == 2
    assert rows["west/forest.txt"]["error_type"] == "ConfigError"
    assert "known.json" in rows["west/forest.txt"]["error"]
    assert rows["east/forest.txt"]["error_type"] == ""


# --- resume follows the settings ----------------------------------------------------------


def test_resume_after_changing_a_project_file_checks_its_documents_again(
    two_projects, tmp_path, capsys
):
    out = tmp_path / "out"
    batch(capsys, str(two_projects), "--out", str(out))
    toml = two_projects / "west" / "crosscheck.toml"
    write(toml, "# the same settings, said again\n" + toml.read_text(encoding="utf-8"))
    _, text, _ = batch(capsys, str(two_projects), "--out", str(out), "--resume")
    assert "0 to check, 3 already reported" in text  # nothing that changes a finding
    write(toml, 'ignore = ["CC108"]\n')
    code, text, _ = batch(capsys, str(two_projects), "--out", str(out), "--resume")
    assert "2 to check, 1 already reported" in text  # west's two documents, not east's
    assert rules(out, "west/forest.txt") == ["CC101", "CC101"]
    assert rules(out, "west/printing.txt") == []
    assert summary(out)["west/forest.txt"]["findings"] == "2"
    assert code == 1


@pytest.mark.parametrize(
    "toml",
    ['[severity]\nCC108 = "error"\n', "[tolerances]\napprox_below = 0.2\n", 'select = ["CC1"]\n'],
)
def test_resume_checks_again_under_other_severities_tolerances_or_rules(tmp_path, capsys, toml):
    inputs = project(tmp_path / "in", None, printing=PRINTING)
    out = tmp_path / "out"
    batch(capsys, str(inputs), "--out", str(out))
    write(inputs / "crosscheck.toml", toml)
    _, text, _ = batch(capsys, str(inputs), "--out", str(out), "--resume")
    assert "1 to check, 0 already reported" in text


def test_fail_on_changes_the_exit_code_without_checking_again(tmp_path, capsys):
    inputs = project(tmp_path / "in", None, printing=PRINTING)
    out = tmp_path / "out"
    assert batch(capsys, str(inputs), "--out", str(out))[0] == 0  # a warning does not fail
    write(inputs / "crosscheck.toml", 'fail_on = "warning"\n')
    code, text, _ = batch(capsys, str(inputs), "--out", str(out), "--resume")
    assert (code, "0 to check" in text) == (1, True)
    code, _, _ = batch(capsys, str(inputs), "--out", str(out), "--resume", "--fail-on", "never")
    assert code == 0  # the flag over the file


def test_settings_key_follows_what_changes_findings_only(tmp_path):
    from crosscheck.baseline import Known
    from crosscheck.config import Tolerances
    from crosscheck.project import Settings

    plain = Task("a.txt", "a.txt", settings=Settings())
    same = {
        plain.settings_key(),
        Task("a.txt", "a.txt", settings=Settings(fail_on="never")).settings_key(),
        Task("b.txt", "b.txt", settings=Settings(config=tmp_path / "x.toml")).settings_key(),
    }
    assert len(same) == 1  # fail_on and where the settings were written change no row
    known = (Known("0123456789abcdef", "CC101", "error", "", ()),)
    baseline = tmp_path / "b.json"
    variants = [
        Task("a.txt", "a.txt"),  # the run's options only (a script's run_batch)
        Task("a.txt", "a.txt", settings=Settings(select=("CC1",))),
        Task("a.txt", "a.txt", settings=Settings(ignore=("CC1",))),
        Task("a.txt", "a.txt", settings=Settings(severity=(("CC1", "info"),))),
        Task("a.txt", "a.txt", settings=Settings(tolerances=Tolerances())),
        Task("a.txt", "a.txt", settings=Settings(baseline=baseline), known=()),
        Task("a.txt", "a.txt", settings=Settings(baseline=baseline), known=known),
    ]
    keys = {t.settings_key() for t in variants} | same
    assert len(keys) == len(variants) + 1


# --- baselines ----------------------------------------------------------------------------


@pytest.fixture
def accepted(two_projects, tmp_path, capsys) -> tuple[Path, Path, Path]:
    """The two projects, and a baseline written by a batch over them (--no-config: every
    finding of both)."""
    out = tmp_path / "out"
    known = tmp_path / "known.json"
    code, text, _ = batch(
        capsys, str(two_projects), "--out", str(out), "--no-config", "--write-baseline", str(known)
    )
    assert code == 0  # written: every finding is now a known one
    assert f"5 findings of 3 files recorded in the baseline {known}" in text
    return two_projects, out, known


def test_one_baseline_holds_every_document_of_the_run(accepted):
    inputs, _, known = accepted
    record = json.loads(known.read_text(encoding="utf-8"))
    assert (record["schema"], record["fingerprints"]) == (SCHEMA, FINGERPRINT_SCHEME)
    assert [f["file"] for f in record["files"]] == [
        "in/east/forest.txt",  # relative to the baseline's folder, as check writes them
        "in/west/forest.txt",
        "in/west/printing.txt",
    ]
    assert [len(f["findings"]) for f in record["files"]] == [2, 2, 1]
    assert read_baseline(known).known_for(inputs / "west" / "printing.txt")[0].rule == "CC108"
    # the very text check writes for the same reports
    again = known.with_name("again.json")
    documents = [
        str(inputs / f) for f in ("east/forest.txt", "west/forest.txt", "west/printing.txt")
    ]
    flags = ["--no-config", "--lang", "en", "--write-baseline", str(again)]
    assert main(["check", *documents, *flags]) == 0
    assert again.read_text(encoding="utf-8") == known.read_text(encoding="utf-8")


def test_a_resumed_run_writes_the_baseline_a_fresh_run_writes(accepted, capsys):
    inputs, out, known = accepted
    again = known.with_name("again.json")
    flags = ("--no-config", "--resume", "--write-baseline", str(again))
    code, text, _ = batch(capsys, str(inputs), "--out", str(out), *flags)
    assert code == 0 and "0 to check, 3 already reported" in text  # from the journal alone
    assert again.read_text(encoding="utf-8") == known.read_text(encoding="utf-8")


def test_a_baseline_leaves_known_findings_out_and_counts_fixed_ones(accepted, capsys):
    inputs, out, known = accepted
    east = inputs / "east" / "forest.txt"
    write(east, FORESTRY.replace("运水车6辆", "运水车5辆") + NEW_SUM)  # one fixed, one new
    code, text, _ = batch(
        capsys, str(inputs), "--out", str(out), "--no-config", "--baseline", str(known)
    )
    assert code == 1  # the new sum is an error
    rows = summary(out)
    assert (
        rows["east/forest.txt"]["findings"],
        rows["east/forest.txt"]["known_findings"],
        rows["east/forest.txt"]["fixed_findings"],
    ) == ("1", "1", "1")
    assert (rows["west/forest.txt"]["findings"], rows["west/forest.txt"]["known_findings"]) == (
        "0",
        "2",
    )
    assert rows["west/printing.txt"]["warning_findings"] == "0"
    ((row,),) = [[f for f in findings(out)]]
    assert (row["file"], row["evidence_1"]) == ("east/forest.txt", "28次")
    record = report(out, "east/forest.txt")
    assert record["baseline"]["known"] == 1 and record["baseline"]["fixed"] == 1
    assert [f["evidence"][0]["text"] for f in record["findings"]] == ["28次"]
    assert "3 documents have one; 4 known findings not counted; 1 findings" in text
    # check, given the batch's baseline, says the same
    assert (
        main(["check", str(east), "--no-config", "--baseline", str(known), "--format", "json"]) == 1
    )
    assert json.loads(capsys.readouterr().out)["baseline"] == record["baseline"]


def test_a_document_the_baseline_does_not_list_has_all_its_findings_new(accepted, capsys):
    inputs, out, known = accepted
    write(inputs / "east" / "copy.txt", FORESTRY)
    code, _, _ = batch(
        capsys, str(inputs), "--out", str(out), "--no-config", "--baseline", str(known)
    )
    rows = summary(out)
    assert code == 1
    assert (rows["east/copy.txt"]["findings"], rows["east/copy.txt"]["known_findings"]) == (
        "2",
        "0",
    )
    assert rows["east/forest.txt"]["findings"] == "0"


def test_without_a_baseline_the_known_and_fixed_columns_are_blank(two_projects, tmp_path, capsys):
    out = tmp_path / "out"
    batch(capsys, str(two_projects), "--out", str(out))
    row = summary(out)["east/forest.txt"]
    assert (row["known_findings"], row["fixed_findings"]) == ("", "")
    assert "baseline" not in report(out, "east/forest.txt")


def test_resume_follows_the_baseline_entries_of_each_document(accepted, capsys):
    inputs, out, known = accepted
    base = ("--out", str(out), "--no-config", "--baseline", str(known))
    batch(capsys, str(inputs), *base)
    _, text, _ = batch(capsys, str(inputs), *base, "--resume")
    assert "0 to check, 3 already reported" in text
    record = json.loads(known.read_text(encoding="utf-8"))
    record["files"][0]["findings"].pop()  # the baseline no longer accepts east's second sum
    write(known, json.dumps(record, ensure_ascii=False, indent=2))
    code, text, _ = batch(capsys, str(inputs), *base, "--resume")
    assert "1 to check, 2 already reported" in text  # east only: west's entries are as they were
    assert code == 1 and summary(out)["east/forest.txt"]["findings"] == "1"


def test_a_project_files_baseline_is_used_and_no_baseline_turns_it_off(tmp_path, capsys):
    inputs = project(tmp_path / "in", 'baseline = "known.json"\n', forest=FORESTRY)
    out = tmp_path / "out"
    # The project names a baseline not written yet: writing it is how one starts.
    code, _, _ = batch(
        capsys, str(inputs), "--out", str(out), "--write-baseline", str(inputs / "known.json")
    )
    assert code == 0
    code, _, _ = batch(capsys, str(inputs), "--out", str(out))
    assert code == 0 and summary(out)["forest.txt"]["known_findings"] == "2"
    code, _, _ = batch(capsys, str(inputs), "--out", str(out), "--no-baseline")
    assert code == 1 and summary(out)["forest.txt"]["known_findings"] == ""


def test_no_baseline_is_written_when_a_document_failed(two_projects, tmp_path, capsys):
    out = tmp_path / "out"
    known = write(tmp_path / "known.json", "an older baseline, left as it was\n")
    write(two_projects / "east" / "blank.txt", "")  # cannot be checked
    code, _, err = batch(
        capsys, str(two_projects), "--out", str(out), "--no-config", "--write-baseline", str(known)
    )
    assert code == 2
    assert known.read_text(encoding="utf-8") == "an older baseline, left as it was\n"
    (line,) = [line for line in err.splitlines() if line.startswith("baseline")]
    assert "not written" in line and "1 documents" in line and "east/blank.txt" in line
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_bad_baseline_flag_stops_the_run_before_anything_is_read(two_projects, tmp_path, capsys):
    out = tmp_path / "out"
    corrupt = write(tmp_path / "known.json", "{not json")
    code, text, err = batch(
        capsys, str(two_projects), "--out", str(out), "--baseline", str(corrupt)
    )
    assert code == 2 and text == "" and err.count("\n") == 1 and "known.json" in err
    assert not out.exists()


def test_the_baseline_is_never_written_over_a_report(two_projects, tmp_path, capsys):
    report_path = two_projects / "east" / "forest.txt"
    out = tmp_path / "out"
    code, _, err = batch(
        capsys, str(two_projects), "--out", str(out), "--write-baseline", str(report_path)
    )
    assert code == 2 and err.count("\n") == 1
    assert report_path.read_text(encoding="utf-8") == FORESTRY


def test_baseline_text_is_streamed_exactly_as_json_dumps_writes_it():
    for files in (
        [],
        [{"file": "甲/a.txt", "findings": []}],
        [
            {"file": "a.txt", "findings": [{"fingerprint": "0" * 16, "quotes": ["1", "2"]}]},
            {"file": "b.txt", "findings": [{"fingerprint": "1" * 16, "count": 2, "quotes": []}]},
        ],
    ):
        record = {"schema": SCHEMA, "crosscheck": "9.9", "fingerprints": FINGERPRINT_SCHEME}
        record["files"] = files
        expected = json.dumps(record, ensure_ascii=False, indent=2) + "\n"
        assert "".join(baseline_chunks(files, "9.9")) == expected


# --- --fail-on and the exit code ------------------------------------------------------------


def test_fail_on_for_batch(tmp_path, capsys):
    inputs = project(tmp_path / "in", None, printing=PRINTING)
    out = tmp_path / "out"
    assert batch(capsys, str(inputs), "--out", str(out))[0] == 0
    assert batch(capsys, str(inputs), "--out", str(out), "--fail-on", "warning")[0] == 1
    write(inputs / "forest.txt", FORESTRY)
    assert batch(capsys, str(inputs), "--out", str(out))[0] == 1
    assert batch(capsys, str(inputs), "--out", str(out), "--fail-on", "never")[0] == 0
    write(inputs / "blank.txt", "")
    assert batch(capsys, str(inputs), "--out", str(out), "--fail-on", "never")[0] == 2


def test_a_project_files_fail_on_holds_for_its_documents_only(tmp_path, capsys):
    inputs = tmp_path / "in"
    project(inputs / "lenient", 'fail_on = "never"\n', forest=FORESTRY)
    project(inputs / "plain", None, printing=PRINTING)
    out = tmp_path / "out"
    assert batch(capsys, str(inputs), "--out", str(out))[0] == 0  # an error, but "never" there
    write(inputs / "plain" / "crosscheck.toml", 'fail_on = "warning"\n')
    assert batch(capsys, str(inputs), "--out", str(out))[0] == 1


# --- scripts ------------------------------------------------------------------------------


def test_run_batch_reads_no_project_file_unless_asked(two_projects, tmp_path):
    out = tmp_path / "out"
    run = run_batch([str(two_projects)], str(out), jobs=1)
    assert rules(out, "west/forest.txt") == ["CC101", "CC101"]  # the script said nothing
    assert run.exit_code() == 1
    run = run_batch([str(two_projects)], str(out), jobs=1, project=ProjectOptions())
    assert rules(out, "west/forest.txt") == []


def test_discovery_passes_over_project_files_without_listing_them(two_projects):
    found = discover([str(two_projects)])
    assert not [t for t in found.tasks + found.skipped if t.rel.endswith("crosscheck.toml")]
