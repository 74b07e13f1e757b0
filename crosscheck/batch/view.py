"""What ``crosscheck batch`` shows while it runs and when it ends.

File names and error messages are shown with their control characters escaped
(``ingest.files.display_path``, ``report.terminal.escape_controls``).

On a terminal: a rich progress bar (documents done/total, findings so far,
rate, ETA). Otherwise (a log file, CI): one plain line every
``PLAIN_EVERY_SECONDS`` and one at the end. A document that fails gets one
line on stderr as it happens.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Sequence
from typing import TextIO

from crosscheck.batch.model import BatchRun, Outcome, Task
from crosscheck.ingest.files import display_path
from crosscheck.messages import say
from crosscheck.report.terminal import escape_controls

PLAIN_EVERY_SECONDS = 5.0
SKIPPED_SHOWN = 10  # skipped files listed on screen (skipped.csv has them all)


def _eta(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


class BatchView:
    """Progress and summary on ``stream`` (a rich bar when it is a terminal)."""

    def __init__(
        self,
        lang: str,
        *,
        jobs: int,
        engine: str,
        stream: TextIO | None = None,
        out: str = "",
    ) -> None:
        self.lang = lang
        self.out = out
        self.jobs = jobs
        self.engine = engine
        self.stream = stream or sys.stdout
        self.fancy = self.stream.isatty()
        self.total = self.done = self.findings = self.failed = 0
        self._started = time.monotonic()
        self._last_line = 0.0
        self._progress = None
        self._bar = None
        self._closed = False

    def start(self, documents: int, todo: int, resumed: int, skipped: Sequence[Task]) -> None:
        import os

        self.total = todo
        self._started = time.monotonic()
        self._print(
            say(
                "batch_start",
                self.lang,
                documents=documents,
                todo=todo,
                resumed=resumed,
                skipped=len(skipped),
                jobs=self.jobs,
                engine=self.engine,
            )
        )
        if skipped:
            lines = [say("batch_skipped", self.lang, record=os.path.join(self.out, "skipped.csv"))]
            lines += [f"  {display_path(task.rel)}" for task in skipped[:SKIPPED_SHOWN]]
            if len(skipped) > SKIPPED_SHOWN:
                lines.append(
                    say("batch_skipped_more", self.lang, more=len(skipped) - SKIPPED_SHOWN)
                )
            self._print("\n".join(lines))
        if self.fancy and todo:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[findings]}"),
                TextColumn("{task.fields[rate]}"),
                TimeElapsedColumn(),
                TimeRemainingColumn(),
                console=Console(file=self.stream),
                transient=False,
            )
            self._progress.start()
            self._bar = self._progress.add_task(
                say("batch_progress_label", self.lang),
                total=todo,
                findings=say("batch_progress_findings", self.lang, findings=0),
                rate="",
            )

    def advance(self, outcome: Outcome) -> None:
        self.done += 1
        if outcome.failed:
            self.failed += 1
            line = say(
                "error_line",
                self.lang,
                path=display_path(outcome.rel),
                message=escape_controls(f"{outcome.error_type}: {outcome.error}"),
            )
            if self._progress is not None:
                self._progress.console.print(line, markup=False, highlight=False, emoji=False)
            else:
                with contextlib.suppress(BrokenPipeError):
                    sys.stderr.write(line + "\n")
        else:
            self.findings += int(outcome.row.get("findings") or 0)
        elapsed = max(time.monotonic() - self._started, 1e-9)
        rate = self.done / elapsed
        if self._progress is not None:
            self._progress.update(
                self._bar,
                advance=1,
                findings=say("batch_progress_findings", self.lang, findings=self.findings),
                rate=f"{rate:.1f}/s",
            )
        elif elapsed - self._last_line >= PLAIN_EVERY_SECONDS or self.done == self.total:
            self._last_line = elapsed
            remaining = (self.total - self.done) / rate if rate else None
            self._print(
                say(
                    "batch_progress_line",
                    self.lang,
                    done=self.done,
                    total=self.total,
                    findings=self.findings,
                    failed=self.failed,
                    rate=rate,
                    eta=_eta(remaining),
                )
            )

    def stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def summary(self, run: BatchRun, out: str) -> None:
        """Documents, findings by rule, the slowest documents, where the outputs are."""
        import os

        lines = [
            say(
                "batch_done",
                self.lang,
                documents=run.documents,
                checked=run.checked,
                resumed=run.resumed,
                failed=run.failed,
                seconds=run.seconds,
            ),
            say("batch_findings_by_rule", self.lang, total=run.findings, errors=run.error_findings),
        ]
        for rule, count in run.by_rule.items():
            lines.append(f"  {rule} {run.rule_names.get(rule, ''):<22} {count:>7}")
        if run.slowest:
            lines.append(say("batch_slowest", self.lang))
            lines.extend(f"  {seconds:7.2f} s  {display_path(rel)}" for seconds, rel in run.slowest)
        lines.append(
            say(
                "batch_outputs",
                self.lang,
                reports=os.path.join(out, "reports", ""),
                summary=os.path.join(out, "summary.xlsx"),
                errors=os.path.join(out, "errors.csv"),
            )
        )
        if run.baselined:
            lines.append(
                say(
                    "batch_baseline_note",
                    self.lang,
                    documents=run.baselined,
                    known=run.known,
                    fixed=run.fixed,
                )
            )
        if run.baseline_written:
            lines.append(
                say(
                    "baseline_written",
                    self.lang,
                    count=run.baseline_findings,
                    files=run.documents,
                    path=display_path(run.baseline_written),
                )
            )
        lines.extend(say(note, self.lang) for note in run.notes)
        if run.failed:
            lines.append(
                say(
                    "batch_completed_with_errors",
                    self.lang,
                    failed=run.failed,
                    errors=os.path.join(out, "errors.csv"),
                )
            )
        self._print("\n".join(lines))

    def _print(self, text: str) -> None:
        if self._closed:
            return
        try:
            self.stream.write(text + "\n")
            self.stream.flush()
        except BrokenPipeError:
            # `crosscheck batch … | head`: the reader left, the run goes on (its output is files).
            self._closed = True
