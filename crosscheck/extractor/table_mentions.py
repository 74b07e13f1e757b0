"""Table cells as mentions: a cell's quantities keyed by its row label and column header.

The text pass finds the quantities written with a unit inside table cells;
the table stage adds the bare numbers that take the table's unit (4847.62 in
a 万元 table). Both become mentions with the row label as subject and, in a
typed value column (全年预算数, 执行率, 得分…), the column key as metric.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from crosscheck.types import Mention, ParsedTable, Span, TableCell

# Column kinds whose header names what the value measures; in 年度指标值 /
# 实际完成值 columns the cell's own words (完成率…) say it instead.
_TYPED_KINDS = frozenset({"amount", "percent", "score", "count"})


def _metric_of(cell: TableCell, fallback: str | None) -> str | None:
    from crosscheck.tables.headers import key_entry

    entry = key_entry(cell.col_key)
    if cell.role == "value" and entry is not None and entry[1].kind in _TYPED_KINDS:
        return cell.col_key
    return fallback


def merge_table_mentions(
    mentions: Sequence[Mention], tables: Iterable[ParsedTable]
) -> tuple[Mention, ...]:
    """``mentions`` with every table-cell quantity keyed by its cell; new ones added."""
    by_span: dict[Span, Mention] = {m.span: m for m in mentions}
    for parsed in tables:
        section = parsed.table.section_path
        for cell in parsed.cells:
            for quantity, span in zip(cell.quantities, cell.quantity_spans, strict=True):
                known = by_span.get(span)
                subject = (known.subject if known and known.subject else None) or cell.row_header
                if known is not None:
                    by_span[span] = replace(
                        known,
                        role="table",
                        subject=subject,
                        metric=_metric_of(cell, known.metric),
                        section_path=section,
                    )
                else:
                    by_span[span] = Mention(
                        span=span,
                        quantity=quantity,
                        role="table",
                        metric=_metric_of(cell, None),
                        metric_text=cell.col_header,
                        subject=subject,
                        section_path=section,
                    )
    return tuple(sorted(by_span.values(), key=lambda m: m.span.start))
