"""Alignment (DESIGN §1 ``align``): which facts state the same fact, with a score and the reasons.

Facts are grouped by their key (subject, metric, scope, period); subjects that
differ as strings but not by words are joined (crosscheck/align/words.py).
Inside a group, every pair that may be compared becomes a :class:`Link`:
table↔narrative, narrative↔narrative or table↔table, with how the two values
agree. CC201 reports the groups whose links disagree; the links themselves
are what a researcher aligns narrative and tables with (``Report.links``).

Pairs that are never linked, because the key misses what differs:

- two facts in one paragraph or one table cell (a parallel enumeration:
  城乡居民… / 城镇职工… 报销比 in one sentence);
- two cells of one table row: a table states each fact once, so two columns
  are two facts (执行数 and 决算数 side by side; a 收支平衡表 with 收入 on the
  left and 支出 on the right of one row);
- two rows of one table whose whole row labels differ (same leaf indicator
  under 产出指标 and under 效益指标).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from crosscheck.align.keys import Fact, is_breakdown_item
from crosscheck.align.words import WordMatch, word_matches
from crosscheck.compare import Agreement, compare
from crosscheck.lexicons import mapping, rows

FactKey = tuple[str, str | None, str, str]  # subject, metric, scope, period

# A count without a metric word is one fact only for a specific subject:
# 惠及农村义务教育学生 (9 characters), not 全县 or 完成.
MIN_COUNT_SUBJECT = 5

# A link made by comparing subjects by words is less certain than one made by
# the same name written twice: the reviewer sees the lower score and the words.
EXACT_SUBJECT_SCORE = 1.0
WORD_SUBJECT_SCORE = 0.8


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
    words: WordMatch | None = None  # set when the subjects were joined by words

    @property
    def score(self) -> float:
        return EXACT_SUBJECT_SCORE if self.words is None else WORD_SUBJECT_SCORE

    @property
    def kind(self) -> str:
        """table-narrative, narrative-narrative or table-table."""
        return "-".join(sorted((self.a.mention.role, self.b.mention.role), reverse=True))

    def reasons(self, lang: str = "zh") -> tuple[str, ...]:
        """Why the two were linked: the shared subject (and how), metric, scope, period, unit."""
        subject, metric, scope, period = self.key
        unit = self.a.mention.quantity.unit
        if lang == "en":
            subject_reason = (
                f"same subject by words: {', '.join(self.words.subjects)} -> {self.words.name}"
                if self.words is not None
                else f"same subject: {subject}"
            )
            return (
                subject_reason,
                f"same metric: {metric_name(metric, 'en')}",
                f"same scope: {scope or 'unqualified'}",
                f"same period: {period or 'report year'}",
                f"same unit: {unit}",
            )
        subject_reason = (
            f"同一对象（按词比较）：{'、'.join(self.words.subjects)} → {self.words.name}"
            if self.words is not None
            else f"同一对象：{subject}"
        )
        return (
            subject_reason,
            f"同一指标：{metric_name(metric)}",
            f"同一口径：{scope or '未限定'}",
            f"同一期间：{period or '本年'}",
            f"单位一致：{unit}",
        )


@dataclass(frozen=True, slots=True)
class FactGroup:
    """The facts of one key (after joining word variants) and the links between them."""

    key: FactKey
    facts: tuple[Fact, ...]
    links: tuple[Link, ...]
    words: WordMatch | None  # set when subjects written differently were joined by words

    @property
    def score(self) -> float:
        return EXACT_SUBJECT_SCORE if self.words is None else WORD_SUBJECT_SCORE


def _counted_fact(fact: Fact) -> bool:
    q = fact.mention.quantity
    return q.kind == "count" and q.bound == "exact" and len(fact.subject) >= MIN_COUNT_SUBJECT


def _group_key(fact: Fact, comparable: frozenset[str]) -> FactKey | None:
    if not fact.subject or fact.mention.role == "heading" or fact.scope == "note":
        return None
    if fact.metric in comparable:
        return fact.key
    if fact.metric is None and _counted_fact(fact):
        # "完成送戏下乡演出165场" / "…156场": a count of the same specific thing, in the
        # same measure word, is one fact even without a metric word.
        unit = fact.mention.quantity.unit
        return (fact.subject, f"count:{unit}", fact.scope, fact.period)
    return None


def _values_disagree(facts: Sequence[Fact]) -> bool:
    first = facts[0].mention.quantity
    return any(
        f.mention.quantity.kind == first.kind
        and compare(first, f.mention.quantity) is not Agreement.SAME
        for f in facts[1:]
    )


def _join_word_variants(groups: dict[FactKey, list[Fact]]) -> dict[FactKey, WordMatch]:
    """Merge, in place, the groups whose subjects differ as strings but not by words.

    "三公经费支出 6.95万元" (自评表) and "三公经费 5.96" (基础数据表) state one fact.
    Only variants whose values disagree are compared by words: joining agreeing
    values changes nothing, and jieba and spaCy then never load.
    Returns the merged groups' keys -> the word match that joined them.
    """
    subjects_by_rest: dict[tuple[str | None, str, str], list[str]] = defaultdict(list)
    for subject, *rest in groups:
        subjects_by_rest[tuple(rest)].append(subject)  # type: ignore[arg-type]
    joined: dict[FactKey, WordMatch] = {}
    for rest, subjects in subjects_by_rest.items():
        if len(subjects) < 2:
            continue
        metric = rest[0]
        own_metric = None if metric is None or metric.startswith("count:") else metric

        def disagree(candidates: list[str], rest: tuple = rest) -> bool:
            return _values_disagree([f for s in candidates for f in groups[(s, *rest)]])

        for match in word_matches(subjects, own_metric, disagree):
            target = (match.subjects[0], *rest)
            for subject in match.subjects[1:]:
                groups[target].extend(groups.pop((subject, *rest)))
            joined[target] = match  # type: ignore[index]
    return joined


def metric_name(key: str | None, lang: str = "zh") -> str:
    """execution_rate -> 执行率; count:人次 -> 数量（人次）."""
    if key is None:
        return ""
    if key.startswith("count:"):
        return ("数量（" + key[6:] + "）") if lang == "zh" else f"count ({key[6:]})"
    return mapping("metric_names", "key", lang).get(key, key)


def _links(
    key: FactKey, facts: Sequence[Fact], words: WordMatch | None, table_at: Callable[[int], int]
) -> tuple[Link, ...]:
    links: list[Link] = []
    for i, a in enumerate(facts):
        for b in facts[i + 1 :]:
            qa, qb = a.mention.quantity, b.mention.quantity
            if qa.kind != qb.kind:
                continue
            two_rows = a.row_path != b.row_path and a.row_path and b.row_path
            if two_rows and table_at(a.block) == table_at(b.block):
                continue  # two rows of one table: the whole row label must agree, not its leaf
            if a.block == b.block and a.block >= 0:
                continue  # one paragraph or cell naming the thing twice: an enumeration
            if a.row >= 0 and a.row == b.row and table_at(a.block) == table_at(b.block):
                continue  # two columns of one table row: two facts, whatever their words
            if _under_two_heads(a, b):
                continue
            links.append(Link(a, b, compare(qa, qb), key, words))
    return tuple(links)


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


def align(facts: Sequence[Fact], table_at: Callable[[int], int]) -> tuple[FactGroup, ...]:
    """The groups of facts that state one fact, each with its links (groups of one are left out).

    ``table_at(offset)``: the index of the table holding an offset, -1 outside tables.
    """
    comparable = _comparable_metrics()
    groups: dict[FactKey, list[Fact]] = defaultdict(list)
    for fact in facts:
        key = _group_key(fact, comparable)
        if key is not None:
            groups[key].append(fact)
    joined = _join_word_variants(groups)
    aligned: list[FactGroup] = []
    for key, members in groups.items():
        if len(members) < 2:
            continue
        words = joined.get(key)
        links = _links(key, members, words, table_at)
        if links:
            aligned.append(FactGroup(key, tuple(members), links, words))
    return tuple(aligned)
