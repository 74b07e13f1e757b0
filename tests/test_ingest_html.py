"""crosscheck.ingest.html: pages -> the text view, encodings, rowspan/colspan grids, bad files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

pytest.importorskip("lxml")

import crosscheck
import crosscheck.ingest.html as html
from crosscheck.cli import main
from crosscheck.errors import InputError, MissingExtraError
from crosscheck.ingest import load
from crosscheck.ingest.textview import CellContent
from crosscheck.types import Document, Table

TITLE = "2021年度部门整体支出绩效自评表"

SELF_ASSESSMENT_TABLE = """
<table border="1" cellspacing="0">
  <tr><th colspan="2">项目</th><th>年初预算数</th><th>全年预算数</th><th>执行率</th>
      <th>分值</th><th>得分</th></tr>
  <tr><td rowspan="3">年度资金总额</td><td>合计</td><td>4847.62</td><td>5514.89</td>
      <td>114%</td><td>10</td><td>10</td></tr>
  <tr><td>财政拨款</td><td>4000.5</td><td>4614.89</td><td>105%</td><td></td><td></td></tr>
  <tr><td>其他资金</td><td>847.12</td><td>900</td><td>50%</td><td></td><td></td></tr>
  <tr><td rowspan="3"><p class="MsoNormal"><span>产出指标</span></p></td><td>数量指标</td>
      <td>培训人次</td><td>≥500人次</td><td>520<span>人次</span></td><td>20</td><td>18</td></tr>
  <tr><td>质量指标</td><td>合格率</td><td>≥95%</td><td>98%</td><td>20</td><td>20</td></tr>
  <tr><td>时效指标</td><td>完成时间</td><td>12月底前</td><td>按时</td><td>10</td><td>10</td></tr>
  <tr><td colspan="5">总分</td><td>100</td><td>100</td></tr>
</table>
"""

PAGE = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>页面标题不是正文</title>
<style>p {{ font-size: 16px; }}</style>
<script>var budget = "9999.99万元";</script>
</head>
<body>
<h1>某区卫生健康局2021年度部门整体支出绩效自评报告</h1>
<p>　　一、部门基本情况</p>
<p>2021年度部门资金总额<b>4847.62</b>万元，全年预算
数5514.89万元，执行率114%。&nbsp;&nbsp;其中：财政拨款4000.5万元。</p>
<div style="display:none">隐藏的草稿 8888万元</div>
<noscript>请启用脚本 7777万元</noscript>
<p>{TITLE}</p>
<p>单位：万元</p>
{SELF_ASSESSMENT_TABLE}
<p>二、绩效目标完成情况</p>
<ul><li>培训520人次</li><li>合格率98%</li></ul>
<script>document.write("6666万元");</script>
</body>
</html>
"""


def cells_by_position(table: Table) -> dict[tuple[int, int], tuple[str, int, int]]:
    return {(c.row, c.col): (c.raw, c.row_span, c.col_span) for c in table.cells}


def assert_spans_index_text(doc: Document) -> None:
    for table in doc.tables:
        for cell in table.cells:
            assert doc.text[cell.span.start : cell.span.end] == cell.raw


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def gbk_page(tmp_path: Path) -> Path:
    return write(tmp_path, "report.html", PAGE.encode("gbk"))


# --- the page ------------------------------------------------------------------------


def test_gbk_page_with_meta_charset(gbk_page: Path) -> None:
    doc = load(gbk_page)
    assert (doc.source_kind, doc.encoding) == ("html", "gb18030")
    assert "某区卫生健康局2021年度部门整体支出绩效自评报告" in doc.text


def test_paragraphs_and_table_in_document_order(gbk_page: Path) -> None:
    doc = load(gbk_page)
    (table,) = doc.tables
    assert doc.text[: table.span.start] == (
        "某区卫生健康局2021年度部门整体支出绩效自评报告\n"
        "一、部门基本情况\n"
        # The source line break between 预算 and 数 is dropped (both are Chinese);
        # &nbsp;&nbsp; is one space.
        "2021年度部门资金总额4847.62万元，全年预算数5514.89万元，执行率114%。 其中：财政拨款4000.5万元。\n"
        f"{TITLE}\n"
        "单位：万元\n\n"
    )
    assert doc.text[table.span.end :] == "\n\n二、绩效目标完成情况\n培训520人次\n合格率98%\n"


def test_script_style_head_and_hidden_text_are_ignored(gbk_page: Path) -> None:
    text = load(gbk_page).text
    for absent in ("9999.99", "8888", "7777", "6666", "页面标题", "font-size"):
        assert absent not in text


def test_self_assessment_table_grid(gbk_page: Path) -> None:
    doc = load(gbk_page)
    (table,) = doc.tables
    assert (table.layout, table.caption, table.sheet) == ("html", TITLE, None)
    assert cells_by_position(table) == {
        (0, 0): ("项目", 1, 2),
        (0, 2): ("年初预算数", 1, 1),
        (0, 3): ("全年预算数", 1, 1),
        (0, 4): ("执行率", 1, 1),
        (0, 5): ("分值", 1, 1),
        (0, 6): ("得分", 1, 1),
        (1, 0): ("年度资金总额", 3, 1),
        (1, 1): ("合计", 1, 1),
        (1, 2): ("4847.62", 1, 1),
        (1, 3): ("5514.89", 1, 1),
        (1, 4): ("114%", 1, 1),
        (1, 5): ("10", 1, 1),
        (1, 6): ("10", 1, 1),
        (2, 1): ("财政拨款", 1, 1),
        (2, 2): ("4000.5", 1, 1),
        (2, 3): ("4614.89", 1, 1),
        (2, 4): ("105%", 1, 1),
        (2, 5): ("", 1, 1),
        (2, 6): ("", 1, 1),
        (3, 1): ("其他资金", 1, 1),
        (3, 2): ("847.12", 1, 1),
        (3, 3): ("900", 1, 1),
        (3, 4): ("50%", 1, 1),
        (3, 5): ("", 1, 1),
        (3, 6): ("", 1, 1),
        (4, 0): ("产出指标", 3, 1),
        (4, 1): ("数量指标", 1, 1),
        (4, 2): ("培训人次", 1, 1),
        (4, 3): ("≥500人次", 1, 1),
        (4, 4): ("520人次", 1, 1),
        (4, 5): ("20", 1, 1),
        (4, 6): ("18", 1, 1),
        (5, 1): ("质量指标", 1, 1),
        (5, 2): ("合格率", 1, 1),
        (5, 3): ("≥95%", 1, 1),
        (5, 4): ("98%", 1, 1),
        (5, 5): ("20", 1, 1),
        (5, 6): ("20", 1, 1),
        (6, 1): ("时效指标", 1, 1),
        (6, 2): ("完成时间", 1, 1),
        (6, 3): ("12月底前", 1, 1),
        (6, 4): ("按时", 1, 1),
        (6, 5): ("10", 1, 1),
        (6, 6): ("10", 1, 1),
        (7, 0): ("总分", 1, 5),
        (7, 5): ("100", 1, 1),
        (7, 6): ("100", 1, 1),
    }
    assert_spans_index_text(doc)


def test_text_command_prints_the_text_view(gbk_page: Path, capsys) -> None:
    code = main(["text", str(gbk_page)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    assert out == load(gbk_page).text
    assert "\t年度资金总额\n\t合计\n\t4847.62\n\t5514.89\n\t114%\n\t10\n\t10\n" in out


def test_extract_finds_an_amount_in_a_paragraph(gbk_page: Path) -> None:
    doc = load(gbk_page)
    mentions = crosscheck.extract(gbk_page)
    narrative = [m for m in mentions if m.role == "narrative"]
    amounts = {doc.text[m.span.start : m.span.end] for m in narrative}
    assert "4847.62万元" in amounts
    assert any(m.role == "table" and m.quantity.surface == "114%" for m in mentions)


# --- tables --------------------------------------------------------------------------


def test_caption_element_is_written_and_used(tmp_path: Path) -> None:
    page = "<table><caption>表1 项目支出表</caption><tr><td>a</td><td>1</td></tr></table>"
    doc = load(write(tmp_path, "c.html", page))
    assert doc.text.startswith("表1 项目支出表\n\n\ta\n")
    assert doc.tables[0].caption == "表1 项目支出表"


def test_full_width_title_row_becomes_a_paragraph_and_the_caption(tmp_path: Path) -> None:
    page = f"""<table>
      <tr><td colspan="3">{TITLE}</td></tr>
      <tr><td>项目</td><td>预算数</td><td>执行数</td></tr>
      <tr><td>合计</td><td>5514.89</td><td>4847.62</td></tr>
      <tr><td colspan="3">说明：数据来源于决算</td></tr></table>"""
    doc = load(write(tmp_path, "t.html", page))
    (table,) = doc.tables
    assert table.caption == TITLE
    assert doc.text.startswith(f"{TITLE}\n\n\t项目\n")
    assert doc.text.endswith("\t4847.62\n\n说明：数据来源于决算\n")
    assert [c.raw for c in table.cells] == [
        "项目",
        "预算数",
        "执行数",
        "合计",
        "5514.89",
        "4847.62",
    ]


def test_nested_table_is_written_after_the_outer_one(tmp_path: Path) -> None:
    page = """<table>
      <tr><td>指标</td><td>明细</td></tr>
      <tr><td>项目数</td><td>见下表<table><tr><td>甲</td><td>3个</td></tr></table></td></tr>
    </table><p>后文</p>"""
    doc = load(write(tmp_path, "n.html", page))
    outer, inner = doc.tables
    assert [c.raw for c in outer.cells] == ["指标", "明细", "项目数", "见下表"]
    assert [c.raw for c in inner.cells] == ["甲", "3个"]
    assert outer.span.end < inner.span.start
    assert doc.text.endswith("\t3个\n\n后文\n")
    assert_spans_index_text(doc)


def test_layout_table_around_the_article_is_read_as_text(tmp_path: Path) -> None:
    article = "<p>一、部门基本情况</p><p>" + "本部门全年支出4847.62万元。" * 20 + "</p>"
    data = "<table><tr><td>项目</td><td>金额</td></tr><tr><td>合计</td><td>1</td></tr></table>"
    page = f"<table><tr><td>首页 | 通知公告</td><td>{article}{data}</td></tr></table>"
    doc = load(write(tmp_path, "layout.html", page))
    (table,) = doc.tables
    assert [c.raw for c in table.cells] == ["项目", "金额", "合计", "1"]
    assert doc.text.startswith("首页 | 通知公告\n一、部门基本情况\n本部门全年支出")


def test_single_cell_frame_table_is_read_as_text(tmp_path: Path) -> None:
    page = "<table><tr><td><p>第一段。</p><p>第二段4847.62万元。</p></td></tr></table>"
    doc = load(write(tmp_path, "frame.html", page))
    assert doc.tables == ()
    assert doc.text == "第一段。\n第二段4847.62万元。\n"


def raw(text: str, rowspan: int = 1, colspan: int = 1) -> tuple[str, int, int, list]:
    return (text, rowspan, colspan, [])


def test_rows_to_grid_expands_spans() -> None:
    rows = [
        [raw("a", rowspan=2), raw("b", colspan=2)],
        [raw("c"), raw("d")],
        [raw("e", colspan=3)],
    ]
    assert html.rows_to_grid(rows) == [
        [CellContent("a", 2, 1), CellContent("b", 1, 2), None],
        [None, CellContent("c"), CellContent("d")],
        [CellContent("e", 1, 3), None, None],
    ]


def test_rows_to_grid_cuts_overlapping_spans_and_fills_short_rows() -> None:
    rows = [
        [raw("a"), raw("b", rowspan=2), raw("x")],
        [raw("c", colspan=3)],  # would run into b: cut to one column
        [raw("d", rowspan=0)],  # 0 = to the last row
        [],
    ]
    assert html.rows_to_grid(rows) == [
        [CellContent("a"), CellContent("b", 2, 1), CellContent("x")],
        [CellContent("c"), None, CellContent("")],
        [CellContent("d", 2, 1), CellContent(""), CellContent("")],
        [None, CellContent(""), CellContent("")],
    ]


def test_garbage_span_attributes_count_as_one(tmp_path: Path) -> None:
    page = '<table><tr><td rowspan="x" colspan="-2">a</td><td colspan="2.5">b</td></tr></table>'
    (table,) = load(write(tmp_path, "g.html", page)).tables
    assert cells_by_position(table) == {(0, 0): ("a", 1, 1), (0, 1): ("b", 1, 2)}


def test_huge_table_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(html, "MAX_TABLE_POSITIONS", 100)
    page = "<table>" + '<tr><td colspan="20">a</td><td>b</td></tr>' * 10 + "</table>"
    with pytest.raises(InputError, match="too large"):
        load(write(tmp_path, "big.html", page))


# --- text and encodings --------------------------------------------------------------

SNIPPET = "<p>专项资金已拨付4847.62万元，执行率为95%。</p>"
SNIPPET_TEXT = "专项资金已拨付4847.62万元，执行率为95%。\n"


@pytest.mark.parametrize(
    ("name", "data", "encoding"),
    [
        ("utf8-no-declaration", SNIPPET.encode("utf-8"), "utf-8"),
        ("gbk-no-declaration", SNIPPET.encode("gbk"), "gb18030"),
        ("gb2312-meta", ('<meta charset="gb2312">' + SNIPPET).encode("gb2312"), "gb18030"),
        ("utf8-bom", ("<meta charset=gbk>" + SNIPPET).encode("utf-8-sig"), "utf-8-sig"),
        ("utf16-bom", b"\xff\xfe" + SNIPPET.encode("utf-16-le"), "utf-16"),
        ("xml-declaration", ('<?xml version="1.0" encoding="GBK"?>' + SNIPPET).encode("gbk"), "gb18030"),
        # Labels that do not fit the bytes: the detection decides.
        ("gbk-labelled-utf8", ('<meta charset="gbk">' + SNIPPET).encode("utf-8"), "utf-8"),
        ("utf8-labelled-gbk", ('<meta charset="utf-8">' + SNIPPET).encode("gbk"), "gb18030"),
        ("latin1-labelled-utf8", ('<meta charset="iso-8859-1">' + SNIPPET).encode(), "utf-8"),
    ],
)  # fmt: skip
def test_encodings(tmp_path: Path, name: str, data: bytes, encoding: str) -> None:
    doc = load(write(tmp_path, f"{name}.html", data))
    assert (doc.text, doc.encoding) == (SNIPPET_TEXT, encoding)


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ("执行\n    率", "执行率"),  # a source line break inside Chinese text is no space
        ("4847.62\n万元", "4847.62 万元"),
        ("支出&nbsp;&nbsp;4847.62", "支出 4847.62"),
        ("A  \t B", "A B"),
        ("\u3000\u3000一、总体情况", "一、总体情况"),
        ("合计\u3000100", "合计\u3000100"),
    ],
)
def test_whitespace_inside_a_paragraph(tmp_path: Path, source: str, text: str) -> None:
    doc = load(write(tmp_path, "w.html", f"<p>{source}</p>"))
    assert doc.text == text + "\n"


def test_br_headings_and_list_items_are_paragraphs(tmp_path: Path) -> None:
    page = "<h2>（一）资金情况</h2>第一行<br>第二行<ol><li>甲</li><li>乙<b>丙</b></li></ol>尾"
    doc = load(write(tmp_path, "b.html", page))
    assert doc.text == "（一）资金情况\n第一行\n第二行\n甲\n乙丙\n尾\n"


def test_content_after_the_end_of_the_page_is_kept(tmp_path: Path) -> None:
    page = "<html><body><p>正文</p></body></html>\n<p>附：支出12万元</p>"
    assert load(write(tmp_path, "after.html", page)).text == "正文\n附：支出12万元\n"


def test_missing_lxml_names_the_extra(gbk_page: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "lxml.html", None)
    with pytest.raises(MissingExtraError, match=r"crosscheck-cn-budget\[html\]"):
        load(gbk_page)


# --- bad files -----------------------------------------------------------------------

BAD_PAGES = {
    "empty": b"",
    "whitespace": b"  \n\t\n",
    "binary": bytes(range(256)) * 8,
    "png-renamed": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
    "no-text": b"<html><head><title>t</title><script>var a = 1;</script></head><body> </body>",
    "only-tags": b"<div><span></span><table><tr><td></td></tr></table></div>",
    "too-deep": b"<div>" * 3000 + "正文".encode() + b"</div>" * 3000,
    "cp1252": "<p>Café crème, à côté de l'église.</p>".encode("cp1252"),
}


@pytest.mark.parametrize("kind", BAD_PAGES)
def test_bad_html_gives_one_line_error(tmp_path: Path, kind: str, capsys) -> None:
    path = write(tmp_path, f"{kind}.html", BAD_PAGES[kind])
    with pytest.raises(InputError) as info:
        load(path)
    for lang in ("zh", "en"):
        message = info.value.message(lang)
        assert message and "\n" not in message

    code = main(["extract", str(path)])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n")
    assert "Traceback" not in err


def test_text_less_page_says_so(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no readable text") as info:
        load(write(tmp_path, "blank.html", BAD_PAGES["no-text"]))
    assert "没有可读文本" in info.value.message("zh")


def test_word_exported_html(tmp_path: Path) -> None:
    page = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>'
        "<!--[if gte mso 9]><xml><o:DocumentProperties><o:Author>x</o:Author>"
        "</o:DocumentProperties></xml><![endif]-->"
        "<p class=MsoListParagraph><![if !supportLists]><span>1.<span style='font:7.0pt'>"
        "&nbsp;&nbsp; </span></span><![endif]>项目资金<o:p></o:p></p>"
        "<p class=MsoNormal><span lang=EN-US>4847.62<o:p></o:p></span><span>万元</span></p>"
        "</body></html>"
    )
    assert load(write(tmp_path, "word.html", page)).text == "1. 项目资金\n4847.62万元\n"
