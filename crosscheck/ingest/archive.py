"""The one guarded way into zip-based formats (.docx, .xlsx): bounded, checked, in memory.

A .docx or .xlsx is a zip archive, and a zip archive can lie. The sizes it
declares are only a first, cheap filter: a member may declare 1,000 bytes and
inflate to gigabytes, and an incompressible stored member may pad the overall
compression ratio of a bomb. So :func:`open_office_zip` reads the file once
into memory, then inflates **every** member by streaming it in small chunks
through ``zipfile``'s ``open()``, counting the bytes that come out, and stops
at the first byte over a budget. Only then does a library (python-docx,
openpyxl) get the file: the same bytes, as an in-memory file object, so what
was checked is what is read.

A member that zipfile cannot inflate (encrypted, "strong encryption", patched
data, a compression method Office never writes, such as a header claiming
bzip2) or whose data does not match its checksum is refused here with one
line, never deep inside the library as NotImplementedError or OSError.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Callable, Iterator

from crosscheck.errors import InputError
from crosscheck.ingest.files import display_path, format_size, read_bytes

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_MEMBERS",
    "MAX_UNCOMPRESSED_BYTES",
    "MAX_XML_BYTES",
    "MemberScanner",
    "drain",
    "open_office_zip",
]

# A real report's parts inflate to a few MB (images included, tens of MB);
# 256 MB in all is far beyond any report.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
# The XML parts are what the libraries parse into a tree, at 10-30 bytes of
# memory per byte of XML: 48 MB of XML keeps a reader under about 1 GB. A
# 200-page report's document.xml is 2-5 MB; an xlsx sheet of 200,000 cells about 20 MB.
MAX_XML_BYTES = 48 * 1024 * 1024
# Real Office files compress text about 5-20x; only a bomb compresses 1000x.
MAX_COMPRESSION_RATIO = 200
_RATIO_FLOOR_BYTES = 10 * 1024 * 1024  # small members may compress well; don't care below this
MAX_MEMBERS = 10_000
# Inflation is done this much at a time: the most a lying member costs beyond the budget.
CHUNK_BYTES = 256 * 1024

_XML_SUFFIXES = (".xml", ".rels", ".vml")
# Office writes stored or deflated members, nothing else.
_OFFICE_COMPRESSION = frozenset({zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED})
# General-purpose flag bits zipfile cannot read past: 0 encrypted, 5 compressed
# patched data, 6 strong encryption.
_UNREADABLE_FLAGS = 0x1 | 0x20 | 0x40

# Called with a member's name and its chunks (each already counted against the
# budgets); it must consume them. A reader may look at the data as it passes.
MemberScanner = Callable[[str, Iterator[bytes]], None]


def drain(name: str, chunks: Iterator[bytes]) -> None:
    """The default scanner: inflate and forget."""
    for _ in chunks:
        pass


def open_office_zip(
    path: str | os.PathLike[str],
    *,
    fmt: str,
    required: str,
    max_bytes: int,
    scan: MemberScanner = drain,
) -> io.BytesIO:
    """The file at ``path`` as an in-memory file, once every member inflated within budget.

    ``fmt`` names the format in messages ("DOCX"); ``required`` is the member a
    real file of that format always has ("word/document.xml"). Raises
    :class:`InputError` for a file over ``max_bytes``, a corrupt zip, an
    unreadable member, a missing ``required`` member, or one inflating past
    :data:`MAX_UNCOMPRESSED_BYTES` (:data:`MAX_XML_BYTES` for XML parts).
    """
    shown = display_path(path)
    data = read_bytes(path, max_bytes=max_bytes)
    if not data:
        raise InputError(f"{fmt} 文件为空：{shown}", f"the {fmt} file is empty: {shown}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_declared(members, fmt, required, shown)
            _inflate_all(archive, members, fmt, shown, scan)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, OSError):
        # BadZipFile: a CRC mismatch or a bad header, found while inflating; zlib.error:
        # a deflate stream cut short; NotImplementedError: an unknown zip version.
        raise _corrupt(fmt, shown) from None
    return io.BytesIO(data)


def _check_declared(members: list[zipfile.ZipInfo], fmt: str, required: str, shown: str) -> None:
    """What the central directory says: checked before anything is inflated."""
    if len(members) > MAX_MEMBERS:
        raise InputError(
            f"{fmt} 文件包含的条目过多（{len(members)} 个），拒绝读取：{shown}",
            f"the {fmt} file has too many entries ({len(members)}); refused: {shown}",
        )
    for member in members:
        if member.flag_bits & _UNREADABLE_FLAGS or member.compress_type not in _OFFICE_COMPRESSION:
            raise InputError(
                f"{fmt} 文件中有加密或无法解压的条目（{member.filename}）：{shown}",
                f"the {fmt} file has an encrypted or unsupported entry ({member.filename}): {shown}",
            )
    declared = sum(m.file_size for m in members)
    compressed = sum(m.compress_size for m in members) or 1
    if declared > MAX_UNCOMPRESSED_BYTES or (
        declared > _RATIO_FLOOR_BYTES and declared / compressed > MAX_COMPRESSION_RATIO
    ):
        raise _bomb(fmt, shown, declared)
    if required not in {m.filename for m in members}:
        raise InputError(
            f"不是有效的 {fmt} 文件（缺少 {required}）：{shown}",
            f"not a valid {fmt} file (no {required} inside): {shown}",
        )


def _inflate_all(
    archive: zipfile.ZipFile,
    members: list[zipfile.ZipInfo],
    fmt: str,
    shown: str,
    scan: MemberScanner,
) -> None:
    """Inflate every member in chunks, refusing the file at the first byte over a budget."""
    total = xml = 0

    def chunks(member: zipfile.ZipInfo) -> Iterator[bytes]:
        nonlocal total, xml
        is_xml = member.filename.lower().endswith(_XML_SUFFIXES)
        with archive.open(member) as stream:
            # read(n) inflates at most n bytes however small the member claims to be.
            while chunk := stream.read(CHUNK_BYTES):
                total += len(chunk)
                xml += len(chunk) if is_xml else 0
                if total > MAX_UNCOMPRESSED_BYTES or xml > MAX_XML_BYTES:
                    raise _bomb(fmt, shown, total, inflated=True)
                yield chunk

    for member in members:
        if not member.is_dir():
            scan(member.filename, chunks(member))


def _bomb(fmt: str, shown: str, size: int, *, inflated: bool = False) -> InputError:
    zh_what, en_what = (
        ("解压已超过", "inflates past") if inflated else ("解压后声明", "would inflate to")
    )
    return InputError(
        f"{fmt} 文件{zh_what} {format_size(size)}，疑似压缩炸弹，拒绝读取：{shown}",
        f"the {fmt} file {en_what} {format_size(size)}; refused as a possible zip bomb: {shown}",
    )


def _corrupt(fmt: str, shown: str) -> InputError:
    return InputError(
        f"{fmt} 文件已损坏或不完整（不是有效的 zip 压缩包）：{shown}",
        f"the {fmt} file is corrupt or truncated (not a valid zip archive): {shown}",
    )
