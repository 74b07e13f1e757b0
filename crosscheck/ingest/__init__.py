"""Files -> :class:`Document`: pick a reader by suffix, turn bad input into :class:`InputError`.

Adding a format is one line in ``READERS``. Readers for docx, xlsx, pdf and
html are still to come; until then those suffixes raise a clear error rather
than being read as (binary) text. An unknown suffix is tried as plain text.
"""

from __future__ import annotations

import os
from functools import partial
from typing import Protocol

from crosscheck.errors import InputError
from crosscheck.ingest.files import stat_regular_file
from crosscheck.ingest.text import MAX_TEXT_BYTES, UTF8_BOM, check_text, read_text_file
from crosscheck.types import Document

__all__ = ["MAX_TEXT_BYTES", "READERS", "document_from_text", "load"]


class Reader(Protocol):
    def __call__(self, path: str | os.PathLike[str], *, max_bytes: int) -> Document: ...


def _not_supported_yet(fmt: str) -> Reader:
    def reader(path: str | os.PathLike[str], *, max_bytes: int) -> Document:
        raise InputError(
            f"不支持旧版 {fmt} 格式（请另存为 .docx / .xlsx 后再试）",
            f"the legacy {fmt} format is not supported (save it as .docx / .xlsx first)",
        )

    return reader


def _lazy(module: str, function: str) -> Reader:
    """A reader imported on first use: heavy libraries (pdfplumber, openpyxl…) load only when needed."""

    def reader(path: str | os.PathLike[str], *, max_bytes: int) -> Document:
        from importlib import import_module

        return getattr(import_module(module), function)(path, max_bytes=max_bytes)

    return reader


# Suffix (lower case) -> reader.
READERS: dict[str, Reader] = {
    ".txt": partial(read_text_file, source_kind="txt"),
    ".text": partial(read_text_file, source_kind="txt"),
    ".md": partial(read_text_file, source_kind="md"),
    ".markdown": partial(read_text_file, source_kind="md"),
    ".docx": _lazy("crosscheck.ingest.docx", "read_docx"),
    ".xlsx": _lazy("crosscheck.ingest.xlsx", "read_xlsx"),
    ".xlsm": _lazy("crosscheck.ingest.xlsx", "read_xlsx"),
    ".pdf": _lazy("crosscheck.ingest.pdf", "read_pdf"),
    ".html": _lazy("crosscheck.ingest.html", "read_html"),
    ".htm": _lazy("crosscheck.ingest.html", "read_html"),
    # Legacy binary Office formats need a converter first: say so instead of failing obscurely.
    ".doc": _not_supported_yet("DOC"),
    ".xls": _not_supported_yet("XLS"),
}
# Anything else may still be text (.dat, no suffix…); the text reader rejects binary.
DEFAULT_READER: Reader = READERS[".txt"]


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_TEXT_BYTES) -> Document:
    """Read the report at ``path``; ``Document.path`` is ``str(path)`` as given.

    Raises :class:`InputError` (one-line zh and en messages) for a missing
    path, a directory, no read permission, a file over ``max_bytes``, an empty
    or binary file, an undecodable one, or a format without a reader yet.
    """
    # Checked before dispatch so that a missing .pdf says "missing", not "unsupported".
    stat_regular_file(path)
    suffix = os.path.splitext(os.fspath(path))[1].lower()
    reader = READERS.get(suffix, DEFAULT_READER)
    return reader(path, max_bytes=max_bytes)


def document_from_text(text: str, path: str = "<string>") -> Document:
    """A :class:`Document` over text already in memory (``source_kind="string"``).

    A leading BOM character is dropped, as :func:`load` drops it from a file,
    so that text read with ``encoding="utf-8"`` gets the same offsets.
    """
    text = text.removeprefix(UTF8_BOM.decode("utf-8"))
    check_text(text, noun=("文本", "text"))
    return Document(path=path, text=text, source_kind="string", encoding=None)
