"""The identities between the standard 部门预算/决算 tables (公开表), as relations.

The tables were recognised when they were parsed (ParsedTable.standard: kind, scope, column
roles; crosscheck/tables/standard.py). Here their totals are paired:

- ``balance``: a 收支总表's (or 财政拨款收支总表's) 收入总计 and 支出总计;
- ``same_total``: one total stated in two tables: the 支出总表's 合计 and the 收支总表's
  本年支出合计 (or 支出总计: templates differ on whether the carry-over is in), the same for
  收入; the 一般公共预算支出表's 合计 and the 一般公共预算 column of the 财政拨款收支总表 (the
  same for the 政府性基金 and 国有资本经营 tables);
- ``same_class``: a 功能分类 类 of the 收支总表's 支出 half and the 类 row of the 支出总表
  (both all funds), of the 财政拨款收支总表's 一般公共预算 column and the 一般公共预算支出表;
- ``basic_total``: the 基本支出表's 合计 and the 基本支出 column of the 合计 row of the
  支出表 of the same scope;
- ``narrative_total``: a total the text names as the statement names it, right before its
  amount ("财政拨款收入支出总计0.3万元"), and that total in the table;
- ``three_public`` and ``vehicle`` sums: a 三公 table's 合计 = 因公出国 + 公务用车购置及运行
  + 公务接待, and 公务用车购置及运行 = 购置 + 运行, column by column in each stage group.

Scopes never mix: a 财政拨款 table and an all-funds table state different totals. What the
sums inside one table say (a column against its 合计 row, 类 = Σ 款, 合计 = 基本支出 + 项目支出,
基本支出 = 人员经费 + 公用经费 in one row) is relate/tables.py's.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from crosscheck.extractor.patterns import LIST_MARKER
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.recompute import exact
from crosscheck.relate.tables import numbers_columns
from crosscheck.tables.parse import bare_amount
from crosscheck.tables.standard import (
    ALL_FUNDS,
    first_data_row,
    longest_role,
    role_words,
    squeeze,
)
from crosscheck.tables.values import is_empty_text, is_numeric_text
from crosscheck.types import Mention, ParsedTable, StandardColumn, TableCell

# "一、", "（一）", "1.", "[201]": the numbering before a row label; "（类）" after a class.
_NUMBERING = regex.compile(rf"^(?:{LIST_MARKER}|\[[0-9]+\]|[0-9]+[.、．])+")
_CLASS_SUFFIX = regex.compile(r"[（(][类款项][)）]$")
CLASS_CODE_DIGITS = 3
# A clause ends at these marks: the words before a total's name are read back to one.
_CLAUSE_END = regex.compile(r"[。；，,;！？\n]")
_YEAR = regex.compile(r"(?<![0-9])(20[0-9]{2})年")
# The report's own year is the latest one its first page names (2024年度部门决算).
TITLE_PAGE_CHARS = 2000
NAME_LOOKBACK_CHARS = 40
GENERAL_FUND_SCOPE = "general"  # the scope of a 一般公共预算 table
# The 功能分类 tables of one fund: the 一般公共预算 (general), 政府性基金 and 国有资本经营 ones.
FUND_KINDS = ("general", "fund", "capital")
EXPENDITURE_KINDS = ("expenditure", "general", "fund", "capital")


@dataclass(frozen=True, slots=True)
class TablePlace:
    """A table cell stated as a fact: its amount, the table's title, its row and column."""

    mention: Mention
    table: str
    row: str
    column: str


@dataclass(frozen=True, slots=True)
class TableEquality:
    """Two tables state one total: ``left`` equals one of ``right`` (a 支出总表's 合计 is the
    收支总表's 本年支出合计, or its 支出总计 where no carry-over is shown apart)."""

    # balance | same_total | same_class | basic_total | narrative_total | narrative_balance
    kind: str
    left: TablePlace
    right: tuple[TablePlace, ...]


@dataclass(frozen=True, slots=True)
class TableSum:
    """A total of a standard table and its parts in the same row (三公: 合计 and its three
    parts; 公务用车购置及运行 and 购置 + 运行). ``empty``: the parts whose cell is blank (0)."""

    kind: str  # three_public | vehicle
    total: TablePlace
    parts: tuple[TablePlace, ...]
    empty: tuple[str, ...] = ()


@cache
def _row_words() -> dict[str, str]:
    return dict(role_words("row"))


def row_label(text: str) -> str:
    """A row label as compared: spaces, numbering and a trailing （类） removed."""
    squeezed = squeeze(text)
    return _CLASS_SUFFIX.sub("", _NUMBERING.sub("", squeezed))


def _row_kind(text: str) -> str | None:
    return _row_words().get(row_label(text))


@dataclass(frozen=True, slots=True)
class _Table:
    """A standard table with its cells by position and its title for messages."""

    parsed: ParsedTable
    title: str
    cells: dict[tuple[int, int], TableCell]
    first: int

    @property
    def kind(self) -> str:
        return self.parsed.standard.kind if self.parsed.standard else ""

    @property
    def scope(self) -> str:
        return self.parsed.standard.scope if self.parsed.standard else ""

    def columns(self, role: str) -> tuple[StandardColumn, ...]:
        return self.parsed.standard.cols(role) if self.parsed.standard else ()

    def text(self, row: int, col: int) -> str:
        cell = self.cells.get((row, col))
        return cell.cell.raw if cell is not None else ""


def _tables(index: DocumentIndex) -> list[_Table]:
    out = []
    for position, parsed in enumerate(index.tables):
        # Not ``is_empty_template``: that says no cell was typed, and the columns of a
        # standard table are read here whatever their header (一般公共预算财政拨款, 人员经费).
        first = first_data_row(parsed)
        if parsed.standard is None or first >= parsed.n_rows:
            continue
        cells = {(c.row, c.col): c for c in parsed.cells}
        title = " ".join((parsed.title or "").split()) or f"表{position + 1}"
        out.append(_Table(parsed, title, cells, first))
    return out


def _place(
    index: DocumentIndex, table: _Table, row: int, col: StandardColumn, label: str
) -> TablePlace | None:
    """The cell's one exact amount as a place, or None (empty, a dash, a sentence)."""
    cell = table.cells.get((row, col.col))
    if cell is None or cell.role != "value":
        return None
    if cell.quantities:
        mention = index.mention_at.get(cell.quantity_spans[0])
    else:
        mention = _untyped_amount(table, cell)
    if (
        len(cell.quantities) > 1
        or mention is None
        or mention.quantity.kind != "amount"
        or not exact(mention)
    ):
        return None
    return TablePlace(mention, table.title, squeeze(label), _column_name(col))


def _column_name(col: StandardColumn) -> str:
    """The column's headers below the table-wide one: 公务用车购置及运行费/小计, 合计."""
    path = [squeeze(p) for p in col.header.split(" / ") if p.strip()]
    return "/".join(path[1:] if len(path) > 2 else path)


def _untyped_amount(table: _Table, cell: TableCell) -> Mention | None:
    """A number under a header the parser does not type (一般公共预算财政拨款, 因公出国（境）费):
    in a standard table every value column is an amount in the table's unit."""
    read = bare_amount(cell.cell.raw, cell.cell.span, table.parsed.unit)
    if read is None:
        return None
    quantity, span = read
    return Mention(
        span,
        quantity,
        role="table",
        subject=cell.row_header,
        section_path=table.parsed.table.section_path,
    )


def _is_empty(table: _Table, row: int, col: StandardColumn) -> bool:
    cell = table.cells.get((row, col.col))
    return cell is None or is_empty_text(cell.cell.raw)


# -- the two halves of a 收支总表 ------------------------------------------------------


def _side_rows(table: _Table, side: str) -> list[tuple[int, str]]:
    """(row, label) of one half's rows below the headers."""
    labels = table.columns(f"{side}_label")
    if not labels:
        return []
    col = labels[0].col
    rows = []
    for row in range(table.first, table.parsed.n_rows):
        text = table.text(row, col)
        if text.strip():
            rows.append((row, text))
    return rows


def _side_value(
    index: DocumentIndex, table: _Table, side: str, row: int, label: str, group: str = ""
) -> TablePlace | None:
    """The half's value in ``row``: its first value column, or the one of fund ``group``."""
    columns = table.columns(f"{side}_value")
    if group:
        columns = tuple(c for c in columns if c.group.endswith(group))
    return _place(index, table, row, columns[0], label) if columns else None


def _side_totals(
    index: DocumentIndex, table: _Table, side: str, names: Sequence[str], group: str = ""
) -> list[TablePlace]:
    """The half's total rows of the given names (grand_total, year_total), in order."""
    found = []
    for row, label in _side_rows(table, side):
        if _row_kind(label) in names:
            place = _side_value(index, table, side, row, label, group)
            if place is not None:
                found.append(place)
    return found


def _balances(index: DocumentIndex, tables: list[_Table]) -> Iterator[TableEquality]:
    for table in tables:
        if table.kind not in ("summary", "fiscal_summary"):
            continue
        income = _side_totals(index, table, "income", ("grand_total",))
        spent = _side_totals(index, table, "expenditure", ("grand_total",))
        if len(income) == 1 and len(spent) == 1:
            yield TableEquality("balance", income[0], (spent[0],))


# -- one total in two tables ----------------------------------------------------------


def _total_row(table: _Table) -> tuple[int, str] | None:
    """The one row labelled 合计/总计 (in any label cell), else None."""
    rows = {}
    for (row, _), cell in table.cells.items():
        if row >= table.first and _is_text(cell) and _row_kind(cell.cell.raw):
            rows.setdefault(row, cell.cell.raw)
    return next(iter(rows.items())) if len(rows) == 1 else None


def _is_text(cell: TableCell) -> bool:
    """A row label: a label cell, or text where the parser expected a value (a table whose
    header words it did not know)."""
    return cell.role == "label" or (
        cell.role in ("value", "note")
        and not is_empty_text(cell.cell.raw)
        and not is_numeric_text(cell.cell.raw)
    )


def _table_total(index: DocumentIndex, table: _Table, role: str = "total") -> TablePlace | None:
    """The table's 合计: its total row in its one column of ``role``."""
    columns = table.columns(role)
    total = _total_row(table)
    if len(columns) != 1 or total is None:
        return None
    return _place(index, table, total[0], columns[0], total[1])


def _of(tables: list[_Table], kinds: Sequence[str], scope: str) -> list[_Table]:
    return [t for t in tables if t.kind in kinds and t.scope == scope]


def _same_totals(index: DocumentIndex, tables: list[_Table]) -> Iterator[TableEquality]:
    summaries = _of(tables, ("summary",), ALL_FUNDS)
    if len(summaries) != 1:
        return  # no 收支总表, or several (units of a department): which one is not said
    summary = summaries[0]
    for kind, side in (("expenditure", "expenditure"), ("income", "income")):
        for table in _of(tables, (kind,), ALL_FUNDS):
            total = _table_total(index, table)
            stated = _side_totals(index, summary, side, ("year_total", "grand_total"))
            if total is not None and stated:
                yield TableEquality("same_total", total, tuple(stated))
    fiscal = _of(tables, ("fiscal_summary",), "fiscal")
    for scope, group in _fund_groups():
        funded = _of(tables, FUND_KINDS, scope)
        if len(fiscal) != 1 or len(funded) != 1:
            continue
        total = _table_total(index, funded[0])
        stated = _side_totals(index, fiscal[0], "expenditure", ("year_total", "grand_total"), group)
        if total is not None and stated:
            yield TableEquality("same_total", total, tuple(stated))


@cache
def _fund_groups() -> tuple[tuple[str, str], ...]:
    """(scope, group) of each fund: the 一般公共预算 table against the 一般公共预算 column of
    the 财政拨款收支总表, the 政府性基金 table against its 政府性基金 column …"""
    groups = {w: n for w, n in role_words("group")}
    return tuple((scope, groups[w]) for w, scope in role_words("scope") if w in groups)


def _class_rows(index: DocumentIndex, table: _Table) -> dict[str, TablePlace]:
    """The 类 rows of a 功能分类 table (a three-digit code), by label, in its total column."""
    columns = table.columns("total")
    if len(columns) != 1:
        return {}
    by_row: dict[int, list[TableCell]] = {}
    for (row, _), cell in sorted(table.cells.items()):
        if row >= table.first and cell.role == "label":
            by_row.setdefault(row, []).append(cell)
    found: dict[str, TablePlace] = {}
    for row, labels in by_row.items():
        texts = [squeeze(c.cell.raw) for c in labels]
        codes = [t for t in texts if t.isdigit()]
        names = [t for t in texts if not t.isdigit()]
        if len(codes) != 1 or len(codes[0]) != CLASS_CODE_DIGITS or len(names) != 1:
            continue
        place = _place(index, table, row, columns[0], names[0])
        if place is not None and row_label(names[0]) not in found:
            found[row_label(names[0])] = place
    return found


def _same_classes(index: DocumentIndex, tables: list[_Table]) -> Iterator[TableEquality]:
    pairs = []
    summaries = _of(tables, ("summary",), ALL_FUNDS)
    spending = _of(tables, ("expenditure",), ALL_FUNDS)
    if len(summaries) == 1 and len(spending) == 1:
        pairs.append((summaries[0], "", spending[0]))
    fiscal = _of(tables, ("fiscal_summary",), "fiscal")
    for scope, group in _fund_groups():
        funded = _of(tables, FUND_KINDS, scope)
        if len(fiscal) == 1 and len(funded) == 1:
            pairs.append((fiscal[0], group, funded[0]))
    for summary, group, detail in pairs:
        if group and not any(c.group.endswith(group) for c in summary.columns("expenditure_value")):
            continue  # a 财政拨款 half with one column: its classes hold every fund
        classes = _class_rows(index, detail)
        rows = _side_rows(summary, "expenditure")
        # A name written twice (a class and a 款 of the same name, listed under it) is
        # no class row for sure: left out.
        written = Counter(row_label(label) for _, label in rows)
        for row, label in rows:
            stated = classes.get(row_label(label))
            if stated is None or written[row_label(label)] > 1:
                continue
            place = _side_value(index, summary, "expenditure", row, label, group)
            if place is not None:
                yield TableEquality("same_class", place, (stated,))


def _basic_totals(index: DocumentIndex, tables: list[_Table]) -> Iterator[TableEquality]:
    for basic in _of(tables, ("basic",), GENERAL_FUND_SCOPE) + _of(tables, ("basic",), "fiscal"):
        total = _table_total(index, basic) or _table_total(index, basic, "basic")
        spending = [t for t in tables if t.kind in EXPENDITURE_KINDS and t.scope == basic.scope]
        if total is None or len(spending) != 1:
            continue
        stated = _table_total(index, spending[0], "basic")
        if stated is not None:
            yield TableEquality("basic_total", total, (stated,))


# -- 三公 ------------------------------------------------------------------------------

THREE_PUBLIC_PARTS = ("abroad", "vehicle", "reception")
VEHICLE_PARTS = ("vehicle_purchase", "vehicle_running")


def _row_sums(
    index: DocumentIndex, table: _Table, total_role: str, part_roles: Sequence[str], kind: str
) -> Iterator[TableSum]:
    """In each row and stage group: the ``total_role`` cell against the ``part_roles`` cells,
    a blank part cell counting as 0; a part whose column is missing leaves the sum out."""
    groups = {c.group for c in table.columns(total_role)}
    for group in sorted(groups):
        totals = [c for c in table.columns(total_role) if c.group == group]
        parts = [[c for c in table.columns(role) if c.group == group] for role in part_roles]
        if len(totals) != 1 or any(len(p) != 1 for p in parts):
            continue
        for row in range(table.first, table.parsed.n_rows):
            label = _label_of_row(table, row)
            total = _place(index, table, row, totals[0], label)
            if total is None or _is_column_numbers(index, table, row):
                continue
            placed, empty = [], []
            for (column,) in parts:
                place = _place(index, table, row, column, label)
                if place is not None:
                    placed.append(place)
                elif _is_empty(table, row, column):
                    empty.append(_column_name(column))
                else:
                    break
            else:
                if placed:
                    yield TableSum(kind, total, tuple(placed), tuple(empty))


def _is_column_numbers(index: DocumentIndex, table: _Table, row: int) -> bool:
    """The 栏次 row ("1 | 2 | 3 | 4 | 5 | 6") under the headers: it numbers the columns."""
    values = {}
    for column in table.parsed.standard.columns if table.parsed.standard else ():
        place = _place(index, table, row, column, "")
        if place is not None:
            values[column.col] = place.mention
    return numbers_columns(values)


def _label_of_row(table: _Table, row: int) -> str:
    labels = [
        c.cell.raw for (r, _), c in sorted(table.cells.items()) if r == row and c.role == "label"
    ]
    return labels[-1] if labels else ""


def _three_public(index: DocumentIndex, tables: list[_Table]) -> Iterator[TableSum]:
    for table in tables:
        if table.kind != "three_public":
            continue
        rows = _rows_by_role(table)
        if "total" in rows and "abroad" in rows:  # laid out in rows, one item a row
            yield from _column_sums(index, table, rows, "total", THREE_PUBLIC_PARTS)
            yield from _column_sums(index, table, rows, "vehicle", VEHICLE_PARTS)
        else:
            yield from _row_sums(index, table, "total", THREE_PUBLIC_PARTS, "three_public")
            yield from _row_sums(index, table, "vehicle", VEHICLE_PARTS, "vehicle")


def _rows_by_role(table: _Table) -> dict[str, list[tuple[int, str]]]:
    """The rows whose label names a 三公 item (合计, 因公出国 …), by role."""
    by_role: dict[str, list[tuple[int, str]]] = {}
    for row in range(table.first, table.parsed.n_rows):
        label = _label_of_row(table, row)
        role = longest_role(squeeze(label)) if label else None
        if role is not None:
            by_role.setdefault(role, []).append((row, label))
    return by_role


def _column_sums(
    index: DocumentIndex,
    table: _Table,
    by_role: dict[str, list[tuple[int, str]]],
    total_role: str,
    part_roles: Sequence[str],
) -> Iterator[TableSum]:
    """A 三公 table laid out in rows (合计 / 1、因公出国（境）费 / 2、公务接待费 / 3、公务用车
    购置及运行费 / 其中：购置费, 运行费): in each value column, the total row against the rows
    of its parts, each role on exactly one row."""
    rows = [by_role.get(role, []) for role in (total_role, *part_roles)]
    if any(len(found) != 1 for found in rows):
        return
    (total_row, total_label), *parts = (found[0] for found in rows)
    kind = "three_public" if total_role == "total" else "vehicle"
    for column in table.parsed.standard.columns if table.parsed.standard else ():
        total = _place(index, table, total_row, column, total_label)
        if total is None:
            continue
        placed = [_place(index, table, row, column, label) for row, label in parts]
        if all(p is not None for p in placed):
            yield TableSum(kind, total, tuple(p for p in placed if p is not None))


# -- the text's statement totals --------------------------------------------------------


def _named_total(text: str, start: int, report_year: str | None) -> tuple[str, str] | None:
    """(word, name) of the statement total named right before the amount at ``start``,
    when the clause is about the report's own year and no change."""
    window = text[max(0, start - NAME_LOOKBACK_CHARS) : start].rstrip()
    copulas = tuple(w for w, _ in role_words("copula"))
    while window.endswith(copulas):
        window = window[: -len(next(c for c in copulas if window.endswith(c)))].rstrip()
    found = next(((w, n) for w, n in role_words("narrative") if window.endswith(w)), None)
    if found is None:
        return None
    before = window[: -len(found[0])]
    ends = list(_CLAUSE_END.finditer(before))
    clause = before[ends[-1].end() :] if ends else before
    if any(word in clause for word, _ in role_words("guard")):
        return None
    years = set(_YEAR.findall(clause))
    if years and (report_year is None or years != {report_year}):
        return None
    return found


def _narrative_totals(index: DocumentIndex, tables: list[_Table]) -> Iterator[TableEquality]:
    title_years = _YEAR.findall(index.text[:TITLE_PAGE_CHARS])
    report_year = max(title_years) if title_years else None
    for mention in index.mentions:
        q = mention.quantity
        if mention.role != "narrative" or q.kind != "amount" or not exact(mention):
            continue
        named = _named_total(index.text, mention.span.start, report_year)
        if named is None:
            continue
        word, name = named
        kind, side, row = name.split()
        scope = "fiscal" if kind == "fiscal_summary" else ALL_FUNDS
        candidates = _of(tables, (kind,), scope)
        if len(candidates) != 1:
            continue
        stated = _side_totals(index, candidates[0], side, (row,))
        if len(stated) == 1:
            yield TableEquality("narrative_total", TablePlace(mention, "", word, ""), (stated[0],))


def index_to_table_identities(index: DocumentIndex) -> tuple[TableEquality, ...]:
    """Every identity between the standard tables of the document (balance, same totals,
    same classes, 基本支出 totals) and with the text's statement totals, in table order."""
    tables = _tables(index)
    return (
        *_balances(index, tables),
        *_same_totals(index, tables),
        *_same_classes(index, tables),
        *_basic_totals(index, tables),
        *_narrative_totals(index, tables),
    )


def index_to_table_breakdowns(index: DocumentIndex) -> tuple[TableSum, ...]:
    """Every 三公 row sum of the standard tables."""
    return tuple(_three_public(index, _tables(index)))
