"""crosscheck.ingest.docx: the text view of a Word report, its tables, and bad .docx files."""

from __future__ import annotations

import builtins
import io
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest

docx = pytest.importorskip("docx")
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls  # noqa: E402

import crosscheck  # noqa: E402
from crosscheck.cli import main  # noqa: E402
from crosscheck.errors import InputError, MissingExtraError  # noqa: E402
from crosscheck.ingest import load  # noqa: E402
from crosscheck.ingest.docx import read_docx  # noqa: E402
from crosscheck.types import Cell, Document, Table  # noqa: E402

CAPTION = "2021年部门整体支出绩效自评表"
BEFORE = "2021年部门整体支出预算4847.61万元，执行率为114%。"
AFTER = "全年实际拨付资金997.76万元，完成率249%。"


def save(document: object, path: Path) -> Path:
    document.save(str(path))  # type: ignore[attr-defined]
    return path


def report_docx(folder: Path) -> Path:
    """A 部门整体支出绩效自评报告 in miniature: headings, narrative, a scored table, more narrative."""
    d = docx.Document()
    d.add_heading("XX区卫生健康委员会2021年度部门整体支出绩效自评报告", level=0)
    d.add_heading("一、部门基本情况", level=1)
    d.add_paragraph(BEFORE)
    d.add_paragraph(CAPTION)
    t = d.add_table(rows=6, cols=5)
    header = t.cell(0, 0).merge(t.cell(0, 4))  # a title row across all five columns
    header.text = "部门整体支出绩效指标"
    for col, label in enumerate(["一级指标", "二级指标", "三级指标", "分值", "得分"]):
        t.cell(1, col).text = label
    output = t.cell(2, 0).merge(t.cell(4, 0))  # vMerge: one 产出指标 over three rows
    output.text = "产出指标"
    rows = [
        ("数量指标", "医疗救助人次完成率98%", "10", "10"),
        ("质量指标", "资金拨付率100%", "10", "9"),
        ("时效指标", "预算执行率114%", "10", "8"),
    ]
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            t.cell(r, c).text = value
    total = t.cell(5, 0).merge(t.cell(5, 2))
    total.text = "总分"
    t.cell(5, 3).text = "30"
    t.cell(5, 4).text = "27"
    d.add_heading("二、绩效目标完成情况", level=1)
    d.add_paragraph(AFTER)
    return save(d, folder / "report.docx")


@pytest.fixture
def report(tmp_path: Path) -> tuple[Path, Document]:
    path = report_docx(tmp_path)
    return path, load(path)


def cell_at(table: Table, row: int, col: int) -> Cell | None:
    return next((c for c in table.cells if (c.row, c.col) == (row, col)), None)


def assert_cells_index_text(doc: Document) -> None:
    for table in doc.tables:
        assert doc.text[table.span.start : table.span.end].startswith("\t")
        for cell in table.cells:
            assert doc.text[cell.span.start : cell.span.end] == cell.raw
            assert table.span.contains(cell.span)


# --- the report --------------------------------------------------------------------------


def test_report_document_fields(report: tuple[Path, Document]) -> None:
    path, doc = report
    assert doc.source_kind == "docx"
    assert doc.path == str(path)
    assert doc.text.endswith("\n")
    assert len(doc.tables) == 1
    assert doc.tables[0].layout == "docx"


def test_text_command_prints_the_text_view(report: tuple[Path, Document], capsys) -> None:
    path, doc = report
    assert main(["text", str(path)]) == 0
    out = capsys.readouterr().out
    assert out == doc.text
    assert "一、部门基本情况\n" + BEFORE in out
    assert "\t产出指标\n" in out


def test_paragraphs_and_table_are_in_document_order(report: tuple[Path, Document]) -> None:
    _, doc = report
    (table,) = doc.tables
    title = doc.text.index("部门整体支出绩效自评报告")
    heading = doc.text.index("一、部门基本情况")
    before = doc.text.index(BEFORE)
    caption = doc.text.index(CAPTION + "\n")
    after = doc.text.index(AFTER)
    assert title < heading < before < caption < table.span.start
    assert table.span.end < doc.text.index("二、绩效目标完成情况") < after
    # The flattened form: a blank line around the table, one cell a line after a TAB.
    assert doc.text[: table.span.start].endswith(CAPTION + "\n\n")
    assert doc.text[table.span.end :].startswith("\n\n二、")


def test_caption_is_the_title_right_above(report: tuple[Path, Document]) -> None:
    _, doc = report
    assert doc.tables[0].caption == CAPTION


def test_cell_spans_index_the_text(report: tuple[Path, Document]) -> None:
    _, doc = report
    assert_cells_index_text(doc)


def test_merged_cells_have_spans_and_cover_their_positions(
    report: tuple[Path, Document],
) -> None:
    _, doc = report
    (table,) = doc.tables
    assert [len(row) for row in table.rows] == [1, 5, 5, 4, 4, 3]
    header = cell_at(table, 0, 0)
    assert header is not None
    assert (header.raw, header.row_span, header.col_span) == ("部门整体支出绩效指标", 1, 5)
    output = cell_at(table, 2, 0)
    assert output is not None
    assert (output.raw, output.row_span, output.col_span) == ("产出指标", 3, 1)
    assert cell_at(table, 3, 0) is None and cell_at(table, 4, 0) is None
    total = cell_at(table, 5, 0)
    assert total is not None
    assert (total.raw, total.row_span, total.col_span) == ("总分", 1, 3)
    assert [(c.col, c.raw) for c in table.rows[5]] == [(0, "总分"), (3, "30"), (4, "27")]
    assert [(c.col, c.raw) for c in table.rows[3]] == [
        (1, "质量指标"),
        (2, "资金拨付率100%"),
        (3, "10"),
        (4, "9"),
    ]
    plain = [c for c in table.cells if c not in (header, output, total)]
    assert all((c.row_span, c.col_span) == (1, 1) for c in plain)
    assert doc.text.count("产出指标") == 1, "a merged cell is written once"


def test_extract_finds_narrative_amounts_and_rates(report: tuple[Path, Document]) -> None:
    path, _ = report
    mentions = crosscheck.extract(path)
    by_surface = {}
    for m in mentions:
        by_surface.setdefault(m.quantity.surface, []).append(m)
    (amount,) = by_surface["4847.61万元"]
    assert amount.role == "narrative"
    assert amount.quantity.value == 48476100
    assert {m.role for m in by_surface["114%"]} == {"narrative", "table"}
    assert by_surface["997.76万元"][0].role == "narrative"


def test_extract_marks_table_percentages_as_table(report: tuple[Path, Document]) -> None:
    path, doc = report
    (table,) = doc.tables
    inside = [m for m in crosscheck.extract(path) if table.span.contains(m.span)]
    percents = sorted(m.quantity.surface for m in inside if m.quantity.kind == "percent")
    assert percents == ["100%", "114%", "98%"]
    assert {m.role for m in inside} == {"table"}


# --- table shapes ------------------------------------------------------------------------


def test_nested_table_follows_its_outer_table(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("表前说明。")
    outer = d.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "项目名称"
    holder = outer.cell(0, 1)
    holder.text = "外层说明"
    inner = holder.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "内层A 12.5万元"
    inner.cell(0, 1).text = "内层B 80%"
    holder.add_paragraph("外层结语")
    d.add_paragraph("表后说明。")
    doc = load(save(d, tmp_path / "nested.docx"))
    assert_cells_index_text(doc)
    first, second = doc.tables
    assert [c.raw for c in first.cells] == ["项目名称", "外层说明\n外层结语"]
    assert [c.raw for c in second.cells] == ["内层A 12.5万元", "内层B 80%"]
    assert doc.text.index("表前说明") < first.span.end < second.span.start
    assert second.span.end < doc.text.index("表后说明")
    assert doc.text.count("内层A") == 1


def test_empty_table_is_not_written(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("第一段。")
    d.add_table(rows=3, cols=3)
    d.add_paragraph("第二段。")
    doc = load(save(d, tmp_path / "empty-table.docx"))
    assert doc.tables == ()
    assert "\t" not in doc.text
    assert doc.text.startswith("第一段。\n") and "第二段。" in doc.text


def test_cell_tabs_and_blank_lines_are_cleaned(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "预算数\t执行数"  # python-docx writes the TAB as <w:tab/>
    cell = t.cell(0, 1)
    cell.text = "第一行"
    cell.add_paragraph("")
    cell.add_paragraph("   ")
    cell.add_paragraph("第二行")
    doc = load(save(d, tmp_path / "messy.docx"))
    assert_cells_index_text(doc)
    assert [c.raw for c in doc.tables[0].cells] == ["预算数 执行数", "第一行\n第二行"]
    assert "\n\n\t第" not in doc.text


def test_caption_only_for_a_short_title(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("表1 收入支出决算总表（单位：万元）")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "收入"
    d.add_paragraph("下表列出了本部门2021年度全部项目支出的明细情况，请参阅。")
    d.add_table(rows=1, cols=1).cell(0, 0).text = "支出"
    d.add_table(rows=1, cols=1).cell(0, 0).text = "合计"
    doc = load(save(d, tmp_path / "captions.docx"))
    assert [t.caption for t in doc.tables] == ["表1 收入支出决算总表（单位：万元）", None, None]
    assert "表1 收入支出决算总表（单位：万元）\n" in doc.text


def test_content_controls_and_tracked_insertions_are_read(tmp_path: Path) -> None:
    d = docx.Document()
    body = d.element.body
    sdt = parse_xml(
        f"<w:sdt {nsdecls('w')}><w:sdtContent><w:p><w:r><w:t>目录</w:t></w:r></w:p>"
        "</w:sdtContent></w:sdt>"
    )
    body.insert(0, sdt)
    p = d.add_paragraph("预算")
    p._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="a" w:date="2022-01-01T00:00:00Z">'
            "<w:r><w:t>4847.61万元</w:t></w:r></w:ins>"
        )
    )
    p._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="a" w:date="2022-01-01T00:00:00Z">'
            "<w:r><w:delText>4847.62万元</w:delText></w:r></w:del>"
        )
    )
    d.add_paragraph("第一行").add_run().add_break()
    doc = load(save(d, tmp_path / "wrapped.docx"))
    assert doc.text.startswith("目录\n预算4847.61万元\n第一行\n")
    assert "4847.62" not in doc.text


def test_vmerge_continue_without_a_cell_above_stands_alone(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=2, cols=2)
    for (r, c), text in {(0, 0): "甲", (0, 1): "乙", (1, 0): "丙", (1, 1): "丁"}.items():
        t.cell(r, c).text = text
    tc = t.rows[0].cells[0]._tc
    tc.get_or_add_tcPr().append(parse_xml(f"<w:vMerge {nsdecls('w')}/>"))
    doc = load(save(d, tmp_path / "odd-vmerge.docx"))
    assert [(c.row, c.col, c.raw, c.row_span) for c in doc.tables[0].cells] == [
        (0, 0, "甲", 1),
        (0, 1, "乙", 1),
        (1, 0, "丙", 1),
        (1, 1, "丁", 1),
    ]


def test_huge_grid_span_is_clamped(tmp_path: Path) -> None:
    d = docx.Document()
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "宽"
    t.cell(0, 1).text = "后"
    tc = t.rows[0].cells[0]._tc
    tc.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {nsdecls("w")} w:val="1000000000"/>'))
    doc = load(save(d, tmp_path / "wide.docx"))
    (only,) = doc.tables[0].cells  # the second cell is beyond the column limit
    assert only.raw == "宽" and only.col_span <= 256


# --- bad files ---------------------------------------------------------------------------


def assert_one_line(error: InputError) -> None:
    for lang in ("zh", "en"):
        message = error.message(lang)
        assert message and "\n" not in message and message == message.strip()
    assert error.message("zh") != error.message("en")


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def real_docx_bytes(tmp_path: Path) -> bytes:
    return report_docx(tmp_path).read_bytes()


def bad_truncated(tmp_path: Path) -> bytes:
    data = real_docx_bytes(tmp_path)
    return data[: len(data) // 2]


def bad_junk_zip(tmp_path: Path) -> bytes:
    return zip_bytes({"junk.bin": bytes(range(256)) * 4})


def bad_no_document_xml(tmp_path: Path) -> bytes:
    with zipfile.ZipFile(io.BytesIO(real_docx_bytes(tmp_path))) as archive:
        members = {n: archive.read(n) for n in archive.namelist() if n != "word/document.xml"}
    return zip_bytes(members)


def bad_document_xml_not_xml(tmp_path: Path) -> bytes:
    with zipfile.ZipFile(io.BytesIO(real_docx_bytes(tmp_path))) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members["word/document.xml"] = members["word/document.xml"][:300]
    return zip_bytes(members)


def bad_plain_text(tmp_path: Path) -> bytes:
    return "一、部门基本情况\n预算4847.61万元。\n".encode()


BAD_FILES = {
    "truncated": (bad_truncated, "损坏"),
    "junk-zip": (bad_junk_zip, "word/document.xml"),
    "no-document-xml": (bad_no_document_xml, "word/document.xml"),
    "document-xml-not-xml": (bad_document_xml_not_xml, "损坏"),
    "plain-text": (bad_plain_text, "zip"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_docx_is_one_line_input_error(name: str, tmp_path: Path, capsys) -> None:
    make, expected = BAD_FILES[name]
    path = tmp_path / f"{name}.docx"
    path.write_bytes(make(tmp_path))
    with pytest.raises(InputError) as info:
        load(path)
    assert_one_line(info.value)
    assert expected in info.value.message("zh")
    assert "DOCX" in info.value.message("en")
    assert main(["extract", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("crosscheck: 错误: ")
    assert "Traceback" not in err


def write_zeros_member(path: Path, n_bytes: int, *, extra: dict[str, bytes]) -> None:
    """A .docx-looking zip whose document.xml inflates to ``n_bytes`` of zeros, streamed."""
    chunk = bytes(1 << 22)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in extra.items():
            archive.writestr(name, data)
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(n_bytes // len(chunk)):
                member.write(chunk)


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    write_zeros_member(path, 300 << 20, extra={"[Content_Types].xml": b"<Types/>"})
    return path


def test_zip_bomb_is_refused_without_inflating(bomb: Path, capsys) -> None:
    assert bomb.stat().st_size < 4 << 20
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            load(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_one_line(info.value)
    assert "压缩炸弹" in info.value.message("zh")
    assert peak < 16 << 20, f"peak {peak} bytes: the member was inflated"
    assert main(["extract", str(bomb)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_small_but_highly_compressed_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ratio.docx"
    write_zeros_member(path, 32 << 20, extra={})  # under the size limit, over the ratio
    with pytest.raises(InputError, match="zip bomb"):
        load(path)


def test_file_over_max_bytes_is_refused(report: tuple[Path, Document]) -> None:
    path, _ = report
    with pytest.raises(InputError) as info:
        read_docx(path, max_bytes=1000)
    assert_one_line(info.value)
    assert "过大" in info.value.message("zh")


def test_unreadable_file_is_an_input_error(
    report: tuple[Path, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = report
    real_open = builtins.open

    def refuse(file: object, *args: object, **kwargs: object) -> object:
        if file == path:
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    # Tests may run as root, where chmod 000 does not stop a read.
    monkeypatch.setattr(builtins, "open", refuse)
    with pytest.raises(InputError) as info:
        load(path)
    assert_one_line(info.value)
    assert "权限" in info.value.message("zh")


def test_docx_without_text_is_an_input_error(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("")
    d.add_table(rows=2, cols=2)
    with pytest.raises(InputError) as info:
        load(save(d, tmp_path / "blank.docx"))
    assert_one_line(info.value)
    assert "没有文字" in info.value.message("zh")


def test_missing_python_docx_names_the_extra(
    report: tuple[Path, Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = report
    monkeypatch.setitem(sys.modules, "docx", None)  # makes `import docx` raise ImportError
    with pytest.raises(MissingExtraError) as info:
        load(path)
    assert "crosscheck-cn-budget[docx]" in info.value.message("en")


def test_damaged_bytes_never_escape_as_other_errors(tmp_path: Path) -> None:
    """Flipped bytes anywhere in a real file: every failure is an InputError."""
    import random

    data = real_docx_bytes(tmp_path)
    rng = random.Random(20240601)
    path = tmp_path / "damaged.docx"
    for _ in range(200):
        damaged = bytearray(data)
        for _ in range(rng.choice((1, 3, 10))):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        path.write_bytes(bytes(damaged))
        try:
            load(path)
        except InputError as error:
            assert_one_line(error)
