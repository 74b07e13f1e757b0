"""crosscheck.ingest: the text reader, its encodings and its errors for bad input."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

import pytest

import crosscheck.ingest.files as ingest_files
from crosscheck.errors import InputError
from crosscheck.ingest import MAX_TEXT_BYTES, READERS, document_from_text, load
from crosscheck.ingest.files import format_size
from crosscheck.ingest.text import bytes_to_text, looks_like_gb_text

CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))
REPORT_SNIPPET = "一、项目基本情况\n2021年预算数108.17万元，执行数97.76万元，执行率90.37%。\n"


def corpus_text(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def assert_one_line_error(error: InputError) -> None:
    for lang in ("zh", "en"):
        message = error.message(lang)
        assert message.strip() == message and message
        assert "\n" not in message and "\r" not in message
    assert error.message("zh") != error.message("en")


def load_error(path: Path | str, **kwargs: int) -> InputError:
    with pytest.raises(InputError) as info:
        load(path, **kwargs)
    assert_one_line_error(info.value)
    return info.value


# --- the corpus and its re-encodings -------------------------------------------------


def test_corpus_is_not_empty() -> None:
    assert len(CORPUS) >= 5


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.name)
def test_corpus_file_loads_as_utf8_unchanged(path: Path) -> None:
    doc = load(path)
    assert doc.text == corpus_text(path)
    assert doc.encoding == "utf-8"
    assert doc.source_kind == "txt"
    assert doc.path == str(path)


def _gbk_safe(text: str) -> str:
    # One corpus file has U+2002 EN SPACE, which GBK cannot encode; a real GBK
    # file could not contain it either.
    return text.encode("gbk", errors="replace").decode("gbk")


# name -> (text -> the text the file should decode to, text -> file bytes, encoding)
REENCODINGS: dict[str, tuple[Callable[[str], str], Callable[[str], bytes], str]] = {
    "gb18030": (str, lambda t: t.encode("gb18030"), "gb18030"),
    "gbk": (_gbk_safe, lambda t: t.encode("gbk"), "gb18030"),
    "utf-8-bom": (str, lambda t: t.encode("utf-8-sig"), "utf-8-sig"),
    "utf-16-le-bom": (str, lambda t: b"\xff\xfe" + t.encode("utf-16-le"), "utf-16"),
    "utf-16-be-bom": (str, lambda t: b"\xfe\xff" + t.encode("utf-16-be"), "utf-16"),
    "crlf-utf-8": (lambda t: t.replace("\n", "\r\n"), lambda t: t.encode("utf-8"), "utf-8"),
    "crlf-gb18030": (
        lambda t: t.replace("\n", "\r\n"),
        lambda t: t.encode("gb18030"),
        "gb18030",
    ),
}


@pytest.mark.parametrize("encoding_name", REENCODINGS)
@pytest.mark.parametrize("source", CORPUS, ids=lambda p: p.name)
def test_reencoded_corpus_loads_to_identical_text(
    tmp_path: Path, source: Path, encoding_name: str
) -> None:
    prepare, encode, expected_encoding = REENCODINGS[encoding_name]
    expected = prepare(corpus_text(source))
    target = tmp_path / source.name
    target.write_bytes(encode(expected))

    doc = load(target)

    assert doc.text == expected  # BOM gone, CRLF kept, nothing stripped
    assert doc.encoding == expected_encoding


def test_crlf_is_kept_as_is(tmp_path: Path) -> None:
    target = tmp_path / "crlf.txt"
    target.write_bytes(REPORT_SNIPPET.replace("\n", "\r\n").encode("gbk"))
    assert load(target).text.count("\r\n") == REPORT_SNIPPET.count("\n")


def test_leading_and_trailing_whitespace_are_kept(tmp_path: Path) -> None:
    text = "  \n" + REPORT_SNIPPET + "\n\n  "
    target = tmp_path / "spaced.txt"
    target.write_bytes(text.encode("utf-8"))
    assert load(target).text == text


def test_plain_ascii_is_utf8(tmp_path: Path) -> None:
    target = tmp_path / "ascii.txt"
    target.write_bytes(b"Budget 2021: 108.17\n")
    doc = load(target)
    assert (doc.text, doc.encoding) == ("Budget 2021: 108.17\n", "utf-8")


def test_gbk_text_with_a_few_gbk_only_characters_is_accepted() -> None:
    # ㎡ and 瑢 are GBK but not GB2312: a few of them are normal in real reports.
    text = REPORT_SNIPPET * 3 + "建筑面积1200㎡，负责人：王瑢。\n"
    assert bytes_to_text(text.encode("gbk")) == (text, "gb18030")


# --- encodings that must not pass as GB18030 -----------------------------------------

LATIN_TEXT = "Les élèves étudiaient pour Noël"


def test_cp1252_that_decodes_as_gb18030_is_rejected(tmp_path: Path) -> None:
    data = LATIN_TEXT.encode("cp1252")
    data.decode("gb18030")  # the bytes *are* valid GB18030: plausibility must reject them
    target = tmp_path / "latin.txt"
    target.write_bytes(data)
    error = load_error(target)
    assert "无法识别文件编码" in error.message("zh")
    assert "cannot determine the encoding" in error.message("en")


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_accented_latin_text_is_rejected(tmp_path: Path, encoding: str) -> None:
    target = tmp_path / "latin.txt"
    target.write_bytes("Café crème, à côté de l'église. Ça coûte cher.".encode(encoding))
    assert "无法识别文件编码" in load_error(target).message("zh")


def test_big5_is_rejected() -> None:
    with pytest.raises(InputError, match="cannot determine the encoding"):
        bytes_to_text("預算執行率為百分之九十五，專項資金已撥付。".encode("big5"))


@pytest.mark.xfail(
    strict=True,
    reason="EUC-KR Hangul occupies the GB2312 hanzi byte rows: byte ranges cannot tell them apart",
)
def test_euc_kr_is_rejected() -> None:
    with pytest.raises(InputError):
        bytes_to_text("안녕하세요 반갑습니다".encode("euc-kr"))


def test_traditional_only_gbk_text_is_rejected_as_implausible() -> None:
    # Known limit, on purpose: GBK's traditional characters sit in the same
    # extension rows as cp1252 "smart quote" pairs, so they do not count as
    # common. Reports are written in simplified characters.
    assert not looks_like_gb_text("預算執行率為百分之九十五".encode("gbk").decode("gb18030"))


def test_control_characters_make_gb18030_implausible() -> None:
    assert looks_like_gb_text("预算执行率\t95%\r\n")
    assert not looks_like_gb_text("预算执行率\x1b95%")


# --- truncated and damaged UTF-8 -----------------------------------------------------
# Chosen behaviour: bytes that are UTF-8 except for an incomplete last
# character are an error ("truncated"), never decoded as GB18030 and never
# repaired, because Document.text must be exactly the file's content.


@pytest.mark.parametrize("source", CORPUS[:2], ids=lambda p: p.name)
def test_utf8_truncated_mid_character_is_an_error(tmp_path: Path, source: Path) -> None:
    data = source.read_bytes()
    cut = next(i for i in range(len(data) // 2, len(data)) if data[i] >= 0xE0) + 1
    target = tmp_path / "cut.txt"
    target.write_bytes(data[:cut])  # lead byte plus nothing, mid-file
    error = load_error(target)
    assert "截断" in error.message("zh") and "truncated" in error.message("en")
    assert str(cut - 1) in error.message("en")


def test_short_truncated_utf8_is_an_error() -> None:
    data = "预算".encode()[:-1]
    with pytest.raises(InputError, match="truncated"):
        bytes_to_text(data)


def test_utf8_with_a_damaged_byte_is_an_error_with_its_offset(tmp_path: Path) -> None:
    data = bytearray(CORPUS[0].read_bytes())
    where = next(i for i in range(2000, len(data)) if data[i] >= 0xE0)
    data[where] = 0xFF
    target = tmp_path / "damaged.txt"
    target.write_bytes(bytes(data))
    error = load_error(target)
    assert "UTF-8" in error.message("zh") and f"byte {where}" in error.message("en")


def test_utf8_bom_with_invalid_content_is_not_retried_as_gb18030() -> None:
    with pytest.raises(InputError, match="not valid UTF-8"):
        bytes_to_text(b"\xef\xbb\xbf" + REPORT_SNIPPET.encode("gbk"))


def test_utf16_bom_with_odd_length_is_an_error() -> None:
    with pytest.raises(InputError, match="UTF-16"):
        bytes_to_text("预算".encode("utf-16") + b"x")


# --- bad input: every case is an InputError with one-line zh and en messages ---------


def _png(path: Path) -> None:
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(64))


def _random(path: Path) -> None:
    path.write_bytes(random.Random(20240501).randbytes(4096))


def _random_without_nul(path: Path) -> None:
    data = random.Random(7).randbytes(4096)
    path.write_bytes(data.replace(b"\x00", b"\x01"))


def _nul_in_text(path: Path) -> None:
    path.write_bytes(REPORT_SNIPPET.encode("utf-8") + b"\x00" + REPORT_SNIPPET.encode("utf-8"))


def _utf16_without_bom(path: Path) -> None:
    path.write_bytes(REPORT_SNIPPET.encode("utf-16-le"))


def _nul_in_utf16(path: Path) -> None:
    path.write_bytes(("\ufeff" + REPORT_SNIPPET + "\x00").encode("utf-16-le"))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _bom_only(path: Path) -> None:
    path.write_bytes(b"\xef\xbb\xbf")


def _whitespace(path: Path) -> None:
    path.write_bytes(" \t\r\n\u3000\n".encode())


def _whitespace_gbk(path: Path) -> None:
    path.write_bytes("\u3000\u3000\r\n".encode("gbk"))


# name -> (make the file, a word its zh message must contain, one its en message must)
BAD_FILES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "png": (_png, "二进制", "binary"),
    "random-bytes": (_random, "二进制", "binary"),
    "random-bytes-without-nul": (_random_without_nul, "二进制", "binary"),
    "nul-in-text": (_nul_in_text, "二进制", "binary"),
    "utf-16-without-bom": (_utf16_without_bom, "二进制", "binary"),
    "nul-in-utf-16": (_nul_in_utf16, "二进制", "binary"),
    "empty": (_empty, "文件为空", "empty"),
    "bom-only": (_bom_only, "文件为空", "empty"),
    "whitespace-only": (_whitespace, "空白", "whitespace"),
    "whitespace-only-gbk": (_whitespace_gbk, "空白", "whitespace"),
}


@pytest.mark.parametrize("case", BAD_FILES)
def test_bad_file_is_an_input_error(tmp_path: Path, case: str) -> None:
    make, zh_word, en_word = BAD_FILES[case]
    target = tmp_path / "bad.txt"
    make(target)
    error = load_error(target)
    assert zh_word in error.message("zh")
    assert en_word in error.message("en")


def test_too_big_file_is_refused_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "big.txt"
    target.write_bytes(REPORT_SNIPPET.encode() * 100)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the size must be checked with stat, before opening")

    monkeypatch.setattr(ingest_files, "open", no_open, raising=False)
    error = load_error(target, max_bytes=1024)
    assert "文件过大" in error.message("zh") and "上限 1 KB" in error.message("zh")
    assert "too big" in error.message("en")


def test_file_exactly_at_the_limit_is_read(tmp_path: Path) -> None:
    data = REPORT_SNIPPET.encode()
    target = tmp_path / "limit.txt"
    target.write_bytes(data)
    assert load(target, max_bytes=len(data)).text == REPORT_SNIPPET
    with pytest.raises(InputError, match="too big"):
        load(target, max_bytes=len(data) - 1)


def test_default_limit_is_64_mib() -> None:
    assert MAX_TEXT_BYTES == 64 * 1024 * 1024
    assert format_size(MAX_TEXT_BYTES) == "64 MB"
    assert format_size(1536) == "1.5 KB"
    assert format_size(12) == "12 B"


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    error = load_error(tmp_path)
    assert "不是文件" in error.message("zh") and "directory" in error.message("en")


def test_directory_with_a_text_suffix_is_an_input_error(tmp_path: Path) -> None:
    folder = tmp_path / "reports.txt"
    folder.mkdir()
    assert "directory" in load_error(folder).message("en")


@pytest.mark.parametrize("name", ["missing.txt", "missing.pdf", "missing.txt/child.txt"])
def test_missing_path_is_an_input_error(tmp_path: Path, name: str) -> None:
    if "/" in name:
        (tmp_path / "missing.txt").write_text("x", encoding="utf-8")
    error = load_error(tmp_path / name)
    assert "文件不存在" in error.message("zh") and "no such file" in error.message("en")


def test_path_with_a_newline_still_gives_a_one_line_message(tmp_path: Path) -> None:
    load_error(tmp_path / "two\nlines.txt")


def test_permission_error_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "secret.txt"
    target.write_bytes(REPORT_SNIPPET.encode())

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(ingest_files, "open", denied, raising=False)
    assert "没有读取权限" in load_error(target).message("zh")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root can read anything")
def test_unreadable_file_is_an_input_error(tmp_path: Path) -> None:
    target = tmp_path / "secret.txt"
    target.write_bytes(REPORT_SNIPPET.encode())
    target.chmod(0)
    try:
        assert "permission denied" in load_error(target).message("en")
    finally:
        target.chmod(0o600)


def test_other_os_errors_propagate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "disk.txt"
    target.write_bytes(REPORT_SNIPPET.encode())

    def broken_disk(*args: object, **kwargs: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(ingest_files, "open", broken_disk, raising=False)
    with pytest.raises(OSError, match="Input/output") as info:
        load(target)
    assert not isinstance(info.value, InputError)


# --- dispatch on suffix --------------------------------------------------------------


@pytest.mark.parametrize(
    ("suffix", "kind"),
    [(".txt", "txt"), (".TXT", "txt"), (".text", "txt"), (".md", "md"), (".markdown", "md")],
)
def test_text_suffixes(tmp_path: Path, suffix: str, kind: str) -> None:
    target = tmp_path / f"report{suffix}"
    target.write_bytes(REPORT_SNIPPET.encode("gbk"))
    doc = load(str(target))
    assert (doc.text, doc.source_kind, doc.path) == (REPORT_SNIPPET, kind, str(target))


@pytest.mark.parametrize("suffix", [".dat", ".csv", ".png", ""])
def test_an_unknown_suffix_is_refused_even_when_the_content_is_text(
    tmp_path: Path, suffix: str
) -> None:
    # Read as text, an RTF or WPS report would give no findings and look clean.
    target = tmp_path / f"report{suffix}"
    target.write_bytes(REPORT_SNIPPET.encode())
    error = load_error(target)
    shown = suffix or "no suffix"
    assert error.message("en").startswith(f"unsupported file type ({shown}); readable suffixes:")
    assert ".txt" in error.message("en") and ".docx" in error.message("en")
    assert error.message("zh").startswith(f"不支持的文件类型（{suffix or '无后缀'}）")


def test_a_missing_file_with_an_unknown_suffix_says_it_is_missing(tmp_path: Path) -> None:
    assert "no such file" in load_error(tmp_path / "report.rtf").message("en")


@pytest.mark.parametrize(
    ("suffix", "format_en", "save_as"),
    [
        (".doc", "legacy Word", ".docx"),
        (".xls", "legacy Excel", ".xlsx"),
        (".DOC", "legacy Word", ".docx"),
        (".rtf", "RTF", ".docx"),
        (".wps", "WPS Writer", ".docx"),
        (".et", "WPS Spreadsheets", ".xlsx"),
        (".odt", "OpenDocument text", ".docx"),
        (".pages", "Apple Pages", ".docx"),
    ],
)
def test_document_formats_without_a_reader_say_what_to_save_them_as(
    tmp_path: Path, suffix: str, format_en: str, save_as: str
) -> None:
    target = tmp_path / f"report{suffix}"
    # An RTF file is plain ASCII: it must not be read as text.
    target.write_bytes(b"{\\rtf1\\ansi " + REPORT_SNIPPET.encode("gbk") + b"}")
    error = load_error(target)
    assert error.message("en") == (
        f"unsupported format: {format_en} ({suffix.lower()}); save it as {save_as} first"
    )
    assert f"请另存为 {save_as} 后再试" in error.message("zh")


def test_unreadable_formats_never_name_a_suffix_that_has_a_reader() -> None:
    from crosscheck import lexicons

    listed = [row["suffix"] for row in lexicons.rows("unreadable_formats")]
    assert listed and not set(listed) & set(READERS)
    assert all(s.startswith(".") and s == s.lower() for s in listed)
    assert {row["save_as"] for row in lexicons.rows("unreadable_formats")} <= set(READERS)


def test_registry_keys_are_lower_case_suffixes() -> None:
    assert all(key.startswith(".") and key == key.lower() for key in READERS)


def test_path_is_kept_as_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("report.txt").write_bytes(REPORT_SNIPPET.encode())
    assert load("./report.txt").path == "./report.txt"


# --- text already in memory ----------------------------------------------------------


def test_document_from_text_keeps_the_text() -> None:
    text = "  " + REPORT_SNIPPET.replace("\n", "\r\n")
    doc = document_from_text(text)
    assert (doc.text, doc.path, doc.source_kind, doc.encoding) == (text, "<string>", "string", None)
    assert document_from_text(text, path="memo").path == "memo"


def test_document_from_text_drops_a_leading_bom_like_load(tmp_path: Path) -> None:
    target = tmp_path / "bom.txt"
    target.write_bytes(REPORT_SNIPPET.encode("utf-8-sig"))
    read_naively = target.read_text(encoding="utf-8")  # keeps U+FEFF
    assert document_from_text(read_naively).text == load(target).text


@pytest.mark.parametrize(
    ("text", "word"), [("", "empty"), (" \n\u3000", "whitespace"), ("ab\x00cd", "binary")]
)
def test_document_from_text_rejects_bad_text(text: str, word: str) -> None:
    with pytest.raises(InputError, match=word) as info:
        document_from_text(text)
    assert_one_line_error(info.value)
