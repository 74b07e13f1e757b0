"""Tables: every table block as a grid with headers, row labels, unit, layout tag and quantities."""

from __future__ import annotations

from crosscheck.tables.parse import parse_table
from crosscheck.types import ParsedTable, Segmented

__all__ = ["parse_table", "parse_tables"]


def parse_tables(segmented: Segmented) -> tuple[ParsedTable, ...]:
    """Every table block of a segmented document, parsed, in document order."""
    text = segmented.document.text
    return tuple(parse_table(text, t) for t in segmented.tables if t.layout != "toc")
