"""Two years of one amount: which amount of a sentence is last year's, which this year's.

"2025年执行数1,250.00万元，2026年预算安排1,320.40万元，比上年增加7.05%": each amount
is labelled by the words before it in its clause (its *label*: "2025年执行数",
"2026年预算安排"); the label's year or period word (上年, 本年) says which year it
is, and the change says which year it compares with (比上年, 比2025年预算执行数).
Last year's amount is taken only when exactly one amount fits, and only when the
two labels name the same thing: the same item once period and metric words are
dropped (上年人员经费 and 本年公用经费 are two items), the same scope words
(财政拨款, 本级 …: lexicons/scope_words.tsv), not income against spending, not the
budget at the start of the year against the adjusted one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Literal

import regex

from crosscheck import lexicons
from crosscheck.align.qualifiers import PLACE_LEVEL_KIND
from crosscheck.extractor.patterns import YEAR
from crosscheck.relate.cues import cue_words, cues
from crosscheck.relate.recompute import exact, is_change
from crosscheck.types import Mention

# A label runs back from an amount to the last clause break or table cell; a line break
# alone is a wrapped line of a PDF ("比2025年预算支出执行\n数483,923.17万元").
_CLAUSE_BREAK = regex.compile(r"[，,。；;：:！？!?\t]|\n\s*\n")
LABEL_CHARS = 24

Relative = Literal["previous", "current"]


@dataclass(frozen=True, slots=True)
class Period:
    """The year a label or a comparison names: a year written, or 上年 / 本年."""

    year: int | None = None
    relative: Relative | None = None

    @property
    def known(self) -> bool:
        return self.year is not None or self.relative is not None


@cache
def year_pattern() -> regex.Pattern[str]:
    return regex.compile(rf"(?P<year>{YEAR})\s*年")


@cache
def _period_words() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(previous, current): 上年/去年… and 本年/今年… ."""
    return regex.compile(cues("last_year")), regex.compile(cues("this_year"))


@cache
def _reference() -> regex.Pattern[str]:
    """What a change compares with: "比上年", "较2025年", "与上年相比", "同比"."""
    return regex.compile(
        rf"(?:{cues('year_compare')})\s*(?:(?P<year>{YEAR})\s*年|(?P<previous>{cues('last_year')}))"
        rf"|(?P<same_period>同比)"
    )


def label_of(text: str, floor: int, m: Mention) -> str:
    """The words right before ``m`` in its clause, not before ``floor``."""
    start = max(floor, m.span.start - LABEL_CHARS)
    breaks = list(_CLAUSE_BREAK.finditer(text, start, m.span.start))
    if breaks:
        start = breaks[-1].end()
    return text[start : m.span.start]


def period_of(label: str) -> Period:
    """The year a label names: its last written year, else 上年 or 本年."""
    years = list(year_pattern().finditer(label))
    previous, current = _period_words()
    if years:
        return Period(year=int(years[-1].group("year")))
    if previous.search(_carried_over().sub("", label)):
        # "上年结余11,633万元" names the money carried over (a line of this year's statement),
        # not last year's value of anything.
        return Period(relative="previous")
    if current.search(label):
        return Period(relative="current")
    return Period()


@cache
def _carried_over() -> regex.Pattern[str]:
    """上年 opening the name of carried-over money ("上年结余", "上年结转": lexicons/
    carry_over_words.tsv any-side words after a last_year cue)."""
    carried = sorted(
        (r["word"] for r in lexicons.rows("carry_over_words") if r["side"] == "any"),
        key=len,
        reverse=True,
    )
    return regex.compile(rf"(?:{cues('last_year')})(?=(?:{'|'.join(map(regex.escape, carried))}))")


def reference_of(between: str) -> Period | None:
    """The year a change compares with, from the words between this year's amount and the
    change ("，比2023年预算执行数减少" -> 2023; "，比上年增加" -> last year); None: not said."""
    found = _reference().search(between)
    if found is None:
        return None
    if found.group("year"):
        return Period(year=int(found.group("year")))
    return Period(relative="previous")


@cache
def _compare_suffix() -> regex.Pattern[str]:
    return regex.compile(cues("compare_suffix"))


def names_last_year(label: str) -> bool:
    """The label makes its amount last year's: "比2025年预算收入执行数", "较上年" (not a
    clause opener "与上年相比…", not 同比)."""
    found = _reference().search(label)
    if found is None or found.group("same_period"):
        return False
    return _compare_suffix().search(label, found.end()) is None


def is_base_period(candidate: Period, current: Period, reference: Period | None) -> bool:
    """A label's period is the year the change compares with."""
    if not candidate.known or candidate.relative == "current":
        return False
    if candidate.year is not None and candidate.year == current.year:
        return False
    if reference is not None and reference.year is not None:
        return candidate.year == reference.year
    if candidate.relative == "previous":
        return current.relative != "previous"
    # A year: last year's only when this year's is known to be the next one.
    return current.year is not None and candidate.year == current.year - 1


# -- do two labels name one thing? --------------------------------------------------------


@cache
def _scope_words() -> tuple[str, ...]:
    # A place's every level (全区) is light in a label, as in a name.
    return tuple(r["word"] for r in lexicons.rows("scope_words") if r["kind"] != PLACE_LEVEL_KIND)


_EXCLUSIVE = (("side_income", "side_expense"), ("stage_initial", "stage_adjusted"))


def _classes(label: str) -> set[str]:
    return {
        role for pair in _EXCLUSIVE for role in pair if any(w in label for w in cue_words(role))
    }


def _scopes(label: str) -> frozenset[str]:
    found: list[str] = []
    for word in _scope_words():  # longest first: 区本级 is not also 本级
        if word in label and not any(word in longer for longer in found):
            found.append(word)
    return frozenset(found)


@cache
def _label_noise() -> regex.Pattern[str]:
    """What a label holds besides the item: years, period words, copulas, label words."""
    return regex.compile(
        rf"{YEAR}\s*年度?|{cues('last_year', 'this_year', 'year_compare', 'compare_suffix')}"
        rf"|{cues('copula', 'value_label', 'total_word', 'period_filler', 'year_figure')}|[\s\u3000*“”\"]"
    )


def _item(label: str, m: Mention) -> str:
    if m.metric_text and label.endswith(m.metric_text):
        label = label[: -len(m.metric_text)]
    elif m.metric_text:
        label = label.replace(m.metric_text, "")
    return _label_noise().sub("", label)


def _is_comparison(label: str) -> bool:
    """A label that opens with the comparison word (比, 较, 与): "比上年预算"."""
    return label.lstrip("，,、 \u3000").startswith(cue_words("year_compare"))


def same_thing(text: str, floor: int, base: Mention, current: Mention) -> bool:
    """The two amounts are two years of one amount, as far as their labels tell."""
    a, b = label_of(text, floor, base), label_of(text, floor, current)
    classes_a, classes_b = _classes(a), _classes(b)
    for pair in _EXCLUSIVE:
        if (
            classes_a & set(pair)
            and classes_b & set(pair)
            and classes_a & set(pair) != classes_b & set(pair)
        ):
            return False
    item_a, item_b = _item(a, base), _item(b, current)
    # A bare comparison ("，比上年预算b") names nothing, so no scope either: it takes the
    # other amount's.
    compared = (not item_a and _is_comparison(a)) or (not item_b and _is_comparison(b))
    if not compared and _scopes(a) != _scopes(b):
        return False
    # "2021年全市共培训队员a人次，2022年培训b人次": the later year's label repeats the earlier
    # one's shortened; a label that is a part of the other names the same thing.
    return not item_a or not item_b or item_a in item_b or item_b in item_a


def amount_like(m: Mention, like: Mention) -> bool:
    """An exact amount (or count) of ``like``'s measure that is no change itself."""
    qa, qb = m.quantity, like.quantity
    return (
        qa.kind == qb.kind
        and qa.unit == qb.unit
        and qa.kind in ("amount", "count")
        and exact(m)
        and not is_change(m)
    )


def last_years_amount(
    text: str,
    floor: int,
    current: Mention,
    reference: Period | None,
    candidates: Sequence[Mention],
) -> Mention | None:
    """The one amount among ``candidates`` (before ``current``) labelled with the year the
    change compares with, naming the same thing as ``current``; None unless exactly one."""
    now = period_of(label_of(text, floor, current))
    if now.relative == "previous":
        return None  # this year's amount is labelled as last year's: not this shape
    found = [
        m
        for m in candidates
        if m.span.end <= current.span.start
        and amount_like(m, current)
        and is_base_period(period_of(label_of(text, floor, m)), now, reference)
    ]
    if len(found) != 1 or not same_thing(text, floor, found[0], current):
        return None
    return found[0]
