"""The rules (DESIGN §4): one module per family, one function per rule, registered by code.

Importing this package registers every rule in ``RULES``.
"""

from __future__ import annotations

from collections.abc import Iterable

from crosscheck.rules import (  # noqa: F401  (registers)
    arithmetic,
    crossref,
    narrative,
    statements,
    units,
)
from crosscheck.rules.base import RULES, Rule, selected
from crosscheck.rules.context import CheckContext
from crosscheck.types import Finding

__all__ = ["RULES", "CheckContext", "Rule", "run_rules"]

_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def run_rules(
    ctx: CheckContext,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> tuple[Finding, ...]:
    """Every finding of the selected rules, ordered by rule code, then by position."""
    findings: list[Finding] = []
    for chosen in selected(select, ignore):
        findings.extend(chosen.check(ctx))
    findings.sort(key=lambda f: (f.rule, f.evidence[0].span.start if f.evidence else 0))
    return tuple(findings)
