"""The unit of a table's bare amounts: from its caption, a 单位 line or a header cell."""

from __future__ import annotations

import regex

_UNIT_LINE = regex.compile(r"(?:金额|计量)?单位\s*[:：]\s*(万元|元|亿元|千元|百万元)")
_BRACKETED = regex.compile(r"[（(]\s*(?:单位[:：])?\s*(万元|元|亿元|千元|百万元)\s*[)）]")


def unit_in_text(text: str | None) -> str | None:
    """``单位：万元``, ``金额单位：元``, ``（万元）`` -> the unit; None when none is written."""
    if not text:
        return None
    match = _UNIT_LINE.search(text) or _BRACKETED.search(text)
    return match.group(1) if match else None


def unit_line_in_text(text: str | None) -> str | None:
    """Only a written 单位 statement (``金额单位：万元``), not a bracketed header unit."""
    match = _UNIT_LINE.search(text) if text else None
    return match.group(1) if match else None
