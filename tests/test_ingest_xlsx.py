"""crosscheck.ingest.xlsx: workbooks -> the text view, merged cells as spans, bad files refused."""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("openpyxl")

import openpyxl

import crosscheck
import crosscheck.ingest.xlsx as xlsx
from crosscheck.cli import main
from crosscheck.errors import InputError, MissingExtraError
from crosscheck.ingest import load
from crosscheck.ingest.textview import CellContent
from crosscheck.types import Document, Table

TITLE = "2021年度部门整体支出绩效自评表"
HEADER = ["项目", None, "年初预算数", "全年预算数", "执行率", "分值", "得分"]
# The 总分 得分 cell is a formula; the file carries the value Excel cached for it.
TOTAL_FORMULA = "SUM(G4:G9)"
TOTAL_CACHED = "100"


def self_assessment_workbook(path: Path) -> Path:
    """A 部门整体支出绩效自评表 as finance bureaus publish it, plus two more sheets."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "整体支出自评表"
    sheet.append([TITLE])
    sheet.merge_cells("A1:G1")
    sheet["G2"] = "单位：万元"  # typed into the last column, not merged: still a title row
    sheet.append(HEADER)
    sheet.merge_cells("A3:B3")
    sheet.append(["年度资金总额", "合计", 4847.62, 5514.89, 1.14, 10.0, 10])
    sheet.append([None, "财政拨款", 4000.5, 4614.89, 1.05, None, None])
    sheet.append([None, "其他资金", 847.12, 900, 0.5, None, None])
    sheet.merge_cells("A4:A6")
    sheet["E4"].number_format = "0%"
    sheet["E5"].number_format = "0.00%"
    sheet["E6"].number_format = "0%"
    sheet.append(["产出指标", "数量指标", "培训人次", "≥500人次", "520人次", 20, 18])
    sheet.append([None, "质量指标", "合格率", "≥95%", "98%", 20, 20])
    sheet.append([None, "时效指标", "完成时间", "12月底前", "按时", 10, 10])
    sheet.merge_cells("A7:A9")
    sheet.append(["总分", None, None, None, None, 100, f"={TOTAL_FORMULA}"])
    sheet.merge_cells("A10:E10")
    sheet.append(["说明：得分按评分标准计算"])
    sheet.merge_cells("A11:G11")
    # A formatted but empty cell far away: max_row/max_column say 500 x 26.
    sheet["Z500"].number_format = "0.00"

    hidden = workbook.create_sheet("基础数据")
    hidden.append(["指标", "数值"])
    hidden.append(["在职人数", 56])
    hidden.append(["核对", "=1+1"])  # never calculated: no cached value in the file
    hidden.sheet_state = "hidden"

    dates = workbook.create_sheet("填报信息")
    dates.append(["填报日期", dt.date(2022, 3, 15)])
    dates.append(["是否公开", True])
    workbook.save(path)
    return with_cached_value(path, f"<f>{TOTAL_FORMULA}</f><v></v>", TOTAL_CACHED)


def with_cached_value(path: Path, formula_xml: str, value: str) -> Path:
    """Write a cached value into the sheet XML, as Excel does when it saves (openpyxl does not)."""
    with zipfile.ZipFile(path) as archive:
        members = {info: archive.read(info) for info in archive.infolist()}
    replaced = False
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                assert formula_xml.encode() in data
                data = data.replace(
                    formula_xml.encode(), formula_xml.replace("<v></v>", f"<v>{value}</v>").encode()
                )
                replaced = True
            archive.writestr(info, data)
    assert replaced
    return path


def cells_by_position(table: Table) -> dict[tuple[int, int], tuple[str, int, int]]:
    return {(c.row, c.col): (c.raw, c.row_span, c.col_span) for c in table.cells}


def assert_spans_index_text(doc: Document) -> None:
    for table in doc.tables:
        assert doc.text[table.span.start : table.span.end].strip()
        for cell in table.cells:
            assert doc.text[cell.span.start : cell.span.end] == cell.raw


@pytest.fixture
def workbook_path(tmp_path: Path) -> Path:
    return self_assessment_workbook(tmp_path / "自评表.xlsx")


# --- the self-assessment table -------------------------------------------------------


def test_self_assessment_sheet_grid(workbook_path: Path) -> None:
    doc = load(workbook_path)
    assert doc.source_kind == "xlsx"
    table = doc.tables[0]
    assert (table.layout, table.sheet, table.caption) == ("xlsx", "整体支出自评表", TITLE)
    assert cells_by_position(table) == {
        (0, 0): ("项目", 1, 2),
        (0, 2): ("年初预算数", 1, 1),
        (0, 3): ("全年预算数", 1, 1),
        (0, 4): ("执行率", 1, 1),
        (0, 5): ("分值", 1, 1),
        (0, 6): ("得分", 1, 1),
        (1, 0): ("年度资金总额", 3, 1),
        (1, 1): ("合计", 1, 1),
        (1, 2): ("4847.62", 1, 1),
        (1, 3): ("5514.89", 1, 1),
        (1, 4): ("114%", 1, 1),
        (1, 5): ("10", 1, 1),
        (1, 6): ("10", 1, 1),
        (2, 1): ("财政拨款", 1, 1),
        (2, 2): ("4000.5", 1, 1),
        (2, 3): ("4614.89", 1, 1),
        (2, 4): ("105%", 1, 1),
        (2, 5): ("", 1, 1),
        (2, 6): ("", 1, 1),
        (3, 1): ("其他资金", 1, 1),
        (3, 2): ("847.12", 1, 1),
        (3, 3): ("900", 1, 1),
        (3, 4): ("50%", 1, 1),
        (3, 5): ("", 1, 1),
        (3, 6): ("", 1, 1),
        (4, 0): ("产出指标", 3, 1),
        (4, 1): ("数量指标", 1, 1),
        (4, 2): ("培训人次", 1, 1),
        (4, 3): ("≥500人次", 1, 1),
        (4, 4): ("520人次", 1, 1),
        (4, 5): ("20", 1, 1),
        (4, 6): ("18", 1, 1),
        (5, 1): ("质量指标", 1, 1),
        (5, 2): ("合格率", 1, 1),
        (5, 3): ("≥95%", 1, 1),
        (5, 4): ("98%", 1, 1),
        (5, 5): ("20", 1, 1),
        (5, 6): ("20", 1, 1),
        (6, 1): ("时效指标", 1, 1),
        (6, 2): ("完成时间", 1, 1),
        (6, 3): ("12月底前", 1, 1),
        (6, 4): ("按时", 1, 1),
        (6, 5): ("10", 1, 1),
        (6, 6): ("10", 1, 1),
        (7, 0): ("总分", 1, 5),
        (7, 5): ("100", 1, 1),
        (7, 6): (TOTAL_CACHED, 1, 1),  # the formula's cached value
    }
    assert_spans_index_text(doc)


def test_title_rows_are_paragraphs_and_the_note_row_follows_the_table(
    workbook_path: Path,
) -> None:
    doc = load(workbook_path)
    table = doc.tables[0]
    before = doc.text[: table.span.start]
    assert before == f"{TITLE}\n单位：万元\n\n"
    after = doc.text[table.span.end :].lstrip("\n")
    assert after.startswith("说明：得分按评分标准计算\n")
    assert "说明" not in {c.raw[:2] for c in table.cells}


def test_sheets_in_workbook_order_hidden_included_and_named_in_meta(workbook_path: Path) -> None:
    doc = load(workbook_path)
    assert [t.sheet for t in doc.tables] == ["整体支出自评表", "基础数据", "填报信息"]
    assert ("hidden_sheet", "基础数据") in doc.meta
    assert ("hidden_sheet", "整体支出自评表") not in doc.meta
    assert_spans_index_text(doc)


def test_uncalculated_formula_is_empty_and_dates_are_iso(workbook_path: Path) -> None:
    doc = load(workbook_path)
    data, info = doc.tables[1], doc.tables[2]
    assert cells_by_position(data)[2, 1] == ("", 1, 1)
    assert [c.raw for c in info.cells] == ["填报日期", "2022-03-15", "是否公开", "TRUE"]


def test_inflated_sheet_dimensions_are_trimmed(workbook_path: Path) -> None:
    table = load(workbook_path).tables[0]
    assert max(c.col + c.col_span for c in table.cells) == len(HEADER)
    assert len(table.rows) == 8


def test_text_command_prints_the_text_view(workbook_path: Path, capsys) -> None:
    code = main(["text", str(workbook_path)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == load(workbook_path).text
    assert "\t年度资金总额\n\t合计\n\t4847.62\n\t5514.89\n\t114%\n\t10\n\t10\n" in out


def test_extract_finds_table_quantities(workbook_path: Path) -> None:
    import crosscheck

    found = {m.quantity.surface: m for m in crosscheck.extract(workbook_path)}
    assert found["114%"].role == "table"


# --- values --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number_format", "text"),
    [
        (4847.62, "General", "4847.62"),
        (4847.6199999999999, "#,##0.0", "4847.62"),  # Excel's 17-digit form, as stored
        (0.1, "General", "0.1"),
        (0.1 + 0.2, "General", "0.3"),  # 15 significant digits, as Excel shows
        (10.0, "General", "10"),
        (1e-7, "General", "0.0000001"),
        (123456789012.0, "General", "123456789012"),
        (-0.0, "General", "0"),
        (42, "General", "42"),
        (1.14, "0%", "114%"),
        (1.6155, "0.00%", "161.55%"),
        (1, "0%", "100%"),
        (0.05, '0"%"', "0.05"),  # a quoted % is a literal, not a percentage format
        (None, "General", ""),
        (True, "General", "TRUE"),
        (dt.datetime(2021, 12, 31), "yyyy-mm-dd", "2021-12-31"),
        (dt.datetime(2021, 12, 31, 8, 30), "yyyy-mm-dd hh:mm", "2021-12-31 08:30:00"),
        (dt.date(2021, 1, 5), "yyyy-mm-dd", "2021-01-05"),
        ("#DIV/0!", "General", "#DIV/0!"),
    ],
)
def test_value_to_text(value: object, number_format: str, text: str) -> None:
    assert xlsx.value_to_text(value, number_format) == text


def test_drop_empty_rows_shrinks_the_spans_over_them() -> None:
    grid: list[list[CellContent | None]] = [
        [CellContent("", 3, 1), CellContent("")],
        [None, CellContent("a")],
        [None, CellContent("")],
        [CellContent("b"), CellContent("c")],
    ]
    assert xlsx.drop_empty_rows(grid) == [
        [CellContent("", 1, 1), CellContent("a")],
        [CellContent("b"), CellContent("c")],
    ]


# --- limits and bad files ------------------------------------------------------------


def test_sheet_with_too_many_cells_is_refused(workbook_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_SHEET_CELLS", 20)
    with pytest.raises(InputError, match="too many cells"):
        load(workbook_path)


def test_sheet_with_too_large_an_area_is_refused(tmp_path: Path, monkeypatch) -> None:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "起"
    workbook.active["J100"] = "止"
    workbook.save(tmp_path / "sparse.xlsx")
    monkeypatch.setattr(xlsx, "MAX_SHEET_POSITIONS", 999)
    with pytest.raises(InputError, match="100 rows x 10 columns"):
        load(tmp_path / "sparse.xlsx")


def test_workbook_with_too_many_cells_is_refused_before_loading(
    workbook_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr(xlsx, "MAX_WORKBOOK_CELL_ELEMENTS", 30)

    def must_not_load(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to load the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", must_not_load)
    with pytest.raises(InputError, match="too many cells"):
        load(workbook_path)


def test_missing_openpyxl_names_the_extra(workbook_path: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    with pytest.raises(MissingExtraError, match=r"crosscheck-cn-budget\[xlsx\]"):
        load(workbook_path)


def test_file_over_the_size_limit_is_refused(workbook_path: Path) -> None:
    with pytest.raises(InputError, match="too big"):
        load(workbook_path, max_bytes=100)


def test_workbook_with_no_text_is_refused(tmp_path: Path) -> None:
    openpyxl.Workbook().save(tmp_path / "blank.xlsx")
    with pytest.raises(InputError, match="no readable text"):
        load(tmp_path / "blank.xlsx")


def _zip(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _with_member(good: bytes, name: str, data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members: dict[str, bytes | str] = {n: archive.read(n) for n in archive.namelist()}
    members[name] = data
    return _zip(members)


BAD_FILES = {
    "zip-of-junk": lambda good: _zip({"junk.bin": b"\x00\x01junk" * 100}),
    "junk-workbook-xml": lambda good: _zip({"xl/workbook.xml": "这不是 XML <<<"}),
    "broken-sheet-xml": lambda good: _with_member(
        good, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row><c r='A1'"
    ),
    "truncated": lambda good: good[: len(good) // 2],
    "text-renamed": lambda good: "2021年预算数108.17万元，执行率90.37%。\n".encode(),
    "empty": lambda good: b"",
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_bad_xlsx_gives_one_line_error(
    tmp_path: Path, workbook_path: Path, kind: str, capsys
) -> None:
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(BAD_FILES[kind](workbook_path.read_bytes()))
    with pytest.raises(InputError) as info:
        load(path)
    for lang in ("zh", "en"):
        message = info.value.message(lang)
        assert message and "\n" not in message
    assert "XLSX" in info.value.message("en") or "empty" in info.value.message("en")

    code = main(["extract", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("titles", "caption"),
    [
        ([TITLE, "单位：万元"], TITLE),
        (["单位：万元", TITLE], TITLE),
        (["某区卫生健康局", "单位：万元"], "某区卫生健康局"),
        (["单位：万元"], None),  # a unit line names no table
        ([], None),
    ],
)
def test_pick_caption(titles: list[str], caption: str | None) -> None:
    assert xlsx.pick_caption(titles) == caption


def test_a_sheet_of_one_column_is_paragraphs_not_a_table(tmp_path: Path) -> None:
    # A 自评报告 typed into column A of its own sheet, a paragraph per cell: its numbers are
    # narrative, so a count announced before its items is checked as in any report.
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "自评报告"
    for row, text in enumerate(
        [
            "六、主要经验做法",
            "项目实施中，我局重点开展了以下三项工作：",
            "（一）简化兑付流程，办理时限压缩至7个工作日。",
            "（二）建立专家评审库，评审意见全程留痕。",
            "（三）开展抽查回访，抽查比例不低于20%。",
            "（四）组织政策宣讲会12场。",
        ],
        start=1,
    ):
        sheet.cell(row=row, column=1, value=text)
    path = tmp_path / "report.xlsx"
    workbook.save(path)
    doc = load(path)
    assert not doc.tables
    assert "\t" not in doc.text and "以下三项工作：\n" in doc.text
    assert_spans_index_text(doc)
    report = crosscheck.check(path)
    assert [f.rule for f in report.findings] == ["CC401"]
