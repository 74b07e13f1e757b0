"""Tables: every table block as a grid with headers, row labels, unit, layout tag and quantities."""

from __future__ import annotations

from collections.abc import Sequence

from crosscheck.extractor import Found
from crosscheck.tables.parse import FoundIndex, parse_table
from crosscheck.types import ParsedTable, Segmented

__all__ = ["parse_table", "parse_tables"]


def parse_tables(
    segmented: Segmented, found: Sequence[Found] | None = None
) -> tuple[ParsedTable, ...]:
    """Every table block of a segmented document, parsed, in document order.

    ``found``: the document's quantities, when already extracted (the pipeline
    passes them so that no cell is extracted twice).
    """
    text = segmented.document.text
    index = FoundIndex(found) if found is not None else None
    return tuple(parse_table(text, t, index) for t in segmented.tables if t.layout != "toc")
