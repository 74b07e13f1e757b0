"""Measure ``check`` against hand-verified expectations (``corpus/*.expected.jsonl``).

Each line of an expectations file is either a finding a reviewer verified::

    {"kind": "finding", "rule": "CC201", "severity": "error",
     "evidence": [{"context": "项目执行率75%", "quote": "75%"}, …], "note": "…"}

or a trap, something that looks contradictory but is not::

    {"kind": "trap", "evidence": [{"context": …, "quote": …}, …], "why": "…"}

or, for the real published reports of ``corpus/real/``, a restatement: one fact
stated twice with the same value, which ``align`` should put in one group::

    {"kind": "restatement", "evidence": [{…}, {…}], "note": "…"}

``context`` occurs exactly once in the document text and contains ``quote``,
so every piece of evidence has one exact span; where a PDF repeats a table
word for word, ``"occurrence": k`` picks the k-th (0-based) of several. A
finding matches an expected one when the rule is the same (any rule where
the expectation names none: a reviewer's hand list says what is wrong, not
which rule should say so) and its evidence covers every expected quote; a
finding falls into a trap when its evidence covers every quote of the trap.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from crosscheck.types import Finding, Span


@dataclass(frozen=True, slots=True)
class Expected:
    kind: str  # "finding" | "trap" | "restatement"
    rule: str | None
    severity: str | None
    spans: tuple[Span, ...]
    note: str


@dataclass
class Score:
    """Counts per rule: true positives (findings), false positives, expectations met and
    missed (false negatives), traps fallen into. A finding of a rule meets one expectation;
    one finding may meet several of a hand list (a sum finding covers each part it names)."""

    tp: Counter[str] = field(default_factory=Counter)
    met: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    traps: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)
    severity_mismatches: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.tp.update(other.tp)
        self.met.update(other.met)
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
        expected = sum(self.met.values()) + sum(self.fn.values())
        return sum(self.met.values()) / expected if expected else 1.0

    def table(self) -> str:
        rules = sorted(set(self.tp) | set(self.fp) | set(self.met) | set(self.fn))
        head = f"{'rule':<8}{'tp':>5}{'fp':>5}{'met':>5}{'fn':>5}{'precision':>11}{'recall':>8}"
        lines = [head]
        for r in rules:
            tp, fp, met, fn = self.tp[r], self.fp[r], self.met[r], self.fn[r]
            p = tp / (tp + fp) if tp + fp else 1.0
            rc = met / (met + fn) if met + fn else 1.0
            lines.append(f"{r:<8}{tp:>5}{fp:>5}{met:>5}{fn:>5}{p:>11.2f}{rc:>8.2f}")
        lines.append(
            f"{'all':<8}{sum(self.tp.values()):>5}{sum(self.fp.values()):>5}"
            f"{sum(self.met.values()):>5}{sum(self.fn.values()):>5}"
            f"{self.precision:>11.2f}{self.recall:>8.2f}"
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
            at = _context_at(text, context, piece.get("occurrence"))
            if at is None or quote not in context:
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


def _context_at(text: str, context: str, occurrence: int | None) -> int | None:
    """Where ``context`` is: its only occurrence, or the ``occurrence``-th of several."""
    starts = []
    at = text.find(context)
    while at >= 0:
        starts.append(at)
        at = text.find(context, at + 1)
    if occurrence is None:
        return starts[0] if len(starts) == 1 else None
    return starts[occurrence] if 0 <= occurrence < len(starts) else None


def _covers(finding: Finding, spans: tuple[Span, ...]) -> bool:
    return all(any(e.span.overlaps(s) for e in finding.evidence) for s in spans)


HAND_LISTED = "listed"  # the row of expectations that name no rule


def _matches(finding: Finding, expected: Expected, already_matched: bool) -> bool:
    """A rule's expectation is met once, by a finding of that rule covering every quote. A hand
    list's (no rule) is met by any finding pointing at one of its figures, and stays met: a
    report that repeats a table word for word yields the same finding twice."""
    if expected.rule is None:
        return any(e.span.overlaps(s) for e in finding.evidence for s in expected.spans)
    return (
        not already_matched and expected.rule == finding.rule and _covers(finding, expected.spans)
    )


def score_document(
    name: str,
    findings: tuple[Finding, ...],
    expected: list[Expected],
    judged: frozenset[str] | None = None,
) -> Score:
    """Match ``findings`` with the ``expected`` ones. ``judged``: the severities measured, None
    for all. The real reports' hand lists judge errors and warnings: a last-digit info is
    listed when seen, but a list of every one is not claimed, so an info finding is not
    counted either way, and a listed info is not missed; a warning or error pointing at it
    is not false."""
    score = Score()
    if judged is not None:
        findings = tuple(f for f in findings if f.severity in judged)
    wanted = [e for e in expected if e.kind == "finding"]
    traps = [e for e in expected if e.kind == "trap"]
    matched: set[int] = set()
    for finding in findings:
        hits = [i for i, e in enumerate(wanted) if _matches(finding, e, i in matched)]
        if hits and wanted[hits[0]].rule is not None:
            hits = hits[:1]  # a rule's expectation is met by one finding, and one only
        if not hits:
            score.fp[finding.rule] += 1
            score.false_alarms.append(f"{name}: {finding.rule} {finding.message}")
            for trap in traps:
                if _covers(finding, trap.spans):
                    score.traps.append(
                        f"{name}: {finding.rule} {finding.message} (trap: {trap.note})"
                    )
            continue
        # A listed info that a warning or error points at is true, but not counted (see above).
        counted = [i for i in hits if judged is None or wanted[i].severity in judged]
        if counted:
            score.tp[finding.rule] += 1
        for i in counted:
            if i in matched:
                continue  # one more finding on a listed contradiction: neither new nor false
            score.met[finding.rule] += 1
            if wanted[i].severity and wanted[i].severity != finding.severity:
                score.severity_mismatches.append(
                    f"{name}: {finding.rule} expected {wanted[i].severity}, got {finding.severity}"
                )
        matched.update(hits)
    for i, e in enumerate(wanted):
        if judged is not None and e.severity not in judged:
            continue
        if i not in matched:
            score.fn[e.rule or HAND_LISTED] += 1
            score.misses.append(f"{name}: {e.rule} {e.note}")
    return score


def restatements_grouped(groups, expected: list[Expected]) -> tuple[int, int]:
    """(how many, of how many) expected restatements have both spans in one align group."""
    spans_of = [tuple(fact.mention.span for fact in group.facts) for group in groups]
    wanted = [e for e in expected if e.kind == "restatement"]
    found = sum(
        any(all(any(s.overlaps(t) for t in spans) for s in e.spans) for spans in spans_of)
        for e in wanted
    )
    return found, len(wanted)
