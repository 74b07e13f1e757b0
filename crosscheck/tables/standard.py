"""The standard 部门预算/决算 tables (公开表): which one a parsed table is, and its columns.

The kind comes from the title (lexicons/standard_tables.tsv, first match wins), or, for a
table without one, from words all present in its header rows. Whose money the table shows
(its scope: 一般公共预算, 政府性基金, 国有资本经营, 财政拨款 or all) comes from the title too:
a 财政拨款 table and an all-funds table state different totals and are never compared.

Columns get a role from the header words above them (lexicons/standard_words.tsv): the
longest word contained in the deepest header that has one ("小计" under "公务用车购置及运行费"
is that header's subtotal), and a group from the stage or fund words of the headers (预算数,
决算数, 一般公共预算). A 收支总表 is two tables side by side: its first label column and the
value columns after it are the income half, the next label column and its values the
expenditure half.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

from crosscheck import lexicons
from crosscheck.tables.values import bare_number, is_empty_text, is_numeric_text
from crosscheck.types import ParsedTable, StandardColumn, StandardTable, TableCell

_SPACES = regex.compile(r"[\s\u3000]+")
# The kinds made of two halves side by side (收入 | 支出).
TWO_SIDED = frozenset({"summary", "fiscal_summary"})
ALL_FUNDS = "all"
SUBTOTAL = "subtotal"
TOTAL = "total"
HEADER_SEPARATOR = " / "
TITLE_END = "表"
# A title written inside the table's frame is in its first rows (a list of the tables in
# a 目录 names every one of them further down).
TITLE_ROWS = 3
# A table of one row is a line of a 目录 cut into cells ("2 | 、部门收入总表"), no statement.
MIN_ROWS = 2
VALUE = "value"  # a value column whose header names no role (预算数, 一般公共预算)
# Kinds whose columns are not amounts of the budget statement (绩效 targets, economic classes
# laid out as rows): recognised, given no column roles.
NO_COLUMNS = frozenset({"performance", "expenditure_economic"})


@dataclass(frozen=True, slots=True)
class _Kind:
    kind: str
    title: regex.Pattern[str]
    exclude: regex.Pattern[str] | None
    headers: tuple[str, ...]
    scope: str  # when the title names none


@cache
def _kinds() -> tuple[_Kind, ...]:
    return tuple(
        _Kind(
            row["kind"],
            regex.compile(row["title"]),
            regex.compile(row["exclude"]) if row["exclude"] else None,
            tuple(w for w in row["headers"].split(",") if w),
            row["scope"],
        )
        for row in lexicons.rows("standard_tables")
    )


@cache
def role_words(role: str) -> tuple[tuple[str, str], ...]:
    """(word, name) of one role of lexicons/standard_words.tsv, longest word first."""
    found = [(r["word"], r["name"]) for r in lexicons.rows("standard_words") if r["role"] == role]
    return tuple(sorted(found, key=lambda pair: -len(pair[0])))


def squeeze(text: str) -> str:
    return _SPACES.sub("", text)


def _longest(text: str, role: str) -> str | None:
    """The name of the longest ``role`` word contained in ``text``."""
    return next((name for word, name in role_words(role) if word in text), None)


def longest_role(text: str) -> str | None:
    """The column role named by the longest role word in ``text`` (a header or a row label)."""
    return _longest(text, "column")


def table_scope(title: str | None, kind: str) -> str:
    """Whose money a table shows, by the first scope word of its title, else by its kind
    (a 财政拨款收支总表 is 财政拨款 whatever its title says), else all funds."""
    squeezed = squeeze(title or "")
    for word, name in _scopes():
        if word in squeezed:
            return name
    return next((k.scope for k in _kinds() if k.kind == kind and k.scope), ALL_FUNDS)


@cache
def _scopes() -> tuple[tuple[str, str], ...]:
    """Scope words in the lexicon's order: the first listed that the title holds wins."""
    return tuple(
        (r["word"], r["name"]) for r in lexicons.rows("standard_words") if r["role"] == "scope"
    )


def table_kind(titles: list[str], header_text: str) -> tuple[str, str | None] | None:
    """(kind, the title that says it): the first kind whose title pattern a title matches,
    else the first whose header words are all there."""
    for title in titles:
        squeezed = squeeze(title)
        for kind in _kinds():
            if kind.title.search(squeezed) and not (
                kind.exclude is not None and kind.exclude.search(squeezed)
            ):
                return kind.kind, title
    if titles:
        return None
    for kind in _kinds():
        if kind.headers and all(word in header_text for word in kind.headers):
            return kind.kind, None
    return None


def first_data_row(parsed: ParsedTable) -> int:
    """The first row holding a number in a value cell (the rows above it are headers)."""
    rows = [r for r, _ in _numbers(parsed)]
    return min(rows) if rows else parsed.n_rows


def _numbers(parsed: ParsedTable) -> set[tuple[int, int]]:
    """(row, col) of the cells that hold a bare number (not a row label such as a code)."""
    return {
        (c.row, c.col)
        for c in parsed.cells
        if c.role not in ("label", "header") and is_numeric_text(c.cell.raw)
    }


def _header_paths(parsed: ParsedTable, first: int) -> dict[int, list[str]]:
    """Each column's header texts, top to bottom: the text cells above the first data row
    that cover it (a merged header covers every column it spans)."""
    paths: dict[int, list[str]] = {c: [] for c in range(parsed.n_cols)}
    for cell in sorted(parsed.cells, key=lambda c: (c.row, c.col)):
        raw = squeeze(cell.cell.raw)
        if cell.row >= first or is_empty_text(raw) or is_numeric_text(raw):
            continue
        for col in range(cell.col, min(cell.col + cell.cell.col_span, parsed.n_cols)):
            if not paths[col] or paths[col][-1] != raw:
                paths[col].append(raw)
    return paths


def _role_of(path: list[str]) -> str | None:
    """The deepest header's role; a 小计/合计 under a header with a role of its own is that
    header's subtotal (公务用车购置及运行费 / 小计 is the vehicle column)."""
    for depth in range(len(path) - 1, -1, -1):
        role = _longest(path[depth], "column")
        if role is None:
            continue
        if role in (SUBTOTAL, TOTAL):
            parent = next(
                (
                    r
                    for r in (_longest(p, "column") for p in reversed(path[:depth]))
                    if r is not None
                ),
                None,
            )
            return parent if parent not in (None, SUBTOTAL, TOTAL) else TOTAL
        return role
    return None


def _group_of(path: list[str]) -> str:
    return "/".join(dict.fromkeys(g for g in (_longest(p, "group") for p in path) if g))


def _value_columns(parsed: ParsedTable, first: int) -> set[int]:
    """Columns holding no row label below the headers (code and name columns do); an empty
    column of a 三公 table is still its 因公出国 column."""
    labels = {c.col for c in parsed.cells if c.row >= first and c.role == "label"}
    return set(range(parsed.n_cols)) - labels


def _titles(parsed: ParsedTable, first: int) -> list[str]:
    """The table's title, else the one cell above its data that names it ("…收支预算总表"
    written in the table's first rows, as a PDF's ruled frame often holds its own title)."""
    if parsed.title:
        return [parsed.title]
    found = [
        squeeze(c.cell.raw)
        for c in parsed.cells
        if c.row < min(first, TITLE_ROWS)
        and squeeze(c.cell.raw).endswith(TITLE_END)
        and table_kind([squeeze(c.cell.raw)], "") is not None  # not "公开02表"
    ]
    return found if len(found) == 1 else []  # several: a list of the tables, no title


def _label_columns(parsed: ParsedTable, first: int) -> list[int]:
    """Columns whose data cells are row labels, left to right."""
    return sorted({c.col for c in parsed.cells if c.row >= first and c.role == "label"})


def _sided_columns(
    parsed: ParsedTable, paths: dict[int, list[str]], first: int
) -> Iterator[StandardColumn]:
    """收入 label and values, then 支出 label and values; a third label column (an economic
    breakdown beside the functional one) starts no new side: its values are left out."""
    labels = _label_columns(parsed, first)
    if len(labels) < 2:
        return
    income, expenditure = labels[0], labels[1]
    end = labels[2] if len(labels) > 2 else parsed.n_cols
    for col in range(income, end):
        path = paths.get(col, [])
        header = HEADER_SEPARATOR.join(path)
        if col == income:
            yield StandardColumn(col, "income_label", "", header)
        elif col < expenditure:
            yield StandardColumn(col, "income_value", _group_of(path), header)
        elif col == expenditure:
            yield StandardColumn(col, "expenditure_label", "", header)
        else:
            role = "expenditure_value"
            yield StandardColumn(col, role, _group_of(path), header)


def standard_of(parsed: ParsedTable) -> StandardTable | None:
    """The standard table ``parsed`` is, with its column roles; None for any other table."""
    if parsed.n_rows < MIN_ROWS:
        return None
    first = first_data_row(parsed)
    paths = _header_paths(parsed, first)
    header_text = "".join(t for path in paths.values() for t in path)
    found = table_kind(_titles(parsed, first), header_text)
    if found is None:
        return None
    kind, title = found
    scope = table_scope(title, kind)
    if kind in NO_COLUMNS or first >= parsed.n_rows:
        return StandardTable(kind, scope)  # no numbers: a template left empty ("无")
    if kind in TWO_SIDED:
        return StandardTable(kind, scope, tuple(_sided_columns(parsed, paths, first)))
    columns = []
    for col in sorted(_value_columns(parsed, first)):
        path = paths.get(col, [])
        role = _role_of(path) or VALUE
        columns.append(StandardColumn(col, role, _group_of(path), HEADER_SEPARATOR.join(path)))
    if _percent_under_amount_roles(parsed, columns, first) or _label_header_over_numbers(
        parsed, paths, first
    ):
        # A flattened table whose lower header row slid over its 增减额/增减% columns: its
        # headers are not over the columns they name, and no identity can be read from it.
        return StandardTable(kind, scope)
    return StandardTable(kind, scope, tuple(columns))


def _label_header_over_numbers(
    parsed: ParsedTable, paths: dict[int, list[str]], first: int
) -> bool:
    """A column headed by a row-label header (科目名称, 科目编码, 项目) holds decimal amounts
    below: the header row is shifted against the data (a flattened table whose header rows
    have more or fewer cells than its data rows)."""
    label_headers = {
        squeeze(r["word"]) for r in lexicons.rows("table_headers") if r["role"] == "label"
    }
    label_columns = {col for col, path in paths.items() if label_headers.intersection(path)}
    # …or amounts stand in columns no header covers (merged header cells that lost their
    # spans: the sub-headers slid left, the data runs on past the last header).
    unheaded = {col for col, path in paths.items() if not path}
    return any(
        _is_decimal_amount(cell.cell.raw)
        for cell in parsed.cells
        if cell.row >= first and cell.col in label_columns | unheaded
    )


def _is_decimal_amount(raw: str) -> bool:
    """An amount as a statement table writes it (6838.41, 1,266.75): never a row label nor a
    code (201, 2080501 have no decimals)."""
    found = bare_number(raw)
    return found is not None and found[1] > 0


def _percent_under_amount_roles(
    parsed: ParsedTable, columns: list[StandardColumn], first: int
) -> bool:
    """A column headed by an amount's role (合计, 基本支出, 项目支出 …) holds a percent."""
    amount_columns = {c.col for c in columns if c.role != VALUE}
    return any(
        q.kind == "percent"
        for cell in parsed.cells
        if cell.row >= first and cell.col in amount_columns
        for q in cell.quantities
    )


def cell_at(parsed: ParsedTable, row: int, col: int) -> TableCell | None:
    return next((c for c in parsed.cells if c.row == row and c.col == col), None)
