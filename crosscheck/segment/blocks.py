"""Put lines and tables together into blocks: headings, paragraphs and tables, in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from crosscheck.segment.headings import (
    NumberedLine,
    Numbering,
    body_to_numbering,
    heading_entry,
    numbered_lines_to_headings,
    push_heading,
    stack_to_path,
)
from crosscheck.segment.lines import Line
from crosscheck.segment.paragraphs import is_wrap, spans_to_sentences
from crosscheck.segment.tables import TableDraft
from crosscheck.types import Block, Heading, Paragraph, Span, Table


def lines_to_numbered(
    lines: Sequence[Line], tables: Sequence[TableDraft]
) -> tuple[dict[int, Numbering], list[NumberedLine]]:
    """The numbering of every text line that has one, and the context runs are decided on."""
    table_at = {draft.first: draft for draft in tables}
    numberings: dict[int, Numbering] = {}
    numbered: list[NumberedLine] = []
    previous: int | None = None
    after_blank = False
    i = 0
    while i < len(lines):
        draft = table_at.get(i)
        if draft is not None:
            previous, after_blank = None, False  # a table breaks every run
            i = draft.last + 1
            continue
        line = lines[i]
        if not line.body:
            after_blank = True
        else:
            numbering = body_to_numbering(line.body)
            if numbering is not None:
                numberings[i] = numbering
                previous_body = lines[previous].body if previous is not None else None
                numbered.append(NumberedLine(i, numbering, previous, previous_body, after_blank))
            previous, after_blank = i, False
        i += 1
    return numberings, numbered


def _paragraph(
    text: str,
    lines: Sequence[Line],
    members: Sequence[int],
    path: tuple[str, ...],
    marker: str | None,
) -> Paragraph:
    # Real line breaks (not wraps) end a sentence: split the paragraph into wrap-joined pieces.
    pieces: list[tuple[int, int]] = []
    piece_start = members[0]
    for a, b in pairwise(members):
        if not is_wrap(lines[a].body, lines[b].body):
            pieces.append((lines[piece_start].lo, lines[a].hi))
            piece_start = b
    pieces.append((lines[piece_start].lo, lines[members[-1]].hi))
    span = Span(lines[members[0]].lo, lines[members[-1]].hi)
    return Paragraph(span, path, spans_to_sentences(text, pieces), marker)


def lines_to_blocks(
    text: str, lines: Sequence[Line], tables: Sequence[TableDraft]
) -> tuple[Block, ...]:
    """Every non-blank line ends up in exactly one block; blocks are in document order."""
    numberings, numbered = lines_to_numbered(lines, tables)
    headings = numbered_lines_to_headings(numbered)
    table_at = {draft.first: draft for draft in tables}
    blocks: list[Block] = []
    stack: tuple[tuple[int, str], ...] = ()
    path: tuple[str, ...] = ()  # stack_to_path(stack), kept in step with it
    members: list[int] = []  # the lines of the open paragraph
    marker: str | None = None
    after_blank = False

    def close() -> None:
        if members:
            blocks.append(_paragraph(text, lines, members, path, marker))
            members.clear()

    i = 0
    while i < len(lines):
        draft = table_at.get(i)
        if draft is not None:
            close()
            if draft.known is not None:
                blocks.append(replace(draft.known, section_path=path))
            else:
                span = Span(lines[draft.first].start, lines[draft.last].end)
                blocks.append(Table(span, path, draft.layout, draft.rows, draft.caption))
            i = draft.last + 1
            after_blank = False
            continue
        line = lines[i]
        if not line.body:
            after_blank = True
        elif i in headings:
            numbering = numberings[i]
            assert numbering.level is not None
            close()
            stack = push_heading(stack, numbering.level, heading_entry(numbering))
            path = stack_to_path(stack)
            title = numbering.title.rstrip("。：: ")
            blocks.append(
                Heading(Span(line.lo, line.hi), numbering.level, numbering.number, title, path)
            )
            after_blank = False
        elif i in numberings and numberings[i].style not in ("part", "markdown"):
            close()  # a list item starts a paragraph of its own
            members.append(i)
            marker = numberings[i].number
            after_blank = False
        else:
            # A list item, or a paragraph across a blank line, goes on only over a wrap.
            goes_on_only_over_wrap = members and (marker is not None or after_blank)
            if goes_on_only_over_wrap and not is_wrap(lines[members[-1]].body, line.body):
                close()
            if not members:
                marker = None
            members.append(i)
            after_blank = False
        i += 1
    close()
    return tuple(blocks)
