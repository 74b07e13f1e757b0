"""PDF files -> :class:`Document`: the text layer, with ruled tables as grids.

pdfplumber (the ``pdf`` extra) is imported on first use. Per page, in reading
order (top to bottom):

1. **Characters.** Duplicates drawn on top of each other (WPS and Word draw
   "bold" CJK text twice, a fraction of a point apart) are dropped.
2. **Tables.** ``page.find_tables()`` with the default *lines* strategy: the
   reports' tables are ruled. A "table" of one column (a box drawn around a
   note, a frame around the page) is read as text. Each table becomes a grid
   of :class:`CellContent` (see :func:`table_to_grid` for merged cells).
3. **Text.** Characters outside every table are grouped into visual lines
   (:func:`chars_to_lines`); a line that is only a page number (``- 3 -``,
   ``第 3 页``) at the top or bottom of the page is dropped; lines that wrap
   are joined into paragraphs (:func:`lines_to_paragraphs`), using the text
   column's edges (:func:`text_edges`, or the previous page's when a page has
   too few full lines to show them).
4. Paragraphs and tables are written in order of their top edge, and a page
   ends with ``builder.add_break()``.

Spaces: Chinese has none between characters, and PDF producers space CJK
glyphs by justification, not by space characters, so no space is ever put
between two CJK characters unless they are a field apart (a gap of several
characters, as between ``填报单位：…`` and ``单位：万元`` on one line). Between
other characters a space is kept where the PDF draws one or leaves a
word-sized gap.

Known gap: a table that continues on the next page (same columns, no header
repeated) stays two tables, one per page; the segmenter sees two tables.
"""

from __future__ import annotations

import io
import logging
import os
import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import regex

from crosscheck.errors import InputError, MissingExtraError
from crosscheck.ingest.files import read_bytes
from crosscheck.ingest.textview import CellContent, TextViewBuilder
from crosscheck.types import Document

if TYPE_CHECKING:
    from pdfplumber.page import Page
    from pdfplumber.pdf import PDF

__all__ = [
    "MAX_PAGE_CHARS",
    "MAX_PDF_PAGES",
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

# pdfminer logs every oddity of a damaged file as a warning; with no handler configured,
# Python prints those on stderr, around the one line the CLI prints. A NullHandler
# silences only that fallback: an application's own logging still receives them.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

# --- limits -----------------------------------------------------------------------------
# A report has tens of pages, an annual budget book a few hundred; beyond this the file
# is not one report, and pdfminer would take minutes over it.
MAX_PDF_PAGES = 2000
# A dense A4 page holds about 3 000 characters, a small-print table page 10 000. The
# table finder and the line grouping grow faster than linearly with the count.
MAX_PAGE_CHARS = 100_000

# --- the file's frame -------------------------------------------------------------------
# Readers accept ``%PDF-`` anywhere in the first KB and ``%%EOF`` in the last KB (the
# PDF reference's implementation notes); bytes around them are common and harmless.
PDF_HEADER = b"%PDF-"
PDF_HEADER_WINDOW = 1024
PDF_EOF = b"%%EOF"
PDF_EOF_WINDOW = 1024

# --- geometry, in ems (the font size) so that it holds at any size ----------------------
# Two glyphs whose top-left corners are this close (points) and whose text is the same
# are one glyph drawn twice ("fake bold").
DUPLICATE_TOLERANCE = 1.0
# Characters whose vertical centres differ by at most this belong to one line.
LINE_TOLERANCE_EM = 0.5
# Two CJK characters further apart than this are two fields of a form line, not one word.
CJK_FIELD_GAP_EM = 2.0
# Between Latin letters a gap this wide is a word space even where the PDF draws no
# space glyph (TeX never does; its word spaces are 0.25-0.35 em).
SPACE_GAP_EM = 0.2
# Between digits, and between a CJK character and anything else, only a wider gap (or a
# space glyph) is a space: justification spreads the digits of 4847.61 a little, and
# Word's automatic CJK-Latin spacing leaves a quarter em around 4847.61 in 预算4847.61万元.
WIDE_SPACE_GAP_EM = 0.5
# Lines that end within this of each other share the text column's right edge.
EDGE_TOLERANCE_EM = 1.0
# A line starting more than this right of the column's left edge is indented: the first
# line of a paragraph (首行缩进 is two characters).
INDENT_TOLERANCE_EM = 0.5
# The next line continues the previous one only when the gap between them is at most
# this: ordinary line spacing, not the space before a new block.
LINE_GAP_MAX_EM = 1.2
# ... and when their font sizes differ by at most this share.
SIZE_TOLERANCE = 0.15
# Room left at a line's end smaller than the next line's first word by this much still
# counts as "did not fit" (rounding of glyph advances).
FIT_TOLERANCE_EM = 0.1
# The padding assumed between a cell's rule and its text at most (Word: 0.19 cm).
CELL_PADDING_MAX = 8.0
# A page number sits in the top or bottom share of the page.
PAGE_MARGIN_SHARE = 0.15
# A table has at least this many columns; a one-column box is text.
TABLE_MIN_COLUMNS = 2
# Cell boundaries closer than this (points) are the same rule.
GRID_TOLERANCE = 1.0
# More undecodable glyphs ("(cid:123)", a font without a Unicode map) than this share of
# the text makes it unreadable as a whole.
UNDECODABLE_MAX_SHARE = 0.5

# A line that is only a page number: "3", "- 3 -", "— 3 —", "第 3 页", "第3页 共12页", "3/12".
_PAGE_NUMBER = regex.compile(
    r"""
    ^[\s\-–—－―·•]*                                    # decoration before
    (?:第\s*)?\d{1,4}(?:\s*页)?                        # the number, maybe as 第 N 页
    (?:\s*[/／]\s*\d{1,4}                              # of a total: 3/12
      |\s*[，,]?\s*共\s*\d{1,4}\s*页)?                 # or 共12页
    [\s\-–—－―·•]*$                                    # decoration after
    """,
    regex.VERBOSE,
)
# A list or heading marker at a line start: a new item, not a wrapped line.
_ITEM_MARKER = regex.compile(
    r"""
    ^(?:[一二三四五六七八九十]+[、.．]                  # 一、
      |[（(][一二三四五六七八九十\d]{1,3}[）)]          # （一） (1)
      |\d{1,3}[、．]                                    # 1、 1．
      |\d{1,3}\.(?!\d)                                  # 1. (not 1.5)
      |[①-⑳])
    """,
    regex.VERBOSE,
)
# The characters of a number as printed: 4,847.61 and 114%.
_NUMERIC = frozenset("0123456789.,%")
# Sentence-final punctuation: a paragraph may end after it.
_FINAL_PUNCTUATION = frozenset("。；：！？;:!?")


def read_pdf(path: str | os.PathLike[str], *, max_bytes: int) -> Document:
    """The text view of the PDF at ``path``: paragraphs and ruled tables (``layout="pdf"``).

    Raises :class:`InputError` (one line, zh and en) for a file that is not a PDF, a
    truncated or damaged one, a password-protected one, one without a text layer (a
    scan) or with undecodable text, and one over the page or per-page character limits;
    :class:`MissingExtraError` when pdfplumber is not installed.
    """
    data = read_bytes(path, max_bytes=max_bytes)
    check_pdf_frame(data)
    plumber = _import_pdfplumber()
    from pdfminer.pdfdocument import PDFEncryptionError
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    # pdfplumber wraps whatever pdfminer raises while opening the file, walking the page
    # tree or parsing a page in PdfminerException (any Exception: pdfminer fails on
    # damaged input with KeyError, TypeError… as well as its own errors); that wrapper,
    # pdfplumber's MalformedPDFException and pdfminer's PSException family are all that
    # is caught, so a bug in this module still surfaces as itself.
    parse_errors = (PdfminerException, MalformedPDFException, PSException)
    builder = TextViewBuilder(source_kind="pdf")
    with io.BytesIO(data) as stream:
        try:
            pdf = plumber.open(stream)
        except parse_errors as error:
            cause = _cause(error)
            if isinstance(cause, PDFEncryptionError):
                raise _encrypted_error() from None
            raise _damaged_error(cause) from None
        try:
            progress = _pages_to_view(pdf, builder)
        except parse_errors as error:
            raise _damaged_error(_cause(error)) from None
        finally:
            # All that PDF.close() does but walk the page tree once more (which raises
            # again in a damaged file) and close the stream, which ``with`` closes.
            pdf.flush_cache()
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
    meta = [("pages", str(progress.pages))]
    if progress.pages_without_text:
        meta.append(("pages_without_text", ",".join(map(str, progress.pages_without_text))))
    return builder.build(str(path), meta=tuple(meta))


def check_pdf_frame(data: bytes) -> None:
    """:class:`InputError` unless ``data`` starts like a PDF and ends like a whole one."""
    if PDF_HEADER not in data[:PDF_HEADER_WINDOW]:
        raise InputError(
            "不是 PDF 文件（开头没有 %PDF 标记）", "not a PDF file (no %PDF header at the start)"
        )
    # pdfminer reads a cut-off file as far as it goes, silently without the rest:
    # an interrupted download must not pass for a short report.
    if PDF_EOF not in data[-PDF_EOF_WINDOW:]:
        raise InputError(
            "PDF 文件不完整（结尾没有 %%EOF 标记，可能下载中断）",
            "the PDF is incomplete (no %%EOF marker at the end; interrupted download?)",
        )


def _import_pdfplumber() -> Any:
    try:
        import pdfplumber
    except ImportError:
        raise MissingExtraError("PDF", "pdf", "pdfplumber") from None
    return pdfplumber


def _cause(error: Exception) -> BaseException:
    """The pdfminer exception that pdfplumber wrapped, or ``error`` itself."""
    inner = error.args[0] if error.args else None
    return inner if isinstance(inner, BaseException) else error


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


# --- pages ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Progress:
    """What the pages so far have shown: counts for the checks at the end, text edges."""

    pages: int = 0
    glyphs: int = 0  # characters other than whitespace
    undecodable: int = 0  # "(cid:N)" glyphs
    pages_without_text: list[int] = field(default_factory=list)
    # The text column of the last page that showed one, by page width: a page of
    # few lines (a paragraph and a table) wraps at the same edges as the pages before.
    edges: dict[int, tuple[float, float]] = field(default_factory=dict)


def _pages_to_view(pdf: PDF, builder: TextViewBuilder) -> _Progress:
    try:
        pages = pdf.pages
    except (TypeError, IndexError) as error:
        # pdfplumber reads a page's MediaBox and Rotate without checking them: a damaged
        # page dictionary (a box of 3 numbers, a name for a number) fails here, inside
        # pdfplumber, before any code of ours runs.
        raise _damaged_error(error) from None
    if len(pages) > MAX_PDF_PAGES:
        raise InputError(
            f"PDF 页数过多（{len(pages)} 页，上限 {MAX_PDF_PAGES} 页）",
            f"the PDF has too many pages ({len(pages)}, limit {MAX_PDF_PAGES})",
        )
    progress = _Progress(pages=len(pages))
    for page in pages:
        try:
            _page_to_view(page, builder, progress)
        finally:
            page.close()  # drop the page's parsed layout: memory stays flat over long files
        builder.add_break()
    return progress


@dataclass(frozen=True, slots=True)
class _Block:
    top: float
    paragraph: str | None = None
    grid: list[list[CellContent | None]] | None = None


def _page_to_view(page: Page, builder: TextViewBuilder, progress: _Progress) -> None:
    """Write one page's paragraphs and tables, top to bottom."""
    raw_chars = page.chars
    if len(raw_chars) > MAX_PAGE_CHARS:
        raise InputError(
            f"PDF 第 {page.page_number} 页字符过多（{len(raw_chars)} 个，上限 {MAX_PAGE_CHARS} 个）",
            f"page {page.page_number} of the PDF has too many characters "
            f"({len(raw_chars)}, limit {MAX_PAGE_CHARS})",
        )
    # Space glyphs stay: between Latin letters or digits they are the word spaces.
    chars = dedupe_chars(raw_chars)
    glyphs = sum(1 for c in chars if not c["text"].isspace())
    progress.glyphs += glyphs
    progress.undecodable += sum(1 for c in chars if c["text"].startswith("(cid:"))
    if not glyphs:
        progress.pages_without_text.append(page.page_number)
        return

    blocks: list[_Block] = []
    tables = [t for t in page.find_tables() if _column_count(t.cells) >= TABLE_MIN_COLUMNS]
    boxes = [t.bbox for t in tables]
    for table in tables:
        inside = [c for c in chars if _centre_in(c, table.bbox)]
        blocks.append(_Block(top=table.bbox[1], grid=table_to_grid(table.cells, inside)))
    outside = [c for c in chars if not any(_centre_in(c, box) for box in boxes)]
    lines = _drop_page_numbers(chars_to_lines(outside), float(page.height))

    width = round(float(page.width))
    edges = text_edges(lines) or progress.edges.get(width)
    if edges is not None:
        progress.edges[width] = edges
    # The lines between two tables make their own paragraphs: none spans a table.
    table_tops = sorted(b.top for b in blocks)
    run: list[_Line] = []
    for line in [*lines, None]:
        if run and (line is None or any(run[-1].top < t <= line.top for t in table_tops)):
            blocks += [_Block(p.top, paragraph=p.text) for p in lines_to_paragraphs(run, edges)]
            run = []
        if line is not None:
            run.append(line)

    for block in sorted(blocks, key=lambda b: b.top):
        if block.grid is not None:
            builder.add_table(block.grid, layout="pdf")
        elif block.paragraph is not None:
            builder.add_paragraph(block.paragraph)


def _centre_in(char: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


def dedupe_chars(chars: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters without the copies drawn over themselves (fake bold).

    pdfplumber's ``dedupe_chars`` sorts with ``list.index`` (quadratic on a full page);
    this looks up neighbours in a grid of ``DUPLICATE_TOLERANCE`` cells instead.
    """
    kept: list[dict[str, Any]] = []
    seen: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    for char in chars:
        gx = int(char["x0"] // DUPLICATE_TOLERANCE)
        gy = int(char["top"] // DUPLICATE_TOLERANCE)
        text = char["text"]
        duplicate = any(
            abs(other["x0"] - char["x0"]) <= DUPLICATE_TOLERANCE
            and abs(other["top"] - char["top"]) <= DUPLICATE_TOLERANCE
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in seen.get((text, gx + dx, gy + dy), ())
        )
        if duplicate:
            continue
        seen.setdefault((text, gx, gy), []).append(char)
        kept.append(char)
    return kept


# --- lines ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Line:
    """One visual line: its text and where it is (PDF points, top-down)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_width: float  # the width of its first character or Latin word


def is_cjk(char: str) -> bool:
    """A character that Chinese text sets without spaces: hanzi and CJK punctuation."""
    if not char:
        return False
    code = ord(char[0])
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, hanzi
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，（）：％
        or 0x20000 <= code <= 0x3FFFF  # extension planes
        or char[0] in "“”‘’…—·"  # Chinese quotes, ellipsis, dash, middle dot
    )


def chars_to_lines(chars: Sequence[dict[str, Any]]) -> list[_Line]:
    """pdfplumber chars -> visual lines, top to bottom.

    Characters go on one line when their vertical centres are within
    ``LINE_TOLERANCE_EM`` of the previous one's (sorted by centre); in a line they
    are read left to right. Whitespace-only lines are dropped.
    """
    ordered = sorted(chars, key=_centre_y)
    lines: list[_Line] = []
    group: list[dict[str, Any]] = []
    for char in ordered:
        if group and _centre_y(char) - _centre_y(group[-1]) > LINE_TOLERANCE_EM * _size(char):
            lines.extend(_make_line(group))
            group = []
        group.append(char)
    if group:
        lines.extend(_make_line(group))
    return lines


def _centre_y(char: dict[str, Any]) -> float:
    return float(char["top"] + char["bottom"]) / 2


def _size(char: dict[str, Any]) -> float:
    # Some producers set size 0 on glyphs; the box height is the fallback.
    return float(char.get("size") or (char["bottom"] - char["top"]) or 1.0)


def _make_line(group: list[dict[str, Any]]) -> list[_Line]:
    parts: list[str] = []
    visible: list[dict[str, Any]] = []
    saw_space = False
    for char in sorted(group, key=lambda c: c["x0"]):
        text = unicodedata.normalize("NFC", char["text"])
        if text.isspace():
            saw_space = True
            continue
        if visible:
            before = visible[-1]
            gap = char["x0"] - before["x1"]
            em = max(_size(before), _size(char))
            spaced = _is_space(before["text"][-1:], text[:1], gap / em, saw_space)
            if spaced:
                parts.append(" ")
        parts.append(text)
        visible.append(char)
        saw_space = False
    if not visible:
        return []
    return [
        _Line(
            text="".join(parts),
            x0=float(visible[0]["x0"]),
            x1=float(visible[-1]["x1"]),
            top=float(min(c["top"] for c in visible)),
            bottom=float(max(c["bottom"] for c in visible)),
            size=max(_size(c) for c in visible),
            first_width=_first_word_width(visible),
        )
    ]


def _is_space(before: str, after: str, gap_em: float, saw_space: bool) -> bool:
    """Whether the text has a space between two neighbouring glyphs ``gap_em`` apart."""
    cjk_before, cjk_after = is_cjk(before), is_cjk(after)
    if cjk_before and cjk_after:
        return gap_em >= CJK_FIELD_GAP_EM
    if saw_space:
        return True
    if cjk_before or cjk_after or (before in _NUMERIC and after in _NUMERIC):
        return gap_em >= WIDE_SPACE_GAP_EM
    return gap_em >= SPACE_GAP_EM


def _first_word_width(visible: list[dict[str, Any]]) -> float:
    """The room the line's first word would have needed on the line before.

    A CJK character is a word by itself; a Latin word or a number runs to the next
    CJK character or gap.
    """
    first = visible[0]
    if is_cjk(first["text"]):
        return float(first["x1"] - first["x0"])
    end = first
    for char in visible[1:]:
        if is_cjk(char["text"]) or char["x0"] - end["x1"] >= SPACE_GAP_EM * _size(char):
            break
        end = char
    return float(end["x1"] - first["x0"])


def is_page_number(text: str) -> bool:
    """``3``, ``- 3 -``, ``第 3 页``, ``第3页 共12页``, ``3/12``: a line that only numbers the page."""
    return _PAGE_NUMBER.match(text) is not None


def _drop_page_numbers(lines: list[_Line], page_height: float) -> list[_Line]:
    """Without a page-number line at the very top or bottom of the page."""
    if (
        lines
        and is_page_number(lines[-1].text)
        and lines[-1].top > (1 - PAGE_MARGIN_SHARE) * page_height
    ):
        lines = lines[:-1]
    if (
        lines
        and is_page_number(lines[0].text)
        and lines[0].bottom < PAGE_MARGIN_SHARE * page_height
    ):
        lines = lines[1:]
    return lines


# --- paragraphs -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    top: float


def text_edges(lines: Sequence[_Line]) -> tuple[float, float] | None:
    """The text column's left and right edges: where at least two lines start / end together.

    Justified and full lines pile up at the right edge, continuation lines at the
    left one. ``None`` when no two lines end together (a page of short lines).
    """
    if not lines:
        return None
    em = lines[0].size
    right = _shared_edge([line.x1 for line in lines], em, largest=True)
    if right is None:
        return None
    left = _shared_edge([line.x0 for line in lines], em, largest=False)
    return (min(line.x0 for line in lines) if left is None else left), right


def lines_to_paragraphs(
    lines: Sequence[_Line], edges: tuple[float, float] | None
) -> list[_Paragraph]:
    """Join the lines that wrap into paragraphs; every other line break is kept.

    A line continues the previous one when (all of):

    - the previous line was full: the text column's right edge left less room than
      this line's first word needs (a hard return leaves room);
    - this line is not indented (首行缩进 starts a paragraph);
    - the gap between them is ordinary line spacing and the font size is the same;
    - it is not a new list item after a finished sentence (``…。`` then ``2、…``).

    With no known ``edges`` (see :func:`text_edges`) nothing is joined. Wrapped lines
    are joined without a space, except before a Latin letter (an English word wrap).
    """
    if not lines:
        return []
    paragraphs: list[_Paragraph] = []
    text, top, previous = lines[0].text, lines[0].top, lines[0]
    for line in lines[1:]:
        if edges is not None and _continues(previous, line, *edges):
            text += _joiner(text, line.text) + line.text
        else:
            paragraphs.append(_Paragraph(text, top))
            text, top = line.text, line.top
        previous = line
    paragraphs.append(_Paragraph(text, top))
    return paragraphs


def _shared_edge(values: list[float], em: float, *, largest: bool) -> float | None:
    """The outermost value that at least two lines share within ``EDGE_TOLERANCE_EM``."""
    ordered = sorted(values, reverse=largest)
    tolerance = EDGE_TOLERANCE_EM * em
    for here, after in pairwise(ordered):
        if abs(here - after) <= tolerance:
            return here
    return None


def _continues(previous: _Line, line: _Line, left: float, right: float) -> bool:
    em = previous.size
    room = right - previous.x1
    if room >= line.first_width - FIT_TOLERANCE_EM * em:
        return False  # the first word would have fitted: a hard line break
    if line.x0 > left + INDENT_TOLERANCE_EM * em:
        return False
    if not -LINE_TOLERANCE_EM * em <= line.top - previous.bottom <= LINE_GAP_MAX_EM * em:
        return False
    if abs(line.size - previous.size) > SIZE_TOLERANCE * em:
        return False
    return not (previous.text[-1:] in _FINAL_PUNCTUATION and _ITEM_MARKER.match(line.text))


def _joiner(before: str, after: str) -> str:
    """What goes between two lines joined at a wrap: nothing, but for an English word wrap."""
    last, first = before[-1:], after[:1]
    if last.isascii() and last not in "- " and first.isascii() and first.isalpha():
        return " "
    return ""


# --- tables -----------------------------------------------------------------------------


def table_to_grid(
    cells: Sequence[tuple[float, float, float, float]], chars: Sequence[dict[str, Any]]
) -> list[list[CellContent | None]]:
    """pdfplumber's cell boxes and the characters inside the table -> a grid for the builder.

    The grid's columns are the distinct left edges of the cells, its rows their
    distinct top edges (as pdfplumber's ``Table.rows`` has them, where ``None`` marks
    a position no cell starts at). A cell covers every column edge from its left up
    to its right rule and every row edge from its top down to its bottom rule: that
    is its ``col_span`` x ``row_span``, and the positions it covers are ``None``.

    A position that no cell box covers (a rule missing from the drawing) is taken
    as covered by the cell to its left when that cell is one row high, else by the
    cell above when that one is one column wide, else it is an empty cell: a
    merge is never guessed into a non-rectangular shape.

    Each character goes to the cell covering its centre; a cell's text is its lines,
    with lines that wrap at the cell's right rule joined (:func:`_cell_text`).
    """
    xs = _distinct(c[0] for c in cells)
    tops = _distinct(c[1] for c in cells)
    n_rows, n_cols = len(tops), len(xs)
    anchors: dict[tuple[int, int], list[int]] = {}  # (row, col) -> [row_span, col_span]
    boxes: dict[tuple[int, int], tuple[float, float, float, float]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    for box in sorted(cells, key=lambda b: (b[1], b[0])):
        row, col = _index(tops, box[1]), _index(xs, box[0])
        if (row, col) in owner:
            continue  # a box overlapping one already placed: the first one wins
        row_span = max(
            1, sum(1 for t in tops if box[1] - GRID_TOLERANCE <= t < box[3] - GRID_TOLERANCE)
        )
        col_span = max(
            1, sum(1 for x in xs if box[0] - GRID_TOLERANCE <= x < box[2] - GRID_TOLERANCE)
        )
        anchors[(row, col)] = [row_span, col_span]
        boxes[(row, col)] = box
        for r in range(row, min(row + row_span, n_rows)):
            for c in range(col, min(col + col_span, n_cols)):
                owner.setdefault((r, c), (row, col))
    for r in range(n_rows):
        for c in range(n_cols):
            if (r, c) not in owner:
                owner[(r, c)] = _cover_gap(r, c, owner, anchors)

    members: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for char in chars:
        x = (char["x0"] + char["x1"]) / 2
        y = (char["top"] + char["bottom"]) / 2
        key = owner.get((max(0, bisect_right(tops, y) - 1), max(0, bisect_right(xs, x) - 1)))
        if key is not None:
            members.setdefault(key, []).append(char)

    grid: list[list[CellContent | None]] = [[None] * n_cols for _ in range(n_rows)]
    for (row, col), (row_span, col_span) in anchors.items():
        box = boxes.get((row, col))
        text = _cell_text(members.get((row, col), []), box)
        grid[row][col] = CellContent(text, row_span=row_span, col_span=col_span)
    return grid


def _distinct(values: Iterable[float]) -> list[float]:
    """Sorted values, with those within ``GRID_TOLERANCE`` of the previous one merged."""
    result: list[float] = []
    for value in sorted(values):
        if not result or value - result[-1] > GRID_TOLERANCE:
            result.append(value)
    return result


def _index(edges: list[float], value: float) -> int:
    return max(0, bisect_right(edges, value + GRID_TOLERANCE) - 1)


def _cover_gap(
    row: int,
    col: int,
    owner: dict[tuple[int, int], tuple[int, int]],
    anchors: dict[tuple[int, int], list[int]],
) -> tuple[int, int]:
    """Who covers a position no cell box covers (see :func:`table_to_grid`)."""
    left = owner.get((row, col - 1))
    if left is not None and left[0] == row and anchors[left][0] == 1:
        anchors[left][1] += 1
        return left
    above = owner.get((row - 1, col))
    if above is not None and above[1] == col and anchors[above][1] == 1:
        anchors[above][0] += 1
        return above
    anchors[(row, col)] = [1, 1]
    return (row, col)


def _cell_text(
    chars: Sequence[dict[str, Any]], box: tuple[float, float, float, float] | None
) -> str:
    """A cell's lines, joined where the text wrapped at the cell's right rule.

    The text's right limit is the rule minus the padding, taken to equal the left
    padding (at most ``CELL_PADDING_MAX``): a line continues when the next line's
    first word would not have fitted after it (年初预算 / 数 in a narrow column).
    """
    lines = chars_to_lines(chars)
    if not lines:
        return ""
    if box is None:
        return "\n".join(line.text for line in lines)
    padding = min(max(0.0, min(line.x0 for line in lines) - box[0]), CELL_PADDING_MAX)
    right = box[2] - padding
    text = lines[0].text
    for previous, line in pairwise(lines):
        em = previous.size
        wrapped = (
            right - previous.x1 < line.first_width - FIT_TOLERANCE_EM * em
            and line.top - previous.bottom <= LINE_GAP_MAX_EM * em
        )
        text += (_joiner(text, line.text) if wrapped else "\n") + line.text
    return text


def _column_count(cells: Sequence[tuple[float, float, float, float]]) -> int:
    return len(_distinct(c[0] for c in cells))
