"""A PDF's compressed streams, inflated under a byte budget before PDFium parses the file.

PDFium inflates a page's content stream whole, into memory: a 3 MB file whose
content stream inflates to 3 GB takes 3 GB. So, as for zip archives
(:mod:`crosscheck.ingest.archive`), every FlateDecode stream that PDFium may
inflate to read text (content streams, form XObjects, object streams, fonts) is
inflated here first, in chunks, counting the bytes that come out and stopping at
the first one over the budget. Images are left alone: reading text never
decodes them.

The raw file is scanned for ``>> stream``, not parsed: the stream's data runs
from the end of that line until the deflate stream ends, whatever ``/Length``
says (it may be an indirect or a false number). A stream that does not inflate
cleanly is PDFium's business (it reads what it can), not a bomb.
"""

from __future__ import annotations

import re
import zlib

from crosscheck.config import PDF_MAX_INFLATED_BYTES, PDF_MAX_STREAM_BYTES
from crosscheck.errors import InputError
from crosscheck.ingest.files import format_size

__all__ = ["check_inflated_sizes"]

# The end of a stream's dictionary and the keyword that starts its data (EOL: CRLF or LF;
# a lone CR is what broken writers use).
_STREAM_START = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
# Where the dictionary of a stream starts: its object header "12 0 obj".
_OBJECT_HEADER = re.compile(rb"\d+\s+\d+\s+obj\b")
# How far back from "stream" a dictionary is looked at (filters and subtype are in it).
_DICTIONARY_WINDOW = 4096
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)\b")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_CHUNK_BYTES = 256 * 1024


def check_inflated_sizes(data: bytes) -> None:
    """:class:`InputError` when a FlateDecode stream (other than an image) inflates past
    :data:`PDF_MAX_STREAM_BYTES`, or all of them together past :data:`PDF_MAX_INFLATED_BYTES`."""
    total = 0
    for match in _STREAM_START.finditer(data):
        dictionary = _dictionary_before(data, match.start())
        if not _FLATE.search(dictionary) or _IMAGE.search(dictionary):
            continue
        size = _inflated_size(data, match.end(), PDF_MAX_STREAM_BYTES)
        total += size
        limit = PDF_MAX_STREAM_BYTES if size > PDF_MAX_STREAM_BYTES else PDF_MAX_INFLATED_BYTES
        if total > limit or size > limit:
            raise InputError(
                f"PDF 中的压缩数据解压后超过 {format_size(limit)}，疑似压缩炸弹，拒绝读取",
                f"compressed data in the PDF inflates past {format_size(limit)}; "
                "refused as a possible compression bomb",
            )


def _dictionary_before(data: bytes, end: int) -> bytes:
    window = data[max(0, end - _DICTIONARY_WINDOW) : end]
    headers = list(_OBJECT_HEADER.finditer(window))
    return window[headers[-1].end() :] if headers else window


def _inflated_size(data: bytes, start: int, budget: int) -> int:
    """How many bytes the zlib stream at ``start`` inflates to, counting stopped past ``budget``."""
    inflater = zlib.decompressobj()
    size = 0
    position = start
    try:
        while not inflater.eof and position < len(data):
            pending = data[position : position + _CHUNK_BYTES]
            position += _CHUNK_BYTES
            while pending and not inflater.eof:
                # max_length bounds the output of one call, however much the input expands.
                size += len(inflater.decompress(pending, _CHUNK_BYTES))
                if size > budget:
                    return size
                pending = inflater.unconsumed_tail
    except zlib.error:
        pass  # not a clean deflate stream: PDFium reads what it can of it
    return size
