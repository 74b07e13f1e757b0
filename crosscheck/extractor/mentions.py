"""Quantities placed in the document: role, section and the obvious subject.

A quantity inside a table block is a table quantity; one in a paragraph is
narrative. A list item with a lead-in ("3、 “一站式”健康扶贫医疗救助资金：…")
gives that lead-in as subject to every quantity in the item, in a paragraph
or in a table cell that holds such an item. Full keying (scope, period,
normalised subjects) is the align stage's job.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import cache

import regex

from crosscheck import lexicons
from crosscheck.extractor.patterns import ITEM_OPENER, LIST_MARKER
from crosscheck.extractor.quantities import Found
from crosscheck.types import Block, Heading, Mention, Paragraph, Segmented, Table

# "1、 精神障碍患者医疗救助：…", "（3）困难居民医疗救助:…", "① 城乡居民医保：…".
# The lead-in is short and holds no clause break; a colon ends it.
_LEAD_IN = regex.compile(
    rf"""
    [ \t\u3000]*
    {LIST_MARKER}
    [ \t\u3000]*
    (?P<subject> [^：:，,。；;\n]{{2,40}}? ) [ \t\u3000]* [：:]
    """,
    regex.VERBOSE,
)


# "（二）公务接待费。支出预算1.90万元": a run-in heading names the item its sentences are
# about; it holds no number and no clause break, and a full stop ends it.
_RUN_IN = regex.compile(
    rf"""
    [ \t\u3000]*
    {LIST_MARKER}
    [ \t\u3000]*
    (?P<subject> [^：:，,。；;\n0-9０-９]{{2,20}}? ) [ \t\u3000]* 。 (?= [^\n] )
    """,
    regex.VERBOSE,
)


@cache
def _section_tails() -> tuple[str, ...]:
    """lexicons/subject_words.tsv section_tail: a run-in heading that ends with one of these
    names a section ("1.收入情况。"), not the item its numbers are about."""
    return tuple(r["word"] for r in lexicons.rows("subject_words") if r["role"] == "section_tail")


# A line opened by a list marker or an indicator's code (C103…: an entry of the 指标体系's walk).
_OPENER = regex.compile(ITEM_OPENER)


def item_start(text: str, offset: int, floor: int) -> int:
    """Where the list item (or paragraph) holding ``offset`` starts, not before ``floor``.

    A line that starts with a list marker starts an item ("1、…\n2、…" in one
    table cell); otherwise the item runs back to the last blank line, so a
    wrapped item keeps its lead-in.
    """
    return _line_item_start(text, _line_start(text, offset, floor), floor)


def _line_start(text: str, offset: int, floor: int) -> int:
    return max(floor, text.rfind("\n", floor, offset) + 1)


def _line_item_start(text: str, line_start: int, floor: int) -> int:
    """item_start for every offset of the line at ``line_start``: the line holds no
    line break, so the blank line before the offset is the one before the line."""
    if _OPENER.match(text, line_start):
        return line_start
    blank = max(text.rfind("\n\n", floor, line_start), text.rfind("\n\r\n", floor, line_start))
    return blank + (3 if text.startswith("\n\r\n", blank) else 2) if blank >= 0 else floor


# How far back the list item of a statement is looked for: an item paragraph is short.
ITEM_LOOKBACK_CHARS = 2000


def opening_marker(text: str, start: int) -> str:
    """The list marker ("31.", "（二）") a paragraph starting at ``start`` opens with, or ""."""
    found = _OPENER.match(text, start)
    return found.group(0).strip(" \t\u3000") if found else ""


def item_marker(text: str, offset: int) -> str:
    """The list marker ("31.", "（二）", "③") that opens the list item holding ``offset``,
    "" when its paragraph opens with none."""
    return opening_marker(text, item_start(text, offset, max(0, offset - ITEM_LOOKBACK_CHARS)))


def lead_in_subject(text: str, start: int) -> str | None:
    """The subject named by a list item's lead-in that starts at ``start``, if any."""
    match = _LEAD_IN.match(text, start)
    if match is None:
        match = _RUN_IN.match(text, start)
        if match is None or match.group("subject").rstrip().endswith(_section_tails()):
            return None
    subject = match.group("subject").strip(" \t\u3000*")
    return subject or None


class _Placement:
    """Finds the block (and table cell) that contains an offset, by bisection."""

    def __init__(self, segmented: Segmented) -> None:
        self._blocks: Sequence[Block] = segmented.blocks
        self._starts = [b.span.start for b in self._blocks]
        self._cell_starts: dict[int, list[int]] = {}

    def block_at(self, offset: int) -> Block | None:
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self._blocks[i].span.end:
            return self._blocks[i]
        return None

    def cell_start(self, table: Table, offset: int) -> int:
        key = table.span.start
        starts = self._cell_starts.get(key)
        if starts is None:
            starts = self._cell_starts[key] = [c.span.start for c in table.cells]
        i = bisect_right(starts, offset) - 1
        return starts[i] if i >= 0 else table.span.start


_NEWLINE = regex.compile(r"\n")


def found_to_mentions(segmented: Segmented, found: Iterable[Found]) -> tuple[Mention, ...]:
    """Each found quantity as a Mention with its role, section path and lead-in subject."""
    text = segmented.document.text
    placement = _Placement(segmented)
    # The lead-in subject by (floor, line start): the quantities of one line share it.
    subjects: dict[tuple[int, int], str | None] = {}
    mentions: list[Mention] = []
    newlines = [m.start() for m in _NEWLINE.finditer(text)]
    for item in found:
        block = placement.block_at(item.span.start)
        role = "narrative"
        section: tuple[str, ...] = ()
        floor: int | None = None  # where the quantity's cell or paragraph starts
        if isinstance(block, Table):
            role, section = "table", block.section_path
            floor = placement.cell_start(block, item.span.start)
        elif isinstance(block, Paragraph):
            section = block.section_path
            floor = block.span.start
        elif isinstance(block, Heading):
            # "（三）上年结转结余10.44万元": a heading that states an amount names it as a
            # paragraph's lead-in does.
            role, section = "heading", block.section_path
            floor = block.span.start
        subject = None
        if floor is not None:
            # The line's start by bisection: a search back to the paragraph's start per
            # quantity was quadratic in a page saved as one line.
            k = bisect_left(newlines, item.span.start)
            line = (floor, max(floor, newlines[k - 1] + 1 if k else 0))
            if line not in subjects:
                subjects[line] = lead_in_subject(text, _line_item_start(text, line[1], floor))
            subject = subjects[line]
        mentions.append(
            Mention(
                span=item.span,
                quantity=item.quantity,
                role=role,
                metric=item.metric,
                metric_text=item.metric_text,
                subject=subject,
                section_path=section,
            )
        )
    return tuple(mentions)
