"""Each check of the web page in a worker process of its own, given up after a timeout.

This is batch's process engine (``batch.pool.pool_outcomes``) with one task: a worker
forked from the warm fork server checks the document and renders its report section
(``CheckOptions(page=True)``); past the timeout the worker is killed and the outcome
says so, a worker that dies costs only its upload. One process per upload keeps
concurrent uploads apart: nothing but the task and its outcome crosses between them.
At most ``jobs`` checks run at once; further uploads wait for a free slot.
"""

from __future__ import annotations

import threading

from crosscheck.batch import CheckOptions, Outcome, Task, default_jobs
from crosscheck.batch.pool import pool_outcomes


class Checker:
    def __init__(self, *, timeout: float, jobs: int = 0) -> None:
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(jobs or default_jobs())

    def check(self, path: str, name: str, lang: str) -> Outcome:
        """The outcome of checking the file at ``path``, named ``name`` in its report."""
        options = CheckOptions(lang=lang, page=True)
        with self._slots:
            (outcome,) = pool_outcomes(
                [Task(path=path, rel=name, name=name)], options, jobs=1, timeout=self.timeout
            )
        return outcome
