"""The score structure of self-evaluation tables: the 总分 row, the indicator rows, the
得分/分值 pairs, and the overall score the narrative states."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from crosscheck.align.names import clean_name
from crosscheck.align.words import without_suffixes
from crosscheck.relate.cues import cue_words, cues
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.types import (
    IndicatorCount,
    ScoreColumn,
    ScorePair,
    ScoreStructure,
    ScoreSubtotal,
)
from crosscheck.tables.forms import FUNDS_COLUMNS, follows_untitled, form_projects
from crosscheck.tables.headers import normalize_header
from crosscheck.types import Mention, ParsedTable, Quantity, Span, TableCell


@cache
def _overall_cues() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(overall, threshold): a sentence naming the report's own overall score, and what
    after a score makes it a grading threshold ("90分（含）以上为优")."""
    return (
        regex.compile(cues("overall_score")),
        regex.compile(rf"\s*(?:{cues('grade_threshold')})"),
    )


_COLUMNS = (("score", "得分"), ("full_score", "分值"))


def _is_total_row(cell: TableCell) -> bool:
    return (cell.row_header or "").replace(" ", "") in cue_words("score_total_row")


def index_to_scores(index: DocumentIndex) -> ScoreStructure:
    columns = list(_score_columns(index.tables, index.text))
    pairs: list[ScorePair] = []
    for parsed in index.tables:
        by_row: dict[int, dict[str, TableCell]] = {}
        for cell in parsed.cells:
            if cell.col_key in ("score", "full_score") and len(cell.quantities) == 1:
                by_row.setdefault(cell.row, {})[cell.col_key] = cell
        for row in by_row.values():
            if "score" in row and "full_score" in row:
                pairs.append(ScorePair(row["score"], row["full_score"]))
    totals = [
        (q, span)
        for parsed in index.tables
        if not parsed.is_empty_template
        for cell in parsed.cells
        if cell.col_key == "score" and _is_total_row(cell)
        for q, span in zip(cell.quantities, cell.quantity_spans, strict=True)
    ]
    table_total = totals[0] if len(totals) == 1 else None
    filled = [t for t in index.tables if not t.is_empty_template and _indicator_rows(t)]
    # Several filled-in 自评表 (one per project): which one the text speaks of is not said.
    table = filled[0] if len(filled) == 1 else None
    stated = tuple(_stated_overall(index))
    return ScoreStructure(
        tuple(columns),
        tuple(pairs),
        table_total,
        stated,
        tuple(_subtotals(index, table)) if table is not None else (),
        tuple(_indicator_counts(index, table)) if table is not None else (),
        tuple(_project_totals(index, stated)) if table_total is None else (),
    )


def _project_totals(
    index: DocumentIndex, stated: tuple[Mention, ...]
) -> Iterator[tuple[Mention, Quantity, Span]]:
    """A project's stated score ("3.信息化运行维护项目绩效自评综述：…项目自评得分为88.5分")
    with the 总分 of the one form whose 项目名称 is that project ("项目名称 | 信息化运行维护"),
    names compared without their generic suffixes (项目, 专项, 绩效自评综述)."""
    forms: dict[str, list[tuple[Quantity, Span]]] = {}
    # A form's blocks printed as tables one after the other (its 项目名称 block, then its
    # indicators and 总分): an untitled table right after carries the name on.
    projects = form_projects(index.tables, index.text)
    for parsed, written in zip(index.tables, projects, strict=True):
        name = _project_key(written) if written else ""
        totals = [
            (q, span)
            for cell in parsed.cells
            if cell.col_key == "score" and _is_total_row(cell)
            for q, span in zip(cell.quantities, cell.quantity_spans, strict=True)
        ]
        if name and len(totals) == 1:
            forms.setdefault(name, []).append(totals[0])
    for mention in stated:
        found = forms.get(_project_key(mention.subject or ""), [])
        if len(found) == 1:
            yield mention, *found[0]


def _project_key(name: str) -> str:
    """A project's name as compared: no spaces, digits or list marker, no generic suffix."""
    return without_suffixes(clean_name(name))


# -- 总分 columns -----------------------------------------------------------------------------


def _score_columns(tables: tuple[ParsedTable, ...], text: str) -> Iterator[ScoreColumn]:
    """Each 分值/得分 column with its one 总分 row, its indicator rows and the funds block the
    总分 counts too (in the table, or in the table printed right before it when the form was
    cut in two: the 部门整体 form's 年度主要任务 block and its 绩效指标 block)."""
    for at, parsed in enumerate(tables):
        funds_rows = _funds_rows(parsed)
        before = tables[at - 1] if at else None
        for key, column in _COLUMNS:
            totals = [
                c
                for c in parsed.cells
                if c.col_key == key and len(c.quantities) == 1 and _is_total_row(c)
            ]
            if len(totals) != 1 or not _column_complete(parsed, key):
                continue
            rows = _scored(parsed, key)
            indicators = tuple(c for c in rows if c.row not in funds_rows)
            funds = _funds_total(tuple(c for c in rows if c.row in funds_rows))
            unread = bool(funds_rows) and not funds
            if (
                not funds
                and before is not None
                and (_continues_form(before, parsed, text) or _titled_parts(before, parsed, text))
            ):
                above = _funds_rows(before)
                funds = _funds_total(tuple(c for c in _scored(before, key) if c.row in above))
                # "得分（分值10分）": a funds block whose weight only its header states.
                unread = unread or (bool(above) and not funds)
            if len(indicators) + len(funds) >= 2:
                yield ScoreColumn(parsed, column, totals[0], indicators, funds, unread)


def _scored(parsed: ParsedTable, key: str) -> list[TableCell]:
    """The cells of a 分值/得分 column that hold one score, but for its 总分 row and rows
    that restate the row above (其中…)."""
    return [
        c
        for c in parsed.cells
        if c.col_key == key
        and len(c.quantities) == 1
        and c.quantities[0].kind == "score"
        and not _is_total_row(c)
        and not _is_sub_row(c)
    ]


def _funds_rows(parsed: ParsedTable) -> frozenset[int]:
    """The rows of the funds block: under its columns, or labelled as its total."""
    return frozenset(
        c.row
        for c in parsed.cells
        if (c.col_key in FUNDS_COLUMNS and c.quantities)
        # The label cell itself: a row of a block whose header went unread has none above.
        or normalize_header(c.cell.raw).endswith(cue_words("funds_total_row"))
    )


def _leaf(cell: TableCell) -> str:
    return normalize_header((cell.row_header or "").split(_PATH_SEPARATOR)[-1])


def _is_sub_row(cell: TableCell) -> bool:
    """ "其中：当年财政拨款" restates part of the row above: its 分值/得分, where written, is
    the row above's again. A 小计 row ("产出 | 小计 | … | 50 | 48") restates its group's rows."""
    return _leaf(cell).startswith(cue_words("list_opener")) or _is_group_subtotal(cell)


def _is_group_subtotal(cell: TableCell) -> bool:
    """The row totals a group of indicator rows (小计 at any level of its label)."""
    subtotals = cue_words("subtotal_row")
    return any(
        normalize_header(part) in subtotals
        for part in (cell.row_header or "").split(_PATH_SEPARATOR)
    )


def _funds_total(cells: tuple[TableCell, ...]) -> tuple[TableCell, ...]:
    """The funds block's scored cells the 总分 counts: its total row (年度资金总额, 金额合计)
    when it has one, as the rows above a 金额合计 are its parts; else every row."""
    totals = tuple(c for c in cells if _leaf(c).endswith(cue_words("funds_total_row")))
    return totals if len(totals) == 1 else cells


def _column_complete(parsed: ParsedTable, key: str) -> bool:
    """No row scores the other column and leaves this one blank (a funds row whose 分值 the
    form left empty): a sum over such a column says nothing about its 总分."""
    other = "full_score" if key == "score" else "score"
    written: dict[int, set[str]] = {}
    for cell in parsed.cells:
        counted = not _is_sub_row(cell) and not _is_total_row(cell)
        if cell.col_key in (key, other) and cell.quantities and counted:
            written.setdefault(cell.row, set()).add(cell.col_key)
    return all(key in keys for keys in written.values())


def _continues_form(before: ParsedTable, parsed: ParsedTable, text: str) -> bool:
    """The table right before, with nothing but white space between, is the same form's
    first block: this one has no title of its own and that one is a 自评表."""
    return follows_untitled(before, parsed, text) and (
        before.layout in ("dept_self_eval", "project_self_eval") or _scored_funds_block(before)
    )


def _titled_parts(before: ParsedTable, parsed: ParsedTable, text: str) -> bool:
    """A form printed as two titled tables, its funds block first ("表1 项目资金情况" with
    年度资金总额 and its 得分, then "表2 绩效指标完成情况" with the indicators and the 总分):
    nothing but the second's title between them, and the first a scored funds block."""
    between = [
        line.strip()
        for line in text[before.table.span.end : parsed.table.span.start].splitlines()
        if line.strip()
    ]
    if len(between) > 1 or (
        between
        and between[0] != (parsed.title or "").strip()
        and not (parsed.title is None and _caption_like(between[0]))
    ):
        return False
    funds = _funds_rows(before)
    return bool(funds) and any(
        c.col_key == "score" and c.row in funds and c.quantities for c in before.cells
    )


# A line that may be a table's caption the reader did not take as its title: short, no clause.
_CAPTION_CHARS = 30
_CLAUSE_MARKS = regex.compile(r"[。，,；;]")


def _caption_like(line: str) -> bool:
    return len(line) <= _CAPTION_CHARS and not _CLAUSE_MARKS.search(line)


# The columns of a 自评表's funds block: its stages of the money, and its 分值 and 得分.
_FUNDS_BLOCK_SCORES = frozenset({"full_score", "score"})
_FUNDS_BLOCK_STAGES = frozenset({"initial_budget", "adjusted_budget", "expenditure"})


def _scored_funds_block(parsed: ParsedTable) -> bool:
    """A table whose header is a 自评表's funds block (年初预算数 | 全年预算数 | 全年执行数 |
    分值 | 执行率 | 得分) under a title that names no known form (a 转移支付 区域绩效目标自评表
    after its 名称 and 主管部门 lines)."""
    keys = {c.col_key for c in parsed.cells if c.role == "header" and c.col_key}
    return keys >= _FUNDS_BLOCK_SCORES and bool(keys & _FUNDS_BLOCK_STAGES)


# -- 一级指标 subtotals and indicator counts -------------------------------------------------

_PATH_SEPARATOR = " / "
# Between a 一级指标's name and its score: "产出指标总分为50分，得分47分" (a few words, no
# other indicator named).
LEVEL_GAP_CHARS = 10
_SPACES = regex.compile(r"[\s\u3000]+")


def _indicator_rows(parsed: ParsedTable) -> dict[int, tuple[str, ...]]:
    """Row -> its label path (一级, 二级, 三级指标), for the rows that hold a 分值 or 得分."""
    rows: dict[int, tuple[str, ...]] = {}
    for cell in parsed.cells:
        if cell.col_key not in ("score", "full_score") or len(cell.quantities) != 1:
            continue
        if cell.quantities[0].kind != "score" or _is_total_row(cell) or not cell.row_header:
            continue
        if _is_group_subtotal(cell):
            continue
        path = tuple(normalize_header(p) for p in cell.row_header.split(_PATH_SEPARATOR))
        if len(path) >= 2:
            rows[cell.row] = path
    return rows


def _subtotals(index: DocumentIndex, table: ParsedTable) -> Iterator[ScoreSubtotal]:
    rows = _indicator_rows(table)
    levels = {path[0] for path in rows.values()}
    cells = {
        (key, level): tuple(
            c
            for c in table.cells
            # A row holds a 分值 or a 得分; the other column of it may be blank.
            if c.col_key == key and c.row in rows and rows[c.row][0] == level and c.quantities
        )
        for key, _ in _COLUMNS
        for level in levels
    }
    yield from _table_subtotals(index, table, rows)
    text = index.text
    for mention in index.mentions:
        if mention.role != "narrative" or mention.quantity.kind != "score":
            continue
        key = {"score": "score", "full_score": "full_score"}.get(mention.metric or "")
        if key is None:
            continue
        level = _level_named_before(text, mention, levels)
        if level is None or not cells[(key, level)]:
            continue
        column = dict(_COLUMNS)[key]
        yield ScoreSubtotal(level, column, mention, cells[(key, level)])


def _table_subtotals(
    index: DocumentIndex, table: ParsedTable, rows: dict[int, tuple[str, ...]]
) -> Iterator[ScoreSubtotal]:
    """A 小计 row of a 一级指标 ("产出 | 小计 | … | 50 | 48") against that level's rows."""
    for cell in table.cells:
        if cell.col_key not in ("score", "full_score") or len(cell.quantities) != 1:
            continue
        path = tuple(normalize_header(p) for p in (cell.row_header or "").split(_PATH_SEPARATOR))
        if not _is_group_subtotal(cell) or len(path) < 2:
            continue
        mention = index.mention_at.get(cell.quantity_spans[0])
        group = tuple(
            c
            for c in table.cells
            if c.col_key == cell.col_key
            and c.row in rows
            and rows[c.row][0] == path[0]
            and c.quantities
        )
        if mention is not None and len(group) >= 2:
            column = dict(_COLUMNS)[cell.col_key]
            yield ScoreSubtotal(path[0], column, mention, group, "subtotal")


def _level_named_before(text: str, mention: Mention, levels: set[str]) -> str | None:
    """The 一级指标 named right before the score: in its clause, or the clause before when
    the clause is "得分47分" after "产出指标总分为50分，"."""
    before = _SPACES.sub(
        "", text[max(0, mention.span.start - 2 * LEVEL_GAP_CHARS - 8) : mention.span.start]
    )
    found = [(before.rfind(level), level) for level in levels if level in before]
    if len(found) != 1:
        return None
    at, level = found[0]
    between = before[at + len(level) :]
    # Another indicator named between (数量指标得分16分), or a sentence end: not this level's.
    if any(word in between for word in cue_words("indicator_word")) or regex.search(
        r"[。；;]", between
    ):
        return None
    scores_between = len(regex.findall(r"[0-9.]+分", between))
    return level if len(between) <= 2 * LEVEL_GAP_CHARS and scores_between <= 1 else None


def _indicator_counts(index: DocumentIndex, table: ParsedTable) -> Iterator[IndicatorCount]:
    """ "共设置三级指标12个", "下设…七个二级指标": against the table's 三级 rows and distinct 二级
    指标. A 一级指标 count is not checked: whether 预算执行 (scored in the funds rows of a
    项目自评表) is one of them, texts say both ways; nor are the rows of a 一级指标 outside
    产出/效益/满意度 (预算执行, 资金) required among the 三级 ones."""
    rows = _indicator_rows(table)
    performance = {
        row: path for row, path in rows.items() if path[0] in cue_words("performance_level")
    }
    listed = {
        "二级指标": tuple(
            sorted({len({p[:2] for p in r.values() if len(p) >= 3}) for r in (rows, performance)})
        ),
        "三级指标": tuple(sorted({len(rows), len(performance)})),
    }
    text = index.text
    for mention in index.mentions:
        q = mention.quantity
        if mention.role != "narrative" or q.kind != "count":
            continue
        if q.unit not in cue_words("indicator_measure"):
            continue
        level = _level_counted(text, mention)
        if level is None or not any(listed.get(level, ())):
            continue
        yield IndicatorCount(level, mention, listed[level])


@cache
def _counted_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(before, after): "三级指标12个" and "12个三级指标"; the level must be said."""
    level = rf"(?P<level>{cues('indicator_level')})(?:{cues('indicator_word')})"
    return (
        regex.compile(rf"{level}(?:{cues('copula')})?[ \u3000]*$"),
        regex.compile(rf"[ \u3000]*{level}"),
    )


def _level_counted(text: str, mention: Mention) -> str | None:
    before, after = _counted_patterns()
    found = before.search(text, max(0, mention.span.start - 8), mention.span.start) or after.match(
        text, mention.span.end
    )
    if found is None:
        return None
    return f"{found.group('level')}指标"


def _stated_overall(index: DocumentIndex) -> list[Mention]:
    """Narrative scores in a sentence that names the overall self-evaluation score."""
    text = index.text
    overall, threshold = _overall_cues()
    found: list[Mention] = []
    for mention in index.mentions:
        if (
            mention.role != "narrative"
            or mention.quantity.kind != "score"
            or mention.metric != "score"
        ):
            continue
        start = max(
            text.rfind("。", 0, mention.span.start), text.rfind("\n", 0, mention.span.start)
        )
        sentence = text[start + 1 : mention.span.start]
        if not overall.search(sentence):
            continue
        after = text[mention.span.end : mention.span.end + 8]
        if threshold.match(after) or mention.quantity.bound != "exact":
            continue  # "综合得分90分（含）以上为“优”": a grading threshold, not a score
        found.append(mention)
    return found
