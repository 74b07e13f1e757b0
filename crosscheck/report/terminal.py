"""Terminal views (rich), in Chinese by default.

Document text and file names are outside data: a control character in them
(ESC[2J clears the screen, BEL rings, a bidi override reorders what is shown)
is printed escaped (``\\x1b[2J``), and rich markup in them (``[bold]``, ``[/x]``)
or emoji codes (``:smile:``) are printed as written, never interpreted (an
unbalanced ``[/x]`` would otherwise end the view with a MarkupError). Every
terminal view escapes with :func:`escape_controls` and prints on
:func:`plain_console`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import IO

from crosscheck.extractor.numbers import decimal_to_str
from crosscheck.messages import say
from crosscheck.report.quantities import LineIndex
from crosscheck.types import Document, Mention

# Control characters (C0, DEL, C1) and the bidirectional controls that reorder the text a
# terminal shows (LRE…RLO U+202A–U+202E, LRI…PDI U+2066–U+2069).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` with each control character shown as an escape (``\\x1b``, ``\\u202e``);
    the characters in ``keep`` (e.g. a newline that ends a line) stay as they are."""

    def shown(match: re.Match[str]) -> str:
        char = match.group()
        if char in keep:
            return char
        code = ord(char)
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNSAFE.sub(shown, text)


def plain_console(file: IO[str], width: int, **options: object) -> object:
    """A rich Console for the views: no colours, and text printed as written (no markup,
    no emoji codes, no highlighting)."""
    from rich.console import Console

    return Console(
        file=file,
        width=width,
        force_terminal=False,
        color_system=None,
        markup=False,
        emoji=False,
        highlight=False,
        **options,
    )


def quantities_table(document: Document, mentions: Sequence[Mention], lang: str = "zh") -> str:
    """An aligned table of the quantities found, one row each."""
    from rich.table import Table

    lines = LineIndex(document.text)
    title = say("quantities_title", lang, path=document.path, count=len(mentions))
    table = Table(title=escape_controls(title))
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
            *(
                escape_controls(value)
                for value in (
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
            )
        )
    buffer = io.StringIO()
    plain_console(buffer, 160).print(table)  # type: ignore[attr-defined]
    return buffer.getvalue()
