"""Regressions found by running crosscheck on excerpts of published reports of other
departments and years (paraphrased here: the excerpts themselves are third-party text)."""

from __future__ import annotations

import crosscheck
from crosscheck.ingest import document_from_text
from crosscheck.pipeline import check


def _findings(text: str, code: str):
    return check(document_from_text(text), select=[code])


def test_ratio_off_in_last_digit_only_is_info() -> None:
    # 60000 ÷ (900000 + 60000) = 6.25%, written 6.24%: one unit in the last digit.
    found = _findings("文化旅游支出900000.00元，同比减少60000.00元，下降6.24%。", "CC104")
    assert [f.severity for f in found] == ["info"]


def test_ratio_off_by_more_stays_error() -> None:
    # 20000 ÷ (120000 − 20000) = 20%; 16.67% divides by this year's amount.
    found = _findings("社会保障和就业支出120000.00元，同比增加20000.00元，增长16.67%。", "CC104")
    assert [f.severity for f in found] == ["error"]


def test_share_off_in_last_digit_only_is_info() -> None:
    # 150000 ÷ 800000 = 18.75%, written 18.76%.
    found = _findings(
        "基本支出预算800000.00元，其中：商品和服务支出预算150000.00元，占基本支出预算18.76%。",
        "CC102",
    )
    assert [f.severity for f in found] == ["info"]


def test_swapped_shares_are_errors() -> None:
    # 0.40 and 1.20 of 1.60 are 25% and 75%: the text swaps them.
    found = _findings(
        "三公经费支出决算中，公务接待费支出决算0.40万元，占75%；"
        "公务用车运行维护费支出决算1.20万元，占25%。",
        "CC102",
    )
    assert sorted(f.severity for f in found) == ["error", "error"]


# A 四川-style 部门预算项目支出绩效自评表 flattened to "|" rows: each header row opens with
# its section's title ("预算执行情况(10分)"), a cell merged down the section that the data
# rows lost, so their values sat one column to the left of their headers.
_TITLED_FORM = """部门预算项目支出绩效自评表(2023年度) | ||||||||||
项目名称 | 某某补助资金项目 | |||||||||
预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | ||
总额 | 100.00 | 120.00 | 110.00 | {rate} | 10 | 9 | 注：执行率低于90%的应说明原因。 | |||
绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | 权重 | 得分 | 未完成原因分析 |
产出指标 | 数量指标 | 补助人数 | ≥ | 500 | 人 | 520 | 30 | {score} | ||
"""


def test_titled_section_columns_line_up() -> None:
    found = check(document_from_text(_TITLED_FORM.format(rate="91.67%", score="30")))
    assert found == ()
    keys = {
        m.quantity.surface: m.metric
        for m in crosscheck.extract(
            document_from_text(_TITLED_FORM.format(rate="91.67%", score="29"))
        )
        if m.role == "table"
    }
    assert keys["100.00"] == "initial_budget"
    assert keys["120.00"] == "adjusted_budget"
    assert keys["110.00"] == "expenditure"
    assert keys["91.67%"] == "execution_rate"
    assert keys["29"] == "score"


def test_titled_section_rate_is_recomputed() -> None:
    found = _findings(_TITLED_FORM.format(rate="95.67%", score="30"), "CC103")
    assert [f.rule for f in found] == ["CC103"]


def test_titled_section_score_over_weight() -> None:
    found = _findings(_TITLED_FORM.format(rate="91.67%", score="32"), "CC106")
    assert [f.rule for f in found] == ["CC106"]


# Held-out round: excerpts not used to tune the rules (paraphrased, own figures).


def test_growth_written_as_the_amount_is_an_error() -> None:
    # 接待费 3.25 against a budget of 1.00: +2.25 is +225%, the text writes 2.25%.
    found = _findings(
        "公务接待费支出3.25万元，与年度预算相比，增加2.25万元，增长2.25%，原因是新设机构。",
        "CC104",
    )
    assert [f.severity for f in found] == ["error"]


def test_procurement_split_missing_an_amount_is_an_error() -> None:
    # 货物/工程/服务 is the whole of 政府采购: 0 + 0 + 120 is not 150.
    found = _findings(
        "本年政府采购支出总额150万元，其中：政府采购货物支出0万元、政府采购工程支出0万元、"
        "政府采购服务支出120万元。",
        "CC101",
    )
    assert [f.severity for f in found] == ["error"]


def test_run_in_headed_items_are_three_facts() -> None:
    text = (
        "二、三公经费预算情况说明\n"
        "（一）因公出国（境）费。支出预算0万元，与上年持平。\n"
        "（二）公务接待费。支出预算1.60万元，与上年持平。\n"
        "（三）公务用车购置及运行费。支出预算2.80万元，比上年预算减少0.50万元。"
    )
    assert _findings(text, "CC201") == ()


def test_balance_table_row_holds_two_rows_side_by_side() -> None:
    text = (
        "表1：收支决算平衡表\n单位：亿元\n"
        "收入 | 执行数 | 决算数 | 支出 | 执行数 | 决算数 |\n"
        "一、本级收入 | 120 | 120 | 一、本级支出 | 260 | 260 |\n"
        "二、转移性收入 | 150 | 155 | 二、转移性支出 | 10 | 15 |"
    )
    assert _findings(text, "CC201") == ()


def test_announced_count_longer_than_its_list_is_an_error() -> None:
    # "5个，即" and four names.
    text = (
        "二、机构设置\n本局内设股室3个；直属事业单位5个，即县甲中心、县乙中心、县丙中心、县丁所。"
    )
    assert [f.severity for f in _findings(text, "CC401")] == ["error"]


# A 自评表 exported one cell a line, each cell ending with "|" (a lone "|" is an empty
# cell), with nothing between rows: the width comes from the header words.
_BAR_FORM_CELLS = (
    "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分",
    "产出指标", "数量指标", "培训人数", "≥200人", "236人", "20", "20",
    "", "", "培训天数", "5天", "5天", "10", "{days}",
    "", "质量指标", "考核合格率", "≥90%", "95%", "20", "18",
    "效益指标", "社会效益指标", "群众知晓率", "≥80%", "85%", "30", "30",
    "满意度指标", "服务对象满意度", "学员满意度", "≥90%", "93%", "20", "19",
    "总分", "", "", "", "", "100", "{total}",
)  # fmt: skip


def _bar_form(days: str, total: str) -> str:
    cells = [c.format(days=days, total=total) for c in _BAR_FORM_CELLS]
    table = "".join(f"{c} |\n" if c else "|\n" for c in cells)
    return f"某县职业技能培训项目支出绩效自评表\n{table}\n经自评，该项目自评得分为{total}分。\n"


def test_bar_per_line_self_evaluation_is_checked() -> None:
    found = check(document_from_text(_bar_form(days="12", total="96")))
    assert sorted(f.rule for f in found) == ["CC105", "CC106"]
    (over,) = [f for f in found if f.rule == "CC106"]
    assert [e.text for e in over.evidence] == ["12", "10"]


def test_bar_per_line_self_evaluation_that_adds_up_is_silent() -> None:
    assert check(document_from_text(_bar_form(days="10", total="97"))) == ()


def test_bar_per_line_table_against_the_text() -> None:
    cells = ("项 目", "预 算 数", "决 算 数", "合 计", "6", "4.5", "公务接待费", "2", "1.5")
    table = "".join(f"{c} |\n" for c in cells)
    text = f"“三公”经费支出决算表\n单位:万元\n{table}二、说明\n公务接待费支出决算{{v}}万元。\n"
    (found,) = check(document_from_text(text.format(v="1.8")), select=["CC201"])
    assert {e.text for e in found.evidence} == {"1.5", "1.8万元"}
    assert check(document_from_text(text.format(v="1.5")), select=["CC201"]) == ()


def test_score_sentence_right_under_the_table_is_narrative() -> None:
    # No blank line between the 总分 row and the text: the text's score is compared with
    # the table's 总分 (CC202), not summed into the table (CC105).
    rows = [
        ("一级指标", "三级指标", "分值", "得分"),
        ("产出指标", "培训人数", "50", "48"),
        ("效益指标", "群众知晓率", "50", "48"),
        ("总分", "100", "96"),
    ]
    table = "\n\n".join("\n".join(f"\t{c}" for c in row) for row in rows)
    text = f"某项目支出绩效自评表\n{table}\n经自评，该项目自评得分为{{score}}分，等级为优。\n"
    found = check(document_from_text(text.format(score="95")))
    assert [f.rule for f in found] == ["CC202"]
    assert check(document_from_text(text.format(score="96"))) == ()
