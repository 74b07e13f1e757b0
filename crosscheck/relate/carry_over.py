"""The carry-over identity a 决算's 说明 states in one sentence: "年初结转和结余a万元，本年收入
b万元，本年支出c万元，事业基金弥补收支差额d万元，结余分配e万元，年末结转和结余f万元" with
a + b + d − c − e = f (the 收入支出决算总表 balances so). The terms are read by the word
right before each amount (lexicons/carry_over_terms.tsv); a sentence is the identity only when
it names every required term once and nothing else but those terms.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

import regex

from crosscheck import lexicons
from crosscheck.relate.cues import cues
from crosscheck.relate.recompute import exact, is_change
from crosscheck.relate.types import CarryOver, Statement
from crosscheck.types import Mention

# The terms that add to what the year ends with, and those that take from it.
_ADDED = ("opening", "income", "offset")
_TAKEN = ("spending", "distribution")
_CLOSING = "closing"


@cache
def _terms() -> tuple[dict[str, str], frozenset[str]]:
    """(term of each word, the optional terms)."""
    rows = lexicons.rows("carry_over_terms")
    return (
        {r["word"]: r["term"] for r in rows},
        frozenset(r["term"] for r in rows if r["required"] == "no"),
    )


@cache
def _term_before_amount() -> regex.Pattern[str]:
    """A term word ending the label of an amount: only spaces, a copula or a colon between."""
    words = sorted(_terms()[0], key=lambda w: (-len(w), w))
    alternation = "|".join(regex.escape(w) for w in words)
    return regex.compile(
        rf"(?P<word>{alternation})[ \t\u3000]*(?:{cues('copula')}|[：:])?[ \t\u3000]*$"
    )


def statements_to_carry_overs(
    text: str, statements: tuple[Statement, ...]
) -> tuple[CarryOver, ...]:
    """Every sentence that states the carry-over identity, in document order."""
    return tuple(_carry_overs(text, statements))


def _carry_overs(text: str, statements: tuple[Statement, ...]) -> Iterator[CarryOver]:
    words, optional = _terms()
    for statement in statements:
        if len(statement.mentions) < 4 or not any(w in statement.text for w in words):
            continue
        found: dict[str, tuple[str, Mention]] = {}
        floor = statement.span.start
        for m in statement.mentions:
            label = _term_before_amount().search(text, floor, m.span.start)
            floor = m.span.end
            if label is None:
                if found:
                    break  # another figure inside the sentence: not the identity alone
                continue  # the sentence's own opening figures ("共有…")
            word = label.group("word")
            term = words[word]
            if term in found or m.quantity.kind != "amount" or not exact(m) or is_change(m):
                found = {}
                break
            found[term] = (word, m)
        required = {*_ADDED, *_TAKEN, _CLOSING} - optional
        if not required <= found.keys():
            continue
        yield CarryOver(
            added=tuple((t, *found[t]) for t in _ADDED if t in found),
            taken=tuple((t, *found[t]) for t in _TAKEN if t in found),
            closing=found[_CLOSING][1],
            unstated=tuple(t for t in (*_ADDED, *_TAKEN) if t in optional and t not in found),
        )


@cache
def term_names() -> dict[str, str]:
    """Each term's name as messages write it: the first word the lexicon gives it."""
    names: dict[str, str] = {}
    for row in lexicons.rows("carry_over_terms"):
        names.setdefault(row["term"], row["word"])
    return names
