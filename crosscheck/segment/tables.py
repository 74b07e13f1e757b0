"""Find tables among the lines: flattened, pipe, TAB-separated, and tables of contents.

A *flattened* table is what Word-to-text conversion leaves of a table: one cell per line
starting with a TAB, rows separated by blank lines, a cell's further lines not starting with
a TAB (``\\t资金\\n来源``). A cell may even hold paragraphs separated by single blank lines
(000's 全年完成情况 cell); such a gap of non-TAB lines is taken into the table only when it
sits between two rows, after exactly one blank line, with single blank lines inside, and
holds no form note, table title or heading-like line (those separate two tables in 001).
A line of prose right under the last cell (no blank line between) ends the table instead of
continuing that cell when the cell cannot hold a sentence: a number, or, once the row has as
many cells as the table's rows usually have, a short cell. A cell that already holds
sentences (``1、…完成率90%。``) or is a lone TAB (its text may start on the next line) goes
on over such lines, as before.

A *bar-per-line* table is another export: one cell a line, each ending with ``|`` (a lone
``|`` is an empty cell), and no mark at all between rows. Its row width is the number of
header words that open it (lexicons/table_headers.tsv: ``项 目 | 预 算 数 | 决 算 数 |``);
the cells that follow are cut into rows of that width, and the cut is kept only when every
row fits the columns' kinds (no number under a label column, only numbers or placeholders
under a 分值/得分/amount/percent column) and the rows end exactly where the run of bar lines
ends or the next header row starts. A run that does not fit stays text: a wrong cut would
put 得分 under 分值.

A *line-per-cell* table is what copying a table out of a PDF or a web page leaves: one cell
a line with no mark at all, an empty cell a blank line. It is opened by five header words or
more, one a line, a number column among them; its rows are cut to that width for as long
as each fits the columns' kinds, and it ends at a row that does not, at a heading, or at a
total row written with fewer cells.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import regex

from crosscheck.segment.headings import body_to_numbering, title_is_heading_like
from crosscheck.segment.lines import Line, starts_with_tab
from crosscheck.segment.paragraphs import body_is_note, body_is_prose, body_is_title
from crosscheck.tables.grid import MIN_HEADER_WORDS
from crosscheck.tables.headers import HeaderWord, header_word, normalize_header
from crosscheck.tables.parse import TOTAL_LABELS
from crosscheck.tables.values import is_empty_text, is_numeric_text
from crosscheck.types import Cell, Span, Table

# Up to this many blank lines between two rows of a flattened table keep it one table (001
# has two inside its 基本信息 rows); more, or text between, start another table.
MAX_BLANKS_BETWEEN_ROWS = 3
# How many non-blank lines above a table are searched for its title.
CAPTION_LOOKBACK_LINES = 4

_PAGE = regex.compile(r"\d{1,4}")
_LEADER_CHARS = " \u3000.．·…"
_DOTS_ROW = regex.compile(
    r"(?P<title>.*?\S)[ \u3000]*(?:[.．·]{3,}|…{2,})[ \u3000]*(?P<page>\d{1,4})$"
)
_PIPE_SEPARATOR = regex.compile(r"\|?[ \t]*:?-{2,}:?[ \t]*(?:\|[ \t]*:?-{2,}:?[ \t]*)*\|?")
_PIPE = regex.compile(r"\|")


@dataclass(frozen=True, slots=True)
class TableDraft:
    """A table before its section path is known: lines ``first..last`` (inclusive)."""

    first: int
    last: int
    layout: str  # "flattened", "pipe", "tsv", "toc", or the reader's layout
    rows: tuple[tuple[Cell, ...], ...]
    caption: str | None = None
    known: Table | None = None  # the reader's own table (docx, xlsx …), taken as it is


def _cell(text: str, start: int, end: int, row: int, col: int) -> Cell:
    """A cell over ``text[start:end]`` stripped of surrounding whitespace (TAB, U+3000, \\r)."""
    piece = text[start:end]
    body = piece.strip()
    lo = start + len(piece) - len(piece.lstrip()) if body else end
    return Cell(span=Span(lo, lo + len(body)), row=row, col=col, raw=body)


def _lines_cell(
    text: str, lines: Sequence[Line], first: int, last: int, row: int, col: int
) -> Cell:
    """A flattened cell from its first to its last non-blank line (bodies are pre-stripped)."""
    line = lines[first]
    if first == last:
        if line.body:
            return Cell(span=Span(line.lo, line.hi), row=row, col=col, raw=line.body)
        return Cell(span=Span(line.end, line.end), row=row, col=col, raw="")
    return _cell(text, line.lo if line.body else line.end, lines[last].hi, row, col)


def _is_cell_line(text: str, line: Line) -> bool:
    """A line that starts a flattened cell: a TAB first, even if more TABs follow (``\\t\\t　6.73``)."""
    return line.kind == "cell" or (
        line.kind == "tsv" and starts_with_tab(text[line.start : line.end])
    )


# --- flattened ---------------------------------------------------------------------------


def _gap_is_cell_text(text: str, lines: Sequence[Line], first: int) -> int | None:
    """If the non-TAB lines from ``first`` continue the last cell, the index of the TAB line
    that resumes the table; else None. ``first`` follows exactly one blank line."""
    i = first
    n = len(lines)
    while i < n:
        line = lines[i]
        if _is_cell_line(text, line):
            return i if lines[i - 1].kind != "blank" else None
        if line.kind == "blank":
            if i + 1 >= n or lines[i + 1].kind == "blank":
                return None  # two blank lines: the table has ended
        else:
            body = line.body
            if line.kind != "text" or body_is_note(body) or body_is_title(body):
                return None
            numbering = body_to_numbering(body)
            if (
                numbering is not None
                and numbering.level is not None
                and (numbering.style == "markdown" or title_is_heading_like(numbering.title))
            ):
                return None  # a heading: the report goes on, the table has ended
        i += 1
    return None


# A cell this short without sentence punctuation is a label or value, never the start of
# a sentence that the next line goes on with.
SHORT_CELL_CHARS = 10


def _usual_width(rows: Sequence[tuple[Cell, ...]]) -> int | None:
    lengths = Counter(len(r) for r in rows if len(r) >= 2)
    return lengths.most_common(1)[0][0] if lengths else None


def _prose_ends_table(
    text: str,
    lines: Sequence[Line],
    rows: Sequence[tuple[Cell, ...]],
    row: Sequence[tuple[int, int]],
    line: Line,
) -> bool:
    """``line`` (no TAB, right under the open cell) is narrative after the table, not more of
    that cell: it reads as prose, the table has rows already, and the open cell cannot hold a
    sentence (a number; or a short cell closing a row as wide as the usual one)."""
    if not rows or not body_is_prose(line.body):
        return False
    a, b = row[-1]
    if not lines[a].body:
        return False  # a lone TAB: the cell's text may well start on the line under it
    cell = text[lines[a].lo : lines[b].hi]
    if is_numeric_text(cell):
        return True
    if len(cell) > SHORT_CELL_CHARS or body_is_prose(cell):
        return False  # a sentence cell: 1、 救助资金：实际支付300万元，完成率90%。
    width = _usual_width(rows)
    return width is not None and len(row) >= width


def _flattened_at(text: str, lines: Sequence[Line], first: int) -> TableDraft:
    rows: list[tuple[Cell, ...]] = []
    row: list[tuple[int, int]] = []  # cells as (first line, last non-blank line)
    n = len(lines)
    last = first
    i = first

    def close_row() -> None:
        if row:
            r = len(rows)
            rows.append(tuple(_lines_cell(text, lines, a, b, r, c) for c, (a, b) in enumerate(row)))
            row.clear()

    while i < n:
        line = lines[i]
        if _is_cell_line(text, line):
            row.append((i, i))
            last = i
            i += 1
            continue
        if line.kind == "blank":
            j = i
            while j < n and lines[j].kind == "blank":
                j += 1
            if j >= n:
                break
            if _is_cell_line(text, lines[j]):
                if j - i > MAX_BLANKS_BETWEEN_ROWS:
                    break
                close_row()
                i = j
                continue
            resume = _gap_is_cell_text(text, lines, j) if j - i == 1 and row else None
            if resume is None:
                break
            row[-1] = (row[-1][0], resume - 1)  # the gap is more text of the last cell
            last = resume - 1
            i = resume
            continue
        # A non-TAB line right under a cell line continues that cell (\t资金\n来源), unless
        # it is a form note or a Markdown heading, which no cell contains.
        numbering = body_to_numbering(line.body)
        if (
            line.kind != "text"
            or not row
            or body_is_note(line.body)
            or (numbering is not None and numbering.style in ("markdown", "part"))
            or _prose_ends_table(text, lines, rows, row, line)
        ):
            break
        row[-1] = (row[-1][0], i)
        last = i
        i += 1
    close_row()
    return TableDraft(first, last, "flattened", tuple(rows))


# --- TAB-separated and tables of contents ------------------------------------------------


def _tsv_row(text: str, line: Line, r: int) -> tuple[Cell, ...]:
    if line.kind == "dots":
        match = _DOTS_ROW.match(line.body)
        assert match is not None
        return (
            _cell(text, line.lo + match.start("title"), line.lo + match.end("title"), r, 0),
            _cell(text, line.lo + match.start("page"), line.lo + match.end("page"), r, 1),
        )
    raw = text[line.start : line.end]
    cells = []
    pos = line.start
    for c, piece in enumerate(raw.split("\t")):
        end = pos + len(piece)
        # Dot leaders before the TAB are layout, not text: 五、财政拨款支出决算明细表.....\t33
        entry = piece.rstrip(_LEADER_CHARS)
        tail = piece[len(entry) :]
        if "…" in tail or tail.count(".") + tail.count("．") + tail.count("·") >= 2:
            end = pos + len(entry)
        cells.append(_cell(text, pos, end, r, c))
        pos += len(piece) + 1
    return tuple(cells)


def _rows_are_toc(rows: Sequence[tuple[Cell, ...]], min_rows: int) -> bool:
    """Every row is an entry and a page number, pages never decrease."""
    if len(rows) < min_rows:
        return False
    previous = 0
    for row in rows:
        filled = [cell.raw for cell in row if cell.raw]
        if len(filled) != 2 or not _PAGE.fullmatch(filled[1]) or _PAGE.fullmatch(filled[0]):
            return False
        page = int(filled[1])
        if page < previous:
            return False
        previous = page
    return True


def _tsv_at(text: str, lines: Sequence[Line], first: int) -> TableDraft:
    i = first
    while i < len(lines) and lines[i].kind in ("tsv", "dots", "cell"):
        i += 1
    rows = tuple(_tsv_row(text, lines[j], r) for r, j in enumerate(range(first, i)))
    has_leaders = any(lines[j].kind == "dots" for j in range(first, i))
    # Dot leaders say "contents" even on one line; TAB + number needs two lines to say it.
    toc = _rows_are_toc(rows, 1 if has_leaders else 2)
    return TableDraft(first, i - 1, "toc" if toc else "tsv", rows)


def _merge_tocs(drafts: list[TableDraft], lines: Sequence[Line]) -> list[TableDraft]:
    """A table of contents split by blank lines (004: a blank line inside its 附表 list) is one."""
    out: list[TableDraft] = []
    for draft in drafts:
        if (
            out
            and draft.layout == "toc"
            and out[-1].layout == "toc"
            and all(lines[j].kind == "blank" for j in range(out[-1].last + 1, draft.first))
        ):
            previous = out.pop()
            offset = len(previous.rows)
            moved = tuple(
                tuple(Cell(span=c.span, row=c.row + offset, col=c.col, raw=c.raw) for c in row)
                for row in draft.rows
            )
            draft = TableDraft(previous.first, draft.last, "toc", previous.rows + moved)
        out.append(draft)
    return out


# --- pipes -------------------------------------------------------------------------------


def _pipe_row(text: str, line: Line, r: int, width: int = 0) -> tuple[Cell, ...]:
    """A row's cells. A bar ending a row that does not start with one closes the row, or
    (when the row is one cell short of ``width`` without it) opens an empty last cell:
    "人工造林面积 | ≥1.2万亩 | 1.35万亩 | 20 | 20 | " leaves its 偏差原因 empty."""
    bars = [line.lo + m.start() for m in _PIPE.finditer(line.body)]
    bounds = [line.lo - 1, *bars, line.hi]
    if line.body.startswith("|"):
        bounds = bounds[1:]
    open_last = not line.body.startswith("|") and len(bounds) - 1 == width
    if line.body.endswith("|") and len(bounds) > 1 and not open_last:
        bounds = bounds[:-1]
    return tuple(_cell(text, a + 1, b, r, c) for c, (a, b) in enumerate(pairwise(bounds)))


def _pipe_at(text: str, lines: Sequence[Line], first: int) -> TableDraft | None:
    i = first
    while i < len(lines) and lines[i].kind == "pipe":
        i += 1
    if i - first == 1 and not lines[first].body.startswith("|"):
        return None  # one line with two bars is prose, not a table
    rows: list[tuple[Cell, ...]] = []
    for j in range(first, i):
        if not _PIPE_SEPARATOR.fullmatch(lines[j].body):  # |---|---| is layout, not data
            # The widest row so far (a header, as a rule) sets the width the others are read
            # to: a form's 项目名称 | X line may open it, its 绩效指标 header come later.
            width = max((len(r) for r in rows), default=0)
            rows.append(_pipe_row(text, lines[j], len(rows), width))
    return TableDraft(first, i - 1, "pipe", tuple(rows))


# --- one cell a line, each ending with a bar ---------------------------------------------

# Column kinds whose cells hold a bare number (or a placeholder), never text.
_NUMERIC_KINDS = frozenset({"amount", "percent", "score", "count"})
# A bar-per-line header row has at least this many header words, as any header row has
# (tables.grid.MIN_HEADER_WORDS): a key-value form, 项目名称 | 某项目 |, has one.
MIN_BAR_HEADER_WORDS = MIN_HEADER_WORDS


def _is_bar_line(line: Line) -> bool:
    """One cell ending with a bar: ``预 算 数 |``, or a lone ``|`` (an empty cell)."""
    body = line.body
    return body.endswith("|") and body.count("|") == 1 and line.kind in ("text", "pipe")


def _bar_cell(text: str, line: Line, r: int, c: int) -> Cell:
    return _cell(text, line.lo, line.hi - 1, r, c)


def _bar_row_fits(cells: Sequence[str], header: Sequence[HeaderWord]) -> bool:
    """Every cell fits its column: no bare number under a label, no text under a number."""
    for raw, word in zip(cells, header, strict=True):
        numeric = is_numeric_text(raw)
        if word.role == "label" and numeric:
            return False
        if word.kind in _NUMERIC_KINDS and not numeric and not is_empty_text(raw):
            return False
    return True


def _header_words(raws: Sequence[str], start: int) -> list[HeaderWord]:
    words: list[HeaderWord] = []
    for raw in raws[start:]:
        word = header_word(raw) if raw else None
        if word is None:
            break
        words.append(word)
    return words


def _bar_rows_for_width(raws: Sequence[str], header: Sequence[HeaderWord]) -> int | None:
    """How many data rows of ``len(header)`` cells follow the header, when they fill the run
    exactly up to its end or up to the next header row; None otherwise."""
    width = len(header)
    if not any(word.kind in _NUMERIC_KINDS for word in header):
        return None  # nothing to check the cut against: do not guess
    pos = width
    rows = 0
    while pos < len(raws):
        if rows and len(_header_words(raws, pos)) >= MIN_BAR_HEADER_WORDS:
            break  # the next table (or section) starts on a row boundary
        chunk = raws[pos : pos + width]
        if len(chunk) < width or not _bar_row_fits(chunk, header):
            return None
        pos += width
        rows += 1
    return rows or None


def _bar_at(text: str, lines: Sequence[Line], first: int) -> TableDraft | None:
    if header_word(lines[first].body[:-1]) is None:
        return None  # the common case, told at once: the run does not open with a header
    end = first
    while end < len(lines) and _is_bar_line(lines[end]):
        end += 1
    raws = [lines[j].body[:-1].strip() for j in range(first, end)]
    header = _header_words(raws, 0)
    widths = [len(header)]
    if (
        len(header) > MIN_BAR_HEADER_WORDS
        and normalize_header(raws[len(header) - 1]) in TOTAL_LABELS
    ):
        # 合计 is a header word too: it may be the first row's label, not the last header.
        widths.append(len(header) - 1)
    for width in widths:
        n_rows = _bar_rows_for_width(raws, header[:width])
        if n_rows is None:
            continue
        rows = tuple(
            tuple(_bar_cell(text, lines[first + r * width + c], r, c) for c in range(width))
            for r in range(n_rows + 1)
        )
        return TableDraft(first, first + (n_rows + 1) * width - 1, "bar", rows)
    return None


# A table copied out of a PDF or a web page as one cell a line and no mark at all: opened
# by this many header words, one a line, a number column among them.
MIN_LINE_HEADER_WORDS = 5
# A header word's line is short (偏差原因分析及改进措施, 全年预算数（万元）): longer lines are
# told at once, without looking their words up (this runs on every line of text).
LINE_HEADER_MAX_CHARS = 24


def _line_cell(text: str, line: Line, r: int, c: int) -> Cell:
    return _cell(text, line.lo, line.hi, r, c)


def _lines_at(text: str, lines: Sequence[Line], first: int) -> TableDraft | None:
    """A table of one cell a line (an empty cell a blank line), opened by its header words
    one a line: its rows are cut to the header's width for as long as each row fits the
    columns' kinds (a shorter 总分 row ends it), and end where the next run of header
    words starts on a row boundary."""
    if len(lines[first].body) > LINE_HEADER_MAX_CHARS:
        return None
    raws: list[str] = []
    j = first
    while j < len(lines) and lines[j].kind == "text" and header_word(lines[j].body) is not None:
        raws.append(lines[j].body)
        j += 1
    header = _header_words(raws, 0)
    width = len(header)
    if width < MIN_LINE_HEADER_WORDS or not any(w.kind in _NUMERIC_KINDS for w in header):
        return None
    rows = [tuple(_line_cell(text, lines[first + c], 0, c) for c in range(width))]
    pos = first + width
    while pos + width <= len(lines):
        chunk = lines[pos : pos + width]
        cells = [line.body for line in chunk]
        if any(line.kind not in ("text", "blank") for line in chunk) or not cells[0]:
            break
        if len(_header_words(cells, 0)) >= MIN_BAR_HEADER_WORDS or not _bar_row_fits(cells, header):
            break
        if any(body_to_numbering(cell) is not None for cell in cells[1:] if cell):
            break  # "四、自评结论": the text goes on, the table has ended
        if normalize_header(cells[0]) in TOTAL_LABELS and any(
            word.kind in _NUMERIC_KINDS and is_empty_text(cell)
            for cell, word in zip(cells, header, strict=True)
        ):
            break  # a total row written with fewer cells: where its numbers stand is unknown
        rows.append(tuple(_line_cell(text, line, len(rows), c) for c, line in enumerate(chunk)))
        pos += width
    if len(rows) < 2:
        return None
    last = pos - 1
    while last > first and not lines[last].body:
        last -= 1  # a last row's empty cells are the blank lines after the table
    return TableDraft(first, last, "lines", tuple(rows))


def _opens_bar_run(lines: Sequence[Line], i: int, drafts: Sequence[TableDraft]) -> bool:
    """A bar table starts where a run of bar lines starts, or right after a bar table: a cut
    that only fits from the middle of a run is a coincidence."""
    if i == 0 or not _is_bar_line(lines[i - 1]):
        return True
    return bool(drafts) and drafts[-1].layout == "bar" and drafts[-1].last == i - 1


# --- all ---------------------------------------------------------------------------------


def _caption_above(lines: Sequence[Line], first: int, floor: int) -> str | None:
    """The nearest table title among the few non-blank lines above ``first``."""
    seen = 0
    i = first - 1
    while i >= floor and seen < CAPTION_LOOKBACK_LINES:
        line = lines[i]
        if line.kind != "blank":
            if line.kind != "text":
                return None
            if body_is_title(line.body):
                return line.body.replace("**", "").strip()
            seen += 1
        i -= 1
    return None


def _detect(text: str, lines: Sequence[Line]) -> list[TableDraft]:
    drafts: list[TableDraft] = []
    i = 0
    n = len(lines)
    while i < n:
        kind = lines[i].kind
        draft: TableDraft | None
        if (
            _is_bar_line(lines[i])
            and _opens_bar_run(lines, i, drafts)
            and (draft := _bar_at(text, lines, i)) is not None
        ) or (kind == "text" and (draft := _lines_at(text, lines, i)) is not None):
            pass
        elif kind == "cell":
            draft = _flattened_at(text, lines, i)
            if not any(cell.raw for row in draft.rows for cell in row):
                i = draft.last + 1  # stray TAB lines, not a table (and not to be rescanned)
                continue
        elif kind in ("tsv", "dots"):
            draft = _tsv_at(text, lines, i)
        elif kind == "pipe":
            draft = _pipe_at(text, lines, i)
        else:
            i += 1
            continue
        if draft is None:
            i += 1
            continue
        drafts.append(draft)
        i = draft.last + 1
    return _merge_tocs(drafts, lines)


def known_to_drafts(lines: Sequence[Line], known: Sequence[Table]) -> list[TableDraft]:
    """The reader's tables (``Document.tables``) placed on the lines their spans cover."""
    if not known:
        return []
    starts = [line.start for line in lines]
    drafts: list[TableDraft] = []
    for table in sorted(known, key=lambda t: t.span.start):
        first = bisect_right(starts, table.span.start) - 1
        last = max(first, bisect_right(starts, max(table.span.start, table.span.end - 1)) - 1)
        if drafts and first <= drafts[-1].last:
            continue  # overlaps the previous one: a reader bug, keep the first
        drafts.append(TableDraft(first, last, table.layout, table.rows, table.caption, known=table))
    return drafts


def _shifted(draft: TableDraft, offset: int) -> TableDraft:
    return TableDraft(
        draft.first + offset, draft.last + offset, draft.layout, draft.rows, draft.caption
    )


def lines_to_tables(
    text: str, lines: Sequence[Line], known: Sequence[Table] = ()
) -> tuple[TableDraft, ...]:
    """All tables, in order, without overlap.

    Tables a reader already knows are taken as they are; tables are only looked for in the
    lines between them, so that a guess never runs into a known table.
    """
    drafts: list[TableDraft] = []
    begin = 0
    for table in [*known_to_drafts(lines, known), None]:
        end = table.first if table is not None else len(lines)
        drafts.extend(_shifted(d, begin) for d in _detect(text, lines[begin:end]))
        if table is not None:
            drafts.append(table)
            begin = table.last + 1
    out = []
    floor = 0
    for draft in drafts:
        if draft.known is None:
            caption = _caption_above(lines, draft.first, floor)
            draft = TableDraft(draft.first, draft.last, draft.layout, draft.rows, caption)
        out.append(draft)
        floor = draft.last + 1
    return tuple(out)
