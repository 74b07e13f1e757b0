"""Physical measures (kind ``measure``) through the pipeline: tables, comparison, outputs.

The extractor's own cases are data (tests/specs/extract/measure.jsonl); these tests
cover what the later stages do with a measure. Wording is invented for the tests.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

import crosscheck
from crosscheck.cli import main
from crosscheck.compare import Agreement, compare
from crosscheck.extractor import find_quantities
from crosscheck.extractor.measures import comparable
from crosscheck.ingest import document_from_text
from crosscheck.tables import parse_tables
from crosscheck.types import ParsedTable, Quantity

# A table of a farmland project: units only in the bracketed headers.
FARMLAND_TABLE = """表4 高标准农田建设分乡镇完成情况表

| 乡镇 | 建设面积（亩） | 新修渠道（公里） | 受益面积（万亩） | 总投资（万元） |
|---|---|---|---|---|
| 东岭镇 | 3,200 | 4.5 | 0.52 | 480.00 |
| 西溪乡 | 1,850 | 2.2 | 0.31 | 277.50 |
| 合计 | 5,050 | 6.7 | 0.83 | 757.50 |
"""

# A 绩效指标 block whose targets and actual values carry their units.
INDICATOR_TABLE = """项目支出绩效自评表

| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |
|---|---|---|---|---|---|---|
| 产出指标 | 数量指标 | 新建农村公路里程 | ≥120公里 | 126.5公里 | 10 | 10 |
| 产出指标 | 数量指标 | 改造危桥面积 | ≥2000平方米 | 2,180平方米 | 10 | 10 |
| 效益指标 | 生态效益指标 | 新增水土流失治理面积 | ≥1.2万亩 | 1.26万亩 | 10 | 9 |
"""


def _tables(text: str) -> tuple[ParsedTable, ...]:
    return parse_tables(crosscheck.segment(document_from_text(text)))


def _cell_quantities(parsed: ParsedTable) -> dict[tuple[str | None, str | None], list[Quantity]]:
    return {
        (cell.row_header, cell.col_header): list(cell.quantities)
        for cell in parsed.cells
        if cell.quantities
    }


def test_a_bare_number_under_a_measure_header_is_a_measure() -> None:
    (parsed,) = _tables(FARMLAND_TABLE)
    cells = _cell_quantities(parsed)
    (area,) = cells[("东岭镇", "建设面积（亩）")]
    assert (area.kind, area.value, area.unit, area.scale, area.surface) == (
        "measure",
        Decimal("3200"),
        "亩",
        "",
        "3,200",
    )
    (canal,) = cells[("合计", "新修渠道（公里）")]
    assert (canal.kind, canal.value, canal.unit) == ("measure", Decimal("6.7"), "公里")
    # 万亩 in the header: the scale applies, the unit stays 亩.
    (benefit,) = cells[("西溪乡", "受益面积（万亩）")]
    assert (benefit.value, benefit.unit, benefit.scale) == (Decimal("3100"), "亩", "万")


def test_short_cells_naming_a_unit_make_the_header_row() -> None:
    # None of these headers is a known header word: their bracketed units make the row.
    (parsed,) = _tables(FARMLAND_TABLE)
    headers = [cell.cell.raw for cell in parsed.cells if cell.role == "header"]
    assert headers == [
        "乡镇",
        "建设面积（亩）",
        "新修渠道（公里）",
        "受益面积（万亩）",
        "总投资（万元）",
    ]


def test_every_measure_cell_quotes_the_text() -> None:
    (parsed,) = _tables(FARMLAND_TABLE)
    for cell in parsed.cells:
        for quantity, span in zip(cell.quantities, cell.quantity_spans, strict=True):
            assert FARMLAND_TABLE[span.start : span.end] == quantity.surface


def test_indicator_rows_give_measures_with_their_bounds() -> None:
    (parsed,) = _tables(INDICATOR_TABLE)
    cells = _cell_quantities(parsed)
    (target,) = cells[("产出指标 / 数量指标 / 新建农村公路里程", "年度指标值")]
    (actual,) = cells[("产出指标 / 数量指标 / 新建农村公路里程", "实际完成值")]
    assert (target.kind, target.bound, target.low, target.high) == (
        "measure",
        "min",
        Decimal("120"),
        None,
    )
    assert (actual.kind, actual.value, actual.unit) == ("measure", Decimal("126.5"), "公里")
    (area,) = cells[("效益指标 / 生态效益指标 / 新增水土流失治理面积", "实际完成值")]
    assert (area.value, area.unit, area.scale) == (Decimal("12600"), "亩", "万")


def test_long_cells_with_a_bracketed_unit_do_not_make_a_header_row() -> None:
    # Content cells that happen to end with a unit in brackets are data, not headers.
    text = (
        "| 东岭镇完成高标准农田建设任务并通过县级验收（亩） | 西溪乡完成高标准农田建设并通过验收（亩） |\n"
        "| 3,200 | 1,850 |\n"
    )
    (parsed,) = _tables(text)
    assert [cell.role for cell in parsed.cells if cell.role == "header"] == []


def _q(text: str) -> Quantity:
    (found,) = find_quantities(text)
    return found.quantity


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("1.53万亩", "1020公顷", Agreement.SAME),  # 1 公顷 = 15 亩
        ("1.2公里", "1200米", Agreement.SAME),
        ("126.5公里", "126.5千米", Agreement.SAME),
        ("1.2公里", "1400米", Agreement.DIFFERENT),
        ("12.6万亩", "12.6万亩", Agreement.SAME),
        ("12.6万亩", "12.8万亩", Agreement.DIFFERENT),
        ("≥120公里", "126.5公里", Agreement.SAME),  # a lower bound holds the actual value
        ("≥120公里", "118公里", Agreement.DIFFERENT),
    ],
)
def test_measures_compare_in_their_base_unit(a: str, b: str, expected: Agreement) -> None:
    assert compare(_q(a), _q(b)) is expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("3,200亩", "25公顷", True),
        ("3,200亩", "3.2平方公里", True),
        ("4.5公里", "4500米", True),
        ("4.5公里", "4.5平方公里", False),  # a length and an area
        ("3,200亩", "3,200亩次", False),  # area worked repeatedly is not an area
        ("120吨", "120立方米", False),
        ("节电1.2万度", "1.2万千瓦时", True),  # 度 needs an electricity word
        ("1.2万千瓦时", "1.2万千瓦", False),  # energy and power
        ("3,200亩", "3,200人", False),
    ],
)
def test_comparable_measures_share_a_base_unit(a: str, b: str, expected: bool) -> None:
    assert comparable(_q(a), _q(b)) is expected


def test_target_and_actual_measures_raise_no_finding() -> None:
    # Planned against achieved: two facts, never a contradiction.
    text = (
        "一、项目概况\n\n年初设定目标：新建农村公路120公里，改造危桥2000平方米。\n\n"
        "二、完成情况\n\n全年新建农村公路126.5公里，完成率105.42%；改造危桥2,180平方米。\n\n"
        + INDICATOR_TABLE
    )
    report = crosscheck.check(text)
    assert report.findings == ()


def test_measures_in_a_list_are_summed_against_their_total() -> None:
    text = "（一）产出\n\n全年新修机耕道38.4公里，其中硬化道路21.6公里，砂石道路15.2公里。\n"
    (finding,) = [f for f in crosscheck.check(text).findings if f.rule == "CC101"]
    assert finding.severity == "error"
    assert "36.8公里" in finding.message
    assert {e.text for e in finding.evidence} == {"38.4公里", "21.6公里", "15.2公里"}


def test_measures_in_other_units_are_no_parts() -> None:
    text = "（一）产出\n\n治理水土流失8.4平方公里，其中修建梯田2,150亩，栽植经果林1,300亩。\n"
    assert [f for f in crosscheck.check(text).findings if f.rule == "CC101"] == []


def test_extract_json_lists_measures_with_unit_and_scale(tmp_path: Path, capsys) -> None:
    path = tmp_path / "farmland.txt"
    path.write_text("建成高标准农田2.6万亩，新修渠道4.5公里。\n", encoding="utf-8")
    assert main(["extract", str(path), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)["quantities"]
    assert [(r["text"], r["kind"], r["value"], r["unit"], r["scale"]) for r in records] == [
        ("2.6万亩", "measure", "26000", "亩", "万"),
        ("4.5公里", "measure", "4.5", "公里", ""),
    ]


def test_the_terminal_table_names_the_measure_kind(tmp_path: Path, capsys) -> None:
    path = tmp_path / "farmland.txt"
    path.write_text("建成高标准农田2.6万亩。\n", encoding="utf-8")
    assert main(["extract", str(path), "--format", "table"]) == 0
    assert "计量" in capsys.readouterr().out


def test_quantities_frame_holds_measures(tmp_path: Path) -> None:
    path = tmp_path / "farmland.txt"
    path.write_text("建成高标准农田2.6万亩，清运垃圾3,860吨。\n", encoding="utf-8")
    frame = crosscheck.quantities_frame([path])
    measures = frame[frame["kind"] == "measure"]
    assert list(measures["unit"]) == ["亩", "吨"]
    assert list(measures["value"]) == ["26000", "3860"]
