"""Measure ``check`` against hand-verified expectations (``corpus/*.expected.jsonl``).

Each line of an expectations file is either a finding a reviewer verified::

    {"kind": "finding", "rule": "CC201", "severity": "error",
     "evidence": [{"context": "项目执行率75%", "quote": "75%"}, …], "note": "…"}

or a trap, something that looks contradictory but is not::

    {"kind": "trap", "evidence": [{"context": …, "quote": …}, …], "why": "…"}

``context`` occurs exactly once in the document text and contains ``quote``,
so every piece of evidence has one exact span. A finding matches an expected
one when the rule is the same and its evidence covers every expected quote;
a finding falls into a trap when its evidence covers every quote of the trap.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from crosscheck.types import Finding, Span


@dataclass(frozen=True, slots=True)
class Expected:
    kind: str  # "finding" | "trap"
    rule: str | None
    severity: str | None
    spans: tuple[Span, ...]
    note: str


@dataclass
class Score:
    """Counts per rule: true positives, false positives, false negatives, traps fallen into."""

    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    traps: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    severity_mismatches: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)
        self.traps.extend(other.traps)
        self.misses.extend(other.misses)
        self.false_alarms.extend(other.false_alarms)
        self.severity_mismatches.extend(other.severity_mismatches)

    @property
    def precision(self) -> float:
        found = sum(self.tp.values()) + sum(self.fp.values())
        return sum(self.tp.values()) / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = sum(self.tp.values()) + sum(self.fn.values())
        return sum(self.tp.values()) / expected if expected else 1.0

    def table(self) -> str:
        rules = sorted(set(self.tp) | set(self.fp) | set(self.fn))
        lines = [f"{'rule':<8}{'tp':>5}{'fp':>5}{'fn':>5}{'precision':>11}{'recall':>8}"]
        for r in rules:
            tp, fp, fn = self.tp[r], self.fp[r], self.fn[r]
            p = tp / (tp + fp) if tp + fp else 1.0
            rc = tp / (tp + fn) if tp + fn else 1.0
            lines.append(f"{r:<8}{tp:>5}{fp:>5}{fn:>5}{p:>11.2f}{rc:>8.2f}")
        lines.append(
            f"{'all':<8}{sum(self.tp.values()):>5}{sum(self.fp.values()):>5}"
            f"{sum(self.fn.values()):>5}{self.precision:>11.2f}{self.recall:>8.2f}"
        )
        return "\n".join(lines)


def load_expectations(path: Path, text: str) -> list[Expected]:
    out: list[Expected] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        spans = []
        for piece in item["evidence"]:
            context, quote = piece["context"], piece["quote"]
            at = text.find(context)
            if at < 0 or text.find(context, at + 1) >= 0 or quote not in context:
                raise ValueError(f"{path}:{number}: context must occur once and hold its quote")
            start = at + context.index(quote)
            spans.append(Span(start, start + len(quote)))
        out.append(
            Expected(
                item["kind"],
                item.get("rule"),
                item.get("severity"),
                tuple(spans),
                item.get("note") or item.get("why") or "",
            )
        )
    return out


def _covers(finding: Finding, spans: tuple[Span, ...]) -> bool:
    return all(any(e.span.overlaps(s) for e in finding.evidence) for s in spans)


def score_document(name: str, findings: tuple[Finding, ...], expected: list[Expected]) -> Score:
    score = Score()
    wanted = [e for e in expected if e.kind == "finding"]
    traps = [e for e in expected if e.kind == "trap"]
    matched: set[int] = set()
    for finding in findings:
        hit = next(
            (
                i
                for i, e in enumerate(wanted)
                if i not in matched and e.rule == finding.rule and _covers(finding, e.spans)
            ),
            None,
        )
        if hit is None:
            score.fp[finding.rule] += 1
            score.false_alarms.append(f"{name}: {finding.rule} {finding.message}")
        else:
            matched.add(hit)
            score.tp[finding.rule] += 1
            if wanted[hit].severity and wanted[hit].severity != finding.severity:
                score.severity_mismatches.append(
                    f"{name}: {finding.rule} expected {wanted[hit].severity}, got {finding.severity}"
                )
        for trap in traps:
            if _covers(finding, trap.spans):
                score.traps.append(f"{name}: {finding.rule} {finding.message} (trap: {trap.note})")
    for i, e in enumerate(wanted):
        if i not in matched:
            score.fn[e.rule or "?"] += 1
            score.misses.append(f"{name}: {e.rule} {e.note}")
    return score
