"""The foundation's promises, checked on every seed report of the corpus.

- offsets: every quantity's text is exactly ``doc.text[start:end]``;
- no year, 文号, phone number, list marker or table-of-contents page number
  comes out as a quantity;
- every ``NNNN.NN万元``, ``NN%`` and ``NNNN人次`` written in the text does, with
  the value written.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest
import regex

import crosscheck

from .conftest import SEEDS

# Things that are never quantities, as they appear in the seeds.
NOT_QUANTITIES = {
    "year": regex.compile(r"(?:19|20)[0-9]{2}\s*年"),
    "文号": regex.compile(r"[〔【\[][0-9]{4}[〕】\]]\s*[0-9]+\s*号"),
    "phone": regex.compile(r"0[0-9]{2,3}-[0-9]{7,8}"),
    "budget code": regex.compile(r"[\p{Han}]专指[0-9]{4}"),
    "list marker": regex.compile(
        r"(?m)^[ \t\u3000]*(?:[0-9]{1,2}[、.．](?![0-9])|[（(][0-9]{1,2}[)）]|[①-⑳])"
    ),
    "toc page": regex.compile(r"(?m)(?:\.{3,}|…{2,})[ \t]*[0-9]{1,3}[ \t]*$"),
}

# What must come out, with the value it states. ``**`` are PDF bold markers (003, 004).
MUST_EXTRACT = {
    "万元": (regex.compile(r"([0-9]+(?:\.[0-9]+)?)(?:\*\*)?[ ]*万(?:余)?元"), Decimal(10000)),
    "%": (regex.compile(r"([0-9]+(?:\.[0-9]+)?)(?:\*\*)?[ ]*%"), Decimal(1)),
    "人次": (regex.compile(r"([0-9]+)(?:\*\*)?[ ]*人次"), Decimal(1)),
}


@pytest.fixture(scope="module", params=SEEDS, ids=[p.stem for p in SEEDS])
def extracted(request: pytest.FixtureRequest) -> tuple[crosscheck.Document, tuple]:
    document = crosscheck.load(request.param)
    return document, crosscheck.extract(document)


def test_offsets_quote_the_text(extracted) -> None:
    document, mentions = extracted
    assert mentions, "a seed report without quantities means the extractor is broken"
    for m in mentions:
        assert document.text[m.span.start : m.span.end] == m.quantity.surface
    starts = [m.span.start for m in mentions]
    assert starts == sorted(starts)
    for a, b in pairwise(mentions):
        assert a.span.end <= b.span.start, (a.quantity.surface, b.quantity.surface)


@pytest.mark.parametrize("what", sorted(NOT_QUANTITIES))
def test_no_false_quantities(extracted, what: str) -> None:
    document, mentions = extracted
    spans = [(m.span.start, m.span.end, m.quantity.surface) for m in mentions]
    for hit in NOT_QUANTITIES[what].finditer(document.text):
        number = regex.search(r"[0-9①-⑳]+", hit.group())
        n_start = hit.start() + number.start()
        n_end = hit.start() + number.end()
        clashing = [s for s in spans if s[0] < n_end and n_start < s[1]]
        assert not clashing, (what, hit.group(), clashing)


@pytest.mark.parametrize("what", sorted(MUST_EXTRACT))
def test_written_quantities_are_found(extracted, what: str) -> None:
    document, mentions = extracted
    pattern, factor = MUST_EXTRACT[what]
    for hit in pattern.finditer(document.text):
        if hit.start() > 0 and document.text[hit.start() - 1] in "0123456789.":
            continue  # the tail of a longer number; the whole one is checked at its start
        covering = [m for m in mentions if m.span.start <= hit.start(1) and hit.end() <= m.span.end]
        assert covering, (what, hit.group())
        value = Decimal(hit.group(1)) * factor
        quantity = covering[0].quantity
        assert quantity.low is not None and quantity.low <= value <= (quantity.high or value), (
            hit.group(),
            quantity,
        )


def test_no_quantity_in_a_table_of_contents(extracted) -> None:
    """Contents pages ("第一部分 部门概况\t4") are tables of page numbers, never quantities."""
    document, mentions = extracted
    tocs = [t for t in crosscheck.segment(document).tables if t.layout == "toc"]
    for toc in tocs:
        inside = [m.quantity.surface for m in mentions if toc.span.contains(m.span)]
        assert not inside, inside


def test_the_card_example_is_placed() -> None:
    """Seed 000: 249% sits in the table part, 75% in the narrative, both on the 一站式 project."""
    document = crosscheck.load(SEEDS[0])
    mentions = crosscheck.extract(document)
    by_text = {}
    for m in mentions:
        by_text.setdefault(m.quantity.surface, []).append(m)
    (table_rate,) = by_text["249%"][:1]
    assert table_rate.role == "table"
    assert table_rate.metric == "execution_rate"
    assert "一站式" in (table_rate.subject or "")
    narrative_rates = [m for m in by_text["75%"] if m.role == "narrative"]
    assert len(narrative_rates) == 1
    assert narrative_rates[0].metric == "execution_rate"
    assert narrative_rates[0].section_path, "a narrative mention knows its section"
