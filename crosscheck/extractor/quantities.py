"""Pattern matches -> :class:`Quantity` objects with exact spans.

``find_quantities(text)`` is the whole extractor for a plain string: one pass
of the compiled pattern over the normalised text, then, per match, the unit
decides the kind, cn2an or Decimal gives the value, bound words give the
interval and the lexicon filters drop ordinals and slogans.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

import regex

from crosscheck.extractor import bounds, context, filters, measures
from crosscheck.extractor.normalize import normalize
from crosscheck.extractor.numbers import approx_step, numeral_to_decimal, scale_factors
from crosscheck.extractor.patterns import YEAR, quantity_pattern
from crosscheck.lexicons import rows
from crosscheck.perf import gc_paused
from crosscheck.types import Quantity, QuantityKind, Span

_LONE_ONE = frozenset("一壹")
_THOUSAND = Decimal(1000)
_ONE = Decimal(1)
_HUNDRED = Decimal(100)
_TEN = Decimal(10)


@dataclass(frozen=True, slots=True)
class Found:
    """One quantity at one place, with the metric word written right before it."""

    span: Span
    quantity: Quantity
    metric: str | None = None
    metric_text: str | None = None


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: QuantityKind
    unit: str
    multiplier: Decimal = Decimal(1)  # 千分之/‰ -> /10, 成 -> ×10


@lru_cache(maxsize=1)
def _standalone_scales() -> frozenset[str]:
    return frozenset(r["word"] for r in rows("scales") if r["standalone"] == "yes")


class _G:
    """Group numbers of the quantity pattern: one ``match.groups()`` tuple per match
    is read by index, which is an order of magnitude cheaper than ``group(name)``."""

    _index = quantity_pattern().groupindex
    pct_word = _index["pct_word"] - 1
    u_pp = _index["u_pp"] - 1
    u_pct = _index["u_pct"] - 1
    u_yuan = _index["u_yuan"] - 1
    yuan_sign = _index["yuan_sign"] - 1
    u_score = _index["u_score"] - 1
    u_tenth = _index["u_tenth"] - 1
    u_measure = _index["u_measure"] - 1
    u_physical = _index["u_physical"] - 1
    u_discount = _index["u_discount"] - 1
    scale = _index["scale"] - 1
    num = _index["num"] - 1
    sign = _index["sign"] - 1
    approx = _index["approx"] - 1
    approx2 = _index["approx2"] - 1
    lo = _index["lo"] - 1
    kilo = _index["kilo"] - 1
    tenth_extra = _index["tenth_extra"] - 1
    jiao = _index["jiao"] - 1
    fen = _index["fen"] - 1
    u_colloquial = _index["u_colloquial"] - 1


_PERCENT = _Unit("percent", "%")
_PER_MILLE = _Unit("percent", "%", Decimal("0.1"))
_PP = _Unit("pp", "个百分点")
_AMOUNT = _Unit("amount", "元")
_SCORE = _Unit("score", "分")
_TENTH = _Unit("percent", "%", _TEN)
_DISCOUNT = _Unit("percent", "%")  # its value is read off the numeral's digits (_discount_percent)


@lru_cache(maxsize=1)
def _percent_words() -> dict[str, _Unit]:
    """百分之 -> ×1, 千分之 -> ×0.1 … (lexicons/percent_words.tsv)."""
    return {r["word"]: _Unit("percent", "%", Decimal(r["percent"])) for r in rows("percent_words")}


@lru_cache(maxsize=1)
def _amount_words(role: str) -> tuple[str, ...]:
    return tuple(r["word"] for r in rows("amount_units") if r["role"] == role)


def _unit_of(groups: tuple[str | None, ...]) -> _Unit | None:
    """The kind and base unit the match's unit (or prefix word) stands for."""
    pct_word = groups[_G.pct_word]
    if pct_word:
        return _percent_words()[pct_word.replace(" ", "")]
    if groups[_G.u_pp]:
        return _PP
    u_pct = groups[_G.u_pct]
    if u_pct:
        return _PER_MILLE if u_pct == "‰" else _PERCENT
    if groups[_G.u_yuan] or groups[_G.yuan_sign]:
        return _AMOUNT
    if groups[_G.u_score]:
        return _SCORE
    if groups[_G.u_tenth]:
        return _TENTH
    measure = groups[_G.u_measure]
    if measure:
        return _word_unit("count", measure)
    physical = groups[_G.u_physical]
    if physical:
        return _word_unit("measure", physical)
    if groups[_G.u_discount]:
        return _DISCOUNT
    return None


# One _Unit per (kind, word) seen: a count's measure word or a measure's unit is its unit.
_WORD_UNITS: dict[tuple[str, str], _Unit] = {}


def _word_unit(kind: QuantityKind, word: str) -> _Unit:
    unit = _WORD_UNITS.get((kind, word))
    if unit is None:
        unit = _WORD_UNITS[kind, word] = _Unit(kind, word)
    return unit


# A lone 一 before these is the article "a" (一个总额付费, 一次性, 最后一公里, 一度), not a number.
_ARTICLE_KINDS = frozenset(("count", "measure"))


def _discount_percent(value: Decimal, numeral: str, decimals: int) -> tuple[Decimal, int] | None:
    """八折 -> 80, 9.5折 -> 95, 七五折 / 75折 -> 75: one digit counts tenths of the full price,
    two digits written digit by digit count hundredths; 十折, 100折 or 7.55折 are no discount."""
    if value < _TEN and decimals <= 1:
        return value * _TEN, 0
    if decimals == 0 and len(numeral) == 2 and _TEN < value < _HUNDRED and "十" not in numeral:
        return value, 0
    return None


def _amount_without_yuan(norm: str, scale: str, start: int) -> _Unit | None:
    """A bare 万/亿 after a number is an amount only in a clause about money."""
    if scale in _standalone_scales() and context.clause_mentions_money(norm, start):
        return _AMOUNT
    return None


def _digit_value(numeral: str) -> Decimal:
    parsed = numeral_to_decimal(numeral)
    return parsed[0] if parsed else Decimal(0)


def _extra_fraction(groups: tuple[str | None, ...]) -> Decimal:
    """What 三成半 / 七成六 add to the tenths, and 角/分 to 元 (五元三毛 = 5.3)."""
    extra = Decimal(0)
    tenth = groups[_G.tenth_extra]
    if tenth:
        extra += Decimal(5) if tenth == "半" else _digit_value(tenth)
    if groups[_G.jiao]:
        extra += _digit_value(groups[_G.jiao]) / 10
    if groups[_G.fen]:
        extra += _digit_value(groups[_G.fen]) / 100
    return extra


def _scale_as_written(kind: str, scale: str, unit: str) -> str:
    if kind == "amount":
        return scale + ("元" if unit else "") if scale else "元"
    return scale


# The kind a unit written on a range's head ("3000万元至5000万元") gives it.
_RANGE_HEAD_KINDS = {
    "%": "percent",
    "‰": "percent",
    "元": "amount",
    "个百分点": "pp",
    "百分点": "pp",
}


def _range_low(match: regex.Match[str], unit: _Unit, scale: str, value: Decimal) -> Decimal | None:
    """The low end of "3000万至5000万元" / "5-20%", or None when the head does not fit."""
    if match.group("lo") is None:
        return None
    if unit is _DISCOUNT:
        return None  # 7-8折: the head would need the tail's reading of digits; not guessed
    lo_unit = match.group("lo_unit") or ""
    lo_multiplier = unit.multiplier
    units = measures.measure_units()
    if lo_unit in units:
        # "3公里至5公里", "1万亩至1.5万亩": both ends of one base; the head is converted to
        # the unit of the tail, which the quantity is in ("800米至1.2公里" is [0.8, 1.2] 公里).
        if unit.kind != "measure" or units[lo_unit].base != units[unit.unit].base:
            return None
        lo_multiplier = units[lo_unit].factor / units[unit.unit].factor
    elif lo_unit and _RANGE_HEAD_KINDS[lo_unit] != unit.kind:
        return None
    lo_pct_word = match.group("lo_pct_word")
    if lo_pct_word:
        if unit.kind != "percent":
            return None
        lo_multiplier = _percent_words()[lo_pct_word.replace(" ", "")].multiplier
    # "3000至5000万元": the scale written once applies to both ends.
    lo_scale = match.group("lo_scale") or scale
    if unit.kind in ("percent", "pp", "score") and lo_scale:
        return None
    parsed = numeral_to_decimal(match.group("lo_num").replace(" ", ""), lo_scale)
    if parsed is None:
        return None
    low = parsed[0] * lo_multiplier
    return low if low <= value else None


_YEAR = regex.compile(YEAR)


def _year_before_a_line_break(norm: str, numeral: str, numeral_end: int) -> bool:
    """A year whose unit only the next line gives: a PDF's text layer cut "2026年本单位基本
    支出预算数1517.95万元" into pieces and left "基本支出：2026\n万元" (read as one amount, the
    year would be a figure the tables contradict). A figure of 2026万元 is written on one line."""
    if not _YEAR.fullmatch(numeral):
        return False
    after = numeral_end
    while after < len(norm) and norm[after] in " \u3000":
        after += 1
    return after < len(norm) and norm[after] == "\n"


def match_to_found(
    text: str, norm: str, match: regex.Match[str], words: filters.WordSpans
) -> Found | None:
    """One pattern match -> one Found, or None when the match is not a quantity."""
    groups = match.groups()
    unit = _unit_of(groups)
    scale = groups[_G.scale] or ""
    if unit is None:
        if groups[_G.u_colloquial]:
            # 块 is 元 only where the clause talks about money (花费我三块, not 3块牌匾).
            unit = _AMOUNT if context.clause_mentions_money(norm, match.start()) else None
        else:
            unit = _amount_without_yuan(norm, scale, match.start())
        if unit is None:
            return None
    numeral = groups[_G.num]
    if numeral.isdigit() and not scale:
        value, decimals = Decimal(numeral), 0  # the common case: a plain whole number
    else:
        numeral = numeral.replace(" ", "")
        # A lone 一 before a measure word is the article "a" (一个总额付费, 一次性), not a count;
        # a measure with a bound word before it is a number again (近一吨, 约一公里).
        if (
            numeral in _LONE_ONE
            and not scale
            and unit.kind in _ARTICLE_KINDS
            and (unit.kind == "count" or bounds.prefix_bound(norm, match.start()) is None)
        ):
            return None
        parsed = numeral_to_decimal(numeral, scale)
        if parsed is None:
            return None
        value, decimals = parsed
    if groups[_G.kilo]:
        value *= _THOUSAND
    if unit.multiplier != _ONE:
        value *= unit.multiplier
    if groups[_G.tenth_extra] or groups[_G.jiao] or groups[_G.fen]:
        value += _extra_fraction(groups)
    if unit.multiplier == _TEN and value > _HUNDRED:
        return None  # 成 means tenths: "十五成" is not 150 %
    if unit is _DISCOUNT:
        if scale or groups[_G.kilo] or groups[_G.approx] or groups[_G.sign]:
            return None
        discount = _discount_percent(value, numeral, decimals)
        if discount is None:
            return None
        value, decimals = discount
    if groups[_G.sign] in ("-", "负"):
        value = -value

    # The match starts at the range head when there is one, else at ¥/百分之/sign/numeral.
    number_start = match.start() if groups[_G.lo] is None else match.end("range_sep")
    while norm[number_start] in " \u3000\n":
        number_start += 1
    if filters.excluded_by_prefix(norm, number_start, unit.kind):
        return None
    if _year_before_a_line_break(norm, numeral, match.end(_G.num + 1)):
        return None
    if unit.kind == "measure" and not measures.unit_is_meant(
        norm, number_start, match.end(), measures.measure_units()[unit.unit]
    ):
        return None
    if words.any and words.covers(number_start, match.end()):
        return None

    factor = scale_factors()[scale] * unit.multiplier if scale else unit.multiplier
    bound, low, high = "exact", value, value
    start, end = number_start, match.end()

    range_low = None if groups[_G.lo] is None else _range_low(match, unit, scale, value)
    if range_low is not None:
        bound, low, high, start = "range", range_low, value, match.start("lo")
        value = range_low
    elif groups[_G.approx] or groups[_G.approx2]:
        # 9200余万元 = [9200万, 9300万): the step is one unit of the last non-zero digit.
        bound, low, high = "approx", value, value + approx_step(numeral, decimals) * factor

    if unit.kind == "amount" and words.has_currency_words:
        start, end = _currency_words_around(norm, start, end)
    prefix = bounds.prefix_bound(norm, start)
    suffix = bounds.suffix_bound(norm, end)
    if prefix is not None:
        start -= prefix.length
    if suffix is not None:
        end += suffix.length
    if bound == "exact":
        written = prefix or suffix
        if written is not None:
            bound = written.bound
            last_place = Decimal(1).scaleb(-decimals) * factor
            low, high = bounds.interval(value, written.interval, last_place)

    if unit.kind == "amount":
        written_scale = (scale + "元" if groups[_G.u_yuan] else scale) if scale else "元"
    else:
        written_scale = scale
    quantity = Quantity(
        unit.kind, value, unit.unit, text[start:end], written_scale, bound, low, high, decimals
    )
    metric = context.metric_before(norm, start, unit.kind)
    return Found(
        Span(start, end), quantity, metric[0] if metric else None, metric[1] if metric else None
    )


def _currency_words_around(norm: str, start: int, end: int) -> tuple[int, int]:
    """Widen an amount's span over 人民币 written before it or after its 元 (8亿元人民币)."""
    for word in _amount_words("before"):
        head = norm.rfind(word, max(0, start - len(word) - 3), start)
        if head >= 0 and not norm[head + len(word) : start].strip(" \u3000"):
            start = head
            break
    if norm[end - 1 : end] == "元":
        for word in _amount_words("after"):
            if norm.startswith(word, end):
                end += len(word)
                break
    return start, end


def _join_dash_range(previous: Found, current: Found, text: str) -> Found | None:
    """ "5人-10人": a '-' right after a quantity of the same unit is a range, not a sign."""
    between = text[previous.span.end : current.span.start]
    if between.strip(" \u3000") not in ("", "-", "－", "~", "～", "至", "到"):
        return None
    p, c = previous.quantity, current.quantity
    if (p.kind, p.unit) != (c.kind, c.unit):
        return None
    high = -c.value if c.value < 0 else c.value
    if p.value > high:
        return None
    span = Span(previous.span.start, current.span.end)
    quantity = replace(
        c,
        value=p.value,
        surface=text[span.start : span.end],
        bound="range",
        low=p.value,
        high=high,
    )
    return replace(previous, span=span, quantity=quantity)


def find_quantities(text: str) -> list[Found]:
    """Every quantity expression in ``text``, in order, with exact spans into ``text``."""
    with gc_paused():
        return _find_quantities(text)


def _find_quantities(text: str) -> list[Found]:
    norm = normalize(text)
    words = filters.WordSpans(norm)
    found: list[Found] = []
    for match in quantity_pattern().finditer(norm):
        item = match_to_found(text, norm, match, words)
        if item is None:
            continue
        if found and item.quantity.value < 0 and found[-1].span.end <= item.span.start:
            joined = _join_dash_range(found[-1], item, text)
            if joined is not None:
                found[-1] = joined
                continue
        if found and found[-1].span.end > item.span.start:
            # A bound suffix of the previous quantity cannot also start this one.
            continue
        found.append(item)
    return found
