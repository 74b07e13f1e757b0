"""CC3xx units: amounts in the wrong scale, amounts without a unit, % where 个百分点 is meant."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

from crosscheck.compare import quantum, round_to
from crosscheck.rules.arithmetic import scale_slips, values_shown
from crosscheck.rules.base import RULES, flag, ok, rule
from crosscheck.rules.context import CheckContext
from crosscheck.types import Finding, Mention


@rule(
    code="CC301",
    name="scale-slip",
    title="万元误写为元（量级错误）",
    severity="warning",
    zh="{part}疑为{expected}之误：按万元计，{parts} = {total}，按元计则不符",
    en="{part} is probably meant in 万元: read so, {parts} = {total}; in 元 it does not add up",
    examples=(
        flag(
            "2024 年项目支出年初预算 268.07 元，年中预算调整 132.48 万元，全年收入合计 400.55 万元。",
            "268.07 元",
            "400.55 万元",
        ),
        ok(
            "2024 年项目支出年初预算 268.07 万元，年中预算调整 132.48 万元，全年收入合计 400.55 万元。"
        ),
        ok("冠脉扩张球囊价格从均价 3401 元下降至 319 元，病员少支付近 17.5 万元。"),
        # The total is the one written in 元, its parts in 万元.
        flag(
            "本年度支出预算2,315.40元，其中人员经费1,602.15万元，公用经费713.25万元。",
            "2,315.40元",
            "1,602.15万元",
        ),
        ok("本年度支出预算2,315.40万元，其中人员经费1,602.15万元，公用经费713.25万元。"),
    ),
)
def scale_slip(ctx: CheckContext) -> Iterator[Finding]:
    """An amount written in 元 where 万元 is meant: only with 万元 do the figures add up.

    A factor of 10,000 is the classic slip of budget reports; it is inferred
    from a sum that works only when the one 元 amount is read as 万元, so it
    is a warning, with the recomputation as evidence.
    """
    this = RULES["CC301"]
    for check, part in scale_slips(ctx):
        surface = part.quantity.surface.strip()
        number = surface.removesuffix("元").strip()
        total_is_slip = part is check.total
        yield this.finding(
            [
                ctx.evidence(part, "疑似单位错误"),
                *([] if total_is_slip else [ctx.evidence(check.total, "合计")]),
                *(ctx.evidence(p, "分项") for p in check.parts if p is not part),
            ],
            part=surface,
            expected=f"{number} 万元",
            parts=values_shown(check.parts).replace(surface, f"{number}万元"),
            total=f"{number}万元" if total_is_slip else check.total.quantity.surface.strip(),
        )


# -- amounts without a unit -----------------------------------------------------------


@rule(
    code="CC302",
    name="missing-unit",
    title="金额缺少单位",
    severity="warning",
    zh="{word}{number}没有写单位，同段的其他金额都有单位（如{sibling}）",
    en="{word} {number} has no unit while the amounts around it do (e.g. {sibling})",
    examples=(
        flag(
            "大病保险补偿1087人次，总补偿金额640.7万元；医疗救助住院对象2367人，救助金额239.45。",
            "239.45",
        ),
        ok(
            "大病保险补偿1087人次，总补偿金额640.7万元；医疗救助住院对象2367人，救助金额239.45万元。"
        ),
        ok("资金来源：财政拨款2021年度预算科目2080501。"),
        # A change of an amount whose 万元 was dropped, among amounts with units.
        flag("（三）档案馆（项）86.20万元，较上年增加12.35，增长16.73%。", "12.35"),
        ok("（三）档案馆（项）86.20万元，较上年增加12.35万元，增长16.73%。"),
        ok("（三）档案馆（项）86.20万元，较上年增加2个百分点。"),
    ),
)
def missing_unit(ctx: CheckContext) -> Iterator[Finding]:
    """An amount written with no unit where the amounts around it have one.

    Without 元/万元 the figure cannot be checked or added up; in a paragraph
    whose other amounts all carry a unit it is almost always a dropped 万元.
    """
    this = RULES["CC302"]
    for found in ctx.relations.unitless:
        bare = found.bare
        nearest = min(found.siblings, key=lambda m: abs(m.span.start - bare.span.start))
        quoted = ctx.quote(bare.span, "无单位")
        number = quoted.text
        yield this.finding(
            [
                replace(quoted, value=bare.value, section_path=found.section_path),
                ctx.evidence(nearest, "同段金额"),
            ],
            word=bare.word,
            number=number,
            sibling=nearest.quantity.surface.strip(),
        )


@rule(
    code="CC304",
    name="scale-twin",
    title="同一事项一处写作元、一处写作万元",
    severity="warning",
    zh="{slip}疑为{expected}之误：同一事项在别处写作{twin}（数字相同，单位相差一万倍）",
    en="{slip} is probably {expected}: the same item is written {twin} elsewhere (the same "
    "digits, units 10,000 apart)",
    examples=(
        flag(
            "一、资金执行\n全年支出86.40万元，其中视频会议系统升级改造37.25万元。\n\n"
            "二、存在问题\n视频会议系统升级37.25元的尾款在12月才支付。\n",
            "37.25元",
            "37.25万元",
        ),
        ok(
            "一、资金执行\n全年支出86.40万元，其中视频会议系统升级改造37.25万元。\n\n"
            "二、存在问题\n视频会议系统升级37.25万元的尾款在12月才支付。\n"
        ),
        # Traps: the same digits of another thing; too few digits to tell a slip from chance.
        ok(
            "一、资金执行\n全年支出86.40万元，其中视频会议系统升级改造37.25万元。\n\n"
            "二、成本指标\n人均培训成本37.25元，低于标准。\n"
        ),
        ok(
            "一、资金执行\n全年支出86.40万元，其中视频会议系统升级改造15万元。\n\n"
            "二、存在问题\n视频会议系统升级15元的尾款在12月才支付。\n"
        ),
        # A 万元 figure in the text with the digits of a cell of a table in 元: the cell was
        # copied and the unit changed (the digits are too many for a coincidence).
        flag(
            "金额单位：元\n\n| 项目资金 | 全年预算数 | 全年执行数 |\n"
            "| 年度资金总额 | 5,820,000.00 | 5,416,350.00 |\n\n"
            "三、存在的问题\n（一）支出进度偏慢。全年仅支出5,416,350.00万元，部分工程未结算。\n",
            "5,416,350.00万元",
            "5,416,350.00",
        ),
        ok(
            "金额单位：元\n\n| 项目资金 | 全年预算数 | 全年执行数 |\n"
            "| 年度资金总额 | 5,820,000.00 | 5,416,350.00 |\n\n"
            "三、存在的问题\n（一）支出进度偏慢。全年仅支出541.64万元，部分工程未结算。\n"
        ),
        # Zero is zero in any unit.
        ok(
            "金额单位：元\n\n| 项目 | 全年预算数 | 全年执行数 |\n| 公务接待费 | 0.00 | 0.00 |\n\n"
            "二、“三公”经费\n全年公务接待费支出0.00万元。\n"
        ),
        # Few digits and other names: no copy.
        ok(
            "金额单位：元\n\n| 项目 | 金额 |\n| 办公用品 | 1,200.00 |\n\n"
            "二、项目情况\n农田水利改造投入1,200.00万元。\n"
        ),
    ),
)
def scale_twin(ctx: CheckContext) -> Iterator[Finding]:
    """An amount written in 元 whose digits another place writes in 万元 for the same thing.

    Three or more significant digits alike and names that share a run of words make the
    pair no coincidence; the 元 figure is the likely slip, the 万元 one its evidence.
    """
    this = RULES["CC304"]
    for twin in ctx.relations.scale_twins:
        slip = twin.slip.quantity.surface.strip()
        yield this.finding(
            [ctx.evidence(twin.slip, "疑似单位错误"), ctx.evidence(twin.twin, "别处写作")],
            slip=slip,
            expected=f"{slip.removesuffix('元').removesuffix('万').strip()}{twin.meant}",
            twin=_with_its_unit(twin.twin),
        )


def _with_its_unit(m: Mention) -> str:
    """A figure as written, with its table's unit when its cell writes none (1,250.00（元））."""
    surface = m.quantity.surface.strip()
    return surface if surface.endswith("元") else f"{surface}（{m.quantity.scale or '元'}）"


@rule(
    code="CC303",
    name="percent-vs-pp",
    title="两个比率之差应写作“个百分点”",
    severity="warning",
    zh="{low}到{high}之间相差{difference}个百分点，文中写作“{written}”（相对变化为{relative}）",
    en="from {low} to {high} is {difference} percentage points, written “{written}” (relative change {relative})",
    examples=(
        flag("执行率由85%提高到92%，提高了7%。", "7%", "85%", "92%"),
        ok("执行率由85%提高到92%，提高了7个百分点。"),
        ok("参保人数由100人增加到107人，增长7%。"),
    ),
)
def percent_vs_pp(ctx: CheckContext) -> Iterator[Finding]:
    """A change between two rates written as % where 个百分点 is meant.

    From 85% to 92% is 7 percentage points, or an 8.24% relative increase;
    "提高了7%" says the latter and means the former. With both rates stated,
    the difference is unambiguous.
    """
    this = RULES["CC303"]
    for change in ctx.relations.point_changes:
        old, new, c = change.old, change.new, change.stated
        difference = abs(new.quantity.value - old.quantity.value)
        written = c.quantity.value
        if not old.quantity.value or difference != written:
            continue
        relative = (new.quantity.value - old.quantity.value) / old.quantity.value * 100
        if round_to(abs(relative), quantum(c.quantity)) == written:
            continue  # the relative change rounds to the same figure: both readings hold
        yield this.finding(
            [ctx.evidence(c, "写作%"), ctx.evidence(old, "起"), ctx.evidence(new, "止")],
            low=old.quantity.surface,
            high=new.quantity.surface,
            difference=format(difference.normalize(), "f"),
            written=c.quantity.surface,
            relative=format(relative.quantize(Decimal("0.01")), "f") + "%",
        )
