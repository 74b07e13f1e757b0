"""The batch run: discover the inputs, check them on an engine, write each outcome as it arrives."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace

from crosscheck.batch.discovery import discover, supported_suffixes
from crosscheck.batch.engines import outcomes
from crosscheck.batch.model import DEFAULT_TIMEOUT, BatchRun, CheckOptions, Outcome, Task
from crosscheck.batch.output import OutputDir


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
