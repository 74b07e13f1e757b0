"""Everything a rule may look at, computed once per document by the pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field

from crosscheck.align.keys import Fact
from crosscheck.align.links import FactGroup
from crosscheck.compare import Agreement
from crosscheck.relate import Relations
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
    relations: Relations  # the relate stage's output (crosscheck/relate/)
    aligned: tuple[FactGroup, ...] = ()  # the align stage's output (crosscheck/align/links.py)
    _lines: LineIndex | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def cell_by_span(self) -> dict[Span, TableCell]:
        """Each table quantity's span -> its cell."""
        return self.relations.index.cell_by_span

    @property
    def facts(self) -> tuple[Fact, ...]:
        """Every mention and cell keyed (subject, metric, scope, period), as related."""
        return self.relations.facts

    @property
    def mention_at(self) -> dict[Span, Mention]:
        return self.relations.index.mention_at

    def mentions_between(self, start: int, end: int) -> tuple[Mention, ...]:
        """The mentions that start in ``[start, end)`` and end by ``end``, in order (bisection)."""
        return self.relations.index.mentions_between(start, end)

    def rounding_declared(self, agreement: Agreement) -> bool:
        """One unit in the last place, in a document that declares its tables' rounding
        (尾差, 尾数误差, 四舍五入): not a finding."""
        return agreement is Agreement.LAST_DIGIT and self.relations.rounding_noted

    def table_index_at(self, offset: int) -> int:
        """The index of the table holding ``offset`` (-1 outside every table)."""
        return self.relations.index.table_index_at(offset)

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

    def quote(self, span: Span, label: str = "") -> Evidence:
        """The evidence for a stretch of narrative that is no quantity (a 文号, a count)."""
        return Evidence(span, self.text[span.start : span.end], "narrative", label=label)

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
