"""Word .docx -> :class:`Document`: the body's paragraphs and tables, in document order.

The file is checked before python-docx sees it: its size against ``max_bytes``,
then the zip (corrupt, unreadable members, missing ``word/document.xml``, or a
zip bomb: every member is inflated under a byte budget; see
:mod:`crosscheck.ingest.archive`). python-docx opens the checked bytes in memory; the body is then walked on the XML itself, because python-docx's
conveniences lose text that reports do contain:

- content controls (``w:sdt``, which hold many a cover page and 目录) and
  ``w:customXml`` wrap paragraphs and tables that ``iter_inner_content`` skips;
- runs inside tracked insertions (``w:ins``), smart tags, simple fields and
  inline content controls are missing from ``Paragraph.text``;
- ``_Row.cells`` raises on a ``vMerge="continue"`` cell with nothing above it,
  which Word itself tolerates.

What is written: each paragraph on its own line; each table through
:class:`TextViewBuilder` with its merged cells (``gridSpan`` across,
``vMerge`` down) as one cell at the top-left position and nothing at the
positions it covers. A cell's text is its paragraphs joined by newlines; a
table nested in a cell is written as a table of its own right after the outer
one, so that nothing is lost. A short title right before a table ("…情况表")
is passed as its caption and is still written as a paragraph.

What is not: headers, footers, footnotes, comments, text boxes and drawings,
deleted text of tracked changes, and Word's automatic list numbering: a
heading numbered by Word ("一、" from a numbering definition) is not in the
paragraph text, and rendering it would need the numbering part's counters, so
such a heading reaches the text view without its number.
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from crosscheck.errors import InputError, MissingExtraError
from crosscheck.ingest.archive import open_office_zip
from crosscheck.ingest.files import display_path
from crosscheck.ingest.textview import CellContent, TextViewBuilder, clean_paragraph_text
from crosscheck.types import Document

__all__ = ["read_docx"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_BODY, _SDT, _SDT_CONTENT, _CUSTOM_XML = (
    f"{_W}body",
    f"{_W}sdt",
    f"{_W}sdtContent",
    f"{_W}customXml",
)
_VAL, _TYPE = f"{_W}val", f"{_W}type"

# Elements that only wrap block content (paragraphs, tables, rows, cells): look inside.
_WRAPPERS = frozenset({_SDT, _SDT_CONTENT, _CUSTOM_XML})
# Run-level elements and the text they stand for; w:br is handled apart (page breaks).
_RUN_TEXT = {
    f"{_W}tab": "\t",
    f"{_W}ptab": "\t",
    f"{_W}cr": "\n",
    f"{_W}noBreakHyphen": "-",
}
_T, _BR = f"{_W}t", f"{_W}br"
# Subtrees whose text is not the paragraph's own: properties, deleted text of
# tracked changes, and drawings/text boxes (whose mc:Fallback repeats the text).
_SKIP_IN_PARAGRAPH = frozenset(
    {
        f"{_W}pPr",
        f"{_W}rPr",
        f"{_W}del",
        f"{_W}moveFrom",
        f"{_W}drawing",
        f"{_W}pict",
        f"{_W}object",
        f"{_W}txbxContent",
        f"{_MC}AlternateContent",
    }
)

# Word allows 63 columns; a hostile gridSpan="1000000000" must not build a huge grid.
MAX_TABLE_COLUMNS = 256
# A caption is a short title line: "2021年部门整体支出绩效自评表", "表3 项目支出情况表（单位：万元）".
CAPTION_MAX_CHARS = 40
_CAPTION = re.compile(
    r"""^(?: 附?表\s*[0-9一二三四五六七八九十]+ .*   # 表1 …, 附表2 …
         | .*表 (?:\s*[（(][^）)]*[）)])? )           # … 情况表, optionally （单位：万元）
       [：:]?$""",
    re.VERBOSE,
)


def read_docx(path: str | os.PathLike[str], *, max_bytes: int) -> Document:
    """Read a .docx report into its text view (``source_kind="docx"``).

    Raises :class:`InputError` for a file over ``max_bytes``, a corrupt or
    truncated file, a zip that is no .docx, a zip bomb, or a document with no
    text; :class:`MissingExtraError` when python-docx is not installed.
    """
    shown = display_path(path)
    package = open_office_zip(path, fmt="DOCX", required="word/document.xml", max_bytes=max_bytes)
    body = _open_body(package, shown)
    builder = TextViewBuilder(source_kind="docx")
    _write_blocks(builder, body)
    document = builder.build(str(path))
    if not document.text.strip():
        raise InputError(
            f"DOCX 文件中没有文字（可能是扫描图片）：{shown}",
            f"the DOCX file contains no text (a scanned image?): {shown}",
        )
    return document


def _open_body(package: BinaryIO, shown: str) -> Any:
    """The ``w:body`` element of the main document part, via python-docx."""
    try:
        import docx
        from docx.opc.exceptions import OpcError
        from lxml import etree
    except ImportError:
        raise MissingExtraError("DOCX", "docx", "python-docx") from None
    try:
        root = docx.Document(package).element
    except (
        AttributeError,  # a part with another root element than its kind (<Relationships>…)
        KeyError,  # a part named in [Content_Types].xml or a relationship is missing
        ValueError,  # "not a Word file, content type is …"
        EOFError,
        zipfile.BadZipFile,  # CRC mismatch in a member the zip check could not see
        zlib.error,  # a deflate stream cut short
        etree.LxmlError,  # XMLSyntaxError and friends: a part is not well-formed XML
        OpcError,
        # zipfile's answers for a member it cannot inflate: NotImplementedError for an
        # unknown compression method, RuntimeError (only) for an encrypted member.
        NotImplementedError,
        RuntimeError,
    ):
        raise _corrupt(shown) from None
    body = root.find(_BODY)
    if body is None:
        # Strict Open XML and other oddities use another namespace: nothing we can read.
        raise _corrupt(shown)
    return body


def _corrupt(shown: str) -> InputError:
    return InputError(
        f"DOCX 文件已损坏，无法读取：{shown}",
        f"the DOCX file is corrupt and cannot be read: {shown}",
    )


# --- the walk ----------------------------------------------------------------------------


def _blocks(container: Any) -> Iterator[Any]:
    """The w:p and w:tbl elements of a body or cell, in order, looking inside wrappers."""
    for child in container:
        tag = child.tag
        if tag in (_P, _TBL):
            yield child
        elif tag in _WRAPPERS:
            yield from _blocks(child)


def _children(parent: Any, tag: str) -> Iterator[Any]:
    """Children of ``parent`` with ``tag`` (rows of a table, cells of a row), through wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def paragraph_to_text(p: Any) -> str:
    """The visible text of a w:p: runs wherever they are nested, TABs and line breaks kept."""
    out: list[str] = []
    _collect_text(p, out)
    return "".join(out)


def _collect_text(element: Any, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == _T:
            out.append(child.text or "")
        elif tag == _BR:
            # A page or column break is layout, not a line break inside the paragraph.
            if child.get(_TYPE) in (None, "textWrapping"):
                out.append("\n")
        elif tag in _RUN_TEXT:
            out.append(_RUN_TEXT[tag])
        elif tag not in _SKIP_IN_PARAGRAPH and isinstance(tag, str):
            # isinstance: comments and processing instructions have a non-str tag.
            _collect_text(child, out)


def _write_blocks(builder: TextViewBuilder, container: Any) -> None:
    previous_paragraph: str | None = None
    for block in _blocks(container):
        if block.tag == _P:
            text = paragraph_to_text(block)
            if builder.add_paragraph(text) is not None:
                previous_paragraph = clean_paragraph_text(text)
            continue
        caption = _caption(previous_paragraph)
        previous_paragraph = None
        _write_table(builder, block, caption)


def _write_table(builder: TextViewBuilder, tbl: Any, caption: str | None) -> None:
    """Write ``tbl``, then the tables nested in its cells (depth first, in order)."""
    nested: list[Any] = []
    builder.add_table(table_to_grid(tbl, nested), layout="docx", caption=caption)
    for inner in nested:
        _write_table(builder, inner, None)


def _caption(paragraph: str | None) -> str | None:
    if paragraph is None or "\n" in paragraph:
        return None
    title = paragraph.strip()
    if len(title) > CAPTION_MAX_CHARS or not _CAPTION.match(title):
        return None
    return title


# --- tables ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Anchor:
    """A cell's top-left grid position, growing downwards while rows continue its vMerge."""

    row: int
    col: int
    text: str
    col_span: int
    row_span: int = 1


def table_to_grid(tbl: Any, nested: list[Any]) -> list[list[CellContent | None]]:
    """The grid of a w:tbl: a CellContent at each cell's top-left position, None elsewhere.

    Tables nested in cells are appended to ``nested`` (their text is not in the cell's).
    A ``vMerge="continue"`` cell extends the cell above it when that one starts at the
    same grid column with the same width; otherwise (a malformed file) it stands alone.
    The text of a continuing cell is dropped, as Word does not show it.
    """
    anchors: list[_Anchor] = []
    open_at: dict[int, _Anchor] = {}  # grid column -> the cell the next row may continue
    n_rows = 0
    for row, tr in enumerate(_children(tbl, _TR)):
        n_rows = row + 1
        col = min(_int_property(tr, "trPr", "gridBefore", default=0), MAX_TABLE_COLUMNS)
        still_open: dict[int, _Anchor] = {}
        for tc in _children(tr, _TC):
            span = max(_int_property(tc, "tcPr", "gridSpan", default=1), 1)
            span = min(span, MAX_TABLE_COLUMNS - col)
            if span < 1:  # the row already reaches the column limit
                break
            text = _cell_text(tc, nested)
            above = open_at.get(col)
            if _continues_vmerge(tc) and above is not None and above.col_span == span:
                above.row_span += 1
                still_open[col] = above
            else:
                anchor = _Anchor(row, col, text, span)
                anchors.append(anchor)
                still_open[col] = anchor
            col += span
        open_at = still_open
    grid: list[list[CellContent | None]] = [[] for _ in range(n_rows)]
    for a in anchors:  # in row order, left to right: each row list grows to the right
        line = grid[a.row]
        line.extend([None] * (a.col - len(line)))
        line.append(CellContent(a.text, a.row_span, a.col_span))
        line.extend([None] * (a.col_span - 1))
    return grid


def _cell_text(tc: Any, nested: list[Any]) -> str:
    lines: list[str] = []
    for block in _blocks(tc):
        if block.tag == _P:
            lines.append(paragraph_to_text(block))
        else:
            nested.append(block)
    return "\n".join(lines)


def _int_property(element: Any, props: str, name: str, *, default: int) -> int:
    """``w:val`` of ``element/w:{props}/w:{name}`` as an int, or ``default`` if absent or bad."""
    node = element.find(f"{_W}{props}/{_W}{name}")
    if node is None:
        return default
    try:
        return max(int(node.get(_VAL, default)), 0)
    except ValueError:
        return default


def _continues_vmerge(tc: Any) -> bool:
    node = tc.find(f"{_W}tcPr/{_W}vMerge")
    # <w:vMerge/> without w:val means "continue"; only "restart" starts a merge.
    return node is not None and node.get(_VAL, "continue") == "continue"
