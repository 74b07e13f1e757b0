"""Segmentation: a Document cut into headings, paragraphs (with sentences) and tables.

Every span indexes ``Document.text``, which is never changed. The stage is a few linear
passes over lines with compiled regular expressions; see the modules for the rules:

- ``lines``: lines with offsets (CRLF aware) and a local kind (blank, TAB cell, TSV, …);
- ``tables``: the reader's own tables (``Document.tables``, taken as they are), then, between
  them, flattened (TAB-per-cell), pipe/Markdown, TAB-separated tables and contents;
- ``headings``: numbering styles, heading-or-list-item decision, section paths;
- ``paragraphs``: page-wrap joining and sentence splitting;
- ``blocks``: the assembly in document order.
"""

from __future__ import annotations

from crosscheck.perf import gc_paused
from crosscheck.segment.blocks import lines_to_blocks
from crosscheck.segment.lines import text_to_lines, unflatten_lines
from crosscheck.segment.tables import lines_to_tables
from crosscheck.types import Document, Segmented

__all__ = ["segment"]


def segment(doc: Document) -> Segmented:
    """Cut ``doc`` into blocks (Heading | Paragraph | Table), in document order."""
    with gc_paused():
        lines = unflatten_lines(doc.text, text_to_lines(doc.text))
        tables = lines_to_tables(doc.text, lines, doc.tables)
        return Segmented(doc, lines_to_blocks(doc.text, lines, tables))
