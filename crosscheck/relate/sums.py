"""Sum relations: a total and the parts the text lists under it.

Read inside one statement: "T，其中A a、B b" (the total before 其中), "A a，B b，
合计T" (the total after 合计), the 分别为 lists tied to a total ("T，其中A、B分别为
a、b", "A、B分别为a、b，共计T", "T，分别为：A a、B b"); and across paragraphs: a
paragraph ending "T，其中：" whose parts open the paragraphs that follow. Lists that
say they are partial (主要包括, 等) are no sum relation. An amount per unit ("工资
24000元每年每人") is neither a part nor a total.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from functools import cache

import regex

from crosscheck import lexicons
from crosscheck.relate.cues import cue_words, cues
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.lists import (
    Respectively,
    closing_total,
    labels_name_periods,
    partial,
    respectively_lists,
    spent_cue,
)
from crosscheck.relate.recompute import check_sum, comparable_parts, exact, same_measure
from crosscheck.relate.statements import CLOSE_BRACKETS, OPEN_BRACKETS
from crosscheck.relate.types import Statement, SumRelation
from crosscheck.relate.unitless import unitless_amounts
from crosscheck.types import Mention

# The metrics of an amount spent: after a list of funds such an amount is said of the
# whole, not one more part.
SPENT_METRICS = ("expenditure", "paid_amount")


@cache
def _unit_rate_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(before, after): the words of lexicons/unit_rates.tsv right before / after an amount."""

    def alternation(side: str) -> str:
        found = [r["word"] for r in lexicons.rows("unit_rates") if r["side"] == side]
        return "|".join(regex.escape(w) for w in sorted(found, key=lambda w: (-len(w), w)))

    return (
        regex.compile(rf"(?:{alternation('before')})(?:{cues('rate_connector')}|[：:\s])*$"),
        regex.compile(rf"\s*(?:{alternation('after')})"),
    )


def is_unit_rate(text: str, m: Mention) -> bool:
    """An amount per person, household, month… ("24000元每年每人", "每户500元")."""
    before, after = _unit_rate_patterns()
    return bool(
        before.search(text, max(0, m.span.start - 8), m.span.start) or after.match(text, m.span.end)
    )


def statements_to_sums(
    index: DocumentIndex, statements: tuple[Statement, ...]
) -> tuple[SumRelation, ...]:
    """Every list tied to a total, its parts of the total's measure, in reading order."""
    text = index.text
    found: list[SumRelation] = []
    for total, parts, cue in _sum_relations(index, statements):
        if is_unit_rate(text, total):
            continue
        kept = comparable_parts(total, [p for p in parts if not is_unit_rate(text, p)])
        found.append(
            SumRelation(total, tuple(kept), cue, True, _unitless_around(text, total, kept))
        )
    return tuple(found)


def _unitless_around(text: str, total: Mention, parts: list[Mention]) -> tuple:
    """The unitless numbers from the relation's first quantity to the end of its sentence."""
    lo = min([total.span.start, *(p.span.start for p in parts)])
    hi = max([total.span.end, *(p.span.end for p in parts)])
    sentence_end = text.find("。", hi)
    return tuple(unitless_amounts(text, lo, sentence_end + 1 if sentence_end >= 0 else hi))


def _sum_relations(
    index: DocumentIndex, statements: tuple[Statement, ...]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """(total, parts, cue) for "T，其中A a、B b", "A a，B b，合计T" and the 分别为
    lists tied to a total ("T，其中A、B分别为a、b", "A、B分别为a、b，共计T",
    "T，分别为：A a、B b") in one sentence."""
    yield from _lists_in_next_paragraphs(index, statements)
    text = index.text
    for statement in statements:
        mentions = statement.mentions
        if len(mentions) < 3:
            continue
        # "T，其中 …" (or "T中，…"): the total is the last quantity before 其中, the parts follow.
        opener = _opener_outside_brackets(statement.text)
        if opener is not None:
            qizhong = opener.start()
            at = statement.span.start + qizhong
            heads = [m for m in mentions if m.span.end <= at]
            after = [m for m in mentions if m.span.start >= at]
            tail = statement.text[qizhong : qizhong + 12]
            if heads and after and not partial().search(tail):
                total = heads[-1]
                parts: list[Mention] = []
                closing: Mention | None = None
                for m in after:
                    before = text[max(statement.span.start, m.span.start - 16) : m.span.start]
                    if closing_total().search(before) and same_measure(m, total):
                        closing = m
                        break
                    if parts and total.metric not in SPENT_METRICS and spent_cue().search(before):
                        # "资金总额100万元，其中中央资金60万元，已支出50万元": the amount spent
                        # is said of the whole; the list of funds ended before it.
                        break
                    if parts and _list_opener_words_in(text[parts[-1].span.end : m.span.start]):
                        parts = []  # a nested 其中: the list is on two levels, do not guess
                        break
                    parts.append(m)
                listed = respectively_lists(
                    text,
                    after,
                    statement.span.start + opener.end(),
                    closing.span.start if closing is not None else statement.span.end,
                )
                # Under 其中, values of periods need not cover the total (2022年和2023年
                # 分别为…, 其中2022年…，2023年…: other years may be left out); a closing
                # 合计 says they do.
                by_period = labels_name_periods(text, statement.span.start + opener.end(), parts)
                if not by_period and not any(
                    _breaks_sum(text, item, total, periods_ok=False) for item in listed
                ):
                    yield total, parts, "opener"
                if closing is not None and not any(
                    _breaks_sum(text, item, closing, periods_ok=True) for item in listed
                ):
                    yield closing, parts, "closing"
                continue
        yield from _listed_after_total(text, statement)
        # "A a，B b，合计 T": the total is announced by 合计/共计/总计, the parts are
        # the quantities before it in the same ；-clause.
        for position, m in enumerate(mentions):
            before = text[max(statement.span.start, m.span.start - 16) : m.span.start]
            if position >= 2 and closing_total().search(before):
                clause_start = (
                    max(
                        text.rfind("；", statement.span.start, m.span.start),
                        text.rfind(";", statement.span.start, m.span.start),
                    )
                    + 1
                )
                parts = [p for p in mentions[:position] if p.span.start >= clause_start]
                closed = _closed_respectively(
                    text, parts, max(clause_start, statement.span.start), m
                )
                if closed is not None:
                    yield m, closed, "closing"
                break


def _list_opener_words_in(text: str) -> bool:
    return any(word in text for word in cue_words("list_opener"))


def _breaks_sum(text: str, listed: Respectively, total: Mention, *, periods_ok: bool) -> bool:
    """A 分别 list that gives values of the total's measure but cannot be read as its parts:
    per-item changes (分别增长30万元、20万元), fewer or more values than items named, a value
    in another unit or approximate, or (unless ``periods_ok``) values of periods."""
    if not any(same_measure(v, total) for v in listed.values):
        return False  # 分别占60%、40% or 执行率分别为98%、100%: beside the parts, not parts
    if not listed.respectively:
        return True
    if not periods_ok and listed.names_periods(text):
        return True
    if listed.inline:
        # "分别为：A a，占p%；B b": shares may follow each part; every other value is a part.
        values = [v for v in listed.values if v.quantity.kind not in ("percent", "pp")]
        if len(listed.names) > 1:
            return True  # items named both before and inline: do not guess how they pair
    else:
        values = list(listed.values)
        if len(listed.names) != len(values):
            return True
    return not all(same_measure(v, total) and exact(v) for v in values)


def _closed_respectively(
    text: str, parts: list[Mention], start: int, total: Mention
) -> list[Mention] | None:
    """The parts of "…A、B分别为a、b，共计T" (None: a 分别 list that is no breakdown of T).

    When quantities come before the 分别 list in the clause ("支出500万元，A、B分别为
    300万元、200万元，合计510万元") and they do not complete the sum, the parts are
    the list's values alone."""
    listed = respectively_lists(text, parts, start, total.span.start)
    if any(_breaks_sum(text, item, total, periods_ok=True) for item in listed):
        return None
    starts = [item.start for item in listed if item.respectively and item.values]
    if not starts:
        return parts
    own = [p for p in parts if p.span.start >= min(starts)]
    if len(own) < len(parts) and check_sum(total, parts) is not None:
        return own
    return parts


# Between a total and the 分别为 that lists its parts: punctuation only.
_TOTAL_THEN_CUE = regex.compile(r"[，,：:\s]*")


def _listed_after_total(
    text: str, statement: Statement
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """ "T，分别为：A a、B b、C c": items named inline right after the total are its parts.

    Only with the items named inline and every value of the total's measure up to the
    statement's end (or its 合计): bare values ("T，分别为a、b") do not say what they are."""
    mentions = statement.mentions
    for listed in respectively_lists(text, mentions, statement.span.start, statement.span.end):
        if not listed.respectively or not listed.inline:
            continue
        heads = [m for m in mentions if m.span.end <= listed.cue.start]
        if (
            not heads
            or _TOTAL_THEN_CUE.fullmatch(text, heads[-1].span.end, listed.cue.start) is None
        ):
            continue
        total = heads[-1]
        values: list[Mention] = []
        for m in listed.values:
            before = text[max(statement.span.start, m.span.start - 16) : m.span.start]
            if closing_total().search(before):
                break  # the closing 合计 is checked by the closing path
            values.append(m)
        if len(values) < 2 or _breaks_sum(
            text, replace(listed, values=tuple(values)), total, periods_ok=False
        ):
            continue
        if partial().search(text, listed.cue.end, min(values[-1].span.end + 2, statement.span.end)):
            continue
        yield total, [v for v in values if same_measure(v, total)], "respectively"


@cache
def _list_opener() -> regex.Pattern[str]:
    """ "其中" opens a breakdown, and so does "中，" right after the total's unit
    ("基本支出29,684.53万元中，工资福利支出…"; the last characters of 元, 人, 个, 项, 家,
    人次, 户)."""
    return regex.compile(
        rf"(?:{cues('list_opener')})|(?<=[元人个项家次户])(?:{cues('opener_after_total')})(?=[，,：:])"
    )


def openers_outside_brackets(text: str) -> list[regex.Match[str]]:
    """The 其中 of a statement that are not inside brackets: "收入500.00万元（其中，
    一般公共预算…）" lists the bracket's parts, which are asides (relate/statements.py), not
    the parts of what follows the bracket."""
    found: list[regex.Match[str]] = []
    depth = 0
    cursor = 0
    for match in _list_opener().finditer(text):
        for ch in text[cursor : match.start()]:
            if ch in OPEN_BRACKETS:
                depth += 1
            elif ch in CLOSE_BRACKETS and depth:
                depth -= 1
        cursor = match.start()
        if depth == 0:
            found.append(match)
    return found


def _opener_outside_brackets(text: str) -> regex.Match[str] | None:
    found = openers_outside_brackets(text)
    return found[0] if found else None


@cache
def _opens_next() -> regex.Pattern[str]:
    """A paragraph that ends announcing its breakdown: "…基本支出2,402.18万元，其中："."""
    return regex.compile(rf"(?:{cues('list_opener')})[：:，,]?\s*$")


# An item paragraph: a short label, then its amount ("人员经费2,098.64万元，主要包括：…").
ITEM_LABEL_CHARS = 20


def _lists_in_next_paragraphs(
    index: DocumentIndex, statements: tuple[Statement, ...]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """ "T，其中：" ending a paragraph, the parts opening the paragraphs that follow."""
    paragraphs = index.segmented.paragraphs
    by_statement = {s.span.end: s for s in statements}
    for position, paragraph in enumerate(paragraphs):
        text = index.text[paragraph.span.start : paragraph.span.end]
        if not _opens_next().search(text):
            continue
        statement = by_statement.get(paragraph.span.end)
        if statement is None or not statement.mentions:
            continue
        total = statement.mentions[-1]
        parts: list[Mention] = []
        for following in paragraphs[position + 1 :]:
            inside = index.mentions_between(following.span.start, following.span.end)
            first = inside[0] if inside else None
            if first is None or first.span.start - following.span.start > ITEM_LABEL_CHARS:
                break
            if not same_measure(first, total):
                break
            parts.append(first)
        if len(parts) >= 2:
            yield total, parts, "opener-next"
