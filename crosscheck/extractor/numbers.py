"""Numerals as written -> ``Decimal``.

Arabic numerals (after the length-preserving normalisation of full-width
digits) are parsed directly; anything with Chinese numerals or a mixed form
such as ``1亿2千万`` goes through cn2an, the well-kept converter for those.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from functools import lru_cache

from crosscheck import lexicons

# Characters that never change a numeral's value but may be written inside it.
_THOUSANDS_SEPARATORS = str.maketrans("", "", ",，")


@lru_cache(maxsize=1)
def scale_factors() -> dict[str, Decimal]:
    """Scale word -> multiplier, from lexicons/scales.tsv (万 -> 10⁴)."""
    return {row["word"]: Decimal(10) ** int(row["factor"]) for row in lexicons.rows("scales")}


def is_plain_arabic(numeral: str) -> bool:
    # After normalisation an Arabic numeral is ASCII but for a full-width thousands comma.
    return numeral.isascii() or numeral.replace("，", "").isascii()


def arabic_to_decimal(numeral: str) -> tuple[Decimal, int]:
    """``"1,234.50"`` -> ``(Decimal("1234.50"), 2)``: the value and the decimals written."""
    plain = (
        numeral.translate(_THOUSANDS_SEPARATORS)
        if not numeral.isdigit() and ("," in numeral or "，" in numeral)
        else numeral
    )
    value = Decimal(plain)
    decimals = len(plain) - plain.index(".") - 1 if "." in plain else 0
    return value, decimals


@lru_cache(maxsize=4096)
def chinese_to_decimal(numeral: str) -> tuple[Decimal, int] | None:
    """``"三千二百万"`` -> 32000000, ``"1亿2千万"`` -> 120000000; None when cn2an refuses it.

    cn2an returns int or float; a float goes through ``str`` so that 3.14 stays 3.14.
    It is imported on first use: it compiles many patterns when loaded, and most
    reports write Arabic numerals only, so a single-document run often never needs it.
    """
    import cn2an

    try:
        converted = cn2an.cn2an(numeral, "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    if isinstance(converted, float):
        text = repr(converted)
        value = Decimal(text)
        decimals = len(text) - text.index(".") - 1 if "." in text else 0
        if decimals == 1 and text.endswith(".0"):
            decimals = 0
            value = value.to_integral_value()
        return value, decimals
    return Decimal(int(converted)), 0


def numeral_to_decimal(core: str, scale: str = "") -> tuple[Decimal, int] | None:
    """The value of ``core`` written before ``scale`` (万, 亿, 千万 …), and its decimals.

    The decimals are those written on the core (4847.62万 -> 2): comparisons are
    made at the precision the author wrote, before scaling.
    """
    try:
        if is_plain_arabic(core):
            value, decimals = arabic_to_decimal(core)
            if scale:
                value *= scale_factors()[scale]
            return value, decimals
    except InvalidOperation:
        return None
    if core[0] in "百千万":  # 百余人, 百分之百: cn2an wants the leading 一
        core = "一" + core
    parsed = chinese_to_decimal(core + scale)
    if parsed is None and scale:
        # 三点五万: cn2an refuses a decimal before the scale; scale it ourselves.
        parsed = chinese_to_decimal(core)
        if parsed is not None:
            parsed = parsed[0] * scale_factors()[scale], parsed[1]
    return parsed


def approx_step(core: str, decimals: int) -> Decimal:
    """The width of the interval that 余/多 open after ``core``.

    9200余 -> 100 (the last non-zero digit is in the hundreds), 10多 -> 10,
    1.5余 -> 0.1. For Chinese numerals the step is read off the converted value.
    """
    if decimals:
        return Decimal(1).scaleb(-decimals)
    digits = core.translate(_THOUSANDS_SEPARATORS)
    if not is_plain_arabic(digits):
        parsed = numeral_to_decimal(core)
        if parsed is None:
            return Decimal(1)
        digits = str(int(parsed[0]))
    trailing_zeros = len(digits) - len(digits.rstrip("0"))
    if trailing_zeros == len(digits):  # "0余" makes no sense; keep a unit step
        return Decimal(1)
    return Decimal(10) ** trailing_zeros


def decimal_to_str(value: Decimal | None) -> str | None:
    """A plain decimal string without exponent or trailing zeros (4539000, 0.5, -3.2)."""
    if value is None:
        return None
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    return text
