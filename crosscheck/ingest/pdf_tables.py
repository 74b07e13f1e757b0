"""Ruling edges -> tables, table cells -> grids, and tables continued over a page break.

Tables are found with pdfplumber's *lines* strategy (edges snapped and joined, their
crossings, the smallest boxes between crossings, boxes that touch grouped into
tables), run on the edges PDFium gives (:mod:`crosscheck.ingest.pdf_page`): the same
tables as ``page.find_tables()``, without pdfminer parsing the page. The reports'
tables are ruled; a "table" of one column (a box drawn around a note, a frame around
the page) is read as text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from crosscheck.ingest.pdf_lines import chars_to_lines, joiner
from crosscheck.ingest.textview import CellContent

__all__ = [
    "TablePart",
    "cells_to_part",
    "continues_table",
    "find_table_cells",
    "repeated_header_rows",
    "table_to_grid",
]

# pdfplumber's TableSettings defaults for the lines strategy (points).
SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0
EDGE_MIN_LENGTH_PREFILTER = 1.0
INTERSECTION_TOLERANCE = 3.0
# A table has at least this many columns; a one-column box is text.
TABLE_MIN_COLUMNS = 2
# Cell boundaries closer than this (points) are the same rule.
GRID_TOLERANCE = 1.0
# The padding assumed between a cell's rule and its text at most (Word: 0.19 cm).
CELL_PADDING_MAX = 8.0
# Room left at a line's end smaller than the next line's first word by this much still
# counts as "did not fit" (rounding of glyph advances); in ems.
FIT_TOLERANCE_EM = 0.1
# The next line of a cell continues the previous one only across ordinary line spacing.
LINE_GAP_MAX_EM = 1.2
# Two parts of one table drawn on two pages put their column rules this close (points):
# the producer lays the table out once, page breaks do not move its columns.
STITCH_TOLERANCE = 3.0
# A header repeated on the next page is at most this many rows (two-level headers of
# 收支总表 and 支出功能分类 tables are two or three).
HEADER_ROWS_MAX = 4

Box = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class TablePart:
    """One page's part of a table: its box, its column rules and its grid."""

    bbox: Box
    columns: tuple[float, ...]  # the distinct left edges of its cells, then its right edge
    grid: list[list[CellContent | None]]

    @property
    def top(self) -> float:
        return self.bbox[1]


def find_table_cells(edges: Sequence[dict[str, Any]]) -> list[list[Box]]:
    """The cell boxes of each ruled table drawn by ``edges`` (pdfplumber's lines strategy)."""
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )
    from pdfplumber.utils import filter_edges

    base = filter_edges(edges, "v", min_length=EDGE_MIN_LENGTH_PREFILTER)
    base += filter_edges(edges, "h", min_length=EDGE_MIN_LENGTH_PREFILTER)
    if not base:
        return []
    merged = merge_edges(base, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    kept = filter_edges(merged, min_length=EDGE_MIN_LENGTH)
    crossings = edges_to_intersections(kept, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
    tables = cells_to_tables(intersections_to_cells(crossings))
    return [list(cells) for cells in tables if _column_count(cells) >= TABLE_MIN_COLUMNS]


def cells_to_part(cells: Sequence[Box], chars: Sequence[dict[str, Any]]) -> TablePart:
    """A table's cell boxes and the characters inside it -> its part on this page."""
    bbox = (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )
    columns = (*_distinct(c[0] for c in cells), bbox[2])
    return TablePart(bbox, columns, table_to_grid(cells, chars))


def continues_table(before: TablePart, after: TablePart) -> bool:
    """Whether ``after`` can be the next page's part of the table ``before`` ended: the same
    column rules (within ``STITCH_TOLERANCE``)."""
    return len(before.columns) == len(after.columns) and all(
        abs(a - b) <= STITCH_TOLERANCE for a, b in zip(before.columns, after.columns, strict=True)
    )


def continues_on_fewer_rules(before: TablePart, after: TablePart) -> bool:
    """Whether ``after`` can go on with ``before`` on rules it does not all repeat: the same
    outer rules, every column rule of ``after`` one of ``before``'s, its first row data (a
    digit in it). A form whose later rows merge some of its columns (a 自评表's indicator
    rows after its 资金 block) is drawn on the next page with the rules those rows use only."""
    if len(after.columns) >= len(before.columns) or not after.grid:
        return False
    if any(abs(before.columns[i] - after.columns[i]) > STITCH_TOLERANCE for i in (0, -1)):
        return False
    if any(_rule_index(before.columns, x) is None for x in after.columns):
        return False
    return any(c is not None and any(ch.isdigit() for ch in c.text) for c in after.grid[0])


def regrid(after: TablePart, before: TablePart) -> TablePart:
    """``after`` laid out over ``before``'s column rules (see continues_on_fewer_rules): each
    cell at the rule it starts at, spanning the rules up to its right one."""
    index = [_rule_index(before.columns, x) or 0 for x in after.columns]
    width = len(before.columns) - 1
    grid: list[list[CellContent | None]] = []
    for row in after.grid:
        laid: list[CellContent | None] = [None] * width
        for i, cell in enumerate(row):
            if cell is not None:
                start, end = index[i], index[min(i + cell.col_span, len(index) - 1)]
                laid[start] = replace(cell, col_span=max(1, end - start))
        grid.append(laid)
    return TablePart(after.bbox, before.columns, grid)


def _rule_index(rules: Sequence[float], x: float) -> int | None:
    return next((i for i, rule in enumerate(rules) if abs(rule - x) <= STITCH_TOLERANCE), None)


def repeated_header_rows(
    header: Sequence[Sequence[CellContent | None]], part: Sequence[Sequence[CellContent | None]]
) -> int:
    """How many first rows of ``part`` repeat the first rows of ``header`` (the table's first
    part): the header that a producer draws again on every page. A part is never all header."""
    limit = min(HEADER_ROWS_MAX, len(header), len(part) - 1)
    count = 0
    while count < limit and _row_key(part[count]) == _row_key(header[count]):
        count += 1
    return count


def _row_key(row: Sequence[CellContent | None]) -> tuple[tuple[str, int, int] | None, ...]:
    return tuple(
        None if c is None else ("".join(c.text.split()), c.row_span, c.col_span) for c in row
    )


# --- cells -> grid ----------------------------------------------------------------------


def table_to_grid(
    cells: Sequence[Box], chars: Sequence[dict[str, Any]]
) -> list[list[CellContent | None]]:
    """Cell boxes and the characters inside the table -> a grid for the builder.

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
    boxes: dict[tuple[int, int], Box] = {}
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


def _cell_text(chars: Sequence[dict[str, Any]], box: Box | None) -> str:
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
        text += (joiner(text, line.text) if wrapped else "\n") + line.text
    return text


def _column_count(cells: Sequence[Box]) -> int:
    return len(_distinct(c[0] for c in cells))
