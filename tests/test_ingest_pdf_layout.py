"""The PDF reader on laid-out pages: paragraphs rebuilt over line and page breaks, running
headers, footers and page numbers dropped, tables continued over a page break stitched.

The PDFs are written here by tests/pdfgen.py (no fixture file, no published document):
Chinese text wrapped the way Word wraps it, ruled tables, A4 pages.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import crosscheck
from crosscheck.ingest import load
from crosscheck.tables import parse_tables
from crosscheck.types import Document
from tests.pdfgen import Report, text_width, wrap

pytest.importorskip("pypdfium2")
pytest.importorskip("pdfplumber")

# Invented wording, in the shapes of a 部门决算 report.
OPENING = (
    "本县农业农村局2025年度收入合计3,216.40万元，其中财政拨款收入3,180.25万元，其他收入"
    "36.15万元；支出合计3,198.62万元，其中基本支出1,204.33万元，项目支出1,994.29万元。"
)
FILLER = (
    "全年围绕粮食生产、农田水利和乡村建设三项重点任务安排资金，项目资金按进度拨付，"
    "预算执行总体平稳，绩效目标基本完成，资金使用规范，未发现挤占挪用情况。"
)
HEADER = "某县农业农村局2025年度部门决算"


def column_chars(report: Report) -> int:
    """How many CJK characters fill one line of the report's text column."""
    return int((report.right - report.left) // report.size)


def text_of(report: Report, tmp_path: Path, name: str = "report.pdf") -> Document:
    return load(report.save(tmp_path / name))


def assert_offsets_hold(document: Document) -> None:
    for table in document.tables:
        for cell in table.cells:
            assert document.text[cell.span.start : cell.span.end] == cell.raw
    for mention in crosscheck.extract(document):
        assert document.text[mention.span.start : mention.span.end] == mention.quantity.surface


# --- the generator itself ---------------------------------------------------------------


def test_generator_wraps_like_word() -> None:
    # A number is one word; a comma goes with the character before it.
    assert wrap("预算为95.16%，执行", 4 * 12, 12) == ["预算为", "95.16%，", "执行"]
    assert text_width("95.16%", 12) == 36


# --- paragraphs -------------------------------------------------------------------------


def test_sentence_wrapped_over_lines_is_one_line_of_text(tmp_path: Path) -> None:
    report = Report()
    width = column_chars(report)
    # "…执行率为" fills the first line to the last character that fits: 95.16% (3 ems)
    # does not fit after it and starts the next line.
    lead = "本年度项目资金预算执行情况良好，全年预算执行率为"
    lead = "甲" * (width - 2 - len(lead) - 1) + lead
    sentence = lead + "95.16%，较上年提高2.3个百分点。"
    assert wrap(sentence, width * 12, 12, 24)[0].endswith("执行率为")
    report.heading("一、部门基本情况")
    report.paragraph(OPENING)
    report.paragraph(sentence)
    report.paragraph(FILLER)
    document = text_of(report, tmp_path)
    lines = document.text.split("\n")
    assert sentence in lines
    assert OPENING in lines
    assert FILLER in lines  # the next paragraph (indented) stays apart
    assert "一、部门基本情况" in lines  # a heading is its own line
    rates = [m for m in crosscheck.extract(document) if m.quantity.surface == "95.16%"]
    assert rates and rates[0].metric == "execution_rate"
    assert_offsets_hold(document)


def test_short_lines_and_list_items_keep_their_breaks(tmp_path: Path) -> None:
    report = Report()
    report.heading("二、机构设置")
    report.paragraph("本部门下设三个单位，具体为：")
    for item in ("1.县农业技术推广中心", "2.县农村经济经营管理站", "3.县动物疫病预防控制中心"):
        report.line(item)
    report.paragraph(FILLER * 2)
    document = text_of(report, tmp_path)
    lines = document.text.split("\n")
    assert "本部门下设三个单位，具体为：" in lines
    assert "1.县农业技术推广中心" in lines
    assert "2.县农村经济经营管理站" in lines
    assert "3.县动物疫病预防控制中心" in lines


def test_number_and_unit_split_over_a_page_break_are_joined(tmp_path: Path) -> None:
    report = Report()
    width = column_chars(report)
    # The paragraph's first line ends with the number: its unit does not fit after it and
    # opens the next page.
    lead = "面向中小企业预留的政府采购项目预算金额为"
    lead = "乙" * (width - 2 - len(lead) - 3) + lead  # 164.87 takes three ems
    split = lead + "164.87万元，占采购预算总额的31.5%。"
    assert wrap(split, width * 12, 12, 24)[0].endswith("164.87")
    report.heading("三、政府采购情况")
    while report.lines_left() > 4:
        report.paragraph(FILLER)
    report.skip_to_last_lines(1)
    report.paragraph(split)
    report.paragraph(FILLER)
    assert len(report.pages) == 2
    document = text_of(report, tmp_path)
    assert split in document.text.split("\n")
    findings = crosscheck.check(document).findings
    assert not [f for f in findings if f.rule == "CC302"]
    amounts = [m for m in crosscheck.extract(document) if m.quantity.surface == "164.87万元"]
    assert len(amounts) == 1 and amounts[0].quantity.value == Decimal("1648700")
    assert_offsets_hold(document)


def test_sentence_continued_on_the_next_page_is_joined(tmp_path: Path) -> None:
    report = Report()
    width = column_chars(report)
    # Three full lines, the page ends inside the sentence.
    sentence = ("丙" * (width - 2)) + ("丁" * width) + "预算调整后全年支出进度达到序时要求。"
    report.heading("四、预算执行情况")
    while report.lines_left() > 4:
        report.paragraph(FILLER)
    report.skip_to_last_lines(2)
    report.paragraph(sentence)
    assert len(report.pages) == 2
    document = text_of(report, tmp_path)
    assert sentence in document.text.split("\n")


def test_paragraph_ending_a_page_is_not_joined_to_the_next_page(tmp_path: Path) -> None:
    report = Report()
    report.heading("五、绩效情况")
    while report.lines_left() > 4:
        report.paragraph(FILLER)
    report.skip_to_last_lines(1)
    report.paragraph("全年绩效自评得分为92分。")  # a short last line: the paragraph ended
    report.paragraph(OPENING)  # indented, on the next page
    assert len(report.pages) == 2
    document = text_of(report, tmp_path)
    assert "\n全年绩效自评得分为92分。\n\n" + OPENING + "\n" in document.text


def test_numbered_heading_at_the_top_of_a_page_is_not_joined(tmp_path: Path) -> None:
    report = Report()
    width = column_chars(report)
    report.heading("六、其他事项")
    while report.lines_left() > 4:
        report.paragraph(FILLER)
    report.skip_to_last_lines(1)
    full = "戊" * (width - 2)  # a full line without final punctuation ends the page
    report.paragraph(full)
    report.line("七、名词解释")  # at the left edge, numbered
    document = text_of(report, tmp_path)
    assert "\n七、名词解释\n" in document.text


# --- running headers, footers, page numbers ---------------------------------------------


def test_running_header_and_page_numbers_are_dropped(tmp_path: Path) -> None:
    report = Report(running_header=HEADER, page_numbers=True)
    report.heading("一、部门基本情况")
    for _ in range(40):
        report.paragraph(FILLER)
    assert len(report.pages) >= 3
    document = text_of(report, tmp_path)
    assert HEADER not in document.text
    for number in range(1, len(report.pages) + 1):
        assert f"- {number} -" not in document.text
    # With the margins gone, the paragraphs over page breaks are whole again.
    assert document.text.split("\n").count(FILLER) == 40


def test_a_line_repeated_in_the_body_is_not_a_running_header(tmp_path: Path) -> None:
    report = Report(page_numbers=True)
    for index in range(3):
        report.paragraph(FILLER * 3)
        report.line("单位：万元", align="right")
        report.table([["项目", "金额"], [f"科目{index}", "10.00"]], [200, 100])
        report.new_page()
    document = text_of(report, tmp_path)
    assert document.text.count("单位：万元") == 3


def test_repeated_title_in_the_margin_is_kept_when_it_is_a_table_title(tmp_path: Path) -> None:
    # One form per page, its title at the very top: a title, not a running header.
    report = Report(top=30)
    for index in range(4):
        report.table(
            [["项目名称", f"第{index + 1}个项目"], ["年度目标", "按期完成建设任务"]],
            [150, 250],
            title="项目支出绩效目标表",
        )
        report.new_page()
    document = text_of(report, tmp_path)
    assert document.text.count("项目支出绩效目标表") == 4
    assert len(document.tables) == 4  # a new first row: four forms, not one table


# --- tables over a page break -----------------------------------------------------------

ROWS = [["科目编码", "科目名称", "决算数"]] + [
    [f"2130{index:02d}", f"农业农村项目{index}", f"{index}.50"] for index in range(1, 46)
]
WIDTHS = [90.0, 200.0, 120.0]


def _table_report(**options: bool) -> Report:
    report = Report(page_numbers=True)
    report.heading("第二部分 部门决算表")
    report.table(ROWS, WIDTHS, title="一般公共预算财政拨款支出决算表", unit="单位：万元", **options)
    return report


@pytest.mark.parametrize(
    "options",
    [{}, {"repeat_header": True}, {"repeat_header": True, "repeat_caption": True}],
    ids=["plain", "repeated-header", "repeated-title-and-header"],
)
def test_table_over_a_page_break_is_one_table(tmp_path: Path, options: dict[str, bool]) -> None:
    report = _table_report(**options)
    assert len(report.pages) == 2
    document = text_of(report, tmp_path)
    (table,) = document.tables
    assert [[cell.raw for cell in row] for row in table.rows] == ROWS  # header once
    assert table.caption == "一般公共预算财政拨款支出决算表"
    assert document.text.count("一般公共预算财政拨款支出决算表") == 1
    assert document.text.count("单位：万元") == 1
    assert document.text.count("科目名称") == 1
    assert_offsets_hold(document)


def test_unit_line_above_the_first_part_applies_to_the_second(tmp_path: Path) -> None:
    document = text_of(_table_report(repeat_header=True), tmp_path)
    values = {}
    for parsed in parse_tables(crosscheck.segment(document)):
        for cell in parsed.cells:
            if cell.role == "value" and cell.quantities:
                values[cell.cell.raw] = cell.quantities[0].value
    assert values["1.50"] == Decimal("15000")  # first page
    assert values["45.50"] == Decimal("455000")  # second page: still 万元


def test_tables_with_other_columns_are_not_stitched(tmp_path: Path) -> None:
    report = Report()
    report.table(ROWS[:40], WIDTHS, title="一般公共预算财政拨款支出决算表", unit="单位：万元")
    report.table([["项目", "金额"], ["合计", "1.00"]], [250.0, 160.0])
    assert len(report.pages) == 2
    document = text_of(report, tmp_path)
    assert len(document.tables) == 2


_FORM_WIDTHS = [60.0, 60.0, 120.0, 70.0, 70.0, 40.0, 40.0]
# The next page draws only the rules its rows use: 一级 and 二级指标 merged into one column.
_FORM_WIDTHS_LATER = [120.0, 120.0, 70.0, 70.0, 40.0, 40.0]
_FORM_HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]


def _form_over_two_pages(first_later_row: list[str]) -> Report:
    report = Report(page_numbers=True)
    report.heading("（二）项目绩效自评结果")
    report.paragraph("档案数字化项目综述：根据年初设定的绩效目标，项目自评得分为88.5分。")
    rows = [_FORM_HEADER] + [
        ["产出指标", "数量指标", f"档案扫描批次{i}", "≥20卷", "20卷", "2", "2"]
        for i in range(1, 60)
    ]
    report.table(rows, _FORM_WIDTHS, title="档案数字化项目绩效自评表")
    report.new_page()
    later = [first_later_row, ["总分", "", "", "", "100", "90.5"]]
    report.table(later, _FORM_WIDTHS_LATER)
    return report


def test_a_form_drawn_on_fewer_rules_on_the_next_page_goes_on(tmp_path: Path) -> None:
    report = _form_over_two_pages(["满意度指标", "使用部门满意率", "≥95%", "96%", "10", "9"])
    assert len(report.pages) >= 2
    document = text_of(report, tmp_path)
    (table,) = [t for t in document.tables if t.rows and t.rows[0][0].raw == "一级指标"]
    assert table.rows[-1][0].raw == "总分"  # the next page's rows are the form's own
    assert_offsets_hold(document)
    # …so its 总分 stands under 得分 and is the form's score (CC202 against the 综述's 88.5).
    findings = crosscheck.check(document).findings
    assert [f.rule for f in findings if f.rule == "CC202"] == ["CC202"]


def test_a_table_on_fewer_rules_that_opens_with_a_header_is_another_table(tmp_path: Path) -> None:
    # Trap: a first row without a digit is a header: a new table, not the form going on.
    report = _form_over_two_pages(
        ["一级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    )
    document = text_of(report, tmp_path)
    assert len(document.tables) == 2


# --- threads -----------------------------------------------------------------------------

THREADS_SCRIPT = """
import sys, threading
from crosscheck.ingest import load
path = sys.argv[1]
expected = load(path).text
same = []
def read():
    for _ in range(3):
        same.append(load(path).text == expected)
threads = [threading.Thread(target=read) for _ in range(4)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print("same" if all(same) and len(same) == 12 else "different")
"""


def test_pdfs_read_in_several_threads_at_once(tmp_path: Path) -> None:
    # PDFium is not thread-safe: without the reader's lock this process dies (SIGTRAP).
    import subprocess
    import sys

    report = _table_report(repeat_header=True)
    for _ in range(30):
        report.paragraph(FILLER)
    path = report.save(tmp_path / "report.pdf")
    done = subprocess.run(
        [sys.executable, "-c", THREADS_SCRIPT, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "same"


def test_the_title_above_a_table_is_its_caption_a_sentence_is_not(tmp_path: Path) -> None:
    report = Report()
    report.line("表3")
    report.line("政府采购预算明细表", align="centre")
    report.line("单位：万元", align="right")
    report.table([["项目", "金额"], ["货物", "12.00"]], [200, 100])
    sentence = "本部门2025年政府采购预算按货物、工程和服务三类分别编列，各类采购的具体金额见下表"
    assert len(sentence) > 40
    report.line(sentence)
    report.table([["项目", "金额"], ["服务", "8.00"]], [200, 100])
    document = text_of(report, tmp_path)
    assert [table.caption for table in document.tables] == ["政府采购预算明细表", None]


def test_a_row_that_lost_its_top_rule_over_a_page_break_is_the_parts_first_row() -> None:
    from crosscheck.ingest.pdf_layout import _rows_above_their_rules
    from crosscheck.ingest.pdf_lines import TextLine
    from crosscheck.ingest.pdf_tables import TablePart
    from crosscheck.ingest.textview import CellContent

    def line(text: str) -> TextLine:
        return TextLine(text, 60.0, 500.0, 40.0, 52.0, 10.0, 0.0)

    part = TablePart(
        (60.0, 60.0, 540.0, 400.0),
        (60.0, 140.0, 360.0, 540.0),
        [
            [CellContent("30109"), CellContent("职业年金缴费"), CellContent("530.72")],
            [CellContent("30112"), CellContent("其他社会保障缴费"), CellContent("74.56")],
        ],
    )
    rows = _rows_above_their_rules([line("30108 机关事业单位基本养老保险缴费 1,326.81")], part)
    assert [[c.text for c in row if c] for row in rows] == [
        ["30108", "机关事业单位基本养老保险缴费", "1,326.81"]
    ]
    # A page's running header or a sentence over the table is no row of it.
    assert _rows_above_their_rules([line("江苏省高级人民法院2018年度部门预算")], part) == []
    assert _rows_above_their_rules([line("单位：万元 第 3 页")], part) == []
    assert _rows_above_their_rules([line("30108 基本养老保险 缴费 1,326.81")], part) == []
