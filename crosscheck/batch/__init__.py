"""Many documents at once (DESIGN §6): ``crosscheck batch`` and the engine of ``crosscheck.frames``.

    discover(inputs)            -> Inputs     every supported file under DIR|GLOB, sorted, and the rest
    check_document(task, opts)  -> Outcome    the per-document function: workers run it, so does Dask
    outcomes(tasks, ...)        -> Outcome…   streamed from a process pool (default) or a Dask cluster
    run_batch(inputs, out, ...) -> BatchRun   each outcome written as it arrives, then the summaries

An :class:`Outcome` is small and plain (the report JSON text, one summary row,
the finding rows, and with ``frames`` the quantity and cell rows), so that it
pickles cheaply and the parent never holds more than one document's worth.

The modules import one way only (``tests/test_batch_package.py`` checks it)::

    model, guard                       the values between stages; processes that die together
    warm                               guard  (preloaded by the fork server)
    parquet, view, discovery           leaves over model
    document                           model  (the per-document function)
    output                             model, document, parquet
    projects                           model, document  (each document's settings, as check's)
    pool                               model, document, guard, warm
    engines                            model, document, pool
    run                                model, discovery, engines, output, projects

This file imports none of them at import time: a name is looked up in its
module on first use, so that a worker or the fork server importing
``crosscheck.batch.warm`` does not pull in the whole package.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crosscheck.batch.discovery import discover, supported_suffixes
    from crosscheck.batch.document import check_document, department_and_year
    from crosscheck.batch.engines import default_jobs, outcomes
    from crosscheck.batch.model import (
        DEFAULT_TIMEOUT,
        SUMMARY_COLUMNS,
        BatchRun,
        CheckOptions,
        Inputs,
        Outcome,
        ProjectOptions,
        Task,
    )
    from crosscheck.batch.run import run_batch

# Public name -> the module that defines it.
_HOMES = {
    "DEFAULT_TIMEOUT": "model",
    "SUMMARY_COLUMNS": "model",
    "BatchRun": "model",
    "CheckOptions": "model",
    "Inputs": "model",
    "Outcome": "model",
    "ProjectOptions": "model",
    "Task": "model",
    "discover": "discovery",
    "supported_suffixes": "discovery",
    "check_document": "document",
    "department_and_year": "document",
    "default_jobs": "engines",
    "outcomes": "engines",
    "run_batch": "run",
}

__all__ = [
    "DEFAULT_TIMEOUT",
    "SUMMARY_COLUMNS",
    "BatchRun",
    "CheckOptions",
    "Inputs",
    "Outcome",
    "ProjectOptions",
    "Task",
    "check_document",
    "default_jobs",
    "department_and_year",
    "discover",
    "outcomes",
    "run_batch",
    "supported_suffixes",
]


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'crosscheck.batch' has no attribute {name!r}")
    return getattr(importlib.import_module(f"crosscheck.batch.{home}"), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
