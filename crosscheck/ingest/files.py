"""File-system checks shared by every reader: exists, is a file, readable, not too big.

Each problem becomes an :class:`InputError` with a one-line zh and en
message; any other ``OSError`` (a disk error, say) propagates unchanged.
"""

from __future__ import annotations

import os
import stat

from crosscheck.errors import InputError, MissingFileError

_SIZE_UNITS = ("B", "KB", "MB", "GB", "TB")
_SIZE_STEP = 1024


def stat_regular_file(path: str | os.PathLike[str]) -> os.stat_result:
    """``os.stat(path)``, or :class:`InputError` unless ``path`` is a readable regular file."""
    shown = display_path(path)
    try:
        info = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        # NotADirectoryError: "report.txt/x", a parent is a file.
        raise MissingFileError(f"文件不存在：{shown}", f"no such file: {shown}", path) from None
    except PermissionError:
        raise _permission_error(shown) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"不是文件，而是目录：{shown}", f"is a directory, not a file: {shown}")
    if not stat.S_ISREG(info.st_mode):
        # FIFOs and devices may block or never end; reports are regular files.
        raise InputError(f"不是普通文件：{shown}", f"not a regular file: {shown}")
    return info


def read_bytes(path: str | os.PathLike[str], *, max_bytes: int) -> bytes:
    """The whole file, after checking with ``stat`` that it is at most ``max_bytes`` long."""
    if max_bytes < 0:
        raise ValueError(f"max_bytes must be >= 0, not {max_bytes}")
    info = stat_regular_file(path)
    if info.st_size > max_bytes:
        raise _too_big_error(info.st_size, max_bytes)
    try:
        with open(path, "rb") as handle:
            # One byte more than expected: the file may have grown since stat. Reading
            # min(size, limit) + 1 keeps a small file from reserving a max_bytes buffer.
            data = handle.read(min(info.st_size, max_bytes) + 1)
            if len(data) > info.st_size and len(data) <= max_bytes:
                data += handle.read(max_bytes + 1 - len(data))
    except PermissionError:
        raise _permission_error(display_path(path)) from None
    if len(data) > max_bytes:
        raise _too_big_error(len(data), max_bytes)
    return data


def format_size(n_bytes: int) -> str:
    """``64 MB``, ``1.5 KB``, ``12 B``: binary units, at most one decimal."""
    value = float(n_bytes)
    for unit in _SIZE_UNITS:
        if value < _SIZE_STEP or unit == _SIZE_UNITS[-1]:
            break
        value /= _SIZE_STEP
    shown = f"{value:.1f}".removesuffix(".0")
    return f"{shown} {unit}"


def display_path(path: str | os.PathLike[str]) -> str:
    """The path for a one-line message: control characters (newlines…) escaped."""
    text = os.fspath(path)
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def _permission_error(shown: str) -> InputError:
    return InputError(f"没有读取权限：{shown}", f"permission denied: {shown}")


def _too_big_error(size: int, limit: int) -> InputError:
    return InputError(
        f"文件过大（{format_size(size)}，上限 {format_size(limit)}）",
        f"the file is too big ({format_size(size)}, limit {format_size(limit)})",
    )
