"""A table block -> a :class:`ParsedTable`: grid, headers, row labels, unit, layout, quantities.

Steps, each a small function below:

1. ``table_to_grid``: aligned grid and header rows (crosscheck/tables/grid.py);
2. sections: the rows under one header block share column headers;
3. column keys from header words, completed for the 资金 block of a 自评表
   whose header row was lost (seed 000) from the kinds of its values;
4. column roles: label columns (row labels, filled down through merged cells),
   value columns, note columns;
5. the unit of bare amounts: a column's bracketed unit, else its section's,
   else the table's caption or 单位 line, else the layout's default;
6. each cell's quantities: a bare number takes its column's kind and unit
   (a column headed by a measure unit, 面积（亩）, makes it a measure), or the
   unit and bound its row states in cells of their own (计量单位, 指标性质);
   any other text goes through the extractor, as narrative does.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import regex

from crosscheck.captions import is_table_number
from crosscheck.extractor import Found, find_quantities
from crosscheck.extractor.bounds import prefix_bound
from crosscheck.extractor.numbers import scale_factors
from crosscheck.tables.grid import GROUP_TOTALS, READER_LAYOUTS, Row, table_to_grid
from crosscheck.tables.headers import (
    bracketed_measure,
    bracketed_unit,
    header_word,
    key_entry,
    normalize_header,
)
from crosscheck.tables.layouts import recognise
from crosscheck.tables.units import unit_in_text, unit_line_in_text
from crosscheck.tables.values import (
    bare_number,
    is_column_numbers,
    is_empty_text,
    is_numeric_text,
)
from crosscheck.types import ParsedTable, Quantity, Span, Table, TableCell

# Row labels that name a table's grand total (总分 sums the 得分 column).
TOTAL_LABELS = frozenset({"合计", "总计", "总分", "年度资金总额", "资金总额"})
# Totals of the whole table: their row spans every label column, nothing is filled into it.
GRAND_TOTALS = frozenset({"总分", "总计"})
# Measure word of a bare number in a count column (编制数, 在职人数).
COUNT_UNIT = "人"
_UNIT_CHARS_ABOVE = 300  # characters above a table searched for a 单位：万元 line
_UNIT_LINES_ABOVE = 4  # … and at most this many non-blank lines
_UNIT_ROWS_INSIDE = 2  # a "金额单位：万元" cell counts in the first rows of the table itself
_WRAPPED_UNIT_ROWS = 4  # rows a unit line wrapped in its cell may reach down into
MAX_TITLE_CHARS = 40
_TITLE_END = regex.compile(r"表[)）]?$|表（[^）]*）$")


@dataclass(frozen=True, slots=True)
class _Section:
    header_rows: tuple[int, ...]
    first: int  # first data row
    end: int  # one past the last row


@dataclass
class _Column:
    header: str | None = None
    key: str | None = None
    role: str | None = None  # label | value | note
    kind: str = ""
    unit: str | None = None
    measure: tuple[str, str] | None = None  # (scale, unit) of a header such as 面积（万亩）


def _sections(n_rows: int, header_rows: list[int]) -> list[_Section]:
    """Consecutive header rows form one header block; data rows follow until the next block."""
    sections: list[_Section] = []
    i = 0
    headers = set(header_rows)
    current: list[int] = []
    start = 0
    while i < n_rows:
        if i in headers:
            if i > start or not current:
                if i > start:
                    sections.append(_Section(tuple(current), start, i))
                current = []
            while i < n_rows and i in headers:
                current.append(i)
                i += 1
            start = i
            continue
        i += 1
    sections.append(_Section(tuple(current), start, n_rows))
    return [s for s in sections if s.header_rows or s.end > s.first]


def _text_at(grid: list[Row], r: int, c: int) -> str:
    slot = grid[r][c]
    return slot.cell.raw if slot is not None else ""


def _columns(grid: list[Row], section: _Section, n_cols: int) -> list[_Column]:
    columns = [_Column() for _ in range(n_cols)]
    # A 栏次 row closing the header (** | 1 | 2 | …) numbers the columns, it names none.
    naming = [
        r
        for r in section.header_rows
        if not is_column_numbers([_text_at(grid, r, c) for c in range(n_cols)])
    ]
    for c in range(n_cols):
        texts: list[str] = []
        for r in naming:
            text = _text_at(grid, r, c)
            if text and not is_empty_text(text) and text not in texts:
                texts.append(text)
        if not texts:
            continue
        column = columns[c]
        column.header = " / ".join(" ".join(t.split()) for t in texts)
        column.unit = bracketed_unit(texts[-1])
        column.measure = bracketed_measure(texts[-1])
        word = header_word(texts[-1])
        if len(texts) > 1 and normalize_header(texts[-1]) in GROUP_TOTALS:
            # 全年预算数 / 总额: the group's own total column is the group's value; its other
            # sub-columns (财政拨款, 其他资金) are parts of it and keep no key. A 小计 alone
            # heads a row's amount of every class (小计 | 其中：基本支出 | 项目支出).
            group = header_word(texts[-2])
            if group is None:
                # 2026年政府采购项目 / 小计: the subtotal of a group no header word names is
                # that group's, not the row's total; what the group holds is not known.
                continue
            word = group
        if word is not None:
            column.key, column.role, column.kind = word.key, word.role, word.kind
        elif len(texts) > 1 and (group := header_word(texts[-2])) is not None:
            column.role, column.kind = group.role, group.kind  # 全年预算数 / 财政拨款: an amount
    return columns


def _value_kinds(grid: list[Row], r: int, columns: range) -> list[tuple[int, str]]:
    """(column, kind) of the numeric cells of row ``r``: amount-like, percent or small integer."""
    kinds = []
    for c in columns:
        text = _text_at(grid, r, c)
        if not is_numeric_text(text):
            continue
        if text.strip().endswith(("%", "％")):
            kinds.append((c, "percent"))
        else:
            kinds.append((c, "number"))
    return kinds


def _complete_funding_keys(
    grid: list[Row], section: _Section, columns: list[_Column], label_of: dict[int, str]
) -> None:
    """The 资金 block of a 自评表 whose header row was lost in flattening (seed 000).

    Its total row reads ``合计 | 4847.62 | 5514.89 | 114% | 10 | 10``: the percent
    is the 执行率, the amounts before it the 预算数 (全年, then 年初 further left)
    and the 执行数, the two numbers after it 分值 and 得分. Applied only when the
    header does not already give a percent column to the percent cell.
    """
    for r in range(section.first, section.end):
        if normalize_header(label_of.get(r, "")) not in TOTAL_LABELS:
            continue
        kinds = _value_kinds(grid, r, range(len(columns)))
        percents = [i for i, (_, kind) in enumerate(kinds) if kind == "percent"]
        if len(percents) != 1:
            continue
        p = percents[0]
        before, after = kinds[:p], kinds[p + 1 :]
        percent_col = kinds[p][0]
        if columns[percent_col].kind == "percent" or len(after) != 2 or not 1 <= len(before) <= 3:
            return
        amount_keys = ["initial_budget", "adjusted_budget", "expenditure"][-len(before) :]
        assigned = [*zip(before, amount_keys, strict=True), (kinds[p], "execution_rate")]
        assigned += list(zip(after, ("full_score", "score"), strict=True))
        for (c, _), key in assigned:
            word, entry = key_entry(key) or (key, None)
            column = columns[c]
            column.key, column.role = key, "value"
            column.kind = entry.kind if entry else ""
            column.header = word  # the lost header, named by what the values are
        return


def _assign_roles(grid: list[Row], section: _Section, columns: list[_Column]) -> None:
    """Columns without a header role: numeric ones are values, those left of them labels. A
    column whose every filled cell is a merged cell's covered part (an amount over columns
    8–12 read in column 9) holds nothing of its own: a note, neither a value nor a label, so
    that it splits no side off and names no row."""
    own = [
        [
            _text_at(grid, r, c)
            for r in range(section.first, section.end)
            if (slot := grid[r][c]) is not None
            and not slot.inherited
            and not is_empty_text(slot.cell.raw)
        ]
        for c in range(len(columns))
    ]
    numeric = [any(is_numeric_text(text) for text in texts) for texts in own]
    first_value = next(
        (
            c
            for c, col in enumerate(columns)
            if col.role == "value" or (col.role is None and numeric[c])
        ),
        len(columns),
    )
    for c, column in enumerate(columns):
        if column.role is not None:
            continue
        if not own[c] and any(
            (slot := grid[r][c]) is not None and slot.inherited
            for r in range(section.first, section.end)
        ):
            column.role = "note"
        elif numeric[c]:
            column.role = "value"
        elif c < first_value:
            column.role = "label"
        else:
            column.role = "note"


def _sides(columns: list[_Column]) -> list[list[int]]:
    """The label columns of each side of a side-by-side table, left to right.

    A 收入支出决算总表 puts two tables in one: 项目 | 行次 | 金额 | 项目 | 行次 | 金额.
    A label column that follows a value column opens a new side; a plain table
    has one side.
    """
    sides: list[list[int]] = [[]]
    seen_value = False
    for c, column in enumerate(columns):
        if column.role == "value":
            seen_value = True
        elif column.role == "label":
            if seen_value and sides[-1]:
                sides.append([])
                seen_value = False
            sides[-1].append(c)
    return sides


# A block has at least a label column and a value column.
MIN_BLOCK_COLUMNS = 2


def _column_blocks(grid: list[Row], section: _Section, n_cols: int) -> tuple[int, ...]:
    """The first column of each block when a header row repeats one sequence of headers
    across the table: ``科目编码 | 科目名称 | 金额 | 科目编码 | 科目名称 | 金额`` is one table
    printed twice side by side (a 基本支出决算表: 301/303 on the left, 302/310 on the right).
    A merged header is read in every column it covers. () when no header row repeats."""
    for r in section.header_rows:
        texts = [normalize_header(_text_at(grid, r, c)) for c in range(n_cols)]
        while texts and not texts[-1]:
            texts.pop()
        width = len(texts)
        for period in range(MIN_BLOCK_COLUMNS, width // 2 + 1):
            if (
                width % period == 0
                and all(texts[:period])  # every column of a block named
                and len(set(texts[:period])) >= MIN_BLOCK_COLUMNS  # not 预算数 | 预算数
                and all(texts[c] == texts[c + period] for c in range(width - period))
            ):
                return tuple(range(0, width, period))
    return ()


def _labelled_blocks(blocks: tuple[int, ...], columns: list[_Column]) -> list[list[int]]:
    """The label columns of each block, when every block has one: a header repeated over
    value columns only (预算数 | 决算数 under each 三公 item) makes no blocks."""
    if not blocks:
        return []
    ends = [*blocks[1:], len(columns)]
    labels = [
        [c for c in range(start, end) if columns[c].role == "label"]
        for start, end in zip(blocks, ends, strict=True)
    ]
    return labels if all(labels) else []


def _side_of_columns(sides: list[list[int]], n_cols: int) -> list[int]:
    """The side (index into ``sides``) each column belongs to: that of the labels on its left."""
    side_of = [0] * n_cols
    for index, side in enumerate(sides):
        for c in range(side[0] if side else 0, n_cols):
            side_of[c] = index
    return side_of


def _row_labels(
    grid: list[Row], section: _Section, columns: list[_Column], label_cols: list[int] | None = None
) -> dict[int, str]:
    """Each data row's label path, filled down through merged (now empty) label cells.

    Every label column but the last is filled down: 产出指标 / 数量指标 carry to
    the rows under them; the leaf label (the indicator) is the row's own.
    ``label_cols``: one side's label columns (default: every label column).
    """
    if label_cols is None:
        label_cols = [c for c, col in enumerate(columns) if col.role == "label"]
    filled: dict[int, str] = {}
    labels: dict[int, str] = {}
    for r in range(section.first, section.end):
        opener = _row_opener(grid, r)
        if opener is not None and (
            opener.col_in_row not in label_cols or normalize_header(opener.text) in GRAND_TOTALS
        ):
            labels[r] = " ".join(opener.text.split())  # 总分 | 100 | 94.5: its own label
            continue
        parts: list[str] = []
        last_col = -1
        # A total row (人员经费合计 under the 301 rows) is no row of the code above it.
        own_total = _ends_with_total(_text_at(grid, r, label_cols[-1])) if label_cols else False
        for index, c in enumerate(label_cols):
            text = _text_at(grid, r, c)
            text = "" if is_empty_text(text) else " ".join(text.split())
            if own_total and not text and columns[c].key == "item_code":
                continue
            if index < len(label_cols) - 1:
                if text:
                    filled[c] = text
                    # a new parent label resets the deeper levels
                    for deeper in label_cols[index + 1 :]:
                        filled.pop(deeper, None)
                text = filled.get(c, "")
            # A label merged over two columns is read in both: written once. Two code cells
            # alike are two levels (208 | 05 | 05: 款 05, 项 05 of it).
            if text and (
                not parts or parts[-1] != text or _two_code_cells(grid, r, last_col, c, text)
            ):
                parts.append(text)
                last_col = c
        labels[r] = " / ".join(parts)
    return labels


def _two_code_cells(grid: list[Row], r: int, left: int, right: int, text: str) -> bool:
    """Columns ``left`` and ``right`` of row ``r`` hold two cells with the same code digits,
    not one code cell merged over both."""
    if not (text.isascii() and text.isdigit()) or left < 0:
        return False
    a, b = grid[r][left], grid[r][right]
    return a is not None and b is not None and a.cell is not b.cell


def _ends_with_total(label: str) -> bool:
    """A label that names a total: 合计, 人员经费合计, 小计."""
    return normalize_header(label).endswith(TOTAL_ENDINGS)


# The words that end a label naming a total (人员经费合计: the total of the 人员经费 rows).
TOTAL_ENDINGS = ("合计", "总计", "小计")


@dataclass(frozen=True, slots=True)
class _Opener:
    text: str
    col_in_row: int


def _row_opener(grid: list[Row], r: int) -> _Opener | None:
    """The label cell of a right-aligned row (see grid.Slot.opens_row), if the row has one."""
    for c, slot in enumerate(grid[r]):
        if slot is not None and slot.opens_row and not is_numeric_text(slot.cell.raw):
            return _Opener(slot.cell.raw, c)
    return None


def _leaf_labels(grid: list[Row], section: _Section, columns: list[_Column]) -> dict[int, str]:
    """The rightmost non-empty label cell of each row (合计, 总分, the indicator…)."""
    label_cols = [c for c, col in enumerate(columns) if col.role != "value"]
    leaves: dict[int, str] = {}
    for r in range(section.first, section.end):
        opener = _row_opener(grid, r)
        if opener is not None and opener.col_in_row not in label_cols:
            leaves[r] = opener.text
            continue
        value_cols = [c for c in range(len(columns)) if is_numeric_text(_text_at(grid, r, c))]
        limit = value_cols[0] if value_cols else len(columns)
        texts = [
            _text_at(grid, r, c)
            for c in label_cols
            if c < limit and not is_empty_text(_text_at(grid, r, c))
        ]
        leaves[r] = texts[-1] if texts else ""
    return leaves


def _bare_quantity(
    text: str, span: Span, column: _Column, unit: str | None
) -> tuple[Quantity, Span] | None:
    """A bare number in a typed column: 4847.62 under 全年预算数 in a 万元 table."""
    parsed = bare_number(text)
    if parsed is None or not (column.kind or column.measure):
        return None
    if column.kind == "amount":
        return bare_amount(text, span, unit)
    value, decimals = parsed
    surface = text.strip(" \t\u3000\r\n")
    offset = text.find(surface)
    quantity_span = Span(span.start + offset, span.start + offset + len(surface))
    if column.kind == "score":
        quantity = Quantity("score", value, "分", surface, "", "exact", value, value, decimals)
    elif column.kind == "count":
        quantity = Quantity(
            "count", value, COUNT_UNIT, surface, "", "exact", value, value, decimals
        )
    elif not column.kind and column.measure is not None:
        scale, measure_unit = column.measure
        value = value * scale_factors()[scale] if scale else value
        quantity = Quantity(
            "measure", value, measure_unit, surface, scale, "exact", value, value, decimals
        )
    else:
        return None  # a bare number in a 执行率 column: 114 or 1.14? Not guessed.
    return quantity, quantity_span


_AMOUNT_KEY = "amount"  # lexicons/table_headers.tsv: 金额, a plain amount column
_UNIT_NAME_KEY = "unit_name"  # 单位名称: rows of units, whose columns may be the items
# Item columns a table with row labels needs to be read as a table of items by columns.
MIN_ITEM_COLUMNS = 2
_TOTAL_KEY = "total"  # 合计, 小计: the items' total


def _stage_key(header: str) -> str | None:
    """The key of the first level of a column's header that names an amount's measure
    (2026年预算数 / 公务接待费: budget)."""
    for part in header.split(" / ")[:-1]:
        word = header_word(part)
        if word is not None and word.role == "value" and word.kind == "amount":
            return word.key
    return None


def _items_as_columns(
    grid: list[Row],
    section: _Section,
    columns: list[_Column],
    unit: str | None,
    *,
    merged: bool = False,
) -> list[str]:
    """The item each column names, for a money table whose columns are its items and whose
    rows are bare numbers with no label ("三公"经费表: 合计 | 因公出国（境）费 | 公务用车购置及
    运行费 / 小计 … over one row of amounts): each column without a header word is read as
    an amount and its cells are labelled by the item its header names (a group's 小计 by
    the group). [] for any other table."""
    if not section.header_rows or unit is None or not unit.endswith("元"):
        return []
    labels = [c for c, column in enumerate(columns) if column.role == "label"]
    if labels and not any(columns[c].key == _UNIT_NAME_KEY for c in labels):
        return []  # rows of items (科目名称 | 合计 | 财政拨款收入 …): read by their rows
    if not merged and any(
        column.key not in (None, _TOTAL_KEY) for c, column in enumerate(columns) if c not in labels
    ):
        # 预算数 | 决算数 over the items: a header of stages over a header of items, whose
        # layout only a reader that keeps merged cells (PDF, docx, xlsx, html) shows: from
        # text, not read as items.
        return []
    if (
        labels
        and sum(1 for c, column in enumerate(columns) if c not in labels and column.key is None)
        < MIN_ITEM_COLUMNS
    ):
        return []  # a table of rows with one or no item column: its rows are its items
    for r in range(section.first, section.end):
        texts = [
            t
            for c in range(len(columns))
            if c not in labels and not is_empty_text(t := _text_at(grid, r, c))
        ]
        if not texts or not all(is_numeric_text(t) for t in texts):
            return []
    items: list[str] = []
    for c, column in enumerate(columns):
        if c in labels:
            items.append("")
            continue
        parts = (column.header or "").split(" / ")
        if (
            len(parts) > 1
            and normalize_header(parts[-1]) in GROUP_TOTALS | TOTAL_LABELS
            and header_word(parts[-2]) is None
        ):
            parts = parts[:-1]  # 公务用车购置及运行费 / 小计: the item's own total
        items.append(parts[-1])
        if column.key is None and column.header:
            # An item's amount: in the measure of the stage above it (2026年预算数 / 公务接待
            # 费: a budget), else in whatever measure the table states (金额's key).
            column.key = _stage_key(column.header) or _AMOUNT_KEY
            column.role, column.kind = "value", "amount"
    return items


def _row_unit_and_sign(grid: list[Row], r: int, columns: list[_Column]) -> tuple[str, str]:
    """The 计量单位 and 指标性质 (≥, ≤) cells of row ``r``, "" where the table has none."""
    unit = sign = ""
    for c, column in enumerate(columns):
        if column.key == "unit_of_measure":
            unit = "".join(_text_at(grid, r, c).split())
        elif column.key == "value_sign":
            sign = "".join(_text_at(grid, r, c).split())
    return unit, sign


def _composed_quantity(text: str, span: Span, sign: str, unit: str) -> tuple[Quantity, Span] | None:
    """A 指标值 whose bound and unit stand in cells of their own (指标性质 ≥ | 指标值 2900 |
    计量单位 人), read as the row says it together: ≥2900人. Only when the three read as one
    quantity and nothing else; the quantity's span is the number's own cell text."""
    surface = text.strip(" \t\u3000\r\n")
    if not surface:
        return None
    bound = prefix_bound(sign, len(sign)) if sign else None
    prefix = sign if bound is not None and bound.length == len(sign) else ""
    # A cell that writes its own unit (16个) takes only the bound of its row.
    suffix = unit if bare_number(surface) is not None else ""
    if not prefix and not suffix:
        return None
    composed = f"{prefix}{surface}{suffix}"
    found = find_quantities(composed)
    if len(found) != 1 or found[0].span != Span(0, len(composed)):
        return None  # a unit the extractor does not read (定性, 是/否): no quantity guessed
    offset = text.find(surface)
    return (
        replace(found[0].quantity, surface=surface),
        Span(span.start + offset, span.start + offset + len(surface)),
    )


def bare_amount(text: str, span: Span, unit: str | None) -> tuple[Quantity, Span] | None:
    """A cell that is only a number, read as an amount in ``unit`` (the table's 万元)."""
    parsed = bare_number(text)
    if parsed is None or unit is None:
        return None
    value, decimals = parsed
    surface = text.strip(" \t\u3000\r\n")
    offset = text.find(surface)
    scale = unit.removesuffix("元")
    value = value * scale_factors()[scale] if scale else value
    quantity = Quantity("amount", value, "元", surface, unit, "exact", value, value, decimals)
    return quantity, Span(span.start + offset, span.start + offset + len(surface))


class FoundIndex:
    """The quantities the document-level pass found, looked up by cell (no second pass)."""

    def __init__(self, found: Sequence[Found]) -> None:
        self._found = sorted(found, key=lambda f: f.span.start)
        self._starts = [f.span.start for f in self._found]

    def within(self, span: Span) -> tuple[tuple[Quantity, ...], tuple[Span, ...]]:
        lo = bisect_left(self._starts, span.start)
        hi = bisect_left(self._starts, span.end, lo)
        if lo == hi:
            return (), ()  # a cell the text pass found nothing in (most bare numbers)
        inside = [f for f in self._found[lo:hi] if f.span.end <= span.end]
        return tuple(f.quantity for f in inside), tuple(f.span for f in inside)


def _text_quantities(
    text: str, span: Span, index: FoundIndex | None = None
) -> tuple[tuple[Quantity, ...], tuple[Span, ...]]:
    if index is not None:
        return index.within(span)
    found = find_quantities(text)
    return (
        tuple(f.quantity for f in found),
        tuple(Span(span.start + f.span.start, span.start + f.span.end) for f in found),
    )


# "其中：一般公共预算：349.94", "其他资金：5.33": a label and a bare number inside a
# cell of a table whose amounts have a unit (the 资金 block of a 自评表).
# The label is bounded (LABEL_CHARS): an unbounded one was tried from every position of a
# long line without a colon, quadratic in the line (a 160 KB cell of "123," took minutes).
LABEL_CHARS = 60
# The amount after a label's colon, to the end of the line.
_AMOUNT_AFTER_COLON = r"[：:][ \u3000]*(?P<number>[0-9]+(?:\.[0-9]+)?)[ \u3000]*$"
_LABELLED_NUMBER = regex.compile(
    rf"[^\n：:]{{0,{LABEL_CHARS}}}{_AMOUNT_AFTER_COLON}", regex.MULTILINE
)
_TRAILING_AMOUNT = regex.compile(_AMOUNT_AFTER_COLON)


def without_labelled_amount(label: str) -> str:
    """A label cell without the amount it states after its colon ("其中：一般公共预算：349.94"
    -> "其中：一般公共预算"): the words that name that amount."""
    return _TRAILING_AMOUNT.sub("", label)


def _labelled_amounts(
    text: str, span: Span, unit: str
) -> tuple[tuple[Quantity, ...], tuple[Span, ...]]:
    if "：" not in text and ":" not in text:
        return (), ()  # no label: most cells, told without running the pattern
    quantities: list[Quantity] = []
    spans: list[Span] = []
    scale = unit.removesuffix("元")
    factor = scale_factors()[scale] if scale else Decimal(1)
    for match in _LABELLED_NUMBER.finditer(text):
        number = match.group("number")
        value, decimals = bare_number(number) or (Decimal(number), 0)
        value *= factor
        quantities.append(
            Quantity("amount", value, "元", number, unit, "exact", value, value, decimals)
        )
        spans.append(Span(span.start + match.start("number"), span.start + match.end("number")))
    return tuple(quantities), tuple(spans)


def _table_unit(text: str, table: Table) -> str | None:
    above = text[max(0, table.span.start - _UNIT_CHARS_ABOVE) : table.span.start]
    lines = [line for line in above.split("\n") if line.strip()]
    return unit_in_text(table.caption) or unit_in_text("\n".join(lines[-_UNIT_LINES_ABOVE:]))


def _unit_in_first_rows(grid: list[Row]) -> str | None:
    """A 决算 table often writes "部门：… | 金额单位：万元" as its own first row; a narrow
    cell may wrap it ("单位：万" over "元" in the rows below, a PDF's lines)."""
    for row in grid[:_UNIT_ROWS_INSIDE]:
        for slot in row:
            if slot is not None and (unit := unit_line_in_text(slot.cell.raw)):
                return unit
    width = max((len(row) for row in grid[:_WRAPPED_UNIT_ROWS]), default=0)
    for c in range(width):
        column = "".join(
            slot.cell.raw.strip()
            for row in grid[:_WRAPPED_UNIT_ROWS]
            if c < len(row) and (slot := row[c]) is not None and not slot.inherited
        )
        if unit := unit_line_in_text(column):
            return unit
    return None


def _title_above(text: str, table: Table) -> str | None:
    """The table's title when the reader gave none: a short line ending in 表 just above it."""
    above = text[max(0, table.span.start - _UNIT_CHARS_ABOVE) : table.span.start]
    lines = [line.strip() for line in above.split("\n") if line.strip()]
    # 公开01表 under 收入支出决算总表: a table's number is no title, the line above may be.
    titles = [line for line in lines if not is_table_number(line)]
    for line in reversed(titles[-2:]):
        if len(line) <= MAX_TITLE_CHARS and _TITLE_END.search(line):
            return line
    return None


def parse_table(text: str, table: Table, found: FoundIndex | None = None) -> ParsedTable:
    """Parse one table block of a document whose text is ``text``.

    ``found``: the document's quantities when the caller already extracted them,
    so that cell texts are not extracted a second time.
    """
    caption = table.caption or _title_above(text, table)
    grid, header_rows = table_to_grid(text, table)
    n_rows = len(grid)
    n_cols = max((len(r) for r in grid), default=0)
    sections = _sections(n_rows, header_rows)
    section_columns = [_columns(grid, s, n_cols) for s in sections]
    header_keys = {col.key for cols in section_columns for col in cols if col.key}
    layout = recognise(caption, header_keys)
    table_unit = (
        _table_unit(text, table)
        or _unit_in_first_rows(grid)
        or (layout.default_unit if layout else None)
    )

    cells: list[TableCell] = []
    data_quantities = 0
    blocks: tuple[int, ...] = ()
    for section, columns in zip(sections, section_columns, strict=True):
        leaves = _leaf_labels(grid, section, columns)
        if layout is not None and layout.name in ("dept_self_eval", "project_self_eval"):
            _complete_funding_keys(grid, section, columns, leaves)
        _assign_roles(grid, section, columns)
        labels = _row_labels(grid, section, columns)
        column_items = _items_as_columns(
            grid, section, columns, table_unit, merged=table.layout in READER_LAYOUTS
        )
        labelled_items = bool(column_items) and any(column.role == "label" for column in columns)
        block_starts = _column_blocks(grid, section, n_cols)
        block_labels = _labelled_blocks(block_starts, columns)
        if block_labels:
            # Side by side blocks: each column takes the row label of its own block, a code
            # column left of the block's name included.
            sides = block_labels
            side_of = [bisect_right(block_starts, c) - 1 for c in range(n_cols)]
            blocks = blocks or block_starts
        else:
            sides = _sides(columns)
            side_of = _side_of_columns(sides, n_cols)
        side_labels = (
            [_row_labels(grid, section, columns, side) for side in sides] if len(sides) > 1 else []
        )
        section_unit = next(
            (
                bracketed_unit(_text_at(grid, r, c))
                for r in section.header_rows
                for c in range(n_cols)
                if columns[c].role != "value" and bracketed_unit(_text_at(grid, r, c))
            ),
            None,
        )
        for r in section.header_rows:
            for c in range(n_cols):
                slot = grid[r][c]
                if slot is not None and not slot.inherited:
                    cells.append(
                        TableCell(
                            slot.cell, r, c, "header", None, columns[c].header, columns[c].key
                        )
                    )
        has_row_units = any(column.key in ("unit_of_measure", "value_sign") for column in columns)
        for r in range(section.first, section.end):
            is_total = normalize_header(leaves.get(r, "")) in TOTAL_LABELS
            row_unit, row_sign = _row_unit_and_sign(grid, r, columns) if has_row_units else ("", "")
            numbers_row = bool(column_items) and is_column_numbers(
                [_text_at(grid, r, c) for c in range(n_cols)]
            )
            for c in range(n_cols):
                slot = grid[r][c]
                if slot is None or slot.inherited:
                    continue
                column = columns[c]
                raw = slot.cell.raw
                role = "empty" if is_empty_text(raw) else (column.role or "note")
                if slot.opens_row and role != "empty" and not is_numeric_text(raw):
                    role = "label"
                quantities: tuple[Quantity, ...] = ()
                spans: tuple[Span, ...] = ()
                if numbers_row and role != "empty":
                    role = "note"  # 栏次 1 | 2 | 3: the columns' numbers, no amounts
                # A unit's row of a table of units by items (杭州市某局 | 887.56 | …): its
                # amounts are that unit's, named by no words of the text; only the 合计 row's
                # are the items' own.
                unit_row_item = labelled_items and bool(column_items[c]) and not is_total
                if role != "empty" and not numbers_row and not unit_row_item:
                    unit = column.unit or section_unit or table_unit
                    bare = (
                        _bare_quantity(raw, slot.cell.span, column, unit)
                        if role == "value"
                        else None
                    )
                    if bare is None and role == "value" and not column.kind and has_row_units:
                        bare = _composed_quantity(raw, slot.cell.span, row_sign, row_unit)
                    if bare is not None:
                        quantities, spans = (bare[0],), (bare[1],)
                    else:
                        quantities, spans = _text_quantities(raw, slot.cell.span, found)
                    if not quantities and column.kind in ("", "amount") and unit is not None:
                        quantities, spans = _labelled_amounts(raw, slot.cell.span, unit)
                    if (
                        quantities
                        and role == "value"
                        and column.key != "full_score"
                        and not is_total
                    ):
                        data_quantities += 1
                cells.append(
                    TableCell(
                        cell=slot.cell,
                        row=r,
                        col=c,
                        role=role,  # type: ignore[arg-type]
                        row_header=(
                            column_items[c]
                            if column_items and column_items[c]
                            else side_labels[side_of[c]].get(r)
                            if side_labels
                            else labels.get(r)
                        )
                        or None,
                        col_header=column.header,
                        col_key=column.key,
                        quantities=quantities,
                        quantity_spans=spans,
                    )
                )
    return ParsedTable(
        table=table,
        layout=layout.name if layout else (table.layout if table.layout == "toc" else None),
        unit=table_unit,
        n_rows=n_rows,
        n_cols=n_cols,
        cells=tuple(cells),
        is_empty_template=bool(header_rows) and data_quantities == 0,
        title=caption,
        blocks=blocks,
    )


def cell_value(cell: TableCell) -> Decimal | None:
    """The single quantity's value of a cell, when it states exactly one."""
    return cell.quantities[0].value if len(cell.quantities) == 1 else None
