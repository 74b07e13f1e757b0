"""The one HTML renderer: ``crosscheck check --format html`` and the web page (crosscheck/web/).

A report is one ``<section>``: the document as a reader sees it (its lines with their
numbers, each parsed table as a real table with its headers and unit) with every evidence
span marked by severity, beside the list of findings (rule, message, values, the
recomputation) and filters by severity and rule family. The same section is what the web
page shows after an upload and what a standalone page holds, once per document; ids are
prefixed with the section's id, so several reports make one valid page.

    findings_to_runs(findings)       -> Runs      the marked stretches of text, overlaps split
    document_to_html(...)            -> str       lines, headings and tables, marks inside
    findings_to_html(...)            -> str       the list, its filters, or "未发现问题"
    render_section(...)              -> str       one document's report
    render_page(sections, lang)      -> str       a standalone page (styles and script inline)

Every piece of document text goes through :func:`_text` (control characters shown as
escapes, then HTML-escaped): nothing of the document is ever markup.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources

from crosscheck.messages import evidence_label, say
from crosscheck.report.findings import SEVERITY_ZH, message
from crosscheck.report.quantities import LineIndex
from crosscheck.report.terminal import escape_controls
from crosscheck.types import Document, Finding, Heading, ParsedTable, Segmented, TableCell

__all__ = ["Section", "asset", "render_page", "render_section"]

SEVERITIES = ("error", "warning", "info")
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
# Text of a table's lines outside its cells that the table view may leave out: the
# separators of pipe and Markdown tables (|, |---|, :---:, +---+) and box drawing.
_SEPARATORS_ONLY = re.compile(r"[\s|\-:+=\u2500-\u257f]*")


def asset(name: str) -> str:
    """A file of crosscheck/report/assets/ (report.css, report.js): inlined by a standalone
    page, served by the web app."""
    return resources.files("crosscheck.report").joinpath("assets", name).read_text("utf-8")


def _text(text: str) -> str:
    """Document text as HTML: control characters shown escaped, then every markup character
    escaped (TAB and line breaks stay: the view keeps white space)."""
    return html.escape(escape_controls(text, keep="\t\n"), quote=True)


# --- marks ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text that the same findings' evidence covers."""

    start: int
    end: int
    findings: tuple[int, ...]  # indices into the findings, ascending
    severity: str  # the most severe of them
    anchor: bool  # an evidence span starts here (its chips link to it)


class Runs:
    """The marked runs of a document, sorted, found by offset."""

    def __init__(self, runs: Sequence[Run]) -> None:
        self.runs = tuple(runs)
        self._starts = [r.start for r in self.runs]

    def within(self, start: int, end: int) -> Iterable[Run]:
        """The runs overlapping ``[start, end)``."""
        i = max(0, bisect_right(self._starts, start) - 1)
        while i < len(self.runs) and self.runs[i].start < end:
            if self.runs[i].end > start:
                yield self.runs[i]
            i += 1


def findings_to_runs(findings: Sequence[Finding]) -> Runs:
    """Cut the evidence spans at every start and end (one sweep over them, sorted), so that
    overlapping evidence of several findings becomes runs marked with every finding that
    covers them."""
    spans = [
        (e.span.start, e.span.end, index)
        for index, finding in enumerate(findings)
        for e in finding.evidence
        if e.span.end > e.span.start
    ]
    starts = {start for start, _, _ in spans}
    events = sorted(
        [(start, 1, i) for start, _, i in spans] + [(end, -1, i) for _, end, i in spans]
    )
    active: Counter[int] = Counter()  # finding -> how many of its spans cover the position
    runs: list[Run] = []
    position = 0
    for point, change, index in events:
        if point > position and +active:
            covering = tuple(sorted(+active))
            worst = min((findings[i].severity for i in covering), key=_SEVERITY_RANK.__getitem__)
            runs.append(Run(position, point, covering, worst, position in starts))
        active[index] += change
        position = point
    return Runs(runs)


def _marked(text: str, start: int, end: int, runs: Runs, prefix: str) -> str:
    """``text[start:end]`` as HTML, each run inside it a ``<mark>``."""
    parts: list[str] = []
    cursor = start
    for run in runs.within(start, end):
        left, right = max(run.start, cursor), min(run.end, end)
        parts.append(_text(text[cursor:left]))
        anchor = f' id="{prefix}-o{run.start}"' if run.anchor and left == run.start else ""
        parts.append(
            f'<mark class="cc-m {run.severity}"{anchor} data-f="{" ".join(map(str, run.findings))}"'
            f' data-o="{run.start}">{_text(text[left:right])}</mark>'
        )
        cursor = right
    parts.append(_text(text[cursor:end]))
    return "".join(parts)


# --- the document -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Lines:
    """Where each line of the text starts and ends (without its line break)."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> _Lines:
        starts = [0]
        ends = []
        for match in re.finditer(r"\r?\n", text):
            ends.append(match.start())
            starts.append(match.end())
        ends.append(len(text))
        return cls(tuple(starts), tuple(ends))

    def number(self, offset: int) -> int:
        """1-based, as ``LineIndex`` counts (the ``line`` of every output)."""
        return bisect_right(self.starts, offset)


def _table_fits(table: ParsedTable, text: str, lines: _Lines, runs: Runs) -> bool:
    """Whether the table view shows everything of the table's lines: every cell at its own
    place in the grid, no text but separators outside the cells, every evidence inside one
    cell."""
    places = {(tc.row, tc.col) for tc in table.cells}
    if len(places) != len(table.cells) or not all(
        0 <= r < table.n_rows and 0 <= c < table.n_cols for r, c in places
    ):
        return False
    span = table.table.span
    first, last = lines.number(span.start) - 1, lines.number(max(span.start, span.end - 1)) - 1
    cells = sorted((tc.cell.span.start, tc.cell.span.end) for tc in table.cells)
    cursor = lines.starts[first]
    for start, end in [*cells, (lines.ends[last], lines.ends[last])]:
        if start > cursor and not _SEPARATORS_ONLY.fullmatch(text[cursor:start]):
            return False
        cursor = max(cursor, end)
    return all(
        any(s <= run.start and run.end <= e for s, e in cells)
        for run in runs.within(lines.starts[first], lines.ends[last])
    )


def _table_html(
    table: ParsedTable, index: int, text: str, lines: _Lines, runs: Runs, prefix: str, lang: str
) -> str:
    """A parsed table as a ``<table>``: its grid, merged cells spanning, header cells as
    ``<th>``, each row numbered with the line its first cell is on."""
    grid: dict[tuple[int, int], TableCell] = {(tc.row, tc.col): tc for tc in table.cells}
    covered: set[tuple[int, int]] = set()
    for tc in table.cells:
        for r in range(tc.row, tc.row + tc.cell.row_span):
            for c in range(tc.col, tc.col + tc.cell.col_span):
                if (r, c) != (tc.row, tc.col):
                    covered.add((r, c))
    rows: list[str] = []
    for r in range(table.n_rows):
        cells: list[str] = []
        first = None
        for c in range(table.n_cols):
            if (r, c) in covered:
                continue
            tc = grid.get((r, c))
            if tc is None:
                cells.append('<td class="cc-hole"></td>')
                continue
            first = tc if first is None else first
            tag = "th" if tc.role == "header" else "td"
            spans = "".join(
                f' {name}="{n}"'
                for name, n in (("rowspan", tc.cell.row_span), ("colspan", tc.cell.col_span))
                if n > 1
            )
            body = _marked(text, tc.cell.span.start, tc.cell.span.end, runs, prefix)
            cells.append(f'<{tag} class="cc-{tc.role}"{spans}>{body}</{tag}>')
        number = lines.number(first.cell.span.start) if first else ""
        rows.append(f'<tr><th class="cc-rn" data-n="{number}"></th>{"".join(cells)}</tr>')
    caption = [say("html_table_caption", lang, index=index)]
    if table.title:
        caption.append(_text(table.title))
    if table.unit:
        caption.append(
            f'<span class="cc-unit">{_text(say("html_table_unit", lang, unit=table.unit))}</span>'
        )
    return (
        f'<figure class="cc-table"><figcaption>{" ".join(caption)}</figcaption>'
        f'<div class="cc-scroll"><table>{"".join(rows)}</table></div></figure>'
    )


def _heading_levels(segmented: Segmented | None, lines: _Lines) -> dict[int, int]:
    """Line number -> heading level, for the lines a heading starts on."""
    headings: Iterable[Heading] = segmented.headings if segmented else ()
    return {lines.number(h.span.start): h.level for h in headings}


def document_to_html(
    document: Document,
    tables: Sequence[ParsedTable],
    runs: Runs,
    prefix: str,
    lang: str,
    segmented: Segmented | None = None,
) -> str:
    """The document's lines in order, a table's lines replaced by the table (when the table
    view shows all of them: see :func:`_table_fits`)."""
    text = document.text
    lines = _Lines.of(text)
    levels = _heading_levels(segmented, lines)
    shown: dict[int, tuple[int, str]] = {}  # first line -> (last line, the table's HTML)
    taken = 0
    for index, table in enumerate(sorted(tables, key=lambda t: t.table.span.start), start=1):
        span = table.table.span
        first, last = lines.number(span.start), lines.number(max(span.start, span.end - 1))
        if first > taken and table.cells and _table_fits(table, text, lines, runs):
            shown[first] = (last, _table_html(table, index, text, lines, runs, prefix, lang))
            taken = last
    parts: list[str] = []
    number = 1
    while number <= len(lines.starts):
        if number in shown:
            last, table_html = shown[number]
            parts.append(table_html)
            number = last + 1
            continue
        start, end = lines.starts[number - 1], lines.ends[number - 1]
        level = levels.get(number)
        kind = f"cc-l cc-h cc-h{level}" if level is not None else "cc-l"
        parts.append(
            f'<div class="{kind}" data-n="{number}">{_marked(text, start, end, runs, prefix)}</div>'
        )
        number += 1
    return "".join(parts)


# --- the findings -----------------------------------------------------------------------


def _severity_name(severity: str, lang: str) -> str:
    return SEVERITY_ZH[severity] if lang == "zh" else severity


def _family_name(family: str, lang: str) -> str:
    from crosscheck.rules.base import FAMILIES

    names = FAMILIES.get(family)
    if names is None:
        return family
    return f"{family} {names[1] if lang == 'zh' else names[2]}"


def _finding_html(finding: Finding, index: int, lines: LineIndex, prefix: str, lang: str) -> str:
    chips = []
    for e in finding.evidence:
        label = evidence_label(e.label, lang)
        where = say(
            "html_evidence",
            lang,
            line=lines.line_of(e.span.start),
            role=say(f"role_{e.role}", lang),
            label=f" · {label}" if label else "",
        )
        chips.append(
            f'<li><a class="cc-ev" href="#{prefix}-o{e.span.start}" data-o="{e.span.start}">'
            f'<span class="cc-where">{_text(where)}</span> <b>{_text(e.text)}</b></a></li>'
        )
    extra = []
    computed = finding.data.get("computed")
    if computed:
        extra.append(
            f'<p class="cc-calc">{_text(say("html_computed", lang, computed=computed))}</p>'
        )
    reasons = finding.data.get("link_reasons")
    if reasons:
        extra.append(
            f'<details class="cc-why"><summary>{_text(say("html_why_linked", lang))}</summary>'
            f"<p>{_text(reasons)}</p></details>"
        )
    family = finding.rule[:3]
    return (
        f'<li class="cc-finding {finding.severity}" id="{prefix}-f{index}" data-f="{index}"'
        f' data-sev="{finding.severity}" data-family="{family}">'
        f'<button type="button" class="cc-go"><span class="cc-sev">'
        f"{_text(_severity_name(finding.severity, lang))}</span>"
        f' <code>{_text(finding.rule)}</code> <span class="cc-name">{_text(finding.name)}</span>'
        f'</button><p class="cc-msg">{_text(message(finding, lang))}</p>'
        f'<ul class="cc-evs">{"".join(chips)}</ul>{"".join(extra)}</li>'
    )


def _filters_html(findings: Sequence[Finding], prefix: str, lang: str) -> str:
    def box(kind: str, value: str, label: str, count: int) -> str:
        disabled = "" if count else " disabled"
        return (
            f'<label class="cc-chk {value}"><input type="checkbox" data-filter="{kind}"'
            f' value="{value}" checked{disabled}> {_text(label)} <span>{count}</span></label>'
        )

    severities = "".join(
        box("sev", s, _severity_name(s, lang), sum(f.severity == s for f in findings))
        for s in SEVERITIES
    )
    families = sorted({f.rule[:3] for f in findings})
    family_boxes = "".join(
        box("family", fam, _family_name(fam, lang), sum(f.rule.startswith(fam) for f in findings))
        for fam in families
    )
    return (
        f'<form class="cc-filters" aria-controls="{prefix}-list">'
        f"<fieldset><legend>{_text(say('html_filter_severity', lang))}</legend>{severities}</fieldset>"
        f"<fieldset><legend>{_text(say('html_filter_family', lang))}</legend>{family_boxes}</fieldset>"
        f"</form>"
    )


def findings_to_html(
    document: Document, findings: Sequence[Finding], prefix: str, lang: str
) -> str:
    """The findings, errors first and then in document order, with their filters; or the
    "未发现问题" state."""
    if not findings:
        return (
            f'<div class="cc-none" role="status"><h3>{_text(say("html_none_title", lang))}</h3>'
            f"<p>{_text(say('html_none_body', lang))}</p></div>"
        )
    lines = LineIndex(document.text)

    def order(index: int) -> tuple[int, int]:
        finding = findings[index]
        first = min((e.span.start for e in finding.evidence), default=0)
        return _SEVERITY_RANK[finding.severity], first

    items = "".join(
        _finding_html(findings[i], i, lines, prefix, lang)
        for i in sorted(range(len(findings)), key=order)
    )
    return (
        f"{_filters_html(findings, prefix, lang)}"
        f'<ol class="cc-findings" id="{prefix}-list">{items}</ol>'
        f'<p class="cc-filtered-out" hidden>{_text(say("html_filtered_out", lang))}</p>'
    )


@dataclass(frozen=True, slots=True)
class Section:
    """One document's report: its id (every id inside starts with it), title and HTML."""

    id: str
    title: str
    html: str


def render_section(
    document: Document,
    findings: Sequence[Finding],
    tables: Sequence[ParsedTable] = (),
    *,
    lang: str = "zh",
    section_id: str = "r0",
    title: str | None = None,
    segmented: Segmented | None = None,
) -> Section:
    """One document's report as a ``<section>``; every id in it starts with ``section_id``."""
    runs = findings_to_runs(findings)
    counts = {s: sum(f.severity == s for f in findings) for s in SEVERITIES}
    summary = say("html_count", lang, total=len(findings), **counts)
    stats = say("html_stats", lang, chars=len(document.text), tables=len(tables))
    state = "cc-has-findings" if findings else "cc-clean"
    name = title if title is not None else document.path
    body = (
        f'<section class="cc-report {state}" id="{section_id}" data-report="{section_id}">'
        f'<header class="cc-head"><h2 class="cc-file">{_text(name)}</h2>'
        f'<p class="cc-count">{_text(summary)} <span class="cc-stats">{_text(stats)}</span></p>'
        f'</header><div class="cc-panes">'
        f'<div class="cc-doc" tabindex="0" aria-label="{_text(say("html_document", lang))}">'
        f"{document_to_html(document, tables, runs, section_id, lang, segmented)}</div>"
        f'<aside class="cc-side" aria-label="{_text(say("html_findings", lang))}">'
        f"{findings_to_html(document, findings, section_id, lang)}</aside></div></section>"
    )
    return Section(section_id, name, body)


def render_page(sections: Sequence[Section], lang: str = "zh", *, title: str | None = None) -> str:
    """A standalone page holding ``sections`` (distinct ids), its style and script inline:
    it opens from a file, offline. Several reports get a list of contents first."""
    page_title = title or say("html_title", lang)
    contents = ""
    if len(sections) > 1:
        links = "".join(f'<li><a href="#{s.id}">{_text(s.title)}</a></li>' for s in sections)
        contents = (
            f'<nav class="cc-contents"><p>{_text(say("html_contents", lang, count=len(sections)))}'
            f"</p><ol>{links}</ol></nav>"
        )
    return (
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head>'
        f'<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_text(page_title)}</title><style>{asset('report.css')}</style></head>"
        f'<body class="cc-standalone{" cc-many" if len(sections) > 1 else ""}">'
        f"<main>{contents}{''.join(s.html for s in sections)}</main>"
        f"<script>{asset('report.js')}</script></body></html>\n"
    )
