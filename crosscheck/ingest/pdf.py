"""PDF files -> :class:`Document`: the text layer, paragraphs rebuilt, ruled tables as grids.

A pipeline over the pages (each stage in its own module):

1. :mod:`~crosscheck.ingest.pdf_page`: PDFium (pypdfium2, the ``pdf`` extra) reads each
   page's glyphs with their positions and the ruling edges of its paths;
2. :func:`~crosscheck.ingest.pdf_lines.dedupe_chars`: glyphs drawn twice (WPS and Word
   draw "bold" CJK text twice, a fraction of a point apart) are read once;
3. :func:`~crosscheck.ingest.pdf_layout.page_to_layout`: ruled tables found with
   pdfplumber's table finder on those edges (:mod:`~crosscheck.ingest.pdf_tables`), the
   other glyphs grouped into visual lines (:mod:`~crosscheck.ingest.pdf_lines`);
4. :func:`~crosscheck.ingest.pdf_layout.drop_running_lines`: page numbers, running
   headers and footers dropped;
5. :func:`~crosscheck.ingest.pdf_layout.layouts_to_blocks`: lines that the layout wrapped
   joined into paragraphs, on a page and over a page break; tables continued over a page
   break stitched into one, their repeated header rows dropped;
6. the blocks written through :class:`TextViewBuilder`; a page break that no paragraph or
   table runs over is a blank line.

pdfminer never parses a page: PDFium is about 30 times faster at it, and pdfplumber's
table finder needs only the edges (bench/bench_pdf.py measures the reader).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from crosscheck.config import PDF_MAX_CHARS, PDF_MAX_PAGE_CHARS, PDF_READ_SECONDS
from crosscheck.errors import InputError, MissingExtraError
from crosscheck.ingest.files import read_bytes
from crosscheck.ingest.pdf_layout import (
    Block,
    PageLayout,
    drop_running_lines,
    is_page_number,
    layouts_to_blocks,
    lines_to_paragraphs,
    page_to_layout,
    text_edges,
)
from crosscheck.ingest.pdf_lines import chars_to_lines, dedupe_chars, is_cjk
from crosscheck.ingest.pdf_page import read_page
from crosscheck.ingest.pdf_streams import check_inflated_sizes
from crosscheck.ingest.pdf_tables import table_to_grid
from crosscheck.ingest.textview import TextViewBuilder
from crosscheck.types import Document

__all__ = [
    "MAX_PAGE_CHARS",
    "MAX_PDF_CHARS",
    "MAX_PDF_PAGES",
    "READ_SECONDS",
    "blocks_to_document",
    "chars_to_lines",
    "check_pdf_frame",
    "dedupe_chars",
    "is_cjk",
    "is_page_number",
    "lines_to_paragraphs",
    "read_pdf",
    "table_to_grid",
    "text_edges",
]

# --- limits -----------------------------------------------------------------------------
# A report has tens of pages, an annual budget book a few hundred; beyond this the file
# is not one report.
MAX_PDF_PAGES = 2000
# Characters a page and the whole file may draw, seconds reading may take (named
# settings in crosscheck.config, where the reasons are).
MAX_PAGE_CHARS = PDF_MAX_PAGE_CHARS
MAX_PDF_CHARS = PDF_MAX_CHARS
READ_SECONDS = PDF_READ_SECONDS

# --- the file's frame -------------------------------------------------------------------
# Readers accept ``%PDF-`` anywhere in the first KB and ``%%EOF`` in the last KB (the
# PDF reference's implementation notes); bytes around them are common and harmless.
PDF_HEADER = b"%PDF-"
PDF_HEADER_WINDOW = 1024
PDF_EOF = b"%%EOF"
PDF_EOF_WINDOW = 1024

# PDFium is not thread-safe (pypdfium2's documentation): one document at a time in a
# process; threads (a Dask worker running several tasks) wait their turn.
_PDFIUM_LOCK = threading.Lock()

# More undecodable glyphs (a font without a Unicode map) than this share of the text
# makes it unreadable as a whole.
UNDECODABLE_MAX_SHARE = 0.5
# What a glyph without a Unicode value comes out as: nothing, the replacement character,
# or pdfminer's "(cid:123)".
_UNDECODABLE = ("\x00", "\ufffd", "(cid:")


def read_pdf(path: str | os.PathLike[str], *, max_bytes: int) -> Document:
    """The text view of the PDF at ``path``: paragraphs and ruled tables (``layout="pdf"``).

    Raises :class:`InputError` (one line, zh and en) for a file that is not a PDF, a
    truncated or damaged one, a password-protected one, one without a text layer (a
    scan) or with undecodable text, and one over the page or per-page character limits;
    :class:`MissingExtraError` when the ``pdf`` extra (pdfplumber, pypdfium2) is missing.
    """
    data = read_bytes(path, max_bytes=max_bytes)
    check_pdf_frame(data)
    check_inflated_sizes(data)
    pdfium = _import_pdf_extra()
    with _PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) == pdfium.raw.FPDF_ERR_PASSWORD:
                raise _encrypted_error() from None
            raise _damaged_error(error) from None
        try:
            progress = _read_pages(pdfium, document)
        except pdfium.PdfiumError as error:
            # Only PDFium's own error is caught: a bug here still surfaces as itself.
            raise _damaged_error(error) from None
        finally:
            document.close()
    if progress.glyphs == 0:
        raise InputError(
            "PDF 没有文本层（可能是扫描件），请先做文字识别（OCR）",
            "the PDF has no text layer (scanned?); run OCR first",
        )
    if progress.undecodable > UNDECODABLE_MAX_SHARE * progress.glyphs:
        raise InputError(
            "PDF 的文字无法解码（字体缺少 Unicode 映射），请先做文字识别（OCR）",
            "the PDF's text cannot be decoded (its fonts lack a Unicode map); run OCR first",
        )
    meta = [("pages", str(len(progress.layouts)))]
    if progress.pages_without_text:
        meta.append(("pages_without_text", ",".join(map(str, progress.pages_without_text))))
    blocks = layouts_to_blocks(drop_running_lines(progress.layouts))
    return blocks_to_document(blocks, str(path), meta=tuple(meta))


def blocks_to_document(
    blocks: Iterable[Block], path: str, *, meta: tuple[tuple[str, str], ...] = ()
) -> Document:
    """The text view of the blocks: a page break no block runs over is a blank line."""
    builder = TextViewBuilder(source_kind="pdf")
    for block in blocks:
        if block.page_break:
            builder.add_break()
        if block.grid is not None:
            builder.add_table(block.grid, layout="pdf", caption=block.caption)
        elif block.text is not None:
            builder.add_paragraph(block.text)
    return builder.build(path, meta=meta)


@dataclass(slots=True)
class _Progress:
    """What the pages have shown: their layouts, and counts for the checks at the end."""

    layouts: list[PageLayout] = field(default_factory=list)
    chars: int = 0  # every character drawn, for the document's budget
    glyphs: int = 0  # characters other than whitespace
    undecodable: int = 0
    pages_without_text: list[int] = field(default_factory=list)


def _read_pages(pdfium: Any, document: Any) -> _Progress:
    count = len(document)
    if count > MAX_PDF_PAGES:
        raise InputError(
            f"PDF 页数过多（{count} 页，上限 {MAX_PDF_PAGES} 页）",
            f"the PDF has too many pages ({count}, limit {MAX_PDF_PAGES})",
        )
    progress = _Progress()
    started = time.monotonic()
    for index in range(count):
        _check_budgets(progress, index, time.monotonic() - started)
        page = document[index]
        try:
            content = read_page(pdfium, page, index + 1, MAX_PAGE_CHARS)
        finally:
            page.close()  # memory stays flat over long files: a page's layout is small
        if isinstance(content, int):
            raise InputError(
                f"PDF 第 {index + 1} 页字符过多（{content} 个，上限 {MAX_PAGE_CHARS} 个）",
                f"page {index + 1} of the PDF has too many characters "
                f"({content}, limit {MAX_PAGE_CHARS})",
            )
        progress.chars += len(content.chars)
        # Space glyphs stay: between Latin letters or digits they are the word spaces.
        chars = dedupe_chars(content.chars)
        glyphs = sum(1 for c in chars if not c["text"].isspace())
        progress.glyphs += glyphs
        progress.undecodable += sum(1 for c in chars if c["text"].startswith(_UNDECODABLE))
        if not glyphs:
            progress.pages_without_text.append(index + 1)
        layout = page_to_layout(index + 1, content.width, content.height, chars, content.edges)
        progress.layouts.append(layout)
    return progress


def _check_budgets(progress: _Progress, index: int, seconds: float) -> None:
    """Before page ``index`` (0-based): the characters read so far and the time taken."""
    if progress.chars > MAX_PDF_CHARS:
        raise InputError(
            f"PDF 字符过多（前 {index} 页已有 {progress.chars} 个，上限 {MAX_PDF_CHARS} 个）",
            f"the PDF has too many characters ({progress.chars} in its first {index} pages, "
            f"limit {MAX_PDF_CHARS})",
        )
    if seconds > READ_SECONDS:
        raise InputError(
            f"PDF 读取超时（{seconds:.0f} 秒内只读了 {index} 页，上限 {READ_SECONDS:g} 秒）",
            f"reading the PDF took too long ({index} pages in {seconds:.0f} s, limit "
            f"{READ_SECONDS:g} s)",
        )


def check_pdf_frame(data: bytes) -> None:
    """:class:`InputError` unless ``data`` starts like a PDF and ends like a whole one."""
    if PDF_HEADER not in data[:PDF_HEADER_WINDOW]:
        raise InputError(
            "不是 PDF 文件（开头没有 %PDF 标记）", "not a PDF file (no %PDF header at the start)"
        )
    # PDFium rebuilds a cut-off file's cross-reference table and reads as far as it goes,
    # silently without the rest:
    # an interrupted download must not pass for a short report.
    if PDF_EOF not in data[-PDF_EOF_WINDOW:]:
        raise InputError(
            "PDF 文件不完整（结尾没有 %%EOF 标记，可能下载中断）",
            "the PDF is incomplete (no %%EOF marker at the end; interrupted download?)",
        )


def _import_pdf_extra() -> Any:
    """pypdfium2, once pdfplumber (whose table finder the tables stage runs) is there too."""
    try:
        import pdfplumber.table  # noqa: F401  (the table finder, imported here to fail early)
        import pypdfium2
        import pypdfium2.raw
    except ImportError:
        raise MissingExtraError("PDF", "pdf", "pdfplumber") from None
    return pypdfium2


def _encrypted_error() -> InputError:
    return InputError(
        "PDF 有密码保护，请先去除密码再试",
        "the PDF is password-protected; remove the password first",
    )


def _damaged_error(cause: BaseException) -> InputError:
    # The exception's class names the problem for a bug report; its text may span lines.
    kind = type(cause).__name__
    return InputError(
        f"PDF 文件已损坏，无法解析（{kind}）", f"the PDF is damaged and cannot be parsed ({kind})"
    )
