"""What qualifies a statement beyond its subject: a target, a sample or an achievement, and
which funds.

Two numbers with one name are still two facts when one is a target and the other
what was achieved ("目标为：…改造危桥12座" / "完成危桥改造11座"), one a sample of
what was inspected ("抽查…危桥改造项目5座"), or when one counts
all funds and the other only 财政拨款 ("一般公共预算财政拨款支出…其中：农林水支出a万元"
against the 收入支出决算总表's 农林水支出 b). The words that say so are data:
lexicons/statement_cues.tsv and the ``source`` rows of lexicons/scope_words.tsv.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import cache

import regex

from crosscheck import lexicons


@cache
def _cues(qualifier: str, where: str) -> tuple[str, ...]:
    found = (
        r["cue"]
        for r in lexicons.rows("statement_cues")
        if r["qualifier"] == qualifier and r["where"] == where
    )
    return tuple(sorted(found, key=len, reverse=True))


def _alternation(qualifier: str, where: str) -> str:
    return "|".join(map(regex.escape, _cues(qualifier, where)))


@cache
def _clause_cue() -> regex.Pattern[str]:
    # 计划生育 (family planning) is an item name, not a plan.
    return regex.compile(rf"(?:{_alternation('target', 'clause')})(?!生育|单列)")


@cache
def _list_cue() -> regex.Pattern[str]:
    # A colon after the cue opens the list: "年度目标：…；…。" (without it, "目标为培训500人，
    # 实际完成520人" names one target in its clause and nothing after).
    return regex.compile(rf"(?:{_alternation('target', 'list')})[为是]?\s*[：:]")


@cache
def _after_cue() -> regex.Pattern[str]:
    return regex.compile(rf"\s*(?:{_alternation('target', 'after')})")


@cache
def _sample_cue() -> regex.Pattern[str]:
    return regex.compile(_alternation("sample", "clause_list"))


# Characters after a number where a 的年度目标 is looked for.
AFTER_WINDOW = 8
# What ends a clause when a 、-list is part of it ("抽查路段9段、桥梁5座").
_LIST_CLAUSE_BREAK = regex.compile(r"[，,。；;！？!?\n]", regex.REVERSE)


class OpenedLists:
    """Whether a list of targets ("年度目标：…") is open before a number of its sentence.

    Asked for every number, a search from its sentence's start made a long sentence of
    many numbers quadratic. Numbers are asked in document order: each sentence's first
    list cue is searched once, up to the number asked, and the full stops are found once.
    Exact because a cue match (cue words, 为/是, spaces, a colon) never holds a number's
    first character, so no match straddles a position searched up to before.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._stops = [i for i, c in enumerate(text) if c == "。"]
        self._breaks = [i for i, c in enumerate(text) if c in "。\n"]
        # sentence start -> (searched up to, its first list cue or None)
        self._first: dict[int, tuple[int, regex.Match[str] | None]] = {}

    def opened_before(self, sentence_start: int, start: int) -> bool:
        # The segmenter parts a sentence at ；: the list of targets runs over its parts, so
        # the search starts at the full stop (or line break) before the part.
        sentence_start = self._full_sentence_start(sentence_start)
        searched, found = self._first.get(sentence_start, (sentence_start, None))
        if start < searched:  # asked out of order: search afresh
            searched, found = sentence_start, None
        if found is None and start > searched:
            found = _list_cue().search(self._text, searched, start)
            self._first[sentence_start] = (start, found)
        if found is None or found.end() > start:
            return False
        k = bisect_left(self._stops, found.end())
        return k == len(self._stops) or self._stops[k] >= start

    def _full_sentence_start(self, part_start: int) -> int:
        k = bisect_left(self._breaks, part_start) - 1
        return max(self._breaks[k] + 1, part_start - _LIST_REACH) if k >= 0 else 0


# How far before a sentence part a list of targets opening its sentence is looked for.
_LIST_REACH = 400


def qualifier(
    text: str,
    *,
    sentence_start: int,
    clause: str,
    start: int,
    end: int,
    heading: str,
    kind: str,
    opened_lists: OpenedLists | None = None,
) -> str:
    """``target``, ``sample`` or "" for the narrative number at ``[start, end)``.

    ``clause``: the words of its clause before it; ``heading``: the title of the
    section it is in; ``kind``: its quantity kind (a budget amount in a 绩效目标
    section is still a budget).
    """
    if text[start:end].lstrip()[:1] in _THRESHOLD_SIGNS:
        return "target"  # "路面中修里程≥40公里": a threshold sign writes a target, never a result
    if _clause_cue().search(clause):
        return "target"
    if _after_cue().match(text, end, min(len(text), end + AFTER_WINDOW)):
        return "target"
    if opened_lists is not None:
        if opened_lists.opened_before(sentence_start, start):
            return "target"
    else:
        before = text[sentence_start:start]
        opened = _list_cue().search(before)
        if opened is not None and "。" not in before[opened.end() :]:
            return "target"
    cut = _LIST_CLAUSE_BREAK.search(text, sentence_start, start)
    if kind != "percent" and _sample_cue().search(
        text, cut.end() if cut else sentence_start, start
    ):
        return "sample"  # not a rate: an 抽检合格率 is one fact of what was inspected
    in_targets = any(c in heading for c in _cues("target", "heading"))
    if (
        kind != "amount"
        and in_targets
        and not any(c in heading for c in _cues("target", "not_heading"))
    ):
        return "target"
    return ""


# The signs that open a threshold (年度指标值 ≥1,240公里, ≤17万元).
_THRESHOLD_SIGNS = "≥≤＞＜><"


@cache
def _limit_words(kinds: tuple[str, ...]) -> regex.Pattern[str]:
    words = sorted(
        (r["word"] for r in lexicons.rows("scope_words") if r["kind"] in kinds),
        key=len,
        reverse=True,
    )
    return regex.compile("|".join(map(regex.escape, words)))


# The kind of lexicons/scope_words.tsv rows that name a place's every level (全区, 全县).
PLACE_LEVEL_KIND = "place_level"


@cache
def _level_words() -> tuple[regex.Pattern[str], dict[str, str]]:
    """The level words (本级, 全区, 含下属单位…), longest first, and what each means."""
    means = {
        r["word"]: r["means"]
        for r in lexicons.rows("scope_words")
        if r["kind"] in ("level", PLACE_LEVEL_KIND) and r.get("means")
    }
    return regex.compile("|".join(map(regex.escape, sorted(means, key=len, reverse=True)))), means


def level_of(*texts: str) -> str:
    """The level a statement is of (own, all, sub: lexicons/scope_words.tsv), from the first
    of ``texts`` (its own words, then its headings, innermost first) that names exactly one;
    "" when none does. A 财政决算 states each figure for 全区 and for 本级, in sections
    titled so ("（二）全区政府性基金收支决算", "（二）区本级政府性基金收支决算")."""
    pattern, means = _level_words()
    for text in texts:
        named = {means[w] for w in pattern.findall(text)}
        if len(named) == 1:
            return named.pop()
        if named:
            return ""  # "全区及区本级": both
    return ""


def source_words() -> regex.Pattern[str]:
    """The sources of funds (lexicons/scope_words.tsv), longest first, as one pattern."""
    return _limit_words(("source",))


@cache
def _source_means() -> dict[str, tuple[str, ...]]:
    """lexicons/scope_words.tsv means: a source word -> the sources it stands for."""
    return {
        r["word"]: tuple(r["means"].split("+"))
        for r in lexicons.rows("scope_words")
        if r["kind"] == "source" and r.get("means")
    }


@cache
def appropriation() -> str:
    """The source every budget's appropriation is a part of (财政拨款): the one word each
    budget's source means besides itself (一般公共预算 means 一般公共预算+财政拨款)."""
    budgets = [set(means) for means in _source_means().values() if len(means) > 1]
    shared = set.intersection(*budgets) if budgets else set()
    return next(iter(shared)) if len(shared) == 1 else ""


@cache
def budget_appropriations() -> frozenset[str]:
    """Every budget's appropriation as a source (一般公共预算+财政拨款, 政府性基金预算+财政拨款 …)."""
    return frozenset(
        "+".join(sorted(means)) for means in _source_means().values() if len(means) > 1
    )


def one_budgets_appropriation(source: str) -> bool:
    """The source is one budget's appropriation (一般公共预算+财政拨款), a part of 财政拨款."""
    parts = source.split("+")
    return len(parts) == 2 and appropriation() in parts


def says_all_funds(text: str) -> bool:
    """The words say the statement is of all funds ("按全部资金口径", lexicons/scope_words.tsv
    all_sources): its section's heading does not limit its sources."""
    return _limit_words(("all_sources",)).search(text) is not None


def limits_of(*texts: str, heading: str = "", own: str = "") -> tuple[str, str]:
    """What a statement is limited to: (sources of funds, classes of spending), each sorted
    and joined by +. Sources are named in ``texts`` (a narrative number's sentence head; a
    table's title and column header) or its ``heading``; classes (基本支出, 项目支出) in
    ``texts`` only ("（二）项目支出情况" is a topic, not a limit).

    A word of the fact's own name (``own``) is not a limit of its statement but what it
    is: "一般公共预算财政拨款基本支出442.25万元" names its scope in its name, where names
    are compared word by word.
    """
    sources = {w for t in (*texts, heading) for w in _limit_words(("source",)).findall(t)}
    classes = {w for t in texts for w in _limit_words(("class",)).findall(t)}
    meant = _source_means()
    own_budgets = {
        "+".join(sorted(meant[w]))
        for w in _limit_words(("source",)).findall(own)
        if w in meant and one_budgets_appropriation("+".join(sorted(meant[w])))
    }
    limits = {
        m
        for w in sources
        if w not in own and not _another_budget(meant.get(w, (w,)), own_budgets)
        for m in meant.get(w, (w,))
    }
    return (
        "+".join(sorted(limits)),
        "+".join(sorted(w for w in classes if w not in own)),
    )


def _another_budget(means: tuple[str, ...], own_budgets: set[str]) -> bool:
    """A source word of the words before a statement names one budget's appropriation other
    than the one its own name names: "收入包括：一般公共预算当年拨款收入a万元、政府性基金当年
    拨款收入b万元" — b is of 政府性基金预算; 一般公共预算 is the list's previous part."""
    source = "+".join(sorted(means))
    return bool(own_budgets) and one_budgets_appropriation(source) and source not in own_budgets


@cache
def _per_cue() -> regex.Pattern[str]:
    rows = [r for r in lexicons.rows("statement_cues") if r["where"] == "per"]
    return regex.compile(
        "|".join(
            regex.escape(r["cue"]) + (f"(?!{r['not_before']})" if r["not_before"] else "")
            for r in rows
        )
    )


def is_rule(clause: str) -> bool:
    """The number's clause makes it a value per something ("每人3000元", "每少1次扣1分")."""
    return _per_cue().search(clause) is not None


# The period a value changed from may stand between 由 and it: "由上年的84.6%", "从2023年底的".
_FROM_PERIOD = r"(?:上一?年度?|去年|(?:19|20)[0-9]{2}年(?:度|底|末)?)?的?"
# What a number is written with: digits, separators, a sign and its unit or 万/亿 (a value
# changed from, read over to the verb of the change).
_WRITTEN_VALUE = r"[0-9０-９.,，．]+\s*(?:%|％|个百分点|万|亿)?[^，,。；;！？!?\n由从]{0,4}?"


@cache
def _from_cue() -> regex.Pattern[str]:
    return regex.compile(rf"(?:{_alternation('from', 'clause_end')})\s*{_FROM_PERIOD}\s*$")


def is_changed_from(clause: str) -> bool:
    """The clause ends with 由 / 从 (and the period it speaks of) right before the number:
    the value it changed from ("由上年的84.6%提高到…")."""
    return _from_cue().search(clause) is not None


@cache
def _changed_to() -> regex.Pattern[str]:
    verbs = sorted(
        (
            r["word"]
            for r in lexicons.rows("relation_cues")
            if r["role"] in ("rise_verb", "fall_verb")
        ),
        key=len,
        reverse=True,
    )
    return regex.compile(
        rf"""(?:{_alternation("from", "clause_end")})\s*{_FROM_PERIOD}\s*{_WRITTEN_VALUE}
        (?:{"|".join(map(regex.escape, verbs))})了?\s*(?:到|至)\s*$""",
        regex.VERBOSE,
    )


def changed_to_at(clause: str) -> int | None:
    """Where the "由 a 提高到" before a number starts, when the number is the value something
    changed to ("森林覆盖率由62.3%提高到62.9%": 62.9% is the 森林覆盖率 now; the words before
    由 name it, and a 上年 after 由 is the old value's period, not this one's)."""
    found = _changed_to().search(clause)
    return found.start() if found is not None else None
