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
from collections.abc import Iterable, Iterator, Sequence
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

    def summary(self, baseline: str | os.PathLike[str]) -> dict[str, object]:
        """The report's ``baseline`` field (crosscheck/report@1, ``check --format json``)."""
        return {
            "file": str(baseline),
            "known": len(self.known),
            "fixed": self.fixed_count,
            "fixed_fingerprints": [k.fingerprint for k in self.fixed],
        }


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


def finding_entries(findings: Sequence[Finding], lang: str = "zh") -> list[dict[str, object]]:
    """What a baseline records for one report's findings: one entry per fingerprint, in
    document order (a reviewer's diff follows the report), with a ``count`` when several."""
    counts = Counter(f.fingerprint for f in findings)
    entries, written = [], set()
    for f in findings:
        if f.fingerprint in written:
            continue
        written.add(f.fingerprint)
        entry: dict[str, object] = {
            "fingerprint": f.fingerprint,
            "rule": f.rule,
            "severity": f.severity,
            "message": f.message if lang == "zh" else f.message_en,
            "quotes": [e.text for e in f.evidence],
        }
        if counts[f.fingerprint] > 1:
            entry["count"] = counts[f.fingerprint]
        entries.append(entry)
    return entries


def baseline_record(
    reports: Iterable[tuple[str, Sequence[Finding]]],
    path: str | os.PathLike[str],
    version: str,
    lang: str = "zh",
) -> dict[str, object]:
    """The JSON a baseline file holds for ``reports`` (each a path as given and its findings)."""
    files = [
        {"file": file_key(report, path), "findings": finding_entries(findings, lang)}
        for report, findings in reports
    ]
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
    return "".join(baseline_chunks(record["files"], version))  # type: ignore[arg-type]


def baseline_chunks(files: Iterable[dict[str, object]], version: str) -> Iterator[str]:
    """The baseline file's text piece by piece, ``files`` (``{"file", "findings"}``, sorted by
    file) consumed one at a time: a batch writes the baseline of thousands of reports without
    holding it. The text is exactly ``json.dumps(record, ensure_ascii=False, indent=2)``
    and a newline, so one format serves one report and many."""
    head = {"schema": SCHEMA, "crosscheck": version, "fingerprints": FINGERPRINT_SCHEME}
    opening = json.dumps(head, ensure_ascii=False, indent=2)
    yield opening[: -len("\n}")] + ',\n  "files": ['
    written = 0
    for entry in files:
        text = json.dumps(entry, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        yield ("," if written else "") + "\n    " + text
        written += 1
    yield ("\n  ]" if written else "]") + "\n}\n"


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


class BaselineFiles:
    """Every baseline a run uses, each read once (a batch of thousands of reports shares a
    few); :class:`ConfigError` for one that cannot be used, for every report that uses it.

    ``writing`` is the baseline this run writes: it may not exist yet (a project file names
    its baseline before the first is written) and then knows nothing.
    """

    def __init__(self, writing: str | os.PathLike[str] | None = None) -> None:
        self.writing = Path(writing) if writing is not None else None
        self._read: dict[Path, Baseline | ConfigError] = {}
        self._names: dict[Path, dict[str, tuple[Known, ...]]] = {}

    def get(self, path: str | os.PathLike[str]) -> Baseline:
        path = Path(path)
        if path not in self._read:
            try:
                self._read[path] = self._load(path)
            except ConfigError as error:
                self._read[path] = error
        read = self._read[path]
        if isinstance(read, ConfigError):
            raise read.with_traceback(None)  # the same error for each report that uses it
        return read

    def known_for(
        self, path: str | os.PathLike[str], report: str | os.PathLike[str]
    ) -> tuple[Known, ...]:
        """:meth:`Baseline.known_for` by a lookup (not a scan of every report's entries)."""
        baseline = self.get(path)
        names = self._names.get(baseline.path)
        if names is None:
            names = self._names[baseline.path] = {}
            for name, known in baseline.files:
                names.setdefault(name, known)  # the first, as Baseline.known_for
        return names.get(file_key(report, baseline.path), ())

    def _load(self, path: Path) -> Baseline:
        if self.writing is not None and not path.exists() and same_path(path, self.writing):
            return Baseline(path, ())
        return read_baseline(path)


def same_path(a: str | os.PathLike[str], b: str | os.PathLike[str]) -> bool:
    return os.path.abspath(a) == os.path.abspath(b)


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
