"""Performance forms (自评表, 绩效目标表) as one project's form: the project a form is of, carried
over the untitled tables its blocks are printed as, and the row that totals its funds.

A report holds one 项目支出绩效自评表 per project; the project's narrative (…项目绩效自评综述：…
全年预算数为a万元) restates that form's funds row and its 总分, and no other form's.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import pairwise

import regex

from crosscheck import lexicons
from crosscheck.tables.headers import header_word, normalize_header
from crosscheck.types import ParsedTable, TableCell

# The 项目名称 label of a form stands in its first rows.
PROJECT_NAME_ROWS = 3
# The columns of a 自评表's funds block (年初预算数 | 全年预算数 | 全年执行数 | 执行率): a row
# holding one of them is a funds row, not an indicator row.
FUNDS_COLUMNS = frozenset(
    {"initial_budget", "adjusted_budget", "budget", "expenditure", "execution_rate"}
)
# What a 部门整体支出绩效自评表's title holds, and the name its funds total is keyed by: the
# department as a whole, as its text names it (部门资金, 本部门).
WHOLE_UNIT_FORM = "部门整体"
WHOLE_UNIT = "部门整体"
# The layout (lexicons/table_layouts.tsv) of a 部门整体 form, recognised by its title or headers.
WHOLE_UNIT_LAYOUT = "dept_self_eval"


def project_name(parsed: ParsedTable) -> str:
    """The project a form is of, as written: the cell after its 项目名称 label in its first
    rows; "" for a table with none."""
    by_row: dict[int, list[TableCell]] = {}
    for cell in parsed.cells:
        if cell.row < PROJECT_NAME_ROWS and cell.cell.raw.strip():
            by_row.setdefault(cell.row, []).append(cell)
    for cells in by_row.values():
        cells.sort(key=lambda c: c.col)
        for label, value in pairwise(cells):
            word = header_word(label.cell.raw)
            if word is not None and word.key == "item" and header_word(value.cell.raw) is None:
                return value.cell.raw
    return ""


def follows_untitled(before: ParsedTable, parsed: ParsedTable, text: str) -> bool:
    """This table has no title of its own and only white space stands between it and the
    table right before: one form's blocks (its 项目名称 block, its indicators, a page on)."""
    between = text[before.table.span.end : parsed.table.span.start]
    if parsed.title is not None:
        return False
    # The form's goal and results rows, flattened between its blocks, are the form's too.
    lines = [line.strip() for line in between.splitlines() if line.strip()]
    return len(lines) <= _FORM_FIELDS_MAX and all(
        regex.match(rf"(?:{_form_fields()})\s*[：:]", line) for line in lines
    )


# At most this many field lines stand between two blocks of one form.
_FORM_FIELDS_MAX = 4


@cache
def _form_fields() -> str:
    words = sorted(
        (r["cue"] for r in lexicons.rows("segment_cues") if r["kind"] == "form_field"),
        key=len,
        reverse=True,
    )
    return "|".join(map(regex.escape, words))


def form_projects(tables: Sequence[ParsedTable], text: str) -> list[str]:
    """Each table's project as written ("" for none): its own 项目名称, or, for an untitled
    table right after another, the project that one is of."""
    names: list[str] = []
    for position, parsed in enumerate(tables):
        before = tables[position - 1] if position else None
        if before is not None and follows_untitled(before, parsed, text):
            names.append(project_name(parsed) or names[-1])
        else:
            names.append(project_name(parsed) or _project_named_above(parsed, text))
    return names


# The lines right above a form where its 项目名称 field may stand outside its grid.
PROJECT_LINES_ABOVE = 5
_FIELD = regex.compile(r"^\s*(?P<label>[^：:\s]{2,12})[：:]\s*(?P<value>[^\s　]{2,60})")


def _project_named_above(parsed: ParsedTable, text: str) -> str:
    """The project a form's field line above its grid names ("项目名称：数字档案建设项目",
    the form exported with its heading fields as lines), for a table that holds a funds
    block; "" for none."""
    if not any(c.col_key in ("full_score", "score") for c in parsed.cells if c.role == "header"):
        return ""
    above = text[max(0, parsed.table.span.start - 400) : parsed.table.span.start]
    for line in reversed(above.splitlines()[-PROJECT_LINES_ABOVE:]):
        field = _FIELD.match(line)
        if field is None:
            continue
        word = header_word(field.group("label"))
        if word is not None and word.key == "item":
            return field.group("value")
    return ""


@cache
def _funds_total_words() -> tuple[str, ...]:
    rows = lexicons.rows("relation_cues")
    return tuple(r["word"] for r in rows if r["role"] == "funds_total_row")


def is_funds_total(label: str) -> bool:
    """A row label that totals a form's funds block: 年度资金总额, 项目资金合计."""
    return normalize_header(label).rstrip("：:").endswith(_funds_total_words())
