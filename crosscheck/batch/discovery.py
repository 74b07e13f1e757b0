"""Discovery: every document under the inputs (folders, files, globs), sorted, deduplicated."""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
from collections.abc import Sequence

from crosscheck.batch.model import (
    SKIP_FORMAT,
    SKIP_LINK_OUTSIDE,
    SKIP_NOT_REGULAR,
    Inputs,
    Task,
)
from crosscheck.config import CONFIG_FILE_NAME


def supported_suffixes() -> frozenset[str]:
    """The suffixes with a reader (``ingest.READERS``)."""
    from crosscheck.ingest import READERS

    return frozenset(READERS)


def _glob_root(pattern: str) -> str:
    """The directory part of a glob before its first wildcard: ``corpus/**/*.txt`` -> ``corpus``."""
    parts = []
    for part in pattern.replace(os.sep, "/").split("/"):
        if glob.has_magic(part):
            break
        parts.append(part)
    root = "/".join(parts) if parts else "."
    return root or "/"


def discover(inputs: Sequence[str], *, exclude: str | None = None) -> Inputs:
    """Every document under the inputs, sorted, and the other files found, skipped.

    An input is a directory (walked recursively), a file, or a glob (``**``
    recurses). Paths in reports are relative to the common root of the inputs
    and of the files found, so that no relative path climbs out (``..``) of
    the output directory it is written under; ``exclude`` (the output
    directory) is never walked into. A file named as an input is always a
    document; one found in a folder or by a glob is a document when it is a
    regular file whose suffix ``ingest.is_document_format`` accepts (a suffix
    with a reader, or a format such as .rtf or .wps that is then refused as
    its check would refuse it), and is skipped otherwise with its reason; a project file
    (crosscheck.toml) found there is neither.

    Links: a walk or ``**`` never descends into a linked directory (two
    ``a -> .`` links would otherwise never end), a link that leads out of the
    given roots is skipped, and a file reached twice (by a link, by two
    overlapping inputs) is checked once, under its path without a link.
    """
    excluded = os.path.realpath(exclude) if exclude else None
    named: list[str] = []
    found: list[str] = []
    roots: list[str] = []
    for given in inputs:
        if os.path.isdir(given):
            roots.append(given)
            found.extend(_walk(given, excluded))
        elif glob.has_magic(given):
            roots.append(_glob_root(given))
            found.extend(
                p
                for p in _glob(given, excluded)
                if not os.path.isdir(p) and not _inside(p, excluded)
            )
        else:  # a file (or a missing path: its outcome says so), refused there if need be
            roots.append(os.path.dirname(given) or ".")
            named.append(given)
    real_roots = [os.path.realpath(r) for r in roots]
    everything = [*named, *found]
    base = (
        os.path.commonpath([_absolute(r) for r in roots] + [_parent(p) for p in everything])
        if everything or roots
        else os.getcwd()
    )

    def task(path: str, skip: str = "") -> Task:
        rel = os.path.relpath(_absolute(path), base).replace(os.sep, "/")
        return Task(path=path, rel=rel, skip=skip)

    documents = [task(path) for path in named]
    skipped: list[Task] = []
    for path in found:
        if os.path.basename(path) == CONFIG_FILE_NAME:
            continue  # a project's settings (read as such), neither a document nor a stray file
        reason = _skip_reason(path, real_roots)
        (skipped if reason else documents).append(task(path, reason))
    return Inputs(_once(documents), _once(skipped), tuple(roots))


def _skip_reason(path: str, real_roots: Sequence[str]) -> str:
    """ "" for a document, else why it is skipped (checked in this order: where, what, format)."""
    from crosscheck.ingest import is_document_format

    real = os.path.realpath(path)
    if real != _absolute(path) and not any(_under(real, root) for root in real_roots):
        return SKIP_LINK_OUTSIDE
    try:
        # stat follows the link: what matters is what would be read. Only a regular file
        # is read: a FIFO or a device named *.txt blocks the reader (or never ends).
        if not stat.S_ISREG(os.stat(path).st_mode):
            return SKIP_NOT_REGULAR
    except OSError:  # a dangling link, a file gone since the listing
        return SKIP_NOT_REGULAR
    return "" if is_document_format(path) else SKIP_FORMAT


def _once(tasks: Sequence[Task]) -> tuple[Task, ...]:
    """One task per real file (a link or two overlapping inputs reach one file twice):
    the path without a link is kept, else the shortest; sorted by relative path."""
    by_real: dict[str, Task] = {}
    for candidate in sorted(tasks, key=_preference):
        by_real.setdefault(os.path.realpath(candidate.path), candidate)
    by_rel: dict[str, Task] = {}
    for kept in by_real.values():
        by_rel.setdefault(kept.rel, kept)
    return tuple(sorted(by_rel.values(), key=lambda t: t.rel))


def _preference(task: Task) -> tuple[bool, int, str]:
    through_link = os.path.realpath(task.path) != _absolute(task.path)
    return (through_link, len(task.rel), task.rel)


def _walk(root: str, excluded: str | None) -> list[str]:
    """Every non-directory under ``root``, linked directories not entered (os.walk's default)."""
    paths = []
    for directory, subdirs, files in os.walk(root, followlinks=False):
        subdirs[:] = sorted(
            d
            for d in subdirs
            if excluded is None or os.path.realpath(os.path.join(directory, d)) != excluded
        )
        paths.extend(os.path.join(directory, name) for name in files)
    return paths


def _glob(pattern: str, excluded: str | None) -> list[str]:
    """``glob.glob(pattern, recursive=True)`` except that ``**`` never enters a linked directory.

    The standard glob follows links in ``**``, so that one ``a -> .`` link repeats
    every file forty times and two never end. A literal part (``..`` included) and a
    one-level wildcard part still pass through links: the roots check of
    :func:`_skip_reason` then decides. Hidden names match only a pattern that starts
    with a dot, as in ``glob``.
    """
    parts = pattern.replace(os.sep, "/").split("/")
    current = ["/"] if parts[0] == "" else [""]
    if parts[0] == "":
        parts = parts[1:]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        following: list[str] = []
        for directory in current:
            if part == "**":
                following.extend(_below(directory, excluded, files=last))
            elif glob.has_magic(part):
                following.extend(_matching(directory, part, directories_only=not last))
            elif part:
                path = os.path.join(directory, part)
                if os.path.isdir(path) if not last else os.path.lexists(path):
                    following.append(path)
            else:  # "a//b" or a trailing slash
                following.append(directory)
        current = following
    return [p for p in current if p]


def _matching(directory: str, part: str, *, directories_only: bool) -> list[str]:
    try:
        entries = list(os.scandir(directory or "."))
    except OSError:
        return []
    return [
        os.path.join(directory, entry.name)
        for entry in entries
        if fnmatch.fnmatch(entry.name, part)
        and (part.startswith(".") or not entry.name.startswith("."))
        and (not directories_only or _is_dir(entry, follow=True))
    ]


def _below(directory: str, excluded: str | None, *, files: bool) -> list[str]:
    """What ``**`` matches in ``directory``: itself and every directory under it, or (as the
    last part) every file under it; hidden names and linked directories are not entered."""
    found = [] if files else [directory]
    pending = [directory]
    while pending:
        current = pending.pop()
        try:
            entries = sorted(os.scandir(current or "."), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = os.path.join(current, entry.name)
            if _is_dir(entry, follow=False):
                if excluded is None or os.path.realpath(path) != excluded:
                    pending.append(path)
                    if not files:
                        found.append(path)
            elif files:
                found.append(path)
    return found


def _is_dir(entry: os.DirEntry[str], *, follow: bool) -> bool:
    try:
        return entry.is_dir(follow_symlinks=follow)
    except OSError:
        return False


def _absolute(path: str) -> str:
    """The absolute path, ``..`` resolved by name (not through the file system)."""
    return os.path.normpath(os.path.abspath(path))


def _parent(path: str) -> str:
    return os.path.dirname(_absolute(path))


def _under(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def _inside(path: str, directory: str | None) -> bool:
    return directory is not None and _under(os.path.realpath(path), directory)
