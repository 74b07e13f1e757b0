"""CC5xx statements: the standard 部门预算/决算 tables against each other.

Each rule compares what relate/standard_tables.py paired: totals that two tables (or the
two halves of one) state, and the 三公 breakdowns. Both cells are named by table title, row
and column. A difference in the last written digit is info (tables in 万元 are rounded from
元 one cell at a time). The row split 合计 = 基本支出 + 项目支出 and the column sums inside
one table are CC101's (relate/tables.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from crosscheck.compare import Agreement, compare_values, quantum
from crosscheck.extractor.numbers import scale_factors
from crosscheck.relate.carry_over import term_names
from crosscheck.relate.recompute import explained_by_rounding
from crosscheck.relate.standard_tables import TableEquality, TablePlace
from crosscheck.rules.base import RULES, flag, ok, rule
from crosscheck.rules.context import CheckContext
from crosscheck.types import Finding

SUMMARY = (
    "表1 2025年青石县档案馆部门收支总表\n单位：万元\n\n"
    "| 收入 |  | 支出 |  |\n| 项目 | 预算数 | 项目 | 预算数 |\n"
    "| 一、一般公共预算拨款收入 | 812.40 | 一、一般公共服务支出 | 600.00 |\n"
    "| 二、事业收入 | 20.00 | 二、住房保障支出 | 232.40 |\n"
)
SPENDING = (
    "表3 2025年青石县档案馆部门支出总表\n单位：万元\n\n"
    "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
    "| 201 | 一般公共服务支出 | {class_total} | 410.00 | 190.00 |\n"
    "| 221 | 住房保障支出 | 232.40 | 232.40 | 0.00 |\n"
    "| 合计 |  | {total} | 642.40 | 190.00 |\n"
)
THREE_PUBLIC = (
    "表8 2025年云岭镇财政拨款“三公”经费支出表\n单位：万元\n\n"
    "| 合计 | 因公出国（境）费 | 公务用车购置及运行费 |  |  | 公务接待费 |\n"
    "|  |  | 小计 | 公务用车购置费 | 公务用车运行费 |  |\n"
    "| {total} | 0.00 | {vehicle} | 18.00 | 12.20 | 6.30 |\n"
)


def _place(place: TablePlace) -> str:
    """《title》row·column, the row left out where the table has one row of figures; a
    narrative amount is 正文“name”."""
    if not place.table:
        return f"正文“{place.row}”"
    where = "·".join(part for part in (place.row, place.column) if part)
    return f"《{place.table}》{where}"


def _shown(place: TablePlace) -> str:
    q = place.mention.quantity
    surface = q.surface.strip()
    return f"{surface}（{q.scale}）" if q.scale and not surface.endswith("元") else surface


def _agreement(a: TablePlace, b: TablePlace) -> Agreement:
    qa, qb = a.mention.quantity, b.mention.quantity
    return compare_values(qa.value, quantum(qa), qb.value, quantum(qb))


def _equalities(ctx: CheckContext, kinds: tuple[str, ...], code: str) -> Iterator[Finding]:
    """One finding per identity none of whose stated values agrees with its left side."""
    this = RULES[code]
    for identity in ctx.relations.table_identities:
        if identity.kind not in kinds:
            continue
        found = _disagreement(identity)
        if found is None:
            continue
        other, agreement = found
        if ctx.rounding_declared(agreement):
            continue
        yield this.finding(
            [
                ctx.evidence(identity.left.mention, _place(identity.left)),
                ctx.evidence(other.mention, _place(other)),
            ],
            severity="info" if agreement is Agreement.LAST_DIGIT else None,
            left_place=_place(identity.left),
            left=_shown(identity.left),
            right_place=_place(other),
            right=_shown(other),
        )


def _disagreement(identity: TableEquality) -> tuple[TablePlace, Agreement] | None:
    """The closest stated value and how it differs, or None when one agrees."""
    agreements = [(r, _agreement(identity.left, r)) for r in identity.right]
    if any(a is Agreement.SAME for _, a in agreements):
        return None
    value = identity.left.mention.quantity.value
    return min(agreements, key=lambda pair: abs(pair[0].mention.quantity.value - value))


@rule(
    code="CC501",
    name="statement-balance",
    title="收支总表的收入总计与支出总计不等",
    severity="error",
    zh="{left_place}为{left}，{right_place}为{right}：收支总表的收入总计与支出总计应相等",
    en="{left_place} is {left} but {right_place} is {right}: a 收支总表 balances",
    examples=(
        flag(
            SUMMARY + "| 收入总计 | 832.40 | 支出总计 | 842.40 |\n",
            "832.40",
            "842.40",
        ),
        ok(SUMMARY + "| 收入总计 | 832.40 | 支出总计 | 832.40 |\n"),
        # 本年收入合计 and 本年支出合计 differ by the carry-over: only the 总计 rows balance.
        ok(
            SUMMARY + "| 本年收入合计 | 832.40 | 本年支出合计 | 840.40 |\n"
            "| 上年结转 | 8.00 | 结转下年 |  |\n"
            "| 收入总计 | 840.40 | 支出总计 | 840.40 |\n"
        ),
    ),
)
def statement_balance(ctx: CheckContext) -> Iterator[Finding]:
    """The 收入总计 and the 支出总计 of a 收支总表 (or 财政拨款收支总表) differ.

    A budget statement balances by construction: everything received or carried over
    is spent or carried forward. Totals that differ mean a row was left out or mistyped.
    """
    yield from _equalities(ctx, ("balance",), "CC501")


@rule(
    code="CC502",
    name="statement-same-total",
    title="同一合计在两张公开表中不一致",
    severity="error",
    zh="{left_place}为{left}，{right_place}为{right}：两表所列应为同一金额",
    en="{left_place} is {left} but {right_place} is {right}: both state one amount",
    examples=(
        flag(
            SUMMARY
            + "| 本年收入合计 | 832.40 | 本年支出合计 | 832.40 |\n"
            + "| 收入总计 | 832.40 | 支出总计 | 832.40 |\n\n"
            + SPENDING.format(class_total="600.00", total="842.40"),
            "842.40",
            "832.40",
        ),
        # A 功能分类 class of the 收支总表 against its row in the 支出总表.
        flag(
            SUMMARY
            + "| 本年收入合计 | 832.40 | 本年支出合计 | 832.40 |\n"
            + "| 收入总计 | 832.40 | 支出总计 | 832.40 |\n\n"
            + SPENDING.format(class_total="660.00", total="832.40"),
            "600.00",
            "660.00",
        ),
        ok(
            SUMMARY
            + "| 本年收入合计 | 832.40 | 本年支出合计 | 832.40 |\n"
            + "| 收入总计 | 832.40 | 支出总计 | 832.40 |\n\n"
            + SPENDING.format(class_total="600.00", total="832.40")
        ),
        # A 财政拨款 table and an all-funds table are different scopes: never compared.
        ok(
            SUMMARY
            + "| 本年收入合计 | 832.40 | 本年支出合计 | 832.40 |\n"
            + "| 收入总计 | 832.40 | 支出总计 | 832.40 |\n\n"
            + SPENDING.format(class_total="580.00", total="812.40").replace(
                "部门支出总表", "财政拨款支出总表"
            )
        ),
    ),
)
def statement_same_total(ctx: CheckContext) -> Iterator[Finding]:
    """One total stated differently by two standard tables of the same scope.

    The 支出总表's 合计 is the 收支总表's 本年支出合计 (or its 支出总计), the 一般公共预算
    支出表's 合计 is the 一般公共预算 column of the 财政拨款收支总表, and each 功能分类 class
    of the 收支总表 is the class row of the 支出总表. Reviewers tick these off first: a
    table edited after the others were printed shows here.
    """
    yield from _equalities(ctx, ("same_total", "same_class"), "CC502")


@rule(
    code="CC504",
    name="basic-expenditure-total",
    title="基本支出表合计与支出表的基本支出不一致",
    severity="error",
    zh="{left_place}为{left}，{right_place}为{right}：基本支出合计应一致",
    en="{left_place} is {left} but {right_place} is {right}: one 基本支出 total",
    examples=(
        flag(
            "2025年青石县档案馆一般公共预算支出表\n单位：万元\n\n"
            "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
            "| 201 | 一般公共服务支出 | 600.00 | 410.00 | 190.00 |\n"
            "| 合计 |  | 600.00 | 410.00 | 190.00 |\n\n"
            "2025年青石县档案馆一般公共预算基本支出表\n单位：万元\n\n"
            "| 科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费 |\n"
            "| 301 | 工资福利支出 | 360.00 | 360.00 | 0.00 |\n"
            "| 302 | 商品和服务支出 | 40.00 | 0.00 | 40.00 |\n"
            "| 合计 |  | 400.00 | 360.00 | 40.00 |\n",
            "400.00",
            "410.00",
        ),
        ok(
            "2025年青石县档案馆一般公共预算支出表\n单位：万元\n\n"
            "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
            "| 201 | 一般公共服务支出 | 600.00 | 410.00 | 190.00 |\n"
            "| 合计 |  | 600.00 | 410.00 | 190.00 |\n\n"
            "2025年青石县档案馆一般公共预算基本支出表\n单位：万元\n\n"
            "| 科目编码 | 科目名称 | 合计 | 人员经费 | 公用经费 |\n"
            "| 301 | 工资福利支出 | 370.00 | 370.00 | 0.00 |\n"
            "| 302 | 商品和服务支出 | 40.00 | 0.00 | 40.00 |\n"
            "| 合计 |  | 410.00 | 370.00 | 40.00 |\n"
        ),
    ),
)
def basic_expenditure_total(ctx: CheckContext) -> Iterator[Finding]:
    """The 基本支出表's 合计 is not the 基本支出 of the 支出表 of the same scope.

    The 基本支出表 breaks the 基本支出 down by economic class (人员经费, 公用经费); its
    合计 is the 基本支出 column's 合计 in the 功能分类 支出表. Two values mean one of the
    tables was not updated.
    """
    yield from _equalities(ctx, ("basic_total",), "CC504")


FISCAL = (
    "2025年青石县档案馆财政拨款收支总表\n单位：万元\n\n"
    "| 财政拨款收入 |  | 财政拨款支出 |  |\n| 项目 | 预算数 | 项目 | 预算数 |\n"
    "| 一、一般公共预算 | 812.40 | 一、一般公共服务支出 | 600.00 |\n"
    "| 二、政府性基金预算 | 0.00 | 二、住房保障支出 | 212.40 |\n"
    "| 收入总计 | 812.40 | 支出总计 | 812.40 |\n"
)


@rule(
    code="CC506",
    name="narrative-statement-total",
    title="正文所述收支总计与公开表不一致",
    severity="error",
    zh="{left_place}为{left}，{right_place}为{right}",
    en="{left_place} is {left} but {right_place} is {right}",
    examples=(
        flag(
            "青石县档案馆2025年度财政拨款收入支出总计8.12万元。\n\n" + FISCAL,
            "8.12万元",
            "812.40",
        ),
        ok("青石县档案馆2025年度财政拨款收入支出总计812.40万元。\n\n" + FISCAL),
        # A change, or another year's total, is not the table's 总计.
        ok("与2024年度相比，财政拨款收入支出总计增加12.40万元。\n\n" + FISCAL),
        ok("青石县档案馆2025年度部门预算。2024年度财政拨款收入支出总计800.00万元。\n\n" + FISCAL),
    ),
)
def narrative_statement_total(ctx: CheckContext) -> Iterator[Finding]:
    """The text names a statement total (财政拨款收入支出总计, 本年收入合计 …) with an amount
    that the 收支总表 does not state.

    The 说明 sections copy these totals from the tables; one that differs was typed
    by hand or left over from last year's text.
    """
    yield from _equalities(ctx, ("narrative_total",), "CC506")


@rule(
    code="CC507",
    name="narrative-balance",
    title="正文所述收入与支出总额不平衡",
    severity="warning",
    zh="{left_place}为{left}，{right_place}为{right}：部门收支应平衡，收入与支出（及其比上年的增减）应相等",
    en=(
        "{left_place} is {left} but {right_place} is {right}: a budget's income and spending "
        "(and their changes from last year) balance"
    ),
    examples=(
        flag(
            "柳溪县林业局2026年部门预算\n一、收支预算总体情况\n2026年收入预算1,206.40万元，其中："
            "一般公共预算拨款收入1,206.40万元。\n2026年支出预算1,260.40万元，其中：基本支出"
            "860.40万元，项目支出400.00万元。\n",
            "1,206.40万元",
            "1,260.40万元",
        ),
        ok(
            "柳溪县林业局2026年部门预算\n一、收支预算总体情况\n2026年收入预算1,260.40万元，其中："
            "一般公共预算拨款收入1,260.40万元。\n2026年支出预算1,260.40万元，其中：基本支出"
            "860.40万元，项目支出400.00万元。\n"
        ),
        # Money carried over from last year: the year's income and the spending differ by it.
        ok(
            "柳溪县林业局2026年部门预算\n一、收支预算总体情况\n2026年收入预算1,206.40万元，另有"
            "上年结转54.00万元。\n2026年支出预算1,260.40万元，其中：基本支出860.40万元，项目"
            "支出400.00万元。\n"
        ),
        # The income of the sources against their side of the statement.
        flag(
            "柳溪县林业局2026年部门预算\n一、收支预算总体情况\n2026年收入预算1,260.40万元，其中："
            "财政拨款收入1,260.40万元。\n2026年支出预算1,260.40万元，其中：财政拨款支出预算"
            "1,206.40万元。\n",
            "1,206.40万元",
        ),
        ok(
            "柳溪县林业局2026年部门预算\n一、收支预算总体情况\n2026年收入预算1,260.40万元，其中："
            "财政拨款收入1,260.40万元。\n2026年支出预算1,260.40万元，其中：财政拨款支出预算"
            "1,260.40万元。\n"
        ),
        # Two balanced years change both sides by one amount.
        flag(
            "柳溪县林业局2026年部门预算\n一、收支预算总体情况\n（一）收入预算：2026年收入预算"
            "1,260.40万元，收入比2025年增加86.30万元。\n（二）支出预算：2026年支出预算1,260.40万元，"
            "支出比2025年增加68.30万元。\n",
            "86.30万元",
            "68.30万元",
        ),
        ok(
            "柳溪县林业局2026年部门预算\n一、收支预算总体情况\n（一）收入预算：2026年收入预算"
            "1,260.40万元，收入比2025年增加86.30万元。\n（二）支出预算：2026年支出预算1,260.40万元，"
            "支出比2025年增加86.30万元，主要是项目支出增加68.30万元。\n"
        ),
        # The income of sources and their spending, each with its change, in one paragraph.
        flag(
            "桐江区档案馆2026年部门预算\n二、收支预算总体情况\n2026年，桐江区档案馆收入预算"
            "742.60万元，其中：财政拨款收入742.60万元，比2025年预算增加51.20万元；事业收入0万元。"
            "支出预算742.60万元，其中：财政拨款支出预算742.60万元，比2025年预算增加15.20万元。\n",
            "51.20万元",
            "15.20万元",
        ),
        ok(
            "桐江区档案馆2026年部门预算\n二、收支预算总体情况\n2026年，桐江区档案馆收入预算"
            "742.60万元，其中：财政拨款收入742.60万元，比2025年预算增加51.20万元；事业收入0万元。"
            "支出预算742.60万元，其中：财政拨款支出预算742.60万元，比2025年预算增加51.20万元。\n"
        ),
        # Two bases (last year's spending, last year's budget): two changes, no pair.
        ok(
            "桐江区档案馆2026年部门预算\n二、收支预算总体情况\n2026年，桐江区档案馆收入预算"
            "742.60万元，其中：财政拨款收入742.60万元，比2025年预算执行数增加51.20万元；事业收入0万元。"
            "支出预算742.60万元，其中：财政拨款支出预算742.60万元，比2025年预算增加15.20万元。\n"
        ),
        # Another source's spending changes by another amount: no pair.
        ok(
            "桐江区档案馆2026年部门预算\n二、收支预算总体情况\n2026年，桐江区档案馆收入预算"
            "742.60万元，其中：财政拨款收入742.60万元，比2025年预算增加51.20万元。支出预算"
            "742.60万元，其中：政府性基金拨款支出预算20.00万元，比2025年预算增加15.20万元。\n"
        ),
        # A 决算's 说明 may write 收入总计 for the year's income and 支出总计 for its spending.
        ok(
            "柳溪县林业局2025年度部门决算\n一、收入支出决算总体情况\n2025年度收入总计"
            "1,286.40万元。2025年度支出总计1,268.40万元。\n"
        ),
        # Sources of one side and the other's whole: another scope.
        ok(
            "柳溪县林业局2026年部门预算\n一、收支预算总体情况\n2026年收入预算1,260.40万元。"
            "2026年财政拨款支出预算1,206.40万元。\n"
        ),
    ),
)
def narrative_balance(ctx: CheckContext) -> Iterator[Finding]:
    """The text's 收入 total and its 支出 total of the same sources differ (or the income of
    those sources, "财政拨款收入a万元", and their 支出 side; or the two sides' changes from
    last year, "收入比2025年增加a万元" and "支出比2025年增加b万元").

    The 说明 of a 部门预算 states both sides of its 收支总表, which balances by
    construction: a side typed by hand or left over from last year's text no longer
    matches the other. Read only in a budget that carries nothing over (no 上年结转 or
    结转下年 stated), where every total word names the same amount (relate/balances.py).
    """
    yield from _equalities(ctx, ("narrative_balance",), "CC507")


@rule(
    code="CC505",
    name="three-public-sum",
    title="“三公”经费合计与各项之和不符",
    severity="error",
    zh="{total_place}为{total}，各项之和为{parts} = {computed}",
    en="{total_place} is {total} but its parts add up to {parts} = {computed}",
    examples=(
        flag(THREE_PUBLIC.format(total="40.50", vehicle="30.20"), "40.50", "30.20", "6.30"),
        flag(THREE_PUBLIC.format(total="36.50", vehicle="31.20"), "31.20", "18.00", "12.20"),
        ok(THREE_PUBLIC.format(total="36.50", vehicle="30.20")),
    ),
)
def three_public_sum(ctx: CheckContext) -> Iterator[Finding]:
    """A “三公”经费 total is not 因公出国 + 公务用车购置及运行 + 公务接待, or 公务用车购置及
    运行 is not 购置 + 运行.

    The 三公 figures are the most read lines of a budget disclosure; the narrative
    repeats them, so a total that its own parts do not give is quoted twice over.
    A blank part counts as 0.
    """
    this = RULES["CC505"]
    for breakdown in ctx.relations.table_breakdowns:
        total = breakdown.total.mention.quantity
        parts = [p.mention for p in breakdown.parts]
        computed = sum((p.quantity.value for p in parts), Decimal(0))
        agreement = compare_values(computed, Decimal(0), total.value, quantum(total))
        if agreement is Agreement.SAME:
            continue
        if agreement is Agreement.DIFFERENT and explained_by_rounding(
            computed, breakdown.total.mention, parts
        ):
            agreement = Agreement.LAST_DIGIT
        if ctx.rounding_declared(agreement):
            continue
        scale = total.scale.removesuffix("元")
        factor = scale_factors().get(scale, Decimal(1)) if scale else Decimal(1)
        yield this.finding(
            [
                ctx.evidence(breakdown.total.mention, _place(breakdown.total)),
                *(ctx.evidence(p.mention, _place(p)) for p in breakdown.parts),
            ],
            severity="info" if agreement is Agreement.LAST_DIGIT else None,
            total_place=_place(breakdown.total),
            total=_shown(breakdown.total),
            parts=" + ".join(p.mention.quantity.surface.strip() for p in breakdown.parts),
            computed=str((computed / factor).quantize(Decimal(1).scaleb(-total.decimals))),
        )


CARRY_OVER = (
    "二、收入支出决算总体情况\n2025年度，青禾镇文化站年初结转和结余12.40万元，本年收入{income}万元，"
    "本年支出301.70万元，事业基金弥补收支差额0万元，结余分配0万元，年末结转和结余{closing}万元。\n"
)


@rule(
    code="CC508",
    name="carry-over-balance",
    title="决算结转结余不平衡（年初结转和结余 + 本年收入 − 本年支出 ≠ 年末结转和结余）",
    severity="error",
    zh="结转结余不平衡：{formula} = {computed}，写作年末结转和结余{closing}{unstated}",
    en="the carry-over does not balance: {formula} = {computed}, but the closing balance is "
    "written {closing}{unstated_en}",
    examples=(
        flag(CARRY_OVER.format(income="305.10", closing="25.80"), "25.80万元", "305.10万元"),
        ok(CARRY_OVER.format(income="305.10", closing="15.80")),
        # One unit in the last place: info, not an error (flagged all the same).
        flag(CARRY_OVER.format(income="305.10", closing="15.81"), "15.81万元"),
        # The optional terms left out: read as 0, and said so.
        flag(
            "2025年度，青禾镇文化站年初结转和结余12.40万元，本年收入305.10万元，本年支出"
            "301.70万元，年末结转和结余18.80万元。\n",
            "18.80万元",
        ),
        ok(
            "2025年度，青禾镇文化站年初结转和结余12.40万元，本年收入305.10万元，本年支出"
            "301.70万元，年末结转和结余15.80万元。\n"
        ),
        # Another figure inside the list: not the identity alone.
        ok(
            "2025年度，青禾镇文化站年初结转和结余12.40万元，本年收入305.10万元，其中财政拨款"
            "290.00万元，本年支出301.70万元，年末结转和结余18.80万元。\n"
        ),
        # Two sentences, not one statement of the identity.
        ok(
            "2025年度本年收入305.10万元。本年支出301.70万元。年初结转和结余12.40万元，"
            "年末结转和结余18.80万元。\n"
        ),
    ),
)
def carry_over_balance(ctx: CheckContext) -> Iterator[Finding]:
    """年初结转和结余 + 本年收入 (+ 事业基金弥补收支差额) − 本年支出 (− 结余分配) is not the
    年末结转和结余 the same sentence states.

    The 说明 of a 部门决算 copies the six totals of its 收入支出决算总表 into one sentence;
    the table balances by construction, so a sentence that does not was typed or copied
    wrong. Terms the sentence leaves out count as 0 (a warning: the table may hold them).
    """
    this = RULES["CC508"]
    for balance in ctx.relations.carry_overs:
        closing = balance.closing
        terms = (*balance.added, *balance.taken)
        computed = sum((m.quantity.value for _, _, m in balance.added), Decimal(0)) - sum(
            (m.quantity.value for _, _, m in balance.taken), Decimal(0)
        )
        q = closing.quantity
        agreement = compare_values(computed, Decimal(0), q.value, quantum(q))
        if agreement is Agreement.SAME:
            continue
        if agreement is Agreement.DIFFERENT and explained_by_rounding(
            computed, closing, [m for _, _, m in terms]
        ):
            agreement = Agreement.LAST_DIGIT
        if ctx.rounding_declared(agreement):
            continue
        severity = "info" if agreement is Agreement.LAST_DIGIT else None
        if severity is None and balance.unstated:
            severity = "warning"
        signs = ["", *["+ "] * (len(balance.added) - 1), *["− "] * len(balance.taken)]
        formula = " ".join(
            f"{sign}{word}{m.quantity.surface.strip()}"
            for sign, (_, word, m) in zip(signs, terms, strict=True)
        )
        unstated = "、".join(term_names()[t] for t in balance.unstated)
        scale = q.scale.removesuffix("元")
        factor = scale_factors().get(scale, Decimal(1)) if scale else Decimal(1)
        yield this.finding(
            [
                ctx.evidence(closing, term_names()["closing"]),
                *(ctx.evidence(m, word) for _, word, m in terms),
            ],
            severity=severity,
            formula=formula,
            computed=f"{(computed / factor).quantize(Decimal(1).scaleb(-q.decimals))}{q.scale}",
            closing=q.surface.strip(),
            unstated=f"（未写出的{unstated}按0计）" if unstated else "",
            unstated_en=f" (the terms not written, {unstated}, taken as 0)" if unstated else "",
        )
