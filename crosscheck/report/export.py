"""Reviewer exports of ``crosscheck check``: an Excel workbook and a standalone HTML page.

Both are written atomically (``crosscheck.outputs``: a temporary file renamed into place).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from crosscheck.errors import MissingExtraError
from crosscheck.outputs import save_workbook, write_atomic
from crosscheck.report.cells import xlsx_row
from crosscheck.report.findings import CSV_COLUMNS, SEVERITY_ZH, csv_rows, message
from crosscheck.types import Document, Finding


def require_openpyxl() -> None:
    """:class:`MissingExtraError` unless the xlsx extra (openpyxl) is installed."""
    try:
        import openpyxl  # noqa: F401
    except ImportError as error:
        raise MissingExtraError("XLSX", "xlsx", "openpyxl") from error


def write_xlsx(reports: Sequence[tuple[Document, Sequence[Finding]]], out: str, lang: str) -> None:
    """One row per finding, the evidence in columns (a sheet reviewers filter and sort)."""
    require_openpyxl()
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "findings"
    sheet.append(list(CSV_COLUMNS))
    for document, findings in reports:
        for row in csv_rows(document, findings, lang):
            # document text and file names as text cells, never formulas (report.cells)
            sheet.append(xlsx_row(sheet, (row[c] for c in CSV_COLUMNS)))
    sheet.freeze_panes = "A2"
    save_workbook(workbook, out)


_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;display:flex}
#text{white-space:pre-wrap;flex:3;padding:1em;line-height:1.6;border-right:1px solid #ccc;
height:100vh;overflow:auto;margin:0}
#findings{flex:2;padding:1em;height:100vh;overflow:auto}
mark{background:#ffe08a}mark.error{background:#ffb3b3}mark.info{background:#d6ecff}
.finding{margin:.5em 0;padding:.4em;border-left:4px solid #999}
.finding.error{border-color:#d33}.finding.warning{border-color:#e90}.finding.info{border-color:#39f}
a{color:inherit}
"""


def _page(document: Document, findings: Sequence[Finding], lang: str) -> str:
    marks: list[tuple[int, int, str, int]] = []
    for index, finding in enumerate(findings):
        for e in finding.evidence:
            marks.append((e.span.start, e.span.end, finding.severity, index))
    marks.sort()
    parts: list[str] = []
    cursor = 0
    text = document.text
    for start, end, severity, index in marks:
        if start < cursor:
            continue  # overlapping evidence: the first mark wins
        parts.append(html.escape(text[cursor:start]))
        parts.append(
            f'<mark class="{severity}" id="e{index}-{start}"><a href="#f{index}">'
            f"{html.escape(text[start:end])}</a></mark>"
        )
        cursor = end
    parts.append(html.escape(text[cursor:]))
    items = []
    for index, finding in enumerate(findings):
        label = SEVERITY_ZH[finding.severity] if lang == "zh" else finding.severity
        links = " ".join(
            f'<a href="#e{index}-{e.span.start}">{html.escape(e.text)}</a>'
            for e in finding.evidence
        )
        items.append(
            f'<div class="finding {finding.severity}" id="f{index}"><b>{finding.rule}</b> '
            f"[{label}] {html.escape(message(finding, lang))}<br>{links}</div>"
        )
    title = html.escape(document.path)
    return (
        f'<!doctype html><html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
        f"<title>crosscheck: {title}</title><style>{_STYLE}</style></head><body>"
        f'<pre id="text">{"".join(parts)}</pre><div id="findings"><h2>{title}</h2>'
        f"{''.join(items)}</div></body></html>"
    )


def write_html(reports: Sequence[tuple[Document, Sequence[Finding]]], out: str, lang: str) -> None:
    """A standalone page per document: the text with every evidence span highlighted and linked."""
    pages = [_page(document, findings, lang) for document, findings in reports]
    write_atomic(out, "\n".join(pages))
