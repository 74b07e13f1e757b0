"""Scored linking (crosscheck/align/names.py, crosscheck/align/links.py): one fact written in
other words is linked; look-alikes that are two facts are not.

Every text here is invented (departments, figures and wording of our own); the shapes are
those measured on real reports: a narrative restating a 绩效指标 row by a verb, a place or
a noun tail, and the traps of lists, targets, samples, items and sources of funds.
"""

from __future__ import annotations

import pytest

import crosscheck
from crosscheck.align.names import NameWeights, clean_name, match_names
from crosscheck.compare import Agreement
from crosscheck.extractor.mentions import item_marker

from .conftest import link_pairs


def _match(a: str, b: str, metric: str | None = None):
    weights = NameWeights([a, b, "某某工作", "其他事项"])
    return match_names(clean_name(a), clean_name(b), weights, metric)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("全年培训新型职业农民", "新型职业农民培训人次"),  # a verb moved, a noun tail added
        ("惠及退役军人家庭", "受益退役军人家庭户数"),  # two verbs, one tail
        ("全市森林覆盖", "森林覆盖"),  # a place on one side
        ("开发乡村公益性岗位", "乡村公益性岗位开发数量"),
        ("建成农村污水处理设施", "新建农村污水处理设施"),  # a flow word on each side
        ("受益困难群众", "受益困难群众数"),  # jieba cuts the two differently
        ("全年农村特困供养对象", "农村特困供养保障人数"),  # 对象 and 人数 are tails, 保障 a verb
        ("全年资助残疾学生", "残疾学生受助人次"),  # 受助 names the counted by their role
    ],
)
def test_one_thing_in_other_words_scores_high(a: str, b: str) -> None:
    match = _match(a, b)
    assert match.score >= 0.6, match
    assert not match.why_not


@pytest.mark.parametrize(
    ("a", "b", "gate"),
    [
        ("一般公共预算财政拨款项目支出", "项目支出", "scope"),  # a scope word on one side only
        ("新建村级文化广场", "村级文化广场", "flow"),  # this year's new ones / all there are
        ("全馆非遗展览项目支出预算", "全馆非遗展览项目支出", "metric-word"),  # a budget named
        ("乡镇文化站设备配送", "乡镇文化站", "head"),  # the deliveries, not the 文化站
        ("城区低保对象", "农村低保对象", "both-sides"),  # two groups sharing a head
        ("设备购置非财政资金部分", "设备购置财政资金部分", "negation"),  # the other part
        ("其他农林水支出", "农林水支出", "negation"),  # the rest of it, a line of its own
    ],
)
def test_two_things_that_share_words_fail_a_gate(a: str, b: str, gate: str) -> None:
    match = _match(a, b, "expenditure" if gate == "metric-word" else None)
    assert match.score == 0.0
    assert match.why_not == gate


def test_a_generic_head_alone_scores_low() -> None:
    # In a report about 就业补助, every name holds 就业补助: sharing it says little.
    names = ["职业培训就业补助", "社会保险就业补助", "公益岗位就业补助", "就业补助"]
    weights = NameWeights(names)
    assert match_names("就业补助", "职业培训就业补助", weights).score < 0.6


def _aligned(text: str):
    return crosscheck.check(text).aligned


_TABLE = (
    "\n\n\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分"
    "\n\n\t产出指标\n\t数量指标\n\t新型职业农民培训人次\n\t≥800人次\n\t{train}\n\t20\n\t20"
    "\n\n\t产出指标\n\t数量指标\n\t受益脱贫户数\n\t≥1200户\n\t{homes}\n\t20\n\t20"
    "\n\n\t效益指标\n\t社会效益指标\n\t农产品抽检合格率\n\t≥96%\n\t{rate}\n\t20\n\t20\n\n"
)


def _report(narrative: str, train: str = "912人次", homes: str = "1,308户", rate: str = "98.6%"):
    table = _TABLE.format(train=train, homes=homes, rate=rate)
    return f"金川县农业农村局项目支出绩效自评表{table}一、项目完成情况\n{narrative}\n"


def test_a_narrative_restating_indicator_rows_is_linked_to_them() -> None:
    text = _report("全年培训新型职业农民921人次，惠及脱贫户1,308户，全县农产品抽检合格率达98.6%。")
    pairs = link_pairs(text)
    assert ("912人次", "921人次", Agreement.DIFFERENT) in pairs
    assert ("1,308户", "1,308户", Agreement.SAME) in pairs
    assert ("98.6%", "98.6%", Agreement.SAME) in pairs
    finding = next(f for f in crosscheck.check(text).findings if f.rule == "CC201")
    assert {e.text for e in finding.evidence} == {"912人次", "921人次"}


def test_a_target_in_the_narrative_is_never_an_actual_value() -> None:
    # "目标为：…" lists targets; the table's 实际完成值 differs from them by design.
    text = _report(
        "年度目标为：培训新型职业农民800人次，受益脱贫户1200户。全年实际完成情况见上表。"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]
    text = _report("农产品抽检合格率未达到98%的年度目标。", rate="97.1%")
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_a_sample_is_not_the_count_it_was_drawn_from() -> None:
    text = _report("全年培训新型职业农民912人次；随机抽查培训学员、新型职业农民60人次。")
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_two_candidates_that_fit_equally_link_neither() -> None:
    # Two rows a narrative number fits alike: no guess.
    text = (
        "\t三级指标\n\t实际完成值\n\n\t城区环卫工人培训人次\n\t310人次\n\n"
        "\t乡镇环卫工人培训人次\n\t290人次\n\n"
        "一、完成情况\n全年培训环卫工人350人次。\n"
    )
    assert not [g for g in _aligned(text) if any(f.mention.role == "narrative" for f in g.facts)]


def test_one_item_restated_in_its_paragraph_is_compared() -> None:
    text = (
        "三、支出预算明细\n"
        "行政运行（项）2026年预算312.40万元，主要用于机关日常运转，2026年预算安排321.40万元。\n"
    )
    ((a, b, agreement),) = link_pairs(text)
    assert {a, b} == {"312.40万元", "321.40万元"} and agreement is Agreement.DIFFERENT


@pytest.mark.parametrize(
    "text",
    [
        # A walk through items: each 预算 is its own item's.
        "行政运行（项）2026年预算312.40万元；机关服务（项）2026年预算45.10万元。\n",
        # Two groups in one paragraph, one metric each: a parallel enumeration.
        "城区低保对象月人均补助水平提高至650元，救助覆盖率98%；农村低保对象救助覆盖率95%。\n",
        # Two items named alike in two parts of one sentence.
        "甲馆免费开放服务人次增长率12%；乙馆免费开放服务人次增长率9%。\n",
    ],
)
def test_values_of_one_paragraph_in_a_list_are_not_linked(text: str) -> None:
    assert link_pairs(text) == set()


def test_payments_inside_two_items_are_two_payments() -> None:
    # The same channel (区专户) named inside two items' parts of one walk.
    text = (
        "二、项目执行情况\n"
        "困难群众临时救助资金完成救助860人次，通过区财政专户支付212.30万元，执行率98%；"
        "孤儿基本生活保障资金完成发放，其中通过区财政专户支付58.00万元，执行率100%。\n"
        "三、附表说明\n困难群众临时救助资金通过区财政专户支付212.30万元。\n"
    )
    values = {v for a, b, _ in link_pairs(text) for v in (a, b)}
    assert "58.00万元" not in values
    assert ("212.30万元", "212.30万元", Agreement.SAME) in link_pairs(text)


def test_a_budget_breakdown_is_a_budget_not_a_spending() -> None:
    # 基本支出 inside a 年初预算's （含…）: a budget of 基本支出, not what 基本支出 spent.
    text = (
        "一、预算情况\n2025年年初预算1,320.00万元（含基本支出420.00万元，项目支出900.00万元）。\n"
        "二、支出情况\n2025年基本支出412.60万元，项目支出861.30万元。\n"
    )
    assert link_pairs(text) == set()


def test_different_sources_of_funds_are_two_facts() -> None:
    text = (
        "（一）一般公共预算财政拨款支出情况\n"
        "2025年一般公共预算财政拨款支出2,100.00万元，其中文化旅游体育与传媒支出1,860.00万元。\n"
        "（二）支出决算情况\n2025年本年支出合计2,240.00万元，其中文化旅游体育与传媒支出2,000.00万元。\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_a_measure_restating_an_indicator_row_is_linked_across_units() -> None:
    text = (
        "\t三级指标\n\t年度指标值\n\t实际完成值\n\n"
        "\t高标准农田建设面积\n\t≥2.5万亩\n\t2.62万亩\n\n"
        "\t农村公路改造里程\n\t≥40公里\n\t41.5公里\n\n"
        "一、完成情况\n全年建成高标准农田1,820公顷，完成农村公路改造41.5公里。\n"
    )
    pairs = link_pairs(text)
    # 1,820公顷 is 27,300亩: not the table's 2.62万亩.
    assert ("2.62万亩", "1,820公顷", Agreement.DIFFERENT) in pairs
    assert ("41.5公里", "41.5公里", Agreement.SAME) in pairs
    assert not any("万亩" in a and "公里" in b for a, b, _ in pairs)


@pytest.mark.parametrize(
    "text",
    [
        # Each project's 项目总预算: "项目总" names no one project.
        "一、甲项目\n项目总预算320.00万元。\n二、乙项目\n项目总预算180.00万元。\n",
        # Each item's "财政拨款安排…": 财政拨款 is where the money comes from, not what it is.
        "（一）公务接待\n财政拨款安排预算12.00万元。\n（二）会议\n财政拨款安排预算30.00万元。\n",
    ],
)
def test_a_name_of_generic_words_or_sources_links_nothing(text: str) -> None:
    assert link_pairs(text) == set()


def _facts(text: str):
    """Every fact ``check`` keys in ``text``."""
    from crosscheck.align.keys import cell_places, facts_of
    from crosscheck.segment import segment

    report = crosscheck.check(text)
    return facts_of(
        segment(report.document), report.mentions, cell_places(report.tables, report.document.text)
    )


def _subjects(text: str, metric: str) -> dict[str, str]:
    """surface -> subject of every fact of ``metric`` in ``text``."""
    return {f.mention.quantity.surface: f.subject for f in _facts(text) if f.metric == metric}


def test_each_share_is_keyed_by_the_amount_right_before_it() -> None:
    # "X a万元，占比p%": the share is X's, though its own clause names nothing; never the
    # sentence's first topic (基本支出决算) nor the amount of another part.
    text = (
        "（一）基本支出\n2025年基本支出决算612.40万元，其中工资福利支出401.20万元，占比65.51%；"
        "对个人和家庭的补助38.15万元，占比6.23%。\n"
    )
    assert _subjects(text, "share") == {"65.51%": "工资福利支出", "6.23%": "对个人和家庭补助"}


def test_a_share_after_a_full_stop_takes_no_subject_from_before_it() -> None:
    # Trap: a new sentence that opens with its share names its own topic or none.
    text = "（一）基本支出\n工资福利支出401.20万元。占基本支出的比重为65.51%。\n"
    assert _subjects(text, "share").get("65.51%") != "工资福利支出"


def test_an_item_rate_after_its_amount_is_the_items_and_is_linked() -> None:
    # "3. X支出 a万元，完成预算p%": 完成预算 is an execution rate of X.
    text = (
        "（一）“三公”经费情况\n3. 公务用车运行维护费支出 4.86 万元，完成预算 81.00%。\n"
        "（二）执行分析\n公务用车运行维护费支出4.86万元，完成预算的87.00%，主要是压减用车次数。\n"
    )
    assert ("81.00%", "87.00%", Agreement.DIFFERENT) in link_pairs(text)


def test_a_class_whose_支出_the_metric_word_took_keeps_its_name() -> None:
    # "基本支出决算数为…": 支出决算数 is the metric word, 基本支出 the class, not "基本".
    text = "二、基本支出\n2024年基本支出决算数为584.26万元，其中人员经费501.00万元。\n"
    assert _subjects(text, "expenditure")["584.26万元"] == "基本支出"


def test_a_project_budget_and_the_class_spending_are_not_linked_through_the_item() -> None:
    # Trap: the part topic "项目支出年初预算数" is about 项目支出; its 年初预算 is not the
    # 基本支出 spent in the next paragraph.
    text = (
        "一、决算总体情况\n2024年项目支出年初预算数为530.00万元，全年实际项目支出548.26万元。\n"
        "二、基本支出\n2024年基本支出决算数为584.26万元，其中人员经费501.00万元。\n"
    )
    assert link_pairs(text) == set()


def test_a_head_written_twice_is_found_where_it_is_written_last() -> None:
    # "…资金完成救助辖区内X" repeats X: the name ends with X, which the row's name holds.
    assert _match("困难老人医疗救助辖区内困难老人", "救助困难老人").why_not != "head"
    # Trap: a name whose last word the other lacks still fails the gate.
    assert _match("困难老人医疗救助辖区内困难老人护理", "救助困难老人").why_not == "head"


def test_a_total_and_the_first_part_of_its_其中_sentence_are_two_facts() -> None:
    # "…预算a万元。其中：<the same words reordered>预算b万元": the part, not the total again.
    text = (
        "（二）资金执行情况\n①乡村道路养护补助预算3,200万元，实际支出3,150万元，执行率98.44%。"
        "其中：\n养护乡村道路补助资金预算2,400万元，实际支出2,380万元。\n"
    )
    assert _subjects(text, "budget")  # both budgets are keyed
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_a_total_restated_after_its_其中_sentence_is_still_linked() -> None:
    text = (
        "（二）资金执行情况\n乡村道路养护补助预算3,200万元。其中：省级资金2,400万元。\n"
        "（三）结论\n乡村道路养护补助预算3,020万元，执行良好。\n"
    )
    assert ("3,200万元", "3,020万元", Agreement.DIFFERENT) in link_pairs(text)


def test_a_clause_of_only_a_metric_word_gives_a_figure_of_its_parts_topic() -> None:
    # "X预算a，实际支出b，预算执行率p%": b and p are X's too.
    text = (
        "（二）项目执行情况\n③农机购置补贴资金预算420万元，实际支出398.16万元，预算执行率94.80%。\n"
        "（三）附表\n"
        "\t项目名称\n\t预算数\n\t执行数\n\t执行率\n\n"
        "\t农机购置补贴资金\n\t420.00\n\t389.16\n\t92.66%\n"
    )
    subjects = _subjects(text, "expenditure")
    assert subjects["398.16万元"] == "农机购置补贴"
    assert _subjects(text, "execution_rate")["94.80%"] == "农机购置补贴"


def test_a_funds_figure_after_a_semicolon_that_names_nothing_is_the_paragraphs_things() -> None:
    # "X预算a万元；实际支出b万元": the part names nothing, and nothing else is named before
    # it in its paragraph; the spending is X's (align/keys._funds_topic_of_paragraph).
    text = "（二）项目执行情况\n农机购置补贴资金预算420万元；实际支出398.16万元。\n"
    assert _subjects(text, "expenditure")["398.16万元"].startswith("农机购置补贴")


def test_a_clause_after_a_semicolon_takes_no_topic_past_another_named_thing() -> None:
    # Trap: "；" ends the part about X, and the next part names Y; a later figure that names
    # nothing may be Y's as well as X's, and is neither's.
    text = (
        "（二）项目执行情况\n农机购置补贴资金预算420万元；农机报废更新补贴预算12万元；"
        "实际支出398.16万元。\n"
    )
    assert not _subjects(text, "expenditure").get("398.16万元", "").startswith("农机")


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("资金使用情况：一是乡村公路养护补助资金支出312.40万元。", "312.40万元"),
        ("②乡村公路养护补助资金支出312.40万元。", "312.40万元"),
        ("3. 乡村公路养护补助资金支出312.40万元。", "312.40万元"),
    ],
)
def test_a_list_marker_opens_no_name(text: str, surface: str) -> None:
    unmarked = _subjects("乡村公路养护补助资金支出312.40万元。", "expenditure")[surface]
    assert not unmarked[0].isdigit() and unmarked.startswith("乡村")
    assert _subjects(text, "expenditure")[surface] == unmarked


def test_a_paragraph_walking_items_under_one_name_links_none_of_them() -> None:
    # Each base's 选送单位 in one paragraph; a later paragraph restates them: which value is
    # which base's is not in the name, so none is linked and nothing conflicts.
    walk = (
        "甲基地培训选手120名、选送单位8家；乙基地培训选手96名、选送单位6家；"
        "丙基地培训选手75名、选送单位4家。"
    )
    text = "一、基地补助情况\n" + walk + "\n二、产出分析\n" + walk + "\n"
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


@pytest.mark.parametrize("anaphor", ["该指标", "该项指标", "此项指标", "按评分标准，要点②"])
def test_this_indicator_names_nothing(anaphor: str) -> None:
    # "…；该指标得3分" after each indicator's evidence: the indicator is named before it.
    text = (
        f"（一）决策\n资金到位及时，{anaphor}得3.00分。\n（二）过程\n"
        f"制度执行有效，{anaphor}得2.50分。\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_a_name_stated_as_such_is_not_also_linked_to_its_words_reordered() -> None:
    # A project row and its sub-item row share their words in another order; the text's
    # rate names the project exactly: it is the project's, not (also) the sub-item's.
    text = (
        "\t项目名称\n\t预算数\n\t执行数\n\t执行率\n\n"
        "\t农村危房改造补助\n\t800.00\n\t792.00\n\t99.00%\n\n"
        "\t补助农村危房改造\n\t500.00\n\t490.00\n\t98.00%\n\n"
        "（二）资金执行情况\n农村危房改造补助预算800万元，实际支出792万元，预算执行率99.00%。\n"
    )
    pairs = link_pairs(text)
    assert ("99.00%", "99.00%", Agreement.SAME) in pairs
    assert not any("98.00%" in (a, b) for a, b, _ in pairs)


def test_a_score_and_a_weight_of_one_indicator_are_two_facts() -> None:
    # Trap: "得分" against a weight that names no metric (共…分): never one fact.
    text = (
        "一、评价结论\n项目综合得分82.6分，其中：过程指标得16.50分。\n"
        "二、指标分析\n过程指标共20分，主要考察资金管理和组织实施。\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_two_values_each_restated_in_the_text_are_two_facts() -> None:
    # Two surveys under one name, each figure restated in a later section: no conflict.
    text = (
        "一、评价方法\n共回收有效问卷218份。\n二、满意度\n共回收有效问卷1,405份。\n"
        "三、结论\n共回收有效问卷218份。\n四、附件\n共回收有效问卷1,405份。\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_one_value_against_a_restated_one_is_still_a_conflict() -> None:
    text = (
        "一、评价方法\n共回收有效问卷218份。\n二、结论\n共回收有效问卷218份。\n"
        "三、附件\n共回收有效问卷281份。\n"
    )
    assert [f.rule for f in crosscheck.check(text).findings if f.rule == "CC201"] == ["CC201"]


def test_sections_scoring_their_own_indicator_are_not_one_fact() -> None:
    # Each 一级指标's section: "X指标共N分，评价得分a分"; and a framework listing each one's
    # 占权重分: 评价 names nothing, 占权重分 is a weight.
    text = (
        "1.决策指标绩效分析\n决策指标共20分，评价得分16.50分，得分率82.50%。\n"
        "2.过程指标绩效分析\n过程指标共20分，评价得分14.00分，得分率70.00%。\n"
        "3.指标体系框架\n决策：占权重分20分，考察立项。\n过程：占权重分20分，考察管理。\n"
        "产出：占权重分30分，考察执行。\n效益：占权重分30分，考察效果。\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _culture_report(first_rate: str, built: str = "新建农家书屋12个，") -> str:
    # One rate stated three ways: in a task's paragraph (its heading, a task 建设, stands
    # before it as the paragraph's item), in the indicator section, and in the 自评表 row.
    return (
        "一、年度工作完成情况\n3、推进乡村文化阵地建设。"
        f"{built}全县行政村综合文化服务中心达标率达到{first_rate}，群众文化活动更加丰富。\n"
        "二、绩效指标完成情况\n（1）质量指标。全县行政村综合文化服务中心达标率93.5%，"
        "比上年提高2个百分点。\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 质量指标 | 行政村综合文化服务中心达标率 | ≥90% | 93.5% | 5 | 5 |\n"
    )


def test_a_third_statement_under_a_task_heading_joins_the_fact_it_restates() -> None:
    # The paragraph's item (推进乡村文化阵地建设) is where the rate stands, not words that
    # narrow it, and its 建设 says nothing of the rate; the two other statements link to each
    # other first, and the third, whose best choice they are, joins them.
    assert not crosscheck.check(_culture_report("93.5%")).findings
    changed = crosscheck.check(_culture_report("95.3%"))
    conflicts = [f for f in changed.findings if f.rule == "CC201"]
    assert len(conflicts) == 1
    quoted = {e.text for e in conflicts[0].evidence}
    assert "95.3%" in quoted and "93.5%" in quoted


def test_a_flow_word_of_the_statement_itself_still_keeps_it_apart() -> None:
    # Trap: the count of centres built this year is not the count of all centres in the row.
    text = (
        "一、年度工作完成情况\n2、推进乡村文化阵地建设。新建行政村综合文化服务中心18个。\n"
        "二、产出\n全县行政村综合文化服务中心达到126个。\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 数量指标 | 行政村综合文化服务中心数量 | ≥120个 | 126个 | 5 | 5 |\n"
    )
    pairs = link_pairs(text)
    assert ("126个", "126个", Agreement.SAME) in pairs
    assert not any("18个" in (a, b) for a, b, _ in pairs)
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_an_amount_named_with_and_without_its_generic_suffix_is_one_amount() -> None:
    # No metric word on either side: the words as written, but for the suffix 资金.
    def report(later: str) -> str:
        return (
            "一、预算调整情况\n年初预算1,860.00万元，上级补助追加1,205.30万元，主要用于灾后重建。\n"
            f"二、存在的问题\n上级补助追加资金{later}万元，占全年预算的比重较大。\n"
        )

    assert ("1,205.30万元", "1,205.30万元", Agreement.SAME) in link_pairs(report("1,205.30"))
    assert [f.rule for f in crosscheck.check(report("1,250.30")).findings].count("CC201") == 1


def test_a_short_name_keeps_its_generic_suffix() -> None:
    # Trap: 地方 and 公用 alone name nothing; 地方资金 is not "地方" anything.
    from crosscheck.align.words import without_suffixes

    assert without_suffixes("地方资金") == "地方资金"
    assert without_suffixes("公用经费") == "公用经费"
    assert without_suffixes("上级补助追加资金") == "上级补助追加"


def _shoreline(said: str) -> str:
    return (
        "二、项目完成情况\n4、河湖岸线生态综合整治。完成岸线清理12处，" + said + "\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 数量指标 | 岸线生态综合整治长度 | ≥20公里 | 23.4公里 | 5 | 5 |\n"
        "| 效益指标 | 生态效益指标 | 新增生态护岸长度 | ≥8公里 | 8.6公里 | 5 | 5 |\n"
    )


def test_a_statement_whose_own_words_are_a_row_links_to_it_not_to_its_items_row() -> None:
    # The paragraph's item (河湖岸线生态综合整治) fits the first row's words; the statement's
    # own words are the second row as written: its own words rank the candidates too.
    said = "新增生态护岸长度{}公里。"
    assert ("8.6公里", "8.6公里", Agreement.SAME) in link_pairs(_shoreline(said.format("8.6")))
    conflicts = [
        f for f in crosscheck.check(_shoreline(said.format("6.8"))).findings if f.rule == "CC201"
    ]
    assert len(conflicts) == 1 and "23.4" not in conflicts[0].message


def test_a_statement_of_the_items_own_length_is_not_the_other_row() -> None:
    # Trap: the item's whole length (no 护岸 word) is not the 新增生态护岸长度 row.
    said = "整治岸线总长度23.4公里。"
    assert not any("8.6公里" in (a, b) for a, b, _ in link_pairs(_shoreline(said)))


def _project_summaries(second_name: str) -> str:
    return (
        "（三）项目绩效自评结果\n"
        "7.青溪镇农村饮水安全巩固项目绩效自评综述：全年预算数640万元，执行数612.5万元，"
        "完成预算的95.7%。项目绩效目标完成情况：完成管网改造。\n"
        f"8.{second_name}绩效自评综述：全年预算数410万元，执行数405万元，完成预算的98.78%。"
        "项目绩效目标完成情况：完成水厂改造。\n"
    )


@pytest.mark.parametrize(
    "second_name",
    [
        "青溪镇农村饮水安全巩固经费项目",  # one word more: another project
        "青溪镇农村饮水安全巩固项目",  # the same name: two entries (two funding rounds)
    ],
)
def test_two_entries_of_one_numbered_list_are_two_facts(second_name: str) -> None:
    assert link_pairs(_project_summaries(second_name)) == set()


def test_an_entry_restated_outside_the_numbered_list_is_still_linked() -> None:
    text = _project_summaries("白石乡污水处理站运维项目") + (
        "四、其他说明\n青溪镇农村饮水安全巩固项目全年预算数604万元。\n"
    )
    assert ("640万元", "604万元", Agreement.DIFFERENT) in link_pairs(text)


def _hosted_events(second_match: str = "配套资金900万元") -> str:
    return (
        "二、承办情况\n"
        "1.东湖市承办第一届农技大赛，省级补助1600万元，配套资金2400万元，社会赞助30万元。\n"
        f"2.西岭市承办第二届农技大赛，省级补助1800万元，{second_match}，社会赞助120万元。\n"
    )


def test_one_amount_in_two_entries_of_a_numbered_walk_is_two_facts() -> None:
    # Each numbered entry is its own city's event: 配套资金 2400 and 900 are two amounts.
    assert not [
        (a, b) for a, b, _ in link_pairs(_hosted_events()) if {a, b} == {"2400万元", "900万元"}
    ]


def test_entries_of_two_sections_numbered_alike_are_still_linked() -> None:
    # 1. under 二 and 2. under 三 are entries of two lists: one amount restated is linked.
    text = (
        "二、资金下达情况\n1.省级农技推广补助资金1600万元已全部下达。\n"
        "三、资金使用情况\n1.各县已制定使用方案。\n2.省级农技推广补助资金1,650万元已拨付到位。\n"
    )
    assert ("1600万元", "1,650万元", Agreement.DIFFERENT) in link_pairs(text)


_ITEMS_TABLE = (
    "2026年单位收入预算总表\n单位：元\n\n| 科目编码 | 科目名称 | 合计 | 财政拨款收入 | 事业收入 |\n"
    "| 2080501 | 行政单位离退休 | 1,260,000 | 960,000 | 300,000 |\n"
    "| 2101101 | 行政单位医疗 | 420,000 | 420,000 |  |\n"
)


def _items(intro: str, retire: str = "96.00万元") -> str:
    return (
        "二、预算编制说明\n"
        f"{intro}\n"
        f"1. “社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）”{retire}，"
        "主要用于离退休人员经费。\n"
        "2. “卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）”42.00万元，主要用于医疗保险。\n\n"
        + _ITEMS_TABLE
    )


def test_a_list_opened_by_a_source_of_funds_is_not_linked_to_all_funds() -> None:
    # "财政拨款支出主要内容如下：" limits every item below it: 96.00万元 is the 财政拨款
    # part, not the row's 合计 of all funds (1,260,000元).
    pairs = link_pairs(_items("财政拨款支出主要内容如下："))
    assert not [p for p in pairs if "1,260,000" in p[:2]]


def test_an_all_funds_row_whose_other_incomes_are_zero_states_the_source_amount() -> None:
    # 行政单位离退休 | 合计 1,260,000 | 财政拨款收入 1,260,000 | 事业收入 0: the 合计 is the
    # 财政拨款 amount too, so the 财政拨款 item of the text is linked to it; a row with
    # 事业收入 beside its 财政拨款 is not (test above).
    table = _ITEMS_TABLE.replace(
        "| 1,260,000 | 960,000 | 300,000 |", "| 1,260,000 | 1,260,000 | 0 |"
    )
    text = _items("财政拨款支出主要内容如下：", retire="126.00万元").replace(_ITEMS_TABLE, table)
    assert ("126.00万元", "1,260,000", Agreement.SAME) in link_pairs(text)
    changed = text.replace("”126.00万元", "”162.00万元")
    assert ("162.00万元", "1,260,000", Agreement.DIFFERENT) in link_pairs(changed)


def test_only_the_last_sentence_above_a_list_opens_it() -> None:
    # The paragraph above the items names 一般公共预算 and 国有资本经营预算 for other figures;
    # its last sentence opens the list, and limits the items to 财政拨款.
    intro = (
        "支出预算中，一般公共预算拨款支出预算126.00万元；国有资本经营预算拨款支出预算0万元。\n"
        "财政拨款支出主要内容如下："
    )
    table = _ITEMS_TABLE.replace(
        "| 1,260,000 | 960,000 | 300,000 |", "| 1,260,000 | 1,260,000 | 0 |"
    )
    text = _items(intro, retire="126.00万元").replace(_ITEMS_TABLE, table)
    assert ("126.00万元", "1,260,000", Agreement.SAME) in link_pairs(text)


def test_a_list_opened_without_a_limit_is_still_linked() -> None:
    pairs = link_pairs(_items("支出预算主要内容如下：", retire="126.00万元"))
    assert ("126.00万元", "1,260,000", Agreement.SAME) in pairs


def test_an_indicators_weight_said_with_共_is_not_its_score() -> None:
    # "过程指标共20分" is the weight, "过程指标16.50分" the score: two facts.
    text = (
        "一、评价结论\n项目综合得分82.30分，其中：决策指标13.60分，过程指标16.50分。\n"
        "二、绩效分析\n1.过程指标绩效分析\n过程指标共20分，评价得分16.50分，得分率82.50%。\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_entries_opened_by_indicator_codes_are_siblings() -> None:
    # D101 and D102 are two indicators of the 指标体系, each about its own city's event.
    text = (
        "（四）效益指标分析\n"
        "D101东湖市办赛资金效益：省级补助1600万元，配套资金2400万元，社会赞助30万元。\n"
        "D102西岭市办赛资金效益：省级补助1800万元，配套资金900万元，社会赞助120万元。\n"
    )
    assert not [(a, b) for a, b, _ in link_pairs(text) if {a, b} == {"2400万元", "900万元"}]
    assert item_marker(text, text.index("900万元")) == "D102"


_THREE_PUBLIC_TABLE = (
    "表8\n财政拨款安排的“三公”经费预算表\n单位：万元\n\n"
    "\t项目\n\t合计\n\t一般公共预算\n\t政府性基金预算\n\n"
    "\t“三公”经费\n\t6.40\n\t6.40\n\t0.00\n\n"
    "\t（一）因公出国（境）支出\n\t0.00\n\t0.00\n\t0.00\n\n"
    "\t（二）公务用车购置及运行维护支出\n\t3.90\n\t3.90\n\t0.00\n\n"
    "\t（三）公务接待费支出\n\t2.50\n\t2.50\n\t0.00\n\n"
)


def test_a_three_public_item_in_the_text_is_its_table_row() -> None:
    # 三公 money is 财政拨款 by definition: the text names no source, the table's title does;
    # the row "公务接待费支出" under a 预算 column is the 公务接待费's budget.
    text = _THREE_PUBLIC_TABLE + (
        "八、“三公”经费预算情况\n2026年“三公”经费预算6.40万元。公务用车购置及运行维护费预算"
        "3.90万元，与上年持平；公务接待费预算{reception}万元，主要用于业务交流接待。\n"
    )
    assert ("2.50", "2.50万元", Agreement.SAME) in link_pairs(text.format(reception="2.50"))
    assert ("2.50", "2.05万元", Agreement.DIFFERENT) in link_pairs(text.format(reception="2.05"))


def test_a_sourced_item_outside_the_three_public_list_keeps_its_scope() -> None:
    # 办公费 has no source by definition: the text's (all funds) is not the table's.
    table = (
        "表6\n一般公共预算基本支出表\n单位：万元\n\n\t项目\n\t预算数\n\n"
        "\t办公费支出\n\t12.40\n\n\t印刷费支出\n\t3.10\n\n"
    )
    text = table + "五、基本支出情况\n2026年办公费预算12.80万元，主要用于日常办公。\n"
    assert not [p for p in link_pairs(text) if "12.80万元" in p[:2]]


def test_a_sentence_listing_its_paragraphs_topic_takes_the_topics_limit() -> None:
    # "…财政拨款收支总预算a万元。收入包括：…；支出包括：X b万元" lists the 财政拨款 budget's
    # parts: b is 财政拨款 money, not the all-funds X of the 支出预算 paragraph above.
    text = (
        "某县民政局2026年部门预算\n（三）支出预算情况说明\n2026年支出预算3,120.40万元，包括社会保障和就业支出2,806.20万元、"
        "住房保障支出314.20万元。\n"
        "某县民政局2026年财政拨款收支总预算2,980.40万元。"
        "收入包括：一般公共预算当年拨款收入2,980.40万元；支出包括：社会保障和就业支出2,666.20万元、"
        "住房保障支出314.20万元。\n"
        "表01 2026年部门收支预算总表\n单位：万元\n\n\t项目\n\t预算数\n\t项目\n\t预算数\n\n"
        "\t一、财政拨款\n\t2,980.40\n\t社会保障和就业支出\n\t2,806.20\n\n"
        "\t二、其他收入\n\t140.00\n\t住房保障支出\n\t314.20\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


_LONG_ITEM = "灾害防治及应急管理支出（224类）应急管理事务（01款）安全生产监管和应急救援能力建设事务支出（99项）"


@pytest.mark.parametrize(
    ("stated", "restated", "flagged"), [("72.80", "72.80", False), ("72.80", "78.20", True)]
)
def test_a_long_item_name_cut_by_the_subject_window_is_still_its_item(
    stated: str, restated: str, flagged: bool
) -> None:
    # The item's name is longer than the words read before its amount: the cut name is
    # still the item (its code), so its 预算安排 restated later in the paragraph is compared.
    text = (
        "某县应急管理局2026年部门预算\n二、财政拨款支出主要内容\n"
        f"9、{_LONG_ITEM}{stated}万元。主要用于：开展安全生产检查。2025年当年预算执行数为64.20万元，"
        f"2026年预算安排{restated}万元，比2025年预算执行数增加13.40%。\n"
        "10、灾害防治及应急管理支出（224类）自然灾害防治（06款）地质灾害防治（01项）25.00万元。\n"
    )
    found = [f for f in crosscheck.check(text).findings if f.rule == "CC201"]
    assert bool(found) is flagged


@pytest.mark.parametrize(("stated", "flagged"), [("3,420.60", False), ("3,402.60", True)])
def test_a_units_部门收入预算_is_its_statements_income_total(stated: str, flagged: bool) -> None:
    # "2026年,某县教育局部门收入预算为a万元": the unit's income total (收入合计), "部门" and an
    # ASCII comma after the year changing nothing.
    text = (
        "2026年部门预算\n一、收支总体情况\n"
        f"2026年,某县教育局部门收入预算为{stated}万元，比上年增加120.00万元。\n"
        "表1 2026年度收支预算总表\n单位：万元\n\n\t项目\n\t预算数\n\t项目\n\t预算数\n\n"
        "\t一、一般公共预算拨款\n\t3,420.60\n\t一、教育支出\n\t3,420.60\n\n"
        "\t收入合计\n\t3,420.60\n\t支出合计\n\t3,420.60\n"
    )
    pairs = link_pairs(text)
    expected = Agreement.DIFFERENT if flagged else Agreement.SAME
    assert (f"{stated}万元", "3,420.60", expected) in pairs or (
        "3,420.60",
        f"{stated}万元",
        expected,
    ) in pairs


def _subsidy_walk(said: str) -> str:
    return (
        "三、项目资金使用情况\n全年共支出专项资金612.4万元：城乡困难家庭临时救助资金按季度"
        f"发放到户；{said}，支付补贴资金418.6万元。\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 数量指标 | 补贴对象覆盖 | ≥2000户 | 全年补贴低收入家庭2,350户 | 10 | 10 |\n"
        "| 产出指标 | 时效指标 | 补贴按时发放 | 按季度 | 按季度发放 | 5 | 5 |\n"
    )


def test_an_items_name_opening_a_statement_does_not_narrow_it() -> None:
    # "城镇低收入家庭住房补贴资金完成补贴辖区内低收入家庭N户": the project's name opens the
    # part (its 住房, 资金 are where the count stands); the statement's own words are the
    # row's cell "全年补贴低收入家庭N户" as written.
    said = "城镇低收入家庭住房补贴资金完成补贴辖区内低收入家庭{}户"
    assert ("2,350户", "2,350户", Agreement.SAME) in link_pairs(_subsidy_walk(said.format("2,350")))
    changed = _subsidy_walk(said.format("2,530"))
    assert ("2,530户", "2,350户", Agreement.DIFFERENT) in link_pairs(changed)
    assert [f.rule for f in crosscheck.check(changed).findings] == ["CC201"]


def test_a_statement_narrower_by_its_own_words_is_not_the_row() -> None:
    # Trap: 单亲 is a word of the statement itself, not of the item: a part of the households.
    said = "城镇低收入家庭住房补贴资金完成补贴辖区内单亲低收入家庭530户"
    assert not link_pairs(_subsidy_walk(said))


_FARM_TABLE = (
    "表5\n2026年部门一般公共预算支出表\n单位：万元\n\n"
    "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
    "\t小计\n\t人员经费\n\t公用经费\n\n"
    "\t\n\t合计\n\t1,388.60\n\t1,088.60\n\t963.40\n\t125.20\n\t300.00\n\n"
    "\t213\n\t农林水支出\n\t1,388.60\n\t1,088.60\n\t963.40\n\t125.20\n\t300.00\n\n"
    "\t2130101\n\t行政运行\n\t846.30\n\t846.30\n\t751.70\n\t94.60\n\t\n\n"
    "\t2130104\n\t事业运行\n\t242.30\n\t242.30\n\t211.70\n\t30.60\n\t\n\n"
    "\t2130199\n\t其他农业农村支出\n\t300.00\n\t\n\t\n\t\n\t300.00\n"
)


def _farm_items(first: str, table: str = _FARM_TABLE) -> str:
    return (
        "（三）一般公共预算当年拨款支出情况\n"
        f"1.农林水支出（类）农业农村（款）行政运行（项）2026年预算数为{first}万元，主要用于"
        "机关正常运转。\n"
        "2.农林水支出（类）农业农村（款）事业运行（项）2026年预算数为242.30万元，主要用于所属"
        "事业单位运转。\n\n" + table
    )


def test_an_item_is_its_rows_total_when_the_rows_groups_add_up_to_it() -> None:
    # 行政运行 | 合计 846.30 | 基本支出 小计 846.30 | 人员经费 751.70 | 公用经费 94.60: the
    # 人员经费 and 公用经费 cells are inside the 小计, not beside it, so the row's top-level
    # classes (小计 alone) add up to its 合计, and the item in the text is that 合计.
    assert ("846.30万元", "846.30", Agreement.SAME) in link_pairs(_farm_items("846.30"))
    changed = link_pairs(_farm_items("864.30"))
    assert ("864.30万元", "846.30", Agreement.DIFFERENT) in changed


def test_a_row_whose_groups_do_not_add_up_gives_the_item_no_cell() -> None:
    # Trap: a 小计 that is not the 合计 (a column read off): which cell the item states is a
    # guess, so it is linked to none of them.
    table = _FARM_TABLE.replace("\t846.30\n\t846.30\n", "\t846.30\n\t864.30\n")
    assert not [p for p in link_pairs(_farm_items("846.30", table)) if "846.30万元" in p[:2]]


def _item_rows(table_title: str, header: str, wage_unit: str) -> str:
    # The 合计 row adds up its rows (652.10 + 事业运行 + 172.00), whatever 事业运行 is.
    from decimal import Decimal

    basic = Decimal("652.10") + Decimal(wage_unit)
    total = basic + Decimal("172.00")
    return (
        f"{table_title}\n单位：万元\n\n{header}"
        f"\t\n\t合计\n\t{total:,.2f}\n\t{basic:,.2f}\n\t172.00\n\n"
        "\t2130101\n\t行政运行\n\t652.10\n\t652.10\n\t0.00\n\n"
        f"\t2130104\n\t事业运行\n\t{wage_unit}\n\t{wage_unit}\n\t0.00\n\n"
        "\t2130199\n\t其他农业农村支出\n\t172.00\n\t0.00\n\t172.00\n\n"
    )


_PLAIN_HEADER = "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"


def _items_under_a_source_heading(stated: str) -> str:
    # The first item's amount slid to the next line, so the layout made a heading of it; the
    # items after it stand under that item-heading, and under the source-named one above it.
    return (
        _item_rows("2026年度支出预算总表", _PLAIN_HEADER, "452.30")
        + _item_rows("2026年度一般公共预算拨款支出预算表", _PLAIN_HEADER, "386.30")
        + "二、一般公共预算拨款支出情况\n2026年度一般公共预算拨款支出1,210.40万元。其中（按项级"
        "科目分类统计）：\n（一）2130199-其他农业农村支出\n172.00万元。主要用于专项工作。\n"
        "（二）2130101-行政运行652.10万元。主要用于机关运转。\n"
        f"（三）2130104-事业运行{stated}万元。主要用于所属单位运转。\n"
    )


def test_a_source_named_by_a_heading_above_the_nearest_one_limits_the_items() -> None:
    # 事业运行 is 452.30 of all funds and 386.30 of the 一般公共预算: the item stands under
    # "二、一般公共预算拨款支出情况" (through the item-heading "（一）2130199-…"), so it is the
    # 一般公共预算 amount, not a conflict with the all-funds table.
    pairs = link_pairs(_items_under_a_source_heading("386.30"))
    assert ("386.30", "386.30万元", Agreement.SAME) in pairs
    assert not [p for p in pairs if "452.30" in p[:2]]
    changed = crosscheck.check(_items_under_a_source_heading("368.30"))
    (conflict,) = [f for f in changed.findings if f.rule == "CC201"]
    assert "386.30" in conflict.message and "452.30" not in conflict.message


def test_a_subtotal_column_heads_a_rows_amount() -> None:
    # "小计 | 其中：基本支出 | 项目支出": the 小计 column is the row's amount of every class,
    # as a 合计 column is; the item in the text restates it.
    header = "\t科目编码\n\t科目名称\n\t小计\n\t其中：\n\n\t基本支出\n\t项目支出\n\n"
    table = _item_rows("2026年度一般公共预算拨款支出预算表", header, "386.30")
    text = table + (
        "一、一般公共预算拨款支出情况\n2026年度一般公共预算拨款支出1,210.40万元。其中：\n"
        "（一）2130101-行政运行652.10万元。主要用于机关运转。\n"
        "（二）2130104-事业运行{}万元。主要用于所属单位运转。\n"
    )
    (link,) = [
        link
        for group in crosscheck.check(text.format("386.30")).aligned
        for link in group.links
        if "386.30" in link.a.mention.quantity.surface
    ]
    table_fact = link.a if link.a.mention.role == "table" else link.b
    assert table_fact.mention.metric_text == "小计" and link.agreement is Agreement.SAME
    assert ("386.30", "368.30万元", Agreement.DIFFERENT) in link_pairs(text.format("368.30"))


_ITEMS_IN_YUAN = (
    "2026年单位支出预算总表\n单位：元\n\n"
    "\t科目编码\n\t\n\t\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
    "\t类\n\t款\n\t项\n\n"
    "\t213\n\t\n\t\n\t农林水支出\n\t6,052,410.00\n\t3,862,410.00\n\t2,190,000.00\n\n"
    "\t213\n\t01\n\t04\n\t事业运行\n\t3,862,410.00\n\t3,862,410.00\n\t\n\n"
    "\t213\n\t01\n\t99\n\t其他农业农村支出\n\t2,190,000.00\n\t\n\t2,190,000.00\n\n"
)


def test_an_item_named_by_its_levels_joined_by_hyphens_takes_its_rows_code() -> None:
    # "“农林水支出-农业农村-事业运行”科目": the names of the 类, 款 and 项 joined by hyphens
    # are the row 213 | 01 | 04 | 事业运行 (its code in three columns, in 元).
    def text(stated: str) -> str:
        return (
            "二、支出预算情况\n主要支出科目如下：\n"
            f"1.“农林水支出-农业农村-事业运行”科目{stated}万元，主要用于所属单位运转。\n"
            "2.“农林水支出-农业农村-其他农业农村支出”科目219万元，主要用于专项工作。\n\n"
            + _ITEMS_IN_YUAN
        )

    assert ("386.24万元", "3,862,410.00", Agreement.SAME) in link_pairs(text("386.24"))
    changed = crosscheck.check(text("368.24"))
    assert [f.rule for f in changed.findings] == ["CC201"]
    assert "3,862,410.00" in changed.findings[0].message


def _summary_and_general(medical: str, extra: str = "") -> str:
    return (
        "表1\n2026年部门收支预算总表\n单位：万元\n\n"
        "\t收入\n\t\n\t支出\n\t\n\n\t项目\n\t预算数\n\t项目\n\t预算数\n\n"
        "\t一、一般公共预算拨款收入\n\t1,238.60\n\t农林水支出\n\t1,088.60\n\n"
        "\t二、事业收入\n\t\n\t卫生健康支出\n\t150.00\n\n"
        f"\t\n\t\n\t行政单位医疗\n\t{medical}\n\n"
        "\t本年收入合计\n\t1,238.60\n\t本年支出合计\n\t1,238.60\n\n"
        "表5\n2026年部门一般公共预算支出表\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
        "\t\n\t合计\n\t1,238.60\n\t938.60\n\t300.00\n\n"
        "\t213\n\t农林水支出\n\t1,088.60\n\t788.60\n\t300.00\n\n"
        "\t210\n\t卫生健康支出\n\t150.00\n\t150.00\n\t\n\n"
        "\t2101101\n\t行政单位医疗\n\t150.00\n\t150.00\n\t\n\n" + extra
    )


def test_a_row_named_as_one_coded_row_is_that_row_wherever_it_stands() -> None:
    # The 收支总表 lists 行政单位医疗 without a code; the 支出表 codes it 2101101 and the text
    # names it by its levels: one item, linked by its code.
    said = "二、支出情况\n卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）150.00万元，主要用于职工医疗保险缴费。\n"
    assert ("150.00", "150.00万元", Agreement.SAME) in link_pairs(
        _summary_and_general("150.00") + said
    )
    changed = crosscheck.check(_summary_and_general("105.00") + said)
    (conflict,) = [f for f in changed.findings if f.rule == "CC201"]
    assert "105.00" in conflict.message and "150.00" in conflict.message


def test_an_items_name_in_the_text_is_not_coded_by_name_alone() -> None:
    # Trap: 行政单位医疗 is a 项's name; in the text it names a part of a project ("…经费
    # 168.20万元，主要包括：…行政单位医疗42.50万元"), not the 项 the table codes 2101101.
    said = (
        "二、项目支出情况\n3.机关综合保障经费168.20万元，主要包括：物业管理费95.30万元，"
        "行政单位医疗42.50万元，档案整理30.40万元。\n"
    )
    text = _summary_and_general("150.00") + said
    assert not [p for p in link_pairs(text) if "42.50万元" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def test_an_economic_class_name_is_not_the_item_the_text_states_whole() -> None:
    # Trap: 30217 公务接待费 of a 基本支出 table is the basic part only; the 三公 公务接待费 of
    # the text is the whole item. Only 功能分类 names (codes opening with 2) are coded by name.
    basic = (
        "表6\n2026年部门一般公共预算基本支出表\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\t人员经费\n\t公用经费\n\n"
        "\t\n\t合计\n\t938.60\n\t880.10\n\t58.50\n\n"
        "\t30101\n\t基本工资\n\t880.10\n\t880.10\n\t\n\n"
        "\t30201\n\t办公费\n\t39.40\n\t\n\t39.40\n\n"
        "\t30217\n\t公务接待费\n\t19.10\n\t\n\t19.10\n\n"
    )
    said = "三、“三公”经费预算情况\n2026年“三公”经费预算25.40万元，其中：公务接待费25.40万元，主要用于业务交流接待。\n"
    result = crosscheck.check(_summary_and_general("150.00", basic) + said)
    assert not [f for f in result.findings if f.rule == "CC201"]
    assert not [
        p for p in link_pairs(_summary_and_general("150.00", basic) + said) if "19.10" in p[:2]
    ]


def test_a_procurement_tables_rows_are_not_the_classes_budgets() -> None:
    # Trap: a 政府采购预算表 lists 213 农林水支出 96.30: the procurement of that class, not the
    # class's budget (1,088.60) the other tables state (lexicons/table_scopes.tsv).
    procurement = (
        "表9\n2026年部门政府采购预算表\n单位：万元\n\n"
        "\t科目编码\n\t科目名称\n\t合计\n\n\t213\n\t农林水支出\n\t96.30\n\n"
    )
    text = _summary_and_general("150.00", procurement)
    assert not [p for p in link_pairs(text) if "96.30" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _procurement_said(stated: str, part: str = "货物") -> str:
    procurement = (
        "表9\n2026年部门政府采购预算明细表\n单位：万元\n\n"
        "\t项目\n\t合计\n\t一般公共预算拨款收入\n\n\t合计\n\t96.30\n\t96.30\n\n"
        "\t213\n\t农林水支出\n\t96.30\n\t96.30\n\n"
    )
    said = (
        f"某区农业农村局2026年部门预算\n四、其他重要事项\n所属各预算单位政府采购预算总额{stated}万元，其中：政府采购{part}预算"
        "96.30万元。\n"
    )
    return said + _summary_and_general("150.00", procurement)


def test_the_texts_procurement_total_is_its_tables_total() -> None:
    # "所属各预算单位政府采购预算总额a万元": the procurement (lexicons/table_scopes.tsv) of
    # every unit (a place word), the 合计 of the 政府采购 table, never a class's budget.
    pairs = link_pairs(_procurement_said("96.30"))
    assert ("96.30万元", "96.30", Agreement.SAME) in pairs
    changed = crosscheck.check(_procurement_said("69.30"))
    (conflict,) = [f for f in changed.findings if f.rule == "CC201"]
    assert "69.30万元" in conflict.message and "96.30" in conflict.message
    # No procurement figure is linked with the class's budget (1,088.60); the two tables'
    # 农林水支出 rows are one fact of each other (the department's money is all 一般公共预算:
    # the 收支总表's 本年支出合计 is the 一般公共预算支出表's 合计).
    assert not [p for p in pairs if "1,088.60" in p[:2] and any("96.30" in x for x in p[:2])]
    assert "1,088.60" not in conflict.message


def _procurement_kinds(goods: str) -> str:
    table = (
        "表9\n2026年政府采购预算明细表\n单位：万元\n\n"
        "\t项目编号\n\t项目\n\t总计\n\t一般公共预算拨款收入\n\t事业收入\n\n"
        "\t\n\t合计\n\t318.40\n\t300.40\n\t18.00\n\n"
        "\tA\n\t货物\n\t212.60\n\t194.60\n\t18.00\n\n"
        "\tC\n\t服务\n\t105.80\n\t105.80\n\t\n\n"
    )
    said = (
        "某县档案馆2026年部门预算\n（二）政府采购情况\n本单位政府采购预算总额318.40万元：政府采购"
        f"货物预算{goods}万元、政府采购工程预算0万元、政府采购服务预算105.80万元。\n\n"
    )
    return said + table


def test_a_procurement_kind_in_the_text_is_its_tables_row() -> None:
    # "政府采购货物预算a万元": 政府采购 is the statement's scope, 货物 the row it restates.
    assert ("212.60万元", "212.60", Agreement.SAME) in link_pairs(_procurement_kinds("212.60"))
    assert ("216.20万元", "212.60", Agreement.DIFFERENT) in link_pairs(_procurement_kinds("216.20"))


def test_a_procurement_kind_is_not_another_kind() -> None:
    # Trap: 服务 is not 货物, nor is the procurement total a kind.
    pairs = link_pairs(_procurement_kinds("212.60"))
    assert not [p for p in pairs if {"105.80万元", "212.60"} == set(p[:2])]
    assert not [p for p in pairs if {"318.40万元", "212.60"} == set(p[:2])]


def test_a_class_named_with_its_level_before_its_支出_takes_its_code() -> None:
    # "农林水（类）支出a万元": the 类's name is 农林水支出, written around its level's bracket.
    def text(stated: str) -> str:
        return (
            "青禾县农业农村局2026年部门预算\n"
            + _summary_and_general("150.00")
            + (
                "二、一般公共预算当年拨款结构情况\n"
                f"农林水（类）支出{stated}万元，占87.9%；卫生健康（类）支出150.00万元，占12.1%。\n"
            )
        )

    assert ("1,088.60", "1,088.60万元", Agreement.SAME) in link_pairs(text("1,088.60"))
    assert ("1,088.60", "1,080.60万元", Agreement.DIFFERENT) in link_pairs(text("1,080.60"))


def _survey(said: str) -> str:
    return (
        f"四、项目绩效情况\n{said}\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 数量指标 | 临时救助人次 | ≥600人次 | 642人次 | 20 | 20 |\n"
        "| 满意度指标 | 服务对象满意度指标 | 受助群众满意度 | ≥85% | 91.2% | 10 | 10 |\n"
        "| 满意度指标 | 服务对象满意度指标 | 社区干部满意度 | ≥85% | 88.0% | 10 | 10 |\n"
    )


def test_a_survey_rate_is_the_respondents_not_what_they_were_asked_about() -> None:
    # "受助群众对临时救助工作的满意度": the 受助群众's rate (lexicons/metric_names.tsv
    # survey); 临时救助工作 is what they were asked about, not words that narrow the row.
    said = "经第三方问卷调查，受助群众对临时救助工作的满意度为{}。"
    assert ("91.2%", "91.2%", Agreement.SAME) in link_pairs(_survey(said.format("91.2%")))
    changed = crosscheck.check(_survey(said.format("92.1%")))
    assert [f.message for f in changed.findings] == [
        "受助群众对临时救助工作的满意度前后不一致：正文为92.1%，表中为91.2%"
    ]


def test_another_respondents_survey_rate_is_their_own_row() -> None:
    # Trap: the 社区干部 were asked too; their rate is their row, not the 受助群众's.
    pairs = link_pairs(_survey("经第三方问卷调查，社区干部对临时救助工作的满意度为88.0%。"))
    assert pairs == {("88.0%", "88.0%", Agreement.SAME)}


def _canteens(said: str) -> str:
    return (
        f"二、项目实施情况\n{said}\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 产出指标 | 数量指标 | 新建社区食堂数量 | ≥40个 | 46个 | 10 | 10 |\n"
        "| 产出指标 | 数量指标 | 助餐服务人次 | ≥1000人次 | 1,320人次 | 10 | 10 |\n"
    )


def test_where_a_count_was_made_does_not_narrow_it() -> None:
    # "在城区5个街道新建社区食堂N个": 在… names where the canteens were built, not which.
    said = "全年在城区5个街道新建社区食堂{}个，日均助餐服务1,320人次。"
    assert ("46个", "46个", Agreement.SAME) in link_pairs(_canteens(said.format("46")))
    (found,) = crosscheck.check(_canteens(said.format("64"))).findings
    assert found.message == "全年在城区5个街道新建社区食堂的数值前后不一致：正文为64个，表中为46个"


def test_canteens_under_construction_are_not_the_new_ones() -> None:
    # Trap: 在建 (under construction) is no place: 12 canteens being built are another count.
    said = "全年在建社区食堂12个，日均助餐服务1,320人次。"
    assert not crosscheck.check(_canteens(said)).findings
    assert not [p for p in link_pairs(_canteens(said)) if "12个" in p[:2]]


def _lost_sub_headers(stated: str, public: str = "94.60") -> str:
    # A reader that lost the 小计 | 人员经费 | 公用经费 sub-headers repeats 基本支出 over them.
    return (
        "（三）一般公共预算当年拨款支出情况\n"
        f"1.农林水支出（类）农业农村（款）行政运行（项）2026年预算数为{stated}万元，主要用于"
        "机关正常运转。\n\n2026年部门一般公共预算支出表\n单位：万元\n\n"
        "| 科目编码 | 科目名称 | 合计 | 基本支出 | 基本支出 | 基本支出 | 项目支出 |\n"
        "|---|---|---|---|---|---|---|\n"
        "| 213 | 农林水支出 | 1,146.30 | 846.30 | 751.70 | 94.60 | 300.00 |\n"
        f"| 2130101 | 行政运行 | 846.30 | 846.30 | 751.70 | {public} |  |\n"
        "| 2130199 | 其他农业农村支出 | 300.00 |  |  |  | 300.00 |\n"
    )


def test_cells_of_one_class_whose_sub_headers_were_lost_give_the_row_its_total() -> None:
    # Three 基本支出 cells: the first is the class's (751.70 + 94.60 = 846.30), so the row's
    # classes add up to its 合计 and the item in the text is that 合计.
    assert ("846.30万元", "846.30", Agreement.SAME) in link_pairs(_lost_sub_headers("846.30"))
    changed = link_pairs(_lost_sub_headers("864.30"))
    assert ("864.30万元", "846.30", Agreement.DIFFERENT) in changed


def test_cells_of_one_class_that_do_not_add_up_give_the_row_no_total() -> None:
    # Trap: 751.70 + 49.60 is not 846.30: which cell is the class's is a guess, no link.
    pairs = link_pairs(_lost_sub_headers("846.30", public="49.60"))
    assert not [p for p in pairs if "846.30万元" in p[:2]]
    assert not [
        f
        for f in crosscheck.check(_lost_sub_headers("846.30", "49.60")).findings
        if f.rule == "CC201"
    ]


def test_this_indicators_weight_and_score_name_nothing() -> None:
    # "该指标分值20分，得分17.90分" closes each part of an evaluation: 该指标 + 分值 names no
    # indicator, so the scores of four parts are four facts, not one stated four ways.
    text = (
        "（一）决策\n立项程序较为规范。该指标分值20分，得分17.90分，得分率89.50%。\n"
        "（二）过程\n制度执行总体有效。该指标分值20分，得分17.99分，得分率89.95%。\n"
        "（三）产出\n完成了运维工作。该指标分值30分，得分25.30分，得分率84.33%。\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


# --- a form's goal, written in sentences in one of its cells, against its 指标值 ---------


def _goal_form(goal: str, indicator: str = "巡护人员培训人次") -> str:
    # A 项目绩效目标表 whose goal cell and indicator rows are one table (a 部门预算's annex).
    return (
        "某市林业局2026年部门预算\n七、绩效目标设置情况\n\n"
        "2026年市级项目绩效目标表\n单位：万元\n\n"
        "| 序号 | 项目名称 | 当年财政拨款预算金额 | 当年绩效目标 | 指标名称 | 指标性质 | 指标值 "
        "| 计量单位 | 指标权重(%) |\n|---|---|---|---|---|---|---|---|---|\n"
        f"| 1 | 湿地保护修复 | 642.80 | {goal} | 修复退化湿地面积 | ≥ | 1.6 | 万亩 | 40 |\n"
        f"|  |  |  |  | {indicator} | ≥ | 320 | 人次 | 30 |\n"
        "|  |  |  |  | 周边群众满意度 | ≥ | 92 | % | 30 |\n"
    )


def _goal_rows(goal: str) -> str:
    # Another layout of the same form: its headers laid out as row labels above the rows.
    return (
        "某市林业局2026年部门预算\n七、绩效目标设置情况\n\n"
        "2026年市级重点专项资金绩效目标表\n单位：万元\n\n"
        "| 项目名称 | 古树名木保护专项 |  |  |  |\n"
        "| 当年财政拨款预算金额 | 58.30 |  |  |  |\n"
        f"| 当年绩效目标 | {goal} |  |  |  |\n"
        "| 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) |\n"
        "| 挂牌保护古树名木株数 | ≥ | 1,240 | 株 | 60 |\n"
        "| 古树名木巡查次数 | ≥ | 24 | 次 | 40 |\n"
    )


def test_a_goal_cell_restates_its_forms_targets() -> None:
    goal = "全年完成退化湿地修复不少于{}万亩，开展巡护人员培训不少于320人次。"
    pairs = link_pairs(_goal_form(goal.format("1.6")))
    assert ("不少于1.6万亩", "1.6", Agreement.SAME) in pairs
    assert ("不少于320人次", "320", Agreement.SAME) in pairs
    (found,) = crosscheck.check(_goal_form(goal.format("6.1"))).findings
    assert found.rule == "CC201" and found.severity == "error"
    assert found.message.endswith("表内文字为不少于6.1万亩，表中为1.6万亩")
    assert [e.label for e in found.evidence] == ["表内文字", "表中"]


def test_a_goal_laid_out_as_a_row_label_restates_the_rows_below() -> None:
    goal = "挂牌保护古树名木不少于{}株，全年巡查古树名木不少于24次。"
    assert ("不少于1,240株", "1,240", Agreement.SAME) in link_pairs(
        _goal_rows(goal.format("1,240"))
    )
    (found,) = crosscheck.check(_goal_rows(goal.format("1,420"))).findings
    assert "不少于1,420株" in found.message and "1,240株" in found.message


def test_two_thresholds_of_one_direction_are_two_targets() -> None:
    # 不少于 and ≥ both bound from below: 1,420 and 1,240 are two targets, though any count
    # above 1,420 meets both (two intervals that overlap, which facts of a year would be).
    goal = "挂牌保护古树名木不少于1,420株。"
    pairs = link_pairs(_goal_rows(goal))
    assert ("不少于1,420株", "1,240", Agreement.DIFFERENT) in pairs


def test_a_goal_naming_another_count_of_the_same_unit_is_not_linked() -> None:
    # Trap: the goal's 320人次 are volunteers, the row counts trained rangers.
    goal = "全年组织志愿者巡护不少于380人次。"
    text = _goal_form(goal)
    assert not [p for p in link_pairs(text) if "不少于380人次" in p[:2]]
    assert not crosscheck.check(text).findings


def test_two_value_cells_of_one_form_are_still_two_facts() -> None:
    # Trap: the goal cell is a statement; two 指标值 cells named alike are two rows' targets.
    text = _goal_form("全年完成退化湿地修复不少于1.6万亩。", indicator="修复退化湿地面积")
    assert not [p for p in link_pairs(text) if p[:2] in (("1.6", "320"), ("320", "1.6"))]


def test_a_self_evaluations_goal_is_its_target_not_what_was_done() -> None:
    # Trap: in a 自评表 the 预期目标 cell sets the target; the row's 实际完成值 is the result.
    text = (
        "某县水利局2025年度项目支出绩效自评表\n"
        "| 年度总体目标 | 预期目标 | 实际完成情况 |  |  |  |\n"
        "|  | 全年新建农村供水管网不少于45公里。 | 全年新建农村供水管网52公里。 |  |  |  |\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 |\n"
        "| 产出指标 | 数量指标 | 新建农村供水管网长度 | ≥45公里 | 52公里 | 20 |\n"
    )
    pairs = link_pairs(text)
    assert ("不少于45公里", "≥45公里", Agreement.SAME) in pairs
    assert not [p for p in pairs if "不少于45公里" in p[:2] and "52公里" in p[:2]]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


def _appropriation_items(stated: str, code: str = "2130104") -> str:
    # An 一般公共预算 table of 功能分类 items, and the text's 财政拨款 section walking through
    # them by their levels (a central-level template says 财政拨款 where it means the
    # 一般公共预算 part: no other budget lists these items).
    return (
        _item_rows("2026年度一般公共预算财政拨款支出决算表", _PLAIN_HEADER, "386.30")
        + "五、财政拨款支出决算具体情况说明\n"
        "2026年度财政拨款支出年初预算为1,230.00万元，支出决算为1,210.40万元。其中：\n"
        "1.农林水支出（类）农业农村（款）行政运行（项）。年初预算为660.00万元，支出决算为"
        "652.10万元。\n"
        f"2.农林水支出（类）农业农村（款）事业运行（项）。年初预算为390.00万元，支出决算为"
        f"{stated}万元。\n"
    ).replace("2130104", code)


def test_an_items_appropriation_is_the_one_budget_that_lists_it() -> None:
    # 事业运行（项） is an item of the 一般公共预算's list only, so its 财政拨款 amount in the
    # text is the 一般公共预算 table's row: restated, or in conflict when it differs.
    assert ("386.30", "386.30万元", Agreement.SAME) in link_pairs(_appropriation_items("386.30"))
    assert ("386.30", "368.30万元", Agreement.DIFFERENT) in link_pairs(
        _appropriation_items("368.30")
    )


def test_an_economic_class_item_is_spent_from_any_budget() -> None:
    # 30201 办公费 of a 基本支出 table is an 经济分类 item: the 财政拨款 amount of that class
    # may come from the 政府性基金 as well, so the 一般公共预算 row does not state it.
    table = (
        "一般公共预算基本支出表\n单位：万元\n\n\t科目编码\n\t科目名称\n\t合计\n\n"
        "\t30113\n\t住房公积金\n\t86.20\n\n\t30201\n\t办公费\n\t12.40\n\n"
    )
    text = table + (
        "六、财政拨款基本支出情况说明\n2026年度财政拨款基本支出98.60万元，其中：\n"
        "（一）30113-住房公积金86.20万元。\n（二）30201-办公费14.20万元。\n"
    )
    assert not [p for p in link_pairs(text) if "14.20万元" in p[:2]]


def test_a_class_may_hold_items_of_two_budgets() -> None:
    # 212 城乡社区支出 (类) lists 一般公共预算 items and 政府性基金 items alike: its 财政拨款
    # amount is not the 一般公共预算 table's.
    text = (
        _appropriation_items("386.30")
        .replace(
            "2.农林水支出（类）农业农村（款）事业运行（项）。年初预算为390.00万元，支出决算为386.30万元。",
            "2.城乡社区支出（类）。年初预算为1,300.00万元，支出决算为1,290.40万元。",
        )
        .replace("\t\n\t合计\n\t1,210.40", "\t212\n\t城乡社区支出\n\t1,210.40")
    )
    assert not [p for p in link_pairs(text) if "1,290.40万元" in p[:2]]


def _item_payments(first: str, second: str, other_item: str = "") -> str:
    return (
        "一、项目资金使用情况\n"
        "2、“惠民”残疾人康复救助资金：2025年从县财政局救助专户实际拨付430.00万元。2025年已结算"
        f"3120人次，康复救助结算金额{first}万元。\n\n"
        + (
            f"3、{other_item}：2025年从县财政局救助专户实际拨付250.00万元。2025年已结算1460人次，"
            f"康复救助结算金额{second}万元。\n"
            if other_item
            else "二、项目绩效情况\n3、“惠民”残疾人康复救助资金完成救助辖区内持证残疾人3120人次，"
            f"完成康复救助结算金额{second}万元，项目执行率96%。\n"
        )
    )


def test_a_statement_named_by_a_shortening_of_its_item_still_fits_one_without_item() -> None:
    # "2、X康复救助资金：…康复救助结算金额a万元" is X's (named by its item); a statement whose
    # item was not read ("3、X…资金完成救助…，完成康复救助结算金额b万元") still restates it
    # by the words of its own.
    assert ("412.30万元", "412.30万元", Agreement.SAME) in link_pairs(
        _item_payments("412.30", "412.30")
    )
    assert ("412.30万元", "421.30万元", Agreement.DIFFERENT) in link_pairs(
        _item_payments("412.30", "421.30")
    )


def test_two_items_sharing_a_head_are_two_facts() -> None:
    # Trap: 康复救助结算金额 of two items (惠民 残疾人, 暖心 困难老人) are two payments.
    text = _item_payments("412.30", "421.30", other_item="“暖心”困难老人康复救助资金")
    assert not [p for p in link_pairs(text) if {"412.30万元", "421.30万元"} == set(p[:2])]


def _two_statements(all_funds_wage: str, general_wage: str = "386.30") -> str:
    return _item_rows("2026年度支出预算总表", _PLAIN_HEADER, all_funds_wage) + _item_rows(
        "2026年度一般公共预算拨款支出预算表", _PLAIN_HEADER, general_wage
    )


def test_all_money_of_one_budget_makes_its_items_one_fact() -> None:
    # The 支出预算总表's 合计 (all funds) is the 一般公共预算 table's 合计: no other source
    # spends anything (amounts are never negative), so each item's all-funds amount is its
    # 一般公共预算 amount, and a slip in one table's row is a conflict with the other's.
    assert ("386.30", "386.30", Agreement.SAME) in link_pairs(_two_statements("386.30"))
    slipped = _two_statements("386.30", general_wage="386.30").replace(
        "\t2130104\n\t事业运行\n\t386.30\n\t386.30", "\t2130104\n\t事业运行\n\t368.30\n\t386.30", 1
    )
    assert ("368.30", "386.30", Agreement.DIFFERENT) in link_pairs(slipped)


def test_money_of_other_sources_keeps_the_budgets_apart() -> None:
    # Trap: the all-funds 合计 (1,276.40) is more than the 一般公共预算's (1,210.40): 事业运行's
    # 452.30 holds money of another source, and is not the 一般公共预算 row's 386.30.
    assert not [
        p for p in link_pairs(_two_statements("452.30")) if {"452.30", "386.30"} == set(p[:2])
    ]


def test_an_overall_qualifier_makes_no_narrower_name() -> None:
    # "受训学员综合满意度" is the row 受训学员满意度 taken over everything, not a part of it.
    match = _match("受训学员综合满意度", "受训学员满意度", "satisfaction")
    assert match.score >= 0.8 and not match.narrower_a and not match.narrower_b


def test_a_rate_with_a_name_of_its_own_is_not_the_projects_execution_rate() -> None:
    # A project's 执行率 and a rate its name holds (数字化率 of 古籍数字化) share every word
    # but the rate's; one is no restatement of the other.
    text = (
        "（三）项目情况\n（1）古籍数字化项目：预算150.00万元，执行141.30万元，执行率94.20%。\n\n"
        "四、项目效益\n古籍数字化率由上年的46%提高到62%。\n"
    )
    assert not [p for p in link_pairs(text) if "94.20%" in p[:2]]
    # The same project's 执行率 stated again still links.
    again = text + "古籍数字化项目执行率94.20%，资金使用规范。\n"
    assert ("94.20%", "94.20%", Agreement.SAME) in link_pairs(again)


def test_an_income_is_not_the_part_of_a_class_of_spending_it_pays_for() -> None:
    # 经营收入 as the budget's income and the 项目支出 paid from it: two facts.
    text = (
        "一、收支预算总体情况\n2026年收入预算3,210.00万元，其中：财政拨款收入2,640.00万元；"
        "经营收入470.00万元；其他收入100.00万元。\n2026年支出预算3,210.00万元，其中基本支出"
        "2,380.00万元，项目支出830.00万元。项目支出按资金来源分，财政拨款510.00万元、经营收入"
        "260.00万元、其他收入60.00万元。\n"
    )
    assert not [p for p in link_pairs(text) if {"470.00万元", "260.00万元"} == set(p[:2])]
    # The income stated again in another section is still one fact.
    again = text + "\n二、收入预算情况\n收入预算中，经营收入470.00万元，主要为检测服务收入。\n"
    assert ("470.00万元", "470.00万元", Agreement.SAME) in link_pairs(again)


# A 财政决算 states each item for the whole county (全县) and for its own level (县本级).
_TWO_LEVELS = (
    "一、全县财政收支决算\n（一）全县政府性基金收支决算\n"
    "全县政府性基金支出决算合计96,420万元，包括：政府性基金支出61,380万元；"
    "调出资金{whole}万元。\n"
    "二、县本级财政收支决算\n（一）县本级政府性基金收支决算\n"
    "县本级政府性基金支出决算合计88,150万元，包括：政府性基金支出53,110万元；"
    "调出资金{own}万元。\n"
)


def test_the_whole_places_figures_and_its_own_levels_are_two_facts() -> None:
    text = _TWO_LEVELS.format(whole="35,040", own="33,870")
    assert not [p for p in link_pairs(text) if {"35,040万元", "33,870万元"} == set(p[:2])]
    # An item stated again under its own level is one fact.
    again = text + "三、全县政府性基金使用情况\n调出资金35,040万元全部调入一般公共预算。\n"
    assert ("35,040万元", "35,040万元", Agreement.SAME) in link_pairs(again)
    slipped = text + "三、全县政府性基金使用情况\n调出资金35,400万元全部调入一般公共预算。\n"
    assert ("35,040万元", "35,400万元", Agreement.DIFFERENT) in link_pairs(slipped)


def test_a_funds_section_keeps_its_items_apart_from_another_funds() -> None:
    # 上年结余 of the 政府性基金 and of the 国有资本经营 budgets, under headings naming them.
    text = (
        "（二）全县政府性基金收支决算\n全县政府性基金收入17,210万元，上年结余2,460万元。\n"
        "（三）全县国有资本经营收支决算\n全县国有资本经营收入380万元，上年结余96万元。\n"
    )
    assert not [p for p in link_pairs(text) if {"2,460万元", "96万元"} == set(p[:2])]


def test_a_section_headed_with_another_year_holds_that_years_figures() -> None:
    text = (
        "关于青梧镇2025年度财政预算执行情况及2026年度财政预算（草案）的报告\n"
        "一、2025年预算执行情况\n收支平衡情况：2025年，地方财政收入318万元。\n"
        "二、2026年财政预算（草案）\n（一）一般公共预算（草案）\n"
        "按现行财政体制计算，地方财政收入340万元，加预计上级补助收入1,620万元。\n"
        "三、与上年对比情况\n上级补助收入增加140万元。\n"
    )
    periods = {f.mention.quantity.surface: f.period for f in _facts(text)}
    assert periods["340万元"] == "2026"  # its heading's year, not the report's
    assert periods["318万元"] == ""  # the report's own year
    assert periods["140万元"] == ""  # a heading's 上年 names a comparison, not a period


_ONE_BUDGET = (
    "青溪县水利局2025年度部门决算公开说明\n\n"
    "五、一般公共预算财政拨款支出决算情况说明\n"
    "2025年一般公共预算财政拨款支出732.15万元，占本年支出合计的95.20%。\n\n"
    "八、政府性基金预算支出决算情况说明\n2025年政府性基金预算财政拨款支出{fund}万元。\n\n"
    "九、国有资本经营预算支出决算情况说明\n2025年国有资本经营预算财政拨款支出0万元。\n\n"
    "十、部门整体支出绩效情况\n"
    "2025年财政拨款收入719.35万元，上年结转资金12.80万元，财政拨款支出{all}万元，资金使用合规。\n"
)


def test_appropriations_of_one_budget_only_are_that_budgets() -> None:
    # The other budgets' appropriations stated as zero: 财政拨款支出 is the 一般公共预算's.
    assert ("732.15万元", "732.15万元", Agreement.SAME) in link_pairs(
        _ONE_BUDGET.format(fund="0", all="732.15")
    )
    assert ("732.15万元", "723.15万元", Agreement.DIFFERENT) in link_pairs(
        _ONE_BUDGET.format(fund="0", all="723.15")
    )
    # A 政府性基金 appropriation spent as well: the two are two facts.
    assert not [
        p for p in link_pairs(_ONE_BUDGET.format(fund="36.00", all="768.15")) if "732.15万元" in p
    ]


_FUNDS_BLOCK = (
    "二、资金执行情况\n全年实际支出418.60万元，执行率94.03%。其中：中央资金支出262.40万元，"
    "执行率{central}；省级资金支出156.20万元，执行率93.53%。\n\n"
    "三、项目支出绩效自评表\n单位：万元\n\n"
    "| 资金情况 | 年初预算数 | 全年预算数 | 全年执行数 | 执行率 |\n"
    "| 年度资金总额 | 420.00 | 445.20 | 418.60 | 94.03% |\n"
    "| 其中：中央财政资金 | 270.00 | 278.20 | 262.40 | 94.32% |\n"
    "| 省级补助资金 | 150.00 | 167.00 | 156.20 | 93.53% |\n"
)


def test_a_funds_source_row_is_named_by_its_source_however_written() -> None:
    # 中央财政资金 / 中央资金 and 省级补助资金 / 省级资金: one source each.
    pairs = link_pairs(_FUNDS_BLOCK.format(central="94.32%"))
    assert ("94.32%", "94.32%", Agreement.SAME) in pairs
    assert ("262.40万元", "262.40", Agreement.SAME) in pairs
    slipped = link_pairs(_FUNDS_BLOCK.format(central="95.32%"))
    assert ("95.32%", "94.32%", Agreement.DIFFERENT) in slipped
    # Two sources are never one fact.
    assert not [p for p in pairs if {"94.32%", "93.53%"} == set(p[:2])]


def test_a_row_named_with_its_measure_word_is_the_counted_thing() -> None:
    # 作业架次 is 作业 counted in 架次, as 培训人次 is 培训 counted in 人次.
    text = (
        "三、产出情况\n全年在干旱地区开展飞机增雨作业{flights}架次，作业面积覆盖全市。\n\n"
        "四、绩效自评表\n\n| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |\n"
        "| 产出指标 | 数量指标 | 飞机增雨作业架次 | ≥20架次 | 26架次 |\n"
        "| 产出指标 | 数量指标 | 地面作业点数 | ≥12个 | 14个 |\n"
    )
    assert ("26架次", "26架次", Agreement.SAME) in link_pairs(text.format(flights="26"))
    assert ("62架次", "26架次", Agreement.DIFFERENT) in link_pairs(text.format(flights="62"))


_SURVEY = (
    "三、满意度情况\n通过窗口现场评价和电话回访，全年共收集办事群众评价4,180份，满意度为{said}。\n\n"
    "四、绩效自评表\n\n| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |\n"
    "| 产出指标 | 数量指标 | 窗口受理业务量 | ≥3万件 | 3.6万件 |\n"
    "{rows}"
)
_ONE_SURVEY_ROW = "| 满意度指标 | 服务对象满意度 | 办事群众满意度 | ≥90% | 95.4% |\n"


def test_a_survey_rate_naming_no_one_is_the_one_survey_row() -> None:
    assert ("95.4%", "95.4%", Agreement.SAME) in link_pairs(
        _SURVEY.format(said="95.4%", rows=_ONE_SURVEY_ROW)
    )
    assert ("94.5%", "95.4%", Agreement.DIFFERENT) in link_pairs(
        _SURVEY.format(said="94.5%", rows=_ONE_SURVEY_ROW)
    )
    # Two survey rows: whose rate it is, is not said.
    two = _ONE_SURVEY_ROW + "| 满意度指标 | 服务对象满意度 | 企业满意度 | ≥90% | 94.5% |\n"
    assert not [p for p in link_pairs(_SURVEY.format(said="94.5%", rows=two)) if "94.5%" in p[:2]]


def test_a_run_in_title_naming_a_kind_of_indicators_is_no_item() -> None:
    # "1.数量指标：…" heads the statements of several indicators; "共" opening a clause is
    # a connector, not the metric word of a 满分.
    text = (
        "（一）产出指标\n1.数量指标：全年共组织开展森林防火巡护{said}次，清理林下可燃物"
        "1,280亩。\n\n二、绩效自评表\n\n| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |\n"
        "| 产出指标 | 数量指标 | 森林防火巡护次数 | ≥300次 | 364次 |\n"
    )
    assert ("364次", "364次", Agreement.SAME) in link_pairs(text.format(said="364"))
    assert ("346次", "364次", Agreement.DIFFERENT) in link_pairs(text.format(said="346"))


def test_this_years_side_with_its_stage_word_is_the_statements_total() -> None:
    text = (
        "青溪县林业局2025年度部门决算公开说明\n\n一、收入支出决算总体情况\n"
        "（二）本年支出2,316.40万元，比上年增加86.20万元。\n\n"
        "九、其他重要事项\n（三）本年支出决算数与预算数差异情况。2025年度本年支出决算{said}万元，"
        "较年初预算增加120.00万元。\n"
    )
    assert ("2,316.40万元", "2,316.40万元", Agreement.SAME) in link_pairs(
        text.format(said="2,316.40")
    )
    assert ("2,316.40万元", "2,361.40万元", Agreement.DIFFERENT) in link_pairs(
        text.format(said="2,361.40")
    )


def test_a_tables_title_with_a_bracketed_remark_still_names_its_side() -> None:
    text = (
        "青溪县林业局2025年度部门决算公开说明\n\n"
        "五、一般公共预算财政拨款支出决算情况说明\n2025年度一般公共预算财政拨款支出{said}万元。\n\n"
        "一般公共预算财政拨款支出决算表（按功能分类，摘要）\n单位：万元\n\n"
        "| 科目编码 | 科目名称 | 决算数 | 基本支出 | 项目支出 |\n"
        "|  | 合计 | 3,126.50 | 2,410.30 | 716.20 |\n"
        "| 201 | 一般公共服务支出 | 3,126.50 | 2,410.30 | 716.20 |\n"
    )
    assert ("3,126.50万元", "3,126.50", Agreement.SAME) in link_pairs(text.format(said="3,126.50"))
    assert ("3,162.50万元", "3,126.50", Agreement.DIFFERENT) in link_pairs(
        text.format(said="3,162.50")
    )


def test_a_figure_written_with_a_threshold_sign_is_a_target() -> None:
    # "…≥40公里" in the text lists the year's targets; the result is the row's 38.6公里.
    text = (
        "（二）年度绩效指标\n产出指标：列养里程≥1,240公里；桥梁检测≥120座；群众满意度≥90%。\n\n"
        "三、绩效自评表\n\n| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |\n"
        "| 产出指标 | 数量指标 | 桥梁检测 | ≥120座 | 116座 |\n"
        "| 满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥90% | 92% |\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]
    # The same figure stated as a result is still compared.
    again = text + "\n四、结论\n全年完成桥梁检测126座。\n"
    pairs = link_pairs(again)
    assert ("116座", "126座", Agreement.DIFFERENT) in pairs
    assert ("≥120座", "≥120座", Agreement.SAME) in pairs  # the target restates the row's target


def _stock_and_flow(stated: str) -> str:
    # A 绩效指标 row of the year's new ones and a sentence giving both the year's new ones and
    # all there are now.
    return (
        f"（二）效益情况\n全年新增规模以上工业企业18家，全市规模以上工业企业总数达到{stated}家。\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 |\n"
        "| 效益指标 | 经济效益指标 | 新增规模以上工业企业数 | ≥15家 | 18家 |\n"
    )


def test_a_stock_is_never_the_flow_row_of_its_name() -> None:
    names = ["全市规模以上工业企业总数", "新增规模以上工业企业数"]
    found = match_names(*map(clean_name, names), NameWeights(names), None, flows=True)
    assert found.score == 0 and found.why_not == "stock"
    # Trap: 218 is all the enterprises there are, not the 18 new ones of the row.
    assert not [f for f in crosscheck.check(_stock_and_flow("218")).findings if f.rule == "CC201"]
    assert ("18家", "18家", Agreement.SAME) in link_pairs(_stock_and_flow("218"))
