"""Cut ``Document.text`` into lines with offsets and a first, local classification.

Only ``\\n`` ends a line: a ``\\r`` before it belongs to the line end (CRLF files), so a
line's ``end`` never includes it. Each line is classified once, mostly by string tests
(one regular expression for dot leaders), because everything later looks at lines.

A text saved from a web page may hold a whole report on one line, its paragraphs and
headings parted by spaces only ("…，请审查。 一、收入情况 （一）…"). Such a line is read as
the lines it flattened (``unflatten_lines``): the text is not changed, the spaces are read
as the breaks they were.
"""

from __future__ import annotations

from functools import cache, partial
from itertools import accumulate
from typing import Literal, NamedTuple

import regex

from crosscheck.config import MAX_TABLE_COLUMNS
from crosscheck.lexicons import rows

LineKind = Literal["blank", "cell", "tsv", "dots", "pipe", "text"]

# A table-of-contents entry is short; the guard also keeps the dot-leader pattern away from
# long lines, where its backtracking would cost time.
TOC_LINE_MAX_CHARS = 120

# A table-of-contents line without a TAB: dot leaders, then a page number.
_DOT_LEADER_LINE = regex.compile(
    r"""
    \S.*?                       # the entry
    (?:[.．·]{3,}|…{2,})        # leaders: ...... or ……
    [ \u3000]*\d{1,4}$          # page number
    """,
    regex.VERBOSE,
)


class Line(NamedTuple):
    """One line of the text. ``body`` is ``text[lo:hi]``, the line without surrounding space.

    A NamedTuple rather than a frozen dataclass: one is made per line, and a frozen
    dataclass' ``__init__`` costs several times more (it is the hottest allocation here).
    """

    start: int  # first character of the line
    end: int  # after the last character, before "\r\n" / "\n"
    lo: int  # first non-whitespace character (== end when the body is empty)
    hi: int  # after the last non-whitespace character
    body: str
    kind: LineKind


def starts_with_tab(raw: str) -> bool:
    """A flattened-table cell line starts with a TAB, possibly after spaces (`` \\t全年执行数``)."""
    return raw.lstrip(" \u3000")[:1] == "\t"


def body_to_kind(raw: str, body: str) -> LineKind:
    """Classify a line from its raw text (no line end) and its stripped body."""
    if "\t" in raw and starts_with_tab(raw):
        # Checked before "blank": a lone TAB (or TAB + full-width space) is an empty cell.
        # A TAB after text makes a row of a TAB-separated table (\t\t其他资金\t\t其他资金).
        if "\t" not in raw.lstrip():
            return "cell"
        return "tsv" if raw.count("\t") <= MAX_TABLE_COLUMNS else "text"
    if not body:
        return "blank"
    if "\t" in body:
        return "tsv" if body.count("\t") <= MAX_TABLE_COLUMNS else "text"
    if "|" in body and (body[0] == "|" or body.count("|") >= 2):
        return "pipe" if body.count("|") <= MAX_TABLE_COLUMNS + 1 else "text"
    if body[-1].isdigit() and len(body) <= TOC_LINE_MAX_CHARS and _DOT_LEADER_LINE.match(body):
        return "dots"
    return "text"


def _kinds(raws: list[str], bodies: list[str]) -> list[LineKind]:
    # Most lines are plain text or blank: only lines with a TAB, a bar or a final digit need
    # the regular expressions of body_to_kind.
    return [
        body_to_kind(raw, body)
        if "\t" in raw or "|" in body or body[-1:].isdigit()
        else ("text" if body else "blank")
        for raw, body in zip(raws, bodies, strict=True)
    ]


def text_to_lines(text: str) -> tuple[Line, ...]:
    """All lines of ``text`` in order; a final empty line after a trailing newline included.

    Written as whole-list operations (split, map, accumulate) rather than one Python loop
    body per line: this is the one pass that sees every line of a large document.
    """
    raws = text.split("\n")
    starts = [0, *accumulate(len(raw) + 1 for raw in raws)]
    if "\r" in text:
        raws = [raw[:-1] if raw[-1:] == "\r" else raw for raw in raws]
    bodies = [raw.strip() for raw in raws]
    ends = [start + len(raw) for start, raw in zip(starts, raws, strict=False)]
    # lo: after the leading whitespace; for a blank line that is its end.
    los = [end - len(raw.lstrip()) for end, raw in zip(ends, raws, strict=True)]
    his = [lo + len(body) for lo, body in zip(los, bodies, strict=True)]
    make = partial(tuple.__new__, Line)  # Line(...) goes through a slower Python __new__
    rows = zip(starts, ends, los, his, bodies, _kinds(raws, bodies), strict=False)
    return tuple(map(make, rows))


# A line this long with this many space breaks before a heading number or after a full
# stop is a flattened page (a printed paragraph is shorter, and breaks it with no spaces).
FLAT_LINE_MIN_CHARS = 200
FLAT_LINE_MIN_BREAKS = 3


@cache
def _flat_break() -> regex.Pattern[str]:
    """A run of spaces that stands for a line break: after a sentence's full stop (and the
    quotes closing it), or before a heading or list number (一、 （二） 3. ①)."""
    punctuation: dict[str, str] = {}
    for row in rows("segment_punctuation"):
        punctuation[row["role"]] = punctuation.get(row["role"], "") + row["char"]
    # A ； or ： ends a part of one statement, not a paragraph.
    stops = "".join(c for c in punctuation["sentence_end"] if c in punctuation["line_end"])
    stops = "".join(c for c in stops if c not in "；;")
    return regex.compile(
        rf"(?<=[{regex.escape(stops)}][{regex.escape(punctuation['closer'])}]*)[ \u3000]+(?=\S)"
        rf"|[ \u3000]+(?=(?:{_heading_numbers()}))"
    )


@cache
def _heading_numbers() -> str:
    """The heading and list numbers of lexicons/heading_numbering.tsv (一、 （二） 3. ①) as
    one alternation; not a Markdown mark or a bullet, which a page saved on one line loses."""
    return "|".join(
        row["pattern"] for row in rows("heading_numbering") if row["level"] not in ("md", "item")
    )


def unflatten_lines(text: str, lines: tuple[Line, ...]) -> tuple[Line, ...]:
    """``lines`` with each flattened line cut at its space breaks into the lines it held,
    a blank line (the spaces) between two of them."""
    if not any(len(line.body) >= FLAT_LINE_MIN_CHARS for line in lines):
        return lines
    out: list[Line] = []
    for line in lines:
        if line.kind != "text" or len(line.body) < FLAT_LINE_MIN_CHARS:
            out.append(line)
            continue
        breaks = list(_flat_break().finditer(text, line.lo, line.hi))
        if len(breaks) < FLAT_LINE_MIN_BREAKS:
            out.append(line)
            continue
        cuts = [(found.start(), found.end()) for found in breaks]
        starts = [line.start, *(end for _, end in cuts)]
        # A numbered heading's title runs up to the first space, when it is short and
        # unpunctuated: "三、2017年财政主要工作情况 财政部门严格执行…".
        cuts += [cut for at in starts if (cut := _title_end(text, at, line.hi)) is not None]
        start = line.start
        for cut_start, cut_end in sorted(set(cuts)):
            out.append(_line(text, start, cut_start))
            out.append(Line(cut_start, cut_end, cut_end, cut_end, "", "blank"))
            start = cut_end
        out.append(_line(text, start, line.end))
    return tuple(out)


# A flattened heading's title is at most this long (headings.HEADING_MAX_CHARS).
FLAT_TITLE_MAX_CHARS = 30


@cache
def _numbered_title() -> regex.Pattern[str]:
    """A heading number, a short title with no clause mark, then the spaces that end it."""
    marks = "".join(
        row["char"]
        for row in rows("segment_punctuation")
        if row["role"] in ("sentence_end", "clause", "line_end")
    )
    return regex.compile(
        rf"(?:{_heading_numbers()})[ \u3000]*[^\s{regex.escape(marks)}]{{2,{FLAT_TITLE_MAX_CHARS}}}"
        rf"(?P<gap>[ \u3000]+)(?=\S)"
    )


def _title_end(text: str, start: int, end: int) -> tuple[int, int] | None:
    found = _numbered_title().match(text, start, end)
    return found.span("gap") if found is not None else None


def _line(text: str, start: int, end: int) -> Line:
    raw = text[start:end]
    body = raw.strip()
    lo = end - len(raw.lstrip())
    return Line(start, end, lo, lo + len(body), body, body_to_kind(raw, body) if body else "blank")
