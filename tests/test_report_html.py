"""The one HTML renderer (crosscheck/report/html.py): `check --format html` and the web page.

The page is read back with html.parser: every evidence span is marked with its findings,
tables are real tables, lines keep their numbers, document text is never markup, and
several files make one valid page with unique ids.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from crosscheck.cli import main
from crosscheck.ingest import document_from_text, load
from crosscheck.pipeline import run_check
from crosscheck.report.html import findings_to_runs, render_page, render_section
from crosscheck.types import Evidence, Finding, Span

from .conftest import CORPUS

SEED_000 = CORPUS / "000_0b8a2aad63db18d1.txt"
SEED_004 = CORPUS / "004_5909904e36d016b8.txt"
VOID = {"meta", "link", "br", "input", "img", "hr", "col", "wbr"}

# A report of our own: a pipe table, a narrative that contradicts one of its cells, a
# count that does not add up, and text that looks like markup.
LIBRARY = """青禾县图书馆2023年度项目支出绩效自评报告

表1 项目资金情况表（单位：万元）
| 项目名称 | 年初预算数 | 全年执行数 | 执行率 |
|---|---|---|---|
| 流动书车采购 | 60 | 54 | 90% |
| 数字阅读推广 | 40 | 36 | 90% |
| 合计 | 100 | 90 | 90% |

一、资金使用情况
流动书车采购全年执行数为45万元，执行率90%。
本馆现有馆员12人，其中在编人员8人，聘用人员3人。
<script>alert("x")</script> & <b>注</b>：以上数据来自财务系统。\x1b[2J
"""


class Page(HTMLParser):
    """What the tests look at: every element with its attributes, the text inside each mark,
    the text of each element with a data-n (a line or a table row), and tag balance."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[tuple[str, dict[str, str | None]]] = []
        self.unbalanced: list[str] = []
        self.marks: list[tuple[dict[str, str | None], str]] = []
        self.texts: dict[int, list[str]] = {}  # open element index -> its text pieces
        self.lines: list[tuple[str | None, str, list[str]]] = []  # (data-n, text, classes)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in VOID:
            return
        self.stack.append((tag, attributes))
        self.texts[len(self.stack)] = []

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.unbalanced.append(tag)
            return
        depth = len(self.stack)
        text = "".join(self.texts.pop(depth))
        name, attributes = self.stack.pop()
        if depth - 1 in self.texts:
            self.texts[depth - 1].append(text)
        if name == "mark":
            self.marks.append((attributes, text))
        if name == "div" and "data-n" in attributes:
            self.lines.append((attributes["data-n"], text, (attributes.get("class") or "").split()))

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.texts[len(self.stack)].append(data)

    def ids(self) -> list[str]:
        return [a["id"] for _, a in self.elements if a.get("id")]

    def count(self, tag: str, **attrs: str) -> int:
        return sum(
            1
            for name, a in self.elements
            if name == tag and all(a.get(k.rstrip("_")) == v for k, v in attrs.items())
        )


def parse(markup: str) -> Page:
    page = Page()
    page.feed(markup)
    page.close()
    assert page.unbalanced == [] and page.stack == []
    return page


def section_of(text: str, lang: str = "zh") -> tuple[str, tuple[Finding, ...]]:
    document = document_from_text(text, path="青禾县图书馆.txt")
    result = run_check(document)
    section = render_section(
        document, result.findings, result.tables, lang=lang, segmented=result.segmented
    )
    return section.html, result.findings


def test_every_evidence_span_is_marked_with_its_finding_and_its_text(tmp_path: Path) -> None:
    out = tmp_path / "000.html"
    assert main(["check", str(SEED_000), "--format", "html", "-o", str(out)]) == 1
    page = parse(out.read_text("utf-8"))
    result = run_check(load(str(SEED_000)))
    assert len(result.findings) == 3
    for index, finding in enumerate(result.findings):
        for e in finding.evidence:
            pieces = [
                text
                for attrs, text in page.marks
                if str(index) in (attrs["data-f"] or "").split()
                and e.span.start <= int(attrs["data-o"] or -1) < e.span.end
            ]
            assert "".join(pieces) == e.text
            assert f"r0-o{e.span.start}" in page.ids()  # the finding's chip links to it
    # the marks carry the finding's severity
    severities = {a["data-o"]: (a["class"] or "").split() for a, _ in page.marks}
    assert "error" in severities["2161"] and "info" in severities["5203"]


def test_a_table_is_a_real_table_with_headers_unit_and_its_evidence_in_a_cell(
    tmp_path: Path,
) -> None:
    out = tmp_path / "000.html"
    main(["check", str(SEED_000), "--format", "html", "-o", str(out)])
    markup = out.read_text("utf-8")
    page = parse(markup)
    assert page.count("table") == 1
    assert "单位：万元" in markup and "2021年度部门整体支出绩效自评表" in markup
    headers = set(re.findall(r'<th class="cc-header">([^<]*)</th>', markup))
    assert {"一级指标", "二级指标", "三级指标", "分值", "得分"} <= headers
    # the table's 249% sits inside a cell of that table, not in a line of text
    cell = markup[markup.rindex("<td", 0, markup.index('id="r0-o2161"')) :]
    assert cell.startswith('<td class="cc-value"') or cell.startswith('<td class="cc-note"')
    assert "</table>" in markup[markup.index('id="r0-o2161"') :]
    # the table's lines are not repeated as text lines
    assert not any("一级指标" in text for _, text, _ in page.lines)


def test_lines_keep_the_numbers_every_output_gives_them(tmp_path: Path) -> None:
    out = tmp_path / "000.html"
    main(["check", str(SEED_000), "--format", "html", "-o", str(out)])
    page = parse(out.read_text("utf-8"))
    main(["check", str(SEED_000), "--format", "json", "-o", str(tmp_path / "000.json")])
    report = json.loads((tmp_path / "000.json").read_text("utf-8"))
    conflict = next(f for f in report["findings"] if f["rule"] == "CC201")
    narrative = next(e for e in conflict["evidence"] if e["text"] == "75%")
    line = next(n for n, text, _ in page.lines if "项目执行率75%" in text)
    assert int(line) == narrative["line"] == 388
    numbers = [int(n) for n, _, _ in page.lines if n]
    assert numbers == sorted(numbers) and numbers[0] == 1  # in order, from the first line


def test_several_files_make_one_valid_page_with_unique_ids(tmp_path: Path) -> None:
    out = tmp_path / "two.html"
    main(["check", str(SEED_000), str(SEED_004), "--format", "html", "-o", str(out)])
    markup = out.read_text("utf-8")
    assert markup.count("<!doctype html>") == 1 and markup.count("<html") == 1
    assert markup.count("<body") == 1 and markup.count("<script>") == 1
    page = parse(markup)
    ids = page.ids()
    assert ids and [i for i, n in Counter(ids).items() if n > 1] == []
    sections = [a["id"] for name, a in page.elements if name == "section"]
    assert sections == ["r0", "r1"]
    assert page.count("a", href="#r0") == 1 and page.count("a", href="#r1") == 1
    # every chip points at an id of its own section
    chips = [
        a["href"] for name, a in page.elements if name == "a" and "cc-ev" in (a.get("class") or "")
    ]
    assert chips and all(h[1:] in ids for h in chips)


def test_document_text_is_shown_as_text_never_as_markup() -> None:
    markup, findings = section_of(LIBRARY)
    assert findings  # the page under test has marks and findings
    assert "<script" not in markup and "<b>注" not in markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;注&lt;/b&gt;" in markup
    assert "\x1b" not in markup and "\\x1b[2J" in markup  # a control character, shown escaped
    page = parse(markup)
    assert page.count("script") == 0


def test_a_file_name_with_markup_is_escaped_too() -> None:
    document = document_from_text("正文。", path='<img src=x onerror="alert(1)">.txt')
    section = render_section(document, ())
    assert "<img" not in section.html and "&lt;img src=x" in section.html


def test_a_pipe_table_is_a_table_and_its_separator_line_is_left_out() -> None:
    markup, findings = section_of(LIBRARY)
    page = parse(markup)
    assert page.count("table") == 1
    assert not any(set(text) <= set("|- ") and text for _, text, _ in page.lines)
    conflict = next(f for f in findings if f.rule == "CC201")
    table_side = next(e for e in conflict.evidence if e.role == "table")
    cell_start = markup.rindex("<td", 0, markup.index(f'id="r0-o{table_side.span.start}"'))
    assert "</td>" not in markup[cell_start : markup.index(f'id="r0-o{table_side.span.start}"')]


def test_a_table_that_cannot_show_an_evidence_in_one_cell_is_shown_as_its_lines() -> None:
    """Evidence across two cells (here: made up) cannot be marked in the table view; the
    table's lines are shown as text instead, so that nothing is hidden."""
    document = document_from_text(LIBRARY, path="x.txt")
    result = run_check(document)
    start = LIBRARY.index("60 | 54")
    across = Finding(
        "CC201",
        "value-conflict",
        "value-conflict",
        "error",
        "跨单元格",
        "across cells",
        (Evidence(Span(start, start + 7), LIBRARY[start : start + 7], "table"),),
    )
    section = render_section(document, (across,), result.tables, segmented=result.segmented)
    page = parse(section.html)
    assert page.count("table") == 0
    assert any(text == "| 流动书车采购 | 60 | 54 | 90% |" for _, text, _ in page.lines)
    assert [text for _, text in page.marks] == ["60 | 54"]


def test_overlapping_evidence_of_two_findings_is_cut_into_runs_marked_with_both() -> None:
    text = "合计为4847.62万元。"

    def finding(severity: str, start: int, end: int) -> Finding:
        evidence = Evidence(Span(start, end), text[start:end], "narrative")
        return Finding("CC101", "x", "x", severity, "m", "m", (evidence,))  # type: ignore[arg-type]

    runs = findings_to_runs([finding("info", 3, 10), finding("error", 3, 12)]).runs
    assert [(r.start, r.end, r.findings, r.severity, r.anchor) for r in runs] == [
        (3, 10, (0, 1), "error", True),
        (10, 12, (1,), "error", False),
    ]
    assert findings_to_runs([]).runs == ()


def test_a_clean_document_says_no_problems_found() -> None:
    markup, findings = section_of("青禾县图书馆2023年共接待读者5.2万人次，比上年增长8%。\n")
    assert findings == ()
    assert "未发现问题" in markup and "cc-clean" in markup and "cc-findings" not in markup
    english, _ = section_of("青禾县图书馆2023年共接待读者5.2万人次，比上年增长8%。\n", lang="en")
    assert "No problems found" in english and "未发现问题" not in english


def test_findings_list_errors_first_with_filters_for_their_severities_and_families() -> None:
    markup, findings = section_of(LIBRARY)
    page = parse(markup)
    items = [
        a for name, a in page.elements if name == "li" and "cc-finding" in (a.get("class") or "")
    ]
    assert len(items) == len(findings) == 2
    assert {a["data-family"] for a in items} == {"CC1", "CC2"}
    boxes = {(a["data-filter"], a["value"]) for name, a in page.elements if name == "input"}
    assert {
        ("sev", "error"),
        ("sev", "warning"),
        ("sev", "info"),
        ("family", "CC1"),
        ("family", "CC2"),
    } == boxes
    assert "CC1 算术复核" in markup and "重新计算：11人" in markup  # the recomputation


def test_a_standalone_page_needs_nothing_from_the_network(tmp_path: Path) -> None:
    out = tmp_path / "000.html"
    main(["check", str(SEED_000), "--format", "html", "-o", str(out)])
    markup = out.read_text("utf-8")
    page = parse(markup)
    for name, attributes in page.elements:
        for key in ("src", "href"):
            value = attributes.get(key)
            assert value is None or value.startswith("#"), (name, value)
    assert "crosscheckReport" in markup and ".cc-report" in markup  # script and style inline


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_render_page_of_no_section_is_still_a_page(lang: str) -> None:
    page = render_page([], lang)
    assert page.startswith("<!doctype html>") and parse(page).count("section") == 0


def _format_writers():  # type: ignore[no-untyped-def]
    from . import test_formats_equivalence as formats

    return [
        ("flattened.txt", formats.write_txt),
        ("bars.txt", formats.write_bar_txt),
        ("markdown.md", formats.write_markdown_txt),
        ("tables.docx", formats.write_docx),
        ("tables.xlsx", formats.write_xlsx),
        ("tables.html", formats.write_html),
    ]


@pytest.mark.parametrize(
    ("name", "writer"), _format_writers(), ids=lambda v: getattr(v, "__name__", v)
)
def test_every_format_shows_its_tables_as_tables(tmp_path: Path, name: str, writer) -> None:  # type: ignore[no-untyped-def]
    document = load(str(writer(tmp_path / name)))
    result = run_check(document)
    markup = render_section(
        document, result.findings, result.tables, segmented=result.segmented
    ).html
    page = parse(markup)
    assert len(result.tables) == page.count("table") == 2
    assert "单位：万元" in markup
    header_cells = set(re.findall(r'<th class="cc-header"[^>]*>([^<]*)</th>', markup))
    assert {"一级指标", "三级指标", "得分", "全年预算数", "执行率"} <= header_cells
    if name.endswith((".docx", ".xlsx", ".html")):  # readers that know merged cells
        assert 'rowspan="2">产出指标<' in markup and 'colspan="3">总分<' in markup


def test_a_pdf_report_shows_its_tables_as_tables() -> None:
    pytest.importorskip("pdfplumber")
    document = load(str(Path(__file__).parent / "fixtures" / "pdf" / "report.pdf"))
    result = run_check(document)
    page = parse(render_section(document, result.findings, result.tables).html)
    assert result.tables and page.count("table") == len(result.tables)


def test_a_table_whose_grid_does_not_hold_its_cells_is_shown_as_its_lines() -> None:
    """A cell outside the grid (here: a grid made too small) would be lost from a table
    view: the table's lines are shown instead."""
    from dataclasses import replace

    document = document_from_text(LIBRARY, path="x.txt")
    result = run_check(document)
    (table,) = result.tables
    cut = replace(table, n_rows=2)
    markup = render_section(document, result.findings, (cut,), segmented=result.segmented).html
    page = parse(markup)
    assert page.count("table") == 0
    assert any(text == "| 合计 | 100 | 90 | 90% |" for _, text, _ in page.lines)
    whole = render_section(document, result.findings, (table,), segmented=result.segmented).html
    assert parse(whole).count("table") == 1
