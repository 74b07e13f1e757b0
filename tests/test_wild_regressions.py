"""Regressions found by running crosscheck on excerpts of published reports of other
departments and years (paraphrased here: the excerpts themselves are third-party text)."""

from __future__ import annotations

import crosscheck
from crosscheck.ingest import document_from_text
from crosscheck.pipeline import check


def _findings(text: str, code: str):
    return check(document_from_text(text), select=[code])


def test_ratio_off_in_last_digit_only_is_info() -> None:
    # 54357.12 ÷ (850088.30 + 54357.12) = 6.0100%, written 6.00%: truncated, not wrong.
    found = _findings("文化旅游支出850088.30元，同比减少54357.12元，下降6.00%。", "CC104")
    assert [f.severity for f in found] == ["info"]


def test_ratio_off_by_more_stays_error() -> None:
    # 16803.36 ÷ (116433.12 − 16803.36) = 16.87%; 14.43% divides by this year's amount.
    found = _findings("社会保障和就业支出116433.12元，同比增加16803.36元，增长14.43%。", "CC104")
    assert [f.severity for f in found] == ["error"]


def test_share_off_in_last_digit_only_is_info() -> None:
    # 165247.88 ÷ 881300.39 = 18.7506%, written 18.76%.
    found = _findings(
        "基本支出预算881300.39元，其中：商品和服务支出预算165247.88元，占基本支出预算18.76%。",
        "CC102",
    )
    assert [f.severity for f in found] == ["info"]


def test_swapped_shares_are_errors() -> None:
    # 0.53 and 1.18 of 1.71 are 31% and 69%: the text swaps them.
    found = _findings(
        "三公经费支出决算中，公务接待费支出决算0.53万元，占69%；"
        "公务用车购置及运行维护费支出决算1.18万元，占31%。",
        "CC102",
    )
    assert sorted(f.severity for f in found) == ["error", "error"]


# A 四川-style 部门预算项目支出绩效自评表 flattened to "|" rows: each header row opens with
# its section's title ("预算执行情况(10分)"), a cell merged down the section that the data
# rows lost, so their values sat one column to the left of their headers.
_TITLED_FORM = """部门预算项目支出绩效自评表(2023年度) | ||||||||||
项目名称 | 某某补助资金项目 | |||||||||
预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | 预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | ||
总额 | 100.00 | 120.00 | 110.00 | {rate} | 10 | 9 | 1.预算执行率=预算执行数/调整后预算数,未达到90%的需说明原因. | |||
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
