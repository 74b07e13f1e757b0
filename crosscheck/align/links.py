"""Alignment (DESIGN §1 ``align``): which facts state the same fact, with a score and the reasons.

Linking is scoring, not key equality (DESIGN §2b). Every fact with a name (its
subject) looks for the facts elsewhere in the document that may state it:

1. **Compatible**: the same kind and unit family (人次 apart from 户; 万元 and 元 are
   one amount), the same scope (a 年度指标值 is a target, never an actual value; the
   head total of a 其中 list) and period (上年, another year), and metrics that agree
   (both the same metric; or, for a percent, count or measure, one side without a
   metric word: "毛入学率达到93.4%" is the row 毛入学率's value). An amount needs its
   metric on both sides: "住房公积金184.60万元" alone may be a budget or a spending.
2. **Scored**: the two names are compared by words (crosscheck/align/names.py): the
   words they share, weighted by how rare each is in the document, light words
   (verbs, places, noun tails) counting little; different scope words, or content
   words on both sides that the other lacks, score 0.
3. **Unique**: a fact links to the facts of its best-scoring name only when that
   score reaches LINK_SCORE, beats the second-best name by LINK_MARGIN, and the other
   side's best name is this fact's name too (mutual best). Two candidates that fit
   equally well mean no link: a missed contradiction costs less trust than a false one.

Pairs that are never linked, because their structure says they are two facts:

- two facts in one table cell, or two cells of one table row (执行数 and 决算数 side by
  side; the 收入 and 支出 halves of a 收支总表 row);
- two rows of one table (a table states each fact once; the same leaf indicator under
  产出指标 and under 效益指标 is two indicators);
- two facts in one paragraph (in one passage of it, where sections run into one line:
  segment/numbering.py), unless they name the same item with the same metric and
  no other item's value of that metric stands between them ("住房公积金（项）预算a万元，
  …，预算安排b万元" states one budget twice; "A预算a万元，B预算b万元" is a list);
- an item that recurs under several totals (工资福利支出) stated in two sections with
  no 其中 naming its head.

The links form groups (connected facts); CC201 reports the links whose values
disagree; ``crosscheck align`` and ``Report.links_frame()`` show every link.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from itertools import pairwise

import regex

from crosscheck.align.keys import (
    BUDGET_METRIC,
    FUNDS_TOTAL,
    GROUP_SCOPE,
    MISREAD_SCOPE,
    STATEMENT_SIDES,
    STATEMENT_TOTAL_METRIC,
    Fact,
    is_breakdown_item,
    is_metric_word,
    is_one_budgets_item,
    is_statement_side,
)
from crosscheck.align.names import (
    NameMatch,
    NameWeights,
    clean_name,
    match_names,
    split_agent,
    without_flow_words,
    without_locative,
)
from crosscheck.align.qualifiers import (
    appropriation,
    budget_appropriations,
    limits_of,
    one_budgets_appropriation,
    source_words,
)
from crosscheck.align.words import string_core, without_leading_suffixes, without_suffixes
from crosscheck.compare import Agreement, compare, compare_targets, quantum
from crosscheck.extractor.measures import base_of
from crosscheck.extractor.patterns import numbering_shape
from crosscheck.lexicons import mapping, rows
from crosscheck.segment.numbering import iter_markers, sibling_entries
from crosscheck.tables.forms import FUNDS_COLUMNS, WHOLE_UNIT, is_funds_total
from crosscheck.tables.layouts import recognise as recognise_layout
from crosscheck.types import Quantity

FactKey = tuple[str, str | None, str, str]  # subject, metric, scope, period

# The least score of two names that state one fact, and by how much the best name
# must beat the second best (names.py explains the score).
LINK_SCORE = 0.6
LINK_MARGIN = 0.1
# What opens a name compared as written, never by words: a 功能分类 code, a statement's total.
CODE_MARK = "#"
STATEMENT_TOTAL = STATEMENT_TOTAL_METRIC  # the metric of a statement's 收入合计 / 支出总计
# The name of a narrative figure of a form's funds total until the form is known (align).
FUNDS_TOTAL_NAME = f"{CODE_MARK}{FUNDS_TOTAL}"
# The name of a survey's rate the text gives without saying whose ("满意度为96.1%"), until
# the one form row of that rate names it (see _survey_rates_named).
UNNAMED_SURVEY_NAME = f"{CODE_MARK}survey"
# … and the least score when the narrative's name is the narrower one (see _choices).
NARROWER_LINK_SCORE = 0.8
# A name written the same way on both sides: the link of highest confidence.
EXACT_SUBJECT_SCORE = 1.0
# What ends a sentence part: two values of one paragraph on either side are two statements.
_PART_BREAK = regex.compile(r"[。；;！？!?\n]")
_SENTENCE_END = regex.compile(r"[。！？!?]")
# A count or percent without a metric word is one fact only for a specific name:
# 惠及农村义务教育学生, not 教师 in two schools' paragraphs.
MIN_PLAIN_NAME = 4
# How many statements of a name, before and after it, a statement is compared with.
MAX_NEAREST = 8
# A pair of characters in more names than this does not propose candidates (the words
# still score): every name of a 医疗救助 report holds 救助.
MAX_PROPOSING_NAMES = 40


@cache
def _comparable_metrics() -> frozenset[str]:
    """Metrics whose value is one fact of its subject (lexicons/metric_names.tsv ``one_value``)."""
    return frozenset(r["key"] for r in rows("metric_names") if r.get("one_value") == "yes")


@dataclass(frozen=True, slots=True)
class Link:
    """Two facts that state one fact, and how their values agree."""

    a: Fact
    b: Fact
    agreement: Agreement
    key: FactKey  # the group's key: subject, metric, scope, period
    score: float = EXACT_SUBJECT_SCORE
    names: NameMatch | None = None  # set when the two names differ as written

    @property
    def kind(self) -> str:
        """table-narrative, narrative-narrative or table-table."""
        return "-".join(sorted((self.a.mention.role, self.b.mention.role), reverse=True))

    def reasons(self, lang: str = "zh") -> tuple[str, ...]:
        """Why the two were linked: the shared name (and how), metric, scope, period, unit."""
        _, metric, scope, period = self.key
        unit = self.a.mention.quantity.unit
        a_name, b_name = (
            self.a.subject_text or self.a.subject,
            self.b.subject_text or self.b.subject,
        )
        if lang == "en":
            if self.names is None:
                subject_reason = f"same subject: {self.a.subject}"
            else:
                subject_reason = (
                    f"same subject by words ({self.score:.2f}): {a_name} / {b_name}; "
                    f"shared: {' '.join(self.names.shared)}"
                )
            return (
                subject_reason,
                f"same metric: {metric_name(metric, 'en') or 'named by the subject'}",
                f"same scope: {scope or 'unqualified'}",
                f"same period: {period or 'report year'}",
                f"same unit: {unit}",
            )
        if self.names is None:
            subject_reason = f"同一对象：{self.a.subject}"
        else:
            subject_reason = (
                f"同一对象（按词比较，{self.score:.2f}）：{a_name} / {b_name}；"
                f"共有词：{'、'.join(self.names.shared)}"
            )
        return (
            subject_reason,
            f"同一指标：{metric_name(metric) or '由名称指明'}",
            f"同一口径：{scope or '未限定'}",
            f"同一期间：{period or '本年'}",
            f"单位一致：{unit}",
        )


@dataclass(frozen=True, slots=True)
class FactGroup:
    """Facts joined by links (a connected group), and the links between them."""

    key: FactKey
    facts: tuple[Fact, ...]
    links: tuple[Link, ...]

    @property
    def score(self) -> float:
        """The weakest link's score: how sure the whole group is."""
        return min(link.score for link in self.links)

    @property
    def name(self) -> str:
        return self.key[0]


def metric_name(key: str | None, lang: str = "zh") -> str:
    """execution_rate -> 执行率; count:人次 -> 数量（人次）."""
    if key is None:
        return ""
    if key.startswith("count:"):
        return ("数量（" + key[6:] + "）") if lang == "zh" else f"count ({key[6:]})"
    return mapping("metric_names", "key", lang).get(key, key)


@dataclass(frozen=True, slots=True)
class _Linkable:
    """A fact that may be linked, with what linking compares."""

    fact: Fact
    name: str  # the cleaned name (crosscheck/align/names.py)
    metric: str | None  # the metric that tells facts apart (None: named by the subject)
    table: int  # the index of its table, -1 in text
    exact_only: bool = False  # an amount with no metric: linked only to its words written again
    outcome: bool = False  # a 绩效指标 row's 实际完成值: the year's output, a flow by nature
    # The name without the item it was prefixed with (empty when it has none): words of the
    # paragraph's item are context, not words the statement narrows its subject by.
    own_name: str = ""
    # Named by its item because its subject only shortens the item's name: its own words fit
    # a paragraph that names no item, not another item's statement or a form's row.
    named_by_item: bool = False


def _unit_family(fact: Fact) -> str:
    """Quantities of one family may state one fact: 人 and 名 are one, 人次 and 户 are not."""
    q = fact.mention.quantity
    if q.kind == "measure":
        base = base_of(q)  # 公顷 and 亩 are one family, 亩 and 公里 two
        return f"measure:{base[0] if base else q.unit}"
    if q.kind == "count":
        return f"count:{'人' if q.unit == '名' else q.unit}"
    return q.kind


def _own_metric(fact: Fact, comparable: frozenset[str]) -> str | None:
    """The metric that tells this fact apart, or None when its name alone says what it is.

    A count's metric word that is not one value per subject (人次, 救助, 参保) only
    repeats its measure word or verb: the name says what is counted.
    """
    metric = fact.metric
    if metric is None or metric in ("target_value", "actual_value"):
        return None
    if fact.mention.quantity.kind in ("count", "measure") and metric not in comparable:
        return None
    return metric


def _unnamed_own_funds(facts: Sequence[Fact]) -> set[int]:
    """The narrative figures of the report's own funds that name nothing ("全年实际支出306.56
    万元，预算执行率95.80%"): a funds metric, no subject, scope, period, source or item, and
    nothing named before them in their paragraph (after "项目支出全年预算数a万元。" a bare
    年初预算数 may be the projects'). Their indexes in ``facts``."""
    named_blocks: set[int] = set()
    found: set[int] = set()
    for i, fact in sorted(enumerate(facts), key=lambda pair: pair[1].mention.span.start):
        if fact.mention.role != "narrative":
            continue
        # "项目全年执行815.26万元": words that name nothing (项目, 全年, 执行) are no name.
        # Linked by those names: the unit's own funds (部门资金), a form's funds total, one
        # source of funds (中央资金支出).
        named_as_funds = (
            fact.subject in (WHOLE_UNIT, FUNDS_TOTAL)
            or _names_whole_unit(fact)
            or bool(_named_by_funds_source(fact.subject_text))
        )
        # "本项目年初预算数a万元": its words less its own metric word name nothing either.
        unnamed = not fact.subject or (
            not named_as_funds
            and not (
                _names_something(clean_name(fact.subject))
                and _names_something(_core_name(fact, fact.metric))
            )
        )
        if not unnamed and not named_as_funds:
            # A named statement makes the paragraph that thing's ("（一）提质改造88.2公里，
            # 支出a万元": a's); the sources its total is broken into ("其中中央财政资金b万元")
            # name no other.
            named_blocks.add(fact.block)
            continue
        if (
            unnamed
            and fact.metric in FUNDS_COLUMNS
            and not (fact.scope or fact.period or fact.source or fact.item)
            and fact.block not in named_blocks
        ):
            found.add(i)
    return found


def _core_name(fact: Fact, metric: str | None) -> str:
    """A subject without its edges as words.py cuts them (lead words, its own metric word,
    suffixes) and without where it was done: what is compared word by word."""
    return without_locative(clean_name(string_core(fact.subject, metric)))


def _names_whole_unit(fact: Fact) -> bool:
    """ "…局部门资金预算执行数": the reporting unit as a whole, once its own name is cut."""
    return split_agent(_core_name(fact, fact.metric))[1] in _whole_unit_words()


def _unnamed_survey_rate(fact: Fact) -> bool:
    """ "…共收集利用者评价3,206份，满意度为96.1%": a survey's rate in the text naming no one."""
    return (
        fact.mention.role == "narrative"
        and not fact.subject
        and fact.metric in _survey_metrics()
        and not (fact.scope or fact.period or fact.source or fact.item)
    )


def _survey_rates_named(members: list[_Linkable]) -> list[_Linkable]:
    """The unnamed survey rates named as the one form row of their rate (服务对象满意度) where
    the document's tables have one; where they have several, whose rate it is is a guess, and
    they are left out."""
    rows: dict[str | None, set[str]] = defaultdict(set)
    for m in members:
        if m.table >= 0 and m.metric in _survey_metrics():
            rows[m.metric].add(m.name)
    named = []
    for m in members:
        if m.name != UNNAMED_SURVEY_NAME:
            named.append(m)
        elif len(rows[m.metric]) == 1:
            named.append(replace(m, name=next(iter(rows[m.metric]))))
    return named


def _linkable(
    fact: Fact,
    comparable: frozenset[str],
    table_at: Callable[[int], int],
    own_funds: bool = False,
) -> _Linkable | None:
    if _unnamed_survey_rate(fact):
        return _Linkable(fact, UNNAMED_SURVEY_NAME, fact.metric, -1)
    if own_funds:
        # "全年实际支出306.56万元，预算执行率95.80%" naming nothing: the report's own funds,
        # what a 自评表's funds total states (linked only where the report has one form).
        return _Linkable(fact, FUNDS_TOTAL_NAME, fact.metric, -1)
    if (
        not fact.subject
        and fact.mention.role == "table"
        and fact.metric in FUNDS_COLUMNS
        and is_funds_total(fact.row_path.split("/")[-1])
    ):
        # A form's 年度资金总额 row whose project no cell names (项目名称 in a line above the
        # table): the form's funds total, under its label's name.
        return _Linkable(fact, FUNDS_TOTAL_NAME, fact.metric, table_at(fact.block))
    if not fact.subject or fact.scope in UNLINKED_SCOPES:
        return None
    metric = _own_metric(fact, comparable)
    kind = fact.mention.quantity.kind
    if metric is not None and metric not in comparable:
        return None  # 增加额, 占比: many values per subject, the relations compare them
    # "住房公积金184.60万元": a budget, a spending or a balance? Only the same words with no
    # metric either, written elsewhere, state it again ("人员经费221.06万" twice).
    exact_only = metric is None and kind == "amount"
    # Edges cut as words.py does for a subject: lead words, its own metric word, suffixes
    # (三公经费支出 on an expenditure -> 三公); what is left is compared word by word.
    table = table_at(fact.block) if fact.mention.role == "table" else -1
    if fact.subject == FUNDS_TOTAL and table < 0:
        # "年度资金全年预算数a万元": a form's funds total, named once the forms are known.
        return _Linkable(fact, FUNDS_TOTAL_NAME, metric, table)
    if fact.code:
        # A 功能分类 item with its code is named by it: 行政运行 is under every 类, 2040601 once.
        # In a budget an 经济分类 item that holds the same payments (30113 住房公积金) is named
        # as its twin; a 决算's tables may part them (spending booked to other classes).
        code = _class_twins().get(fact.code, fact.code) if metric == BUDGET_METRIC else fact.code
        return _Linkable(fact, f"{CODE_MARK}{code}", metric, table)
    if metric == STATEMENT_TOTAL:
        # 收入合计, 支出总计: a statement's total is named by its side and kind, no more.
        return _Linkable(fact, f"{CODE_MARK}{fact.subject_text}", metric, table)
    if exact_only and fact.mention.role == "table" and not fact.outcome:
        # A table's cell has its column's metric; one without is no statement, but for a
        # 绩效指标 row's 实际完成值 ("单座平均投资 | ≤110万元/座 | 102.43万元/座"): the
        # row's name says what the amount is, as the narrative that restates it word for word.
        return None
    if exact_only and fact.listed:
        return None  # "中央、省级资金a万元": the amount of the whole list, named by its last
    if exact_only:
        # Its words as written, verbs kept: "完成X48.4万" (spent) is not "X专项资金50万元".
        # A generic suffix says nothing of which amount: 年中追加调整资金 / 年中追加调整.
        written = without_suffixes(clean_name(fact.subject_text))
        return _Linkable(fact, f"{CODE_MARK}{written}", None, table, True)
    # 困难居民医疗救助 keeps its 救助; "在全县8个乡镇建成…" loses where it was done.
    name = _core_name(fact, metric)
    if metric in _survey_metrics():
        # "群众对公共文化服务的满意度": the 群众's rate; what they were asked about follows 对.
        name = _ASKED_ABOUT.split(name, maxsplit=1)[0] or name
    rest = split_agent(name)[1]
    if metric in FUNDS_COLUMNS and (fact.subject == WHOLE_UNIT or rest in _whole_unit_words()):
        # "…局部门资金预算执行数是a万元" and a 部门整体 form's funds total: the department's
        # whole funds (kept only where such a form states them: see align).
        return _Linkable(fact, f"{CODE_MARK}{WHOLE_UNIT}", metric, table)
    if metric in FUNDS_COLUMNS and (sources := _named_by_funds_source(fact.subject_text)):
        return _Linkable(fact, f"{CODE_MARK}{sources}", metric, table)
    if (
        rests := _SOURCE_RESTS.get(metric, _BUDGETED_INCOME if metric == BUDGET_METRIC else None)
    ) and (sources := _named_by_sources(fact.subject_text, rests)):
        # "一般公共预算财政拨款收入19,572.91万元" and the row 一、一般公共预算拨款收入, "（三）
        # 上年结转结余10.44万元" twice: the income or balance of those sources, named by them
        # whatever words name them.
        return _Linkable(fact, f"{CODE_MARK}{sources}", metric, table)
    if len(rest) < 2 or is_metric_word(rest) or not _names_something(rest):
        return None  # "预算安排1亿元": the metric is all there is
    if fact.item and not _names_one(fact.item, fact.subject) and not is_statement_side(fact.item):
        # A part of an item ("困难群众救助…，通过区专户支付a万元") is named with its item:
        # 困难群众救助 / 通过区专户, as "困难群众救助资金通过区专户支付a万元" names it.
        own_name = name
        name = without_flow_words(clean_name(string_core(fact.item, None))) + name
        return _Linkable(fact, name, metric, table, exact_only, fact.outcome, own_name)
    if (
        fact.item
        and (short := clean_name(fact.subject))
        and short in (item_name := clean_name(string_core(fact.item, None)))
        and short != item_name
    ):
        # "2、“一站式”健康扶贫医疗救助：…医疗救助结算金额a万元": the subject shortens its
        # item's name; the statement is the item's, named as its other statements name it.
        # Its own words still fit a statement that names no item ("康复救助结算金额a万元").
        own = without_locative(clean_name(string_core(fact.subject, metric)))
        name = without_flow_words(item_name)
        return _Linkable(fact, name, metric, table, exact_only, fact.outcome, own, True)
    if fact.item:
        # "困难居民医疗救助经费完成救助辖区内困难居民a人次": the item's name opens the
        # statement and a clause of its own follows; the item's words (医疗, 经费) are where
        # it stands, not words it narrows a row "2021年困难居民医疗救助a人次" by.
        item = clean_name(string_core(fact.item, None))
        own = without_leading_suffixes(name.removeprefix(item)) if name.startswith(item) else ""
        if own != name and len(own) >= MIN_PLAIN_NAME and _names_something(own):
            return _Linkable(fact, name, metric, table, exact_only, fact.outcome, own)
    return _Linkable(fact, name, metric, table, exact_only, fact.outcome)


@cache
def _class_twins() -> dict[str, str]:
    """lexicons/class_twins.tsv: an 经济分类 code -> the 功能分类 code of the same payments."""
    return {r["economic"]: r["functional"] for r in rows("class_twins")}


@cache
def _whole_unit_words() -> frozenset[str]:
    """lexicons/name_words.tsv whole_unit: a name that is the reporting unit as a whole."""
    return frozenset(r["word"] for r in rows("name_words") if r["role"] == "whole_unit")


# What a name of income or of a balance of sources of funds holds besides the sources: the
# side, with the year it is of (本年财政拨款收入, 一般公共预算当年拨款收入), or what is left
# over (上年结转结余: the source 上年结转 and 结余).
_SOURCE_RESTS = {
    "income": regex.compile(r"(?:本年|当年|年度)?(?:拨款)?收入"),
    "balance": regex.compile(r"(?:结余|结转)?"),
}
# A budget's income of sources ("收入包括：一般公共预算当年拨款收入a万元", the 收入 half of a
# 收支总表): named by the sources as the incomes are, its measure the budget's.
_BUDGETED_INCOME = _SOURCE_RESTS["income"]
# A 自评表's funds block row of one source (其中：中央补助 | 年初预算数 | … | 执行率) and the
# narrative's "中央资金支出305.40万元，执行率96.88%": named by the source alone.
_FUNDS_REST = regex.compile(r"(?:资金)?(?:支出|执行|执行数|预算|预算数|到位)?")


def _named_by_sources(subject: str, rests: regex.Pattern[str]) -> str:
    """The sources of funds (一般公共预算+财政拨款) a name of income or balance is only made
    of, "" for any other name (事业收入, 其他收入: an income named by its own kind)."""
    compact = clean_name(subject)  # no list or heading number (一、, 10., （三）), no spaces
    if not rests.fullmatch(source_words().sub("", compact)):
        return ""
    return limits_of(compact)[0]


def _named_by_funds_source(subject: str) -> str:
    """The one source of funds (中央资金) a funds block's row or its narrative is named by
    (中央补助, 中央财政资金, 中央资金支出), "" for any other name; the budgets' appropriations
    (一般公共预算…) are named by their statements, not here."""
    compact = clean_name(subject)
    if not _FUNDS_REST.fullmatch(source_words().sub("", compact)):
        return ""
    sources = limits_of(compact)[0]
    return "" if not sources or "+" in sources or sources == appropriation() else sources


# "A对B的满意度": 对 opens what A was asked about (not the 对 of 服务对象).
_ASKED_ABOUT = regex.compile(r"对(?!象)")


@cache
def _survey_metrics() -> frozenset[str]:
    """lexicons/metric_names.tsv survey: rates a survey asks people (满意度, 知晓率)."""
    return frozenset(r["key"] for r in rows("metric_names") if r.get("survey") == "yes")


# Facts that state nothing linkable: an explanation cell, a rule, a misread column's cell.
UNLINKED_SCOPES = frozenset({"note", "rule", MISREAD_SCOPE, GROUP_SCOPE})


@cache
def _generic_words() -> frozenset[str]:
    """lexicons/subject_words.tsv generic: a name that is only this names nothing."""
    return frozenset(r["word"] for r in rows("subject_words") if r["role"] == "generic")


def _names_something(name: str) -> bool:
    """What is left of a name without its generic words (项目, 资金, 部门), lead words and
    verbs (安排, 完成) and sources of funds (财政拨款, 一般公共预算) names a thing: "项目总" of "项目总预算" or "财政拨款" of
    "财政拨款安排…" names no one project, and every project of a report has one."""
    if any(word in name for word in _class_words()):
        return True  # 项目支出, 基本支出: a class of spending is a thing of the statement
    if name in _standard_lines():
        return True  # 其他收入: a line of every 收入总表, however generic its words
    rest = _generic_name_words().sub("", name)
    # "该指标分值20分，得分17.90分": a generic word and a metric word name no indicator.
    return len(rest) >= 2 and not is_metric_word(rest)


@cache
def _standard_lines() -> frozenset[str]:
    """lexicons/subject_words.tsv standard_line: a statement's line named by generic words."""
    return frozenset(r["word"] for r in rows("subject_words") if r["role"] == "standard_line")


@cache
def _class_words() -> tuple[str, ...]:
    return tuple(r["word"] for r in rows("scope_words") if r["kind"] == "class")


@cache
def _generic_name_words() -> regex.Pattern[str]:
    words = {r["word"] for r in rows("subject_words") if r["role"] in ("generic", "lead", "verb")}
    words |= {r["word"] for r in rows("scope_words") if r["kind"] == "source"}
    return regex.compile("|".join(map(regex.escape, sorted(words, key=len, reverse=True))))


def _metrics_agree(a: _Linkable, b: _Linkable) -> bool:
    if a.exact_only or b.exact_only:
        return a.exact_only and b.exact_only
    if a.metric == b.metric:
        return True
    if a.fact.mention.quantity.kind == "score":
        # "决策指标得10.40分" / "决策指标共15分": a score and a weight share every word but
        # the metric; a score that names none is either.
        return False
    # A percent, count or measure whose metric word is part of the other's name.
    if a.fact.mention.quantity.kind == "percent":
        # "毛入学率94.3%" names its rate; "…培训652人次，完成年度目标（600人次）的108.67%"
        # names only the item: which of the item's rates it is, is not said.
        unnamed, named = (a, b) if a.metric is None else (b, a)
        if named.metric is not None and unnamed.fact.subject_text.endswith(_RATE_WORD):
            # "馆藏档案数字化率71%" names a rate of its own, not the project's 执行率 (a
            # metric word of its own kind that its name does not hold).
            return False
        return (a.metric is None or b.metric is None) and _RATE_WORD in unnamed.fact.subject_text
    return a.metric is None or b.metric is None


# What ends the name of a rate (毛入学率, 覆盖率, 合格率).
_RATE_WORD = "率"


def _under_two_heads(a: Fact, b: Fact) -> bool:
    """An item that recurs under several totals (工资福利支出, 商品和服务支出), stated in
    two sections with no 其中 naming its head: "（一）基本支出 … 商品和服务支出20万元" and
    "（二）项目支出 … 商品和服务支出30万元" are two facts; when in doubt, do not link."""
    return (
        a.mention.role == b.mention.role == "narrative"
        and not a.scope
        and not b.scope
        and is_breakdown_item(a.subject)
        and a.mention.section_path != b.mention.section_path
    )


# A run-in head naming a kind of spending, right before its colon (人员经费：, 专项业务经费：).
_SPENDING_HEAD = regex.compile(r"\s*(\p{Han}{0,6}(?:经费|支出))[：:]")
_SPENDING_HEAD_REACH = 12  # the head, its colon and the spaces before it


class _Blocks:
    """The named narrative facts of each paragraph, in order: which item stands between two."""

    def __init__(self, facts: Sequence[Fact], text: str) -> None:
        # Both questions are answered by bisection over positions found once: scanning the
        # text or the block's facts between two values per pair was quadratic in a long
        # paragraph (a report with CR line ends is one paragraph).
        self._breaks = [m.start() for m in _PART_BREAK.finditer(text)]
        self._sentence_ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        self._text = text
        self._spending_heads: dict[int, tuple[str, int]] = {}  # passage -> (head, its end)
        in_block: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for fact in facts:
            if fact.mention.role == "narrative" and fact.passage >= 0 and fact.subject:
                name = clean_name(string_core(fact.subject, fact.metric))
                in_block[fact.passage].append((fact.mention.span.start, name))
        self._starts: dict[int, list[int]] = {}
        self._names: dict[int, list[str]] = {}
        # _other_from[block][k]: the first index from k on whose name differs from name k.
        self._other_from: dict[int, list[int]] = {}
        for block, named in in_block.items():
            named.sort()
            names = [name for _, name in named]
            other_from = [len(names)] * len(names)
            for k in range(len(names) - 2, -1, -1):
                other_from[k] = k + 1 if names[k + 1] != names[k] else other_from[k + 1]
            self._starts[block] = [start for start, _ in named]
            self._names[block] = names
            self._other_from[block] = other_from

    def _break_between(self, low: int, high: int) -> bool:
        k = bisect_left(self._breaks, low)
        return k < len(self._breaks) and self._breaks[k] < high

    def _other_name_between(self, block: int, low: int, high: int, name: str) -> bool:
        starts = self._starts.get(block)
        if not starts:
            return False
        first, last = bisect_right(starts, low), bisect_left(starts, high)
        if first >= last:
            return False
        names = self._names[block]
        return names[first] != name or self._other_from[block][first] < last

    def _head(self, fact: Fact) -> str:
        """The words ``fact``'s passage opens with, up to its first figure or bracket, when
        they are not ``fact``'s own: the item the passage is about ("（4）抚恤（20808）170.00
        万元…具体为：人员经费…" -> 抚恤)."""
        if fact.passage < 0:
            return ""
        at, end = fact.passage, fact.mention.span.start
        marker = next(iter_markers(self._text, at, min(end, at + _MARKER_REACH)), None)
        if marker is not None and not self._text[at : marker.start].strip():
            at = marker.end  # "（4）抚恤…": the words after the list marker
        found = _PASSAGE_HEAD.match(self._text, at, end)
        if found is None:
            return ""
        head = clean_name(found.group(1))
        own = clean_name(string_core(fact.subject, fact.metric))
        return "" if not head or own in head or head in own else head

    def parts_of_two_heads(self, a: _Linkable, b: _Linkable) -> bool:
        """Two amounts named by words (人员经费, 专项业务经费), each in a numbered
        paragraph after the item that paragraph opens with ("1.工资福利支出（301）a万元…具体
        为：…专项业务经费b万元" / "（3）行政事业单位养老支出（20805）c万元…专项业务经费d万元"):
        parts of two items, not one amount stated twice."""
        fa, fb = a.fact, b.fact
        if a.table >= 0 or b.table >= 0 or not (fa.item_marker and fb.item_marker):
            return False
        if any(x.name.startswith(CODE_MARK) and not x.exact_only for x in (a, b)):
            return False  # named by a code, its sources or a statement's side: one thing
        if not (self._listed_part(fa) and self._listed_part(fb)):
            return False  # "单位预留机动经费预算数为a万元" opening its sentence: said of itself
        head_a, head_b = self._head(fa), self._head(fb)
        return bool(head_a) and bool(head_b) and head_a != head_b

    def spending_head(self, fact: Fact) -> str:
        """The kind of spending a passage's run-in head names before its colon ("（3）专项业务
        经费：①…②培训支出（2050803）107.6万元"): its items are that kind's parts of each item,
        not the items' totals; "" when its passage opens with no such head."""
        if fact.passage < 0 or fact.mention.role != "narrative":
            return ""
        # Once per passage (a pair of facts asks for both heads): the head and where it ends.
        if fact.passage not in self._spending_heads:
            at = fact.passage
            marker = next(iter_markers(self._text, at, at + _MARKER_REACH), None)
            if marker is not None and not self._text[at : marker.start].strip():
                at = marker.end
            found = _SPENDING_HEAD.match(self._text, at, at + _SPENDING_HEAD_REACH)
            self._spending_heads[fact.passage] = (
                (found.group(1), found.end()) if found is not None else ("", 0)
            )
        head, end = self._spending_heads[fact.passage]
        return head if head and end <= fact.mention.span.start else ""

    def _listed_part(self, fact: Fact) -> bool:
        """``fact`` stands in a list of parts its sentence gives ("具体为：A a万元；B b万元")."""
        at = fact.mention.span.start
        k = bisect_left(self._sentence_ends, at) - 1
        start = self._sentence_ends[k] + 1 if k >= 0 else 0
        return _PART_LIST.search(self._text, max(start, fact.passage), at) is not None

    def heads_the_list_of(self, total: _Linkable, part: _Linkable) -> bool:
        """``part``'s sentence opens with 其中 and ``total`` is in the sentence right before
        it: the total the 其中 list breaks down, never a restatement of one of its parts
        (whatever words the part's name shares with it). Sentence ends are found by
        bisection over positions found once, so a pair costs no scan of the text between."""
        if total.table >= 0 or part.table >= 0:
            return False
        t, p = total.fact.mention.span.start, part.fact.mention.span.start
        k = bisect_left(self._sentence_ends, p) - 1  # the full stop before part's sentence
        if k < 0 or not self._sentence_ends[k] > t:
            return False  # total and part in one sentence, or no sentence before part's
        if k > 0 and self._sentence_ends[k - 1] > t:
            return False  # another sentence stands between the total's and part's
        opening = self._text[self._sentence_ends[k] + 1 : p].lstrip()
        return opening.startswith("其中")

    def one_item(self, a: _Linkable, b: _Linkable) -> bool:
        """Two values of one paragraph state one fact: the same name and metric in one
        sentence part (a ； or a full stop between them may start another item's part:
        "城乡居民…报销比78%；城镇职工…报销比92%"), and no value of another name between
        them ("…完成预算的13.68%，其中：因公出国费决算0万元，完成预算的0%": a list)."""
        if a.name != b.name or a.metric is None or a.metric != b.metric:
            return False
        low, high = sorted((a.fact.mention.span.start, b.fact.mention.span.start))
        # A 功能分类 item's paragraph is about that item up to the next item named, over its
        # sentences ("行政运行（项）a万元。主要用于…。2026年预算安排b万元").
        one_line_item = bool(a.fact.item) and a.fact.item == b.fact.item
        one_line_item = one_line_item and _is_line_item(a.fact.item)
        if not one_line_item and self._break_between(low, high):
            return False
        # Names as written (a coded item's linkable name is its code).
        own = clean_name(string_core(a.fact.subject, a.fact.metric))
        return not self._other_name_between(a.fact.passage, low, high, own)


# What opens or separates the parts of a list within a sentence.
_PART_LIST = regex.compile(r"具体为|其中|包括|[：:；;]")
# A passage's opening words (after its list marker), up to a figure, a bracket or a stop.
_PASSAGE_HEAD = regex.compile(r"\s*([^0-9（(，,。：:；;\s]{2,30})")
_MARKER_REACH = 8  # a list marker opening a passage stands within its first characters


def _names_one(a: str, b: str) -> bool:
    a, b = clean_name(a), clean_name(b)
    return bool(a) and bool(b) and (a in b or b in a)


def _same_item(a: Fact, b: Fact) -> bool:
    """A fact about a part of an item ("困难居民医疗救助…，使用区专户支付a万元": the 专户
    payment of that item) is one fact with another such only when their items are one:
    the same 专户 named in two items' parts is two payments. A fact about the item
    itself (its subject is its item) is not limited by it."""
    if _is_line_item(a.item) and _is_line_item(b.item):
        return a.item == b.item  # 行政单位医疗（项） and 事业单位医疗（项）: two items
    if a.mention.section_path == b.mention.section_path and (
        _sibling_entries(a.item_marker, b.item_marker) or sibling_entries(a.entry, b.entry)
    ):
        # "31.甲项目…：全年预算数a万元" and "32.甲经费项目…：全年预算数b万元", "2.甲市承办…
        # 配套a万元" and "3.乙市承办…配套b万元": two entries of one numbered list (one
        # section), however alike their names (two projects may share one); and two facts
        # under two such entries ("（一）…支出a万元。—行政运行b万元" / "（二）…—行政运行c万元").
        return False
    part_of_item_a = bool(a.item) and not _names_one(a.item, a.subject)
    part_of_item_b = bool(b.item) and not _names_one(b.item, b.subject)
    return not (part_of_item_a and part_of_item_b) or _names_one(a.item, b.item)


def _sibling_entries(marker_a: str, marker_b: str) -> bool:
    """Two list markers of one style with different numbers (31. / 32., （一）/（二））."""
    if not marker_a or not marker_b or marker_a == marker_b:
        return False
    return numbering_shape(marker_a) == numbering_shape(marker_b)


# The level of a 功能分类科目 item, written after its name.
_LEVELS = regex.compile(r"[（(][0-9]{0,4}[类款项][)）]")


def _is_line_item(item: str) -> bool:
    """A 功能分类 item: names with their levels, or names joined by hyphens (…-行政运行)."""
    return bool(_LEVELS.search(item)) or "-" in item


def _may_link(a: _Linkable, b: _Linkable, blocks: _Blocks, *, plain_short: bool) -> bool:
    """The structure allows ``a`` and ``b`` to be one fact (see the module docstring)."""
    fa, fb = a.fact, b.fact
    if not _metrics_agree(a, b) or not _same_item(fa, fb):
        return False
    if fa.classes is not None and fb.classes is not None and fa.classes != fb.classes:
        return False  # 基本支出经济分类表 / 支出经济分类表: 工资福利支出 of 基本支出 or of all
    if (a.table < 0) != (b.table < 0):
        said, cell = (fa, fb) if a.table < 0 else (fb, fa)
        if said.classes is None and said.code and cell.code and _class_titled(cell):
            # "行政单位医疗（2101101）8375.70万元" names no class: the item whole, not its row
            # in a 基本支出表 (75.7, its 基本支出 only), as a row's 合计 is chosen over its
            # 基本支出 cell (_one_cell_a_row).
            return False
    if fa.level and fb.level and fa.level != fb.level:
        return False  # a 财政决算's 全区 and 本级 sections state each item once for each
    # Two tables state one fact only as two statements of a report: both titled, and titled
    # differently (收支总表 / 支出总表). Tables titled alike are one form filled for several
    # projects, or one table over two pages.
    if (
        a.table >= 0
        and b.table >= 0
        and a.table != b.table
        and (not fa.table_title or not fb.table_title or fa.table_title == fb.table_title)
    ):
        return False
    if (
        a.table >= 0
        and b.table not in (-1, a.table)
        and not any(f.prose or f.outcome or f.scope == "target" for f in (fa, fb))
        and not (a.name.startswith(CODE_MARK) or b.name.startswith(CODE_MARK))
        and clean_name(fa.subject_text) != clean_name(fb.subject_text)
    ):
        # Two tables' rows are one thing only by one name: a row's name is an identifier
        # (广州市2024-2026年…运维服务项目 / …中心2026-2029年…运维服务项目, 耕地保护和生态修复
        # 经费 / 耕地保护和国土空间生态修复经费: two projects, however alike they read).
        return False
    if (
        a.table >= 0
        and b.table >= 0
        and fa.described != fb.described
        and (fb.code if fa.described else fa.code)
    ):
        # A project with its 绩效目标 (a 重点项目表's row) and a 功能分类 item named alike (国有
        # 资产监管, the 款 21507) are two things; the project in the 项目支出表 is the same.
        return False
    if a.table >= 0 and a.table == b.table and fa.prose == fb.prose:
        # One table states each fact once: two of its cells are two facts. Its goal or
        # results cell, written in sentences, restates its value cells ("…发放人数不少于
        # 2900人" above the row 发放人数 | ≥ | 2900 | 人).
        return False
    if (
        a.table >= 0
        and b.table not in (-1, a.table)
        and _indicator_cell(fa)
        and _indicator_cell(fb)
    ):
        # Two 绩效指标 tables are two forms, one a project or a year: a report with a 自评表
        # per project names 设备购置成本 or 合格率 in each, and each is that project's.
        return False
    if fa.passage == fb.passage and fa.passage >= 0:
        return a.table < 0 and blocks.one_item(a, b)
    if blocks.heads_the_list_of(a, b) or blocks.heads_the_list_of(b, a):
        return False  # "…预算6,000万元。其中：弥补…资金预算5,000万元": a total and its part
    if blocks.parts_of_two_heads(a, b):
        return False
    if a.table < 0 and b.table < 0 and blocks.spending_head(fa) != blocks.spending_head(fb):
        # "（3）专项业务经费：②培训支出（2050803）107.6万元" is that kind's part of the item
        # the list by 功能分类 states whole ("（3）培训支出（2050803）109.6万元").
        return False
    if plain_short and a.table < 0 and b.table < 0:
        return False  # "教师120人" in two paragraphs: two schools' teachers, maybe
    return not _under_two_heads(fa, fb)


def _class_titled(fact: Fact) -> bool:
    """A table fact whose table's title limits it to a class of spending (…基本支出明细表)."""
    return bool(fact.table_title) and bool(limits_of(fact.table_title)[1])


def _indicator_cell(fact: Fact) -> bool:
    """A cell of a 绩效指标 table: its 实际完成值, its 年度指标值, a 分值 or 得分, or any cell
    of a table titled as a performance form (…绩效自评表)."""
    return (
        fact.outcome
        or fact.scope == "target"
        or fact.mention.quantity.kind == "score"
        or _performance_form(fact.table_title or "")
    )


# What the title of a performance form holds (项目支出绩效自评表, 部门整体支出绩效自评表).
PERFORMANCE_FORM = "绩效"
# The layout (lexicons/table_layouts.tsv) of the data table a 部门整体 evaluation adds to its
# form: its cells state the department's figures (三公经费 2023年决算数), not indicators.
BASIC_DATA_LAYOUT = "dept_basic_data"


@cache  # asked for every pair of candidate cells; a report has few table titles
def _performance_form(title: str) -> bool:
    """A table titled as a form of indicators (…绩效自评表), not the evaluation's 基础数据表."""
    if PERFORMANCE_FORM not in title:
        return False
    layout = recognise_layout(title, ())
    return layout is None or layout.name != BASIC_DATA_LAYOUT


@dataclass(frozen=True, slots=True)
class _Choice:
    names: frozenset[str]  # the other names chosen: one, or several that state one value
    facts: frozenset[int]  # ids of the linkables of those names this one may link with
    match: NameMatch  # the best name's match


def _bigrams(name: str) -> set[str]:
    """What proposes candidate names: two names that share no pair of characters are never
    compared. Characters, not jieba's words: jieba cuts 受益农户数 as 受益 / 农 / 户数. A code
    is compared with the same code only."""
    if name.startswith(CODE_MARK):
        return set()
    return {name[i : i + 2] for i in range(len(name) - 1)}


def _choices(
    members: Sequence[_Linkable], weights: NameWeights, blocks: _Blocks
) -> tuple[dict[int, list[int]], dict[int, _Choice]]:
    """For the linkables of one bucket: the same-name links, and each one's best other name.

    Returns (id -> ids linked by the same name, id -> the chosen other name, the ids that
    no name fits well enough to be chosen).
    """
    by_name: dict[str, list[int]] = defaultdict(list)
    for i, member in enumerate(members):
        by_name[member.name].append(i)
    names_of_bigram: dict[str, set[str]] = defaultdict(set)
    for name in by_name:
        for bigram in _bigrams(name):
            names_of_bigram[bigram].add(name)
    matches: dict[tuple[str, str, str | None, bool], NameMatch] = {}

    def own_match(member: _Linkable, other: str, flows: bool) -> NameMatch | None:
        """A statement's own name (without its paragraph's item) against another name."""
        if not member.own_name:
            return None
        key = (member.own_name, other, member.metric, flows)
        if key not in matches:
            matches[key] = match_names(*key[:2], weights, member.metric, flows=flows)
        return matches[key]

    same: dict[int, list[int]] = {}
    chosen: dict[int, _Choice] = {}
    undecided: set[int] = set()
    # The best name of a statement that two names fit about alike (no clear choice).
    leaning: dict[int, _Choice] = {}
    # Whether any statement of a name is an outcome, once per name: asked per statement and
    # candidate name, it was quadratic in how often a name is stated (a compilation).
    name_flows = {
        name: any(members[j].outcome for j in holders) for name, holders in by_name.items()
    }
    for name, holders in by_name.items():
        proposed: set[str] = set()
        for bigram in _bigrams(name):
            if len(names_of_bigram[bigram]) <= MAX_PROPOSING_NAMES:
                proposed |= names_of_bigram[bigram]
        proposed.discard(name)
        plain_short = len(name) < MIN_PLAIN_NAME
        # A table's statement of a name that two entries state with two values ("56.甲项目…
        # 700万元", "57.甲项目…2685万元", one form of 甲项目): which entry the form restates is
        # not known, so it is linked with neither.
        unsure = {
            t
            for t in holders
            if members[t].table >= 0
            and _two_things_of_one_name(
                [
                    members[j]
                    for j in _nearest(holders, t)
                    if j != t
                    and members[j].table < 0
                    and _may_link(members[t], members[j], blocks, plain_short=plain_short)
                ],
                blocks,
                plain_short,
            )
        }
        for i in holders:
            a = members[i]
            if a.exact_only:
                proposed_here: set[str] = set()
            else:
                proposed_here = proposed
            short = plain_short and a.metric is None
            # A name stated a thousand times (a compilation of reports) is compared with its
            # nearest statements only, so that linking stays linear in the document's size.
            same[i] = _one_per_paragraph(
                _one_cell_a_row(
                    [
                        j
                        for j in _nearest(holders, i)
                        if j != i
                        and j not in unsure
                        and i not in unsure
                        and _may_link(a, members[j], blocks, plain_short=short)
                    ],
                    members,
                    a,
                ),
                members,
                blocks,
            )
            if a.table < 0:
                same[i] = _the_tables_it_agrees_with(same[i], members, a)
            ranked: list[tuple[float, str, list[int], NameMatch]] = []
            for other in proposed_here:
                flows = a.outcome or name_flows[other]
                key = (
                    (name, other, a.metric, flows)
                    if name < other
                    else (other, name, a.metric, flows)
                )
                if key not in matches:
                    matches[key] = match_names(key[0], key[1], weights, a.metric, flows=flows)
                match = matches[key]
                if match.score <= 0:
                    continue
                # Ranked by a statement's own words too, without its paragraph's item:
                # "坡耕地水土流失综合治理" (the item) + "新增水土流失治理面积" is that row as
                # written, however well the item's words fit another row (坡耕地综合治理面积).
                own = own_match(a, other, flows)
                if a.named_by_item and any(
                    members[j].fact.item or members[j].table >= 0 for j in by_name[other]
                ):
                    # Another item's statement, or a row of a form (its own row names its
                    # item): the item's name decides.
                    own = None
                if own is not None and own.score > match.score:
                    match = replace(match, score=own.score)
                eligible = [
                    j
                    for j in _nearest(by_name[other], i)
                    if _may_link(a, members[j], blocks, plain_short=short)
                ]
                if _two_things_of_one_name([members[j] for j in eligible], blocks, short):
                    # The statements of the other name are two things with two values (56.
                    # and 57. of one list): which one this restates is not known (as above).
                    continue
                if eligible:
                    ranked.append((match.score, other, eligible, match))
            if not ranked or max(r[0] for r in ranked) < LINK_SCORE:
                if not same[i]:
                    undecided.add(i)  # nothing fits it well enough, nor in another name
                continue
            ranked.sort(key=lambda r: (-r[0], r[1]))
            score, other, eligible, match = ranked[0]
            # Names that fit about as well as the best: when every statement of them states
            # one value (a 自评表 giving one count in two rows), which of them this statement
            # restates changes nothing, and they are one choice; otherwise none is chosen.
            close = [r for r in ranked if score - r[0] < LINK_MARGIN]
            if len(close) > 1 and _one_value([members[j] for r in close for j in r[2]]):
                eligible = [j for r in close for j in r[2]]
                ranked = close[:1] + [r for r in ranked if score - r[0] >= LINK_MARGIN]
            runner_up = ranked[1][0] if len(ranked) > 1 else 0.0
            oriented = match if name < other else _flipped(match)
            # A narrative name narrower than the one it restates may name a part of it
            # ("上解长沙市…配套补助资金a万元" within "…配套专项资金：…合计支付b万元"): only a
            # close match links it. A table's name is the formal one, longer as a rule.
            # Its own words judged as written: a flow word of its own (新建…) still narrows it,
            # even against a row of the year's outputs.
            narrower_narrative = (
                oriented.narrower_a
                and a.table < 0
                and _narrower_by_own_words(own_match(a, other, False))
            ) or (
                oriented.narrower_b
                and any(
                    members[j].table < 0
                    and _narrower_by_own_words(own_match(members[j], name, False))
                    for j in eligible
                )
            )
            required = NARROWER_LINK_SCORE if narrower_narrative else LINK_SCORE
            if same[i] and not match.only_a and not match.only_b:
                # The name itself is stated elsewhere, and another name fits as well (its
                # words reordered: 破产改制企业资金缺口弥补 / 弥补破产改制企业资金缺口, a
                # project and its sub-item): two candidates fit alike, the other links none.
                continue
            if score >= required:
                names = frozenset(members[j].name for j in eligible)
                if score - runner_up >= LINK_MARGIN:
                    chosen[i] = _Choice(names, frozenset(eligible), oriented)
                else:
                    leaning[i] = _Choice(names, frozenset(eligible), oriented)
    return same, chosen, undecided, leaning


def _narrower_by_own_words(own: NameMatch | None) -> bool:
    """Whether a narrative statement is narrower than the name it may restate by words of its
    own (``own``: its own name, without its paragraph's item, against that name; None when it
    has no item), not only by its item: "农村供水保障工程……农村自来水普及率达到p%" names the
    row 农村自来水普及率 as written; the item is where it stands, not a part of the row."""
    return own is None or own.score <= 0 or own.narrower_a


def _two_things_of_one_name(candidates: Sequence[_Linkable], blocks: _Blocks, short: bool) -> bool:
    """Two of ``candidates`` (statements of one name) state different values and may not be
    one fact themselves (two entries of one list, two sections' items)."""
    if len(candidates) < 2 or _one_value(candidates):
        return False
    narrative = [c for c in candidates if c.table < 0][:_PAIRS_LOOKED_AT]
    return any(
        compare(x.fact.mention.quantity, y.fact.mention.quantity) is Agreement.DIFFERENT
        and not _may_link(x, y, blocks, plain_short=short)
        for k, x in enumerate(narrative)
        for y in narrative[k + 1 :]
    )


# How many statements of one name are looked at in pairs (a name is stated a few times).
_PAIRS_LOOKED_AT = 8


def _one_value(candidates: Sequence[_Linkable]) -> bool:
    """The candidates all state one value (at the precision written)."""
    first = candidates[0].fact.mention.quantity
    return all(compare(first, c.fact.mention.quantity) is Agreement.SAME for c in candidates[1:])


def _one_cell_a_row(
    candidates: list[int], members: Sequence[_Linkable], statement: _Linkable
) -> list[int]:
    """Leave out the table rows where several cells fit: a narrative budget of an item fits
    the 合计, 基本支出 and 项目支出 cells of its row alike, and which one it states is a guess
    — unless the statement names no class at all ("卫生健康支出（类）60.99万元"): then it is
    the row's total, the one cell of the row whose column is of every class."""
    rows: dict[tuple[int, int], list[int]] = defaultdict(list)
    for j in candidates:
        if members[j].table >= 0:
            rows[(members[j].table, members[j].fact.row)].append(j)
    kept = [j for j in candidates if members[j].table < 0]
    for cells in rows.values():
        if len(cells) > 1 and statement.fact.classes is None:
            cells = _row_total(cells, members)
        if len(cells) == 1:
            kept.append(cells[0])
    return sorted(kept)


def _the_tables_it_agrees_with(
    candidates: list[int], members: Sequence[_Linkable], statement: _Linkable
) -> list[int]:
    """Where tables state a name with different values, the tables a narrative statement
    agrees with: a project "国有资产监管" (1,642.77 in the 重点项目表) and the 功能分类 款 of
    that name (6,105.16 in the 支出表) are two things of one name, and a statement of
    1,642.77 is the project. The tables' rows that disagree with each other are compared
    where their own names link them; when it agrees with none, every candidate stays."""
    by_table: dict[int, list[int]] = defaultdict(list)
    for j in candidates:
        if members[j].table >= 0:
            by_table[members[j].table].append(j)
    if len(by_table) < 2 or _one_value([members[j] for js in by_table.values() for j in js]):
        return candidates
    agreeing = {
        table
        for table, held in by_table.items()
        if all(
            compare(statement.fact.mention.quantity, members[j].fact.mention.quantity)
            is Agreement.SAME
            for j in held
        )
    }
    if not agreeing:
        return candidates
    return [j for j in candidates if members[j].table < 0 or members[j].table in agreeing]


def _one_per_paragraph(
    candidates: list[int], members: Sequence[_Linkable], blocks: _Blocks
) -> list[int]:
    """Leave out the paragraphs that state the name several times with different values:
    "A基地…选送单位9家；B基地…选送单位5家" walks through items under one name, and which of
    them a statement elsewhere restates is a guess. A paragraph repeating one value, or
    stating one item twice ("行政运行（项）a万元…预算安排b万元"), is kept."""
    by_block: dict[int, list[int]] = defaultdict(list)
    for j in candidates:
        if members[j].table < 0 and members[j].fact.passage >= 0:
            by_block[members[j].fact.passage].append(j)
    ambiguous = {
        block
        for block, found in by_block.items()
        if len(found) > 1
        and not _one_value([members[j] for j in found])
        and not all(blocks.one_item(members[x], members[y]) for x, y in pairwise(found))
    }
    return [
        j for j in candidates if members[j].table >= 0 or members[j].fact.passage not in ambiguous
    ]


def _row_total(cells: list[int], members: Sequence[_Linkable]) -> list[int]:
    """The one cell of a row whose column is of every class, when the row's class cells add
    up to it: the sum shows that the columns are what their headers say (a flattened table
    whose header rows slid over its 增减 columns does not add up)."""
    totals = [j for j in cells if members[j].fact.classes == ""]
    classes = {
        j: frozenset(filter(None, (members[j].fact.classes or "").split("+"))) for j in cells
    }
    # The parts are the row's top-level classes: a group's 人员经费 cell (基本支出+人员经费)
    # is inside its 基本支出 小计, not beside it.
    top = [
        j
        for j in cells
        if classes[j] and not any(classes[k] and classes[k] < classes[j] for k in cells)
    ]
    by_class: dict[frozenset[str], list[Quantity]] = defaultdict(list)
    for j in top:
        by_class[classes[j]].append(members[j].fact.mention.quantity)
    parts: list[Quantity] = []
    for found in by_class.values():
        # Cells of one class whose sub-headers the reader lost (基本支出 | 基本支出 | 基本支出
        # for 小计 | 人员经费 | 公用经费): the first is the class's when the others add up to it.
        if len(found) > 1 and not _adds_up(found[0], found[1:]):
            return []
        parts.append(found[0])
    if len(totals) != 1 or not parts:
        return []
    return totals if _adds_up(members[totals[0]].fact.mention.quantity, parts) else []


def _adds_up(total: Quantity, parts: Sequence[Quantity]) -> bool:
    """The parts add up to the total within the rounding of the numbers as written."""
    slack = max(quantum(q) for q in (total, *parts)) * len(parts)
    return abs(total.value - sum(q.value for q in parts)) <= slack


def _nearest(holders: list[int], i: int) -> list[int]:
    """The statements of a name nearest to statement ``i`` (both in document order): a name
    stated a thousand times (a compilation of reports) is compared with its nearest
    statements only, so that linking stays linear in the document's size."""
    if len(holders) <= 2 * MAX_NEAREST:
        return holders
    at = bisect_left(holders, i)
    return holders[max(0, at - MAX_NEAREST) : at + MAX_NEAREST]


def _flipped(match: NameMatch) -> NameMatch:
    return NameMatch(
        match.score,
        match.shared,
        match.only_b,
        match.only_a,
        match.why_not,
        match.narrower_b,
        match.narrower_a,
    )


def _without_repeated_rows(members: list[_Linkable]) -> list[_Linkable]:
    """Leave out the cells of a name that labels several rows of one table, in one column,
    with different values: a 功能分类 table names 公路水路运输 under two 款, 行政运行 under
    every 类; the name alone does not say which row a statement elsewhere is about. Rows of
    one name that state one value (a 自评表 repeating a count) are kept."""
    rows: dict[tuple[int, str, str | None, str, bool], list[_Linkable]] = defaultdict(list)
    for m in members:
        if m.table >= 0:
            # A row's 年度指标值 (≥95%) is a target, its 实际完成值 (86.4%) a value, the form's
            # results cell written in sentences a restatement of them: kinds of statement of one
            # name, not rows of it.
            rows[_row_kind(m)].append(m)
    whole = f"{CODE_MARK}{WHOLE_UNIT}"
    ambiguous = {
        key
        for key, found in rows.items()
        if len({m.fact.row for m in found}) > 1
        and not _one_value(found)
        # A 部门整体 form's funds block totals its money twice, by source (资金来源 合计)
        # and by use (资金结构 合计): two rows of one fact, the department's whole funds.
        and key[1] != whole
    }
    return [m for m in members if m.table < 0 or _row_kind(m) not in ambiguous]


def _row_kind(m: _Linkable) -> tuple[int, str, str | None, str, bool]:
    """The table, name and kind of statement of a cell (see _without_repeated_rows)."""
    return (m.table, m.name, m.fact.metric, m.fact.scope, m.fact.prose)


def _bucket(member: _Linkable) -> tuple[str, str, str, str]:
    """Facts that may be one: one unit family, scope, period and source of funds."""
    fact = member.fact
    return (_unit_family(fact), fact.scope, fact.period, fact.source)


def align(
    facts: Sequence[Fact], table_at: Callable[[int], int], text: str = ""
) -> tuple[FactGroup, ...]:
    """The groups of facts that state one fact, each with its links (groups of one are left out).

    ``table_at(offset)``: the index of the table holding an offset, -1 outside tables;
    ``text``: the document's text (what stands between two facts of one paragraph).
    """
    comparable = _comparable_metrics()
    own_funds = _unnamed_own_funds(facts)
    members = [
        m
        for i, f in enumerate(facts)
        if (m := _linkable(f, comparable, table_at, i in own_funds)) is not None
    ]
    members = _twins_where_they_agree(_funds_totals_named(_without_repeated_rows(members)))
    members = _survey_rates_named(members)
    whole = f"{CODE_MARK}{WHOLE_UNIT}"
    if not any(m.name == whole and m.table >= 0 for m in members):
        # The department as a whole is one fact only where a 部门整体 form states its funds;
        # elsewhere "本部门支出a万元" may be any of its statements' totals.
        members = [m for m in members if m.name != whole]
    if len(members) < 2:
        return ()
    blocks = _Blocks(facts, text)
    one_budget = _all_money_of_one_budget(members) | _appropriation_of_one_budget(facts)
    buckets: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
    for i, member in enumerate(members):
        family, scope, period, source = _bucket(member)
        for also in {source, *_sources_stated_as_well(member, one_budget)}:
            buckets[(family, scope, period, also)].append(i)
    weights = NameWeights(m.name for m in members)
    pairs: dict[tuple[int, int], tuple[float, NameMatch | None]] = {}
    for ids in buckets.values():
        if len(ids) < 2:
            continue
        local = [members[i] for i in ids]
        same, chosen, undecided, leaning = _choices(local, weights, blocks)
        found: dict[tuple[int, int], tuple[float, NameMatch | None]] = {}  # local ids
        for i, others in same.items():
            for j in others:
                if i in same.get(j, ()):  # both ways: a row where several cells fit links none
                    found[_pair(i, j)] = (EXACT_SUBJECT_SCORE, None)
        mutual: set[int] = set()
        for i, choice in chosen.items():
            for j in choice.facts:
                back = chosen.get(j)
                if back is not None and local[i].name in back.names and i in back.facts:
                    found.setdefault(_pair(i, j), (choice.match.score, choice.match))
                    mutual.add(i)
        _attach_third_statements(chosen, mutual, found)
        _attach_to_undecided(chosen, mutual, undecided, found)
        _attach_to_leaning(chosen, mutual, leaning, found)
        for (i, j), link in found.items():
            pairs.setdefault(_pair(ids[i], ids[j]), link)
    return _groups(members, _agreeing_tables_across_buckets(members, pairs))


def _agreeing_tables_across_buckets(
    members: Sequence[_Linkable], pairs: dict[tuple[int, int], tuple[float, NameMatch | None]]
) -> dict[tuple[int, int], tuple[float, NameMatch | None]]:
    """A narrative statement linked, through the buckets of its several sources, with cells
    of tables that state different values keeps the tables it agrees with (see
    _the_tables_it_agrees_with): "行政单位医疗（2101101）8375.70万元" and the 支出表's row
    (8375.7) and the 基本支出表's (75.7, the row's 基本支出 only)."""
    linked: dict[int, list[int]] = defaultdict(list)
    for i, j in pairs:
        if members[i].table < 0 and members[j].table >= 0:
            linked[i].append(j)
        elif members[j].table < 0 and members[i].table >= 0:
            linked[j].append(i)
    dropped: set[tuple[int, int]] = set()
    for i, cells in linked.items():
        kept = set(_the_tables_it_agrees_with(cells, members, members[i]))
        dropped.update(_pair(i, j) for j in cells if j not in kept)
    if not dropped:
        return pairs
    return {pair: link for pair, link in pairs.items() if pair not in dropped}


def _twins_where_they_agree(members: list[_Linkable]) -> list[_Linkable]:
    """The 经济分类 rows named by their 功能分类 twin (30113 as 2210201) keep that name only
    where one twin pair of the document states one value: a department that books such
    payments under other 功能分类 items too (a 广州 budget's 2010501 行政运行 holding part of
    its 住房公积金) disagrees on every pair, and its twins are no one fact there."""
    twins = _class_twins()
    economic = [m for m in members if m.table >= 0 and m.fact.code in twins]
    if not economic:
        return members
    functional: dict[str, set[Decimal]] = defaultdict(set)
    for member in members:
        if member.table >= 0 and member.fact.code in twins.values():
            functional[member.fact.code].add(member.fact.mention.quantity.value)
    if any(m.fact.mention.quantity.value in functional[twins[m.fact.code]] for m in economic):
        return members
    own = {id(m) for m in economic}
    return [replace(m, name=f"{CODE_MARK}{m.fact.code}") if id(m) in own else m for m in members]


def _funds_totals_named(members: list[_Linkable]) -> list[_Linkable]:
    """The narrative figures that name a form's funds total by its label ("年度资金全年预算数
    a万元") named as that form's total is (#部门整体, or its project's name) where the document
    has one such form; where it has several (a 部门整体 form and a project's, each with its
    年度资金总额 row) which one is meant is a guess, and they are left out."""
    forms = {
        m.name
        for m in members
        if m.table >= 0
        and m.metric in FUNDS_COLUMNS
        and is_funds_total(m.fact.row_path.split(" / ")[-1])
    }
    unnamed_forms = {m.table for m in members if m.table >= 0 and m.name == FUNDS_TOTAL_NAME}
    if len(forms) == 1 and len(unnamed_forms) <= 1:
        (form,) = forms
        return [replace(m, name=form) if m.name == FUNDS_TOTAL_NAME else m for m in members]
    return [m for m in members if m.name != FUNDS_TOTAL_NAME]


def _sources_stated_as_well(member: _Linkable, one_budget: dict[str, str]) -> set[str]:
    """The other sources of funds a figure is the amount of as well, so that it is a candidate
    for their statements too."""
    fact = member.fact
    found = set()
    if fact.also_source:
        # A row's 合计 that is its 财政拨款 amount too (the other columns zero).
        found.add(fact.also_source)
    if is_one_budgets_item(fact.code) and one_budgets_appropriation(fact.source):
        # 住房公积金（项） in the 一般公共预算支出表 is the 财政拨款 amount of that item too
        # (no other budget lists it): "财政拨款支出……住房公积金（项）支出a万元" restates it.
        found.add(appropriation())
    side = _side_of(member)
    budget = one_budget.get(side, "")
    if budget and fact.source in ("", appropriation()):
        # That side's money is all one budget's (its tables' totals say so): an all-funds or
        # 财政拨款 figure of it is that budget's figure too.
        found.add(budget)
    if not fact.source and one_budget.get(_ALL_APPROPRIATED + side):
        # That side's money is all 财政拨款: an all-funds figure is its 财政拨款 figure too.
        found.add(appropriation())
    if fact.source == appropriation() and (only := one_budget.get(_ONE_APPROPRIATION + side)):
        # That side's 财政拨款 is all one budget's: a 财政拨款 figure is that budget's too.
        found.add(only)
    return found


# The key under which _appropriation_of_one_budget names the one budget of a side's 财政拨款.
_ONE_APPROPRIATION = "one-appropriation:"


def _appropriation_of_one_budget(facts: Sequence[Fact]) -> dict[str, str]:
    """Per side of the statement (收入, 支出): the one budget all of its 财政拨款 comes from,
    when the text states every other budget's appropriation of that side as zero and none
    as more ("政府性基金预算财政拨款收入0万元，占0%；国有资本经营预算财政拨款收入0万元"; "2025年
    政府性基金预算财政拨款支出0万元"): then "财政拨款支出总计增加a万元" and "一般公共预算财政
    拨款支出增加a万元" state one fact."""
    zero: dict[str, set[str]] = defaultdict(set)
    more: dict[str, set[str]] = defaultdict(set)
    for fact in facts:
        q = fact.mention.quantity
        if q.kind != "amount" or fact.mention.role != "narrative" or fact.period or fact.scope:
            continue
        named = _budgets_side_total(fact)
        if named is not None and q.bound == "exact":
            side, budget = named
            (zero if q.value == 0 else more)[side].add(budget)
    found: dict[str, str] = {}
    for side, budgets in zero.items():
        others = budget_appropriations() - budgets
        if len(others) == 1 and not (budgets & more[side]):
            found[_ONE_APPROPRIATION + side] = next(iter(others))
    return found


def _budgets_side_total(fact: Fact) -> tuple[str, str] | None:
    """(side, budget) of a figure that is one budget's appropriation of a whole side
    ("政府性基金预算财政拨款收入", "国有资本经营预算财政拨款支出…合计"), else None."""
    if fact.metric == STATEMENT_TOTAL and fact.source in budget_appropriations():
        side = next((s for s in STATEMENT_SIDES if s in fact.subject_text), None)
        return (side, fact.source) if side else None
    source = limits_of(fact.subject_text)[0]
    if source not in budget_appropriations():
        return None
    rest = source_words().sub("", fact.subject_text).strip()
    return (rest, source) if rest in STATEMENT_SIDES else None


# The key under which _all_money_of_one_budget says a side's money is all 财政拨款.
_ALL_APPROPRIATED = "appropriated:"


def _all_money_of_one_budget(members: Sequence[_Linkable]) -> dict[str, str]:
    """Per side of the statement (收入, 支出): the one budget (一般公共预算+财政拨款) all of it
    comes from, when the tables say so: the side's all-funds total (支出合计 of the 支出总表)
    equal to that budget's total of the same side and year (the 一般公共预算支出表's 合计).
    Amounts are never negative, so every other source is zero on every row of that side, and
    an item's all-funds amount is that budget's amount. A side the tables say nothing of, or
    say otherwise of (其他收入 beside the 财政拨款收入), is left out."""
    totals: dict[tuple[str, str, str], set[Decimal]] = defaultdict(set)
    for member in members:
        fact = member.fact
        if member.metric == STATEMENT_TOTAL and member.table >= 0 and not fact.scope:
            totals[(member.name, fact.period, fact.source)].add(fact.mention.quantity.value)
    found: dict[str, str] = {}
    for (name, period, source), values in totals.items():
        side = next((side for side in STATEMENT_SIDES if side in name), None)
        whole = totals.get((name, period, ""), set())
        if side is None or len(values) != 1 or values != whole or not next(iter(values)) > 0:
            continue
        if source and source == appropriation():
            # The side's all-funds total is its 财政拨款 total (收支总表 and 财政拨款收支总表
            # agree): no other source has any of it.
            found[_ALL_APPROPRIATED + side] = source
        elif one_budgets_appropriation(source):
            found[side] = "" if found.get(side, source) != source else source
    return {side: source for side, source in found.items() if source}


def _side_of(member: _Linkable) -> str:
    """The side of the statement a figure is on: an income, or (a budget, a spending) 支出."""
    if member.metric == STATEMENT_TOTAL:
        return next((side for side in STATEMENT_SIDES if side in member.name), "")
    if member.metric == "income":
        return STATEMENT_SIDES[0]
    return STATEMENT_SIDES[1] if member.fact.mention.quantity.kind == "amount" else ""


def _attach_third_statements(
    chosen: dict[int, _Choice],
    mutual: set[int],
    pairs: dict[tuple[int, int], tuple[float, NameMatch | None]],
) -> None:
    """Link a statement whose clear choice did not choose it back, when what it chose is
    already one fact: a name stated three ways ("养老机构床位数" in a row, "全县养老机构床位数"
    in two paragraphs) has each statement prefer its closest wording, so the third is
    nobody's best although it restates them. It joins only when every statement it chose
    made a mutual choice of its own, inside one group; a choice into two groups, or of a
    statement that chose nothing (a name stated as such, with a reordered one beside it),
    links nothing."""
    group_of = _components(pairs)
    for i, choice in chosen.items():
        if i in mutual or i in group_of:
            continue
        if not all(j in mutual for j in choice.facts):
            continue  # a statement that chose nothing (two names fit it alike) is not joined
        groups = {group_of.get(j, -1) for j in choice.facts}
        if len(groups) == 1:
            for j in choice.facts:
                pairs.setdefault(_pair(i, j), (choice.match.score, choice.match))


def _attach_to_undecided(
    chosen: dict[int, _Choice],
    mutual: set[int],
    undecided: set[int],
    pairs: dict[tuple[int, int], tuple[float, NameMatch | None]],
) -> None:
    """Link a statement to the one statement it clearly chose when that one chose nothing
    because no name fit it well enough: a row "新增生态护岸长度" and the narrative's
    "河湖岸线生态综合整治……新增生态护岸长度8.6公里", whose paragraph's item the row lacks
    (so the row scores the narrative low), while the narrative's own words are the row's.
    Only a statement chosen by no other one is joined: two paragraphs choosing one row are
    two items, and which one the row states is a guess."""
    linked = {j for pair in pairs for j in pair}
    choosers: dict[int, list[int]] = defaultdict(list)
    for i, choice in chosen.items():
        for j in choice.facts:
            if j in undecided and j not in linked:
                choosers[j].append(i)
    for j, found in choosers.items():
        if len(found) == 1 and found[0] not in linked and found[0] not in mutual:
            choice = chosen[found[0]]
            if len(choice.facts) == 1:
                pairs.setdefault(_pair(found[0], j), (choice.match.score, choice.match))


def _attach_to_leaning(
    chosen: dict[int, _Choice],
    mutual: set[int],
    leaning: dict[int, _Choice],
    pairs: dict[tuple[int, int], tuple[float, NameMatch | None]],
) -> None:
    """Link a statement to the one statement it clearly chose when that one fits it best of
    all, though another name comes close: a 自评表 row "完成救助精神障碍患者" has one
    restatement in the text, "…经费完成救助辖区内精神障碍患者", whose best name is that row
    while a second paragraph's wording comes near. Best for each other, they state one fact;
    the near name decides nothing. Only a statement chosen by no other one is joined."""
    linked = {j for pair in pairs for j in pair}
    choosers: dict[int, list[int]] = defaultdict(list)
    for i, choice in chosen.items():
        if len(choice.facts) == 1:
            (j,) = choice.facts
            choosers[j].append(i)
        else:
            for j in choice.facts:
                choosers[j].append(-1)  # chosen among others: not this one statement's
    for j, lean in leaning.items():
        found = choosers.get(j, [])
        if len(found) != 1 or found[0] < 0 or j in linked:
            continue
        i = found[0]
        if i in mutual or i in linked or i not in lean.facts:
            continue
        pairs.setdefault(_pair(i, j), (chosen[i].match.score, chosen[i].match))


def _components(pairs: dict[tuple[int, int], tuple[float, NameMatch | None]]) -> dict[int, int]:
    """Each linked statement's group (the smallest id of its connected statements)."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        parent.setdefault(i, i)
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        a, b = root(i), root(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {i: root(i) for i in parent}


def _pair(i: int, j: int) -> tuple[int, int]:
    return (i, j) if i < j else (j, i)


def _groups(
    members: Sequence[_Linkable], pairs: dict[tuple[int, int], tuple[float, NameMatch | None]]
) -> tuple[FactGroup, ...]:
    """Connected facts as groups, in document order, each keyed by its first fact's name
    (the core compared: 三公经费支出 and 三公经费决算数 are 三公)."""
    group_of = _components(pairs)
    grouped: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pair in sorted(pairs):
        grouped[group_of[pair[0]]].append(pair)
    groups: list[FactGroup] = []
    for found in grouped.values():
        ids = sorted({i for pair in found for i in pair})
        first = members[ids[0]]
        metric = next((members[i].metric for i in ids if members[i].metric), None)
        key: FactKey = (first.name, metric, first.fact.scope, first.fact.period)
        links = []
        for i, j in found:
            a, b = members[i].fact, members[j].fact
            score, match = pairs[(i, j)]
            # Two targets (a goal and its 指标值) disagree when their bounds' numbers do.
            by = compare_targets if a.scope == b.scope == "target" else compare
            agreement = by(a.mention.quantity, b.mention.quantity)
            links.append(Link(a, b, agreement, key, score, match))
        groups.append(FactGroup(key, tuple(members[i].fact for i in ids), tuple(links)))
    groups.sort(key=lambda g: g.facts[0].mention.span.start)
    return tuple(groups)
