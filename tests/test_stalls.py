"""The texts that once stalled the checker (issue 13 §2) finish, and scale linearly.

No absolute time limit is asserted (CI machines differ): each case times a stage on
its text at a small size and at ``GROWTH`` times that size in the same test, and the
ratio must stay far below the square of the growth. A linear stage takes about
``GROWTH`` times as long, a quadratic one ``GROWTH**2``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from crosscheck.config import MAX_TABLE_COLUMNS
from crosscheck.extractor import find_quantities
from crosscheck.extractor.normalize import normalize
from crosscheck.extractor.patterns import quantity_pattern
from crosscheck.ingest import document_from_text, load
from crosscheck.pipeline import run_check
from crosscheck.segment import segment

from .stall_inputs import STALLS, carriage_returns_only, page_on_one_line, run_of_bars

GROWTH = 8
# Linear is 8, quadratic 64: the bound leaves room for a noisy machine.
MAX_RATIO = 24
MIN_BASELINE = 0.03
MAX_BASELINE_SIZE = 200_000


def _seconds(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


def assert_scales_linearly(make: Callable[[int], str], n: int, stage: Callable[[str], object]):
    """``stage`` on ``make(n * GROWTH)`` takes less than MAX_RATIO times its time on
    ``make(n)``; ``n`` is first doubled until the small run takes MIN_BASELINE seconds, so
    that timer noise does not decide the ratio."""
    stage(make(n))  # warm the caches (compiled patterns, lexicons)
    while True:
        small = make(n)
        t_small = _seconds(lambda small=small: stage(small), 3)
        if t_small >= MIN_BASELINE or n >= MAX_BASELINE_SIZE:
            break
        n *= 2
    big = make(n * GROWTH)
    t_big = _seconds(lambda: stage(big), 2)
    assert t_big / t_small < MAX_RATIO, (n, t_small, t_big)


# The extractor alone, at sizes where the quadratic pattern took seconds.
EXTRACTOR_CASES = {
    "wan": 2_000,
    "yi_wan": 2_000,
    "points": 1_000,
    "long_line": 2_000,
    "chinese_digits": 1_000,
    "spaced_digits": 1_000,
}


@pytest.mark.parametrize("name", sorted(EXTRACTOR_CASES))
def test_extractor_is_linear(name: str) -> None:
    assert_scales_linearly(STALLS[name], EXTRACTOR_CASES[name], find_quantities)


def test_long_line_of_numbers_still_reads_its_numbers() -> None:
    # the bounded thousands groups still read a grouped number as one
    text = "123,456,789元，" * 3 + "123," * 2_000
    values = [f.quantity.value for f in find_quantities(text)]
    assert [str(v) for v in values] == ["123456789"] * 3


def test_thousands_group_followed_by_a_digit_ends_the_number() -> None:
    # trap: the possessive groups must give "12,3456元" the reading it had (3456元)
    spans = [m.group() for m in quantity_pattern().finditer(normalize("12,3456元"))]
    assert spans == ["3456元"]


# -- CR-only line ends ---------------------------------------------------------------


def test_cr_only_text_splits_into_paragraphs() -> None:
    text = "一、概况\r全年支出12万元。\r二、绩效\r执行率95%。\r"
    document = document_from_text(text)
    assert len(document.text) == len(text)  # offsets stay those of the text given
    assert document.text == text.replace("\r", "\n")
    paragraphs = segment(document).paragraphs
    assert len(paragraphs) >= 2


def test_crlf_is_kept_and_a_lone_cr_in_it_breaks_the_line() -> None:
    # trap: the CR of a CRLF is no line of its own; a stray CR in such a file is a line end
    text = "全年支出12万元。\r\n执行率95%。\r预算20万元。\r\n"
    assert document_from_text(text).text == "全年支出12万元。\r\n执行率95%。\n预算20万元。\r\n"


def test_cr_only_file_reads_as_lines(tmp_path) -> None:
    path = tmp_path / "mac.txt"
    text = carriage_returns_only(3)
    path.write_bytes(text.encode("gb18030"))
    document = load(path)
    assert document.text == text.replace("\r", "\n")
    for finding in run_check(document).findings:
        for evidence in finding.evidence:
            assert document.text[evidence.span.start : evidence.span.end] == evidence.text


def test_cr_only_report_is_linear() -> None:
    assert_scales_linearly(carriage_returns_only, 150, lambda t: run_check(document_from_text(t)))


def test_a_page_on_one_line_is_linear() -> None:
    # A web page saved as text: one paragraph of sections, lists and items (real8's pages).
    assert_scales_linearly(page_on_one_line, 20, lambda t: run_check(document_from_text(t)))


# -- rows of millions of cells -------------------------------------------------------


def test_a_run_of_bars_is_no_table_and_takes_little_memory() -> None:
    import tracemalloc

    text = run_of_bars(300_000)
    tracemalloc.start()
    try:
        result = run_check(document_from_text(text))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.tables == ()
    # a cell object per bar took about 700 bytes a character; text is a few bytes
    assert peak < 60 * len(text), peak


@pytest.mark.parametrize("sep", ["|", "\t"])
def test_a_wide_row_is_still_a_table(sep: str) -> None:
    # trap: the bound on columns must leave real wide tables alone
    header = sep.join(f"第{i}月" for i in range(1, 41))
    row = sep.join(str(10 + i) for i in range(40))
    text = f"表1 月度支出\n{sep}{header}{sep}\n{sep}{row}{sep}\n"
    tables = segment(document_from_text(text)).tables
    assert len(tables) == 1


@pytest.mark.parametrize("sep", ["|", "\\t"])
def test_rows_too_wide_are_text(sep: str) -> None:
    sep = sep.replace("\\t", "\t")
    line = sep + sep.join(["5"] * (MAX_TABLE_COLUMNS + 5)) + sep
    assert segment(document_from_text(f"{line}\n{line}\n")).tables == ()


def test_run_of_bars_is_linear() -> None:
    assert_scales_linearly(run_of_bars, 20_000, lambda t: run_check(document_from_text(t)))


# -- the whole pipeline ----------------------------------------------------------------------

PIPELINE_CASES = {
    "one_fact": 200,  # one name stated in every row
    "two_names": 100,  # one item named two ways, each stated in every copy
    "score_rows": 200,
    "colons": 2_000,
    "long_line": 2_000,
    "wan": 2_000,
    "long_labelled_cell": 1_000,  # the fuzz campaign's 160 KB cell: minutes before
}


@pytest.mark.parametrize("name", sorted(PIPELINE_CASES))
def test_pipeline_is_linear(name: str) -> None:
    assert_scales_linearly(
        STALLS[name], PIPELINE_CASES[name], lambda t: run_check(document_from_text(t))
    )


def test_respectively_lists_are_linear() -> None:
    from crosscheck.pipeline import mentions
    from crosscheck.relate.lists import respectively_lists

    def stage(text: str) -> object:
        return respectively_lists(text, mentions(document_from_text(text)), 0, len(text))

    assert_scales_linearly(STALLS["respectively"], 200, stage)


def test_a_respectively_list_stops_at_the_next_one() -> None:
    # trap: "A、B分别为a、b，C、D分别为c、d" is two lists of two values, not one of four
    from crosscheck.pipeline import mentions
    from crosscheck.relate.lists import respectively_lists

    text = "甲、乙分别为1万元、2万元，丙、丁分别为3万元、4万元。"
    found = respectively_lists(text, mentions(document_from_text(text)), 0, len(text))
    assert [[m.quantity.surface for m in item.values] for item in found] == [
        ["1万元", "2万元"],
        ["3万元", "4万元"],
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("年度目标：完成培训500人，覆盖12个乡镇。", [True, True]),
        # trap: a full stop closes the list; the next sentence's numbers are no targets
        ("年度目标：完成培训500人。实际培训520人，覆盖12个乡镇。", [True, False, False]),
        # trap: without its colon the cue opens no list
        ("目标为培训500人，实际完成520人。", [False, False]),
    ],
)
def test_opened_lists_answer_as_the_search_from_the_sentence_start(text, expected) -> None:
    from crosscheck.align.qualifiers import OpenedLists

    lists = OpenedLists(text)
    starts = [f.span.start for f in find_quantities(text)]
    assert [lists.opened_before(0, s) for s in starts] == expected
