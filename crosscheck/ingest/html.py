"""Web pages (.html, .htm) -> :class:`Document`, through the text view.

Government sites publish reports as pages, often exported from Word. The
page becomes what a reader sees of it:

- script, style, noscript, head (and other non-text parts) and elements
  hidden with ``hidden`` or ``display:none`` are dropped;
- each block element (p, div, h1-h6, li, tr, br…) ends a paragraph, inline
  text (span, b, a, Word's ``o:p``…) is joined into the paragraph it is in;
  headings are plain paragraphs: the segment stage finds them by numbering;
- whitespace is collapsed as a browser does (``&nbsp;`` is a space), except
  that a line break in the source between two Chinese characters is dropped,
  not made a space (CSS Text 3 segment-break rule): ``执行\\n率`` is ``执行率``;
- a ``<table>`` becomes a table (``layout="html"``) with rowspan/colspan as
  cell spans; its caption is its ``<caption>``, else a full-width title row at
  its top, else a table title among the few paragraphs just above it. A table
  nested in a cell is written after the table that holds it.

A table used for page layout is not data: a table with at most one cell of
text (a frame around the article), or one holding a nested table in a cell
that also has a long text of its own (the article with its tables inside),
is read as running text, its inner tables as tables in place.

Bytes -> text: a byte-order mark decides; then the charset the page declares
(``<meta charset>``, ``http-equiv`` Content-Type, an XML declaration): UTF-8,
or GBK/GB2312/GB18030 read as GB18030; a declared charset that does not fit the
bytes (templates are relabelled without re-encoding) and an undeclared one fall
back to the detection used for plain text (:mod:`crosscheck.ingest.text`).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from crosscheck.errors import InputError, MissingExtraError
from crosscheck.ingest.files import display_path, read_bytes
from crosscheck.ingest.text import (
    UTF8_BOM,
    UTF16_BOMS,
    bytes_to_text,
    check_text,
    is_binary,
    looks_like_gb_text,
)
from crosscheck.ingest.textview import CellContent, TextViewBuilder
from crosscheck.ingest.xlsx import drop_empty_rows, pick_caption, split_title_rows
from crosscheck.types import Document

if TYPE_CHECKING:
    from lxml.html import HtmlElement

__all__ = [
    "CAPTION_LOOKBACK_PARAGRAPHS",
    "LAYOUT_CELL_MIN_CHARS",
    "MAX_COLSPAN",
    "MAX_ROWSPAN",
    "MAX_TABLE_POSITIONS",
    "html_bytes_to_text",
    "read_html",
    "rows_to_grid",
]

# Where a page declares its charset: browsers look at the first 1024 bytes;
# Chinese CMS pages put long comments and scripts first, so look further.
CHARSET_SNIFF_BYTES = 8192
# A caption above a table is among the last few paragraphs before it
# (title, then 单位：万元, then the table).
CAPTION_LOOKBACK_PARAGRAPHS = 3
# A cell with this much text of its own beside a nested table is an article
# laid out with a table, not a data cell.
LAYOUT_CELL_MIN_CHARS = 200
# The HTML table model's own limits for spans.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
# Grid positions (rows x columns) one table may take: a 1 MB page of real
# tables has a few tens of thousands.
MAX_TABLE_POSITIONS = 1_000_000

_GB_CHARSETS = frozenset({"gbk", "gb2312", "gb18030", "x-gbk", "cp936", "euc-cn", "x-euc-cn"})
_UTF8_CHARSETS = frozenset({"utf-8", "utf8", "unicode-1-1-utf-8"})
_META_CHARSET = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)

# Elements whose text is no part of the page's content.
_SKIPPED = frozenset(
    {
        "head", "title", "script", "style", "noscript", "template", "iframe", "object",
        "embed", "svg", "math", "select", "textarea", "button", "input", "img", "map",
    }
)  # fmt: skip
# Elements that start and end a paragraph (td/th when a layout table is read as text).
_BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd",
        "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
        "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
        "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip
_END_OF_PAGE = re.compile(r"</\s*(?:body|html)\s*>", re.IGNORECASE)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPAN_VALUE = re.compile(r"\s*\+?(\d+)")

_WIDE = r"[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
# A source line break (with the indentation around it) between two wide characters.
_WIDE_SEGMENT_BREAK = re.compile(rf"(?<={_WIDE})[ \t\f]*[\r\n][ \t\r\n\f]*(?={_WIDE})")
# HTML whitespace, plus the no-break space that &nbsp; gives.
_SPACES = re.compile(r"[ \t\r\n\f\xa0]+")

# A block boundary in the event stream of :func:`_events`.
_BREAK = None
_Event = str | None  # text, or a block boundary; tables come as elements
_END = object()  # an exhausted event stream


def read_html(path: str | os.PathLike[str], *, max_bytes: int) -> Document:
    """Read the page at ``path``; bad input -> :class:`InputError`."""
    data = read_bytes(path, max_bytes=max_bytes)
    text, encoding = html_bytes_to_text(data)
    try:
        import lxml.html
        from lxml import etree
    except ImportError:
        raise MissingExtraError("HTML", "html", "lxml") from None

    shown = display_path(path)
    # The text is already decoded: hand lxml UTF-8 and say so, so that the
    # page's own (possibly wrong) charset declaration is not applied twice.
    # huge_tree lifts libxml2's nesting limit from 256 to 2048: Word-made pages
    # with unclosed <font>/<span> tags nest that deep. (It also lifts the size
    # limit of one text node; the HTML parser expands no custom entities, and
    # the input is already bounded by max_bytes.)
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, huge_tree=True
    )
    try:
        # libxml2 drops everything after </html>; a browser shows it (CMS
        # templates append content after a stray end tag), so the end tags go.
        body = _END_OF_PAGE.sub("", text)
        root = lxml.html.document_fromstring(body.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
        raise _unparsable_error(str(error), shown) from None
    # libxml2 gives up on the rest of a page at a fatal error (nesting too deep)
    # and returns what it has: reading half a report silently is worse than
    # not reading it.
    fatal = next((e for e in parser.error_log if e.level_name == "FATAL"), None)
    if fatal is not None:
        raise _unparsable_error(fatal.message.strip(), shown)
    view = _PageView(TextViewBuilder(source_kind="html"), shown)
    view.flow(root)
    view.flush()
    document = view.builder.build(str(path))
    if not document.text.strip():
        raise InputError(
            f"HTML 页面中没有可读文本：{shown}", f"the HTML page has no readable text: {shown}"
        )
    return dataclasses.replace(document, encoding=encoding)


def _unparsable_error(reason: str, shown: str) -> InputError:
    reason = " ".join(reason.split())  # one line
    return InputError(
        f"HTML 文件无法解析（{reason}）：{shown}",
        f"the HTML file cannot be parsed ({reason}): {shown}",
    )


def html_bytes_to_text(data: bytes) -> tuple[str, str]:
    """Decode a page: ``(text, encoding)``, or :class:`InputError`.

    The BOM first, then the declared charset when it fits the bytes, then the
    plain-text detection (UTF-8, then plausible GB18030).
    """
    if not data:
        raise InputError("文件为空", "the file is empty")
    if data.startswith((UTF8_BOM, *UTF16_BOMS)):
        text, encoding = bytes_to_text(data)
    elif is_binary(data):
        raise InputError(
            "不是 HTML 文本文件（含二进制内容）", "not an HTML text file (contains binary data)"
        )
    else:
        text, encoding = _declared_decode(data) or bytes_to_text(data)
    check_text(text)
    return text, encoding


def _declared_decode(data: bytes) -> tuple[str, str] | None:
    head = data[:CHARSET_SNIFF_BYTES]
    found = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    if found is None:
        return None
    charset = found.group(1).decode("ascii").lower()
    if charset in _UTF8_CHARSETS:
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            return None
    if charset in _GB_CHARSETS:
        # GB18030 decodes almost any bytes: UTF-8 labelled gb2312 would come out
        # as mojibake without this plausibility check.
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            return None
        return (text, "gb18030") if looks_like_gb_text(text) else None
    return None  # another label (iso-8859-1 on a Chinese page is a template default)


# --- the page as events --------------------------------------------------------------


def _events(root: HtmlElement) -> Iterator[_Event | HtmlElement]:
    """The content of ``root`` in order: text, ``_BREAK`` at block edges, and tables.

    Iterative, not recursive: a page may nest elements deeper than Python's
    recursion limit. ``root`` itself is a block; its tail is not its content.
    """
    yield _BREAK
    pre_depth = 0
    if root.text:
        yield root.text
    stack: list[tuple[HtmlElement, bool]] = [(child, False) for child in reversed(root)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else None
        if closing:
            if tag == "pre":
                pre_depth -= 1
            if tag in _BLOCKS:
                yield _BREAK
        elif tag is None or tag in _SKIPPED or _is_hidden(element):
            pass
        elif tag == "table":
            yield element
        elif tag == "br":
            yield _BREAK
        else:
            if tag in _BLOCKS:
                yield _BREAK
            if tag == "pre":
                pre_depth += 1
            if element.text:
                yield from _text_events(element.text, pre=pre_depth > 0)
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))
            continue
        if element.tail:
            yield from _text_events(element.tail, pre=pre_depth > 0)
    yield _BREAK


def _text_events(text: str, *, pre: bool) -> Iterator[_Event]:
    if not pre:
        yield text
        return
    lines = text.split("\n")  # inside <pre> a line break is a line break
    for index, line in enumerate(lines):
        if index:
            yield _BREAK
        yield line


def _is_hidden(element: HtmlElement) -> bool:
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    return bool(style) and _HIDDEN_STYLE.search(style) is not None


def collapse_whitespace(text: str) -> str:
    """Text as a browser shows it on one line, Chinese kept free of stray spaces."""
    text = _WIDE_SEGMENT_BREAK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def _events_to_lines(events: Iterator[_Event | HtmlElement], tables: list[HtmlElement]) -> str:
    """Cell or caption text, one line per block; tables met on the way go to ``tables``."""
    lines: list[str] = []
    pending: list[str] = []
    for event in events:
        if isinstance(event, str):
            pending.append(event)
            continue
        if event is not _BREAK:
            tables.append(event)
        line = collapse_whitespace("".join(pending))
        pending.clear()
        if line:
            lines.append(line)
    return "\n".join(lines)


# --- tables --------------------------------------------------------------------------


@dataclasses.dataclass
class _PageView:
    builder: TextViewBuilder
    shown: str
    pending: list[str] = dataclasses.field(default_factory=list)
    # Paragraphs written since the last table: where a caption above a table is.
    recent: list[str] = dataclasses.field(default_factory=list)

    def flow(self, root: HtmlElement) -> None:
        # A stack of event streams, not recursion: layout tables nest in layout tables
        # (500 deep in a hostile page), each read as running text with tables inside.
        streams: list[Iterator[_Event | HtmlElement]] = [_events(root)]
        while streams:
            event = next(streams[-1], _END)
            if event is _END:
                streams.pop()
            elif isinstance(event, str):
                self.pending.append(event)
            elif event is _BREAK:
                self.flush()
            else:
                self.flush()
                streams.append(self.table(event))

    def flush(self) -> None:
        text = collapse_whitespace("".join(self.pending))
        self.pending.clear()
        if text and self.builder.add_paragraph(text) is not None:
            self.recent.append(text)

    def table(self, table: HtmlElement) -> Iterator[_Event | HtmlElement]:
        """Write ``table``; what :meth:`flow` reads next: a layout table's content as
        running text, or the tables nested in a data table's cells."""
        caption, rows, nested = _table_parts(table)
        grid = rows_to_grid(rows, shown=self.shown)
        if _is_layout(grid, rows, nested):
            return _events(table)
        titles, body, notes = split_title_rows(drop_empty_rows(grid), titles_need_full_width=True)
        if caption:
            self.builder.add_paragraph(caption)
        for title in titles:
            self.builder.add_paragraph(title)
        above = [] if caption or titles else self.recent[-CAPTION_LOOKBACK_PARAGRAPHS:][::-1]
        chosen = caption or pick_caption(titles)
        if chosen is None:
            from crosscheck.segment.paragraphs import body_is_title  # as txt tables do

            chosen = next((p for p in above if body_is_title(p)), None)
        self.builder.add_table(body, layout="html", caption=chosen)
        for note in notes:
            self.builder.add_paragraph(note)
        self.recent.clear()
        return iter(nested)


# One cell as read: (text, rowspan, colspan, nested tables in it).
_RawCell = tuple[str, int, int, list["HtmlElement"]]


def _table_parts(table: HtmlElement) -> tuple[str, list[list[_RawCell]], list[HtmlElement]]:
    """``(caption, rows of cells, nested tables)`` of one table, its own rows only."""
    caption = ""
    nested: list[HtmlElement] = []
    head: list[HtmlElement] = []
    body: list[HtmlElement] = []
    foot: list[HtmlElement] = []
    for child in table:
        tag = child.tag if isinstance(child.tag, str) else None
        if tag == "caption" and not caption:
            caption = _events_to_lines(_events(child), nested).replace("\n", " ")
        elif tag == "tr":
            body.append(child)
        elif tag in ("thead", "tbody", "tfoot"):
            group = head if tag == "thead" else foot if tag == "tfoot" else body
            group.extend(tr for tr in child if tr.tag == "tr")
    rows: list[list[_RawCell]] = []
    # Browsers draw thead first and tfoot last, wherever they are in the source.
    for tr in head + body + foot:
        cells: list[_RawCell] = []
        for cell in tr:
            if cell.tag not in ("td", "th") or _is_hidden(cell):
                continue
            inner: list[HtmlElement] = []
            if len(cell) == 0:  # plain <td>text</td>: most cells, no walk needed
                text = collapse_whitespace(cell.text or "")
            else:
                text = _events_to_lines(_events(cell), inner)
            rowspan = _span(cell.get("rowspan"), MAX_ROWSPAN, zero=0)
            colspan = _span(cell.get("colspan"), MAX_COLSPAN, zero=1)
            cells.append((text, rowspan, colspan, inner))
            nested.extend(inner)
        rows.append(cells)
    return caption, rows, nested


def _span(value: str | None, maximum: int, *, zero: int) -> int:
    """A rowspan/colspan attribute as the HTML table model reads it (garbage -> 1)."""
    found = _SPAN_VALUE.match(value or "")
    if found is None:
        return 1
    number = int(found.group(1))
    return zero if number == 0 else min(number, maximum)


def rows_to_grid(rows: list[list[_RawCell]], *, shown: str = "") -> list[list[CellContent | None]]:
    """Expand rowspan/colspan into a grid: anchors hold the spans, covered positions None.

    The classic algorithm with a per-row occupancy map: each cell goes to the
    first free column of its row. Spans that would overlap an earlier cell (a
    malformed table) are cut where they meet it, so every position belongs to
    exactly one cell; a rowspan of 0 or past the end stops at the last row.
    Positions no cell reaches (short rows) are empty cells.
    """
    height = len(rows)
    taken: list[set[int]] = [set() for _ in range(height)]
    anchors: dict[tuple[int, int], CellContent] = {}
    width = 0
    for r, cells in enumerate(rows):
        c = 0
        for text, rowspan, colspan, _ in cells:
            while c in taken[r]:
                c += 1
            rowspan = height - r if rowspan == 0 else min(rowspan, height - r)
            span = 1
            while span < colspan and c + span not in taken[r]:
                span += 1
            cols = range(c, c + span)
            depth = 1
            while depth < rowspan and taken[r + depth].isdisjoint(cols):
                depth += 1
            for covered in taken[r : r + depth]:
                covered.update(cols)
            anchors[r, c] = CellContent(text, depth, span)
            c += span
            width = max(width, c)
            if width * height > MAX_TABLE_POSITIONS:
                raise InputError(
                    f"HTML 表格过大（{height} 行 × {width} 列以上），拒绝读取：{shown}",
                    f"an HTML table is too large ({height} rows x {width}+ columns); "
                    f"refused: {shown}",
                )
    grid: list[list[CellContent | None]] = [
        [None if c in taken[r] else CellContent("") for c in range(width)] for r in range(height)
    ]
    for (r, c), content in anchors.items():
        grid[r][c] = content
    return grid


def _is_layout(
    grid: list[list[CellContent | None]], rows: list[list[_RawCell]], nested: list[HtmlElement]
) -> bool:
    """A table that frames the page rather than holding data (see the module docstring)."""
    # Cell texts are already collapsed: any text left is visible text.
    with_text = sum(1 for row in grid for c in row if c is not None and c.text)
    if with_text <= 1:
        return True
    if not nested:
        return False
    return any(
        inner and len(text) >= LAYOUT_CELL_MIN_CHARS for row in rows for text, _, _, inner in row
    )
