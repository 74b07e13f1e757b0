"""绩效指标 rows as :class:`Indicator` records (DESIGN §1 ``parse_tables``).

A 绩效指标 table lists one indicator a row: its 一级/二级/三级指标, the 年度指标值 (a
target with its bound: ≥1500人次), the 实际完成值, the 分值 and 得分, and the 偏差原因.
Whichever layout it arrived in (flattened, pipes, TABs, docx/xlsx/html/pdf tables), the
parsed table's cells carry their column keys (lexicons/table_headers.tsv), so the row
is read by key, not by position. A row is an indicator when it names one (a 三级指标 /
指标名称 cell) and states a target, an actual value, a 分值 or a 得分; a 总分 / 合计 row
is the table's total, not an indicator.
"""

from __future__ import annotations

from crosscheck.tables.headers import normalize_header
from crosscheck.types import Indicator, IndicatorValue, ParsedTable, Span, TableCell

# The column keys of an indicator row (lexicons/table_headers.tsv).
_NAME = "indicator"
_VALUES = {
    "target_value": "target",
    "actual_value": "actual",
    "full_score": "weight",
    "score": "score",
}
_TOTAL_ROWS = frozenset({"总分", "合计", "总计", "小计"})


def _value(cell: TableCell) -> IndicatorValue:
    return IndicatorValue(
        text=cell.cell.raw.strip(),
        span=cell.cell.span,
        quantity=cell.quantities[0] if cell.quantities else None,
        quantity_span=cell.quantity_spans[0] if cell.quantity_spans else None,
    )


def _levels(cell: TableCell, name: str) -> tuple[str | None, str | None]:
    """一级 and 二级指标 from the row's label path (filled down through merged cells)."""
    path = [p.strip() for p in (cell.row_header or "").split(" / ") if p.strip()]
    if path and path[-1] == name:
        path = path[:-1]
    level1 = path[0] if path else None
    level2 = path[1] if len(path) > 1 else None
    return level1, level2


def _row_indicator(index: int, row: int, cells: list[TableCell]) -> Indicator | None:
    by_key = {c.col_key: c for c in cells if c.col_key and c.role != "header"}
    name_cell = by_key.get(_NAME)
    if name_cell is None or not name_cell.cell.raw.strip():
        return None
    name = " ".join(name_cell.cell.raw.split())
    if normalize_header(name) in _TOTAL_ROWS:
        return None
    values = {
        field: _value(by_key[key])
        for key, field in _VALUES.items()
        if key in by_key and by_key[key].role != "empty"
    }
    if not values:
        return None
    actual, target = values.get("actual"), values.get("target")
    unit = next(
        (v.quantity.unit for v in (actual, target) if v is not None and v.quantity is not None),
        "",
    )
    note_cell = by_key.get("deviation_note")
    level1, level2 = _levels(name_cell, name)
    return Indicator(
        table=index,
        row=row,
        name=name,
        level1=level1,
        level2=level2,
        target=target,
        actual=actual,
        weight=values.get("weight"),
        score=values.get("score"),
        note=" ".join(note_cell.cell.raw.split()) if note_cell is not None else "",
        unit=unit,
        span=Span(min(c.cell.span.start for c in cells), max(c.cell.span.end for c in cells)),
    )


def table_indicators(index: int, parsed: ParsedTable) -> tuple[Indicator, ...]:
    """The indicator rows of one parsed table (none for a table without a 三级指标 column)."""
    rows: dict[int, list[TableCell]] = {}
    for cell in parsed.cells:
        rows.setdefault(cell.row, []).append(cell)
    found = (_row_indicator(index, row, cells) for row, cells in sorted(rows.items()))
    return tuple(i for i in found if i is not None)
