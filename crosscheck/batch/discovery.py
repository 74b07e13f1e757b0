"""Discovery: every document under the inputs (folders, files, globs), sorted, deduplicated."""

from __future__ import annotations

import glob
import os
from collections.abc import Sequence

from crosscheck.batch.model import Inputs, Task


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
    recurses). Paths in reports are relative to the common root of the inputs;
    ``exclude`` (the output directory) is never walked into. A file named as an
    input is always a document; one found in a folder or by a glob is a
    document when ``ingest.is_document_format`` says so (a suffix with a reader,
    or a format such as .rtf or .wps that is then refused as its check would
    refuse it) and is skipped otherwise (pictures, archives…).
    """
    from crosscheck.ingest import is_document_format

    excluded = os.path.realpath(exclude) if exclude else None
    found: list[str] = []
    skipped: list[str] = []
    roots: list[str] = []

    def take(path: str) -> None:
        (found if is_document_format(path) else skipped).append(path)

    for given in inputs:
        if os.path.isdir(given):
            roots.append(given)
            for directory, subdirs, files in os.walk(given):
                subdirs[:] = sorted(
                    d
                    for d in subdirs
                    if excluded is None or os.path.realpath(os.path.join(directory, d)) != excluded
                )
                for name in files:
                    take(os.path.join(directory, name))
        elif glob.has_magic(given):
            root = _glob_root(given)
            roots.append(root)
            for path in glob.iglob(given, recursive=True):
                if os.path.isfile(path) and not _inside(path, excluded):
                    take(path)
        else:  # a file (or a missing path: its outcome says so), refused there if need be
            root = os.path.dirname(given) or "."
            roots.append(root)
            found.append(given)
    base = os.path.commonpath([os.path.abspath(r) for r in roots]) if roots else os.getcwd()

    def tasks_of(paths: list[str]) -> tuple[Task, ...]:
        tasks: dict[str, Task] = {}  # by relative path: one file reached twice is one task
        for path in paths:
            rel = os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
            tasks.setdefault(rel, Task(path=path, rel=rel))
        return tuple(sorted(tasks.values(), key=lambda t: t.rel))

    return Inputs(tasks_of(found), tasks_of(skipped), tuple(roots))


def _inside(path: str, directory: str | None) -> bool:
    if directory is None:
        return False
    real = os.path.realpath(path)
    return real == directory or real.startswith(directory + os.sep)
