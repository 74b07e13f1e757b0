"""What the web page runs with (named defaults in crosscheck/config.py)."""

from __future__ import annotations

from dataclasses import dataclass

from crosscheck import config


@dataclass(frozen=True, slots=True)
class WebSettings:
    host: str = config.WEB_HOST
    port: int = config.WEB_PORT
    max_bytes: int = config.WEB_MAX_UPLOAD_BYTES  # the largest upload taken
    timeout: float = config.WEB_TIMEOUT  # seconds one check may take before it is given up
    jobs: int = 0  # checks run at once (0: one per core); more uploads wait their turn
    lang: str = config.DEFAULT_LANG  # the page's language unless ?lang= says otherwise
    results_kept: int = config.WEB_RESULTS_KEPT
    results_max_bytes: int = config.WEB_RESULTS_MAX_BYTES
