"""Engines: the per-document function run in parallel, outcomes streamed as they finish.

``process`` is ``crosscheck.batch.pool`` (the default); ``dask`` runs the same
function on a Dask cluster.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace

from crosscheck.batch.document import check_document, failed_outcome, one_line
from crosscheck.batch.model import DEFAULT_TIMEOUT, CheckOptions, Outcome, Task
from crosscheck.batch.pool import pool_outcomes
from crosscheck.errors import MissingExtraError

# Dask: tasks in flight per worker (bounded, so results never pile up on the client).
DASK_IN_FLIGHT_PER_WORKER = 4


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
                outcome = failed_outcome(task, type(error).__name__, one_line(error, options.lang))
            future.release()
            yield outcome
            next_task = next(pending, None)
            if next_task is not None:
                submit(next_task)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
