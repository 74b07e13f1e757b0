"""Glyphs -> visual lines: duplicates dropped, characters grouped by baseline, spaces decided.

Spaces: Chinese has none between characters, and PDF producers space CJK glyphs by
justification, not by space characters, so no space is ever put between two CJK
characters unless they are a field apart (a gap of several characters, as between
``填报单位：…`` and ``单位：万元`` on one line). Next to a CJK character only a gap of
half an em or more (a half-width space) is a space: Word's automatic CJK-Latin spacing
leaves a quarter em around 4847.61 in 预算4847.61万元, and PDFium reports a space there.
Between other characters a space is kept where the PDF draws one or leaves a word-sized gap.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from crosscheck.lexicons import rows

__all__ = ["TextLine", "chars_to_lines", "dedupe_chars", "is_cjk", "joiner", "never_line_start"]

# --- geometry, in ems (the font size) so that it holds at any size ----------------------
# Two glyphs whose top-left corners are this close (points) and whose text is the same
# are one glyph drawn twice ("fake bold").
DUPLICATE_TOLERANCE = 1.0
# Characters whose vertical centres differ by at most this belong to one line.
LINE_TOLERANCE_EM = 0.5
# Two CJK characters further apart than this are two fields of a form line, not one word.
CJK_FIELD_GAP_EM = 2.0
# Between Latin letters a gap this wide is a word space even where the PDF draws no
# space glyph (TeX never does; its word spaces are 0.25-0.35 em).
SPACE_GAP_EM = 0.2
# Between digits, and between a CJK character and anything else, only a wider gap is a
# space: justification spreads the digits of 4847.61 a little, and Word's automatic
# CJK-Latin spacing leaves a quarter em. A half-width space is half an em; glyph
# positions are rounded, hence a little less.
WIDE_SPACE_GAP_EM = 0.45

# The characters of a number as printed: 4,847.61 and 114%.
_NUMERIC = frozenset("0123456789.,%")


@dataclass(frozen=True, slots=True)
class TextLine:
    """One visual line: its text and where it is (PDF points, top-down)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_width: float  # the room its first word would have needed on the line before


def is_cjk(char: str) -> bool:
    """A character that Chinese text sets without spaces: hanzi and CJK punctuation."""
    if not char:
        return False
    code = ord(char[0])
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, hanzi
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFE30 <= code <= 0xFE4F  # CJK compatibility forms
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，（）：％
        or 0x20000 <= code <= 0x3FFFF  # extension planes
        or char[0] in "“”‘’…—·"  # Chinese quotes, ellipsis, dash, middle dot
    )


@cache
def never_line_start() -> frozenset[str]:
    """Marks that line breaking never puts at a line start (lexicons/segment_punctuation.tsv)."""
    return frozenset(r["char"] for r in rows("segment_punctuation") if r["role"] == "no_line_start")


def dedupe_chars(chars: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The characters without the copies drawn over themselves (fake bold).

    Neighbours are looked up in a grid of ``DUPLICATE_TOLERANCE`` cells (pdfplumber's
    ``dedupe_chars`` sorts with ``list.index``, quadratic on a full page).
    """
    kept: list[dict[str, Any]] = []
    seen: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    for char in chars:
        gx = int(char["x0"] // DUPLICATE_TOLERANCE)
        gy = int(char["top"] // DUPLICATE_TOLERANCE)
        text = char["text"]
        duplicate = any(
            abs(other["x0"] - char["x0"]) <= DUPLICATE_TOLERANCE
            and abs(other["top"] - char["top"]) <= DUPLICATE_TOLERANCE
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in seen.get((text, gx + dx, gy + dy), ())
        )
        if duplicate:
            continue
        seen.setdefault((text, gx, gy), []).append(char)
        kept.append(char)
    return kept


def chars_to_lines(chars: Sequence[dict[str, Any]]) -> list[TextLine]:
    """Glyph dicts -> visual lines, top to bottom.

    Characters go on one line when their vertical centres are within
    ``LINE_TOLERANCE_EM`` of the previous one's (sorted by centre); in a line they
    are read left to right. Whitespace-only lines are dropped.
    """
    ordered = sorted(chars, key=_centre_y)
    lines: list[TextLine] = []
    group: list[dict[str, Any]] = []
    for char in ordered:
        if group and _centre_y(char) - _centre_y(group[-1]) > LINE_TOLERANCE_EM * _size(char):
            lines.extend(_make_line(group))
            group = []
        group.append(char)
    if group:
        lines.extend(_make_line(group))
    return lines


def _centre_y(char: dict[str, Any]) -> float:
    return float(char["top"] + char["bottom"]) / 2


def _size(char: dict[str, Any]) -> float:
    # Some producers set size 0 on glyphs; the box height is the fallback.
    return float(char.get("size") or (char["bottom"] - char["top"]) or 1.0)


def _make_line(group: list[dict[str, Any]]) -> list[TextLine]:
    parts: list[str] = []
    visible: list[dict[str, Any]] = []
    saw_space = False
    for char in sorted(group, key=lambda c: c["x0"]):
        text = unicodedata.normalize("NFC", char["text"])
        if text.isspace():
            saw_space = True
            continue
        if visible:
            before = visible[-1]
            gap = char["x0"] - before["x1"]
            em = max(_size(before), _size(char))
            if _is_space(before["text"][-1:], text[:1], gap / em, saw_space):
                parts.append(" ")
        parts.append(text)
        visible.append(char)
        saw_space = False
    if not visible:
        return []
    return [
        TextLine(
            text="".join(parts),
            x0=float(visible[0]["x0"]),
            x1=float(visible[-1]["x1"]),
            top=float(min(c["top"] for c in visible)),
            bottom=float(max(c["bottom"] for c in visible)),
            size=_line_size(visible),
            first_width=_first_word_width(visible),
        )
    ]


def _line_size(visible: list[dict[str, Any]]) -> float:
    """The size most of the line's glyphs are set in (the larger on a tie): a bracket or a
    digit in another font size does not make the line another paragraph's."""
    counts = Counter(round(_size(c), 1) for c in visible)
    return max(counts, key=lambda size: (counts[size], size))


def _is_space(before: str, after: str, gap_em: float, saw_space: bool) -> bool:
    """Whether the text has a space between two neighbouring glyphs ``gap_em`` apart.

    ``saw_space``: a space glyph lies between them. PDFium reports one both where the
    content draws a space and where it sees a gap of its own (between letter-spaced
    digits, 1 6 , 4 1 0), so it only lowers the gap that makes a space between digits
    to a word space's.
    """
    cjk_before, cjk_after = is_cjk(before), is_cjk(after)
    if cjk_before and cjk_after:
        return gap_em >= CJK_FIELD_GAP_EM
    if cjk_before or cjk_after or (not saw_space and before in _NUMERIC and after in _NUMERIC):
        return gap_em >= WIDE_SPACE_GAP_EM
    return gap_em >= SPACE_GAP_EM


def _first_word_width(visible: list[dict[str, Any]]) -> float:
    """The room the line's first word would have needed on the line before.

    A CJK character is a word by itself; a Latin word or a number runs to the next
    CJK character or gap. Marks that never start a line (``，`` ``；`` ``）``) go with
    the word before them: line breaking carried that word over together with them.
    """
    first = visible[0]
    end = 1
    if not is_cjk(first["text"]):
        while end < len(visible):
            char = visible[end]
            gap = char["x0"] - visible[end - 1]["x1"]
            if is_cjk(char["text"]) or gap >= SPACE_GAP_EM * _size(char):
                break
            end += 1
    never_first = never_line_start()
    while end < len(visible) and visible[end]["text"] in never_first:
        end += 1
    return float(visible[end - 1]["x1"] - first["x0"])


def joiner(before: str, after: str) -> str:
    """What goes between two lines joined at a wrap: nothing, but for an English word wrap."""
    last, first = before[-1:], after[:1]
    if last.isascii() and last not in "- " and first.isascii() and first.isalpha():
        return " "
    return ""
