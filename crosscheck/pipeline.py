"""The pipeline on one screen (DESIGN §1).

load(path)        -> Document    crosscheck.ingest
segment(doc)      -> Segmented   crosscheck.segment    headings, paragraphs, tables
find_quantities   -> Found       crosscheck.extractor  one regex pass over the whole text
parse_tables      -> ParsedTable crosscheck.tables     grid, headers, units, layout, indicators
found_to_mentions -> Mention     crosscheck.extractor  role, section, lead-in subject
merge_table_mentions             table cells keyed by row label and column header
facts_of          -> Fact        crosscheck.align.keys  subject, metric, scope, period, limits
align             -> FactGroup   crosscheck.align.links the facts that state one fact, scored
relate            -> Relations   crosscheck.relate     sums, ratios, changes, scores, their
                                 inputs resolved by key when not stated together
run_rules         -> Finding     crosscheck.rules      arithmetic and comparisons over them
with_severities                  crosscheck.project    a project's severity overrides
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from crosscheck.align.keys import cell_places, facts_of
from crosscheck.align.links import FactGroup, align
from crosscheck.config import Tolerances, using_tolerances
from crosscheck.extractor import find_quantities
from crosscheck.extractor.mentions import found_to_mentions
from crosscheck.extractor.table_mentions import merge_table_mentions
from crosscheck.ingest import as_document, check_text_size
from crosscheck.project import Settings, with_severities
from crosscheck.relate import relate
from crosscheck.segment import segment
from crosscheck.tables import parse_tables
from crosscheck.types import Document, Finding, Mention, ParsedTable, Segmented

__all__ = [
    "CheckResult",
    "as_document",
    "check",
    "check_text_size",
    "mentions",
    "run_check",
    "run_with",
]


def mentions(document: Document, segmented: Segmented | None = None) -> tuple[Mention, ...]:
    """Every quantity of the document, placed: role, section path, subject, metric."""
    segmented = segmented or segment(document)
    found = find_quantities(document.text)
    narrative = found_to_mentions(segmented, found)
    return merge_table_mentions(narrative, parse_tables(segmented, found))


@dataclass(frozen=True, slots=True, eq=False)
class CheckResult:
    """What one document's check produced: its mentions, tables and findings."""

    mentions: tuple[Mention, ...]
    tables: tuple[ParsedTable, ...]
    findings: tuple[Finding, ...]
    aligned: tuple[FactGroup, ...] = ()  # the facts stated more than once, with their links
    segmented: Segmented | None = None  # its blocks (the HTML view shows headings as such)


def run_check(
    document: Document,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    severity: Mapping[str, str] | None = None,
    tolerances: Tolerances | None = None,
) -> CheckResult:
    """The whole pipeline: segment, extract, parse tables, key, run the rules.

    ``severity`` maps rule codes or prefixes to the severity their findings get (a
    project's ``[severity]``); ``tolerances`` replace the defaults of crosscheck/config.py.
    """
    from crosscheck.rules import CheckContext, run_rules

    check_text_size(document)  # load() applied it; a Document built by hand gets it here
    with using_tolerances(tolerances):
        segmented = segment(document)
        found = find_quantities(document.text)
        tables = parse_tables(segmented, found)
        narrative = found_to_mentions(segmented, found)
        placed = merge_table_mentions(narrative, tables)
        facts = facts_of(segmented, placed, cell_places(tables, document.text))
        aligned = align(facts, segmented.table_at, document.text)
        relations = relate(segmented, placed, tables, facts=facts, aligned=aligned)
        context = CheckContext(document, segmented, placed, tables, relations, aligned)
        findings = with_severities(run_rules(context, select=select, ignore=ignore), severity)
    return CheckResult(placed, tables, findings, aligned, segmented)


def run_with(document: Document, settings: Settings) -> CheckResult:
    """:func:`run_check` with a project's settings (crosscheck/project.py)."""
    return run_check(
        document,
        select=settings.select,
        ignore=settings.ignore,
        severity=dict(settings.severity),
        tolerances=settings.tolerances,
    )


def check(
    document: Document,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> tuple[Finding, ...]:
    """Every contradiction the rules find in the document."""
    return run_check(document, select=select, ignore=ignore).findings
