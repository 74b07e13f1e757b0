"""Known report table layouts (lexicons/table_layouts.tsv), recognised by caption or headers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import regex

from crosscheck import lexicons


@dataclass(frozen=True, slots=True)
class Layout:
    name: str
    caption: regex.Pattern[str] | None
    headers: frozenset[str]
    default_unit: str | None


@lru_cache(maxsize=1)
def _layouts() -> tuple[Layout, ...]:
    return tuple(
        Layout(
            row["layout"],
            regex.compile(row["caption"]) if row["caption"] else None,
            frozenset(k for k in row["headers"].split(",") if k),
            row["default_unit"] or None,
        )
        for row in lexicons.rows("table_layouts")
    )


def recognise(caption: str | None, header_keys: Iterable[str]) -> Layout | None:
    """The first layout whose caption pattern matches, else whose header keys are all present."""
    keys = frozenset(header_keys)
    if caption:
        for layout in _layouts():
            if layout.caption is not None and layout.caption.search(caption):
                return layout
    for layout in _layouts():
        if layout.headers and layout.headers <= keys:
            return layout
    return None
