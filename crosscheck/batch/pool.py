"""The process engine of ``crosscheck batch``: worker processes, one document in flight each.

Why not ``multiprocessing.Pool`` or ``ProcessPoolExecutor``: neither can stop
one task. A document that hangs a reader would hold its worker forever (Pool)
or break the whole pool when killed (Executor). Here every worker has its own
pipe, the parent knows which document each one holds and since when, and a
worker past the timeout is killed and replaced; the document gets a
``Timeout`` error. A worker that dies (a crash in a C library, the OOM
killer) costs only its document. Workers are replaced after
``MAX_TASKS_PER_WORKER`` documents so that caches cannot grow without bound.

Memory stays flat: at most one document per worker is in flight, and each
outcome is handed to the caller (who writes it) before more are collected.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from crosscheck.batch.document import check_document, failed_outcome
from crosscheck.batch.guard import die_with_parent, exit_when_hung_up, tied_server_start
from crosscheck.batch.model import CheckOptions, Outcome, Task
from crosscheck.errors import CrosscheckError

MAX_TASKS_PER_WORKER = 1000
# How often the parent wakes up to check deadlines when nothing arrives (seconds).
POLL_SECONDS = 0.5
_READY = "ready"


def _context() -> multiprocessing.context.BaseContext:
    """forkserver where there is one: workers fork from a clean, single-threaded server.

    (Plain fork would copy the parent's threads' locks, e.g. the progress bar's.)
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # The server preloads a warm pipeline (not the caller's __main__ script):
        # workers fork from it ready, sharing the caches copy-on-write.
        context.set_forkserver_preload(["crosscheck.batch.warm"])
        return context
    return multiprocessing.get_context("spawn")


def start_server() -> None:
    """Start the fork server now, where there is one: it preloads the warm pipeline while
    nothing waits, so that the first worker (the web page's first upload) forks ready."""
    _ensure_server(_context())


def _ensure_server(context: multiprocessing.context.BaseContext) -> None:
    """Start the fork server unless it runs, tied to this process (``guard``)."""
    if context.get_start_method() == "forkserver":
        from multiprocessing import forkserver

        with tied_server_start():
            forkserver.ensure_running()


def worker_main(connection: Connection, options: CheckOptions) -> None:
    """A worker: warm up, say ready, then check each task sent until told to stop.

    Warming up before saying ready keeps start-up out of the first document's
    time and timeout.
    """
    # Ctrl-C reaches the whole process group; the parent decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The fork server is this worker's parent: it dies with the caller (guard).
    die_with_parent()
    exit_when_hung_up(connection.fileno())
    from crosscheck.batch.warm import warm_up

    warm_up()
    try:
        connection.send(_READY)
        while True:
            task = connection.recv()
            if task is None:
                return
            connection.send(check_document(task, options))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        return  # the parent is gone


class WorkersCannotStart(CrosscheckError):
    """Every worker process dies while it starts (so no document can be checked)."""

    def __init__(self, code: int | None) -> None:
        super().__init__(
            f"工作进程启动即退出（退出码 {code}）。在脚本中调用 crosscheck.frames 时，"
            "请把调用放在 if __name__ == '__main__': 之下；或使用 jobs=1",
            f"the worker processes exit as they start (exit code {code}). When a script "
            "calls crosscheck.frames, put the call under if __name__ == '__main__': "
            "(multiprocessing imports the script in each worker), or use jobs=1",
        )


@dataclass(slots=True, eq=False)
class _Worker:
    process: multiprocessing.process.BaseProcess
    connection: Connection
    ready: bool = False
    task: Task | None = None
    since: float = 0.0
    done: int = 0


def _start(context: multiprocessing.context.BaseContext, options: CheckOptions) -> _Worker:
    parent_end, child_end = context.Pipe(duplex=True)
    process = context.Process(
        target=worker_main, args=(child_end, options), name="crosscheck-worker", daemon=True
    )
    process.start()
    child_end.close()  # so that the parent sees EOF when the worker dies
    return _Worker(process, parent_end)


def _stop(worker: _Worker) -> None:
    """Kill the worker: it holds nothing that needs a clean exit (the parent writes everything)."""
    worker.process.kill()
    worker.process.join()
    worker.connection.close()


def pool_outcomes(
    tasks: Iterable[Task],
    options: CheckOptions,
    *,
    jobs: int,
    timeout: float | None,
    max_tasks: int = MAX_TASKS_PER_WORKER,
) -> Iterator[Outcome]:
    """Check ``tasks`` on ``jobs`` worker processes; yield each outcome as it arrives."""
    from crosscheck.batch.model import timeout_message
    from crosscheck.messages import say

    context = _context()
    _ensure_server(context)  # before the first worker, which would start it untied
    pending = iter(tasks)
    exhausted = False
    stillborn = 0  # workers that died before they were ready
    workers = [_start(context, options) for _ in range(max(1, jobs))]

    def dispatch(worker: _Worker) -> None:
        nonlocal exhausted
        if worker.ready and worker.task is None and not exhausted:
            task = next(pending, None)
            if task is None:
                exhausted = True
                return
            worker.connection.send(task)
            worker.task, worker.since = task, time.monotonic()

    try:
        while True:
            for worker in workers:
                dispatch(worker)
            busy = [w for w in workers if w.task is not None]
            if exhausted and not busy:
                return
            wait_for = POLL_SECONDS
            if timeout and busy:
                nearest = min(w.since for w in busy) + timeout - time.monotonic()
                wait_for = max(0.0, min(wait_for, nearest))
            by_handle: dict[object, _Worker] = {}
            for worker in workers:
                by_handle[worker.connection] = worker
                by_handle[worker.process.sentinel] = worker
            ready = wait(list(by_handle), timeout=wait_for)
            for worker in {id(by_handle[h]): by_handle[h] for h in ready}.values():
                alive = True
                try:
                    while worker.connection.poll():
                        message = worker.connection.recv()
                        if isinstance(message, str):  # _READY
                            worker.ready = True
                            dispatch(worker)
                        elif isinstance(message, Outcome):
                            worker.task = None
                            worker.done += 1
                            if worker.done < max_tasks:
                                dispatch(worker)  # before the caller writes: keep the worker busy
                            yield message
                except (EOFError, OSError):
                    alive = False
                if not alive or not worker.process.is_alive():
                    lost = worker.task
                    if not worker.ready:
                        stillborn += 1
                        if stillborn >= max(3, 2 * len(workers)):
                            worker.process.join(timeout=1)
                            raise WorkersCannotStart(worker.process.exitcode)
                    _replace(workers, worker, context, options)
                    if lost is not None:
                        died = say("batch_worker_died", options.lang, code=worker.process.exitcode)
                        yield failed_outcome(lost, "WorkerCrashed", died)
                elif worker.done >= max_tasks and worker.task is None:
                    _replace(workers, worker, context, options)
            if timeout:
                now = time.monotonic()
                for worker in list(workers):
                    if worker.task is not None and now - worker.since > timeout:
                        late = worker.task
                        _replace(workers, worker, context, options)
                        yield failed_outcome(
                            late, "Timeout", timeout_message(timeout, options.lang)
                        )
    finally:
        for worker in workers:
            _stop(worker)


def _replace(
    workers: list[_Worker],
    worker: _Worker,
    context: multiprocessing.context.BaseContext,
    options: CheckOptions,
) -> None:
    _stop(worker)
    workers[workers.index(worker)] = _start(context, options)
