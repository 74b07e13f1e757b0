"""Plain-text files: bytes -> text, never guessed silently wrong.

Decoding order (first match wins):

1. A byte-order mark decides: UTF-8 BOM -> ``utf-8-sig`` (the BOM is dropped
   from the text), UTF-16 LE/BE BOM -> ``utf-16``. A file whose content does
   not match its BOM is an error, not a cue to try something else.
2. Strict UTF-8 -> ``utf-8``.
3. Strict GB18030 -> ``gb18030`` (a superset of GBK and GB2312, the encodings
   of Chinese Windows "ANSI" files), accepted only when the result looks like
   Chinese text: see :func:`looks_like_gb_text`. GB18030 assigns a character
   to almost any byte pair, so a successful decode alone proves little.
4. Otherwise :class:`InputError`. charset-normalizer may name a likely
   encoding in the message; it never decides what is accepted.

Bytes that are *almost* UTF-8 are reported as damaged UTF-8, not decoded as
GB18030. In particular a file cut off in the middle of a multibyte UTF-8
character is an error ("truncated"): dropping or replacing the partial
character would make ``Document.text`` differ from the file, and GB18030
mojibake of UTF-8 is never what the author wrote.

The text is otherwise unchanged, but for one length-preserving step: a CR that
no LF follows (classic Mac OS line ends, or a stray one in a mixed file) becomes
LF, so that every later stage, which splits lines on LF, sees the lines the author
wrote (a CR-only report was one paragraph, and its stages ran quadratic on it).
CRLF stays as it is. Offsets index the text ``crosscheck text`` prints, and the
decoded file at the same positions. No stripping.
"""

from __future__ import annotations

import os
import re
from collections import Counter

from crosscheck.errors import InputError
from crosscheck.ingest.files import read_bytes
from crosscheck.types import Document

# A report of a few hundred pages is well under 10 MB of text; anything much
# bigger is almost certainly not a report, and reading it whole would hurt.
MAX_TEXT_BYTES = 64 * 1024 * 1024

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")

# Control characters that text does not contain: C0 controls except tab,
# newlines and form feed (\t\n\v\f\r, which ordinary files do have), DEL,
# and the C1 block (U+0080-U+009F, which only shows up through misdecoding).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# The same C0 controls and DEL as bytes. Below 0x80 UTF-8 and GB18030 are
# both plain ASCII (GB18030 trail bytes are never below 0x30), so this count
# is valid before we know which of the two the file is.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
# Above this share of control characters the input is binary, not text with
# a few stray control codes (random bytes have about 11%).
BINARY_CONTROL_SHARE = 0.05

# GB18030 plausibility: Chinese text written in GBK/GB2312 consists almost
# entirely of ASCII and GB2312 characters. Latin-1/cp1252 or Big5 bytes read
# as GB18030 land mostly on rare GBK extension or four-byte characters.
GB_MIN_COMMON_SHARE = 0.9
# Bytes of a GB2312 character: symbols (rows A1-A9) and the two levels of
# hanzi (rows B0-F7), each with a trail byte in A1-FE.
_GB2312_LEADS = (range(0xA1, 0xAA), range(0xB0, 0xF8))
_GB2312_TRAILS = range(0xA1, 0xFF)
# GB18030 maps its user-defined byte areas to the Private Use Area.
_PRIVATE_USE_CHARS = re.compile("[\ue000-\uf8ff]")
# The share is judged on the start of the text: a report is Chinese
# throughout, and counting all of a 60 MB file in Python takes seconds.
GB_SAMPLE_CHARS = 1_000_000

# Bytes that are UTF-8 with only this share of invalid bytes among the
# non-ASCII units are damaged UTF-8, not GB18030. Real GBK text has most of
# its bytes invalid as UTF-8 (only about one hanzi in seven forms a valid
# two-byte UTF-8 sequence by chance).
UTF8_MAX_DAMAGE_SHARE = 0.05
_NON_ASCII_BYTES = bytes(range(0x80, 0x100))

# charset-normalizer only looks at this much when suggesting an encoding.
HINT_SAMPLE_BYTES = 256 * 1024
# Guesses that would contradict "neither UTF-8 nor GB18030" are not shown
# (charset-normalizer calls traditional-only GBK text gb18030, for one).
_UNHELPFUL_HINTS = frozenset({"ascii", "utf_8", "gb18030", "gbk", "gb2312"})


# A CR that ends a line by itself (not the CR of a CRLF).
_LONE_CR = re.compile(r"\r(?!\n)")


def lone_cr_to_lf(text: str) -> str:
    """CR-only line ends as LF, one character for one: ``len`` and offsets are unchanged."""
    return _LONE_CR.sub("\n", text) if "\r" in text else text


def read_text_file(
    path: str | os.PathLike[str],
    *,
    max_bytes: int = MAX_TEXT_BYTES,
    source_kind: str = "txt",
) -> Document:
    """Read a plain-text file into a :class:`Document`; bad input -> :class:`InputError`."""
    data = read_bytes(path, max_bytes=max_bytes)
    text, encoding = bytes_to_text(data)
    text = lone_cr_to_lf(text)
    check_text(text)
    return Document(path=str(path), text=text, source_kind=source_kind, encoding=encoding)


def bytes_to_text(data: bytes) -> tuple[str, str]:
    """Decode file content; returns ``(text, encoding)`` or raises :class:`InputError`."""
    if not data:
        raise _empty_error()
    if data.startswith(UTF8_BOM):
        return _decode_utf8_with_bom(data), "utf-8-sig"
    if data.startswith(UTF16_BOMS):
        return _decode_utf16(data), "utf-16"
    if is_binary(data):
        raise _binary_error()
    text = _strict_decode(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    # Part of the GB18030 plausibility check: nearly-UTF-8 bytes are UTF-8
    # with a flaw, whatever GB18030 would make of them.
    damage = utf8_damage(data)
    if damage is not None:
        raise _damaged_utf8_error(*damage)
    text = _strict_decode(data, "gb18030")
    if text is not None and looks_like_gb_text(text):
        return text, "gb18030"
    raise _undecodable_error(data)


def check_text(text: str, *, noun: tuple[str, str] = ("文件", "file")) -> None:
    """Reject text that is empty, only whitespace, or binary in disguise.

    Runs on decoded text, so it also covers UTF-16 files, whose NUL bytes are
    part of every ASCII character and cannot be checked before decoding.
    """
    zh, en = noun
    if not text:
        raise _empty_error(noun)
    if text.isspace():
        raise InputError(f"{zh}只有空白字符，没有内容", f"the {en} contains only whitespace")
    if "\x00" in text or control_share(text) > BINARY_CONTROL_SHARE:
        raise _binary_error(noun)


def is_binary(data: bytes) -> bool:
    """NUL bytes, or many control bytes, mean binary (UTF-16 is handled before this)."""
    if b"\x00" in data:
        return True
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > BINARY_CONTROL_SHARE * len(data)


def control_share(text: str) -> float:
    """Share of characters that are control codes other than tab, newlines and form feed."""
    if not text:
        return 0.0
    return len(_CONTROL_CHARS.findall(text)) / len(text)


def looks_like_gb_text(text: str) -> bool:
    """Whether a GB18030 decoding is plausibly what the author wrote.

    No control characters (beyond tab/newlines/form feed), no private-use
    characters (GB18030 maps its user-defined byte areas there), and at least
    ``GB_MIN_COMMON_SHARE`` of the non-ASCII characters are GB2312 characters.
    """
    if _CONTROL_CHARS.search(text) or _PRIVATE_USE_CHARS.search(text):
        return False
    # Counter runs in C; only the distinct characters are classified.
    sample = text[:GB_SAMPLE_CHARS]
    counts = {c: n for c, n in Counter(sample).items() if ord(c) > 0x7F}
    non_ascii = sum(counts.values())
    common = sum(n for c, n in counts.items() if is_gb2312_char(c))
    return common >= GB_MIN_COMMON_SHARE * non_ascii


def is_gb2312_char(char: str) -> bool:
    """Whether ``char`` lies in the GB2312 part of GB18030 (judged by its bytes)."""
    encoded = char.encode("gb18030")
    if len(encoded) != 2:
        return False
    lead, trail = encoded
    return trail in _GB2312_TRAILS and any(lead in rows for rows in _GB2312_LEADS)


def utf8_damage(data: bytes) -> tuple[str, int] | None:
    """``(kind, offset)`` when ``data`` is UTF-8 with a flaw, else ``None``.

    kind is ``"truncated"`` when everything but an incomplete final character
    is valid UTF-8, ``"damaged"`` when a few bytes are invalid among many
    valid multibyte characters. offset is the first bad byte.
    """
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        first_bad, end, reason = error.start, error.end, error.reason
    else:
        return None
    if reason == "unexpected end of data" and end == len(data):
        return "truncated", first_bad
    # surrogateescape turns each invalid byte into one lone surrogate, which
    # encoding with errors="ignore" drops again: counts without Python loops.
    escaped = data.decode("utf-8", errors="surrogateescape")
    bad = len(data) - len(escaped.encode("utf-8", errors="ignore"))
    ascii_chars = len(data.translate(None, _NON_ASCII_BYTES))
    non_ascii_units = len(escaped) - ascii_chars  # valid multibyte characters + bad bytes
    if bad <= UTF8_MAX_DAMAGE_SHARE * non_ascii_units:
        return "damaged", first_bad
    return None


def encoding_hint(data: bytes) -> str | None:
    """charset-normalizer's best guess, for the error message only (``None`` if unsure)."""
    try:
        from charset_normalizer import from_bytes  # optional: only improves a message
    except ImportError:
        return None
    best = from_bytes(data[:HINT_SAMPLE_BYTES]).best()
    if best is None or best.encoding in _UNHELPFUL_HINTS:
        return None
    # Its exact code page is often off for Latin scripts (cp1257 for French
    # cp1252); the language it names is the more useful part.
    if best.language and best.language != "Unknown":
        return f"{best.encoding}, {best.language}"
    return best.encoding


def _strict_decode(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def _decode_utf8_with_bom(data: bytes) -> str:
    # The BOM says UTF-8: do not fall back to another encoding if it lies.
    body = data[len(UTF8_BOM) :]
    text = _strict_decode(body, "utf-8")
    if text is not None:
        return text
    kind, offset = utf8_damage(body) or ("damaged", _first_utf8_error(body))
    raise _damaged_utf8_error(kind, offset + len(UTF8_BOM))


def _decode_utf16(data: bytes) -> str:
    # The "utf-16" codec reads the BOM to pick LE or BE and drops it.
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as error:
        raise InputError(
            f"文件以 UTF-16 字节顺序标记开头，但内容不是有效的 UTF-16（第 {error.start} 字节处）",
            f"the file starts with a UTF-16 byte-order mark but is not valid UTF-16 "
            f"(at byte {error.start})",
        ) from None


def _first_utf8_error(data: bytes) -> int:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start
    return len(data)


def _empty_error(noun: tuple[str, str] = ("文件", "file")) -> InputError:
    return InputError(f"{noun[0]}为空", f"the {noun[1]} is empty")


def _binary_error(noun: tuple[str, str] = ("文件", "file")) -> InputError:
    zh, en = noun
    return InputError(f"不是文本{zh}（含二进制内容）", f"not a text {en} (contains binary data)")


def _damaged_utf8_error(kind: str, offset: int) -> InputError:
    if kind == "truncated":
        return InputError(
            f"文件末尾的 UTF-8 字符不完整（第 {offset} 字节起），文件可能被截断",
            f"the file ends in the middle of a UTF-8 character (from byte {offset}); "
            "it may be truncated",
        )
    return InputError(
        f"文件不是有效的 UTF-8（第 {offset} 字节处损坏）",
        f"the file is not valid UTF-8 (damaged at byte {offset})",
    )


def _undecodable_error(data: bytes) -> InputError:
    hint = encoding_hint(data)
    zh_hint = f"，可能是 {hint}" if hint else ""
    en_hint = f"; possibly {hint}" if hint else ""
    return InputError(
        f"无法识别文件编码（既不是 UTF-8 也不是 GB18030{zh_hint}），请另存为 UTF-8",
        f"cannot determine the encoding (neither UTF-8 nor GB18030{en_hint}); "
        "save the file as UTF-8",
    )
