"""Errors that end the work with a one-line message.

The CLI prints ``message(lang)`` and exits 2; ``batch`` records an input's
error and goes on with the other documents. A message never carries a traceback.
"""

from __future__ import annotations

import errno
import os

from crosscheck.config import install_hint


class CrosscheckError(Exception):
    """Base class: a problem the user can act on, with a zh and an en message."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh = zh
        self.en = en

    def message(self, lang: str = "zh") -> str:
        return self.zh if lang == "zh" else self.en


class InputError(CrosscheckError):
    """The input file cannot be read as a report (empty, binary, undecodable, too big…)."""


class MissingFileError(InputError, FileNotFoundError):
    """No file at the path given; also a ``FileNotFoundError`` for scripts that catch that."""

    def __init__(self, zh: str, en: str, path: str | os.PathLike[str] | None = None) -> None:
        super().__init__(zh, en)
        self.errno = errno.ENOENT
        self.strerror = en
        self.filename = os.fspath(path) if path is not None else None

    def __str__(self) -> str:  # the message, not OSError's "[Errno 2] …: 'path'"
        return self.en


class UsageError(CrosscheckError):
    """The command or call itself is wrong (an unknown rule code, say): nothing was checked."""


class ConfigError(UsageError):
    """A project file (crosscheck.toml) or a baseline that cannot be used as it is."""


class OutputError(CrosscheckError):
    """An output could not be written (a folder in its place, no permission, a full disk…)."""


class MissingExtraError(CrosscheckError):
    """An optional reader's library is not installed."""

    def __init__(self, fmt: str, extra: str, module: str) -> None:
        super().__init__(
            f"读取 {fmt} 文件需要安装可选依赖：{install_hint(extra)}（缺少 {module}）",
            f"reading {fmt} files needs an optional dependency: "
            f"{install_hint(extra)} (missing {module})",
        )
