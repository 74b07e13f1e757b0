"""Changes: a rate of change stated with the amounts it is computed from.

"总计T，增加d，增长p%": this year's amount T and the difference d, so last year
was T−d (T+d for 减少). "较上年42.15万元减少3.69万元": the amount right after
上年 is last year's. This year's amount may close the sentence before, in the
same paragraph, when it names the same item ("收入总计7,028.79万元。与2022年相比，
收入、支出总计各增加644.53万元，增长9.17%"). And a change between two rates
("由85%提高到92%，提高了7%"): the two rates and the change written.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from crosscheck.relate.cues import cues
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.recompute import exact, is_change, same_measure
from crosscheck.relate.types import Change, PointChange, Statement
from crosscheck.types import Mention

YEAR = r"(?:19|20)[0-9]{2}"


@cache
def _ratio_whole() -> regex.Pattern[str]:
    """An amount right before "的p%" is the whole of a ratio ("完成预算数250000万元的40%")."""
    return regex.compile(rf"[ \u3000]*(?:{cues('of')})[ \u3000]*[0-9０-９]")


@cache
def _last_year() -> regex.Pattern[str]:
    """ "较上年42.15万元", "比2022年": ending right before an amount, it makes it last year's."""
    return regex.compile(
        rf"(?:{cues('last_year')}|(?:{cues('year_compare')}){YEAR}\s*年)"
        rf"(?:{cues('period_suffix')})?\p{{Han}}{{0,6}}?[ \u3000]*$"
    )


@cache
def _compared_year() -> regex.Pattern[str]:
    """The opening of a clause that names the year compared with ("与2022年相比")."""
    return regex.compile(
        rf"^(?:{cues('year_compare')})?(?:19|20)?[0-9]*\s*年?(?:{cues('compare_suffix')})?"
    )


_RATE_OF = {"increase": "growth_rate", "decrease": "decline_rate"}


def _carried_total(text: str, carried: list[Mention], change: Mention) -> list[Mention]:
    """This year's amount from the sentence before, when it names the same item as the
    change ("收入总计7,028.79万元。…收入、支出总计各增加644.53万元"): one value only."""
    clause = text[max(0, change.span.start - 16) : change.span.start]
    clause = regex.split(r"[，,。；;]", clause)[-1]
    item = _compared_year().sub("", clause)[:2]
    if len(item) < 2:
        return []
    candidates = [
        m
        for m in carried
        if same_measure(m, change)
        and exact(m)
        and not is_change(m)
        and item in text[max(0, m.span.start - 8) : m.span.start]
    ]
    if not candidates or len({m.quantity.value for m in candidates}) != 1:
        return []
    return candidates[-1:]


def statements_to_changes(
    index: DocumentIndex, statements: tuple[Statement, ...]
) -> tuple[Change, ...]:
    """Every 增长/下降 p% written right after its 增加/减少 amount, with the amount of the
    year it is said of."""
    return tuple(_changes(index.text, statements))


def _changes(text: str, statements: tuple[Statement, ...]) -> Iterator[Change]:
    previous: Statement | None = None
    for statement in statements:
        mentions = statement.mentions
        # "2023年度收入总计7,028.79万元…。与2022年相比，…增加644.53万元，增长9.17%": this
        # year's amount may close the sentence before, in the same paragraph.
        same_paragraph = (
            previous is not None and "\n" not in text[previous.span.end : statement.span.start]
        )
        carried = (
            [m for m in previous.mentions if m.quantity.kind == "amount"]
            if previous is not None and same_paragraph
            else []
        )
        previous = statement
        for position, rate in enumerate(mentions):
            if rate.quantity.kind != "percent" or rate.metric not in _RATE_OF.values():
                continue
            if not exact(rate) or position < 1:
                continue
            change = mentions[position - 1]
            if change.metric not in _RATE_OF or change.quantity.kind != "amount":
                continue
            # The amount a change is taken from is no change itself ("A减少0万元，降低0%；
            # B减少0.50万元，降低5.00%": 0万元 is A's change, not B's amount).
            # Nor is the whole of a ratio phrase ("完成年初预算数50000万元的40%，比上年
            # 减收1000万元": the change is said of the 20000万元 collected, not of the budget).
            totals = [
                m
                for m in mentions[: position - 1]
                if same_measure(m, change)
                and exact(m)
                and not is_change(m)
                and not _ratio_whole().match(text, m.span.end)
            ]
            source = "sentence"
            if not totals:
                totals = _carried_total(text, carried, change)
                source = "sentence-before"
            if not totals:
                continue
            total = totals[-1]
            if _RATE_OF[change.metric] != rate.metric:
                continue
            before_total = text[max(statement.span.start, total.span.start - 10) : total.span.start]
            if _last_year().search(before_total):
                # "较上年42.15万元减少3.69万元": the amount is last year's.
                yield Change(change.metric, rate, change, None, total, source)
            else:
                yield Change(change.metric, rate, change, total, None, source)


@cache
def _rate_cues() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """(from, compared, change): "由a提高到b" names the earlier rate first; "a，较上年的b"
    second; the change verb comes before the change written."""
    return (
        regex.compile(cues("from")),
        regex.compile(cues("rate_compare")),
        regex.compile(cues("change_verb")),
    )


def statements_to_point_changes(
    text: str, statements: tuple[Statement, ...]
) -> tuple[PointChange, ...]:
    """Three rates in a row: two compared (由a到b, a较b) and the change written after them."""
    from_to, compared, change_verb = _rate_cues()
    found: list[PointChange] = []
    for statement in statements:
        mentions = [m for m in statement.mentions if m.quantity.bound == "exact"]
        for i in range(len(mentions) - 2):
            a, b, c = mentions[i], mentions[i + 1], mentions[i + 2]
            if not all(m.quantity.kind == "percent" for m in (a, b, c)):
                continue
            between_ab = text[a.span.end : b.span.start]
            between_bc = text[b.span.end : c.span.start]
            before_a = text[max(statement.span.start, a.span.start - 8) : a.span.start]
            if not (from_to.search(before_a) or compared.search(between_ab)):
                continue
            if not change_verb.search(between_bc) or len(between_bc) > 12:
                continue
            old, new = (a, b) if from_to.search(before_a) else (b, a)
            found.append(PointChange(old, new, c))
    return tuple(found)
