"""The contract scripts rely on (issue 13 §1, §3, §5): a failed run never looks clean.

Exit codes: 0 = checked, no error finding; 1 = error findings; 2 = usage error,
unreadable input or an output that could not be written (one line on stderr,
never a traceback).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import crosscheck
from crosscheck.cli import main

# A report of our own with one error finding (CC101: 18 + 9 is not 30).
FLAWED = "清河县农业服务中心现有工作人员30人，其中在职人员18人，退休人员9人。\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    """The single stderr line of a refused run (and no traceback)."""
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    return err


@pytest.fixture
def flawed(tmp_path: Path) -> Path:
    path = tmp_path / "flawed.txt"
    path.write_text(FLAWED, encoding="utf-8")
    return path


# --- 1. --select / --ignore name known rules --------------------------------------------------


@pytest.mark.parametrize("option", ["--select", "--ignore"])
@pytest.mark.parametrize("selector", ["CC999", "CC9", "XX", "CC1,CC2O1"])
def test_an_unknown_rule_selector_is_a_usage_error(
    capsys, flawed: Path, option: str, selector: str
) -> None:
    code, out, err = run(capsys, "check", str(flawed), option, selector, "--lang", "en")
    assert code == 2
    assert out == ""  # nothing was checked: no "no contradictions found"
    line = one_line_error(err)
    unknown = selector.split(",")[-1]
    assert f"unknown rule code or family: {unknown}" in line


def test_an_unknown_selector_is_named_in_chinese_by_default(capsys, flawed: Path) -> None:
    code, _, err = run(capsys, "check", str(flawed), "--select", "cc999")
    assert code == 2
    assert "未知的规则代码或规则族：CC999" in one_line_error(err)


@pytest.mark.parametrize(
    ("option", "selector", "expected"),
    [
        ("--select", "CC1", 1),
        ("--select", "cc101", 1),
        ("--select", "CC10", 1),  # a prefix of codes
        ("--select", "CC2", 0),
        ("--ignore", "CC1", 0),
        ("--ignore", "CC201,CC3", 1),
    ],
)
def test_known_families_codes_and_prefixes_keep_working(
    capsys, flawed: Path, option: str, selector: str, expected: int
) -> None:
    code, _, err = run(capsys, "check", str(flawed), option, selector)
    assert err == ""
    assert code == expected


def test_batch_refuses_an_unknown_selector_before_writing_anything(
    capsys, flawed: Path, tmp_path: Path
) -> None:
    out_dir = tmp_path / "out"
    code, _, err = run(
        capsys, "batch", str(flawed), "--out", str(out_dir), "--ignore", "CC4,XX", "--lang", "en"
    )
    assert code == 2
    assert "unknown rule code or family: XX" in one_line_error(err)
    assert not out_dir.exists()


def test_the_api_refuses_an_unknown_selector() -> None:
    with pytest.raises(crosscheck.UsageError, match="CC999"):
        crosscheck.check(FLAWED, select=["CC999"])
    with pytest.raises(crosscheck.UsageError) as raised:
        crosscheck.frames([], ignore=["CC9"])
    assert "CC9" in raised.value.message("zh")
    assert [f.rule for f in crosscheck.check(FLAWED, select=["cc1"]).findings] == ["CC101"]
