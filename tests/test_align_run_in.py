"""A page saved as one line: its sections run into one paragraph. Facts of two run-in
sections are stated apart (they may restate each other), a run-in title names no figure,
and figures under two entries of one numbered list are two facts (segment/numbering.py,
align/keys.py passages and entries). Invented wording: a 图书馆 and a 水利站."""

from __future__ import annotations

import pytest

from crosscheck.ingest import document_from_text
from crosscheck.pipeline import check
from crosscheck.segment import segment
from crosscheck.segment.numbering import entry_paths, run_in_passages, sibling_entries

PAGE = (
    "标题：2025年度青苗县图书馆部门决算说明 一、部门主要职责 负责全县公共图书借阅服务。"
    "二、收入支出决算总体情况2025年图书馆年初结转和结余12.50万元，本年收入{income}万元，"
    "本年支出318.20万元，事业基金弥补收支差额0万元，结余分配0万元，年末结转和结余14.90万元。"
    "（一）2025本年收入{restated}万元，比2024年决算数增加20.60万元，增长6.92%，具体情况如下："
    "1. 财政拨款收入300.60万元。2. 其他收入20.00万元。（二）2025本年支出318.20万元，比2024年"
    "决算数增加18.00万元，增长6.00%。三、一般公共预算财政拨款支出决算情况 2025年一般公共预算"
    "财政拨款支出300.60万元，比2024年决算数增加16.40万元。四、“三公”经费一般公共预算财政拨款"
    "支出决算情况2025年“三公”经费一般公共预算财政拨款支出6.80万元，同比下降2.86%。"
)


def _value_conflicts(text: str) -> list[list[str]]:
    return [[e.text for e in f.evidence] for f in check(document_from_text(text), select=["CC201"])]


def test_two_run_in_sections_restate_one_total() -> None:
    assert _value_conflicts(PAGE.format(income="320.60", restated="320.60")) == []
    assert _value_conflicts(PAGE.format(income="320.60", restated="326.00")) == [
        ["320.60万元", "326.00万元"]
    ]


def test_a_run_in_title_names_no_figure() -> None:
    # "三、一般公共预算财政拨款支出决算情况 2025年…支出300.60万元" and "四、“三公”经费…决算情况
    # 2025年“三公”经费…支出6.80万元": two things; glued to their titles their names were one.
    page = PAGE.format(income="320.60", restated="320.60")
    assert "300.60" in page and "6.80" in page
    assert _value_conflicts(page) == []


@pytest.mark.parametrize("joiner", [" ", "\n"])
def test_items_under_two_entries_of_one_list_are_two_facts(joiner: str) -> None:
    text = joiner.join(
        [
            "五、按功能分类的支出情况 2025年财政拨款支出157.00万元，具体情况如下：",
            "（一）一般公共服务支出（类）42.00万元。",
            "—行政运行40.00万元",
            "—一般行政管理事务2.00万元",
            "（二）农林水支出（类）115.00万元。",
            "—行政运行115.00万元",
        ]
    )
    assert _value_conflicts(text) == []


def test_two_numbered_items_of_a_run_in_walk_are_two_facts() -> None:
    text = (
        "五、项级科目支出情况 具体情况如下：（九）群众文化（项级科目）16.20万元，较上年增加2.00万元。"
        "（十）其他文化旅游体育与传媒支出（项级科目）8.40万元。（十一）行政运行（项级科目）90.10万元。"
        "（十二）其他支出（项级科目）3.30万元。"
    )
    assert _value_conflicts(text) == []


def test_run_in_passages_and_their_titles() -> None:
    text = "前言。二、收入支出决算总体情况2025年本年收入5万元。（一）本年收入5万元。三、其他 说明"
    found = [(p.start, text[p.start : p.body]) for p in run_in_passages(text, 0, len(text))]
    assert found == [
        (0, ""),
        (text.index("二、"), "二、收入支出决算总体情况"),
        (text.index("（一）"), ""),  # no title: its words start at once
        (text.index("三、"), ""),  # "其他" ends with no heading's tail word
    ]
    # A marker inside a sentence opens no section.
    inside = "本年收入5万元，用于（一）所列事项。"
    assert [p.start for p in run_in_passages(inside, 0, len(inside))] == [0]


def test_entry_paths_follow_the_numbering() -> None:
    text = "（一）甲支出3万元。\n—行政运行3万元\n（二）乙支出4万元。\n1. 丙1万元\n2. 丁3万元\n"
    paths = dict(entry_paths(text, segment(document_from_text(text)).blocks))
    first = paths[text.index("（一）")]
    second = paths[text.index("（二）")]
    under_second = paths[text.index("1. 丙")]
    assert first == ((2, "（一）"),)
    assert under_second == ((2, "（二）"), (3, "1."))
    assert sibling_entries(first, second)
    assert sibling_entries(first, under_second)  # under （二）, not （一）
    assert not sibling_entries(second, under_second)  # the entry and what it holds
    assert not sibling_entries(first, first)


def test_items_after_a_lists_colon_are_entries_of_it() -> None:
    # "如下：（一）…行政运行a" and "（六）…行政运行b": the first item follows the colon, not a
    # closed sentence, and is an entry of the list all the same.
    text = (
        "五、项级科目支出情况2025年财政拨款支出900.00万元，具体情况如下：（一）2010301行政运行"
        "353.00万元，较上年增加3.00万元。（二）2010302一般行政管理事务147.00万元。（三）2120101"
        "行政运行400.00万元，较上年增加5.00万元。"
    )
    assert _value_conflicts(text) == []


def test_entries_run_into_a_paragraph_close_at_its_end() -> None:
    # "…三个项目：1、甲…；3、丙…" run into one paragraph: the paragraph after it stands
    # under none of its items (it was under "3、" and so a sibling of a later "1."), only
    # under its heading.
    text = "一、概况\n中心承担三个项目：1、甲项目；2、乙项目；3、丙项目。\n\n本年支出20万元。\n"
    paths = entry_paths(text, segment(document_from_text(text)).blocks)
    after = [path for start, path in paths if start <= text.index("本年支出")][-1]
    assert after == ((1, "一、"),)  # under the heading, not under "3、"
    # A marker that opens its paragraph still holds the paragraphs after it.
    text = "（一）甲支出3万元。\n—行政运行3万元\n"
    paths = entry_paths(text, segment(document_from_text(text)).blocks)
    assert [path for start, path in paths if start <= text.index("—")][-1] == ((2, "（一）"),)


def test_a_figure_restated_under_two_headed_sections_is_one_fact() -> None:
    # "1. …收支情况分析" / "2. …使用情况分析" as headings of their own lines: sections of one
    # report, and the same total written under each is one fact (invented: a 气象站).
    text = "\n".join(
        [
            "二、项目支出情况",
            "1. 项目资金收支情况分析",
            "全年气象观测项目支出{first}万元，资金来源为财政拨款。",
            "2. 项目资金使用情况分析",
            "气象观测项目支出{second}万元，主要用于雷达维护和专用材料购置。",
        ]
    )
    assert _value_conflicts(text.format(first="326.40", second="326.40")) == []
    assert _value_conflicts(text.format(first="326.40", second="362.40")) == [
        ["326.40万元", "362.40万元"]
    ]


def test_parallel_sections_run_into_one_line_are_two_scopes() -> None:
    # A 政府决算 page on one line: "一、全市…决算情况 （一）…上年结余收入a 二、市本级…决算 （一）…
    # 上年结余收入b": the two sections' items share their names and are two facts.
    text = (
        "一、全市财政决算情况 （一）全市一般公共预算收支决算 1.全市一般公共预算收入决算合计"
        "86,420万元，其中上年结余收入3,120万元；调入资金12,500万元。"
        "二、市本级财政收支决算 （一）市本级一般公共预算收支决算 1.市本级一般公共预算收入决算合计"
        "61,300万元，其中上年结余收入2,480万元；调入资金9,870万元。"
    )
    assert _value_conflicts(text) == []
