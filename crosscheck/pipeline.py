"""The pipeline on one screen (DESIGN §1).

load(path)       -> Document    crosscheck.ingest
segment(doc)     -> Segmented   crosscheck.segment   headings, paragraphs, tables
find_quantities  -> Found       crosscheck.extractor one regex pass over the whole text
found_to_mentions-> Mention     crosscheck.extractor role, section, lead-in subject
parse_tables     -> ParsedTable crosscheck.tables    grid, headers, row labels, unit, layout
merge_table_mentions            table cells keyed by row label and column header
relate            -> Relations  crosscheck.relate    the facts (crosscheck.align.keys: subject,
                                metric, scope, period); sums, ratios, changes, scores, their
                                inputs, resolved by key when not stated together
CheckContext.aligned-> FactGroup crosscheck.align.links the facts stated more than once, linked
run_rules         -> Finding    crosscheck.rules     each rule over the context
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

from crosscheck.align.links import FactGroup
from crosscheck.extractor import find_quantities
from crosscheck.extractor.mentions import found_to_mentions
from crosscheck.extractor.table_mentions import merge_table_mentions
from crosscheck.ingest import document_from_text, load
from crosscheck.relate import relate
from crosscheck.segment import segment
from crosscheck.tables import parse_tables
from crosscheck.types import Document, Finding, Mention, ParsedTable, Segmented


def as_document(source: Document | str | os.PathLike[str]) -> Document:
    """A Document from a Document, a path, or (when it is no existing path) report text."""
    if isinstance(source, Document):
        return source
    if isinstance(source, os.PathLike):
        return load(source)
    if "\n" not in source and len(source) < 4096 and os.path.exists(source):
        return load(source)
    return document_from_text(source)


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


def run_check(
    document: Document,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> CheckResult:
    """The whole pipeline: segment, extract, parse tables, key, run the rules."""
    from crosscheck.rules import CheckContext, run_rules

    segmented = segment(document)
    found = find_quantities(document.text)
    tables = parse_tables(segmented, found)
    narrative = found_to_mentions(segmented, found)
    placed = merge_table_mentions(narrative, tables)
    relations = relate(segmented, placed, tables)
    context = CheckContext(document, segmented, placed, tables, relations)
    findings = run_rules(context, select=select, ignore=ignore)
    return CheckResult(placed, tables, findings, context.aligned)


def check(
    document: Document,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
) -> tuple[Finding, ...]:
    """Every contradiction the rules find in the document."""
    return run_check(document, select=select, ignore=ignore).findings
