"""``crosscheck tables``: each table as an aligned grid (text), or its cells (JSON, CSV).

The JSON is ``crosscheck/tables@1``: one object per table with its section,
layout tag, unit, size and cells; each cell with row, col, role, row_header,
col_header, col_key, span (start/end into the document text) and quantities;
and its 绩效指标 rows as ``indicators`` (name, levels, target with its bound, actual,
分值, 得分, note, unit, span); a standard 部门预算/决算 table has ``standard`` (kind, scope
and each column's role and group), other tables ``null``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from crosscheck.extractor.numbers import decimal_to_str
from crosscheck.messages import say
from crosscheck.report.quantities import quantity_record
from crosscheck.types import (
    Document,
    Indicator,
    IndicatorValue,
    ParsedTable,
    StandardTable,
    TableCell,
)

SCHEMA = "crosscheck/tables@1"
CELL_COLUMNS = (
    "table",
    "row",
    "col",
    "role",
    "row_header",
    "col_header",
    "col_key",
    "start",
    "end",
    "text",
    "kind",
    "value",
    "unit",
)


def _cell_fields(cell: TableCell) -> dict[str, object]:
    """Where a cell is and what its headers say: shared by the JSON and the flat rows."""
    return {
        "row": cell.row,
        "col": cell.col,
        "role": cell.role,
        "row_header": cell.row_header,
        "col_header": cell.col_header,
        "col_key": cell.col_key,
        "start": cell.cell.span.start,
        "end": cell.cell.span.end,
        "text": cell.cell.raw,
    }


def cell_record(cell: TableCell) -> dict[str, object]:
    return {
        **_cell_fields(cell),
        "row_span": cell.cell.row_span,
        "col_span": cell.cell.col_span,
        "quantities": [
            quantity_record(q, s.start, s.end)
            for q, s in zip(cell.quantities, cell.quantity_spans, strict=True)
        ],
    }


INDICATOR_COLUMNS = (
    "table",
    "row",
    "level1",
    "level2",
    "name",
    *(
        f"{field}_{part}"
        for field in ("target", "actual", "weight", "score")
        for part in ("text", "value", "bound", "start", "end")
    ),
    "unit",
    "note",
    "start",
    "end",
)


def _indicator_value(field: str, value: IndicatorValue | None) -> dict[str, object]:
    """A value's text, its quantity (value, bound) and where the quantity is (else the cell)."""
    q = value.quantity if value is not None else None
    span = (value.quantity_span or value.span) if value is not None else None
    return {
        f"{field}_text": value.text if value is not None else None,
        f"{field}_value": decimal_to_str(q.value) if q is not None else None,
        f"{field}_bound": q.bound if q is not None else None,
        f"{field}_start": span.start if span is not None else None,
        f"{field}_end": span.end if span is not None else None,
    }


def indicator_record(indicator: Indicator) -> dict[str, object]:
    """One indicator as a flat record, in the order of ``INDICATOR_COLUMNS``."""
    return {
        "table": indicator.table,
        "row": indicator.row,
        "level1": indicator.level1,
        "level2": indicator.level2,
        "name": indicator.name,
        **_indicator_value("target", indicator.target),
        **_indicator_value("actual", indicator.actual),
        **_indicator_value("weight", indicator.weight),
        **_indicator_value("score", indicator.score),
        "unit": indicator.unit,
        "note": indicator.note,
        "start": indicator.span.start,
        "end": indicator.span.end,
    }


def table_record(index: int, parsed: ParsedTable) -> dict[str, object]:
    table = parsed.table
    return {
        "index": index,
        "caption": table.caption,
        "section": " / ".join(table.section_path),
        "source": table.layout,
        "sheet": table.sheet,
        "layout": parsed.layout,
        "unit": parsed.unit,
        "rows": parsed.n_rows,
        "cols": parsed.n_cols,
        "empty_template": parsed.is_empty_template,
        "start": table.span.start,
        "end": table.span.end,
        "cells": [cell_record(c) for c in parsed.cells],
        "indicators": [indicator_record(i) for i in parsed.indicators],
        "standard": standard_record(parsed.standard),
    }


def standard_record(standard: StandardTable | None) -> dict[str, object] | None:
    """A standard 部门预算/决算 table's kind, scope and column roles (None for other tables)."""
    if standard is None:
        return None
    return {
        "kind": standard.kind,
        "scope": standard.scope,
        "columns": [
            {"col": c.col, "role": c.role, "group": c.group, "header": c.header}
            for c in standard.columns
        ],
    }


def to_json(document: Document, tables: Sequence[ParsedTable]) -> str:
    payload = {
        "schema": SCHEMA,
        "file": document.path,
        "tables": [table_record(i, t) for i, t in enumerate(tables)],
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)


def cell_rows(tables: Sequence[ParsedTable]) -> list[dict[str, object]]:
    """One flat row per cell (its first quantity), as the CSV and the DataFrame API list them."""
    rows = []
    for index, parsed in enumerate(tables):
        for cell in parsed.cells:
            first = cell.quantities[0] if cell.quantities else None
            rows.append(
                {
                    "table": index,
                    **_cell_fields(cell),
                    "kind": first.kind if first else None,
                    "value": decimal_to_str(first.value) if first else None,
                    "unit": first.unit if first else None,
                }
            )
    return rows


def to_csv(document: Document, tables: Sequence[ParsedTable]) -> str:
    """The cells as CSV (BOM, and no cell that starts a formula: ``report.cells``)."""
    from crosscheck.report.cells import csv_text

    rows = ({"file": document.path, **row} for row in cell_rows(tables))
    return csv_text(("file", *CELL_COLUMNS), rows)


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def to_text(document: Document, tables: Sequence[ParsedTable], lang: str = "zh") -> str:
    """Each table as an aligned grid (rich), with its caption, layout, unit and section."""
    from rich.table import Table as RichTable

    from crosscheck.report.terminal import escape_controls, plain_console

    buffer = io.StringIO()
    console = plain_console(buffer, 200)
    title = say("tables_title", lang, path=document.path, count=len(tables))
    console.print(escape_controls(title))
    for index, parsed in enumerate(tables):
        table = parsed.table
        heading = say(
            "table_heading",
            lang,
            index=index + 1,
            caption=table.caption or "—",
            layout=parsed.layout or "—",
            unit=parsed.unit or "—",
            rows=parsed.n_rows,
            cols=parsed.n_cols,
            section=" / ".join(table.section_path) or "—",
        ) + (say("empty_template", lang) if parsed.is_empty_template else "")
        console.print(escape_controls(heading, keep="\n"))
        grid = RichTable(show_header=False, show_lines=True)
        for _ in range(parsed.n_cols):
            grid.add_column(max_width=24, overflow="fold")
        rows: dict[int, list[str]] = {}
        for cell in parsed.cells:
            row = rows.setdefault(cell.row, [""] * parsed.n_cols)
            row[cell.col] = escape_controls(_short(cell.cell.raw, 40))
        for r in sorted(rows):
            grid.add_row(*rows[r])
        console.print(grid)
    return buffer.getvalue()
