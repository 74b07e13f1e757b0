"""Hostile files (issue 13 §2, file formats): a clear one-line error or a correct read,
never a traceback, a stall or gigabytes of memory. The files are built in memory by
tests/hostile.py (a "bomb" is a small file); each test names the class it reproduces."""

from __future__ import annotations

import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from crosscheck import config
from crosscheck.cli import main
from crosscheck.errors import InputError
from crosscheck.ingest import load
from crosscheck.ingest.archive import MAX_XML_BYTES
from crosscheck.pipeline import run_check

from . import hostile


def refused(path: Path, *, within: float = 10.0, peak_mb: float = 200.0) -> str:
    """``load(path)``'s one-line zh message; it must come fast and allocate little."""
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(InputError) as info:
            load(path)
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert time.monotonic() - started < within
    assert peak < peak_mb * 1024 * 1024, f"peak {peak / 2**20:.0f} MB"
    message = info.value.message("zh")
    assert "\n" not in message and "\n" not in info.value.message("en")
    return message


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- zip entries Office never writes --------------------------------------------------------


def test_xlsx_entries_flagged_strong_encryption_are_refused(tmp_path: Path) -> None:
    # NotImplementedError("strong encryption (flag bit 6)") from zipfile before.
    path = write(tmp_path, "flagged.xlsx", hostile.xlsx_strong_encryption_flag())
    assert "加密或无法解压" in refused(path)


def test_docx_parts_claiming_bzip2_are_refused(tmp_path: Path) -> None:
    # OSError("Invalid data stream") from bz2 before.
    path = write(tmp_path, "bzip2.docx", hostile.docx_bzip2_claim())
    assert "加密或无法解压" in refused(path)


def test_docx_whose_relationships_part_has_another_root_is_corrupt(tmp_path: Path) -> None:
    # AttributeError inside python-docx before.
    path = write(tmp_path, "rels.docx", hostile.docx_bad_relationships_root())
    assert "已损坏" in refused(path)


# --- inflation is bounded by streaming, not by declared sizes or ratios -----------------------


def test_docx_declaring_1000_bytes_and_inflating_2_gb_is_refused_without_inflating_it(
    tmp_path: Path,
) -> None:
    # python-docx read the whole member at once (2 GB) before the size did not match.
    path = write(tmp_path, "lying.docx", hostile.docx_lying_size(2 * 1024**3))
    assert "已损坏" in refused(path, peak_mb=50)


def test_docx_bomb_padded_by_a_stored_member_is_refused_by_the_byte_budget(
    tmp_path: Path,
) -> None:
    # The stored random member keeps the declared ratio under the ratio check.
    path = write(tmp_path, "padded.docx", hostile.docx_padded_bomb(MAX_XML_BYTES + 16 * 2**20))
    assert "压缩炸弹" in refused(path, peak_mb=60)


def test_xlsx_with_a_huge_string_is_refused_by_the_byte_budget(tmp_path: Path) -> None:
    path = write(tmp_path, "string.xlsx", hostile.xlsx_huge_shared_string(MAX_XML_BYTES + 2**20))
    assert "压缩炸弹" in refused(path, peak_mb=60)


def test_a_docx_under_the_budget_with_a_stored_member_still_reads(tmp_path: Path) -> None:
    # Trap: a stored member (an image, say) is normal; only the inflated bytes count.
    path = write(tmp_path, "images.docx", hostile.docx_padded_bomb(64 * 1024))
    assert "林木养护经费执行数为90万元" in load(path).text


def test_xlsx_merging_the_whole_sheet_is_refused_before_openpyxl_makes_its_cells(
    tmp_path: Path,
) -> None:
    # openpyxl made a cell object for each of the 17 billion positions (6 GB, killed).
    path = write(tmp_path, "merge.xlsx", hostile.xlsx_whole_sheet_merge())
    assert "合并单元格" in refused(path, within=5)


def test_xlsx_with_an_ordinary_merge_still_reads(tmp_path: Path) -> None:
    # Trap: a title merged across a whole row (A1:XFD1, 16,384 positions) is no bomb.
    def edit(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1"/></mergeCells>'
            return body.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
        return body

    path = write(tmp_path, "title.xlsx", hostile.rezip(hostile.xlsx_bytes(), edit=edit))
    assert "防火巡护经费" in load(path).text


# --- values --------------------------------------------------------------------------------------


def test_xlsx_float_noise_in_a_percent_cell_reads_and_checks(tmp_path: Path) -> None:
    # 2.2e-16 in an 执行率 cell shown as 0.00%, 1e308, 5e-324: decimal.InvalidOperation before.
    path = write(tmp_path, "noise.xlsx", hostile.xlsx_float_noise())
    document = load(path)
    assert "0.000000000000022%" in document.text
    result = run_check(document)
    for finding in result.findings:
        for evidence in finding.evidence:
            assert document.text[evidence.span.start : evidence.span.end] == evidence.text


# --- the command line ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("flagged.xlsx", hostile.xlsx_strong_encryption_flag),
        ("merge.xlsx", hostile.xlsx_whole_sheet_merge),
        ("bzip2.docx", hostile.docx_bzip2_claim),
        ("rels.docx", hostile.docx_bad_relationships_root),
    ],
)
def test_check_says_one_line_and_exits_2(capsys, tmp_path: Path, name: str, build) -> None:
    path = write(tmp_path, name, build())
    assert main(["check", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert "内部错误" not in err  # a known kind of bad file, not a bug of ours


# --- html ------------------------------------------------------------------------------------------


def test_500_nested_layout_tables_read_as_text_and_check(tmp_path: Path) -> None:
    # RecursionError before: each layout table was read by a recursive call.
    path = write(tmp_path, "nested.html", hostile.html_nested_tables(500))
    document = load(path)
    assert document.text.strip() == "中心现有工作人员30人，其中在职人员18人，退休人员9人。"
    assert [f.rule for f in run_check(document).findings] == ["CC101"]


def test_nesting_past_the_parsers_limit_is_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, "deeper.html", hostile.html_nested_tables(1500))
    assert "无法解析" in refused(path)


def test_a_long_pre_is_read_in_linear_time(tmp_path: Path) -> None:
    # The reader's part of the <pre> stall: a line break per line, no quadratic step.
    path = write(tmp_path, "pre.html", hostile.html_long_pre(200_000))
    started = time.monotonic()
    document = load(path)
    assert time.monotonic() - started < 20
    assert document.text.count("1") == 200_000


# --- pdf -------------------------------------------------------------------------------------------


def test_pdf_flate_bomb_is_refused_before_pdfium_inflates_it(tmp_path: Path) -> None:
    # PDFium inflated the 3 GB content stream whole (killed at 3 GB).
    path = write(tmp_path, "bomb.pdf", hostile.pdf_flate_bomb(3 * 1024**3))
    assert "压缩炸弹" in refused(path, peak_mb=50)


def test_pdf_with_many_small_compressed_streams_under_the_budget_reads(tmp_path: Path) -> None:
    # Trap: an ordinary compressed content stream (a few MB of spaces) is no bomb.
    path = write(tmp_path, "spaces.pdf", hostile.pdf_flate_bomb(4 * 1024**2))
    with pytest.raises(InputError, match="text layer"):  # read, and found to draw nothing
        load(path)


def test_pdf_with_95000_characters_a_page_is_refused_at_its_first_page(tmp_path: Path) -> None:
    # 30 such pages took over 150 s to read.
    path = write(tmp_path, "dense.pdf", hostile.pdf_dense_pages(30, 95_000))
    assert "第 1 页字符过多" in refused(path, within=5)


def test_pdf_character_budget_for_the_whole_file(tmp_path: Path, monkeypatch) -> None:
    from crosscheck.ingest import pdf

    path = write(tmp_path, "pages.pdf", hostile.pdf_dense_pages(4, 1_000))
    monkeypatch.setattr(pdf, "MAX_PDF_CHARS", 2_500)
    message = refused(path)
    assert "PDF 字符过多" in message and "前 3 页" in message
    monkeypatch.setattr(pdf, "MAX_PDF_CHARS", 4_000)  # trap: exactly at the budget reads
    assert ("pages", "4") in load(path).meta


def test_pdf_reading_time_budget_is_checked_between_pages(tmp_path: Path, monkeypatch) -> None:
    from crosscheck.ingest import pdf

    path = write(tmp_path, "pages.pdf", hostile.pdf_dense_pages(3, 1_000))
    monkeypatch.setattr(pdf, "READ_SECONDS", -1.0)
    assert "读取超时" in refused(path)


def test_pdf_whose_page_size_refers_to_itself_reads(tmp_path: Path) -> None:
    # Looped forever with the pdfminer-based reader; PDFium takes a default page size.
    path = write(tmp_path, "self.pdf", hostile.pdf_self_referencing_mediabox())
    assert "Total 30, staff 18, retired 9." in load(path).text


@pytest.mark.parametrize("build", [hostile.pdf_self_parent, hostile.pdf_form_drawing_itself])
def test_pdf_reference_loops_read_or_refuse_in_one_line(tmp_path: Path, build) -> None:
    path = write(tmp_path, "loop.pdf", build())
    started = time.monotonic()
    try:
        text = load(path).text
    except InputError as error:
        assert "\n" not in error.message("zh")
    else:
        assert "Total 30" in text
    assert time.monotonic() - started < 10


# --- check --timeout -------------------------------------------------------------------------------

# A reader stuck in C code (time.sleep, like PDFium, runs without the GIL), in a child
# process: the watchdog ends the process itself.
STUCK_READER = """
import sys, time
import crosscheck.ingest
crosscheck.ingest.READERS[".txt"] = lambda path, max_bytes: time.sleep(60)
from crosscheck.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_stuck(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", STUCK_READER, *argv], capture_output=True, text=True, timeout=60
    )


def test_check_timeout_ends_a_stuck_file_with_one_line_and_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, "stuck.txt", "全年支出100万元。".encode())
    started = time.monotonic()
    done = run_stuck("check", str(path), "--timeout", "1")
    assert time.monotonic() - started < 30
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"crosscheck: 错误: {path}: 超过 1 秒仍未完成，已放弃（--timeout）\n"


def test_check_timeout_leaves_a_quick_file_alone(capsys, tmp_path: Path) -> None:
    path = write(tmp_path, "flawed.txt", f"{hostile.REPORT_LINES[2]}\n".encode())
    assert main(["check", str(path), "--timeout", "30"]) == 1
    assert "CC101" in capsys.readouterr().out
    assert main(["check", str(path), "--timeout", "0"]) == 1  # 0 = no limit
    assert main(["check", str(path), "--timeout", "-1"]) == 2
    assert "--timeout >= 0" in capsys.readouterr().err


def test_check_has_a_generous_default_timeout() -> None:
    from crosscheck.cli import build_parser

    args = build_parser().parse_args(["check", "x.txt"])
    assert args.timeout == config.CHECK_TIMEOUT >= 60


def test_pdf_glyph_mapped_to_a_lone_surrogate_reads_as_a_replacement(
    tmp_path: Path, monkeypatch
) -> None:
    # A byte-mutated font map gave U+DD30: UnicodeEncodeError when the view was printed.
    import pypdfium2.raw as raw

    real = raw.FPDFText_GetUnicode
    monkeypatch.setattr(
        raw, "FPDFText_GetUnicode", lambda page, i: 0xDD30 if i == 0 else real(page, i)
    )
    path = write(tmp_path, "report.pdf", hostile.pdf_bytes())
    text = load(path).text
    assert "\ufffd" in text and not any(0xD800 <= ord(c) < 0xE000 for c in text)
    text.encode("utf-8")
