"""Baselines: the findings a reviewer has read and accepted, so that later runs show only new ones.

``crosscheck check FILE --write-baseline B.json`` records every finding of the run by its
fingerprint (crosscheck/fingerprints.py), with its rule, message and quotes so that a
reviewer can read and diff the file; ``--baseline B.json`` then splits each later run's
findings into the known ones (not shown, not failing) and the new ones, and counts the
baseline's findings that are gone (fixed).

A fingerprint names a finding by what it quotes and where, so two equal findings (the
same quotes in the same section) share one: the baseline records how many it accepted
(``count``), and a third copy is new. File names are kept relative to the baseline's
folder, so the same baseline works from any working directory and on any machine.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath

from crosscheck.errors import ConfigError
from crosscheck.fingerprints import FINGERPRINT_HEX_DIGITS, FINGERPRINT_SCHEME
from crosscheck.messages import say
from crosscheck.types import Finding

SCHEMA = "crosscheck/baseline@1"
_HEX = frozenset("0123456789abcdef")


@dataclass(frozen=True, slots=True)
class Known:
    """One accepted finding of a baseline, as recorded."""

    fingerprint: str
    rule: str
    severity: str
    message: str
    quotes: tuple[str, ...]
    count: int = 1


@dataclass(frozen=True, slots=True)
class Baseline:
    """A baseline file as read: its accepted findings per report (names relative to it)."""

    path: Path
    files: tuple[tuple[str, tuple[Known, ...]], ...]
    version: str = ""  # the crosscheck version that wrote it

    def known_for(self, report: str | os.PathLike[str]) -> tuple[Known, ...]:
        key = file_key(report, self.path)
        return next((known for name, known in self.files if name == key), ())


@dataclass(frozen=True, slots=True)
class Split:
    """One report's findings against a baseline."""

    new: tuple[Finding, ...]  # shown, and what the exit code depends on
    known: tuple[Finding, ...]  # in the baseline: not shown
    fixed: tuple[Known, ...]  # in the baseline, no longer found (count: how many copies)

    @property
    def fixed_count(self) -> int:
        return sum(k.count for k in self.fixed)


def file_key(report: str | os.PathLike[str], baseline: str | os.PathLike[str]) -> str:
    """``report``'s name as a baseline at ``baseline`` records it: relative to its folder."""
    folder = os.path.dirname(os.path.abspath(baseline))
    target = os.path.abspath(report)
    try:
        relative = os.path.relpath(target, folder)
    except ValueError:  # another drive (Windows): no relative path exists
        relative = target
    return PurePath(relative).as_posix()


def split(findings: Sequence[Finding], known: Iterable[Known]) -> Split:
    """Which findings the baseline knows (up to each fingerprint's count, in document order)."""
    left = Counter[str]()
    for k in known:
        left[k.fingerprint] += k.count
    recorded = {k.fingerprint: k for k in known}
    new: list[Finding] = []
    seen: list[Finding] = []
    for finding in findings:
        fingerprint = finding.fingerprint
        if left[fingerprint] > 0:
            left[fingerprint] -= 1
            seen.append(finding)
        else:
            new.append(finding)
    fixed = tuple(
        Known(k.fingerprint, k.rule, k.severity, k.message, k.quotes, left[k.fingerprint])
        for k in recorded.values()
        if left[k.fingerprint] > 0
    )
    return Split(tuple(new), tuple(seen), fixed)


def baseline_record(
    reports: Iterable[tuple[str, Sequence[Finding]]],
    path: str | os.PathLike[str],
    version: str,
    lang: str = "zh",
) -> dict[str, object]:
    """The JSON a baseline file holds for ``reports`` (each a path as given and its findings)."""
    files = []
    for report, findings in reports:
        counts = Counter(f.fingerprint for f in findings)
        entries, written = [], set()
        for f in findings:  # document order: a reviewer's diff follows the report
            if f.fingerprint in written:
                continue
            written.add(f.fingerprint)
            entry = {
                "fingerprint": f.fingerprint,
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message if lang == "zh" else f.message_en,
                "quotes": [e.text for e in f.evidence],
            }
            if counts[f.fingerprint] > 1:
                entry["count"] = counts[f.fingerprint]
            entries.append(entry)
        files.append({"file": file_key(report, path), "findings": entries})
    return {
        "schema": SCHEMA,
        "crosscheck": version,
        "fingerprints": FINGERPRINT_SCHEME,
        "files": sorted(files, key=lambda f: f["file"]),
    }


def baseline_text(
    reports: Iterable[tuple[str, Sequence[Finding]]],
    path: str | os.PathLike[str],
    version: str,
    lang: str = "zh",
) -> str:
    """The baseline file: indented, one key a line, Chinese as written (a readable diff)."""
    record = baseline_record(reports, path, version, lang)
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def read_baseline(path: str | os.PathLike[str]) -> Baseline:
    """A baseline file; :class:`ConfigError` (one line) when it is missing, corrupt or of
    another schema or fingerprint scheme (its fingerprints would match nothing)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(
            say("baseline_missing", "zh", path=path), say("baseline_missing", "en", path=path)
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ConfigError(
            say("baseline_unreadable", "zh", path=path, reason=reason),
            say("baseline_unreadable", "en", path=path, reason=reason),
        ) from error
    found = data.get("schema") if isinstance(data, dict) else type(data).__name__
    scheme = data.get("fingerprints") if isinstance(data, dict) else None
    if found != SCHEMA or scheme != FINGERPRINT_SCHEME:
        shown = f"{found}, fingerprints {scheme}"
        expected = f"{SCHEMA}, fingerprints {FINGERPRINT_SCHEME}"
        raise ConfigError(
            say("baseline_bad_schema", "zh", path=path, found=shown, expected=expected),
            say("baseline_bad_schema", "en", path=path, found=shown, expected=expected),
        )
    try:
        files = tuple(_file_entry(entry) for entry in data["files"])
    except (KeyError, TypeError, ValueError) as error:
        reason = f"{type(error).__name__}: {error}"
        raise ConfigError(
            say("baseline_unreadable", "zh", path=path, reason=reason),
            say("baseline_unreadable", "en", path=path, reason=reason),
        ) from error
    return Baseline(path, files, str(data.get("crosscheck", "")))


def _file_entry(entry: dict[str, object]) -> tuple[str, tuple[Known, ...]]:
    name = entry["file"]
    if not isinstance(name, str):
        raise ValueError(f"file: {name!r}")
    return name, tuple(_known(item) for item in entry["findings"])  # type: ignore[union-attr]


def _known(item: dict[str, object]) -> Known:
    fingerprint = item["fingerprint"]
    count = item.get("count", 1)
    if (
        not isinstance(fingerprint, str)
        or len(fingerprint) != FINGERPRINT_HEX_DIGITS
        or not set(fingerprint) <= _HEX
    ):
        raise ValueError(f"fingerprint: {fingerprint!r}")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise ValueError(f"count: {count!r}")
    quotes = item.get("quotes", [])
    return Known(
        fingerprint,
        str(item.get("rule", "")),
        str(item.get("severity", "")),
        str(item.get("message", "")),
        tuple(str(q) for q in quotes) if isinstance(quotes, list) else (),
        count,
    )
