"""Numbers written with no unit right after a money word ("救助金额239.45。") or a change of
an amount ("比上年减少7.84，下降1.3%").

Such a number is either a dropped 万元 (CC302 reports it when the amounts of its
paragraph have units) or the part a sum misses (CC101 leaves such a sum to CC302).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from decimal import Decimal
from functools import cache

import regex

from crosscheck import lexicons
from crosscheck.relate.cues import cues
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.types import BareAmount, Unitless
from crosscheck.types import Span


@cache
def _bare_pattern() -> regex.Pattern[str]:
    # A money word, a connector, then a number that ends the clause with no unit.
    words = "|".join(regex.escape(w) for w in lexicons.words("money_context") if len(w) >= 2)
    return regex.compile(
        rf"(?P<word>{words}|{cues('money_label', 'change_money_verb')})"
        rf"(?:{cues('copula', 'total_word')}|：|:)?[ \u3000]*"
        r"(?P<number>[0-9]+(?:,[0-9]{3})*\.[0-9]+|[0-9]{3,})(?![0-9.%‰A-Za-z\p{Han}])"
        r"(?=[ \u3000]*[，,。；;、）)\n]|$)"
    )


def unitless_amounts(text: str, start: int, end: int) -> Iterator[BareAmount]:
    """Numbers written right after a money word with no unit in ``text[start:end]``."""
    for match in _bare_pattern().finditer(text, start, end):
        yield BareAmount(
            Span(match.start("number"), match.end("number")),
            Decimal(match.group("number").replace(",", "")),
            match.group("word"),
        )


def paragraphs_to_unitless(index: DocumentIndex) -> tuple[Unitless, ...]:
    """The unitless numbers of paragraphs that hold amounts with a unit, outside tables."""
    table_spans = [t.span for t in index.segmented.tables]
    amounts = [m for m in index.mentions if m.quantity.kind == "amount"]
    starts = [m.span.start for m in amounts]
    found: list[Unitless] = []
    for paragraph in index.segmented.paragraphs:
        lo = bisect_left(starts, paragraph.span.start)
        hi = bisect_left(starts, paragraph.span.end)
        siblings = tuple(m for m in amounts[lo:hi] if paragraph.span.contains(m.span))
        if not siblings:
            continue
        for bare in unitless_amounts(index.text, paragraph.span.start, paragraph.span.end):
            if any(t.contains(bare.span) for t in table_spans):
                continue
            if any(m.span.overlaps(bare.span) for m in siblings):
                continue
            found.append(Unitless(bare, paragraph.section_path, siblings))
    return tuple(found)
