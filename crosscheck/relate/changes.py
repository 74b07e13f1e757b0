"""Changes: a rate of change stated with the amounts it is computed from.

"总计T，增加d，增长p%": this year's amount T and the difference d, so last year
was T−d (T+d for 减少). "较上年42.15万元减少3.69万元": the amount right after
上年 is last year's. This year's amount may close the sentence before, in the
same paragraph, when it names the same item ("收入总计7,028.79万元。与2022年相比，
收入、支出总计各增加644.53万元，增长9.17%"). And a change between two rates
("由85%提高到92%，提高了7%"): the two rates and the change written.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cache
from itertools import pairwise

import regex

from crosscheck.compare import Agreement, recomputed_agrees
from crosscheck.relate.cues import cues
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.lists import ENUMERATION_COMMA
from crosscheck.relate.recompute import exact, is_change, same_measure
from crosscheck.relate.types import RATE_ALONE, Change, Comparison, PointChange, Statement
from crosscheck.relate.years import (
    amount_like,
    label_of,
    last_years_amount,
    names_last_year,
    period_of,
    reference_of,
    same_thing,
)
from crosscheck.types import Mention, Span

YEAR = r"(?:19|20)[0-9]{2}"


@cache
def _ratio_whole() -> regex.Pattern[str]:
    """An amount right before "的p%" is the whole of a ratio ("完成预算数250000万元的40%")."""
    return regex.compile(rf"[ \u3000]*(?:{cues('of')})[ \u3000]*[0-9０-９]")


@cache
def _last_year() -> regex.Pattern[str]:
    """ "较上年42.15万元", "比2022年": ending right before an amount, it makes it last year's."""
    return regex.compile(
        rf"(?:{cues('last_year')}|(?:{cues('year_compare')})\s*{YEAR}\s*年)"
        rf"(?:{cues('period_suffix')})?\p{{Han}}{{0,6}}?[ \u3000]*$"
    )


@cache
def _only_last_year() -> regex.Pattern[str]:
    """Nothing but the label of last year's amount: "，较上年", "，比2022年的"."""
    return regex.compile(
        rf"[，,\s]*(?:{cues('year_compare')})?\s*(?:{cues('last_year')}|{YEAR}\s*年)"
        rf"(?:{cues('period_suffix')})?(?:{_STAGE_WORDS})?[ \u3000]*"
    )


# The stage a year's amount is of, after the year's word: "比上年预算52.30万元".
_STAGE_WORDS = "预算数|决算数|执行数|预算|决算"


@cache
def _compared_year() -> regex.Pattern[str]:
    """The opening of a clause that names the year compared with ("与2022年相比")."""
    return regex.compile(
        rf"^(?:{cues('year_compare')})?\s*(?:19|20)?[0-9]*\s*年?(?:{cues('compare_suffix')})?"
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


@cache
def _comparison_alone() -> regex.Pattern[str]:
    """A sentence that opens with its comparison and names nothing: "与上年相比增加",
    "比上年减少了", "较2018年预算增加"."""
    return regex.compile(
        rf"[\s，,]*(?:{cues('year_compare')})?\s*(?:{cues('last_year')}|{YEAR}\s*年)"
        rf"(?:{cues('period_suffix')})?(?:{_STAGE_WORDS})?(?:{cues('compare_suffix')})?"
        rf"[\s，,]*(?:{cues('change_money_verb')})?了?[\s]*"
    )


def _amount_of_the_sentence_before(
    text: str, statement: Statement, carried: list[Mention], change: Mention
) -> list[Mention]:
    """This year's amount when the change's sentence names nothing and the sentence before
    it, in its paragraph, states one amount of the change's measure: "项目支出预算数为
    4335.3万元。与上年相比减少1237.7万元，减少22.21%"."""
    if not _comparison_alone().fullmatch(text, statement.span.start, change.span.start):
        return []
    stated = _one_amount_of(carried, change)
    return [stated] if stated is not None else []


def _one_amount_of(before: Sequence[Mention], like: Mention) -> Mention | None:
    """The one amount of ``like``'s measure (no change) the sentence before states, when it
    states exactly one (or one of ``like``'s metric) and writes it exactly."""
    stated = [m for m in before if same_measure(m, like) and not is_change(m)]
    if len(stated) > 1 and like.metric:
        # "年初预算为a万元，决算为b万元。…与上年决算数c万元相比": the one of the base's metric.
        stated = [m for m in stated if m.metric == like.metric]
    return stated[0] if len(stated) == 1 and exact(stated[0]) else None


def statements_to_changes(
    index: DocumentIndex, statements: tuple[Statement, ...]
) -> tuple[Change, ...]:
    """Every change between two years a sentence states: a 增加/减少 amount (with the
    增长/下降 p% after it), a rate alone, or 持平, with the two years' amounts."""
    return tuple(_with_restatements(index, c) for c in _changes(index.text, statements))


def _with_restatements(index: DocumentIndex, change: Change) -> Change:
    """The change with the other amounts of this year's measure that its paragraph states
    before this year's amount ("…行政单位离退休（01项）56.12万元。…2026年预算安排57.8万元，
    比上年减少2.27%"): the item's amount written twice, so that a rule can tell a rate
    computed from the other statement from a rate that fits no amount at all."""
    current, base = change.current, change.base
    if current is None or base is None:
        return change
    paragraphs = index.segmented.paragraphs
    at = bisect_right([p.span.start for p in paragraphs], current.span.start) - 1
    if at < 0 or current.span.start >= paragraphs[at].span.end:
        return change
    restated = tuple(
        m
        for m in index.mentions_between(paragraphs[at].span.start, current.span.start)
        if same_measure(m, current)
        and exact(m)
        and not is_change(m)
        and m.span != base.span
        and m.quantity.value != current.quantity.value
    )
    return replace(change, restated=restated) if restated else change


def _changes(text: str, statements: tuple[Statement, ...]) -> Iterator[Change]:
    previous: Statement | None = None
    for statement in statements:
        # "2023年度收入总计7,028.79万元…。与2022年相比，…增加644.53万元，增长9.17%": this
        # year's amount may close the sentence before (of figures), in the same paragraph.
        same_paragraph = (
            previous is not None and "\n" not in text[previous.span.end : statement.span.start]
        )
        before = previous.mentions if previous is not None and same_paragraph else ()
        floor = (
            previous.span.start if previous is not None and same_paragraph else statement.span.start
        )
        if statement.mentions:
            # A sentence of words only between ("决算数小于预算数的主要原因是…。") leaves this
            # year's amount in the sentence before it.
            previous = statement
        used: set[Span] = set()
        for change in _rates_after_differences(text, statement, before):
            used.update(m.span for m in (change.rate, change.delta) if m is not None)
            yield _with_both_years(text, floor, statement, before, change)
        yield from _changes_alone(text, floor, statement, before, used)


# What stands between a change and its bracketed rate: the bracket that opens it.
_BRACKET_OPEN = regex.compile(r"\s*[（(]\s*")


def _rates_after_differences(
    text: str, statement: Statement, before: tuple[Mention, ...]
) -> Iterator[Change]:
    """ "总计T，增加d，增长p%": the rate right after its difference, with the amount of the
    year it is said of (this year's, or last year's right after 上年)."""
    mentions = statement.mentions
    carried = [m for m in before if m.quantity.kind in ("amount", "count")]
    for position, rate in enumerate(mentions):
        if rate.quantity.kind != "percent" or not exact(rate) or position < 1:
            continue
        change = mentions[position - 1]
        if change.metric not in _RATE_OF or change.quantity.kind not in ("amount", "count"):
            continue
        # "较上年减少24.5万元（43%）": a bare percent bracketed right after a change is its rate.
        bracketed = rate.metric is None and bool(
            _BRACKET_OPEN.fullmatch(text, change.span.end, rate.span.start)
        )
        if rate.metric not in _RATE_OF.values() and not bracketed:
            continue
        # The amount a change is taken from is no change itself ("A减少0万元，降低0%；
        # B减少0.50万元，降低5.00%": 0万元 is A's change, not B's amount).
        # Nor is the whole of a ratio phrase ("完成年初预算数50000万元的40%，比上年
        # 减收1000万元": the change is said of the 20000万元 collected, not of the budget).
        # An earlier change between an amount and this one ends that amount's clause: "税收收入
        # a，增收b，增长p%，…带动增值税增收c，增长q%" (c is 增值税's change, not 税收收入's).
        last_change = max(
            (m.span.end for m in mentions[: position - 1] if is_change(m)), default=-1
        )
        totals = [
            m
            for m in mentions[: position - 1]
            if same_measure(m, change)
            and exact(m)
            and not is_change(m)
            and not _ratio_whole().match(text, m.span.end)
            and m.span.start > last_change
        ]
        source = "sentence"
        if not totals:
            totals = _carried_total(text, carried, change) or _amount_of_the_sentence_before(
                text, statement, carried, change
            )
            source = "sentence-before"
        if not totals:
            continue
        total = totals[-1]
        # "减少221.68万元，增长92.9%": the rate's word says the other way (a word left from
        # the line above); the pair is still one change, its directions at odds (CC109).
        opposed = _RATE_OF[change.metric] != rate.metric and not bracketed
        if opposed and (
            rate.metric not in _RATE_OF.values()
            or not _only_a_verb_between().fullmatch(text, change.span.end, rate.span.start)
        ):
            # "公务用车购置费增加a万元，公务用车运行费下降p%": another item's rate.
            continue
        rate_direction = _DIRECTION_OF[rate.metric] if opposed else None
        before_total = text[max(statement.span.start, total.span.start - 10) : total.span.start]
        if (
            _labels_last_years_amount(before_total)
            or names_last_year(label_of(text, statement.span.start, total))
            or (source == "sentence-before" and _an_earlier_year(text, statement, total, change))
        ):
            # "较上年42.15万元减少3.69万元", "比2025年预算收入执行数483,923.17万元增加…":
            # the amount is last year's.
            yield Change(
                change.metric, rate, change, None, total, source, rate_direction=rate_direction
            )
            continue
        if source == "sentence" and _later_part_of_a_list(text, statement, total):
            # "收入T，其中A a、B b、C c，较上年增加d，增长p%": the change is said of T.
            head = _head_of_list(text, statement, total)
            if head is None:
                continue
            total = head
        yield Change(
            change.metric, rate, change, total, None, source, rate_direction=rate_direction
        )


def _with_both_years(
    text: str, floor: int, statement: Statement, before: tuple[Mention, ...], change: Change
) -> Change:
    """The change with the other year's amount added when the text states it too."""
    if change.delta is None:
        return change
    if change.base is not None and change.current is None:
        # "本年支出45万元，较上年42.15万元增加2.85万元": this year's amount right before
        # last year's, nothing but 较上年 between.
        earlier = [m for m in statement.mentions if m.span.end <= change.base.span.start]
        if not earlier or not amount_like(earlier[-1], change.base):
            return change
        between = text[earlier[-1].span.end : change.base.span.start]
        if (
            _only_last_year().fullmatch(between) is None
            or _later_part_of_a_list(text, statement, earlier[-1])
        ) or not same_thing(text, floor, change.base, earlier[-1]):
            return change
        return replace(change, current=earlier[-1], source="two-years")
    if change.current is None or change.base is not None:
        return change
    between = text[change.current.span.end : change.delta.span.start]
    base = last_years_amount(
        text, floor, change.current, reference_of(between), (*before, *statement.mentions)
    )
    return change if base is None else replace(change, base=base, source="two-years")


@cache
def _only_a_verb_between() -> regex.Pattern[str]:
    """What stands between a difference and its own rate: a comma and the rate's verb."""
    return regex.compile(rf"[，,\s]*(?:{cues('rise_verb', 'fall_verb')})[了为\s]*")


_DIRECTION_OF = {
    "increase": "increase",
    "decrease": "decrease",
    "growth_rate": "increase",
    "decline_rate": "decrease",
}
# Between this year's amount and the change said of it: one clause at most.
CHANGE_PHRASE_CHARS = 24


@cache
def _verb_before() -> regex.Pattern[str]:
    """The change verb right before a rate: "比上年减少57.14%", "下降了10%"."""
    return regex.compile(
        rf"(?:(?P<increase>{cues('rise_verb')})|(?P<decrease>{cues('fall_verb')}))"
        rf"(?:{cues('change_filler')})*(?:{cues('copula')})?[ \u3000]*$"
    )


@cache
def _not_a_change_phrase() -> regex.Pattern[str]:
    """Words that put another relation between an amount and a change: a list (其中,
    分别), a share (占)."""
    return regex.compile(
        f"{cues('list_opener', 'share')}|{cues('respectively', 'each', lexicon='list_cues')}"
        "|[。；;]"
    )


def _direction(text: str, statement: Statement, cue: Mention) -> str | None:
    """Which way a difference or a rate says the amount went, or None: no change."""
    q = cue.quantity
    if not exact(cue):
        return None
    if q.kind in ("amount", "count") and cue.metric in ("increase", "decrease"):
        return cue.metric
    if q.kind != "percent":
        return None
    if cue.metric in ("growth_rate", "decline_rate"):
        return _DIRECTION_OF[cue.metric]
    verb = _verb_before().search(
        text, max(statement.span.start, cue.span.start - 8), cue.span.start
    )
    if verb is None:
        return None
    return "increase" if verb.group("increase") else "decrease"


def _this_years_amount(
    text: str, statement: Statement, at: int, like: Mention | None
) -> Mention | None:
    """The amount right before ``at`` in the sentence when only a change phrase lies between
    ("2024年预算安排25.77万元，比2023年预算执行数减少57.14%")."""
    earlier = [m for m in statement.mentions if m.span.end <= at]
    if not earlier:
        return None
    current = earlier[-1]
    q = current.quantity
    if q.kind not in ("amount", "count") or not exact(current) or is_change(current):
        return None
    if like is not None and not same_measure(current, like):
        return None
    between = text[current.span.end : at]
    if len(between) > CHANGE_PHRASE_CHARS or _not_a_change_phrase().search(between):
        return None
    if _ratio_whole().match(text, current.span.end) or _later_part_of_a_list(
        text, statement, current
    ):
        return None
    return current


_CLAUSE_BREAK = "；"


def _later_part_of_a_list(text: str, statement: Statement, m: Mention) -> bool:
    """``m`` is a later part of a list: the quantity right before it is an amount of its
    measure joined to it by 、, or both follow a 其中 ("其中A a、B b、C c，比上年…增加",
    "其中：A a，B b，较上年增加…"); a change after such a list is said of the list's total.
    A part followed by its own change ("其中：A a，比上年增加d；B b，比上年减少e") ends
    the run: B is then no later part."""
    earlier = [e for e in statement.mentions if e.span.end <= m.span.start]
    if not earlier or not same_measure(earlier[-1], m) or is_change(earlier[-1]):
        return False
    previous = earlier[-1]
    between = text[previous.span.end : m.span.start]
    # "A a、B b": the enumeration comma joins the parts of a list.
    if ENUMERATION_COMMA in between:
        return True
    if _CLAUSE_BREAK in between:
        # "其中：A a，…；B b，较上年增加d（p%）": a part after a semicolon opens a clause of its
        # own, and the change in it is its own.
        return False
    openers = _list_opener_words().finditer(text, statement.span.start, previous.span.start)
    return any(True for _ in openers)


def _head_of_list(text: str, statement: Statement, part: Mention) -> Mention | None:
    """The amount right before the 其中 that opens the list ``part`` is in, if any."""
    openers = list(_list_opener_words().finditer(text, statement.span.start, part.span.start))
    if not openers:
        return None
    heads = [
        m
        for m in statement.mentions
        if m.span.end <= openers[-1].start() and same_measure(m, part) and exact(m)
    ]
    return heads[-1] if heads and not is_change(heads[-1]) else None


@cache
def _list_opener_words() -> regex.Pattern[str]:
    return regex.compile(cues("list_opener"))


def _changes_alone(
    text: str, floor: int, statement: Statement, before: tuple[Mention, ...], used: set[Span]
) -> Iterator[Change]:
    """A difference with no rate after it, a rate with no difference before it, and 持平:
    with this year's amount right before them and last year's when stated."""
    candidates = (*before, *statement.mentions)
    for cue in statement.mentions:
        if cue.span in used:
            continue
        direction = _direction(text, statement, cue)
        if direction is None:
            continue
        is_rate = cue.quantity.kind == "percent"
        current = _this_years_amount(text, statement, cue.span.start, None if is_rate else cue)
        if current is not None and _labelled_last_year(text, statement, current):
            # "…支出3.12万元。与上年3.45万元相比下降9.57%": the amount before the rate is last
            # year's; this year's is the one before it, in the sentence or the one before.
            now = _amount_before_the_base(statement, before, current)
            if (
                now is not None
                and now.span.start > statement.span.start
                and (
                    _CLAUSE_BREAK in text[now.span.end : current.span.start]
                    or _later_part_of_a_list(text, statement, now)
                )
            ):
                # "…公务接待费1.74万元，因公出国（境）费0万元；较上年11.20万元下降p%": the
                # amount before is a part of a list, not what the change is said of.
                now = None
            if (
                now is not None
                and is_rate
                and _a_difference_after_all(direction, cue, now, current)
            ):
                # "安排210.32万元，比上年1.43万元，增加0.68%": the rate is 1.43's share of last
                # year's 208.89, so 1.43 is the difference whose verb was dropped; read so.
                yield Change(direction, cue, current, now, None, "sentence")  # type: ignore[arg-type]
            elif now is not None:
                # "基本支出a万元，…较上年b万元增加d万元": a difference with both years too.
                rate, delta = (cue, None) if is_rate else (None, cue)
                yield Change(direction, rate, delta, now, current, "two-years")  # type: ignore[arg-type]
            continue
        if current is None:
            if is_rate and reference_of(text[statement.span.start : cue.span.start]):
                # "…。比2015年下降308.51%": a rate that names the year it compares with and
                # no amount; what it says alone may still not be (a fall beyond 100%, CC108).
                # Its amount is the one the sentence before states, when it states one.
                stated = [m for m in before if m.quantity.kind == "amount" and not is_change(m)]
                subject = stated[0] if len(stated) == 1 and exact(stated[0]) else None
                yield Change(direction, cue, None, subject, None, RATE_ALONE)  # type: ignore[arg-type]
            continue
        between = text[current.span.end : cue.span.start]
        reference = reference_of(between)
        base = last_years_amount(text, floor, current, reference, candidates)
        if base is None and reference is None:
            continue  # "项目增加50万元": no comparison with last year is said
        yield Change(
            direction,  # type: ignore[arg-type]
            cue if is_rate else None,
            None if is_rate else cue,
            current,
            base,
            "two-years" if base is not None else "sentence",
        )
    for word in _flat_word().finditer(text, statement.span.start, statement.span.end):
        current = _this_years_amount(text, statement, word.start(), None)
        if current is None:
            continue
        between = text[current.span.end : word.start()]
        base = last_years_amount(text, floor, current, reference_of(between), candidates)
        if base is not None:
            yield Change(
                "flat", None, None, current, base, "two-years", Span(word.start(), word.end())
            )


def _an_earlier_year(text: str, statement: Statement, amount: Mention, change: Mention) -> bool:
    """The amount of the sentence before is labelled with a year before the one the change's
    sentence names: "2019年共改造小区31个。2020年改造小区数量增加11个，增长35.5%"
    (31个 is the base, not this year's amount)."""
    then = period_of(label_of(text, 0, amount)).year
    now = period_of(text[statement.span.start : change.span.start]).year
    return then is not None and now is not None and then < now


def _labelled_last_year(text: str, statement: Statement, m: Mention) -> bool:
    """The amount is last year's by its label: "与上年3.45万元相比", "较2022年的3.45万元";
    not an amount carried over from it ("上年结转13,102.70万元": this year's income)."""
    return _labels_last_years_amount(
        text[max(statement.span.start, m.span.start - 10) : m.span.start]
    )


def _labels_last_years_amount(before: str) -> bool:
    """The words right before an amount make it last year's ("较上年", "比2022年的"), not
    what was carried over from last year ("上年结转", "上年结余")."""
    found = _last_year().search(before)
    return found is not None and _CARRIED.search(found.group()) is None


# The words after 上年 that name what was carried over from it, not its amount.
_CARRIED = regex.compile(r"结转|结余")


def _a_difference_after_all(direction: str, rate: Mention, now: Mention, base: Mention) -> bool:
    """ "比上年b" with no verb between: b is last year's amount or the difference whose verb
    was dropped. Read as the difference when the rate written is what that reading gives
    and not what the other does (two readings that fit: no contradiction to report)."""
    if direction not in ("increase", "decrease") or not now.quantity.value:
        return False
    b, current = base.quantity.value, now.quantity.value
    before = current - b if direction == "increase" else current + b
    if not before or not b:
        return False
    as_difference = b / before * 100
    as_base = (current - b) / b * 100
    return (
        recomputed_agrees(as_difference, rate.quantity) is not Agreement.DIFFERENT
        and recomputed_agrees(abs(as_base), rate.quantity) is Agreement.DIFFERENT
    )


def _amount_before_the_base(
    statement: Statement, before: tuple[Mention, ...], base: Mention
) -> Mention | None:
    """This year's amount for a base stated in the comparison: the amount of its measure
    right before it in the sentence, else the one such amount of the sentence before."""
    earlier = [
        m for m in statement.mentions if m.span.end <= base.span.start and amount_like(m, base)
    ]
    return earlier[-1] if earlier else _one_amount_of(before, base)


@cache
def _flat_word() -> regex.Pattern[str]:
    return regex.compile(cues("flat_word"))


@cache
def _rate_cues() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """(from, compared, change): "由a提高到b" names the earlier rate first; "a，较上年的b"
    second; the change verb comes before the change written."""
    return (
        regex.compile(cues("from")),
        regex.compile(cues("rate_compare")),
        regex.compile(cues("rise_verb", "fall_verb")),
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


@cache
def _greater_word() -> regex.Pattern[str]:
    return regex.compile(cues("greater_word"))


# Between the comparison word and the amount compared with: a short label, no number.
COMPARED_LABEL_CHARS = 12
_GAP = regex.compile(r"[，,\s]*")
_LABEL = regex.compile(r"[^0-9０-９，,。；;：:]*")


def statements_to_comparisons(
    text: str, statements: tuple[Statement, ...]
) -> tuple[Comparison, ...]:
    """ "决算数1.53万元，大于预算数1.00万元": the amount right before the word, the one
    right after its label. Only "more than": "小于预算数0.2万元" may give the difference,
    not the budget, and "a 大于 b" holds under both readings only for more."""
    found: list[Comparison] = []
    for statement in statements:
        mentions = statement.mentions
        for a, b in pairwise(mentions):
            if not same_measure(a, b) or not exact(a) or not exact(b) or is_change(a):
                continue
            between = text[a.span.end : b.span.start]
            word = _greater_word().search(between)
            if word is None:
                continue
            label = between[word.end() :]
            if (
                _GAP.fullmatch(between, 0, word.start()) is None
                or len(label) > COMPARED_LABEL_CHARS
                or _LABEL.fullmatch(label) is None
            ):
                continue
            at = a.span.end + word.start()
            found.append(Comparison(Span(at, at + len(word.group())), a, b))
    return tuple(found)
