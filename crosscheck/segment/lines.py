"""Cut ``Document.text`` into lines with offsets and a first, local classification.

Only ``\\n`` ends a line: a ``\\r`` before it belongs to the line end (CRLF files), so a
line's ``end`` never includes it. Each line is classified once, mostly by string tests
(one regular expression for dot leaders), because everything later looks at lines.
"""

from __future__ import annotations

from functools import partial
from itertools import accumulate
from typing import Literal, NamedTuple

import regex

from crosscheck.config import MAX_TABLE_COLUMNS

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
