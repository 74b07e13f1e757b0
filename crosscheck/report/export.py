"""Reviewer exports of ``crosscheck check``: an Excel workbook and a standalone HTML page.

Both are written atomically (``crosscheck.outputs``: a temporary file renamed into place).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from crosscheck.errors import MissingExtraError
from crosscheck.outputs import save_workbook, write_atomic
from crosscheck.report.cells import xlsx_row
from crosscheck.report.findings import CSV_COLUMNS, csv_rows
from crosscheck.report.sheets import finish_sheet, start_sheet
from crosscheck.types import Document, Finding

if TYPE_CHECKING:
    from crosscheck.pipeline import CheckResult


def require_openpyxl() -> None:
    """:class:`MissingExtraError` unless the xlsx extra (openpyxl) is installed."""
    try:
        import openpyxl  # noqa: F401
    except ImportError as error:
        raise MissingExtraError("XLSX", "xlsx", "openpyxl") from error


def findings_workbook(rows: Iterable[Sequence[object]], lang: str = "zh") -> object:
    """One row per finding (the columns of ``check --format csv``), the evidence in columns:
    a sheet reviewers filter and sort (headers in ``lang``, an autofilter, widths and the
    header row frozen: ``report.sheets``). Document text and file names are text cells,
    never formulas (``report.cells``)."""
    require_openpyxl()
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "findings"
    start_sheet(sheet, CSV_COLUMNS, lang)
    written = 0
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
        written += 1
    finish_sheet(sheet, CSV_COLUMNS, written)
    return workbook


def write_xlsx(reports: Sequence[tuple[Document, Sequence[Finding]]], out: str, lang: str) -> None:
    """The findings of every document in one sheet, written atomically."""
    rows = (
        [row[c] for c in CSV_COLUMNS]
        for document, findings in reports
        for row in csv_rows(document, findings, lang)
    )
    save_workbook(findings_workbook(rows, lang), out, streams=True)  # `check -o`


def findings_xlsx(rows: Iterable[Sequence[object]], lang: str = "zh") -> bytes:
    """The workbook of :func:`findings_workbook` as the bytes of an .xlsx file (a download)."""
    buffer = io.BytesIO()
    findings_workbook(rows, lang).save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def write_html(reports: Sequence[tuple[Document, CheckResult]], out: str, lang: str) -> None:
    """One standalone page: a report section per document (ids prefixed r0, r1 …), the
    renderer the web page uses (``report.html``)."""
    from crosscheck.report.html import render_page, render_section

    sections = [
        render_section(
            document,
            result.findings,
            result.tables,
            lang=lang,
            section_id=f"r{index}",
            segmented=result.segmented,
        )
        for index, (document, result) in enumerate(reports)
    ]
    write_atomic(out, render_page(sections, lang), streams=True)  # `check -o`
