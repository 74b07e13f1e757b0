"""List numbering inside paragraphs: run-in lists, run-in sections and the entries of a list.

A web page saved as text, or a PDF whose line breaks were lost, holds a whole section in one
line: "…如下：1. A a万元。2. B b万元。（二）…". The items of one list are the markers of one
style numbered 1, 2, 3 … in sequence; the list ends where a marker of a higher level opens
(the numbering of official documents, GB/T 9704, as lexicons/heading_numbering.tsv ranks
them: 一、 above （一） above 1. above （1） above ①) or where its numbering starts again at 1.
A list is known whole only when no marker of its style with the next number follows before
that end: "1. … 2. … 4. …" (a number skipped or misread) is not.

The same markers split such a paragraph into passages (a section run in after a closed
sentence: "…0万元。五、公共财政拨款支出决算情况 2016年…") and say which numbered entry a
stretch of text stands under ("（一）…—行政运行a万元" / "（二）…—行政运行b万元").
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from crosscheck import lexicons
from crosscheck.extractor.numbers import numeral_to_decimal
from crosscheck.extractor.patterns import circled_value
from crosscheck.segment.headings import HEADING_MAX_CHARS
from crosscheck.types import Block, Heading, Paragraph

# What may stand right before a marker that is not written in brackets: the start, a space
# or a clause break. "统一、规范" and "2.5万元" hold no marker.
_BREAK_BEFORE = r"(?:(?<=^)|(?<=[\s。；;：:，,）)]))"
# "1.20104发展与改革事务": item 1 opening with a 功能分类 code (three digits or more, then
# the name), which the numbering lexicon leaves out as a decimal.
_CODE_AFTER_DIGITS = r"[0-9]{1,2}[.．](?=[0-9]{3,}\p{Han})"
# "四、2016年决算收支总体情况": a section whose title opens with a year (the lexicon's 一、
# takes no digit after it, as "一.5" is no heading).
_YEAR_AFTER_CN = r"[一二三四五六七八九十]{1,3}、(?=[0-9])"
# The styles written without brackets, which a clause break must precede.
_UNBRACKETED = ("cn", "arabic")
_NUMBER = regex.compile(r"[0-9]+|[一二三四五六七八九十百零〇]+|[①-⑳]")


@cache
def _styles() -> tuple[tuple[str, int], ...]:
    """(style, level) of the numbered styles of lexicons/heading_numbering.tsv, 一、 (level 1)
    to ① (level 5); parts, Markdown headings and bullets are no list numbering."""
    return tuple(
        (row["style"], int(row["level"]))
        for row in lexicons.rows("heading_numbering")
        if row["level"].isdigit() and int(row["level"]) >= 1
    )


@cache
def _levels() -> dict[str, int]:
    return dict(_styles())


@cache
def _marker() -> regex.Pattern[str]:
    """Any list marker, one named group per style (the style's name)."""
    alternatives = []
    for style, _ in _styles():
        pattern = next(
            r["pattern"] for r in lexicons.rows("heading_numbering") if r["style"] == style
        )
        if style == "arabic":
            pattern = f"{pattern}|{_CODE_AFTER_DIGITS}"
        elif style == "cn":
            pattern = f"{pattern}|{_YEAR_AFTER_CN}"
        guard = _BREAK_BEFORE if style in _UNBRACKETED else ""
        alternatives.append(f"{guard}(?P<{style}>{pattern})")
    return regex.compile("|".join(alternatives))


@dataclass(frozen=True, slots=True)
class NumberedItem:
    """One item of a run-in list: its number, where its marker ends (its text starts) and
    where the item ends (the next item's marker, or the end of the list)."""

    number: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Marker:
    """A list marker: its style and level (lexicons/heading_numbering.tsv), the number it
    stands for, and where it is written."""

    style: str
    level: int
    number: int
    start: int
    end: int


def markers_in(text: str, start: int, end: int) -> list[Marker]:
    """Every list marker of ``text[start:end]``, in order."""
    return list(iter_markers(text, start, end))


def iter_markers(text: str, start: int, end: int) -> Iterator[Marker]:
    """The list markers of ``text[start:end]`` in order, found as they are asked for."""
    levels = _levels()
    for match in _marker().finditer(text, start, end):
        style = next(s for s in levels if match.group(s) is not None)
        digits = _NUMBER.search(match.group(style))
        number = marker_value(digits.group()) if digits else None
        if number is not None:
            yield Marker(style, levels[style], number, match.start(), match.end())


def marker_value(raw: str) -> int | None:
    """The number a marker's digits stand for: ③ -> 3, 十二 -> 12, 7 -> 7."""
    circled = circled_value(raw)
    if circled is not None:
        return circled
    parsed = numeral_to_decimal(raw)
    return int(parsed[0]) if parsed else None


def numbered_run(text: str, start: int, end: int) -> tuple[NumberedItem, ...]:
    """The items of the list whose first marker opens ``text[start:end]`` (spaces before it
    allowed), when the list is known whole; () otherwise. The markers are read only as far
    as the list goes (and NUMBERING_LOOKAHEAD past a higher level), so that many lists in
    one long paragraph cost no more than the paragraph."""
    head = text[start : min(end, start + 16)]
    at = start + len(head) - len(head.lstrip())
    if _marker().match(text, at, end) is None:
        return ()  # no list opens here: nothing further is read
    markers = iter_markers(text, at, end)
    first = next(markers, None)
    if first is None or first.start != at or first.number != 1:
        return ()
    style, level = first.style, first.level
    opened: list[Marker] = [first]
    list_end = end
    for marker in markers:
        if marker.style == style and marker.number == 1:
            list_end = marker.start  # a new list of this style
            break
        if marker.level < level:
            list_end = marker.start  # a higher level: the section goes on
            ahead = iter_markers(text, marker.start, min(end, marker.start + NUMBERING_LOOKAHEAD))
            if _numbering_goes_on(ahead, style, opened[-1].number + 1):
                return ()  # "（二）" quoted inside an item, the items go on after it
            break
        if marker.style != style:
            continue  # a lower level inside an item
        if marker.number == opened[-1].number + 1:
            opened.append(marker)
        else:
            return ()  # a number skipped or repeated: the list is not known whole
    if len(opened) < 2:
        return ()
    ends = [m.start for m in opened[1:]] + [list_end]
    return tuple(
        NumberedItem(m.number, m.end, item_end) for m, item_end in zip(opened, ends, strict=True)
    )


# How far past a higher-level marker a list's next number is looked for.
NUMBERING_LOOKAHEAD = 3000


def _numbering_goes_on(markers: Iterator[Marker], style: str, following: int) -> bool:
    """Whether the next number of the list's style comes before that style starts again."""
    for marker in markers:
        if marker.style == style:
            return marker.number == following
    return False


# The levels that open a passage of a paragraph: 一、 and （一）, the numbering of sections.
PASSAGE_LEVELS = (1, 2)
# What closes the sentence before a run-in section's marker.
_SENTENCE_CLOSE = "。！？；;!?"


@dataclass(frozen=True, slots=True)
class Passage:
    """A stretch of a paragraph: the paragraph's start, or a section run into it; ``body``:
    where its words start after a run-in title ("五、公共财政拨款支出决算情况2016年…": the
    "2016年"), its start when it has none."""

    start: int
    body: int


@cache
def _run_in_title() -> regex.Pattern[str]:
    """A run-in section's title: no clause punctuation, ending with a heading's tail word
    (…情况, …说明) right before a year or a space."""
    tails = "|".join(
        regex.escape(r["cue"]) for r in lexicons.rows("segment_cues") if r["kind"] == "heading_tail"
    )
    return regex.compile(
        rf"[^，,。：:；;！？\n]{{0,{HEADING_MAX_CHARS}}}?(?:{tails})"
        rf"(?=[ \t\u3000]|(?:19|20)[0-9]{{2}}年)"
    )


def run_in_passages(text: str, start: int, end: int) -> list[Passage]:
    """The passages of ``text[start:end]`` (one paragraph): it starts one, and so does a
    marker of a section's level (一、, （一）) right after a closed sentence or a space, as a
    page saved as one line writes "…0万元。五、公共财政拨款支出决算情况 2016年…"."""
    passages = [Passage(start, start)]
    for marker in markers_in(text, start, end):
        if marker.start <= start:
            continue
        before = text[max(start, marker.start - 8) : marker.start].rstrip(" \t\u3000")
        if text[marker.start - 1].isspace() or (before and before[-1] in _SENTENCE_CLOSE):
            title = _run_in_title().match(text, marker.end, end)
            if marker.level in PASSAGE_LEVELS:
                passages.append(Passage(marker.start, title.end() if title else marker.start))
            elif title:
                # A deeper marker opens a section too when a section's title follows it
                # ("…。2. 项目资金使用情况分析 …"); without one it is a list item.
                passages.append(Passage(marker.start, title.end()))
    return passages


# An entry path: the list markers a stretch of text stands under, outermost first, each as
# (level, marker as written): ((1, "四、"), (2, "（二）")).
EntryPath = tuple[tuple[int, str], ...]


def entry_paths(text: str, blocks: Sequence[Block]) -> list[tuple[int, EntryPath]]:
    """Where the numbered entry a stretch of text stands under changes, in document order:
    a numbered heading, and a marker at a paragraph's start, after a closed sentence or after
    a list's colon, each open an entry at their level, closing the entries at their level and
    below. The paragraphs after an entry opened at a paragraph's start ("—行政运行59.94万元"
    after "（一）一般公共服务支出…") stand under it; entries opened inside a paragraph (a
    list run into it: "…延续四个项目：1、A…；5、E…") close at its end, so the paragraphs
    after it stand under none of them."""
    changes: list[tuple[int, EntryPath]] = []
    path: EntryPath = ()

    def opened(level: int, marker: str) -> EntryPath:
        # A section's title (…情况, …分析) opens an entry too: "一、全区财政决算情况" and
        # "二、本级财政收支决算" are parallel scopes whose items share their names.
        return (*(entry for entry in path if entry[0] < level), (level, marker))

    for block in blocks:
        if isinstance(block, Heading):
            path = opened(block.level, block.number.strip()) if block.number else ()
            changes.append((block.span.start, path))
        elif isinstance(block, Paragraph):
            path_after = path
            for marker in markers_in(text, block.span.start, block.span.end):
                if opens_an_entry(text, block.span.start, marker):
                    path = opened(marker.level, text[marker.start : marker.end].strip())
                    changes.append((marker.start, path))
                    if marker.start == block.span.start:
                        path_after = path
            if path != path_after:
                path = path_after
                changes.append((block.span.end, path))
    return changes


# What an entry's marker follows in a paragraph: its start, a closed sentence, the colon
# that opens a list ("具体情况如下：（一）…") or a space (a page's run-in layout); a marker
# inside a clause ("用于（二）所列…") opens none.
_ENTRY_OPENS_AFTER = f"{_SENTENCE_CLOSE}：:"


def opens_an_entry(text: str, floor: int, marker: Marker) -> bool:
    """The marker opens an entry of a list: it stands at ``floor`` (its paragraph's or
    sentence's start), after a closed sentence, a list's colon or a space."""
    if marker.start > floor and text[marker.start - 1].isspace():
        return True
    before = text[max(floor, marker.start - 8) : marker.start].rstrip()
    return not before or before[-1] in _ENTRY_OPENS_AFTER


def sibling_entries(a: EntryPath, b: EntryPath) -> bool:
    """Two stretches under two entries of one list: at the outermost level where their paths
    differ, both have a marker of that level ("（一）" / "（二）")."""
    for (level_a, marker_a), (level_b, marker_b) in zip(a, b, strict=False):
        if (level_a, marker_a) == (level_b, marker_b):
            continue
        return level_a == level_b and marker_a != marker_b
    return False
