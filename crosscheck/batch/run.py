"""The batch run: discover the inputs, check them on an engine, write each outcome as it arrives."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace

from crosscheck.batch.discovery import discover, supported_suffixes
from crosscheck.batch.engines import outcomes
from crosscheck.batch.model import (
    DEFAULT_TIMEOUT,
    BatchRun,
    CheckOptions,
    Outcome,
    ProjectOptions,
    Task,
)
from crosscheck.batch.output import OutputDir
from crosscheck.batch.projects import DocumentSettings


def run_batch(
    inputs: Sequence[str],
    out: str,
    *,
    options: CheckOptions | None = None,
    project: ProjectOptions | None = None,
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

    ``project``: each document reads its crosscheck.toml and baseline as ``check`` would,
    under these flags (``crosscheck batch`` gives it; without it none is read).
    ``on_start(documents, to_check, resumed, skipped)`` is called once the work is known;
    ``progress(outcome)`` after each document is written.
    """
    started = time.perf_counter()
    options = options or CheckOptions()
    if parquet and not options.frames:
        options = replace(options, frames=True)
    # --config and --baseline are read first: a bad one stops the run before any document.
    chosen = DocumentSettings(project, options) if project is not None else None
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
    tasks, refused = list(found.tasks), []
    target = project.write_baseline if project is not None else None
    if target is not None:
        from crosscheck.outputs import refuse_writing_over_inputs

        refuse_writing_over_inputs(target, (t.path for t in tasks))
    if chosen is not None:
        tasks, refused = chosen.resolve(tasks)
    output = OutputDir(
        out, options=options, resume=resume, retry_errors=retry_errors, parquet=parquet
    )
    # A document refused for its settings is recorded again (that costs nothing), never resumed.
    failing = {o.rel for o in refused}
    todo = [t for t in tasks if t.rel not in failing and not output.is_done(t)]
    by_rel = {t.rel: t for t in tasks}
    if on_start is not None:
        resumed = len(tasks) - len(todo) - len(refused)
        on_start(len(tasks), len(todo) + len(refused), resumed, found.skipped)
    with output:
        output.write_skipped(found.skipped)

        def write(outcome: Outcome) -> None:
            output.record(outcome, by_rel[outcome.rel])
            if progress is not None:
                progress(outcome)

        for outcome in refused:
            write(outcome)
        stream = outcomes(
            todo, options, jobs=jobs, engine=engine, scheduler=scheduler, timeout=timeout
        )
        try:
            for outcome in stream:
                write(outcome)
        finally:
            stream.close()  # stops the workers now, also on Ctrl-C
        run = output.finish(tasks)
        if target is not None:
            _write_baseline(output, tasks, target, run)
    run.documents = len(tasks)
    run.checked = len(todo) + len(refused)
    run.resumed = len(tasks) - run.checked
    run.skipped = found.skipped
    run.seconds = time.perf_counter() - started
    return run


def _write_baseline(output: OutputDir, tasks: Sequence[Task], target: str, run: BatchRun) -> None:
    """One baseline for every document of the run, written atomically; refused (the old
    file left as it was) when a document failed: its entries would silently be dropped,
    and its findings would later count as new."""
    from crosscheck.baseline import baseline_chunks
    from crosscheck.config import installed_version
    from crosscheck.outputs import atomic_file

    if run.failed:
        run.baseline_refused = True
        return

    def counted(files: Iterable[dict[str, object]]) -> Iterator[dict[str, object]]:
        for file in files:
            entries: list[dict[str, object]] = file["findings"]  # type: ignore[assignment]
            run.baseline_findings += sum(int(e.get("count", 1)) for e in entries)  # type: ignore[call-overload]
            yield file

    files = counted(output.baseline_files(tasks, target))
    with atomic_file(target) as stream:
        for chunk in baseline_chunks(files, installed_version()):
            stream.write(chunk)
    run.baseline_written = target
