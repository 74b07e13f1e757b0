"""The standard 部门预算/决算 tables: recognised by title and header words, with column roles,
in several layouts (pipes, a docx table with merged headers, a generated PDF).

The departments and figures are invented.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck.cli import main
from crosscheck.ingest import as_document, load
from crosscheck.segment import segment
from crosscheck.tables import parse_tables
from crosscheck.types import ParsedTable, StandardTable

SUMMARY = (
    "表1 2025年青石县档案馆部门收支总表\n单位：万元\n\n"
    "| 收入 |  | 支出 |  |\n"
    "| 项目 | 预算数 | 项目 | 预算数 |\n"
    "| 一、一般公共预算拨款收入 | 812.40 | 一、一般公共服务支出 | 600.00 |\n"
    "| 二、事业收入 | 20.00 | 二、住房保障支出 | 232.40 |\n"
    "| 本年收入合计 | 832.40 | 本年支出合计 | 832.40 |\n"
    "| 收入总计 | 832.40 | 支出总计 | 832.40 |\n"
)
EXPENDITURE = (
    "表3 2025年青石县档案馆一般公共预算支出表\n单位：万元\n\n"
    "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
    "| 201 | 一般公共服务支出 | 600.00 | 410.00 | 190.00 |\n"
    "| 221 | 住房保障支出 | 212.40 | 212.40 | 0.00 |\n"
    "| 合计 |  | 812.40 | 622.40 | 190.00 |\n"
)
NOT_STANDARD = (
    "表5 各所资金安排表（单位：万元）\n\n| 单位 | 全年预算数 | 执行数 |\n"
    "| 第一所 | 45.60 | 44.10 |\n| 第二所 | 38.20 | 36.90 |\n"
)
TARGETS = (
    "2025年项目支出绩效目标表\n\n| 一级指标 | 二级指标 | 三级指标 | 指标值 |\n"
    "| 产出指标 | 数量指标 | 档案数字化册数 | ≥1200册 |\n"
)


def tables_of(text: str) -> tuple[ParsedTable, ...]:
    return parse_tables(segment(as_document(text)))


def roles(standard: StandardTable) -> dict[int, tuple[str, str]]:
    return {c.col: (c.role, c.group) for c in standard.columns}


def test_summary_has_two_sides() -> None:
    (table,) = tables_of(SUMMARY)
    assert table.standard is not None
    assert (table.standard.kind, table.standard.scope) == ("summary", "all")
    assert roles(table.standard) == {
        0: ("income_label", ""),
        1: ("income_value", "预算数"),
        2: ("expenditure_label", ""),
        3: ("expenditure_value", "预算数"),
    }


def test_expenditure_table_columns_and_scope() -> None:
    (table,) = tables_of(EXPENDITURE)
    assert table.standard is not None
    assert (table.standard.kind, table.standard.scope) == ("general", "general")
    assert {c.role: c.col for c in table.standard.columns} == {
        "total": 2,
        "basic": 3,
        "project": 4,
    }


@pytest.mark.parametrize(
    ("title", "kind", "scope"),
    [
        ("2025年部门财政拨款收支总表", "fiscal_summary", "fiscal"),
        ("财政拨款收入支出决算总表", "fiscal_summary", "fiscal"),
        ("收入支出决算总表", "summary", "all"),
        ("2025年部门收支总体情况表", "summary", "all"),
        ("2025年部门收入总表", "income", "all"),
        ("本年支出总体情况表", "expenditure", "all"),
        ("一般公共预算财政拨款基本支出决算表", "basic", "general"),
        ("一般公共预算支出表（按经济分类）", "expenditure_economic", "general"),
        ("政府性基金预算财政拨款收入支出决算表", "fund", "fund"),
        ("国有资本经营预算支出表", "capital", "capital"),
        ("2025年部门“三公”经费和机关运行经费预算表", "three_public", "fiscal"),
        ("2025年项目支出预算表", "project", "all"),
    ],
)
def test_kind_and_scope_by_title(title: str, kind: str, scope: str) -> None:
    text = f"{title}\n单位：万元\n\n| 项目 | 合计 |\n| 甲 | 1.00 |\n| 乙 | 2.00 |\n"
    (table,) = tables_of(text)
    assert table.standard is not None, title
    assert (table.standard.kind, table.standard.scope) == (kind, scope)


def test_a_table_that_is_not_standard_gets_no_kind() -> None:
    (table,) = tables_of(NOT_STANDARD)
    assert table.standard is None


def test_a_performance_table_is_no_project_table() -> None:
    (table,) = tables_of(TARGETS)
    assert table.standard is not None
    assert table.standard.kind == "performance"
    assert table.standard.columns == ()


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # no title: the header words say it
        (
            "| 本年收入 |  | 本年支出 |  |\n| 项目 | 预算数 | 项目 | 预算数 |\n"
            "| 一般公共预算拨款收入 | 90.00 | 教育支出 | 90.00 |\n"
            "| 收入总计 | 90.00 | 支出总计 | 90.00 |\n",
            "summary",
        ),
        # the title inside the frame, under a form number that names no kind
        (
            "| 公开03表 |  |  |  |\n| 支出总表 |  |  |  |\n"
            "| 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
            "| 一般公共服务支出 | 600.00 | 410.00 | 190.00 |\n",
            "expenditure",
        ),
    ],
)
def test_untitled_table_kind(text: str, kind: str) -> None:
    (table,) = tables_of(text)
    assert table.standard is not None and table.standard.kind == kind


def write_three_public_docx(path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("2025年云岭镇财政拨款“三公”经费支出表")
    document.add_paragraph("单位：万元")
    table = document.add_table(rows=4, cols=6)
    total = table.cell(0, 0).merge(table.cell(1, 0))
    total.text = "合计"
    abroad = table.cell(0, 1).merge(table.cell(1, 1))
    abroad.text = "因公出国（境）费"
    vehicle = table.cell(0, 2).merge(table.cell(0, 4))
    vehicle.text = "公务用车购置及运行费"
    table.cell(1, 2).text = "小计"
    table.cell(1, 3).text = "公务用车购置费"
    table.cell(1, 4).text = "公务用车运行费"
    reception = table.cell(0, 5).merge(table.cell(1, 5))
    reception.text = "公务接待费"
    for col, value in enumerate(["36.50", "0.00", "30.20", "18.00", "12.20", "6.30"]):
        table.cell(2, col).text = value
    for col, value in enumerate(["1", "2", "3", "4", "5", "6"]):
        table.cell(3, col).text = value
    document.save(str(path))
    return path


def test_three_public_docx_with_merged_headers(tmp_path: Path) -> None:
    path = write_three_public_docx(tmp_path / "sangong.docx")
    tables = parse_tables(segment(load(path)))
    standard = tables[0].standard
    assert standard is not None and standard.kind == "three_public"
    assert {c.role for c in standard.columns} == {
        "total",
        "abroad",
        "vehicle",
        "vehicle_purchase",
        "vehicle_running",
        "reception",
    }
    assert {c.role: c.col for c in standard.columns}["vehicle"] == 2


def write_fiscal_summary_pdf(path: Path, spent: str = "812.40") -> Path:
    """A 财政拨款收支总表 as a ruled PDF table; ``spent``: its 支出总计."""
    from tests.pdfgen import Report

    report = Report()
    report.paragraph("本表反映青石县档案馆2025年财政拨款收支预算情况。")
    report.table(
        [
            ["项目", "预算数", "项目", "合计", "一般公共预算", "政府性基金预算"],
            ["一、一般公共预算", "812.40", "一、一般公共服务支出", "600.00", "600.00", "0.00"],
            ["二、政府性基金预算", "0.00", "二、住房保障支出", "212.40", "212.40", "0.00"],
            ["收入总计", "812.40", "支出总计", spent, spent, "0.00"],
        ],
        [110.0, 60.0, 110.0, 60.0, 70.0, 70.0],
        title="2025年青石县档案馆财政拨款收支总表",
        unit="单位：万元",
    )
    return report.save(path)


def test_fiscal_summary_pdf(tmp_path: Path) -> None:
    path = write_fiscal_summary_pdf(tmp_path / "fiscal.pdf")
    tables = parse_tables(segment(load(path)))
    standard = next(t.standard for t in tables if t.standard is not None)
    assert (standard.kind, standard.scope) == ("fiscal_summary", "fiscal")
    found = roles(standard)
    assert found[0][0] == "income_label" and found[2][0] == "expenditure_label"
    assert found[4] == ("expenditure_value", "一般公共预算")


def test_tables_json_lists_the_standard_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "budget.txt"
    path.write_text(SUMMARY + "\n" + NOT_STANDARD, encoding="utf-8")
    assert main(["tables", str(path), "--format", "json"]) == 0
    tables = json.loads(capsys.readouterr().out)["tables"]
    assert tables[0]["standard"]["kind"] == "summary"
    assert tables[0]["standard"]["columns"][1] == {
        "col": 1,
        "role": "income_value",
        "group": "预算数",
        "header": "预算数",
    }
    assert tables[1]["standard"] is None


# -- identities between the tables (relate/standard_tables.py, rules CC5xx) --------------

import crosscheck  # noqa: E402
from crosscheck.pipeline import mentions  # noqa: E402
from crosscheck.relate import relate  # noqa: E402


def tab_table(title: str, rows: list[list[str]]) -> str:
    """A table as converted text writes it: each cell on its own TAB line, rows apart."""
    cells = "".join("\n" + "".join(f"\t{c}\n" for c in row) for row in rows)
    return f"{title}\n单位：万元\n{cells}"


SUMMARY_ROWS = [
    ["收入", "", "支出", ""],
    ["项目", "预算数", "项目", "预算数"],
    ["一、一般公共预算拨款收入", "812.40", "一、一般公共服务支出", "600.00"],
    ["二、事业收入", "20.00", "二、住房保障支出", "232.40"],
    ["本年收入合计", "832.40", "本年支出合计", "832.40"],
]


def findings(text: str, select: str = "CC5") -> list[crosscheck.Finding]:
    return list(crosscheck.check(text, select=[select]).findings)


def test_balance_in_tab_layout() -> None:
    text = tab_table(
        "2025年青石县档案馆部门收支总表",
        [*SUMMARY_ROWS, ["收入总计", "832.40", "支出总计", "842.40"]],
    )
    (finding,) = findings(text)
    assert finding.rule == "CC501" and finding.severity == "error"
    assert "《2025年青石县档案馆部门收支总表》收入总计" in finding.message
    assert "支出总计·预算数为842.40" in finding.message
    assert [e.text for e in finding.evidence] == ["832.40", "842.40"]


def test_one_total_two_tables_last_digit_is_info() -> None:
    text = (
        tab_table(
            "2025年青石县档案馆部门收支总表",
            [*SUMMARY_ROWS, ["收入总计", "832.40", "支出总计", "832.40"]],
        )
        + "\n"
        + SPENDING_TEXT.format(class_total="600.01", total="832.40")
    )
    (finding,) = findings(text)
    assert (finding.rule, finding.severity) == ("CC502", "info")
    assert "一、一般公共服务支出" in finding.message and "600.01" in finding.message
    english = finding.message_en
    assert "is 600.00" in english and "600.01" in english


def test_one_total_two_tables_last_digit_is_no_finding_under_a_rounding_note() -> None:
    # The document declares its rounding ("…尾差系金额转换时四舍五入造成"): one unit in the
    # last place between two tables is then no finding; ten units still are.
    note = "\n注：本套报表中分项之和与合计数的尾差，系金额转换时四舍五入造成。\n"

    def text(class_total: str) -> str:
        return (
            tab_table(
                "2025年青石县档案馆部门收支总表",
                [*SUMMARY_ROWS, ["收入总计", "832.40", "支出总计", "832.40"]],
            )
            + "\n"
            + SPENDING_TEXT.format(class_total=class_total, total="832.40")
            + note
        )

    assert not findings(text("600.01"))
    (finding,) = findings(text("600.10"))
    assert (finding.rule, finding.severity) == ("CC502", "error")


SPENDING_TEXT = (
    "2025年青石县档案馆部门支出总表\n单位：万元\n\n"
    "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
    "| 201 | 一般公共服务支出 | {class_total} | 410.00 | 190.00 |\n"
    "| 221 | 住房保障支出 | 232.40 | 232.40 | 0.00 |\n"
    "| 合计 |  | {total} | 642.40 | 190.00 |\n"
)


def test_fiscal_and_all_funds_tables_are_never_compared() -> None:
    """A 财政拨款收支总表 (one column) states 财政拨款 only: its classes and totals are not the
    all-funds 支出总表's, even where they differ."""
    fiscal = tab_table(
        "2025年青石县档案馆财政拨款收支总表",
        [
            ["财政拨款收入", "", "财政拨款支出", ""],
            ["项目", "预算数", "项目", "预算数"],
            ["一、一般公共预算", "812.40", "一、一般公共服务支出", "580.00"],
            ["收入总计", "812.40", "支出总计", "812.40"],
        ],
    )
    text = fiscal + "\n" + SPENDING_TEXT.format(class_total="600.00", total="832.40")
    assert findings(text) == []
    segmented = segment(as_document(text))
    tables = parse_tables(segmented)
    kinds = [(t.standard.kind, t.standard.scope) for t in tables if t.standard]
    assert kinds == [("fiscal_summary", "fiscal"), ("expenditure", "all")]
    relations = relate(segmented, mentions(segmented.document, segmented), tables)
    assert [i.kind for i in relations.table_identities] == ["balance"]


def test_carry_over_year_totals_are_not_balanced() -> None:
    """本年收入合计 and 本年支出合计 differ by the carry-over: only 总计 rows balance."""
    text = tab_table(
        "2025年青石县档案馆部门收支总表",
        [
            *SUMMARY_ROWS[:4],
            ["本年收入合计", "832.40", "本年支出合计", "845.40"],
            ["上年结转", "13.00", "结转下年", ""],
            ["收入总计", "845.40", "支出总计", "845.40"],
        ],
    )
    assert findings(text) == []


def test_three_public_docx_sum(tmp_path: Path) -> None:
    path = write_three_public_docx(tmp_path / "sangong.docx")
    assert findings(str(path)) == []  # 36.50 = 0 + 30.20 + 6.30, 30.20 = 18 + 12.20; 栏次 row
    docx = pytest.importorskip("docx")
    document = docx.Document(str(path))
    document.tables[0].cell(2, 0).text = "38.50"
    document.save(str(path))
    (finding,) = findings(str(path))
    assert finding.rule == "CC505"
    assert "合计为38.50" in finding.message and "= 36.50" in finding.message
    assert [e.text for e in finding.evidence] == ["38.50", "0.00", "30.20", "6.30"]


def test_three_public_blank_part_counts_as_zero() -> None:
    text = (
        "2025年云岭镇一般公共预算“三公”经费支出表\n单位：万元\n\n"
        "| 合计 | 因公出国（境）费 | 公务用车购置及运行费 |  |  | 公务接待费 |\n"
        "|  |  | 小计 | 公务用车购置费 | 公务用车运行费 |  |\n"
        "| 36.50 |  | 30.20 |  | 30.20 | 6.30 |\n"
    )
    assert findings(text) == []
    assert len(findings(text.replace("| 36.50 |", "| 37.50 |"))) == 1


def test_fiscal_summary_pdf_balance(tmp_path: Path) -> None:
    path = write_fiscal_summary_pdf(tmp_path / "fiscal.pdf")
    assert findings(str(path)) == []
    report_path = write_fiscal_summary_pdf(tmp_path / "fiscal_off.pdf", spent="821.40")
    (finding,) = findings(str(report_path))
    assert finding.rule == "CC501" and "821.40" in finding.message


ROW_WISE_THREE_PUBLIC = (
    "2025年青石县档案馆一般公共预算“三公”经费支出预算表\n单位：万元\n\n"
    "| 项目 | 预算数 |\n"
    "| 合计 | {total} |\n"
    "| 1、因公出国（境）费用 | 0.00 |\n"
    "| 2、公务接待费 | 4.60 |\n"
    "| 3、公务用车购置及运行费 | 27.00 |\n"
    "| 其中：（1）公务用车购置费 | 18.00 |\n"
    "| （2）公务用车运行费 | 9.00 |\n"
)


def test_three_public_laid_out_in_rows() -> None:
    assert findings(ROW_WISE_THREE_PUBLIC.format(total="31.60")) == []
    (finding,) = findings(ROW_WISE_THREE_PUBLIC.format(total="33.60"))
    assert finding.rule == "CC505"
    assert "《2025年青石县档案馆一般公共预算“三公”经费支出预算表》合计·预算数为33.60" in (
        finding.message
    )
    assert "0.00 + 27.00 + 4.60 = 31.60" in finding.message


def test_basic_table_with_untyped_headers_and_total_on_top() -> None:
    """总 计 / 人员经费 / 公用经费 are no header words of the parser (its cells are not typed,
    the table looks like an empty template): the standard table still reads them, and a 合计
    row above the classes is the total."""
    spending = (
        "2025年青石县档案馆一般公共预算支出情况表\n单位：万元\n\n"
        "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
        "|  | 合计 | 600.00 | 410.00 | 190.00 |\n"
        "| 201 | 一般公共服务支出 | 600.00 | 410.00 | 190.00 |\n"
    )
    basic = (
        "2025年青石县档案馆一般公共预算基本支出情况表\n单位：万元\n\n"
        "| 科目编码 | 科目名称 | 总 计 | 人员经费 | 公用经费 |\n"
        "|  | 合计 | {total} | 370.00 | 40.00 |\n"
        "| 301 | 工资福利支出 | 370.00 | 370.00 |  |\n"
        "| 302 | 商品和服务支出 | 40.00 |  | 40.00 |\n"
    )
    tables = tables_of(spending + "\n" + basic.format(total="410.00"))
    assert [t.standard.kind for t in tables if t.standard] == ["general", "basic"]
    assert findings(spending + "\n" + basic.format(total="410.00")) == []
    (finding,) = findings(spending + "\n" + basic.format(total="400.00"))
    assert finding.rule == "CC504"
    assert "《2025年青石县档案馆一般公共预算基本支出情况表》合计·总计为400.00" in finding.message
    assert "《2025年青石县档案馆一般公共预算支出情况表》合计·基本支出为410.00" in finding.message


FISCAL_TWO_COLUMNS = tab_table(
    "2025年青石县档案馆财政拨款收支总表",
    [
        ["收入", "", "支出", ""],
        ["项目", "预算数", "项目", "预算数"],
        ["一、一般公共预算拨款", "812.40", "一、一般公共服务支出", "812.40"],
        ["收入总计", "812.40", "支出总计", "812.40"],
    ],
)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        ("2025年青石县档案馆财政拨款收支总预算821.40万元。", "error"),
        ("2025年青石县档案馆财政拨款收支总预算812.41万元。", "info"),
        ("2025年青石县档案馆财政拨款收支总预算812.40万元。", None),
        # another year, a change: not the table's 总计
        ("2024年青石县档案馆财政拨款收支总预算790.00万元。", None),
        ("财政拨款收支总预算比上年增加22.40万元。", None),
        # all funds: no 收支总表 in this document, so nothing to compare
        ("2025年青石县档案馆收支总预算900.00万元。", None),
    ],
)
def test_narrative_statement_total(sentence: str, flagged: str | None) -> None:
    text = f"青石县档案馆2025年部门预算\n\n{sentence}\n\n{FISCAL_TWO_COLUMNS}"
    found = findings(text, "CC506")
    assert [f.severity for f in found] == ([flagged] if flagged else [])


def test_a_list_of_the_tables_is_no_standard_table() -> None:
    """A 目录 of the tables (one row a table name) and a 目录 line cut into cells."""
    listing = (
        "| 报表 | 报表名称 | 是否空表 |\n| 表1 | 部门收支总表 |  |\n"
        "| 表2 | 部门收入总表 |  |\n| 表3 | 部门支出总表 | 是 |\n"
    )
    line = "二、部门收支总表\n\n| 2 | 、部门收入总表 |\n"
    assert [t.standard for t in tables_of(listing)] == [None]
    assert all(t.standard is None for t in tables_of(line))


# A flattened 支出表 whose lower header row (合计 / 基本支出 / 项目支出) slid right, over the
# 增减额 / 增减% columns: the class headers stand over changes and percents.
SLID_ROWS = [
    ["科目编码", "科目名称", "2024年执行数", "2025年预算数", "增减额", "增减(%)", "", ""],
    ["", "", "", "", "", "合计", "基本支出", "项目支出"],
    ["213", "农林水支出", "310.00", "362.70", "52.70", "17.00%", "52.70", "17.00%"],
    ["21301", "农业农村", "310.00", "362.70", "52.70", "17.00%", "52.70", "17.00%"],
]


def test_a_table_whose_class_headers_slid_over_its_changes_gives_no_identity() -> None:
    text = tab_table("2025年青石县农业农村局一般公共预算支出表", SLID_ROWS)
    (table,) = tables_of(text)
    assert table.standard is not None
    assert table.standard.columns == ()  # its headers are not over its columns


def test_a_table_whose_class_headers_slid_links_none_of_its_cells() -> None:
    # Trap: the 增减额 52.70 under a slid "基本支出" header is no budget of 农林水支出.
    text = tab_table("2025年青石县农业农村局一般公共预算支出表", SLID_ROWS) + (
        "\n二、支出预算说明\n农林水支出（类）2025年预算数为362.70万元，比2024年执行数增加"
        "52.70万元，增长17.00%。\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule in ("CC201", "CC502")]
    linked_cells = {
        link.b.mention.quantity.surface
        for group in crosscheck.check(text).aligned
        for link in group.links
        if link.b.mention.role == "table" or link.a.mention.role == "table"
    }
    assert linked_cells == set()


def test_a_table_whose_header_row_is_shifted_against_its_data_gives_no_identity() -> None:
    # The header row carries one cell more than the data rows (a flattened table): 科目名称
    # stands over the totals, 总计 over the 基本支出.
    text = tab_table(
        "2025年青石县农业农村局部门支出预算总表",
        [
            ["", "科目编码", "科目名称", "总计", "基本支出", "项目支出"],
            ["合计", "1,420.00", "980.00", "440.00", ""],
            ["213", "农林水支出", "1,420.00", "980.00", "440.00"],
        ],
    ) + tab_table("2025年青石县农业农村局部门收支预算总表", SUMMARY_ROWS)
    (table, _) = tables_of(text)
    assert table.standard is not None and table.standard.columns == ()
    assert findings(text) == []


def test_amounts_under_no_header_mean_merged_headers_lost_their_spans() -> None:
    # "公务用车购置及运行费" spanned three columns; flattened, its sub-headers slid left and
    # the last two amounts stand under no header: no 三公 sum is read from it.
    text = tab_table(
        "2025年青石县农业农村局一般公共预算“三公”经费支出表",
        [
            ["“三公”经费合计", "因公出国（境）费", "公务用车购置及运行费", "公务接待费"],
            ["", "", "", "小计", "公务用车购置费", "公务用车运行费"],
            ["86.40", "0.00", "62.10", "40.00", "22.10", "24.30"],
        ],
    )
    assert findings(text) == []
