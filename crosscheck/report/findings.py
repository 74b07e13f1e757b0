"""``crosscheck check`` output: the ``crosscheck/report@1`` JSON contract, CSV and the terminal view."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence

from crosscheck.extractor.numbers import decimal_to_str
from crosscheck.messages import evidence_label, say
from crosscheck.report.quantities import LineIndex
from crosscheck.types import Document, Evidence, Finding

SCHEMA = "crosscheck/report@1"
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
CSV_COLUMNS = (
    "file",
    "rule",
    "name",
    "severity",
    "message",
    "evidence_1",
    "line_1",
    "evidence_2",
    "line_2",
    "evidence_more",
    "start",
    "end",
    "fingerprint",  # added last: readers of the earlier columns by position keep working
)


def message(finding: Finding, lang: str) -> str:
    return finding.message if lang == "zh" else finding.message_en


def evidence_record(evidence: Evidence, lines: LineIndex) -> dict[str, object]:
    return {
        "start": evidence.span.start,
        "end": evidence.span.end,
        "text": evidence.text,
        "role": evidence.role,
        "line": lines.line_of(evidence.span.start),
        "section": " / ".join(evidence.section_path),
        "value": decimal_to_str(evidence.value),
        "unit": evidence.unit,
        "label": evidence.label,
    }


def finding_record(finding: Finding, lines: LineIndex, lang: str = "zh") -> dict[str, object]:
    return {
        "rule": finding.rule,
        "name": finding.name,
        "kind": finding.kind,
        "severity": finding.severity,
        "message": message(finding, lang),
        "evidence": [evidence_record(e, lines) for e in finding.evidence],
        "data": dict(finding.data),
        "fingerprint": finding.fingerprint,
    }


def report_record(
    document: Document,
    findings: Sequence[Finding],
    stats: dict[str, object],
    lang: str = "zh",
    *,
    baseline: dict[str, object] | None = None,
) -> dict[str, object]:
    """The ``crosscheck/report@1`` record; ``baseline`` (what a ``--baseline`` run left out
    and found fixed) is added only when one was used."""
    lines = LineIndex(document.text)
    record = {
        "schema": SCHEMA,
        "file": document.path,
        "findings": [finding_record(f, lines, lang) for f in findings],
        "stats": stats,
    }
    if baseline is not None:
        record["baseline"] = baseline
    return record


def to_json(
    document: Document,
    findings: Sequence[Finding],
    stats: dict[str, object],
    lang: str = "zh",
    *,
    one_line: bool = False,
    baseline: dict[str, object] | None = None,
) -> str:
    record = report_record(document, findings, stats, lang, baseline=baseline)
    return json.dumps(record, ensure_ascii=False, indent=None if one_line else 1)


def csv_rows(document: Document, findings: Sequence[Finding], lang: str = "zh") -> list[dict]:
    lines = LineIndex(document.text)
    rows = []
    for f in findings:
        ev = list(f.evidence)
        rows.append(
            {
                "file": document.path,
                "rule": f.rule,
                "name": f.name,
                "severity": f.severity,
                "message": message(f, lang),
                "evidence_1": ev[0].text if ev else "",
                "line_1": lines.line_of(ev[0].span.start) if ev else "",
                "evidence_2": ev[1].text if len(ev) > 1 else "",
                "line_2": lines.line_of(ev[1].span.start) if len(ev) > 1 else "",
                "evidence_more": " | ".join(e.text for e in ev[2:]),
                "start": ev[0].span.start if ev else "",
                "end": ev[0].span.end if ev else "",
                "fingerprint": f.fingerprint,
            }
        )
    return rows


def to_csv(document: Document, findings: Sequence[Finding], lang: str = "zh") -> str:
    """The findings as CSV (BOM, and no cell that starts a formula: ``report.cells``)."""
    from crosscheck.report.cells import csv_text

    return csv_text(CSV_COLUMNS, csv_rows(document, findings, lang))


def _snippet(text: str, evidence: Evidence, width: int = 18) -> str:
    """The evidence in its context, the quoted characters in 【】."""
    start, end = evidence.span.start, evidence.span.end
    left = text[max(0, start - width) : start].replace("\n", " ").replace("\t", " ")
    right = text[end : end + width].replace("\n", " ").replace("\t", " ")
    quoted = text[start:end].replace("\n", "⏎")
    return f"…{left}【{quoted}】{right}…"


def to_text(
    document: Document, findings: Sequence[Finding], lang: str = "zh", *, note: str | None = None
) -> str:
    """Findings grouped by rule, each with its evidence snippets, line numbers and sections.

    ``note`` (what a baseline left out) follows the title; with a note, no finding means
    no *new* finding.

    Document text and the file name are shown with their control characters escaped
    and any rich markup in them printed as written (``report.terminal``).
    """
    from crosscheck.report.terminal import escape_controls, plain_console

    lines = LineIndex(document.text)
    buffer = io.StringIO()
    console = plain_console(buffer, 120, soft_wrap=True)

    def show(line: str) -> None:
        console.print(escape_controls(line, keep="\n"))  # type: ignore[attr-defined]

    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
    show(
        say("check_title", lang, path=escape_controls(document.path), total=len(findings), **counts)
    )
    if note:
        show(note)
    if not findings:
        show(say("no_new_findings" if note else "no_findings", lang))
    current = None
    for f in findings:
        if f.rule != current:
            current = f.rule
            show(f"\n{f.rule} {f.name}")
        severity = SEVERITY_ZH[f.severity] if lang == "zh" else f.severity
        show(f"  [{severity}] {escape_controls(message(f, lang))}")
        for e in f.evidence:
            where = say(
                "evidence_where",
                lang,
                line=lines.line_of(e.span.start),
                role=say(f"role_{e.role}", lang),
                section=" / ".join(e.section_path) or "—",
                label=evidence_label(e.label, lang) or "—",
            )
            show(f"      {escape_controls(where)}  {escape_controls(_snippet(document.text, e))}")
    return buffer.getvalue()
