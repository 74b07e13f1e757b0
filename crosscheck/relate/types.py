"""The relations between the numbers of a report (DESIGN §2c), as frozen data.

Each relation holds the mentions it relates (a Mention carries its span and
whether it is a table cell or narrative) and says how its inputs were found
(``cue`` / ``source``): the rules recompute them without reading the text again.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from crosscheck.types import Mention, ParsedTable, Quantity, Span, TableCell


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence of a paragraph or a table cell, and its quantities outside brackets."""

    span: Span
    text: str
    mentions: tuple[Mention, ...]  # in order, bracketed asides left out


@dataclass(frozen=True, slots=True)
class BareAmount:
    """A number written right after a money word with no unit ("救助金额239.45。")."""

    span: Span
    value: Decimal
    word: str  # the money word before it


# The source of a count's completion rate read against the target set for it ("计划培训600
# 人次。实际培训618人次，完成率103%").
COUNT_TARGET = "count-target"
# The cue of a table row's 合计 read against the columns that split it (合计 | 基本支出 |
# 项目支出): a part left blank there is a zero.
TABLE_COLUMNS = "table-columns"
# The source of a change whose rate names the year it compares with and no amount ("…。比
# 2024年下降146.20%"): only what the rate says alone can be checked.
RATE_ALONE = "rate-alone"
# The cue of a 其中 that names one part only ("T，其中A a"): the part can only be smaller.
ONE_PART = "opener-one"


@dataclass(frozen=True, slots=True)
class SumRelation:
    """A total and the parts the text or the table groups under it.

    ``parts`` are of the total's measure (same kind and unit; a change amount is
    never a part of an amount). ``cue`` says how the list was read: "opener" (the
    total before 其中, the parts after it), "closing" (the parts before 合计/共计,
    the total after it), "respectively" (the total right before 分别为, the items
    inline after it), "opener-next" (a paragraph ends "T，其中：", the parts open the
    paragraphs after it), "opener-lines" (a line of figures ends "其中：", one line per item
    states the same figures after it; each figure against the items' figures of its metric).
    ``complete``: the cue says the parts cover the total.
    ``unitless``: numbers written without a unit from the relation's first quantity
    to the end of its sentence (one may be a dropped part).
    """

    total: Mention
    parts: tuple[Mention, ...]
    cue: str
    complete: bool = True
    unitless: tuple[BareAmount, ...] = ()


RatioKind = Literal["share", "execution_rate"]


@dataclass(frozen=True, slots=True)
class Ratio:
    """A percentage the text says is ``numerator`` ÷ ``denominator``.

    ``source`` says where the inputs were found: "sentence" or "table-row" (stated
    together), "numbered-items" (the items numbered alike in a 年初设定目标 /
    全年完成情况 row), "inline" (占A的p%: the whole between 占 and the share),
    "named" (占总支出的p%: the nearest amount the text calls 总支出), "list" (the
    total that opens the list the share is in). A share whose whole the text does
    not say has no denominator; the shares of one statement without one may
    partition a whole (their numerators add up to it).
    """

    kind: RatioKind
    stated: Mention
    numerator: Mention
    denominator: Mention | None
    source: str


@dataclass(frozen=True, slots=True)
class Change:
    """A change between two years: its direction, the rate and/or difference written, and
    the two years' amounts as far as the text states them.

    ``current`` is this year's amount, ``base`` last year's; an amount not stated is None
    (a rule derives it from the other and ``delta`` when it can). ``word`` is the span
    of the word that says the direction when no rate or difference does (持平).
    ``source`` says where the amounts were found: "sentence" (this year's amount before
    the difference, or last year's right after 上年), "sentence-before" (this year's
    amount closing the sentence before, naming the same item), "two-years" (the amounts
    of both years stated, each labelled with its year: "2025年执行数a，2026年预算b，比上年
    增加p%").
    """

    direction: Literal["increase", "decrease", "flat"]
    rate: Mention | None
    delta: Mention | None
    current: Mention | None
    base: Mention | None
    source: str
    word: Span | None = None
    # Other amounts of this year's measure stated before ``current`` in its paragraph (the
    # item's heading amount): a rate may have been computed from one of them.
    restated: tuple[Mention, ...] = ()
    # The way the rate's own word says the amount went, where it is not the difference's
    # ("减少221.68万元，增长92.9%"); None when they agree or only one is written.
    rate_direction: Literal["increase", "decrease"] | None = None


@dataclass(frozen=True, slots=True)
class Comparison:
    """ "a，大于（高于、超过）B b": the text says ``greater`` is more than ``lesser``."""

    word: Span
    greater: Mention
    lesser: Mention


@dataclass(frozen=True, slots=True)
class PointChange:
    """A change between two rates of one sentence ("由85%提高到92%，提高了7%")."""

    old: Mention
    new: Mention
    stated: Mention


@dataclass(frozen=True, slots=True)
class ScoreColumn:
    """A 得分 or 分值 column of a self-evaluation table with its one 总分 row."""

    table: ParsedTable
    column: str  # "得分" or "分值", as the message names it
    total: TableCell
    rows: tuple[TableCell, ...]  # the 绩效指标 rows' cells of the column holding one score
    # The funds block's 分值/得分 (预算执行, 10 of the 100 in the standard form), which the
    # 总分 counts beside the indicator rows; () when the form has no funds block scored.
    funds: tuple[TableCell, ...] = ()
    # The form has a funds block but no 分值/得分 of it could be read in this column (a blank,
    # a row printed out of its columns): the rows may add up to less than the 总分.
    funds_unread: bool = False


@dataclass(frozen=True, slots=True)
class ScorePair:
    """One indicator row's 得分 and 分值 cells."""

    score: TableCell
    weight: TableCell


@dataclass(frozen=True, slots=True)
class ScoreSubtotal:
    """The score (or weight) the text gives a 一级指标 and the table's cells of that 一级指标
    ("效益指标满分30分，得分28分" against the 得分 of the 效益指标 rows)."""

    level: str  # the 一级指标 as the table names it, normalised (效益指标)
    column: str  # "得分" or "分值"
    stated: Mention
    cells: tuple[TableCell, ...]
    # Where the stated score is: "text", or "subtotal" (the table's own 小计 row of the level).
    stated_in: str = "text"


@dataclass(frozen=True, slots=True)
class IndicatorCount:
    """A number of indicators the text says were set, and the table's indicators of that
    level ("共设置三级指标12个" against the 三级指标 rows)."""

    level: str  # "二级指标" or "三级指标"
    stated: Mention
    listed: tuple[int, ...]  # how many the table has: all rows, or those of 产出/效益/满意度


@dataclass(frozen=True, slots=True)
class ScoreStructure:
    """The scores of a report's self-evaluation tables and the overall score its text states.

    ``table_total``: the one 总分 得分 of the document's filled-in tables, as
    (quantity, span), or None when there is none or more than one.
    ``stated_overall``: narrative scores said to be the report's own overall score
    (自评得分, 综合得分 …), grading thresholds left out. ``subtotals`` and
    ``indicator_counts``: what the text says of the one filled-in 自评表's 一级指标 and of
    how many indicators it sets.
    """

    columns: tuple[ScoreColumn, ...]
    pairs: tuple[ScorePair, ...]
    table_total: tuple[Quantity, Span] | None
    stated_overall: tuple[Mention, ...]
    subtotals: tuple[ScoreSubtotal, ...] = ()
    indicator_counts: tuple[IndicatorCount, ...] = ()
    # Where the document holds one 自评表 per project: a project's stated overall score and
    # the 总分 得分 (quantity, span) of the one form whose 项目名称 names that project.
    project_totals: tuple[tuple[Mention, Quantity, Span], ...] = ()


@dataclass(frozen=True, slots=True)
class CountedList:
    """A count in words and the items the text then lists.

    ``listed`` holds the possible numbers of items (a last item "A和B" may be one
    or two); ``items`` the spans shown as evidence. ``at_least``: the list ends with 等
    ("A、B等6个村"), so it may name fewer items than counted, never more.
    """

    announced: Span
    count: int
    listed: tuple[int, ...]
    items: tuple[Span, ...]
    at_least: bool = False


@dataclass(frozen=True, slots=True)
class Citation:
    """A 文号 as cited: issuer, year and number, and the 《title》 written before it."""

    span: Span  # from the issuer to 号
    issuer: str
    year: str
    number: str
    title: str | None
    # Its title names one notice of a series issued under one title (关于下达…资金的通知):
    # another number under that title may be another notice, not a slip.
    series: bool = False


@dataclass(frozen=True, slots=True)
class Unitless:
    """A number with no unit in a paragraph whose amounts have units."""

    bare: BareAmount
    section_path: tuple[str, ...]
    siblings: tuple[Mention, ...]  # the paragraph's amounts with a unit


@dataclass(frozen=True, slots=True)
class CarryOver:
    """A 决算's carry-over identity stated in one sentence: ``opening`` + ``income`` (+ the
    ``offset`` of 事业基金) − ``spending`` (− the ``distribution`` of 结余) = ``closing``.

    ``added`` and ``taken`` hold (term, word as written, mention) in the identity's order;
    ``unstated`` names the optional terms the sentence leaves out (counted as 0)."""

    added: tuple[tuple[str, str, Mention], ...]
    taken: tuple[tuple[str, str, Mention], ...]
    closing: Mention
    unstated: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScaleTwin:
    """An amount whose digits are those of an amount of the same thing elsewhere in a scale
    10,000 apart: one of the two scales is a slip. "装备购置支出142.16元" beside "应急装备购置
    142.16万元": most likely the 元 (``meant`` 万元); "全年执行数34,128,600.00万元" beside a
    元 table's cell 34,128,600.00: the narrative's 万元 (``meant`` 元)."""

    slip: Mention
    twin: Mention
    meant: str = "万元"  # the scale the slip's digits were meant in
