"""Physical measures: the units of lexicons/measure_units.tsv and how they compare.

A measure keeps the unit as written (2.6万亩: value 26000, unit 亩, scale 万);
the lexicon says which base unit each word converts to and by what factor, so
126.5公里 and 126500米 are one length while 亩 and 公里 never compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex

from crosscheck import config, lexicons
from crosscheck.extractor import context
from crosscheck.types import Quantity


@dataclass(frozen=True, slots=True)
class MeasureUnit:
    word: str
    base: str
    factor: Decimal
    # A word one of which the clause must hold for the unit to be meant (方 -> 土方, 清淤 …).
    needs: regex.Pattern[str] | None = None


@lru_cache(maxsize=1)
def measure_units() -> dict[str, MeasureUnit]:
    """Unit word -> its base and factor (lexicons/measure_units.tsv)."""
    return {
        row["word"]: MeasureUnit(
            row["word"],
            row["base"],
            Decimal(row["factor"] or "1"),
            regex.compile(row["needs"]) if row["needs"] else None,
        )
        for row in lexicons.rows("measure_units")
    }


def unit_is_meant(text: str, start: int, end: int, unit: MeasureUnit) -> bool:
    """True unless the unit needs a context word that neither the clause before the number
    (``start``) nor the text right after the unit (``end``: 1度电) holds."""
    if unit.needs is None:
        return True
    if unit.needs.match(text, end) is not None:
        return True
    clause = context.clause_before(text, start, config.MEASURE_CONTEXT_WINDOW)
    return unit.needs.search(clause) is not None


def base_of(q: Quantity) -> tuple[str, Decimal] | None:
    """The base unit of a measure and the factor its values are multiplied by to reach it."""
    if q.kind != "measure":
        return None
    unit = measure_units().get(q.unit)
    return (unit.base, unit.factor) if unit is not None else None


def comparable(a: Quantity, b: Quantity) -> bool:
    """Two quantities of one kind whose values can be compared; measures only within one
    base unit (公里 and 千米, 亩 and 公顷: yes; 亩 and 公里: never)."""
    if a.kind != b.kind:
        return False
    if a.kind != "measure":
        return True
    base_a, base_b = base_of(a), base_of(b)
    return base_a is not None and base_b is not None and base_a[0] == base_b[0]
