"""Ambiguity filters: a number with a unit that is still not a quantity.

The contexts are data (lexicons/not_quantity.tsv): ordinals (第1批次), ranks
(前3名), clock times (8点30分), slogans that contain a count (四个意识).
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache

import regex

from crosscheck import lexicons

_PREFIX_WINDOW = 16


@lru_cache(maxsize=8)
def _prefix_pattern(kind: str) -> regex.Pattern[str] | None:
    """All prefix contexts that apply to ``kind``, as one pattern anchored at the window's end."""
    alternatives = [
        row["text"]
        for row in lexicons.rows("not_quantity")
        if row["context"] == "prefix" and (not row["kinds"] or kind in row["kinds"].split(","))
    ]
    if not alternatives:
        return None
    # REVERSE: tried from ``start`` backwards only, not from every window position.
    return regex.compile("(?:" + "|".join(f"(?:{a})" for a in alternatives) + ")$", regex.REVERSE)


@lru_cache(maxsize=1)
def _word_pattern() -> regex.Pattern[str]:
    """The fixed phrases (``word`` rows, as written) and the code shapes (``pattern`` rows,
    regular expressions: 行政运行（01项） writes a 功能分类 code, not a count of items)."""
    phrases = [r["text"] for r in lexicons.rows("not_quantity") if r["context"] == "word"]
    patterns = [r["text"] for r in lexicons.rows("not_quantity") if r["context"] == "pattern"]
    words = [regex.escape(p) for p in sorted(phrases, key=len, reverse=True)]
    return regex.compile("|".join([*(f"(?:{p})" for p in patterns), *words]))


def excluded_by_prefix(text: str, start: int, kind: str) -> bool:
    """True when the text right before ``start`` makes the number an ordinal, rank, time…"""
    pattern = _prefix_pattern(kind)
    return (
        pattern is not None
        and pattern.search(text, max(0, start - _PREFIX_WINDOW), start) is not None
    )


class WordSpans:
    """The spans of fixed phrases (slogans, names) in one text, for overlap tests."""

    def __init__(self, text: str) -> None:
        spans = [(m.start(), m.end()) for m in _word_pattern().finditer(text)]
        self._starts = [s for s, _ in spans]
        self._spans = spans
        self.any = bool(spans)
        # Most reports never write 人民币 around an amount: skip that look-around then.
        self.has_currency_words = "人民币" in text

    def covers(self, start: int, end: int) -> bool:
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._spans[i][0] <= start and end <= self._spans[i][1]
