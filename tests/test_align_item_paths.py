"""A 功能分类 item named by its levels in the text, and the columns that split 基本支出, linked
with the rows and cells of tables that write no codes (align/keys.py)."""

from __future__ import annotations

import crosscheck
from crosscheck.compare import Agreement
from tests.conftest import link_pairs, value_conflict

_TABLE = (
    "表5：2026年一般公共预算支出预算表\n单位：万元\n\n"
    "\t功能分类科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
    "\t合计\n\t1,048.90\n\t812.40\n\t236.50\n\n"
    "\t农林水支出\n\t1,048.90\n\t812.40\n\t236.50\n\n"
    "\t水利\n\t1,048.90\n\t812.40\n\t236.50\n\n"
    "\t行政运行\n\t812.40\n\t812.40\n\t\n\n"
    "\t水资源节约管理与保护\n\t236.50\n\t\n\t236.50\n"
)


def _budget(first: str, second: str, table: str = _TABLE) -> str:
    return (
        "某市水务局2026年部门预算\n三、一般公共预算当年拨款具体使用情况\n"
        f"1.农林水支出（类）水利（款）行政运行（项）{first}万元，主要用于机关日常运转。\n"
        f"2.农林水支出（类）水利（款）水资源节约管理与保护（项）{second}万元，主要用于节水"
        "宣传和水质监测。\n\n" + table
    )


def test_an_item_named_by_its_levels_is_the_row_of_its_last_level() -> None:
    pairs = link_pairs(_budget("812.40", "236.50"))
    assert ("236.50万元", "236.50", Agreement.SAME) in pairs
    assert ("812.40万元", "812.40", Agreement.SAME) in pairs


def test_an_item_named_by_its_levels_that_disagrees_with_its_row_is_reported() -> None:
    conflict = value_conflict(_budget("812.40", "263.50"))
    assert "263.50万元" in conflict.message and "236.50" in conflict.message


def test_a_last_level_named_on_two_rows_names_neither() -> None:
    # Trap: 行政运行 is a 项 under every 款; two such rows leave the text's item unplaced.
    table = _TABLE.replace(
        "\t水资源节约管理与保护\n",
        "\t南水北调工程\n\t95.00\n\t95.00\n\t\n\n\t行政运行\n\t95.00\n\t95.00\n\t\n\n"
        "\t水资源节约管理与保护\n",
    )
    pairs = link_pairs(_budget("859.40", "236.50", table))
    assert not [p for p in pairs if "859.40万元" in p[:2]]
    assert not [
        f
        for f in crosscheck.check(_budget("859.40", "236.50", table)).findings
        if f.rule == "CC201" and "859.40" in f.message
    ]


def test_an_item_whose_levels_stand_over_another_row_is_not_that_row() -> None:
    # Trap: the text's 行政运行 is under 南水北调工程, which is no row above the table's one.
    text = _budget("812.40", "236.50").replace(
        "农林水支出（类）水利（款）行政运行（项）812.40",
        "农林水支出（类）南水北调工程（款）行政运行（项）95.00",
    )
    assert not [p for p in link_pairs(text) if "95.00万元" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_two_items_of_one_last_level_name_in_the_text_are_not_named_by_it() -> None:
    # Trap: the text walks through 行政运行 of two 款; which one the table's row is is not
    # said by the names alone.
    text = _budget("812.40", "236.50").replace(
        "2.农林水支出",
        "3.农林水支出（类）南水北调工程（款）行政运行（项）64.00万元。\n2.农林水支出",
    )
    assert not [p for p in link_pairs(text) if "64.00万元" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _split_basic_page(staff: str) -> str:
    # A 支出表 whose 基本支出 is split over two header rows by merged cells (a reader table):
    # 人员经费 and 日常公用经费 are no header words, the merged cells place them.
    return (
        "<html><body><p>某区农业农村局2026年部门预算</p>"
        "<p>八、一般公共预算基本支出情况说明</p>"
        "<p>2026年一般公共预算基本支出734.60万元。</p>"
        f"<p>人员支出{staff}万元，主要包括基本工资、津贴补贴等；日常公用支出102.40万元，主要"
        "包括办公费、印刷费等。</p>"
        "<p>表5：2026年一般公共预算支出预算表</p><p>单位：万元</p><table>"
        "<tr><td rowspan='2'>功能分类科目名称</td><td rowspan='2'>合计</td>"
        "<td colspan='3'>基本支出</td><td rowspan='2'>项目支出</td></tr>"
        "<tr><td>小计</td><td>人员经费</td><td>日常公用经费</td></tr>"
        "<tr><td>合计</td><td>914.60</td><td>734.60</td><td>632.20</td><td>102.40</td>"
        "<td>180.00</td></tr>"
        "<tr><td>农林水支出</td><td>914.60</td><td>734.60</td><td>632.20</td><td>102.40</td>"
        "<td>180.00</td></tr></table></body></html>"
    )


def test_a_row_a_merged_header_cell_reaches_into_is_a_header_row(tmp_path) -> None:
    path = tmp_path / "budget.html"
    path.write_text(_split_basic_page("632.20"), encoding="utf-8")
    (table,) = crosscheck.check(path).tables
    headers = {c.cell.raw: c.col_header for c in table.cells if c.row_header == "合计"}
    assert headers["632.20"] == "基本支出 / 人员经费"
    assert headers["734.60"] == "基本支出 / 小计"
    assert not [c for c in table.cells if c.cell.raw == "人员经费" and c.role == "value"]


def test_the_total_row_of_a_column_splitting_basic_spending_states_that_part(tmp_path) -> None:
    path = tmp_path / "budget.html"
    path.write_text(_split_basic_page("632.20"), encoding="utf-8")
    report = crosscheck.check(path)
    linked = link_pairs(path)
    # 人员支出 in the text is the column's 人员经费; 日常公用支出 its 日常公用经费.
    assert ("632.20万元", "632.20", Agreement.SAME) in linked
    assert ("102.40万元", "102.40", Agreement.SAME) in linked
    assert not [f for f in report.findings if f.severity.value in ("error", "warning")]
    path.write_text(_split_basic_page("623.20"), encoding="utf-8")
    conflict = value_conflict(path)
    assert "623.20万元" in conflict.message and "632.20" in conflict.message


def test_a_part_column_of_another_row_is_no_statement_of_the_part(tmp_path) -> None:
    # Trap: 农林水支出's 人员经费 cell is that class's staff spending, not the department's.
    page = _split_basic_page("632.20").replace(
        "<tr><td>农林水支出</td><td>914.60</td><td>734.60</td><td>632.20</td>",
        "<tr><td>农林水支出</td><td>914.60</td><td>734.60</td><td>623.20</td>",
    )
    path = tmp_path / "budget.html"
    path.write_text(page, encoding="utf-8")
    report = crosscheck.check(path)
    assert not [f for f in report.findings if f.rule == "CC201"]


_TWO_SPENDING_TABLES = (
    "某县林业局2026年部门预算\n\n"
    "表3：2026年部门支出预算总表\n单位：万元\n\n"
    "\t科目编码\n\t科目名称\n\t总计\n\t基本支出\n\t项目支出\n\n"
    "\t人员支出\n\t公用经费\n\n"
    "\t**\n\t**\n\t1\n\t2\n\t3\n\t4\n\n"
    "\t\n\t合计\n\t1,306.80\n\t842.50\n\t96.30\n\t368.00\n\n"
    "\t2130201\n\t行政运行\n\t938.80\n\t842.50\n\t96.30\n\t\n\n"
    "\t2130234\n\t林业草原防灾减灾\n\t368.00\n\t\n\t\n\t368.00\n\n"
    "表5：2026年部门一般公共预算支出表\n单位：万元\n\n"
    "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
    "\t小计\n\t人员经费\n\t公用经费\n\n"
    "\t**\n\t**\n\t1\n\t2\n\t3\n\t4\n\t5\n\n"
    "\t\n\t合计\n\t1,306.80\n\t938.80\n\t842.50\n\t96.30\n\t368.00\n\n"
    "\t2130201\n\t行政运行\n\t938.80\n\t938.80\n\t842.50\n\t96.30\n\t\n\n"
    "\t2130234\n\t林业草原防灾减灾\n\t368.00\n\t\n\t\n\t\n\t368.00\n"
)


def test_a_rows_part_of_basic_spending_is_not_the_rows_basic_spending() -> None:
    # Trap: 行政运行's 人员支出 842.50 in the 支出总表 is a part of its 基本支出; the
    # 一般公共预算支出表's 基本支出 小计 938.80 of that row is another figure.
    report = crosscheck.check(_TWO_SPENDING_TABLES)
    assert not [f for f in report.findings if f.rule == "CC201"]
    pairs = link_pairs(_TWO_SPENDING_TABLES)
    assert not [p for p in pairs if {p[0], p[1]} == {"842.50", "938.80"}]


def test_a_numbered_tables_total_row_is_the_statements_total() -> None:
    # "表3：" opens the title: the number and its colon are no words of the title, so the
    # 支出预算总表's 合计 row is the statement's 支出合计, as the text's is.
    text = _TWO_SPENDING_TABLES.replace(
        "某县林业局2026年部门预算\n\n",
        "某县林业局2026年部门预算\n二、支出预算情况说明\n2026年支出预算合计{}万元。\n\n",
    )
    assert ("1,306.80万元", "1,306.80", Agreement.SAME) in link_pairs(text.format("1,306.80"))
    conflict = value_conflict(text.format("1,360.80"))
    assert "1,360.80万元" in conflict.message and "1,306.80" in conflict.message


def _meeting_costs(stated: str) -> str:
    # The unit, its year and its source open the sentence; the item (培训费) follows 安排的.
    return (
        "某市司法局2026年部门预算\n九、一般公共预算“三公”经费、会议费、培训费支出预算情况说明\n"
        f"某市司法局2026年度一般公共预算拨款安排的培训费预算支出{stated}万元，比上年预算减少"
        "2.40万元，主要原因是压减集中培训班次。\n\n"
        "表9：2026年一般公共预算“三公”经费、会议费、培训费支出表\n单位：万元\n\n"
        "\t“三公”经费合计\n\t因公出国（境）费\n\t公务用车购置及运行费\n\t公务接待费\n\t会议费\n"
        "\t培训费\n\n"
        "\t9.30\n\t0.00\n\t6.50\n\t2.80\n\t7.20\n\t18.60\n"
    )


def test_the_unit_and_its_sources_opening_a_sentence_are_no_item() -> None:
    assert ("18.60万元", "18.60", Agreement.SAME) in link_pairs(_meeting_costs("18.60"))
    conflict = value_conflict(_meeting_costs("16.80"))
    assert "16.80万元" in conflict.message and "18.60" in conflict.message


def test_an_items_own_name_opening_a_sentence_stays_its_item() -> None:
    # Trap: "普法宣传项目…安排的培训费" is the project's 培训费, not the 三公 table's.
    text = _meeting_costs("16.80").replace(
        "某市司法局2026年度一般公共预算拨款安排的培训费",
        "某市司法局2026年度普法宣传项目安排的培训费",
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _procurement_group_page() -> str:
    # A 支出总表 whose last group (政府采购项目) is split by merged cells into 小计 and a 其中
    # column: its 小计 is the procurement's subtotal, not the row's total, and the 0.00 of a
    # row with no procurement states nothing of the row's budget.
    row = "<td>{}</td><td>{}</td>" + "".join(
        f"<td>{v}</td>" for v in ("56.40", "3.20", "53.20", "0.00", "0.00")
    )
    return (
        "<html><body><p>某区文化旅游局2026年部门预算</p>"
        "<p>表3：支出总表</p><p>单位：万元</p><table>"
        "<tr><td rowspan='2'>科目编码</td><td rowspan='2'>科目名称</td><td rowspan='2'>支出总计"
        "</td><td rowspan='2'>基本支出</td><td rowspan='2'>项目支出</td>"
        "<td colspan='2'>2026年政府采购项目</td></tr>"
        "<tr><td>小计</td><td>其中：预留给中小企业的项目资金规模</td></tr>"
        f"<tr>{row.format('', '合计')}</tr><tr>{row.format('207', '文化旅游体育与传媒支出')}</tr>"
        f"<tr>{row.format('2070199', '其他文化和旅游支出')}</tr></table>"
        "<p>表5：一般公共预算支出表</p><p>单位：万元</p><table>"
        "<tr><td>科目编码</td><td>科目名称</td><td>合计</td><td>基本支出</td><td>项目支出</td></tr>"
        "<tr><td></td><td>合计</td><td>56.40</td><td>3.20</td><td>53.20</td></tr>"
        "<tr><td>207</td><td>文化旅游体育与传媒支出</td><td>56.40</td><td>3.20</td><td>53.20</td>"
        "</tr><tr><td>2070199</td><td>其他文化和旅游支出</td><td>56.40</td><td>3.20</td>"
        "<td>53.20</td></tr></table></body></html>"
    )


def test_a_subtotal_of_an_unnamed_group_is_no_rows_total(tmp_path) -> None:
    path = tmp_path / "budget.html"
    path.write_text(_procurement_group_page(), encoding="utf-8")
    report = crosscheck.check(path)
    first = report.tables[0]
    subtotal = [c for c in first.cells if (c.col_header or "").endswith("/ 小计")]
    assert subtotal and all(c.col_key is None for c in subtotal)
    assert not [f for f in report.findings if f.rule == "CC201"]
    # The rows' own totals are still one figure in both tables.
    linked = link_pairs(path)
    assert ("56.40", "56.40", Agreement.SAME) in linked


# A coded 功能分类 table where 行政运行 is a 项 under two 款: the text names each by its 款.
_CODED_TABLE = (
    "表6：一般公共预算支出预算表（功能科目）\n单位：万元\n\n"
    "\t科目代码\n\t功能科目名称\n\t金额\n\n"
    "\t\n\t合计\n\t955.00\n\n"
    "\t208\n\t社会保障和就业支出\n\t955.00\n\n"
    "\t20801\n\t人力资源和社会保障管理事务\n\t610.00\n\n"
    "\t2080101\n\t行政运行\n\t540.00\n\n"
    "\t2080109\n\t社会保险经办机构\n\t70.00\n\n"
    "\t20802\n\t民政管理事务\n\t345.00\n\n"
    "\t2080201\n\t行政运行\n\t345.00\n"
)


def _coded_budget(first: str, second: str) -> str:
    return (
        "某县人社局2026年部门预算说明\n三、一般公共预算支出预算情况说明\n"
        f"1．人力资源和社会保障管理事务（款）行政运行（项）支出{first}万元，与上年持平。\n"
        f"2．民政管理事务（款）行政运行（项）支出{second}万元，用于机关日常运转。\n\n"
        + _CODED_TABLE
    )


def test_a_last_level_under_two_codes_is_the_one_under_its_named_parent() -> None:
    pairs = link_pairs(_coded_budget("540.00", "345.00"))
    assert ("540.00万元", "540.00", Agreement.SAME) in pairs
    assert ("345.00万元", "345.00", Agreement.SAME) in pairs
    conflict = value_conflict(_coded_budget("540.00", "354.00"))
    assert "354.00万元" in conflict.message and "345.00" in conflict.message


def test_a_last_level_under_two_codes_with_no_parent_named_is_neither() -> None:
    text = (
        "某县人社局2026年部门预算说明\n三、一般公共预算支出预算情况说明\n"
        "1．行政运行（项）支出354.00万元，用于机关日常运转。\n\n" + _CODED_TABLE
    )
    assert not [p for p in link_pairs(text) if p[0] == "354.00万元"]


# A 功能分类 table that writes the code in three cells under one merged header, 类 | 款 | 项:
# the 款 and the 项 of 2080505 are both "05" (a spreadsheet exported to HTML or PDF).
_SPLIT_CODE_PAGE = """<html><body><p>某区档案局2026年部门预算说明</p><p>三、一般公共预算支出预算情况</p>
<p>1. 社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）
{first}万元，主要用于养老保险缴费。</p>
<p>表3：一般公共预算支出表</p><p>单位：万元</p>
<table border="1">
<tr><td colspan="3">科目编码</td><td rowspan="2">科目名称</td><td rowspan="2">金额</td></tr>
<tr><td>类</td><td>款</td><td>项</td></tr>
<tr><td>208</td><td></td><td></td><td>社会保障和就业支出</td><td>61.30</td></tr>
<tr><td>208</td><td>05</td><td></td><td>行政事业单位养老支出</td><td>61.30</td></tr>
<tr><td>208</td><td>05</td><td>05</td><td>机关事业单位基本养老保险缴费支出</td><td>41.20</td></tr>
<tr><td>208</td><td>05</td><td>06</td><td>机关事业单位职业年金缴费支出</td><td>20.10</td></tr>
</table></body></html>"""


def test_a_code_written_in_three_cells_keeps_a_level_equal_to_its_parent(tmp_path) -> None:
    page = tmp_path / "budget.html"
    page.write_text(_SPLIT_CODE_PAGE.format(first="41.20"), encoding="utf-8")
    assert ("41.20万元", "41.20", Agreement.SAME) in link_pairs(page)
    page.write_text(_SPLIT_CODE_PAGE.format(first="42.10"), encoding="utf-8")
    conflict = value_conflict(page)
    assert "42.10万元" in conflict.message and "41.20" in conflict.message


_NEAR_ROWS = (
    "青溪县人社局2025年度部门预算公开说明\n\n三、一般公共预算拨款支出预算情况\n"
    "1．行政事业单位养老支出（款）机关事业单位基本养老保险费（项）支出186.42万元。\n"
    "2．行政事业单位养老支出（款）机关事业单位职业年金（项）支出{pension}万元。\n"
    "3．行政事业单位养老支出（款）其他行政事业单位养老支出（项）支出{other}万元。\n\n"
    "表3 一般公共预算支出预算表\n单位：万元\n\n"
    "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
    "| 208 | 社会保障和就业支出 | 261.00 | 261.00 | 0.00 |\n"
    "| 20805 | 行政事业单位养老支出 | 261.00 | 261.00 | 0.00 |\n"
    "| 2080505 | 机关事业单位基本养老保险缴费支出 | 186.42 | 186.42 | 0.00 |\n"
    "| 2080506 | 机关事业单位职业年金缴费支出 | 74.58 | 74.58 | 0.00 |\n"
)


def test_an_item_named_a_little_otherwise_is_the_nearest_row_under_its_parent() -> None:
    pairs = link_pairs(_NEAR_ROWS.format(pension="74.56", other="12.00"))
    assert ("186.42万元", "186.42", Agreement.SAME) in pairs  # 养老保险费 / 养老保险缴费支出
    assert ("74.56万元", "74.58", Agreement.DIFFERENT) in pairs
    # A 项 no row under its 款 is near to is no row's.
    assert not [p for p in pairs if "12.00万元" in p[:2]]


def _coded_and_projects(project_row: str) -> str:
    # A coded 支出表 and a 项目支出表 whose project is named like one 项 with 经费 after it.
    return (
        "公开表5\n一般公共预算支出表\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t201\n\t一般公共服务支出\n\t946.20\n\t618.70\n\t327.50\n\n"
        "\t20113\n\t商贸事务\n\t946.20\n\t618.70\n\t327.50\n\n"
        "\t2011301\n\t行政运行\n\t618.70\n\t618.70\n\t0.00\n\n"
        "\t2011308\n\t招商引资\n\t327.50\n\t0.00\n\t327.50\n\n"
        "公开表9\n部门预算项目支出及其他支出预算表\n单位：万元\n\n"
        "\t项目名称\n\t总计\n\t一般公共预算\n\n"
        f"\t{project_row}\n\t82.40\n\t82.40\n\n"
        "\t展会组织经费\n\t245.10\n\t245.10\n"
    )


def test_a_project_named_like_an_item_with_a_tail_is_not_that_item() -> None:
    # 招商引资经费 82.40 is one project of the 项 招商引资 (327.50 = 82.40 + 245.10): no conflict.
    pairs = link_pairs(_coded_and_projects("招商引资经费"))
    assert not [p for p in pairs if {p[0], p[1]} == {"327.50", "82.40"}]


def test_a_row_named_as_the_item_is_written_still_takes_its_code() -> None:
    # Trap: a row written exactly as the 项's name is that 项 (a 收支总表 without codes).
    pairs = link_pairs(_coded_and_projects("招商引资"))
    assert ("327.50", "82.40", Agreement.DIFFERENT) in pairs or (
        "82.40",
        "327.50",
        Agreement.DIFFERENT,
    ) in pairs


def _unlisted_parent(parent: str, amount: str) -> str:
    # The table lists 社会保险经办机构 under 人力资源和社会保障管理事务 only; the text names the
    # 项 under a 款 with nothing budgeted, which the table therefore leaves out.
    return (
        "某县人社局2026年部门预算说明\n三、一般公共预算支出预算情况说明\n"
        f"1．{parent}（款）社会保险经办机构（项）支出{amount}万元，与上年相比减少12.40万元。\n\n"
        + _CODED_TABLE
    )


def test_a_last_level_under_a_parent_the_tables_lack_is_not_another_parents_row() -> None:
    # 就业补助 has no row: its 社会保险经办机构 is not 2080109 under 人力资源和社会保障管理事务.
    assert not [
        f for f in crosscheck.check(_unlisted_parent("就业补助", "0")).findings if f.rule == "CC201"
    ]


def test_a_last_level_under_its_listed_parent_is_still_its_row() -> None:
    # Trap: the parent the table lists places the 项, and a wrong amount is reported.
    conflict = value_conflict(_unlisted_parent("人力资源和社会保障管理事务", "7.00"))
    assert "7.00万元" in conflict.message and "70.00" in conflict.message


def _items_with_codes_in_brackets(second: str) -> str:
    # The 项级科目 paragraphs name each item, then its code in brackets (and a verb), as the
    # table above lists them by code.
    return (
        "某县司法局2024年部门预算\n（二）具体情况（按项级科目）\n\n"
        "科目编码|科目名称|2024年预算数（万元）\n2040601|行政运行|826.40\n2040605|普法宣传|48.60\n\n"
        "1.行政运行（2040601）826.40万元，主要用于机关运转。\n"
        f"2.普法宣传（2040605）安排{second}，主要用于普法宣传活动。\n"
    )


def test_an_item_named_before_its_bracketed_code_is_keyed_by_the_code() -> None:
    pairs = link_pairs(_items_with_codes_in_brackets("48.60万元"))
    assert {
        ("826.40", "826.40万元", Agreement.SAME),
        ("48.60", "48.60万元", Agreement.SAME),
    } <= pairs
    conflict = value_conflict(_items_with_codes_in_brackets("46.80万元"))
    assert "46.80万元" in conflict.message and "48.60" in conflict.message
    # The same digits in 元: a unit slip, said as such.
    report = crosscheck.check(_items_with_codes_in_brackets("48.60元"))
    assert [f.rule for f in report.findings if f.severity != "info"] == ["CC304"]


def _items_then_by_kind(restated: str) -> str:
    # Items by 功能分类 with their totals, then the same items by kind of spending under run-in
    # heads (公用经费：…；专项业务经费：…): each there is a part of its item.
    return (
        "2、支出按功能科目分类的明细情况\n"
        "（1）行政运行（2013301）1,260.00万元，较上年增加30.00万元；\n"
        "（2）培训支出（2050803）86.50万元，较上年增加6.50万元。\n"
        "从人员经费、公用经费、专项业务经费来看，其中：\n"
        "（1）公用经费：①行政运行（2013301）160.00万元；②培训支出（2050803）4.50万元；\n"
        "（2）专项业务经费：①培训支出（2050803）82.00万元，主要用于业务培训。\n"
        f"3、其他说明\n培训支出（2050803）全年安排{restated}万元。\n"
    )


def test_items_under_a_kind_of_spending_head_are_parts_not_the_items() -> None:
    report = crosscheck.check(_items_then_by_kind("86.50"))
    assert not [f for f in report.findings if f.rule == "CC201"]
    # The item's whole restated elsewhere with another value still conflicts.
    conflict = value_conflict(_items_then_by_kind("68.50"))
    assert "68.50万元" in conflict.message and "86.50万元" in conflict.message
    assert "82.00" not in conflict.message and "4.50" not in conflict.message


def _item_and_its_basic_row(all_classes_table: str) -> str:
    # An item named with its code and no class, a 基本支出 table's row of it (its 基本支出
    # only), and maybe the 支出表's row of all classes.
    return (
        "（三）一般公共预算拨款支出明细情况\n"
        "（25）行政单位医疗（2101101）860.40万元，较上年减少12.30万元。\n\n"
        "2025年一般公共预算基本支出明细表（按支出功能分类科目）\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\t人员经费\n\t公用经费\n\n"
        "\t2101101\n\t行政单位医疗\n\t60.40\n\t60.40\n\t0.00\n\n" + all_classes_table
    )


def test_an_item_naming_no_class_is_not_its_row_in_a_basic_spending_table() -> None:
    # Trap: 60.40 is the item's 基本支出 only; the text states the item whole.
    assert not [
        f for f in crosscheck.check(_item_and_its_basic_row("")).findings if f.rule == "CC201"
    ]
    whole = (
        "\n2025年一般公共预算支出明细表（按支出功能分类科目）\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t2101101\n\t行政单位医疗\n\t806.40\n\t60.40\n\t746.00\n"
    )
    conflict = value_conflict(_item_and_its_basic_row(whole))
    assert "860.40万元" in conflict.message and "806.40" in conflict.message
