"""Numbered items run into one paragraph (a web page saved as text, a PDF that lost its
line breaks): "…，具体情况如下：1. A a万元。2. B b万元。（二）…" (segment/numbering.py and
relate/sums.py `_numbered_breakdowns`). Invented wording: a 街道办事处 and a 文化馆."""

from __future__ import annotations

import pytest

from crosscheck.ingest import document_from_text
from crosscheck.pipeline import check
from crosscheck.segment.numbering import numbered_run
from tests.test_relate import _sums_read_as

# One line, as a saved web page has it: two sections, each with its numbered breakdown.
RUN_IN = (
    "三、收支决算总体情况 （一）本年收入{income}万元，比上年决算数增加12.40万元，增长2.11%，"
    "具体情况如下：1. 财政拨款收入588.30万元，其中政府性基金收入6.00万元。2. 事业收入0万元。"
    "3. 其他收入11.70万元。（二）本年支出596.10万元，比上年决算数增加10.20万元，增长1.74%，"
    "具体情况如下：1. 基本支出421.60万元。其中，人员经费389.20万元，公用经费32.40万元。"
    "2. 项目支出174.50万元。四、一般公共预算财政拨款支出情况 本年一般公共预算财政拨款支出"
    "584.20万元。"
)


def test_a_run_in_breakdown_is_read_item_by_item() -> None:
    found = _sums_read_as(RUN_IN.format(income="600.00"), "numbered")
    assert found == [
        ("numbered", "600.00万元", ["588.30万元", "0万元", "11.70万元"]),
        # 1. then 2., not the 其中 of item 1: "（二）" and "四、" end the lists.
        ("numbered", "596.10万元", ["421.60万元", "174.50万元"]),
    ]


def test_a_run_in_breakdown_that_does_not_add_up_is_reported() -> None:
    assert not check(document_from_text(RUN_IN.format(income="600.00")), select=["CC101"])
    wrong = check(document_from_text(RUN_IN.format(income="608.00")), select=["CC101"])
    assert [[e.text for e in f.evidence] for f in wrong] == [
        ["608.00万元", "588.30万元", "0万元", "11.70万元"]
    ]


def test_an_opener_that_starts_its_sentence_breaks_down_the_sentence_before() -> None:
    text = (
        "五、“三公”经费支出情况 本年“三公”经费支出8.60万元，同比下降4.44%。具体情况如下："
        "（一）因公出国（境）费0万元。（二）公务用车购置及运行费6.10万元，年末保有量2辆。"
        "（三）公务接待费2.40万元，共接待12批次。六、其他情况说明"
    )
    assert _sums_read_as(text, "numbered") == [
        ("numbered", "8.60万元", ["0万元", "6.10万元", "2.40万元"])
    ]


@pytest.mark.parametrize(
    "text",
    [
        # 3 is skipped: the list is not known whole.
        "本年支出90.00万元，具体情况如下：1. 基本支出50.00万元。2. 项目支出30.00万元。"
        "4. 经营支出10.00万元。",
        # An item with no figure and no placeholder for one: not read.
        "本年收入90.00万元，具体情况如下：1. 财政拨款收入80.00万元。2. 经营收入按规定另行核算。"
        "3. 其他收入5.00万元。",
        # An item that opens with a change, not its own amount.
        "本年支出90.00万元，具体情况如下：1. 基本支出比上年增加5.00万元。2. 项目支出80.00万元。",
        # The items are tasks; their figures come late, after long labels.
        "全年经费90.00万元，主要工作如下：1. 组织开展全镇农村文化惠民演出、非遗展示和书画摄影展览等"
        "群众性文化活动四十余场次，共支出35.00万元。2. 完成全镇基层综合性文化服务中心、村级文化"
        "广场和农家书屋的提升改造工程建设，支出40.00万元。",
        # No list after the opener at all.
        "本年支出90.00万元，具体情况如下：基本支出50.00万元，项目支出40.00万元。",
        # A list of people under an amount: not its measure.
        "本年支出90.00万元，具体情况如下：1. 在职人员12人。2. 退休人员5人。",
    ],
)
def test_run_in_lists_not_read_whole_make_no_sum(text: str) -> None:
    assert _sums_read_as(text, "numbered") == []


def test_a_higher_level_marker_quoted_inside_an_item_does_not_end_the_list() -> None:
    # "（二）" inside item 2 is a reference, and item 3 follows it: the list goes on past it,
    # so it is not read at all rather than cut after item 2.
    text = (
        "本年支出90.00万元，具体情况如下：1. 基本支出50.00万元。2. 项目支出30.00万元，"
        "用于（二）所列的文化惠民工程。3. 其他支出10.00万元。"
    )
    assert _sums_read_as(text, "numbered") == []


def test_items_with_lower_level_lists_inside_keep_their_first_figure() -> None:
    text = (
        "本年财政拨款支出300.00万元，具体情况如下(按类级科目统计)：（一）一般公共服务支出"
        "（类）200.00万元。1.行政运行（项）150.00万元。2.一般行政管理事务（项）50.00万元。"
        "（二）文化旅游体育与传媒支出（类）100.00万元。七、其他"
    )
    assert _sums_read_as(text, "numbered") == [
        ("numbered", "300.00万元", ["200.00万元", "100.00万元"])
    ]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("1. 甲。2. 乙。3. 丙。", [1, 2, 3]),
        ("（一）甲（二）乙 （三）丙。四、丁", [1, 2, 3]),  # ends at the higher level
        ("①甲；②乙；③丙。①再一个", [1, 2, 3]),  # ends where the numbering starts again
        ("1.20104发展与改革事务2.5万元。2.20136其他支出1万元。", [1, 2]),  # codes after 1.
        ("1. 甲2.5万元。3. 丙。", []),  # 2.5 is a decimal, 3 follows 1: skipped
        ("甲。1. 乙。2. 丙。", []),  # the list must open the text
        ("2. 乙。3. 丙。", []),  # and start at 1
        ("1. 甲。", []),  # one item is no list
    ],
)
def test_numbered_runs(text: str, numbers: list[int]) -> None:
    assert [item.number for item in numbered_run(text, 0, len(text))] == numbers


def test_items_announced_at_a_paragraph_end_are_the_paragraphs_after_it() -> None:
    lines = (
        "二、本年支出情况\n"
        "本馆本年支出{total}万元，比上年减少3.50万元，具体情况如下：\n"
        "1. 基本支出128.40万元，主要用于在职人员工资和日常运转。\n"
        "2. 项目支出46.10万元，主要用于流动展览和公益讲座。\n"
        "三、“三公”经费支出情况\n"
        "3. 本节另起编号，不属于上面的清单。\n"
    )
    assert _sums_read_as(lines.format(total="174.50"), "numbered") == [
        ("numbered", "174.50万元", ["128.40万元", "46.10万元"])
    ]
    wrong = check(document_from_text(lines.format(total="147.50")), select=["CC101"])
    assert [f.evidence[0].text for f in wrong] == ["147.50万元"]


@pytest.mark.parametrize(
    "text",
    [
        # The main items only.
        "本年项目支出96.00万元，其中主要项目如下：（1）送戏下乡项目支出30.00万元。"
        "（2）非遗保护项目支出40.00万元。",
        # The items open with a budget under a total spent.
        "本年项目支出96.00万元，具体情况如下：（1）送戏下乡项目年初预算30.00万元，实际支出"
        "28.00万元。（2）非遗保护项目年初预算70.00万元，实际支出68.00万元。",
    ],
)
def test_main_items_and_items_of_another_metric_make_no_sum(text: str) -> None:
    assert _sums_read_as(text, "numbered") == []


NAMED = (
    "2026年，桐溪县档案馆支出预算{total}万元，其中：财政拨款支出预算{total}万元，比2025年预算增加"
    "12.00万元。\n增加的主要原因是档案数字化项目增加。\n财政拨款支出主要内容如下：\n"
    "1.“文化旅游体育与传媒支出（类）文化和旅游（款）档案馆（项）”{first}万元，主要用于馆藏档案保管。\n"
    "2.“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”"
    "36.40万元，主要用于缴纳基本养老保险。\n"
    "3.“住房保障支出（类）住房改革支出（款）住房公积金（项）”22.10万元，主要用于缴纳住房公积金。\n"
)


def test_an_opener_with_no_figure_breaks_down_the_total_it_names() -> None:
    # "财政拨款支出主要内容如下：" names the 财政拨款支出预算 two paragraphs up; 主要 makes the
    # list partial, so parts that add up to less say nothing, parts that add up to more do.
    assert _sums_read_as(NAMED.format(total="300.00", first="241.50"), "numbered-partial") == [
        ("numbered-partial", "300.00万元", ["241.50万元", "36.40万元", "22.10万元"])
    ]
    assert not check(
        document_from_text(NAMED.format(total="300.00", first="200.00")), select=["CC101"]
    )
    over = check(document_from_text(NAMED.format(total="300.00", first="641.50")), select=["CC101"])
    assert [[e.text for e in f.evidence][:2] for f in over] == [["300.00万元", "641.50万元"]]


def test_a_named_total_stated_with_two_values_is_not_guessed() -> None:
    # Last year's 财政拨款支出预算 stands just before this year's: which one the list breaks
    # down is a guess.
    text = NAMED.format(total="300.00", first="241.50").replace(
        "增加的主要原因是档案数字化项目增加。",
        "2025年财政拨款支出预算288.00万元。",
        1,
    )
    assert _sums_read_as(text, "numbered-partial") == []


def test_a_placeholder_for_a_figure_is_a_part_of_nothing() -> None:
    # "2. 经营收入/万元": the template's "/" where the figure goes says none.
    text = (
        "本年收入{total}万元，具体情况如下：1. 财政拨款收入80.00万元。2. 经营收入/万元。"
        "3. 其他收入5.00万元。4. 附属单位上缴收入—万元。"
    )
    assert _sums_read_as(text.format(total="85.00"), "numbered") == [
        ("numbered", "85.00万元", ["80.00万元", "5.00万元"])
    ]
    wrong = check(document_from_text(text.format(total="90.00")), select=["CC101"])
    assert [f.evidence[0].text for f in wrong] == ["90.00万元"]


@pytest.mark.parametrize(
    ("joiner", "found"),
    [
        # The 款 under the 类, its own 项 after 其中: a breakdown.
        (
            "其中农村社区（科目编码：2120301）18.00万元，乡镇办公（科目编码：2120302）7.00万元。",
            True,
        ),
        # "其中" names the 款's one 项 and then the 类's next 款: 21209 is not under 21203.
        (
            "其中农村社区（科目编码：2120301）25.00万元，土地整治（科目编码：21209）6.00万元。",
            False,
        ),
    ],
)
def test_a_coded_part_outside_its_totals_code_is_no_part(joiner: str, found: bool) -> None:
    text = "包括：城乡社区公共设施（科目编码：21203）25.00万元，" + joiner
    sums = [s for s in _sums_read_as(text, "opener") if s[1] == "25.00万元"]
    assert bool(sums) is found
    if not found:
        assert not check(document_from_text(text), select=["CC101"])


def test_a_qizhong_sentence_after_a_run_in_item_breaks_down_the_item() -> None:
    # "…如下：1. 基本支出a万元。其中，人员支出b万元，公用支出c万元。2. …": the 其中 opens the
    # next sentence, and the sentence before ends with item 1, not with the 本年支出 it opened.
    text = (
        "（二）本年支出420.00万元，比上年增加20.00万元，具体情况如下：1. 基本支出{basic}万元。"
        "其中，人员支出210.50万元，公用支出49.50万元。2. 项目支出160.00万元。"
    )
    assert not check(document_from_text(text.format(basic="260.00")), select=["CC101"])
    wrong = check(document_from_text(text.format(basic="296.00")), select=["CC101"])
    # 296.00 breaks both sums it is in: its own breakdown and the items of 本年支出.
    assert [[e.text for e in f.evidence] for f in wrong] == [
        ["420.00万元", "296.00万元", "160.00万元"],
        ["296.00万元", "210.50万元", "49.50万元"],
    ]
