"""The totals of the standard 部门预算 tables keyed as the statement's totals (align/keys.py)."""

from __future__ import annotations

import crosscheck
from crosscheck.compare import Agreement
from tests.conftest import link_pairs, value_conflict


def _row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _income_tables(grand: str) -> str:
    # A 收支总表 with its 本年收入合计 and its 收入总计, and a 收入总表 of one row whose items
    # are columns, the 上年结转 among them: that 合计 holds the carry-over, it is the 总计.
    return (
        "<html><body><p>某县应急管理局2026年部门预算</p>"
        "<p>表1：2026年部门收支总表</p><p>单位：万元</p><table>"
        + _row("收入", "", "支出", "")
        + _row("项目", "预算数", "项目", "预算数")
        + _row("一般公共预算拨款收入", "1,512.30", "一般公共服务支出", "1,420.30")
        + _row("事业收入", "40.00", "住房保障支出", "168.00")
        + _row("本年收入合计", "1,552.30", "本年支出合计", "1,588.30")
        + _row("上年结转", "36.00", "结转下年", "")
        + _row("收入总计", grand, "支出总计", "1,588.30")
        + "</table><p>表2：2026年部门收入总表</p><p>单位：万元</p><table>"
        + _row("合计", "上年结转", "一般公共预算拨款收入", "事业收入")
        + _row("1,588.30", "36.00", "1,512.30", "40.00")
        + "</table></body></html>"
    )


def test_an_income_tables_total_with_the_carry_over_is_the_grand_total(tmp_path) -> None:
    path = tmp_path / "budget.html"
    path.write_text(_income_tables("1,588.30"), encoding="utf-8")
    pairs = link_pairs(path)
    assert ("1,588.30", "1,588.30", Agreement.SAME) in pairs
    # Trap: the 收入总表's 合计 is not the 本年收入合计 of the 收支总表 (1,552.30).
    assert not [f for f in crosscheck.check(path).findings if f.rule == "CC201"]
    assert not [p for p in pairs if {p[0], p[1]} == {"1,552.30", "1,588.30"}]


def _income_list(stated: str, kind: str = "部门预算") -> str:
    # A 收入预算 paragraph whose parts name no measure of their own (…资金b万元) under a head
    # that states the year's 年初预算数, and the 收支总表 that lists the same incomes.
    return (
        f"某市商务局2026年{kind}\n二、部门收支总体情况\n"
        "（一）收入预算：2026年年初预算数3,265.80万元，其中：一般公共预算拨款2,840.50万元，"
        f"事业收入资金{stated}万元，其他收入资金113.10万元。\n\n"
        "表1：2026年部门收支总体情况表\n单位：万元\n\n"
        "| 收入 |  | 支出 |  |\n| 项目 | 预算数 | 项目 | 预算数 |\n"
        "| 一般公共预算拨款收入 | 2,840.50 | 商业服务业等支出 | 3,265.80 |\n"
        "| 事业收入资金 | 312.20 |  |  |\n"
        "| 其他收入资金 | 113.10 |  |  |\n"
        "| 收入总计 | 3,265.80 | 支出总计 | 3,265.80 |\n"
    )


def test_a_part_naming_no_measure_states_what_its_head_measures() -> None:
    # 年初预算数 in a budget is its 预算数; 事业收入资金b万元 is that budget's part, and
    # "（一）收入预算：" names a side of the statement, no item.
    assert ("312.20万元", "312.20", Agreement.SAME) in link_pairs(_income_list("312.20"))
    conflict = value_conflict(_income_list("321.20"))
    assert "321.20万元" in conflict.message and "312.20" in conflict.message


def test_a_final_accounts_initial_budget_is_not_its_spending() -> None:
    # Trap: in a 决算 the 年初预算数 and the 决算数 of a table are two figures.
    text = _income_list("321.20", kind="部门决算").replace("预算数 |", "决算数 |")
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _general_budget(stated: str) -> str:
    # A budget's "…一般公共预算财政拨款支出a万元" is that budget's 支出合计 (its table's 合计).
    return (
        "某市档案局2026年部门预算\n三、财政拨款情况说明\n"
        f"2026年一般公共预算财政拨款收入806.50万元，一般公共预算财政拨款支出{stated}万元，"
        "比2025年减少12.30万元。\n\n"
        "表5：2026年一般公共预算支出情况表\n单位：万元\n\n"
        "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
        "| 201 | 一般公共服务支出 | 806.50 | 640.00 | 166.50 |\n"
        "|  | 合计 | 806.50 | 640.00 | 166.50 |\n"
    )


def test_a_budgets_spending_of_its_sources_is_their_tables_total() -> None:
    assert ("806.50万元", "806.50", Agreement.SAME) in link_pairs(_general_budget("806.50"))
    conflict = value_conflict(_general_budget("860.50"))
    assert "860.50万元" in conflict.message and "806.50" in conflict.message


def _slid_spending_table(stated: str) -> str:
    # A flattened 一般公共预算支出表 whose second header row (科目编码 | 科目名称 | 小计 |
    # 人员经费 | 公用经费) cannot be laid out from the text: its label words fall over the
    # value columns, and no column's header is its own.
    rows = [
        ("合计", "906.40", "312.60", "268.10", "44.50", "593.80"),
        ("201\n\t一般公共服务支出", "906.40", "312.60", "268.10", "44.50", "593.80"),
        ("20132\n\t组织事务", "906.40", "312.60", "268.10", "44.50", "593.80"),
    ]
    body = "".join("\n\t" + "\n\t".join(row) + "\n" for row in rows)
    return (
        "某市委组织部2026年部门预算\n三、财政拨款情况说明\n"
        f"2026年一般公共预算财政拨款收入{stated}万元，一般公共预算财政拨款支出{stated}万元。\n\n"
        "2026年一般公共预算支出情况表\n单位：万元\n\n"
        "\t功能分类科目\n\t总计\n\t基本支出\n\t项目支出\n\n"
        "\t科目编码\n\t科目名称\n\t小计\n\t人员经费\n\t公用经费\n" + body
    )


def test_a_table_whose_labels_hold_amounts_states_nothing() -> None:
    # Trap: the 268.10 under a slid 小计 is no 支出合计 of the text's 906.40.
    report = crosscheck.check(_slid_spending_table("906.40"))
    assert not [f for f in report.findings if f.rule == "CC201"]


def _sides_after_numbered_incomes(spent: str) -> str:
    # A PDF's text view: no blank line between paragraphs, the incomes numbered (4.…10.) under
    # a lettered heading, a chart's caption, then the 支出 section opening with its total.
    return (
        "北京市某服务中心2026年部门预算\n二、收入预算情况说明\n"
        "2026年收入预算2,418.60万元，比2025年年初预算数2,390.00万元增加28.60万元。\n"
        "（一）本年财政拨款收入2,408.60万元\n1.一般公共预算拨款收入2,408.60万元。\n\n"
        "（二）本年其他资金收入0万元\n2.事业收入0万元。\n3.其他收入0万元。\n"
        "（三）上年结转结余10.00万元\n4.上年结转结余10.00万元。\n图1：收入预算\n"
        f"三、支出预算情况说明\n2026年支出预算{spent}万元，比2025年年初预算数2,390.00万元"
        "增加28.60万元。\n\n"
        "表3：2026年支出预算总表\n单位：万元\n\n"
        "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
        "| 201 | 一般公共服务支出 | 2,418.60 | 1,980.20 | 438.40 |\n"
        "|  | 合计 | 2,418.60 | 1,980.20 | 438.40 |\n"
    )


def test_a_side_total_after_a_numbered_list_of_another_section_is_the_sides() -> None:
    # The list marker "（二）" of the incomes is no marker of the 支出 section's paragraph.
    assert ("2,418.60万元", "2,418.60", Agreement.SAME) in link_pairs(
        _sides_after_numbered_incomes("2,418.60")
    )
    conflict = value_conflict(_sides_after_numbered_incomes("2,481.60"))
    assert "2,481.60万元" in conflict.message and "2,418.60" in conflict.message


def _income_with_carry_over(stated: str) -> str:
    # "收入预算" names the side alone; with 上年结转 brought in, it is the side's 总计.
    return (
        "某市公安局2026年部门预算\n二、收入预算情况说明\n"
        f"2026年收入预算{stated}万元，其中上年结转46.20万元。\n\n"
        "表1：2026年部门收支预算总表\n单位：万元\n\n"
        "| 收入 |  | 支出 |  |\n| 项目 | 预算数 | 项目 | 预算数 |\n"
        "| 一般公共预算拨款收入 | 5,120.40 | 公共安全支出 | 5,166.60 |\n"
        "| 本年收入合计 | 5,120.40 | 本年支出合计 | 5,166.60 |\n"
        "| 上年结转 | 46.20 | 结转下年 |  |\n"
        "| 收入总计 | 5,166.60 | 支出总计 | 5,166.60 |\n"
    )


def test_a_side_named_alone_with_a_carry_over_is_the_sides_grand_total() -> None:
    pairs = link_pairs(_income_with_carry_over("5,166.60"))
    assert ("5,166.60万元", "5,166.60", Agreement.SAME) in pairs
    # Trap: not the 本年收入合计 (5,120.40), which leaves the carry-over out.
    assert not [
        f
        for f in crosscheck.check(_income_with_carry_over("5,166.60")).findings
        if f.rule == "CC201"
    ]
    conflict = value_conflict(_income_with_carry_over("5,616.60"))
    assert "5,616.60万元" in conflict.message and "5,166.60" in conflict.message


def _listed_with_includes(staff: str) -> str:
    # "…预算a万元，包括在职人员经费b万元、…": 包括 opens the budget's parts, each a budget.
    return (
        "某市口岸办公室2026年部门预算\n一、收支预算总体情况\n"
        f"某市口岸办公室2026年部门预算12,884.60万元，包括在职人员经费{staff}万元、公用经费"
        "819.20万元、项目支出8,939.00万元。\n二、支出预算具体情况\n"
        "（一）在职人员经费3,126.40万元，主要是在职人员工资福利和社保缴费等相关支出。\n"
    )


def test_a_part_after_includes_is_its_heads_measure_of_its_item() -> None:
    assert ("3,126.40万元", "3,126.40万元", Agreement.SAME) in link_pairs(
        _listed_with_includes("3,126.40")
    )
    conflict = value_conflict(_listed_with_includes("3,162.40"))
    assert "3,162.40万元" in conflict.message and "3,126.40万元" in conflict.message
    assert conflict.message.startswith("在职人员经费")  # 包括 is no word of its name


def _other_income(stated: str) -> str:
    # 其他收入 is a line of every 收支总表 and 收入总表: "其他" makes it no vaguer than 事业收入.
    return (
        "某县自然资源局2026年部门预算\n二、收入预算情况说明\n"
        f"2026年收入预算2,104.60万元，其中一般公共预算拨款收入1,880.40万元，其他收入{stated}万元。\n\n"
        "表1：2026年部门收支总表\n单位：万元\n\n"
        "| 收入 |  | 支出 |  |\n| 项目 | 预算数 | 项目 | 预算数 |\n"
        "| 一般公共预算拨款收入 | 1,880.40 | 自然资源海洋气象等支出 | 2,104.60 |\n"
        "| 其他收入 | 224.20 |  |  |\n"
        "| 收入总计 | 2,104.60 | 支出总计 | 2,104.60 |\n"
    )


def test_the_other_income_line_is_linked_with_its_row() -> None:
    assert ("224.20万元", "224.20", Agreement.SAME) in link_pairs(_other_income("224.20"))
    conflict = value_conflict(_other_income("242.20"))
    assert "242.20" in conflict.message and "224.20" in conflict.message


def test_other_funds_of_no_line_name_nothing() -> None:
    # Trap: "其他经费" and "其他资金" of two paragraphs are no line of a statement; their two
    # amounts are two leftovers, not one fact stated twice.
    text = (
        "某县自然资源局2025年度部门整体支出绩效自评报告\n一、项目执行\n"
        "土地整治项目支出预算310.00万元，其他经费支出预算41.20万元。\n二、资金管理\n"
        "测绘项目支出预算86.00万元，其他经费支出预算14.20万元。\n"
    )
    assert not [p for p in link_pairs(text) if "41.20万元" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _two_classifications(fund: str, medical_econ: str = "96.30", annuity: str = "47.20") -> str:
    # A budget's 一般公共预算支出表 (功能分类, 类/款/项 codes) and its 基本支出表 (经济分类): 住房
    # 公积金 and 职业年金 are payments classified twice (2210201 / 30113, 2080506 / 30109);
    # 职工基本医疗保险缴费 (30110) spreads over 行政单位医疗 and 事业单位医疗, no one row.
    return (
        "某县水利局2026年部门预算\n\n"
        "表5：2026年一般公共预算支出表\n单位：万元\n\n"
        "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
        "| 2080506 | 机关事业单位职业年金缴费支出 | 47.20 | 47.20 |  |\n"
        "| 2101101 | 行政单位医疗 | 96.30 | 96.30 |  |\n"
        "| 2210201 | 住房公积金 | 142.80 | 142.80 |  |\n"
        "|  | 合计 | 286.30 | 286.30 |  |\n\n"
        "表6：2026年一般公共预算基本支出表\n单位：万元\n\n"
        "| 科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费 |\n"
        f"| 30109 | 职业年金缴费 | {annuity} | {annuity} |  |\n"
        f"| 30110 | 职工基本医疗保险缴费 | {medical_econ} | {medical_econ} |  |\n"
        f"| 30113 | 住房公积金 | {fund} | {fund} |  |\n"
    )


def test_an_economic_item_is_its_functional_twins_row() -> None:
    pairs = link_pairs(_two_classifications("142.80"))
    assert ("142.80", "142.80", Agreement.SAME) in pairs
    conflict = value_conflict(_two_classifications("124.80"))
    assert "124.80" in conflict.message and "142.80" in conflict.message


def test_twins_that_all_disagree_are_another_booking_practice() -> None:
    # Trap: every twin pair differs (a department that books part of its 住房公积金 and 职业
    # 年金 under 行政运行): its two classifications part them, and no pair is one fact.
    text = _two_classifications("396.60", annuity="131.10")
    assert not [p for p in link_pairs(text) if "396.60" in p[:2] or "131.10" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_an_economic_item_of_several_functional_rows_has_no_twin() -> None:
    # Trap: 30110 职工基本医疗保险缴费 is 行政单位医疗 + 事业单位医疗 + …: one of them equal to it
    # is no restatement, and one that differs is no conflict.
    text = _two_classifications("142.80", medical_econ="102.30")
    assert not [p for p in link_pairs(text) if "102.30" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _flattened(*rows: tuple[str, ...]) -> str:
    # A PDF's text view of a table: a cell a line, each opened by a TAB, rows parted by a blank.
    return "".join("\t" + "\n\t".join(row) + "\n\n" for row in rows)


def _bracket_coded_budget(fund: str) -> str:
    # Tables whose rows open with their code in square brackets, under headers "其中：基本支出"
    # (the part of the 小计 beside it), "功能科目名称" / "部门预算支出经济科目" and "预算".
    return (
        "某市档案馆2026年部门预算\n\n"
        "一般公共预算支出情况表（按功能分类科目）\n单位：万元\n\n"
        + _flattened(
            ("功能科目名称", "小计", "其中：基本支出", "项目支出"),
            ("合计", "684.20", "415.60", "268.60"),
            ("[2080506]机关事业单位职业年金缴费支出", "31.70", "31.70", "0.00"),
            ("[2210201]住房公积金", "58.40", "58.40", "0.00"),
        )
        + "一般公共预算基本支出情况表（按经济分类科目）\n单位：万元\n\n"
        + _flattened(
            ("部门预算支出经济科目", "预算"),
            ("合计", "415.60"),
            ("[30109]职业年金缴费", "31.70"),
            ("[30113]住房公积金", fund),
        )
    )


def test_bracketed_codes_and_part_headers_are_read() -> None:
    from crosscheck.tables.headers import header_word

    assert header_word("其中：基本支出").key == "basic_expenditure"
    assert header_word("部门预算支出经济科目").role == "label"
    assert header_word("其中：说明") is None
    pairs = link_pairs(_bracket_coded_budget("58.40"))
    assert ("58.40", "58.40", Agreement.SAME) in pairs
    assert ("31.70", "31.70", Agreement.SAME) in pairs
    conflict = value_conflict(_bracket_coded_budget("85.40"))
    assert "85.40" in conflict.message and "58.40" in conflict.message


def test_a_bracketed_number_that_is_no_code_names_no_item() -> None:
    # Trap: "[01]" (two digits) and "[2025]" (a year, four) are no 类/款/项 code.
    from crosscheck.align.keys import _code_of

    assert _code_of("[30113]住房公积金") == "30113"
    assert _code_of("[01]办公费") == ""
    assert _code_of("[2025]年度结转") == ""
