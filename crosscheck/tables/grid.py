"""Table blocks -> aligned grids.

A reader table (docx, xlsx, html, pdf) knows its merged cells: they are
expanded so that every grid position a merged cell covers refers to it.

A table flattened to text (seed 000/001: one cell a line, rows split by blank
lines) lost its merged cells: a row that started under a vertically merged
label has fewer cells. Such rows are re-aligned inside their *section* (the
rows under one header row) to the section's width: a row that still starts
with an empty placeholder cell is left-aligned, one that starts with text had
its leading placeholders dropped and is right-aligned (``总分 | 100 | 94.5``
lands under 分值 | 得分). Flattening also lost some row breaks; the marker
left behind is a cell line that starts with a space before its TAB
(`` \\t（2）年初预算指标结余``). A row is split there when it is longer than
the table's usual row, or when what follows the marker is a header row.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise

import regex

from crosscheck import lexicons
from crosscheck.tables.headers import (
    bracketed_measure,
    bracketed_unit,
    code_level_words,
    header_word,
    normalize_header,
)
from crosscheck.tables.values import (
    bare_number,
    is_column_numbers,
    is_empty_text,
    is_numeric_text,
)
from crosscheck.types import Cell, Table

READER_LAYOUTS = frozenset({"docx", "xlsx", "html", "pdf"})
# A row is a header row when at least this many of its cells are header words.
MIN_HEADER_WORDS = 2
# A short cell naming its unit in brackets (建设面积（亩）, 总投资（万元）) is a column header
# too, whatever its words; longer ones are content that happens to hold a bracket.
MAX_UNIT_HEADER_CHARS = 20


@dataclass(frozen=True, slots=True)
class Slot:
    """A grid position: the cell there, and whether it only inherits it from a merge.

    ``opens_row`` marks the first cell of a row that was right-aligned: its
    leading placeholders were lost, so it is the row's own label (总分, 合计),
    spanning the label columns, whatever column it landed in.
    """

    cell: Cell
    inherited: bool = False
    opens_row: bool = False


Row = list[Slot | None]


def _names_a_column(raw: str) -> bool:
    """A header word, or a short cell with a bracketed unit: 建设面积（亩）."""
    if header_word(raw) is not None:
        return True
    short = len(raw.strip()) <= MAX_UNIT_HEADER_CHARS
    return short and (bracketed_unit(raw) is not None or bracketed_measure(raw) is not None)


def is_header_row(cells: Sequence[Cell]) -> bool:
    """Two or more header words and no number: 一级指标 | 二级指标 | … | 分值 | 得分."""
    words = sum(1 for c in cells if _names_a_column(c.raw))
    has_number = any(is_numeric_text(c.raw) for c in cells)
    return words >= MIN_HEADER_WORDS and not has_number


# At most this many text rows stand over a table's bare numbers as its headers ("三公" | 公务用
# 车购置及运行费 | 公务用车购置费: three levels).
MAX_ITEM_HEADER_ROWS = 3


def headers_over_numbers(rows: Sequence[Sequence[Cell]]) -> list[int]:
    """The header rows of a table whose columns are its items: one or two rows of short
    names and no number over rows of numbers only ("三公"经费表: 合计 | 因公出国（境）费 |
    公务用车购置及运行费 | 公务接待费 over 207.46 | 120.00 | …). Its headers are item names,
    no header words; [] for any other table."""
    filled = [[c for c in row if not is_empty_text(c.raw)] for row in rows]
    top = 0
    while (
        top < len(filled) and filled[top] and not any(is_numeric_text(c.raw) for c in filled[top])
    ):
        top += 1
    data = filled[top:]
    if not 1 <= top <= MAX_ITEM_HEADER_ROWS or not data:
        return []
    if not all(row and all(is_numeric_text(c.raw) for c in row) for row in data):
        return []
    if any(len(c.raw.strip()) > MAX_ITEM_HEADER_CHARS for row in filled[:top] for c in row):
        return []
    if any(len(filled[r]) != len(rows[r]) for r in range(top)):
        # A header row with placeholders ("" | "" | "" | 小计 | …): flattened merged headers
        # that no longer stand over their columns; which amount is whose is not read.
        return []
    return list(range(top))


MAX_ITEM_HEADER_CHARS = 20  # an item's name as a column header, not a sentence


# At most this many text rows stand over a 栏次 row as the table's headers.
MAX_NUMBERED_HEADER_ROWS = 3


def headers_over_column_numbers(rows: Sequence[Sequence[Cell]]) -> list[int]:
    """The rows of a header that a 栏次 row (** | 1 | 2 | …) closes: the text rows above it,
    with no number, and the 栏次 row itself ("单位名称 | “三公”经费合计 | 因公出国（境）费用 |
    …" over "** | 1 | 2 | …"). [] when no such row closes the first rows."""
    for r, row in enumerate(rows[: MAX_NUMBERED_HEADER_ROWS + 1]):
        if is_column_numbers([c.raw for c in row]):
            above = rows[:r]
            if r and all(not any(is_numeric_text(c.raw) for c in cells) for cells in above):
                return list(range(r + 1))
            return []
    return []


def _item_headers(rows: Sequence[Sequence[Cell]]) -> list[int]:
    """headers_over_numbers for a table read from text, where a second header row must be
    placed under the item it splits: a split the numbers do not place leaves the table
    without headers rather than with headers over the wrong amounts."""
    found = headers_over_numbers(rows)
    if len(found) == 2 and _expand_groups(rows[0], rows[1], rows[2:]) is None:
        return []
    return found


def reader_table_to_grid(table: Table) -> list[Row]:
    """Expand merged cells: every covered position refers to the merged cell."""
    n_rows = len(table.rows)
    width = max((c.col + c.col_span for row in table.rows for c in row), default=0)
    grid: list[Row] = [[None] * width for _ in range(n_rows)]
    for row in table.rows:
        for cell in row:
            for r in range(cell.row, min(n_rows, cell.row + cell.row_span)):
                for c in range(cell.col, min(width, cell.col + cell.col_span)):
                    grid[r][c] = Slot(cell, inherited=(r, c) != (cell.row, cell.col))
    return grid


def _starts_a_row(text: str, cell: Cell) -> bool:
    """The cell's line has a space before its TAB: the mark of a row break lost in flattening."""
    line_start = text.rfind("\n", 0, cell.span.start) + 1
    if text[line_start : line_start + 1] not in (" ", "\u3000"):
        return False  # most cell lines start with their TAB: no space before it
    prefix = text[line_start : cell.span.start]
    tab = prefix.find("\t")
    return tab > 0 and not prefix[:tab].strip(" \u3000")


def _split_lost_row_breaks(text: str, rows: Sequence[Sequence[Cell]]) -> list[list[Cell]]:
    lengths = Counter(len(r) for r in rows if len(r) >= 3)
    usual = lengths.most_common(1)[0][0] if lengths else 0
    out: list[list[Cell]] = []
    for row in rows:
        pieces: list[list[Cell]] = [[]]
        for index, cell in enumerate(row):
            if index and _starts_a_row(text, cell):
                rest = row[index:]
                if len(row) > usual or is_header_row(rest):
                    pieces.append([])
            pieces[-1].append(cell)
        pieces = [p for piece in pieces for p in _split_before_header(piece)]
        first, *others = pieces
        if others and out and is_header_row(others[0]) and len(first) == 1:
            # "\t1、…(more of the cell above)\n \t一级指标…": the fragment ends the row above.
            out[-1].append(first[0])
        else:
            out.append(first)
        out.extend(others)
    return out


# A cell this long (or holding a full stop) is content, never part of a header row.
CONTENT_CELL_CHARS = 20


def _split_before_header(cells: list[Cell]) -> list[list[Cell]]:
    """A header row glued behind content cells, its row break lost without a trace:
    ["", "1、落实…。", "1、学生资助…。", "一级指标", "二级指标", …] is a data row and a
    header row. Split where the header words start when what precedes is content."""
    if not is_header_row(cells):
        return [cells]
    k = next((i for i, c in enumerate(cells) if header_word(c.raw) is not None), 0)
    head = cells[:k]
    if k == 0 or not any(len(c.raw) > CONTENT_CELL_CHARS or "。" in c.raw for c in head):
        return [cells]
    return [head, cells[k:]]


def _section_width(header: Sequence[Cell] | None, rows: Sequence[Sequence[Cell]]) -> int:
    lengths = Counter(len(r) for r in rows if len(r) >= 2)
    usual = lengths.most_common(1)[0][0] if lengths else 0
    return max(len(header) if header else 0, usual, 1)


def _aligned(row: Sequence[Cell], width: int, numbers_end: int = 0) -> Row:
    """A row of ``width`` slots. A short row had its leading placeholders dropped: it is
    right-aligned, its first cell labelling it; when all but its label are numbers, it is
    right-aligned to ``numbers_end`` (the column after the section's last column of numbers)
    so that the text columns right of it stay empty: "总分 | 100 | 96.91" under 分值 | 得分 |
    偏差原因 puts 100 and 96.91 under 分值 and 得分, not 96.91 under 偏差原因."""
    if not row:
        return [None] * width
    slots: Row = [Slot(c) for c in row]
    missing = width - len(slots)
    if missing <= 0:
        return slots
    if row and is_empty_text(row[0].raw):
        return slots + [None] * missing  # placeholders kept: left-aligned
    end = width
    if (
        len(row) >= 2
        and len(row) <= numbers_end < width
        and all(is_numeric_text(c.raw) for c in row[1:])
    ):
        end = numbers_end
    # Leading placeholders dropped: right-aligned, and the first cell labels the row.
    return (
        [None] * (end - len(slots))
        + [Slot(row[0], opens_row=True)]
        + slots[1:]
        + [None] * (width - end)
    )


def _numbers_end(rows: Sequence[Sequence[Cell]], width: int) -> int:
    """The column after the last one that holds a number in a row of the section's full
    width; 0 when no full row has a number."""
    return max(
        (i + 1 for r in rows if len(r) == width for i, c in enumerate(r) if is_numeric_text(c.raw)),
        default=0,
    )


def _block_width(header: Sequence[Cell] | None) -> int:
    """The width of one block of a header that repeats one run of headers side by side
    (科目编码 | 科目名称 | 决算数 | 科目编码 | 科目名称 | 决算数: 3); 0 when it repeats none."""
    if not header:
        return 0
    words = [normalize_header(c.raw) for c in header]
    for width in range(2, len(words) // 2 + 1):
        if len(words) % width == 0 and all(w == words[i % width] for i, w in enumerate(words)):
            return width
    return 0


MIN_BLOCK_PAIRS = 2


def _pairs_in_blocks(row: Sequence[Cell], width: int, block: int) -> Row | None:
    """A short row of label-value pairs under side-by-side blocks ("人员经费合计 | 538.25 |
    公用经费合计 | 74.15" under two 科目编码 | 科目名称 | 决算数 blocks): each pair in the
    name and value columns of its own block, where right-aligning would put the first
    block's label over the second block's value. None for any other row."""
    if not block or len(row) >= width or len(row) % 2:
        return None
    if not MIN_BLOCK_PAIRS <= len(row) // 2 <= width // block:
        return None  # one pair alone may be any block's: right-aligned as any short row
    pairs = list(zip(row[::2], row[1::2], strict=True))
    if not all(
        not is_empty_text(label.raw)
        and not is_numeric_text(label.raw)
        and is_numeric_text(value.raw)
        for label, value in pairs
    ):
        return None
    slots: Row = [None] * width
    for i, (label, value) in enumerate(pairs):
        end = (i + 1) * block
        slots[end - 2], slots[end - 1] = Slot(label), Slot(value)
    return slots


# A section's title in the first cell of its header row: "预算执行情况(10分)", "绩效指标(90分)".
_SECTION_TITLE = regex.compile(r"[（(]\s*[0-9]+(?:\.[0-9]+)?\s*分\s*[）)]\s*$")


def _titled_section(header: Sequence[Cell] | None) -> bool:
    """The header row opens with the section's title, a cell merged down the section's rows
    (四川 部门预算项目支出绩效自评表: "预算执行情况(10分) | 年度预算数(万元) | 年初预算 | …"):
    flattened, the data rows lost it and every value sits one column to the left."""
    if not header or len(header) < 3 or not _SECTION_TITLE.search(header[0].raw):
        return False
    return sum(1 for c in header[1:] if header_word(c.raw) is not None) >= MIN_HEADER_WORDS


def _under_title(row: Row) -> Row:
    """A data row of a titled section, moved one column right when its last slot is free."""
    first, last = row[0], row[-1]
    if first is None or is_empty_text(first.cell.raw):
        return row
    if last is not None and not is_empty_text(last.cell.raw):
        return row  # no free slot: do not guess
    return [None, *row[:-1]]


# A row of sub-headers repeated under each of several column groups: "总额 | 财政拨款 | 其他资金"
# under 全年预算数 and again under 全年执行数. At least two groups of at least two.
MIN_GROUP_COLUMNS = 2


def _group_split(header: Sequence[Cell], sub: Sequence[Cell]) -> tuple[int, int, int] | None:
    """(first, groups, per group) when ``sub`` repeats one run of sub-headers under
    ``groups`` consecutive value headers of ``header`` starting at ``first`` (flattened, the
    merged group headers lost their width)."""
    n = len(sub)
    if n < 2 * MIN_GROUP_COLUMNS or any(
        is_empty_text(c.raw) or is_numeric_text(c.raw) for c in sub
    ):
        return None
    raws = [" ".join(c.raw.split()) for c in sub]
    for per in range(MIN_GROUP_COLUMNS, n // 2 + 1):
        if n % per or any(raws[i] != raws[i + per] for i in range(n - per)):
            continue
        groups = n // per
        values = [
            i
            for i, c in enumerate(header)
            if (word := header_word(c.raw)) is not None and word.role == "value"
        ]
        runs = [
            i for i in values if all(i + g in values for g in range(groups)) and i - 1 not in values
        ]
        return (runs[0], groups, per) if len(runs) == 1 else None
    return None


# The sub-column of a column group that holds the group's own value (全年预算数 / 总额, 基本
# 支出 / 小计): the group's key goes to it, its other sub-columns are its parts.
GROUP_TOTALS = frozenset({"总额", "合计", "小计", "总计"})
# Rows whose group total is not zero that must add up for a group to be placed by them.
MIN_SUMMING_ROWS = 2
# At most one row in this many may fail to add up under the header that places a group.
MAX_FAILING_SHARE = 3


def _single_group(
    header: Sequence[Cell], sub: Sequence[Cell], data: Sequence[Sequence[Cell]]
) -> tuple[int, int, int] | None:
    """(first, 1, per) when ``sub`` ("小计 | 人员经费 | 公用经费") splits one value header
    of ``header`` (基本支出) and the data rows say which: the only header under which, on
    every row as wide as the split header, the 小计 is the sum of the parts beside it."""
    per = len(sub)
    if per < 2 or normalize_header(sub[0].raw) not in GROUP_TOTALS:
        return None
    width = len(header) + per - 1
    # Rows of data: as wide as the split header and labelled (a 栏次 row "** | 1 | 2…" is not).
    rows = [r for r in data if len(r) == width and any(_HAN.search(c.raw) for c in r)]
    fits = []
    for i, cell in enumerate(header):
        word = header_word(cell.raw)
        if word is None or word.role != "value":
            continue
        sums = [_sums_at(row, i, per) for row in rows]
        # Words under the group, or numbers that do not add up: rows the header does not fit.
        failing = sum(1 for s in sums if s is None)
        summing = sum(1 for s in sums if s)
        # A row that does not add up may be the very slip a reviewer looks for: most rows
        # place the group, and no other header fits them.
        if summing >= MIN_SUMMING_ROWS and failing * MAX_FAILING_SHARE <= summing:
            fits.append(i)
    return (fits[0], 1, per) if len(fits) == 1 else None


def _item_group(
    header: Sequence[Cell], sub: Sequence[Cell], data: Sequence[Sequence[Cell]]
) -> tuple[int, int, int] | None:
    """(first, 1, per) when ``sub`` ("小计 | 公务用车购置费 | 公务用车运行费") splits one item
    of a header of items over unlabelled rows of numbers ("三公"经费表: 合计 | 因公出国（境）费
    | 公务用车购置及运行费 | 公务接待费): the one item under which every such row's 小计 is the
    sum of the parts beside it, one of them at least not zero."""
    per = len(sub)
    if per < 2 or normalize_header(sub[0].raw) not in GROUP_TOTALS:
        return None
    width = len(header) + per - 1
    # Leading label columns (单位名称 of a table of units by items) hold names, not amounts.
    lead = 0
    while lead < len(header) and _is_label_header(header[lead]):
        lead += 1
    rows = [r for r in data if len(r) == width and not is_column_numbers([c.raw for c in r])]
    if not rows or any(
        not all(is_numeric_text(c.raw) or is_empty_text(c.raw) for c in r[lead:]) for r in rows
    ):
        return None
    fits = []
    for i in range(lead, len(header)):
        sums = [_sums_at(row, i, per) for row in rows]
        if all(s is not None for s in sums) and any(sums):
            fits.append(i)
    return (fits[0], 1, per) if len(fits) == 1 else None


def _sums_at(row: Sequence[Cell], at: int, per: int) -> bool | None:
    """Whether ``row[at]`` is the sum of the ``per - 1`` numbers after it and not zero
    (False: a zero sum; None: no sum)."""
    numbers = [_cell_number(c) for c in row[at : at + per]]
    if len(numbers) < per or any(n is None for n in numbers):
        return None
    total, parts = numbers[0][0], [n[0] for n in numbers[1:]]
    step = max(n[1] for n in numbers)
    if abs(total - sum(parts, Decimal(0))) > step * per:
        return None
    return bool(total)


def _parts_split(
    header: Sequence[Cell], sub: Sequence[Cell], data: Sequence[Sequence[Cell]]
) -> tuple[int, int, int] | None:
    """(first, 1, per) when ``sub`` names the parts of one header of ``header`` and no
    subtotal ("人员支出 | 日常公用支出" under 基本支出, lexicons/column_parts.tsv), and most
    data rows are as wide as the split header."""
    per = len(sub)
    wholes = {_column_parts().get(normalize_header(c.raw)) for c in sub}
    if per < 2 or len(wholes) != 1 or None in wholes:
        return None
    (whole,) = wholes
    at = [i for i, c in enumerate(header) if normalize_header(c.raw) == whole]
    if len(at) != 1 or not _mostly_as_wide(data, len(header) + per - 1):
        return None
    return (at[0], 1, per)


def _label_split(
    header: Sequence[Cell], sub: Sequence[Cell], data: Sequence[Sequence[Cell]]
) -> tuple[int, int, int] | None:
    """(0, 1, per) when ``sub`` names the label columns ("功能分类科目编码 | 科目名称") that the
    first header, a label itself ("项目"), stands over, and most data rows are as wide as the
    split header (a 决算表's "项目 | 本年支出合计 | 基本支出 | …" over code and name)."""
    per = len(sub)
    if per < 2 or not all(_is_label_header(c) for c in (header[0], *sub)):
        return None
    return (0, 1, per) if _mostly_as_wide(data, len(header) + per - 1) else None


def _is_label_header(cell: Cell) -> bool:
    word = header_word(cell.raw)
    return word is not None and word.role == "label"


def _mostly_as_wide(data: Sequence[Sequence[Cell]], width: int) -> bool:
    """More than half of the data rows have ``width`` cells (the split header's width)."""
    return sum(1 for r in data if len(r) == width) * 2 > len(data)


@cache
def _column_parts() -> dict[str, str]:
    return {r["part"]: r["whole"] for r in lexicons.rows("column_parts")}


def column_part(col_header: str) -> str:
    """The part a column's header path names under its whole ("基本支出 / 人员经费" ->
    人员经费, lexicons/column_parts.tsv); "" for any other column (小计, a part under another
    whole, a header of one level)."""
    path = [normalize_header(p) for p in col_header.split(" / ")]
    if len(path) < 2 or _column_parts().get(path[-1]) != path[-2]:
        return ""
    return path[-1]


_HAN = regex.compile(r"\p{Han}")


def _cell_number(cell: Cell) -> tuple[Decimal, Decimal] | None:
    """A cell's number and the step of its last written digit; a blank cell is zero (a 决算
    table leaves a zero unwritten); None for words."""
    if is_empty_text(cell.raw):
        return Decimal(0), Decimal(0)
    number = bare_number(cell.raw)
    return (number[0], Decimal(1).scaleb(-number[1])) if number else None


def _expand_groups(
    header: Sequence[Cell], sub: Sequence[Cell], data: Sequence[Sequence[Cell]] = ()
) -> tuple[Row, Row] | None:
    """The header and its sub-header row laid out over the columns the groups span:
    全年预算数 three times over 总额 | 财政拨款 | 其他资金; 基本支出 over 小计 | 人员经费 |
    公用经费."""
    split = (
        _group_split(header, sub)
        or _single_group(header, sub, data)
        or _item_group(header, sub, data)
        or _parts_split(header, sub, data)
        or _label_split(header, sub, data)
    )
    if split is None:
        return None
    first, groups, per = split
    top: Row = [Slot(c) for c in header[:first]]
    for g in range(groups):
        cell = header[first + g]
        top += [Slot(cell), *(Slot(cell, inherited=True) for _ in range(per - 1))]
    top += [Slot(c) for c in header[first + groups :]]
    below: Row = [None] * first + [Slot(c) for c in sub] + [None] * (len(header) - first - groups)
    return top, below


# At most this many rows of label headers stand between a header row and its 类 | 款 | 项 row
# (支出功能分类 | 科目名称, then 科目编码, then 类 | 款 | 项: one merged cell's lines).
MAX_LABEL_HEADER_ROWS = 3


def _is_code_levels(row: Sequence[Cell]) -> bool:
    """类 | 款 | 项: the row that splits a 科目编码 into a column per level."""
    levels = code_level_words()
    return len(row) >= 2 and all(normalize_header(c.raw) in levels for c in row)


def _is_label_header_text(row: Sequence[Cell]) -> bool:
    """A row of short words and no number, none of them empty: a header's further lines."""
    return bool(row) and all(
        not is_empty_text(c.raw)
        and not is_numeric_text(c.raw)
        and len(c.raw.strip()) <= MAX_ITEM_HEADER_CHARS
        for c in row
    )


def _coded_rows(rows: Sequence[Sequence[Cell]], levels: int) -> bool:
    """Most rows of data as wide as the usual row carry a code a level a column: digits or
    blanks in the first ``levels`` cells, one digit at least, and a name after them."""
    wide = [r for r in rows if len(r) > levels + 1]
    coded = [
        r
        for r in wide
        if all(c.raw.strip().isdigit() or is_empty_text(c.raw) for c in r[:levels])
        and any(c.raw.strip().isdigit() for c in r[:levels])
        and _HAN.search(r[levels].raw)
    ]
    return len(coded) >= MIN_SUMMING_ROWS and len(coded) * 2 > len(wide)


def _code_header_block(
    rows: Sequence[Sequence[Cell]], header: int, end: int
) -> tuple[int, list[Row]] | None:
    """(the first data row, the header rows laid out) of a header whose 科目编码 is split into
    a column per level by a 类 | 款 | 项 row below it (a 部门预算/决算 table flattened:
    "功能分类科目编码 | 科目名称 | 合计 | …" over "类 | 款 | 项", or "项目 | 合计 | 基本支出 | …"
    over "支出功能分类 | 科目名称", "科目编码" and "类 | 款 | 项", each a line of merged cells).
    The 科目编码 cell spans the level columns; a row of labels only stands over the label
    columns on the left; a row with value headers is right-aligned as any short row (its
    first cell, 项目, spans the labels). None unless the rows of data carry their codes a
    level a column, as the layout says."""
    levels_at = next(
        (
            r
            for r in range(header + 1, min(end, header + 2 + MAX_LABEL_HEADER_ROWS))
            if _is_code_levels(rows[r])
        ),
        None,
    )
    if levels_at is None or not all(
        _is_label_header_text(rows[r]) for r in range(header + 1, levels_at)
    ):
        return None
    levels = len(rows[levels_at])
    data = rows[levels_at + 1 : end]
    width = _section_width(None, data)
    if not _coded_rows(data, levels):
        return None
    laid_out: list[Row] = []
    for r in range(header, levels_at + 1):
        row = rows[r]
        if r == levels_at:
            laid_out.append([Slot(c) for c in row] + [None] * (width - levels))
            continue
        values = any((word := header_word(c.raw)) is not None and word.role == "value" for c in row)
        first = header_word(row[0].raw)
        slots: Row = [Slot(c) for c in row]
        if not values or (first is not None and first.key == "item_code"):
            # The code's heading (支出功能分类 / 科目编码 / 功能分类科目编码) over its levels.
            slots = [Slot(row[0]), *(Slot(row[0], inherited=True) for _ in range(levels - 1))]
            slots += [Slot(c) for c in row[1:]]
        if len(slots) > width:
            return None
        if len(slots) < width:
            slots = slots + [None] * (width - len(slots)) if not values else _aligned(row, width)
        laid_out.append(slots)
    return levels_at + 1, laid_out


def _rows_until_header(
    rows: Sequence[Sequence[Cell]], start: int, headers: Sequence[int]
) -> list[Sequence[Cell]]:
    """The rows from ``start`` up to the next header row."""
    end = next((h for h in headers if h >= start), len(rows))
    return list(rows[start:end])


def text_table_to_grid(text: str, table: Table) -> tuple[list[Row], list[int]]:
    """The aligned grid of a table parsed from text, and the indexes of its header rows."""
    rows = _split_lost_row_breaks(text, table.rows)
    header_rows = (
        [i for i, r in enumerate(rows) if is_header_row(r)]
        or _item_headers(rows)
        or headers_over_column_numbers(rows)
    )
    # A header row right under a single header row that it splits ("功能分类科目编码 | 科目名称"
    # under a 决算表's "项目 | 本年支出合计 | …") is that header's sub-header, not a section of
    # its own. Under a stack of two header rows it is left alone: the top row cannot be laid
    # out over the columns from the text.
    # A 栏次 row (** | 1 | 2 | …) closes a header block: a header row, but no section of its
    # own, and no data row a split is placed by.
    numbered = {i for i in header_rows if is_column_numbers([c.raw for c in rows[i]])}
    opening = [i for i in header_rows if i not in numbered]

    def data_after(start: int) -> list[Sequence[Cell]]:
        return [
            r
            for k, r in enumerate(_rows_until_header(rows, start, opening), start)
            if k not in numbered
        ]

    header_rows = [
        i
        for i in header_rows
        if not (
            i - 1 in header_rows
            and i - 2 not in header_rows
            and len(rows[i]) < len(rows[i - 1])
            and _expand_groups(rows[i - 1], rows[i], data_after(i + 1))
        )
    ]
    # A header whose 科目编码 a 类 | 款 | 项 row splits: its rows are one header block.
    code_blocks: dict[int, tuple[int, list[Row]]] = {}
    for position, h in enumerate(opening):
        following = next((k for k in opening[position + 1 :] if k > h), len(rows))
        found = _code_header_block(rows, h, following) if h in header_rows else None
        if found is not None:
            code_blocks[h] = found
    inside = {r for h, (first_data, _) in code_blocks.items() for r in range(h + 1, first_data)}
    header_rows = [i for i in header_rows if i not in inside]
    grid: list[Row] = []
    starts = [0, *(i for i in header_rows if i not in numbered), len(rows)]
    sub_headers: list[int] = sorted(inside)
    for a, b in pairwise(starts):
        if a == b:
            continue
        if a in code_blocks:
            first_data, laid_out = code_blocks[a]
            width = len(laid_out[0])
            grid.extend(laid_out)
            grid.extend(_aligned(r, width) for r in rows[first_data:b])
            continue
        header = rows[a] if a in header_rows else None
        expanded = (
            _expand_groups(header, rows[a + 1], data_after(a + 2))
            if header is not None and a + 1 < b and a + 1 not in header_rows
            else None
        )
        if expanded is not None:
            # The sub-header row is a header row too; the data rows align to the width the
            # groups span.
            top, below = expanded
            width = max(len(top), _section_width(None, rows[a + 2 : b]))
            pad = width - len(top)
            grid.extend([[None] * pad + top, [None] * pad + below])
            grid.extend(_aligned(r, width) for r in rows[a + 2 : b])
            sub_headers.append(a + 1)
            continue
        width = _section_width(header, rows[a + 1 if header else a : b])
        block = _block_width(header)
        numbers_end = _numbers_end(rows[a + 1 if header else a : b], width)
        aligned = [
            _pairs_in_blocks(r, width, block) or _aligned(r, width, numbers_end) for r in rows[a:b]
        ]
        if _titled_section(header):
            aligned = [aligned[0], *(_under_title(r) for r in aligned[1:])]
        grid.extend(aligned)
    width = max((len(r) for r in grid), default=0)
    return [r + [None] * (width - len(r)) for r in grid], sorted([*header_rows, *sub_headers])


def _with_rows_merged_into(grid: Sequence[Row], header_rows: list[int]) -> list[int]:
    """The header rows and each row that a header cell above reaches down into (row_span >
    1), with no number of its own: the second line of a two-level header ("功能分类科目名称"
    and "合计" merged over two rows, "基本支出" over "小计 | 人员经费 | 日常公用支出"), whose
    words need not be header words to be headers."""
    found = set(header_rows)
    for i in range(1, len(grid)):
        if i in found or i - 1 not in found:
            continue
        own = [s.cell for s in grid[i] if s is not None and not s.inherited]
        reached = any(
            s is not None and s.inherited and above is not None and above.cell is s.cell
            for s, above in zip(grid[i], grid[i - 1], strict=False)
        )
        if reached and own and not any(is_numeric_text(c.raw) for c in own):
            found.add(i)
    return sorted(found)


def table_to_grid(text: str, table: Table) -> tuple[list[Row], list[int]]:
    """The aligned grid of any table block, and the indexes of its header rows."""
    if table.layout in READER_LAYOUTS:
        grid = reader_table_to_grid(table)
        cells = [[s.cell for s in row if s and not s.inherited] for row in grid]
        header_rows = [i for i, row in enumerate(cells) if is_header_row(row)]
        if not header_rows:
            # The form's own lines ruled into the table ("部门名称：某局 | 单位：万元", blank
            # rows) stand above its header: the header is looked for below them.
            lead = _form_lines_on_top(cells)
            body = cells[lead:]
            header_rows = [
                lead + i for i in headers_over_numbers(body) or headers_over_column_numbers(body)
            ]
        header_rows = _with_rows_merged_into(grid, header_rows)
        return _anchored_under_headers(grid, header_rows), header_rows
    return text_table_to_grid(text, table)


# The end of a unit line wrapped inside its cell ("单位：万" over "元"): no header, no value.
_UNIT_LINE_TAIL = regex.compile(r"(?:[万亿千]|百万)?元")


def _form_lines_on_top(rows: Sequence[Sequence[Cell]]) -> int:
    """How many of the first rows are the form's own lines or blank: each filled cell a form
    note (部门名称：…, 单位：万元, lexicons/segment_cues.tsv note_prefix) or the wrapped end of a
    unit line ("元"), at least one note among them."""
    from crosscheck.segment.paragraphs import body_is_note

    lead = 0
    seen_note = False
    for row in rows:
        filled = [c.raw.strip() for c in row if not is_empty_text(c.raw)]
        notes = [t for t in filled if body_is_note(t)]
        fragments = [t for t in filled if _UNIT_LINE_TAIL.fullmatch(t)]
        if filled and len(notes) + len(fragments) < len(filled):
            break
        seen_note = seen_note or bool(notes)
        lead += 1
    return lead if seen_note else 0


def _anchored_under_headers(grid: list[Row], header_rows: list[int]) -> list[Row]:
    """Each merged body cell placed in the column of the header it stands under. A table
    exported from a spreadsheet merges its cells on other column lines than its header's
    ("金额" over columns 9–12, each amount over 8–12; "功能科目名称" at 6, each name over
    3–7): a body cell is read in the column of the one header cell that lies within its
    span, or else that overlaps it most, in the lowest header row over it. A header cell
    that stands over no body cell's origin otherwise heads nothing."""
    if not header_rows:
        return grid
    header_spans = [
        [
            (s.cell.col, s.cell.col + s.cell.col_span)
            for s in grid[r]
            if s is not None and not s.inherited and not is_empty_text(s.cell.raw)
        ]
        for r in reversed(header_rows)
    ]
    anchored = [list(row) for row in grid]
    for r in range(header_rows[-1] + 1, len(grid)):
        for slot in grid[r]:
            if slot is None or slot.inherited or slot.cell.row != r or slot.cell.col_span < 2:
                continue
            start, end = slot.cell.col, slot.cell.col + slot.cell.col_span
            column = _header_column(header_spans, start, end)
            if column is None or column == start:
                continue
            anchored[r][start] = Slot(slot.cell, inherited=True)
            anchored[r][column] = Slot(slot.cell, opens_row=slot.opens_row)
    return anchored


def _header_column(header_spans: list[list[tuple[int, int]]], start: int, end: int) -> int | None:
    """The first column of the header cell a body cell over columns [start, end) stands
    under: in the lowest header row with a cell over it, the one cell within its span, or the
    one that overlaps it most; None when two fit alike."""
    for spans in header_spans:
        over = [(a, b) for a, b in spans if a < end and start < b]
        if not over:
            continue
        within = [(a, b) for a, b in over if start <= a and b <= end]
        if len(within) == 1:
            return within[0][0]
        if within:
            return None
        overlaps = sorted(((min(b, end) - max(a, start), a) for a, b in over), reverse=True)
        if len(overlaps) > 1 and overlaps[0][0] == overlaps[1][0]:
            return None
        return overlaps[0][1]
    return None
