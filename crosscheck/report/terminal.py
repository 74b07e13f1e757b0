"""Terminal views (rich), in Chinese by default."""

from __future__ import annotations

import io
from collections.abc import Sequence

from crosscheck.extractor.numbers import decimal_to_str
from crosscheck.messages import say
from crosscheck.report.quantities import LineIndex
from crosscheck.types import Document, Mention


def quantities_table(document: Document, mentions: Sequence[Mention], lang: str = "zh") -> str:
    """An aligned table of the quantities found, one row each."""
    from rich.console import Console
    from rich.table import Table

    lines = LineIndex(document.text)
    table = Table(title=say("quantities_title", lang, path=document.path, count=len(mentions)))
    for key in (
        "col_line",
        "col_text",
        "col_kind",
        "col_value",
        "col_unit",
        "col_bound",
        "col_metric",
        "col_subject",
        "col_role",
    ):
        table.add_column(say(key, lang))
    for m in mentions:
        q = m.quantity
        table.add_row(
            str(lines.line_of(m.span.start)),
            q.surface.replace("\n", "⏎"),
            say(f"kind_{q.kind}", lang),
            decimal_to_str(q.value) or "",
            q.unit,
            q.bound,
            m.metric or "",
            m.subject or "",
            say(f"role_{m.role}", lang),
        )
    buffer = io.StringIO()
    Console(file=buffer, width=160, force_terminal=False, color_system=None).print(table)
    return buffer.getvalue()
