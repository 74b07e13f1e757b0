"""What ``crosscheck batch`` writes, and how a killed run resumes.

::

    OUT/reports/<relative path>.json   crosscheck/report@1 (+ "sha256" of the input bytes)
    OUT/index.jsonl                    the journal: one line per document checked
    OUT/.summary-stamp, OUT/.lock      what the summaries were built from; one run at a time
    OUT/errors.csv                     file, error_type, message (appended as errors happen)
    OUT/skipped.csv                    file, reason: the files found that are no document
    OUT/summary.csv, summary.xlsx      one row per document (+ a findings sheet in the xlsx)
    OUT/findings.csv                   one row per finding
    OUT/quantities.parquet, cells.parquet, links.parquet, findings.parquet   with --parquet

Every file is written atomically (``crosscheck.outputs``: a temporary file in
the same directory, then ``os.replace``), so a kill at any moment leaves either the old file or
the new one, never a truncated one. For each document the report is written
first and its journal line second: a journal line therefore always names a
complete report. The journal line carries the input's content hash, the
settings fingerprint, the summary row and the finding rows, so ``--resume``
decides what to skip from the journal alone (hashing the inputs, never
parsing them or the reports) and the summaries of skipped documents need no
re-check. A line cut short by a kill is dropped when the journal is next
opened; that document is simply checked again.

A journal line is one JSON object whose keys come in a fixed order: the head
(file, sha256, config, status, report_bytes, frames), then ``row`` and ``findings``,
then ``baseline_entries``. ``--resume`` parses only the head and the summaries only
the part up to ``baseline_entries`` (:func:`journal_entry` cuts the line before a
later key): the baseline entries double a line's size, and parsing every line whole
made a resume twice as slow. The lines stay JSON Lines as before, for other readers.
The summaries are rebuilt from the journal at the end of every run, and the journal
is compacted to one line per document.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import os
import uuid
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from crosscheck.batch.document import sha256_of
from crosscheck.batch.model import (
    SKIP_FORMAT,
    SUMMARY_COLUMNS,
    BatchRun,
    CheckOptions,
    Outcome,
    Task,
)
from crosscheck.config import DEFAULT_FAIL_ON
from crosscheck.messages import say
from crosscheck.outputs import (
    FILE_MODE,
    Appender,
    atomic_file,
    drop_tracebacks,
    quiet_finalisers,
    save_workbook,
    write_atomic,
)
from crosscheck.project import failing_severities
from crosscheck.report.cells import CSV_BOM, CsvWriter, csv_line, xlsx_row
from crosscheck.report.findings import CSV_COLUMNS
from crosscheck.report.sheets import finish_sheet, start_sheet

if TYPE_CHECKING:
    from crosscheck.batch.parquet import ParquetSink

ERROR_COLUMNS = ("file", "error_type", "message")
SKIPPED_COLUMNS = ("file", "reason")
JOURNAL = "index.jsonl"
# How much of a journal line to parse: the key that ends it (see journal_entry), or None.
HEAD, SUMMARY, WHOLE = "row", "baseline_entries", None
SLOWEST = 5  # documents listed in the terminal summary
XLSX_MAX_ROWS = 1_048_576  # Excel's limit per sheet (findings.csv has them all)
PARQUET_BATCH_ROWS = 50_000  # rows per Parquet row group (bounded memory)


# A relative path's parts that must not reach the file system as they are (they climb out
# of the reports folder or restart the path), and what they become.
_UNSAFE_PARTS = {"": None, ".": None, "..": "%2E%2E"}


def safe_relative(rel: str) -> str:
    """``rel`` as a relative path that stays below the folder it is joined to.

    ``a/../../b`` -> ``a/%2E%2E/%2E%2E/b``; ``/etc/x`` -> ``etc/x``; on Windows also
    ``C:\\x`` -> ``C%3A/x`` (a drive restarts a path there).
    """
    parts = []
    for part in rel.replace(os.sep, "/").split("/"):
        if part in _UNSAFE_PARTS:
            renamed = _UNSAFE_PARTS[part]
            if renamed is not None:
                parts.append(renamed)
            continue
        parts.append(part.replace(":", "%3A") if os.name == "nt" else part)
    return "/".join(parts) or "%2E"


def _open_append(path: Path, header: str | None) -> Appender:
    """An appender on ``path``, cut back to its last complete line.

    A kill during an append can leave half a line; the next line appended
    must not be glued to it.
    """
    appender = Appender(path)
    size = os.fstat(appender.fd).st_size
    if size:
        with open(path, "rb") as stream:
            stream.seek(max(0, size - 1))
            if stream.read(1) != b"\n":
                stream.seek(0)
                data = stream.read()
                os.ftruncate(appender.fd, data.rfind(b"\n") + 1)
    if header is not None and os.fstat(appender.fd).st_size == 0:
        appender.write((CSV_BOM + header).encode("utf-8"))
    return appender


class OutputDir:
    """The output directory of one batch run (see the module docstring)."""

    def __init__(
        self,
        out: str,
        *,
        options: CheckOptions,
        resume: bool,
        retry_errors: bool = False,
        parquet: bool = False,
    ) -> None:
        self.root = Path(out)
        if self.root.exists() and not self.root.is_dir():
            from crosscheck.errors import InputError

            raise InputError(f"{out} 不是目录", f"{out} is not a directory")
        self.reports = self.root / "reports"
        self.options = options
        self.fingerprint = options.fingerprint()
        self.resume = resume
        self.retry_errors = retry_errors
        self.parquet = parquet
        self._run = uuid.uuid4().hex[:12]
        self._sequence = 0
        self._recorded = 0
        self._lock_fd: int | None = None
        self._fds: dict[str, Appender] = {}
        # rel -> its latest journal line (where it is and what resume compares)
        self._index: dict[str, _Journaled] = {}
        if resume:
            self._index = self._read_index()

    # -- the journal --------------------------------------------------------------------

    def key(self, task: Task) -> str:
        """The settings a document's journal line must have been written with to be reused:
        the run's options and the document's own settings (its project file, its baseline)."""
        return f"{self.fingerprint}|{task.settings_key()}"

    def _read_index(self) -> dict[str, _Journaled]:
        """Each document's latest journal line (of this run's options: a line written with
        other options, a later version or language, makes the document one to check again)."""
        index: dict[str, _Journaled] = {}
        path = self.root / JOURNAL
        if not path.exists():
            return index
        ours = self.fingerprint + "|"
        with open(path, "rb") as stream:
            offset = 0
            for line in stream:
                start, offset = offset, offset + len(line)
                if not line.endswith(b"\n"):
                    break  # cut short by a kill
                try:
                    entry = journal_entry(line, HEAD)
                except ValueError:
                    continue  # a damaged line: its document is checked again
                config = str(entry.get("config", ""))
                if not config.startswith(ours):
                    index.pop(entry["file"], None)
                    continue
                index[entry["file"]] = _Journaled(
                    start,
                    entry.get("sha256", ""),
                    entry.get("status") == "ok",
                    entry.get("report_bytes", -1),
                    entry.get("frames") or "",
                    config,
                )
        return index

    def report_path(self, rel: str) -> Path:
        """Where the report of the document at ``rel`` goes: always inside ``reports/``.

        ``rel`` comes from input paths (discovery keeps it free of ``..``); whatever
        it holds, each part that could climb out or restart the path (``..``, a
        root, a drive) is renamed, so no glob can steer a write out of --out.
        """
        return self.reports / (safe_relative(rel) + ".json")

    def _checked_report_path(self, rel: str) -> Path:
        """:meth:`report_path`, refused when a link inside --out would carry the write out."""
        target = self.report_path(rel)
        reports = os.path.realpath(self.reports)
        real = os.path.realpath(target.parent)
        if real != reports and not real.startswith(reports + os.sep):
            from crosscheck.errors import OutputError
            from crosscheck.messages import say

            shown = str(target)
            raise OutputError(
                say("batch_report_outside", "zh", path=shown),
                say("batch_report_outside", "en", path=shown),
            )
        return target

    def is_done(self, task: Task) -> bool:
        """Done before with these settings and the input unchanged (only with --resume).

        Done means: journaled with this document's settings (``key``), and its report is
        in place (the size the journal recorded), or it
        failed and ``retry_errors`` is off (a corrupt file fails the same way again,
        and a hanging one would cost the whole timeout again).
        """
        known = self._index.get(task.rel)
        if known is None or not known.sha256 or known.config != self.key(task):
            return False
        try:
            if known.ok:
                if self.parquet and not known.frames:
                    return False
                if self.report_path(task.rel).stat().st_size != known.report_bytes:
                    return False
            elif self.retry_errors:
                return False
            return sha256_of(task.path) == known.sha256
        except OSError:
            return False

    # -- during the run -----------------------------------------------------------------

    def __enter__(self) -> OutputDir:
        self.reports.mkdir(parents=True, exist_ok=True)
        self._lock()
        self._remove_stale_temp_files()
        if not self.resume:
            for name in (JOURNAL, "errors.csv", *self._frame_journals()):
                (self.root / name).unlink(missing_ok=True)
        self._fds["journal"] = _open_append(self.root / JOURNAL, None)
        self._fds["errors"] = _open_append(self.root / "errors.csv", csv_line(ERROR_COLUMNS))
        if self.parquet:
            for name in self._frame_journals():
                self._fds[name] = _open_append(self.root / name, None)
        return self

    def __exit__(self, *exc: object) -> None:
        self._close_appenders()
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # releases the lock
            self._lock_fd = None

    def _close_appenders(self) -> None:
        for appender in self._fds.values():
            appender.close()
        self._fds.clear()

    def _lock(self) -> None:
        """One run per output directory at a time (the kernel drops the lock if we are killed)."""
        try:
            import fcntl
        except ImportError:  # not POSIX: unguarded
            return
        fd = os.open(self.root / ".lock", os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            from crosscheck.errors import InputError

            raise InputError(
                f"另一个 crosscheck batch 正在写入 {self.root}",
                f"another crosscheck batch is writing to {self.root}",
            ) from None
        self._lock_fd = fd

    @staticmethod
    def _frame_journals() -> tuple[str, str, str]:
        return ("index.quantities.jsonl", "index.cells.jsonl", "index.links.jsonl")

    def _remove_stale_temp_files(self) -> None:
        """Temporary files left by a killed run (never a finished file: those are renamed)."""
        for directory, _subdirs, files in os.walk(self.root):
            for name in files:
                if name.startswith(".") and name.endswith(".tmp"):
                    Path(directory, name).unlink(missing_ok=True)

    def write_skipped(self, skipped: Sequence[Task]) -> None:
        """skipped.csv: each file of this run that is no document, with why (the line
        ``check`` would print for it)."""
        from crosscheck.ingest import refusal
        from crosscheck.messages import say

        lang = self.options.lang
        with atomic_file(self.root / "skipped.csv") as stream:
            writer = CsvWriter(stream)
            writer.writerow(SKIPPED_COLUMNS)
            for task in skipped:
                if task.skip and task.skip != SKIP_FORMAT:
                    writer.writerow((task.rel, say(task.skip, lang)))
                    continue
                reason = refusal(task.path)
                writer.writerow((task.rel, reason.message(lang) if reason else ""))

    def record(self, outcome: Outcome, task: Task) -> None:
        """Write one document's outcome: its report, then its journal line (and error row)."""
        entry: dict[str, object] = {
            "file": outcome.rel,
            "sha256": outcome.sha256,
            "config": self.key(task),
            "status": "error" if outcome.failed else "ok",
        }
        target = self._checked_report_path(outcome.rel)
        if outcome.report is not None:
            data = outcome.report.encode("utf-8")
            with atomic_file(target, "wb") as stream:
                stream.write(data)
            entry["report_bytes"] = len(data)
        else:
            # A report from an earlier version of this input would contradict the error.
            target.unlink(missing_ok=True)
            self._fds["errors"].write(
                csv_line((outcome.rel, outcome.error_type, outcome.error)).encode("utf-8")
            )
        if self.parquet and outcome.quantities is not None:
            self._sequence += 1
            token = f"{self._run}-{self._sequence}"
            for name, rows in zip(
                self._frame_journals(),
                (outcome.quantities, outcome.cells, outcome.links or []),
                strict=True,
            ):
                line = json.dumps(
                    {"token": token, "file": outcome.rel, "rows": rows}, ensure_ascii=False
                )
                self._fds[name].write((line + "\n").encode("utf-8"))
            entry["frames"] = token
        # The order journal_entry relies on: the head, then these three.
        entry["row"] = outcome.row
        entry["findings"] = outcome.findings
        entry["baseline_entries"] = outcome.baseline_entries
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        self._fds["journal"].write(line.encode("utf-8"))
        self._recorded += 1

    # -- at the end ---------------------------------------------------------------------

    def finish(self, tasks: Sequence[Task]) -> BatchRun:
        """Tally the run from the journal; rebuild the summaries and compact the journal.

        The summaries are rewritten only when what they are built from changed
        (a digest of the journal lines, kept in ``.summary-stamp``): a resumed run
        with nothing new to check is then a matter of hashing the inputs.
        """
        self._close_appenders()
        self._index = self._read_index()
        current = {t.rel for t in tasks}
        # Documents of this run in file order, then the others the journal knows
        # (kept so that a later --resume over them still skips them). Documents
        # that never finished (killed before their line), or whose line was written
        # with other settings, have no row: the next --resume checks them.
        order = [
            t.rel
            for t in tasks
            if t.rel in self._index and self._index[t.rel].config == self.key(t)
        ]
        order += sorted(set(self._index) - current)
        fail_on = {t.rel: t.settings.fail_on if t.settings else DEFAULT_FAIL_ON for t in tasks}
        run = BatchRun()
        by_rule: Counter[str] = Counter()
        slowest: list[tuple[float, str]] = []
        digest = hashlib.sha256("|".join((*SUMMARY_COLUMNS, str(self.parquet))).encode())
        size = 0
        for rel, line in self._lines(order):
            digest.update(line)
            size += len(line)
            if rel not in current:
                continue
            entry = journal_entry(line, SUMMARY)
            row = entry["row"]
            if entry["status"] != "ok":
                run.failed += 1
                run.failed_files.append(rel)
                continue
            run.error_findings += int(row.get("error_findings") or 0)
            if any(int(row.get(f"{s}_findings") or 0) for s in failing_severities(fail_on[rel])):
                run.failing += 1
            if row.get("known_findings", "") != "":  # the document had a baseline
                run.baselined += 1
                run.known += int(row["known_findings"])
                run.fixed += int(row.get("fixed_findings") or 0)
            heapq.heappush(slowest, (float(row.get("seconds") or 0), rel))
            if len(slowest) > SLOWEST:
                heapq.heappop(slowest)
            for values in entry["findings"]:
                rule, name = values[CSV_COLUMNS.index("rule")], values[CSV_COLUMNS.index("name")]
                by_rule[str(rule)] += 1
                run.rule_names[str(rule)] = str(name)
        run.by_rule = dict(sorted(by_rule.items()))
        run.findings = sum(by_rule.values())
        run.slowest = sorted(slowest, reverse=True)
        stamp = self.root / ".summary-stamp"
        outputs = ["summary.csv", "findings.csv", "errors.csv"]
        if self.parquet:
            outputs += [
                "quantities.parquet",
                "cells.parquet",
                "links.parquet",
                "findings.parquet",
            ]
        try:
            unchanged = (
                self._recorded == 0  # errors.csv is appended to as documents fail
                and stamp.read_text(encoding="ascii") == digest.hexdigest()
                and all((self.root / name).exists() for name in outputs)
            )
        except OSError:
            unchanged = False
        if not unchanged:
            stamp.unlink(missing_ok=True)
            if not self._write_summaries(order, current, run):
                run.notes.append("summary_xlsx_needs_openpyxl")
            if (self.root / JOURNAL).stat().st_size != size:
                self._compact(order)
            write_atomic(stamp, digest.hexdigest())
        return run

    def baseline_files(self, tasks: Sequence[Task], target: str) -> Iterator[dict[str, object]]:
        """Each document's baseline entries (every finding, known ones included) from the
        journal, named as a baseline at ``target`` names it and in its order (by name), one
        at a time. Call it after :meth:`finish`, on a run in which no document failed."""
        from crosscheck.baseline import file_key

        self._index = self._read_index()  # finish may have compacted the journal
        named = sorted((file_key(t.path, target), t.rel) for t in tasks)
        lines = self._lines([rel for _name, rel in named])
        for (name, _rel), (_same, line) in zip(named, lines, strict=True):
            yield {"file": name, "findings": journal_entry(line, WHOLE)["baseline_entries"]}

    def _lines(self, order: Sequence[str]) -> Iterator[tuple[str, bytes]]:
        """The latest journal line of each document, in ``order``."""
        with open(self.root / JOURNAL, "rb") as journal:
            for rel in order:
                journal.seek(self._index[rel].offset)
                yield rel, journal.readline()

    def _compact(self, order: Sequence[str]) -> None:
        """Rewrite the journal with one line per document (the latest)."""
        lines = self._lines(order)
        with atomic_file(self.root / JOURNAL, "wb") as compacted:
            for _rel, line in lines:
                compacted.write(line)

    def _write_summaries(self, order: Sequence[str], current: set[str], run: BatchRun) -> bool:
        """summary.csv, findings.csv, errors.csv, summary.xlsx (and Parquet), streamed.

        Returns False when summary.xlsx could not be written (openpyxl missing).
        """
        tokens: set[str] = set()
        xlsx = _SummaryWorkbook.create(self.options.lang)
        try:
            self._write_summary_files(order, current, xlsx, tokens)
        except BaseException as error:
            with quiet_finalisers():  # the workbook given up half-way
                xlsx = None
                drop_tracebacks(error)
            raise
        if self.parquet:
            self._write_parquet(tokens)
        return xlsx is not None

    def _write_summary_files(
        self,
        order: Sequence[str],
        current: set[str],
        xlsx: _SummaryWorkbook | None,
        tokens: set[str],
    ) -> None:
        with (
            self._findings_parquet() if self.parquet else contextlib.nullcontext() as parquet,
            atomic_file(self.root / "summary.csv") as summary_csv,
            atomic_file(self.root / "findings.csv") as findings_csv,
            atomic_file(self.root / "errors.csv") as errors_csv,
        ):
            summary = CsvWriter(summary_csv)
            summary.writerow(SUMMARY_COLUMNS)
            findings = CsvWriter(findings_csv)
            findings.writerow(CSV_COLUMNS)
            errors = CsvWriter(errors_csv)
            errors.writerow(ERROR_COLUMNS)
            for rel, line in self._lines(order):
                if rel not in current:
                    continue
                entry = journal_entry(line, SUMMARY)
                if entry.get("frames"):
                    tokens.add(entry["frames"])
                row = entry["row"]
                summary.writerow([row.get(c, "") for c in SUMMARY_COLUMNS])
                if xlsx is not None:
                    xlsx.document(row)
                if entry["status"] != "ok":
                    errors.writerow((rel, row.get("error_type", ""), row.get("error", "")))
                for values in entry["findings"]:
                    findings.writerow(values)
                    if xlsx is not None:
                        xlsx.finding(values)
                    if parquet is not None:
                        parquet.add(values)
        if xlsx is not None:
            xlsx.save(self.root / "summary.xlsx")

    def _findings_parquet(self) -> ParquetSink:
        from crosscheck.batch.parquet import FINDING_TYPES, ParquetSink

        return ParquetSink(self.root / "findings.parquet", FINDING_TYPES)

    def _write_parquet(self, tokens: set[str]) -> None:
        """quantities, cells and links .parquet from the frame journals (current lines only)."""
        from crosscheck.batch.parquet import CELL_TYPES, LINK_TYPES, QUANTITY_TYPES, ParquetSink

        for name, types, target in zip(
            self._frame_journals(),
            (QUANTITY_TYPES, CELL_TYPES, LINK_TYPES),
            ("quantities.parquet", "cells.parquet", "links.parquet"),
            strict=True,
        ):
            with (
                ParquetSink(self.root / target, types) as sink,
                open(self.root / name, "rb") as lines,
                atomic_file(self.root / name, "wb") as kept,
            ):
                for line in lines:
                    if not line.endswith(b"\n"):
                        break
                    entry = json.loads(line)
                    if entry["token"] not in tokens:
                        continue  # superseded by a later check of the same document
                    kept.write(line)
                    for values in entry["rows"]:
                        sink.add([entry["file"], *values])


def journal_entry(line: bytes, until: str | None) -> dict[str, object]:
    """The journal line's fields before the key ``until`` (``HEAD``: file … frames;
    ``SUMMARY``: also row and findings), or all of them (``WHOLE``).

    The line is cut where ``, "until": `` starts: inside a JSON string every quote is
    escaped, so that sequence (a quote after a space) is always the key itself; the
    keys before it hold strings, numbers, the row object and lists of scalars, none of
    which contains such a key. A line without it is parsed whole.
    """
    if until is not None:
        cut = line.find(b', "' + until.encode() + b'": ')
        if cut > 0:
            return json.loads(line[:cut] + b"}")  # type: ignore[no-any-return]
    return json.loads(line)  # type: ignore[no-any-return]


@dataclass(frozen=True, slots=True)
class _Journaled:
    """Where a document's latest journal line is, and what ``--resume`` compares of it."""

    offset: int  # in bytes, into the journal
    sha256: str  # of the input's bytes
    ok: bool  # checked (else it failed)
    report_bytes: int  # the size of its report, -1 for none
    frames: str  # the token of its frame rows (--parquet), "" for none
    config: str  # the settings it was checked with (OutputDir.key)


class _SummaryWorkbook:
    """summary.xlsx: a documents sheet and a findings sheet, streamed (openpyxl write-only),
    laid out by ``report.sheets`` (headers in the run's language, filters, widths, frozen
    header rows)."""

    @classmethod
    def create(cls, lang: str = "zh") -> _SummaryWorkbook | None:
        try:
            from openpyxl import Workbook
        except ImportError:
            return None
        return cls(Workbook(write_only=True), lang)

    def __init__(self, workbook: object, lang: str = "zh") -> None:
        self.workbook = workbook
        self.lang = lang
        self.documents = self.workbook.create_sheet("documents")
        self.findings = self.workbook.create_sheet("findings")
        start_sheet(self.documents, SUMMARY_COLUMNS, lang)
        start_sheet(self.findings, CSV_COLUMNS, lang)
        self._document_rows = 0
        self._finding_rows = 0
        self._truncated = False

    def _cells(self, sheet: object, values: Sequence[object]) -> None:
        sheet.append(xlsx_row(sheet, values))  # type: ignore[attr-defined]

    def document(self, row: dict[str, object]) -> None:
        self._document_rows += 1
        self._cells(self.documents, [row.get(c, "") for c in SUMMARY_COLUMNS])

    def finding(self, values: Sequence[object]) -> None:
        # Excel's last row is the header plus XLSX_MAX_ROWS - 1 rows, one of them the note.
        if self._finding_rows >= XLSX_MAX_ROWS - 2:
            if not self._truncated:
                self._cells(self.findings, [say("xlsx_more_in_csv", self.lang)])
                self._truncated = True
            return
        self._finding_rows += 1
        self._cells(self.findings, values)

    def save(self, target: Path) -> None:
        finish_sheet(self.documents, SUMMARY_COLUMNS, self._document_rows)
        finish_sheet(self.findings, CSV_COLUMNS, self._finding_rows + self._truncated)
        save_workbook(self.workbook, target)
