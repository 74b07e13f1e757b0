"""The per-document function every engine maps over the inputs: one Task in, one Outcome out.

Whatever goes wrong with one document (unreadable, a reader bug, a hang) is an
outcome with an error, never the end of the run.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
import threading
import time
from dataclasses import replace
from typing import TYPE_CHECKING

import regex

from crosscheck.batch.model import (
    FAMILIES,
    SEVERITIES,
    SUMMARY_COLUMNS,
    CheckOptions,
    DocumentTimeout,
    Outcome,
    Task,
    timeout_message,
)
from crosscheck.departments import department_pattern
from crosscheck.errors import CrosscheckError

if TYPE_CHECKING:
    from crosscheck.types import Finding

# How many lines from the top are searched for the department name and the year.
HEAD_LINES = 60

_YEAR = regex.compile(r"(20\d{2})\s*年")  # the first 20XX年 of the title lines
_WHITESPACE = regex.compile(r"\s+")


def sha256_of(path: str) -> str:
    """The content hash of the file's bytes (what ``--resume`` compares).

    Only a regular file is read (else ``OSError``): a named pipe or a device named
    ``*.txt`` would block the read forever, and this runs in the parent too, on
    the error path of a document that timed out. It is opened without blocking
    and checked on the open descriptor, so that a file swapped for a pipe
    between the check and the open cannot block either.
    """
    if not stat.S_ISREG(os.stat(path).st_mode):  # a device is never opened (opening may act)
        raise _not_regular(path)
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    with open(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _not_regular(path)
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _not_regular(path: str) -> OSError:
    return OSError(errno.EINVAL, "not a regular file", path)


def department_and_year(text: str) -> tuple[str, str]:
    """The reporting unit (XX市XX区医疗保障局) and the year (20XX) from the first lines, or ""."""
    head = "\n".join(text.split("\n", HEAD_LINES)[:HEAD_LINES])
    department = department_pattern().search(head)
    year = _YEAR.search(head)
    return (
        _WHITESPACE.sub("", department.group(0)) if department else "",
        year.group(1) if year else "",
    )


def empty_row(rel: str) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(SUMMARY_COLUMNS, "")
    row["file"] = rel
    return row


def failed_outcome(task: Task, error_type: str, message: str) -> Outcome:
    """An outcome for a document that could not be checked; it keeps the input's hash
    (when the file can be read at all), so that ``--resume`` does not try it again."""
    try:
        sha256 = sha256_of(task.path)
    except OSError:
        sha256 = ""
    row = empty_row(task.rel)
    row["error_type"] = error_type
    row["error"] = message
    return Outcome(task.rel, task.path, sha256, None, row, error_type=error_type, error=message)


def one_line(error: BaseException, lang: str) -> str:
    text = error.message(lang) if isinstance(error, CrosscheckError) else str(error) or repr(error)
    line = " ".join(text.split())
    return line if len(line) <= 300 else line[:299] + "…"


def check_document(task: Task, options: CheckOptions) -> Outcome:
    """Check one document: the function every engine maps over the inputs.

    Never raises for a bad document: the error becomes the outcome (its type
    and a one-line message), so one file never stops a run.
    """
    started = time.perf_counter()
    try:
        with _deadline(options.timeout):
            return _check(task, options, started)
    except DocumentTimeout:
        return failed_outcome(task, "Timeout", timeout_message(options.timeout or 0, options.lang))
    except Exception as error:  # the edge of one document: record it, go on with the others
        return failed_outcome(
            task, type(error).__name__, _named(task, one_line(error, options.lang))
        )


def _named(task: Task, message: str) -> str:
    """A reader's message names the file it opened; say the document's own name instead."""
    if not task.name:
        return message
    from crosscheck.ingest.files import display_path

    return message.replace(display_path(task.path), display_path(task.name))


def _check(task: Task, options: CheckOptions, started: float) -> Outcome:
    import json

    from crosscheck.baseline import finding_entries
    from crosscheck.ingest import load
    from crosscheck.pipeline import run_with
    from crosscheck.project import Settings
    from crosscheck.report.findings import CSV_COLUMNS, csv_rows, report_record

    document = load(task.path)  # first: a missing or unreadable file gets the reader's message
    if task.name:
        document = replace(document, path=task.name)
    sha256 = sha256_of(task.path)
    settings = task.settings or Settings(select=options.select, ignore=options.ignore)
    result = run_with(document, settings)
    shown, baseline = _against_baseline(task, result.findings)
    stats = {
        "chars": len(document.text),
        "mentions": len(result.mentions),
        "tables": len(result.tables),
        "seconds": round(time.perf_counter() - started, 3),
    }
    record = report_record(document, shown, stats, options.lang, baseline=baseline)
    # crosscheck/report@1 plus the input's content hash (fields are only ever added).
    report = {"schema": record["schema"], "file": record["file"], "sha256": sha256, **record}
    findings = [
        [task.rel if c == "file" else r[c] for c in CSV_COLUMNS]
        for r in csv_rows(document, shown, options.lang)
    ]
    department, year = department_and_year(document.text)
    row = empty_row(task.rel)
    row.update(
        department=department,
        year=year,
        findings=len(shown),
        chars=stats["chars"],
        mentions=stats["mentions"],
        tables=stats["tables"],
        seconds=stats["seconds"],
    )
    for severity in SEVERITIES:
        row[f"{severity}_findings"] = sum(1 for f in shown if f.severity == severity)
    for family in FAMILIES:
        row[family] = sum(1 for f in shown if f.rule.startswith(family))
    if baseline is not None:
        row.update(known_findings=baseline["known"], fixed_findings=baseline["fixed"])
    outcome = Outcome(
        task.rel,
        task.path,
        sha256,
        json.dumps(report, ensure_ascii=False, indent=1),
        row,
        findings,
        baseline_entries=finding_entries(result.findings, options.lang),
    )
    if options.page:
        from crosscheck.report.html import render_section

        outcome.page = render_section(
            document,
            shown,
            result.tables,
            lang=options.lang,
            segmented=result.segmented,
        )
    if options.frames:
        from crosscheck.report.links import LINK_COLUMNS, link_records
        from crosscheck.report.quantities import COLUMNS, records
        from crosscheck.report.tables import CELL_COLUMNS, cell_rows

        outcome.quantities = [[r[c] for c in COLUMNS] for r in records(document, result.mentions)]
        outcome.cells = [[r[c] for c in CELL_COLUMNS] for r in cell_rows(result.tables)]
        outcome.links = [
            [r[c] for c in LINK_COLUMNS]
            for r in link_records(document, result.aligned, options.lang)
        ]
    return outcome


def _against_baseline(
    task: Task, findings: tuple[Finding, ...]
) -> tuple[tuple[Finding, ...], dict[str, object] | None]:
    """The findings shown (its baseline's known ones left out) and the report's ``baseline``
    record, as ``check --baseline`` writes them; all of them and None without a baseline."""
    if task.known is None or task.settings is None or task.settings.baseline is None:
        return findings, None
    from crosscheck.baseline import split

    parts = split(findings, task.known)
    return parts.new, parts.summary(task.settings.baseline)


class _deadline:
    """Raise :class:`DocumentTimeout` in this thread after ``seconds`` (Dask tasks).

    A Dask task runs in a worker thread, which no signal reaches; the timer
    raises asynchronously in that thread instead. Like any Python-level
    interruption it cannot stop a C call that never returns to the
    interpreter; the process engine does not rely on it (it kills the worker).
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self._lock = threading.Lock()
        self._armed = False
        self._timer: threading.Timer | None = None

    def __enter__(self) -> None:
        if not self.seconds:
            return
        self._thread = threading.get_ident()
        self._armed = True
        self._timer = threading.Timer(self.seconds, self._expire)
        self._timer.daemon = True
        self._timer.start()

    def _expire(self) -> None:
        import ctypes

        with self._lock:
            if self._armed:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self._thread), ctypes.py_object(DocumentTimeout)
                )

    def __exit__(self, *exc: object) -> None:
        if self._timer is None:
            return
        with self._lock:
            self._armed = False
        self._timer.cancel()
