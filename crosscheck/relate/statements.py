"""Statements: the 。-delimited sentences of paragraphs and table cells, with their quantities.

Sum and share relations are read inside one statement. Quantities inside brackets
("14人（含军转干部2人）") are asides, not parts of a list, and are left out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator

import regex

from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.types import Statement
from crosscheck.types import Mention, Span

# A paragraph's sentences end at 。！？; a blank line inside one is a PDF page wrap.
_STATEMENT_END = regex.compile(r"[。！？!?]")
OPEN_BRACKETS = "（("
CLOSE_BRACKETS = "）)"
# Only these characters change the bracket depth: the text between two mentions is
# searched for them instead of walked a character at a time.
_BRACKET = regex.compile(f"[{OPEN_BRACKETS}{CLOSE_BRACKETS}]")


def _pieces(text: str, span: Span) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence of ``span``; a Span is made only for those kept."""
    start = span.start
    for match in _STATEMENT_END.finditer(text, span.start, span.end):
        yield start, match.end()
        start = match.end()
    if start < span.end:
        yield start, span.end


def _outside_brackets(text: str, span: Span, mentions: list[Mention]) -> list[Mention]:
    kept: list[Mention] = []
    depth = 0
    cursor = span.start
    for m in mentions:
        for bracket in _BRACKET.finditer(text, cursor, m.span.start):
            if bracket.group() in OPEN_BRACKETS:
                depth += 1
            elif depth:
                depth -= 1
        cursor = m.span.start
        if depth == 0 or (depth == 1 and _alone_in_brackets(text, m)):
            kept.append(m)
    return kept


def _alone_in_brackets(text: str, m: Mention) -> bool:
    """A percent that alone fills its brackets ("减少24.5万元（43%）"): the rate of what comes
    right before it, not a part of a list inside the brackets."""
    if m.quantity.kind != "percent":
        return False
    before = text[max(0, m.span.start - _BRACKET_GAP) : m.span.start].rstrip()
    after = text[m.span.end : m.span.end + _BRACKET_GAP].lstrip()
    return before[-1:] in OPEN_BRACKETS and after[:1] in CLOSE_BRACKETS


_BRACKET_GAP = 3  # spaces a layout may leave between a bracket and the percent it holds


def index_to_statements(index: DocumentIndex) -> tuple[Statement, ...]:
    """Every statement of the document that holds at least one quantity, in order."""
    text = index.text
    ordered = index.mentions
    starts = [m.span.start for m in ordered]
    units: list[Span] = [p.span for p in index.segmented.paragraphs]
    for parsed in index.tables:
        units.extend(c.cell.span for c in parsed.cells if len(c.quantities) >= 2)
    out: list[Statement] = []
    # Span's order, by a key: its generated __lt__ is a Python call per comparison.
    for unit in sorted(units, key=lambda span: (span.start, span.end)):
        first = bisect_left(starts, unit.start)
        if first == len(starts) or starts[first] >= unit.end:
            continue  # no quantity in this paragraph: none of its pieces would be kept
        for start, end in _pieces(text, unit):
            lo = bisect_left(starts, start, first)
            hi = bisect_left(starts, end, lo)
            inside = [m for m in ordered[lo:hi] if m.span.end <= end]
            if inside:
                piece = Span(start, end)
                words = text[start:end]
                # Without an opening bracket every mention is outside: no walk needed.
                bracketed = any(bracket in words for bracket in OPEN_BRACKETS)
                kept = _outside_brackets(text, piece, inside) if bracketed else inside
                out.append(Statement(piece, words, tuple(kept)))
    return tuple(out)
