"""Pages -> the blocks of the text view: paragraphs rebuilt from the layout, tables stitched.

Three stages, each a function over frozen values:

1. :func:`page_to_layout`: one page's glyphs and ruled tables -> :class:`PageLayout`
   (the visual lines outside the tables, the tables' parts), top to bottom.
2. :func:`drop_running_lines`: without page numbers, running headers and footers: a
   line at the very top or bottom of pages that only numbers the page, or whose text
   comes back in the margins of many pages (a table title never counts as one).
3. :func:`layouts_to_blocks`: paragraphs and tables in reading order.

   - **Paragraphs.** A line continues the previous one when the previous line was
     full (the text column's right edge left less room than this line's first word
     needs: a hard return leaves room), this line is not indented (首行缩进 starts a
     paragraph), the font size is the same, the gap is ordinary line spacing, and it
     is not a new list item after a finished sentence (``…。`` then ``2、…``). The
     same holds over a page break between the last line of one page and the first of
     the next (the vertical gap aside). A number and its unit split by a break
     (``…预留金额164.87`` / ``万元。``) are joined whatever room the line left: a unit
     never starts a paragraph.
   - **Tables continued over a page break.** A table that ends a page goes on in the
     table that starts the next page when their column rules match; the next page may
     first repeat the lines above the table (its number, title and unit line) and then
     its header rows: both are dropped, and the unit line and title above the first
     part apply to the whole table. A repeated title over a different first row is a
     new table of the same form (one 绩效目标表 per project), not a continuation.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import pairwise
from typing import Any

import regex

from crosscheck.captions import is_table_number
from crosscheck.ingest.pdf_lines import (
    TextLine,
    chars_to_lines,
    is_cjk,
    joiner,
    never_line_start,
)
from crosscheck.ingest.pdf_tables import (
    TablePart,
    cells_to_part,
    continues_on_fewer_rules,
    continues_table,
    find_table_cells,
    regrid,
    repeated_header_rows,
)
from crosscheck.ingest.textview import CellContent
from crosscheck.lexicons import rows

__all__ = [
    "Block",
    "PageLayout",
    "drop_running_lines",
    "is_page_number",
    "layouts_to_blocks",
    "lines_to_paragraphs",
    "page_to_layout",
    "text_edges",
]

# --- geometry, in ems (the font size) so that it holds at any size ----------------------
# Lines that end within this of each other share the text column's right edge.
EDGE_TOLERANCE_EM = 1.0
# A line starting more than this right of the column's left edge is indented: the first
# line of a paragraph (首行缩进 is two characters; less is a leading space or rounding).
INDENT_TOLERANCE_EM = 1.0
# The next line continues the previous one only when the gap between them is at most
# this: ordinary line spacing, not the space before a new block.
LINE_GAP_MAX_EM = 1.2
# A paragraph's lines start at most this right of the column's left edge (a first-line
# indent of two characters, a numbered item's hanging indent); a line further right is
# centred or right-aligned (a title, 单位：万元), never wrapped into the next.
FIRST_INDENT_MAX_EM = 4.0
# A line that stops at most this short of the right edge in the middle of a sentence was
# wrapped by line breaking rules, not ended (see _continues).
WRAP_ROOM_MAX_EM = 4.0
# Characters whose vertical centres differ by at most this belong to one line.
LINE_TOLERANCE_EM = 0.5
# ... and when their font sizes differ by at most this share (三号 16 pt body and a 小二
# 18 pt title differ by an eighth).
SIZE_TOLERANCE = 0.1
# Room left at a line's end smaller than the next line's first word by this much still
# counts as "did not fit" (rounding of glyph advances).
FIT_TOLERANCE_EM = 0.1
# A text column spans at least this share of the page's width.
COLUMN_MIN_SHARE = 0.5
# Page numbers sit in the top or bottom share of the page ...
PAGE_MARGIN_SHARE = 0.15
# ... running headers and footers in the margins proper, above and below the body (an A4
# page's body starts about an inch, 8.5 %, from its edge): a body line that comes back on
# many pages (a repeated short last line of a paragraph) is not one.
RUNNING_MARGIN_SHARE = 0.08
# A line in the margins is a running header or footer when its text comes back on at
# least this many pages, and on at least this share of the document's pages.
RUNNING_MIN_PAGES = 3
RUNNING_MIN_SHARE = 0.25
# The lines right above a table that a continuation page may repeat (表1, the title, a
# subtitle, the unit line); the nearest title among them is the table's caption.
CAPTION_LINES_MAX = 4
# A title is short (一般公共预算财政拨款基本支出决算表); a longer line ending in 表 is a
# sentence (…详见下表).
CAPTION_MAX_CHARS = 40

# A line that is only a page number: "3", "- 3 -", "— 3 —", "第 3 页", "第3页 共12页", "3/12".
_PAGE_NUMBER = regex.compile(
    r"""
    ^[\s\-–—－―·•]*                                    # decoration before
    (?:第\s*)?\d{1,4}(?:\s*页)?                        # the number, maybe as 第 N 页
    (?:\s*[/／]\s*\d{1,4}                              # of a total: 3/12
      |\s*[，,]?\s*共\s*\d{1,4}\s*页)?                 # or 共12页
    [\s\-–—－―·•]*$                                    # decoration after
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class PageLayout:
    """One page as the layout stages see it: text lines outside tables, and table parts."""

    number: int
    width: float
    height: float
    lines: tuple[TextLine, ...]
    tables: tuple[TablePart, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the text view, in reading order: a paragraph or a table."""

    text: str | None = None
    grid: list[list[CellContent | None]] | None = None
    caption: str | None = None
    page_break: bool = False  # a page boundary separates it from the block before


@dataclass(frozen=True, slots=True)
class _Vocab:
    final: frozenset[str]  # line-final punctuation: a paragraph may end after it
    closers: str  # closing quotes and brackets that may follow it (…。”)
    marker: regex.Pattern[str]  # heading numbering or a list marker at a line start
    unit: regex.Pattern[str]  # a unit at a line start: the rest of a split quantity
    title: regex.Pattern[str]  # a table title: 收支总表, 绩效目标表（2026年度）


@cache
def _vocab() -> _Vocab:
    punctuation = rows("segment_punctuation")
    final = frozenset(r["char"] for r in punctuation if r["role"] == "line_end")
    closers = "".join(r["char"] for r in punctuation if r["role"] == "closer")
    numbering = "|".join(
        f"(?:{r['pattern']})" for r in rows("heading_numbering") if r["level"] != "md"
    )
    cues = rows("segment_cues")
    # A unit, or a measure word that is not the start of another word (人 but not 人员).
    units = [(r["cue"], "") for r in cues if r["kind"] == "quantity_unit"]
    units += [(r["word"], r.get("not_before", "")) for r in rows("measure_words")]
    unit = "|".join(
        regex.escape(word) + (f"(?!{not_before})" if not_before else "")
        for word, not_before in sorted(units, key=lambda u: len(u[0]), reverse=True)
    )
    suffixes = sorted((r["cue"] for r in cues if r["kind"] == "title_suffix"), key=len)
    return _Vocab(
        final=final,
        closers=closers,
        marker=regex.compile(rf"^[ \t]*(?:{numbering})"),
        unit=regex.compile(f"^(?:{unit})"),
        title=regex.compile(
            "(?:" + "|".join(map(regex.escape, suffixes)) + r")(?:[（(][^（()）]*[）)])?$"
        ),
    )


# --- 1. a page ---------------------------------------------------------------------------


def page_to_layout(
    number: int,
    width: float,
    height: float,
    chars: Sequence[dict[str, Any]],
    edges: Sequence[dict[str, Any]],
) -> PageLayout:
    """A page's glyphs (duplicates already dropped) and ruling edges -> its layout."""
    parts: list[TablePart] = []
    outside = list(chars)
    for cells in find_table_cells(edges):
        box = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        inside = [c for c in outside if _centre_in(c, box)]
        if inside:
            taken = {id(c) for c in inside}
            outside = [c for c in outside if id(c) not in taken]
        parts.append(cells_to_part(cells, inside))
    return PageLayout(number, width, height, tuple(chars_to_lines(outside)), tuple(parts))


def _centre_in(char: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]


# --- 2. running lines --------------------------------------------------------------------


def is_page_number(text: str) -> bool:
    """``3``, ``- 3 -``, ``第 3 页``, ``第3页 共12页``, ``3/12``: a line that only numbers the page."""
    return _PAGE_NUMBER.match(text) is not None


def drop_running_lines(pages: Sequence[PageLayout]) -> list[PageLayout]:
    """The pages without their page numbers, running headers and running footers.

    Only lines at the very top or bottom of a page go (its first and last lines, as many
    in a row as are running): a page number inside the top or bottom ``PAGE_MARGIN_SHARE``,
    a running line inside ``RUNNING_MARGIN_SHARE``.
    """
    running = _running_texts(pages)
    return [replace(page, lines=_strip_running(page, running)) for page in pages]


def _key(text: str) -> str:
    return "".join(text.split())


def _in_margin(line: TextLine, height: float, share: float) -> bool:
    return line.bottom < share * height or line.top > (1 - share) * height


def _running_texts(pages: Sequence[PageLayout]) -> frozenset[str]:
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(
            {
                _key(line.text)
                for line in page.lines
                if _in_margin(line, page.height, RUNNING_MARGIN_SHARE)
            }
        )
    least = max(RUNNING_MIN_PAGES, RUNNING_MIN_SHARE * len(pages))
    title = _vocab().title
    return frozenset(
        key for key, count in counts.items() if count >= least and not title.search(key)
    )


def _strip_running(page: PageLayout, running: frozenset[str]) -> tuple[TextLine, ...]:
    def is_running(line: TextLine) -> bool:
        if is_page_number(line.text):
            return _in_margin(line, page.height, PAGE_MARGIN_SHARE)
        return _key(line.text) in running and _in_margin(line, page.height, RUNNING_MARGIN_SHARE)

    lines = list(page.lines)
    while lines and is_running(lines[-1]):
        lines.pop()
    start = 0
    while start < len(lines) and is_running(lines[start]):
        start += 1
    return tuple(lines[start:])


# --- 3. paragraphs -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    first: TextLine
    last: TextLine


def text_edges(
    lines: Sequence[TextLine], page_width: float | None = None
) -> tuple[float, float] | None:
    """The text column's left and right edges: where at least two lines start / end together.

    Justified and full lines pile up at the right edge, continuation lines at the left
    one. Only lines wider than ``COLUMN_MIN_SHARE`` of ``page_width`` (when given) show
    the right edge: two short headings that end together are no column. A line ending
    with punctuation is left out of it too: Word and WPS let a closing mark hang into the
    margin (标点溢出边界), a character past the edge. ``None`` when no two such lines end
    together (a page of short lines).
    """
    if page_width is not None:
        lines = [line for line in lines if line.x1 - line.x0 > COLUMN_MIN_SHARE * page_width]
    if not lines:
        return None
    em = lines[0].size
    hanging = never_line_start()
    ends = [line.x1 for line in lines if line.text[-1:] not in hanging]
    right = _shared_edge(ends, em, largest=True) or _shared_edge(
        [line.x1 for line in lines], em, largest=True
    )
    if right is None:
        return None
    left = _shared_edge([line.x0 for line in lines], em, largest=False)
    return (min(line.x0 for line in lines) if left is None else left), right


def _shared_edge(values: list[float], em: float, *, largest: bool) -> float | None:
    """The outermost value that at least two lines share within ``EDGE_TOLERANCE_EM``."""
    ordered = sorted(values, reverse=largest)
    tolerance = EDGE_TOLERANCE_EM * em
    for here, after in pairwise(ordered):
        if abs(here - after) <= tolerance:
            return here
    return None


def lines_to_paragraphs(
    lines: Sequence[TextLine], edges: tuple[float, float] | None
) -> list[_Paragraph]:
    """Join the lines that wrap into paragraphs; every other line break is kept.

    See the module docstring for when a line continues the previous one. With no known
    ``edges`` (see :func:`text_edges`) only a split quantity is joined. Wrapped lines
    are joined without a space, except before a Latin letter (an English word wrap).
    """
    if not lines:
        return []
    paragraphs: list[_Paragraph] = []
    text, first, previous = lines[0].text, lines[0], lines[0]
    for line in lines[1:]:
        if _continues(previous, line, edges, edges, same_page=True):
            text += joiner(text, line.text) + line.text
        else:
            paragraphs.append(_Paragraph(text, first, previous))
            text, first = line.text, line
        previous = line
    paragraphs.append(_Paragraph(text, first, previous))
    return paragraphs


def _continues(
    previous: TextLine,
    line: TextLine,
    before: tuple[float, float] | None,
    after: tuple[float, float] | None,
    *,
    same_page: bool,
) -> bool:
    """Whether ``line`` goes on with the paragraph that ``previous`` ended.

    ``before``: the text column of ``previous``'s page, ``after``: of ``line``'s page
    (the same on one page). Both must be known, ``line`` must start at the column's left
    edge and ``previous`` near it (a centred title or a right-aligned 单位：万元 is no
    paragraph line), in the same font size and, on one page, at ordinary line spacing.
    Then ``line`` continues:

    - when ``previous`` ends a number and ``line`` starts with its unit (164.87 | 万元);
    - when ``previous`` was full: the room left at the column's right edge is less than
      ``line``'s first word needs; not when a finished sentence, or a page, is followed
      by a list marker or heading numbering (``…。`` then ``2、…``);
    - when ``previous`` stops a few characters short of the edge in the middle of a
      sentence (it ends with a CJK character that is not line-final punctuation) and
      ``line`` is no list item: line breaking keeps a number with the character after it,
      a bracket or quote with its word, and compresses punctuation, so that a wrapped
      line does not always reach the edge.
    """
    em = previous.size
    if before is None or after is None or abs(line.size - previous.size) > SIZE_TOLERANCE * em:
        return False
    if same_page and not (
        -LINE_TOLERANCE_EM * em <= line.top - previous.bottom <= LINE_GAP_MAX_EM * em
    ):
        return False
    if line.x0 > after[0] + INDENT_TOLERANCE_EM * em:
        return False  # indented: a new paragraph (首行缩进)
    if previous.x0 > before[0] + FIRST_INDENT_MAX_EM * em:
        return False  # a centred or right-aligned line
    vocab = _vocab()
    if previous.text[-1:].isdigit() and vocab.unit.match(line.text):
        return True  # a unit never opens a paragraph
    room = before[1] - previous.x1
    if room < line.first_width - FIT_TOLERANCE_EM * em:
        # A full line ending a sentence, or any line ending a page, before a numbered
        # line: a new item or heading (within a page, 统 | 一、规范 is a wrap).
        ends = previous.text[-1:] in vocab.final or not same_page
        return not (ends and vocab.marker.match(line.text))
    last = previous.text.rstrip(vocab.closers)[-1:]
    return (
        room < WRAP_ROOM_MAX_EM * em
        and is_cjk(last)
        and last not in vocab.final
        and vocab.marker.match(line.text) is None
    )


# --- 3. blocks over the whole document ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Table:
    """A table written so far: where its block is, and what its first part showed above it."""

    index: int  # in the blocks
    header: list[list[CellContent | None]]  # the first part's grid
    last: TablePart
    above: tuple[str, ...]  # the lines right above its first part (keys)


def layouts_to_blocks(pages: Sequence[PageLayout]) -> list[Block]:
    """Paragraphs and tables of the whole document in reading order (see the module doc)."""
    blocks: list[Block] = []
    edges_by_width: dict[int, tuple[float, float]] = {}
    ending_line: TextLine | None = None  # the last line of a page that ended in text
    ending_edges: tuple[float, float] | None = None
    ending_table: _Table | None = None  # the table that ended the page before
    for page in pages:
        width = round(page.width)
        edges = text_edges(page.lines, page.width) or edges_by_width.get(width)
        if edges is not None:
            edges_by_width[width] = edges
        items = list(_page_items(page))
        page_break = True
        start = 0
        if ending_table is not None and (found := _continuation(ending_table, items)):
            start, part = found
            table = ending_table
            rows = part.grid[repeated_header_rows(table.header, part.grid) :]
            if any(cell is not None and cell.text.strip() for row in rows for cell in row):
                # (a part of empty rows only, the rest of a drawn grid, adds nothing)
                grid = [*(blocks[table.index].grid or []), *rows]
                blocks[table.index] = replace(blocks[table.index], grid=grid)
            ending_table = replace(table, last=part)
            page_break = False
        for item in items[start:]:
            if isinstance(item, TablePart):
                above = _lines_above(items, item)
                caption = _caption(above)
                blocks.append(Block(grid=item.grid, caption=caption, page_break=page_break))
                keys = tuple(_key(line.text) for line in above)
                ending_table = _Table(len(blocks) - 1, item.grid, item, keys)
            else:
                paragraphs = lines_to_paragraphs(item, edges)
                if (
                    page_break
                    and ending_line is not None
                    and blocks
                    and blocks[-1].text is not None
                    and _continues(ending_line, item[0], ending_edges, edges, same_page=False)
                ):
                    head = paragraphs.pop(0)
                    text = blocks[-1].text
                    blocks[-1] = replace(
                        blocks[-1], text=text + joiner(text, head.text) + head.text
                    )
                    page_break = False
                for paragraph in paragraphs:
                    blocks.append(Block(text=paragraph.text, page_break=page_break))
                    page_break = False
            page_break = False
        last = items[-1] if items else None
        if isinstance(last, TablePart) or last is None:
            ending_line = None
            if last is None:
                ending_table = None
        else:
            ending_line, ending_edges, ending_table = last[-1], edges, None
    return blocks


def _page_items(page: PageLayout) -> Iterator[TablePart | list[TextLine]]:
    """The page's tables and its runs of text lines between them, top to bottom."""
    tables = sorted(page.tables, key=lambda t: t.top)
    run: list[TextLine] = []
    position = 0
    for line in page.lines:
        while position < len(tables) and tables[position].top < line.top:
            if run:
                yield run
                run = []
            yield tables[position]
            position += 1
        run.append(line)
    if run:
        yield run
    yield from tables[position:]


def _lines_above(
    items: Sequence[TablePart | list[TextLine]], table: TablePart
) -> tuple[TextLine, ...]:
    """The last few lines of the run right above ``table`` on its page."""
    index = next(i for i, item in enumerate(items) if item is table)
    if index == 0 or isinstance(items[index - 1], TablePart):
        return ()
    run = items[index - 1]
    assert isinstance(run, list)
    return tuple(run[-CAPTION_LINES_MAX:])


def _caption(above: Sequence[TextLine]) -> str | None:
    """The nearest title among the lines above a table."""
    title = _vocab().title
    for line in reversed(above):
        text = line.text.strip()
        if is_table_number(text):
            continue  # 公开01表 under 收入支出决算总表: the title is the line above
        if len(text) <= CAPTION_MAX_CHARS and title.search(_key(text)):
            return text
    return None


def _rows_above_their_rules(
    lines: Sequence[TextLine], part: TablePart
) -> list[list[CellContent | None]]:
    """The lines over a table part that are rows of it drawn without their top rule: each
    line's words, split at its spaces, of the kinds (a code, a name, an amount) the part's
    first row holds in its filled cells, in order; [] when any line is not one."""
    if not part.grid or len(lines) > _LOST_ROWS_MAX:
        return []
    first = part.grid[0]
    filled = [i for i, cell in enumerate(first) if cell is not None and cell.text.strip()]
    kinds = [_cell_kind(first[i].text) for i in filled]  # type: ignore[union-attr]
    if len(filled) < _LOST_ROW_MIN_CELLS or "amount" not in kinds:
        return []
    rows: list[list[CellContent | None]] = []
    for line in lines:
        words = line.text.split()
        if len(words) != len(filled) or [_cell_kind(w) for w in words] != kinds:
            return []
        row: list[CellContent | None] = [None] * len(first)
        for i, word in zip(filled, words, strict=True):
            row[i] = replace(first[i], text=word)  # type: ignore[type-var]
        rows.append(row)
    return rows


# A table part's first row lost over it: at most this many lines, of at least two cells.
_LOST_ROWS_MAX = 2
_LOST_ROW_MIN_CELLS = 2
_CODE = regex.compile(r"[0-9]{3,7}")
_AMOUNT = regex.compile(r"-?[0-9][0-9,]*(?:\.[0-9]+)?")


def _cell_kind(text: str) -> str:
    """What a cell holds, as a row's pattern: a classification code, an amount or words."""
    text = text.strip()
    if _CODE.fullmatch(text):
        return "code"
    if _AMOUNT.fullmatch(text):
        return "amount"
    return "words"


def _continuation(
    table: _Table, items: Sequence[TablePart | list[TextLine]]
) -> tuple[int, TablePart] | None:
    """Where the page's items go on with ``table``: (the index after the part, the part)."""
    repeated: tuple[str, ...] = ()
    index = 0
    if items and not isinstance(items[0], TablePart):
        repeated = tuple(_key(line.text) for line in items[0])
        index = 1
    if index >= len(items):
        return None
    part = items[index]
    if not isinstance(part, TablePart):
        return None
    if repeated and (rows := _rows_above_their_rules(items[0], part)):
        # The page's first row lost its top rule ("30108 机关事业单位基本养老保险缴费
        # 1,326.81" read as a line over the rest of the table): it is the part's first row.
        part = TablePart(part.bbox, part.columns, [*rows, *part.grid])
        repeated = ()
    if not repeated and continues_on_fewer_rules(table.last, part):
        # Right at the top of the page, its first row data: the form goes on, drawn with
        # the rules its later rows use only.
        return index + 1, regrid(part, table.last)
    if not continues_table(table.last, part):
        return None
    if repeated:
        # Only the lines above the first part may come back, and then the header must too:
        # the same title over a different first row is a new table of the same form.
        if len(repeated) > len(table.above) or table.above[-len(repeated) :] != repeated:
            return None
        if not repeated_header_rows(table.header, part.grid):
            return None
    return index + 1, part
