"""Segmentation: headings, tables, paragraphs and sentences, on the seed reports and small texts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from crosscheck.segment import segment
from crosscheck.types import Block, Cell, Document, Heading, Paragraph, Segmented, Span, Table

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


@cache
def seed(prefix: str) -> Segmented:
    (path,) = CORPUS.glob(f"{prefix}_*.txt")
    text = path.read_text(encoding="utf-8")
    return segment(Document(str(path), text, "txt"))


def of(text: str) -> Segmented:
    return segment(Document("<test>", text, "string"))


def block_at(seg: Segmented, offset: int) -> Block:
    (block,) = [b for b in seg.blocks if b.span.start <= offset < b.span.end]
    return block


def block_with(seg: Segmented, needle: str, start: int = 0) -> Block:
    offset = seg.document.text.index(needle, start)
    block = block_at(seg, offset)
    assert block.span.end >= offset + len(needle), f"{needle!r} runs past its block"
    return block


def heading(seg: Segmented, title: str, number: str | None = None) -> Heading:
    (found,) = [h for h in seg.headings if h.title == title and number in (None, h.number)]
    return found


def text_of(seg: Segmented, span) -> str:
    return seg.document.text[span.start : span.end]


# --- 000: flattened table, then the narrative ----------------------------------------------


def test_000_heading_levels_and_section_path() -> None:
    seg = seed("000")
    basic = heading(seg, "基本支出")
    assert (basic.level, basic.number) == (2, "（一）")
    assert basic.section_path == ("二、部门（单位）整体支出管理及使用情况", "（一）基本支出")
    part = heading(seg, "部门（单位）整体支出管理及使用情况")
    assert (part.level, part.number, part.section_path) == (
        1,
        "二、",
        ("二、部门（单位）整体支出管理及使用情况",),
    )
    assert heading(seg, "项目支出实际使用情况分析").level == 3
    assert heading(seg, "机构情况").number == "1."


def test_000_table_holds_the_rates_and_totals() -> None:
    seg = seed("000")
    table = block_with(seg, "249%")
    assert isinstance(table, Table)
    assert table.layout == "flattened"
    assert table.caption == "2021年度部门整体支出绩效自评表"
    assert "4847.62" in [cell.raw for cell in table.cells]
    assert any(row[0].raw == "总分" for row in table.rows)
    assert block_with(seg, "偏差原因分析及改进措施") is table


def test_000_narrative_rate_is_in_a_paragraph() -> None:
    seg = seed("000")
    paragraph = block_with(seg, "项目执行率75%")
    assert isinstance(paragraph, Paragraph)
    assert paragraph.section_path[:2] == (
        "二、部门（单位）整体支出管理及使用情况",
        "（二）专项支出",
    )
    title = block_with(seg, "2021年度长沙市岳麓区医疗保障局部门整体支出预算绩效自评报告")
    assert isinstance(title, Paragraph)
    assert len(seg.tables) == 1


def test_000_multi_paragraph_cell_is_one_cell() -> None:
    seg = seed("000")
    (cell,) = [c for c in seg.tables[0].cells if c.raw.startswith("1、 精神障碍患者医疗救助")]
    assert "\n\n2、 困难居民医疗救助" in cell.raw
    assert cell.raw.endswith(
        "10、 用于确保局机关基本运行公用经费和公务接待费145.47万元，完成率100%。"
    )
    assert "完成率249%。" in cell.raw


def test_000_cells_continue_on_lines_without_tab() -> None:
    raws = [cell.raw for cell in seed("000").tables[0].cells]
    assert "资金\n来源" in raws
    assert "年度\n指标值" in raws
    assert "2021年我区19家困难企业，参保总人数651人，共计划拨0万\n元" in raws
    text = seed("000").document.text
    for cell in seed("000").tables[0].cells:
        assert text[cell.span.start : cell.span.end] == cell.raw
        assert not cell.raw[:1].isspace() and not cell.raw[-1:].isspace()


def test_000_rows_and_columns_count_from_zero_in_order() -> None:
    table = seed("000").tables[0]
    assert table.rows[0][0].raw == "部门职责"
    for r, row in enumerate(table.rows):
        assert [(c.row, c.col) for c in row] == [(r, k) for k in range(len(row))]
    starts = [c.span.start for c in table.cells]
    assert starts == sorted(starts)


# --- 001: narrative first, then three flattened tables with titles between ------------------


def test_001_tables_and_captions() -> None:
    seg = seed("001")
    assert [(t.layout, t.caption) for t in seg.tables] == [
        ("flattened", "部门整体支出绩效评价基础数据表"),
        ("flattened", "整体支出绩效自评表"),
        ("flattened", "项目支出绩效自评表"),
    ]
    assert block_with(seg, "财政供养人员情况") is seg.tables[0]
    assert block_with(seg, "94.5") is seg.tables[1]
    for note in (
        "说明：“项目支出”",
        "填表人：        填报日期： 2024年7月30  日",
        " 整体支出绩效自评表",
    ):
        assert isinstance(block_with(seg, note), Paragraph)


def test_001_narrative_score_is_in_a_paragraph() -> None:
    seg = seed("001")
    paragraph = block_with(seg, "得分为97分")
    assert isinstance(paragraph, Paragraph)
    assert paragraph.section_path[0] == "六、部门整体支出绩效情况"


def test_001_short_item_among_long_siblings_is_an_item() -> None:
    seg = seed("001")
    item = block_with(seg, "（九）完成区委、区政府交办的其他任务。")
    assert isinstance(item, Paragraph)
    assert item.list_marker == "（九）"
    assert heading(seg, "人员编制情况").number == "（2）"


# --- 002 / 003: narrative, page wraps ----------------------------------------------------


def test_002_statement_with_quantities_is_a_list_item() -> None:
    seg = seed("002")
    item = block_with(seg, "②住院及门诊救助 4106人次;")
    assert isinstance(item, Paragraph) and item.list_marker == "②"
    assert heading(seg, "项目基本情况", "一、").section_path == ("一、项目基本情况",)


@pytest.mark.parametrize(
    "wrapped",
    [
        "占比\n\n1.78%；",
        "占\n\n比 70.62%",
        "严格执行专项资金使用制度和财务\n\n制度，",
        "和目\n\n标，",
    ],
)
def test_003_page_wraps_are_joined_into_one_sentence(wrapped: str) -> None:
    seg = seed("003")
    paragraph = block_with(seg, wrapped)
    assert isinstance(paragraph, Paragraph)
    offset = seg.document.text.index(wrapped)
    (sentence,) = [s for s in paragraph.sentences if s.start <= offset < s.end]
    assert sentence.end >= offset + len(wrapped)


def test_003_headings_are_not_joined_to_their_body() -> None:
    seg = seed("003")
    assert heading(seg, "部门基本情况").number == "(一)"
    assert heading(seg, "项目管理情况分析").section_path == (
        "三、部门项目组织实施情况",
        "（二）项目管理情况分析",
    )


# --- 004: Markdown headings, table of contents, TAB template --------------------------------


def test_004_markdown_headings() -> None:
    seg = seed("004")
    part = heading(seg, "第一部分 部门概况")
    assert (part.level, part.number, part.section_path) == (0, "#", ("第一部分 部门概况",))
    duties = heading(seg, "一、基本职能及主要工作")
    assert (duties.level, duties.number) == (1, "##")
    assert duties.section_path == ("第一部分 部门概况", "一、基本职能及主要工作")
    assert heading(seg, "（一）主要职能").level == 2
    bold = heading(seg, "六、一般公共预算财政拨款基本支出决算情况说明")
    assert "**" not in "".join(bold.section_path)
    assert bold.section_path[0] == "第二部分 2021 年度部门决算情况说明"


def test_004_table_of_contents() -> None:
    seg = seed("004")
    toc = block_with(seg, "第一部分 部门概况\t4")
    assert isinstance(toc, Table) and toc.layout == "toc"
    assert block_with(seg, "十四、国有资本经营预算财政拨款支出决算表.....\t33") is toc
    assert ["五、财政拨款支出决算明细表", "33"] in [[c.raw for c in row] for row in toc.rows]
    assert toc.section_path == ("目录",)


def test_004_tab_template_is_a_tsv_table() -> None:
    seg = seed("004")
    template = block_with(seg, "主管部门及代码")
    assert isinstance(template, Table) and template.layout == "tsv"
    assert block_with(seg, "可持续影响 指标") is template
    assert template.rows[0][0].raw == "主管部门及代码" and template.rows[0][4].raw == "实施单位"
    assert template.caption == "2021 年 100 万元以上（含）特定目标类部门预算项目绩效目标自评"


def test_004_bold_numbered_statement_is_an_item() -> None:
    item = block_with(seed("004"), "**1. 党史学习教育成绩显著。**")
    assert isinstance(item, Paragraph) and item.list_marker == "1."


# --- small texts ---------------------------------------------------------------------------


def test_empty_text_gives_no_blocks() -> None:
    assert of("").blocks == ()
    assert of("\n \n\t\n\r\n").blocks == ()


def test_pipe_table() -> None:
    seg = of("说明如下。\n项目 | 预算数 | 执行数\n基本支出 | 449.64 | 449.64\n")
    (table,) = seg.tables
    assert table.layout == "pipe"
    assert [[c.raw for c in row] for row in table.rows] == [
        ["项目", "预算数", "执行数"],
        ["基本支出", "449.64", "449.64"],
    ]


def test_pipe_rows_ending_with_a_bar_keep_their_empty_last_cell() -> None:
    # No leading bar: a trailing one opens an empty 备注 cell when the header says so…
    seg = of("项目 | 预算数 | 备注\n差旅费 | 5.00 | \n会议费 | 3.00 | 压减\n")
    (table,) = seg.tables
    assert [[c.raw for c in row] for row in table.rows] == [
        ["项目", "预算数", "备注"],
        ["差旅费", "5.00", ""],
        ["会议费", "3.00", "压减"],
    ]
    # … and closes the row when the row is full without it.
    seg = of("项目 | 预算数 |\n差旅费 | 5.00 |\n")
    assert [[c.raw for c in row] for row in seg.tables[0].rows] == [
        ["项目", "预算数"],
        ["差旅费", "5.00"],
    ]


def test_markdown_table_skips_the_separator_row() -> None:
    text = "## 一、收入\n\n| 项目 | 金额 |\n|:---|---:|\n| 合计 | 453.90 |\n\n正文。"
    seg = of(text)
    (table,) = seg.tables
    assert [[c.raw for c in row] for row in table.rows] == [["项目", "金额"], ["合计", "453.90"]]
    assert table.section_path == ("一、收入",)
    cell = table.rows[1][1]
    assert text[cell.span.start : cell.span.end] == "453.90" and (cell.row, cell.col) == (1, 1)


def _bar_lines(*cells: str) -> str:
    """One cell a line, each ending with a bar; an empty cell is a lone bar."""
    return "".join(f"{c} |\n" if c else "|\n" for c in cells)


def test_bar_per_line_table_takes_its_width_from_the_header_words() -> None:
    text = "单位:万元\n" + _bar_lines(
        "项 目", "预 算 数", "决 算 数", "合 计", "5", "4.2", "差旅费", "", "", "会议费", "5", "4.2"
    )
    seg = of(text)
    (table,) = seg.tables
    assert table.layout == "bar"
    # 合计 is a header word too, but a width of 4 would put 5 under a label column.
    assert [[c.raw for c in row] for row in table.rows] == [
        ["项 目", "预 算 数", "决 算 数"],
        ["合 计", "5", "4.2"],
        ["差旅费", "", ""],
        ["会议费", "5", "4.2"],
    ]
    cell = table.rows[3][2]
    assert text_of(seg, cell.span) == "4.2" and (cell.row, cell.col) == (3, 2)


def test_bar_per_line_table_ends_where_its_rows_end() -> None:
    text = (
        _bar_lines("项目", "预算数", "决算数", "合计", "5", "4.2") + "二、情况说明\n支出4.2万元。\n"
    )
    seg = of(text)
    (table,) = seg.tables
    assert len(table.rows) == 2
    assert isinstance(block_with(seg, "支出4.2万元"), Paragraph)


def test_bar_per_line_tables_back_to_back() -> None:
    text = _bar_lines("项目", "预算数", "合计", "5", "一级指标", "三级指标", "分值", "得分")
    text += _bar_lines("产出指标", "培训人数", "50", "48")
    seg = of(text)
    assert [len(t.rows) for t in seg.tables] == [2, 2]
    assert [c.raw for c in seg.tables[1].rows[1]] == ["产出指标", "培训人数", "50", "48"]


@pytest.mark.parametrize(
    "cells",
    [
        # merged label cells dropped: the rows have 3 and 2 cells, no width fits them all
        ("项目", "预算数", "决算数", "合计", "5", "4.2", "其中：差旅费", "2"),
        # no header words first: a key-value form, not a grid
        ("项目名称", "某补助资金项目", "主管部门", "某局"),
        # no numeric column to check the cut against
        ("一级指标", "二级指标", "三级指标", "产出指标", "数量指标", "培训人数"),
        # a number under the label column
        ("项目", "预算数", "5", "合计"),
        # only a total label (合计) may be the first row's label rather than the last header
        ("项目", "预算数", "决算数", "执行率", "10", "9"),
    ],
)
def test_bar_lines_that_do_not_fit_a_grid_stay_text(cells: tuple[str, ...]) -> None:
    assert of(_bar_lines(*cells)).tables == ()


def test_adjacent_tab_lines_are_one_table() -> None:
    seg = of("前言。\n项目\t预算数\t执行数\n合计\t100\t99\n\n后记。")
    (table,) = seg.tables
    assert table.layout == "tsv" and len(table.rows) == 2
    assert [c.raw for c in table.rows[1]] == ["合计", "100", "99"]


def test_dot_leader_contents_without_tabs() -> None:
    (table,) = of("目录\n第一章 总则......3\n第二章 细则……5\n").tables
    assert table.layout == "toc"
    assert [[c.raw for c in row] for row in table.rows] == [
        ["第一章 总则", "3"],
        ["第二章 细则", "5"],
    ]


def test_crlf_line_ends_stay_out_of_spans() -> None:
    text = "一、概况\r\n本年收入355.27万元。支出364.09万元。\r\n\r\n\t项目\r\n\t金额\r\n\r\n\t合计\r\n\t100\r\n"
    seg = of(text)
    assert [type(b).__name__ for b in seg.blocks] == ["Heading", "Paragraph", "Table"]
    assert seg.headings[0].title == "概况"
    sentences = [text_of(seg, s) for s in seg.paragraphs[0].sentences]
    assert sentences == ["本年收入355.27万元。", "支出364.09万元。"]
    table = seg.tables[0]
    assert [[c.raw for c in row] for row in table.rows] == [["项目", "金额"], ["合计", "100"]]
    assert "\r" not in text_of(seg, table.span)[-1:]
    for block in seg.blocks:
        assert not text_of(seg, block.span).endswith("\r")


def test_sentences_split_at_full_and_half_width_stops() -> None:
    text = "甲完成。乙完成！丙？丁；戊; 己! “庚。”最后一句"
    (paragraph,) = of(text).paragraphs
    assert [text[s.start : s.end] for s in paragraph.sentences] == [
        "甲完成。",
        "乙完成！",
        "丙？",
        "丁；",
        "戊;",
        "己!",
        "“庚。”",
        "最后一句",
    ]


def test_single_line_breaks_end_sentences_unless_wrapped() -> None:
    text = "岳麓区医疗保障局\n2022年城乡医疗救助项目自评报告\n根据通知要求，现将有关情况报告如下："
    (paragraph,) = of(text).paragraphs
    assert [text[s.start : s.end] for s in paragraph.sentences] == text.split("\n")
    wrapped = "全局2024年总支出1242.67万元，其中基本支出842.12万元，占\n总支出的67.77%。"
    (paragraph,) = of(wrapped).paragraphs
    assert [wrapped[s.start : s.end] for s in paragraph.sentences] == [wrapped]


def test_numbering_levels() -> None:
    text = "第一部分 概况\n一、基本情况\n（一）机构\n1.编制\n（1）人员\n①在职\n(2) 退休\n"
    levels = [(h.number, h.level) for h in of(text).headings]
    assert levels == [
        ("第一部分", 0),
        ("一、", 1),
        ("（一）", 2),
        ("1.", 3),
        ("（1）", 4),
        ("①", 5),
        ("(2)", 4),
    ]
    assert of(text).headings[-1].section_path == (
        "第一部分 概况",
        "一、基本情况",
        "（一）机构",
        "1.编制",
        "(2)退休",
    )


@pytest.mark.parametrize(
    "line",
    [
        "1、部门资金情况总分10分，得分10分。年度资金金额355.27万元，执行率为100%。",
        "2、产出指标总分为50分，得分47分。",
        "（二）效率性分析：本部门按年初确定的工作思路和目标开展工作",
        "（3） 时效指标1个已完成指标值。参保工作按时办结100%。",
        "②住院及门诊救助 4106人次;",
    ],
)
def test_statements_are_list_items_not_headings(line: str) -> None:
    seg = of(f"二、绩效情况\n{line}\n")
    assert [h.title for h in seg.headings] == ["绩效情况"]
    (item,) = seg.paragraphs
    assert item.list_marker is not None
    assert item.section_path == ("二、绩效情况",)


def test_colon_introduces_a_list() -> None:
    seg = of("报告应包括以下附件：\n1.部门整体支出绩效评价基础数据表\n2.部门整体支出绩效自评表\n")
    assert seg.headings == ()
    assert [p.list_marker for p in seg.paragraphs] == [None, "1.", "2."]


def test_bold_markers_do_not_hide_a_heading() -> None:
    text = "## **六、基本支出决算情况说明**\n\n**（一）机关运行经费**\n\n正文。"
    seg = of(text)
    assert [(h.level, h.title) for h in seg.headings] == [
        (1, "六、基本支出决算情况说明"),
        (2, "机关运行经费"),
    ]
    assert seg.paragraphs[0].section_path == ("六、基本支出决算情况说明", "（一）机关运行经费")


def test_flattened_table_ends_before_narrative() -> None:
    text = (
        "\t项目\n\t金额\n\n\t合计\n\t100\n\n二、部门整体支出管理及使用情况\n\n本年支出100万元。\n"
    )
    seg = of(text)
    assert [type(b).__name__ for b in seg.blocks] == ["Table", "Heading", "Paragraph"]
    assert len(seg.tables[0].rows) == 2


def test_flattened_cell_paragraphs_between_rows_stay_in_the_table() -> None:
    text = (
        "\t目标\n\t完成情况\n\n\t\n\t1、 甲项目：支付10万元，完成率50%。\n\n"
        "2、 乙项目：支付20万元，完成率100%。\n\t一级指标\n\t得分\n\n\t总分\n\t100\n\n\n\n报告正文。\n"
    )
    seg = of(text)
    (table,) = seg.tables
    (cell,) = [c for c in table.cells if c.raw.startswith("1、")]
    assert cell.raw.endswith("完成率100%。")
    assert isinstance(block_with(seg, "报告正文"), Paragraph)


def _flattened(*rows: tuple[str, ...]) -> str:
    """Seed 000's flattening: a cell a line after a TAB, rows split by blank lines."""
    return "\n\n".join("\n".join(f"\t{c}" for c in row) for row in rows)


_SCORE_ROWS = (
    ("一级指标", "三级指标", "分值", "得分"),
    ("产出指标", "培训人数", "50", "48"),
    ("效益指标", "群众知晓率", "50", "48"),
)


@pytest.mark.parametrize(
    "last_row",
    [
        ("总分", "100", "96"),  # a number cannot go on with a sentence
        ("满意度指标", "满意度", "0", "合格"),  # a short cell closing a full-width row
    ],
)
def test_prose_right_under_a_flattened_table_ends_it(last_row: tuple[str, ...]) -> None:
    text = _flattened(*_SCORE_ROWS, last_row) + "\n经自评，该项目自评得分为96分，等级为优。\n"
    seg = of(text)
    (table,) = seg.tables
    assert [c.raw for c in table.rows[-1]] == list(last_row)
    assert isinstance(block_with(seg, "经自评"), Paragraph)


@pytest.mark.parametrize(
    ("last_row", "line"),
    [
        # a cell holding sentences goes on with the next item
        (("1、 救助资金：实际支付300万元，完成率90%。",), "2、 医疗救助：支付50万元，完成率100%。"),
        # a short cell of a row that is not complete yet: the line is that cell's text
        (("目标",), "在本年度收支预算内，确保完成以下整体目标："),
        # not prose: a wrapped label
        (("年度总",), "体目标"),
        # a lone TAB closing a full row: the cell's text may start on the line under it
        (("满意度指标", "满意度", "0", ""), "1、 救助资金：实际支付300万元。"),
        # a bracketed remark under a number belongs to its cell
        (("总分", "100", "96"), "（按调整后预算计算，含上年结转资金。）"),
    ],
)
def test_lines_under_a_cell_that_can_hold_them_stay_in_it(
    last_row: tuple[str, ...], line: str
) -> None:
    seg = of(_flattened(*_SCORE_ROWS, last_row) + f"\n{line}\n")
    (table,) = seg.tables
    assert table.rows[-1][-1].raw.endswith(line)
    assert seg.paragraphs == ()


# --- properties over every corpus file -----------------------------------------------------


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_spans_are_valid_ordered_and_disjoint(path: Path) -> None:
    seg = seed(path.name[:3])
    n = len(seg.document.text)
    previous_end = 0
    for block in seg.blocks:
        assert 0 <= block.span.start <= block.span.end <= n
        assert block.span.start >= previous_end, f"overlap or disorder at {block.span}"
        previous_end = block.span.end
        if isinstance(block, Table):
            for cell in block.cells:
                assert block.span.contains(cell.span)
                assert seg.document.text[cell.span.start : cell.span.end] == cell.raw
        if isinstance(block, Paragraph):
            assert block.sentences
            for sentence in block.sentences:
                assert block.span.contains(sentence)
                body = seg.document.text[sentence.start : sentence.end]
                assert body and body == body.strip()


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name[:3])
def test_every_non_blank_line_is_in_exactly_one_block(path: Path) -> None:
    seg = seed(path.name[:3])
    text = seg.document.text
    spans = [b.span for b in seg.blocks]
    pos = 0
    for line in text.split("\n"):
        body = line.strip()
        if body:
            lo = pos + line.index(body[0])
            hi = lo + len(body)
            owners = [s for s in spans if s.start <= lo and hi <= s.end]
            assert len(owners) == 1, f"line {text.count(chr(10), 0, pos) + 1}: {body[:30]!r}"
        pos += len(line) + 1


def test_text_is_never_changed() -> None:
    for path in CORPUS_FILES:
        assert seed(path.name[:3]).document.text == path.read_text(encoding="utf-8")


def test_markdown_title_starting_with_hashes_does_not_recurse() -> None:
    seg = of("# " * 5000 + "标题\n## - 附表\n")
    assert [h.level for h in seg.headings] == [0, 1]


def test_unheading_like_part_line_is_plain_text() -> None:
    seg = of("第三章规定，医疗救助资金实行专户管理，专款专用，任何单位不得挤占挪用。\n")
    (paragraph,) = seg.paragraphs
    assert paragraph.list_marker is None and seg.headings == ()


def test_stray_tab_lines_are_not_a_table() -> None:
    seg = of("正文一。\n\t\n\t\u3000\n\n正文二。\n")
    assert seg.tables == ()
    assert [len(p.sentences) for p in seg.paragraphs] == [1, 1]


def test_figure_captions_and_titles_are_not_wrapped_into() -> None:
    text = "2021年本年收入合计453.90万元，其中一般公共预算财政拨款收入\n\n(图 2：收入决算结构图) (饼状图)"
    seg = of(text)
    assert len(seg.paragraphs) == 2


def test_reader_tables_are_taken_as_they_are() -> None:
    text = "一、收支情况\n\n\t项目\n\t金额\n\n\t合计\n\t453.90\n\n本年收入453.90万元。\n"
    cells = []
    for row, (label, value) in enumerate([("项目", "金额"), ("合计", "453.90")]):
        a, b = text.index("\t" + label) + 1, text.index("\t" + value) + 1
        cells.append(
            (
                Cell(Span(a, a + len(label)), row, 0, label, col_span=1),
                Cell(Span(b, b + len(value)), row, 1, value),
            )
        )
    start = text.index("\t项目")
    known = Table(Span(start, text.index("\n\n本年")), (), "docx", tuple(cells), "收支表")
    seg = segment(Document("x.docx", text, "docx", tables=(known,)))
    assert [type(b).__name__ for b in seg.blocks] == ["Heading", "Table", "Paragraph"]
    (table,) = seg.tables
    assert (table.layout, table.caption, table.rows, table.span) == (
        "docx",
        "收支表",
        known.rows,
        known.span,
    )
    assert table.section_path == ("一、收支情况",)


# --- a page saved on one line: paragraphs and headings parted by spaces only -----------

_FLAT_PAGE = (
    "关于2025年西岭县财政决算情况的报告\n"
    "主任、各位委员： 受县政府委托，现报告2025年全县财政决算情况，请审议。 "
    "一、全县财政收支决算 （一）全县一般公共预算收支决算 "
    "全县一般公共预算收入决算合计386,420万元，包括： 地方一般公共预算收入128,306万元，"
    "完成年度预算的102.3%； 上级补助收入206,114万元。 "
    "二、县本级财政收支决算 （一）县本级一般公共预算收支决算 "
    "县本级一般公共预算收入决算合计352,118万元，比上年增加4,220万元。 "
    "三、2025年财政主要工作 全年压减一般性支出3,160万元，集中财力保障民生，"
    "重点支出保障有力，基层运转平稳。\n"
)


def test_a_page_saved_on_one_line_is_read_as_its_paragraphs_and_headings() -> None:
    seg = of(_FLAT_PAGE)
    titles = [(h.level, h.title) for h in seg.headings]
    assert titles == [
        (1, "全县财政收支决算"),
        (2, "全县一般公共预算收支决算"),
        (1, "县本级财政收支决算"),
        (2, "县本级一般公共预算收支决算"),
        (1, "2025年财政主要工作"),  # 三、 before a year's digits is a heading number too
    ]
    # A ： before a space opens a list: its parts stay in the sentence that announces them.
    listed = block_with(seg, "包括： 地方一般公共预算收入128,306万元")
    assert isinstance(listed, Paragraph)
    assert listed.section_path[-1] == "（一）全县一般公共预算收支决算"
    later = block_with(seg, "县本级一般公共预算收入决算合计352,118万元")
    assert later.section_path[0] == "二、县本级财政收支决算"
    # The text is not changed: every span still indexes it.
    assert seg.document.text == _FLAT_PAGE
    assert text_of(seg, later.span).startswith("县本级一般公共预算收入决算合计")


def test_a_long_line_with_spaces_after_commas_only_stays_one_paragraph() -> None:
    # Spaces after ， (a typing habit) and inside a title are no line breaks.
    line = "本年度共开展巡查" + "，对辖区内 重点单位开展检查，督促整改隐患问题" * 30 + "。\n"
    seg = of(line)
    assert len(seg.paragraphs) == 1
    assert not seg.headings
