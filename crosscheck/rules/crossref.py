"""CC2xx cross-reference: one fact stated with different values."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal

from crosscheck.align.keys import Fact
from crosscheck.align.words import WordMatch, word_matches
from crosscheck.compare import Agreement, compare
from crosscheck.lexicons import mapping
from crosscheck.rules.arithmetic import item_rates
from crosscheck.rules.base import RULES, flag, ok, rule
from crosscheck.rules.context import CheckContext
from crosscheck.types import Finding

# Metrics whose value is one fact of its subject. 增长/下降 compare too: one
# subject's growth stated twice must agree.
_COMPARABLE = frozenset(
    {
        "execution_rate",
        "completion_rate",
        "arrival_rate",
        "satisfaction",
        "awareness_rate",
        "coverage_rate",
        "control_rate",
        "reimbursement_ratio",
        "budget",
        "initial_budget",
        "adjusted_budget",
        "expenditure",
        "paid_amount",
        "planned_amount",
        "income",
        "score",
        "full_score",
        "staffing",
        "headcount",
        "growth_rate",
        "decline_rate",
        "balance",
    }
)
FactKey = tuple[str, str | None, str, str]  # subject, metric, scope, period
_ROLE_ZH = {"table": "表中", "narrative": "正文", "heading": "标题"}
_ROLE_EN = {"table": "table", "narrative": "text", "heading": "heading"}


def metric_name(key: str | None, lang: str = "zh") -> str:
    if key is None:
        return ""
    if key.startswith("count:"):
        return ("数量（" + key[6:] + "）") if lang == "zh" else f"count ({key[6:]})"
    names = mapping("metric_names", "key", lang)
    return names.get(key, key)


MIN_COUNT_SUBJECT = 5  # characters: 惠及农村义务教育学生, not 全县 or 完成


# A link made by comparing subjects by words is less certain than one made by
# the same name written twice: the reviewer sees the lower score and the words.
_WORD_LINK_SCORE = "0.8"


def _join_word_variants(groups: dict[FactKey, list[Fact]]) -> dict[FactKey, WordMatch]:
    """Merge, in place, the groups whose subjects differ as strings but not by words.

    "三公经费支出 6.95万元" (自评表) and "三公经费 5.96" (基础数据表) state one fact.
    Returns the merged groups' keys -> the word match that joined them.
    """
    subjects_by_rest: dict[tuple[str | None, str, str], list[str]] = defaultdict(list)
    for subject, *rest in groups:
        subjects_by_rest[tuple(rest)].append(subject)
    joined: dict[FactKey, WordMatch] = {}
    for rest, subjects in subjects_by_rest.items():
        if len(subjects) < 2:
            continue
        metric = rest[0]
        own_metric = None if metric is None or metric.startswith("count:") else metric

        def disagree(candidates: list[str], rest: tuple = rest) -> bool:
            facts = [f for subject in candidates for f in groups[(subject, *rest)]]
            return _values_disagree(facts)

        for match in word_matches(subjects, own_metric, disagree):
            target = (match.subjects[0], *rest)
            for subject in match.subjects[1:]:
                groups[target].extend(groups.pop((subject, *rest)))
            joined[target] = match
    return joined


def _values_disagree(facts: list[Fact]) -> bool:
    first = facts[0].mention.quantity
    return any(
        f.mention.quantity.kind == first.kind
        and compare(first, f.mention.quantity) is not Agreement.SAME
        for f in facts[1:]
    )


def _counted_fact(fact: Fact) -> bool:
    q = fact.mention.quantity
    return q.kind == "count" and q.bound == "exact" and len(fact.subject) >= MIN_COUNT_SUBJECT


def _with_recomputation(fact: Fact, recomputed: dict) -> str:
    """The value as written, with the division it comes from when the table shows it:
    "249%（997.76万元 ÷ 400万元 = 249.44%）"."""
    found = recomputed.get(fact.mention)
    if found is None:
        return _shown(fact)
    spent, planned, computed = found
    return (
        f"{_shown(fact)}（{spent.quantity.surface.strip()} ÷ "
        f"{planned.quantity.surface.strip()} = {computed.quantize(Decimal('0.01'))}%）"
    )


def _shown(fact: Fact) -> str:
    """The value as written; a bare table number gets its table's unit: 123.67（万元）."""
    q = fact.mention.quantity
    surface = q.surface.replace("\n", "")
    if q.kind == "amount" and q.scale and not surface.endswith(("元", q.scale)):
        return f"{surface}（{q.scale}）"
    return surface


def _conflicting(
    group: list[Fact], table_at: Callable[[int], int]
) -> tuple[list[Fact], bool] | None:
    """The facts to show when the group disagrees, and whether only by a last digit."""
    worst = Agreement.SAME
    involved: list[Fact] = []
    for i, a in enumerate(group):
        for b in group[i + 1 :]:
            qa, qb = a.mention.quantity, b.mention.quantity
            if qa.kind != qb.kind:
                continue
            two_rows = a.row_path != b.row_path and a.row_path and b.row_path
            if two_rows and table_at(a.block) == table_at(b.block):
                continue  # two rows of one table: the whole row label must agree, not its leaf
            if a.block == b.block and a.block >= 0:
                # One paragraph (or one table cell) naming the same thing twice with two
                # values is nearly always a parallel enumeration (城乡居民… / 城镇职工…
                # 报销比), not a contradiction: the subject words miss what differs.
                continue
            agreement = compare(qa, qb)
            if agreement is Agreement.SAME:
                continue
            if agreement is Agreement.DIFFERENT or worst is not Agreement.DIFFERENT:
                worst = agreement if agreement is Agreement.DIFFERENT else worst
                if worst is Agreement.SAME:
                    worst = agreement
            for fact in (a, b):
                if fact not in involved:
                    involved.append(fact)
    if not involved:
        return None
    return involved, worst is Agreement.LAST_DIGIT


@rule(
    code="CC201",
    name="value-conflict",
    severity="error",
    zh="{subject}的{metric}前后不一致：{values}",
    en="{subject}: {metric} is stated with different values: {values}",
    examples=(
        flag(
            "3、 “一站式”健康扶贫医疗救助资金：实际拨款997.76万元，完成率249%。\n"
            "“一站式”健康扶贫医疗救助资金完成救助5044人次（其中使用区级预算300万元，项目执行率75%）。",
            "249%",
            "75%",
        ),
        ok(
            "困难居民医疗救助经费完成救助1360人次，项目执行率161.55%。\n"
            "其中困难居民医疗救助经费预算执行率162%。"
        ),
        ok("精神障碍患者医疗救助完成率100%。\n城乡居民医保（下拨）专项经费完成率100%。"),
        # One subject written two ways: compared by words (三公经费支出 / 三公经费 -> 三公).
        flag(
            "（一）部门决算情况\n2023年“三公”经费支出6.95万元，较上年减少0.5万元。\n"
            "（二）“三公”经费情况\n本年“三公”经费决算数为5.96万元，其中公务用车运行维护费4.12万元，"
            "公务接待费1.84万元。",
            "6.95万元",
            "5.96万元",
        ),
        # Words keep the scope: 一般公共预算财政拨款基本支出 is a part of 基本支出.
        ok(
            "2023年基本支出决算数为449.64万元，主要用于人员和公用经费。\n"
            "2023年一般公共预算财政拨款基本支出442.25万元，较上年增加3.2万元。"
        ),
    ),
)
def value_conflict(ctx: CheckContext) -> Iterator[Finding]:
    """The same subject's same metric (same scope and year) is stated with different values.

    A reviewer trusts neither number until one is corrected: the table and the
    narrative, or two places in the narrative, must state one fact one way.
    Values are compared at the precision written (161.55% and 162% agree);
    a difference in the last written digit only is reported as info.
    """
    this = RULES["CC201"]
    groups: dict[FactKey, list[Fact]] = defaultdict(list)
    for fact in ctx.facts:
        if not fact.subject or fact.mention.role == "heading" or fact.scope == "note":
            continue
        if fact.metric in _COMPARABLE:
            groups[fact.key].append(fact)
        elif fact.metric is None and _counted_fact(fact):
            # "完成送戏下乡演出165场" / "…156场": a count of the same specific thing, in the
            # same measure word, is one fact even without a metric word.
            unit = fact.mention.quantity.unit
            groups[(fact.subject, f"count:{unit}", fact.scope, fact.period)].append(fact)
    joined_by_words = _join_word_variants(groups)
    for (_, metric, _, _), group in groups.items():
        if len(group) < 2:
            continue
        found = _conflicting(group, ctx.table_index_at)
        if found is None:
            continue
        involved, last_digit_only = found
        subject = involved[0].subject_text or involved[0].subject
        recomputed = item_rates(ctx)
        values_zh = "，".join(
            f"{_ROLE_ZH[f.mention.role]}为{_with_recomputation(f, recomputed)}" for f in involved
        )
        values_en = ", ".join(f"{_ROLE_EN[f.mention.role]} {_shown(f)}" for f in involved)
        key = involved[0]
        match = joined_by_words.get(key.key)
        subject_reason = (
            f"同一对象（按词比较）：{'、'.join(match.subjects)} → {match.name}"
            if match is not None
            else f"同一对象：{key.subject}"
        )
        reasons = [
            subject_reason,
            f"同一指标：{metric_name(metric)}",
            f"同一口径：{key.scope or '未限定'}",
            f"同一期间：{key.period or '本年'}",
            f"单位一致：{key.mention.quantity.unit}",
        ]
        finding = this.finding(
            [ctx.evidence(f.mention, label=_ROLE_ZH[f.mention.role]) for f in involved],
            severity="info" if last_digit_only else None,
            data={
                "subject_key": key.subject,
                "metric": metric or "",
                "link_reasons": "；".join(reasons),
                "link_score": "1.0" if match is None else _WORD_LINK_SCORE,
            },
            subject=subject,
            metric=metric_name(metric),
            values=values_zh,
        )
        finding.data["values_en"] = values_en
        yield finding
