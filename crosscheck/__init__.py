"""crosscheck: find contradictions in Chinese government budget-performance reports.

The public API (everything else is internal and may change)::

    import crosscheck
    doc = crosscheck.load("corpus/000_0b8a2aad63db18d1.txt")
    mentions = crosscheck.extract(doc)            # or extract(text="…"), extract(path="a.txt")
    frame = crosscheck.quantities_frame(["a.txt", "b.txt"])   # pandas DataFrame
    report = crosscheck.check("a.txt")            # or check(path=…) / check(text=…)
    f = crosscheck.frames(["a.txt", "b.txt"], jobs=2)  # .quantities, .cells, .findings, .errors
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from crosscheck.api import Frames, Report, check, frames
from crosscheck.errors import CrosscheckError, InputError, MissingFileError, UsageError
from crosscheck.ingest import load
from crosscheck.segment import segment
from crosscheck.types import Document, Mention, Quantity, Segmented, Span

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "CrosscheckError",
    "Document",
    "Frames",
    "InputError",
    "Mention",
    "MissingFileError",
    "Quantity",
    "Report",
    "Segmented",
    "Span",
    "UsageError",
    "check",
    "extract",
    "frames",
    "load",
    "quantities_frame",
    "segment",
]


def extract(
    source: Document | str | os.PathLike[str] | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
    text: str | None = None,
) -> tuple[Mention, ...]:
    """Every quantity in a report: a Document, a path, or the report text itself.

    ``extract(path=…)`` / ``extract(text=…)`` say which; a positional string is read
    as :func:`check` reads it (a path-like string naming no file raises
    :class:`MissingFileError`).
    """
    from crosscheck.pipeline import as_document, mentions

    return mentions(as_document(source, path=path, text=text))


def quantities_frame(
    sources: Iterable[Document | str | os.PathLike[str]],
) -> pd.DataFrame:
    """One row per quantity over many reports, with the columns of ``crosscheck extract --format csv``.

    Values stay exact: ``value``/``low``/``high`` are decimal strings; use
    ``pd.to_numeric`` when floats are good enough for the analysis.
    """
    import pandas as pd

    from crosscheck.pipeline import as_document, mentions
    from crosscheck.report.quantities import COLUMNS, records

    rows: list[dict[str, object]] = []
    for source in sources:
        document = as_document(source)
        rows.extend({"file": document.path, **r} for r in records(document, mentions(document)))
    return pd.DataFrame(rows, columns=["file", *COLUMNS])
