"""``crosscheck align``: the links between facts that state one fact (``crosscheck/links@1``).

One record per link: the two facts (offsets, line, text, role, value), the
group's key, how the values agree (same / last-digit / different), the score
and the reasons. Agreeing links are listed too: they are what a researcher
aligns narrative and tables with, and what a reviewer skims to see that the
tool linked the right things.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from crosscheck.align.links import FactGroup, Link, metric_name
from crosscheck.extractor.numbers import decimal_to_str
from crosscheck.messages import say
from crosscheck.report.quantities import LineIndex
from crosscheck.types import Document, Mention

SCHEMA = "crosscheck/links@1"
_SIDE = ("start", "end", "line", "text", "role", "value", "unit", "section")
LINK_COLUMNS = (
    "group",
    "kind",
    "agreement",
    "score",
    "subject",
    "metric",
    "scope",
    "period",
    *(f"a_{field}" for field in _SIDE),
    *(f"b_{field}" for field in _SIDE),
    "reasons",
)


def _side(mention: Mention, text: str, lines: LineIndex) -> dict[str, object]:
    span = mention.span
    return {
        "start": span.start,
        "end": span.end,
        "line": lines.line_of(span.start),
        "text": text[span.start : span.end],
        "role": mention.role,
        "value": decimal_to_str(mention.quantity.value),
        "unit": mention.quantity.unit,
        "section": " / ".join(mention.section_path),
    }


def link_records(
    document: Document, groups: Sequence[FactGroup], lang: str = "zh"
) -> list[dict[str, object]]:
    """One flat record per link, in the order of ``LINK_COLUMNS``."""
    lines = LineIndex(document.text)
    records: list[dict[str, object]] = []
    for number, group in enumerate(groups, 1):
        subject, metric, scope, period = group.key
        for link in group.links:
            a = _side(link.a.mention, document.text, lines)
            b = _side(link.b.mention, document.text, lines)
            records.append(
                {
                    "group": number,
                    "kind": link.kind,
                    "agreement": link.agreement.value,
                    "score": link.score,
                    "subject": subject,
                    "metric": metric or "",
                    "scope": scope,
                    "period": period,
                    **{f"a_{k}": v for k, v in a.items()},
                    **{f"b_{k}": v for k, v in b.items()},
                    "reasons": "；".join(link.reasons(lang)),
                }
            )
    return records


def to_json(document: Document, groups: Sequence[FactGroup], lang: str = "zh") -> str:
    payload = {
        "schema": SCHEMA,
        "file": document.path,
        "links": link_records(document, groups, lang),
    }
    return json.dumps(payload, ensure_ascii=False, indent=1)


def to_csv(document: Document, groups: Sequence[FactGroup], lang: str = "zh") -> str:
    """The links as CSV (BOM, and no cell that starts a formula: ``report.cells``)."""
    from crosscheck.report.cells import csv_text

    rows = ({"file": document.path, **r} for r in link_records(document, groups, lang))
    return csv_text(("file", *LINK_COLUMNS), rows)


_MARK = {"same": "＝", "last-digit": "≈", "different": "≠"}


def _quoted(link: Link, document: Document, lines: LineIndex, lang: str) -> str:
    def one(mention: Mention) -> str:
        role = say(f"role_{mention.role}", lang)
        shown = document.text[mention.span.start : mention.span.end].replace("\n", "")
        line = lines.line_of(mention.span.start)
        return f"{shown}（{role}，{line}）" if lang == "zh" else f"{shown} ({role}, line {line})"

    return f"{one(link.a.mention)} {_MARK[link.agreement.value]} {one(link.b.mention)}"


def to_text(document: Document, groups: Sequence[FactGroup], lang: str = "zh") -> str:
    """Plain text, one block per group: its key, then each link with ≠ / ≈ / ＝."""
    from crosscheck.report.terminal import escape_controls

    lines = LineIndex(document.text)
    count = sum(len(g.links) for g in groups)
    out = [say("links_title", lang, path=document.path, groups=len(groups), links=count)]
    for group in groups:
        _, metric, scope, period = group.key
        out.append("")
        out.append(
            say(
                "links_group",
                lang,
                subject=group.name,
                metric=metric_name(metric, lang),
                scope=scope or "—",
                period=period or "—",
                score=group.score,
            )
        )
        out.extend(f"  {_quoted(link, document, lines, lang)}" for link in group.links)
    # Document text shown in a terminal: control characters escaped (report.terminal).
    return "\n".join(escape_controls(line) for line in out) + "\n"
