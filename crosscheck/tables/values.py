"""What a cell's text is: empty, a bare number, or text that may hold quantities."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from functools import lru_cache

import regex

from crosscheck import lexicons
from crosscheck.extractor.normalize import normalize

# A bare number as tables write it: 4847.62, 1,234.5, -12, 10 (no unit).
_BARE_NUMBER = regex.compile(r"[+-]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?")
# A number with a percent sign and nothing else: 114%, 95.93%.
_BARE_PERCENT = regex.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?%")


@lru_cache(maxsize=1)
def empty_texts() -> frozenset[str]:
    """The placeholders that stand for no figure (lexicons/empty_cells.tsv)."""
    return frozenset(r["text"] for r in lexicons.rows("empty_cells"))


@lru_cache(maxsize=65536)
def clean(text: str) -> str:
    return normalize(text).strip(" \t\u3000\r\n")


# Memoised like clean(): table parsing asks about each cell text many times (header
# rows, column roles, leaf labels, each cell's role), and answers never change.
@lru_cache(maxsize=65536)
def is_empty_text(text: str) -> bool:
    """Blank, or a dash / ellipsis placeholder (——, －, ……)."""
    cleaned = clean(text)
    return not cleaned or cleaned in empty_texts()


def bare_number(text: str) -> tuple[Decimal, int] | None:
    """``"4847.62"`` -> (Decimal("4847.62"), 2); None unless the cell is only a number."""
    cleaned = clean(text)
    if not _BARE_NUMBER.fullmatch(cleaned):
        return None
    plain = cleaned.replace(",", "")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    decimals = len(plain) - plain.index(".") - 1 if "." in plain else 0
    return value, decimals


@lru_cache(maxsize=65536)
def is_numeric_text(text: str) -> bool:
    """A bare number or a bare percentage: the content of a value cell."""
    cleaned = clean(text)
    return bool(_BARE_NUMBER.fullmatch(cleaned) or _BARE_PERCENT.fullmatch(cleaned))


# A row numbering a table's columns: 1 | 2 | 3 | …, after at most one marker cell (**, or a
# line-number header of lexicons/table_headers.tsv: 栏次, 行次); three numbers at least.
MIN_COLUMN_NUMBERS = 3


@lru_cache(maxsize=1)
def column_number_markers() -> frozenset[str]:
    """The labels of a row that numbers a table's columns (lexicons/table_headers.tsv
    line_number: 栏次, 行次)."""
    return frozenset(r["word"] for r in lexicons.rows("table_headers") if r["key"] == "line_number")


def is_column_numbers(texts: Sequence[str]) -> bool:
    """A row that numbers the columns (栏次: ** | 1 | 2 | 3 | …), no values."""
    filled = [t.strip() for t in texts if not is_empty_text(t)]
    if filled and (set(filled[0]) == {"*"} or filled[0] in column_number_markers()):
        filled = filled[1:]
    return len(filled) >= MIN_COLUMN_NUMBERS and filled == [
        str(i) for i in range(1, len(filled) + 1)
    ]
