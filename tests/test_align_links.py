"""The align stage (crosscheck/align/links.py), `crosscheck align`, and the links in the API."""

from __future__ import annotations

import csv
import io
import json

import pytest

import crosscheck
from crosscheck.align.links import EXACT_SUBJECT_SCORE, LINK_SCORE
from crosscheck.cli import main
from crosscheck.compare import Agreement

from .conftest import SEEDS

SEED_000 = SEEDS[0]


@pytest.fixture(scope="module")
def report_000() -> crosscheck.Report:
    return crosscheck.check(SEED_000)


def _group(report: crosscheck.Report, subject: str, metric: str):
    (group,) = [g for g in report.aligned if g.key[0] == subject and g.key[1] == metric]
    return group


def test_the_one_stop_project_is_linked_table_and_text(report_000) -> None:
    group = _group(report_000, "一站式健康扶贫医疗救助", "execution_rate")
    pairs = {
        (link.a.mention.quantity.surface, link.b.mention.quantity.surface, link.agreement)
        for link in group.links
    }
    assert ("249%", "75%", Agreement.DIFFERENT) in pairs
    assert ("249%", "249%", Agreement.SAME) in pairs
    assert {link.kind for link in group.links} == {"table-narrative", "narrative-narrative"}


def test_rounding_consistent_values_are_linked_as_the_same(report_000) -> None:
    group = _group(report_000, "困难居民医疗救助", "execution_rate")
    surfaces = {
        (link.a.mention.quantity.surface, link.b.mention.quantity.surface): link.agreement
        for link in group.links
    }
    assert surfaces[("161.55%", "162%")] is Agreement.SAME


def test_every_link_says_why(report_000) -> None:
    for group in report_000.aligned:
        for link in group.links:
            reasons = link.reasons()
            assert reasons[0].startswith("同一对象")
            assert reasons[1].startswith("同一指标")
            assert link.reasons("en")[0].startswith("same subject")
            if link.names is None:  # one name written alike
                assert link.score == EXACT_SUBJECT_SCORE
            else:  # two names joined by the words they share
                assert LINK_SCORE <= link.score <= 1.0
                assert "按词比较" in reasons[0] and "共有词" in reasons[0]
                assert link.names.shared


def test_different_scopes_are_not_linked() -> None:
    # Trap (seed 004): 基本支出 449.64 and 一般公共预算财政拨款基本支出 442.25 are two facts.
    report = crosscheck.check(SEEDS[4])
    values = {
        link.a.mention.quantity.surface.strip() for g in report.aligned for link in g.links
    } | {link.b.mention.quantity.surface.strip() for g in report.aligned for link in g.links}
    assert not {"449.64万元", "442.25 万元"} <= values


def test_two_mentions_in_one_paragraph_are_not_linked() -> None:
    # One paragraph naming one subject twice is an enumeration the key misses, not one fact.
    one_paragraph = "精神障碍患者医疗救助执行率54%；精神障碍患者医疗救助执行率100%。\n"
    assert crosscheck.check(one_paragraph).aligned == ()
    two_paragraphs = "一、概况\n" + one_paragraph.replace("；", "。\n二、情况\n")
    (group,) = crosscheck.check(two_paragraphs).aligned
    assert group.links[0].agreement is Agreement.DIFFERENT


def _self_evaluation(indicator: str, score: str, total: str) -> str:
    rows = [
        ("一级指标", "三级指标", "分值", "得分"),
        ("产出指标", indicator, "50", score),
        ("效益指标", "群众知晓率", "50", "48"),
        ("总分", "100", total),
    ]
    return "\n\n".join("\n".join(f"\t{c}" for c in row) for row in rows)


def test_each_self_evaluation_table_has_its_own_total() -> None:
    # Trap: a 部门整体 and a 项目 自评表 in one report, 总分 96 and 95: two facts.
    text = (
        f"部门整体支出绩效自评表\n{_self_evaluation('帮扶人数', '48', '96')}\n\n\n\n"
        f"项目支出绩效自评表\n{_self_evaluation('培训人数', '47', '95')}\n\n\n\n正文。\n"
    )
    report = crosscheck.check(text)
    assert [f.rule for f in report.findings] == []
    # … and an indicator named alike in both forms is graded by each form: two facts (a
    # report with a 自评表 per project names 服务对象满意度 in each, with each its own score).
    assert [g for g in report.aligned if g.key[1] == "score"] == []
    different = text.replace("\t48\n\n\t总分\n\t100\n\t95", "\t45\n\n\t总分\n\t100\n\t92")
    assert different != text
    assert [f.rule for f in crosscheck.check(different).findings] == []


def test_subjects_cut_to_one_core_are_one_name() -> None:
    # 三公经费支出 (an expenditure) and 三公经费决算数: one core, 三公, so one name.
    text = (
        "（一）部门决算情况\n2023年“三公”经费支出6.95万元，较上年减少0.5万元。\n"
        "（二）“三公”经费情况\n本年“三公”经费决算数为5.96万元，其中公务用车运行维护费4.12万元。\n"
    )
    (group,) = crosscheck.check(text).aligned
    assert group.name == "三公"
    assert group.score == EXACT_SUBJECT_SCORE
    assert group.links[0].agreement is Agreement.DIFFERENT


def test_names_joined_by_words_score_lower_and_say_which_words() -> None:
    text = (
        "一、实施情况\n全年累计培训乡村教师1,260人次。\n"
        "二、绩效指标\n\t三级指标\n\t实际完成值\n\n\t乡村骨干教师培训人次\n\t1,206人次\n"
    )
    (group,) = crosscheck.check(text).aligned
    (link,) = group.links
    assert link.kind == "table-narrative"
    assert LINK_SCORE <= link.score < EXACT_SUBJECT_SCORE
    assert set(link.names.shared) >= {"乡村", "教师", "培训"}
    assert "按词比较" in link.reasons()[0]


def test_align_command_csv_has_one_row_per_link(capsys, report_000) -> None:
    assert main(["align", str(SEED_000), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff")  # a BOM for Excel
    rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
    assert len(rows) == sum(len(g.links) for g in report_000.aligned)
    text = SEED_000.read_text(encoding="utf-8")
    for row in rows:
        for side in ("a", "b"):
            start, end = int(row[f"{side}_start"]), int(row[f"{side}_end"])
            assert text[start:end] == row[f"{side}_text"]
    assert {"same", "different"} <= {row["agreement"] for row in rows}


def test_align_command_json_and_text(capsys) -> None:
    assert main(["align", str(SEED_000), "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["schema"] == "crosscheck/links@1"
    assert payload["links"]
    assert main(["align", str(SEED_000)]) == 0
    out = capsys.readouterr().out
    assert "249%（表格" in out and "≠ 75%（正文" in out


def test_links_frame_and_frames_links(report_000) -> None:
    frame = report_000.links_frame()
    assert len(frame) == sum(len(g.links) for g in report_000.aligned)
    assert "reasons" in frame.columns
    frames = crosscheck.frames([SEED_000], jobs=1)
    assert len(frames.links) == len(frame)
    assert set(frames.links["file"]) == {str(SEED_000)}


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        # "…补贴全年执行数…，执行率95.2%": the topic is the item, not "…补贴全年".
        (
            "一、预算执行情况\n2023年职业技能培训补贴全年执行数286.00万元，执行率95.2%。\n"
            "二、绩效分析\n职业技能培训补贴支出执行率为96.2%，主要原因是部分培训尚未结算。\n",
            "职业技能培训补贴",
        ),
        # 支出执行率 is a metric word; "项目支出执行率" still names the item 项目支出 (not 项目).
        (
            "一、预算执行情况\n2023年项目支出全年执行数643.10万元，执行率95.2%。\n\n"
            "项目支出执行率为96.2%，主要原因是部分项目尚未验收。\n",
            "项目支出",
        ),
    ],
)
def test_subjects_around_time_words_and_long_metric_words(text: str, subject: str) -> None:
    (group,) = crosscheck.check(text).aligned
    assert group.key[:2] == (subject, "execution_rate")
    assert group.links[0].agreement is Agreement.DIFFERENT


# --- a clear choice of a statement that leans the same way ----------------------------------


def _choice(names: set[str], facts: set[int], score: float = 0.8):
    from crosscheck.align.links import _Choice
    from crosscheck.align.names import NameMatch

    return _Choice(frozenset(names), frozenset(facts), NameMatch(score, ("x",), (), ()))


def _leaning_pairs(chosen, leaning, pairs=None):
    from crosscheck.align.links import _attach_to_leaning

    pairs = dict(pairs or {})
    _attach_to_leaning(chosen, set(), leaning, pairs)
    return set(pairs)


def test_a_clear_choice_links_the_statement_whose_best_it_is() -> None:
    # 0 (a form's row) clearly chose 1 (a paragraph); 1's best is 0, another name near it: one
    # fact, linked.
    chosen = {0: _choice({"n1"}, {1})}
    leaning = {1: _choice({"n0"}, {0})}
    assert _leaning_pairs(chosen, leaning) == {(0, 1)}


def test_a_leaning_statement_is_not_linked_to_what_it_does_not_lean_to() -> None:
    # Trap: 1's best is 2, not 0, although 0 chose 1: which one 1 restates stays open.
    chosen = {0: _choice({"n1"}, {1})}
    leaning = {1: _choice({"n2"}, {2})}
    assert _leaning_pairs(chosen, leaning) == set()


def test_a_statement_chosen_twice_or_already_linked_is_left() -> None:
    # Traps: two rows chose 1 (two items, one paragraph: a guess), or 1 is already linked.
    leaning = {1: _choice({"n0"}, {0})}
    two = {0: _choice({"n1"}, {1}), 3: _choice({"n1"}, {1})}
    assert _leaning_pairs(two, leaning) == set()
    one = {0: _choice({"n1"}, {1})}
    assert _leaning_pairs(one, leaning, {(1, 4): (1.0, None)}) == {(1, 4)}


def test_a_forms_count_changed_in_seed_000_is_reported() -> None:
    # Seed 000 states its 精神障碍患者 count in a form row, two form rows' prose and three
    # paragraphs; the paragraph whose best name is the row (another paragraph near it) and the
    # row that clearly chose that paragraph are one fact: a slip in the row is a conflict.
    from .conftest import SEEDS

    text = next(p for p in SEEDS if p.name.startswith("000_")).read_text(encoding="utf-8")
    row = "2021年完成救助精神障碍患者6419人次"
    assert text.count(row) == 1
    changed = text.replace(row, row.replace("6419", "6868"))
    conflicts = [f.message for f in crosscheck.check(changed).findings if f.rule == "CC201"]
    assert any("6868人次" in m and "6419" in m for m in conflicts), conflicts


def _rate_form(said: str) -> str:
    return (
        "某县残联2025年度部门整体支出绩效自评报告\n一、绩效目标完成情况\n"
        f"全年困难残疾人生活补贴发放到位率{said}%，部分乡镇核查滞后。\n\n"
        "部门整体支出绩效自评表\n\n"
        "\t年度总体目标\n\t预期目标\n\t实际完成情况\n\n"
        "\t\n\t按时足额发放残疾人两项补贴。\n\t全年困难残疾人生活补贴发放到位率96.2%。\n\n"
        "\t一级指标\n\t二级指标\n\t三级指标\n\t年度指标值\n\t实际完成值\n\t分值\n\t得分\n\n"
        "\t产出指标\n\t质量指标\n\t困难残疾人生活补贴发放到位率\n\t≥98%\n\t96.2%\n\t10\n\t8\n\n"
    )


def test_a_rows_target_is_no_second_row_of_its_name() -> None:
    # The form names the rate in its results cell (96.2%) and its indicator row, whose target
    # (≥98%) is a target, not another row of that name with another value: the rate is linked,
    # and a paragraph that writes it otherwise is a conflict.
    from .conftest import link_pairs

    assert ("96.2%", "96.2%", Agreement.SAME) in link_pairs(_rate_form("96.2"))
    conflicts = [f.message for f in crosscheck.check(_rate_form("92.6")).findings]
    assert len(conflicts) == 1 and "92.6%" in conflicts[0] and "98%" not in conflicts[0]


def test_a_forms_results_cell_is_no_second_row_of_its_indicator() -> None:
    # The results cell written in sentences restates the indicator row: when it gives 92.6%
    # for the row's 96.2%, the two disagree (the row is not left out as one of two rows of a
    # name with two values).
    from .conftest import link_pairs

    slipped = _rate_form("96.2").replace("生活补贴发放到位率96.2%。", "生活补贴发放到位率92.6%。")
    assert ("92.6%", "96.2%", Agreement.DIFFERENT) in link_pairs(slipped)
