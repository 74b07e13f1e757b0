"""The 总分 of a self-evaluation form against its rows (CC105) when the form has a funds block:
the standard 项目支出绩效自评表 scores 预算执行 (10 of the 100) in its funds rows, above the
绩效指标 rows, and the 部门整体 form is often printed as two tables (its 年度主要任务 block and
its 绩效指标 block). Invented forms of the shapes read on published 决算 (one 自评表 per project)."""

from __future__ import annotations

from crosscheck.ingest import document_from_text
from crosscheck.pipeline import check


def _table(rows: list[tuple[str, ...]]) -> str:
    return "\n\n".join("\n".join(f"\t{c}" for c in row) for row in rows)


_FUNDS_HEADER = ("项目资金（万元）", "", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分")  # fmt: skip
_INDICATOR_HEADER = ("绩效指标", "一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分")  # fmt: skip


def _project_form(
    *,
    funds_weight: str = "10",
    sub_weight: str = "—",
    benefit_weights: tuple[str, str] = ("15", "15"),
    total: tuple[str, str] = ("100", "97"),
) -> str:
    """A 项目支出绩效自评表: funds block (10 points), indicators 50 + 30 + 10."""
    first, second = benefit_weights
    rows = [
        ("项目名称", "乡村文化广场维护"),
        _FUNDS_HEADER,
        ("年度资金总额", "", "120", "120", "114", funds_weight, "95.00%", "9.5"),
        ("其中：当年财政拨款", "", "120", "120", "114", sub_weight, "95.00%", "9.5"),
        ("上年结转资金", "", "", "", "", "—", "", "—"),
        _INDICATOR_HEADER,
        ("产出指标（50分）", "数量指标", "维护广场数量", "≥12个", "12个", "20", "20"),
        ("质量指标", "设施完好率", "≥95%", "96%", "10", "10"),
        ("时效指标", "完成时限", "年底前", "11月", "10", "10"),
        ("成本指标", "单个广场维护成本", "≤10万元", "9.5万元", "10", "10"),
        ("效益指标（30分）", "社会效益指标", "群众文体活动场次", "≥300场", "326场", first, "15"),
        ("可持续影响指标", "设施使用年限", "≥5年", "5年", second, "12.5"),
        ("满意度指标（10分）", "服务对象满意度指标", "村民满意度", "≥90%", "93%", "10", "10"),
        ("总分", *total),
    ]
    return f"某县乡村文化广场维护项目支出绩效自评表\n{_table(rows)}\n"


def _score_findings(text: str):
    return check(document_from_text(text), select=["CC105"])


def test_funds_row_counts_in_the_total_and_its_sub_row_is_not_counted_again() -> None:
    # 9.5 + 20+10+10+10 + 15+12.5 + 10 = 97; the 其中 row repeats the 9.5.
    assert _score_findings(_project_form(sub_weight="10")) == ()


def test_indicator_weights_short_of_the_total_are_flagged_with_the_funds_counted() -> None:
    # 效益指标（30分） weighted 13 + 13: 10 + 50 + 26 + 10 = 96, not 100.
    (found,) = _score_findings(_project_form(benefit_weights=("13", "13")))
    assert "96" in found.message and "100" in found.message
    assert found.severity == "error"
    assert {e.text for e in found.evidence} >= {"100", "13"}


def test_a_total_of_the_indicator_rows_alone_is_one_reading_and_not_flagged() -> None:
    # 总分 90 / 87.5: the 绩效指标 rows alone; the funds block's 10 / 9.5 stands beside.
    assert _score_findings(_project_form(total=("90", "87.5"))) == ()


def test_a_total_matching_neither_reading_is_flagged() -> None:
    (found,) = _score_findings(_project_form(total=("100", "95")))
    assert "97" in found.message  # 得分: 9.5 + 87.5


def test_a_blank_funds_weight_leaves_the_weight_column_unchecked() -> None:
    # The form left the funds row's 分值 blank but scored it: the 分值 column is incomplete.
    assert _score_findings(_project_form(funds_weight="")) == ()


def test_funds_block_whose_header_was_not_read_only_flags_rows_over_the_total() -> None:
    # The funds header row carries a stray amount, so its columns are not recognised: the
    # funds block's score is unread, and rows adding up to less than 总分 may be its 10.
    text = _project_form().replace("\t项目资金（万元）\n\t\n", "\t项目资金（万元）\n\t120\n")
    assert _score_findings(text) == ()
    over = _project_form(benefit_weights=("25", "25")).replace(
        "\t项目资金（万元）\n\t\n", "\t项目资金（万元）\n\t120\n"
    )
    assert [f.rule for f in _score_findings(over)] == ["CC105"]


def _department_form(total_weight: str, task_total: str = "10") -> str:
    """A 部门整体 form printed as two tables: the 年度主要任务 block (each task's share of
    the 10 execution points, then 金额合计) and, right below, the 绩效指标 block."""
    tasks = [
        (
            "年度主要任务",
            "任务名称",
            "主要内容",
            "全年预算数",
            "全年执行数",
            "分值",
            "执行率",
            "得分",
        ),
        ("群众文化活动", "组织文化下乡", "80", "76", "4", "95.00%", "4"),
        ("文物保护", "不可移动文物巡查", "120", "120", "6", "100.00%", "6"),
        ("金额合计", "200", "196", task_total, "98.00%", task_total),
    ]
    indicators = [
        ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"),
        ("产出指标（50分）", "数量指标", "送戏下乡场次", "≥60场", "64场", "30", "30"),
        ("质量指标", "文物巡查覆盖率", "100%", "100%", "20", "20"),
        ("效益指标（30分）", "社会效益指标", "群众参与人次", "≥2万人次", "2.3万人次", "30", "28"),
        ("满意度指标（10分）", "服务对象满意度指标", "群众满意度", "≥90%", "92%", "10", "10"),
        ("总分", total_weight, "98"),
    ]
    return f"某县文化和旅游局部门整体支出绩效自评表\n{_table(tasks)}\n\n{_table(indicators)}\n"


def test_department_form_cut_in_two_counts_its_task_block_total_once() -> None:
    # 10 (金额合计, not the 4 + 6 above it again) + 90 = 100; 得分 10 + 88 = 98.
    assert _score_findings(_department_form("100")) == ()


def test_department_form_cut_in_two_still_flags_a_wrong_total() -> None:
    (found,) = _score_findings(_department_form("110"))
    assert "100" in found.message and "110" in found.message


def _named_form(name: str, scores: tuple[int, int], total: int) -> str:
    return (
        f"{name}项目绩效自评表\n\n| 项目名称 | {name} |\n|---|---|\n\n"
        "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
        "|---|---|---|---|---|---|---|\n"
        f"| 产出指标 | 数量指标 | 完成任务数 | ≥10项 | 12项 | 50 | {scores[0]} |\n"
        f"| 效益指标 | 社会效益指标 | 群众受益面 | 明显 | 明显 | 50 | {scores[1]} |\n"
        f"| 总分 |  |  |  |  | 100 | {total} |\n\n"
    )


def _named_summaries(second: str, second_form: str = "农村饮水工程维修") -> str:
    return (
        "（二）项目绩效自评结果\n"
        "1.乡村道路养护补助项目绩效自评综述：根据年初设定的绩效目标，项目自评得分为92分。\n"
        f"2.农村饮水工程维修项目绩效自评综述：根据年初设定的绩效目标，项目自评得分为{second}分。\n\n"
        + _named_form("乡村道路养护补助", (46, 46), 92)
        + _named_form(second_form, (44, 42), 86)
    )


def test_a_projects_summary_score_is_compared_with_its_own_forms_total() -> None:
    # One 自评表 per project: each 综述's score against the 总分 of the form whose 项目名称
    # is that project (names compared without 项目 and the report part).
    assert not [f for f in check(document_from_text(_named_summaries("86"))) if f.rule == "CC202"]
    (found,) = [f for f in check(document_from_text(_named_summaries("88"))) if f.rule == "CC202"]
    assert found.message == "正文自评得分为88分，而自评表总分得分为86"


def test_a_summary_of_a_project_with_no_form_of_its_own_is_compared_with_none() -> None:
    # Trap: the second form is of another project; 88 is not compared with its 86.
    text = _named_summaries("88", second_form="城区排水管网改造")
    assert not [f for f in check(document_from_text(text)) if f.rule == "CC202"]
