"""A self-evaluation form's funds total restated by the text in its own words (align/keys.py,
align/links.py): the form's label alone ("年度资金全年预算数a万元"), a paragraph's figures that
name nothing after its first figure names the department ("…部门全年预算数a万元，其中…。年初
预算数b万元"), 执行 as the spending of an amount, and a measure's tail (河长, 总长)."""

from __future__ import annotations

import crosscheck
from crosscheck.align.keys import FUNDS_TOTAL, names_funds_total
from crosscheck.compare import Agreement
from tests.conftest import link_pairs, value_conflict

_WHOLE_UNIT_FORM = (
    "2025年度部门整体支出绩效自评表\n单位：万元\n\n"
    "\t资金来源\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\t执行率\n\n"
    "\t年度资金总额\n\t1,204.60\n\t1,356.80\n\t1,318.25\n\t97.16%\n\n"
    "\t其中：财政拨款\n\t1,150.00\n\t1,290.30\n\t1,255.40\n\t97.29%\n"
)


def _scored_paragraph(budget: str, spent: str, form: str = _WHOLE_UNIT_FORM) -> str:
    # The text walks through the form's scores and names the funds block by its label.
    return (
        "临河县市场监督管理局2025年度部门整体支出绩效自评报告\n"
        "三、评价指标分析\n"
        f"经复核，年度资金全年预算数{budget}万元，执行{spent}万元，执行率97.16%，资金管理"
        "指标得满分。\n\n" + form
    )


def test_the_forms_label_alone_names_its_funds_total() -> None:
    pairs = link_pairs(_scored_paragraph("1,356.80", "1,318.25"))
    assert ("1,356.80万元", "1,356.80", Agreement.SAME) in pairs
    assert ("1,318.25万元", "1,318.25", Agreement.SAME) in pairs


def test_a_spending_that_disagrees_with_the_forms_total_is_reported() -> None:
    conflict = value_conflict(_scored_paragraph("1,356.80", "1,381.25"))
    assert "1,381.25" in conflict.message and "1,318.25" in conflict.message


def test_the_label_names_a_projects_form_total_in_a_project_report() -> None:
    form = (
        "2025年度城区食品快检能力提升项目支出绩效自评表\n单位：万元\n\n"
        "\t项目名称\n\t城区食品快检能力提升\n\n"
        "\t项目资金\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\t执行率\n\n"
        "\t年度资金总额\n\t86.00\n\t92.40\n\t90.15\n\t97.56%\n"
    )
    text = _scored_paragraph("92.40", "90.15", form).replace("执行率97.16%", "执行率97.56%")
    pairs = link_pairs(text)
    assert ("92.40万元", "92.40", Agreement.SAME) in pairs
    assert ("90.15万元", "90.15", Agreement.SAME) in pairs


def test_the_label_names_nothing_where_two_forms_have_a_funds_total() -> None:
    # Trap: a 部门整体 form and a project's form each total their funds; "年度资金" alone
    # may be either, so it is linked to neither (its 1,290.00 is the project form's total
    # written wrong or the department's: a guess).
    project_form = (
        "\n\n2025年度城区食品快检能力提升项目支出绩效自评表\n单位：万元\n\n"
        "\t项目名称\n\t城区食品快检能力提升\n\n"
        "\t项目资金\n\t年初预算数\n\t全年预算数\n\t全年执行数\n\t执行率\n\n"
        "\t年度资金总额\n\t86.00\n\t92.40\n\t90.15\n\t97.56%\n"
    )
    text = _scored_paragraph("1,290.00", "1,318.25", _WHOLE_UNIT_FORM + project_form)
    assert not [p for p in link_pairs(text) if "1,290.00万元" in p[:2] or "1,318.25万元" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_a_name_with_more_than_the_label_is_no_funds_total() -> None:
    assert names_funds_total("2025年度资金总额")
    assert names_funds_total("年度资金全年预算数")
    assert not names_funds_total("年度资金绩效目标")
    assert not names_funds_total("食品快检年度资金")
    assert FUNDS_TOTAL == "年度资金总额"


def _funds_paragraph(initial: str, between: str = "") -> str:
    return (
        "临河县市场监督管理局2025年度部门整体支出绩效自评报告\n一、部门资金情况\n"
        "2025年临河县市场监督管理局部门全年预算数1,356.80万元，其中财政拨款1,290.30万元、其他资金66.50万元。"
        f"{between}年初预算数{initial}万元，年中追加152.20万元，主要是上级下达的食品抽检经费。\n\n"
        + _WHOLE_UNIT_FORM
    )


def test_a_paragraphs_figure_that_names_nothing_is_its_first_figures_things() -> None:
    pairs = link_pairs(_funds_paragraph("1,204.60"))
    assert ("1,204.60万元", "1,204.60", Agreement.SAME) in pairs
    conflict = value_conflict(_funds_paragraph("1,240.60"))
    assert "1,240.60" in conflict.message and "1,204.60" in conflict.message


def test_a_thing_named_in_a_later_sentence_ends_the_paragraphs_topic() -> None:
    # Trap: after "项目支出全年预算数…。" the 年初预算数 may be the projects', not the
    # department's: it is linked to neither.
    text = _funds_paragraph("1,240.60", between="项目支出全年预算数512.30万元。")
    assert not [p for p in link_pairs(text) if "1,240.60万元" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if "1,240.60" in f.message]


def test_execution_before_an_amount_is_its_spending() -> None:
    (fact,) = [
        f
        for group in crosscheck.check(_scored_paragraph("1,356.80", "1,318.25")).aligned
        for link in group.links
        for f in (link.a, link.b)
        if f.mention.quantity.surface == "1,318.25万元"
    ]
    assert fact.metric == "expenditure"


def _river_form(length: str) -> str:
    return (
        "2025年度山塘河综合整治项目支出绩效自评报告\n二、产出情况\n"
        f"全年完成山塘河干流综合整治{length}公里，清淤疏浚4.2万立方米。\n\n"
        "2025年度山塘河综合整治项目支出绩效自评表\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 数量指标 | 山塘河干流综合整治河长 | ≥9公里 | 9.6公里 | 10 | 10 |\n"
    )


def test_a_measures_length_tail_names_no_other_thing() -> None:
    assert ("9.6公里", "9.6公里", Agreement.SAME) in link_pairs(_river_form("9.6"))
    conflict = value_conflict(_river_form("6.9"))
    assert "6.9公里" in conflict.message and "9.6公里" in conflict.message


def test_a_form_whose_title_lost_its_department_is_still_the_departments() -> None:
    # A page cut the title to "整体支出绩效自评表": the layout (by its title's pattern) is still
    # a 部门整体 form, and its funds total the department's.
    form = _WHOLE_UNIT_FORM.replace("2025年度部门整体支出绩效自评表", "整体支出绩效自评表")
    text = (
        "临河县市场监督管理局2025年度部门整体支出绩效自评报告\n一、部门资金情况\n"
        "2025年临河县市场监督管理局部门资金全年执行数为1,381.25万元。\n\n" + form
    )
    conflict = value_conflict(text)
    assert "1,381.25" in conflict.message and "1,318.25" in conflict.message


def test_a_parts_own_topic_comes_before_its_paragraphs_lead_in() -> None:
    # "（二）经费保障。年度资金全年预算数a万元，执行b万元": b names nothing in its clause; the
    # part's first figure names the form's funds total, the lead-in only the paragraph's theme.
    text = _scored_paragraph("1,356.80", "1,381.25").replace("经复核，", "（二）经费保障。")
    conflict = value_conflict(text)
    assert "1,381.25" in conflict.message and "1,318.25" in conflict.message


def test_figures_of_the_same_thing_between_keep_the_paragraphs_topic() -> None:
    # "…年初预算数a万元，年中调整预算b万元…。全年执行c万元": the adjustment is a figure of the
    # department's funds too, no other thing; c is the department's spending.
    text = (
        _funds_paragraph("1,204.60")
        .replace("年中追加152.20万元", "年中调整预算152.20万元")
        .replace(
            "主要是上级下达的食品抽检经费。", "主要是上级下达的食品抽检经费。全年执行1,381.25万元。"
        )
    )
    conflict = value_conflict(text)
    assert "1,381.25" in conflict.message and "1,318.25" in conflict.message


# A 部门整体 form whose funds block totals the money twice: by source and by use.
_TWO_TOTALS_FORM = (
    "2025年度部门整体支出绩效自评表\n单位：万元\n\n"
    "\t\n\t项目\n\t全年预算数\n\t全年执行数\n\t执行率\n\n"
    "\t资金来源\n\t合计\n\t986.40\n\t{by_source}\n\t96.49%\n\n"
    "\t\n\t财政拨款\n\t986.40\n\t{by_source}\n\t—\n\n"
    "\t资金结构\n\t合计\n\t986.40\n\t{by_use}\n\t—\n\n"
    "\t\n\t基本支出\n\t612.00\n\t598.75\n\t—\n\n"
    "\t\n\t项目支出\n\t374.40\n\t352.99\n\t—\n"
)


def test_the_funds_blocks_two_totals_are_one_fact() -> None:
    text = (
        "某县统计局2025年度部门整体支出绩效自评报告\n一、部门概况\n"
        "全年部门资金执行数为951.74万元。\n\n"
    )
    assert not [
        f
        for f in crosscheck.check(
            text + _TWO_TOTALS_FORM.format(by_source="951.74", by_use="951.74")
        ).findings
        if f.rule == "CC201"
    ]
    conflict = value_conflict(text + _TWO_TOTALS_FORM.format(by_source="951.74", by_use="915.74"))
    assert "915.74" in conflict.message and "951.74" in conflict.message


_PROJECT_FORM = (
    "2024年度项目支出绩效自评表\n项目名称：{name}\n单位：万元\n\n"
    "项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分\n"
    "年度资金总额 | 80.00 | 86.00 | {spent} | 10 | 94.77% | 9.48\n"
)


def _project_report(spent_text: str, forms: str) -> str:
    return (
        "某县档案馆2024年度数字档案建设项目绩效自评报告\n二、项目资金使用情况\n"
        f"截至年底，项目资金全部到位。全年实际支出{spent_text}万元，预算执行率94.77%。\n\n" + forms
    )


def test_the_reports_unnamed_spending_is_its_one_forms_funds_total() -> None:
    form = _PROJECT_FORM.format(name="数字档案建设项目", spent="81.50")
    assert ("81.50万元", "81.50", Agreement.SAME) in link_pairs(_project_report("81.50", form))
    conflict = value_conflict(_project_report("85.10", form))
    assert "85.10" in conflict.message and "81.50" in conflict.message


def test_unnamed_spending_is_no_forms_where_the_report_has_two() -> None:
    forms = (
        _PROJECT_FORM.format(name="数字档案建设项目", spent="81.50")
        + "\n\n"
        + (_PROJECT_FORM.format(name="档案数字化加工项目", spent="62.40"))
    )
    text = _project_report("85.10", forms)
    assert not [p for p in link_pairs(text) if "85.10万元" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_a_forms_project_named_in_a_field_line_above_its_grid_names_its_funds_rows() -> None:
    # "项目名称：数字档案建设项目" exported as a line over the grid: the funds rows are that
    # project's, and the report's sentence naming the project restates them.
    form = _PROJECT_FORM.format(name="数字档案建设项目", spent="81.50")
    text = (
        "某县档案馆2024年度数字档案建设项目绩效自评报告\n五、自评结论\n"
        "2024年度数字档案建设项目全年执行数为{spent}万元，年度目标基本实现。\n\n" + form
    )
    assert ("81.50万元", "81.50", Agreement.SAME) in link_pairs(text.format(spent="81.50"))
    conflict = value_conflict(text.format(spent="81.05"))
    assert "81.05" in conflict.message and "81.50" in conflict.message


_OWN_FUNDS_IN_GENERIC_WORDS = (
    "一、项目基本情况\n（二）项目资金情况\n本项目2025年年初预算420.00万元，年中追加省级资金后，"
    "全年预算调整为{adjusted}万元，其中中央财政资金300.00万元、省级财政资金168.00万元。"
    "截至2025年12月31日，项目全年执行{spent}万元，预算执行率为95.83%。\n\n"
    "二、项目支出绩效自评表\n单位：万元\n\n"
    "项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分\n"
    "年度资金总额 | 420.00 | 468.00 | 448.50 | 10 | 95.83% | 9.58\n"
)


def test_own_funds_named_by_generic_words_only_are_the_forms_funds_total() -> None:
    # "项目全年执行" names nothing but the report's project, its sources before it in the
    # paragraph naming no other thing; "调整为" states the adjusted budget itself.
    pairs = link_pairs(_OWN_FUNDS_IN_GENERIC_WORDS.format(adjusted="468.00", spent="448.50"))
    assert ("448.50万元", "448.50", Agreement.SAME) in pairs
    assert ("468.00万元", "468.00", Agreement.SAME) in pairs
    slipped = link_pairs(_OWN_FUNDS_IN_GENERIC_WORDS.format(adjusted="486.00", spent="484.50"))
    assert ("484.50万元", "448.50", Agreement.DIFFERENT) in slipped
    assert ("486.00万元", "468.00", Agreement.DIFFERENT) in slipped


def test_an_adjustment_by_an_amount_is_not_the_adjusted_budget() -> None:
    # "年中预算调整48.00万元" is the change, not the year's budget.
    text = _OWN_FUNDS_IN_GENERIC_WORDS.format(adjusted="468.00", spent="448.50").replace(
        "年中追加省级资金后，全年预算调整为468.00万元", "年中预算调整48.00万元"
    )
    assert not [p for p in link_pairs(text) if "48.00万元" in p[:2]]


def test_items_walked_through_in_a_paragraph_are_no_own_funds() -> None:
    # "（一）…完成88.2公里，支出a万元；（二）…支出b万元": each amount is its item's, named by
    # the count before it, not the project's total spending of the form.
    text = (
        "（二）资金使用情况\n资金主要用于以下两个方面：（一）道路提质改造，完成提质改造46.5公里，"
        "支出286.40万元，占项目总支出的63.86%；（二）危桥改造，完成危桥改造6座，支出162.10万元，"
        "占比36.14%。\n\n"
        "三、项目支出绩效自评表\n单位：万元\n\n"
        "项目资金 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分\n"
        "年度资金总额 | 420.00 | 468.00 | 448.50 | 10 | 95.83% | 9.58\n"
    )
    assert not [p for p in link_pairs(text) if "448.50" in p[:2]]
    assert not [p for p in link_pairs(text.replace("286.40", "448.50")) if "448.50" in p[:2]]


def _matched_funds(spent: str) -> str:
    # The funds by source before the amount spent: 中央补助资金 and 县级配套资金 name sources
    # of the project's money, not another thing the paragraph would then be about.
    return (
        "（二）资金情况\n项目全年预算数480.00万元，其中中央补助资金400.00万元，县级配套资金80.00万元。"
        f"全年执行数{spent}万元，执行率95.00%。\n\n"
        "项目支出绩效自评表\n"
        "| 项目名称 | 高标准农田灌溉设施维护 |\n"
        "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
        "| 年度资金总额 | 480.00 | 480.00 | 456.00 | 10 | 95.00% | 9.5 |\n"
    )


def test_matching_funds_named_before_the_spending_leave_it_the_projects() -> None:
    assert ("456.00万元", "456.00", Agreement.SAME) in link_pairs(_matched_funds("456.00"))
    conflict = value_conflict(_matched_funds("465.00"))
    assert "465.00万元" in conflict.message and "456.00" in conflict.message
