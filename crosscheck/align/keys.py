"""What a number is about: the key (subject, metric, scope, period) of every mention (DESIGN §2b).

The subject comes, in order of preference, from:

1. the words right before the metric word in the same clause
   ("“一站式”健康扶贫医疗救助资金预算执行率249%" -> “一站式”健康扶贫医疗救助资金);
2. the lead-in of the list item or table cell ("3、 “一站式”…资金：…完成率249%");
3. a table row's label (its leaf: the indicator or item name);
4. the topic of the sentence: its opening words up to the first verb
   ("“一站式”健康扶贫医疗救助资金完成救助…，项目执行率75%").

Subjects are normalised (quotes, 的, the generic suffixes 资金/经费/专项/项目)
so that one project named three ways gets one key; a subject that is only a
generic word is no subject. When in doubt, the key stays empty and nothing is
linked: a missed contradiction costs less trust than a false one. Subjects
that differ as strings but not by words (三公经费支出 / 三公经费) are joined in
crosscheck/align/words.py.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from difflib import SequenceMatcher
from functools import cache, lru_cache
from itertools import takewhile

import regex

from crosscheck import lexicons
from crosscheck.align.qualifiers import (
    OpenedLists,
    changed_to_at,
    is_changed_from,
    is_rule,
    level_of,
    limits_of,
    qualifier,
    says_all_funds,
    source_words,
)
from crosscheck.departments import leading_department
from crosscheck.extractor.context import metric_before
from crosscheck.extractor.mentions import item_marker, opening_marker
from crosscheck.extractor.patterns import numbering_shape
from crosscheck.segment.numbering import EntryPath, entry_paths, run_in_passages
from crosscheck.tables.forms import (
    FUNDS_COLUMNS,
    WHOLE_UNIT,
    WHOLE_UNIT_FORM,
    WHOLE_UNIT_LAYOUT,
    form_projects,
    is_funds_total,
)
from crosscheck.tables.grid import column_part
from crosscheck.tables.headers import PART_OPENER, header_word, normalize_header
from crosscheck.tables.parse import (
    GRAND_TOTALS,
    TOTAL_ENDINGS,
    TOTAL_LABELS,
    without_labelled_amount,
)
from crosscheck.tables.values import bare_number
from crosscheck.types import Mention, ParsedTable, Segmented, Span, Table, TableCell

# Clause breaks: a subject never reaches across them (quotes are part of names: “一站式”).
# REVERSE: searched backwards from a mention, the last break before it is found
# without listing every break of the window (this runs once per mention).
# A short bracket is part of a name too: 因公出国（境）费, 行政运行（01项）.
# A bracket is a clause break unless it holds a word or two ("（项）", "（类）") or a 功能分类
# code ("普法宣传（2040605）48.60万元").
_LAST_CLAUSE_BREAK = regex.compile(
    r"""[，,。；;！？!?\n、：:]|其中
    |[（(](?!(?:[^（）()，,。；;、：:\n]{1,4}|[0-9]{3,7})[)）])
    |(?<![（(](?:[^（）()，,。；;、：:\n]{1,4}|[0-9]{3,7}))[)）]""",
    regex.REVERSE | regex.VERBOSE,
)
# A 功能分类科目 item: its names with their levels, its codes maybe written too:
# "卫生健康（类）…（款）行政单位医疗（项）", "司法（06款）行政运行（01项）".
_LINE_ITEM = regex.compile(
    r"""(?:[^，,。；;：:（）()\s0-9]{2,30}\n?[（(][0-9]{0,4}[类款项][)）])+
    |(?:[^-“”"，,。；;：:\s0-9]{2,20}-){1,3}[^-“”"，,。；;：:\s0-9]{2,20}(?=[”"]?科目)""",
    regex.REVERSE | regex.VERBOSE,
)  # … or its names joined by hyphens, "“卫生健康支出-行政事业单位医疗-行政单位医疗”科目"
_TOPIC_BREAK = regex.compile(r"[，,。；;！？!?\n（）()、]")
_DIGIT = regex.compile(r"[0-9]")
_HEAD_TAIL = regex.compile(r"(?:决算数|预算数|执行数|合计|总计|共计|为|是|达|[ \u3000])+$")
# Connectors between a subject and its number (为, 达到, 共计, ：…); a clause holds no
# line break, so stripping these characters from its end is all a "[…]+$" would do.
_TRAILING_CONNECTORS = " \u3000\t：:为是达到共计合总累约近"
_QUOTES = regex.compile(r"[“”\"'‘’「」『』《》〈〉\s\u3000*]")
# The scope of a cell whose column header was misread: what it states is unknown, it is
# linked to nothing.
MISREAD_SCOPE = "misread"
GROUP_SCOPE = "group"  # a group row of a table of described items (CellPlace.group_row)
_YEAR = regex.compile(r"(?:19|20)[0-9]{2}(?=\s*年)")


@lru_cache(maxsize=1)
def _subject_words() -> dict[str, tuple[str, ...]]:
    """lexicons/subject_words.tsv: words by role (lead, verb, suffix, generic)."""
    groups: dict[str, list[str]] = {}
    for row in lexicons.rows("subject_words"):
        groups.setdefault(row["role"], []).append(row["word"])
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in groups.items()}


@lru_cache(maxsize=1)
def _lead_pattern() -> regex.Pattern[str]:
    words = "|".join(map(regex.escape, _subject_words()["lead"]))
    return regex.compile(rf"^(?:(?:19|20)[0-9]{{2}}\s*年度?|{words}|[\s：:，,])+")


@lru_cache(maxsize=1)
def _verb_pattern() -> regex.Pattern[str]:
    return regex.compile("|".join(map(regex.escape, _subject_words()["verb"])))


@lru_cache(maxsize=1)
def _metric_words() -> tuple[str, ...]:
    return lexicons.words("metrics")


@lru_cache(maxsize=65536)
def normalize_subject(text: str) -> str:
    """``“一站式”健康扶贫医疗救助资金`` -> ``一站式健康扶贫医疗救助``; generic words -> ``""``."""
    # "3. 公务接待费支出": a list marker is no part of the name.
    subject = _QUOTES.sub("", _ITEM_NUMBER.sub("", text)).replace("的", "")
    subject = _lead_pattern().sub("", subject)
    suffixes = _subject_words()["suffix"]
    changed = True
    while changed and subject:
        changed = False
        for suffix in suffixes:
            if subject.endswith(suffix) and len(subject) > len(suffix):
                subject = subject[: -len(suffix)]
                changed = True
                break
    words = _subject_words()
    if subject in words["generic"] or subject in words["verb"] or len(subject) < 2:
        return ""
    return subject


@lru_cache(maxsize=1)
def _metric_word_set() -> tuple[frozenset[str], int]:
    words = frozenset(w for w in _metric_words() if len(w) >= 2)
    return words, max(map(len, words))


@lru_cache(maxsize=65536)
def split_metric(label: str) -> tuple[str, str | None]:
    """``干部职工满意度`` -> (``干部职工``, ``满意度``): a label that ends with a metric word."""
    compact = _QUOTES.sub("", label)
    words, longest = _metric_word_set()
    for length in range(min(longest, len(compact) - 1), 1, -1):
        if compact[-length:] in words:
            return compact[:-length], compact[-length:]
    return compact, None


def clause_subject(clause: str, mention: Mention) -> tuple[str, str]:
    """The words before the number in the mention's own clause (case 1).

    ``clause``: the clause up to the number (see _clauses_before). Returns (the words
    before the metric word, the words with it). "基本支出449.64万元": ("基本", "基本支出"),
    the item being 基本支出; "项目执行率75%": ("", "项目执行率"), the metric word being
    all there is.
    """
    clause = clause.rstrip(_TRAILING_CONNECTORS)
    whole = clause.strip()
    if mention.metric_text and clause.endswith(mention.metric_text):
        clause = clause[: -len(mention.metric_text)]
    else:
        _, metric_word = split_metric(clause)
        if metric_word:
            clause = clause[: -len(metric_word)]
    return clause.strip(), whole


# How far back from a number its clause is read for a subject, and for a year.
SUBJECT_WINDOW = 48
PERIOD_WINDOW = 24


def _clauses_before(
    text: str, start: int, floor: int = 0, sentence_start: int | None = None
) -> tuple[str, str]:
    """The words from the last clause break to ``start``, the break looked for in the
    SUBJECT_WINDOW and in the PERIOD_WINDOW characters before ``start`` (a break cut by
    a window's edge does not count). One search serves both: a break inside the
    shorter window is the last one of the longer, and when the longer window's last
    break is not inside the shorter one, no break is.

    ``sentence_start``: where the statement's sentence starts; a line break after it is
    a wrap of a printed line ("……、河道保洁⏎专项资金a万元"), no clause break (the
    segmenter ends a sentence at every line break that is not a wrap)."""
    lo = max(floor, start - SUBJECT_WINDOW)  # floor: a table cell's start
    found = _LAST_CLAUSE_BREAK.search(text, lo, start)
    wrapped = False
    while (
        found is not None
        and sentence_start is not None
        and found.start() > sentence_start
        and found.group() == "\n"
    ):
        wrapped = True
        found = _LAST_CLAUSE_BREAK.search(text, lo, found.start())
    near = max(floor, start - PERIOD_WINDOW)
    if found is None:
        subject_clause, period_clause = text[lo:start], text[near:start]
    else:
        subject_clause = text[found.end() : start]
        period_clause = text[found.end() if found.start() >= near else near : start]
    if wrapped:  # the words as printed on one line: 项目支出, not 项⏎目支出
        return subject_clause.replace("\n", ""), period_clause.replace("\n", "")
    return subject_clause, period_clause


def _local_subject(clause: str, mention: Mention) -> str:
    """The clause's own subject, or "" when it only names the metric."""
    before_metric, whole = clause_subject(clause, mention)
    opening = _lead_pattern().sub("", _QUOTES.sub("", whole))
    if opening.startswith(_comparison_words()) or "相比" in opening:
        # "比2025年预算执行数增加0.97%", "与上年相比减少…": the base compared with, not the subject
        return ""
    if mention.metric_text in _subject_words()["item_tail"] and normalize_subject(whole):
        return whole  # 工资福利支出, 一般公共预算财政拨款基本支出: the item's own name
    if (
        mention.quantity.kind == "count"
        and mention.metric not in _one_value_metrics()
        and normalize_subject(whole)
    ):
        # "困难居民医疗救助1360人次": 救助 (or 参保, 人次) only repeats what is counted; it is
        # part of the name, not a metric that tells the count apart.
        return whole
    if not before_metric:
        return ""  # only the metric word: what follows would find no remainder either
    if _without_metric_tail(whole) != before_metric and normalize_subject(before_metric):
        # "2024年基本支出决算数为…": the metric word (支出决算数) took the class's 支出.
        return _without_metric_tail(whole)
    if normalize_subject(before_metric):
        return before_metric
    remainder = _lead_pattern().sub("", _QUOTES.sub("", before_metric))
    if remainder and not _verb_pattern().fullmatch(remainder):
        # "项目支出执行率": the longest metric word (支出执行率) took the item's 支出; the
        # shortest word of the same metric (执行率) leaves the item whole.
        shortest = _shortest_metric_tail(whole, mention.metric)
        if shortest and normalize_subject(whole[: -len(shortest)]):
            return whole[: -len(shortest)]
        return whole  # 项目支出, 基本支出: the item is the words with the metric
    return ""


@lru_cache(maxsize=1)
def _statement_measures() -> tuple[tuple[str, str], ...]:
    """lexicons/statement_measures.tsv, longest word first."""
    found = ((r["word"], r["key"]) for r in lexicons.rows("statement_measures"))
    return tuple(sorted(found, key=lambda item: len(item[0]), reverse=True))


def statement_measure(title: str) -> str | None:
    """What the amounts of a statement titled ``title`` measure (部门预算: budget)."""
    return next((key for word, key in _statement_measures() if word in title), None)


@lru_cache(maxsize=1)
def _total_pattern() -> regex.Pattern[str]:
    """lexicons/statement_totals.tsv as one pattern: (lead)* side (measure)? total."""
    rows = lexicons.rows("statement_totals")

    def words(role: str) -> str:
        found = sorted((r["word"] for r in rows if r["role"] == role), key=len, reverse=True)
        return "|".join(map(regex.escape, found))

    return regex.compile(
        rf"^(?:{words('lead')})*(?P<side>{words('side')})(?P<kind>预算|决算)?数?"
        rf"(?P<total>{words('total')})?$"
    )


def total_name(label: str, side: str = "", *, whole: bool = False) -> str:
    """A statement's total named by its side and kind: 本年收入合计 -> 收入合计, 收入支出总计
    -> 收支总计, 收入预算 (the report's income budget) -> 收入合计; a bare 合计 / 总计 takes the
    ``side`` its table states (a 收入决算表); "" for anything else."""
    names = {r["word"]: r["name"] for r in lexicons.rows("statement_totals")}
    compact = _QUOTES.sub("", _ITEM_NUMBER.sub("", label)).strip()
    found = _total_pattern().match(compact)
    if found is not None and (found.group("total") or (whole and found.group("kind"))):
        # "XX局收入预算9628.22万元" (``whole``: the unit names itself): a side's 预算 or 决算
        # with no total word is its 合计; an item's "支出决算为…" is the item's.
        return names[found.group("side")] + names[found.group("total") or "合计"]
    if side and compact in names and compact in ("合计", "总计"):
        return side + names[compact]
    return ""


# "本年收入", "（一）2016本年收入", "2016年林业部门本年支出": the side of the year, the
# statement's 本年收入合计 / 本年支出合计 line, whoever states it (a year with or without 年).
_LEADING_YEAR = regex.compile(r"^(?:19|20)[0-9]{2}(?:年度?)?")
_YEAR_SIDE = regex.compile(r"本年(?P<side>收入|支出)(?:预算|决算)?数?")  # 本年支出决算数


def _year_side_total(clause: str) -> str:
    """收入合计 / 支出合计 for a clause that names only a year, the unit and 本年收入 / 本年支出."""
    compact = _LEADING_YEAR.sub("", _QUOTES.sub("", _ITEM_NUMBER.sub("", clause)).strip())
    agent = leading_department().match(compact)
    found = _YEAR_SIDE.fullmatch(compact[agent.end() :] if agent is not None else compact)
    return total_name(f"{found.group('side')}合计") if found else ""


def _sources_total(label: str) -> str:
    """收入总计 / 支出合计 … for a label that is sources of funds and a total written with its
    total word (财政拨款收入总计, 一般公共预算支出合计); "" for anything else."""
    compact = _QUOTES.sub("", label).strip()
    rest = source_words().sub("", compact)
    return total_name(rest) if rest != compact else ""  # total_name needs the total word


def source_side_total(label: str) -> str:
    """收入合计 / 支出合计 for a label that is only sources of funds and a side
    (一般公共预算财政拨款支出, 政府性基金预算拨款收入); "" for anything else (an item, a class,
    a side with no source: 支出 alone is any statement's)."""
    compact = _QUOTES.sub("", label).strip()
    rest = source_words().sub("", compact)
    side = _SIDE_OF_STATEMENT.fullmatch(rest)
    if rest == compact or side is None:
        return ""
    return total_name(f"{side.group(1)}合计")


# A statement's side, with the kind of figure a metric word may add (支出决算数, 收入预算).
_SIDE_WORDS = r"(收入|支出)(?:预算|决算)?数?"
_SIDE_OF_STATEMENT = regex.compile(_SIDE_WORDS)


def _table_side(title: str) -> str:
    """The one side a statement table states, when its title names nothing else: 收入
    (2026年度收入预算总表), 支出 (一般公共预算拨款支出预算表); "" for a table of one item
    ("三公"经费支出预算表: its 合计 is the 三公 total) or of both sides."""
    rest = _title_rest(title)
    return rest if rest in ("收入", "支出") else ""


def _title_rest(title: str) -> str:
    """What a table's title names besides its sources of funds, year, unit, kind and form
    (sources first: 预算 is a word of 一般公共预算 as well as a kind of statement)."""
    # A bracketed remark goes first: "…支出决算表（按功能分类，摘要）" ends with 表 once it is cut.
    title = _BRACKETED_REMARK.sub("", _QUOTES.sub("", title))
    return _STATEMENT_TITLE_WORDS.sub("", source_words().sub("", title))


_BRACKETED_REMARK = regex.compile(r"[（(][^）)]*[)）]")


def sources_opening_name(subject: str) -> tuple[str, str] | None:
    """(the sources of funds, the rest) of a subject that opens with sources and names an
    item after them (一般公共预算拨款 + 基本支出); None for any other subject, and for a
    side of a statement (一般公共预算拨款收入: a statement's total, named elsewhere)."""
    compact = _QUOTES.sub("", subject).strip()
    found = source_words().search(compact)
    if found is None:
        return None
    before = normalize_subject(_YEAR_WORD.sub("", compact[: found.start()]))
    if before:
        # Only the reporting unit's name may stand before them ("湖州市某局2026年一般公共
        # 预算基本支出"); other words make the sources a part of the name.
        agent = leading_department().match(before)
        if agent is None or agent.end() < len(before):
            return None
    rest = source_words().sub("", compact[found.start() :])
    if not normalize_subject(rest) or _SIDE_OF_STATEMENT.fullmatch(rest.strip()):
        return None
    sources = limits_of(compact)[0]
    return (sources, rest) if sources else None


def _title_item(title: str) -> str:
    """The one item a table's title names ("三公"经费 of "2026年财政拨款“三公”经费支出情况
    表"); "" for a statement of a side or of both (收支总表, 一般公共预算支出表)."""
    if limits_of(title)[1]:
        return ""  # 基本支出情况表: a class of spending, keyed by its columns
    rest = _title_rest(title).removesuffix("明细").removesuffix("支出").removesuffix("收入")
    return rest if len(rest) >= MIN_TITLE_ITEM_CHARS and rest not in ("收支", "收入支出") else ""


MIN_TITLE_ITEM_CHARS = 2


# What a statement table's title says besides its side: its year, unit, kind and form.
_STATEMENT_TITLE_WORDS = regex.compile(
    # 表5：, 附表3-1. before the title proper: the table's number, with its separator.
    r"(?:19|20)[0-9]{2}年度?|[0-9一二三四五六七八九十]+[、.．]|附?表\s*[0-9]+(?:-[0-9]+)?\s*[：:.．、]?"
    r"|部门|单位|本级|市级|县级|区级"
    r"|预算|决算|总表|情况表|表$"
)


def _heading_measure(heading: str) -> str | None:
    """What a section's amounts measure, when its heading says so in full ("二、支出预算情况
    说明": budget); "预算执行情况" speaks of spending against a budget, and says nothing."""
    return next(
        (key for word, key in _statement_measures() if len(word) >= 4 and word in heading), None
    )


# Column keys (lexicons/table_headers.tsv) of cells written in sentences: a form's goal
# (年度绩效目标: "…发放人数不少于2900人，…") and what was achieved (实际完成情况).
PROSE_COLUMNS = frozenset({"planned_target", "actual_result"})


def _prose_key(col_key: str | None, row_label: str | None) -> str | None:
    """The PROSE_COLUMNS key of a cell under a goal or results header, or beside one
    (当年绩效目标 | …: a form that lays its headers out as row labels); None for others."""
    if col_key in PROSE_COLUMNS:
        return col_key
    leaf = (row_label or "").split(" / ")[-1]
    word = header_word(leaf) if leaf else None
    return word.key if word is not None and word.key in PROSE_COLUMNS else None


# Where a report's title is: the first lines of its text.
REPORT_TITLE_CHARS = 300
REPORT_TITLE_LINES = 4
TITLE_LINE_CHARS = 60  # longer lines are body text, not a title's


def _title_lines(text: str) -> str:
    """A report's title: its first non-blank lines, up to the first line too long to be one
    (a text that opens with its body has no title)."""
    head = [line for line in text[:REPORT_TITLE_CHARS].splitlines() if line.strip()]
    title = takewhile(lambda line: len(line.strip()) <= TITLE_LINE_CHARS, head)
    return "".join(list(title)[:REPORT_TITLE_LINES])


def report_measure_of(text: str) -> str | None:
    """What a report's amounts measure, by its title lines ("…局2026年部门预算": budget);
    None for a report whose title names neither (a 绩效自评报告 states both)."""
    words = [(r["word"], r["key"]) for r in lexicons.rows("statement_measures") if r["report"]]
    title = _title_lines(text)
    return next((key for word, key in words if word in title), None)


@lru_cache(maxsize=1)
def _generic_columns() -> dict[str, str]:
    """Column keys that say where in a statement a cell is, not what it measures -> the class
    of spending they name: the row's total (合计: total) and a plain amount (金额: amount)
    name none; a column headed by a class word (基本支出, 项目支出: lexicons/scope_words.tsv)
    names that class."""
    classes = {r["word"] for r in lexicons.rows("scope_words") if r["kind"] == "class"}
    columns = {"total": "", _GENERIC_AMOUNT: ""}
    for row in lexicons.rows("table_headers"):
        if row["word"] in classes:
            columns[row["key"]] = row["word"]
    return columns


def _code_of(row_label: str) -> str:
    """A 功能分类 row's code from its label path ("204 / 06 / 01 / 行政运行" -> 2040601)."""
    parts = [p.strip() for p in row_label.split(" / ")]
    # The digits that open the path: a row coded twice ("302 / 17 / 公务接待费 / 502 / 06 /
    # 公务接待费", the 部门 and the 政府 经济分类) is keyed by its first code.
    digits = list(takewhile(str.isdigit, parts)) or [p for p in parts if p.isdigit()]
    if not digits and (bracketed := _BRACKETED_CODE.match(parts[-1])) is not None:
        # "[30113]住房公积金", "【2080505】机关事业单位基本养老保险缴费支出": a code in
        # brackets before the name, in the one label cell.
        digits = [bracketed["code"]]
    code = "".join(digits)
    # A code is of a 类 (3 digits), a 款 (5) or a 项 (7): a 款's "04" alone names no item
    # (every 类 has one), whatever column the grid took for the row's label.
    return code if len(code) in _CODE_LENGTHS else ""


_CODE_LENGTHS = frozenset({3, 5, 7})
# A code in square brackets opening a row's name: [30113]住房公积金.
_BRACKETED_CODE = regex.compile(r"^\s*[\[【［](?P<code>[0-9]{3}(?:[0-9]{2}){0,2})[\]】］]")


# A 功能分类 level with its code: （204类）, (06款), （01项）.
_CODED_LEVEL = regex.compile(r"[（(]([0-9]{1,4})[类款项][)）]")


def _line_item_code(line_item: str) -> str:
    """The code of a 功能分类 item written with its levels' codes: 公共安全支出（204类）司法（06款）
    行政运行（01项） -> 2040601; "" when a level is written without its code."""
    levels = regex.findall(r"[（(][0-9]{0,4}[类款项][)）]", line_item)
    codes = _CODED_LEVEL.findall(line_item)
    return "".join(codes) if codes and len(codes) == len(levels) else ""


@lru_cache(maxsize=1)
def _one_value_metrics() -> frozenset[str]:
    """lexicons/metric_names.tsv one_value: metrics of which a subject has one value."""
    return frozenset(r["key"] for r in lexicons.rows("metric_names") if r.get("one_value") == "yes")


@lru_cache(maxsize=1)
def _comparison_words() -> tuple[str, ...]:
    """lexicons/comparison_words.tsv: 比, 较, 高于 … open the base of a comparison."""
    return lexicons.words("comparison_words")


def is_metric_word(text: str) -> bool:
    """The whole text is a metric word (预算安排, 支出决算数): it names no subject."""
    return text in _metric_map()


@lru_cache(maxsize=1)
def _metric_words_by_key() -> dict[str, tuple[str, ...]]:
    """Metric key -> its words, shortest first."""
    by_key: dict[str, list[str]] = {}
    for word, key in _metric_map().items():
        by_key.setdefault(key, []).append(word)
    return {k: tuple(sorted(v, key=len)) for k, v in by_key.items()}


def _shortest_metric_tail(words: str, metric: str | None) -> str | None:
    for word in _metric_words_by_key().get(metric or "", ()):
        if len(words) > len(word) and words.endswith(word):
            return word
    return None


# How far back from a breakdown item its 其中 and the clause before it are looked for.
HEAD_SCOPE_WINDOW = 1000


def head_scope(text: str, paragraph: Span, before: int) -> str:
    """The total a breakdown item belongs to (工资福利支出 under 基本支出 or under 项目支出).

    The head is the clause right before the last 其中 ahead of the item, in the
    same sentence (the list may run on over ；, never past a 。):
    "2024年基本支出决算数为842.12万元，其中工资福利支出…" -> 基本支出.
    """
    # The sentence of the item and the one before it: no further back than HEAD_SCOPE_WINDOW
    # (a page saved as one line is one paragraph, and slicing it from its start for every
    # item was quadratic).
    opening = text[max(paragraph.start, before - HEAD_SCOPE_WINDOW) : before]
    cut = opening.rfind("其中")
    if cut < 0 or "。" in opening[cut:]:
        return ""
    return _head_of(opening[:cut])


# A list item's own number ("1. ", "（二）", "三、") before its label.
_ITEM_NUMBER = regex.compile(
    r"^\s*(?:[0-9]{1,2}\s*[、.．]|[（(][0-9一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、"
    r"|[①-⑳]|[一二三四五六七八九十]是)\s*"  # …a circled number (③…), an inline one (一是…)
)
# A paragraph that ends announcing its breakdown: "…下降8.50%。其中：".
_OPENS_NEXT = regex.compile(r"其中[：:，,]?\s*$")
ITEM_LABEL_CHARS = 20  # an item paragraph: a short label, then its amount
MAX_ITEMS_ABOVE = 8


def _head_of(before: str) -> str:
    """The head total of a 其中 list, from the text before the 其中: the clause right
    before it ("基本支出决算数为842.12万元，其中"), or, when a sentence ends there, the
    opening of that sentence ("1. 基本支出预算800000.00元，占…，下降8.50%。其中：")."""
    before = before.rstrip()
    if before.endswith("。"):
        sentence = before[:-1]
        sentence = sentence[sentence.rfind("。") + 1 :]
        piece = _TOPIC_BREAK.split(_ITEM_NUMBER.sub("", sentence.strip()), maxsplit=1)[0]
    else:
        pieces = [p for p in _TOPIC_BREAK.split(before) if p.strip()]
        if not pieces:
            return ""
        piece = pieces[-1]
    head = _lead_pattern().sub("", piece)
    head = _DIGIT.split(head, maxsplit=1)[0]
    head = _verb_pattern().sub("", head, count=1) if _verb_pattern().match(head) else head
    head = _HEAD_TAIL.sub("", head)
    return normalize_subject(head)


def head_above(text: str, paragraphs: tuple[Span, ...], index: int) -> str:
    """The head total of an item paragraph whose list a 其中 opened at the end of an
    earlier paragraph ("基本支出预算…。其中：" / "工资福利支出…" / "商品和服务支出…"): the
    paragraphs in between must be items too (a short label, then a number), with nothing
    but them in between (a heading or a table ends the list)."""
    for j in range(index - 1, max(-1, index - 1 - MAX_ITEMS_ABOVE), -1):
        if text[paragraphs[j].end : paragraphs[j + 1].start].strip():
            return ""
        body = text[paragraphs[j].start : paragraphs[j].end]
        if _OPENS_NEXT.search(body):
            return _head_of(body[: body.rstrip().rfind("其中")])
        digit = _DIGIT.search(body)
        if _ITEM_NUMBER.match(body) or digit is None or digit.start() > ITEM_LABEL_CHARS:
            return ""
    return ""


# How many sibling items above an item paragraph its list's intro is looked for.
MAX_LIST_ITEMS_ABOVE = 40


# A list's head that states a class of spending: its name (after a list marker), its amount.
_STATED_HEAD = regex.compile(
    r"\s*(?:(?:19|20)[0-9]{2}年度?)?(?P<name>[^0-9０-９，,。；;：:]{2,24}?)\s*[0-9０-９]"
)


def _class_listed(intro: str) -> str:
    """The class of spending (项目支出, 基本支出) a list's head line states as its own subject,
    right before its amount ("（五）项目支出411,130.67万元，具体包括："); "" otherwise."""
    marker = opening_marker(intro, 0)
    head = _STATED_HEAD.match(
        intro, len(marker) if marker and intro.lstrip().startswith(marker) else 0
    )
    if head is None:
        return ""
    name = head.group("name").strip()
    classes = limits_of(name)[1]
    return classes if classes and name.endswith(classes) else ""


def list_intro(text: str, paragraphs: tuple[Span, ...], index: int) -> str:
    """The line that opens the numbered list an item paragraph belongs to ("财政拨款支出主要
    内容如下：" above "1. …", "2. …"): what it limits (a source of funds) holds for every
    item. "" when the paragraph is no numbered item, or its list opens with no such line."""
    body = text[paragraphs[index].start : paragraphs[index].end]
    own = _ITEM_NUMBER.match(body)
    if not own:
        return ""
    for j in range(index - 1, max(-1, index - 1 - MAX_LIST_ITEMS_ABOVE), -1):
        above = text[paragraphs[j].start : paragraphs[j].end].strip()
        numbered = _ITEM_NUMBER.match(above)
        if numbered and not (
            above.endswith(("：", ":"))
            and numbering_shape(numbered.group()) != numbering_shape(own.group())
        ):
            continue  # an item of the same list (or of a list inside it)
        # A line numbered otherwise that ends with a colon ("（五）项目支出a万元，具体包括："
        # above "1." … "3."): the head of the list, one level up.
        if not above.endswith(("：", ":")):
            return ""
        # Its last sentence only: the lines above it in one paragraph limit other figures.
        line = above.rsplit("\n", 1)[-1]
        return regex.split(r"[。；;]", line)[-1]
    return ""


# The least of an item's name a cut subject keeps to be taken for the item (its levels).
MIN_ITEM_TAIL = 8
# A paragraph's opening sentence names its topic before its first figure (a few words).
MAX_TOPIC_CHARS = 40


@lru_cache(maxsize=1)
def _continues_topic() -> regex.Pattern[str]:
    """A sentence that goes on with its paragraph's topic: "收入包括：…；支出包括：…" after
    "X年财政拨款收支总预算a万元。" (lexicons/subject_words.tsv topic_list)."""
    words = sorted(_subject_words()["topic_list"], key=len, reverse=True)
    return regex.compile(rf"\s*(?:{'|'.join(map(regex.escape, words))})[：:]")


def paragraph_topic(text: str, paragraph_start: int, sentence_start: int) -> str:
    """The opening sentence's words before its first figure, for a later sentence of the
    paragraph that only lists what that topic holds ("收入包括：…"); "" otherwise."""
    if sentence_start <= paragraph_start or not _continues_topic().match(
        text, sentence_start, sentence_start + 12
    ):
        return ""
    # The sentence before, on its own line: "X年财政拨款收支总预算a万元。" right before.
    end = text.rfind("。", paragraph_start, sentence_start)
    if end < 0:
        return ""
    start = max(
        paragraph_start, text.rfind("。", paragraph_start, end) + 1, text.rfind("\n", 0, end) + 1
    )
    opening = _YEAR_WORD.sub("", text[start : min(end, start + MAX_TOPIC_CHARS)])
    return _DIGIT.split(opening, maxsplit=1)[0]


_YEAR_WORD = regex.compile(r"(?:19|20)[0-9]{2}\s*年度?")


def sentence_topic(text: str, sentence: Span, before: int) -> str:
    """The opening words of a sentence, up to its first verb (case 4); none when the
    sentence opens with an adverbial ("按照《…》要求，全年完成…")."""
    opening = _lead_pattern().sub("", text[sentence.start : before])
    if opening.startswith(_subject_words()["preposition"]):
        return ""
    first = _TOPIC_BREAK.split(opening, maxsplit=1)[0]
    first = _lead_pattern().sub("", first)
    verb = _verb_pattern().search(first)
    if verb is None or verb.start() == 0:
        return ""
    # "项目支出全年执行…": the time word before the verb belongs to the verb, not the topic.
    topic = _trailing_lead_pattern().sub("", first[: verb.start()])
    # "年初预算为a万元，支出决算为b万元": a metric word opening the sentence names nothing.
    return "" if is_metric_word(topic.strip()) else topic


@lru_cache(maxsize=1)
def _trailing_lead_pattern() -> regex.Pattern[str]:
    words = "|".join(map(regex.escape, _subject_words()["lead"]))
    return regex.compile(rf"(?<=.)(?:{words}|\s)+$")


@lru_cache(maxsize=1)
def _breakdown_items() -> frozenset[str]:
    return frozenset(r["item"] for r in lexicons.rows("breakdown_items"))


def is_breakdown_item(subject: str) -> bool:
    """An economic-classification item that recurs under several totals (工资福利支出…)."""
    return subject in _breakdown_items()


@dataclass(frozen=True, slots=True)
class Fact:
    """A mention with its key: two facts state one fact when their keys are equal."""

    mention: Mention
    subject: str  # normalised; "" = unknown (never linked)
    subject_text: str  # as written
    metric: str | None
    # "target" (a 年度指标值 cell, a plan), "sample", "note" (a 偏差原因 cell), "rule" (a value
    # per something, a grade of a rubric, a count of what follows it), "from" (由A提高到B's
    # A); the head total of a 其中 list; "" otherwise.
    scope: str
    period: str  # "" for the report's own year, else the year or 上年
    block: int = -1  # start of the paragraph or table row holding it
    # Start of the passage of its paragraph holding it: a section run into the paragraph
    # (一、 or （一） after a closed sentence, segment/numbering.py), or the paragraph; the
    # block for a table fact. Two facts of one passage are stated side by side.
    passage: int = -1
    # The numbered entries it stands under (segment/numbering.py entry_paths): facts under
    # two entries of one list ("（一）…—行政运行a万元" and "（二）…—行政运行b万元") are two.
    entry: EntryPath = ()
    row_path: str = ""  # a table fact's whole row label (产出指标 / 数量指标 / …); "" in text
    row: int = -1  # a table fact's row index in its table; -1 in text
    # The item its statement is about: the lead-in of its list item ("2、困难居民医疗救助：…")
    # or the topic of its sentence part ("…；困难居民医疗救助经费完成…"), normalised.
    item: str = ""
    # The list marker of the numbered paragraph holding it ("31." of "31.X项目：…"), "" when
    # its paragraph opens with none or the fact is in a table.
    item_marker: str = ""
    # The sources of funds its statement is limited to (一般公共预算+财政拨款), "" for all funds.
    source: str = ""
    # The classes of spending it is limited to (基本支出), "" for all; None when unknown (a
    # sentence that names none may be about any; a statement table that names none is
    # about all).
    classes: str | None = ""
    table_title: str = ""  # a table fact's table title ("" unknown, and in text)
    code: str = ""  # the 功能分类 code of its item (2040601), "" when none is written
    # The source of funds its table row shows it to be as well: a row's all-funds 合计 beside
    # its 财政拨款 cell, every other column of the row zero (收入预算总表 行政运行 | 合计 X |
    # 财政拨款收入 X | 事业收入 0): the 合计 states the 财政拨款 amount too. "" otherwise.
    also_source: str = ""
    # Its words close a 、-list ("中央、省级资金372.99万元": the amount of 中央 and 省级).
    listed: bool = False
    outcome: bool = False  # a 绩效指标 row's 实际完成值 (the year's output)
    # Written in the sentences of a table's goal or results cell (当年绩效目标, 实际完成情况):
    # a statement like narrative, that may restate a value cell of its own table.
    prose: bool = False
    # A table row of an item with its description (CellPlace.described_item): a project.
    described: bool = False
    # The level its statement is of (own = 本级, all = 全区/含下属单位, sub = 下属单位), named
    # by its own words, its table's title or its headings; "" when none names one.
    level: str = ""

    @property
    def key(self) -> tuple[str, str | None, str, str]:
        return (self.subject, self.metric, self.scope, self.period)


def report_year(text: str) -> str:
    """The year the report is about: the first year its title lines name, else the most
    frequent year in its first 2,000 characters. A budget's first pages compare it with the
    year before so often ("比2025年增加…") that the year before can be the more frequent one."""
    if (named := _YEAR.search(_title_lines(text))) is not None:
        return named.group()
    years = Counter(_YEAR.findall(text[:2000]))
    return years.most_common(1)[0][0] if years else ""


class _Sentences:
    """The sentences of all paragraphs by start, each with its paragraph's start."""

    def __init__(self, segmented: Segmented) -> None:
        paragraph_of: dict[Span, int] = {}
        for paragraph in segmented.paragraphs:
            for sentence in paragraph.sentences:
                paragraph_of[sentence] = paragraph.span.start
        # Span's own order, by a key: its generated __lt__ is a Python call per comparison.
        self._spans = sorted(paragraph_of, key=lambda s: (s.start, s.end))
        self._starts = [s.start for s in self._spans]
        self._paragraphs = [paragraph_of[s] for s in self._spans]
        text = segmented.document.text
        passages = [
            passage
            for paragraph in segmented.paragraphs
            for passage in run_in_passages(text, paragraph.span.start, paragraph.span.end)
        ]
        self._passages = [p.start for p in passages]
        self._bodies = [p.body for p in passages]
        entries = entry_paths(text, segmented.blocks)
        self._entry_starts = [start for start, _ in entries]
        self._entries = [path for _, path in entries]

    def passage_of(self, offset: int) -> int:
        """The start of the run-in passage holding ``offset`` (-1 outside every paragraph)."""
        i = bisect_right(self._passages, offset) - 1
        return self._passages[i] if i >= 0 else -1

    def entry_of(self, offset: int) -> EntryPath:
        """The numbered entries the text at ``offset`` stands under."""
        i = bisect_right(self._entry_starts, offset) - 1
        return self._entries[i] if i >= 0 else ()

    def body_of(self, offset: int) -> int:
        """Where the words of the passage holding ``offset`` start after its run-in title
        (0 when it has none): no subject reaches back into the title."""
        i = bisect_right(self._passages, offset) - 1
        return self._bodies[i] if i >= 0 and self._bodies[i] <= offset else 0

    def around(self, offset: int) -> tuple[Span, int] | None:
        """The sentence holding ``offset`` and the start of its paragraph, if any."""
        i = bisect_right(self._starts, offset) - 1
        if i >= 0 and offset < self._spans[i].end:
            return self._spans[i], self._paragraphs[i]
        return None


_EXECUTION_RATE = "execution_rate"
_COMPLETION_RATE = "completion_rate"  # a target's completion (lexicons/metric_names.tsv)
_COUNTED_KINDS = frozenset({"count", "measure"})


def _mentions_in(mentions: Sequence[Mention], starts: list[int], span: Span) -> list[Mention]:
    """The mentions starting inside ``span`` (``starts``: the mentions' starts, sorted)."""
    return list(mentions[bisect_left(starts, span.start) : bisect_left(starts, span.end)])


# The key of a plain 金额 column: says what kind of number, not what it measures.
_GENERIC_AMOUNT = "amount"
_PREVIOUS_YEAR = regex.compile(r"上年|去年|上一年|上年度")


def _period(clause: str, year: str) -> str:
    """The period a clause names: 上年, or a year written in it other than the report's."""
    if "年" not in clause:
        return ""  # most clauses: both patterns need a 年
    if _PREVIOUS_YEAR.search(clause):
        return "上年"
    found = _YEAR.findall(clause)
    if found and found[-1] != year:
        return found[-1]
    return ""


def _heading_year(section_path: Sequence[str], year: str) -> str:
    """The year the nearest heading that names one year names, when not the report's:
    "二、2019年财政预算（草案）" in a report on 2018 puts its figures in 2019. (A heading's
    上年 names a comparison, "（三）与上年对比情况", not the period of its figures.)"""
    for title in reversed(section_path):
        named = set(_YEAR.findall(title))
        if len(named) == 1:
            found = named.pop()
            return found if found != year else ""
        if named:
            return ""
    return ""


def _cell_sentence_start(text: str, mention: Mention, cell_start: int) -> int:
    """The start of the mention's sentence inside a table cell."""
    head = text[cell_start : mention.span.start]
    cut = max(head.rfind("。"), head.rfind("；"), head.rfind("\n"))
    return cell_start + cut + 1 if cut >= 0 else cell_start


@dataclass(frozen=True, slots=True)
class CellPlace:
    """Where a table quantity stands: what keys it by its row, its column and its table."""

    row_label: str | None
    col_key: str | None
    cell_start: int
    col_header: str | None
    row: int
    table_title: str | None  # the parsed table's title (its caption or the line above it)
    # A column of its table headed by a class of spending (合计, 基本支出, 项目支出) holds
    # percents: the class headers are not over the columns they name (a flattened table
    # whose lower header row slid over its 增减额/增减% columns).
    class_headers_slid: bool = False
    # The source of funds the row shows its 合计 to be as well (see Fact.also_source).
    also_source: str = ""
    project: str = ""  # the project of its form, as its 项目名称 cell writes it ("" none)
    # A column of its table holds the 上年结转 (a 收入总表: 合计 | 上年结转 | 一般公共预算拨款收入
    # | …): its 合计 is the side's 总计, carry-over and all, not the 本年收入合计.
    carries_over: bool = False
    # Its table is a 部门整体 self-evaluation form by its layout, whatever its title says (a
    # title cut to "整体支出绩效自评表" by the page).
    whole_unit_form: bool = False
    # It stands in the 收入 half of a 收支总表 (a standard table's income_value column): a row
    # named by a source alone (一般公共预算 | 35673.03) states that source's income.
    income_side: bool = False
    # Its row is a group's in a table of items with a description each (项目 | 金额 | 绩效目标):
    # the description left empty, the row sums the items under it that the table lists (a
    # 重点项目 table's unit row: its key projects only, not the unit's whole budget).
    group_row: bool = False
    # Its row is an item of such a table with its description written (a project and its 绩效
    # 目标): a project, not a 功能分类 item of the same name in another table.
    described_item: bool = False


# The column key of the balance carried over from last year (lexicons/table_headers.tsv).
_CARRIED_OVER_COLUMN = "carried_over"


def _row_also_sources(parsed: ParsedTable) -> dict[int, str]:
    """Row -> the source of funds its 合计 is the amount of as well: the row's one other
    non-zero number stands under a column of that source (财政拨款收入), equal to the 合计
    as written, and every other number of the row is zero (事业收入 0.00, 其他收入 0.00)."""
    found: dict[int, str] = {}
    by_row: dict[int, list[tuple[TableCell, Decimal]]] = defaultdict(list)
    for cell in parsed.cells:
        if cell.role == "value" and (number := bare_number(cell.cell.raw)) is not None:
            by_row[cell.row].append((cell, number[0]))
    for row, numbers in by_row.items():
        totals = [value for c, value in numbers if c.col_key == "total" and value]
        nonzero = [(c, value) for c, value in numbers if c.col_key != "total" and value]
        if len(totals) != 1 or len(nonzero) != 1 or nonzero[0][1] != totals[0]:
            continue
        source = limits_of("", nonzero[0][0].col_header or "")[0]
        if source:
            found[row] = source
    return found


# Column keys of a row's total and its two classes (合计 = 基本支出 + 项目支出).
_CLASS_TOTAL, _CLASS_PARTS = "total", ("basic_expenditure", "project_expenditure")
# Rows of a table on which its class columns must all fail to add up for their headers to
# be taken as slid off their columns.
MIN_FAILING_CLASS_ROWS = 2


def _classes_do_not_add_up(parsed: ParsedTable) -> bool:
    """A table whose 合计 is on no row the sum of its 基本支出 and 项目支出 columns (rows with
    both classes written, two at least): its lower header rows slid off the columns they
    name (a flattened four-row header whose 人员经费 | 公用经费 row was read as data). A class
    over several columns counts by its first (its 小计) or by all (its parts)."""
    by_row: dict[int, dict[str, list[tuple[Decimal, int]]]] = defaultdict(lambda: defaultdict(list))
    for cell in parsed.cells:
        if cell.role == "value" and cell.col_key in (_CLASS_TOTAL, *_CLASS_PARTS):
            number = bare_number(cell.cell.raw)
            if number is not None:
                by_row[cell.row][cell.col_key].append(number)
    checked = [row for row in by_row.values() if len(row) == 1 + len(_CLASS_PARTS)]

    def fits(row: dict[str, list[tuple[Decimal, int]]]) -> bool:
        # A slip of a unit or two in the last place is a slip, not a header off its column.
        step = Decimal(1).scaleb(-max(d for cells in row.values() for _, d in cells))
        total = row[_CLASS_TOTAL][0][0]
        firsts = sum((row[k][0][0] for k in _CLASS_PARTS), Decimal(0))
        alls = sum((v for k in _CLASS_PARTS for v, _ in row[k]), Decimal(0))
        return min(abs(total - firsts), abs(total - alls)) <= 2 * step

    return len(checked) >= MIN_FAILING_CLASS_ROWS and not any(fits(row) for row in checked)


# Rows whose label cells hold amounts that show a header laid over the wrong columns.
MIN_AMOUNT_LABEL_ROWS = 2


def _table_measure(limiting_title: str, report_measure: str | None) -> str | None:
    """What a statement table's amounts measure: what its title says, or, for a titled table
    whose title names no measure ("“三公”经费支出情况表"), the report's (a 部门预算's tables
    state budgets)."""
    return statement_measure(limiting_title) or (report_measure if limiting_title else None)


def _labels_hold_amounts(parsed: ParsedTable) -> bool:
    """Label cells (科目编码, 科目名称) of two rows or more hold amounts: a flattened header
    whose second row (科目编码 | 科目名称 | 小计 | 人员经费 | …) was laid over the value
    columns, so no column's header is its own."""
    rows = {
        cell.row
        for cell in parsed.cells
        # An amount has decimals (37,891.58); a 科目编码 (2013301) has none.
        if cell.role == "label" and (number := bare_number(cell.cell.raw)) and number[1] > 0
    }
    return len(rows) >= MIN_AMOUNT_LABEL_ROWS


def cell_places(tables: Sequence[ParsedTable], text: str) -> dict[Span, CellPlace]:
    """Each table quantity's span -> where it stands (row, column, table title, the project of
    its form; ``text``, the document's, tells a form's untitled blocks that carry it on)."""
    places: dict[Span, CellPlace] = {}
    projects = form_projects(tables, text)
    for parsed, project in zip(tables, projects, strict=True):
        slid = (
            _classes_do_not_add_up(parsed)
            or any(
                cell.col_key in _generic_columns() and q.kind == "percent"
                for cell in parsed.cells
                for q in cell.quantities
            )
            or _labels_hold_amounts(parsed)
        )
        codes = _split_row_codes(parsed)
        also = _row_also_sources(parsed)
        carries_over = any(c.col_key == _CARRIED_OVER_COLUMN for c in parsed.cells)
        income_columns = (
            {c.col for c in parsed.standard.cols("income_value")} if parsed.standard else set()
        )
        group_rows, described_rows = _described_rows(parsed)
        if parsed.title is not None:
            group_rows = frozenset()  # a titled table's rows are its own, not a selection's
        for cell in parsed.cells:
            row_label = cell.row_header
            if cell.row in codes and row_label and not _code_of(row_label):
                row_label = f"{codes[cell.row]} / {row_label}"
            for span in cell.quantity_spans:
                places[span] = CellPlace(
                    row_label,
                    cell.col_key,
                    cell.cell.span.start,
                    cell.col_header,
                    cell.row,
                    parsed.title,
                    slid,
                    also.get(cell.row, "") if cell.col_key == "total" else "",
                    project,
                    carries_over,
                    parsed.layout == WHOLE_UNIT_LAYOUT,
                    cell.col in income_columns,
                    cell.row in group_rows,
                    cell.row in described_rows,
                )
    return places


# How long a cell's words must be to describe its row (a 绩效目标 sentence), and the share of a
# column's written cells that must be so long for the column to be the rows' descriptions.
_DESCRIPTION_CHARS = 15
_DESCRIBED_SHARE = 0.5


def _described_rows(parsed: ParsedTable) -> tuple[frozenset[int], frozenset[int]]:
    """(group rows, described rows) of a table with a column that describes its rows: the
    rows with an amount whose description cell is empty (see CellPlace.group_row), and those
    whose description is written (CellPlace.described_item); none when it has no such
    column."""
    by_col: dict[int, list] = defaultdict(list)
    for c in parsed.cells:
        if c.role != "header" and c.cell.raw.strip():
            by_col[c.col].append(c)
    described = [
        col
        for col, cells in by_col.items()
        if sum(
            len(c.cell.raw.strip()) >= _DESCRIPTION_CHARS and c.role not in ("value", "label")
            for c in cells
        )
        >= _DESCRIBED_SHARE * len(cells)
        and len(cells) >= 2
    ]
    if len(described) != 1:
        return frozenset(), frozenset()
    col = described[0]
    written = {c.row for c in by_col[col]}
    label_rows = {c.row for c in parsed.cells if c.role == "label" and c.col < col}
    valued = {c.row for c in parsed.cells if c.role == "value" and c.quantities and c.col < col}
    items = valued & label_rows
    return frozenset(items - written), frozenset(items & written)


# A 功能分类 code written in the 科目编码 columns 类 | 款 | 项 left of the row's name:
# "201 | 06 | 07 | 信息化建设" (a 类 of three digits, a 款 and a 项 of two).
_CODE_CELLS = ((3,), (3, 2), (3, 2, 2))


def _split_row_codes(parsed: ParsedTable) -> dict[int, str]:
    """Each row's 功能分类 code when the table writes it in its own cells before the row's
    name, as "201 / 06 / 07" (the label path form ``_code_of`` reads); rows without one,
    or whose cells before the name are not a 类/款/项 code, have none."""
    label_col = {c.row: c.col for c in parsed.cells if c.role == "label"}
    before: dict[int, list[str]] = defaultdict(list)
    for c in sorted(parsed.cells, key=lambda c: (c.row, c.col)):
        if c.row in label_col and c.col < label_col[c.row] and c.cell.raw.strip():
            before[c.row].append(c.cell.raw.strip())
    return {
        row: " / ".join(texts)
        for row, texts in before.items()
        if all(t.isascii() and t.isdigit() for t in texts)
        and tuple(len(t) for t in texts) in _CODE_CELLS
    }


def facts_of(
    segmented: Segmented,
    mentions: tuple[Mention, ...],
    cell_info: dict[Span, CellPlace],
) -> tuple[Fact, ...]:
    """The key of every mention.

    ``cell_info`` maps a table quantity's span to its :class:`CellPlace`, so table facts
    are keyed by their row, column and table.
    """
    text = segmented.document.text
    year = report_year(text)
    report_measure = report_measure_of(text)
    sentences = _Sentences(segmented)
    paragraphs = tuple(p.span for p in segmented.paragraphs)
    paragraph_index = {span.start: i for i, span in enumerate(paragraphs)}
    intros: dict[int, str] = {}  # a paragraph's start -> the line opening its list
    line_items = _LineItems(text)
    opened_lists = OpenedLists(text)
    facts: list[Fact] = []
    # Statements of a side named alone ("收入预算a万元"), with no 合计 or 总计 written.
    plain_sides: set[Span] = set()
    # Cells that grade by several scores ("偏离20%以内得18分，偏离30%以内得15分"): a rubric.
    scores_in_cell = Counter(
        cell_info[m.span].cell_start
        for m in mentions
        if m.quantity.kind == "score" and m.span in cell_info
    )
    starts = [m.span.start for m in mentions]
    for mention in mentions:
        info = cell_info.get(mention.span)
        floor = info.cell_start if info is not None else sentences.body_of(mention.span.start)
        held = sentences.around(mention.span.start) if info is None else None
        subject_clause, period_clause = _clauses_before(
            text, mention.span.start, floor, held[0].start if held is not None else None
        )
        metric = mention.metric
        if info is None and (changed_at := changed_to_at(subject_clause)) is not None:
            # "森林覆盖率由62.3%提高到62.9%": the new value is named by the words before 由,
            # with the metric word written there, in the period they speak of (the 上年 of
            # "由上年的84.6%" is the old value's).
            cut = len(subject_clause) - changed_at  # both clauses end at the number
            subject_clause = subject_clause[:changed_at]
            period_clause = period_clause[: max(0, len(period_clause) - cut)]
            named = metric_before(text, mention.span.start - cut, mention.quantity.kind)
            if metric is None and named is not None:
                metric = named[0]
        subject_text = _local_subject(subject_clause, mention)
        own_subject = bool(normalize_subject(subject_text))  # named in its own clause
        scope = ""
        prose_key: str | None = None
        name_text = ""  # its name without words that limit it, when they open its subject
        period = _period(period_clause, year)
        if info is None and not _YEAR.search(period_clause):
            period = period or _heading_year(mention.section_path, year)
        block = passage = -1
        row_path = ""
        row = -1
        item = _item_name(mention.subject or "")
        marker = item_marker(text, mention.span.start) if info is None else ""
        source = title = code = ""
        own_words = ""  # a narrative number's sentence up to it
        classes: str | None = None
        if metric is None and mention.quantity.kind == "amount":
            # "上解…补助资金82.24万元", "共计支付…管理经费14.99万元" (in the text or a cell of
            # sentences): the verb that opens the clause says what the amount is; the words
            # after it name what it is for.
            verb, rest = _opening_verb(subject_clause)
            if verb is not None:
                metric = verb
                subject_text = rest if normalize_subject(rest) else subject_text
        if info is not None:
            row_label, col_key, cell_start, col_header = (
                # "其中：一般公共预算：349.94" labels its row and states its amount: the label
                # is the words before the amount.
                without_labelled_amount(info.row_label) if info.row_label else None,
                info.col_key,
                info.cell_start,
                info.col_header,
            )
            row = info.row
            block = cell_start
            row_path = _QUOTES.sub("", row_label or "")
            table = table_of(segmented, mention.span)
            # A statement table's title says its class: none named means every class.
            title = _table_title(table, info.table_title, text)
            # "项目支出绩效自评表" names a kind of table, not funds its numbers are limited to.
            limiting_title = "" if "绩效" in title else title
            source, classes = limits_of(limiting_title, col_header or "", own=row_label or "")
            if not classes and title and not _statement_title(info.table_title, title):
                # A table under a heading that names no statement (七、重点项目绩效目标情况):
                # its figures may be of any class, not of every class.
                classes = None
            code = _code_of(row_label or "")
            column_class = ""
            if (
                col_key in _generic_columns()
                and mention.quantity.kind == "amount"
                and not info.class_headers_slid
            ):
                # 合计 / 基本支出 columns of a 支出预算表: the budget of the row (of a class);
                # a table whose title names no measure ("三公"经费支出情况表) states the
                # report's (a 部门预算's tables: budgets).
                measure = _table_measure(limiting_title, report_measure)
                if measure is not None:
                    # … but a row of the 收入 half of a 收支总表 (事业收入 | 金额) states an
                    # income, whatever the statement's measure of its spending.
                    metric = "income" if _tail_metric(row_label or "") == "income" else measure
                    column_class = _generic_columns()[col_key]
            elif (
                col_key is None
                and mention.quantity.kind == "amount"
                and not info.class_headers_slid
                and (part := column_part(col_header or ""))
            ):
                measure = _table_measure(limiting_title, report_measure)
                if _is_total_row(row_label) and measure is not None:
                    # The 合计 row of a column that splits 基本支出 ("基本支出 / 人员经费"): the
                    # statement's 人员经费, in the measure its title or the report states.
                    metric, column_class = measure, part
                else:
                    # 行政运行's 人员支出 cell is a part of that row's 基本支出, never the row's
                    # 基本支出 itself (the 小计 beside it in another table).
                    classes = "+".join(sorted({*filter(None, (classes or "").split("+")), part}))
            prose_key = _prose_key(col_key, row_label)
            if col_key == "target_value" or prose_key == "planned_target":
                scope = "target"  # 年度指标值; a 年初设定目标 cell: "计划…资金200万元"
            elif col_key == "deviation_note":
                scope = "note"  # "2个因场地改造顺延": an explanation, not the row's value
            elif info.class_headers_slid:
                scope = MISREAD_SCOPE  # its table's headers are not over their columns
            elif info.group_row:
                scope = GROUP_SCOPE  # the sum of the items a selection lists under it
            else:
                scope = _title_scope(title)  # a 政府采购预算表's rows: procurement, not budgets
            if mention.quantity.kind == "score" and _is_grand_total(row_label):
                # A 自评表's 总分 is that table's own: a 部门整体 and a 项目 自评表 have two.
                table = table_of(segmented, mention.span)
                scope = f"table@{table.span.start}" if table is not None else scope
            if col_header:
                years = _YEAR.findall(col_header)
                if years and years[-1] != year:
                    period = years[-1]
            own_words = without_labelled_amount(mention.subject or "")
            lead_in = own_words if own_words and own_words != row_label else None
            item = _item_name(lead_in or "")  # "2、困难居民医疗救助：…"
            if not normalize_subject(subject_text) and lead_in:
                subject_text = lead_in
            if not normalize_subject(subject_text) and row_label:
                subject_text, row_metric = _row_subject(row_label)
                if info.income_side and row_metric is None and _tail_metric(row_label) is None:
                    # 一般公共预算 | 35673.03 in the 收入 half of a 收支总表: the income of that
                    # source, named as the narrative names it (一般公共预算收入).
                    subject_text += _INCOME_TAIL
                if row_metric is not None and (
                    metric in (None, _GENERIC_AMOUNT) or mention.quantity.kind == "amount"
                ):
                    # 年末结转和结余 | 金额: the balance; 部门基本支出预算调整 | 2023年决算: the
                    # adjustment, whatever the column.
                    metric = row_metric
                elif metric == _GENERIC_AMOUNT and mention.quantity.kind == "amount":
                    # 其他收入 | 金额 on the 收入 half of a 收支总表, 社会保障和就业支出 | 金额
                    # on its 支出 half: the column says only "an amount"; the item's tail
                    # (收入, 支出) says which side it is, as the narrative says it.
                    metric = _tail_metric(row_label) or metric
            if column_class and _is_total_row(row_label):
                # The 合计 row of a 基本支出 column: the statement's 基本支出, by name.
                subject_text = column_class
            elif column_class:
                classes = "+".join(sorted({*filter(None, classes.split("+")), column_class}))
            elif mention.quantity.kind == "amount" and _is_total_row(row_label) and col_key:
                # 本年收入合计, or the 合计 row of a 收入决算表: the statement's 收入合计. A
                # column whose header says nothing of what it holds (2026年政府采购项目 /
                # 小计) states no such total.
                leaf = (row_label or "").split(" / ")[-1]
                name = total_name(leaf, _table_side(limiting_title))
                if info.carries_over and name.endswith(_YEAR_TOTAL_WORD):
                    name = name.removesuffix(_YEAR_TOTAL_WORD) + _GRAND_TOTAL_WORD
                # A title that names no measure ("支出总表") states the report's (a 部门预算's
                # tables: budgets), as its columns do.
                if name and (statement_measure(limiting_title) or report_measure) is not None:
                    subject_text, metric = name, STATEMENT_TOTAL_METRIC
                elif not name and (item_total := _ITEM_TOTAL.fullmatch(_row_leaf(leaf))):
                    # 人员经费合计 of a 基本支出表: the total of the item's rows is the item.
                    subject_text = item_total.group(1)
                elif not name and classes in _CLASS_TABLES and classes in limiting_title:
                    # The 总计 of a 项目支出预算表: the statement's 项目支出, which the text
                    # names so ("项目支出171,262.41万元").
                    subject_text = classes
            if info.project and is_funds_total(row_label or ""):
                # A form's 年度资金总额 row is its project's funds: "…项目绩效自评综述：…全年预算
                # 数为a万元" restates it.
                subject_text = info.project
            elif (
                not info.project
                and (WHOLE_UNIT_FORM in title or info.whole_unit_form)
                and col_key in FUNDS_COLUMNS
                and (is_funds_total(row_label or "") or _is_total_row(row_label))
            ):
                # A 部门整体 form's funds total is the department's: "…局部门资金预算执行数是
                # a万元" restates it.
                subject_text = WHOLE_UNIT
            if not normalize_subject(subject_text) and _is_total_row(row_label):
                # The 合计 of a table of one item ("三公"经费支出情况表) is that item's.
                subject_text = _title_item(limiting_title)
            if not normalize_subject(subject_text):
                start = _cell_sentence_start(text, mention, cell_start)
                subject_text = sentence_topic(
                    text, Span(start, mention.span.start), mention.span.start
                )
        else:
            clause = _TOTAL_CONNECTORS.sub("", subject_clause)
            rest = _without_agent(clause)
            # The statement's side in so many words ("支出预算a万元，其中：…", "（一）收入预算：
            # 2026年收入预算b万元") opening a paragraph that walks through no item: the side's
            # total, as when the unit names itself before it.
            # The marker of the paragraph that holds it: a PDF's text view has no blank lines
            # between paragraphs, and the list item found by looking back to one can open
            # sections before it ("（二）本年其他资金收入…" over "三、支出预算情况说明").
            held_by = sentences.around(mention.span.start)
            numbered = opening_marker(text, held_by[1]) if held_by is not None else marker
            whole = _names_the_unit(clause, rest) or (
                bool(total_name(item, whole=True))
                if item
                else not numbered and _opens_its_sentence(text, subject_clause, mention)
            )
            named_total = total_name(rest, whole=whole) or _year_side_total(clause)
            if not named_total and (
                metric in (None, report_measure)
                or (report_measure == _BUDGET and metric == _SPENDING and not period)
            ):
                # "2021年一般公共预算财政拨款支出456.70万元": a side of the statement of the
                # sources it names (their table's 合计), in the measure the report states (a
                # 部门预算's "…支出a万元" is its budget).
                named_total = source_side_total(rest)
            if not named_total:
                # "财政拨款收入总计2,418.60万元": the total of the statement of those sources,
                # named with its total word, whatever the metric word took of it.
                named_total = _sources_total(rest)
            if named_total and mention.quantity.kind == "amount":
                # "2024年度收入支出总计2995.39万元", "本年收入合计…": the statement's total.
                subject_text, metric = named_total, STATEMENT_TOTAL_METRIC
                if not any(
                    word in rest for word in (_YEAR_TOTAL_WORD, _GRAND_TOTAL_WORD)
                ) and not _THIS_YEARS_SIDE.search(clause):
                    # "收入预算a万元" alone, not "本年收入预算a万元" (the 本年收入合计 line).
                    plain_sides.add(mention.span)
            said_of_previous = ""
            if not normalize_subject(subject_text) and metric in _SAID_OF_PREVIOUS:
                # "人员经费221.06万，比上年增长20.56%", "资本性支出6.32万元，占比1.58%",
                # "公务接待费支出0.22万元，完成预算18.33%": a change, a share or a rate is said
                # of the thing the clause before it in its sentence part names.
                said_of_previous = _previous_subject(text, facts, mention)
            if said_of_previous and metric in _CHANGE_METRICS:
                subject_text = said_of_previous
            if (
                not normalize_subject(subject_text)
                and mention.subject
                and metric is not None
                and metric not in _CHANGE_METRICS
                and not (item and metric == "execution_rate")
            ):
                # "（一）资金管理。年度资金全年预算数a万元，执行b万元": the part's own topic,
                # before the paragraph's lead-in, names a figure its clause leaves unnamed (a
                # rate in a walk through items stays the item's, as below).
                subject_text = _topic_of_part(text, facts, mention, metric) or subject_text
            if not normalize_subject(subject_text) and mention.subject:
                subject_text = mention.subject
            around = sentences.around(mention.span.start)
            heading = mention.section_path[-1] if mention.section_path else ""
            if around is not None:
                sentence, block = around
                own_words = text[sentence.start : mention.span.start]
                passage = sentences.passage_of(mention.span.start)
                if not normalize_subject(subject_text):
                    subject_text = sentence_topic(text, sentence, mention.span.start)
                if is_breakdown_item(normalize_subject(subject_text)):
                    scope = head_scope(text, Span(block, mention.span.start), mention.span.start)
                    if not scope and block in paragraph_index:
                        scope = head_above(text, paragraphs, paragraph_index[block])
                line_item = line_items.before(passage, mention.span.start)
                if (
                    mention.metric_text in _item_tails()
                    and mention.quantity.kind == "amount"
                    and metric != STATEMENT_TOTAL_METRIC
                    and (
                        subject_text.endswith(_class_scope_words())
                        or (report_measure == _BUDGET and not period)
                    )
                ):
                    # …and in a 部门预算 any "X支出a万元" of the year is X's budget
                    # ("住房公积金（项）支出2,361.54万元", "公务用车运行维护费支出3.50万元").
                    # "项目支出908.00万元" in a 部门预算: 支出 ends the class's name; the amount
                    # is what the section or the report states of it (its budget).
                    metric = _heading_measure(heading) or report_measure or metric
                if (
                    metric is None
                    and mention.quantity.kind == "amount"
                    and (
                        line_item
                        or (own_subject and _opens_its_clause(text, subject_clause, mention))
                    )
                    and not period
                ):
                    # "行政运行（01项）1672.67万元。", "（一）因公出国（境）费288.70万元": an
                    # item's amount, in the measure the report states (a 部门预算's budgets).
                    metric = report_measure
                if line_item:
                    # "行政运行（项）2026年预算a万元，…，预算安排b万元": every number after
                    # a 功能分类 item, up to the next one, is that item's.
                    item = normalize_subject(line_item)
                    written = subject_text.strip()
                    # The item itself, or its name cut by the subject's window ("会保障和就业
                    # 支出（208类）…（06项）a万元" after "9、社"): a tail of the item's name.
                    if (
                        not normalize_subject(subject_text)
                        or line_item in subject_text
                        or (len(written) > MIN_ITEM_TAIL and line_item.endswith(written))
                    ):
                        subject_text = line_item
                        # Only a number said of the item itself is keyed by its code: "…（项）
                        # 1153.00万元，主要用于…等支出652.00万元" names a part of it.
                        code = _line_item_code(line_item)
                elif not code and (
                    led := _CODE_LED_NAME.match(subject_text)
                    or _CODE_TRAILED_NAME.match(subject_text)
                ):
                    # "（三）2010350-事业运行493.91万元", "3.普法宣传（2040605）安排48.60万元": an
                    # item named by its code and its name, as its table row is.
                    code, subject_text = led["code"], led["name"]
                if not item:
                    # "…；困难居民医疗救助经费完成救助…，使用区专户支付a万元；“一站式”…资金
                    # …（其中使用区专户支付b万元）": each part of a walk through items is
                    # about the item it opens with.
                    part = text.rfind("；", sentence.start, mention.span.start) + 1
                    part = max(part, sentence.start)
                    item = _item_name(
                        sentence_topic(text, Span(part, mention.span.start), mention.span.start)
                    )
                if said_of_previous and not (item and metric == "execution_rate"):
                    # In a walk through items ("…资金完成…（其中专户支付a万元，项目执行率75%）")
                    # a rate is the item's, not the part's the clause before it names.
                    subject_text = said_of_previous
                head = _TOPIC_BREAK.split(text[sentence.start : mention.span.start], maxsplit=1)
                if block not in intros:
                    at = paragraph_index.get(block)
                    intros[block] = list_intro(text, paragraphs, at) if at is not None else ""
                intro = intros[block]
                topic = paragraph_topic(text, block, sentence.start)
                limiting = f"{_limiting_heading(mention.section_path)}\n{intro}\n{topic}"
                if says_all_funds(text[sentence.start : mention.span.start]):
                    # "（注：按全部资金口径，基本支出a万元）" under a heading of 一般公共预算:
                    # the sentence says it is of all funds.
                    limiting = ""
                source, named = limits_of(
                    subject_clause, head[0], heading=limiting, own=subject_text
                )
                classes = named or None  # a sentence that names no class may be about any
                if classes is None:
                    # "（五）项目支出411,130.67万元，具体包括：" above "3.国有资产监管a万元":
                    # the items are parts of the class the list's head states.
                    classes = _class_listed(intro) or None
                if classes is None and _tail_metric(subject_text) == "income":
                    # An income (事业收入, 其他收入) is the whole of it: the part of one class
                    # of spending it pays for ("项目支出按资金来源分，事业收入b万元") is another.
                    classes = ""
                if said_of_previous and metric in _CHANGE_METRICS and facts:
                    # "财政拨款支出预算a万元，比上年增加b万元": the change is that statement's,
                    # of its sources, whatever the words before the sentence limit.
                    source, classes = facts[-1].source, facts[-1].classes
                if not source and (own := sources_opening_name(subject_text)) is not None:
                    # "一般公共预算拨款基本支出2507.88万元": the sources opening its name limit
                    # it, as a table's title limits its 基本支出 column; its name is the rest.
                    source, name_text = own
                if _RESPECTIVE.search(text, sentence.start, mention.span.start):
                    # "分别完成演出62场、48场和55场": each value is another item's; the words
                    # before them name them all.
                    subject_text = ""
                opener = _breakdown_opener(text, sentence.start, mention.span.start)
                if _metric_word_ends_a_source(subject_clause, mention.metric_text):
                    # "其中一般公共预算财政拨款a万元": 拨款 ends the source's name, no payment;
                    # the amount is what its list's head measures (全年预算数), or unknown.
                    subject_text = subject_text + (mention.metric_text or "")
                    metric = _head_metric(facts, sentence.start, opener) if opener >= 0 else None
                if opener >= 0:
                    subject_text = subject_text.removeprefix("含").removeprefix("包括")
                    if mention.metric_text in _item_tails() or (
                        metric is None
                        and mention.quantity.kind == "amount"
                        and report_measure == _BUDGET
                    ):
                        # "年初预算数a万元，其中：…事业单位经营收入资金b万元": in a budget, a part
                        # that says nothing of what its amount measures is what its head
                        # measures. (In a 绩效 report "到位资金…，其中地方资金634万元" stays a
                        # figure linked by its words as written, as it is restated.)
                        metric = _head_metric(facts, sentence.start, opener) or metric
                if not scope:
                    scope = qualifier(
                        text,
                        sentence_start=sentence.start,
                        clause=subject_clause,
                        start=mention.span.start,
                        end=mention.span.end,
                        heading=heading,
                        kind=mention.quantity.kind,
                        opened_lists=opened_lists,
                    )
                if not scope and mention.quantity.kind == "amount":
                    # "政府采购预算总额6,143.52万元": the procurement its own tables state
                    # (lexicons/table_scopes.tsv), not a class's budget.
                    scope = _title_scope(subject_text)
                    if scope:
                        # "政府采购货物预算a万元": 政府采购 is its scope, as a 政府采购预算表's
                        # title is its rows'; its name is 货物, the row's.
                        name_text = (
                            _without_title_scope_words(name_text or subject_text) or name_text
                        )
        if (
            info is None
            and metric is not None
            and metric not in _CHANGE_METRICS
            and not normalize_subject(subject_text)
        ):
            # "X预算57万元，实际支出54.54万元，预算执行率95.68%": a clause that holds only
            # its metric word gives another figure of what its sentence part is about.
            subject_text = _topic_of_part(text, facts, mention, metric) or subject_text
            if (
                metric in FUNDS_COLUMNS
                and not normalize_subject(subject_text)
                and not item
                and (topic := _funds_topic_of_paragraph(facts, block, mention, metric))
            ):
                # "部门全年预算数a万元，其中…；年初预算数b万元": a paragraph on one thing's
                # funds gives its figures in sentences that name nothing.
                subject_text = topic
        if info is None and is_changed_from(subject_clause):
            # "比例由89.8%提高到92.4%": the value it changed from, not the value it is.
            scope = scope or "from"
        if info is None and _names_after(text, mention):
            # "机关及下属1个单位共接待…": what is counted is written after the count.
            scope = scope or "rule"
        if is_rule(subject_clause) or (
            info is not None
            and mention.quantity.kind == "score"
            and scores_in_cell[info.cell_start] > 1
        ):
            # "每少1次扣1分", "每人每年3000元", a cell of grades: a rule, not a fact.
            scope = "rule"
        if info is None and _written_as_the_year(mention, year):
            # "（一）基本支出：2026 万元，主要是…": a text layer that cut "2026年本单位基本支出
            # 预算数386.73万元" apart left the year before the unit; no statement of an amount.
            scope = MISREAD_SCOPE
        if metric == _INITIAL_BUDGET and report_measure == _BUDGET and not period:
            # In a 部门预算 the year's 年初预算数 is its budget, as its tables' 预算数 are.
            metric = _BUDGET
        if info is None and metric == _EXECUTION_RATE and held is not None:
            # "累计培训652人次，完成年度目标（600人次）的108.67%": a rate among counts and no
            # money is a target's completion, not the budget's execution rate of the item.
            kinds = {m.quantity.kind for m in _mentions_in(mentions, starts, held[0])}
            if "amount" not in kinds and kinds & _COUNTED_KINDS:
                metric = _COMPLETION_RATE
        subject = normalize_subject(name_text or subject_text)
        if info is None and metric in FUNDS_COLUMNS and names_funds_total(subject_text):
            # "年度资金全年预算数a万元，执行b万元": the label of a 自评表's funds total.
            subject = FUNDS_TOTAL
        facts.append(
            Fact(
                mention=mention,
                subject=subject,
                subject_text=subject_text.strip(),
                metric=metric,
                scope=scope,
                period=period,
                block=block,
                passage=passage if passage >= 0 else block,
                entry=sentences.entry_of(mention.span.start) if info is None else (),
                row_path=row_path,
                row=row,
                item="" if _names_indicator_kind(item) else item,
                item_marker=marker,
                source=source,
                classes=classes,
                table_title=title,
                code=code,
                outcome=info is not None and info.col_key == "actual_value",
                prose=prose_key is not None,
                described=info is not None and info.described_item,
                also_source=info.also_source if info is not None else "",
                level=level_of(own_words, title, *reversed(mention.section_path)),
                listed=info is None
                and not _opens_its_clause(text, subject_clause, mention, "、和及与"),
            )
        )
    facts = _sides_with_carry_over(facts, plain_sides)
    return _inherent_sources(_item_paths_from_tables(_codes_from_tables(facts), segmented.table_at))


def _sides_with_carry_over(facts: list[Fact], plain_sides: set[Span]) -> list[Fact]:
    """A side of the statement the text names alone ("2026年收入预算a万元") is its 总计 in a
    report that carries money over to that side (收入: a 上年结转 not zero; 支出: a 结转下年
    not zero): the carry-over is part of what the budget receives or leaves, and the
    本年收入合计 of the tables differs from it by that much (real3 209). Otherwise its 合计
    and 总计 are one amount."""
    if not plain_sides:
        return facts
    carried = carried_over_sides(facts)
    if not carried:
        return facts
    return [
        replace(fact, subject=grand, subject_text=grand)
        if fact.mention.span in plain_sides
        and fact.subject.endswith(_YEAR_TOTAL_WORD)
        and fact.subject.removesuffix(_YEAR_TOTAL_WORD) in carried
        and (grand := fact.subject.removesuffix(_YEAR_TOTAL_WORD) + _GRAND_TOTAL_WORD)
        else fact
        for fact in facts
    ]


@lru_cache(maxsize=1)
def _title_scopes() -> tuple[tuple[str, str], ...]:
    return tuple((r["word"], r["scope"]) for r in lexicons.rows("table_scopes"))


def _title_scope(title: str) -> str:
    """The scope lexicons/table_scopes.tsv gives a table titled ``title`` ("" for none)."""
    compact = "".join(title.split())
    return next((scope for word, scope in _title_scopes() if word in compact), "")


def _metric_word_ends_a_source(clause: str, metric_text: str | None) -> bool:
    """The metric word read before the number is the end of a source of funds' name
    (一般公共预算财政拨款, 政府性基金预算拨款: 拨款 there names the money, not a payment)."""
    compact = "".join(clause.split())
    return (
        bool(metric_text)
        and compact.endswith(metric_text)
        and compact.endswith(_source_scope_words())
    )


def _written_as_the_year(mention: Mention, year: str) -> bool:
    """A whole amount written as the report's year (2026 万元 in a 2026 budget): far more often
    the year a PDF's text layer cut from "2026年…" than an amount of that size."""
    q = mention.quantity
    digits = "".join(ch for ch in q.surface if ch.isdigit())
    return bool(year) and q.kind == "amount" and q.decimals == 0 and digits == year


def _without_title_scope_words(subject: str) -> str:
    """A subject that opens with a word of lexicons/table_scopes.tsv without it ("政府采购货物"
    -> 货物: a row of that scope's table); "" for any other ("所属各预算单位政府采购总额" is the
    scope's total, named as its table's total row is)."""
    compact = "".join(subject.split())
    for word, _ in _title_scopes():
        rest = compact.removeprefix(word)
        if rest != compact and regex.search(r"\p{Han}", rest):
            return rest
    return ""


def _limiting_heading(section_path: Sequence[str]) -> str:
    """The heading whose source of funds limits a statement: its own heading, or the nearest
    one above it that names a source ("二、一般公共预算拨款支出情况" over an item that the
    layout made a heading of its own, "（四）2010399-其他…事务", and the items after it)."""
    for heading in reversed(section_path):
        if source_words().search(heading):
            return heading
    return section_path[-1] if section_path else ""


@lru_cache(maxsize=1)
def _inherent_source_items() -> tuple[str, ...]:
    return tuple(
        sorted((r["item"] for r in lexicons.rows("inherent_source_items")), key=len, reverse=True)
    )


def _inherent_item(subject: str) -> str:
    """The item of lexicons/inherent_source_items.tsv a subject names, "" for none."""
    return next((item for item in _inherent_source_items() if subject.startswith(item)), "")


def _inherent_sources(facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
    """A narrative statement of a 三公 item (or 机关运行经费) that names no source of funds
    takes the one source the tables state that item under: such money is of that source
    by definition, and the table names it ("财政拨款安排的…“三公”经费预算表")."""
    by_item: dict[str, set[str]] = {}
    for fact in facts:
        # A coded row (30217 公务接待费 of a 基本支出表) is a part of the item, not the item.
        if (
            fact.mention.role == "table"
            and not fact.code
            and (item := _inherent_item(fact.subject))
        ):
            by_item.setdefault(item, set()).add(fact.source)
    if not by_item:
        return facts
    sourced: list[Fact] = []
    for fact in facts:
        sources = by_item.get(_inherent_item(fact.subject), set())
        if fact.mention.role == "narrative" and not fact.source and len(sources) == 1:
            fact = replace(fact, source=next(iter(sources)))
        sourced.append(fact)
    return tuple(sourced)


_WHITESPACE = regex.compile(r"\s+")
# The levels of a 功能分类科目 code: 类 3 digits, 款 5, 项 7.
_CODE_LEVELS = {3: "类", 5: "款", 7: "项"}
# 功能分类 codes open with 2 (201 一般公共服务支出 … 232); 经济分类 codes with 3 or 5 (30217
# 公务接待费 of a 基本支出 table: only the basic part of the item the text states whole).
_FUNCTIONAL_CLASS_FIRST_DIGIT = "2"
_ITEM_CODE_DIGITS = 7  # a 项's code (2010901); its 类's has 3 digits, its 款's 5
# A name and the level written after it: 卫生健康支出（类）, 行政单位医疗（项）.
_NAMED_LEVEL = regex.compile(r"([^（）()]+)[（(][0-9]{0,4}([类款项])[)）]")


def is_one_budgets_item(code: str) -> bool:
    """A 功能分类 款 or 项 (21011, 2210201): the 政府收支分类科目 list each once, under one
    budget (一般公共预算 or 政府性基金 or 国有资本经营), so its 财政拨款 amount is that budget's.
    A 类 (212 城乡社区支出) may hold items of two budgets; an 经济分类 item (30201 办公费) is
    spent from any of them."""
    return (
        code.isdigit()
        and code.startswith(_FUNCTIONAL_CLASS_FIRST_DIGIT)
        and len(code) > min(_CODE_LEVELS)
    )


def _codes_from_tables(facts: list[Fact]) -> tuple[Fact, ...]:
    """A 功能分类 item the text names by its levels without their codes ("卫生健康支出（类）
    60.99万元") takes the code of the one table row of that name at that level (210), so
    that it is linked to the rows by code as a coded item is. A name found at that level
    with two codes (行政运行 is a 项 under every 款) gives none."""
    codes: dict[tuple[str, str], set[str]] = {}
    codes_of_name: dict[str, set[str]] = defaultdict(set)
    written_of_name: dict[str, set[str]] = defaultdict(set)  # the coded rows' names as written
    for fact in facts:
        level = _CODE_LEVELS.get(len(fact.code))
        if fact.mention.role == "table" and level and fact.code.isdigit():
            codes.setdefault((fact.subject, level), set()).add(fact.code)
            if fact.code.startswith(_FUNCTIONAL_CLASS_FIRST_DIGIT):
                codes_of_name[fact.subject].add(fact.code)
                written_of_name[fact.subject].add(_WHITESPACE.sub("", fact.subject_text))
    if not codes:
        return tuple(facts)
    coded: list[Fact] = []
    for fact in facts:
        code = ""
        if (
            fact.mention.role == "narrative"
            and not fact.code
            and fact.item
            and fact.subject == fact.item  # the item itself, not a part the paragraph names
        ):
            code = _code_of_levels(_named_levels(fact.item), codes)
        elif (
            not fact.code
            and len(named := codes_of_name.get(fact.subject, ())) == 1
            and (
                _WHITESPACE.sub("", fact.subject_text) in written_of_name[fact.subject]
                if fact.mention.role == "table"
                else len(next(iter(named))) < _ITEM_CODE_DIGITS
            )
        ):
            # "住房保障支出a万元", a 收支总表's row 行政单位医疗: the name of one coded 功能分类
            # row (221, 2101101) is that row wherever it is written without its code, so that
            # it is linked by the code as the coded rows are. A name under two codes (行政运行)
            # gives none. In the text only a 类 or 款 name is: a 项's name (行政运行, 事业运行)
            # is as often the name of a project's part ("综合管理a万元，主要包括：…行政运行b
            # 万元"). A table row only by the name as written: a 项目支出表's project 应急管理
            # 经费 is no 项 2240109 应急管理, however alike the two read once 经费 is cut.
            code = next(iter(named))
        coded.append(replace(fact, code=code) if code else fact)
    return tuple(coded)


def _item_paths_from_tables(
    facts: tuple[Fact, ...], table_at: Callable[[int], int]
) -> tuple[Fact, ...]:
    """A 功能分类 item the text names by its levels ("公共安全支出（类）公安（款）一般行政管理
    事务（项）a万元") where the tables write no codes is the row named by its last level, as
    "一般行政管理事务" in a table: its subject becomes that name. Only when, in some table,
    that row is the one row of its name and every level the text names above it is a row
    above it, in order (行政运行 is a 项 under every 款: two such rows, or 人大事务 not above
    the one, give none); and when every path the text ends with that name is a tail of one
    path (人大事务…行政运行 and 公安…行政运行 in one text are two items: neither is named)."""
    # table -> a row's name -> the rows of that name (each row once, by its first cell).
    rows_of: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for fact in facts:
        if fact.mention.role == "table" and fact.subject and fact.row >= 0:
            rows_of[table_at(fact.block)][fact.subject].add(fact.row)
    if not rows_of:
        return facts
    paths: dict[str, set[tuple[str, ...]]] = defaultdict(set)  # last level -> paths to it
    path_of: dict[int, tuple[str, ...]] = {}
    for i, fact in enumerate(facts):
        if fact.mention.role != "narrative" or fact.code or not fact.item:
            continue
        if fact.subject != fact.item:
            continue  # a part the item's paragraph names, not the item itself
        levels = _named_levels(fact.subject_text) or _named_levels(fact.item)
        if not levels:
            continue
        path = tuple(normalize_subject(name) for name, _ in levels)
        if all(path):
            path_of[i] = path
            paths[path[-1]].add(path)
    named: dict[tuple[str, ...], bool] = {}
    renamed = list(facts)
    for i, path in path_of.items():
        longest = max(paths[path[-1]], key=len)
        if any(longest[len(longest) - len(other) :] != other for other in paths[path[-1]]):
            continue
        if path not in named:
            named[path] = any(_row_under(rows, path) for rows in rows_of.values())
        if named[path]:
            renamed[i] = replace(facts[i], subject=path[-1], item=path[-1])
    return tuple(renamed)


def _row_under(rows_named: dict[str, set[int]], path: tuple[str, ...]) -> bool:
    """``path``'s last name is the name of one row of the table whose rows ``rows_named``
    indexes by name, and each name above it in ``path`` is a row above it, in order (a 类
    named without the 支出 its bracket stands before, "社会保障和就业（类）", by its whole name
    too). A table that has a row of none of them (项 rows only) places it by its name alone.
    Looked up by name, so each path costs its levels, not the table's rows."""
    leaf = rows_named.get(path[-1], set())
    if len(leaf) != 1:
        return False
    parents = [
        set().union(
            *(rows_named.get(n, set()) for n in (name, normalize_subject(name + _CLASS_NAME_END)))
        )
        for name in path[:-1]
    ]
    if not any(parents):
        return True
    below = next(iter(leaf))
    for rows in reversed(parents):
        above = [row for row in rows if row < below]
        if not above:
            return False
        below = max(above)
    return True


def _named_levels(item: str) -> list[tuple[str, str]]:
    """(name, level) of each level an item names: "卫生健康支出（类）…（项）", or its names
    joined by hyphens from the 类 down ("一般公共服务支出-政府办公厅（室）及相关机构事务-行政
    运行")."""
    named = _NAMED_LEVEL.findall(item)
    if named:
        return named
    parts = [part.strip() for part in item.split("-")]
    if 2 <= len(parts) <= len(_HYPHEN_LEVELS) and all(parts):
        return list(zip(parts, _HYPHEN_LEVELS, strict=False))
    return []


# What every 类 of the 功能分类 is named with at its end (一般公共服务支出 … 其他支出).
_CLASS_NAME_END = "支出"
# The levels of a 功能分类 item named by its names joined by hyphens, from the top.
_HYPHEN_LEVELS = ("类", "款", "项")


def _level_codes(name: str, level: str, codes: dict[tuple[str, str], set[str]]) -> set[str]:
    """The codes of the rows named ``name`` at ``level``; a 类 named without the 支出 that its
    level's bracket stands before ("社会保障和就业（类）支出a万元") is found by its full name."""
    found = codes.get((normalize_subject(name), level), set())
    if not found and level == "类":
        found = codes.get((normalize_subject(name + _CLASS_NAME_END), level), set())
    return found


def _code_of_levels(levels: list[tuple[str, str]], codes: dict[tuple[str, str], set[str]]) -> str:
    """The code of the last named level: the one code of its name whose prefixes are the
    codes of its named parents (each one, or unknown). 行政运行 is a 项 under every 款;
    "检察（款）行政运行（项）" is the one under 检察's code (2040401 under 20404)."""
    if not levels:
        return ""
    found = [_level_codes(name, level, codes) for name, level in levels]
    for k, (name, _) in enumerate(levels[:-1]):
        if not found[k]:
            # A level named with the wrong bracket ("事业单位离退休（类）", a 款): its row at
            # whatever level the tables have it.
            found[k] = {
                c for (n, _), cs in codes.items() if n == normalize_subject(name) for c in cs
            }
    if len(found) > 1 and not found[-2] and any(level == levels[-2][1] for _, level in codes):
        # "林业和草原（款）一般行政管理事务（项）支出0万元" where the tables have no 林业和草原
        # row (nothing budgeted under it): the 项 is under that 款, not the 一般行政管理事务
        # row of another 款 the tables do list. (A 类 above it named otherwise than the tables
        # name it, 计划生育支出 for 卫生健康支出, does not unplace it; nor does a level the
        # tables list no row of, 项 rows only.)
        return ""
    parents = [next(iter(c)) for c in found[:-1] if len(c) == 1]
    if not found[-1] and parents:
        # "…离退休（款）机关事业单位基本养老保险费（项）" where the table's row under that 款
        # reads 机关事业单位基本养老保险缴费支出: the one row under the named parent whose name
        # is clearly the nearest.
        found[-1] = _nearest_code_under(*levels[-1], max(parents, key=len), codes)
    under = [code for code in found[-1] if all(code.startswith(p) for p in parents)]
    if len(found[-1]) > 1 and not parents:
        return ""  # a name under two codes, its parent unnamed or unknown
    return under[0] if len(under) == 1 else ""


# How alike a name written in the text and its row's name must be (difflib's ratio), and by
# how much the nearest row must beat the next one under the same parent.
NEAR_NAME_RATIO = 0.75
NEAR_NAME_MARGIN = 0.1


def _nearest_code_under(
    name: str, level: str, parent: str, codes: dict[tuple[str, str], set[str]]
) -> set[str]:
    """The code of the one row at ``level`` under ``parent`` whose name is nearest to
    ``name`` (a word added or two words swapped: 一般行政事务管理 / 一般行政管理事务), when
    it is near enough and clearly nearer than any other; empty otherwise."""
    wanted = normalize_subject(name)
    scored = sorted(
        (
            (SequenceMatcher(None, wanted, row_name, autojunk=False).ratio(), code)
            for (row_name, row_level), row_codes in codes.items()
            if row_level == level
            for code in row_codes
            if code.startswith(parent) and code != parent
        ),
        reverse=True,
    )
    if not scored or scored[0][0] < NEAR_NAME_RATIO:
        return set()
    if len(scored) > 1 and scored[1][0] > scored[0][0] - NEAR_NAME_MARGIN:
        return set()
    return {scored[0][1]}


def is_statement_side(item: str) -> bool:
    """An item that is a side of the statement ("（一）收入预算：…"): what its paragraph's
    figures are parts of, not words that narrow their names."""
    return bool(side_named_alone(item))


def _names_indicator_kind(item: str) -> bool:
    """ "1.数量指标：全年完成…": a run-in title naming a kind of indicators (数量指标, 效益指标;
    lexicons/relation_cues.tsv indicator_word), not an item the statements under it are of."""
    core = item.strip(" ：:。．.、")
    return bool(core) and core.endswith(_indicator_words())


@cache
def _indicator_words() -> tuple[str, ...]:
    return tuple(r["word"] for r in lexicons.rows("relation_cues") if r["role"] == "indicator_word")


def _item_name(lead: str) -> str:
    """The item a lead-in or part topic names, normalised; "" for a heading of a kind of
    things ("①数量指标：…", "收入情况"): not an item."""
    item = normalize_subject(_without_metric_tail(lead))
    if item.endswith(_subject_words()["section_tail"]):
        return ""
    # "苏州市某局2026年度一般公共预算拨款安排的会议费…": the unit, its year and its sources
    # open the sentence; they say whose money it is, not which item.
    whose = source_words().sub("", _YEAR_WORD.sub("", leading_department().sub("", item)))
    return item if normalize_subject(whose.removeprefix("拨款")) else ""


# The metrics of a budget and of the budget set at the year's start (年初预算数).
# The metric of a budget's figures (lexicons/metric_names.tsv), and of the year's 年初预算数.
BUDGET_METRIC, _INITIAL_BUDGET = "budget", "initial_budget"
_BUDGET = BUDGET_METRIC
_SPENDING = "expenditure"  # the metric of an amount spent (支出a万元)
# The metric of a statement's side total (收入合计, 支出总计).
STATEMENT_TOTAL_METRIC = "statement_total"


def named_with_sources(fact: Fact) -> str:
    """How a finding names a fact: a statement's total with the sources of funds it is
    limited to (一般公共预算财政拨款支出合计, not a bare 支出合计), budgets before 财政拨款."""
    # "群众对公共文化服务的满意度": a message writes its own 的 before the metric.
    name = (fact.subject_text or fact.subject).removesuffix("的")
    if fact.metric == STATEMENT_TOTAL_METRIC and fact.source:
        sources = sorted(fact.source.split("+"), key=lambda s: s == "财政拨款")
        return "".join(sources) + name
    return name


# A side's total of the year's money (收入合计) and of all of it, carry-over too (收入总计).
_YEAR_TOTAL_WORD = "合计"
_THIS_YEARS_SIDE = regex.compile(r"本年度?(?:预算|决算)?(?:收入|支出)")
_GRAND_TOTAL_WORD = "总计"
# The sides of a statement, as the names of its totals hold them (收入合计, 支出总计).
STATEMENT_SIDES = ("收入", "支出")
# A side named alone, maybe as a budget's or a final account's, maybe as its total (收入预算,
# 支出决算数, 收入合计).
_SIDE_ALONE = regex.compile(rf"{_SIDE_WORDS}(?:合计|总计|总额)?")
# A carry-over word of either side (lexicons/carry_over_words.tsv).
ANY_SIDE = "any"


def side_named_alone(name: str) -> str:
    """收入 or 支出 for a name that is a side of the statement and nothing else ("收入预算",
    "支出合计"); "" for an item's (事业收入, 项目支出) or a name of both sides."""
    found = _SIDE_ALONE.fullmatch(name)
    return found.group(1) if found else ""


@lru_cache(maxsize=1)
def carry_over_words() -> tuple[tuple[str, str], ...]:
    """lexicons/carry_over_words.tsv: (word, the side it carries money onto)."""
    return tuple((r["word"], r["side"]) for r in lexicons.rows("carry_over_words"))


def carried_over_sides(facts: Sequence[Fact]) -> frozenset[str]:
    """The sides of the statement (收入, 支出, or ANY_SIDE for a word of either) onto which the
    document states money carried over that is not zero (lexicons/carry_over_words.tsv)."""
    return frozenset(
        side
        for fact in facts
        if fact.mention.quantity.kind == "amount" and fact.mention.quantity.value > 0
        for word, side in carry_over_words()
        if word in fact.subject
    )


# The subject of a narrative figure that names a 自评表's funds total by its label: which
# form's total (the 部门整体 form's, a project's) is decided where all facts are known
# (crosscheck/align/links.py).
FUNDS_TOTAL = "年度资金总额"


@lru_cache(maxsize=1)
def _funds_total_names() -> frozenset[str]:
    """lexicons/name_words.tsv funds_total: the narrative's names of a form's funds total."""
    return frozenset(r["word"] for r in lexicons.rows("name_words") if r["role"] == "funds_total")


def names_funds_total(subject_text: str) -> bool:
    """ "2023年度资金总额为a万元", "年度资金全年预算数b万元": the words name the funds total
    of a self-evaluation form (its row 年度资金总额), nothing else: no unit, no project."""
    compact = _QUOTES.sub("", _ITEM_NUMBER.sub("", subject_text)).strip()
    if (year := _YEAR_WORD.match(compact)) is not None:
        compact = compact[year.end() :]
    return split_metric(compact)[0] in _funds_total_names()


def _without_metric_tail(name: str) -> str:
    """An item's name without the metric word that ends its clause: "基本支出年初预算数为…"
    is about 基本支出, its 年初预算数 one of the figures the part gives of it. A metric word
    that took a class's 支出 (基本支出决算数) leaves the class whole."""
    before, metric_word = split_metric(name)
    if metric_word is None or not normalize_subject(before):
        return name
    for tail in _subject_words()["item_tail"]:
        if metric_word.startswith(tail) and (before + tail).endswith(_class_scope_words()):
            return before + tail
    return before


# A rate or amount of change, a share, an execution rate: said of what the clause before it
# names when their own clause names nothing.
_CHANGE_METRICS = frozenset({"growth_rate", "decline_rate", "increase", "decrease"})
_SAID_OF_PREVIOUS = _CHANGE_METRICS | {"share", "execution_rate"}


def _previous_subject(text: str, facts: list[Fact], mention: Mention) -> str:
    """The subject of the narrative fact right before ``mention`` in its sentence part (no
    ；or full stop between), when that fact named it in its own clause."""
    if not facts:
        return ""
    previous = facts[-1]
    if previous.mention.role != "narrative" or not previous.subject:
        return ""
    between = text[previous.mention.span.end : mention.span.start]
    if _PART_END.search(between):
        return ""
    return _with_own_metric_word(previous.subject_text, mention)


_PART_END = regex.compile(r"[。；;！？!?\n]")

# How many facts back a sentence part's topic is looked for, and a paragraph's.
TOPIC_LOOKBACK = 4
PARAGRAPH_LOOKBACK = 8


def _topic_of_part(text: str, facts: list[Fact], mention: Mention, metric: str) -> str:
    """The name of the nearest narrative fact before ``mention`` in its sentence part (no
    ；or full stop between) that has one and another metric: the thing the part gives
    several figures of (its budget, its spending, its rate)."""
    end = mention.span.start
    for previous in reversed(facts[-TOPIC_LOOKBACK:]):
        if previous.mention.role != "narrative":
            return ""
        if _PART_END.search(text, previous.mention.span.end, end):
            return ""
        if previous.subject and previous.metric not in (None, metric):
            return _with_own_metric_word(previous.subject_text, mention)
        end = previous.mention.span.start
    return ""


def _with_own_metric_word(topic: str, mention: Mention) -> str:
    """A topic taken from another figure's name, for ``mention``: the metric word that ends
    it ("部门资金全年预算数") is the other figure's, so ``mention``'s own word takes its place
    ("部门资金年初预算数", whose 年初预算数 the name's core drops as its own). A word that also
    ends an item's name (工资福利支出, 事业收入) is the thing's."""
    thing, metric_word = split_metric(topic)
    if metric_word is None or metric_word in _item_tails():
        return topic
    return thing + (mention.metric_text or "")


def _funds_topic_of_paragraph(facts: list[Fact], block: int, mention: Mention, metric: str) -> str:
    """The thing a paragraph gives the funds of, for a figure of its that names nothing: the
    name of the paragraph's first fact, when that is a figure of those funds with another
    metric (its 全年预算数 before a 年初预算数) and every fact between names nothing, a
    source of its funds ("其中一般公共预算拨款a万元、其他资金b万元") or the same thing (its
    年初预算数, its 年中追加 after a ；). Another thing named
    between ("…；项目支出c万元；…", "其中基本支出d万元") may be what the figure is about."""
    before = len(facts) - PARAGRAPH_LOOKBACK - 1
    if before >= 0 and facts[before].block == block:
        return ""  # a paragraph of many figures: its first is too far to be their topic
    paragraph = [
        f for f in facts[-PARAGRAPH_LOOKBACK:] if f.block == block and f.mention.role == "narrative"
    ]
    if not paragraph:
        return ""
    topic = paragraph[0]
    if not topic.subject or topic.source or topic.metric not in FUNDS_COLUMNS:
        return ""
    if topic.metric == metric:
        return ""
    thing = split_metric(topic.subject_text)[0]
    if any(
        between.subject and not between.source and split_metric(between.subject_text)[0] != thing
        for between in paragraph[1:]
    ):
        return ""
    return _with_own_metric_word(topic.subject_text, mention)


# What may stand between a total's name and its number: 本年收入合计为…, 收入总计：…
_TOTAL_CONNECTORS = regex.compile(r"[为是：:\s]+$")


def _names_the_unit(clause: str, rest: str) -> bool:
    """The clause opens with the reporting unit ("XX局2026年收入预算…", "本部门收入预算…")."""
    compact = _lead_pattern().sub("", _QUOTES.sub("", clause))
    return rest != compact or compact.startswith(("本部门", "部门", "本单位", "单位"))


def _without_agent(clause: str) -> str:
    """A clause without the years and the reporting unit that open it."""
    from crosscheck.departments import leading_department

    compact = _lead_pattern().sub("", _QUOTES.sub("", clause))
    agent = leading_department().match(compact)
    rest = compact[agent.end() :] if agent is not None else compact
    return _lead_pattern().sub("", rest)


def _opens_its_sentence(text: str, clause: str, mention: Mention) -> bool:
    """The clause opens its sentence or line ("支出预算a万元，其中：…"), not a part after a
    comma or a colon ("**3. …（项）：**支出决算为b万元" is the item's)."""
    start = mention.span.start - len(clause)
    return start <= 0 or text[start - 1] in SENTENCE_END_CHARS


# What ends a sentence or a line before a clause that opens the next.
SENTENCE_END_CHARS = "。！？!?\n"


def _opens_its_clause(text: str, clause: str, mention: Mention, not_after: str = "") -> bool:
    """The clause opens its sentence, its part or a list ("（一）因公出国（境）费a万元",
    "…；公务接待费b万元", "其中：基本支出c万元"): an item's own statement. Not a clause after a
    comma or an item of a 、-list ("A136万元、B118万元"), whose words are often a detail of
    what the sentence is about ("…项目，申请资金a万元，审核资金b万元")."""
    start = mention.span.start - len(clause)
    if start <= 0:
        return True
    if not_after:  # only whether a list's joiner stands before it
        return text[start - 1] not in not_after
    return text[start - 1] in "。；;：:\n）)"


# Where a 功能分类科目 item can end: after "类)"/"款)"/"项)", or before (a quote and) 科目.
# A budget item written as its code, a dash and its name: "（二）2010302-一般行政管理事务",
# "2080505—机关事业单位基本养老保险缴费支出" (a 类, 款 or 项 code: 3, 5 or 7 digits).
# A 功能分类 item named by its code and its name, after the item's list marker maybe: the
# code first ("（三）2010350-事业运行") or after the name in brackets ("3.普法宣传（2040605）安排").
_ITEM_LEAD = (
    r"^\s*(?:[（(][一二三四五六七八九十0-9]{1,3}[)）]|[一二三四五六七八九十0-9]{1,2}[、.．])?\s*"
)
_FUNCTION_CODE = r"(?P<code>[0-9]{7}|[0-9]{5}|[0-9]{3})"
_CODE_TRAILED_NAME = regex.compile(
    rf"{_ITEM_LEAD}(?P<name>[^0-9\s，,。；;：:（）()]{{2,30}})\s*[（(]{_FUNCTION_CODE}[)）]\p{{Han}}{{0,4}}$"
)
_CODE_LED_NAME = regex.compile(
    rf"{_ITEM_LEAD}{_FUNCTION_CODE}\s*[-－—–]\s*(?P<name>[^0-9\s，,。；;：:]{{2,30}})$"
)
_LINE_ITEM_END = regex.compile(r"[类款项][)）]|[”\"]?科目")
# The characters a line item's lookahead (”科目) may need after its end.
_LINE_ITEM_LOOKAHEAD = 3
# How far back from a quantity the item it is said of may stand in its paragraph: a line
# item's paragraph of explanations is far shorter.
LINE_ITEM_LOOKBACK = 2000


class _LineItems:
    """Where the line items of a text may end, found in one pass.

    The backward search from a quantity scanned its whole paragraph when no item was
    there (the common case), once per quantity: quadratic in a long paragraph (a
    report with CR line ends was one). It now starts at the last place an item can end.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._ends = [
            m.end() if m.group()[-1] in ")）" else m.start() for m in _LINE_ITEM_END.finditer(text)
        ]

    def before(self, paragraph_start: int, start: int) -> str:
        """The 功能分类科目 item (names with （类/款/项）) last written before ``start`` in its
        paragraph, if any."""
        last = bisect_right(self._ends, start) - 1
        if last < 0 or self._ends[last] <= paragraph_start:
            return ""
        stop = min(start, self._ends[last] + _LINE_ITEM_LOOKAHEAD)
        # Not further back than LINE_ITEM_LOOKBACK: a page saved as one line is one
        # paragraph, and a search back to its start for every quantity was quadratic.
        floor = max(paragraph_start, start - LINE_ITEM_LOOKBACK)
        found = _LINE_ITEM.search(self._text, floor, stop)
        # "1、文化旅游…（类）": the list marker's 、 is no part of the name.
        return found.group().lstrip("、．.") if found is not None else ""


@lru_cache(maxsize=1)
def _amount_verbs() -> tuple[tuple[str, str], ...]:
    """Metric words of amounts that act as verbs (支付, 拨付, 上解, 安排 …), longest first."""
    found = {
        r["word"]: r["key"]
        for r in lexicons.rows("metrics")
        if "amount" in r["kinds"].split(",") and len(r["word"]) >= 2
    }
    return tuple(sorted(found.items(), key=lambda item: len(item[0]), reverse=True))


def _opening_verb(clause: str) -> tuple[str | None, str]:
    """The metric of an amount whose clause opens with it ("上解X资金82.24万元": paid), and
    the words after it (X资金); (None, clause) when the clause opens with none."""
    opening = _lead_pattern().sub("", _QUOTES.sub("", clause))
    opening = _LEADING_VERBS.sub("", opening)
    for word, key in _amount_verbs():
        if opening.startswith(word) and len(opening) > len(word) + 1:
            return key, opening[len(word) :]
    if opening.startswith(_subject_words()["means"]):
        # "通过区财政局资金专户上解X资金a万元": the means first, then the verb.
        found = [
            (at, word, key)
            for word, key in _amount_verbs()
            if (at := opening.find(word)) > 0 and len(opening) > at + len(word) + 1
        ]
        if found:
            at, word, key = min(found, key=lambda f: (f[0], -len(f[1])))
            return key, opening[at + len(word) :]
    return None, clause


# Verbs that only say "in all" before the verb that matters (共计支付, 累计拨付).
_LEADING_VERBS = regex.compile(r"^(?:共计|累计|合计|总计|全年|实际)+")


def _names_after(text: str, mention: Mention) -> bool:
    """A count whose counted thing follows it ("0个单位出国团组", "12个村卫生室"): the
    words before it do not name it."""
    end = mention.span.end
    return (
        mention.quantity.kind == "count"
        and end < len(text)
        and regex.match(r"\p{Han}", text[end]) is not None
    )


# A list of values that are respectively the items named before ("A、B分别为a万元、b万元"):
# 分别 in the number's clause, the list's 、/和 included (searched backwards).
_RESPECTIVE = regex.compile(r"分别[^，,。；;！？!?\n]*$")


# What opens a breakdown of the amount before it: "年初预算a万元（含基本支出b万元，…）",
# "…，其中基本支出b万元". Searched backwards from a part.
# （含, 其中, and the 包括 that lists a total's parts ("预算a万元，包括在职人员经费b万元、…").
_BREAKDOWN_OPENER = regex.compile(r"[（(]含|其中|包括", regex.REVERSE)


def _breakdown_opener(text: str, sentence_start: int, start: int) -> int:
    """Where the breakdown holding ``start`` opens, or -1: the last （含 / 其中 of its
    sentence before it, a bracket not closed before it."""
    found = _BREAKDOWN_OPENER.search(text, sentence_start, start)
    if found is None:
        return -1
    if found.group().endswith("含") and regex.search(r"[)）]", text[found.end() : start]):
        return -1
    return found.start()


def _head_metric(facts: list[Fact], sentence_start: int, opener: int) -> str | None:
    """The metric of the amount a breakdown breaks down: the last amount of the sentence
    before the opener. Its parts named by an item (基本支出, 项目支出) are of that metric:
    "年初预算a万元（含基本支出b万元）" states a budget of 基本支出, not a spending."""
    for fact in reversed(facts):
        start = fact.mention.span.start
        if start < sentence_start:
            return None
        if fact.mention.span.end <= opener and fact.mention.quantity.kind == "amount":
            # A statement's total is broken down into items, each of the report's measure.
            return fact.metric if fact.metric != STATEMENT_TOTAL_METRIC else None
    return None


@lru_cache(maxsize=1)
def _class_scope_words() -> tuple[str, ...]:
    return tuple(r["word"] for r in lexicons.rows("scope_words") if r["kind"] == "class")


@lru_cache(maxsize=1)
def _source_scope_words() -> tuple[str, ...]:
    return tuple(r["word"] for r in lexicons.rows("scope_words") if r["kind"] == "source")


@lru_cache(maxsize=1)
def _item_tails() -> tuple[str, ...]:
    return _subject_words()["item_tail"]


def _row_subject(row_label: str) -> tuple[str, str | None]:
    """A table row's subject and the metric its label names, from the leaf of its label.

    "（1）基本支出": 基本支出 (支出 ends the item's name: an item tail); "群众满意度":
    群众 and satisfaction; "（2）年初预算指标结余": the item number dropped.
    """
    leaf = _row_leaf(row_label)
    subject, metric_word = split_metric(leaf)
    if metric_word is None or leaf.endswith(_source_scope_words()):
        return leaf, None  # 一般公共预算拨款: a source of funds, not a payment (拨款)
    if metric_word in _item_tails():
        return leaf, None  # 基本支出, 事业收入: the item's own name; the column says the metric
    return subject, _metric_key(metric_word)


_INCOME_TAIL = "收入"
# The classes of spending a table may be all of: its total row is that class's total.
_CLASS_TABLES = ("项目支出", "基本支出")


def _tail_metric(row_label: str) -> str | None:
    """The metric of the item tail (收入, 支出) that ends a row label's leaf, if any."""
    _, metric_word = split_metric(_row_leaf(row_label))
    return _metric_key(metric_word) if metric_word in _item_tails() else None


def _row_leaf(row_label: str) -> str:
    """The last level of a row's label path without its item number or 其中："""
    return PART_OPENER.sub("", _ITEM_NUMBER.sub("", row_label.split(" / ")[-1]).strip())


@lru_cache(maxsize=1)
def _metric_map() -> dict[str, str]:
    """A table column's metric word -> its key: a word's first row (增长 is a growth
    rate in a header; its amount row is for narrative quantities)."""
    found: dict[str, str] = {}
    for row in lexicons.rows("metrics"):
        found.setdefault(row["word"], row["key"])
    return found


def _metric_key(word: str) -> str | None:
    return _metric_map().get(word)


# A row label that names an item's total: the item, then 合计 or 小计 (人员经费合计).
_ITEM_TOTAL = regex.compile(rf"(.{{2,}}?)(?:{'|'.join(TOTAL_ENDINGS)})")


def _is_total_row(row_label: str | None) -> bool:
    """A row that totals its table or its side: 合计, 总计, 本年支出合计, 支出总计."""
    if not row_label:
        return False
    leaf = normalize_header(_ITEM_NUMBER.sub("", row_label.split(" / ")[-1]))
    return leaf in TOTAL_LABELS or leaf.endswith(("合计", "总计"))


def _is_grand_total(row_label: str | None) -> bool:
    return bool(row_label) and normalize_header(row_label.split(" / ")[-1]) in GRAND_TOTALS


def _table_title(table: Table | None, parsed_title: str | None, text: str = "") -> str:
    """A table's title: its caption or the line above it (``parsed_title``), else the
    heading right above it when that names a table ("四、财政拨款收支预算总表"), or when a
    sentence right above introduces the table ("七、重点项目绩效目标情况" over "…情况如下："):
    a table that some words open is a statement of its own, not a page of the one before."""
    if table is None:
        return ""
    title = parsed_title or (table.section_path[-1] if table.section_path else "")
    if _statement_title(parsed_title, title):
        return title
    return title if title and _introduced(text, table.span.start) else ""


def _statement_title(parsed_title: str | None, title: str) -> bool:
    """The title is a table's own (its caption or the line above it) or a heading that
    names a table, not a heading over the words that introduce one."""
    return bool(parsed_title) or _TITLE_END.search(title) is not None


def _introduced(text: str, start: int) -> bool:
    """The last line before ``start`` is a sentence that announces what follows ("…如下：")."""
    line = text[max(0, start - _INTRO_REACH) : start].rstrip().rsplit("\n", 1)[-1].strip()
    return bool(line) and line.endswith(_INTRO_ENDS)


_INTRO_REACH = 200  # how far back the line that introduces a table is looked for
_INTRO_ENDS = ("：", ":")


# A title of a table: "…预算总表", "…情况表", "…表（二）".
_TITLE_END = regex.compile(r"表[)）]?$|表[（(][^）)]*[)）]$")


def table_of(segmented: Segmented, span: Span) -> Table | None:
    """The table holding ``span``."""
    i = segmented.table_at(span.start)
    return segmented.tables[i] if i >= 0 and segmented.tables[i].span.contains(span) else None
