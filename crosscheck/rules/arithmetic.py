"""CC1xx arithmetic: recompute what the report states twice (sums, shares, growth, scores)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cache
from itertools import combinations

import regex

from crosscheck import lexicons
from crosscheck.compare import Agreement, compare_values, is_counted, quantum, recomputed_agrees
from crosscheck.rules.base import RULES, flag, ok, rule
from crosscheck.rules.context import CheckContext
from crosscheck.rules.lists import (
    Respectively,
    closing_total,
    joined,
    labels_name_periods,
    partial,
    respectively_lists,
    spent_cue,
)
from crosscheck.rules.text import Statement, statements
from crosscheck.types import Finding, Mention, Severity, Span

# A 其中 list that says it is partial (主要包括, 等，) and the word that closes a list
# with its total (合计, 共计) come from lexicons/list_cues.tsv (crosscheck.rules.lists).
MAX_SUBSET_PARTS = 12


@dataclass(frozen=True, slots=True)
class SumCheck:
    total: Mention
    parts: tuple[Mention, ...]
    computed: Decimal
    agreement: Agreement


def _same_measure(a: Mention, b: Mention) -> bool:
    qa, qb = a.quantity, b.quantity
    return qa.kind == qb.kind and qa.unit == qb.unit and qa.kind in ("amount", "count", "measure")


def _exact(m: Mention) -> bool:
    return m.quantity.bound == "exact"


# The metric keys of a change amount ("较上年增加15.30万元", "减收1000万元"): a difference
# between two years, never a part of a total nor the amount a change is taken from.
CHANGE_METRICS = ("increase", "decrease")


def is_change(m: Mention) -> bool:
    return m.metric in CHANGE_METRICS


def _any_subset_adds_up(total: Mention, parts: Sequence[Mention]) -> bool:
    """Some two or more of the parts add up to the total: a list with sub-items (基本支出
    842.12, 人员支出 736.7 of it, 日常公用 105.42 of it, 项目支出 400.55 = 1242.67)."""
    if len(parts) > MAX_SUBSET_PARTS:
        return True  # too many to tell the levels apart: do not guess
    q_total = quantum(total.quantity)
    for size in range(2, len(parts)):
        for subset in combinations(parts, size):
            computed = sum((p.quantity.value for p in subset), Decimal(0))
            if (
                compare_values(computed, Decimal(0), total.quantity.value, q_total)
                is Agreement.SAME
            ):
                return True
    return False


def check_sum(total: Mention, parts: Sequence[Mention]) -> SumCheck | None:
    """The parts against the total, or None when they agree (or may be a hierarchy)."""
    # "总支出300.50万元，其中本年支出280.20万元，较上年增加15.30万元": the change is
    # said of a part, it is no part itself (a total that is a change has changes as parts).
    parts = [p for p in parts if _same_measure(p, total) and is_change(p) == is_change(total)]
    if len(parts) < 2 or not _exact(total) or not all(_exact(p) for p in parts):
        # An approximate part (B约50万元) cannot be left out of the sum, and its
        # interval says too little to flag the rest.
        return None
    computed = sum((p.quantity.value for p in parts), Decimal(0))
    # The sum is exact; it is compared at the precision the total is written with
    # (parts such as 50万元 are whole amounts, not values rounded to 万).
    counted = is_counted(total.quantity) and all(is_counted(p.quantity) for p in parts)
    agreement = compare_values(
        computed, Decimal(0), total.quantity.value, quantum(total.quantity), counted=counted
    )
    if agreement is Agreement.SAME:
        return None
    if agreement is Agreement.DIFFERENT and _any_subset_adds_up(total, parts):
        return None
    return SumCheck(total, tuple(parts), computed, agreement)


@cache
def _unit_rate_patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(before, after): the words of lexicons/unit_rates.tsv right before / after an amount."""

    def alternation(side: str) -> str:
        found = [r["word"] for r in lexicons.rows("unit_rates") if r["side"] == side]
        return "|".join(regex.escape(w) for w in sorted(found, key=lambda w: (-len(w), w)))

    return (
        regex.compile(rf"(?:{alternation('before')})[为是：:\s]*$"),
        regex.compile(rf"\s*(?:{alternation('after')})"),
    )


def is_unit_rate(text: str, m: Mention) -> bool:
    """An amount per person, household, month… ("24000元每年每人", "每户500元")."""
    before, after = _unit_rate_patterns()
    return bool(
        before.search(text, max(0, m.span.start - 8), m.span.start) or after.match(text, m.span.end)
    )


def sum_relations(ctx: CheckContext) -> Iterator[tuple[Statement, Mention, list[Mention]]]:
    """(statement, total, parts) of every list tied to a total (see _sum_relations); an
    amount per unit ("工资24000元每年每人") is neither a part nor a total."""
    for statement, total, parts in _sum_relations(ctx):
        if is_unit_rate(ctx.text, total):
            continue
        yield statement, total, [p for p in parts if not is_unit_rate(ctx.text, p)]


def _sum_relations(ctx: CheckContext) -> Iterator[tuple[Statement, Mention, list[Mention]]]:
    """(statement, total, parts) for "T，其中A a、B b", "A a，B b，合计T" and the 分别为
    lists tied to a total ("T，其中A、B分别为a、b", "A、B分别为a、b，共计T",
    "T，分别为：A a、B b") in one sentence."""
    yield from _lists_in_next_paragraphs(ctx)
    for statement in statements(ctx):
        mentions = statement.mentions
        if len(mentions) < 3:
            continue
        text = ctx.text
        # "T，其中 …" (or "T中，…"): the total is the last quantity before 其中, the parts follow.
        opener = _opener_outside_brackets(statement.text)
        if opener is not None:
            qizhong = opener.start()
            at = statement.span.start + qizhong
            heads = [m for m in mentions if m.span.end <= at]
            after = [m for m in mentions if m.span.start >= at]
            tail = statement.text[qizhong : qizhong + 12]
            if heads and after and not partial().search(tail):
                total = heads[-1]
                parts: list[Mention] = []
                closing: Mention | None = None
                for m in after:
                    before = text[max(statement.span.start, m.span.start - 16) : m.span.start]
                    if closing_total().search(before) and _same_measure(m, total):
                        closing = m
                        break
                    if parts and total.metric not in _SPENT_METRICS and spent_cue().search(before):
                        # "资金总额100万元，其中中央资金60万元，已支出50万元": the amount spent
                        # is said of the whole; the list of funds ended before it.
                        break
                    if parts and "其中" in text[parts[-1].span.end : m.span.start]:
                        parts = []  # a nested 其中: the list is on two levels, do not guess
                        break
                    parts.append(m)
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
                if not by_period and not any(
                    _breaks_sum(text, item, total, periods_ok=False) for item in listed
                ):
                    yield statement, total, parts
                if closing is not None and not any(
                    _breaks_sum(text, item, closing, periods_ok=True) for item in listed
                ):
                    yield statement, closing, parts
                continue
        yield from _listed_after_total(ctx, statement)
        # "A a，B b，合计 T": the total is announced by 合计/共计/总计, the parts are
        # the quantities before it in the same ；-clause.
        for index, m in enumerate(mentions):
            before = text[max(statement.span.start, m.span.start - 16) : m.span.start]
            if index >= 2 and closing_total().search(before):
                clause_start = (
                    max(
                        text.rfind("；", statement.span.start, m.span.start),
                        text.rfind(";", statement.span.start, m.span.start),
                    )
                    + 1
                )
                parts = [p for p in mentions[:index] if p.span.start >= clause_start]
                closed = _closed_respectively(
                    text, parts, max(clause_start, statement.span.start), m
                )
                if closed is not None:
                    yield statement, m, closed
                break


def _breaks_sum(text: str, listed: Respectively, total: Mention, *, periods_ok: bool) -> bool:
    """A 分别 list that gives values of the total's measure but cannot be read as its parts:
    per-item changes (分别增长30万元、20万元), fewer or more values than items named, a value
    in another unit or approximate, or (unless ``periods_ok``) values of periods."""
    if not any(_same_measure(v, total) for v in listed.values):
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
    return not all(_same_measure(v, total) and _exact(v) for v in values)


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


# Between a total and the 分别为 that lists its parts: punctuation only.
_TOTAL_THEN_CUE = regex.compile(r"[，,：:\s]*")


def _listed_after_total(
    ctx: CheckContext, statement: Statement
) -> Iterator[tuple[Statement, Mention, list[Mention]]]:
    """ "T，分别为：A a、B b、C c": items named inline right after the total are its parts.

    Only with the items named inline and every value of the total's measure up to the
    statement's end (or its 合计): bare values ("T，分别为a、b") do not say what they are."""
    text = ctx.text
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
        yield statement, total, [v for v in values if _same_measure(v, total)]


def sum_checks(ctx: CheckContext) -> list[SumCheck]:
    """The sum relations whose parts do not add up, in order (cached per context:
    CC101 and CC301 both read them)."""
    cached = getattr(ctx, "_sum_checks", None)
    if cached is not None:
        return cached
    checks = [check_sum(total, parts) for _, total, parts in sum_relations(ctx)]
    found = [check for check in checks if check is not None]
    ctx._sum_checks = found  # type: ignore[attr-defined]
    return found


# "其中" opens a breakdown, and so does "中，" right after the total
# ("基本支出29,684.53万元中，工资福利支出…").
_LIST_OPENER = regex.compile(r"其中|(?<=[元人个项家次户])中(?=[，,：:])")
_OPEN_BRACKETS = "（("
_CLOSE_BRACKETS = "）)"


def _openers_outside_brackets(text: str) -> list[regex.Match[str]]:
    """The 其中 of a statement that are not inside brackets: "收入500.00万元（其中，
    一般公共预算…）" lists the bracket's parts, which are asides (rules/text.py), not the
    parts of what follows the bracket."""
    found: list[regex.Match[str]] = []
    depth = 0
    cursor = 0
    for match in _LIST_OPENER.finditer(text):
        for ch in text[cursor : match.start()]:
            if ch in _OPEN_BRACKETS:
                depth += 1
            elif ch in _CLOSE_BRACKETS and depth:
                depth -= 1
        cursor = match.start()
        if depth == 0:
            found.append(match)
    return found


def _opener_outside_brackets(text: str) -> regex.Match[str] | None:
    found = _openers_outside_brackets(text)
    return found[0] if found else None


# A paragraph that ends announcing its breakdown: "…基本支出2,402.18万元，其中：".
_OPENS_NEXT = regex.compile(r"其中[：:，,]?\s*$")
# An item paragraph: a short label, then its amount ("人员经费2,098.64万元，主要包括：…").
ITEM_LABEL_CHARS = 20


def _lists_in_next_paragraphs(
    ctx: CheckContext,
) -> Iterator[tuple[Statement, Mention, list[Mention]]]:
    """ "T，其中：" ending a paragraph, the parts opening the paragraphs that follow."""
    paragraphs = ctx.segmented.paragraphs
    by_statement = {s.span.end: s for s in statements(ctx)}
    for index, paragraph in enumerate(paragraphs):
        text = ctx.text[paragraph.span.start : paragraph.span.end]
        if not _OPENS_NEXT.search(text):
            continue
        statement = by_statement.get(paragraph.span.end)
        if statement is None or not statement.mentions:
            continue
        total = statement.mentions[-1]
        parts: list[Mention] = []
        for following in paragraphs[index + 1 :]:
            inside = ctx.mentions_between(following.span.start, following.span.end)
            first = inside[0] if inside else None
            if first is None or first.span.start - following.span.start > ITEM_LABEL_CHARS:
                break
            if not _same_measure(first, total):
                break
            parts.append(first)
        if len(parts) >= 2:
            yield statement, total, parts


def _values(mentions: Sequence[Mention]) -> str:
    return " + ".join(m.quantity.surface.replace("\n", "").strip() for m in mentions)


def _shown_total(check: SumCheck) -> str:
    """The computed sum written the way the total is: 2.7万亩, 46.5公里, 8700.5万元, 21人."""
    q = check.total.quantity
    scale = q.scale.removesuffix("元")
    if q.kind == "count":
        unit = q.unit
    elif q.kind == "measure":
        unit = scale + q.unit
    else:
        unit = q.scale if q.scale != "元" else "元"
    from crosscheck.extractor.numbers import scale_factors

    scaled = scale and q.kind in ("amount", "measure")
    factor = scale_factors().get(scale, Decimal(1)) if scaled else Decimal(1)
    value = (check.computed / factor).normalize()
    return f"{format(value, 'f')}{unit}"


@rule(
    code="CC101",
    name="parts-vs-total",
    title="分项之和与合计不符（其中、合计、分别为）",
    severity="error",
    zh="各分项之和与合计不符：{total} ≠ {parts} = {computed}",
    en="the parts do not add up to the total: {total} ≠ {parts} = {computed}",
    examples=(
        flag(
            "现有工作人员22人，其中在职人员14人（含军转干部2人），临聘人员7人。",
            "22人",
            "14人",
            "7人",
        ),
        flag(
            "支出预算4847.61万元，其中年初预算4640.47万元（含基本支出145.47万元）、年中调整131.57万元、"
            "上年结余15.58万元、专项资金50万元、工作经费10万元。",
            "4847.61万元",
            "4640.47万元",
        ),
        ok("共有编制22个，其中核定行政编制4个，核定事业编制11个，临聘编制7个。"),
        ok(
            "全局总支出1242.67万元。其中基本支出842.12万元，占总支出的67.77%，人员支出736.7万元，"
            "日常公用支出105.42万元；项目支出400.55万元，占总支出的32.23%。"
        ),
        ok("年度资金总额1006.99万元，其中主要包括中央资金305.19万元、省级资金67.8万元。"),
        flag(
            "全年共发放补助资金356.2万元，其中城市低保、农村低保、特困供养分别为120.5万元、"
            "180.3万元、60.4万元。",
            "356.2万元",
            "120.5万元",
            "60.4万元",
        ),
        flag(
            "全年发放低保金4,268.35万元，分别为城市低保金1,516.80万元、农村低保金2,741.55万元。",
            "4,268.35万元",
            "2,741.55万元",
        ),
        flag("包括办公费10万元、印刷费20万元、差旅费30万元，共计70万元。", "70万元", "30万元"),
        # Physical measures add up like amounts, within one unit.
        flag(
            "全年新修机耕道共计38.4公里，其中硬化道路21.6公里，砂石道路15.2公里。",
            "38.4公里",
            "21.6公里",
            "15.2公里",
        ),
        ok("改造低产茶园1.25万亩，其中有机茶基地7800亩，绿色茶基地4700亩。"),
        ok("治理水土流失面积8.4平方公里，其中修建梯田2,150亩，栽植经果林1,300亩。"),
        ok("城市低保、农村低保、特困供养资金分别为120.5万元、180.3万元、55.4万元，共计356.2万元。"),
        ok("项目总投资300万元，其中2022年和2023年分别为100万元、120万元。"),
        ok("全年支出500万元，其中人员经费和公用经费分别较上年增加30万元、20万元。"),
        ok("资金总额200万元，其中A资金100万元，B资金约50万元，C资金50万元。"),
        # An amount per person is a rate, not a part.
        ok("项目资金共计60万元，其中工资24000元每年每人，保险费共4万元。"),
        # An amount spent after a list of funds is said of the whole, not a part of it.
        ok("下达资金总额100万元，其中中央资金60万元，已支出50万元，支出进度50%。"),
        # A change said of a part is no part ("较上年增加15.30万元").
        ok("2023年度总支出300.50万元，其中本年支出280.20万元，较上年增加15.30万元，增长5.8%。"),
        ok("2023年度总支出300.50万元，其中本年支出280.20万元，较上年增长15.30万元，增长5.8%。"),
        # A 其中 inside brackets lists the bracket's own parts, not what follows it.
        ok(
            "本年收入合计520.00万元；包括财政拨款收入500.00万元（其中，一般公共预算480.00万元，"
            "政府性基金预算20.00万元），占96.15%；事业收入0万元，占0%；其他收入20.00万元，占3.85%。"
        ),
        ok(
            "财政拨款收入总计800.00万元,比上年增加100.00万元,增长14.29%;财政拨款支出总计950.00万元。"
        ),
    ),
)
def parts_vs_total(ctx: CheckContext) -> Iterator[Finding]:
    """A total and the parts listed under it (其中 …, … 合计, 分别为) do not add up.

    A reviewer recomputes every 其中 list; a total that its own parts do not
    reach means one of the figures is wrong. Lists that say they are partial
    (主要包括, 等) are skipped, and so is a list whose parts are on two levels
    (a subset of them adds up). A difference in the last written digit is info.
    A 分别为 list is checked only where the text ties it to the total (其中 before
    it, 合计/共计 after it, or the total right before "，分别为" with the items
    named inline), with as many values as items and all of the total's unit:
    "2022年和2023年分别为…" under 其中, "分别增长5%、3%" and "分别较上年增加…"
    are no breakdown.
    """
    this = RULES["CC101"]
    by_parts: dict[tuple[int, ...], list[SumCheck]] = {}
    for check in sum_checks(ctx):
        if _scale_slip(check) is not None:
            continue  # a scale slip is reported by CC301 as the likelier cause
        if unitless_fix(ctx, check) is not None:
            continue  # a part written without its unit: CC302
        by_parts.setdefault(tuple(p.span.start for p in check.parts), []).append(check)
    for checks in by_parts.values():
        first = checks[0]
        totals = [ctx.evidence(c.total, "合计") for c in checks]
        yield this.finding(
            [*totals, *(ctx.evidence(p, "分项") for p in first.parts)],
            severity="info" if all(c.agreement is Agreement.LAST_DIGIT for c in checks) else None,
            # Both the opening total and the closing 合计 may be stated: each value once.
            total="、".join(dict.fromkeys(c.total.quantity.surface.strip() for c in checks)),
            parts=_values(first.parts),
            computed=_shown_total(first),
        )


def unitless_fix(ctx: CheckContext, check: SumCheck) -> Decimal | None:
    """A bare number in the total's statement that, read in the total's scale, closes the gap."""
    from crosscheck.rules.units import unitless_amounts

    q = check.total.quantity
    if q.kind != "amount":
        return None
    scale = q.scale.removesuffix("元")
    from crosscheck.extractor.numbers import scale_factors

    factor = scale_factors().get(scale, Decimal(1)) if scale else Decimal(1)
    lo = min([check.total.span.start, *(p.span.start for p in check.parts)])
    hi = max([check.total.span.end, *(p.span.end for p in check.parts)])
    paragraph_end = ctx.text.find("。", hi)
    for bare in unitless_amounts(ctx.text, lo, paragraph_end + 1 if paragraph_end >= 0 else hi):
        fixed = check.computed + bare.value * factor
        if compare_values(fixed, Decimal(0), q.value, quantum(q)) is Agreement.SAME:
            return bare.value
    return None


def _scale_slip(check: SumCheck) -> Mention | None:
    """The one part written in 元 whose reading as 万元 makes the sum agree (268.07 元)."""
    if check.total.quantity.kind != "amount":
        return None
    for part in check.parts:
        q = part.quantity
        if q.scale != "元":
            continue
        fixed = check.computed - q.value + q.value * Decimal(10000)
        total_q = check.total.quantity
        if compare_values(fixed, Decimal(0), total_q.value, quantum(total_q)) is Agreement.SAME:
            return part
    return None


def scale_slips(ctx: CheckContext) -> Iterator[tuple[SumCheck, Mention]]:
    """Sums that only work when one 元 part is read as 万元 (for CC301): the announced
    sum relations, and any a 元 + b 万元 = c 万元 among the amounts of one statement
    ("年初预算2,860.00元，年中追加415.30万元，全年预算3,275.30万元")."""
    seen: set[Span] = set()
    for check in sum_checks(ctx):
        part = _scale_slip(check)
        if part is not None and part.span not in seen:
            seen.add(part.span)
            yield check, part
    for statement in statements(ctx):
        amounts = [m for m in statement.mentions if m.quantity.kind == "amount" and _exact(m)]
        for slip in amounts:
            if slip.quantity.scale != "元" or slip.span in seen or not slip.quantity.value:
                continue
            as_wan = slip.quantity.value * Decimal(10000)
            others = [a for a in amounts if a is not slip and a.quantity.scale == "万元"]
            for b in others:
                for c in others:
                    if c is b or c.span.start < max(b.span.start, slip.span.start):
                        continue
                    fixed = as_wan + b.quantity.value
                    q_c = quantum(c.quantity)
                    if compare_values(fixed, Decimal(0), c.quantity.value, q_c) is Agreement.SAME:
                        seen.add(slip.span)
                        computed = slip.quantity.value + b.quantity.value
                        yield SumCheck(c, (slip, b), computed, Agreement.DIFFERENT), slip
                        break
                if slip.span in seen:
                    break


# -- scores of a self-evaluation table -------------------------------------------------


@rule(
    code="CC105",
    name="score-total",
    title="自评表总分与各项得分之和不符",
    severity="error",
    zh="自评表总分与各项得分之和不符：总分{written}，各项{column}合计{computed}",
    en="the table's 总分 is {written} but its {column} column adds up to {computed}",
    examples=(
        flag(
            "部门整体支出绩效自评表\n\t一级指标\n\t二级指标\n\t分值\n\t得分\n\n\t产出指标\n\t数量指标\n\t50\n\t45\n\n"
            "\t\n\t质量指标\n\t50\n\t40\n\n\t总分\n\t100\n\t90\n",
            "90",
            "45",
            "40",
        ),
        ok(
            "部门整体支出绩效自评表\n\t一级指标\n\t二级指标\n\t分值\n\t得分\n\n\t产出指标\n\t数量指标\n\t50\n\t45\n\n"
            "\t\n\t质量指标\n\t50\n\t40\n\n\t总分\n\t100\n\t85\n"
        ),
    ),
)
def score_total(ctx: CheckContext) -> Iterator[Finding]:
    """A self-evaluation table's 总分 row is not the sum of its 分值 / 得分 column.

    The 总分 is what the department reports upward; a total that its own
    rows do not give is the first thing an evaluator recomputes.
    """
    this = RULES["CC105"]
    for parsed in ctx.tables:
        for key, column in (("score", "得分"), ("full_score", "分值")):
            cells = [c for c in parsed.cells if c.col_key == key and len(c.quantities) == 1]
            totals = [c for c in cells if (c.row_header or "").replace(" ", "") == "总分"]
            rows = [c for c in cells if c not in totals and c.quantities[0].kind == "score"]
            if len(totals) != 1 or len(rows) < 2:
                continue
            total = totals[0]
            computed = sum((c.quantities[0].value for c in rows), Decimal(0))
            agreement = recomputed_agrees(computed, total.quantities[0])
            if agreement is Agreement.SAME:
                continue
            evidence = [
                ctx.evidence_for_quantity(
                    total.quantity_spans[0], total.quantities[0], "table", "总分"
                ),
                *(
                    ctx.evidence_for_quantity(
                        c.quantity_spans[0], c.quantities[0], "table", c.row_header or ""
                    )
                    for c in rows
                ),
            ]
            yield this.finding(
                evidence,
                severity="info" if agreement is Agreement.LAST_DIGIT else None,
                written=total.quantities[0].surface,
                column=column,
                computed=computed,
            )


@rule(
    code="CC106",
    name="score-over-weight",
    title="指标得分超过其分值",
    severity="error",
    zh="{indicator}的得分{score}超过其分值{weight}",
    en="{indicator}: the score {score} exceeds the weight {weight}",
    examples=(
        flag(
            "项目支出绩效自评表\n\t一级指标\n\t三级指标\n\t分值\n\t得分\n\n\t产出指标\n\t参保率\n\t10\n\t12\n",
            "12",
            "10",
        ),
        ok(
            "项目支出绩效自评表\n\t一级指标\n\t三级指标\n\t分值\n\t得分\n\n\t产出指标\n\t参保率\n\t10\n\t10\n"
        ),
        ok(
            "项目支出绩效自评表\n\t一级指标\n\t三级指标\n\t分值\n\t得分\n\n\t产出指标\n\t总额\n\t10\n"
            "\t执行率低于90%时应说明原因\n"
        ),
    ),
)
def score_over_weight(ctx: CheckContext) -> Iterator[Finding]:
    """An indicator scores more than its weight (得分 > 分值) in a self-evaluation table.

    No indicator can earn more than it is worth; such a row inflates the 总分.
    """
    this = RULES["CC106"]
    for parsed in ctx.tables:
        rows: dict[int, dict[str, object]] = {}
        for cell in parsed.cells:
            if cell.col_key in ("score", "full_score") and len(cell.quantities) == 1:
                rows.setdefault(cell.row, {})[cell.col_key] = cell
        for row in rows.values():
            score, weight = row.get("score"), row.get("full_score")
            if score is None or weight is None:
                continue
            s, w = score.quantities[0], weight.quantities[0]  # type: ignore[attr-defined]
            # Only points against points: a percent in the 得分 column is a note's threshold
            # ("执行率低于90%的应说明原因") read from a row whose cells have shifted.
            if s.kind == "score" and w.kind == "score" and s.value > w.value:
                yield this.finding(
                    [
                        ctx.evidence_for_quantity(score.quantity_spans[0], s, "table", "得分"),  # type: ignore[attr-defined]
                        ctx.evidence_for_quantity(weight.quantity_spans[0], w, "table", "分值"),  # type: ignore[attr-defined]
                    ],
                    indicator=score.row_header or "",  # type: ignore[attr-defined]
                    score=s.value,
                    weight=w.value,
                )


# -- shares, rates and growth ---------------------------------------------------------


def _input_error(value: Decimal, *inputs: Mention) -> Decimal:
    """How far a recomputed ratio may move because its inputs were rounded when written."""
    relative = sum(
        (quantum(m.quantity) / 2 / abs(m.quantity.value) for m in inputs if m.quantity.value),
        Decimal(0),
    )
    return abs(value) * relative


def ratio_disagrees(computed: Decimal, written: Mention, *inputs: Mention) -> bool:
    """The recomputed percentage is off by more than the written precision and the
    rounding of the inputs allow (842.12 ÷ 1242.67 = 67.766…% agrees with 67.77%)."""
    q = written.quantity
    tolerance = quantum(q) / 2 + _input_error(computed, *inputs) + Decimal("0.000001")
    return abs(computed - q.value) > tolerance


def ratio_severity(computed: Decimal, written: Mention) -> Severity | None:
    """ "info" when the written ratio is off by one unit in its last digit only
    (6.25% written 6.24%, 18.75% written 18.76%: truncated or rounded the other way), as for
    every other last-digit difference; None keeps the rule's severity."""
    return "info" if recomputed_agrees(computed, written.quantity) is Agreement.LAST_DIGIT else None


def _pct(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f") + "%"


# "较上年42.15万元", "比2022年": the amount right after is last year's.
_LAST_YEAR = regex.compile(
    r"(?:上年|去年|上一年|上年度|(?:比|较|与)(?:19|20)[0-9]{2}\s*年)(?:的|度|同期)?\p{Han}{0,6}?[ \u3000]*$"
)
_NAMED_TAIL = regex.compile(r"(?:决算数|预算数|为|是|达|共计|合计|[ \u3000])+$")
_SHARE_OF = regex.compile(
    r"占(?P<of>[^，。；、0-9%]{1,16}?)(?:的)?(?:比例|比重)?(?:为|是|达)?[ \u3000]*$"
)
_SHARE_IMPLICIT = regex.compile(r"(?:占比|所占比例|占)(?:为|是|达)?[ \u3000]*$")


def _denominator_named(
    ctx: CheckContext, of: str, before: int, paragraph_start: int
) -> Mention | None:
    """The amount the text calls ``of`` (总支出, 基本支出), the nearest one before ``before``."""
    of = of.removesuffix("的")
    # Nearest first, and only within a window before the paragraph: the whole a
    # share names is stated close by (searching the whole report would be O(n²)).
    for m in reversed(ctx.mentions_between(paragraph_start - DENOMINATOR_WINDOW, before)):
        if m.quantity.kind != "amount" or m.span.start >= before:
            continue
        head = ctx.text[max(0, m.span.start - len(of) - 6) : m.span.start]
        if _NAMED_TAIL.sub("", head).endswith(of):
            return m
    return None


DENOMINATOR_WINDOW = 2000  # characters before the share's paragraph


@rule(
    code="CC102",
    name="share-recompute",
    title="占比与分子÷分母不符",
    severity="error",
    zh="占比不符：{part} ÷ {whole} = {computed}，文中写作{written}",
    en="the share does not match: {part} ÷ {whole} = {computed}, written {written}",
    examples=(
        flag(
            "全局总支出1242.67万元。其中基本支出842.12万元，占总支出的72.5%。",
            "72.5%",
            "842.12万元",
        ),
        ok("全局总支出1242.67万元。其中基本支出842.12万元，占总支出的67.77%。"),
        ok(
            "基本支出决算数为842.12万元，其中工资福利支出721.74万元，占比85.71%；商品和服务支出105.21万元，占比12.49%。"
        ),
        ok("50万元以上的项目合计金额4428万元，占部门年初预算批复4495万元的99%。"),
        # Shares listed after one 占 pair with the amounts listed before it, one by one.
        ok(
            "2023年全省采购规模为33500.0亿元。省级单位、市县单位采购规模分别为2500.0亿元和"
            "31000.0亿元，占全省采购规模的7.5%和92.5%。"
        ),
        flag(
            "2023年全省采购规模为33500.0亿元。省级单位、市县单位采购规模分别为2500.0亿元和"
            "31000.0亿元，占全省采购规模的17.5%和92.5%。",
            "17.5%",
            "2500.0亿元",
        ),
        ok(
            "全年支出356.2万元，其中城市低保、农村低保和特困供养分别为120.5万元、180.3万元、"
            "55.4万元，分别占33.83%、50.62%、15.55%。"
        ),
        flag(
            "全年支出356.2万元，其中城市低保、农村低保和特困供养分别为120.5万元、180.3万元、"
            "55.4万元，分别占33.83%、40.62%、15.55%。",
            "40.62%",
            "180.3万元",
        ),
        # The 其中 inside brackets opens no list for the shares after it.
        ok(
            "本年收入合计520.00万元；包括财政拨款收入500.00万元（其中，一般公共预算480.00万元，"
            "政府性基金预算20.00万元），占96.15%；事业收入0万元，占0%；其他收入20.00万元，占3.85%。"
        ),
    ),
)
def share_recompute(ctx: CheckContext) -> Iterator[Finding]:
    """An 占比 / 占…的 p% that is not the division it claims.

    Shares are recomputed from the two amounts the text names; a share that
    does not follow from its own figures means one of the three is wrong. The
    rounding of the amounts as written is allowed for.
    """
    this = RULES["CC102"]
    for statement in statements(ctx):
        amounts = [m for m in statement.mentions if m.quantity.kind == "amount" and _exact(m)]
        resolved: list[tuple[Mention, Mention, Mention]] = []
        unresolved: list[tuple[Mention, Mention]] = []
        listed = _listed_shares(ctx.text, statement)
        for m in statement.mentions:
            if m.quantity.kind != "percent" or m not in listed or not _exact(m):
                continue
            found = _share_terms(ctx, statement, amounts, m)
            if found is None:
                continue
            part, whole = found
            if whole is None:
                unresolved.append((m, part))
            else:
                resolved.append((m, part, whole))
        for m, part, whole in resolved:
            computed = part.quantity.value / whole.quantity.value * 100
            if ratio_disagrees(computed, m, part, whole):
                yield this.finding(
                    [
                        ctx.evidence(m, "占比"),
                        ctx.evidence(part, "分子"),
                        ctx.evidence(whole, "分母"),
                    ],
                    severity=ratio_severity(computed, m),
                    part=part.quantity.surface.strip(),
                    whole=whole.quantity.surface.strip(),
                    computed=_pct(computed),
                    written=m.quantity.surface,
                )
        yield from _partition_shares(ctx, this, unresolved)


def _share_terms(
    ctx: CheckContext, statement: Statement, amounts: list[Mention], m: Mention
) -> tuple[Mention, Mention | None] | None:
    """(part, whole) of a share; whole None when the text does not say which total it is."""
    window_start = max(statement.span.start, m.span.start - 24)
    before_text = ctx.text[window_start : m.span.start]
    zhan = ctx.text.rfind("占", window_start, m.span.start)
    if zhan < 0:
        return None
    # The part is the amount the share is said of, not a change said after it
    # ("规模为33500.0亿元，较上年减少2500.0亿元，占…").
    parts_before = [a for a in amounts if a.span.end <= zhan and not is_change(a)]
    if not parts_before:
        return None
    part = parts_before[-1]
    shares = _shares_after(ctx.text, statement, zhan)
    if len(shares) > 1:
        # "A、B分别为a和b，占…的p和q": the shares pair with the amounts one by one.
        if m not in shares:
            return None
        listed = [part]
        for a in reversed(parts_before[:-1]):
            if not joined(ctx.text, a, listed[0]):
                break
            listed.insert(0, a)
        if len(listed) != len(shares):
            return None  # "占财政支出和GDP的比重分别为11.0%和3.0%": one part, two wholes
        part = listed[shares.index(m)]
        # The whole is named once, before the first share of the list.
        anchor = shares[0]
        window_start = max(statement.span.start, anchor.span.start - 24)
        before_text = ctx.text[window_start : anchor.span.start]
    else:
        anchor = m
    # "占部门年初预算批复4495万元的99%": the whole is written between 占 and the share.
    inline = [a for a in amounts if zhan < a.span.start and a.span.end <= anchor.span.start]
    if inline:
        return part, inline[-1]
    named = _SHARE_OF.search(before_text)
    whole: Mention | None = None
    if named and named.group("of").strip() not in ("", "比"):
        whole = _denominator_named(ctx, named.group("of"), part.span.start, statement.span.start)
    elif _SHARE_IMPLICIT.search(before_text):
        # "T，其中 A a，占比 p%" or "T，主要用于以下方面：A a，占 p%": the whole opens the list.
        openers = [
            statement.span.start + o.start()
            for o in _openers_outside_brackets(statement.text)
            if statement.span.start + o.start() < part.span.start
        ]
        opener = max(
            openers[-1] if openers else -1,
            ctx.text.rfind("：", statement.span.start, part.span.start),
        )
        if opener >= 0:
            heads = [a for a in amounts if a.span.end <= opener]
            whole = heads[-1] if heads else None
    if whole is not None and (whole is part or not whole.quantity.value):
        whole = None
    return part, whole


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


# Shares of one list that say which total they divide by only in words
# ("占总支出的20.10%；…占总支出的78.90%") partition that total when they add up
# to about 100%: the total is then the sum of their parts.
PARTITION_TOLERANCE = Decimal(2)


def _partition_shares(
    ctx: CheckContext, this, shares: list[tuple[Mention, Mention]]
) -> Iterator[Finding]:
    if len(shares) < 2:
        return
    written_total = sum((m.quantity.value for m, _ in shares), Decimal(0))
    if abs(written_total - 100) > PARTITION_TOLERANCE:
        return
    parts = [p for _, p in shares]
    if len({p.quantity.unit for p in parts}) != 1 or len({p.span for p in parts}) != len(parts):
        return
    whole_value = sum((p.quantity.value for p in parts), Decimal(0))
    if not whole_value:
        return
    for m, part in shares:
        computed = part.quantity.value / whole_value * 100
        if not ratio_disagrees(computed, m, *parts):
            continue
        yield this.finding(
            [
                ctx.evidence(m, "占比"),
                ctx.evidence(part, "分子"),
                *(ctx.evidence(p, "各项") for p in parts if p is not part),
            ],
            severity=ratio_severity(computed, m),
            part=part.quantity.surface.strip(),
            whole="(" + " + ".join(p.quantity.surface.strip() for p in parts) + ")",
            computed=_pct(computed),
            written=m.quantity.surface,
        )


_BUDGET_METRICS = ("adjusted_budget", "budget", "initial_budget", "planned_amount")
_SPENT_METRICS = ("expenditure", "paid_amount")


@rule(
    code="CC103",
    name="rate-recompute",
    title="执行率/完成率与执行数÷预算数不符",
    severity="error",
    zh="执行率不符：{spent} ÷ {budget} = {computed}，写作{written}",
    en="the execution rate does not match: {spent} ÷ {budget} = {computed}, written {written}",
    examples=(
        flag("全年预算数500万元，全年执行数450万元，执行率95%。", "95%", "450万元", "500万元"),
        flag(
            "项目支出绩效自评表\n\t年度总体目标\n\t年初设定目标\n\t全年完成情况\n\n\t\n"
            "\t1、计划救助资金400万元。\n2、计划培训资金50万元。\n"
            "\t1、 救助资金：实际支付300万元，完成率90%。\n2、 培训资金：支付50万元，完成率100%。\n",
            "90%",
            "300万元",
            "400万元",
        ),
        ok(
            "项目支出绩效自评表\n\t年度总体目标\n\t年初设定目标\n\t全年完成情况\n\n\t\n"
            "\t1、计划救助资金400万元。\n\t1、 救助资金：实际拨款997.76万元，完成率249%。\n"
        ),
        ok("全年预算数500万元，全年执行数450万元，执行率90%。"),
        ok("全年预算数4847.62万元，全年执行数5514.89万元，执行率114%。"),
        # "完成预算的p%" is the execution rate too.
        flag(
            "公务接待费预算数1.00万元，决算数0.53万元，完成预算的47%。",
            "47%",
            "0.53万元",
            "1.00万元",
        ),
        # "大于预算数0.53万元": a difference, not the budget (lexicons/comparison_words.tsv).
        ok("公务接待费决算数1.53万元，决算数大于预算数0.53万元，完成预算的50%。"),
    ),
)
def rate_recompute(ctx: CheckContext) -> Iterator[Finding]:
    """An 执行率/完成率 that is not 执行数 ÷ 预算数 when both are stated with it.

    The rate is the headline of budget execution; stated next to its own two
    amounts (a table row, or one sentence) it must be their quotient. A rate
    above 100% is not wrong by itself.
    """
    this = RULES["CC103"]
    triples = [*_stated_rates(ctx), *((r, s, p) for r, (s, p, _) in item_rates(ctx).items())]
    for rate, spent, budget in triples:
        computed = spent.quantity.value / budget.quantity.value * 100
        if not ratio_disagrees(computed, rate, spent, budget):
            continue
        yield this.finding(
            [
                ctx.evidence(rate, "执行率"),
                ctx.evidence(spent, "执行数"),
                ctx.evidence(budget, "预算数"),
            ],
            severity=ratio_severity(computed, rate),
            spent=spent.quantity.surface.strip(),
            budget=budget.quantity.surface.strip(),
            computed=_pct(computed),
            written=rate.quantity.surface,
        )


@cache
def _comparison_words() -> tuple[str, ...]:
    return lexicons.words("comparison_words")


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


_COMPARED_WINDOW = 12  # characters around the metric word where the comparison is read


def _stated_rates(ctx: CheckContext) -> Iterator[tuple[Mention, Mention, Mention]]:
    """(rate, amount spent, budget) stated together in one sentence or one table row."""
    groups: list[list[Mention]] = [list(s.mentions) for s in statements(ctx)]
    for parsed in ctx.tables:
        rows: dict[int, list[Mention]] = {}
        for cell in parsed.cells:
            for span in cell.quantity_spans:
                mention = ctx.mention_at.get(span)
                if mention is not None:
                    rows.setdefault(cell.row, []).append(mention)
        groups.extend(rows.values())
    for mentions in groups:
        rates = [
            m
            for m in mentions
            if m.metric == "execution_rate" and m.quantity.kind == "percent" and _exact(m)
        ]
        budgets = {
            m.metric: m
            for m in mentions
            if m.metric in _BUDGET_METRICS and _exact(m) and not _compared(ctx.text, m)
        }
        spent = [m for m in mentions if m.metric in _SPENT_METRICS and _exact(m)]
        budget = next((budgets[k] for k in _BUDGET_METRICS if k in budgets), None)
        if len(rates) == 1 and budget is not None and len(spent) == 1 and budget.quantity.value:
            yield rates[0], spent[0], budget


# -- numbered items of a 年初设定目标 / 全年完成情况 row ---------------------------------

_ITEM_START = regex.compile(r"(?m)^[ \t\u3000]*(?P<n>[0-9]{1,2})[、.．]")
_CELL_ITEM_START = regex.compile(r"[ \u3000]*(?P<n>[0-9]{1,2})[、.．]")


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
    for index, (number, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else span.end
        items.setdefault(number, Span(start, end))
    return items


def item_rates(ctx: CheckContext) -> dict[Mention, tuple[Mention, Mention, Decimal]]:
    """completion rate -> (amount done, amount planned, the recomputed rate), for each item
    numbered alike in a row's 年初设定目标 and 全年完成情况 cells (seed 000: item 3,
    计划…400万元 / 实际拨款997.76万元…完成率249% -> 997.76 ÷ 400 = 249.44%)."""
    cached = getattr(ctx, "_item_rates", None)
    if cached is not None:
        return cached
    out: dict[Mention, tuple[Mention, Mention, Decimal]] = {}
    for parsed in ctx.tables:
        rows: dict[int, dict[str, Span]] = {}
        for cell in parsed.cells:
            if cell.col_key in ("planned_target", "actual_result") and cell.role != "header":
                rows.setdefault(cell.row, {})[cell.col_key] = cell.cell.span
        for row in rows.values():
            if len(row) != 2:
                continue
            planned_items = _numbered_spans(ctx.text, row["planned_target"])
            actual_items = _numbered_spans(ctx.text, row["actual_result"])
            for number, actual_span in actual_items.items():
                planned_span = planned_items.get(number)
                if planned_span is None:
                    continue
                planned_amounts = [
                    m
                    for m in ctx.mentions_between(planned_span.start, planned_span.end)
                    if m.quantity.kind == "amount" and _exact(m)
                ]
                done = ctx.mentions_between(actual_span.start, actual_span.end)
                rates = [m for m in done if m.metric == "execution_rate" and _exact(m)]
                spent = [m for m in done if m.metric in _SPENT_METRICS and _exact(m)]
                totals = [
                    m
                    for m in spent
                    if closing_total().search(ctx.text[max(0, m.span.start - 12) : m.span.start])
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
                computed = spent[-1].quantity.value / planned.quantity.value * 100
                out[rates[0]] = (spent[-1], planned, computed)
    ctx._item_rates = out  # type: ignore[attr-defined]
    return out


# An amount right before "的p%" is the whole of a ratio ("完成预算数250000万元的40%").
_RATIO_WHOLE = regex.compile(r"[ \u3000]*的[ \u3000]*[0-9０-９]")


def _carried_total(ctx: CheckContext, carried: list[Mention], change: Mention) -> list[Mention]:
    """This year's amount from the sentence before, when it names the same item as the
    change ("收入总计7,028.79万元。…收入、支出总计各增加644.53万元"): one value only."""
    clause = ctx.text[max(0, change.span.start - 16) : change.span.start]
    clause = regex.split(r"[，,。；;]", clause)[-1]
    item = regex.sub(r"^(?:与|比|较)?(?:19|20)?[0-9]*\s*年?(?:相比)?", "", clause)[:2]
    if len(item) < 2:
        return []
    candidates = [
        m
        for m in carried
        if _same_measure(m, change)
        and _exact(m)
        and not is_change(m)
        and item in ctx.text[max(0, m.span.start - 8) : m.span.start]
    ]
    if not candidates or len({m.quantity.value for m in candidates}) != 1:
        return []
    return candidates[-1:]


@rule(
    code="CC104",
    name="growth-recompute",
    title="增长/下降幅度与两年金额不符",
    severity="error",
    zh="增减幅度不符：{change} ÷ {base} = {computed}，写作{written}",
    en="the change does not match: {change} ÷ {base} = {computed}, written {written}",
    examples=(
        flag(
            "2021年度收入总计453.90万元，与2020年相比，收入总计增加36.56万元，增长9.5%。",
            "9.5%",
            "36.56万元",
        ),
        ok("2021年度收入总计453.90万元，与2020年相比，收入总计增加36.56万元，增长8.76%。"),
        ok("公用经费134.21万，比上年减少13.2%。"),
        # The change is said of the amount collected, not of the budget it is a share of.
        ok(
            "4月，收入累计完成20000万元，完成年初预算数50000万元的40%，比上年减收1000万元，下降4.8%。"
        ),
        # 增长 before an amount is a change amount, as 增加 is.
        flag("2023年收入总计500.00万元，较上年增长50.00万元，增长20%。", "20%", "50.00万元"),
        ok("2023年收入总计500.00万元，较上年增长50.00万元，增长11.11%。"),
        # The previous item's change (0万元) is not this item's amount.
        ok("其中：甲费用支出减少0万元，降低0%；乙费用支出减少0.50万元，降低5.00%。"),
    ),
)
def growth_recompute(ctx: CheckContext) -> Iterator[Finding]:
    """增长/下降 p% that does not follow from the amounts stated with it.

    "总计T，增加d，增长p%": last year was T−d, so p = d ÷ (T−d); for 减少,
    p = d ÷ (T+d). A growth rate that its own figures do not give is wrong.
    """
    this = RULES["CC104"]
    previous: Statement | None = None
    for statement in statements(ctx):
        mentions = statement.mentions
        # "2023年度收入总计7,028.79万元…。与2022年相比，…增加644.53万元，增长9.17%": this
        # year's amount may close the sentence before, in the same paragraph.
        same_paragraph = (
            previous is not None and "\n" not in ctx.text[previous.span.end : statement.span.start]
        )
        carried = (
            [m for m in previous.mentions if m.quantity.kind == "amount"]
            if previous is not None and same_paragraph
            else []
        )
        previous = statement
        for index, rate in enumerate(mentions):
            if rate.quantity.kind != "percent" or rate.metric not in (
                "growth_rate",
                "decline_rate",
            ):
                continue
            if not _exact(rate) or index < 1:
                continue
            change = mentions[index - 1]
            if change.metric not in ("increase", "decrease") or change.quantity.kind != "amount":
                continue
            # The amount a change is taken from is no change itself ("A减少0万元，降低0%；
            # B减少0.50万元，降低5.00%": 0万元 is A's change, not B's amount).
            # Nor is the whole of a ratio phrase ("完成年初预算数50000万元的40%，比上年
            # 减收1000万元": the change is said of the 20000万元 collected, not of the budget).
            totals = [
                m
                for m in mentions[: index - 1]
                if _same_measure(m, change)
                and _exact(m)
                and not is_change(m)
                and not _RATIO_WHOLE.match(ctx.text, m.span.end)
            ]
            if not totals:
                totals = _carried_total(ctx, carried, change)
            if not totals:
                continue
            total = totals[-1]
            if (change.metric, rate.metric) not in (
                ("increase", "growth_rate"),
                ("decrease", "decline_rate"),
            ):
                continue
            before_total = ctx.text[
                max(statement.span.start, total.span.start - 10) : total.span.start
            ]
            last_year = bool(_LAST_YEAR.search(before_total))
            if last_year:
                base = total.quantity.value  # "较上年42.15万元减少3.69万元": last year's amount
            elif change.metric == "increase":
                base = total.quantity.value - change.quantity.value
            else:
                base = total.quantity.value + change.quantity.value
            if base <= 0:
                continue
            computed = change.quantity.value / base * 100
            if not ratio_disagrees(computed, rate, change, total):
                continue
            yield this.finding(
                [
                    ctx.evidence(rate, "增减幅度"),
                    ctx.evidence(change, "增减额"),
                    ctx.evidence(total, "本年数"),
                ],
                severity=ratio_severity(computed, rate),
                change=change.quantity.surface.strip(),
                base=total.quantity.surface.strip()
                if last_year
                else f"({total.quantity.surface.strip()} {'−' if change.metric == 'increase' else '+'} "
                f"{change.quantity.surface.strip()})",
                computed=_pct(computed),
                written=rate.quantity.surface,
            )
