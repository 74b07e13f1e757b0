"""A finding's fingerprint: stable across edits elsewhere, new when what it quotes changes."""

from __future__ import annotations

import csv
import io
import json

import pytest

import crosscheck
from crosscheck.cli import main
from crosscheck.fingerprints import normalise_text, section_title

# An invented report: the staff sum (31 ≠ 20 + 9) is stated in two sections.
REPORT = """青松县文化馆2025年度部门整体支出绩效自评报告

一、部门基本情况
（一）人员情况
本馆现有工作人员31人，其中在职人员20人，退休人员9人。

（二）资产情况
本馆年末固定资产原值为86.40万元。

二、绩效目标完成情况
（一）人员情况
本馆现有工作人员31人，其中在职人员20人，退休人员9人。
"""


def fingerprints(text: str) -> list[str]:
    return [f.fingerprint for f in crosscheck.check(text=text, select=["CC101"]).findings]


def test_a_fingerprint_is_a_short_hex_string():
    (first, *_) = fingerprints(REPORT)
    assert len(first) == 16
    assert int(first, 16) >= 0


def test_the_same_finding_in_two_sections_has_two_fingerprints():
    found = fingerprints(REPORT)
    assert len(found) == 2
    assert found[0] != found[1]


def test_a_paragraph_inserted_above_keeps_every_fingerprint():
    edited = REPORT.replace(
        "一、部门基本情况\n",
        "一、部门基本情况\n本馆承担全县群众文化活动的组织与辅导工作，全年开放不少于300天。\n\n",
    )
    assert edited != REPORT
    before = crosscheck.check(text=REPORT, select=["CC101"]).findings
    after = crosscheck.check(text=edited, select=["CC101"]).findings
    assert [f.evidence[0].span.start for f in before] != [f.evidence[0].span.start for f in after]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]


def test_a_section_inserted_above_renumbers_without_changing_fingerprints():
    edited = REPORT.replace(
        "一、部门基本情况\n",
        "一、报告说明\n本报告依据县财政局的统一部署编写。\n\n二、部门基本情况\n",
    ).replace("二、绩效目标完成情况", "三、绩效目标完成情况")
    assert fingerprints(edited) == fingerprints(REPORT)


def test_spaces_and_full_width_digits_do_not_change_a_fingerprint():
    retyped = REPORT.replace("工作人员31人", "工作人员３１人").replace(
        "（二）资产情况", "（二） 资产情况"
    )
    assert fingerprints(retyped)[0] == fingerprints(REPORT)[0]


def test_a_changed_number_gives_a_new_fingerprint():
    changed = REPORT.replace("在职人员20人", "在职人员21人", 1)
    old, new = fingerprints(REPORT), fingerprints(changed)
    assert new[0] != old[0]
    assert new[1] == old[1]  # the other section's finding is untouched


def test_a_renamed_section_gives_a_new_fingerprint():
    renamed = REPORT.replace("二、绩效目标完成情况", "二、绩效目标实现情况")
    old, new = fingerprints(REPORT), fingerprints(renamed)
    assert new[0] == old[0]
    assert new[1] != old[1]


def test_normalisation_keeps_digits_and_drops_only_space_and_width():
    assert normalise_text("４ ８４７.６１ 万元") == "4847.61万元"
    assert normalise_text("4847.61万元") != normalise_text("4847.16万元")
    assert section_title("（二）专项支出") == "专项支出"
    assert section_title("## 一、基本职能") == "基本职能"
    assert section_title("第二部分 部门概况") == "部门概况"
    assert section_title("其他说明") == "其他说明"


@pytest.fixture
def report_file(tmp_path):
    path = tmp_path / "文化馆.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def test_json_csv_and_the_frame_carry_the_fingerprint(report_file, capsys):
    expected = fingerprints(REPORT)
    main(["check", str(report_file), "--format", "json", "--select", "CC101"])
    record = json.loads(capsys.readouterr().out)
    assert [f["fingerprint"] for f in record["findings"]] == expected
    main(["check", str(report_file), "--format", "csv", "--select", "CC101"])
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff"))))
    assert [row["fingerprint"] for row in rows] == expected
    frame = crosscheck.check(path=report_file, select=["CC101"]).to_frame()
    assert list(frame["fingerprint"]) == expected
    many = crosscheck.frames([report_file], jobs=1, select=["CC101"])
    assert list(many.findings["fingerprint"]) == expected
