"""The ``crosscheck/quantities@1`` contract (DESIGN §5): JSON and CSV of the quantities found.

Fields are only ever added, never renamed or removed: ``line`` (1-based) and
``section`` (the heading path joined by " / ") are additions to the contract's
example.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable

from crosscheck.extractor.numbers import decimal_to_str
from crosscheck.types import Document, Mention, Quantity

SCHEMA = "crosscheck/quantities@1"
COLUMNS = (
    "start",
    "end",
    "line",
    "text",
    "kind",
    "value",
    "unit",
    "scale",
    "bound",
    "low",
    "high",
    "metric",
    "metric_text",
    "subject",
    "role",
    "section",
)


class LineIndex:
    """Offset -> 1-based line number, by bisection over the line starts."""

    def __init__(self, text: str) -> None:
        self._starts = [0]
        find = text.find
        position = find("\n")
        while position >= 0:
            self._starts.append(position + 1)
            position = find("\n", position + 1)

    def line_of(self, offset: int) -> int:
        return bisect_right(self._starts, offset)


def quantity_record(q: Quantity, start: int, end: int) -> dict[str, object]:
    """The contract fields of one quantity at ``start``/``end`` (shared by extract and tables)."""
    return {
        "start": start,
        "end": end,
        "text": q.surface,
        "kind": q.kind,
        "value": decimal_to_str(q.value),
        "unit": q.unit,
        "scale": q.scale,
        "bound": q.bound,
        "low": decimal_to_str(q.low),
        "high": decimal_to_str(q.high),
    }


def mention_to_record(mention: Mention, lines: LineIndex) -> dict[str, object]:
    record = quantity_record(mention.quantity, mention.span.start, mention.span.end)
    record["line"] = lines.line_of(mention.span.start)
    return {
        **{k: record[k] for k in ("start", "end", "line")},
        **{k: v for k, v in record.items() if k not in ("start", "end", "line")},
        "metric": mention.metric,
        "metric_text": mention.metric_text,
        "subject": mention.subject,
        "role": mention.role,
        "section": " / ".join(mention.section_path),
    }


def records(document: Document, mentions: Iterable[Mention]) -> list[dict[str, object]]:
    lines = LineIndex(document.text)
    return [mention_to_record(m, lines) for m in mentions]


def to_json(document: Document, mentions: Iterable[Mention]) -> str:
    payload = {"schema": SCHEMA, "file": document.path, "quantities": records(document, mentions)}
    return json.dumps(payload, ensure_ascii=False, indent=1)


def to_csv(document: Document, mentions: Iterable[Mention]) -> str:
    """The quantities as CSV (BOM, and no cell that starts a formula: ``report.cells``)."""
    from crosscheck.report.cells import csv_text

    rows = ({"file": document.path, **r} for r in records(document, mentions))
    return csv_text(("file", *COLUMNS), rows)
