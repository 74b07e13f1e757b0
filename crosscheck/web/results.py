"""The last results of the web page, kept in memory for their downloads.

A result is found by a random token (``secrets``), so one upload's downloads never
show another's. The oldest go first when more than ``max_items`` are kept or they hold
more than ``max_bytes``.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

from crosscheck.report.html import Section


@dataclass(frozen=True, slots=True)
class Result:
    name: str  # the upload's file name
    lang: str
    report: str  # the crosscheck/report@1 JSON text
    rows: tuple[tuple[object, ...], ...]  # one per finding, report.findings.CSV_COLUMNS
    section: Section

    def size(self) -> int:
        return len(self.report) + len(self.section.html) + 200 * len(self.rows)


class ResultStore:
    def __init__(self, *, max_items: int, max_bytes: int) -> None:
        self.max_items = max_items
        self.max_bytes = max_bytes
        self._results: OrderedDict[str, Result] = OrderedDict()
        self._lock = threading.Lock()

    def put(self, result: Result) -> str:
        token = secrets.token_urlsafe(18)
        with self._lock:
            self._results[token] = result
            total = sum(r.size() for r in self._results.values())
            while len(self._results) > 1 and (
                len(self._results) > self.max_items or total > self.max_bytes
            ):
                _, dropped = self._results.popitem(last=False)
                total -= dropped.size()
        return token

    def get(self, token: str) -> Result | None:
        with self._lock:
            return self._results.get(token)
