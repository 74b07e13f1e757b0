"""Named settings: tolerances and defaults. No magic numbers elsewhere."""

from __future__ import annotations

from decimal import Decimal

# "约 v" / "v 左右": v ± 5 % (never tighter than the last written digit).
APPROX_AROUND = Decimal("0.05")
# "近 v" / "接近 v": from 10 % below v up to v.
APPROX_BELOW = Decimal("0.10")
# How far back (characters) the metric word may sit before a quantity, and how
# far back money words make a bare 万 an amount.
METRIC_WINDOW = 12
MONEY_CONTEXT_WINDOW = 24
# How far back (characters, within the clause) the context word of a unit that needs one is
# looked for (方 is 立方米 only about earth: 清淤疏浚河道土方3.2万方).
MEASURE_CONTEXT_WINDOW = 24
# A line with more TABs or bars than this is no table row but text: the widest tables of
# the genre (a 决算 table of 12 months by 8 measures) have about a hundred columns, and a
# run of millions of "|" made a row of as many cells (2 GB of memory).
MAX_TABLE_COLUMNS = 256
# Inputs bigger than this are refused with a clear message (bytes).
MAX_TEXT_BYTES = 64 * 1024 * 1024
# The largest report text `check` takes (UTF-8 bytes of the text read from any format):
# every stage is linear, at about 2.5 s and 30 MiB of memory per MiB of text on one core
# (bench/bench_size.py: 5 MiB in 11-12 s and 310 MiB), so 20 MiB (a city's whole 决算
# compilation) takes about a minute and under 1 GiB; a bigger text is refused with one
# line (exit 2), not left to run past the batch timeout.
MAX_CHECK_TEXT_BYTES = 20 * 1024 * 1024
# Message language: "zh" (default) or "en".
DEFAULT_LANG = "zh"
# Seconds one document may take in a batch before its worker is stopped.
DOCUMENT_TIMEOUT = 120.0
# The web page (`crosscheck serve`): where it listens, the largest upload it takes (bytes),
# the seconds one check may take, and how many results it keeps for their downloads.
WEB_HOST = "127.0.0.1"
WEB_PORT = 8765
WEB_MAX_UPLOAD_BYTES = 50 * 1024 * 1024
WEB_TIMEOUT = DOCUMENT_TIMEOUT
WEB_RESULTS_KEPT = 32
WEB_RESULTS_MAX_BYTES = 256 * 1024 * 1024
