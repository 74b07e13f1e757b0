"""A project's settings: ``crosscheck.toml``, found next to the report or named by ``--config``.

::

    # crosscheck.toml
    select = ["CC1", "CC2"]          # rule codes or families, as --select
    ignore = ["CC302"]               # as --ignore
    baseline = "crosscheck-baseline.json"   # relative to this file's folder, as --baseline
    fail_on = "warning"              # error (default) | warning | never, as --fail-on

    [severity]                       # a rule's (or a family's) findings get this severity
    CC301 = "error"
    CC4 = "info"

    [tolerances]                     # the readings of 约/近 (crosscheck/config.py)
    approx_around = 0.05             # 约 v: v ± 5 %
    approx_below = 0.10              # 近 v: from 10 % below v up to v

``check`` looks for the file from the report's folder upwards, like ruff and git do: the
first folder holding one wins, and the search stops at a repository root (a folder
holding ``.git``) or at the file-system root, so a report outside any project reads
none. Settings given on the command line win over the file's, key by key. An unknown
key, rule code or value is a usage error naming it: a mistyped setting must never be
silently ignored (``ignore = ["CC3O1"]`` would leave the rule on, ``selct`` every rule).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path

from crosscheck import config
from crosscheck.errors import ConfigError, UsageError
from crosscheck.messages import say
from crosscheck.types import Finding

SEVERITIES = ("error", "warning", "info")
# Every key a crosscheck.toml may hold, top level and in [tolerances]; anything else is refused.
TOP_LEVEL_KEYS = ("select", "ignore", "severity", "tolerances", "baseline", "fail_on")
TOLERANCE_KEYS = tuple(f.name for f in config.Tolerances.__dataclass_fields__.values())
# A repository root ends the upward search (the folder holding it is still searched).
REPOSITORY_MARKERS = (".git", ".hg", ".svn")


@dataclass(frozen=True, slots=True)
class ProjectConfig:
    """What one crosscheck.toml says; ``None`` (or empty) where it says nothing."""

    path: Path | None = None  # the file it was read from
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: tuple[tuple[str, str], ...] = ()  # (code or family, severity)
    tolerances: config.Tolerances | None = None
    baseline: Path | None = None  # resolved against the file's folder
    fail_on: str | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """What one report is checked with: its project file's settings, the command line's
    (or the API call's) over them, key by key."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: tuple[tuple[str, str], ...] = ()
    tolerances: config.Tolerances | None = None
    baseline: Path | None = None
    fail_on: str = config.DEFAULT_FAIL_ON
    config: Path | None = None  # the crosscheck.toml they came from, if any


def settings_from(
    project: ProjectConfig | None,
    *,
    select: tuple[str, ...] | None = None,
    ignore: tuple[str, ...] | None = None,
    baseline: str | os.PathLike[str] | None = None,
    use_baseline: bool = True,
    fail_on: str | None = None,
) -> Settings:
    """``project``'s settings with every one given here (not ``None``) put over it."""
    project = project or ProjectConfig()
    chosen_baseline = Path(baseline) if baseline is not None else project.baseline
    return Settings(
        select=select if select is not None else project.select,
        ignore=ignore if ignore is not None else project.ignore,
        severity=project.severity,
        tolerances=project.tolerances,
        baseline=chosen_baseline if use_baseline else None,
        fail_on=fail_on or project.fail_on or config.DEFAULT_FAIL_ON,
        config=project.path,
    )


def find_config(report: str | os.PathLike[str]) -> Path | None:
    """The crosscheck.toml that governs ``report``: in its folder or the nearest parent,
    not above a repository root; ``None`` when there is none."""
    folder = Path(os.path.abspath(report)).parent
    for candidate in (folder, *folder.parents):
        path = candidate / config.CONFIG_FILE_NAME
        if path.is_file():
            return path
        if any((candidate / marker).exists() for marker in REPOSITORY_MARKERS):
            return None
    return None


class ProjectFiles:
    """Each report's crosscheck.toml as ``check`` chooses it, each file read once.

    ``config`` names one file for every report (read now: a bad one raises here, before any
    report is read); ``read=False`` reads none. Otherwise each report gets the file
    :func:`find_config` finds for it. A file that cannot be used raises
    :class:`ConfigError` for every report it governs (``check`` stops there; a batch
    fails those reports only). Lookups are cached by folder, so a run over thousands of
    reports in a few folders walks each folder's parents once.
    """

    def __init__(self, config: str | os.PathLike[str] | None = None, *, read: bool = True):
        self.read = read
        self.fixed = load_config(config) if read and config is not None else None
        self._found: dict[str, Path | None] = {}  # a report's folder -> its file
        self._loaded: dict[Path, ProjectConfig | ConfigError] = {}

    def of(self, report: str | os.PathLike[str]) -> ProjectConfig | None:
        """The project file governing ``report`` (``None``: none); :class:`ConfigError` for
        a file that cannot be read or says something wrong."""
        if not self.read:
            return None
        if self.fixed is not None:
            return self.fixed
        folder = os.path.dirname(os.path.abspath(report))
        if folder not in self._found:
            self._found[folder] = find_config(report)
        path = self._found[folder]
        if path is None:
            return None
        if path not in self._loaded:
            try:
                self._loaded[path] = load_config(path)
            except ConfigError as error:
                self._loaded[path] = error
        loaded = self._loaded[path]
        if isinstance(loaded, ConfigError):
            raise loaded.with_traceback(None)  # the same error for each report it governs
        return loaded


def load_config(path: str | os.PathLike[str]) -> ProjectConfig:
    """Read and check a crosscheck.toml; :class:`ConfigError` (one line) for anything wrong."""
    path = Path(path)
    try:
        with path.open("rb") as stream:
            data = tomllib.load(stream)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ConfigError(
            say("config_unreadable", "zh", path=path, reason=reason),
            say("config_unreadable", "en", path=path, reason=reason),
        ) from error
    _refuse_unknown(path, "", data, TOP_LEVEL_KEYS)
    fail_on = data.get("fail_on")
    if fail_on is not None and fail_on not in config.FAIL_ON_CHOICES:
        raise _bad_value(path, "fail_on", fail_on, "fail_on")
    baseline = data.get("baseline")
    if baseline is not None and (not isinstance(baseline, str) or not baseline.strip()):
        raise _bad_value(path, "baseline", baseline, "path")
    return ProjectConfig(
        path=path,
        select=_selectors(path, "select", data.get("select")),
        ignore=_selectors(path, "ignore", data.get("ignore")),
        severity=_severities(path, data.get("severity", {})),
        tolerances=_tolerances(path, data.get("tolerances")),
        baseline=(path.parent / baseline) if baseline else None,
        fail_on=fail_on,
    )


def with_severities(
    findings: Iterable[Finding], overrides: Mapping[str, str] | None
) -> tuple[Finding, ...]:
    """Each finding with the severity its most specific override gives (CC301 before CC3)."""
    if not overrides:
        return tuple(findings)
    by_length = sorted(overrides.items(), key=lambda item: -len(item[0]))

    def chosen(finding: Finding) -> Finding:
        for selector, severity in by_length:
            if finding.rule.startswith(selector):
                if severity == finding.severity:
                    return finding
                return replace(finding, severity=severity)  # type: ignore[arg-type]
        return finding

    return tuple(chosen(f) for f in findings)


def failing_severities(fail_on: str) -> tuple[str, ...]:
    """The severities a finding must have to make the run exit 1 under ``--fail-on``."""
    return {"never": (), "error": ("error",)}.get(fail_on, ("error", "warning"))


def fails(findings: Iterable[Finding], fail_on: str) -> bool:
    """Whether these findings make ``check`` exit 1 under ``--fail-on``."""
    failing = failing_severities(fail_on)
    return any(f.severity in failing for f in findings)


def _refuse_unknown(path: Path, table: str, data: Mapping[str, object], known: tuple[str, ...]):
    unknown = [key for key in data if key not in known]
    if unknown:
        keys = ", ".join(f"{table}{key}" for key in unknown)
        names = ", ".join(known)
        raise ConfigError(
            say("config_unknown_keys", "zh", path=path, keys=keys, known=names),
            say("config_unknown_keys", "en", path=path, keys=keys, known=names),
        )


def _bad_value(path: Path, key: str, value: object, expected: str) -> ConfigError:
    zh, en = (say(f"config_expects_{expected}", lang) for lang in ("zh", "en"))
    return ConfigError(
        say("config_bad_value", "zh", path=path, setting=key, value=value, expected=zh),
        say("config_bad_value", "en", path=path, setting=key, value=value, expected=en),
    )


def _selectors(path: Path, key: str, value: object) -> tuple[str, ...] | None:
    """A rule list (``["CC1", "CC201"]`` or ``"CC1,CC201"``), every code checked."""
    from crosscheck.rules.base import rule_selectors

    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _bad_value(path, key, value, "codes")
    try:
        return rule_selectors(value) or None  # an empty list restricts nothing
    except UsageError as error:
        raise _in_file(path, key, error) from error


def _severities(path: Path, table: object) -> tuple[tuple[str, str], ...]:
    from crosscheck.rules.base import rule_selectors

    if not isinstance(table, dict):
        raise _bad_value(path, "severity", table, "table")
    try:
        codes = rule_selectors(list(table))  # an unknown code names itself
    except UsageError as error:
        raise _in_file(path, "severity", error) from error
    pairs = []
    for code, (key, severity) in zip(codes, table.items(), strict=True):
        if severity not in SEVERITIES:
            raise _bad_value(path, f"severity.{key}", severity, "severity")
        pairs.append((code, severity))
    return tuple(pairs)


def _tolerances(path: Path, table: object) -> config.Tolerances | None:
    if table is None:
        return None
    if not isinstance(table, dict):
        raise _bad_value(path, "tolerances", table, "table")
    _refuse_unknown(path, "tolerances.", table, TOLERANCE_KEYS)
    chosen = {}
    for key, value in table.items():
        try:
            # Through str: a TOML float 0.1 is the decimal 0.1, not its binary neighbour.
            number = Decimal(str(value)) if not isinstance(value, bool) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or not 0 <= number < 1:
            raise _bad_value(path, f"tolerances.{key}", value, "fraction")
        chosen[key] = number
    return config.Tolerances(**chosen)


def _in_file(path: Path, key: str, error: UsageError) -> ConfigError:
    return ConfigError(
        say("config_key_error", "zh", path=path, setting=key, message=error.message("zh")),
        say("config_key_error", "en", path=path, setting=key, message=error.message("en")),
    )
