"""xlsx outputs open well in Excel (issue 13 §5): headers in the reader's language, an
autofilter over the header row, column widths, the header row frozen. Read back with openpyxl."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.batch.model import SUMMARY_COLUMNS
from crosscheck.cli import main
from crosscheck.lexicons import rows as lexicon_rows
from crosscheck.report.findings import CSV_COLUMNS
from crosscheck.report.sheets import header

openpyxl = pytest.importorskip("openpyxl")

# An invented report whose parts do not add up to its total (one CC1 finding at least).
FLAWED = (
    "南溪县水务局2031年度部门整体支出绩效自评报告\n\n"
    "本年度支出合计150万元，其中基本支出90万元，项目支出40万元。\n"
)


def _layout(sheet) -> dict[str, object]:
    values = list(sheet.iter_rows(values_only=True))
    return {
        "header": list(values[0]),
        "rows": len(values) - 1,
        "filter": sheet.auto_filter.ref,
        "frozen": sheet.freeze_panes,
        "widths": {
            cell.value: sheet.column_dimensions[cell.column_letter].width for cell in sheet[1]
        },
        "bold": all(cell.font.b for cell in sheet[1]),
    }


def _check_xlsx(tmp_path: Path, lang: str) -> dict[str, object]:
    report = tmp_path / "南溪县水务局.txt"
    report.write_text(FLAWED, encoding="utf-8")
    target = tmp_path / f"out-{lang}.xlsx"
    code = main(["check", str(report), "--format", "xlsx", "-o", str(target), "--lang", lang])
    assert code == 1  # the flawed total is an error finding
    return _layout(openpyxl.load_workbook(target)["findings"])


def test_check_xlsx_has_chinese_headers_a_filter_widths_and_a_frozen_header(tmp_path) -> None:
    layout = _check_xlsx(tmp_path, "zh")
    assert layout["header"][:5] == ["文件", "规则", "规则名称", "严重程度", "说明"]
    assert layout["rows"] >= 1
    assert layout["filter"] == f"A1:M{layout['rows'] + 1}"
    assert layout["frozen"] == "A2"
    assert layout["bold"]
    widths = layout["widths"]
    assert widths["说明"] >= 40 and widths["文件"] >= 24  # long text gets room
    assert widths["规则"] <= 10  # a code column stays narrow


def test_check_xlsx_in_english_keeps_the_csv_header(tmp_path) -> None:
    layout = _check_xlsx(tmp_path, "en")
    assert layout["header"] == list(CSV_COLUMNS)
    assert layout["filter"] == f"A1:M{layout['rows'] + 1}" and layout["frozen"] == "A2"
    assert layout["widths"]["message"] >= 40


def test_batch_summary_xlsx_is_laid_out_in_both_sheets(tmp_path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(FLAWED, encoding="utf-8")
    (folder / "b.txt").write_text(FLAWED.replace("150万元", "130万元"), encoding="utf-8")
    for lang in ("zh", "en"):
        out = tmp_path / f"out-{lang}"
        main(["batch", str(folder), "--out", str(out), "--jobs", "1", "--lang", lang])
        capsys.readouterr()
        workbook = openpyxl.load_workbook(out / "summary.xlsx")
        documents = _layout(workbook["documents"])
        findings = _layout(workbook["findings"])
        assert documents["rows"] == 2 and findings["rows"] >= 1
        for layout, columns in ((documents, SUMMARY_COLUMNS), (findings, CSV_COLUMNS)):
            last = openpyxl.utils.get_column_letter(len(columns))
            assert layout["filter"] == f"A1:{last}{layout['rows'] + 1}"
            assert layout["frozen"] == "A2" and layout["bold"]
            assert layout["header"] == [header(c, lang) for c in columns]
        if lang == "zh":
            assert documents["header"][:4] == ["文件", "单位", "年度", "问题数"]
            assert "CC1 算术复核" in documents["header"]
            assert documents["widths"]["错误信息"] >= 40
        else:
            assert documents["header"] == list(SUMMARY_COLUMNS)


def test_a_sheet_with_no_finding_still_filters_its_header(tmp_path) -> None:
    report = tmp_path / "clean.txt"
    report.write_text("南溪县水务局2031年度工作总结\n\n全年召开会议三次。\n", encoding="utf-8")
    target = tmp_path / "clean.xlsx"
    assert main(["check", str(report), "--format", "xlsx", "-o", str(target)]) == 0
    layout = _layout(openpyxl.load_workbook(target)["findings"])
    assert (layout["rows"], layout["filter"]) == (0, "A1:M1")


def test_every_column_has_a_chinese_header_and_a_width() -> None:
    """A column added to a CSV without a row in lexicons/sheet_columns.tsv fails here."""
    listed = {row["column"] for row in lexicon_rows("sheet_columns")}
    for column in {*CSV_COLUMNS, *SUMMARY_COLUMNS}:
        assert column in listed, column
        zh = header(column, "zh")
        assert zh != column and any("\u4e00" <= ch <= "\u9fff" for ch in zh), column
        assert header(column, "en") == column


def test_the_header_is_text_even_when_a_label_could_start_a_formula(tmp_path) -> None:
    """Trap: the header row is written as text cells like the data (never a formula)."""
    from crosscheck.report.sheets import finish_sheet, start_sheet

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("x")
    start_sheet(sheet, ["=not-a-column"], "en")
    finish_sheet(sheet, ["=not-a-column"], 0)
    workbook.save(tmp_path / "x.xlsx")
    cell = openpyxl.load_workbook(tmp_path / "x.xlsx")["x"]["A1"]
    assert (cell.value, cell.data_type) == ("=not-a-column", "s")
