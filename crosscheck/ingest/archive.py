"""Safety checks for zip-based formats (.docx, .xlsx) before any library opens them.

A .docx or .xlsx is a zip archive. A corrupt one must give a clear error, and a
"zip bomb" (a small file that inflates to gigabytes) must be refused by the
sizes the archive declares, before anything is decompressed.
"""

from __future__ import annotations

import os
import zipfile

from crosscheck.errors import InputError
from crosscheck.ingest.files import display_path, format_size

# A real report's document.xml / sheets inflate to a few MB; 256 MB of XML is
# far beyond any report and still safe to refuse without reading it.
MAX_UNCOMPRESSED_BYTES = 256 * 1024 * 1024
# Real Office files compress text about 5-20x; only a bomb compresses 1000x.
MAX_COMPRESSION_RATIO = 200
_RATIO_FLOOR_BYTES = 10 * 1024 * 1024  # small members may compress well; don't care below this
MAX_MEMBERS = 10_000


def check_office_zip(path: str | os.PathLike[str], *, fmt: str, required: str) -> None:
    """Raise :class:`InputError` unless ``path`` is a sane zip that contains ``required``.

    ``fmt`` names the format in messages ("DOCX"); ``required`` is the member a
    real file of that format always has ("word/document.xml").
    """
    shown = display_path(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except PermissionError:
        raise InputError(f"没有读取权限：{shown}", f"permission denied: {shown}") from None
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError):
        # NotImplementedError: a damaged header claiming an unknown zip version/method.
        raise InputError(
            f"{fmt} 文件已损坏或不完整（不是有效的 zip 压缩包）：{shown}",
            f"the {fmt} file is corrupt or truncated (not a valid zip archive): {shown}",
        ) from None
    if len(members) > MAX_MEMBERS:
        raise InputError(
            f"{fmt} 文件包含的条目过多（{len(members)} 个），拒绝读取：{shown}",
            f"the {fmt} file has too many entries ({len(members)}); refused: {shown}",
        )
    declared = sum(m.file_size for m in members)
    compressed = sum(m.compress_size for m in members) or 1
    if declared > MAX_UNCOMPRESSED_BYTES or (
        declared > _RATIO_FLOOR_BYTES and declared / compressed > MAX_COMPRESSION_RATIO
    ):
        raise InputError(
            f"{fmt} 文件解压后过大（声明 {format_size(declared)}），疑似压缩炸弹，拒绝读取：{shown}",
            f"the {fmt} file would inflate to {format_size(declared)}; refused as a "
            f"possible zip bomb: {shown}",
        )
    names = {m.filename for m in members}
    if required not in names:
        raise InputError(
            f"不是有效的 {fmt} 文件（缺少 {required}）：{shown}",
            f"not a valid {fmt} file (no {required} inside): {shown}",
        )
