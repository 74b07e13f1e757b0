"""Everything a rule may look at, computed once per document."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property

from crosscheck.align.keys import CellPlace, Fact, facts_of
from crosscheck.align.links import FactGroup, align
from crosscheck.report.quantities import LineIndex
from crosscheck.types import (
    Document,
    Evidence,
    Mention,
    ParsedTable,
    Quantity,
    Segmented,
    Span,
    TableCell,
)


@dataclass
class CheckContext:
    document: Document
    segmented: Segmented
    mentions: tuple[Mention, ...]
    tables: tuple[ParsedTable, ...]
    _lines: LineIndex | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.document.text

    @cached_property
    def cell_by_span(self) -> dict[Span, TableCell]:
        """Each table quantity's span -> its cell."""
        cells: dict[Span, TableCell] = {}
        for parsed in self.tables:
            for cell in parsed.cells:
                for span in cell.quantity_spans:
                    cells[span] = cell
        return cells

    @cached_property
    def facts(self) -> tuple[Fact, ...]:
        info = {
            span: CellPlace(
                cell.row_header,
                cell.col_key,
                cell.cell.span.start,
                cell.col_header,
                cell.row,
                parsed.title,
            )
            for parsed in self.tables
            for cell in parsed.cells
            for span in cell.quantity_spans
        }
        return facts_of(self.segmented, self.mentions, info)

    @cached_property
    def aligned(self) -> tuple[FactGroup, ...]:
        """The groups of facts that state one fact, with their links (the align stage)."""
        return align(self.facts, self.table_index_at, self.text)

    @cached_property
    def mention_at(self) -> dict[Span, Mention]:
        return {m.span: m for m in self.mentions}

    @cached_property
    def _mention_starts(self) -> list[int]:
        return [m.span.start for m in self.mentions]

    def mentions_between(self, start: int, end: int) -> tuple[Mention, ...]:
        """The mentions that start in ``[start, end)`` and end by ``end``, in order (bisection)."""
        lo = bisect_left(self._mention_starts, max(0, start))
        hi = bisect_left(self._mention_starts, end)
        return tuple(m for m in self.mentions[lo:hi] if m.span.end <= end)

    def table_index_at(self, offset: int) -> int:
        """The index of the table holding ``offset`` (-1 outside every table)."""
        return self.segmented.table_at(offset)

    def line_of(self, offset: int) -> int:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines.line_of(offset)

    def evidence(self, mention: Mention, label: str = "") -> Evidence:
        """The evidence for a mention: its exact text, role, value and section."""
        q = mention.quantity
        return Evidence(
            span=mention.span,
            text=self.text[mention.span.start : mention.span.end],
            role=mention.role,
            value=q.value,
            unit=q.unit,
            section_path=mention.section_path,
            label=label,
        )

    def evidence_for_quantity(
        self, span: Span, quantity: Quantity, role: str, label: str = ""
    ) -> Evidence:
        return Evidence(
            span=span,
            text=self.text[span.start : span.end],
            role=role,
            value=quantity.value,
            unit=quantity.unit,
            label=label,
        )
