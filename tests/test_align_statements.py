"""What a statement is, beyond its name (crosscheck/align/keys.py, qualifiers.py, links.py):
a target or a sample, a rule, a value changed from, a statement table's measure and class,
a 功能分类 item by its code, the reporting unit as the agent of its sentence.

Every text is invented, in the shapes of published 部门预算/决算 and 自评报告 (figures and
units of our own); each positive case has a trap beside it.
"""

from __future__ import annotations

import pytest

import crosscheck
from crosscheck.align.keys import cell_places, facts_of, statement_measure
from crosscheck.compare import Agreement
from crosscheck.segment import segment

from .conftest import link_pairs, value_conflict


def _facts(text: str):
    report = crosscheck.check(text)
    return facts_of(
        segment(report.document), report.mentions, cell_places(report.tables, report.document.text)
    )


def _fact(text: str, surface: str):
    return next(f for f in _facts(text) if f.mention.quantity.surface.strip() == surface)


def _conflicts(text: str) -> list[str]:
    return [f.message for f in crosscheck.check(text).findings if f.rule == "CC201"]


# --- qualifiers: targets, samples, rules, values changed from --------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "scope"),
    [
        ("年度绩效目标：完成河道清淤42公里，建成护岸8处。", "42公里", "target"),
        ("全年计划培训村级调解员300人次。", "300人次", "target"),
        ("群众满意度为88%，未达到90%的年度目标。", "90%", "target"),
        ("（二）年度绩效目标\n新增城市绿地面积不少于12公顷。\n", "不少于12公顷", "target"),
        ("全年共抽查在建工地、污水管网36处。", "36处", "sample"),
        ("全年完成河道清淤45公里。", "45公里", ""),  # done, not planned
        ("（三）绩效目标完成情况\n新增城市绿地面积13.6公顷。\n", "13.6公顷", ""),
        ("农产品抽检合格率为98.2%。", "98.2%", ""),  # a rate of a sample is one fact
        ("按每人每月500元标准发放生活补助。", "500元", "rule"),
        ("每少报送1次扣2分。", "2分", "rule"),
        ("每年召开联席会议4次。", "4次", ""),  # how often: one fact
        ("城乡污水处理率由86.5%提高到91.2%。", "86.5%", "from"),
        ("城乡污水处理率由86.5%提高到91.2%。", "91.2%", ""),
        ("全局下属3个单位开展了专项检查。", "3个", "rule"),  # what is counted follows it
    ],
)
def test_what_a_number_states(text: str, surface: str, scope: str) -> None:
    assert _fact(text, surface).scope == scope


def test_a_grade_in_a_rubric_cell_is_a_rule() -> None:
    text = (
        "\t三级指标\n\t评分标准\n\t得分\n\n"
        "\t按时办结率\n\t办结率95%以上得10分，90%至95%得8分\n\t10\n"
    )
    assert _fact(text, "10分").scope == "rule"
    assert _fact(text, "8分").scope == "rule"


# --- sources of funds and classes of spending --------------------------------------------------


_BUDGET_TABLE = "{title}\n单位：万元\n项目 | 预算数 | 备注\n教育支出 | {value} | 无\n\n"


def test_a_table_titled_for_one_source_keys_its_cells_by_it() -> None:
    text = _BUDGET_TABLE.format(title="部门收支预算总表", value="3,120.00") + _BUDGET_TABLE.format(
        title="一般公共预算支出预算表", value="2,860.00"
    )
    sources = {f.mention.quantity.surface.strip(): f.source for f in _facts(text)}
    assert sources == {"3,120.00": "", "2,860.00": "一般公共预算+财政拨款"}
    assert _conflicts(text) == []  # all funds against one source: two facts


def test_two_tables_titled_differently_state_one_total() -> None:
    text = _BUDGET_TABLE.format(title="部门收支预算总表", value="3,120.00") + _BUDGET_TABLE.format(
        title="部门支出预算总表", value="3,210.00"
    )
    assert ("3,120.00", "3,210.00", Agreement.DIFFERENT) in link_pairs(text)


def test_one_form_filled_for_two_projects_is_two_statements() -> None:
    form = (
        "项目支出绩效目标表\n三级指标 | 年度指标值 | 实际完成值\n培训人次 | {n}人次 | {n}人次\n\n"
    )
    assert link_pairs(form.format(n=120) + form.format(n=300)) == set()


def test_a_class_column_of_a_budget_table_is_a_budget_of_that_class() -> None:
    text = (
        "部门支出预算总表\n单位：万元\n项目 | 合计 | 基本支出 | 项目支出\n"
        "合计 | 1,500.00 | 620.00 | 880.00\n\n"
        "二、支出预算情况说明\n2026年项目支出908.00万元。\n"
    )
    total = _fact(text, "880.00")
    assert (total.metric, total.subject_text) == ("budget", "项目支出")
    assert ("880.00", "908.00万元", Agreement.DIFFERENT) in link_pairs(text)


def test_a_breakdown_of_a_budget_is_a_budget() -> None:
    text = "2026年年初预算860.00万元（含基本支出300.00万元，项目支出560.00万元）。\n"
    assert _fact(text, "300.00万元").metric == "initial_budget"


def _wrapped_report(later: str) -> str:
    # A PDF's text: the first paragraph's printed line wraps inside the project's name.
    return (
        "一、部门预算安排总体情况\n"
        "2026年本部门预算支出6,620.80万元，其中人员经费2,100.50万元、公用经费640.20万元、河道保洁\n"
        "专项资金预算3,880.10万元，较上年有所增加。\n"
        "二、项目支出预算情况\n"
        f"（三）河道保洁专项资金预算{later}万元，主要用于城区河道日常保洁。\n"
    )


def test_a_word_cut_by_a_printed_line_wrap_is_read_whole() -> None:
    assert _fact(_wrapped_report("3,880.10"), "3,880.10万元").subject_text == "河道保洁专项资金"
    assert _conflicts(_wrapped_report("3,880.10")) == []
    assert len(_conflicts(_wrapped_report("3,808.10"))) == 1


def test_a_real_line_break_still_ends_the_clause() -> None:
    # Trap: a short line with its own end is no wrap; the next line's amount names nothing
    # of it.
    text = "一、收支预算\n人员经费\n2,100.50万元为年初安排数。\n"
    assert _fact(text, "2,100.50万元").subject_text != "人员经费"


# --- 功能分类 items -----------------------------------------------------------------------------


def test_a_coded_item_links_to_its_row_whatever_its_table_calls_it() -> None:
    text = (
        "云溪县文化旅游广电体育局2026年部门预算\n"
        "一般公共预算支出表\n单位：元\n"
        "科目编码 | 科目名称 | 合计\n"
        "207 | 文化旅游体育与传媒支出 | 5,120,000.00\n"
        "20701 | 文化和旅游 | 5,120,000.00\n"
        "2070101 | 行政运行 | 3,460,000.00\n"
        "2070109 | 群众文化 | 1,660,000.00\n\n"
        "三、一般公共预算支出预算说明\n"
        "1、文化旅游体育与传媒支出（207类）文化和旅游（01款）行政运行（01项）364.60万元。\n"
    )
    assert _fact(text, "364.60万元").code == "2070101"
    pairs = link_pairs(text)
    assert ("3,460,000.00", "364.60万元", Agreement.DIFFERENT) in pairs
    assert not any("1,660,000.00" in p for p in pairs)


_CODED_BUDGET_TABLE = (
    "云溪县文化旅游广电体育局2026年部门预算\n"
    "一般公共预算支出表\n单位：元\n"
    "科目编码 | 科目名称 | 合计\n"
    "2070101 | 行政运行 | 3,460,000.00\n"
    "2070109 | 群众文化 | 1,660,000.00\n\n"
    "三、一般公共预算支出预算说明\n"
)


def test_an_item_written_as_its_code_a_dash_and_its_name_is_keyed_by_the_code() -> None:
    text = _CODED_BUDGET_TABLE + "（二）2070109-群众文化161.60万元，主要用于乡村文艺演出。\n"
    assert _fact(text, "161.60万元").code == "2070109"
    assert ("1,660,000.00", "161.60万元", Agreement.DIFFERENT) in link_pairs(text)


def test_a_year_range_before_a_name_is_no_code() -> None:
    # Trap: "2026-2028年" opens the clause; it is a period, not a 类/款/项 code.
    text = _CODED_BUDGET_TABLE + "（二）2026-2028年群众文化规划资金166.00万元。\n"
    assert _fact(text, "166.00万元").code == ""


def test_a_name_under_every_class_links_none_of_its_rows() -> None:
    text = (
        "一般公共预算支出表\n单位：万元\n项目 | 合计\n"
        "一般公共服务支出 | 300.00\n行政运行 | 120.00\n"
        "公共安全支出 | 200.00\n行政运行 | 80.00\n\n"
        "说明\n行政运行支出预算150.00万元。\n"
    )
    assert _conflicts(text) == []


_STATEMENT_BY_CLASS = (
    "东湖区水务局2025年度部门决算\n"
    "一般公共预算财政拨款支出决算表\n单位：万元\n"
    "科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出\n"
    "213 | 农林水支出 | 1,842.30 | 612.40 | 1,229.90\n"
    "21303 | 水利 | 1,842.30 | 612.40 | 1,229.90\n"
    "2130301 | 行政运行 | 612.40 | 612.40 | \n"
    "2130306 | 水利工程运行与维护 | 1,229.90 |  | 1,229.90\n"
    "221 | 住房保障支出 | 58.60 | 58.60 | \n\n"
    "二、一般公共预算财政拨款支出决算结构情况\n"
)


def test_an_item_named_by_its_levels_takes_the_code_of_its_one_row() -> None:
    # "农林水支出（类）" has no code written; the tables have one row of that name at 类.
    text = (
        _STATEMENT_BY_CLASS
        + "农林水支出（类）1,824.30万元，占96.92%；住房保障支出（类）58.60万元。\n"
    )
    assert _fact(text, "1,824.30万元").code == "213"
    pairs = link_pairs(text)
    # It states the row's total (合计), not its 项目支出 cell.
    assert ("1,842.30", "1,824.30万元", Agreement.DIFFERENT) in pairs
    assert not any("1,229.90" in p for p in pairs)
    assert ("58.60", "58.60万元", Agreement.SAME) in pairs


# The 决算 template writes the code in three columns of its own (类 | 款 | 项) before the name.
_SPLIT_CODE_TABLE = (
    "西岭县林业局2025年度部门决算\n"
    "一般公共预算财政拨款支出决算表\n单位：万元\n"
    "类 | 款 | 项 | 科目名称 | 合计 | 基本支出 | 项目支出\n"
    "213 |  |  | 农林水支出 | 930.50 | 402.10 | 528.40\n"
    "213 | 02 |  | 林业和草原 | 930.50 | 402.10 | 528.40\n"
    "213 | 02 | 01 | 行政运行 | 402.10 | 402.10 | \n"
    "213 | 02 | 34 | 林业草原防灾减灾及林业有害生物综合防治 | 528.40 |  | 528.40\n\n"
    "二、一般公共预算财政拨款支出决算具体情况\n"
)


def test_a_code_written_in_its_own_columns_keys_the_row() -> None:
    codes = {f.code for f in _facts(_SPLIT_CODE_TABLE) if f.mention.role == "table"}
    assert codes == {"213", "21302", "2130201", "2130234"}
    text = _SPLIT_CODE_TABLE + (
        "1、农林水支出（类）林业和草原（款）林业草原防灾减灾及林业有害生物综合防治（项）。年初预算为530.00万元，"
        "支出决算为582.40万元，主要用于森林防火巡护。\n"
    )
    assert ("528.40", "582.40万元", Agreement.DIFFERENT) in link_pairs(text)


def test_an_items_level_mark_wrapped_to_the_next_line_still_names_its_level() -> None:
    # A PDF line wrapped between the 项's name and its "（项）" mark.
    text = _SPLIT_CODE_TABLE + (
        "（一）支出决算具体情况。农林水支出（类）林业和草原（款）林业草原防灾减灾及林业有害生物综合防治\n"
        "（项）。年初预算为530.00万元，"
        "支出决算为528.40万元，主要用于森林防火巡护。\n"
    )
    assert _fact(text, "528.40万元").code == "2130234"


def test_a_generic_amount_column_takes_the_side_its_rows_name() -> None:
    # A 收支总表 whose columns say only 金额: the row's tail (收入, 支出) says the side.
    text = (
        "收入支出决算总表\n单位：万元\n"
        "项目 | 金额 | 项目 | 金额\n"
        "一、一般公共预算财政拨款收入 | 1,204.60 | 一、农林水支出 | 1,180.30\n"
        "二、事业收入 | 35.10 | 二、住房保障支出 | 59.40\n"
    )
    assert _fact(text, "35.10").metric == "income"
    assert _fact(text, "59.40").metric == "expenditure"
    # Trap: a row whose label names a balance, not a side, keeps the row's own metric.
    balance = text + "年末结转和结余 | 12.60 |  | \n"
    assert _fact(balance, "12.60").metric != "income"


def test_numbers_before_a_rows_name_that_are_no_code_key_nothing() -> None:
    # Trap: a 序号 column (1, 2) before the name is not a 类/款/项 code.
    text = (
        "项目支出表\n单位：万元\n序号 | 项目名称 | 预算数 | 执行数\n"
        "1 | 林业草原防灾减灾及林业有害生物综合防治 | 530.00 | 528.40\n2 | 行政运行 | 410.00 | 402.10\n"
    )
    assert _fact(text, "528.40").code == ""


def test_an_item_named_at_a_level_where_its_name_has_two_codes_takes_none() -> None:
    # Trap: 行政运行 is a 项 under 水利 and under 住房改革: which one is a guess.
    text = (
        _STATEMENT_BY_CLASS.replace(
            "221 | 住房保障支出 | 58.60 | 58.60 | ", "2210201 | 行政运行 | 58.60 | 58.60 | "
        )
        + "行政运行（项）600.00万元。\n"
    )
    assert _fact(text, "600.00万元").code == ""
    assert _conflicts(text) == []


def test_parts_that_an_items_paragraph_names_are_not_the_item() -> None:
    # Trap: "…（项）a万元，主要用于X等支出b万元；Y经费支出c万元": b and c are parts of the
    # item, each with its own name; none of them is keyed by the item's code.
    text = _STATEMENT_BY_CLASS + (
        "农林水支出（类）水利（款）水利工程运行与维护（项）1,229.90万元，主要用于堤防巡查养护"
        "等支出812.00万元；泵站运行电费支出417.90万元。\n"
    )
    assert _fact(text, "812.00万元").code == ""
    assert _conflicts(text) == []
    assert ("1,229.90", "1,229.90万元", Agreement.SAME) in link_pairs(text)


def test_an_items_paragraph_keyed_by_a_code_from_the_tables_still_compares_its_figures() -> None:
    # The heading's figure and the 预算安排 later in the item's paragraph are one budget,
    # with a 执行数 of the same item between them.
    budget = _STATEMENT_BY_CLASS.replace("2025年度部门决算", "2025年部门预算").replace(
        "支出决算表", "支出预算表"
    )
    text = budget + (
        "农林水支出（类）水利（款）行政运行（项）612.40万元，主要用于机关运转。2024年执行数为"
        "598.10万元，2025年预算安排621.40万元。\n"
    )
    pairs = link_pairs(text)
    assert ("612.40万元", "621.40万元", Agreement.DIFFERENT) in pairs
    assert ("612.40", "612.40万元", Agreement.SAME) in pairs


def test_a_sentence_opened_by_a_metric_word_is_about_the_item_of_its_paragraph() -> None:
    # "X（项）。主要用于…。年初预算为a万元，支出决算为b万元": 年初预算 names no subject;
    # both figures are the item's, the spending the table's row.
    text = _STATEMENT_BY_CLASS + (
        "3、农林水支出（类）水利（款）水利工程运行与维护（项）。主要用于：堤防和泵站的日常"
        "养护。年初预算为1,260.00万元，支出决算为1,292.90万元。\n"
    )
    fact = _fact(text, "1,292.90万元")
    assert fact.code == "2130306"
    assert ("1,229.90", "1,292.90万元", Agreement.DIFFERENT) in link_pairs(text)


@pytest.mark.parametrize(
    "restated",
    [
        "2025年一般公共预算支出决算数为1,824.30万元，完成预算98.20%。",  # 一般公共预算 = its 财政拨款
        "2025年度一般公共预算财政拨款支出1,824.30万元，主要用于水利工程维护。",
    ],
)
def test_a_side_of_the_statement_of_a_source_is_its_total(restated: str) -> None:
    text = (
        "东湖区水务局2025年度部门决算\n一、收入支出决算总体情况\n"
        "2025年度一般公共预算财政拨款支出1,842.30万元。\n"
        "二、一般公共预算财政拨款支出决算情况\n" + restated + "\n"
    )
    assert _fact(text, "1,824.30万元").metric == "statement_total"
    assert ("1,842.30万元", "1,824.30万元", Agreement.DIFFERENT) in link_pairs(text)
    # The finding names the statement with its sources.
    assert _conflicts(text)[0].startswith("一般公共预算财政拨款支出合计的金额前后不一致")


@pytest.mark.parametrize(
    "other",
    [
        "2025年政府性基金预算财政拨款支出1,824.30万元。",  # another source's statement
        "2025年一般公共预算财政拨款支出预算为1,824.30万元。",  # a budget, in a 决算
        "2025年一般公共预算财政拨款支出增加1,824.30万元。",  # a change
        "2025年一般公共预算财政拨款基本支出1,824.30万元。",  # a class, not the whole side
    ],
)
def test_what_is_not_the_total_of_a_sources_statement(other: str) -> None:
    text = (
        "东湖区水务局2025年度部门决算\n一、收入支出决算总体情况\n"
        "2025年度一般公共预算财政拨款支出1,842.30万元。\n二、说明\n" + other + "\n"
    )
    assert _conflicts(text) == []


def test_an_items_spending_in_a_budget_report_is_its_budget() -> None:
    # "X（项）支出a万元" in a 部门预算: 支出 is what is budgeted for X this year.
    budget = (
        _STATEMENT_BY_CLASS.replace("2025年度部门决算", "2025年部门预算")
        .replace("支出决算表", "支出预算表")
        .replace("支出决算结构情况", "支出预算情况")
    )
    text = budget + "1.水利（款）行政运行（项）支出621.40万元，比上年增加8.20万元。\n"
    assert _fact(text, "621.40万元").metric == "budget"
    assert ("612.40", "621.40万元", Agreement.DIFFERENT) in link_pairs(text)
    # Trap: last year's spending written in the same words is no budget of this year.
    last_year = budget + "1.水利（款）行政运行（项）2024年支出598.10万元。\n"
    assert _fact(last_year, "598.10万元").metric != "budget"


def test_a_statement_of_a_class_is_not_the_rows_total() -> None:
    # Trap: "基本支出" named: the 基本支出 cell, never the 合计 beside it.
    text = _STATEMENT_BY_CLASS + "农林水支出（类）基本支出612.40万元。\n"
    pairs = link_pairs(text)
    assert not any("1,842.30" in p for p in pairs)


def test_a_level_code_is_no_count() -> None:
    report = crosscheck.check("其他司法支出（99项）150.00万元。\n")
    assert [m.quantity.kind for m in report.mentions] == ["amount"]


def test_an_item_paragraph_is_about_its_item_over_its_sentences() -> None:
    text = (
        "清河县住房和城乡建设局2026年部门预算\n四、预算明细\n"
        "2、城乡社区支出（类）城乡社区公共设施（款）其他城乡社区公共设施支出（项）410.50万元。"
        "主要用于路灯维护。2025年执行数为398.20万元，2026年预算安排401.50万元。\n"
    )
    assert ("410.50万元", "401.50万元", Agreement.DIFFERENT) in link_pairs(text)
    # …while two items of one paragraph are two.
    two = (
        "行政运行（项）2026年预算安排120.00万元；一般行政管理事务（项）2026年预算安排80.00万元。\n"
    )
    assert link_pairs(two) == set()


# --- names: the unit that states them, brackets, comparisons, verbs ---------------------------


def test_the_reporting_unit_is_who_states_not_what() -> None:
    text = (
        "部门支出总表\n单位：万元\n项目 | 合计\n农林水支出 | 2,400.00\n\n"
        "说明\n青禾县农业农村局2026年支出预算2,650.00万元。\n"
    )
    assert _conflicts(text) == []  # 农业农村局's total is not its 农林水支出


def test_a_short_bracket_is_part_of_a_name() -> None:
    assert (
        _fact("因公出国（境）费决算为3.20万元。\n", "3.20万元").subject_text == "因公出国（境）费"
    )


def test_the_base_of_a_comparison_is_no_subject() -> None:
    fact = _fact("水利工程维护（项）2026年预算安排88.00万元，比2025年执行数增加4.50%。\n", "4.50%")
    assert "比" not in fact.subject_text
    assert fact.metric == "growth_rate"


def test_an_opening_verb_of_amounts_says_what_the_amount_is() -> None:
    fact = _fact("全年拨付乡镇污水管护补助资金126.40万元。\n", "126.40万元")
    assert fact.metric == "paid_amount"
    assert fact.subject_text.startswith("乡镇污水管护")


def test_a_narrower_narrative_name_needs_a_close_match() -> None:
    # The item's total in the table; the narrative names one of its parts, more narrowly.
    text = (
        "\t项目名称\n\t全年执行情况\n\n"
        "\t城乡居民养老保险补助\n\t城乡居民养老保险补助：上解省级统筹资金88.00万元，合计支付306.40万元。\n\n"
        "二、项目说明\n上解2025年度城乡居民养老保险省级统筹补助资金88.00万元。\n"
    )
    assert not any("306.40" in a or "306.40" in b for a, b, _ in link_pairs(text))


def test_statement_measure_from_a_title() -> None:
    assert statement_measure("2026年市级部门支出预算总表") == "budget"
    assert statement_measure("2025年度收入决算表") == "income"
    assert statement_measure("2025年度部门决算") == "expenditure"
    assert statement_measure("项目支出绩效自评表") is None


# --- a statement's totals ----------------------------------------------------------------------


def test_a_narrative_total_links_to_the_total_row_that_states_it() -> None:
    text = (
        "枫林县档案馆2025年部门决算\n"
        "收入决算表\n单位：万元\n项目 | 决算数 | 备注\n财政拨款收入 | 812.40 | 无\n"
        "其他收入 | 21.60 | 无\n本年收入合计 | 834.00 | 无\n\n"
        "一、收入决算情况说明\n本年收入合计843.00万元，其中财政拨款收入812.40万元。\n"
    )
    assert ("834.00", "843.00万元", Agreement.DIFFERENT) in link_pairs(text)


@pytest.mark.parametrize(
    ("label", "side", "name"),
    [
        ("本年收入合计", "", "收入合计"),
        ("收入支出总计", "", "收支总计"),
        ("合计", "支出", "支出合计"),
        ("支出决算", "", ""),  # an item's "支出决算为…": the item's
        ("合计", "", ""),  # a 合计 row of a table whose side the title does not say
        ("本年支出", "", ""),  # not a total
    ],
)
def test_totals_are_named_by_side_and_kind(label: str, side: str, name: str) -> None:
    from crosscheck.align.keys import total_name

    assert total_name(label, side) == name


def test_a_unit_s_income_budget_is_its_income_total() -> None:
    from crosscheck.align.keys import total_name

    assert total_name("收入预算", whole=True) == "收入合计"
    assert total_name("收入预算") == ""


def test_the_total_of_a_table_of_one_item_is_that_item_s() -> None:
    # The 合计 row of a 三公 table is the 三公 total, not the statement's 支出合计.
    text = (
        "2026年度支出预算总表\n单位：万元\n项目 | 合计 | 备注\n合计 | 1,200.00 | 无\n\n"
        "2026年度“三公”经费支出预算表\n单位：万元\n项目 | 合计 | 备注\n合计 | 12.50 | 无\n"
    )
    assert link_pairs(text) == set()


def test_an_amount_with_no_metric_links_only_its_own_words_written_again() -> None:
    text = (
        "一、支出情况\n人员经费318.40万，比上年增长6.20%。\n"
        "二、支出对比\n人员经费381.40万，比上年增长6.20%。\n"
        "三、资金安排\n特殊教育补助专项资金60万元、其他资金12万元。\n"
        "四、执行\n完成特殊教育补助55.2万元。\n"
    )
    pairs = link_pairs(text)
    assert ("318.40万", "381.40万", Agreement.DIFFERENT) in pairs
    assert ("6.20%", "6.20%", Agreement.SAME) in pairs  # the change is said of 人员经费
    assert not any("55.2万元" in (a, b) for a, b, _ in pairs)  # spent, not allocated


def test_the_last_name_of_a_list_does_not_name_its_amount() -> None:
    # "中央、省级资金": the amount of both, not of 省级 alone.
    text = (
        "一、资金到位\n中央、省级资金420.00万元，地方资金180.00万元。\n"
        "二、资金构成\n中央资金300.00万元，省级资金120.00万元。\n"
    )
    assert not any("420.00万元" in (a, b) for a, b, _ in link_pairs(text))


def test_a_count_s_own_word_is_part_of_its_name() -> None:
    # 救助 in "…困难群众临时救助1,260人次" names what is counted; two rows stating one count
    # are one choice, and the narrative links to them …
    rows = (
        "\t三级指标\n\t实际完成值\n\n"
        "\t困难群众应救尽救\n\t2025年困难群众临时救助1,260人次\n\n"
        "\t临时救助质量\n\t2025年困难群众临时救助{second}人次\n\n"
    )
    narrative = "一、完成情况\n全年完成困难群众临时救助1,206人次。\n"
    pairs = link_pairs(rows.format(second="1,260") + narrative)
    assert ("1,260人次", "1,206人次", Agreement.DIFFERENT) in pairs
    # … while two rows of one name that differ leave the statement unlinked.
    assert link_pairs(rows.format(second="1,180") + narrative) == set()


# --- a value changed from one figure to another ----------------------------------------------


def _greening(sentence: str) -> str:
    return (
        "二、绩效目标完成情况\n（二）效益指标\n" + sentence + "\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 效益指标 | 生态效益指标 | 城区绿化覆盖率 | ≥42% | 43.6% | 10 | 10 |\n"
    )


def test_the_value_a_rate_rose_to_is_the_rate_now() -> None:
    # The words before 由 name it; 上年 after 由 is the old value's period, not the new one's.
    said = "全县城区绿化覆盖率由上年的41.2%提高到{}，群众满意度明显提升。"
    assert _fact(_greening(said.format("43.6%")), "43.6%").period == ""
    assert _conflicts(_greening(said.format("43.6%"))) == []
    assert len(_conflicts(_greening(said.format("46.3%")))) == 1


def test_the_value_a_rate_rose_from_is_not_the_rate_now() -> None:
    # Trap: last year's 41.2% is not this year's row (43.6%); the new value agrees with it.
    said = "全县城区绿化覆盖率由2024年的41.2%提升至43.6%，群众满意度明显提升。"
    assert _fact(_greening(said), "41.2%").scope == "from"
    assert _conflicts(_greening(said)) == []
    assert ("43.6%", "43.6%", Agreement.SAME) in link_pairs(_greening(said))


# --- an amount a 绩效指标 row states as its 实际完成值 ------------------------------------------


def _unit_cost(said: str) -> str:
    return (
        "三、产出情况\n" + said + "\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 成本指标 | 农机手人均培训成本 | ≤800元/人 | 726.50元/人 | 5 | 5 |\n"
    )


def test_an_indicators_actual_amount_is_linked_to_its_name_restated() -> None:
    said = "（四）成本指标。农机手人均培训成本{}元，控制在年度标准以内。"
    assert ("726.50元", "726.50元", Agreement.SAME) in link_pairs(_unit_cost(said.format("726.50")))
    assert len(_conflicts(_unit_cost(said.format("762.50")))) == 1


def test_an_indicators_target_amount_is_not_its_actual() -> None:
    # Trap: the narrative restates the row's bound (800元), not what was achieved.
    said = "（四）成本指标。农机手人均培训成本不超过800元，实际控制在标准以内。"
    assert _conflicts(_unit_cost(said)) == []


@pytest.mark.parametrize(
    ("row_label", "code"),
    [
        ("212 / 01 / 04 / 城管执法", "2120104"),
        ("30201 / 办公费", "30201"),
        ("302 / 17 / 公务接待费 / 502 / 06 / 公务接待费", "30217"),  # coded twice: the first
        ("212 / 城乡社区支出", "212"),
        ("04", ""),  # a 项's own two digits name no item: every 款 has an 04
        ("01 / 04 / 城管执法", ""),  # a 款 and a 项 without their 类
    ],
)
def test_a_row_code_is_a_whole_class_level_or_item_code(row_label: str, code: str) -> None:
    from crosscheck.align.keys import _code_of

    assert _code_of(row_label) == code


def _incidents(said: str) -> str:
    return (
        "三、绩效目标完成情况\n（二）效益指标\n1、生态效益。" + said + "\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 效益指标 | 生态效益指标 | 林区森林火灾起数 | 较上年下降 | 下降22.2% | 10 | 10 |\n"
    )


def test_a_fall_in_incidents_under_an_indicator_heading_restates_its_row() -> None:
    # 生态效益 heads a kind of indicators, not an item; 起数 is a noun tail ("the number of").
    said = "全县林区森林火灾由上年的9起下降到7起，下降{}，防火形势持续向好。"
    assert _conflicts(_incidents(said.format("22.2%"))) == []
    assert len(_conflicts(_incidents(said.format("27.2%")))) == 1


def test_a_fall_in_other_incidents_is_not_the_rows() -> None:
    # Trap: 交通事故 are not 森林火灾, whatever the tails.
    said = "全县林区道路交通事故由上年的9起下降到6起，下降33.3%。"
    assert _conflicts(_incidents(said)) == []
    assert not any("22.2%" in (a, b) for a, b, _ in link_pairs(_incidents(said)))


def _project_form(project: str, cost: str, rate: str) -> str:
    return (
        f"{project}项目支出绩效自评表\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        f"| 产出指标 | 成本指标 | 设备购置成本 | ≤900万元 | {cost}万元 | 10 | 10 |\n"
        f"| 产出指标 | 质量指标 | 设备验收合格率 | ≥95% | {rate} | 10 | 10 |\n\n"
    )


def test_two_projects_forms_state_their_own_indicators() -> None:
    # One 自评表 a project: the same indicator in two forms is two projects' figures.
    text = (
        "附件：项目支出绩效自评表\n\n"
        + _project_form("县人民医院CT设备购置", "853.50", "100%")
        + _project_form("县中医院DR设备购置", "248.90", "98.5%")
    )
    assert _conflicts(text) == []
    assert not any(a.replace(",", "") != b.replace(",", "") for a, b, _ in link_pairs(text))


def test_a_narrative_figure_still_restates_its_projects_form() -> None:
    # The form's row is still linked from the narrative that restates it.
    text = (
        "一、项目完成情况\n（四）成本指标。设备购置成本835.50万元，低于年度控制标准。\n\n"
        + _project_form("县人民医院CT设备购置", "853.50", "100%")
    )
    assert len(_conflicts(text)) == 1


def test_the_reports_year_is_the_one_its_title_names() -> None:
    from crosscheck.align.keys import report_year

    # A budget's first pages compare it with the year before more often than they name it.
    budget = "某区档案馆2026年部门预算\n一、收入预算\n" + "收入比2025年增加12.00万元；" * 4
    assert report_year(budget) == "2026"
    # Trap: a title that names no year leaves the most frequent year of the first pages.
    untitled = "2024年起实行新口径。" + "2025年收入增加12.00万元，支出相应增加；" * 3
    assert report_year(untitled) == "2025"


def _final_account(stated_income: str, stated_staff: str) -> str:
    # A 部门决算: its 收入支出决算总表 names the income by its source in other words than the
    # text, and its 基本支出决算表 totals 人员经费 in a row "人员经费合计".
    return (
        "某县农业农村局2025年度部门决算\n三、收入决算情况说明\n"
        f"1.一般公共预算财政拨款收入{stated_income}万元，占本年收入的96.2%。\n"
        "四、一般公共预算财政拨款基本支出决算情况说明\n"
        f"2025年度一般公共预算财政拨款基本支出612.40万元，其中：人员经费{stated_staff}万元，"
        "主要包括基本工资、津贴补贴；公用经费74.15万元，主要包括办公费、差旅费。\n\n"
        "收入支出决算总表\n单位：万元\n\n"
        "\t项目\n\t行次\n\t金额\n\t项目\n\t行次\n\t金额\n\n"
        "\t一、一般公共预算拨款收入\n\t1\n\t2,846.37\n\t一、农林水支出\n\t32\n\t2,958.82\n\n"
        "\t二、事业收入\n\t2\n\t112.45\n\t\n\t\n\t\n\n"
        "\t本年收入合计\n\t3\n\t2,958.82\n\t本年支出合计\n\t33\n\t2,958.82\n\n"
        "一般公共预算财政拨款基本支出决算表\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t决算数\n\t科目编码\n\t科目名称\n\t决算数\n\n"
        "\t301\n\t工资福利支出\n\t538.25\n\t302\n\t商品和服务支出\n\t74.15\n\n"
        "\t人员经费合计\n\t538.25\n\t公用经费合计\n\t74.15\n"
    )


def test_an_income_named_by_its_sources_in_other_words_is_one_income() -> None:
    pairs = link_pairs(_final_account("2,846.37", "538.25"))
    assert ("2,846.37万元", "2,846.37", Agreement.SAME) in pairs
    changed = crosscheck.check(_final_account("2,864.37", "538.25"))
    (conflict,) = [f for f in changed.findings if f.rule == "CC201"]
    assert "2,864.37" in conflict.message and "2,846.37" in conflict.message


def test_an_income_named_by_other_sources_is_another_income() -> None:
    # Trap: 财政拨款收入 holds every 财政拨款 (政府性基金 too), not only 一般公共预算's.
    text = (
        _final_account("2,846.37", "538.25")
        .replace("1.一般公共预算财政拨款收入", "1.财政拨款收入")
        .replace("2,846.37万元", "2,864.37万元")
    )
    assert not [p for p in link_pairs(text) if "2,864.37万元" in p[:2]]
    # …and an income named by its own kind (事业收入) is not named by sources at all.
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_an_items_total_row_is_the_item() -> None:
    # "人员经费合计 | 538.25": the total of the 人员经费 rows is 人员经费 of the text.
    assert ("538.25万元", "538.25", Agreement.SAME) in link_pairs(
        _final_account("2,846.37", "538.25")
    )
    changed = crosscheck.check(_final_account("2,846.37", "583.25"))
    (conflict,) = [f for f in changed.findings if f.rule == "CC201"]
    assert "583.25" in conflict.message and "538.25" in conflict.message


def _three_public_across(total: str, reception: str = "9.60") -> str:
    # A 部门预算 whose "三公" table lays its items out as columns over one row of amounts, and
    # whose 基本支出表 has the economic row 30217 公务接待费 (the basic part only).
    return (
        "某区文化馆2026年部门预算\n六、“三公”经费预算情况说明\n"
        f"2026年“三公”经费预算{total}万元，比2025年减少1.20万元。其中：因公出国（境）费用0万元；"
        f"公务接待费{reception}万元；公务用车运行维护费5.80万元；公务用车购置费0万元。\n\n"
        "表7\n2026年财政拨款“三公”经费支出情况表\n单位：万元\n\n"
        "\t合计\n\t因公出国（境）费\n\t公务用车购置及运行费\n\t公务接待费\n\n"
        "\t小计\n\t公务用车购置费\n\t公务用车运行费\n\n"
        "\t15.40\n\t0.00\n\t5.80\n\t0.00\n\t5.80\n\t9.60\n\n"
        "表5\n2026年一般公共预算基本支出情况表\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\n"
        "\t30217\n\t公务接待费\n\t6.10\n\n"
        "\t30231\n\t公务用车运行维护费\n\t5.80\n"
    )


def test_a_table_whose_columns_are_its_items_states_each_items_amount() -> None:
    pairs = link_pairs(_three_public_across("15.40"))
    assert ("15.40万元", "15.40", Agreement.SAME) in pairs  # the 合计 column is the 三公 total
    assert ("9.60万元", "9.60", Agreement.SAME) in pairs
    # 运行维护费 and 运行费 are one item in the standard vocabulary.
    assert ("5.80万元", "5.80", Agreement.SAME) in pairs
    changed = crosscheck.check(_three_public_across("14.50"))
    (conflict,) = [f for f in changed.findings if f.rule == "CC201"]
    assert "14.50万元" in conflict.message and "15.40" in conflict.message


def test_an_economic_row_does_not_keep_a_three_public_item_from_its_table() -> None:
    # Trap: 30217 公务接待费 6.10 of the 基本支出表 is the basic part; the text's 9.60 is the
    # 三公 table's, and no conflict is made with the coded row.
    report = crosscheck.check(_three_public_across("15.40"))
    assert not [p for p in link_pairs(_three_public_across("15.40")) if "6.10" in p[:2]]
    assert not report.findings


def test_rows_of_numbers_under_text_rows_need_a_money_unit_and_short_names() -> None:
    from crosscheck.tables.grid import headers_over_numbers
    from crosscheck.types import Cell, Span

    def row(*texts: str) -> list[Cell]:
        return [Cell(Span(0, len(t)), 0, c, t) for c, t in enumerate(texts)]

    names = row("合计", "因公出国（境）费", "公务接待费")
    assert headers_over_numbers([names, row("15.40", "0.00", "9.60")]) == [0]
    # Traps: a label among the numbers, a sentence over them, a placeholder in the header.
    assert headers_over_numbers([names, row("本年", "0.00", "9.60")]) == []
    sentence = row("本表反映本部门本年度财政拨款安排的三公经费情况", "公务接待费", "合计")
    assert headers_over_numbers([sentence, row("15.40", "0.00", "9.60")]) == []
    assert headers_over_numbers([row("合计", "", "公务接待费"), row("15.40", "0.00", "9.60")]) == []


def _four_row_header(second_total: str) -> str:
    # A 收支总表 whose 人员经费 | 公用经费 header row, flattened, reads as a row of data: the
    # 合计 | 基本支出 | 项目支出 headers slide one column right, over 人员经费 and 公用经费.
    return (
        "某区老年大学2026年单位预算\n二、支出预算\n2026年基本支出预算610,000元，主要用于人员和公用。\n\n"
        "2026年预算单位财务收支预算总表\n单位：元\n\n"
        "\t本年收入\n\t本年支出\n\n"
        "\t项目\n\t预算数\n\t项目\n\t预算数\n\n"
        "\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t人员经费\n\t公用经费\n\n"
        "\t一、财政拨款收入\n\t690,000\n\t一、教育支出\n\t690,000\n\t420,000\n\t190,000\n\t80,000\n\n"
        f"\t收入总计\n\t690,000\n\t支出总计\n\t690,000\n\t{second_total}\n\t190,000\n\t80,000\n\n"
        "2026年预算单位支出预算总表\n单位：元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t205\n\t教育支出\n\t690,000\n\t610,000\n\t80,000\n\n"
        "\t\n\t合计\n\t690,000\n\t610,000\n\t80,000\n"
    )


def test_class_headers_that_never_add_up_are_off_their_columns() -> None:
    # 420,000 ≠ 190,000 + 80,000 on both rows: 合计 | 基本支出 | 项目支出 do not stand over
    # these columns, so 190,000 is not the 基本支出 of the table (610,000 in the 支出总表).
    report = crosscheck.check(_four_row_header("420,000"))
    assert not [f for f in report.findings if f.rule == "CC201"]
    pairs = link_pairs(_four_row_header("420,000"))
    assert ("610,000元", "610,000", Agreement.SAME) in pairs  # the 支出总表 still states it


def test_class_headers_that_add_up_on_a_row_keep_their_columns() -> None:
    # Trap: a 合计 that is 基本支出 + 项目支出 on one row keeps the headers where they are.
    from crosscheck.align.keys import _classes_do_not_add_up

    (summary, spending) = crosscheck.check(_four_row_header("420,000")).tables
    assert _classes_do_not_add_up(summary)
    assert not _classes_do_not_add_up(spending)


def _three_public_page(stated: str) -> str:
    # A 部门预算 page whose "三公" table has two stages (2025年, 2026年预算数) over the items,
    # laid out with merged cells (an HTML table, as a PDF, docx or xlsx reader keeps them).
    items = (
        "<th rowspan='2'>合计</th><th rowspan='2'>因公出国（境）费</th>"
        "<th colspan='3'>公务用车购置及运行费</th><th rowspan='2'>公务接待费</th>"
    )
    parts = "<th>小计</th><th>公务用车购置费</th><th>公务用车运行费</th>"
    return (
        "<html><body><h2>某区水务局2026年部门预算</h2>"
        f"<p>2026年“三公”经费预算{stated}万元，其中：因公出国（境）费用0万元；公务用车运行费"
        "7.20万元；公务接待费3.60万元。</p>"
        "<p>2026年财政拨款“三公”经费支出情况表</p><p>单位：万元</p><table>"
        "<tr><th colspan='6'>2025年预算数</th><th colspan='6'>2026年预算数</th></tr>"
        f"<tr>{items}{items}</tr><tr>{parts}{parts}</tr>"
        "<tr><td>11.40</td><td>0.00</td><td>7.80</td><td></td><td>7.80</td><td>3.60</td>"
        "<td>10.80</td><td>0.00</td><td>7.20</td><td></td><td>7.20</td><td>3.60</td></tr>"
        "</table></body></html>"
    )


def test_items_under_two_stages_are_read_by_stage(tmp_path) -> None:
    path = tmp_path / "budget.html"
    path.write_text(_three_public_page("10.80"), encoding="utf-8")
    report = crosscheck.check(path)
    linked = {
        (link.a.mention.quantity.surface, link.b.mention.quantity.surface, link.agreement)
        for group in report.aligned
        for link in group.links
    }
    assert ("10.80万元", "10.80", Agreement.SAME) in linked or (
        "10.80",
        "10.80万元",
        Agreement.SAME,
    ) in linked
    # 7.20 of 2026 is the text's 运行费, not 7.80 of 2025: no conflict.
    assert not [f for f in report.findings if f.rule == "CC201"]
    path.write_text(_three_public_page("11.40"), encoding="utf-8")
    conflict = value_conflict(path)
    assert "11.40万元" in conflict.message and "10.80" in conflict.message


def _units_by_items(stated: str) -> str:
    # A "三公" table of the department's units by item, its header closed by a 栏次 row.
    return (
        "某市体育局2026年部门预算\n五、“三公”经费预算情况说明\n"
        f"2026年“三公”经费预算数为{stated}万元，其中，公务接待费支出12.40万元。\n\n"
        "表7：2026年部门一般公共预算“三公”经费预算表\n单位：万元\n\n"
        "\t单位名称\n\t“三公”经费合计\n\t因公出国（境）费用\n\t公务用车购置及运行费\n\t公务接待费\n\n"
        "\t**\n\t1\n\t2\n\t3\n\t4\n\n"
        f"\t合计\n\t{'86.90'}\n\t20.00\n\t54.50\n\t12.40\n\n"
        "\t某市体育局\n\t60.50\n\t20.00\n\t32.00\n\t8.50\n\n"
        "\t某市体育训练中心\n\t26.40\n\t\n\t22.50\n\t3.90\n"
    )


def test_a_table_of_units_by_items_states_the_items_on_its_total_row() -> None:
    pairs = link_pairs(_units_by_items("86.90"))
    assert ("86.90万元", "86.90", Agreement.SAME) in pairs
    assert ("12.40万元", "12.40", Agreement.SAME) in pairs
    conflict = value_conflict(_units_by_items("89.60"))
    assert "89.60万元" in conflict.message and "86.90" in conflict.message


def test_a_units_row_of_items_is_not_the_items_total() -> None:
    # Trap: 某市体育局's own 公务接待费 8.50 is not the department's 12.40, nor linked to it.
    text = _units_by_items("86.90").replace("公务接待费支出12.40万元", "公务接待费支出8.50万元")
    assert not [p for p in link_pairs(text) if "8.50" in p[:2] and "8.50万元" in p[:2]]
    (table,) = crosscheck.check(text).tables
    assert not [c for c in table.cells if c.cell.raw.strip() == "8.50" and c.quantities]


def _basic_by_source(stated: str) -> str:
    # The text names its sources before the class; the 一般公共预算 table's title limits its
    # 基本支出 column; the 支出总表 states all funds (a 事业收入 part besides).
    return (
        "某县商务局2026年部门预算\n三、一般公共预算拨款基本支出情况\n"
        f"某县商务局2026年一般公共预算拨款基本支出{stated}万元，其中：人员经费281.60万元。\n\n"
        "表3\n2026年部门一般公共预算支出表\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t\n\t合计\n\t402.70\n\t318.90\n\t83.80\n\n"
        "\t216\n\t商业服务业等支出\n\t402.70\n\t318.90\n\t83.80\n\n"
        "表2\n2026年部门支出总表\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t\n\t合计\n\t446.70\n\t362.90\n\t83.80\n"
    )


def test_sources_opening_a_classs_name_limit_it_as_a_tables_title_does() -> None:
    pairs = link_pairs(_basic_by_source("318.90"))
    assert ("318.90万元", "318.90", Agreement.SAME) in pairs
    # Trap: the all-funds 基本支出 of the 支出总表 (362.90) is another amount.
    assert not [p for p in pairs if "362.90" in p[:2] and "318.90万元" in p[:2]]
    conflict = value_conflict(_basic_by_source("381.90"))
    assert "381.90万元" in conflict.message and "318.90" in conflict.message


def test_sources_inside_a_name_stay_part_of_it() -> None:
    from crosscheck.align.keys import sources_opening_name

    assert sources_opening_name("2026年一般公共预算拨款基本支出") == (
        "一般公共预算+财政拨款",
        "基本支出",
    )
    assert sources_opening_name("某县商务局2026年一般公共预算拨款基本支出") is not None
    # Traps: words before the sources that are no unit's name; a statement's side alone.
    assert sources_opening_name("年中追加一般公共预算拨款基本支出") is None
    assert sources_opening_name("一般公共预算拨款收入") is None


def test_a_class_split_into_its_parts_still_adds_up(tmp_path) -> None:
    # Trap: 基本支出 over 人员支出 | 公用经费 and no 小计 (merged cells, as a PDF reader keeps
    # them): the class is the sum of its parts, its headers are over their columns.
    from crosscheck.align.keys import _classes_do_not_add_up

    page = (
        "<html><body><p>2026年部门支出预算总表</p><p>单位：万元</p><table>"
        "<tr><th rowspan='2'>科目编码</th><th rowspan='2'>科目名称</th><th rowspan='2'>总计</th>"
        "<th colspan='2'>基本支出</th><th rowspan='2'>项目支出</th></tr>"
        "<tr><th>人员支出</th><th>公用经费</th></tr>"
        "<tr><td></td><td>合计</td><td>640.50</td><td>402.30</td><td>58.20</td><td>180.00</td></tr>"
        "<tr><td>208</td><td>社会保障和就业支出</td><td>520.10</td><td>302.30</td><td>37.80</td>"
        "<td>180.00</td></tr></table></body></html>"
    )
    path = tmp_path / "spending.html"
    path.write_text(page, encoding="utf-8")
    (table,) = crosscheck.check(path).tables
    assert not _classes_do_not_add_up(table)


def _carried_over(heading: str, item: str) -> str:
    # A 部门预算 that states the balance carried over in a heading and again in its item.
    return (
        "某区档案局2026年部门预算\n二、收入预算情况说明\n"
        "2026年收入预算1,386.20万元。\n"
        f"（三）上年结转结余{heading}万元\n"
        f"6.上年结转结余{item}万元。\n"
        "三、支出预算情况说明\n2026年年末结转和结余预计12.60万元，主要为跨年度项目。\n"
    )


def test_a_heading_that_states_an_amount_is_a_statement() -> None:
    assert ("12.60万元", "12.60万元", Agreement.SAME) in link_pairs(_carried_over("12.60", "12.60"))
    conflict = value_conflict(_carried_over("12.60", "21.60"))
    assert [e.label for e in conflict.evidence] == ["标题", "正文"]


def test_the_balance_carried_over_is_not_the_balance_carried_forward() -> None:
    # Trap: 年末结转和结余 (left at the year's end) is another balance than 上年结转结余.
    pairs = link_pairs(_carried_over("21.60", "21.60"))
    assert not [p for p in pairs if "12.60万元" in p[:2]]


def test_a_split_item_of_a_units_table_is_placed_over_its_numbering_row() -> None:
    # The units-by-items table of a flattened text: 公务用车购置及运行费 split into 小计 |
    # 购置费 | 运行费, then the 栏次 row; the split is placed by the units' rows (7.50 = 0 +
    # 7.50 …), so 公务接待费 is the last column, not the 运行费 under a slid header.
    text = (
        "某市园林局2026年部门预算\n五、“三公”经费预算情况说明\n"
        "2026年“三公”经费预算数为31.90万元，其中公务接待费预算4.40万元。\n\n"
        "表7：2026年部门一般公共预算“三公”经费预算表\n单位：万元\n\n"
        "\t单位名称\n\t“三公”经费合计\n\t因公出国（境）费用\n\t公务用车购置及运行费\n\t公务接待费\n\n"
        "\t小计\n\t公务用车购置费\n\t公务用车运行维护费\n\n"
        "\t**\n\t1\n\t2\n\t3\n\t4\n\t5\n\t6\n\n"
        "\t合计\n\t31.90\n\t8.00\n\t19.50\n\t12.00\n\t7.50\n\t4.40\n\n"
        "\t某市园林局\n\t20.40\n\t8.00\n\t9.50\n\t4.00\n\t5.50\n\t2.90\n\n"
        "\t某市公园管理中心\n\t11.50\n\t\n\t10.00\n\t8.00\n\t2.00\n\t1.50\n"
    )
    assert ("4.40万元", "4.40", Agreement.SAME) in link_pairs(text)
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _two_project_forms(budget: str) -> str:
    # A 部门决算 with one 项目支出绩效自评表 per project; each project's 综述 restates its form.
    def form(name: str, planned: str, spent: str) -> str:
        return (
            "项目支出绩效自评表\n单位：万元\n\n"
            f"\t项目名称\n\t{name}\n\t\n\t\n\t\n\n"
            "\t\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\t执行率\n\n"
            f"\t年度资金总额：\n\t{planned}\n\t{planned}\n\t{spent}\n\t97.30%\n\n"
        )

    return (
        "某市气象局2025年度部门决算\n十、项目绩效自评结果\n"
        f"1.人工影响天气作业项目绩效自评综述：全年预算数为{budget}万元，执行数为205.80万元。\n"
        "2.气象观测站网维护项目绩效自评综述：全年预算数为96.40万元，执行数为93.80万元。\n\n"
        + form("人工影响天气作业", "211.50", "205.80")
        + form("气象观测站网维护", "96.40", "93.80")
    )


def test_a_projects_statement_restates_its_own_forms_funds_row() -> None:
    pairs = link_pairs(_two_project_forms("211.50"))
    assert ("211.50万元", "211.50", Agreement.SAME) in pairs
    assert ("96.40万元", "96.40", Agreement.SAME) in pairs
    conflict = value_conflict(_two_project_forms("215.10"))
    assert "215.10万元" in conflict.message and "211.50" in conflict.message


def test_a_projects_statement_is_not_another_forms_funds_row() -> None:
    # Trap: 气象观测站网维护's 96.40 is linked to its own form only, never to the other's row.
    pairs = link_pairs(_two_project_forms("211.50"))
    assert not [p for p in pairs if "96.40万元" in p[:2] and "211.50" in p[:2]]
    assert not [p for p in pairs if "211.50万元" in p[:2] and "96.40" in p[:2]]


def _whole_unit_form(stated: str) -> str:
    # A 部门整体支出绩效自评表 whose funds block totals the department's money; the text
    # names it by the department ("…局部门资金…执行数").
    return (
        "某县人力资源和社会保障局2025年度部门整体支出绩效自评报告\n一、部门资金使用情况\n"
        f"2025年某县人力资源和社会保障局部门资金全年执行数是{stated}万元，执行率为96.42%。\n\n"
        "2025年度部门整体支出绩效自评表\n单位：万元\n\n"
        "\t资金来源\n\t全年预算数\n\t全年执行数\n\t执行率\n\n"
        "\t合计\n\t1,862.30\n\t1,795.60\n\t96.42%\n\n"
        "\t其中：财政拨款\n\t1,702.30\n\t1,640.10\n\t96.35%\n"
    )


def test_the_departments_funds_are_its_whole_unit_forms_total() -> None:
    pairs = link_pairs(_whole_unit_form("1,795.60"))
    assert ("1,795.60万元", "1,795.60", Agreement.SAME) in pairs
    conflict = value_conflict(_whole_unit_form("1,759.60"))
    assert "1,759.60万元" in conflict.message and "1,795.60" in conflict.message


def test_the_department_alone_names_nothing_without_such_a_form() -> None:
    # Trap: with no 部门整体 form, "本部门…支出a万元" of two statements may be two totals.
    text = (
        "某县人力资源和社会保障局2026年部门预算\n一、收支情况\n本部门2026年支出1,862.30万元。\n"
        "二、一般公共预算支出情况\n本部门2026年支出1,702.30万元，主要用于人员和项目。\n"
    )
    assert not link_pairs(text)
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


@pytest.mark.parametrize(
    ("subject", "unit"),
    [
        ("某县供销合作社一般公共预算拨款基本支出", "某县供销合作社"),
        ("某县残疾人联合会项目支出", "某县残疾人联合会"),
        ("中共某市委宣传部基本支出", "中共某市委宣传部"),
        ("某市科学技术协会基本支出", "某市科学技术协会"),
        ("某区农业农村局部门资金", "某区农业农村局"),
    ],
)
def test_a_reporting_units_name_of_any_kind_opens_a_subject(subject: str, unit: str) -> None:
    from crosscheck.departments import leading_department

    found = leading_department().match(subject)
    assert found is not None and found.group() == unit


def test_a_unit_kind_inside_a_word_makes_no_unit() -> None:
    # Trap: 协会 of 行业协会会费 names what is paid, and no place opens it.
    from crosscheck.departments import leading_department

    assert leading_department().match("行业协会会费支出") is None


def test_a_label_cell_that_states_its_amount_is_named_by_its_label() -> None:
    # "其中：政府性基金拨款：86.50" labels its row and holds its amount after the colon: the
    # amount's name is the label, not the label with the number in it.
    form = (
        "部门整体支出绩效自评表\n单位：万元\n\n"
        "\t\n\t年度资金总额\n\t310.20\n\t402.70\n\t398.10\n\n"
        "\t\n\t按收入性质分：\n\t按支出性质分：\n\n"
        "\t\n\t  其中：  政府性基金拨款：86.50\n\t其中：基本支出：311.60\n\n"
    )
    fact = _fact(form, "86.50")
    assert fact.subject == "政府性基金"  # 拨款 is a generic ending
    assert "86.50" not in fact.subject_text


def _side_totals(spending: str) -> str:
    return (
        "西岭县文化馆2026年部门预算\n一、收支预算总体情况\n"
        "2026年，西岭县文化馆收入预算1,406.20万元，其中：财政拨款收入1,380.20万元，事业收入26.00万元。\n"
        f"支出预算{spending}万元，其中：基本支出1,102.80万元，项目支出303.40万元。\n"
    )


def test_a_side_named_alone_opening_its_sentence_is_the_sides_total() -> None:
    # "支出预算a万元，其中：…" after the unit's 收入预算 sentence: the 支出 side's total, as
    # "XX馆支出预算a万元" would be.
    fact = _fact(_side_totals("1,406.20"), "1,406.20万元")
    spending = [f for f in _facts(_side_totals("1,406.20")) if f.subject == "支出合计"]
    assert fact.subject == "收入合计" and len(spending) == 1
    assert spending[0].metric == "statement_total"


def test_a_side_after_an_items_colon_is_the_items() -> None:
    # Trap: "**2. X（项）：**支出决算为a万元" is the item's spending, however its clause opens.
    text = (
        "东湖区水务局2025年度部门决算\n一、收入支出决算总体情况\n"
        "2025年度一般公共预算财政拨款支出1,842.30万元。\n二、一般公共预算财政拨款支出决算具体情况\n"
        "**2. 农林水（类）水利（款）行政运行（项）：**支出决算为 612.40 万元，完成预算 100%。\n"
    )
    assert _fact(text, "612.40 万元").metric != "statement_total"
    assert _conflicts(text) == []


def _form_and_basic_data(basic: str) -> str:
    return (
        "青川县民政局2025年度部门整体支出绩效自评报告\n\n"
        "部门整体支出绩效评价基础数据表\n单位：万元\n\n"
        "\t经费控制情况\n\t2024年决算数\n\t2025年预算数\n\t2025年决算数\n\n"
        f"\t三公经费\n\t12.06\n\t13.40\n\t{basic}\n\n"
        "\t公务接待费\n\t3.10\n\t3.60\n\t2.85\n\n"
        "部门整体支出绩效自评表\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 成本指标 | “三公”经费控制 | ≤13.40万元 | 三公经费支出11.72万元 | 5 | 5 |\n\n"
    )


def test_a_forms_row_restates_the_evaluations_basic_data() -> None:
    # The 基础数据表 states the department's 三公经费 of the year; the form's 成本指标 row
    # restates it (11.72): two statements of one report, not two projects' forms.
    assert ("11.72", "11.72万元", Agreement.SAME) in link_pairs(_form_and_basic_data("11.72"))
    assert _conflicts(_form_and_basic_data("11.27")) != []


def test_a_basic_data_table_is_not_a_form_of_indicators() -> None:
    from crosscheck.align.links import _performance_form

    assert not _performance_form("部门整体支出绩效评价基础数据表")
    assert _performance_form("县人民医院CT设备购置项目支出绩效自评表")


def _cut_year(stated: str) -> str:
    return (
        "某县档案馆2026年部门预算\n一、支出预算\n"
        f"（一）基本支出：{stated} 万元，主要是为保障部门正常运转而发生的各项支出。\n\n"
        "基本支出预算表\n单位：万元\n\n\t项目\n\t预算数\n\n\t基本支出\n\t386.73\n\n"
    )


def test_an_amount_written_as_the_reports_year_states_nothing() -> None:
    # "基本支出：2026 万元" in a 2026 budget: the year a text layer cut from "2026年本单位基本
    # 支出预算数386.73万元", not a budget that contradicts the table.
    assert _conflicts(_cut_year("2026")) == []


@pytest.mark.parametrize("stated", ["2062", "2026.00", "2025"])
def test_an_amount_of_another_number_is_still_compared(stated: str) -> None:
    # Trap: any other figure, or the year's digits with decimals, is an amount as written.
    assert len(_conflicts(_cut_year(stated))) == 1


def test_a_sources_name_ending_in_拨款_is_no_payment() -> None:
    # "其中一般公共预算财政拨款a万元" under a 全年预算数: 拨款 ends the source's name; the part
    # is the head's budget, not an amount paid out.
    text = (
        "二、资金情况\n全年预算数2,418.60万元，其中一般公共预算财政拨款2,306.20万元、政府性基金预算"
        "财政拨款80.00万元、其他资金32.40万元。\n"
    )
    fact = _fact(text, "2,306.20万元")
    assert (fact.subject, fact.metric) == ("一般公共预算财政拨款", "adjusted_budget")
    # Trap: a payment written with 拨款 after the item's name stays a payment.
    paid = _fact("二、资金情况\n向乡镇卫生院拨款96.40万元，已全部到位。\n", "96.40万元")
    assert paid.metric == "paid_amount"


def _all_appropriated(other_income: str) -> str:
    """A budget whose 收支总表 and 财政拨款收支总表 state one total each side (all its money is
    财政拨款) unless ``other_income`` adds an 其他收入 to the first; the text walks the 类 of
    all funds, the 财政拨款 支出表 lists them by code."""
    total = 812.50 + float(other_income)
    return (
        "某省档案馆2026年部门预算公开\n一、收支预算总体情况说明\n"
        f"本部门2026年度收入、支出预算总计{total:.2f}万元。\n"
        f"（二）支出预算总计{total:.2f}万元。包括：\n"
        "1．文化旅游体育与传媒（类）支出640.30万元，主要用于档案保管。\n"
        "2．住房保障（类）支出172.20万元，主要用于住房公积金。\n\n"
        "表1：收支预算总表\n单位：万元\n\n"
        "\t项目\n\t预算数\n\t项目\n\t预算数\n\n"
        f"\t一、一般公共预算拨款收入\n\t812.50\n\t一、基本支出\n\t{700.00 + float(other_income):.2f}\n\n"
        f"\t二、其他收入\n\t{other_income}\n\t二、项目支出\n\t112.50\n\n"
        f"\t收入合计\n\t{total:.2f}\n\t支出合计\n\t{total:.2f}\n\n"
        "表2：财政拨款收支预算总表\n单位：万元\n\n"
        "\t项目\n\t预算数\n\t项目\n\t预算数\n\n"
        "\t一、一般公共预算拨款\n\t812.50\n\t一、基本支出\n\t700.00\n\n"
        "\t收入合计\n\t812.50\n\t支出合计\n\t812.50\n\n"
        "表3：财政拨款支出预算表（功能科目）\n单位：万元\n\n"
        "\t科目代码\n\t科目名称\n\t金额\n\n"
        "\t\n\t合计\n\t812.50\n\n"
        "\t207\n\t文化旅游体育与传媒支出\n\t640.30\n\n"
        "\t221\n\t住房保障支出\n\t172.20\n"
    )


def test_an_all_funds_figure_is_the_appropriation_where_all_money_is_appropriated() -> None:
    pairs = link_pairs(_all_appropriated("0.00"))
    assert ("640.30万元", "640.30", Agreement.SAME) in pairs
    assert ("172.20万元", "172.20", Agreement.SAME) in pairs


def test_an_all_funds_figure_is_not_the_appropriation_where_other_money_comes_in() -> None:
    # An 其他收入 of 30.00 makes the all-funds 类 another amount than its 财政拨款 row.
    pairs = link_pairs(_all_appropriated("30.00"))
    assert not [p for p in pairs if p[0] == "640.30万元" and p[1] == "640.30"]


def test_an_amount_verb_after_a_means_opens_what_the_amount_is() -> None:
    # "通过县财政专户拨付X资金a万元": the means first, then the verb that says the amount is a
    # payment; the same payment written without the means is one fact with it.
    text = (
        "某县水利局2025年度项目支出绩效自评报告\n一、项目概况\n"
        "全年通过县财政资金专户拨付农村饮水安全维修资金{first}万元，保障了工程运行。\n\n"
        "二、资金使用情况\n截至年底，拨付农村饮水安全维修资金{second}万元，支付进度100%。\n"
    )
    assert ("46.30万元", "46.30万元", Agreement.SAME) in link_pairs(
        text.format(first="46.30", second="46.30")
    )
    conflict = value_conflict(text.format(first="46.30", second="64.30"))
    assert "46.30万元" in conflict.message and "64.30万元" in conflict.message


def test_a_means_with_no_amount_verb_after_it_names_the_amount_as_before() -> None:
    fact = _fact(
        "某县水利局2025年度部门决算说明\n通过县水务集团维修农村饮水安全工程46.30万元。\n",
        "46.30万元",
    )
    assert fact.subject.startswith("通过") and fact.metric != "paid_amount"


def test_a_sources_grand_total_is_that_statements_total_not_its_income() -> None:
    # "财政拨款收入总计a万元，其中：本年财政拨款收入b万元" (a 决算: a = b + 年初结转): the 总计 is
    # the 财政拨款 statement's grand total, not the year's 财政拨款收入 stated before.
    text = (
        "某区档案馆2022年度部门决算说明\n一、收入支出决算总体情况\n"
        "本年收入中，财政拨款收入812.40万元，占本年收入的97.10%。\n\n"
        "二、财政拨款收入支出决算总体情况\n"
        "2022年度财政拨款收入总计846.90万元，其中：本年财政拨款收入812.40万元，"
        "年初财政拨款结转和结余34.50万元。\n"
    )
    assert _fact(text, "846.90万元").metric == "statement_total"
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_a_note_of_all_funds_is_not_limited_by_its_sections_heading() -> None:
    text = (
        "某区档案馆2022年度部门决算说明\n四、一般公共预算财政拨款基本支出决算情况\n"
        "2022年度一般公共预算财政拨款基本支出612.30万元，其中人员经费540.10万元。\n"
        "（注：按全部资金口径，本部门2022年度基本支出640.80万元。）\n"
    )
    assert _fact(text, "640.80万元").source == ""
    assert _fact(text, "612.30万元").source == "一般公共预算+财政拨款"
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_a_target_completion_is_not_the_items_budget_execution_rate() -> None:
    text = (
        "某县妇联2023年度部门整体支出绩效自评报告\n（三）项目支出情况\n"
        "1.妇女创业培训项目：预算12.00万元，执行10.80万元，执行率90.00%。\n\n"
        "三、绩效目标实现情况\n"
        "1.妇女创业培训。全年举办培训班12期，培训城乡妇女630人次，完成年度目标（600人次）"
        "的105.00%。\n"
    )
    assert _fact(text, "105.00%").metric != "execution_rate"
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_the_years_budget_without_its_shu_is_the_adjusted_budget() -> None:
    # "全年预算" is the 自评表's 全年预算数 written without 数: the budget after adjustment,
    # not the 年初 one.
    text = (
        "某县档案馆2024年度项目绩效自评报告\n项目年初预算80.00万元，年中追加后全年预算86.00万元。\n"
    )
    assert _fact(text, "86.00万元").metric == "adjusted_budget"
    assert _fact(text, "80.00万元").metric != "adjusted_budget"


def _projects_twice(key_amount: str, lead: str) -> str:
    # A 项目支出表 with its caption, then, under a heading, the key projects' targets in an
    # uncaptioned table (project | amount | goal), some words introducing it or not.
    return (
        "公开表10\n部门预算项目支出表\n单位：万元\n\n"
        "\t项目名称\n\t合计\n\t财政拨款\n\n"
        "\t口岸查验设备运维费\n\t318.60\n\t318.60\n\n"
        "\t外贸企业出口信用保险补助\n\t905.00\n\t905.00\n\n"
        f"六、重点项目绩效目标\n{lead}"
        "\t项目\n\t预算数（万元）\n\t绩效目标\n\n"
        f"\t口岸查验设备运维费\n\t{key_amount}\n\t保障查验设备完好率达到98%以上。\n\n"
        "\t外贸企业出口信用保险补助\n\t905\n\t降低外贸企业收汇风险。\n"
    )


def test_a_table_that_words_introduce_is_a_statement_of_its_own() -> None:
    # 318.60 in the 项目支出表, 381.60 for the same project in the key-projects table.
    conflict = value_conflict(_projects_twice("381.60", "本部门重点项目绩效目标如下：\n\n"))
    assert "381.60" in conflict.message and "318.60" in conflict.message
    assert ("905", "905.00", Agreement.SAME) in link_pairs(
        _projects_twice("318.60", "本部门重点项目绩效目标如下：\n\n")
    ) or ("905.00", "905", Agreement.SAME) in link_pairs(
        _projects_twice("318.60", "本部门重点项目绩效目标如下：\n\n")
    )


def test_an_uncaptioned_table_no_words_introduce_is_not_linked_by_its_heading() -> None:
    # Trap: with nothing but the heading above it, the table may be the one before printed
    # on (a page break); its rows are not read as a second statement.
    found = [
        f for f in crosscheck.check(_projects_twice("381.60", "")).findings if f.rule == "CC201"
    ]
    assert found == []


def _fiscal_summary(general: str, spent: str = "3,880.20") -> str:
    # A 财政拨款收支总表 whose 收入 half names its rows by the source alone, and the sentence
    # of the 说明 that states the same incomes and the spending.
    return (
        "某区城市管理局2027年部门预算\n（三）财政拨款收支预算总体情况\n"
        f"2027年财政拨款收支总预算4,310.50万元。收入包括：一般公共预算当年拨款收入{general}万元、"
        f"政府性基金当年拨款收入430.30万元；支出包括：城乡社区支出{spent}万元、其他支出430.30万元。\n\n"
        "公开表4\n2027年部门财政拨款收支预算总表\n单位：万元\n\n"
        "| 收 入 |  | 支 出 |  |\n| 项 目 | 预算数 | 项 目 | 预算数 |\n"
        "| 一、财政拨款 | 4,310.50 | 城乡社区支出 | 3,880.20 |\n"
        "| 一般公共预算 | 3,880.20 | 其他支出 | 430.30 |\n"
        "| 政府性基金预算 | 430.30 |  |  |\n"
        "| 收入总计 | 4,310.50 | 支出总计 | 4,310.50 |\n"
    )


def test_a_source_row_of_the_income_half_is_that_sources_income() -> None:
    pairs = link_pairs(_fiscal_summary("3,880.20"))
    assert ("3,880.20万元", "3,880.20", Agreement.SAME) in pairs
    conflict = value_conflict(_fiscal_summary("3,088.20"))
    assert "3,088.20" in conflict.message and "3,880.20" in conflict.message


def test_a_source_row_of_the_income_half_is_no_spending() -> None:
    # Trap: 城乡社区支出 3,880.20 (spending) equals the 一般公共预算 income row; written
    # otherwise in the text it is compared with its own row only, never with the income.
    conflict = value_conflict(_fiscal_summary("3,880.20", "3,800.20"))
    assert "3,800.20" in conflict.message and "城乡社区" in conflict.message


def _two_walk_throughs(
    first_head: str, first_part: str, first: str = "705.90", first_staff: str = "675.90"
) -> str:
    # Spending walked through twice, by function and by economic class, each item broken down
    # by the same part names (人员经费, 公用经费, 专项业务经费): parts of two items, not one
    # amount, unless the two paragraphs are about one item.
    return (
        "2、支出按功能分类的情况\n"
        f"（1）{first_head}{first}万元，较上年减少7.45万元。具体为：人员经费{first_staff}万元；"
        f"公用经费0.00万元；专项业务经费{first_part}万元。\n"
        "3、支出按经济分类的情况\n"
        "1.工资福利支出（301）8,420.36万元，较上年增加210.40万元。具体为：人员经费8,380.36万元；"
        "公用经费0.00万元；专项业务经费40.00万元。\n"
    )


def test_parts_of_two_numbered_items_with_one_name_are_not_one_amount() -> None:
    findings = crosscheck.check(
        _two_walk_throughs("行政事业单位养老支出（20805）", "30.00")
    ).findings
    assert not [f for f in findings if f.rule == "CC201"]


def test_parts_of_one_item_walked_through_twice_are_still_compared() -> None:
    # Trap: both paragraphs are about 工资福利支出; its 专项业务经费 written 44.00 and 40.00.
    conflict = value_conflict(
        _two_walk_throughs("工资福利支出（301）", "44.00", "8,420.36", "8,380.36")
    )
    assert "44.00" in conflict.message and "40.00" in conflict.message


def test_rows_of_two_tables_named_a_little_otherwise_are_two_things() -> None:
    # 口岸查验设备运维费 / 口岸查验及通关设备运维费: two projects, not a restatement.
    text = _projects_twice("381.60", "本部门重点项目绩效目标如下：\n\n").replace(
        "\t口岸查验设备运维费\n\t381.60", "\t口岸查验及通关设备运维费\n\t381.60"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_a_group_row_of_a_table_of_described_items_is_no_statement_of_the_group() -> None:
    # The key-projects table names the unit above its key projects with no goal of its own:
    # 905.00 of its projects here, while the 项目支出表 states the unit's whole 1,223.60.
    text = (
        "公开表10\n部门预算项目支出表\n单位：万元\n\n\t项目名称\n\t合计\n\t财政拨款\n\n"
        "\t市口岸服务中心\n\t1,223.60\n\t1,223.60\n\n"
        "\t口岸查验设备运维费\n\t318.60\n\t318.60\n\n"
        "\t外贸企业出口信用保险补助\n\t905.00\n\t905.00\n\n"
        "六、重点项目绩效目标\n本部门重点项目绩效目标如下：\n\n"
        "\t项目\n\t预算数（万元）\n\t绩效目标\n\n"
        "\t市口岸服务中心\n\t905.00\n\t\n\n"
        "\t外贸企业出口信用保险补助\n\t905.00\n\t降低外贸企业收汇风险，出口信保覆盖面不低于30%。\n\n"
        "\t口岸联检协调经费\n\t120.00\n\t保障口岸联检单位协调会议按季召开，协调事项办结率100%。\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]
    # Trap: its described rows are still linked (the project restated, the same value).
    pairs = link_pairs(text)
    assert any({p[0], p[1]} == {"905.00"} and p[2] is Agreement.SAME for p in pairs)


def _project_table_total(stated: str) -> str:
    return (
        "某区水务局2027年部门预算\n二、支出预算情况\n"
        f"2027年支出预算5,210.80万元，其中：基本支出2,750.50万元，项目支出{stated}万元。\n\n"
        "公开表10\n2027年部门项目支出预算表\n单位：万元\n\n"
        "| 项目名称 | 合计 | 财政拨款 |\n| 总计 | 2,460.30 | 2,460.30 |\n"
        "| 河道保洁经费 | 1,380.00 | 1,380.00 |\n| 泵站运行维护费 | 1,080.30 | 1,080.30 |\n"
    )


def test_the_total_row_of_a_project_spending_table_is_the_statements_project_spending() -> None:
    assert ("2,460.30万元", "2,460.30", Agreement.SAME) in link_pairs(
        _project_table_total("2,460.30")
    )
    conflict = value_conflict(_project_table_total("2,640.30"))
    assert "2,640.30" in conflict.message and "2,460.30" in conflict.message


def test_a_project_row_is_no_statement_of_project_spending() -> None:
    # Trap: a project's own row (河道保洁经费) is not the table's 项目支出.
    pairs = link_pairs(_project_table_total("1,380.00"))
    assert not [p for p in pairs if "1,380.00" in p[0] and "1,380.00" in p[1]]


def _two_entries_one_form(second: str) -> str:
    # Two numbered entries name one project with two sets of figures (two funds of one name);
    # the report has one form of that name.
    return (
        "三、项目支出绩效自评综述\n"
        "1.乙中心设备购置项目绩效自评综述：全年预算数300万元，执行数300万元，完成预算的100%。\n"
        f"{second}"
        "\n乙中心设备购置项目绩效自评表\n\n\t项目名称\n\t乙中心设备购置项目\n\n"
        "\t项目资金（万元）\n\t\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\t分值\n\t执行率\n\t得分\n\n"
        "\t年度资金总额\n\t300\n\t300\n\t300\n\t10\n\t100%\n\t10\n"
    )


def test_a_form_two_entries_of_its_name_state_otherwise_restates_neither() -> None:
    second = (
        "2.乙中心设备购置项目绩效自评综述：全年预算数820万元，执行数760万元，完成预算的92.68%。\n"
    )
    assert not [
        f for f in crosscheck.check(_two_entries_one_form(second)).findings if f.rule == "CC201"
    ]


def test_a_form_one_entry_of_its_name_states_otherwise_is_still_compared() -> None:
    # Trap: with one entry of the name the form is that entry's, and 820 against 300 is reported.
    text = _two_entries_one_form("").replace(
        "全年预算数300万元，执行数300万元", "全年预算数820万元，执行数300万元"
    )
    assert [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _tasks(opening: str) -> str:
    return (
        "一、工作开展情况\n"
        f"{opening}为1,200名困难群众发放救助金；开展技能培训600人次；新建服务站8个。\n"
        "二、绩效目标完成情况\n全年开展技能培训620人次，超额完成。\n"
    )


def test_a_list_of_targets_runs_over_the_parts_of_its_sentence() -> None:
    # "年度重点任务：A；B；C。": every part is a target, the 600人次 too, not a result.
    findings = crosscheck.check(_tasks("年初确定了以下年度重点任务：")).findings
    assert not [f for f in findings if f.rule == "CC201"]


def test_parts_after_a_closed_sentence_are_no_targets() -> None:
    # Trap: the list cue's sentence ended (。) before the parts: they report what was done.
    conflict = value_conflict(_tasks("年初确定的年度重点任务已全部完成。"))
    assert "600人次" in conflict.message and "620人次" in conflict.message


def _year_sides(income: str) -> str:
    # A budget that carries money over: the 说明 names 本年收入预算 (the 本年收入合计 line), not
    # the side's 总计 that the carry-over is part of.
    return (
        "某学院2027年部门预算\n（一）收支预算情况说明\n"
        f"我院2027年收支总预算5,620.00万元，其中本年收入预算{income}万元，上年结转420.00万元；"
        "本年支出预算5,300.00万元，结转下年320.00万元。\n\n"
        "公开表1\n2027年收支预算总表\n单位：万元\n\n"
        "| 收入 |  | 支出 |  |\n| 项目 | 预算数 | 项目 | 预算数 |\n"
        "| 一、财政拨款 | 4,300.00 | 一、教育支出 | 5,300.00 |\n"
        "| 二、事业收入 | 900.00 |  |  |\n"
        "| 本年收入合计 | 5,200.00 | 本年支出合计 | 5,300.00 |\n"
        "| 上年结转 | 420.00 | 结转下年 | 320.00 |\n"
        "| 收入总计 | 5,620.00 | 支出总计 | 5,620.00 |\n"
    )


def test_this_years_side_named_with_benian_is_the_year_total_not_the_grand_total() -> None:
    findings = crosscheck.check(_year_sides("5,200.00")).findings
    assert not [f for f in findings if f.rule == "CC201"]
    assert ("5,200.00万元", "5,200.00", Agreement.SAME) in link_pairs(_year_sides("5,200.00"))


def test_this_years_side_written_otherwise_than_its_line_is_reported() -> None:
    # Trap: 5,020.00 for the table's 本年收入合计 5,200.00 is a conflict with that line.
    conflict = value_conflict(_year_sides("5,020.00"))
    assert "5,020.00" in conflict.message and "5,200.00" in conflict.message


def test_a_row_named_otherwise_than_two_values_of_one_entry_restates_neither() -> None:
    # "2.危房改造。…全年完成危房改造210户，较年度目标少3户": the entry states 210 and 3 under
    # one name, two things; the row 危房改造户数 (named otherwise) is linked with neither, so
    # 3户 is never set against its 210户.
    text = (
        "二、绩效目标完成情况\n1.农房抗震。完成农房抗震加固45户。\n"
        "2.危房改造。对鉴定为C级、D级的农村住房实施改造，全年完成210户，较年度目标少3户，"
        "主要是3户群众外出务工未能按期开工。\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "| 产出指标 | 数量指标 | 危房改造户数 | 213户 | 210户 | 10 | 9 |\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _appropriations_listed(fund: str) -> str:
    # A 财政拨款收支总表 and the sentence that lists its income by budget, one part after
    # another: the first part's budget (一般公共预算) names that part only.
    return (
        "某市园林绿化局2026年部门预算\n四、财政拨款收支预算总体情况\n"
        "某市园林绿化局2026年财政拨款收支总预算3,860.20万元。收入包括：一般公共预算当年拨款"
        f"收入3,140.20万元、政府性基金当年拨款收入{fund}万元；支出包括：城乡社区支出3,860.20万元。\n\n"
        "表4\n2026年部门财政拨款收支预算总表\n单位：万元\n\n"
        "\t收入\n\t支出\n\n\t项目\n\t预算数\n\t项目\n\t预算数\n\n"
        "\t一、财政拨款\n\t3860.20\n\t城乡社区支出\n\t3860.20\n\n"
        "\t一般公共预算\n\t3140.20\n\t\n\t\n\n"
        "\t政府性基金预算\n\t720.00\n\t\n\t\n\n"
        "\t收入总计\n\t3860.20\n\t支出总计\n\t3860.20\n"
    )


def test_a_list_parts_own_budget_is_not_limited_by_the_part_before_it() -> None:
    pairs = link_pairs(_appropriations_listed("720.00"))
    assert ("720.00万元", "720.00", Agreement.SAME) in pairs
    assert ("3,140.20万元", "3140.20", Agreement.SAME) in pairs
    conflict = value_conflict(_appropriations_listed("270.00"))
    assert "270.00万元" in conflict.message and "720.00" in conflict.message


def test_a_budget_named_before_a_statement_of_no_budget_still_limits_it() -> None:
    from crosscheck.align.qualifiers import limits_of

    # Trap: the statement's own name names no budget, so the words before it do limit it.
    assert limits_of("一般公共预算当年拨款收入3,140.20万元、事业收入")[0] == "一般公共预算+财政拨款"
    # Its own budget: the other budget before it is another part's.
    assert limits_of("一般公共预算收入3,140.20万元、政府性基金收入", own="政府性基金收入")[0] == ""
    # The umbrella (财政拨款) before it is no other budget: it stays.
    assert limits_of("财政拨款收入中，政府性基金收入", own="政府性基金收入")[0] == "财政拨款"


def _project_named_as_a_kuan(key_amount: str) -> str:
    # A project named as the 功能分类 款 it is booked under (商贸事务, 20113), listed under the
    # 项目支出 head; the 款 row states the whole 款 (基本支出 too), the key-projects table
    # the project with its 绩效目标.
    return (
        "某市商务局2026年部门预算\n第三部分 支出具体情况\n"
        "（三）项目支出1,320.40万元，具体包括：\n"
        "1.商贸事务860.20万元，主要用于商贸流通监测和市场秩序整治。\n"
        "2.外经贸促进460.20万元，主要用于展会补助。\n\n"
        "表3\n2026年一般公共预算支出表\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t20113\n\t商贸事务\n\t2,214.60\n\t1,354.40\n\t860.20\n\n"
        "\t2011302\n\t一般行政管理事务\n\t2,214.60\n\t1,354.40\n\t860.20\n\n"
        "第六部分 重点项目绩效目标\n本单位重点项目绩效目标如下：\n\n"
        "\t预算单位\n\t项目名称\n\t预算数（万元）\n\t绩效目标\n\n"
        f"\t某市商务局\n\t商贸事务\n\t{key_amount}\n\t完成重点商品市场监测，保障市场供应平稳有序。\n\n"
        "\t某市商务局\n\t外经贸促进\n\t460.20\n\t组织企业参加境内外展会，稳住外贸基本盘。\n"
    )


def test_an_item_under_a_class_head_and_a_project_row_are_not_the_kuan_of_its_name() -> None:
    # Trap: 860.20 is the project; the 款's 合计 (2,214.60) is the 款 with its 基本支出.
    report = crosscheck.check(_project_named_as_a_kuan("860.20"))
    assert not [f for f in report.findings if f.rule == "CC201"]
    pairs = link_pairs(_project_named_as_a_kuan("860.20"))
    assert ("860.20万元", "2,214.60", Agreement.DIFFERENT) not in pairs
    assert not [p for p in pairs if "2,214.60" in p[:2] and p[2] is Agreement.DIFFERENT]


def test_a_project_row_that_disagrees_with_the_text_is_still_reported() -> None:
    conflict = value_conflict(_project_named_as_a_kuan("806.20"))
    assert "806.20" in conflict.message and "860.20" in conflict.message
