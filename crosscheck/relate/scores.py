"""The score structure of self-evaluation tables: the 总分 row, the indicator rows, the
得分/分值 pairs, and the overall score the narrative states."""

from __future__ import annotations

from functools import cache

import regex

from crosscheck.relate.cues import cue_words, cues
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.types import ScoreColumn, ScorePair, ScoreStructure
from crosscheck.types import Mention, TableCell


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
    columns: list[ScoreColumn] = []
    pairs: list[ScorePair] = []
    for parsed in index.tables:
        for key, column in _COLUMNS:
            cells = [c for c in parsed.cells if c.col_key == key and len(c.quantities) == 1]
            totals = [c for c in cells if _is_total_row(c)]
            rows = [c for c in cells if c not in totals and c.quantities[0].kind == "score"]
            if len(totals) == 1 and len(rows) >= 2:
                columns.append(ScoreColumn(parsed, column, totals[0], tuple(rows)))
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
    return ScoreStructure(tuple(columns), tuple(pairs), table_total, tuple(_stated_overall(index)))


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
