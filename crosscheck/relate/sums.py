"""Sum relations: a total and the parts the text lists under it.

Read inside one statement: "T，其中A a、B b" (the total before 其中), "A a，B b，
合计T" (the total after 合计), the 分别为 lists tied to a total ("T，其中A、B分别为
a、b", "A、B分别为a、b，共计T", "T，分别为：A a、B b"); and across paragraphs: a
paragraph ending "T，其中：" whose parts open the paragraphs that follow. Lists that
say they are partial (主要包括, 等) are no sum relation. An amount per unit ("工资
24000元每年每人") is neither a part nor a total.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal
from functools import cache
from itertools import pairwise

import regex

from crosscheck import lexicons
from crosscheck.align.qualifiers import source_words
from crosscheck.compare import Agreement, compare_values, quantum
from crosscheck.relate.cues import cue_words, cues
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.lists import (
    Respectively,
    closing_total,
    labels_name_periods,
    partial,
    respectively_lists,
    spent_cue,
    spent_word,
)
from crosscheck.relate.narrative import text_declares_omission
from crosscheck.relate.recompute import check_sum, comparable_parts, exact, is_change, same_measure
from crosscheck.relate.statements import CLOSE_BRACKETS, OPEN_BRACKETS
from crosscheck.relate.tables import index_to_table_sums, marker_style
from crosscheck.relate.types import ONE_PART, Statement, SumRelation
from crosscheck.relate.unitless import unitless_amounts
from crosscheck.relate.years import label_of, names_last_year, year_pattern
from crosscheck.segment.numbering import iter_markers, markers_in, numbered_run, opens_an_entry
from crosscheck.tables.values import empty_texts
from crosscheck.types import Mention, Paragraph

# Lists that may name only some parts of their total: 其中 rows of a table (a 基础数据表
# lists 办公费, 差旅费… under 公用经费, not every item), "T，包括A a、B b" (包括 may name
# the main parts only). Their parts can only be too many.
PARTIAL_CUES = ("table-subrows", "includes", "numbered-partial", ONE_PART)
# The metrics of an amount spent: after a list of funds such an amount is said of the
# whole, not one more part.
SPENT_METRICS = ("expenditure", "paid_amount")


@cache
def _unit_rate_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(before, after): the words of lexicons/unit_rates.tsv right before / after an amount."""

    def alternation(side: str) -> str:
        found = [r["word"] for r in lexicons.rows("unit_rates") if r["side"] == side]
        return "|".join(regex.escape(w) for w in sorted(found, key=lambda w: (-len(w), w)))

    return (
        regex.compile(rf"(?:{alternation('before')})(?:{cues('rate_connector')}|[：:\s])*$"),
        regex.compile(rf"\s*(?:{alternation('after')})"),
    )


def is_unit_rate(text: str, m: Mention) -> bool:
    """An amount per person, household, month… ("24000元每年每人", "每户500元")."""
    before, after = _unit_rate_patterns()
    return bool(
        before.search(text, max(0, m.span.start - 8), m.span.start) or after.match(text, m.span.end)
    )


def statements_to_sums(
    index: DocumentIndex, statements: tuple[Statement, ...]
) -> tuple[SumRelation, ...]:
    """Every list tied to a total, its parts of the total's measure, in reading order."""
    text = index.text
    found: list[SumRelation] = []
    # A document that declares it removed items (涉密项目予以剔除) lists what was left.
    omitted = text_declares_omission(text)
    for total, parts, cue in _sum_relations(index, statements):
        if is_unit_rate(text, total):
            continue
        kept = comparable_parts(total, [p for p in parts if not is_unit_rate(text, p)])
        if _parts_outside_their_whole(text, total, kept) or _parts_of_another_branch(
            text, total, kept
        ):
            continue
        if not names_last_year(label_of(text, 0, total)):
            # "其中：A收入a万元比2025年初预算数b万元减少c万元": b is last year's, no part.
            kept = [p for p in kept if not names_last_year(label_of(text, 0, p))]
        # A table's cells hold no unitless number that a sentence dropped its unit from.
        unitless = () if cue.startswith("table") else _unitless_around(text, total, kept)
        complete = cue not in PARTIAL_CUES and not (omitted and cue.startswith("table"))
        if complete and not cue.startswith("table") and _other_source_left_out(index, total, kept):
            # "收入预算T，其中：一般公共预算收入a，国有资本经营预算收入b" with "其他收入c万元"
            # stated elsewhere and T = a + b + c: the list names the main sources only.
            complete = False
        if complete and not cue.startswith("table") and _unread_amount_among(index, total, kept):
            # "其中A340.00万，B120.00万，C800.00万…": a part whose bare 万 was not read as an
            # amount is missing from the list, so the list is not the whole breakdown.
            complete = False
        if complete and not cue.startswith("table") and _items_of_one_branch(text, total, kept):
            # "一般公共预算支出T万元，其中：（1）行政运行（2010401）a万元；…（5）其他发展与
            # 改革事务支出（2010499）b万元": the items of one 款, while T is every 类's.
            complete = False
        if (
            complete
            and not cue.startswith("table")
            and _covers_little(total, kept)
            and "\n" in text[total.span.end : kept[-1].span.start]
        ):
            # "一般公共预算拨款支出74,868.34万元，其中：\n（1）行政运行a；…（5）住房保障支出e"
            # with a + … + e a third of it, the items on lines of their own: the main items,
            # or items the reader lost to a page or a line the list ran over; either way no
            # whole breakdown to check. A list inside its total's sentence is read whole: a
            # total written three times too large (168,441.81 as 618,441.81) is a slip.
            complete = False
        if complete and not cue.startswith("table") and kept and _list_runs_on(text, kept[-1]):
            # "…其中：A a万元；B b万元；C c万元；\nD d万元…" (the list goes on past the line
            # the reader took it from) or "…B b万元等。": not every part was read.
            complete = False
        if (
            not cue.startswith("table")
            and total.quantity.kind == "count"
            and _counts_of_other_things(text, total, kept)
        ):
            # "12个学科门类，其中有3个国家重点学科、28个一级学科博士学位授权点": counts of
            # other things than the total counts; "专任教师3120人，其中教授727人、副教授1277人，
            # 博士生导师535人、硕士生导师1699人": two ways of counting them; no parts at all.
            continue
        if total.quantity.kind == "count" and _qualified_subsets(text, total, kept):
            # "103个本科专业，其中国家级一流本科专业建设点39个、重庆市一流本科专业建设点23个":
            # the parts are the total's kind with a quality more, some of them and maybe both
            # (a 专业 of both lists), not a split.
            continue
        again = () if cue.startswith("table") else _parts_stated_again(text, kept)
        if again:
            # "其中：…城镇土地使用税收入a万元…；土地使用税收入a万元": one part walked through
            # twice is counted once, and shows a list written loosely, no whole breakdown.
            kept = [p for p in kept if p not in again]
            complete = False
        found.append(SumRelation(total, tuple(kept), cue, complete, unitless))
    return tuple(found)


def _counts_of_other_things(text: str, total: Mention, parts: list[Mention]) -> bool:
    """The parts count things named after their measure words otherwise than the total's
    (个学科门类 / 个国家重点学科), or stand in two 、-groups parted by a comma."""
    own = _counted_noun(text, total)
    if own and any((noun := _counted_noun(text, p)) and noun != own for p in parts):
        return True
    gaps = [text[a.span.end : b.span.start] for a, b in pairwise(parts)]
    commas = [bool(_COMMA.search(gap)) for gap in gaps]
    return any("、" in gap for gap in gaps) and any(commas) and not all(commas)


def _qualified_subsets(text: str, total: Mention, parts: list[Mention]) -> bool:
    """Every part is named with the total's counted noun inside a longer name."""
    own = _counted_noun(text, total)
    return bool(own) and all(
        own in (name := _own_name(_LINE_BREAKS.sub("", label_of(text, 0, p)))) and name != own
        for p in parts
    )


_LINE_BREAKS = regex.compile(r"\s*\n\s*")  # a name wrapped over a line is one name
_COMMA = regex.compile("[，,]")
_COUNTED_NOUN = regex.compile(r"\p{Han}{2,8}?(?=[，,。；;、（(\s]|$)")


def _counted_noun(text: str, count: Mention) -> str:
    """The words right after a count (its measure word is in the quantity): "12个学科门类"
    -> 学科门类; "" when a punctuation mark follows."""
    found = _COUNTED_NOUN.match(text, count.span.end, count.span.end + 12)
    return found.group(0) if found else ""


def _list_runs_on(text: str, last: Mention) -> bool:
    """After the last part read, its line ends with a list's separator (；，、), not a full
    stop, or the part is followed by 等: the list has parts that were not read."""
    end = text.find("\n", last.span.end)
    line = text[last.span.end : end if end >= 0 else len(text)].rstrip()
    if text.startswith(cue_words("at_least"), last.span.end):
        return True
    # "其中A a，B b，其余通过网上商城采购": the next clause names the rest, with no amount.
    clause_end = _CLAUSE_BREAK.search(text, last.span.end, last.span.end + _REST_REACH)
    if (
        clause_end is not None
        and clause_end.group() != "。"
        and text.startswith(cue_words("rest_named"), clause_end.end())
    ):
        return True
    if end < 0 or "。" in line or not line.endswith(_LIST_SEPARATORS):
        return False
    # The next line opening a section ("（四）政府性基金预算支出情况", a 一、 or （一） marker)
    # ends the list.
    start = len(text) - len(text[end + 1 :].lstrip())
    marker = next(iter_markers(text, start, start + _MARKER_REACH), None)
    return marker is None or marker.start != start or marker.level > _SECTION_LEVEL


_MARKER_REACH = 8  # a list marker opening a line stands within its first characters
_CLAUSE_BREAK = regex.compile(r"[，,；;。\n]")
_REST_REACH = 30  # how far after the last part its clause ends
_SECTION_LEVEL = 2  # 一、 and （一） (lexicons/heading_numbering.tsv levels 1 and 2)
_LIST_SEPARATORS = ("；", ";", "，", ",", "、")


# Parts of a sentence's list that add up to less than this share of their total are no whole
# breakdown of it: a slip of one figure leaves the others near the total.
PARTIAL_LIST_COVERAGE = Decimal("0.5")


def _covers_little(total: Mention, parts: list[Mention]) -> bool:
    value = total.quantity.value
    if value <= 0 or len(parts) < 2:
        return False
    if any(
        (p.quantity.unit, p.quantity.scale) != (total.quantity.unit, total.quantity.scale)
        for p in parts
    ):
        return False  # a part written in 元 among 万元 may be the slip that makes them little
    return sum(p.quantity.value for p in parts) < value * PARTIAL_LIST_COVERAGE


def _parts_stated_again(text: str, parts: list[Mention]) -> tuple[Mention, ...]:
    """The later of two parts of one value (not zero: 0万元 is every empty item's) whose own
    names end alike, one inside the other (城镇土地使用税收入, then 土地使用税收入): the same
    item listed again."""
    again: list[Mention] = []
    for i, first in enumerate(parts):
        for second in parts[i + 1 :]:
            if not first.quantity.value or first.quantity.value != second.quantity.value:
                continue
            a, b = _own_name(label_of(text, 0, first)), _own_name(label_of(text, 0, second))
            if a and b and second not in again and (a.endswith(b) or b.endswith(a)):
                again.append(second)
    return tuple(again)


_OWN_NAME = regex.compile(r"[^0-9、，,；;：:。（）()\s]+$")


def _own_name(label: str) -> str:
    """A label's words after its last figure or list mark: the item's own name."""
    found = _OWN_NAME.search(label)
    return found.group(0) if found else ""


# A 功能分类 code of a 款 or a 项 written in a name: "行政运行（2010401）", "2010450-事业运行".
_BRANCH_CODE = regex.compile(r"(?<![0-9])(2[0-9]{2}[0-9]{2}(?:[0-9]{2})?)(?![0-9])")
# The digits of a 类's code: the branch a list of items may stay inside.
_CLASS_CODE_DIGITS = 3


def _items_of_one_branch(text: str, total: Mention, parts: list[Mention]) -> bool:
    """Every part is a 功能分类 item written with its code, all of one 类 (their codes share
    its three digits), and the total's name writes no such code: the list walks through the
    items of that branch, and the total (a department's 一般公共预算支出) may hold other 类's
    money too; it is no whole breakdown of it."""
    if len(parts) < 2 or _BRANCH_CODE.search(label_of(text, 0, total)):
        return False
    codes = [_BRANCH_CODE.search(label_of(text, 0, p)) for p in parts]
    if any(code is None for code in codes):
        return False
    return len({code.group(1)[:_CLASS_CODE_DIGITS] for code in codes if code}) == 1


def _parts_of_another_branch(text: str, total: Mention, parts: list[Mention]) -> bool:
    """The total is a 功能分类 item written with its code and a part is one whose code is not
    under it ("城乡社区环境卫生（21205）32万元，其中…（2120501）32万元，…（21208）8万元": 21208 is
    the 类's next 款, no part of 21205)."""
    own = _BRANCH_CODE.search(label_of(text, 0, total))
    if own is None:
        return False
    codes = (_BRANCH_CODE.search(label_of(text, 0, p)) for p in parts)
    return any(code is not None and not code.group(1).startswith(own.group(1)) for code in codes)


@cache
def _income_sides() -> tuple[str, ...]:
    """The words of the 收入 side of a statement (lexicons/statement_totals.tsv)."""
    return tuple(r["word"] for r in lexicons.rows("statement_totals") if r["name"] == "收入")


def _names_an_income(label: str) -> bool:
    """A source of funds (lexicons/scope_words.tsv) or the 收入 side names the label's money."""
    return source_words().search(label) is not None or any(w in label for w in _income_sides())


def _other_source_left_out(index: DocumentIndex, total: Mention, parts: list[Mention]) -> bool:
    """A list of sources (each part named by one) short of its total by exactly an income the
    document states elsewhere under another name ("9.其他收入0.5万元"): that source was left
    out of the list, which is no slip of its figures."""
    text = index.text
    labels = [label_of(text, 0, p) for p in parts]
    if len(parts) < 2 or not all(_names_an_income(label) for label in labels):
        return False
    shortfall = total.quantity.value - sum((p.quantity.value for p in parts), Decimal(0))
    if shortfall <= 0:
        return False
    own = {total.span, *(p.span for p in parts)}
    for m in index.mentions:
        if m.span in own or m.quantity.kind != "amount" or is_change(m):
            continue
        if compare_values(m.quantity.value, Decimal(0), shortfall, quantum(m.quantity)) not in (
            Agreement.SAME,
        ):
            continue
        label = label_of(text, 0, m)
        if _names_an_income(label) and not any(label.strip() in x for x in labels):
            return True
    return False


@cache
def _compositions() -> dict[str, tuple[str, ...]]:
    """lexicons/standard_compositions.tsv: a whole -> the words naming its parts."""
    found: dict[str, list[str]] = {}
    for row in lexicons.rows("standard_compositions"):
        found.setdefault(row["whole"], []).append(row["part"])
    return {whole: tuple(parts) for whole, parts in found.items()}


def _parts_outside_their_whole(text: str, total: Mention, parts: list[Mention]) -> bool:
    """A total of a whole the rules compose (“三公”经费) whose list names a part that is none
    of the whole's ("其中会议费a万元，培训费b万元"): no breakdown of it. The longest whole the
    total's label names decides (公务用车购置及运行费 within a 三公 sentence)."""
    label = "".join(label_of(text, 0, total).split()).replace("“", "").replace("”", "")
    wholes = sorted((w for w in _compositions() if w in label), key=len, reverse=True)
    if not wholes:
        return False
    words = _compositions()[wholes[0]]
    return any(
        not any(word in "".join(label_of(text, 0, p).split()) for word in words) for p in parts
    )


@cache
def _scaled_number() -> regex.Pattern[str]:
    """A number written with a scale that may end an amount (340.00万, 2亿: lexicons/scales.tsv
    standalone)."""
    scales = sorted(
        (r["word"] for r in lexicons.rows("scales") if r["standalone"] == "yes"), key=len
    )
    alternation = "|".join(map(regex.escape, reversed(scales)))
    return regex.compile(rf"(?<![0-9.,])[0-9][0-9,]*(?:\.[0-9]+)?(?:{alternation})")


def _unread_amount_among(index: DocumentIndex, total: Mention, parts: list[Mention]) -> bool:
    """A number with a scale between the relation's quantities that no mention covers (a
    count in 万人 read as a count is covered; one not read at all is a part missed too)."""
    spans = [total.span, *(p.span for p in parts)]
    lo, hi = min(s.start for s in spans), max(s.end for s in spans)
    covered = [m.span for m in index.mentions_between(lo, hi)]
    return any(
        not any(c.start <= match.start() < c.end for c in covered)
        for match in _scaled_number().finditer(index.text, lo, hi)
    )


def _unitless_around(text: str, total: Mention, parts: list[Mention]) -> tuple:
    """The unitless numbers from the relation's first quantity to the end of its sentence."""
    lo = min([total.span.start, *(p.span.start for p in parts)])
    hi = max([total.span.end, *(p.span.end for p in parts)])
    sentence_end = text.find("。", hi)
    return tuple(unitless_amounts(text, lo, sentence_end + 1 if sentence_end >= 0 else hi))


def _sum_relations(
    index: DocumentIndex, statements: tuple[Statement, ...]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """(total, parts, cue) for "T，其中A a、B b", "A a，B b，合计T" and the 分别为
    lists tied to a total ("T，其中A、B分别为a、b", "A、B分别为a、b，共计T",
    "T，分别为：A a、B b") in one sentence."""
    yield from _lists_in_next_paragraphs(index, statements)
    yield from _itemised_lines(index, statements)
    yield from _numbered_breakdowns(index, statements)
    yield from index_to_table_sums(index)
    text = index.text
    previous: Statement | None = None
    previous_carried: tuple[Mention, ...] = ()
    for statement in statements:
        mentions = statement.mentions
        yield from _bracketed_breakdowns(index, statement)
        yield from _included_lists(text, statement)
        # "T，其中 …" (or "T中，…"): the total is the last quantity before 其中, the parts follow.
        opener = _opener_outside_brackets(statement.text)
        # "T。其中，A a，B b": a sentence that opens with 其中 lists the parts of the total
        # that closes the sentence before.
        opens_next = (
            opener is not None
            and previous is not None
            and _opens_with(statement.text, opener)
            and not text[previous.span.end : statement.span.start].strip()
            and statement.text.rstrip().endswith(SENTENCE_ENDS)
        )
        carried = _headline(text, previous) if opens_next and previous is not None else ()
        if opens_next and not carried and opener is not None and _classified(opener.group()):
            # "T。其中：A a；B b。按项目内容分，C c，D d。": another breakdown of the same
            # total, by another classification.
            carried = previous_carried
        previous_carried = carried
        floor = previous.span.start if carried and previous is not None else statement.span.start
        previous = statement
        if len(mentions) + len(carried) < 3:
            if opener is not None and not carried:
                yield from _one_part(text, statement, opener)
            continue
        if opener is not None:
            at = statement.span.start + opener.start()
            heads = [*carried, *(m for m in mentions if m.span.end <= at)]
            after = [m for m in mentions if m.span.start >= at]
            tail = statement.text[opener.start() : opener.start() + 12]
            if heads and after and not partial().search(tail):
                yield from _opened_lists(
                    text,
                    statement,
                    opener,
                    heads,
                    after,
                    floor=floor,
                    carried=bool(carried),
                )
                continue
        yield from _listed_after_total(text, statement)
        # "A a，B b，合计 T": the total is announced by 合计/共计/总计, the parts are
        # the quantities before it in the same ；-clause.
        for position, m in enumerate(mentions):
            before = text[max(statement.span.start, m.span.start - 16) : m.span.start]
            if position >= 2 and closing_total().search(before):
                clause_start = (
                    max(
                        text.rfind("；", statement.span.start, m.span.start),
                        text.rfind(";", statement.span.start, m.span.start),
                    )
                    + 1
                )
                parts = [p for p in mentions[:position] if p.span.start >= clause_start]
                closed = _closed_respectively(
                    text, parts, max(clause_start, statement.span.start), m
                )
                # "…合同总金额b万元，已完成支付…共计c万元": the 共计 closes the amount paid,
                # said of the whole, not a list of the amounts before it.
                paid = bool(parts) and spent_word().search(text, parts[-1].span.end, m.span.start)
                if closed is not None and not paid:
                    yield m, closed, "closing"
                break


_NEWLINE = regex.compile(r"\n")
# The most a line may hold after its last sentence when that sentence announces the lines
# after it ("…执行率84.69%。其中：").
_OPENER_AFTER_CHARS = 16
# A bracket with no bracket inside it: "（财政资金a万元，其他资金b万元）".
_BRACKET_GROUP = regex.compile(r"[（(](?P<inside>[^（()）]*)[）)]")
# A digit that no quantity covers: a part the extractor did not read.
_DIGIT = regex.compile(r"[0-9０-９]")


def _bracketed_breakdowns(
    index: DocumentIndex, statement: Statement
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """ "总支出T万元（财政资金a万元，其他资金b万元）": a bracket right after a total that
    lists two or more parts of its measure, every number in it read, and nothing saying
    the list is partial (主要, 等, 含…)."""
    text = index.text
    if not any(bracket in statement.text for bracket in OPEN_BRACKETS):
        return
    by_end = {m.span.end: m for m in statement.mentions}
    for group in _BRACKET_GROUP.finditer(text, statement.span.start, statement.span.end):
        total = by_end.get(group.start()) or by_end.get(_before_spaces(text, group.start()))
        if (
            total is None
            or total.quantity.kind not in ("amount", "count", "measure")
            or is_change(total)
        ):
            continue
        inside = index.mentions_between(group.start("inside"), group.end("inside"))
        parts = comparable_parts(total, inside)
        if len(parts) < 2 or len(parts) != len([m for m in inside if same_measure(m, total)]):
            continue
        words = group.group("inside")
        if partial().search(words) or _includes().match(words.lstrip()):
            continue
        if labels_name_periods(text, group.start("inside"), parts):
            continue
        if _DIGIT.search(_without_spans(text, group.start("inside"), group.end("inside"), inside)):
            continue  # a number in the bracket that is no quantity: a part not read
        yield total, list(parts), "bracket"


def _before_spaces(text: str, at: int) -> int:
    """The offset before the spaces that end at ``at``."""
    while at > 0 and text[at - 1] in " \u3000":
        at -= 1
    return at


def _without_spans(text: str, start: int, end: int, mentions: tuple[Mention, ...]) -> str:
    """``text[start:end]`` with the quantities cut out."""
    pieces: list[str] = []
    cursor = start
    for m in mentions:
        pieces.append(text[cursor : m.span.start])
        cursor = m.span.end
    pieces.append(text[cursor:end])
    return "".join(pieces)


@cache
def _includes() -> regex.Pattern[str]:
    """A bracket that opens with 含 names a part inside the total, not its breakdown."""
    return regex.compile(cues("includes"))


# A sentence that ends here was read whole (not cut by a blank line or a page break).
SENTENCE_ENDS = ("。", "！", "？", "!", "?")


def _headline(text: str, statement: Statement) -> tuple[Mention, ...]:
    """The one amount (or count) a sentence is about, for a 其中 that opens the next sentence:
    its first quantity, labelled, when every other amount of its measure is a change or
    last year's ("全年执行数a，执行率p%，较上年执行数b增加d，增长q%。其中…" -> a)."""
    # "…具体情况如下：1. 基本支出a万元。其中…": the sentence ends with a numbered item (a
    # page run into one line); the 其中 after it breaks down that item's figure.
    start = _last_item_start(text, statement)
    amounts = [
        m
        for m in statement.mentions
        if m.span.start >= start and m.quantity.kind in ("amount", "count", "measure")
    ]
    if not amounts or is_change(amounts[0]):
        return ()
    first = amounts[0]
    label = label_of(text, start, first)
    if not regex.search(r"\p{Han}", label) or names_last_year(label):
        return ()
    rivals = [
        other
        for other in amounts[1:]
        if same_measure(other, first)
        and not is_change(other)
        and not names_last_year(label_of(text, start, other))
    ]
    if rivals and sum(m.quantity.value for m in [first, *rivals[:-1]]) == rivals[-1].quantity.value:
        # "年初预算a，追加b，调整后全年预算c（= a + b）。": the sentence adds up to its last
        # amount, which is what it is about.
        return (rivals[-1],)
    return () if rivals else (first,)


def _last_item_start(text: str, statement: Statement) -> int:
    """Where the last numbered item opened inside the sentence starts ("…如下：1. 基本支出…"),
    or the sentence's start."""
    floor = statement.span.start
    items = [
        marker.start
        for marker in markers_in(text, floor, statement.span.end)
        if marker.start > floor and opens_an_entry(text, floor, marker)
    ]
    return items[-1] if items else floor


def _opens_with(text: str, opener: regex.Match[str]) -> bool:
    """The statement's first words are its 其中 (after spaces, list markers, punctuation)."""
    return not regex.search(r"\p{Han}|[0-9]", text[: opener.start()])


def _head_total(text: str, floor: int, heads: list[Mention], after: list[Mention]) -> Mention:
    """The total a 其中 list breaks down: the last quantity before it, passing over rates,
    changes and last year's amount said of it ("支出T，较上年X增加d，增长p%。其中…"). A list
    of amounts breaks down an amount, a list of changes a change: "会议费T万元，比上年减少d万元，
    其中：A a万元…" lists T's parts, "比上年增加d万元，其中：A增加…" d's."""
    first_part = next((m for m in after if m.quantity.kind in ("amount", "count", "measure")), None)
    last = heads[-1]
    if last.quantity.kind in ("amount", "count", "measure") and (
        first_part is None or is_change(first_part) == is_change(last)
    ):
        return last
    totals = [
        m
        for m in heads
        if m.quantity.kind in ("amount", "count", "measure")
        and not is_change(m)
        and not names_last_year(label_of(text, floor, m))
    ]
    return totals[-1] if totals else last


def _one_part(
    text: str, statement: Statement, opener: regex.Match[str]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """ "财政拨款收入a万元，其中政府性基金b万元": a total and the one part its 其中 names, both
    this year's amounts of one measure. The part may be any share of it, never more (ONE_PART
    is a partial cue: only a part larger than its total is reported)."""
    at = statement.span.start + opener.start()
    heads = [m for m in statement.mentions if m.span.end <= at]
    after = [m for m in statement.mentions if m.span.start >= at]
    if len(heads) != 1 or len(after) != 1:
        return
    total, part = heads[0], after[0]
    if (
        total.quantity.kind == "amount"
        and same_measure(total, part)
        and not is_change(total)
        and not is_change(part)
        and not names_last_year(label_of(text, statement.span.start, total))
        and not names_last_year(label_of(text, at, part))
    ):
        yield total, [part], ONE_PART


def _opened_lists(
    text: str,
    statement: Statement,
    opener: regex.Match[str],
    heads: list[Mention],
    after: list[Mention],
    *,
    floor: int,
    carried: bool,
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """The parts after 其中 against the total before it, and against the closing 合计; when
    the parts are of two measures (人次 and 万元), each against the total of its measure.

    A total carried from the sentence before, and a total of a second measure, are
    taken only when the list was read to its end: every quantity after 其中 is a part."""
    total = _head_total(text, floor, heads, after)
    # The total is an item of a list its sentence opened with a colon ("…主要包括：A a，其中…").
    item_of_a_list = bool(_COLON.search(text, statement.span.start, total.span.start))
    parts: list[Mention] = []
    closing: Mention | None = None
    ended_early = False
    for m in after:
        before = text[max(statement.span.start, m.span.start - 16) : m.span.start]
        if closing_total().search(before) and same_measure(m, total):
            closing = m
            break
        if parts and total.metric not in SPENT_METRICS and spent_cue().search(before):
            # "资金总额100万元，其中中央资金60万元，已支出50万元": the amount spent
            # is said of the whole; the list of funds ended before it.
            ended_early = True
            break
        between = text[parts[-1].span.end : m.span.start] if parts else ""
        if between.count("（") + between.count("(") > between.count("）") + between.count(")"):
            continue  # "C c（其中课桌椅243.20万元…）": inside a part's bracketed breakdown
        if parts and item_of_a_list and _SEMICOLON.search(between):
            # "主要包括：A a，其中结转b，用于…；B c…": the 其中 is A's, to its ；; B is A's sibling.
            break
        between = _BRACKETED_ASIDE.sub("", between)
        if parts and (_list_opener_words_in(between) or _opens_sublist(between)):
            # A nested 其中, or a part whose value opens its own breakdown ("A a：B b、
            # C c"): the list is on two levels, do not guess.
            parts = []
            break
        parts.append(m)
    # Every value of a list carried from the sentence before, or of a second measure, must
    # have been read: a number left in the list unread ("2916.52 万" cut from its 元) may be
    # a part.
    unread = bool(
        _DIGIT.search(
            # A year the list's clauses compare with ("与2025年预算持平") is no part.
            year_pattern().sub(
                "",
                _without_spans(
                    text, statement.span.start + opener.end(), statement.span.end, tuple(after)
                ),
            )
        )
    )
    if carried and (ended_early or unread):
        return
    listed = respectively_lists(
        text,
        after,
        statement.span.start + opener.end(),
        closing.span.start if closing is not None else statement.span.end,
    )
    # Under 其中, values of periods need not cover the total (2022年和2023年
    # 分别为…, 其中2022年…，2023年…: other years may be left out); a closing
    # 合计 says they do.
    by_period = labels_name_periods(text, statement.span.start + opener.end(), parts)
    if _adds_up_to_another_head(heads, parts, total):
        # "全局现有人员600人，民警480人，其中派出所警力200人，基层一线警力400人": the parts
        # add up to another amount before 其中, which one they break down is not said.
        return
    others = [] if ended_early or unread else _totals_of_other_measures(heads, parts, total)
    for head in (total, *others):
        if not by_period and not any(
            _breaks_sum(text, item, head, periods_ok=False) for item in listed
        ):
            yield head, parts, "opener"
    if closing is not None and not any(
        _breaks_sum(text, item, closing, periods_ok=True) for item in listed
    ):
        yield closing, parts, "closing"


def _totals_of_other_measures(
    heads: list[Mention], parts: list[Mention], total: Mention
) -> list[Mention]:
    """ "救助3,286人次，发放1,245.60万元，其中城市1,102人次、520.30万元，农村…": the parts
    of a second measure have their own total before 其中, when every item of the list
    gives one value of each measure (as many 人次 as 万元, no third measure)."""
    listed = [
        p for p in parts if p.quantity.kind in ("amount", "count", "measure") and not is_change(p)
    ]
    measures: list[Mention] = []
    for part in listed:
        if not any(same_measure(part, m) for m in measures):
            measures.append(part)
    if len(measures) != 2 or not any(same_measure(m, total) for m in measures):
        return []
    other = next(m for m in measures if not same_measure(m, total))
    own = [p for p in listed if same_measure(p, other)]
    if len(own) < 2 or 2 * len(own) != len(listed):
        return []
    heads_of_other = [h for h in heads if same_measure(h, other) and not is_change(h)]
    return heads_of_other[-1:]


_SEMICOLON = regex.compile(r"[；;]")
_COLON = regex.compile(r"[：:]")
# A bracketed aside between two parts (a part's own breakdown, closed before the next part).
_BRACKETED_ASIDE = regex.compile(r"[（(][^（）()]*[)）]")


def _list_opener_words_in(text: str) -> bool:
    return any(word in text for word in cue_words("list_opener"))


def _opens_sublist(after_part: str) -> bool:
    """The text right after a part's value opens that part's own breakdown (``：``)."""
    return after_part.lstrip().startswith(cue_words("sublist_opener"))


def _breaks_sum(text: str, listed: Respectively, total: Mention, *, periods_ok: bool) -> bool:
    """A 分别 list that gives values of the total's measure but cannot be read as its parts:
    per-item changes (分别增长30万元、20万元), fewer or more values than items named, a value
    in another unit or approximate, or (unless ``periods_ok``) values of periods."""
    if not any(same_measure(v, total) for v in listed.values):
        return False  # 分别占60%、40% or 执行率分别为98%、100%: beside the parts, not parts
    if not listed.respectively:
        return True
    if not periods_ok and listed.names_periods(text):
        return True
    if listed.inline:
        # "分别为：A a，占p%；B b": shares may follow each part; every other value is a part.
        values = [v for v in listed.values if v.quantity.kind not in ("percent", "pp")]
        if len(listed.names) > 1:
            return True  # items named both before and inline: do not guess how they pair
    else:
        values = list(listed.values)
        if len(listed.names) != len(values):
            return True
    return not all(same_measure(v, total) and exact(v) for v in values)


def _closed_respectively(
    text: str, parts: list[Mention], start: int, total: Mention
) -> list[Mention] | None:
    """The parts of "…A、B分别为a、b，共计T" (None: a 分别 list that is no breakdown of T).

    When quantities come before the 分别 list in the clause ("支出500万元，A、B分别为
    300万元、200万元，合计510万元") and they do not complete the sum, the parts are
    the list's values alone."""
    listed = respectively_lists(text, parts, start, total.span.start)
    if any(_breaks_sum(text, item, total, periods_ok=True) for item in listed):
        return None
    starts = [item.start for item in listed if item.respectively and item.values]
    if not starts:
        return parts
    own = [p for p in parts if p.span.start >= min(starts)]
    if len(own) < len(parts) and check_sum(total, parts) is not None:
        return own
    return parts


@cache
def _list_includes() -> regex.Pattern[str]:
    return regex.compile(rf"(?:{cues('list_includes')})[：:]?")


def _included_lists(
    text: str, statement: Statement
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """ "预算T万元，包括A a万元、B b万元、C c万元。": the amounts after 包括 are parts of the
    total right before it (nothing but punctuation between). 包括 may name the main parts
    only, so the relation is partial: only parts adding up to more than the total are
    wrong. Not read: 主要包括 (the main parts, said so), a list ending in 等, a part that
    opens its own breakdown (其中, ：), a list closed by 合计 (the closing path reads it)."""
    for match in _list_includes().finditer(text, statement.span.start, statement.span.end):
        heads = [m for m in statement.mentions if m.span.end <= match.start()]
        if not heads or _TOTAL_THEN_CUE.fullmatch(text, heads[-1].span.end, match.start()) is None:
            continue
        total = heads[-1]
        if total.quantity.kind not in ("amount", "count", "measure") or is_change(total):
            continue
        after = [m for m in statement.mentions if m.span.start >= match.end()]
        words = _without_spans(text, match.end(), statement.span.end, tuple(after))
        if (
            partial().search(words)
            or _list_opener_words_in(words)
            or closing_total().search(words)
            or any(_opens_sublist(text[a.span.end : b.span.start]) for a, b in pairwise(after))
        ):
            continue
        parts = comparable_parts(total, after)
        if len(parts) >= 2:
            yield total, parts, "includes"


# Between a total and the 分别为 that lists its parts: punctuation only.
_TOTAL_THEN_CUE = regex.compile(r"[，,：:\s]*")


def _listed_after_total(
    text: str, statement: Statement
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """ "T，分别为：A a、B b、C c": items named inline right after the total are its parts.

    Only with the items named inline and every value of the total's measure up to the
    statement's end (or its 合计): bare values ("T，分别为a、b") do not say what they are."""
    mentions = statement.mentions
    for listed in respectively_lists(text, mentions, statement.span.start, statement.span.end):
        if not listed.respectively or not listed.inline:
            continue
        heads = [m for m in mentions if m.span.end <= listed.cue.start]
        if (
            not heads
            or _TOTAL_THEN_CUE.fullmatch(text, heads[-1].span.end, listed.cue.start) is None
        ):
            continue
        total = heads[-1]
        values: list[Mention] = []
        for m in listed.values:
            before = text[max(statement.span.start, m.span.start - 16) : m.span.start]
            if closing_total().search(before):
                break  # the closing 合计 is checked by the closing path
            values.append(m)
        if len(values) < 2 or _breaks_sum(
            text, replace(listed, values=tuple(values)), total, periods_ok=False
        ):
            continue
        if partial().search(text, listed.cue.end, min(values[-1].span.end + 2, statement.span.end)):
            continue
        yield total, [v for v in values if same_measure(v, total)], "respectively"


@cache
def _list_opener() -> regex.Pattern[str]:
    """ "其中" opens a breakdown, and so does "中，" right after the total's unit
    ("基本支出29,684.53万元中，工资福利支出…"; the last characters of 元, 人, 个, 项, 家,
    人次, 户), and a classification's "按资金来源分，"."""
    return regex.compile(
        rf"(?:{cues('list_opener')})|(?<=[元人个项家次户])(?:{cues('opener_after_total')})(?=[，,：:])"
        rf"|(?:{cues('classified_opener')})"
    )


def openers_outside_brackets(text: str) -> list[regex.Match[str]]:
    """The 其中 of a statement that are not inside brackets: "收入500.00万元（其中，
    一般公共预算…）" lists the bracket's parts, which are asides (relate/statements.py), not
    the parts of what follows the bracket."""
    found: list[regex.Match[str]] = []
    depth = 0
    cursor = 0
    for match in _list_opener().finditer(text):
        for ch in text[cursor : match.start()]:
            if ch in OPEN_BRACKETS:
                depth += 1
            elif ch in CLOSE_BRACKETS and depth:
                depth -= 1
        cursor = match.start()
        if depth == 0:
            found.append(match)
    return found


def _adds_up_to_another_head(
    heads: Sequence[Mention], parts: Sequence[Mention], total: Mention
) -> bool:
    """The parts add up exactly to an amount before the opener other than the total read."""
    comparable = [p for p in parts if same_measure(p, total)]
    if len(comparable) < 2:
        return False
    value = sum(p.quantity.value for p in comparable)
    return value != total.quantity.value and any(
        h is not total and same_measure(h, total) and h.quantity.value == value for h in heads
    )


def _classified(opener: str) -> bool:
    """The opener is a classification's ("按资金来源分"), not 其中."""
    return opener.startswith(cue_words("classified_opener"))


def _opener_outside_brackets(text: str) -> regex.Match[str] | None:
    found = openers_outside_brackets(text)
    return found[0] if found else None


@cache
def _opens_next() -> regex.Pattern[str]:
    """A paragraph that ends announcing its breakdown: "…基本支出2,402.18万元，其中："."""
    return regex.compile(rf"(?:{cues('list_opener')})[：:，,]?\s*$")


# An item paragraph: a short label, then its amount ("人员经费2,098.64万元，主要包括：…").
ITEM_LABEL_CHARS = 20


def _lists_in_next_paragraphs(
    index: DocumentIndex, statements: tuple[Statement, ...]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """ "T，其中：" ending a paragraph, the parts opening the paragraphs that follow."""
    paragraphs = index.segmented.paragraphs
    by_statement = {s.span.end: s for s in statements}
    for position, paragraph in enumerate(paragraphs):
        text = index.text[paragraph.span.start : paragraph.span.end]
        if not _opens_next().search(text):
            continue
        statement = by_statement.get(paragraph.span.end)
        if statement is None or not statement.mentions:
            continue
        if len(_figures(statement.mentions)) > 1:
            continue  # several figures, each with its own parts: _itemised_lines
        total = statement.mentions[-1]
        parts: list[Mention] = []
        style = ""  # the numbering of the items ("1." … "4."), if they are numbered
        previous_end = paragraph.span.end
        for following in paragraphs[position + 1 :]:
            if index.text[previous_end : following.span.start].strip():
                break  # a heading or a table between: the list ended before it
            previous_end = following.span.end
            inside = index.mentions_between(following.span.start, following.span.end)
            first = inside[0] if inside else None
            numbered = marker_style(index.text[following.span.start : following.span.end])
            if not parts:
                style = numbered
            elif style and numbered != style:
                break  # numbered items end where the numbering does
            # A numbered item names its item before its figure, at times at length.
            label_chars = ITEM_LINE_LABEL_CHARS if style and numbered == style else ITEM_LABEL_CHARS
            if (
                first is None
                or first.span.start - following.span.start > label_chars
                or not same_measure(first, total)
            ):
                if style and numbered == style:
                    parts = []  # the numbered items go on unread: the list is not known whole
                break
            parts.append(first)
        if len(parts) >= 2:
            yield total, parts, "opener-next"


@cache
def _breakdown_opener() -> regex.Pattern[str]:
    """ "具体情况如下：" announcing numbered items (relation_cues breakdown_follows)."""
    return regex.compile(rf"(?:{cues('breakdown_follows')})[ \t\u3000]*")


def _numbered_breakdowns(
    index: DocumentIndex, statements: tuple[Statement, ...]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """ "T，比上年减少d，具体情况如下：1. A a万元，其中…。2. B b万元。…", run into one
    paragraph or one item a paragraph: T against the first figure of every numbered item
    (segment/numbering.py finds the items and says whether the list is whole). An opener
    with no figure before it names its total ("财政拨款支出主要内容如下：" after "财政拨款支出
    预算T万元"): the one value so named in the paragraphs just before.

    Every item must open with its figure, of T's measure and metric, after a label: an item
    with none ("3. 经营收入/万元"), or one that opens with a change or with another metric
    (a project's 年初预算 under a total spent), is a list not read: nothing is said. A list of
    the main items ("其中主要项目如下：") is partial: its parts may add up to less."""
    text = index.text
    starts = [s.span.start for s in statements]
    paragraph_starts = [p.span.start for p in index.segmented.paragraphs]
    for paragraph, run_end in _paragraph_runs(index):
        for opener in _breakdown_opener().finditer(text, paragraph.span.start, paragraph.span.end):
            items = numbered_run(text, opener.end(), run_end)
            if not items:
                continue
            heads = _heads_before(statements, starts, opener.start(), paragraph.span.start)
            firsts = [_first_figure(index, item.start, item.end) for item in items]
            if heads:
                total = _head_total(text, paragraph.span.start, heads, [f for f in firsts if f])
                announced = text[heads[-1].span.end : opener.end()]
            else:
                named = _named_total(index, paragraph_starts, opener.start())
                if named is None:
                    continue
                total, announced = named
            # "3. 经营收入/万元": the template's placeholder for none, a part of 0.
            none = [_states_none(text, item.start, item.end) for item in items]
            parts = [first for first, empty in zip(firsts, none, strict=True) if not empty]
            if all(
                empty
                or (
                    first is not None
                    and not is_change(first)
                    and same_measure(first, total)
                    and first.metric in (None, total.metric)
                    and _labels_its_figure(text, item.start, first)
                )
                for first, item, empty in zip(firsts, items, none, strict=True)
            ):
                # "其中主要项目如下：": the main items only.
                cue = "numbered-partial" if partial().search(announced) else "numbered"
                yield total, [p for p in parts if p is not None], cue


# The longest label a numbered item writes before its figure: a 功能分类 项 with its 类 and 款
# ("“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”").
NUMBERED_LABEL_CHARS = 80
# A clause break before an item's first figure: the figure is said of something else.
_LABEL_BREAK = regex.compile(r"[，,。；;]")


@cache
def _none_stated() -> regex.Pattern[str]:
    """A label, then a placeholder where the figure goes and the unit after it ("经营收入/
    万元", "附属单位上缴收入—万元"): lexicons/empty_cells.tsv, a scale of lexicons/scales.tsv."""
    marks = sorted((t for t in empty_texts() if t.strip()), key=len, reverse=True)
    scales = sorted((r["word"] for r in lexicons.rows("scales")), key=len, reverse=True)
    return regex.compile(
        rf"[^，,。；;0-9]{{1,{NUMBERED_LABEL_CHARS}}}?(?:{'|'.join(map(regex.escape, marks))})"
        rf"[ \t\u3000]*(?:{'|'.join(map(regex.escape, scales))})?元"
    )


def _states_none(text: str, start: int, end: int) -> bool:
    return _none_stated().match(text, start, end) is not None


def _labels_its_figure(text: str, start: int, first: Mention) -> bool:
    """The item opens with a label and then its figure: no clause break between."""
    return first.span.start - start <= NUMBERED_LABEL_CHARS and not _LABEL_BREAK.search(
        text, start, first.span.start
    )


# How far back the total an opener names may stand: the paragraphs of its statement.
NAMED_TOTAL_PARAGRAPHS = 3
NAMED_TOTAL_CHARS = 3000


@cache
def _opener_name() -> regex.Pattern[str]:
    """The name before "…主要内容如下：" (relation_cues breakdown_head)."""
    return regex.compile(rf"(?P<name>\p{{Han}}{{2,20}}?)(?:{cues('breakdown_head')})?$")


@cache
def _total_label_tail() -> regex.Pattern[str]:
    return regex.compile(rf"(?:{cues('total_label_tail')})?(?:{cues('copula')})?[：:\s]*$")


def _sentence_start(text: str, floor: int, at: int) -> int:
    """Where the sentence holding ``at`` starts: after the last full stop between ``floor``
    (its paragraph's start) and it."""
    return max(floor, *(text.rfind(end, floor, at) + 1 for end in SENTENCE_ENDS))


# A year opening a label ("2025年财政拨款支出预算"): not part of the name.
_LABEL_YEAR = regex.compile(r"^(?:19|20)[0-9]{2}年度?")


def _label_name(label: str) -> str:
    """A total's label as an opener names it: no year before, no 预算/为 after."""
    return _total_label_tail().sub("", _LABEL_YEAR.sub("", label.strip()))


def _named_total(
    index: DocumentIndex, paragraph_starts: list[int], at: int
) -> tuple[Mention, str] | None:
    """(total, the opener's words) for "财政拨款支出主要内容如下：" that opens its sentence: the
    amount labelled with that name ("财政拨款支出预算3,121.42万元") in the few paragraphs
    before, when every such amount states one value (the nearest is taken)."""
    text = index.text
    paragraphs = index.segmented.paragraphs
    holding = bisect_right(paragraph_starts, at)
    before = list(paragraphs[max(0, holding - NAMED_TOTAL_PARAGRAPHS) : holding])
    if not before:
        return None
    sentence = text[_sentence_start(text, before[-1].span.start, at) : at]
    found = _opener_name().search(sentence.strip())
    if found is None:
        return None
    name = found.group("name")
    # Looked for in its own paragraph up to it and those before, NAMED_TOTAL_CHARS at most.
    floor = max(before[0].span.start, at - NAMED_TOTAL_CHARS)
    candidates = [
        m
        for m in index.mentions_between(floor, at)
        if m.quantity.kind == "amount"
        and not is_change(m)
        and _label_name(label_of(text, floor, m)) == name
    ]
    if not candidates or len({m.quantity.value for m in candidates}) > 1:
        return None
    return candidates[-1], sentence


def _paragraph_runs(index: DocumentIndex) -> Iterator[tuple[Paragraph, int]]:
    """Each paragraph and the end of the run of paragraphs it belongs to: the items of a
    breakdown announced at a paragraph's end are the paragraphs after it ("具体情况如下：" /
    "1. 财政拨款收入…" / "2. 事业收入…"), up to a heading or a table."""
    runs: list[list[Paragraph]] = []
    for block in index.segmented.blocks:
        if isinstance(block, Paragraph):
            if (
                runs
                and runs[-1]
                and not index.text[runs[-1][-1].span.end : block.span.start].strip()
            ):
                runs[-1].append(block)
            else:
                runs.append([block])
        else:
            runs.append([])
    for run in runs:
        for paragraph in run:
            yield paragraph, run[-1].span.end


def _heads_before(
    statements: tuple[Statement, ...], starts: list[int], at: int, floor: int
) -> list[Mention]:
    """The quantities said before ``at`` in its sentence; for an opener that starts its
    sentence ("…支出7.42万元，同比增长2.52%。具体情况如下："), the sentence before's."""
    position = bisect_right(starts, at) - 1
    if position < 0 or statements[position].span.end < at:
        return []  # the opener's sentence states nothing
    heads = [m for m in statements[position].mentions if m.span.end <= at]
    if not heads and position > 0 and statements[position - 1].span.start >= floor:
        heads = list(statements[position - 1].mentions)
    return heads


def _first_figure(index: DocumentIndex, start: int, end: int) -> Mention | None:
    return next(
        (
            m
            for m in index.mentions_between(start, end)
            if m.quantity.kind in ("amount", "count", "measure")
        ),
        None,
    )


def _figures(mentions: tuple[Mention, ...]) -> dict[str, Mention]:
    """The exact amounts of a sentence by what they state (budget, expenditure …): each
    metric stated once; a metric stated twice says nothing about which is the figure."""
    found: dict[str, list[Mention]] = {}
    for m in mentions:
        if m.quantity.kind == "amount" and exact(m) and not is_change(m) and m.metric:
            found.setdefault(m.metric, []).append(m)
    return {metric: ms[0] for metric, ms in found.items() if len(ms) == 1}


# An item line names its item before its first figure ("解决…职工到龄不能退休的资金补助预算
# 350万元"): longer than a paragraph item's label, as the sum that anchors the run confirms
# the list.
ITEM_LINE_LABEL_CHARS = 40


def _itemised_lines(
    index: DocumentIndex, statements: tuple[Statement, ...]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """ "A预算a，实际支出b，执行率p%。其中：" closing a line, then one line per item stating
    the same figures ("A1预算a1，实际支出b1…。"): each figure against the items' figures
    of the same metric.

    The items are the lines right after it that open with a short label and state every
    figure of the head, up to a blank line or a line numbered as the head is (③ after ②).
    Where the list ends is confirmed by the figures themselves: the longest run of items
    in which one figure adds up exactly; the others are then checked over that run (no
    run adds up: the items are not known, nothing is said)."""
    text = index.text
    # Line ends by bisection: a search forward per statement to the next line break ran to
    # the end of a page saved as one line every time.
    newlines = [m.start() for m in _NEWLINE.finditer(text)]
    for statement in statements:
        k = bisect_left(newlines, statement.span.end)
        line_end = newlines[k] if k < len(newlines) else len(text)
        # "…执行率84.69%。其中：": the opener may follow the sentence, with no figure of its own.
        if line_end - statement.span.end > _OPENER_AFTER_CHARS:
            continue  # more than an opener after the sentence: it does not close its line
        rest = text[statement.span.end : line_end]
        if not _opens_next().search(text, statement.span.start, line_end) or (
            rest.strip() and _opens_next().match(rest.strip()) is None
        ):
            continue
        heads = _figures(statement.mentions)
        if len(heads) < 2:
            continue
        line_start = text.rfind("\n", 0, statement.span.start) + 1
        style = marker_style(text[line_start : statement.span.end].lstrip())
        items: list[dict[str, Mention]] = []
        cursor = line_end + 1
        while cursor < len(text):
            end = text.find("\n", cursor)
            end = len(text) if end < 0 else end
            line = text[cursor:end]
            if not line.strip() or (style and marker_style(line.lstrip()) == style):
                break
            first_end = line.find("。")
            inside = index.mentions_between(cursor, end if first_end < 0 else cursor + first_end)
            figures = _figures(inside)
            amounts = [m for m in inside if m.quantity.kind == "amount"]
            if (
                not amounts
                or amounts[0].span.start - cursor > ITEM_LINE_LABEL_CHARS
                or not heads.keys() <= figures.keys()
            ):
                break
            items.append(figures)
            cursor = end + 1
        yield from _anchored_items(heads, items)


def _anchored_items(
    heads: dict[str, Mention], items: list[dict[str, Mention]]
) -> Iterator[tuple[Mention, list[Mention], str]]:
    """Each head figure against the longest run of items in which some figure adds up."""
    for size in range(len(items), 1, -1):
        run = items[:size]
        if any(
            check_sum(total, [item[metric] for item in run]) is None
            and _adds_up(total, [item[metric] for item in run])
            for metric, total in heads.items()
        ):
            for metric, total in heads.items():
                yield total, [item[metric] for item in run], "opener-lines"
            return


def _adds_up(total: Mention, parts: list[Mention]) -> bool:
    computed = sum((p.quantity.value for p in parts), Decimal(0))
    return compare_values(computed, Decimal(0), total.quantity.value, quantum(total.quantity)) is (
        Agreement.SAME
    )
