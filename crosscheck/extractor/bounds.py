"""Bound words around a quantity (约, 近, 以上, 不低于, ≥ …) and the interval they mean.

A bound is data (lexicons/bound_words.tsv); the tolerances of "about" are
named settings (crosscheck/config.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from crosscheck import config, lexicons


@dataclass(frozen=True, slots=True)
class BoundWord:
    word: str
    bound: str  # approx | min | max
    interval: str  # around | below | at_least | more_than | at_most | less_than
    length: int  # characters covered in the text, spaces between word and number included


@lru_cache(maxsize=1)
def _prefix_pattern() -> regex.Pattern[str]:
    rows = [r for r in lexicons.rows("bound_words") if r["position"] == "prefix"]
    parts = []
    for r in sorted(rows, key=lambda r: -len(r["word"])):
        guard = f"(?<!{r['not_after']})" if r["not_after"] else ""
        parts.append(f"{guard}{regex.escape(r['word'])}")
    # Matched backwards from the number: the word, then optional spaces, at the end.
    return regex.compile(rf"(?:{'|'.join(parts)})[ \u3000]*$", regex.REVERSE)


@lru_cache(maxsize=1)
def _suffix_pattern() -> regex.Pattern[str]:
    words = [r["word"] for r in lexicons.rows("bound_words") if r["position"] == "suffix"]
    return regex.compile(
        rf"[ \u3000]*(?:{'|'.join(map(regex.escape, sorted(words, key=len, reverse=True)))})"
    )


@lru_cache(maxsize=1)
def _by_word() -> dict[str, dict[str, str]]:
    return {r["word"]: r for r in lexicons.rows("bound_words")}


@lru_cache(maxsize=2)
def _edge_chars(position: str) -> frozenset[str]:
    """The characters a bound word can touch the number with (its last or first), or a space."""
    words = [r["word"] for r in lexicons.rows("bound_words") if r["position"] == position]
    edge = (w[-1] if position == "prefix" else w[0] for w in words)
    return frozenset(edge) | frozenset(" \u3000")


def prefix_bound(text: str, start: int) -> BoundWord | None:
    """The bound word that ends right before ``start`` (spaces allowed), if any."""
    if start == 0 or text[start - 1] not in _edge_chars("prefix"):
        return None  # the common case, decided without running a pattern
    match = _prefix_pattern().search(text, max(0, start - 8), start)
    if match is None:
        return None
    word = match.group().rstrip(" \u3000")
    row = _by_word()[word]
    return BoundWord(word, row["bound"], row["interval"], len(match.group()))


def suffix_bound(text: str, end: int) -> BoundWord | None:
    """The bound word that starts right after ``end`` (spaces allowed), if any."""
    if text[end : end + 1] not in _edge_chars("suffix"):
        return None
    match = _suffix_pattern().match(text, end, min(len(text), end + 8))
    if match is None:
        return None
    word = match.group().lstrip(" \u3000")
    row = _by_word()[word]
    return BoundWord(word, row["bound"], row["interval"], len(match.group()))


def interval(
    value: Decimal, how: str, last_place: Decimal
) -> tuple[Decimal | None, Decimal | None]:
    """The interval a bound word gives to ``value``.

    ``last_place`` is one unit in the last written digit, scaled (4847.62万 ->
    100 元): "about" is never tighter than the precision of what was written.
    """
    if how == "around":
        tolerance = max(abs(value) * config.tolerances().approx_around, last_place)
        return value - tolerance, value + tolerance
    if how == "below":
        return value - abs(value) * config.tolerances().approx_below, value
    if how in ("at_least", "more_than"):
        return value, None
    if how in ("at_most", "less_than"):
        return None, value
    raise ValueError(f"unknown interval kind {how!r} in lexicons/bound_words.tsv")
