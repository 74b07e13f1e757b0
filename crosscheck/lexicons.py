"""The only module that reads ``lexicons/``.

Each lexicon is a UTF-8 TSV file: lines starting with ``#`` are comments (the
file's purpose, source and columns), the first non-comment line is the header,
blank lines are ignored. Files are read once and cached.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


def lexicon_dir() -> Path:
    """``lexicons/`` beside the package in a source checkout, else the copy in the wheel."""
    source_tree = _PACKAGE_DIR.parent / "lexicons"
    if source_tree.is_dir():
        return source_tree
    return _PACKAGE_DIR / "_lexicons"


@cache
def rows(name: str) -> tuple[dict[str, str], ...]:
    """All rows of ``lexicons/<name>.tsv`` as dicts keyed by the header columns."""
    path = lexicon_dir() / f"{name}.tsv"
    header: list[str] | None = None
    out: list[dict[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            fields = line.split("\t")
            if header is None:
                header = [f.strip() for f in fields]
                continue
            fields += [""] * (len(header) - len(fields))
            out.append({k: v.strip() for k, v in zip(header, fields, strict=False)})
    return tuple(out)


@cache
def words(name: str, column: str = "word") -> tuple[str, ...]:
    """One column of a lexicon, longest first (the order regex alternations want)."""
    values = {row[column] for row in rows(name) if row.get(column)}
    return tuple(sorted(values, key=lambda w: (-len(w), w)))


@cache
def mapping(name: str, key: str, value: str) -> dict[str, str]:
    """A two-column view of a lexicon: ``{row[key]: row[value]}``."""
    return {row[key]: row[value] for row in rows(name) if row.get(key)}
