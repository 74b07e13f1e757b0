"""Files -> :class:`Document`: pick a reader by suffix, turn bad input into :class:`InputError`.

This is the one place that decides which files are read: a suffix in
``READERS`` has a reader (adding a format is one line there); any other
suffix, or none, is refused with one clear line, never read as plain text (an
RTF or WPS report read as text would give no findings and look clean).
Formats that reports are commonly saved in (lexicons/unreadable_formats.tsv:
.doc, .rtf, .wps, .et, .odt, .pages…) are refused with the suffix to save
them as.
"""

from __future__ import annotations

import os
import re
from functools import partial
from typing import Protocol

from crosscheck import config, lexicons
from crosscheck.errors import InputError, MissingFileError
from crosscheck.ingest.files import display_path, format_size, stat_regular_file
from crosscheck.ingest.text import (
    MAX_TEXT_BYTES,
    UTF8_BOM,
    check_text,
    lone_cr_to_lf,
    read_text_file,
)
from crosscheck.messages import say
from crosscheck.types import Document

__all__ = [
    "MAX_TEXT_BYTES",
    "PATH_MAX_CHARS",
    "READERS",
    "as_document",
    "check_text_size",
    "document_from_text",
    "is_document_format",
    "load",
    "looks_like_path",
    "refusal",
    "suffix_of",
]


class Reader(Protocol):
    def __call__(self, path: str | os.PathLike[str], *, max_bytes: int) -> Document: ...


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
}


def suffix_of(path: str | os.PathLike[str]) -> str:
    """The file's suffix in lower case, with its dot ("" for none)."""
    return os.path.splitext(os.fspath(path))[1].lower()


def is_document_format(path: str | os.PathLike[str]) -> bool:
    """A suffix with a reader, or one of a document format reports are saved in (.rtf, .wps…).

    ``batch`` takes both kinds as documents (the second fails with :func:`refusal`'s
    message, so that a run with such a report is never complete) and skips the rest.
    """
    suffix = suffix_of(path)
    return suffix in READERS or suffix in _unreadable_formats()


def refusal(path: str | os.PathLike[str]) -> InputError | None:
    """Why ``path`` is not read, by its suffix alone; None when a reader exists."""
    suffix = suffix_of(path)
    if suffix in READERS:
        return None
    known = _unreadable_formats().get(suffix)
    if known is not None:
        return InputError(
            say("unreadable_format", "zh", format=known["format_zh"], **known),
            say("unreadable_format", "en", format=known["format_en"], **known),
        )
    readable = " ".join(READERS)
    return InputError(
        say("unknown_suffix", "zh", suffix=suffix or "无后缀", readable=readable),
        say("unknown_suffix", "en", suffix=suffix or "no suffix", readable=readable),
    )


# A string given where either a path or report text may stand is a path when it is short and
# on one line, and either ends with a file suffix (typo.txt, 报告.DOCX: a letter after the dot,
# so that a text ending in 1234.56 stays text) or holds a path separator and no prose mark
# (。；， from lexicons/segment_punctuation.tsv: a sentence, not a path).
PATH_MAX_CHARS = 1024
_ENDS_WITH_SUFFIX = re.compile(r"\.[A-Za-z][A-Za-z0-9]{0,9}\Z")
_SEPARATORS = frozenset("/\\")
_PROSE = ("sentence_end", "clause")


def looks_like_path(source: str) -> bool:
    """Whether ``source`` (not an existing file) was meant as a path rather than report text."""
    if len(source) > PATH_MAX_CHARS or "\n" in source or "\r" in source:
        return False
    if _ENDS_WITH_SUFFIX.search(source):
        return True
    prose = {r["char"] for r in lexicons.rows("segment_punctuation") if r["role"] in _PROSE}
    return bool(_SEPARATORS & set(source)) and not prose & set(source)


def as_document(
    source: Document | str | os.PathLike[str] | None = None,
    *,
    path: str | os.PathLike[str] | None = None,
    text: str | None = None,
) -> Document:
    """A Document from exactly one of: ``source`` (a Document, a path, or report text),
    ``path=`` (always a file) or ``text=`` (always report text).

    A ``source`` string is read as a file when one exists there; one that looks
    like a path (``ingest.looks_like_path``: ``reports/typo.txt``) and does not
    exist raises :class:`~crosscheck.errors.MissingFileError` (never checked as
    report text, which would find nothing); any other string is report text.
    """
    if sum(x is not None for x in (source, path, text)) != 1:
        raise TypeError("give one of: a source, path=… or text=…")
    if path is not None:
        return load(path)
    if text is not None:
        return document_from_text(text)
    if isinstance(source, Document):
        check_text_size(source)  # built by the caller: the limit holds for it too
        return source
    if isinstance(source, os.PathLike):
        return load(source)
    if not isinstance(source, str):
        raise TypeError(f"a Document, a path or report text, not {type(source).__name__}")
    if len(source) <= PATH_MAX_CHARS and "\n" not in source and os.path.exists(source):
        return load(source)
    if looks_like_path(source):
        shown = display_path(source)
        raise MissingFileError(
            f"文件不存在：{shown}（若这是报告文本，请用 text= 传入）",
            f"no such file: {shown} (to check report text, pass it as text=)",
            source,
        )
    return document_from_text(source)


def _unreadable_formats() -> dict[str, dict[str, str]]:
    return {row["suffix"]: row for row in lexicons.rows("unreadable_formats")}


def load(path: str | os.PathLike[str], *, max_bytes: int = MAX_TEXT_BYTES) -> Document:
    """Read the report at ``path``; ``Document.path`` is ``str(path)`` as given.

    Raises :class:`InputError` (one-line zh and en messages) for a missing
    path, a directory, no read permission, a suffix without a reader, a file
    over ``max_bytes``, an empty or binary file, or an undecodable one.
    """
    # Checked before dispatch so that a missing .rtf says "missing", not "unsupported".
    stat_regular_file(path)
    refused = refusal(path)
    if refused is not None:
        raise refused
    document = READERS[suffix_of(path)](path, max_bytes=max_bytes)
    check_text_size(document)
    return document


def document_from_text(text: str, path: str = "<string>") -> Document:
    """A :class:`Document` over text already in memory (``source_kind="string"``).

    A leading BOM character is dropped, as :func:`load` drops it from a file,
    so that text read with ``encoding="utf-8"`` gets the same offsets.
    """
    text = lone_cr_to_lf(text.removeprefix(UTF8_BOM.decode("utf-8")))
    check_text(text, noun=("文本", "text"))
    document = Document(path=path, text=text, source_kind="string", encoding=None)
    check_text_size(document)
    return document


def check_text_size(document: Document, limit: int | None = None) -> None:
    """Refuse a text over ``limit`` UTF-8 bytes (default: the setting
    ``config.MAX_CHECK_TEXT_BYTES``, read at each call) with an :class:`InputError`.

    The one size limit of every command and API function that reads a report
    (check, extract, tables, align, text, batch, the web page): :func:`load`,
    :func:`document_from_text` and :func:`as_document` apply it, so no stage ever
    starts on a text it would take minutes over. It counts the text, not the file:
    a zipped .docx or .xlsx holds far more text than its size says.
    """
    limit = config.MAX_CHECK_TEXT_BYTES if limit is None else limit
    # Characters first: a text of fewer than limit/4 characters is under it whatever they are.
    if len(document.text) * 4 <= limit:
        return
    size = len(document.text.encode("utf-8", "surrogatepass"))
    if size > limit:
        shown, most = format_size(size), format_size(limit)
        raise InputError(
            say("text_too_large", "zh", size=shown, limit=most),
            say("text_too_large", "en", size=shown, limit=most),
        )
