"""Excel workbooks (.xlsx, .xlsm) -> :class:`Document`, through the text view.

Every worksheet is read in workbook order, hidden ones included (they are
named in ``Document.meta`` as ``("hidden_sheet", name)``: an author may hide a
working sheet, but its numbers are still the author's). Each sheet becomes:

- a break (a blank line) before it;
- its *title rows* as paragraphs: the rows at the top whose only text is one
  cell (``2021年度部门整体支出绩效自评表``, ``单位：万元``), merged across the
  table or not; the first that reads as a table title is the caption;
- the rest as one table (``layout="xlsx"``, ``sheet=`` the sheet name), merged
  ranges as cell spans;
- rows at the bottom whose only text is one cell merged across the whole
  width (``说明：…``, ``填表人：…``) as paragraphs after it.

Values are written as stored, not as displayed: formulas give the value Excel
cached when it last saved the file (a formula never calculated, as openpyxl
writes them, gives ""), numbers keep the digits they have (``4847.62``, not
``4,847.6`` from a ``#,##0.0`` format) at Excel's own 15 significant digits.
One exception: a cell formatted as a percentage holding 1.14 is written
``114%``, because that is the number the author typed and reads; ``1.14``
would look like a rate of 1.14% to every later stage.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from crosscheck.errors import InputError, MissingExtraError
from crosscheck.ingest.archive import drain, open_office_zip
from crosscheck.ingest.files import display_path
from crosscheck.ingest.textview import (
    CellContent,
    TextViewBuilder,
    clean_cell_text,
    grid_from_merges,
)
from crosscheck.types import Document

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

__all__ = [
    "MAX_SHEET_CELLS",
    "MAX_SHEET_POSITIONS",
    "MAX_WORKBOOK_CELL_ELEMENTS",
    "drop_empty_rows",
    "pick_caption",
    "read_xlsx",
    "split_title_rows",
    "value_to_text",
]

# A self-assessment workbook has a few thousand cells a sheet; a sheet with
# more text cells than this is a data dump, not a report.
MAX_SHEET_CELLS = 200_000
# The grid written for a sheet (rows x columns of its used area); bounds the
# memory taken by the empty positions between scattered cells.
MAX_SHEET_POSITIONS = 1_000_000
# Counted in the sheet XML before openpyxl loads anything (it keeps every
# cell as a Python object, some hundred bytes each): what the whole workbook
# may hold, empty styled cells included.
MAX_WORKBOOK_CELL_ELEMENTS = 2_000_000
# Excel itself keeps and shows 15 significant digits: 4847.6199999999999 in
# the XML is the 4847.62 the author typed.
EXCEL_SIGNIFICANT_DIGITS = 15

_SHEET_XML = re.compile(r"xl/worksheets/[^/]+\.xml")
# A <c> start tag, with or without a namespace prefix (<x:c r="A1">).
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
# A merged range: <mergeCell ref="A1:D2"/> (a single cell, ref="A1", covers nothing more).
_MERGE_TAG = re.compile(
    rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?   # the tag, any attributes before ref
         \bref=["']
         ([A-Za-z]{1,3})([0-9]{1,7}) : ([A-Za-z]{1,3})([0-9]{1,7})   # first:last cell
    """,
    re.VERBOSE,
)
# Longer than any <c or <mergeCell tag the counter must see whole across chunks.
_TAG_HEAD_BYTES = 256
# Quoted literals and backslash escapes in a number format are shown as
# written: 0"%" is not a percentage format.
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.')

# What openpyxl and the libraries below it raise on a damaged workbook that
# passed the zip checks: member data that does not inflate, XML that does not
# parse (ElementTree and lxml errors are SyntaxError subclasses), parts that
# are missing or hold the wrong thing. openpyxl validates little and lets
# these surface from deep inside, so the list is broad, but each is a
# specific kind of "this file is broken", not a catch-all.
_BROKEN_FILE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    SyntaxError,
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
)


def read_xlsx(path: str | os.PathLike[str], *, max_bytes: int) -> Document:
    """Read every worksheet of the workbook at ``path``; bad input -> :class:`InputError`."""
    shown = display_path(path)
    cells = _CellCounter(shown)
    package = open_office_zip(
        path, fmt="XLSX", required="xl/workbook.xml", max_bytes=max_bytes, scan=cells.scan
    )
    try:
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:
        raise MissingExtraError("XLSX", "xlsx", "openpyxl") from None

    builder = TextViewBuilder(source_kind="xlsx")
    meta: list[tuple[str, str]] = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns about parts it drops (data validation extensions,
            # slicers, a default style): nothing a reader of the numbers needs,
            # and a warning would break the one-line-per-problem CLI output.
            warnings.simplefilter("ignore", UserWarning)
            # Not read_only: merged ranges exist only in the full model. Every
            # part is parsed here, so damage surfaces here and nowhere below.
            workbook = load_workbook(package, read_only=False, data_only=True, keep_links=False)
    except (*_BROKEN_FILE_ERRORS, InvalidFileException) as error:
        raise _broken_error(error, shown) from None
    except OSError as error:
        if not _is_damage(error):
            raise
        raise _broken_error(error, shown) from None
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                meta.append(("hidden_sheet", sheet.title))
            _sheet_to_view(sheet, builder, shown)
    finally:
        workbook.close()
    document = builder.build(str(path), meta=tuple(meta))
    if not document.text.strip():
        raise InputError(
            f"XLSX 文件中没有可读文本：{shown}", f"the XLSX file has no readable text: {shown}"
        )
    return document


def value_to_text(value: object, number_format: str = "General") -> str:
    """A cell value as the text view shows it: as stored, percentages as the author reads them."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: bool is an int subclass
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return _number_to_text(value, percent=_is_percent_format(number_format))
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)  # text, error codes (#DIV/0!), timedelta


def drop_empty_rows(grid: list[list[CellContent | None]]) -> list[list[CellContent | None]]:
    """The grid without rows that hold no text, merged cells' row spans shrunk to match.

    ``TextViewBuilder.add_table`` drops empty rows itself but leaves the spans
    as they were; a label merged over an empty row would then claim a row that
    is not there. An anchor that sits on a dropped row moves down to the first
    kept row of its range, so every covered position keeps an anchor.
    """
    kept = [any(c is not None and _has_text(c) for c in row) for row in grid]
    if all(kept):
        return grid
    work = [list(row) for row in grid]
    for r, row in enumerate(work):
        for c, content in enumerate(row):
            if content is None or content.row_span == 1:
                continue
            rows = range(r, min(r + content.row_span, len(work)))
            remaining = [i for i in rows if kept[i]]
            if not remaining:
                row[c] = CellContent(content.text, 1, content.col_span)
                continue
            moved = CellContent(content.text, len(remaining), content.col_span)
            if remaining[0] != r:
                row[c] = None
            work[remaining[0]][c] = moved
    return [row for r, row in enumerate(work) if kept[r]]


def split_title_rows(
    grid: list[list[CellContent | None]], *, titles_need_full_width: bool
) -> tuple[list[str], list[list[CellContent | None]], list[str]]:
    """``(titles, table rows, notes)``: the one-cell rows at the top and bottom of a grid.

    A title row is a row at the top whose only text is one cell (merged across
    the whole width when ``titles_need_full_width``: Excel titles are often
    just typed into A1, HTML ones are a ``colspan`` cell). A note row is a row
    at the bottom whose only text is one cell merged across the whole width
    (``说明：…``). A cell merged down over more rows is a row label, never a
    title; a grid one column wide has neither.
    """
    width = len(grid[0]) if grid else 0
    if width < 2:
        return [], grid, []
    first = 0
    while first < len(grid):
        cell = _single_text_cell(grid[first])
        if cell is None or cell.row_span > 1:
            break
        if titles_need_full_width and cell.col_span < width:
            break
        first += 1
    last = len(grid)
    while last > first:
        cell = _single_text_cell(grid[last - 1])
        if cell is None or cell.row_span > 1 or cell.col_span < width:
            break
        last -= 1

    def texts(rows: list[list[CellContent | None]]) -> list[str]:
        cells = (_single_text_cell(row) for row in rows)
        return [clean_cell_text(c.text) for c in cells if c is not None]

    return texts(grid[:first]), grid[first:last], texts(grid[last:])


def pick_caption(candidates: list[str]) -> str | None:
    """The first candidate that reads as a table title (the rule txt tables use), else the
    first that is not a form note (``单位：万元``, ``填报单位：…`` name no table)."""
    from crosscheck.segment.paragraphs import body_is_note, body_is_title

    titles = [t for t in candidates if body_is_title(t)]
    others = [t for t in candidates if not body_is_note(t)]
    return (titles or others or [None])[0]


# --- one sheet -----------------------------------------------------------------------


def _sheet_to_view(sheet: Worksheet, builder: TextViewBuilder, shown: str) -> None:
    grid = _sheet_to_grid(sheet, shown)
    if not grid:
        return
    builder.add_break()
    if max(len(row) for row in grid) == 1:
        # A sheet of one column is text, a paragraph per cell (a 自评报告 typed into column
        # A beside its form on another sheet), not a table of one column.
        for row in grid:
            if row and row[0] is not None and _has_text(row[0]):
                builder.add_paragraph(clean_cell_text(row[0].text))
        return
    titles, rows, notes = split_title_rows(grid, titles_need_full_width=False)
    for title in titles:
        builder.add_paragraph(title)
    builder.add_table(rows, layout="xlsx", caption=pick_caption(titles), sheet=sheet.title)
    for note in notes:
        builder.add_paragraph(note)


def _sheet_to_grid(sheet: Worksheet, shown: str) -> list[list[CellContent | None]]:
    """The used area of the sheet (no empty edge rows or columns), merges applied."""
    texts: dict[tuple[int, int], str] = {}
    # Worksheet._cells holds only the cells the file has; the public iterators
    # walk the max_row x max_column rectangle and create a cell object at every
    # position of it, which a stray formatted cell at row 1048576 makes huge.
    for (row, col), cell in sheet._cells.items():
        value = cell.value
        # Only a number's format matters; reading it costs a style lookup.
        number_format = cell.number_format if isinstance(value, int | float) else "General"
        text = value_to_text(value, number_format)
        if text.strip():
            texts[row, col] = text
    if len(texts) > MAX_SHEET_CELLS:
        raise InputError(
            f"工作表“{sheet.title}”的单元格过多（{len(texts)} 个，上限 {MAX_SHEET_CELLS}），"
            f"拒绝读取：{shown}",
            f"worksheet '{sheet.title}' has too many cells ({len(texts)}, limit "
            f"{MAX_SHEET_CELLS}); refused: {shown}",
        )
    if not texts:
        return []
    top = min(r for r, _ in texts)
    bottom = max(r for r, _ in texts)
    left = min(c for _, c in texts)
    right = max(c for _, c in texts)
    height, width = bottom - top + 1, right - left + 1
    if height * width > MAX_SHEET_POSITIONS:
        raise InputError(
            f"工作表“{sheet.title}”的范围过大（{height} 行 × {width} 列），拒绝读取：{shown}",
            f"worksheet '{sheet.title}' spans too large an area ({height} rows x {width} "
            f"columns); refused: {shown}",
        )
    values = [[""] * width for _ in range(height)]
    for (row, col), text in texts.items():
        values[row - top][col - left] = text
    merges = [
        (
            max(m.min_row, top) - top,
            max(m.min_col, left) - left,
            min(m.max_row, bottom) - top,
            min(m.max_col, right) - left,
        )
        for m in sheet.merged_cells.ranges
        if m.max_row >= top and m.min_row <= bottom and m.max_col >= left and m.min_col <= right
    ]
    # The used area holds every text cell, so a merge clipped at its edge loses
    # no text: its own top-left cell, where Excel keeps the value, was empty.
    return drop_empty_rows(grid_from_merges(values, merges))


def _has_text(cell: CellContent) -> bool:
    # The same test as "clean_cell_text(text) is not empty", without building it.
    return not cell.text.isspace() and cell.text != ""


def _single_text_cell(row: Iterable[CellContent | None]) -> CellContent | None:
    present = [c for c in row if c is not None and _has_text(c)]
    return present[0] if len(present) == 1 else None


# --- values ----------------------------------------------------------------------------


def _is_percent_format(number_format: str) -> bool:
    return "%" in _FORMAT_LITERALS.sub("", number_format or "")


def _number_to_text(value: int | float, *, percent: bool) -> str:
    if not percent:
        # The common case without Decimal: "%g" already drops trailing zeros;
        # only exponent forms (1e-07) and -0 need the slow path.
        quick = str(value) if isinstance(value, int) else format(value, ".15g")
        if "e" not in quick and quick != "-0":
            return quick
    number = (
        Decimal(format(value, f".{EXCEL_SIGNIFICANT_DIGITS}g"))
        if isinstance(value, float)
        else Decimal(value)
    )
    if percent:
        # scaleb shifts the exponent exactly: 1.14 -> 114, where 1.14 * 100 in
        # floats is 113.99999999999999.
        number = number.scaleb(2)
    text = format(number.normalize(), "f")
    if text == "-0":
        text = "0"
    return f"{text}%" if percent else text


# --- before openpyxl -----------------------------------------------------------------


@dataclass(slots=True)
class _CellCounter:
    """Counts the cells of the sheet XML as the archive check inflates it, before openpyxl
    loads anything, and refuses more than it should load at once."""

    shown: str
    count: int = 0

    def scan(self, name: str, chunks: Iterator[bytes]) -> None:
        if not _SHEET_XML.fullmatch(name):
            drain(name, chunks)
            return
        tail = b""
        for chunk in chunks:
            data = tail + chunk
            # A tag may be cut by the chunk boundary: carry a "<…" near the end over
            # (only near the end: a tag is short, and carrying a long text run
            # over and over would make the count quadratic).
            cut = data.rfind(b"<", max(0, len(data) - _TAG_HEAD_BYTES))
            cut = len(data) if cut == -1 else cut
            self._add(_count_cells(data[:cut]))
            tail = data[cut:]
        self._add(_count_cells(tail))

    def _add(self, count: int) -> None:
        self.count += count
        if self.count > MAX_WORKBOOK_CELL_ELEMENTS:
            raise InputError(
                f"XLSX 文件的单元格（含合并单元格）过多（超过 {MAX_WORKBOOK_CELL_ELEMENTS} 个），"
                f"拒绝读取：{self.shown}",
                f"the XLSX file has too many cells, merged ones included (over "
                f"{MAX_WORKBOOK_CELL_ELEMENTS}); refused: {self.shown}",
            )


def _is_damage(error: OSError) -> bool:
    """An OSError that says "this file is broken", not "the disk failed" (which propagates).

    openpyxl raises a bare IOError for a package with no workbook part; zipfile
    seeks to a negative offset (EINVAL) when an entry's header offset is garbage.
    """
    return error.errno in (None, errno.EINVAL)


def _broken_error(error: BaseException, shown: str) -> InputError:
    kind = "zlib.error" if isinstance(error, zlib.error) else type(error).__name__
    return InputError(
        f"XLSX 文件已损坏，无法读取（{kind}）：{shown}",
        f"the XLSX file is damaged and cannot be read ({kind}): {shown}",
    )


def _count_cells(data: bytes) -> int:
    """The <c> elements in ``data``, plus every position its merged ranges cover: openpyxl
    makes a cell object for each (an 8 KB file merging A1:XFD1048576 would make 17 billion)."""
    merged = sum(_merge_area(m) for m in _MERGE_TAG.finditer(data))
    return sum(1 for _ in _CELL_TAG.finditer(data)) + merged


def _merge_area(match: re.Match[bytes]) -> int:
    left, top, right, bottom = match.groups()
    rows = abs(int(bottom) - int(top)) + 1
    return rows * (abs(_column_number(right) - _column_number(left)) + 1)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number
