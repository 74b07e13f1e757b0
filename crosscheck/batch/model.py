"""The plain values that travel between the stages of a batch run (no stage imports here).

    Task         one document to check      Inputs    what discovery found
    CheckOptions what every document is checked with
    Outcome      one document's result      BatchRun  what a whole run did

Every other module of ``crosscheck.batch`` imports this one and none imports
back, so the package's imports run one way (see ``crosscheck/batch/__init__.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crosscheck import config

if TYPE_CHECKING:
    from crosscheck.report.html import Section

# Defaults of `crosscheck batch` (named, so the CLI help and the README quote one place).
DEFAULT_TIMEOUT = config.DOCUMENT_TIMEOUT  # seconds a document may take before it is given up
FAMILIES = ("CC1", "CC2", "CC3", "CC4")
SEVERITIES = ("error", "warning", "info")
SUMMARY_COLUMNS = (
    "file",
    "department",
    "year",
    "findings",
    "error_findings",
    "warning_findings",
    "info_findings",
    *FAMILIES,
    "chars",
    "mentions",
    "tables",
    "seconds",
    "error_type",
    "error",
)
# How many lines from the top are searched for the department name and the year.


# Why discovery skips a file found in a folder or by a glob (message keys of crosscheck.messages;
# the format's reason is the one ``check`` gives, ``ingest.refusal``).
SKIP_LINK_OUTSIDE = "batch_skip_link_outside"
SKIP_NOT_REGULAR = "batch_skip_not_regular"
SKIP_FORMAT = "batch_skip_format"


@dataclass(frozen=True, slots=True)
class Task:
    """One document: its path as found, and its path relative to the input root."""

    path: str
    rel: str
    # How the report names the document when not by its path: an upload to the web page is
    # checked from a temporary file but named as the person's file (never that file's path).
    name: str = ""
    # Why discovery skips the file (a message key: batch_skip_…); "" for a document.
    skip: str = ""


@dataclass(frozen=True, slots=True)
class Inputs:
    """What ``discover`` found: the documents to check and the other files, skipped."""

    tasks: tuple[Task, ...]
    skipped: tuple[Task, ...]  # files found in a folder or by a glob that are no document
    roots: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """What every document is checked with (sent to each worker once)."""

    lang: str = "zh"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    frames: bool = False  # also return the quantity, cell and link rows
    timeout: float | None = None  # enforced inside the task (Dask); the process pool kills instead
    page: bool = False  # also render the report's HTML section (the web page)

    def fingerprint(self) -> str:
        """What a stored report depends on besides the input bytes (resume compares it): the
        findings' columns too, so that a journal written before a column was added (the
        fingerprint column) is not mixed with rows of the new shape."""
        from crosscheck.report.findings import CSV_COLUMNS

        return "|".join(
            (
                f"v={config.installed_version()}",
                f"columns={','.join(CSV_COLUMNS)}",
                f"lang={self.lang}",
                f"select={','.join(self.select or ())}",
                f"ignore={','.join(self.ignore or ())}",
            )
        )


@dataclass(slots=True)
class Outcome:
    """The result of checking one document, small enough to send between processes."""

    rel: str
    path: str
    sha256: str
    report: str | None  # the crosscheck/report@1 JSON text; None when the document failed
    row: dict[str, object]  # SUMMARY_COLUMNS
    findings: list[list[object]] = field(default_factory=list)  # findings.CSV_COLUMNS
    quantities: list[list[object]] | None = None  # quantities.COLUMNS (with frames)
    cells: list[list[object]] | None = None  # tables.CELL_COLUMNS (with frames)
    links: list[list[object]] | None = None  # links.LINK_COLUMNS (with frames)
    page: Section | None = None  # the report's HTML section (with page)
    error_type: str = ""
    error: str = ""

    @property
    def failed(self) -> bool:
        return bool(self.error_type)


class DocumentTimeout(Exception):
    """The document took longer than the per-document timeout."""


def timeout_message(seconds: float, lang: str) -> str:
    from crosscheck.messages import say

    return say("batch_timeout", lang, seconds=f"{seconds:g}")


@dataclass(slots=True)
class BatchRun:
    """What a run did, for the terminal summary and the exit code."""

    documents: int = 0
    checked: int = 0
    resumed: int = 0
    failed: int = 0
    skipped: tuple[Task, ...] = ()  # files that are no document (listed in skipped.csv)
    error_findings: int = 0
    findings: int = 0
    by_rule: dict[str, int] = field(default_factory=dict)
    rule_names: dict[str, str] = field(default_factory=dict)
    slowest: list[tuple[float, str]] = field(default_factory=list)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # message keys for the terminal summary

    def exit_code(self) -> int:
        """2 when a document failed, else 1 when a finding is an error, else 0."""
        if self.failed:
            return 2
        return 1 if self.error_findings else 0
