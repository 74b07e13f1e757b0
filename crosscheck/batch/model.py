"""The plain values that travel between the stages of a batch run (no stage imports here).

    Task         one document to check      Inputs    what discovery found
    CheckOptions what every document is checked with
    Outcome      one document's result      BatchRun  what a whole run did

Every other module of ``crosscheck.batch`` imports this one and none imports
back, so the package's imports run one way (see ``crosscheck/batch/__init__.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from crosscheck import config

if TYPE_CHECKING:
    from crosscheck.baseline import Known
    from crosscheck.project import Settings
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
    # With a baseline (--baseline, a project file's): its findings left out of the counts
    # above, and its entries for the document not found again. Blank without one.
    "known_findings",
    "fixed_findings",
)
# How many lines from the top are searched for the department name and the year.


# Why discovery skips a file found in a folder or by a glob (message keys of crosscheck.messages;
# the format's reason is the one ``check`` gives, ``ingest.refusal``).
SKIP_LINK_OUTSIDE = "batch_skip_link_outside"
SKIP_NOT_REGULAR = "batch_skip_not_regular"
SKIP_FORMAT = "batch_skip_format"
# Hex digits of a document's settings in its journal key (Task.settings_key): 64 bits.
SETTINGS_KEY_HEX_DIGITS = 16


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
    # What the document is checked with when ``crosscheck batch`` gives it its project file
    # (crosscheck.toml under the flags, as ``check`` would); None: the run's CheckOptions.
    settings: Settings | None = None
    # Its baseline's accepted findings for it (``settings.baseline``); None: no baseline.
    known: tuple[Known, ...] | None = None

    def settings_key(self) -> str:
        """What the document's rows depend on besides the run's options and the input bytes
        (``--resume`` compares it): the rules chosen, the severities, the tolerances and what
        its baseline holds for it, never where the settings were written or ``fail_on``
        (which changes the exit code, not a row)."""
        chosen = self.settings
        if chosen is None:
            return "project=-"
        tolerances = chosen.tolerances
        parts = (
            f"select={','.join(chosen.select or ())}",
            f"ignore={','.join(chosen.ignore or ())}",
            "severity=" + ",".join(f"{code}:{level}" for code, level in chosen.severity),
            "tolerances="
            + (f"{tolerances.approx_around},{tolerances.approx_below}" if tolerances else ""),
            f"baseline={chosen.baseline or ''}",
            "known=" + ",".join(f"{k.fingerprint}*{k.count}" for k in self.known or ()),
        )
        digest = hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()
        return f"project={digest[:SETTINGS_KEY_HEX_DIGITS]}"


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


@dataclass(frozen=True, slots=True)
class ProjectOptions:
    """How each document's crosscheck.toml and baseline are chosen: ``check``'s flags.

    Given to :func:`~crosscheck.batch.run_batch`, each document reads its own project file
    as ``check`` would; without it (the default for scripts) none is read.
    """

    config: str | None = None  # --config FILE: this one file for every document
    read_config: bool = True  # False: --no-config
    baseline: str | None = None  # --baseline FILE, over the project files' baseline
    read_baseline: bool = True  # False: --no-baseline
    write_baseline: str | None = None  # --write-baseline FILE
    fail_on: str | None = None  # --fail-on, over the project files' fail_on


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
    # Every finding as a baseline records it (before its baseline left the known ones
    # out): what --write-baseline writes for the document (baseline.finding_entries).
    baseline_entries: list[dict[str, object]] = field(default_factory=list)
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
    # Documents whose (new) findings reach their --fail-on / fail_on (default: an error).
    failing: int = 0
    # With baselines: the documents that had one, the findings they left out, their fixed ones.
    baselined: int = 0
    known: int = 0
    fixed: int = 0
    # --write-baseline: where it was written (with how many findings), or the documents
    # that kept it from being written.
    baseline_written: str = ""
    baseline_findings: int = 0
    baseline_refused: bool = False
    failed_files: list[str] = field(default_factory=list)  # the documents that failed

    def exit_code(self) -> int:
        """2 when a document failed, else 0 when a baseline was written (every finding is
        now a known one), else 1 when a document's findings reach its threshold, else 0."""
        if self.failed:
            return 2
        if self.baseline_written:
            return 0
        return 1 if self.failing else 0
