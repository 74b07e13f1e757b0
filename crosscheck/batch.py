"""Many documents at once (DESIGN §6): ``crosscheck batch`` and the engine of ``crosscheck.frames``.

    discover(inputs)            -> Inputs     every supported file under DIR|GLOB, sorted, and a count of the rest
    check_document(task, opts)  -> Outcome    the per-document function: workers run it, so does Dask
    outcomes(tasks, ...)        -> Outcome…   streamed from a process pool (default) or a Dask cluster
    run_batch(inputs, out, ...) -> BatchRun   each outcome written as it arrives, then the summaries

An :class:`Outcome` is small and plain (the report JSON text, one summary row,
the finding rows, and with ``frames`` the quantity and cell rows), so that it
pickles cheaply and the parent never holds more than one document's worth.
Whatever goes wrong with one document (unreadable, a reader bug, a hang) is an
outcome with an error, never the end of the run.
"""

from __future__ import annotations

import glob
import hashlib
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import regex

from crosscheck import config
from crosscheck.departments import department_pattern
from crosscheck.errors import CrosscheckError, MissingExtraError

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
HEAD_LINES = 60
# Dask: tasks in flight per worker (bounded, so results never pile up on the client).
DASK_IN_FLIGHT_PER_WORKER = 4


_YEAR = regex.compile(r"(20\d{2})\s*年")  # the first 20XX年 of the title lines
_WHITESPACE = regex.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Task:
    """One document: its path as found, and its path relative to the input root."""

    path: str
    rel: str
    # How the report names the document when not by its path: an upload to the web page is
    # checked from a temporary file but named as the person's file (never that file's path).
    name: str = ""


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
        """What a stored report depends on besides the input bytes (resume compares it)."""
        return "|".join(
            (
                f"v={_version()}",
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


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("crosscheck")
    except PackageNotFoundError:
        return "unknown"


# --- discovery ---------------------------------------------------------------------------


def supported_suffixes() -> frozenset[str]:
    """The suffixes with a reader (``ingest.READERS``)."""
    from crosscheck.ingest import READERS

    return frozenset(READERS)


def _glob_root(pattern: str) -> str:
    """The directory part of a glob before its first wildcard: ``corpus/**/*.txt`` -> ``corpus``."""
    parts = []
    for part in pattern.replace(os.sep, "/").split("/"):
        if glob.has_magic(part):
            break
        parts.append(part)
    root = "/".join(parts) if parts else "."
    return root or "/"


def discover(inputs: Sequence[str], *, exclude: str | None = None) -> Inputs:
    """Every document under the inputs, sorted, and the other files found, skipped.

    An input is a directory (walked recursively), a file, or a glob (``**``
    recurses). Paths in reports are relative to the common root of the inputs;
    ``exclude`` (the output directory) is never walked into. A file named as an
    input is always a document; one found in a folder or by a glob is a
    document when ``ingest.is_document_format`` says so (a suffix with a reader,
    or a format such as .rtf or .wps that is then refused as its check would
    refuse it) and is skipped otherwise (pictures, archives…).
    """
    from crosscheck.ingest import is_document_format

    excluded = os.path.realpath(exclude) if exclude else None
    found: list[str] = []
    skipped: list[str] = []
    roots: list[str] = []

    def take(path: str) -> None:
        (found if is_document_format(path) else skipped).append(path)

    for given in inputs:
        if os.path.isdir(given):
            roots.append(given)
            for directory, subdirs, files in os.walk(given):
                subdirs[:] = sorted(
                    d
                    for d in subdirs
                    if excluded is None or os.path.realpath(os.path.join(directory, d)) != excluded
                )
                for name in files:
                    take(os.path.join(directory, name))
        elif glob.has_magic(given):
            root = _glob_root(given)
            roots.append(root)
            for path in glob.iglob(given, recursive=True):
                if os.path.isfile(path) and not _inside(path, excluded):
                    take(path)
        else:  # a file (or a missing path: its outcome says so), refused there if need be
            root = os.path.dirname(given) or "."
            roots.append(root)
            found.append(given)
    base = os.path.commonpath([os.path.abspath(r) for r in roots]) if roots else os.getcwd()

    def tasks_of(paths: list[str]) -> tuple[Task, ...]:
        tasks: dict[str, Task] = {}  # by relative path: one file reached twice is one task
        for path in paths:
            rel = os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
            tasks.setdefault(rel, Task(path=path, rel=rel))
        return tuple(sorted(tasks.values(), key=lambda t: t.rel))

    return Inputs(tasks_of(found), tasks_of(skipped), tuple(roots))


def _inside(path: str, directory: str | None) -> bool:
    if directory is None:
        return False
    real = os.path.realpath(path)
    return real == directory or real.startswith(directory + os.sep)


# --- the per-document function -------------------------------------------------------------


def sha256_of(path: str) -> str:
    """The content hash of the file's bytes (what ``--resume`` compares)."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


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


def _one_line(error: BaseException, lang: str) -> str:
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
            task, type(error).__name__, _named(task, _one_line(error, options.lang))
        )


def _named(task: Task, message: str) -> str:
    """A reader's message names the file it opened; say the document's own name instead."""
    if not task.name:
        return message
    from crosscheck.ingest.files import display_path

    return message.replace(display_path(task.path), display_path(task.name))


def _check(task: Task, options: CheckOptions, started: float) -> Outcome:
    import json

    from crosscheck.ingest import load
    from crosscheck.pipeline import run_check
    from crosscheck.report.findings import CSV_COLUMNS, csv_rows, report_record

    document = load(task.path)  # first: a missing or unreadable file gets the reader's message
    if task.name:
        document = replace(document, path=task.name)
    sha256 = sha256_of(task.path)
    result = run_check(document, select=options.select, ignore=options.ignore)
    stats = {
        "chars": len(document.text),
        "mentions": len(result.mentions),
        "tables": len(result.tables),
        "seconds": round(time.perf_counter() - started, 3),
    }
    record = report_record(document, result.findings, stats, options.lang)
    # crosscheck/report@1 plus the input's content hash (fields are only ever added).
    report = {"schema": record["schema"], "file": record["file"], "sha256": sha256, **record}
    findings = [
        [task.rel if c == "file" else r[c] for c in CSV_COLUMNS]
        for r in csv_rows(document, result.findings, options.lang)
    ]
    department, year = department_and_year(document.text)
    row = empty_row(task.rel)
    row.update(
        department=department,
        year=year,
        findings=len(result.findings),
        chars=stats["chars"],
        mentions=stats["mentions"],
        tables=stats["tables"],
        seconds=stats["seconds"],
    )
    for severity in SEVERITIES:
        row[f"{severity}_findings"] = sum(1 for f in result.findings if f.severity == severity)
    for family in FAMILIES:
        row[family] = sum(1 for f in result.findings if f.rule.startswith(family))
    outcome = Outcome(
        task.rel,
        task.path,
        sha256,
        json.dumps(report, ensure_ascii=False, indent=1),
        row,
        findings,
    )
    if options.page:
        from crosscheck.report.html import render_section

        outcome.page = render_section(
            document,
            result.findings,
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


# --- engines ------------------------------------------------------------------------------


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def outcomes(
    tasks: Iterable[Task],
    options: CheckOptions,
    *,
    jobs: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> Iterator[Outcome]:
    """Check every task in parallel; outcomes arrive as they finish (unordered).

    ``engine="process"``: a pool of worker processes with at most one document
    each in flight; a document over ``timeout`` seconds gets its worker killed
    and replaced. ``engine="dask"``: the same function on a Dask cluster (the
    one at ``scheduler``, or a LocalCluster of ``jobs`` workers); the timeout is
    raised inside the task.
    """
    jobs = jobs or default_jobs()
    if isinstance(tasks, Sequence):
        jobs = min(jobs, len(tasks))
    pending = iter(tasks)
    first = next(pending, None)
    if first is None:
        return  # nothing to do: start no worker
    tasks = itertools.chain([first], pending)
    if engine == "process":
        from crosscheck.batch_pool import pool_outcomes

        yield from pool_outcomes(tasks, options, jobs=jobs, timeout=timeout)
    elif engine == "dask":
        yield from _dask_outcomes(tasks, options, jobs=jobs, scheduler=scheduler, timeout=timeout)
    else:
        raise ValueError(f"unknown engine {engine!r}")


def _dask_outcomes(
    tasks: Iterable[Task],
    options: CheckOptions,
    *,
    jobs: int,
    scheduler: str | None,
    timeout: float | None,
) -> Iterator[Outcome]:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as error:
        raise MissingExtraError("Dask", "dask", "distributed") from error
    from dataclasses import replace

    options = replace(options, timeout=timeout)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, dashboard_address=None, silence_logs=40
        )
        client = Client(cluster)
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        limit = workers * DASK_IN_FLIGHT_PER_WORKER
        remote_options = client.scatter(options, broadcast=True)
        pending = iter(tasks)
        running = as_completed()
        submitted = {}

        def submit(task: Task) -> None:
            future = client.submit(check_document, task, remote_options, pure=False)
            submitted[future.key] = task
            running.add(future)

        for task in pending:
            submit(task)
            if running.count() >= limit:
                break
        for future in running:
            task = submitted.pop(future.key)
            if future.status == "finished":
                outcome = future.result()
            else:  # the worker died or the task was lost: an error for this document only
                error = future.exception()
                outcome = failed_outcome(task, type(error).__name__, _one_line(error, options.lang))
            future.release()
            yield outcome
            next_task = next(pending, None)
            if next_task is not None:
                submit(next_task)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# --- the batch run ------------------------------------------------------------------------


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


def run_batch(
    inputs: Sequence[str],
    out: str,
    *,
    options: CheckOptions | None = None,
    jobs: int | None = None,
    engine: str = "process",
    scheduler: str | None = None,
    resume: bool = False,
    retry_errors: bool = False,
    timeout: float | None = DEFAULT_TIMEOUT,
    parquet: bool = False,
    progress: Callable[[Outcome], None] | None = None,
    on_start: Callable[[int, int, int, Sequence[Task]], None] | None = None,
) -> BatchRun:
    """Check every document under ``inputs`` into ``out`` (see ``crosscheck batch --help``).

    ``on_start(documents, to_check, resumed, skipped)`` is called once the work is known;
    ``progress(outcome)`` after each document is written.
    """
    from dataclasses import replace

    from crosscheck.batch_output import OutputDir

    started = time.perf_counter()
    options = options or CheckOptions()
    if parquet and not options.frames:
        options = replace(options, frames=True)
    found = discover(inputs, exclude=out)
    if not found.tasks:
        from crosscheck.errors import InputError
        from crosscheck.messages import say

        suffixes = " ".join(sorted(supported_suffixes()))
        given = " ".join(inputs)
        raise InputError(
            say("batch_no_input", "zh", inputs=given, suffixes=suffixes),
            say("batch_no_input", "en", inputs=given, suffixes=suffixes),
        )
    output = OutputDir(
        out, options=options, resume=resume, retry_errors=retry_errors, parquet=parquet
    )
    todo = [t for t in found.tasks if not output.is_done(t)]
    if on_start is not None:
        on_start(len(found.tasks), len(todo), len(found.tasks) - len(todo), found.skipped)
    with output:
        output.write_skipped(found.skipped)
        stream = outcomes(
            todo, options, jobs=jobs, engine=engine, scheduler=scheduler, timeout=timeout
        )
        try:
            for outcome in stream:
                output.record(outcome)
                if progress is not None:
                    progress(outcome)
        finally:
            stream.close()  # stops the workers now, also on Ctrl-C
        run = output.finish(found.tasks)
    run.documents = len(found.tasks)
    run.checked = len(todo)
    run.resumed = len(found.tasks) - len(todo)
    run.skipped = found.skipped
    run.seconds = time.perf_counter() - started
    return run
