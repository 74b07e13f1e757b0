"""The same tables written as .txt (TAB-flattened, "|"-per-line, Markdown), .docx, .xlsx and .html
parse to the same cell values.

Fixtures are generated here with python-docx / openpyxl / plain HTML (the
readers' extras are part of the test extra). The PDF fixture is committed
(tests/fixtures/pdf/make_fixtures.py made it) and is compared to its .txt twin. A whole
small report, written as .pdf (tests/pdfgen.py: wrapped paragraphs, a table over a page
break) and as .docx, must give the same findings.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

import crosscheck
from crosscheck.tables import parse_tables

TITLE = "部门整体支出绩效自评表"
UNIT_LINE = "单位：万元"
# (text, row_span, col_span); None = covered by a merged cell.
SELF_EVAL = [
    [("一级指标", 1, 1), ("二级指标", 1, 1), ("三级指标", 1, 1), ("分值", 1, 1), ("得分", 1, 1)],
    [("产出指标", 2, 1), ("数量指标", 1, 1), ("参保人数", 1, 1), ("30", 1, 1), ("28", 1, 1)],
    [None, ("质量指标", 1, 1), ("参保率", 1, 1), ("20", 1, 1), ("20", 1, 1)],
    [("效益指标", 1, 1), ("社会效益指标", 1, 1), ("群众满意度", 1, 1), ("50", 1, 1), ("45", 1, 1)],
    [("总分", 1, 3), None, None, ("100", 1, 1), ("93", 1, 1)],
]
FUNDS_TITLE = "项目支出情况表"
FUNDS = [
    [("项目", 1, 1), ("全年预算数", 1, 1), ("全年执行数", 1, 1), ("执行率", 1, 1)],
    [("合计", 1, 1), ("400.55", 1, 1), ("380.52", 1, 1), ("95%", 1, 1)],
    [("基本支出", 1, 1), ("250.30", 1, 1), ("240.12", 1, 1), ("95.93%", 1, 1)],
]
PARAGRAPH = "2024年部门整体支出预算400.55万元，执行率为95%。"


def _flattened(grid) -> str:
    rows = []
    for row in grid:
        cells = []
        for index, cell in enumerate(row):
            if cell is None:
                # a merged cell's placeholder: kept inside a row, dropped at its start
                if any(c is not None for c in row[:index]):
                    continue
                cells.append("\t")
            else:
                cells.append("\t" + cell[0])
        rows.append("\n".join(cells))
    return "\n\n".join(rows)


def write_txt(path: Path) -> Path:
    text = (
        f"{PARAGRAPH}\n{TITLE}\n{UNIT_LINE}\n\n{_flattened(SELF_EVAL)}\n\n"
        f"{FUNDS_TITLE}\n{UNIT_LINE}\n\n{_flattened(FUNDS)}\n"
    )
    path.write_text(text, encoding="utf-8")
    return path


def _cells_of(grid) -> list[list[str]]:
    """Every grid position's text; a position covered by a merged cell is empty."""
    return [[cell[0] if cell is not None else "" for cell in row] for row in grid]


def _bar_per_line(grid) -> str:
    """One cell a line, each ending with "|", an empty cell a lone "|", nothing between rows."""
    return "".join(f"{c} |\n" if c else "|\n" for row in _cells_of(grid) for c in row)


def _markdown(grid) -> str:
    return "".join("| " + " | ".join(row) + " |\n" for row in _cells_of(grid))


def _write_text_form(path: Path, form) -> Path:
    text = (
        f"{PARAGRAPH}\n{TITLE}\n{UNIT_LINE}\n{form(SELF_EVAL)}\n"
        f"{FUNDS_TITLE}\n{UNIT_LINE}\n{form(FUNDS)}"
    )
    path.write_text(text, encoding="utf-8")
    return path


def write_bar_txt(path: Path) -> Path:
    return _write_text_form(path, _bar_per_line)


def write_markdown_txt(path: Path) -> Path:
    return _write_text_form(path, _markdown)


def write_docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(PARAGRAPH)
    for title, grid in ((TITLE, SELF_EVAL), (FUNDS_TITLE, FUNDS)):
        document.add_paragraph(title)
        document.add_paragraph(UNIT_LINE)
        table = document.add_table(rows=len(grid), cols=len(grid[0]))
        for r, row in enumerate(grid):
            for c, cell in enumerate(row):
                if cell is None:
                    continue
                text, row_span, col_span = cell
                target = table.cell(r, c)
                if row_span > 1 or col_span > 1:
                    target = target.merge(table.cell(r + row_span - 1, c + col_span - 1))
                target.text = text
    document.save(path)
    return path


def write_xlsx(path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    for index, (title, grid) in enumerate(((TITLE, SELF_EVAL), (FUNDS_TITLE, FUNDS))):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        sheet.append([title])
        sheet.append([UNIT_LINE])
        for r, row in enumerate(grid, start=3):
            for c, cell in enumerate(row, start=1):
                if cell is None:
                    continue
                text, row_span, col_span = cell
                value: object = text
                try:
                    value = float(text) if "." in text else int(text)
                except ValueError:
                    value = text
                if isinstance(value, str) and value.endswith("%"):
                    sheet.cell(r, c, float(value[:-1]) / 100).number_format = "0.00%"
                else:
                    sheet.cell(r, c, value)
                if row_span > 1 or col_span > 1:
                    sheet.merge_cells(
                        start_row=r,
                        start_column=c,
                        end_row=r + row_span - 1,
                        end_column=c + col_span - 1,
                    )
    workbook.save(path)
    return path


def write_html(path: Path) -> Path:
    parts = [f"<html><head><meta charset='utf-8'></head><body><p>{PARAGRAPH}</p>"]
    for title, grid in ((TITLE, SELF_EVAL), (FUNDS_TITLE, FUNDS)):
        parts.append(f"<p>{title}</p><p>{UNIT_LINE}</p><table>")
        for row in grid:
            parts.append("<tr>")
            for cell in row:
                if cell is None:
                    continue
                text, row_span, col_span = cell
                parts.append(f"<td rowspan='{row_span}' colspan='{col_span}'>{text}</td>")
            parts.append("</tr>")
        parts.append("</table>")
    parts.append("</body></html>")
    path.write_text("".join(parts), encoding="utf-8")
    return path


def facts(path: Path) -> set[tuple[str, str, Decimal]]:
    """(row label, column key, value) of every value cell that states one quantity."""
    document = crosscheck.load(path)
    out = set()
    for parsed in parse_tables(crosscheck.segment(document)):
        for cell in parsed.cells:
            if cell.role == "value" and len(cell.quantities) == 1 and cell.row_header:
                value = cell.quantities[0].value.normalize()
                out.add((cell.row_header.replace(" ", ""), cell.col_key or "", value))
    return out


@pytest.fixture(scope="module")
def txt_facts(tmp_path_factory) -> set[tuple[str, str, Decimal]]:
    return facts(write_txt(tmp_path_factory.mktemp("txt") / "report.txt"))


def test_txt_version_is_what_a_reader_sees(txt_facts) -> None:
    assert ("产出指标/质量指标/参保率", "score", Decimal(20)) in txt_facts
    assert ("总分", "score", Decimal(93)) in txt_facts
    assert ("合计", "adjusted_budget", Decimal("4005500")) in txt_facts  # 400.55 万元
    assert ("基本支出", "execution_rate", Decimal("95.93")) in txt_facts
    assert len(txt_facts) == 14


@pytest.mark.parametrize(
    ("suffix", "writer"),
    [
        (".docx", write_docx),
        (".xlsx", write_xlsx),
        (".html", write_html),
        (".txt", write_bar_txt),
        (".txt", write_markdown_txt),
    ],
    ids=["docx", "xlsx", "html", "bar-per-line", "markdown"],
)
def test_same_cells_in_every_format(tmp_path: Path, txt_facts, suffix: str, writer) -> None:
    assert facts(writer(tmp_path / f"report{suffix}")) == txt_facts


def indicators(path: Path) -> set[tuple[str, str | None, str | None, str | None, str | None]]:
    """(name, 一级, 二级, 分值, 得分) of every 绩效指标 row."""
    document = crosscheck.load(path)
    return {
        (
            i.name.replace(" ", ""),
            i.level1,
            i.level2,
            i.weight.text if i.weight else None,
            i.score.text if i.score else None,
        )
        for parsed in parse_tables(crosscheck.segment(document))
        for i in parsed.indicators
    }


@pytest.mark.parametrize(
    ("suffix", "writer"),
    [
        (".txt", write_txt),
        (".docx", write_docx),
        (".xlsx", write_xlsx),
        (".html", write_html),
        (".txt", write_bar_txt),
        (".txt", write_markdown_txt),
    ],
    ids=["flattened", "docx", "xlsx", "html", "bar-per-line", "markdown"],
)
def test_same_indicators_in_every_format(tmp_path: Path, suffix: str, writer) -> None:
    assert indicators(writer(tmp_path / f"report{suffix}")) == {
        ("参保人数", "产出指标", "数量指标", "30", "28"),
        ("参保率", "产出指标", "质量指标", "20", "20"),
        ("群众满意度", "效益指标", "社会效益指标", "50", "45"),
    }


def test_pdf_fixture_matches_its_txt_twin(tmp_path: Path) -> None:
    pytest.importorskip("pdfplumber")
    pdf = Path(__file__).parent / "fixtures" / "pdf" / "report.pdf"
    twin = tmp_path / "twin.txt"
    grid = [
        [
            ("项目", 1, 1),
            ("年初预算数", 1, 1),
            ("全年预算数", 1, 1),
            ("全年执行数", 1, 1),
            ("分值", 1, 1),
            ("执行率", 1, 1),
            ("得分", 1, 1),
        ],
        [
            ("合计", 1, 1),
            ("4640.47", 1, 1),
            ("4847.62", 1, 1),
            ("5514.89", 1, 1),
            ("10", 1, 1),
            ("114%", 1, 1),
            ("10", 1, 1),
        ],
        [
            ("财政拨款", 1, 1),
            ("4640.47", 1, 1),
            ("4847.62", 1, 1),
            ("5514.89", 1, 1),
            ("—", 1, 1),
            ("—", 1, 1),
            ("—", 1, 1),
        ],
        [
            ("其他资金", 1, 1),
            ("0", 1, 1),
            ("0", 1, 1),
            ("0", 1, 1),
            ("", 1, 1),
            ("", 1, 1),
            ("", 1, 1),
        ],
    ]
    twin.write_text(f"单位：万元\n{TITLE}\n\n{_flattened(grid)}\n", encoding="utf-8")
    pdf_facts = {f for f in facts(pdf) if f[0] != "总分" and not f[0].startswith("指标")}
    assert {f for f in pdf_facts if f[0] in ("合计", "财政拨款", "其他资金")} == facts(twin)


# --- a whole report, as .pdf and as .docx -------------------------------------------------

REPORT_HEADING = "一、部门收支情况"
# Invented figures with three planted contradictions: 1,200.00 + 76.40 is not 1,286.40
# (parts vs total); 468.00 / 520.00 is 90 %, not 95 % (execution rate); the table's
# 农田水利建设 285.00 against 258.00 in the text (table vs text).
REPORT_PARAGRAPHS = [
    "本局2025年度收入合计1,286.40万元，其中财政拨款收入1,200.00万元，其他收入76.40万元。"
    "支出合计1,250.80万元，其中基本支出730.80万元，项目支出520.00万元。",
    "项目支出全年预算520.00万元，实际支出468.00万元，预算执行率为95%。"
    "农田水利建设项目全年执行数为258.00万元，主要用于灌区渠系配套和小型泵站更新改造。",
    "面向中小企业预留的政府采购项目预算金额为164.87万元，占采购预算总额的31.5%，"
    "较上年提高2.3个百分点，采购合同均在规定时限内签订并公开。",
]
REPORT_TABLE_TITLE = "项目支出决算表"
REPORT_TABLE = (
    [["项目名称", "年初预算数", "全年执行数", "执行率"]]
    + [
        ["农田水利建设", "300.00", "285.00", "95%"],
        ["高标准农田建设", "120.00", "110.40", "92%"],
        ["农业技术推广", "100.00", "72.60", "72.6%"],
    ]
    + [[f"村级道路养护{index}", "1.00", "1.00", "100%"] for index in range(1, 31)]
)
REPORT_WIDTHS = [150.0, 90.0, 90.0, 80.0]


def write_report_pdf(path: Path) -> Path:
    from tests.pdfgen import Report

    report = Report(page_numbers=True)
    report.heading(REPORT_HEADING)
    for paragraph in REPORT_PARAGRAPHS[:2]:
        report.paragraph(paragraph)
    report.table(
        REPORT_TABLE,
        REPORT_WIDTHS,
        title=REPORT_TABLE_TITLE,
        unit=UNIT_LINE,
        repeat_header=True,
    )
    report.heading("二、政府采购情况")
    report.paragraph(REPORT_PARAGRAPHS[2])
    return report.save(path)


def write_report_docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph(REPORT_HEADING)
    for paragraph in REPORT_PARAGRAPHS[:2]:
        document.add_paragraph(paragraph)
    document.add_paragraph(REPORT_TABLE_TITLE)
    document.add_paragraph(UNIT_LINE)
    table = document.add_table(rows=len(REPORT_TABLE), cols=len(REPORT_TABLE[0]))
    for r, row in enumerate(REPORT_TABLE):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("二、政府采购情况")
    document.add_paragraph(REPORT_PARAGRAPHS[2])
    document.save(path)
    return path


def findings_of(path: Path) -> set[tuple[str, str, str]]:
    return {(f.rule, f.severity, f.message) for f in crosscheck.check(path).findings}


def test_whole_report_as_pdf_and_docx_gives_the_same_findings(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    pdf_path = write_report_pdf(tmp_path / "report.pdf")
    pdf = crosscheck.load(pdf_path)
    # The PDF's table runs over a page break (its header repeated) and is read as one.
    assert dict(pdf.meta)["pages"] == "2"
    assert len(pdf.tables) == 1 and len(pdf.tables[0].rows) == len(REPORT_TABLE)
    for paragraph in REPORT_PARAGRAPHS:
        assert paragraph in pdf.text.split("\n")
    in_pdf = findings_of(pdf_path)
    in_docx = findings_of(write_report_docx(tmp_path / "report.docx"))
    assert in_pdf == in_docx
    assert {rule for rule, _, _ in in_pdf} >= {"CC101", "CC103", "CC201"}
    assert not [f for f in in_pdf if f[0] == "CC302"]
