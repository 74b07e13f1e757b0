"""Ratios: shares (占…的p%) and execution rates (执行率 = 执行数 ÷ 预算数) with their inputs.

A share's numerator is the amount it is said of (the last before 占); its whole is
written between 占 and the share ("占部门年初预算批复4495万元的99%"), named
("占总支出的20%": the nearest amount before that the text calls 总支出), or opens
the list the share is in ("T，其中A a，占比p%"). Shares listed after one 占 pair
with the amounts listed before it, one by one. A rate is recomputed from the
amount spent and the budget stated with it in one sentence or one table row, or
in the item numbered alike in a 年初设定目标 / 全年完成情况 row.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from functools import cache

import regex

from crosscheck import lexicons
from crosscheck.align.keys import Fact
from crosscheck.align.links import FactGroup
from crosscheck.extractor.patterns import ITEM_DELIMITER, ITEM_DIGITS
from crosscheck.relate.cues import cue_words, cues
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.lists import closing_total, joined
from crosscheck.relate.recompute import exact, is_change, same_measure
from crosscheck.relate.resolve import Resolver
from crosscheck.relate.sums import SPENT_METRICS, openers_outside_brackets
from crosscheck.relate.types import COUNT_TARGET, Ratio, Statement
from crosscheck.segment.numbering import Marker, iter_markers
from crosscheck.types import Mention, Paragraph, Span

BUDGET_METRICS = ("adjusted_budget", "budget", "initial_budget", "planned_amount")

# -- shares -----------------------------------------------------------------------------


@cache
def _named_tail() -> regex.Pattern[str]:
    """What may sit between a name and its amount: "总支出决算数为 1,242.67万元"."""
    return regex.compile(rf"(?:{cues('value_label', 'total_word', 'copula')}|[ \u3000])+$")


@cache
def _share_of() -> regex.Pattern[str]:
    """A share that names its whole, ending right before the share: "占总支出的比重为"."""
    return regex.compile(
        rf"(?:{cues('share')})(?P<of>[^，。；、0-9%]{{1,16}}?)(?:{cues('of')})?"
        rf"(?:{cues('share_measure')})?(?:{cues('copula')})?[ \u3000]*$"
    )


@cache
def _share_implicit() -> regex.Pattern[str]:
    """A share that names no whole, ending right before the share: "占比为", "占"."""
    return regex.compile(rf"(?:{cues('share_word')})(?:{cues('copula')})?[ \u3000]*$")


def _last_share_cue(text: str, start: int, end: int) -> int:
    """Where the last share verb (占) in ``text[start:end]`` is, or -1."""
    return max(text.rfind(word, start, end) for word in cue_words("share"))


DENOMINATOR_WINDOW = 2000  # characters before the share's paragraph


def statements_to_shares(
    index: DocumentIndex, statements: tuple[Statement, ...], resolver: Resolver | None = None
) -> tuple[tuple[Ratio, ...], tuple[tuple[Ratio, ...], ...]]:
    """(shares with their whole, and per statement the shares whose whole is not said).

    A whole named but not stated close before the share is resolved by key anywhere in
    the document (``resolver``) when exactly one value fits."""
    resolved: list[Ratio] = []
    partitions: list[tuple[Ratio, ...]] = []
    # The whole of the last list of shares ("T，其中A a，占比p%") and where its statement
    # ends: the next sentences of the paragraph may go on with the list ("B b，占比q%。").
    carried: tuple[int, Mention] | None = None
    for statement in statements:
        amounts = [m for m in statement.mentions if m.quantity.kind == "amount" and exact(m)]
        unresolved: list[Ratio] = []
        listed = _listed_shares(index.text, statement)
        list_whole: Mention | None = None
        continued = False
        for m in statement.mentions:
            if m.quantity.kind != "percent" or m not in listed or not exact(m):
                continue
            found = _share_terms(index, statement, amounts, m, resolver)
            if found is None:
                continue
            part, whole, source = found
            if source == LIST_SOURCE:
                list_whole = whole
            elif source == _IMPLICIT and _goes_on_with_the_list(
                index.text, carried, statement, amounts, part
            ):
                assert carried is not None
                whole, source, continued = carried[1], LIST_GOES_ON, True
            ratio = Ratio("share", m, part, whole, source)
            (unresolved if whole is None else resolved).append(ratio)
        if unresolved:
            partitions.append(tuple(unresolved))
        if list_whole is not None:
            carried = (statement.span.end, list_whole)
        elif continued and carried is not None:
            carried = (statement.span.end, carried[1])
        elif amounts:
            carried = None  # a sentence of other amounts ends the list
    items_whole = _numbered_items_whole(index, [r for p in partitions for r in p])
    if items_whole:
        resolved.extend(items_whole.values())
        partitions = [
            kept for p in partitions if (kept := tuple(r for r in p if r not in items_whole))
        ]
    return tuple(resolved), tuple(partitions)


# How far before a run of numbered items its total may be stated.
ITEMS_TOTAL_WINDOW = 2000


def _numbered_items_whole(index: DocumentIndex, shares: list[Ratio]) -> dict[Ratio, Ratio]:
    """The shares of numbered items that each give their amount and its 占p% ("1.文化旅游体育
    与传媒支出（类）5,198.46万元，占87.72%。" … "4.住房保障支出（类）177.00万元，占2.99%。")
    with their whole: the amount stated before the items that is exactly the sum of the items'
    amounts, the one such value within ITEMS_TOTAL_WINDOW characters before the first item."""
    opening: dict[int, Paragraph] = {
        p.span.start: p for p in index.segmented.paragraphs if p.list_marker
    }
    starts = [p.span.start for p in index.segmented.paragraphs]  # once: linear in the shares
    runs: list[list[Ratio]] = []
    previous_item: Paragraph | None = None
    for share in shares:
        if share.source != _IMPLICIT or share.numerator is None:
            continue
        item = _item_paragraph(opening, index, starts, share)
        if item is None:
            previous_item = None
            continue
        if previous_item is not None and runs and _next_item(index, previous_item, item):
            runs[-1].append(share)
        else:
            runs.append([share])
        previous_item = item
    found: dict[Ratio, Ratio] = {}
    for run in runs:
        parts = [r.numerator for r in run if r.numerator is not None]
        if len(parts) < 2 or len({(p.quantity.kind, p.quantity.unit) for p in parts}) != 1:
            continue
        total = sum(p.quantity.value for p in parts)
        first = parts[0].span.start
        candidates = [
            m
            for m in index.mentions_between(first - ITEMS_TOTAL_WINDOW, first)
            if m.quantity.kind == parts[0].quantity.kind
            and m.quantity.unit == parts[0].quantity.unit
            and exact(m)
            and m.quantity.value == total
        ]
        if not candidates:
            continue
        whole = candidates[-1]
        for r in run:
            found[r] = Ratio(r.kind, r.stated, r.numerator, whole, NUMBERED_ITEMS_TOTAL)
    return found


# A share of a numbered item whose whole is the total the items add up to.
NUMBERED_ITEMS_TOTAL = "items-total"


def _item_paragraph(
    opening: dict[int, Paragraph], index: DocumentIndex, starts: list[int], share: Ratio
) -> Paragraph | None:
    """The numbered paragraph a share's amount opens (its first amount), if any."""
    assert share.numerator is not None
    paragraphs = index.segmented.paragraphs
    at = bisect_right(starts, share.numerator.span.start) - 1
    if at < 0:
        return None
    paragraph = paragraphs[at]
    if paragraph.span.start not in opening:
        return None
    first = index.mentions_between(paragraph.span.start, paragraph.span.end)
    return paragraph if first and first[0] is share.numerator else None


def _next_item(index: DocumentIndex, before: Paragraph, after: Paragraph) -> bool:
    """Two numbered paragraphs of one list: the same marker style, the second numbered one
    more, nothing but paragraphs between (no heading, no table)."""
    a, b = _list_marker(before), _list_marker(after)
    if a is None or b is None or (b.style, b.number) != (a.style, a.number + 1):
        return False
    starts = index.segmented.table_starts
    no_table = bisect_left(starts, before.span.end) == bisect_left(starts, after.span.start)
    return no_table and before.section_path == after.section_path


def _list_marker(paragraph: Paragraph) -> Marker | None:
    """The list marker a numbered paragraph opens with, read as segment/numbering reads it."""
    marker = paragraph.list_marker or ""
    return next(iter_markers(marker, 0, len(marker)), None)


LIST_SOURCE = "list"
# A share whose whole the list of an earlier sentence of its paragraph opened with.
LIST_GOES_ON = "list-continued"
_IMPLICIT = "implicit"  # a share word with no whole and no list opener before it (占比p%)


def _goes_on_with_the_list(
    text: str,
    carried: tuple[int, Mention] | None,
    statement: Statement,
    amounts: list[Mention],
    part: Mention,
) -> bool:
    """The statement goes on with the list of shares a sentence before it opened: "…支出T
    万元，其中A a万元，占比p%。B b万元，占比q%，…。C c万元，占比r%。" — it opens with its part
    (the next item), in the same paragraph, and the part is no larger than the whole."""
    if carried is None or not amounts or amounts[0] is not part:
        return False
    end, whole = carried
    if (
        "\n" in text[end : statement.span.start]
        or "\n" in text[statement.span.start : part.span.start]
    ):
        return False
    return part.quantity.unit == whole.quantity.unit and part.quantity.value <= whole.quantity.value


def _whole_named(of: str) -> str:
    """The words a share's whole is named by: "本年支出合计的" -> "本年支出合计"."""
    return of.removesuffix("的").strip()


def _denominator_named(
    index: DocumentIndex, of: str, before: int, paragraph_start: int
) -> Mention | None:
    """The amount the text calls ``of`` (总支出, 基本支出), the nearest one before ``before``."""
    of = of.removesuffix("的")
    # Nearest first, and only within a window before the paragraph: the whole a
    # share names is stated close by (searching the whole report would be O(n²)).
    for m in reversed(index.mentions_between(paragraph_start - DENOMINATOR_WINDOW, before)):
        if m.quantity.kind != "amount" or m.span.start >= before or is_change(m):
            # "…收入完成25.4亿元，…，增收6.08亿元": a change is no whole, whatever it follows.
            continue
        head = index.text[max(0, m.span.start - len(of) - 6) : m.span.start]
        named = _named_tail().sub("", head)
        if named.endswith(of) and not _narrower_name(named[: -len(of)]):
            return m
        # "占固定资产总额的p%" of "固定资产总量为a万元": two nouns of "in all" end one name.
        core = _without_whole_tail(of)
        own = _without_whole_tail(named)
        if (
            core
            and core != of
            and own != named
            and own.endswith(core)
            and not _narrower_name(own[: -len(core)])
        ):
            return m
    return None


def _without_whole_tail(name: str) -> str:
    """A whole's name without the noun that says "in all" (总额, 总量, 总计) ending it."""
    for tail in cue_words("whole_tail"):
        if name.endswith(tail):
            return name[: -len(tail)]
    return name


def _narrower_name(before: str) -> bool:
    """The whole's name ends a longer one: "项目支出预算" is no "支出预算". A year, a lead word
    (其中, 全年…) or a break may stand before the name; another word makes a narrower name."""
    if not before or not regex.match(r"\p{Han}", before[-1]):
        return False
    return _opening_words().search(before) is None


@cache
def _opening_words() -> regex.Pattern[str]:
    """What may open a name's clause right before it: a year, a lead word, 的."""
    leads = sorted(
        (r["word"] for r in lexicons.rows("subject_words") if r["role"] == "lead"),
        key=len,
        reverse=True,
    )
    words = "|".join(map(regex.escape, leads))
    return regex.compile(rf"(?:[0-9]{{2,4}}年度?|{words}|的)$")


def _share_terms(
    index: DocumentIndex,
    statement: Statement,
    amounts: list[Mention],
    m: Mention,
    resolver: Resolver | None = None,
) -> tuple[Mention, Mention | None, str] | None:
    """(part, whole, how the whole was found) of a share; whole None when the text does
    not say which total it is."""
    text = index.text
    window_start = max(statement.span.start, m.span.start - 24)
    before_text = text[window_start : m.span.start]
    zhan = _last_share_cue(text, window_start, m.span.start)
    if zhan < 0:
        return None
    # The part is the amount the share is said of, not a change said after it
    # ("规模为33500.0亿元，较上年减少2500.0亿元，占…").
    parts_before = [a for a in amounts if a.span.end <= zhan and not is_change(a)]
    if not parts_before:
        return None
    part = parts_before[-1]
    shares = _shares_after(text, statement, zhan)
    if len(shares) > 1:
        # "A、B分别为a和b，占…的p和q": the shares pair with the amounts one by one.
        if m not in shares:
            return None
        listed = [part]
        for a in reversed(parts_before[:-1]):
            if not joined(text, a, listed[0]):
                break
            listed.insert(0, a)
        if len(listed) != len(shares):
            return None  # "占财政支出和GDP的比重分别为11.0%和3.0%": one part, two wholes
        part = listed[shares.index(m)]
        # The whole is named once, before the first share of the list.
        anchor = shares[0]
        window_start = max(statement.span.start, anchor.span.start - 24)
        before_text = text[window_start : anchor.span.start]
    else:
        anchor = m
    # "占部门年初预算批复4495万元的99%": the whole is written between 占 and the share.
    inline = [a for a in amounts if zhan < a.span.start and a.span.end <= anchor.span.start]
    if inline:
        return part, inline[-1], "inline"
    named = _share_of().search(before_text)
    whole: Mention | None = None
    source = ""
    # "占比20%" reads as 占 + 比: a share word, not a whole named 比.
    if named and not _names_share_word(before_text, named):
        whole = _denominator_named(index, named.group("of"), part.span.start, statement.span.start)
        source = "named"
        if whole is None and resolver is not None and len(shares) <= 1:
            # "占本年支出合计的35.2%" with 本年支出合计 only in a table: by key.
            whole = resolver.unique(_whole_named(named.group("of")), kind="amount")
            source = "key"
    elif _share_implicit().search(before_text):
        # "T，其中 A a，占比 p%" or "T，主要用于以下方面：A a，占 p%": the whole opens the list.
        openers = [
            statement.span.start + o.start()
            for o in openers_outside_brackets(statement.text)
            if statement.span.start + o.start() < part.span.start
        ]
        opener = max(
            openers[-1] if openers else -1,
            text.rfind("：", statement.span.start, part.span.start),
        )
        if opener >= 0:
            heads = [a for a in amounts if a.span.end <= opener]
            # "收入包括：a、b；支出包括：A c，占p%": an amount before a ； ends another part
            # of the sentence; the list's whole is not written here.
            if (
                heads
                and not _PART_BREAK.search(text, heads[-1].span.end, opener)
                and not _sibling_after_a_break(text, statement, heads[-1], opener, part)
            ):
                whole = heads[-1]
            source = LIST_SOURCE
        else:
            source = _IMPLICIT
    if whole is not None and (whole is part or not whole.quantity.value):
        whole = None
    if whole is None and source != _IMPLICIT:
        source = "unnamed"
    return part, whole, source


# What ends a part of a sentence: the list opened after it has its own whole.
_PART_BREAK = regex.compile(r"[；;]")


def _sibling_after_a_break(
    text: str, statement: Statement, head: Mention, opener: int, part: Mention
) -> bool:
    """The part is the head's sibling, not a part of it: the head has a share of its own
    that names no whole, and a ； after the head's 其中 closes that breakdown ("B b，占q%，
    其中C c；D d，占r%": D is the next item of the list B is in, its share of the same whole)."""
    if not _PART_BREAK.search(text, opener, part.span.start):
        return False
    after_head = [
        m for m in statement.mentions if head.span.end <= m.span.start and m.span.end <= opener
    ]
    return any(
        m.quantity.kind == "percent"
        and m.metric == "share"
        and _share_implicit().search(
            text, max(statement.span.start, m.span.start - 24), m.span.start
        )
        for m in after_head
    )


def _names_share_word(text: str, named: regex.Match[str]) -> bool:
    """The whole a share names is no whole: nothing, or the rest of a share word (占比)."""
    of = named.group("of").strip()
    return not of or text[named.start() : named.start("of")] + of in cue_words("share_word")


def _listed_shares(text: str, statement: Statement) -> set[Mention]:
    """The shares of a statement: each percentage read as 占…, and the ones listed right
    after it ("分别占33.83%、50.62%、15.55%": only the first follows the 占)."""
    found: set[Mention] = set()
    previous: Mention | None = None
    for m in statement.mentions:
        if m.quantity.kind == "percent" and (
            m.metric == "share" or (previous in found and joined(text, previous, m))
        ):
            found.add(m)
        previous = m
    return found


def _shares_after(text: str, statement: Statement, zhan: int) -> list[Mention]:
    """The percentages listed right after one 占 ("占…的8.1%和91.9%")."""
    after = [x for x in statement.mentions if x.span.start > zhan and x.quantity.kind == "percent"]
    if not after:
        return []
    run = [after[0]]
    for x in after[1:]:
        if not joined(text, run[-1], x):
            break
        run.append(x)
    return run


# -- execution rates --------------------------------------------------------------------


@cache
def _comparison_words() -> tuple[str, ...]:
    return lexicons.words("comparison_words")


_COMPARED_WINDOW = 12  # characters around the metric word where the comparison is read


def _compared(text: str, m: Mention) -> bool:
    """ "大于预算数0.47万元": the metric word is the object of a comparison, so the amount
    is a difference, not the budget (lexicons/comparison_words.tsv)."""
    if not m.metric_text:
        return False
    end = text.rfind(m.metric_text, max(0, m.span.start - _COMPARED_WINDOW), m.span.start)
    if end < 0:
        return False
    before = text[max(0, end - _COMPARED_WINDOW) : end].rstrip()
    return before.endswith(_comparison_words())


def index_to_rates(
    index: DocumentIndex,
    statements: tuple[Statement, ...],
    facts: Sequence[Fact] = (),
    aligned: Sequence[FactGroup] = (),
) -> tuple[Ratio, ...]:
    """Every execution rate stated with its two amounts: in one sentence or table row
    first, then in the items numbered alike in a 年初设定目标 / 全年完成情况 row, then a
    count's completion rate against the target its sentence or the one before sets, or the
    target of the 绩效指标 row its count restates (through ``aligned``)."""
    partners = _RowPartners(index, facts, aligned)
    return (
        *_stated_rates(index, statements, partners),
        *_item_rates(index),
        *_count_completion_rates(index, statements, partners),
    )


# The metrics of a count's completion rate ("完成率103%", "完成年度目标的105.33%").
_COMPLETION_METRICS = ("execution_rate", "completion_rate")
# The kinds of a count done and its target: a count (人次, 个) or a measure (册, 平方米).
_DONE_KINDS = ("count", "measure")


def _count_completion_rates(
    index: DocumentIndex, statements: tuple[Statement, ...], row_partners: _RowPartners
) -> Iterator[Ratio]:
    """(rate, count done, target) of "年度计划培训600人次。全年实际培训618人次，完成率
    103%": a sentence of counts and no money whose one completion rate follows the count done,
    and one count of that measure set as a target (a plan: align's scope "target") in it or
    in the sentence before, in one paragraph. Two targets of that measure: which is meant is
    not known. With none there, the target of the 绩效指标 row the count restates ("补充图书
    37,200册，完成年度目标的105.33%" and the row 图书补充 | ≥36,000册 | 37,200册)."""
    text = index.text
    targets = row_partners.targets
    previous: Statement | None = None
    for statement in statements:
        before = previous
        previous = statement
        mentions = statement.mentions
        rates = [
            m for m in mentions if m.metric in _COMPLETION_METRICS and m.quantity.kind == "percent"
        ]
        if (
            len(rates) != 1
            or not exact(rates[0])
            or any(m.quantity.kind == "amount" for m in mentions)
        ):
            continue
        rate = rates[0]
        # The count done: not a change, nor last year's ("接待读者118.6万人次，较上年108.3万人次
        # 增加10.3万人次，…完成年度目标的105.82%").
        done = [
            m
            for m in mentions
            if m.quantity.kind in _DONE_KINDS
            and m.span.end <= rate.span.start
            and not is_change(m)
            and not row_partners.period_of(m)
        ]
        if not done or not exact(done[-1]) or done[-1].span in targets:
            continue
        actual = done[-1]
        pool = list(mentions)
        if before is not None and "\n" not in text[before.span.end : statement.span.start]:
            pool = [*before.mentions, *pool]
        set_as_target = [
            m for m in pool if m.span in targets and same_measure(m, actual) and exact(m)
        ]
        target = row_partners.of(
            actual,
            lambda f: f.outcome,
            lambda cell, done=actual: (
                cell.scope == TARGET_SCOPE and same_measure(cell.mention, done)
            ),
        )
        if not set_as_target and target is not None:
            set_as_target = [target]
        if len(set_as_target) == 1 and set_as_target[0].quantity.value:
            yield Ratio("execution_rate", rate, actual, set_as_target[0], COUNT_TARGET)


class _RowPartners:
    """Cells of the table rows a narrative figure is linked with (through the align stage's
    groups): the 年度指标值 of the 绩效指标 row whose 实际完成值 a count restates, the 全年预算数
    of the funds row whose 全年执行数 an amount restates."""

    def __init__(
        self, index: DocumentIndex, facts: Sequence[Fact], aligned: Sequence[FactGroup]
    ) -> None:
        self._index = index
        self.targets = frozenset(f.mention.span for f in facts if f.scope == TARGET_SCOPE)
        self._periods = {f.mention.span: f.period for f in facts if f.period}
        self._group_of = {f.mention.span: g for g in aligned for f in g.facts}
        self._rows: dict[tuple[int, int], list[Fact]] = {}
        for f in facts:
            if f.mention.role == "table" and f.row >= 0:
                key = (index.table_index_at(f.mention.span.start), f.row)
                self._rows.setdefault(key, []).append(f)

    def period_of(self, mention: Mention) -> str:
        """The period the align stage gives a mention ("" for the report's own year)."""
        return self._periods.get(mention.span, "")

    def of(
        self, stated: Mention, linked: Callable[[Fact], bool], wanted: Callable[[Fact], bool]
    ) -> Mention | None:
        """The one value of the cells ``wanted`` in the rows whose ``linked`` cell is linked
        with ``stated``; None when there is none or they differ."""
        group = self._group_of.get(stated.span)
        if group is None:
            return None
        found = [
            cell.mention
            for f in group.facts
            if f.mention.role == "table" and linked(f)
            for cell in self._rows.get(
                (self._index.table_index_at(f.mention.span.start), f.row), ()
            )
            if wanted(cell)
        ]
        if not found or len({(m.quantity.value, m.quantity.unit) for m in found}) != 1:
            return None
        return found[0]


# align's scope of a figure set as a plan or a target (keys.py Fact.scope).
TARGET_SCOPE = "target"


def _stated_rates(
    index: DocumentIndex, statements: tuple[Statement, ...], row_partners: _RowPartners
) -> Iterator[Ratio]:
    """(rate, amount spent, budget) stated together in one sentence or one table row; a
    sentence that states the amount spent and its rate only, with the 全年预算数 of the funds
    row its amount is linked with ("项目全年执行数a万元，预算执行率p%" and the 自评表's
    年度资金总额 row)."""
    groups: list[tuple[list[Mention], str]] = [(list(s.mentions), "sentence") for s in statements]
    for parsed in index.tables:
        rows: dict[int, list[Mention]] = {}
        for cell in parsed.cells:
            for span in cell.quantity_spans:
                mention = index.mention_at.get(span)
                if mention is not None:
                    rows.setdefault(cell.row, []).append(mention)
        zero_rates = [row for row in rows.values() if _zero_rate(row)]
        if len(zero_rates) >= MIN_UNFILLED_ROWS:
            # "其中：财政拨款 | 140.61 | 140.61 | -- | 0.0%", "上年结转 | 39.42 | 39.42 | -- |
            # 0.0%": a form whose sub-rows print 0.0% beside money spent left the column
            # unfilled; a single such row may be a slip and stays checked.
            rows = {r: m for r, m in rows.items() if not _zero_rate_beside_spending(m)}
        groups.extend((row, "table-row") for row in rows.values())
    for mentions, source in groups:
        rates = [
            m
            for m in mentions
            if m.metric == "execution_rate" and m.quantity.kind == "percent" and exact(m)
        ]
        budgets: dict[str, list[Mention]] = {}
        for m in mentions:
            if m.metric in BUDGET_METRICS and exact(m) and not _compared(index.text, m):
                budgets.setdefault(m.metric, []).append(m)
        spent = [m for m in mentions if m.metric in SPENT_METRICS and exact(m)]
        named = next((budgets[k] for k in BUDGET_METRICS if k in budgets), [])
        # Two budgets of one kind and different values (a row's 总额 | 财政拨款 | 其他资金
        # under one 全年预算数 whose sub-headers were not read): which one is the base is
        # not known.
        budget = named[-1] if len({m.quantity.value for m in named}) == 1 else None
        if source == "sentence" and not budgets and len(rates) == 1 and len(spent) == 1:
            budget = row_partners.of(
                spent[0],
                lambda f: f.metric in SPENT_METRICS,
                lambda cell: cell.metric == _ROW_BUDGET and exact(cell.mention),
            )
            source = "table-row-of-spent"
        if len(rates) == 1 and budget is not None and len(spent) == 1:
            yield Ratio("execution_rate", rates[0], spent[0], budget, source)


# The budget an execution rate is of in a funds row: 全年预算数 (the budget as adjusted).
_ROW_BUDGET = "adjusted_budget"


# Rows of one table printing a zero rate that make its rate column unfilled when one of them
# states money spent (the others may have spent nothing).
MIN_UNFILLED_ROWS = 2


def _zero_rate(row: list[Mention]) -> bool:
    rates = [m for m in row if m.metric == "execution_rate" and m.quantity.kind == "percent"]
    return len(rates) == 1 and rates[0].quantity.value == 0


def _zero_rate_beside_spending(row: list[Mention]) -> bool:
    """The row's execution rate is written 0 while it states an amount spent that is not."""
    return _zero_rate(row) and any(m.metric in SPENT_METRICS and m.quantity.value for m in row)


# A numbered item "1、…" at a line start; a cell's first item right after its TAB.
_ITEM_START = regex.compile(rf"(?m)^[ \t\u3000]*(?P<n>{ITEM_DIGITS}){ITEM_DELIMITER}")
_CELL_ITEM_START = regex.compile(rf"[ \u3000]*(?P<n>{ITEM_DIGITS}){ITEM_DELIMITER}")


def _numbered_spans(text: str, span: Span) -> dict[int, Span]:
    """Item number -> its span, for the "1、…\n2、…" items of one cell."""
    starts = [
        (int(m.group("n")), m.start()) for m in _ITEM_START.finditer(text, span.start, span.end)
    ]
    first = _CELL_ITEM_START.match(text, span.start, span.end)
    if first is not None and (not starts or starts[0][1] > span.start):
        # The cell's first item follows its TAB, not a line start.
        starts.insert(0, (int(first.group("n")), span.start))
    items: dict[int, Span] = {}
    for position, (number, start) in enumerate(starts):
        end = starts[position + 1][1] if position + 1 < len(starts) else span.end
        items.setdefault(number, Span(start, end))
    return items


def _item_rates(index: DocumentIndex) -> tuple[Ratio, ...]:
    """The completion rate of each item numbered alike in a row's 年初设定目标 and
    全年完成情况 cells, with the amount done and the amount planned (seed 000: item 3,
    计划…400万元 / 实际拨款997.76万元…完成率249% -> 997.76 ÷ 400 = 249.44%)."""
    text = index.text
    out: dict[Mention, Ratio] = {}
    for parsed in index.tables:
        rows: dict[int, dict[str, Span]] = {}
        for cell in parsed.cells:
            if cell.col_key in ("planned_target", "actual_result") and cell.role != "header":
                rows.setdefault(cell.row, {})[cell.col_key] = cell.cell.span
        for row in rows.values():
            if len(row) != 2:
                continue
            planned_items = _numbered_spans(text, row["planned_target"])
            actual_items = _numbered_spans(text, row["actual_result"])
            for number, actual_span in actual_items.items():
                planned_span = planned_items.get(number)
                if planned_span is None:
                    continue
                planned_amounts = [
                    m
                    for m in index.mentions_between(planned_span.start, planned_span.end)
                    if m.quantity.kind == "amount" and exact(m)
                ]
                done = index.mentions_between(actual_span.start, actual_span.end)
                rates = [m for m in done if m.metric == "execution_rate" and exact(m)]
                spent = [m for m in done if m.metric in SPENT_METRICS and exact(m)]
                totals = [
                    m
                    for m in spent
                    if closing_total().search(text[max(0, m.span.start - 12) : m.span.start])
                ]
                if totals:
                    spent = totals
                if (
                    len(rates) != 1
                    or not planned_amounts
                    or len({m.quantity.value for m in spent}) != 1
                ):
                    continue
                planned = planned_amounts[-1]
                if not planned.quantity.value:
                    continue
                out[rates[0]] = Ratio(
                    "execution_rate", rates[0], spent[-1], planned, "numbered-items"
                )
    return tuple(out.values())
