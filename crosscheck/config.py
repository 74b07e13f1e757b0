"""Named settings: tolerances and defaults. No magic numbers elsewhere."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

# "约 v" / "v 左右": v ± 5 % (never tighter than the last written digit).
APPROX_AROUND = Decimal("0.05")
# "近 v" / "接近 v": from 10 % below v up to v.
APPROX_BELOW = Decimal("0.10")


@dataclass(frozen=True, slots=True)
class Tolerances:
    """The tolerances a project may set (``[tolerances]`` of crosscheck.toml)."""

    approx_around: Decimal = APPROX_AROUND
    approx_below: Decimal = APPROX_BELOW


# The tolerances of the check running in this context (thread, task): set by
# ``pipeline.run_check`` for one document, read where a bound word is turned into an interval.
_TOLERANCES: ContextVar[Tolerances | None] = ContextVar("crosscheck_tolerances", default=None)


def tolerances() -> Tolerances:
    """The tolerances in force: the running check's, else the defaults above."""
    return _TOLERANCES.get() or Tolerances(APPROX_AROUND, APPROX_BELOW)


@contextlib.contextmanager
def using_tolerances(chosen: Tolerances | None) -> Iterator[None]:
    """Run the block with ``chosen`` tolerances (``None``: those already in force)."""
    if chosen is None:
        yield
        return
    token = _TOLERANCES.set(chosen)
    try:
        yield
    finally:
        _TOLERANCES.reset(token)


# How far back (characters) the metric word may sit before a quantity, and how
# far back money words make a bare 万 an amount.
METRIC_WINDOW = 12
# How far back a metric phrase (lexicons/metric_patterns.tsv: 占…的, up to 16 characters of
# the whole's name between) may start: "占一般公共预算项目支出总额的100%".
METRIC_PHRASE_WINDOW = 24
MONEY_CONTEXT_WINDOW = 24
# How far back (characters, within the clause) the context word of a unit that needs one is
# looked for (方 is 立方米 only about earth: 清淤疏浚河道土方3.2万方).
MEASURE_CONTEXT_WINDOW = 24
# A line with more TABs or bars than this is no table row but text: the widest tables of
# the genre (a 决算 table of 12 months by 8 measures) have about a hundred columns, and a
# run of millions of "|" made a row of as many cells (2 GB of memory).
MAX_TABLE_COLUMNS = 256
# The distribution's name on the package index ("crosscheck" there is an unrelated project);
# the import package and the command stay `crosscheck`. Every install hint and the version
# lookup use it.
DISTRIBUTION = "crosscheck-cn-budget"


def install_hint(extra: str = "") -> str:
    """``pip install 'crosscheck-cn-budget[xlsx]'``: the command a message tells the user to run."""
    return f"pip install '{DISTRIBUTION}[{extra}]'" if extra else f"pip install {DISTRIBUTION}"


def installed_version() -> str:
    """The installed distribution's version, or "unknown" (run from a source tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


# Inputs bigger than this are refused with a clear message (bytes).
MAX_TEXT_BYTES = 64 * 1024 * 1024
# The largest report text any command, the web page or the API takes (UTF-8 bytes of the
# text read from any format; applied by crosscheck.ingest when a report is read):
# every stage is linear, at about 2.5 s and 30 MiB of memory per MiB of text on one core
# (bench/bench_size.py: 5 MiB in 11-12 s and 310 MiB), so 20 MiB (a city's whole 决算
# compilation) takes about a minute and under 1 GiB; a bigger text is refused with one
# line (exit 2), not left to run past the batch timeout.
MAX_CHECK_TEXT_BYTES = 20 * 1024 * 1024
# A PDF's text layer. Characters one page and the whole file may draw (a dense A4 page
# holds about 3,000, a small-print table page 10,000; reading costs some tens of µs a
# character), and the seconds reading may take, checked between pages; past any of them
# the file is refused with one line, never read for minutes.
PDF_MAX_PAGE_CHARS = 30_000
PDF_MAX_CHARS = 2_000_000
PDF_READ_SECONDS = 120.0
# FlateDecode streams PDFium inflates to read text (content streams, fonts, object streams):
# inflated first under these budgets (bytes): one stream, and all of them together.
PDF_MAX_STREAM_BYTES = 64 * 1024 * 1024
PDF_MAX_INFLATED_BYTES = 256 * 1024 * 1024
# Message language: "zh" (default) or "en".
DEFAULT_LANG = "zh"
# Seconds one document may take in a batch before its worker is stopped.
DOCUMENT_TIMEOUT = 120.0
# Seconds `crosscheck check` may take for one file before it stops with one line (exit 2).
CHECK_TIMEOUT = 300.0
# The web page (`crosscheck serve`): where it listens, the largest upload it takes (bytes),
# the seconds one check may take, and how many results it keeps for their downloads.
WEB_HOST = "127.0.0.1"
WEB_PORT = 8765
WEB_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
WEB_TIMEOUT = DOCUMENT_TIMEOUT
WEB_RESULTS_KEPT = 32
WEB_RESULTS_MAX_BYTES = 256 * 1024 * 1024
# The project file `check` looks for, from the report's folder up to the repository root
# (the first folder holding .git) or the file-system root (crosscheck/project.py).
CONFIG_FILE_NAME = "crosscheck.toml"
# When `check` exits 1: on error findings (the contract), also on warnings, or never.
FAIL_ON_CHOICES = ("error", "warning", "never")
DEFAULT_FAIL_ON = "error"
