"""Sums a table states by its layout: a column against its 合计 row, 其中 rows under their
parent row, the 功能分类/经济分类 code hierarchy (类 = Σ 款, 款 = Σ 项), and a row's total
column against the columns that split it (合计 = 基本支出 + 项目支出).

Only cells holding one exact amount (or count) take part; a part whose cell is empty or
unread leaves its sum out ("every listed part was read"). A table whose rows are on
several levels is summed only along the levels its codes, its 其中 rows or its
numbering make explicit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from itertools import pairwise

import regex

from crosscheck.align.keys import carry_over_words
from crosscheck.align.qualifiers import source_words
from crosscheck.extractor.patterns import LIST_MARKER, numbering_shape
from crosscheck.relate.cues import cue_words, cues
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.recompute import exact
from crosscheck.relate.types import TABLE_COLUMNS
from crosscheck.tables.grid import GROUP_TOTALS
from crosscheck.tables.headers import code_level_words, header_word, normalize_header
from crosscheck.tables.values import column_number_markers
from crosscheck.types import Mention, ParsedTable

# A row label path is written "204 / 06 / 01 / 行政运行"; its last element is the label.
_PATH_SEPARATOR = " / "
_SPACE = regex.compile(r"[\s\u3000*]+")
_DIGITS_WRITTEN = regex.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
_DASH = regex.compile(r"[—–\-－─]")
_HAN = regex.compile(r"\p{Han}")
# 功能分类 codes: 类 three digits, 款 and 项 two more each (201, 20101, 2010101); 经济分类
# codes the same (301, 30101).
CLASS_DIGITS = 3
COLUMN_NUMBERS = 40  # the 栏次 of the widest 决算 table
LEVEL_DIGITS = 2


@dataclass(frozen=True, slots=True)
class _Row:
    row: int
    label: str
    code: str | None
    values: dict[int, Mention]  # column -> the one exact amount or count of the cell
    dashed: frozenset[int]  # columns whose cell is a dash ("——": not applicable to this row)
    # Columns whose cell is left blank: nothing spent on this row (a 决算 table leaves a
    # zero blank), unlike a dash or a cell whose number was not read.
    blank: frozenset[int] = frozenset()


@cache
def _marker() -> regex.Pattern[str]:
    return regex.compile(rf"[ \t\u3000]*{LIST_MARKER}")


@cache
def _opener() -> regex.Pattern[str]:
    return regex.compile(rf"^(?:{cues('list_opener')})")


def _is_total(label: str) -> bool:
    return label in cue_words("total_row")


def _is_subtotal(label: str) -> bool:
    return label in cue_words("subtotal_row")


def _blocks(parsed: ParsedTable) -> list[range]:
    """The columns of each block of a table printed side by side, left to right; one block
    (every column) for any other table."""
    starts = [b for b in parsed.blocks if 0 <= b < parsed.n_cols] or [0]
    ends = [*starts[1:], parsed.n_cols]
    return [range(a, b) for a, b in zip(starts, ends, strict=True)]


def _rows(index: DocumentIndex, parsed: ParsedTable, columns: range | None = None) -> list[_Row]:
    """The data rows of a table, in order: rows with a label and at least one value.
    ``columns``: one block's columns (a block's row is its own: 30101 基本工资 on the left,
    30201 办公费 on the right of one printed row); a row with nothing written in them is
    no row of the block."""
    by_row: dict[int, list] = {}
    for cell in parsed.cells:
        if columns is None or cell.col in columns:
            by_row.setdefault(cell.row, []).append(cell)
    rows: list[_Row] = []
    levels: list[str] = []  # the code of each level so far: 类, 款, 项 written in their own columns
    code_columns = {
        c.col
        for c in parsed.cells
        if c.col_key == "item_code" or normalize_header(c.cell.raw) in code_level_words()
    }
    for number in sorted(by_row):
        cells = sorted(by_row[number], key=lambda c: c.col)
        if any(c.role == "header" for c in cells) or all(not c.cell.raw.strip() for c in cells):
            continue
        code = _code_of([c for c in cells if c.col in code_columns], levels)
        path = next((c.row_header for c in cells if c.row_header), None) or ""
        label = normalize_header(path.split(_PATH_SEPARATOR)[-1]) if path else ""
        if not label:
            label = next((normalize_header(c.cell.raw) for c in cells if c.role == "label"), "")
        values: dict[int, Mention] = {}
        dashed: set[int] = set()
        blank: set[int] = set()
        for c in cells:
            if c.role == "empty" and _DASH.search(c.cell.raw):
                dashed.add(c.col)
            elif c.role == "empty" and not c.cell.raw.strip():
                blank.add(c.col)
            if c.role != "value" or len(c.quantities) != 1:
                continue
            if _SPACE.sub("", c.cell.raw) != _SPACE.sub("", c.quantities[0].surface):
                continue  # "其中：基本支出：862.47": a label written into a value cell
            mention = index.mention_at.get(c.quantity_spans[0])
            if (
                mention is not None
                and mention.quantity.kind in ("amount", "count")
                and exact(mention)
            ):
                values[c.col] = mention
        if numbers_columns(values) or label in column_number_markers():
            # "1 | 2 | 3 | 4 | 5": the row that numbers the columns (栏次), however few of
            # its numbers a block of a table printed side by side holds ("栏次 | 1").
            continue
        if values or label:
            rows.append(_Row(number, label, code, values, frozenset(dashed), frozenset(blank)))
    return rows


def _code_of(columns: list, levels: list[str]) -> str | None:
    """The row's 科目编码: one column with the whole code (2010101), or a column per level
    (201 | 01 | 01) where a level left blank is the one above it (filled down)."""
    written = [(i, c.cell.raw.strip()) for i, c in enumerate(columns) if c.cell.raw.strip()]
    if not written or not all(raw.isdigit() for _, raw in written):
        return None
    if len(columns) == 1 or (len(written) == 1 and len(written[0][1]) > LEVEL_DIGITS):
        levels[:] = [written[0][1]]
        return written[0][1]
    deepest = written[-1][0]
    for position, raw in written:
        while len(levels) <= position:
            levels.append("")
        # A 款 or 项 written as a number lost its leading zero (a spreadsheet's "2" for 02).
        levels[position] = raw.zfill(LEVEL_DIGITS) if position else raw
    del levels[deepest + 1 :]
    if any(not level for level in levels):
        return None  # a level with no code above it
    return "".join(levels)


def _as_written(m: Mention) -> Decimal:
    """The number as written, before its table's unit scaled it (1 in a 万元 table -> 1)."""
    digits = _DIGITS_WRITTEN.search(m.quantity.surface)
    return Decimal(digits.group().replace(",", "")) if digits else m.quantity.value


def numbers_columns(values: dict[int, Mention], *, first: int | None = 1) -> bool:
    """Whole numbers from ``first`` rising by column: the 栏次 row ("1 | 2 | 3 | 4 | 5").
    ``first=None``: from any number (the 栏次 row of a table whose column 1 was read as a
    label, "** | 1 | 2 | 3" read as 2, 3 from the first value column), or no numbers."""
    numbers = [_as_written(values[c]) for c in sorted(values)]
    if first is None:
        return not numbers or (
            all(n == int(n) and n <= COLUMN_NUMBERS for n in numbers)
            and all(b == a + 1 for a, b in pairwise(numbers))
        )
    return (
        len(numbers) >= 2
        and numbers[0] == first
        and all(n == int(n) and n <= COLUMN_NUMBERS for n in numbers)
        and all(a < b for a, b in pairwise(numbers))
    )


def index_to_table_sums(index: DocumentIndex) -> Iterator[tuple[Mention, list[Mention], str]]:
    """(total, parts, cue) of every sum a table's layout states, but for readings that no
    breakdown can be: two parts or more each as large as their non-zero total (one item on
    three levels, 类 | 款 | 项 of the same amount, read as a total and its parts)."""
    for total, parts, cue in _table_sums(index):
        value = _as_written(total)
        if value and sum(1 for p in parts if _as_written(p) == value) >= MIN_PARTS_AS_TOTAL:
            continue
        yield total, parts, cue


# Parts each equal to their total that make a reading no breakdown.
MIN_PARTS_AS_TOTAL = 2


def _table_sums(index: DocumentIndex) -> Iterator[tuple[Mention, list[Mention], str]]:
    tables = index.tables
    # Each table's rows, block by block, read once: a 收支总表 half places its uncoded names
    # by the codes of every table's rows.
    all_blocks = [
        [] if parsed.is_empty_template else [_rows(index, parsed, c) for c in _blocks(parsed)]
        for parsed in tables
    ]
    levels: dict[str, frozenset[int]] | None = None  # read once, when a half needs them
    for position, parsed in enumerate(tables):
        if parsed.is_empty_template:
            continue
        blocks = all_blocks[position]
        rows = [row for block in blocks for row in block]
        if not rows:
            continue
        # A table cut by a page break goes on in the next one: its column sums and code
        # blocks are not all in this part, nor all in the next.
        cut = (position + 1 < len(tables) and _continues(index, parsed, tables[position + 1])) or (
            position > 0 and _continues(index, tables[position - 1], parsed)
        )
        if not cut:
            # A total at the top covers the rows below it down to the table's end: only when
            # no table right after may be its rows printed past a page break.
            closed = position + 1 == len(tables) or not _may_go_on(parsed, tables[position + 1])
            for block, columns in zip(blocks, _blocks(parsed), strict=True):
                yield from _column_totals(block, closed=closed)
                if _one_label_column(parsed, columns) and any(
                    _is_year_total(r.label) or _is_grand_total(r.label) for r in block
                ):
                    if levels is None:
                        levels = _levels_by_name(all_blocks)
                    yield from _side_totals(block, levels)
            # The code hierarchy across the blocks: a 类 and its 款 stay in one block, but a
            # block may end where the next goes on with the same 类.
            yield from _code_levels(rows)
        for block in blocks:
            yield from _qizhong_rows(block)
        yield from _split_columns(parsed, rows)
        yield from _grouped_columns(parsed, rows)


# Between a table and its continuation: a page footer and header at most.
CONTINUATION_GAP_CHARS = 200


def _continues(index: DocumentIndex, first: ParsedTable, second: ParsedTable) -> bool:
    """``second`` goes on with ``first``'s rows: as many columns, little text between them,
    and no header row of its own, or the same title and header printed again on the next
    page (a 收入支出决算总表 whose 总计 rows the next page holds)."""
    gap = second.table.span.start - first.table.span.end
    return (
        0 <= gap <= CONTINUATION_GAP_CHARS
        and first.n_cols == second.n_cols
        and (
            not any(c.role == "header" for c in second.cells)
            or (bool(second.title) and second.title == first.title)
        )
    )


def _may_go_on(first: ParsedTable, second: ParsedTable) -> bool:
    """``second`` may hold more rows of ``first`` printed past a page break: it follows
    closely and has no title of its own (none, or ``first``'s repeated), and it has no
    header, or ``first``'s header repeated. A table under its own title is another table
    (表06 after 表05, each with the same 科目编码 | 科目名称 header)."""
    gap = second.table.span.start - first.table.span.end
    if not 0 <= gap <= CONTINUATION_GAP_CHARS:
        return False
    if second.title is not None and second.title != first.title:
        return False
    header = _header_texts(second)
    return not header or header == _header_texts(first)


def _header_texts(parsed: ParsedTable) -> list[str]:
    return [normalize_header(c.cell.raw) for c in parsed.cells if c.role == "header"]


def _column_sums(
    total: _Row, parts: Sequence[_Row], cue: str
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """For each column where ``total`` has a value and every part row has one too, or a
    blank cell (a zero left unwritten), and one part at least has a number.

    Parts that all leave blank a column the total has a non-zero value in do not break the
    total down (a 款's 项目支出 524.00 with its 项 rows listing only 基本支出): none of its
    columns is summed, its 合计 holding the unlisted part too."""
    if len(parts) >= 2 and any(
        value.quantity.value != 0 and all(col in row.blank for row in parts)
        for col, value in total.values.items()
    ):
        return
    for col, value in total.values.items():
        read = [row for row in parts if col not in row.blank]
        values = [row.values.get(col) for row in read]
        if len(parts) >= 2 and values and all(v is not None for v in values):
            yield value, [v for v in values if v is not None], cue


def _column_totals(
    rows: list[_Row], *, closed: bool
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """A 合计/总计 row against the rows of the top level: a total closing the table (its last
    row), or opening it (the first row under the header and its 栏次) when ``closed``, the
    table known to end where it ends. Under a total at the top, rows on levels their codes
    do not tell apart are not summed: a 单位 table lists the 部门 (the total again) above
    its 单位; the codes must cover every row."""
    rows = _below_header_rows(rows)
    totals = [r for r in rows if _is_total(r.label)]
    if len(rows) < 3 or len(totals) != 1:
        return
    total = totals[0]
    if total is rows[-1]:
        others = rows[:-1]
    elif closed and all(_numbers_row(r) for r in rows[: rows.index(total)]):
        others = rows[rows.index(total) + 1 :]
    else:
        return
    if any(_is_subtotal(r.label) for r in rows):
        return  # subtotals: the rows are on two levels
    parts = _top_level(others)
    if parts is None:
        return
    if total is not rows[-1] and not all(r.code for r in others):
        # No codes under a total at the top: its parts are the rows right under it that
        # fill each of its columns; a row after them with a column left "—" (机关运行经费
        # under a "三公"经费表's items) is a note of another figure.
        parts = _filled_rows_under(total, parts)
        if len(parts) < 2 or not _no_total_again(total, parts):
            return
    elif total is not rows[-1] and not _under_parts(others, parts):
        return
    yield from _column_sums(total, parts, "table-total-row")


def _one_label_column(parsed: ParsedTable, columns: range) -> bool:
    """The block's rows with values have their labels in one column: a 收支总表 whose halves
    were not told apart (支出 labels in a column of the one block) has rows that are two rows
    each."""
    valued = {c.row for c in parsed.cells if c.col in columns and c.role == "value"}
    labels = {
        c.col
        for c in parsed.cells
        if c.col in columns and c.row in valued and c.role == "label" and c.cell.raw.strip()
    }
    return len(labels) <= 1


def _is_year_total(label: str) -> bool:
    return label in cue_words("year_total_row")


def _is_grand_total(label: str) -> bool:
    return label in cue_words("grand_total_row")


def _unnumbered(label: str) -> str:
    match = _marker().match(label)
    return label[match.end() :] if match else label


def _carries_over(label: str) -> bool:
    """The row is money carried over (上年结转结余, 年终结转结余: lexicons/carry_over_words.tsv)."""
    return any(word in label for word, _ in carry_over_words())


def _names_a_source(label: str) -> bool:
    """The label is a source of funds and nothing more (一般公共预算, 政府性基金预算): a row
    that breaks down the row above it by source (一、财政拨款 | 一般公共预算 | 政府性基金预算;
    上年结转结余 | 一般公共预算 | …). A numbered row is a row of its own level."""
    return (
        _marker().match(label) is None
        and source_words().fullmatch(label) is not None
        and not _carries_over(label)  # 上年结转 is a source of funds and a row of its own
    )


def _levels_by_name(all_blocks: list[list[list[_Row]]]) -> dict[str, frozenset[int]]:
    """The 科目编码 lengths each 功能分类 name has in the report's coded tables (交通运输支出
    -> {3}; 公路水路运输 -> {5, 7} when it is a 款 and, under another 款, a 项)."""
    found: dict[str, set[int]] = {}
    for blocks in all_blocks:
        for block in blocks:
            for row in block:
                if row.code and row.label:
                    found.setdefault(_unnumbered(row.label), set()).add(len(row.code))
    return {name: frozenset(lengths) for name, lengths in found.items()}


def _side_totals(
    rows: list[_Row], levels: dict[str, frozenset[int]]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """A 收支总表 half: 本年收入合计 against the rows of the top level above it, and 收入总计
    against 本年收入合计 and the rows between them (上年结转结余, 用事业基金弥补收支差额 …; a
    source row under one of them is its breakdown).

    The top level above is what the rows' numbering or codes say (一、 二、 三、; 201, 205),
    a source row under a numbered one its breakdown (一、财政拨款 | 一般公共预算 | 政府性基金
    预算, summed against it too). Names with neither (交通运输支出 | 公路水路运输 | 公路养护,
    the levels printed without codes) are placed by the codes the report's other tables give
    the same names: the 类 rows are the top; a name unknown there, or a 类 in one table and a
    款 in another, leaves the half unsummed."""
    rows = _below_header_rows(rows)
    yield from _source_breakdowns(rows)
    years = [i for i, r in enumerate(rows) if _is_year_total(r.label)]
    grands = [i for i, r in enumerate(rows) if _is_grand_total(r.label)]
    if (
        not years
        and len(grands) == 1
        and not any(_carries_over(r.label) for r in rows[: grands[0]])
    ):
        # No 本年合计 line and no carried-over rows: the 总计 is this year's total.
        years = grands
    if len(years) != 1:
        return
    at = years[0]
    year_total, above = rows[at], rows[:at]
    parts = _top_of_half(above, levels)
    if parts is not None and len(parts) >= 2:
        yield from _column_sums(year_total, parts, "table-total-row")
    grand = next((i for i, r in enumerate(rows) if i > at and _is_grand_total(r.label)), None)
    if grand is None:
        return
    between = [r for r in rows[at + 1 : grand] if not _names_a_source(r.label)]
    if any(r.values for r in between) and all(not r.code for r in between):
        yield from _column_sums(rows[grand], [year_total, *between], "table-total-row")


def _top_of_half(above: list[_Row], levels: dict[str, frozenset[int]]) -> list[_Row] | None:
    """The top-level rows of a 收支总表 half above its 本年合计 (see _side_totals); None when
    the levels are not known. A numbered row's source rows are summed against it."""
    if not above or any(_opener().match(r.label) or _is_subtotal(r.label) for r in above):
        return None
    if any(r.code for r in above):
        return _top_level(above)
    numbered = [r for r in above if _marker().match(r.label)]
    if numbered:
        if (
            not _marker().match(above[0].label)
            or len({marker_style(r.label) for r in numbered}) != 1
        ):
            return None
        if not all(_marker().match(r.label) or _names_a_source(r.label) for r in above):
            return None
        return numbered
    placed = [levels.get(_unnumbered(r.label)) for r in above]
    if any(not lengths or (CLASS_DIGITS in lengths and len(lengths) > 1) for lengths in placed):
        return None
    return [r for r, lengths in zip(above, placed, strict=True) if lengths == {CLASS_DIGITS}]


def _source_breakdowns(rows: list[_Row]) -> Iterator[tuple[Mention, list[Mention], str]]:
    """A row of a 收支总表 half and the source rows right under it (一、财政拨款 | 一般公共
    预算 | 政府性基金预算 | 国有资本经营预算; 上年结转结余 | 一般公共预算 | …): its breakdown
    by budget."""
    for position, row in enumerate(rows):
        if (
            _names_a_source(row.label)
            or _is_year_total(row.label)
            or _is_grand_total(row.label)
            or _is_total(row.label)
        ):
            continue
        children = []
        for following in rows[position + 1 :]:
            if following.row != (children[-1].row if children else row.row) + 1:
                break
            if not _names_a_source(following.label):
                break
            children.append(following)
        if len(children) >= 2:
            yield from _column_sums(row, children, "table-total-row")


def _filled_rows_under(total: _Row, parts: list[_Row]) -> list[_Row]:
    """The leading rows of ``parts`` with a value, or a blank cell (a zero left unwritten: 三、
    国有资本经营预算资金 with nothing beside it), in every column ``total`` has one in, up to
    the last row with a value."""
    columns = set(total.values)
    filled = []
    for row in parts:
        if not columns <= set(row.values) | row.blank:
            break
        filled.append(row)
    while filled and not columns & set(filled[-1].values):
        filled.pop()
    return filled


def _no_total_again(total: _Row, parts: list[_Row]) -> bool:
    """No row under a total at the top restates it (a 单位 table's 部门 row above its 单位
    rows has the total's every value): the rows are its parts ("三公"经费表: 合计, then
    因公出国（境）费, 公务用车购置费 …)."""
    values = {col: m.quantity.value for col, m in total.values.items()}
    return not any(
        {col: m.quantity.value for col, m in row.values.items()} == values for row in parts
    )


def _numbers_row(row: _Row) -> bool:
    """The 栏次 row above a total at the top: labelled 栏次 or with no words ("**"), and its
    numbers rising by one column to the next."""
    word = header_word(row.label) if row.label else None
    named = not _HAN.search(row.label) or (word is not None and word.key == "line_number")
    return not row.code and named and numbers_columns(row.values, first=None)


def _top_level(others: list[_Row]) -> list[_Row] | None:
    """The rows of the top level of ``others``: the rows of the shortest code when every
    row has a code; every row when none has and the labels say no levels (no 其中 row, no
    numbering of two styles or of some rows only); None when the levels are not known."""
    coded = [r for r in others if r.code]
    if coded:
        if len(coded) != len(others):
            return None
        top = min(len(r.code or "") for r in coded)
        return [r for r in coded if len(r.code or "") == top]
    if any(_opener().match(r.label) for r in others):
        return None  # 其中 rows: summed under their parent
    numbered = [r for r in others if _marker().match(r.label)]
    if numbered and len(numbered) != len(others):
        return None  # some rows numbered, some not: levels the numbering does not say
    if numbered and len({marker_style(r.label) for r in numbered}) != 1:
        return None  # 一、 and 1. mixed: two levels
    return others


def _under_parts(rows: list[_Row], parts: list[_Row]) -> bool:
    """Every coded row falls under one of the top-level rows (a 项 2050302 printed with no
    205 above it is a part the 类 rows leave out)."""
    heads = tuple(r.code or "" for r in parts)
    return all((r.code or "").startswith(heads) for r in rows)


def _below_header_rows(rows: list[_Row]) -> list[_Row]:
    """The rows from the first one with a number or a code: the rows above it, with no
    value and no code, are header rows the grid read as data (a 科目名称 row under 项目, a
    类 | 款 | 项 row under 科目编码, a 人员经费 | 公用经费 row over the blocks)."""
    first = next((i for i, r in enumerate(rows) if r.values or r.code), len(rows))
    return rows[first:]


def marker_style(label: str) -> str:
    """The shape of a label's numbering: "一、" and "二、" alike, "①" and "③" alike, "1."
    another; "" for a label with no numbering."""
    match = _marker().match(label)
    return numbering_shape(match.group()) if match else ""


def _qizhong_rows(rows: list[_Row]) -> Iterator[tuple[Mention, list[Mention], str]]:
    """A row followed by "其中：A" and the rows right after it: the parent against its
    children, which may be some of its parts only (the relation is not complete, so an
    empty child cell counts as nothing). The children end at a numbered, total or 其中
    row, at a gap in the grid, and at a row that fills a column the first child leaves
    empty or dashes one it fills ("政府采购金额 | —— | 86.40" under "其中：办公费 |
    22.46 | 21.85" is the template's next item, no child)."""
    for position, row in enumerate(rows):
        if position == 0 or not _opener().match(row.label) or not row.values:
            continue
        parent = rows[position - 1]
        if _opener().match(parent.label) or parent.row != row.row - 1:
            continue
        children = [row]
        for following in rows[position + 1 :]:
            if (
                following.row != children[-1].row + 1
                or _opener().match(following.label)
                or _marker().match(following.label)
                or _is_total(following.label)
                or _is_subtotal(following.label)
                or not following.values.keys() <= row.values.keys()
                or following.dashed & row.values.keys()
            ):
                break
            children.append(following)
        for col, value in parent.values.items():
            if col not in row.values:
                continue
            values = [child.values[col] for child in children if col in child.values]
            if len(values) >= 2:
                yield value, values, "table-subrows"


def _code_levels(rows: list[_Row]) -> Iterator[tuple[Mention, list[Mention], str]]:
    """类 = Σ 款 and 款 = Σ 项 by code: 204 against 20401, 20406…; 20406 against 2040601…"""
    coded = [r for r in rows if r.code]
    codes = [r.code for r in coded]
    for position, parent in enumerate(coded):
        code = parent.code or ""
        if codes.count(code) != 1 or len(code) not in (CLASS_DIGITS, CLASS_DIGITS + LEVEL_DIGITS):
            continue
        children = [
            r
            for r in coded
            if (r.code or "").startswith(code) and len(r.code or "") == len(code) + LEVEL_DIGITS
        ]
        if any(codes.count(r.code) != 1 for r in children):
            continue
        # A block still open at the table's last row may go on on the next page.
        block = [r for r in coded[position + 1 :] if (r.code or "").startswith(code)]
        if block and block[-1] is rows[-1]:
            continue
        yield from _column_sums(parent, children, "table-codes")


def _split_columns(
    parsed: ParsedTable, rows: list[_Row]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """A row's 合计 column against the columns right of it (合计 | 基本支出 | 项目支出), up to
    the next 合计 column. Only under a header of one level: "基本支出" spanning 人员经费 and
    公用经费 splits again, and a 合计 under it totals only its own group."""
    header_cells = [c for c in parsed.cells if c.role == "header"]
    if not header_cells:
        return
    totals = sorted(
        c.col for c in header_cells if normalize_header(c.cell.raw) in cue_words("total_row")
    )
    first_data_row = min((r.row for r in rows if r.values), default=parsed.n_rows)
    value_columns = {c.col for c in parsed.cells if c.role == "value" and c.row >= first_data_row}
    for position, col in enumerate(totals):
        end = totals[position + 1] if position + 1 < len(totals) else parsed.n_cols
        # Every value column in the range is a part, read or not: a column whose numbers
        # were not read (no typed header) leaves the row's sum out.
        parts = [c for c in range(col + 1, end) if c in value_columns]
        if len(parts) < 2:
            continue
        total_header_row = _header_row_of(header_cells, col)
        spanning = [
            c
            for c in parsed.cells
            if c.row < first_data_row
            and c.role != "empty"
            and not c.cell.raw.strip().isdigit()  # the 栏次 row numbers the columns
            and col < c.col < end
            and (c.cell.col_span > 1 or c.row > total_header_row)
        ]
        if spanning:
            continue  # a header over several columns, or a second header row: two levels
        yield from _row_sums(rows, col, parts, TABLE_COLUMNS)


def _grouped_columns(
    parsed: ParsedTable, rows: list[_Row]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """The sums of a header on two levels (合计 | 基本支出: 小计 · 人员经费 · 公用经费 | 项目
    支出), read from the columns' header paths: a group's 小计 against its other columns, and
    a top 合计 against the groups after it, each group by its 小计 (a group without one is
    no part that can be read: no sum)."""
    paths: dict[int, tuple[str, ...]] = {}
    for cell in parsed.cells:
        if cell.role == "value" and cell.col_header and cell.col not in paths:
            paths[cell.col] = tuple(
                normalize_header(p) for p in cell.col_header.split(_PATH_SEPARATOR)
            )
    if not any(len(p) == 2 for p in paths.values()) or any(len(p) > 2 for p in paths.values()):
        return
    totals = cue_words("total_row")
    groups: list[tuple[str, list[int]]] = []  # top header -> its columns, left to right
    for col in sorted(paths):
        top = paths[col][0]
        if groups and groups[-1][0] == top:
            groups[-1][1].append(col)
        else:
            groups.append((top, [col]))
    group_total: dict[str, int] = {}
    split: list[tuple[int, list[int]]] = []  # a group's 小计 column and its parts
    for top, cols in groups:
        subs = [paths[c][1] if len(paths[c]) == 2 else "" for c in cols]
        if len(cols) >= 3 and subs[0] in GROUP_TOTALS and all(subs[1:]):
            group_total[top] = cols[0]
            split.append((cols[0], cols[1:]))
        elif len(cols) == 1 and not subs[0]:
            group_total[top] = cols[0]
    if not split:
        return  # two header rows that split no group by a 小计 (收入 | 支出 over 项目 | 预算数)
    for total_col, part_cols in split:
        yield from _row_sums(rows, total_col, part_cols, TABLE_COLUMNS)
    for position, (top, cols) in enumerate(groups):
        if top not in totals or len(cols) != 1:
            continue
        after: list[int] = []
        for other, _ in groups[position + 1 :]:
            if other in totals:
                break
            if other not in group_total:
                after = []
                break
            after.append(group_total[other])
        if len(after) >= 2:
            yield from _row_sums(rows, cols[0], after, TABLE_COLUMNS)


def _row_sums(
    rows: list[_Row], total_col: int, part_cols: list[int], cue: str
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """Each row's ``total_col`` against its ``part_cols``, where every one of them was read
    or left blank (a zero unwritten: "社会保障和就业支出 | 3,246.05 | 基本支出 3,246.05 | 项目
    支出 (blank)"), one at least read."""
    for row in rows:
        total = row.values.get(total_col)
        read = [c for c in part_cols if c not in row.blank]
        values = [row.values.get(c) for c in read]
        if total is not None and values and all(v is not None for v in values):
            yield total, [v for v in values if v is not None], cue


def _header_row_of(header_cells: list, col: int) -> int:
    return max(c.row for c in header_cells if c.col == col)
