"""crosscheck.toml: found upwards from the report, flags over the file, a bad one is exit 2;
and --fail-on error|warning|never."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import crosscheck
from crosscheck.cli import main
from crosscheck.errors import ConfigError, UsageError
from crosscheck.project import find_config, load_config

# Invented reports. STAFF: one sum that does not add up (CC101, an error).
STAFF = """一、部门基本情况
（一）人员情况
本站现有工作人员31人，其中在职人员20人，退休人员9人。
"""
# TRAINING: "约1000人次" and "1040人次" agree within 约's ±5 %, not within ±1 %.
TRAINING = """一、项目概况
（一）培训情况
2025年全县农民技能培训约1000人次。

二、绩效目标完成情况
（一）产出情况
2025年全县农民技能培训1040人次。
"""
# MEETING: a fall of more than 100 % (CC108, a warning) and nothing else.
MEETING = """一、三公经费情况
本年会议费2.40万元，比上年下降120%。
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository (its .git ends the upward search) with reports two folders down."""
    root = tmp_path / "outer" / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "reports" / "2025").mkdir(parents=True)
    return root


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def rules_of(out: str) -> list[str]:
    return [f["rule"] for f in json.loads(out)["findings"]]


# --- found upwards ---------------------------------------------------------------------


def test_the_nearest_config_above_the_report_is_used(repo, capsys):
    report = write(repo / "reports" / "2025" / "站.txt", STAFF)
    assert run(capsys, str(report), "--format", "json")[0] == 1  # no project file: CC101
    write(repo / "crosscheck.toml", 'ignore = ["CC101"]\n')
    code, out, _ = run(capsys, str(report), "--format", "json")
    assert (code, rules_of(out)) == (0, [])
    assert find_config(report) == repo / "crosscheck.toml"


def test_a_nearer_config_wins_over_one_further_up(repo, capsys):
    report = write(repo / "reports" / "2025" / "站.txt", STAFF)
    write(repo / "crosscheck.toml", 'ignore = ["CC101"]\n')
    write(repo / "reports" / "crosscheck.toml", 'select = ["CC1"]\n')
    code, out, _ = run(capsys, str(report), "--format", "json")
    assert (code, rules_of(out)) == (1, ["CC101"])


def test_the_search_stops_at_the_repository_root(repo, capsys):
    report = write(repo / "reports" / "站.txt", STAFF)
    write(repo.parent / "crosscheck.toml", "this is not toml = = =\n")  # above the root
    code, out, err = run(capsys, str(report), "--format", "json")
    assert (code, rules_of(out), err) == (1, ["CC101"], "")
    assert find_config(report) is None


def test_config_flag_names_the_file_and_no_config_reads_none(repo, tmp_path, capsys):
    report = write(repo / "reports" / "站.txt", STAFF)
    write(repo / "crosscheck.toml", 'select = ["CC2"]\n')
    elsewhere = write(tmp_path / "other.toml", 'select = ["CC1"]\n')
    assert rules_of(run(capsys, str(report), "--format", "json")[1]) == []
    assert rules_of(
        run(capsys, str(report), "--format", "json", "--config", str(elsewhere))[1]
    ) == ["CC101"]
    assert rules_of(run(capsys, str(report), "--format", "json", "--no-config")[1]) == ["CC101"]


# --- flags over the file -----------------------------------------------------------------


def test_select_flag_overrides_the_files_select(repo, capsys):
    report = write(repo / "站.txt", STAFF)
    write(repo / "crosscheck.toml", 'select = ["CC4"]\n')
    assert rules_of(run(capsys, str(report), "--format", "json")[1]) == []
    code, out, _ = run(capsys, str(report), "--format", "json", "--select", "CC1")
    assert (code, rules_of(out)) == (1, ["CC101"])


def test_fail_on_flag_overrides_the_files_fail_on(repo, capsys):
    report = write(repo / "站.txt", STAFF)
    write(repo / "crosscheck.toml", 'fail_on = "never"\n')
    code, out, _ = run(capsys, str(report), "--format", "json")
    assert (code, rules_of(out)) == (0, ["CC101"])  # reported, but the script goes on
    assert run(capsys, str(report), "--fail-on", "error")[0] == 1


def test_severity_overrides_most_specific_first(repo, capsys):
    report = write(repo / "站.txt", STAFF)
    write(repo / "crosscheck.toml", '[severity]\nCC1 = "info"\nCC101 = "warning"\n')
    code, out, _ = run(capsys, str(report), "--format", "json")
    assert code == 0  # a warning does not fail by default
    assert [f["severity"] for f in json.loads(out)["findings"]] == ["warning"]
    assert run(capsys, str(report), "--fail-on", "warning")[0] == 1
    write(repo / "crosscheck.toml", '[severity]\nCC1 = "info"\n')
    code, out, _ = run(capsys, str(report), "--format", "json", "--fail-on", "warning")
    assert code == 0
    assert [f["severity"] for f in json.loads(out)["findings"]] == ["info"]


def test_tolerances_change_what_about_means(repo, capsys):
    report = write(repo / "培训.txt", TRAINING)
    assert rules_of(run(capsys, str(report), "--format", "json")[1]) == []  # 约1000 ∋ 1040
    write(repo / "crosscheck.toml", "[tolerances]\napprox_around = 0.01\n")
    code, out, _ = run(capsys, str(report), "--format", "json")
    assert (code, rules_of(out)) == (1, ["CC201"])
    # the tolerance holds for that check only: the next one without the file has the default
    assert crosscheck.check(path=report).findings == ()


def test_the_api_takes_a_config(repo):
    report = write(repo / "培训.txt", TRAINING)
    config = write(
        repo / "crosscheck.toml",
        '[tolerances]\napprox_around = 0.01\n[severity]\nCC2 = "warning"\n',
    )
    (finding,) = crosscheck.check(path=report, config=config).findings
    assert (finding.rule, finding.severity) == ("CC201", "warning")
    assert crosscheck.check(path=report, config=load_config(config), ignore=["CC2"]).findings == ()
    assert crosscheck.check(path=report).findings == ()  # the API never looks for one itself


# --- a bad project file: one line, exit 2, nothing checked ---------------------------------


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('selct = ["CC1"]\n', "selct"),
        ('ignore = ["CC3O1"]\n', "CC3O1"),
        ('select = ["CC999"]\n', "CC999"),
        ('[severity]\nCC9 = "info"\n', "CC9"),
        ('[severity]\nCC101 = "fatal"\n', "fatal"),
        ('fail_on = "sometimes"\n', "sometimes"),
        ("[tolerances]\napprox_around = 2\n", "approx_around"),
        ("[tolerances]\napprox_aroud = 0.1\n", "approx_aroud"),
        ("select = [\n", "crosscheck.toml"),
        ("select = 3\n", "select"),
    ],
)
def test_a_bad_config_is_one_line_and_exit_2(repo, capsys, content, named):
    report = write(repo / "站.txt", STAFF)
    write(repo / "crosscheck.toml", content)
    code, out, err = run(capsys, str(report))
    assert code == 2
    assert out == ""  # nothing was checked
    assert err.count("\n") == 1 and named in err and "Traceback" not in err
    with pytest.raises(ConfigError):
        load_config(repo / "crosscheck.toml")


def test_a_bad_config_speaks_english_with_lang_en(repo, capsys):
    report = write(repo / "站.txt", STAFF)
    write(repo / "crosscheck.toml", 'selct = ["CC1"]\n')
    _, _, err = run(capsys, str(report), "--lang", "en")
    assert "unknown setting selct" in err


def test_a_missing_config_flag_file_is_exit_2(tmp_path, capsys):
    report = write(tmp_path / "站.txt", STAFF)
    code, _, err = run(capsys, str(report), "--config", str(tmp_path / "none.toml"))
    assert code == 2 and "none.toml" in err


def test_config_errors_are_usage_errors_for_scripts(tmp_path):
    config = write(tmp_path / "crosscheck.toml", 'ignore = ["CC3O1"]\n')
    with pytest.raises(UsageError):
        crosscheck.check(text=STAFF, config=config)


# --- --fail-on ----------------------------------------------------------------------------


def test_fail_on_default_is_the_error_contract(tmp_path, capsys):
    warning_only = write(tmp_path / "会议.txt", MEETING)
    code, out, _ = run(capsys, str(warning_only), "--format", "json", "--no-config")
    findings = json.loads(out)["findings"]
    assert [f["severity"] for f in findings] == ["warning"]
    assert code == 0
    assert run(capsys, str(warning_only), "--no-config", "--fail-on", "warning")[0] == 1
    errors = write(tmp_path / "站.txt", STAFF)
    assert run(capsys, str(errors), "--no-config")[0] == 1
    assert run(capsys, str(errors), "--no-config", "--fail-on", "never")[0] == 0


def test_fail_on_never_still_exits_2_when_a_file_cannot_be_read(tmp_path, capsys):
    report = write(tmp_path / "站.txt", STAFF)
    code, _, err = run(
        capsys, str(report), str(tmp_path / "missing.txt"), "--no-config", "--fail-on", "never"
    )
    assert code == 2 and "missing.txt" in err


def test_fail_on_rejects_an_unknown_choice(tmp_path):
    report = write(tmp_path / "站.txt", STAFF)
    with pytest.raises(SystemExit) as exit_:
        main(["check", str(report), "--fail-on", "sometimes"])
    assert exit_.value.code == 2


def test_each_report_reads_its_own_project_file(tmp_path, capsys):
    first, second = tmp_path / "甲", tmp_path / "乙"
    for root in (first, second):
        (root / ".git").mkdir(parents=True)
    write(first / "crosscheck.toml", 'ignore = ["CC101"]\n')
    a = write(first / "站.txt", STAFF)
    b = write(second / "站.txt", STAFF)
    code, out, _ = run(capsys, str(a), str(b), "--format", "json")
    records = [json.loads(line) for line in out.splitlines()]
    assert [rules_of(json.dumps(r)) for r in records] == [[], ["CC101"]]
    assert code == 1


def test_tolerances_are_restored_after_a_failing_check():
    from decimal import Decimal

    from crosscheck import config

    default = config.tolerances()
    with pytest.raises(RuntimeError), config.using_tolerances(config.Tolerances(Decimal("0.2"))):
        assert config.tolerances().approx_around == Decimal("0.2")
        raise RuntimeError
    assert config.tolerances() == default


def test_extract_and_align_read_the_same_tolerances(repo, capsys):
    report = write(repo / "培训.txt", TRAINING)

    def about_interval(*flags: str) -> tuple[str, str]:
        assert main(["extract", str(report), "--format", "json", *flags]) == 0
        quantities = json.loads(capsys.readouterr().out)["quantities"]
        (about,) = [q for q in quantities if q["bound"] == "approx"]
        return about["low"], about["high"]

    assert about_interval() == ("950", "1050")
    write(repo / "crosscheck.toml", "[tolerances]\napprox_around = 0.01\n")
    assert about_interval() == ("990", "1010")
    assert about_interval("--no-config") == ("950", "1050")
    assert main(["align", str(report), "--format", "json"]) == 0
    (link,) = json.loads(capsys.readouterr().out)["links"]
    assert link["agreement"] == "different"
    write(repo / "crosscheck.toml", "[tolerances]\napprox_around = -1\n")
    assert main(["extract", str(report)]) == 2
    assert "approx_around" in capsys.readouterr().err
