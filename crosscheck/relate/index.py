"""Where the quantities and tables of one document are: looked up by offset, built once.

The relate stage and the rules both ask "which quantities lie between these two
offsets", "which mention is at this span", "which table holds this offset"; the
answers come from sorted offsets (bisection), never from a scan of the text.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from crosscheck.types import Mention, ParsedTable, Segmented, Span, Table, TableCell


@dataclass(frozen=True, slots=True)
class DocumentIndex:
    """The mentions (in document order) and tables of a document, indexed by offset."""

    text: str
    segmented: Segmented
    mentions: tuple[Mention, ...]
    tables: tuple[ParsedTable, ...]
    mention_at: dict[Span, Mention] = field(repr=False)
    cell_by_span: dict[Span, TableCell] = field(repr=False)  # each table quantity's cell
    _mention_starts: tuple[int, ...] = field(repr=False)
    _table_starts: tuple[int, ...] = field(repr=False)
    _segment_tables: tuple[Table, ...] = field(repr=False)

    def mentions_between(self, start: int, end: int) -> tuple[Mention, ...]:
        """The mentions that start in ``[start, end)`` and end by ``end``, in order."""
        lo = bisect_left(self._mention_starts, max(0, start))
        hi = bisect_left(self._mention_starts, end)
        return tuple(m for m in self.mentions[lo:hi] if m.span.end <= end)

    def table_index_at(self, offset: int) -> int:
        """The index of the segmented table holding ``offset`` (-1 outside every table)."""
        i = bisect_right(self._table_starts, offset) - 1
        if i >= 0 and offset < self._segment_tables[i].span.end:
            return i
        return -1


def index_document(
    segmented: Segmented, mentions: tuple[Mention, ...], tables: tuple[ParsedTable, ...]
) -> DocumentIndex:
    """The index of a document's mentions (sorted by start, as the pipeline places them)."""
    cells: dict[Span, TableCell] = {}
    for parsed in tables:
        for cell in parsed.cells:
            for span in cell.quantity_spans:
                cells[span] = cell
    segment_tables = segmented.tables
    return DocumentIndex(
        text=segmented.document.text,
        segmented=segmented,
        mentions=mentions,
        tables=tables,
        mention_at={m.span: m for m in mentions},
        cell_by_span=cells,
        _mention_starts=tuple(m.span.start for m in mentions),
        _table_starts=tuple(t.span.start for t in segment_tables),
        _segment_tables=segment_tables,
    )
