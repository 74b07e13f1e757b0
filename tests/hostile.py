"""Hostile files, built in memory: the reproducers of issue 13 §2 (file formats).

Shared by tests/test_hostile_files.py and bench/fuzz_campaign.py. Every builder returns
the file's bytes and is cheap: a "bomb" is a small file whose declared or inflated size
is huge, never a huge file. The report text in them is our own wording.
"""

from __future__ import annotations

import io
import os
import random
import struct
import zipfile
import zlib
from collections.abc import Callable

# A small report of our own: one CC101 contradiction (18 + 9 is not 30).
REPORT_LINES = (
    "柳河县林业服务中心2023年度部门整体支出绩效自评报告",
    "一、部门基本情况",
    "中心现有工作人员30人，其中在职人员18人，退休人员9人。",
    "二、预算执行情况",
    "全年预算数为200.00万元，执行数为150.00万元，预算执行率为75.00%。",
)
TABLE_ROWS = (
    ("项目名称", "预算数", "执行数", "执行率"),
    ("林木养护经费", 120.0, 90.0, 0.75),
    ("防火巡护经费", 80.0, 60.0, 0.75),
)


# --- zip plumbing -------------------------------------------------------------------------


def rezip(
    data: bytes,
    *,
    edit: Callable[[str, bytes], bytes | None] = lambda name, body: body,
    extra: dict[str, bytes] | None = None,
    stored: frozenset[str] = frozenset(),
) -> bytes:
    """The archive ``data`` with each member passed through ``edit`` (None drops it),
    ``extra`` members added; members named in ``stored`` are written uncompressed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        items = [(i.filename, source.read(i)) for i in source.infolist()]
        items += list((extra or {}).items())
        for name, body in items:
            new = edit(name, body)
            if new is None:
                continue
            method = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            target.writestr(name, new, compress_type=method)
    return out.getvalue()


def patch_headers(data: bytes, *, flag_bits: int = 0, method: int | None = None) -> bytes:
    """Set general-purpose flag bits and/or the compression method in every local and
    central header of the archive (the data itself is left as it is)."""
    out = bytearray(data)
    for signature, flag_at, method_at in ((b"PK\x03\x04", 6, 8), (b"PK\x01\x02", 8, 10)):
        at = out.find(signature)
        while at != -1:
            (flags,) = struct.unpack_from("<H", out, at + flag_at)
            struct.pack_into("<H", out, at + flag_at, flags | flag_bits)
            if method is not None:
                struct.pack_into("<H", out, at + method_at, method)
            at = out.find(signature, at + 4)
    return bytes(out)


def deflate_repeated(unit: bytes, times: int) -> bytes:
    """A raw deflate stream of ``unit * times`` made without inflating it: one block
    compressed with a full flush (no back-references across it) is repeated."""
    first = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = first.compress(unit) + first.flush(zlib.Z_FULL_FLUSH)
    last = zlib.compressobj(9, zlib.DEFLATED, -15)
    return block * times + last.flush(zlib.Z_FINISH)


def zip_with_raw_member(
    base: bytes, name: str, raw_deflate: bytes, *, declared_size: int, crc: int = 0
) -> bytes:
    """``base`` with member ``name`` replaced by ``raw_deflate`` (already compressed),
    declaring ``declared_size`` bytes uncompressed whatever it inflates to."""
    members = []
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        for info in source.infolist():
            if info.filename != name:
                body = zlib.compressobj(6, zlib.DEFLATED, -15)
                plain = source.read(info)
                packed = body.compress(plain) + body.flush()
                members.append((info.filename, packed, len(plain), zlib.crc32(plain)))
    members.append((name, raw_deflate, declared_size, crc))
    out = bytearray()
    central = bytearray()
    for filename, packed, size, checksum in members:
        encoded = filename.encode()
        offset = len(out)
        out += struct.pack(
            "<4s5H3L2H",
            b"PK\x03\x04",
            20,
            0,
            8,
            0,
            0,
            checksum,
            len(packed),
            size,
            len(encoded),
            0,
        )
        out += encoded + packed
        central += struct.pack(
            "<4s6H3L5H2L",
            b"PK\x01\x02",
            20,
            20,
            0,
            8,
            0,
            0,
            checksum,
            len(packed),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    start = len(out)
    out += central
    out += struct.pack(
        "<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members), len(central), start, 0
    )
    return bytes(out)


# --- sound files of each format -------------------------------------------------------------


def docx_bytes(lines: tuple[str, ...] = REPORT_LINES) -> bytes:
    from docx import Document

    document = Document()
    for line in lines:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(TABLE_ROWS[0]))
    for row in TABLE_ROWS:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = str(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes(rows: tuple[tuple[object, ...], ...] = TABLE_ROWS, *, percent_col: int = 3) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "自评表"
    sheet.append([REPORT_LINES[0]])
    for row in rows:
        sheet.append(list(row))
    for cells in sheet.iter_rows(min_row=3):
        cells[percent_col].number_format = "0.00%"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def html_bytes(lines: tuple[str, ...] = REPORT_LINES) -> bytes:
    body = "".join(f"<p>{line}</p>" for line in lines)
    rows = "".join(
        "<tr>" + "".join(f"<td>{value}</td>" for value in row) + "</tr>" for row in TABLE_ROWS
    )
    page = (
        f"<html><head><meta charset='utf-8'></head><body>{body}<table>{rows}</table></body></html>"
    )
    return page.encode("utf-8")


def pdf_bytes(lines: tuple[str, ...] = REPORT_LINES) -> bytes:
    from tests.pdfgen import Report

    report = Report()
    for line in lines:
        report.paragraph(line)
    report.table([[str(v) for v in row] for row in TABLE_ROWS], widths=[160, 80, 80, 80])
    return report.to_bytes()


# --- hostile xlsx -----------------------------------------------------------------------------


def xlsx_strong_encryption_flag() -> bytes:
    """Every entry flagged "strong encryption" (bit 6): zipfile raises NotImplementedError."""
    return patch_headers(xlsx_bytes(), flag_bits=0x40)


def xlsx_whole_sheet_merge() -> bytes:
    """An 8 KB workbook merging A1:XFD1048576: openpyxl would make 17 billion cells."""

    def edit(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            merge = b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
            return body.replace(b"</sheetData>", b"</sheetData>" + merge, 1)
        return body

    return rezip(xlsx_bytes(), edit=edit)


def incompressible(size: int, seed: int = 13) -> bytes:
    return random.Random(seed).randbytes(size)


def xlsx_huge_shared_string(size: int = 240 * 1024 * 1024) -> bytes:
    """The title cell's string made ``size`` bytes long (openpyxl writes strings inline),
    the archive's compression ratio padded by a stored random member."""
    pad = "xl/media/pad.bin"

    def edit(name: str, body: bytes) -> bytes:
        if name == "xl/worksheets/sheet1.xml":
            return body.replace(b"<t>", b"<t>" + b"A" * size, 1)
        return body

    return rezip(
        xlsx_bytes(), edit=edit, extra={pad: incompressible(size // 150)}, stored=frozenset({pad})
    )


def xlsx_float_noise() -> bytes:
    """An 执行率 cell holding 2.2e-16 shown as 0.00%, and more float noise around it."""
    rows = (
        TABLE_ROWS[0],
        ("林木养护经费", 120.0, 2.2e-16, 2.2e-16),
        ("防火巡护经费", 1e308, -1e-300, 5e-324),
        ("合计", 120.00000000000001, 1.7976931348623157e308, 0.30000000000000004),
    )
    return xlsx_bytes(rows)


# --- hostile docx -----------------------------------------------------------------------------


def docx_padded_bomb(xml_bytes: int = 200 * 1024 * 1024) -> bytes:
    """document.xml inflating to ``xml_bytes`` of paragraphs; a stored random member keeps
    the archive's overall compression ratio under the ratio check."""
    paragraph = b"<w:p><w:r><w:t>" + "林木养护经费执行数为90万元。".encode() + b"</w:t></w:r></w:p>"

    def edit(name: str, body: bytes) -> bytes:
        if name == "word/document.xml":
            head, _, tail = body.partition(b"<w:body>")
            repeat = paragraph * (xml_bytes // len(paragraph))
            return head + b"<w:body>" + repeat + tail
        return body

    pad = "word/media/image1.bin"
    return rezip(
        docx_bytes(),
        edit=edit,
        extra={pad: incompressible(xml_bytes // 150)},
        stored=frozenset({pad}),
    )


def docx_lying_size(inflated: int = 2 * 1024**3) -> bytes:
    """document.xml declares 1,000 bytes and inflates to ``inflated`` bytes of spaces."""
    unit = b" " * (1024 * 1024)
    stream = deflate_repeated(unit, inflated // len(unit))
    return zip_with_raw_member(docx_bytes(), "word/document.xml", stream, declared_size=1000)


def docx_bzip2_claim() -> bytes:
    """Every deflated member's header says bzip2 (method 12): bz2 raises OSError on the data."""
    return patch_headers(docx_bytes(), method=zipfile.ZIP_BZIP2)


def docx_bad_relationships_root() -> bytes:
    """The package relationships part has another root element than <Relationships>."""

    def edit(name: str, body: bytes) -> bytes:
        if name == "_rels/.rels":
            return b'<?xml version="1.0"?><Types xmlns="urn:example:not-rels"><Foo/></Types>'
        if name == "word/_rels/document.xml.rels":
            return b'<?xml version="1.0"?><html><body/></html>'
        return body

    return rezip(docx_bytes(), edit=edit)


# --- hostile html -------------------------------------------------------------------------------


def html_nested_tables(depth: int = 500) -> bytes:
    inner = "<p>中心现有工作人员30人，其中在职人员18人，退休人员9人。</p>"
    page = "<table><tr><td>" * depth + inner + "</td></tr></table>" * depth
    return f"<html><body>{page}</body></html>".encode()


def html_long_pre(lines: int = 1_000_000) -> bytes:
    return b"<html><body><pre>" + b"1\n" * lines + b"</pre></body></html>"


# --- hostile pdf --------------------------------------------------------------------------------


def _pdf(objects: list[bytes], root: int = 1) -> bytes:
    from tests.pdfgen import assemble_pdf

    return assemble_pdf(objects, root)


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_self_referencing_mediabox() -> bytes:
    """A one-page PDF whose /MediaBox is an indirect reference to itself."""
    stream = b"BT /F1 12 Tf 72 720 Td (Total 30, staff 18, retired 9.) Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox 6 0 R >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox 6 0 R /Resources << /Font << /F1 4 0 R >> >>"
            b" /Contents 5 0 R >>",
            _FONT,
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
            b"6 0 R",
        ]
    )


def pdf_self_parent() -> bytes:
    """A page that is its own parent, with no page size: inheritance must not loop."""
    stream = b"BT /F1 12 Tf 72 720 Td (Total 30, staff 18, retired 9.) Tj ET"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 3 0 R /Resources << /Font << /F1 4 0 R >> >>"
            b" /Contents 5 0 R >>",
            _FONT,
            b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        ]
    )


def pdf_form_drawing_itself() -> bytes:
    """A form XObject whose content draws itself, and a page tree listing itself as a kid."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject"
            b" << /X 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length 5 >>\nstream\n/X Do\nendstream",
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject"
            b" << /X 5 0 R >> >> /Length 5 >>\nstream\n/X Do\nendstream",
        ]
    )


def pdf_dense_pages(pages: int = 30, chars_per_page: int = 95_000) -> bytes:
    """``pages`` pages each drawing ``chars_per_page`` digits in tiny type."""
    per_line = 500
    line = b"(" + b"1234567890" * (per_line // 10) + b") Tj 0 -1 Td\n"
    body = b"BT /F1 1 Tf 0 840 Td\n" + line * (chars_per_page // per_line) + b"ET"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", _FONT]
    kids = []
    for _ in range(pages):
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(body), body))
        content = len(objects)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
            b"<< /F1 3 0 R >> >> /Contents %d 0 R >>" % content
        )
        kids.append(len(objects))
    references = b" ".join(b"%d 0 R" % k for k in kids)
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (references, len(kids))
    return _pdf(objects)


def pdf_flate_bomb(inflated: int = 3 * 1024**3) -> bytes:
    """A content stream that inflates to ``inflated`` bytes of spaces."""
    unit = b" " * (1024 * 1024)
    stream = zlib.compress(b"") if inflated == 0 else None
    raw = deflate_repeated(unit, inflated // len(unit))
    # A zlib wrapper around the raw deflate stream (FlateDecode wants one).
    stream = b"\x78\x9c" + raw + struct.pack(">L", 1)
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
            b"<< /F1 4 0 R >> >> /Contents 5 0 R >>",
            _FONT,
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        ]
    )


HOSTILE: dict[str, tuple[str, Callable[[], bytes]]] = {
    "xlsx-strong-encryption": (".xlsx", xlsx_strong_encryption_flag),
    "xlsx-whole-sheet-merge": (".xlsx", xlsx_whole_sheet_merge),
    "xlsx-huge-shared-string": (".xlsx", xlsx_huge_shared_string),
    "xlsx-float-noise": (".xlsx", xlsx_float_noise),
    "docx-padded-bomb": (".docx", docx_padded_bomb),
    "docx-lying-size": (".docx", docx_lying_size),
    "docx-bzip2-claim": (".docx", docx_bzip2_claim),
    "docx-bad-relationships-root": (".docx", docx_bad_relationships_root),
    "html-nested-tables": (".html", html_nested_tables),
    "html-long-pre": (".html", html_long_pre),
    "pdf-self-referencing-mediabox": (".pdf", pdf_self_referencing_mediabox),
    "pdf-self-parent": (".pdf", pdf_self_parent),
    "pdf-form-drawing-itself": (".pdf", pdf_form_drawing_itself),
    "pdf-dense-pages": (".pdf", pdf_dense_pages),
    "pdf-flate-bomb": (".pdf", pdf_flate_bomb),
}


def write(folder: os.PathLike[str] | str, name: str) -> str:
    suffix, build = HOSTILE[name]
    path = os.path.join(folder, name + suffix)
    with open(path, "wb") as handle:
        handle.write(build())
    return path
