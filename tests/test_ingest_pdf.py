"""crosscheck.ingest.pdf: the text view of PDF reports, their tables, and bad PDFs.

The fixtures in tests/fixtures/pdf/ were made by make_fixtures.py (reportlab, a dev-only
tool); these tests need only the ``pdf`` extra (pypdfium2 and pdfplumber).
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path
from typing import Any

import pytest

import crosscheck
from crosscheck.cli import main
from crosscheck.errors import InputError, MissingExtraError
from crosscheck.ingest import load
from crosscheck.types import Document, Table

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "pdf"
REPORT = FIXTURES / "report.pdf"
SCANNED = FIXTURES / "scanned.pdf"
ENCRYPTED = FIXTURES / "encrypted.pdf"

# What make_fixtures.py wrote into report.pdf.
TITLE = "某区医疗保障局2021年度部门整体支出绩效自评报告"
FORM_LINE = "填报单位：某区医疗保障局 单位：万元"
HEADING_1 = "一、部门基本情况"
PARAGRAPH_1 = (
    "2021年部门整体支出预算4847.61万元，执行率为114%。全年实际支出5514.89万元，"
    "其中基本支出449.64万元，项目支出5065.25万元。本部门内设4个科室，下设1个二级单位，"
    "编制数48人，年末在职在编人数40人。"
)
TABLE_1_TITLE = "部门整体支出绩效自评表"
HEADING_2 = "二、绩效目标完成情况"
PARAGRAPH_2 = (
    "全年城乡居民医疗保险参保32156人，医疗救助1386人次，资助困难群众参保资金997.76万元，"
    "完成率249%。群众满意度95%，较上年提高3个百分点。"
)
PARAGRAPH_3 = "三、存在的问题：预算编制不够精准，年中追加较多。"

needs_pdfplumber = pytest.mark.skipif(
    importlib.util.find_spec("pdfplumber") is None, reason="the pdf extra is not installed"
)


@pytest.fixture(scope="module")
def report() -> Document:
    if importlib.util.find_spec("pdfplumber") is None:
        pytest.skip("the pdf extra is not installed")
    return load(REPORT)


def grid_values(table: Table) -> list[list[str]]:
    return [[cell.raw for cell in row] for row in table.rows]


def assert_one_line_error(error: InputError) -> None:
    for lang in ("zh", "en"):
        message = error.message(lang)
        assert message and message.strip() == message
        assert "\n" not in message and "\r" not in message
    assert error.message("zh") != error.message("en")


# --- report.pdf: text ------------------------------------------------------------------


def test_fixtures_are_small() -> None:
    for path in (REPORT, SCANNED, ENCRYPTED):
        assert path.stat().st_size < 50 * 1024, path.name


def test_report_reads_as_pdf_document(report: Document) -> None:
    assert report.source_kind == "pdf"
    assert report.path == str(REPORT)
    assert dict(report.meta) == {"pages": "2"}
    assert report.text.endswith("\n")


def test_report_text_keeps_reading_order(report: Document) -> None:
    text = report.text
    order = [TITLE, FORM_LINE, HEADING_1, PARAGRAPH_1, TABLE_1_TITLE, "总分"]
    order += [HEADING_2, PARAGRAPH_2, "效益指标", PARAGRAPH_3]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_headings_and_paragraphs_are_lines_of_their_own(report: Document) -> None:
    lines = report.text.split("\n")
    for line in (TITLE, FORM_LINE, HEADING_1, TABLE_1_TITLE, HEADING_2, PARAGRAPH_3):
        assert line in lines


def test_wrapped_lines_are_joined_without_spaces(report: Document) -> None:
    # PARAGRAPH_1 is justified and wraps over three lines; PARAGRAPH_2 is ragged and
    # wraps on a page with no other full line (the edges come from page 1).
    lines = report.text.split("\n")
    assert PARAGRAPH_1 in lines
    assert PARAGRAPH_2 in lines


def test_fake_bold_title_is_read_once(report: Document) -> None:
    # The title is drawn twice, 0.3 pt apart.
    assert report.text.count(TITLE) == 1
    assert "某某" not in report.text


def test_page_numbers_are_dropped(report: Document) -> None:
    assert "- 1 -" not in report.text
    assert "第 2 页" not in report.text


def test_pages_are_separated_by_a_blank_line(report: Document) -> None:
    assert f"\n\n{HEADING_2}\n" in report.text


# --- report.pdf: tables ----------------------------------------------------------------


def test_report_has_two_pdf_tables(report: Document) -> None:
    assert len(report.tables) == 2
    assert {table.layout for table in report.tables} == {"pdf"}


def test_funds_table_grid(report: Document) -> None:
    values = grid_values(report.tables[0])
    # "年初预算数" wraps over two lines in its narrow cell ("年初预" / "算数") and is joined back.
    assert values[0] == ["项目", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    assert values[1] == ["合计", "4640.47", "4847.62", "5514.89", "10", "114%", "10"]
    assert values[2] == ["财政拨款", "4640.47", "4847.62", "5514.89", "—", "—", "—"]
    assert values[3] == ["其他资金", "0", "0", "0", "", "", ""]
    assert values[4] == ["总分", "10"]


def test_merged_columns_become_col_span(report: Document) -> None:
    total, score = report.tables[0].rows[4]
    assert (total.row, total.col, total.row_span, total.col_span) == (4, 0, 1, 6)
    assert (score.row, score.col, score.row_span, score.col_span) == (4, 6, 1, 1)


def test_merged_rows_become_row_span(report: Document) -> None:
    table = report.tables[1]
    assert grid_values(table) == [
        ["一级指标", "二级指标", "指标值", "实际完成值"],
        ["产出指标", "参保人数", "≥30000人", "32156人"],
        ["救助人次", "1200人次", "1386人次"],
        ["效益指标", "满意度", "≥90%", "95%"],
    ]
    merged = table.rows[1][0]
    assert (merged.row_span, merged.col_span) == (2, 1)
    assert [cell.col for cell in table.rows[2]] == [1, 2, 3]


def test_every_cell_span_indexes_the_text(report: Document) -> None:
    for table in report.tables:
        assert table.span.end <= len(report.text)
        for cell in table.cells:
            assert report.text[cell.span.start : cell.span.end] == cell.raw
            assert table.span.contains(cell.span)


# --- the public API and the CLI --------------------------------------------------------


@needs_pdfplumber
def test_cli_text_prints_the_text_view(
    report: Document, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["text", str(REPORT)]) == 0
    captured = capsys.readouterr()
    assert captured.out == report.text
    assert captured.err == ""


@needs_pdfplumber
def test_extract_finds_the_narrative_quantities() -> None:
    found = {(m.quantity.surface, m.role) for m in crosscheck.extract(REPORT)}
    assert ("4847.61万元", "narrative") in found
    assert ("114%", "narrative") in found
    assert ("114%", "table") in found


# --- bad input -------------------------------------------------------------------------


def _truncated(tmp_path: Path) -> Path:
    data = REPORT.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def _random_bytes(tmp_path: Path) -> Path:
    path = tmp_path / "random.pdf"
    path.write_bytes(random.Random(7).randbytes(4096))
    return path


def _text_file(tmp_path: Path) -> Path:
    path = tmp_path / "report.pdf"
    path.write_text("一、部门基本情况\n2021年预算数108.17万元，执行率90.37%。\n", encoding="utf-8")
    return path


def _header_only(tmp_path: Path) -> Path:
    path = tmp_path / "hollow.pdf"
    path.write_bytes(b"%PDF-1.4\n%%EOF\n")
    return path


BAD_INPUTS = {
    "scanned": (lambda tmp: SCANNED, "扫描件", "no text layer"),
    "encrypted": (lambda tmp: ENCRYPTED, "密码", "password"),
    "truncated": (_truncated, "不完整", "incomplete"),
    "random-bytes": (_random_bytes, "不是 PDF", "not a PDF"),
    "text-file": (_text_file, "不是 PDF", "not a PDF"),
    "header-only": (_header_only, "已损坏", "damaged"),
}


@needs_pdfplumber
@pytest.mark.parametrize("case", BAD_INPUTS, ids=str)
def test_bad_pdf_is_a_one_line_input_error(case: str, tmp_path: Path) -> None:
    make, zh, en = BAD_INPUTS[case]
    with pytest.raises(InputError) as info:
        load(make(tmp_path))
    assert_one_line_error(info.value)
    assert zh in info.value.message("zh")
    assert en in info.value.message("en")


@needs_pdfplumber
@pytest.mark.parametrize("case", BAD_INPUTS, ids=str)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_reports_a_bad_pdf_on_one_line(
    case: str, lang: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, zh, en = BAD_INPUTS[case]
    path = make(tmp_path)
    assert main(["extract", "--lang", lang, str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.endswith("\n")
    assert (zh if lang == "zh" else en) in captured.err
    assert "Traceback" not in captured.err


@needs_pdfplumber
def test_damaged_pdfs_never_raise_anything_but_input_error(tmp_path: Path) -> None:
    # Bytes flipped, cut out or inserted in the middle (header and %%EOF kept): pdfminer
    # fails in many ways; each must end as a Document or an InputError.
    data = REPORT.read_bytes()
    rng = random.Random(2024)
    path = tmp_path / "damaged.pdf"
    for round_ in range(30):
        damaged = bytearray(data)
        start = rng.randrange(16, len(data) - 64)
        if round_ % 3 == 0:
            for _ in range(8):
                damaged[rng.randrange(16, len(data) - 16)] = rng.randrange(256)
        elif round_ % 3 == 1:
            del damaged[start : start + rng.randint(1, 400)]
        else:
            damaged[start:start] = rng.randbytes(rng.randint(1, 200))
        path.write_bytes(bytes(damaged))
        try:
            load(path)
        except InputError as error:
            assert_one_line_error(error)


@needs_pdfplumber
def test_too_big_pdf_is_refused_before_parsing() -> None:
    with pytest.raises(InputError) as info:
        load(REPORT, max_bytes=1000)
    assert "过大" in info.value.message("zh")


@needs_pdfplumber
def test_page_count_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import crosscheck.ingest.pdf as pdf

    monkeypatch.setattr(pdf, "MAX_PDF_PAGES", 1)
    with pytest.raises(InputError) as info:
        load(REPORT)
    assert_one_line_error(info.value)
    assert "页数过多" in info.value.message("zh")


@needs_pdfplumber
def test_page_char_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    import crosscheck.ingest.pdf as pdf

    monkeypatch.setattr(pdf, "MAX_PAGE_CHARS", 50)
    with pytest.raises(InputError) as info:
        load(REPORT)
    assert_one_line_error(info.value)
    assert "第 1 页字符过多" in info.value.message("zh")


@needs_pdfplumber
def test_undecodable_text_layer_is_an_input_error(monkeypatch: pytest.MonkeyPatch) -> None:
    # A font without a Unicode map comes out of pdfminer as "(cid:N)" per glyph.
    import crosscheck.ingest.pdf as pdf

    real = pdf.dedupe_chars

    def as_cids(chars: Any) -> list[dict[str, Any]]:
        return [dict(c, text=f"(cid:{ord(c['text'][0])})") for c in real(chars)]

    monkeypatch.setattr(pdf, "dedupe_chars", as_cids)
    with pytest.raises(InputError) as info:
        load(REPORT)
    assert_one_line_error(info.value)
    assert "无法解码" in info.value.message("zh")


def test_missing_pdfplumber_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pdfplumber", None)  # makes `import pdfplumber` fail
    with pytest.raises(MissingExtraError) as info:
        load(REPORT)
    assert "crosscheck-cn-budget[pdf]" in info.value.message("zh")
    assert "pdfplumber" in info.value.message("en")


# --- the heuristics, on synthetic characters -------------------------------------------


def chars(text: str, x: float, top: float, *, size: float = 12.0, gap: float = 0.0) -> list[dict]:
    """pdfplumber-like chars for ``text`` set from ``x``: CJK one em wide, the rest half."""
    from crosscheck.ingest.pdf import is_cjk

    result = []
    for char in text:
        width = size if is_cjk(char) else size / 2
        result.append(
            {"text": char, "x0": x, "x1": x + width, "top": top, "bottom": top + size, "size": size}
        )
        x += width + gap
    return result


@pytest.mark.parametrize(
    "text",
    [
        "3",
        "12",
        "- 3 -",
        "— 12 —",
        "－3－",
        "第 3 页",
        "第3页",
        "第3页 共12页",
        "第 3 页，共 12 页",
        "3/12",
    ],
)
def test_page_number_lines(text: str) -> None:
    from crosscheck.ingest.pdf import is_page_number

    assert is_page_number(text)


@pytest.mark.parametrize(
    "text", ["2021年", "3个", "10%", "一、部门基本情况", "第3批次", "4847.61", "（3）", "3、"]
)
def test_not_page_number_lines(text: str) -> None:
    from crosscheck.ingest.pdf import is_page_number

    assert not is_page_number(text)


def test_no_space_between_spread_cjk_characters() -> None:
    from crosscheck.ingest.pdf import chars_to_lines

    # Justification spreads the glyphs by up to a third of an em: still one word.
    (line,) = chars_to_lines(chars("预算执行率为114%。", 72, 100, gap=4))
    assert line.text == "预算执行率为114%。"


def test_fields_far_apart_and_latin_words_keep_one_space() -> None:
    from crosscheck.ingest.pdf import chars_to_lines

    fields = chars("填报单位：某局", 72, 100) + chars("单位：万元", 400, 100)
    latin = chars("PDF", 72, 200) + chars(" ", 90, 200) + chars("OCR", 96, 200)
    first, second = chars_to_lines(fields + latin)
    assert first.text == "填报单位：某局 单位：万元"
    assert second.text == "PDF OCR"


def test_word_spaces_without_space_glyphs() -> None:
    from crosscheck.ingest.pdf import chars_to_lines

    # TeX draws no space glyphs: a third of an em between Latin words is a space. Word's
    # automatic CJK-Latin spacing (a quarter em around digits) is not.
    tex = chars("word", 72, 100) + chars("space", 72 + 24 + 4, 100)
    autospace = chars("预算", 72, 200) + chars("4847.61", 72 + 24 + 3, 200)
    autospace += chars("万元", autospace[-1]["x1"] + 3, 200)
    first, second = chars_to_lines(tex + autospace)
    assert first.text == "word space"
    assert second.text == "预算4847.61万元"


def test_duplicate_glyphs_are_dropped() -> None:
    from crosscheck.ingest.pdf import chars_to_lines, dedupe_chars

    bold = chars("部门", 72, 100) + chars("部门", 72.4, 100.3)
    (line,) = chars_to_lines(dedupe_chars(bold))
    assert line.text == "部门"


def _paragraphs(rows: list[tuple[str, float]]) -> list[str]:
    """Lines set at left x (12 pt, 20 pt leading); the column is 24 em wide from 72."""
    from crosscheck.ingest.pdf import chars_to_lines, lines_to_paragraphs, text_edges

    all_chars = [c for i, (text, x) in enumerate(rows) for c in chars(text, x, 100 + 20 * i)]
    lines = chars_to_lines(all_chars)
    return [p.text for p in lines_to_paragraphs(lines, text_edges(lines))]


FULL = "一二三四五六七八九十" * 2 + "甲乙丙丁"  # 24 em: a full line


def test_wrapped_lines_join_but_indents_and_short_lines_break() -> None:
    paragraphs = _paragraphs(
        [
            (FULL, 72),  # a full line ...
            (FULL, 72),  # ... continued by a full line ...
            ("末行。", 72),  # ... and its last line
            ("新段落首行缩进" + FULL[:17], 96),  # indented: a new paragraph
            ("接续。", 72),
            ("短行", 72),  # after a line that ended early: a hard break
        ]
    )
    assert paragraphs == [FULL + FULL + "末行。", "新段落首行缩进" + FULL[:17] + "接续。", "短行"]


def test_list_item_after_a_full_sentence_is_not_joined() -> None:
    paragraphs = _paragraphs([(FULL, 72), (FULL[:23] + "。", 72), ("2、第二项", 72)])
    assert paragraphs == [FULL + FULL[:23] + "。", "2、第二项"]


def test_no_join_without_a_shared_right_edge() -> None:
    # One full-looking line alone says nothing about the column: nothing is joined.
    assert _paragraphs([(FULL, 72), ("下一行", 72)]) == [FULL, "下一行"]


def test_grid_cell_with_a_missing_rule_extends_left() -> None:
    from crosscheck.ingest.pdf import table_to_grid

    # A 2x3 grid whose bottom-right box is missing: the cell left of it takes its place.
    cells = [
        (0, 0, 50, 20),
        (50, 0, 100, 20),
        (100, 0, 150, 20),
        (0, 20, 50, 40),
        (50, 20, 100, 40),
    ]
    text = chars("甲", 10, 4) + chars("乙", 60, 4) + chars("丙", 110, 4)
    text += chars("丁", 10, 24) + chars("戊", 80, 24) + chars("己", 104, 24)
    grid = table_to_grid(cells, text)
    assert [[(c.text, c.row_span, c.col_span) if c else None for c in row] for row in grid] == [
        [("甲", 1, 1), ("乙", 1, 1), ("丙", 1, 1)],
        [("丁", 1, 1), ("戊己", 1, 2), None],
    ]


def test_grid_cell_with_a_missing_rule_extends_down_when_left_is_tall() -> None:
    from crosscheck.ingest.pdf import table_to_grid

    # Left column merged over both rows; the box below 乙 is missing: 乙 extends down.
    cells = [(0, 0, 50, 40), (50, 0, 100, 20), (100, 0, 150, 20), (100, 20, 150, 40)]
    text = chars("甲", 10, 14) + chars("乙", 60, 4) + chars("丙", 110, 4) + chars("丁", 110, 24)
    grid = table_to_grid(cells, text)
    assert [[(c.text, c.row_span, c.col_span) if c else None for c in row] for row in grid] == [
        [("甲", 2, 1), ("乙", 2, 1), ("丙", 1, 1)],
        [None, None, ("丁", 1, 1)],
    ]


def test_a_unit_after_its_number_continues_the_line() -> None:
    # The number ends a line well short of the edge; its unit opens the next line.
    paragraphs = _paragraphs([(FULL, 72), (FULL, 72), ("资金预算为164.87", 72), ("万元。", 72)])
    assert paragraphs == [FULL + FULL + "资金预算为164.87万元。"]
    # A measure word that starts another word (人员) is no unit: the short line ends there.
    paragraphs = _paragraphs([(FULL, 72), (FULL, 72), ("在编18", 72), ("人员经费", 72)])
    assert paragraphs == [FULL + FULL + "在编18", "人员经费"]


def test_a_line_stopped_short_in_mid_sentence_continues() -> None:
    # Two characters short of the edge, ending inside a sentence (a number kept with the
    # character after it went to the next line): a wrap. A short line that ends a
    # sentence, or before a numbered item, is no wrap.
    short = FULL[:22]
    assert _paragraphs([(FULL, 72), (FULL, 72), (short, 72), ("2,450.16万元。", 72)]) == [
        FULL + FULL + short + "2,450.16万元。"
    ]
    assert _paragraphs([(FULL, 72), (FULL, 72), (short + "。", 72), ("下一段", 72)]) == [
        FULL + FULL + short + "。",
        "下一段",
    ]
    assert _paragraphs([(FULL, 72), (FULL, 72), (short, 72), ("2、第二项", 72)]) == [
        FULL + FULL + short,
        "2、第二项",
    ]
