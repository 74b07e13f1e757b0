"""The text view of a structured file (docx, xlsx, html, pdf).

Every reader emits paragraphs and tables through :class:`TextViewBuilder`,
which writes one text (what ``crosscheck text FILE`` prints and every offset
indexes) and the :class:`Table` objects whose cell spans point into it.

The view writes tables the way seed report 000 was flattened, so that one
convention covers every format and a reviewer reading the text sees the same
thing: a blank line before and after the table, one cell a line starting with
a TAB, rows separated by a blank line. Inside a cell, line breaks are kept
but blank lines are squeezed and TABs become spaces, so that a cell can never
look like the start of another cell or row.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from crosscheck.types import Cell, Document, Span, Table

_CELL_PREFIX = "\t"


@dataclass(frozen=True, slots=True)
class CellContent:
    """One grid cell as a reader sees it, before it is written."""

    text: str
    row_span: int = 1
    col_span: int = 1


def clean_cell_text(text: str) -> str:
    """Cell text safe for the flattened form: no TABs, no blank lines, no edge whitespace."""
    if "\n" not in text and "\t" not in text and "\r" not in text:
        return text.strip()  # the common case
    lines = [line.replace("\t", " ").rstrip() for line in text.replace("\r", "").split("\n")]
    kept = [line for line in lines if line.strip()]
    return "\n".join(kept).strip()


def clean_paragraph_text(text: str) -> str:
    """Paragraph text on its own line(s): no TAB at a line start, no blank lines."""
    lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
    kept = [line.lstrip("\t") for line in lines if line.strip()]
    return "\n".join(kept)


@dataclass
class TextViewBuilder:
    """Accumulates the text view and the tables whose spans index it."""

    source_kind: str
    parts: list[str] = field(default_factory=list)
    length: int = 0
    tables: list[Table] = field(default_factory=list)
    _pending_break: bool = False

    def _write(self, text: str) -> int:
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def _separate(self, blank_line: bool) -> None:
        """End the previous block: a newline, plus an empty line when asked."""
        if self.length == 0:
            return
        if not self.parts[-1].endswith("\n"):
            self._write("\n")
        if blank_line and not self._ends_with_blank_line():
            self._write("\n")

    def _ends_with_blank_line(self) -> bool:
        tail = "".join(self.parts[-2:])
        return tail.endswith("\n\n")

    def add_paragraph(self, text: str) -> Span | None:
        """A paragraph on its own line; returns its span, or None when it is empty."""
        cleaned = clean_paragraph_text(text)
        if not cleaned:
            return None
        self._separate(blank_line=self._pending_break)
        self._pending_break = False
        start = self._write(cleaned)
        return Span(start, start + len(cleaned))

    def add_break(self) -> None:
        """A visible gap (page or sheet boundary): the next block starts after a blank line."""
        self._pending_break = True

    def add_table(
        self,
        grid: list[list[CellContent | None]],
        *,
        layout: str,
        caption: str | None = None,
        sheet: str | None = None,
    ) -> Table | None:
        """Write a table; ``None`` in the grid marks a position covered by a merged cell.

        Every row is written, empty ones too, so that a merged cell's row span
        still counts the rows it covers; a table with no text at all is not written.
        """
        rows = grid
        if not any(c is not None and clean_cell_text(c.text) for row in rows for c in row):
            return None
        self._separate(blank_line=True)
        table_start = self.length
        cells_by_row: list[tuple[Cell, ...]] = []
        for row_index, row in enumerate(rows):
            if row_index:
                self._write("\n")  # the blank line between rows
            cells: list[Cell] = []
            for col_index, content in enumerate(row):
                if content is None:
                    continue
                text = clean_cell_text(content.text)
                self._write(_CELL_PREFIX)
                start = self._write(text)
                self._write("\n")
                cells.append(
                    Cell(
                        span=Span(start, start + len(text)),
                        row=row_index,
                        col=col_index,
                        raw=text,
                        row_span=content.row_span,
                        col_span=content.col_span,
                    )
                )
            cells_by_row.append(tuple(cells))
        table_end = self.length - 1  # the table ends with its last cell's newline
        table = Table(
            span=Span(table_start, table_end),
            section_path=(),
            layout=layout,
            rows=tuple(cells_by_row),
            caption=caption,
            sheet=sheet,
        )
        self.tables.append(table)
        self._pending_break = True
        return table

    def build(self, path: str, *, meta: tuple[tuple[str, str], ...] = ()) -> Document:
        text = "".join(self.parts)
        if text and not text.endswith("\n"):
            text += "\n"
        return Document(
            path=path,
            text=text,
            source_kind=self.source_kind,
            encoding=None,
            meta=meta,
            tables=tuple(self.tables),
        )


def grid_from_merges(
    values: list[list[str]], merges: list[tuple[int, int, int, int]]
) -> list[list[CellContent | None]]:
    """A grid of CellContent from plain values and merged ranges.

    ``merges`` are ``(top, left, bottom, right)``, inclusive, 0-based: the
    top-left position keeps the text and the spans, the covered ones become None.
    """
    grid: list[list[CellContent | None]] = [[CellContent(v) for v in row] for row in values]
    for top, left, bottom, right in merges:
        if top >= len(grid) or left >= len(grid[top]):
            continue
        anchor = grid[top][left]
        text = anchor.text if anchor is not None else ""
        grid[top][left] = CellContent(text, bottom - top + 1, right - left + 1)
        for r in range(top, min(bottom + 1, len(grid))):
            for c in range(left, min(right + 1, len(grid[r]))):
                if (r, c) != (top, left):
                    grid[r][c] = None
    return grid
