"""CC1xx arithmetic: recompute what the report states twice (sums, shares, growth, scores).

Each rule is arithmetic over the relations of crosscheck/relate/: which quantities
are a total and its parts, a share and its whole, a rate and its amounts was
decided there.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from decimal import Decimal

from crosscheck.compare import Agreement, compare_values, quantum, recomputed_agrees
from crosscheck.extractor.numbers import scale_factors
from crosscheck.relate import (
    COUNT_TARGET,
    ONE_PART,
    RATE_ALONE,
    TABLE_COLUMNS,
    Change,
    Ratio,
    SumRelation,
)
from crosscheck.relate.recompute import SumCheck, check_sum, exact
from crosscheck.rules.base import RULES, Rule, flag, ok, rule
from crosscheck.rules.context import CheckContext
from crosscheck.types import Finding, Mention, Quantity, Severity, Span


def sum_checks(ctx: CheckContext) -> list[tuple[SumRelation, SumCheck]]:
    """The sum relations whose parts do not add up, in order (CC101 and CC301 read them)."""
    found = []
    for relation in ctx.relations.sums:
        # A row of a table read across its columns leaves a zero part blank: one part read
        # is the row's whole breakdown.
        check = check_sum(
            relation.total, relation.parts, others_blank=relation.cue in (TABLE_COLUMNS, ONE_PART)
        )
        if check is None:
            continue
        if not relation.complete and check.computed <= relation.total.quantity.value:
            continue  # a list of some parts only: its parts may add up to less
        # A gap the rounding of the cells or parts explains never gets here (check_sum); one
        # unit in the last place does, and is reported as info.
        found.append((relation, check))
    return found


def values_shown(mentions: Sequence[Mention]) -> str:
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
        # A part's own breakdown in brackets is an aside: the list goes on after it.
        flag(
            "全年支出860.00万元中，管网改造支出520.00万元，设备购置支出240.00万元（其中水表更换"
            "86.00万元），运维支出120.00万元，合计860.00万元。",
            "860.00万元",
            "520.00万元",
        ),
        ok(
            "全年支出860.00万元中，管网改造支出500.00万元，设备购置支出240.00万元（其中水表更换"
            "86.00万元），运维支出120.00万元，合计860.00万元。"
        ),
        # An item of a colon-list with its own 其中: the 其中 is the item's, to its ；.
        ok(
            "7.信息化运维项目1,620.00万元，主要包括：平台运维经费900.00万元，其中结转结余200.00万元，"
            "用于平台运维；线路租用费40.00万元，用于网络租用；机房巡检费250.00万元。"
        ),
        flag(
            "7.信息化运维项目1,620.00万元，主要包括：平台运维经费900.00万元，其中结转结余200.00万元、"
            "本年安排600.00万元；线路租用费40.00万元，用于网络租用。",
            "900.00万元",
            "200.00万元",
            "600.00万元",
        ),
        # The clause after the last part names the rest without an amount: a partial list.
        ok(
            "全年政府采购支出960.00万元，其中公开招标610.00万元，询价采购210.00万元，其余通过电子卖场采购。"
        ),
        flag(
            "全年政府采购支出960.00万元，其中公开招标610.00万元，询价采购210.00万元。",
            "960.00万元",
            "610.00万元",
        ),
        # The one part a 其中 names may be any share of its total, never more.
        flag("本年财政拨款收入812.40万元，其中政府性基金912.40万元。", "812.40万元", "912.40万元"),
        ok("本年财政拨款收入812.40万元，其中政府性基金12.40万元。"),
        ok("本年支出比上年增加20.00万元，其中人员经费增加26.00万元。"),
        # A part written with a bare 万 in a clause that names no money was not read: the
        # parts read are not the whole list, so their shortfall is no finding.
        ok(
            "2025年度专项资金总预算960.00万，其中社区养老服务补贴310.00万，支持助餐点建设150.00万，"
            "适老化改造资金440.00万，居家照护培训60.00万元，合计960.00万。"
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
        # Changes in both directions add up with their signs (31.20 − 96.40 = −65.20).
        ok("2026年支出预算比上年减少65.20万元，其中基本支出增加31.20万元，项目支出减少96.40万元。"),
        # …or allocated out of it (a transfer payment's 已分配下达).
        ok(
            "到位转移支付资金共计860万元，其中：省级资金520万元，已下达县区495万元，下达进度95.19%。"
        ),
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
        # A breakdown in brackets right after its total.
        flag(
            "全年总支出865.40万元（财政拨款资金790.20万元，单位自有资金65.10万元）。",
            "865.40万元",
            "790.20万元",
            "65.10万元",
        ),
        ok("全年总支出865.40万元（财政拨款资金790.20万元，单位自有资金75.20万元）。"),
        # 含 names one part inside the total; 主要用于 lists some of them.
        ok("在编人员46人（含借调人员3人、见习人员2人），临聘人员9人。"),
        ok("项目经费120.00万元（主要用于设备维护40.00万元、耗材采购30.00万元）。"),
        # A 其中 that opens the next sentence breaks down the total that closes this one.
        flag(
            "2024年度部门支出决算3,120.00万元，较上年增加96.00万元。其中，基本支出2,010.00万元，"
            "项目支出1,020.00万元。",
            "3,120.00万元",
            "2,010.00万元",
            "1,020.00万元",
        ),
        ok(
            "2024年度部门支出决算3,120.00万元，较上年增加96.00万元。其中，基本支出2,100.00万元，"
            "项目支出1,020.00万元。"
        ),
        # Two totals in the sentence before: which one the 其中 breaks down is not said.
        ok(
            "收入预算合计620.00万元，包括本年收入600.00万元，上年结转结余20.00万元。其中：一般公共"
            "预算收入580.00万元，政府性基金收入20.00万元。"
        ),
        # Two measures in one list: each against its own total.
        flag(
            "全年救助困难群众2,460人次，发放救助金318.50万元，其中城区1,180人次、150.20万元，"
            "乡镇1,260人次、168.30万元。",
            "2,460人次",
            "1,180人次",
            "1,260人次",
        ),
        ok(
            "全年救助困难群众2,440人次，发放救助金318.50万元，其中城区1,180人次、150.20万元，"
            "乡镇1,260人次、168.30万元。"
        ),
        # A table column against the 合计 row that closes it.
        flag(
            "表5 各所资金安排表（单位：万元）\n\n| 单位 | 全年预算数 | 执行数 |\n"
            "| 第一所 | 45.60 | 44.10 |\n| 第二所 | 38.20 | 36.90 |\n| 第三所 | 27.00 | 26.40 |\n"
            "| 合计 | 120.80 | 107.40 |",
            "120.80",
            "45.60",
            "27.00",
        ),
        ok(
            "表5 各所资金安排表（单位：万元）\n\n| 单位 | 全年预算数 | 执行数 |\n"
            "| 第一所 | 45.60 | 44.10 |\n| 第二所 | 38.20 | 36.90 |\n| 第三所 | 27.00 | 26.40 |\n"
            "| 合计 | 110.80 | 107.40 |"
        ),
        # A 合计 row at the top, uncoded rows under it that fill its columns: its parts; a
        # row after them with a column left "—" is a note of another figure.
        flag(
            "表7 “三公”经费支出决算表（单位：元）\n\n| 项目 | 预算数 | 决算数 |\n"
            "| 合计 | 50,000.00 | 41,300.00 |\n| 因公出国（境）费 | 0.00 | 0.00 |\n"
            "| 公务用车运行维护费 | 35,000.00 | 27,800.00 |\n| 公务接待费 | 15,000.00 | 12,500.00 |\n"
            "| 机关运行经费 | — | 886,000.00 |",
            "41,300.00",
            "27,800.00",
        ),
        ok(
            "表7 “三公”经费支出决算表（单位：元）\n\n| 项目 | 预算数 | 决算数 |\n"
            "| 合计 | 50,000.00 | 40,300.00 |\n| 因公出国（境）费 | 0.00 | 0.00 |\n"
            "| 公务用车运行维护费 | 35,000.00 | 27,800.00 |\n| 公务接待费 | 15,000.00 | 12,500.00 |\n"
            "| 机关运行经费 | — | 886,000.00 |"
        ),
        # A row under the total that restates it (the 部门 above its 单位): no parts known.
        ok(
            "表8 单位收支情况表（单位：万元）\n\n| 单位 | 收入 | 支出 |\n| 合计 | 500.00 | 300.00 |\n"
            "| 青溪县林业局 | 500.00 | 300.00 |\n| 局本级 | 320.00 | 180.00 |\n"
            "| 森林防火站 | 180.00 | 120.00 |"
        ),
        # 其中 rows may list some parts only: too little is no finding, too much is.
        flag(
            "表6 公用经费明细（单位：万元）\n\n| 项目 | 全年预算数 | 执行数 |\n"
            "| 公用经费 | 60.00 | 58.00 |\n| 其中：办公费 | 30.00 | 29.00 |\n"
            "| 差旅费 | 35.00 | 24.00 |",
            "60.00",
            "30.00",
            "35.00",
        ),
        ok(
            "表6 公用经费明细（单位：万元）\n\n| 项目 | 全年预算数 | 执行数 |\n"
            "| 公用经费 | 60.00 | 58.00 |\n| 其中：办公费 | 20.00 | 19.00 |\n"
            "| 差旅费 | 25.00 | 24.00 |"
        ),
        # 类 = Σ 款 and 款 = Σ 项 by the 科目编码.
        flag(
            "表7 一般公共预算支出表（单位：万元）\n\n"
            "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
            "| 208 | 社会保障和就业支出 | 95.00 | 95.00 | 0.00 |\n"
            "| 20805 | 行政事业单位养老支出 | 95.00 | 95.00 | 0.00 |\n"
            "| 2080501 | 行政单位离退休 | 40.00 | 40.00 | 0.00 |\n"
            "| 2080505 | 机关事业单位基本养老保险缴费支出 | 45.00 | 45.00 | 0.00 |\n"
            "| 210 | 卫生健康支出 | 20.00 | 20.00 | 0.00 |\n"
            "| 21011 | 行政事业单位医疗 | 20.00 | 20.00 | 0.00 |\n"
            "| 2101101 | 行政单位医疗 | 20.00 | 20.00 | 0.00 |\n"
            "| 合计 |  | 115.00 | 115.00 | 0.00 |",
            "95.00",
            "40.00",
            "45.00",
        ),
        ok(
            "表7 一般公共预算支出表（单位：万元）\n\n"
            "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
            "| 208 | 社会保障和就业支出 | 85.00 | 85.00 | 0.00 |\n"
            "| 20805 | 行政事业单位养老支出 | 85.00 | 85.00 | 0.00 |\n"
            "| 2080501 | 行政单位离退休 | 40.00 | 40.00 | 0.00 |\n"
            "| 2080505 | 机关事业单位基本养老保险缴费支出 | 45.00 | 45.00 | 0.00 |\n"
            "| 210 | 卫生健康支出 | 20.00 | 20.00 | 0.00 |\n"
            "| 21011 | 行政事业单位医疗 | 20.00 | 20.00 | 0.00 |\n"
            "| 2101101 | 行政单位医疗 | 20.00 | 20.00 | 0.00 |\n"
            "| 合计 |  | 105.00 | 105.00 | 0.00 |"
        ),
        # A row's 合计 column against the columns that split it.
        flag(
            "表8 支出决算表（单位：万元）\n\n| 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
            "| 教育支出 | 310.00 | 120.00 | 180.00 |\n| 卫生健康支出 | 50.00 | 50.00 | 0.00 |",
            "310.00",
            "120.00",
            "180.00",
        ),
        # Cells of a 万元 table are each rounded from 元: one unit in the last place is
        # reported as info (tests/test_rules.py checks the severity), more is an error.
        flag(
            "表8 支出决算表（单位：万元）\n\n| 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
            "| 教育支出 | 300.01 | 120.00 | 180.00 |\n| 卫生健康支出 | 50.00 | 50.00 | 0.00 |",
            "300.01",
            "120.00",
            "180.00",
        ),
        # …unless the document declares that rounding (尾差) may put details one unit off.
        ok(
            "表8 支出决算表（单位：万元）\n\n| 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
            "| 教育支出 | 300.01 | 120.00 | 180.00 |\n| 卫生健康支出 | 50.00 | 50.00 | 0.00 |\n\n"
            "注：本表金额由元转换为万元，明细之和与合计之间的尾差系四舍五入所致。"
        ),
        # Two units off is more than rounding, note or none.
        flag(
            "表8 支出决算表（单位：万元）\n\n| 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
            "| 教育支出 | 300.02 | 120.00 | 180.00 |\n| 卫生健康支出 | 50.00 | 50.00 | 0.00 |\n\n"
            "注：本表金额由元转换为万元，明细之和与合计之间的尾差系四舍五入所致。",
            "300.02",
            "120.00",
            "180.00",
        ),
        # 包括 right after a total lists its parts; they may be the main ones only, so only
        # parts adding up to more than the total are wrong.
        flag(
            "某镇农业服务中心预算620.50万元，包括人员经费310.20万元、公用经费95.40万元、项目支出225.90万元。",
            "620.50万元",
            "225.90万元",
        ),
        ok(
            "某镇农业服务中心预算620.50万元，包括人员经费310.20万元、公用经费95.40万元、项目支出204.90万元。"
        ),
        ok("某镇农业服务中心预算620.50万元，主要包括人员经费310.20万元、项目支出325.90万元。"),
        # "按资金来源分，" opens the breakdown of the amount the sentence before is about: its
        # last amount when the others add up to it (年初 + 追加 = 调整后).
        flag(
            "本年年初预算安排86.00万元，年中追加14.00万元，调整后全年预算100.00万元。按资金来源分，"
            "中央补助资金60.00万元、县级配套资金30.00万元。",
            "100.00万元",
            "60.00万元",
            "30.00万元",
        ),
        ok(
            "本年年初预算安排86.00万元，年中追加14.00万元，调整后全年预算100.00万元。按资金来源分，"
            "中央补助资金60.00万元、县级配套资金40.00万元。"
        ),
        # A second breakdown of the same total, by another classification.
        flag(
            "全年实际支出250.00万元。其中：中央资金150.00万元，县级资金100.00万元。按项目内容分，"
            "设备购置支出120.00万元，人员培训支出150.00万元。",
            "250.00万元",
            "120.00万元",
            "150.00万元",
        ),
        ok(
            "全年实际支出250.00万元。其中：中央资金150.00万元，县级资金100.00万元。按项目内容分，"
            "设备购置支出120.00万元，人员培训支出130.00万元。"
        ),
        # Traps: a 共计 after a payment word closes the amount paid, not a list of the amounts
        # before it; parts that add up to another amount before 其中 leave the total unknown.
        ok(
            "本项目到位资金2,150万元，已签订合同总金额3,020.5万元，已完成支付设计及监理款项共计"
            "1,046.8万元。"
        ),
        ok("全所现有职工96人，在编人员72人，其中一线检测人员58人，后勤保障人员38人。"),
        # Traps: amounts of a sentence that do not add up to its last say nothing of which one
        # the classification breaks down; 按照 opens no breakdown.
        ok(
            "本年项目预算86.00万元，其他部门转入14.00万元，调整后全年预算110.00万元。按资金来源分，"
            "中央补助资金60.00万元、县级配套资金30.00万元。"
        ),
        ok(
            "全年支出100.00万元。按照资金管理办法要求，拨付中央补助资金60.00万元、县级配套资金"
            "30.00万元。"
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
    are no breakdown. A bracket right after a total that lists its parts ("总支出T
    （财政资金a，其他资金b）") is a breakdown too, and so is a 其中 opening the next
    sentence when the sentence before is about one amount; a list of two measures
    (人次 and 万元) is checked against the total of each. A line of figures ending
    "其中：" (预算a，实际支出b) followed by one line per item stating the same figures is
    checked figure by figure, over the run of items in which one figure adds up. A list
    after "T，包括" may name the main parts only: only parts adding up to more is wrong.
    """
    this = RULES["CC101"]
    by_parts: dict[tuple[int, ...], list[SumCheck]] = {}
    for relation, check in sum_checks(ctx):
        if _scale_slip(check) is not None:
            continue  # a scale slip is reported by CC301 as the likelier cause
        if unitless_fix(relation, check) is not None:
            continue  # a part written without its unit: CC302
        by_parts.setdefault(tuple(p.span.start for p in check.parts), []).append(check)
    for checks in by_parts.values():
        first = checks[0]
        last_digit_only = all(c.agreement is Agreement.LAST_DIGIT for c in checks)
        if last_digit_only and ctx.rounding_declared(Agreement.LAST_DIGIT):
            continue
        totals = [ctx.evidence(c.total, "合计") for c in checks]
        yield this.finding(
            [*totals, *(ctx.evidence(p, "分项") for p in first.parts)],
            severity="info" if last_digit_only else None,
            # Both the opening total and the closing 合计 may be stated: each value once.
            total="、".join(dict.fromkeys(c.total.quantity.surface.strip() for c in checks)),
            parts=values_shown(first.parts),
            computed=_shown_total(first),
        )


def unitless_fix(relation: SumRelation, check: SumCheck) -> Decimal | None:
    """A bare number in the total's statement that, read in the total's scale, closes the gap."""
    q = check.total.quantity
    if q.kind != "amount":
        return None
    scale = q.scale.removesuffix("元")
    factor = scale_factors().get(scale, Decimal(1)) if scale else Decimal(1)
    for bare in relation.unitless:
        fixed = check.computed + bare.value * factor
        if compare_values(fixed, Decimal(0), q.value, quantum(q)) is Agreement.SAME:
            return bare.value
    return None


def _scale_slip(check: SumCheck) -> Mention | None:
    """The one part written in 元 whose reading as 万元 makes the sum agree (268.07 元), or
    the total so written when the parts are all in 万元 ("支出1682.76元，其中基本支出
    1208.20万元、项目支出474.56万元")."""
    if check.total.quantity.kind != "amount":
        return None
    total_q = check.total.quantity
    if total_q.scale == "元" and all(p.quantity.scale == "万元" for p in check.parts):
        fixed_total = total_q.value * Decimal(10000)
        quantum_wan = quantum(total_q) * Decimal(10000)
        if compare_values(check.computed, Decimal(0), fixed_total, quantum_wan) is Agreement.SAME:
            return check.total
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
    for _, check in sum_checks(ctx):
        part = _scale_slip(check)
        if part is not None and part.span not in seen:
            seen.add(part.span)
            yield check, part
    for statement in ctx.relations.statements:
        amounts = [m for m in statement.mentions if m.quantity.kind == "amount" and exact(m)]
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


# A total, then numbered items that give their amounts and shares.
_ITEM_SHARES = (
    "（一）总体情况\n2025年一般公共预算拨款支出{total}万元。\n\n（二）按功能分类支出情况\n"
    "1.农林水支出（类）480.00万元，占75.00%。\n2.社会保障和就业支出（类）96.00万元，占{share}%。\n"
    "3.住房保障支出（类）64.00万元，占10.00%。\n"
)


# A 部门整体 form's funds block, and a share of its 全年执行数 in the text.
_FUNDS_SHARE = (
    "一、支出情况\n项目支出126.40万元，占全年执行数的{share}%。\n\n"
    "2024年度部门整体支出绩效自评表\n单位：万元\n"
    "项目\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"
    "年度资金总额\t360.00\t390.00\t374.00\t10\t95.90%\t9.59\n"
)


# A 转移支付 区域绩效目标自评表: its title and 名称 lines, a funds block, its indicator rows.
_TRANSFER_FORM = (
    "附件：区域绩效目标自评表\n转移支付名称：农村饮水安全\n单位：万元\n\n"
    "资金情况 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分\n"
    "年度资金总额 | 120.00 | 130.00 | 106.60 | 10 | 82.00% | 8.20\n\n"
    "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分\n"
    "产出指标 | 数量指标 | 新建供水工程 | ≥12处 | 12处 | 50 | 50\n"
    "效益指标 | 社会效益指标 | 受益人口 | ≥8000人 | 7600人 | 40 | 36\n"
    "总分 |  |  |  |  | 100 | {total}\n"
)


# A 自评表 printed as two titled tables: 表1 its funds block, 表2 its indicators and 总分.
_SPLIT_FORM = (
    "四、项目支出绩效自评表\n表1 项目资金情况（单位：万元）\n"
    "| 资金类别 | 全年预算数 | 全年执行数 | 执行率 | 分值 | 得分 |\n"
    "| 年度资金总额 | 500.00 | 480.00 | 96.00% | 10 | 9.60 |\n"
    "| 其中：县级资金 | 500.00 | 480.00 | 96.00% | — | — |\n\n"
    "表2 绩效指标完成情况\n"
    "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
    "| 产出指标 | 数量指标 | 新建便民服务点 | 12个 | 12个 | 50 | 50 |\n"
    "| 效益指标 | 社会效益指标 | 群众满意度 | ≥90% | 95% | 40 | 38 |\n"
    "| 合计 | | | | | 100 | {total} |\n"
)


# A 自评表 with a 小计 row under its 产出指标 rows: the 总分 sums the indicator rows only.
_SUBTOTAL_ROW_TABLE = (
    "项目支出绩效自评表\n\t一级指标\n\t二级指标\n\t三级指标\n\t分值\n\t得分\n\n"
    "\t产出指标\n\t数量指标\n\t巡查河道里程\n\t20\n\t20\n\n"
    "\t产出指标\n\t质量指标\n\t水质达标率\n\t20\n\t18\n\n"
    "\t产出指标\n\t小计\n\t\n\t40\n\t{subtotal}\n\n"
    "\t满意度指标\n\t服务对象满意度\n\t沿岸居民满意度\n\t10\n\t9\n\n"
    "\t总分\n\t\n\t\n\t50\n\t47\n"
)


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
        # A 合计 row totals the table as a 总分 row does.
        flag(
            "项目支出绩效自评表\n\t一级指标\n\t二级指标\n\t分值\n\t得分\n\n\t产出指标\n\t数量指标\n\t60\n\t55\n\n"
            "\t\n\t时效指标\n\t40\n\t36\n\n\t合计\n\t\n\t100\n\t93\n",
            "93",
            "55",
            "36",
        ),
        # A funds block under a title of no known form (a 转移支付 form after its 名称 lines),
        # then the indicator rows: the 总分 counts the funds block's 分值 and 得分 too.
        ok(_TRANSFER_FORM.format(total="94.20")),
        flag(_TRANSFER_FORM.format(total="95.20"), "95.20", "8.20"),
        # A form printed as two titled tables, its funds block first: the 总分 counts the funds
        # block's 分值 and 得分 too.
        ok(_SPLIT_FORM.format(total="97.60")),
        flag(_SPLIT_FORM.format(total="96.60"), "96.60", "9.60"),
        # A 小计 row restates its 一级指标's rows: the 总分 does not count it again.
        ok(_SUBTOTAL_ROW_TABLE.format(subtotal="38")),
        flag(_SUBTOTAL_ROW_TABLE.format(subtotal="38").replace("\t47\n", "\t48\n"), "48", "9"),
    ),
)
def score_total(ctx: CheckContext) -> Iterator[Finding]:
    """A self-evaluation table's 总分 row is not the sum of its 分值 / 得分 column.

    The 总分 is what the department reports upward; a total that its own
    rows do not give is the first thing an evaluator recomputes.
    """
    this = RULES["CC105"]
    for column in ctx.relations.scores.columns:
        total, rows = column.total, (*column.funds, *column.rows)
        indicators = sum((c.quantities[0].value for c in column.rows), Decimal(0))
        computed = indicators + sum((c.quantities[0].value for c in column.funds), Decimal(0))
        agreement = recomputed_agrees(computed, total.quantities[0])
        if agreement is Agreement.SAME:
            continue
        if column.funds and recomputed_agrees(indicators, total.quantities[0]) in (
            Agreement.SAME,
            Agreement.LAST_DIGIT,
        ):
            # A 总分 of the 绩效指标 rows alone (90 beside the funds block's 10): forms are
            # filled both ways, and either reading fits, so nothing is flagged.
            continue
        if column.funds_unread and computed < total.quantities[0].value:
            continue  # the funds block's unread score may be the difference
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
            column=column.column,
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
    for pair in ctx.relations.scores.pairs:
        score, weight = pair.score, pair.weight
        s, w = score.quantities[0], weight.quantities[0]
        # Only points against points: a percent in the 得分 column is a note's threshold
        # ("执行率低于90%的应说明原因") read from a row whose cells have shifted.
        if s.kind == "score" and w.kind == "score" and s.value > w.value:
            yield this.finding(
                [
                    ctx.evidence_for_quantity(score.quantity_spans[0], s, "table", "得分"),
                    ctx.evidence_for_quantity(weight.quantity_spans[0], w, "table", "分值"),
                ],
                indicator=score.row_header or "",
                score=s.value,
                weight=w.value,
            )


SELF_EVAL_TABLE = (
    "部门整体支出绩效自评表\n\t一级指标\n\t二级指标\n\t三级指标\n\t分值\n\t得分\n\n"
    "\t产出指标\n\t数量指标\n\t培训人次\n\t20\n\t20\n\n"
    "\t\n\t质量指标\n\t合格率\n\t20\n\t18\n\n"
    "\t效益指标\n\t社会效益指标\n\t就业带动\n\t15\n\t14\n\n"
    "\t\n\t\n\t群众知晓率\n\t15\n\t12\n\n"
    "\t总分\n\t\n\t\n\t70\n\t64\n"
)


@rule(
    code="CC110",
    name="score-subtotal",
    title="一级指标得分（分值）与自评表该指标各行之和不符",
    severity="error",
    zh="{level}的{column}：{where}为{stated}，自评表中各行合计{computed}",
    en="{level}: {where_en} gives the {column} as {stated}, the table's rows add up to {computed}",
    examples=(
        flag(
            "（三）评价情况\n效益指标满分30分，得分28分。\n" + SELF_EVAL_TABLE, "28分", "14", "12"
        ),
        ok("（三）评价情况\n效益指标满分30分，得分26分。\n" + SELF_EVAL_TABLE),
        # A 二级指标's score is not its 一级指标's.
        ok("（三）评价情况\n产出指标中质量指标得分18分。\n" + SELF_EVAL_TABLE),
        # The table's own 小计 row of a 一级指标 (not counted in the 总分 either).
        flag(_SUBTOTAL_ROW_TABLE.format(subtotal="37"), "37", "20", "18"),
        ok(_SUBTOTAL_ROW_TABLE.format(subtotal="38")),
    ),
)
def score_subtotal(ctx: CheckContext) -> Iterator[Finding]:
    """The score (or weight) the text gives a 一级指标 is not the sum of its rows in the table.

    "效益指标满分30分，得分28分" summarises the 自评表's 效益指标 rows; when their 得分
    add up to something else, the narrative and the table disagree on where the points
    were lost. Only a report with one filled-in 自评表 is checked.
    """
    this = RULES["CC110"]
    for subtotal in ctx.relations.scores.subtotals:
        computed = sum((c.quantities[0].value for c in subtotal.cells), Decimal(0))
        agreement = recomputed_agrees(computed, subtotal.stated.quantity)
        if agreement is Agreement.SAME:
            continue
        in_table = subtotal.stated_in == "subtotal"
        yield this.finding(
            [
                ctx.evidence(subtotal.stated, "小计" if in_table else "正文"),
                *(
                    ctx.evidence_for_quantity(
                        c.quantity_spans[0], c.quantities[0], "table", c.row_header or ""
                    )
                    for c in subtotal.cells
                ),
            ],
            severity="info" if agreement is Agreement.LAST_DIGIT else None,
            level=subtotal.level,
            column=subtotal.column,
            stated=_shown(subtotal.stated),
            computed=computed,
            where="小计行" if in_table else "文中",
            where_en="its 小计 row" if in_table else "the text",
        )


# -- shares, rates and growth ---------------------------------------------------------


def _input_error(value: Decimal, *inputs: Mention, relative: Decimal = Decimal(0)) -> Decimal:
    """How far a recomputed ratio may move because its inputs were rounded when written
    (``relative``: the relative error of an input derived from others)."""
    relative += sum(
        (
            quantum(m.quantity) / 2 / abs(m.quantity.value)
            for m in inputs
            if m.quantity.value and not _counted_exactly(m.quantity)
        ),
        Decimal(0),
    )
    return abs(value) * relative


def _counted_exactly(q: Quantity) -> bool:
    """A count of whole things written in full (13处, 462人次): counted, not rounded, so it
    moves no ratio; "1.2万人" is a rounded count."""
    return q.kind == "count" and not q.scale and q.decimals == 0


def ratio_disagrees(
    computed: Decimal, written: Mention, *inputs: Mention, relative: Decimal = Decimal(0)
) -> bool:
    """The recomputed percentage is off by more than the written precision and the
    rounding of the inputs allow (842.12 ÷ 1242.67 = 67.766…% agrees with 67.77%)."""
    q = written.quantity
    error = _input_error(computed, *inputs, relative=relative)
    tolerance = quantum(q) / 2 + error + Decimal("0.000001")
    return abs(computed - q.value) > tolerance


def ratio_severity(computed: Decimal, written: Mention) -> Severity | None:
    """ "info" when the written ratio is off by one unit in its last digit only
    (6.25% written 6.24%, 18.75% written 18.76%: truncated or rounded the other way), as for
    every other last-digit difference; None keeps the rule's severity."""
    if recomputed_agrees(computed, written.quantity) is Agreement.LAST_DIGIT:
        return "info"
    return "info" if _whole_written_with_a_decimal(computed, written.quantity) else None


# Half a whole percent: how far a rate rounded to a whole number may lie from it.
_HALF_A_UNIT = Decimal("0.5")


def _whole_written_with_a_decimal(computed: Decimal, q: Quantity) -> bool:
    """A rate rounded to a whole percent and printed with one decimal place (4.23% written
    4.0%, 9.26% written 9.0%: a column formatted 0.0 after the figure was rounded): it agrees
    at the precision it was rounded to, so the difference is info, not an error."""
    if q.decimals != 1 or q.value != q.value.to_integral_value():
        return False
    return abs(computed - q.value) < _HALF_A_UNIT


def _pct(value: Decimal) -> str:
    return format(value.quantize(Decimal("0.01")), "f") + "%"


def _ratio_findings(
    ctx: CheckContext,
    this: Rule,
    ratios: Sequence[Ratio],
    labels: tuple[str, str, str],
    fields: tuple[str, str],
    zero_base_warns: bool = False,
    **named: str,
) -> Iterator[Finding]:
    """A finding for each ratio that is not its numerator ÷ its denominator: evidence
    labelled ``labels`` (the ratio, numerator, denominator), the numerator and the
    denominator as the message ``fields`` of the rule's template."""
    numerator_field, denominator_field = fields
    for ratio in ratios:
        stated, numerator, denominator = ratio.stated, ratio.numerator, ratio.denominator
        assert denominator is not None
        if denominator.quantity.value == 0:
            if zero_base_warns and numerator.quantity.value:
                # "决算0.16万元，完成预算0万元的0%": a rate of a budget of nothing has no value.
                yield this.finding(
                    [
                        ctx.evidence(stated, labels[0]),
                        ctx.evidence(numerator, labels[1]),
                        ctx.evidence(denominator, labels[2]),
                    ],
                    severity="warning",
                    **{
                        numerator_field: numerator.quantity.surface.strip(),
                        denominator_field: denominator.quantity.surface.strip(),
                        "computed": "无从计算",
                        "computed_en": "undefined",
                        "written": stated.quantity.surface,
                    },
                    **named,
                )
            continue  # "占全年支出0万元的10%": a share of nothing says nothing to recompute
        computed = numerator.quantity.value / denominator.quantity.value * 100
        if not ratio_disagrees(computed, stated, numerator, denominator):
            continue
        yield this.finding(
            [
                ctx.evidence(stated, labels[0]),
                ctx.evidence(numerator, labels[1]),
                ctx.evidence(denominator, labels[2]),
            ],
            severity=ratio_severity(computed, stated),
            **{
                numerator_field: numerator.quantity.surface.strip(),
                denominator_field: denominator.quantity.surface.strip(),
                "computed": _pct(computed),
                "computed_en": _pct(computed),
                "written": stated.quantity.surface,
            },
            **named,
        )


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
        # A 其中 inside one item of a list of shares, closed by ；: the next item's share is
        # of the list's whole, not of the item that opened the 其中.
        ok(
            "全年支出1,560.00万元。按用途分：设备购置支出936.00万元，占60.00%；维修改造支出"
            "468.00万元，占30.00%，其中屋面防水156.00万元；运行维护支出156.00万元，占10.00%。"
        ),
        flag(
            "全年支出1,560.00万元。按用途分：设备购置支出936.00万元，占60.00%；维修改造支出"
            "468.00万元，占32.00%，其中屋面防水156.00万元；运行维护支出156.00万元，占10.00%。",
            "32.00%",
            "468.00万元",
        ),
        # The whole named only in a table: resolved by its key (the row's label).
        flag(
            "表1 收支总表（单位：万元）\n\n| 项目 | 预算数 |\n| 本年收入合计 | 640.00 |\n"
            "| 本年支出合计 | 640.00 |\n\n二、支出情况\n培训支出96.00万元，占本年支出合计的18%。",
            "18%",
            "96.00万元",
            "640.00",
        ),
        ok(
            "表1 收支总表（单位：万元）\n\n| 项目 | 预算数 |\n| 本年收入合计 | 640.00 |\n"
            "| 本年支出合计 | 640.00 |\n\n二、支出情况\n培训支出96.00万元，占本年支出合计的15%。"
        ),
        # Two values under one name: which one the share divides by is not known.
        ok(
            "表1（单位：万元）\n\n| 项目 | 预算数 |\n| 本年支出合计 | 640.00 |\n\n"
            "表2（单位：万元）\n\n| 项目 | 决算数 |\n| 本年支出合计 | 600.00 |\n\n"
            "二、支出情况\n培训支出96.00万元，占本年支出合计的18%。"
        ),
        # Trap: a change said of the named thing ("增收b") is never its amount.
        ok(
            "其中，地方一般公共预算收入完成18.6亿元，完成预算的62%，增收2.4亿元，增长14.8%。"
            "从收入结构看，税收收入完成12.1亿元，占地方一般公共预算收入的65.1%。"
        ),
        # Numbered items each with their amount and 占p%: the whole is the total stated
        # before them that their amounts add up to.
        flag(
            _ITEM_SHARES.format(total="640.00", share="12.50"), "12.50%", "96.00万元", "640.00万元"
        ),
        ok(_ITEM_SHARES.format(total="640.00", share="15.00")),
        # Trap: no amount before them is their sum (the items may be some of the total's).
        ok(_ITEM_SHARES.format(total="700.00", share="12.50")),
        # "占全年执行数的p%": the 全年执行数 of the form's funds block, stated only there.
        flag(_FUNDS_SHARE.format(share="40.00"), "40.00%", "126.40万元", "374.00"),
        ok(_FUNDS_SHARE.format(share="33.80")),
        # A list of shares that goes on in the next sentences of its paragraph: the whole
        # is the one the list opened with.
        flag(
            "本年项目支出812.40万元，其中委托业务费300.00万元，占比36.93%，主要用于课题研究。"
            "设备购置费112.40万元，占比31.84%，用于更新检测仪器。",
            "31.84%",
            "112.40万元",
            "812.40万元",
        ),
        ok(
            "本年项目支出812.40万元，其中委托业务费300.00万元，占比36.93%，主要用于课题研究。"
            "设备购置费112.40万元，占比13.84%，用于更新检测仪器。"
        ),
        # Traps: a new paragraph, or a sentence of other amounts between, ends the list; a
        # sentence that opens with no part of it is no item of it.
        ok(
            "本年项目支出812.40万元，其中委托业务费300.00万元，占比36.93%。\n"
            "设备购置费112.40万元，占比31.84%。"
        ),
        ok(
            "本年项目支出812.40万元，其中委托业务费300.00万元，占比36.93%。"
            "上年结转资金95.00万元已全部使用。设备购置费112.40万元，占比31.84%。"
        ),
        ok(
            "本年项目支出812.40万元，其中委托业务费300.00万元，占比36.93%。"
            "在全部支出中，设备购置费占比31.84%，计112.40万元。"
        ),
    ),
)
def share_recompute(ctx: CheckContext) -> Iterator[Finding]:
    """An 占比 / 占…的 p% that is not the division it claims.

    Shares are recomputed from the two amounts the text names; a share that
    does not follow from its own figures means one of the three is wrong. The
    rounding of the amounts as written is allowed for. A whole named (占本年支出合计的)
    but not stated nearby is taken from anywhere in the document by its key, when
    exactly one value is stated under that name.
    """
    this = RULES["CC102"]
    yield from _ratio_findings(
        ctx, this, ctx.relations.shares, ("占比", "分子", "分母"), ("part", "whole")
    )
    for shares in ctx.relations.share_partitions:
        yield from _partition_shares(ctx, this, shares)


# Shares of one list that say which total they divide by only in words
# ("占总支出的20.10%；…占总支出的78.90%") partition that total when they add up
# to about 100%: the total is then the sum of their parts.
PARTITION_TOLERANCE = Decimal(2)


def _partition_shares(ctx: CheckContext, this, shares: tuple[Ratio, ...]) -> Iterator[Finding]:
    if len(shares) < 2:
        return
    written_total = sum((r.stated.quantity.value for r in shares), Decimal(0))
    if abs(written_total - 100) > PARTITION_TOLERANCE:
        return
    parts = [r.numerator for r in shares]
    if len({p.quantity.unit for p in parts}) != 1 or len({p.span for p in parts}) != len(parts):
        return
    whole_value = sum((p.quantity.value for p in parts), Decimal(0))
    if not whole_value:
        return
    for ratio in shares:
        m, part = ratio.stated, ratio.numerator
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


# A project's funds in the text (its budgets, then what was spent and the rate, naming nothing)
# and the 自评表's funds row.
_FUNDS_ROW = (
    "（二）项目资金情况\n本项目年初预算数300.00万元，全年预算数320.00万元。"
    "截至年底，项目全年执行数300.80万元，预算执行率{rate}。\n\n"
    "项目支出绩效自评表\n"
    "| 项目名称 | 乡村道路安全生命防护工程 |\n"
    "| 项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
    "| 年度资金总额 | 300.00 | 320.00 | 300.80 | 10 | 94.00% | 9.4 |\n"
)


# A narrative count with its completion rate, and the 绩效指标 row whose 年度指标值 is the target.
_ROW_TARGET = (
    "三、绩效目标完成情况\n全年新建农村公益性公墓11座，完成年度目标的{rate}，1座因用地手续顺延。\n\n"
    "项目支出绩效自评表\n"
    "| 一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 |\n"
    "| 产出指标 | 数量指标 | 新建农村公益性公墓 | 12座 | 11座 | 20 | 18 |\n"
    "| 效益指标 | 社会效益指标 | 群众满意度 | ≥90% | 93% | 20 | 20 |\n"
)


@rule(
    code="CC103",
    name="rate-recompute",
    title="执行率/完成率与执行数÷预算数不符",
    severity="error",
    zh="{rate_name}不符：{spent} ÷ {budget} = {computed}，写作{written}",
    en="the {rate_name_en} does not match: {spent} ÷ {budget} = {computed_en}, written {written}",
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
        # A form whose sub-rows print 0.0% (the column left unfilled, money spent or not).
        ok(
            "项目支出绩效自评表\n\n| 项目 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
            "|---|---|---|---|---|---|---|\n"
            "| 年度资金总额 | 96.40 | 96.40 | 92.10 | 10 | 95.54% | 9.6 |\n"
            "| 其中：财政拨款 | 80.00 | 80.00 | 76.30 | -- | 0.0% | -- |\n"
            "| 上年结转 | 16.40 | 16.40 | 15.80 | -- | 0.0% | -- |\n"
            "| 其他资金 | 0.00 | 0.00 | 0.00 | -- | 0.0% | -- |"
        ),
        # One row's 0.0% beside money spent, its other rows filled in: a slip.
        flag(
            "项目支出绩效自评表\n\n| 项目 | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分 |\n"
            "|---|---|---|---|---|---|---|\n"
            "| 年度资金总额 | 96.40 | 96.40 | 92.10 | 10 | 95.54% | 9.6 |\n"
            "| 其中：财政拨款 | 80.00 | 80.00 | 76.30 | -- | 0.0% | -- |\n"
            "| 上年结转 | 16.40 | 16.40 | 15.80 | -- | 96.34% | -- |",
            "0.0%",
            "76.30",
            "80.00",
        ),
        # "完成预算的p%" is the execution rate too.
        flag(
            "公务接待费预算数1.00万元，决算数0.53万元，完成预算的47%。",
            "47%",
            "0.53万元",
            "1.00万元",
        ),
        # "大于预算数0.53万元": a difference, not the budget (lexicons/comparison_words.tsv).
        ok("公务接待费决算数1.53万元，决算数大于预算数0.53万元，完成预算的50%。"),
        # A count's completion rate against the target its sentence or the one before sets.
        flag(
            "年初计划为残疾人提供辅具适配420人次。全年实际适配462人次，完成率101%。",
            "101%",
            "462人次",
            "420人次",
        ),
        ok("年初计划为残疾人提供辅具适配420人次。全年实际适配462人次，完成率110%。"),
        # Traps: two targets of the measure (which is meant is not said), a new paragraph,
        # a count that is itself the plan.
        ok(
            "年初计划为残疾人提供辅具适配420人次，计划开展康复培训300人次。全年实际适配462人次，"
            "完成率101%。"
        ),
        ok("年初计划为残疾人提供辅具适配420人次。\n\n全年实际适配462人次，完成率101%。"),
        ok("全年计划适配462人次，完成率101%。"),
        # The target only in the 绩效指标 row the count restates; whole counts are exact
        # (11 ÷ 12 = 91.67%, however few things were counted).
        flag(_ROW_TARGET.format(rate="95.83%"), "95.83%", "11座", "12座"),
        ok(_ROW_TARGET.format(rate="91.67%")),
        # A budget of nothing: money spent against it has no rate (a warning), nothing spent
        # against nothing is 0% by convention.
        flag("因公出国（境）费决算0.36万元，完成预算0万元的0%。", "0%", "0.36万元", "0万元"),
        ok("因公出国（境）费决算0万元，完成预算0万元的0%。"),
        flag("公务接待费预算0万元，决算0.52万元，完成预算的100%。", "100%", "0.52万元"),
        # Last year's count and the increase stand between the count done and its rate.
        flag(
            "全年开展送法进社区活动126场，较上年112场增加14场，完成年度目标的90.00%。\n\n"
            "| 三级指标 | 年度指标值 | 实际完成值 |\n| 送法进社区活动 | 120场 | 126场 |\n",
            "90.00%",
            "126场",
            "120场",
        ),
        # The amount spent and its rate in a sentence of their own, the budget in the 自评表's
        # funds row the amount is linked with (the report's own funds, named by nothing).
        flag(_FUNDS_ROW.format(rate="93.40%"), "93.40%", "300.80万元", "320.00"),
        ok(_FUNDS_ROW.format(rate="94.00%")),
    ),
)
def rate_recompute(ctx: CheckContext) -> Iterator[Finding]:
    """An 执行率/完成率 that is not 执行数 ÷ 预算数 when both are stated with it.

    The rate is the headline of budget execution; stated next to its own two
    amounts (a table row, or one sentence) it must be their quotient. A rate
    above 100% is not wrong by itself.
    """
    this = RULES["CC103"]
    rates = ctx.relations.rates
    money = tuple(r for r in rates if r.source != COUNT_TARGET)
    counts = tuple(r for r in rates if r.source == COUNT_TARGET)
    yield from _ratio_findings(
        ctx,
        this,
        money,
        ("执行率", "执行数", "预算数"),
        ("spent", "budget"),
        zero_base_warns=True,
        rate_name="执行率",
        rate_name_en="execution rate",
    )
    # A count's completion rate: the count done against the target set for it.
    yield from _ratio_findings(
        ctx,
        this,
        counts,
        ("完成率", "完成数", "目标数"),
        ("spent", "budget"),
        rate_name="完成率",
        rate_name_en="completion rate",
    )


# -- changes between two years ------------------------------------------------------------


def _shown(m: Mention) -> str:
    return m.quantity.surface.replace("\n", "").strip()


def _last_years(change: Change) -> Decimal | None:
    """Last year's amount: as stated, or this year's less the increase (plus the decrease)."""
    if change.base is not None:
        return change.base.quantity.value
    if change.current is None or change.delta is None:
        return None
    current, delta = change.current.quantity.value, change.delta.quantity.value
    return current - delta if change.direction == "increase" else current + delta


def _relative_change(change: Change) -> Decimal | None:
    """(this year − last year) ÷ last year, in percent, the sign following the direction
    written (a decrease of 5% is +5); None without both years or with last year at 0."""
    if change.current is None or change.base is None or change.base.quantity.value <= 0:
        return None
    current, base = change.current.quantity.value, change.base.quantity.value
    difference = current - base if change.direction == "increase" else base - current
    return difference / base * 100


def _two_years_disagree(computed: Decimal, change: Change) -> bool:
    """The rate written is off by more than its precision and the rounding of the two
    amounts allow: (c ± ½q_c) ÷ (b ∓ ½q_b) moves the ratio by 100·(½q_c ÷ b + c·½q_b ÷ b²)."""
    assert change.rate is not None and change.current is not None and change.base is not None
    c, b = change.current.quantity, change.base.quantity
    moved = Decimal(100) * (
        quantum(c) / 2 / b.value + c.value * quantum(b) / 2 / (b.value * b.value)
    )
    tolerance = quantum(change.rate.quantity) / 2 + moved + Decimal("0.000001")
    return abs(computed - change.rate.quantity.value) > tolerance


@rule(
    code="CC104",
    name="growth-recompute",
    title="增长/下降幅度与两年金额不符",
    severity="error",
    zh="增减幅度不符：{recomputation} = {computed}，写作{written}{hint}",
    en="the change does not match: {recomputation} = {computed}, written {written}{hint_en}",
    examples=(
        # The difference taken over this year's amount (60.00 ÷ 180.00 = 33.33%), not last
        # year's (60.00 ÷ 120.00 = 50%): wrong, and the message says which division it was.
        flag("2022年会议费预算180.00万元，较上年增加60.00万元（33.33%）。", "33.33%", "60.00万元"),
        ok("2022年会议费预算180.00万元，较上年增加60.00万元（50.00%）。"),
        flag(
            "2021年度收入总计453.90万元，与2020年相比，收入总计增加36.56万元，增长9.5%。",
            "9.5%",
            "36.56万元",
        ),
        ok("2021年度收入总计453.90万元，与2020年相比，收入总计增加36.56万元，增长8.76%。"),
        # A change sentence that names nothing ("与上年相比…"): this year's amount is the one
        # amount of the sentence before it.
        flag(
            "会议费预算数为 248.60 万元。较上年度减少了 31.40 万元，下降 14.21%。",
            "14.21%",
            "31.40 万元",
            "248.60 万元",
        ),
        ok("会议费预算数为 248.60 万元。较上年度减少了 31.40 万元，下降 11.21%。"),
        # The sentence before states last year's count, labelled with the year before the
        # one the change names: it is the base, not this year's amount.
        ok("2022年全县共建成养老服务站24个。2023年建成数量增加6个，增长25%。"),
        flag(
            "2022年全县共建成养老服务站24个。2023年建成数量增加6个，增长33.3%。",
            "33.3%",
            "6个",
        ),
        # Traps: the sentence before states two amounts, or the change sentence names its
        # own item, or a new paragraph begins: this year's amount is not known.
        ok(
            "会议费预算数为 248.60 万元，培训费预算数为 90.00 万元。较上年度减少了 31.40 万元，"
            "下降 14.21%。"
        ),
        ok("会议费预算数为 248.60 万元。差旅费较上年度减少了 31.40 万元，下降 14.21%。"),
        ok("会议费预算数为 248.60 万元。\n\n较上年度减少了 31.40 万元，下降 14.21%。"),
        # A count's difference and its rate ("比上年b剂次增加d剂次，增长p%").
        flag(
            "全年完成适龄儿童疫苗接种46,280剂次，比上年42,500剂次增加3,780剂次，增长9.89%。",
            "9.89%",
            "3,780剂次",
        ),
        ok("全年完成适龄儿童疫苗接种46,280剂次，比上年42,500剂次增加3,780剂次，增长8.89%。"),
        # Two years' counts in one sentence, the later one's label shortened.
        flag(
            "2023年全县共开展应急演练1,240人次，2024年开展1,488人次，增长22.0%。",
            "22.0%",
            "1,488人次",
            "1,240人次",
        ),
        ok("2023年全县共开展应急演练1,240人次，2024年开展1,488人次，增长20.0%。"),
        # Trap: the two years' labels name two things.
        ok("2023年全县培训教师1,240人次，2024年培训学生1,488人次，增长22.0%。"),
        # Last year's amount inside the comparison, this year's in the sentence before.
        flag(
            "本年度公务接待费支出6.48万元，均为国内接待。与上年7.20万元相比下降11.0%。",
            "11.0%",
            "6.48万元",
            "7.20万元",
        ),
        ok("本年度公务接待费支出6.48万元，均为国内接待。与上年7.20万元相比下降10.0%。"),
        ok("本年度公务接待费支出6.48万元，较上年7.20万元下降10.0%。"),
        # Trap: a change after an earlier change of the sentence is another item's ("带动增值税
        # 增收c，增长q%" after 税收收入's own change).
        ok(
            "税收收入完成9.84亿元，增收0.12亿元，增长1.2%，主要来源于新落户企业，带动企业所得税"
            "增收0.86亿元，增长27.4%。"
        ),
        # Trap: 上年结余 names the money carried over, no last year's amount of the spending.
        ok(
            "本级政府性基金收入合计62,400万元，其中上年结余8,120万元。政府性基金支出51,260万元，"
            "比上年增支6,310万元，增长14.04%。"
        ),
        # Trap: the amount before the comparison ends a list of parts (after a ；).
        ok(
            "其中：会议费2.10万元，公务接待费0.96万元，因公出国（境）费0万元；较上年8.40万元下降"
            "11.90%。"
        ),
        # Trap: the sentence before states two amounts: which is this year's is not known.
        ok("本年度公务接待费支出6.48万元，会议费3.10万元。与上年7.20万元相比下降11.0%。"),
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
        # Two years' amounts and the rate, no difference written.
        flag(
            "2025年完成投资2,480.00万元，2026年计划投资2,604.00万元，比上年增长6.50%。",
            "6.50%",
            "2,604.00万元",
            "2,480.00万元",
        ),
        ok("2025年完成投资2,480.00万元，2026年计划投资2,604.00万元，比上年增长5.00%。"),
        # A decrease is checked the same way, the base year named by the comparison.
        flag(
            "2024年度运维经费决算96.40万元，2025年度运维经费预算88.20万元，比2024年度减少9.3%。",
            "9.3%",
            "88.20万元",
            "96.40万元",
        ),
        ok("2024年度运维经费决算96.40万元，2025年度运维经费预算88.20万元，比2024年度减少8.5%。"),
        # Last year's amount in the sentence before, in the same paragraph.
        flag(
            "上年培训经费决算12.50万元。本年培训经费预算15.00万元，比上年增长25%。",
            "25%",
            "15.00万元",
            "12.50万元",
        ),
        # Different scopes are no two years of one amount: 财政拨款 against all funds.
        ok("上年财政拨款支出400.00万元，本年支出500.00万元，比上年增长30%。"),
        # Two items, not two years of one.
        ok("上年人员经费80.00万元，本年公用经费90.00万元，比上年增长20%。"),
        # A rate above 100% is not wrong by itself.
        ok("上年专项资金20.00万元，本年专项资金50.00万元，比上年增长150%。"),
        # An increase written for a fall, and of a size the amounts do not give either.
        flag(
            "2024年度巡检经费执行数5,120.00万元，2025年度巡检经费预算860.40万元，比2024年度增加12.50%。",
            "12.50%",
            "860.40万元",
            "5,120.00万元",
        ),
        # The size fits, only the direction is wrong: CC109's, not a second finding here.
        ok(
            "2024年度巡检经费执行数960.00万元，2025年度巡检经费预算840.00万元，比2024年度增加12.50%。"
        ),
        # The rate fits the item's amount its heading states (46.00 ÷ 47.50 − 1 = −3.16%):
        # the later amount is the slip (CC109 and the restatement say so), not the rate.
        ok(
            "五、渔政补助（02项）46.00万元。主要用于：发放补助。2025年执行数为47.50万元，"
            "2026年预算安排48.20万元，比2025年执行数减少3.16%。"
        ),
    ),
)
def growth_recompute(ctx: CheckContext) -> Iterator[Finding]:
    """增长/下降 p% that does not follow from the amounts stated with it.

    "总计T，增加d，增长p%": last year was T−d, so p = d ÷ (T−d); for 减少,
    p = d ÷ (T+d). With both years' amounts stated ("2025年a，2026年b，比上年增加p%"),
    p = b ÷ a − 1 (for 减少, 1 − b ÷ a). A growth rate that its own figures do not
    give is wrong; the rounding of the amounts as written is allowed for. When the
    amounts went the other way (CC109), the rate is reported here too if its size does
    not fit them either ("增加17.62%" for a fall of 91.11%: a rate copied from elsewhere).
    """
    this = RULES["CC104"]
    for change in ctx.relations.changes:
        rate = change.rate
        if rate is None:
            continue
        if change.delta is not None:
            yield from _rate_of_difference(ctx, this, change)
            continue
        computed = _relative_change(change)
        if computed is None:
            continue  # last year at 0: CC108
        # The amounts went the other way (CC109 says so): the rate is wrong too only when
        # its size does not fit them either ("增加9.38%" for a fall of 9.38% is CC109's alone),
        # nor the item's amount stated earlier (then that amount is what was changed).
        if not _two_years_disagree(abs(computed), change):
            continue
        if computed < 0 and any(
            not _two_years_disagree(abs(c), replace(change, current=other))
            for other in change.restated
            if (c := _relative_change(replace(change, current=other))) is not None
        ):
            continue
        assert change.current is not None and change.base is not None
        current, base = _shown(change.current), _shown(change.base)
        recomputation = (
            f"{current} ÷ {base} − 1"
            if change.direction == "increase"
            else f"1 − {current} ÷ {base}"
        )
        yield this.finding(
            [
                ctx.evidence(rate, "增减幅度"),
                ctx.evidence(change.current, "本年数"),
                ctx.evidence(change.base, "上年数"),
            ],
            severity=ratio_severity(computed, rate),
            recomputation=recomputation,
            current=current,
            base=base,
            computed=_pct(computed),
            written=rate.quantity.surface,
            hint="",
            hint_en="",
        )


def _rate_of_difference(ctx: CheckContext, this: Rule, change: Change) -> Iterator[Finding]:
    """The rate against the difference written and last year's amount (stated, or this
    year's less the difference)."""
    rate, delta = change.rate, change.delta
    assert rate is not None and delta is not None
    base = _last_years(change)
    if base is None or base <= 0:
        return  # CC108
    stated = change.base if change.base is not None else change.current
    assert stated is not None
    computed = delta.quantity.value / base * 100
    if change.base is None:
        # Last year's amount is this year's less the difference: both roundings move it, and
        # relative to the smaller base (14.38 ÷ (69.93 − 14.38) = 25.89% agrees with 25.87%:
        # 14.375 ÷ (69.935 − 14.375) = 25.873%).
        derived = (quantum(stated.quantity) + quantum(delta.quantity)) / 2 / base
        disagrees = ratio_disagrees(computed, rate, delta, relative=derived)
    else:
        disagrees = ratio_disagrees(computed, rate, delta, stated)
    if not disagrees:
        return
    if change.base is not None:
        base_shown = _shown(change.base)
    else:
        sign = "−" if change.direction == "increase" else "+"
        base_shown = f"({_shown(stated)} {sign} {_shown(delta)})"
    evidence = [ctx.evidence(rate, "增减幅度"), ctx.evidence(delta, "增减额")]
    if change.current is not None:
        evidence.append(ctx.evidence(change.current, "本年数"))
    if change.base is not None:
        evidence.append(ctx.evidence(change.base, "上年数"))
    yield this.finding(
        evidence,
        severity=ratio_severity(computed, rate),
        recomputation=f"{_shown(delta)} ÷ {base_shown}",
        change=_shown(delta),
        base=base_shown,
        computed=_pct(computed),
        written=rate.quantity.surface,
        **_over_this_year(change, delta, stated),
    )


def _over_this_year(change: Change, delta: Mention, stated: Mention) -> dict[str, str]:
    """The hint (zh, en) when the rate written is the difference over this year's amount
    ("增加74.97万元（92.82%）" with 80.77 this year: 74.97 ÷ 80.77): a base taken wrong."""
    none = {"hint": "", "hint_en": ""}
    current = change.current
    rate = change.rate
    if change.base is not None or current is None or rate is None or not current.quantity.value:
        return none
    over_current = delta.quantity.value / current.quantity.value * 100
    if ratio_disagrees(over_current, rate, delta, stated):
        return none
    division = f"{_shown(delta)} ÷ {_shown(current)} = {_pct(over_current)}"
    return {
        "hint": f"（{division}：疑以本年数作分母）",
        "hint_en": f" ({division}: this year's amount taken as the base?)",
    }


def _amount_shown(value: Decimal, *like: Mention) -> str:
    """``value`` in the scale and precision the amounts ``like`` are written in (70.40万元)."""
    q = like[0].quantity
    scale = q.scale.removesuffix("元") if q.kind == "amount" else ""
    factor = scale_factors().get(scale, Decimal(1)) if scale else Decimal(1)
    places = max(m.quantity.decimals for m in like)
    shown = format((value / factor).quantize(Decimal(1).scaleb(-places)), ",f")
    unit = (q.scale if q.scale.endswith("元") else f"{q.scale}元") if q.kind == "amount" else q.unit
    return f"{shown}{unit}"


@rule(
    code="CC107",
    name="change-amount",
    title="增减额与两年金额之差不符",
    severity="error",
    zh="增减额不符：{recomputation} = {computed}，写作{written}",
    en="the difference does not match: {recomputation} = {computed}, written {written}",
    examples=(
        flag(
            "2025年执行数1,250.00万元，2026年预算安排1,320.40万元，比上年增加80.40万元。",
            "80.40万元",
            "1,320.40万元",
            "1,250.00万元",
        ),
        ok("2025年执行数1,250.00万元，2026年预算安排1,320.40万元，比上年增加70.40万元。"),
        flag(
            "本年差旅费38.60万元，较上年45.10万元减少7.50万元，下降14.41%。",
            "7.50万元",
            "38.60万元",
            "45.10万元",
        ),
        ok("本年差旅费38.60万元，较上年45.10万元减少6.50万元，下降14.41%。"),
        # The inputs' rounding explains a difference of one cent: no finding.
        ok("上年办公费3.3万元，本年办公费4.57万元，比上年增加1.26万元。"),
        # 年初预算 and 调整后预算 are two amounts of one year, not two years.
        ok("年初预算100.00万元，调整后预算120.00万元，比上年增加30.00万元。"),
    ),
)
def change_amount(ctx: CheckContext) -> Iterator[Finding]:
    """增加/减少 d that is not the difference of the two years' amounts stated with it.

    "上年a，本年b，比上年增加d": d must be b − a (for 减少, a − b). Budget texts
    copy the difference of the line above or swap its digits; with both amounts
    written the difference is recomputed exactly, allowing for the rounding of the
    amounts as written. One unit in the last place is info.
    """
    this = RULES["CC107"]
    for change in ctx.relations.changes:
        delta, current, base = change.delta, change.current, change.base
        if delta is None or current is None or base is None:
            continue
        c, b, d = current.quantity, base.quantity, delta.quantity
        difference = c.value - b.value if change.direction == "increase" else b.value - c.value
        rounding = (quantum(c) + quantum(b)) / 2 + quantum(d) / 2
        if difference < -rounding:
            continue  # the amounts went the other way: CC109
        gap = abs(difference - d.value)
        if gap <= rounding:
            continue
        first, second = (current, base) if change.direction == "increase" else (base, current)
        yield this.finding(
            [
                ctx.evidence(delta, "增减额"),
                ctx.evidence(current, "本年数"),
                ctx.evidence(base, "上年数"),
            ],
            severity="info" if gap <= rounding + quantum(d) else None,
            recomputation=f"{_shown(first)} − {_shown(second)}",
            computed=_amount_shown(difference, current, base),
            written=_shown(delta),
        )


@rule(
    code="CC108",
    name="impossible-change",
    title="不可能的增减（上年为零或为负）",
    severity="warning",
    zh="增减变化不可能：{reason}",
    en="an impossible change: {reason_en}",
    examples=(
        # Copied from the line above: an amount of 0 cannot have grown by 350.
        flag("政府性基金预算拨款0万元，比上年增加350.00万元。", "0万元", "350.00万元"),
        ok("政府性基金预算拨款350.00万元，比上年增加350.00万元。"),
        # Growth from nothing has no rate; 100% is the convention for a new item.
        flag(
            "2025年执行数为0.00万元，2026年预算安排45.00万元，比2025年执行数增加45.00%。",
            "45.00%",
            "0.00万元",
        ),
        ok("2025年执行数为0.00万元，2026年预算安排45.00万元，比2025年执行数增加100.00%。"),
        # 0% is nothing either year: an amount that grew from nothing did not grow by 0%.
        flag("机关运行经费支出63.80万元，比预算数增加63.80万元，增长0%。", "0%", "63.80万元"),
        ok("机关运行经费支出0万元，比预算数增加0万元，增长0%。"),
        # An increase said of a project, not of last year: no change between two years.
        ok("设备购置预算20万元，2026年维修项目增加50万元。"),
        ok("因公出国（境）费0万元，比上年减少6万元，下降100%。"),
        ok("公务接待费0万元，比上年增加0万元，增长0%。"),
        flag("本年会议费2.40万元，比上年下降120%。", "120%"),
        ok("本年会议费2.40万元，比上年下降20%。"),
        # A rate after the sentence of its amount, naming the year it compares with.
        # The rate alone, its amount in the sentence before: both are the evidence.
        flag(
            "2025年培训费支出3.60万元，主要用于干部轮训。比2024年下降146.20%。",
            "146.20%",
            "3.60万元",
        ),
        # Two amounts in the sentence before: which one fell is not said, the rate alone is
        # still impossible.
        flag(
            "2025年培训费支出3.60万元，会议费支出1.20万元。比2024年下降146.20%。",
            "146.20%",
        ),
        ok("2025年培训费支出3.60万元，主要用于干部轮训。比2024年下降46.20%。"),
    ),
)
def impossible_change(ctx: CheckContext) -> Iterator[Finding]:
    """A change that cannot be: last year's amount would be negative, a rate is taken
    from nothing, or an amount fell by more than all of it.

    "…0万元，比上年增加350.00万元" says last year was −350万元: the sentence was
    copied from the line above and not corrected. A growth rate from last year's 0 has
    no value (0% and the 100% of a new item are conventions and pass), and an amount
    cannot fall by more than 100%. Each is a probable slip, so a warning.
    """
    this = RULES["CC108"]
    for change in ctx.relations.changes:
        rate = change.rate
        base = _last_years(change)
        if base is not None and base < 0:
            assert change.current is not None and change.delta is not None
            shown = _amount_shown(base, change.current, change.delta)
            yield this.finding(
                [ctx.evidence(change.current, "本年数"), ctx.evidence(change.delta, "增减额")],
                reason=f"本年为{_shown(change.current)}，比上年增加{_shown(change.delta)}，则上年为{shown}",
                reason_en=f"this year {_shown(change.current)}, up {_shown(change.delta)}: last year {shown}",
            )
        elif (
            base == 0
            and rate is not None
            and (rate.quantity.value not in _FROM_NOTHING or _grew_by_nothing(change, rate))
        ):
            stated = change.base if change.base is not None else change.current
            assert stated is not None
            yield this.finding(
                [
                    ctx.evidence(rate, "增减幅度"),
                    ctx.evidence(stated, "上年数" if change.base else "本年数"),
                ],
                reason=f"上年为0，增减幅度无从计算，写作{rate.quantity.surface}",
                reason_en=f"last year was 0, so there is no rate; written {rate.quantity.surface}",
            )
        elif (
            rate is not None
            and change.direction == "decrease"
            and rate.quantity.value > 100
            and (
                (change.current or change.base or change.delta) is not None
                or change.source == RATE_ALONE
            )
        ):
            stated = change.current or change.base
            yield this.finding(
                [
                    ctx.evidence(rate, "增减幅度"),
                    *(
                        [ctx.evidence(stated, "本年数" if change.current else "上年数")]
                        if stated
                        else []
                    ),
                ],
                reason=f"金额下降{rate.quantity.surface}，超过了全部",
                reason_en=f"an amount fell by {rate.quantity.surface}, more than all of it",
            )


# A rate from last year's 0 is written 0% (nothing either year) or 100% (a new item) by
# convention; any other rate says a base that is not there.
_FROM_NOTHING = (Decimal(0), Decimal(100))


def _grew_by_nothing(change: Change, rate: Mention) -> bool:
    """0% for an amount that came from nothing to something: 0% is the convention for
    nothing either year only ("增加63.80万元，增长0%" says the amount did not grow)."""
    grown = change.delta if change.delta is not None else change.current
    return rate.quantity.value == 0 and grown is not None and grown.quantity.value != 0


_DIRECTION_WORDS = {"increase": "增加", "decrease": "减少", "flat": "持平"}
# How a rate of change names its direction in a message (增长p%, 下降p%).
_RATE_WORDS = {"increase": "增长", "decrease": "下降"}


@rule(
    code="CC109",
    name="change-direction",
    title="增加/减少/持平与两年金额的大小不符",
    severity="error",
    zh="“{word}”与所比较的金额不符：{compared}",
    en="“{word}” does not fit the amounts it compares: {compared_en}",
    examples=(
        # Last year's amount named inside the comparison, a difference after it: both years.
        flag(
            "2.公用经费86.40万元，占基本支出的9.10%，较上年92.10万元增加5.70万元，主要是压减会议费。",
            "5.70万元",
            "86.40万元",
            "92.10万元",
        ),
        ok(
            "2.公用经费86.40万元，占基本支出的9.10%，较上年92.10万元减少5.70万元，主要是压减会议费。"
        ),
        flag(
            "2025年执行数64.00万元，2026年预算安排58.00万元，比上年增加9.38%。",
            "9.38%",
            "58.00万元",
            "64.00万元",
        ),
        ok("2025年执行数64.00万元，2026年预算安排58.00万元，比上年减少9.38%。"),
        flag("上年物业费21.30万元。本年物业费23.80万元，与上年持平。", "持平", "23.80万元"),
        ok("上年物业费21.30万元。本年物业费21.30万元，与上年持平。"),
        # Last year's amount named by the comparison and its stage ("比上年预算b").
        flag(
            "2025年会议费财政拨款预算16.20万元，比上年预算18.00万元增加1.80万元，增长10.00%。",
            "10.00%",
            "16.20万元",
            "18.00万元",
        ),
        ok("2025年会议费财政拨款预算16.20万元，比上年预算18.00万元减少1.80万元，下降10.00%。"),
        # The difference and its rate in two directions (a word left from the line above).
        flag(
            "（六）2130599其他扶贫支出12.40万元，较上年决算数减少186.35万元，增长93.76%。",
            "93.76%",
            "186.35万元",
        ),
        ok("（六）2130599其他扶贫支出12.40万元，较上年决算数减少186.35万元，下降93.76%。"),
        # This year's amount in an earlier sentence of figures (a sentence of words between),
        # among amounts of other metrics: the one of the base's metric (决算).
        flag(
            "本年培训费年初预算为6.00万元，决算为4.10万元。决算数小于预算数是因为压减了培训班次。"
            "与上年决算数4.90万元相比，培训费支出增加0.80万元。",
            "0.80万元",
            "4.10万元",
            "4.90万元",
        ),
        ok(
            "本年培训费年初预算为6.00万元，决算为4.10万元。决算数小于预算数是因为压减了培训班次。"
            "与上年决算数4.90万元相比，培训费支出减少0.80万元。"
        ),
        # 收入 and 支出 are never two years of one amount.
        ok("上年收入总计90.00万元，本年支出总计80.00万元，比上年增加5.00%。"),
        # 大于 between the two amounts it compares.
        flag("本年维修费决算数4.20万元，大于年初预算数4.80万元。", "大于", "4.20万元", "4.80万元"),
        ok("本年维修费决算数4.20万元，大于年初预算数3.80万元。"),
        # After 大于 the amount may be the difference: both readings need the first larger.
        ok("本年维修费决算数4.20万元，大于预算数0.40万元。"),
    ),
)
def change_direction(ctx: CheckContext) -> Iterator[Finding]:
    """增加/增长 where the amounts went down, 减少/下降 where they went up, 持平 where
    they differ, 大于/超过 where the first amount is not the larger.

    The direction is what a reader takes in first; a decrease written as an increase
    (a sentence copied from the line above) misstates the budget even when the rate
    is right. Amounts equal at the precision written are 持平; a difference of one
    unit in the last place is info.
    """
    this = RULES["CC109"]
    for change in ctx.relations.changes:
        if change.rate_direction is not None and change.rate is not None and change.delta:
            # "减少221.68万元，增长92.9%": the difference and its rate say two directions.
            delta = change.delta
            yield this.finding(
                [ctx.evidence(change.rate, "增减幅度"), ctx.evidence(delta, "增减额")],
                word=f"{_RATE_WORDS[change.rate_direction]}{change.rate.quantity.surface}",
                compared=f"增减额写作{_DIRECTION_WORDS[change.direction]}{_shown(delta)}，方向相反",
                compared_en=(
                    f"the difference is written as a {change.direction} of {_shown(delta)}"
                ),
            )
            continue
        current, base = change.current, change.base
        if current is None or base is None:
            continue
        c, b = current.quantity, base.quantity
        agreement = compare_values(c.value, quantum(c), b.value, quantum(b))
        if agreement is Agreement.SAME:
            wrong = False
        elif change.direction == "flat":
            wrong = True
        else:
            wrong = (c.value < b.value) == (change.direction == "increase")
        if not wrong:
            continue
        # The words as written: the difference with its 增加/减少, the rate with its
        # 增长/下降 ("增加3.70万元，增长7.07%" cites both).
        cues = [
            (ctx.evidence(change.delta, "增减额"), _DIRECTION_WORDS) if change.delta else None,
            (ctx.evidence(change.rate, "增减幅度"), _RATE_WORDS) if change.rate else None,
        ]
        said = [cue for cue in cues if cue is not None]
        if said:
            evidence, words = said[0]
            word_text = f"{words[change.direction]}{evidence.text}"
            cited = [e for e, _ in said]
        else:
            assert change.word is not None
            word = ctx.quote(change.word, "增减")
            word_text, cited = word.text, [word]
        yield this.finding(
            [*cited, ctx.evidence(current, "本年数"), ctx.evidence(base, "上年数")],
            severity="info" if agreement is Agreement.LAST_DIGIT else None,
            word=word_text,
            compared=f"本年{_shown(current)}，上年{_shown(base)}",
            compared_en=f"this year {_shown(current)}, last year {_shown(base)}",
        )
    for comparison in ctx.relations.comparisons:
        a, b = comparison.greater.quantity, comparison.lesser.quantity
        if (
            a.value > b.value
            or compare_values(a.value, quantum(a), b.value, quantum(b)) is Agreement.SAME
        ):
            continue
        word = ctx.quote(comparison.word, "比较")
        yield this.finding(
            [
                word,
                ctx.evidence(comparison.greater, "前者"),
                ctx.evidence(comparison.lesser, "后者"),
            ],
            word=word.text,
            compared=f"{_shown(comparison.greater)} ≤ {_shown(comparison.lesser)}",
            compared_en=f"{_shown(comparison.greater)} ≤ {_shown(comparison.lesser)}",
        )
