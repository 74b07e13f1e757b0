"""Tables: every table block as a grid with headers, row labels, unit, layout tag and quantities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from crosscheck.extractor import Found
from crosscheck.tables.indicators import table_indicators
from crosscheck.tables.parse import FoundIndex, parse_table
from crosscheck.tables.standard import standard_of
from crosscheck.types import Indicator, ParsedTable, Segmented

__all__ = ["indicators_of", "parse_table", "parse_tables"]


def parse_tables(
    segmented: Segmented, found: Sequence[Found] | None = None
) -> tuple[ParsedTable, ...]:
    """Every table block of a segmented document, parsed, in document order.

    ``found``: the document's quantities, when already extracted (the pipeline
    passes them so that no cell is extracted twice).
    """
    text = segmented.document.text
    index = FoundIndex(found) if found is not None else None
    parsed = (parse_table(text, t, index) for t in segmented.tables if t.layout != "toc")
    return tuple(
        replace(t, indicators=table_indicators(i, t), standard=standard_of(t))
        for i, t in enumerate(parsed)
    )


def indicators_of(tables: Sequence[ParsedTable]) -> tuple[Indicator, ...]:
    """Every 绩效指标 row of the document's tables, in document order."""
    return tuple(i for t in tables for i in t.indicators)
