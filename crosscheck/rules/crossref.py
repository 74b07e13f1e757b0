"""CC2xx cross-reference: one fact stated with different values."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from crosscheck.align.keys import Fact, named_with_sources
from crosscheck.align.links import FactGroup, metric_name
from crosscheck.compare import Agreement
from crosscheck.messages import evidence_label
from crosscheck.relate import Ratio
from crosscheck.rules.base import RULES, flag, ok, rule
from crosscheck.rules.context import CheckContext
from crosscheck.tables.values import bare_number
from crosscheck.types import Finding, Mention, Span

__all__ = ["metric_name", "value_conflict"]

_ROLE_ZH = {"table": "表中", "narrative": "正文", "heading": "标题"}
# A number in the sentences of a table's goal or results cell (Fact.prose).
_PROSE_ZH = "表内文字"


def _where(fact: Fact, lang: str = "zh") -> str:
    """Where a fact is written, as a finding says it: 正文, 表中, or the table's own text
    (English from crosscheck/messages.py's evidence labels)."""
    return evidence_label(_PROSE_ZH if fact.prose else _ROLE_ZH[fact.mention.role], lang)


def _with_recomputation(fact: Fact, recomputed: dict[Mention, Ratio]) -> str:
    """The value as written, with the division it comes from when the table shows it:
    "249%（997.76万元 ÷ 400万元 = 249.44%）"."""
    found = recomputed.get(fact.mention)
    if found is None or found.denominator is None:
        return _shown(fact)
    spent, planned = found.numerator, found.denominator
    computed = spent.quantity.value / planned.quantity.value * 100
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
    if q.kind != "amount" and bare_number(surface) is not None:
        # A 指标值 whose unit is a cell of its own (126 | 场): written with it, 126场.
        return f"{surface}{q.scale}{q.unit}"
    return surface


def _conflicting(
    group: FactGroup, slips: frozenset[Span] = frozenset()
) -> tuple[list[Fact], bool] | None:
    """The facts to show when the group's links disagree, and whether only by a last digit.
    ``slips``: amounts CC304 reports as written in the wrong scale; a link between one of
    them and its twin is that slip, reported once."""
    # Keyed by identity, in order of first appearance: a list's "not in" compared every
    # fact with every other (by all their fields), quadratic in a large group.
    involved: dict[int, Fact] = {}
    last_digit_only = True
    for link in group.links:
        if link.agreement is Agreement.SAME or (
            _scale_apart(link.a, link.b)
            and (link.a.mention.span in slips or link.b.mention.span in slips)
        ):
            continue
        last_digit_only = last_digit_only and link.agreement is Agreement.LAST_DIGIT
        for fact in (link.a, link.b):
            involved.setdefault(id(fact), fact)
    if not involved or _each_value_restated(group):
        return None
    return list(involved.values()), last_digit_only


# The factor between 元 and 万元: the same digits written in both are a unit slip (CC304).
_TEN_THOUSAND = Decimal(10000)


def _scale_apart(a: Fact, b: Fact) -> bool:
    """Two amounts exactly 10,000 apart ("48.60元" and "48.60万元"): the same digits in two
    scales, a unit slip that CC304 reports as such, not two values of one fact."""
    x, y = a.mention.quantity, b.mention.quantity
    if x.kind != "amount" or y.kind != "amount" or not x.value or not y.value:
        return False
    return x.value * _TEN_THOUSAND == y.value or y.value * _TEN_THOUSAND == x.value


def _each_value_restated(group: FactGroup) -> bool:
    """The text alone states the name with several values, each of them twice or more
    ("共回收有效问卷108份" in two sections, "…1330份" in two others): several facts under one
    name, each restated consistently — not one fact written two ways, where one value
    stands alone against the rest (a table settles it; here there is none)."""
    if any(f.mention.role != "narrative" for f in group.facts):
        return False
    counts: dict[Decimal, int] = {}
    for fact in group.facts:
        value = fact.mention.quantity.value
        counts[value] = counts.get(value, 0) + 1
    return len(counts) > 1 and min(counts.values()) >= 2


@rule(
    code="CC201",
    name="value-conflict",
    title="同一事实前后数值不一致（表与文、文与文、表与表）",
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
        # One item under two heads: each 其中 ends the paragraph that names its head.
        ok(
            "1. 基本支出预算 880.50 万元，占一般公共预算支出的96.74%，同比减少16.60万元。其中：\n"
            "工资福利支出预算 716.05 万元，占基本支出预算81.32%。\n"
            "商品和服务支出预算 164.45 万元，占基本支出预算18.68%。\n"
            "2. 项目支出 29.70 万元，占一般公共预算支出的3.26%。其中：\n"
            "商品和服务支出预算 29.70 万元，占项目支出预算100%。"
        ),
        # One item in two sections that name its two heads.
        ok(
            "（一）基本支出\n商品和服务支出预算20.00万元，主要用于办公费。\n"
            "（二）项目支出\n商品和服务支出预算30.00万元，主要用于专项业务。"
        ),
        # A heading between ends the list: the second item is not under 基本支出.
        ok(
            "1. 基本支出预算 100.00 万元，同比减少5.00万元。其中：\n"
            "商品和服务支出预算 20.00 万元，占基本支出预算20%。\n"
            "（二）项目支出\n"
            "商品和服务支出预算 30.00 万元，占项目支出预算100%。"
        ),
        # A run-in heading names the item of its sentence: three items, not one 支出预算.
        ok(
            "（一）因公出国（境）费。支出预算0万元，与上年持平。\n"
            "（二）公务接待费。支出预算2.10万元，与上年持平。\n"
            "（三）公务用车购置及运行费。支出预算3.10万元，比上年预算减少1.00万元。"
        ),
        flag(
            "本馆三公经费预算5.20万元，其中公务接待费预算2.50万元。\n"
            "（二）公务接待费。支出预算2.10万元，与上年持平。",
            "2.50万元",
            "2.10万元",
        ),
        # Two columns of one table row are two facts: 执行数 and 决算数 side by side, and a
        # 收支平衡表 whose row holds 本级收入 on the left and 本级支出 on the right.
        ok(
            "单位：亿元\n"
            "收入 | 执行数 | 决算数 | 支出 | 执行数 | 决算数 |\n"
            "总计 | 580 | 590 | 总计 | 580 | 590 |\n"
            "一、本级收入 | 210 | 210 | 一、本级支出 | 490 | 490 |\n"
            "二、转移性收入 | 370 | 380 | 二、转移性支出 | 90 | 100 |"
        ),
        # Two figures under one name, each restated in the text: two facts (two surveys).
        ok(
            "一、方法\n共发放调查问卷360份。\n二、结果\n共发放调查问卷1,200份。\n"
            "三、结论\n共发放调查问卷360份。\n四、附件\n共发放调查问卷1,200份。"
        ),
        # The same digits in 元 where the table has 万元, too few for CC304 to call it a slip
        # by the digits alone: linked as one fact, they conflict.
        flag(
            "（三）“三公”经费\n公务接待费预算20.00元，与上年持平。\n\n"
            "“三公”经费预算表\n单位：万元\n项目 | 2023年预算 | 2024年预算\n"
            "因公出国（境）费 | 6.00 | 6.00\n公务接待费 | 18.00 | 20.00\n",
            "20.00元",
            "20.00",
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
    The facts come from the alignment stage (crosscheck/align/links.py).
    """
    this = RULES["CC201"]
    recomputed = {r.stated: r for r in ctx.relations.rates if r.source == "numbered-items"}
    slips = frozenset(t.slip.span for t in ctx.relations.scale_twins)
    for group in ctx.aligned:
        found = _conflicting(group, slips)
        if found is None:
            continue
        involved, last_digit_only = found
        subject_key, metric, _, _ = group.key
        values_zh = "，".join(
            f"{_where(f)}为{_with_recomputation(f, recomputed)}" for f in involved
        )
        values_en = ", ".join(f"{_where(f, 'en')} {_shown(f)}" for f in involved)
        finding = this.finding(
            [ctx.evidence(f.mention, label=_where(f)) for f in involved],
            severity="info" if last_digit_only else None,
            data={
                "subject_key": subject_key,
                "metric": metric or "",
                "link_reasons": "；".join(group.links[0].reasons()),
                "link_score": str(group.score),
            },
            subject=_named(involved[0], metric),
            # A fact named by its words alone ("…新建社区食堂46个") has no metric word.
            metric=metric_name(metric) or "数值",
            values=values_zh,
        )
        finding.data["values_en"] = values_en
        yield finding


def _named(fact: Fact, metric: str | None) -> str:
    """How a finding names the fact (align/keys.py named_with_sources), by the metric the
    link gave it."""
    return named_with_sources(replace(fact, metric=metric))
