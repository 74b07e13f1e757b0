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
# Inputs bigger than this are refused with a clear message (bytes).
MAX_TEXT_BYTES = 64 * 1024 * 1024
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
