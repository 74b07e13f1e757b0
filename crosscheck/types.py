"""The plain data that flows between the pipeline stages.

Every position is a :class:`Span` of half-open character offsets into
``Document.text``; no stage keeps offsets into a normalised copy.
All dataclasses are frozen: a stage never mutates what an earlier one made.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

# measure: a physical quantity in the unit as written (2.6万亩 -> 26000 亩, 126.5公里),
# lexicons/measure_units.tsv; counts of things (场, 套, 台, 辆, 册) stay ``count``.
QuantityKind = Literal["amount", "percent", "pp", "count", "score", "measure"]
# exact: as written; approx: 约/近/余/多/左右 (a bounded interval);
# min: 以上/不低于/≥/超过 (open above); max: 以下/不超过/≤/不足 (open below);
# range: 3000万至5000万元, 5-20% (both ends written).
Bound = Literal["exact", "approx", "min", "max", "range"]
Role = Literal["narrative", "table", "heading"]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character offsets ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span {self.start}:{self.end}")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Document:
    """A report as read: ``text`` is exactly what offsets index.

    For a .txt file it is the decoded file content, unchanged (a UTF-8 BOM is
    not part of the text). For other formats it is the text view that
    ``crosscheck text FILE`` prints.
    """

    path: str
    text: str
    source_kind: str  # "txt", "md", "docx", "xlsx", "pdf", "html", "string"
    encoding: str | None = None
    meta: tuple[tuple[str, str], ...] = ()
    # Tables whose structure the reader knows (docx, xlsx, html, pdf): their spans
    # index ``text``, and segmentation takes them as they are instead of guessing.
    tables: tuple[Table, ...] = ()


@dataclass(frozen=True, slots=True)
class Heading:
    span: Span
    level: int  # 0 = part (第一部分 / #), 1 = 一、, 2 = （一）, 3 = 1. / 1、, 4 = （1）, 5 = ①
    number: str  # the numbering as written: "一、", "（一）", "1.", "①", "##"
    title: str
    section_path: tuple[str, ...]  # the path *including* this heading


@dataclass(frozen=True, slots=True)
class Paragraph:
    span: Span
    section_path: tuple[str, ...]
    sentences: tuple[Span, ...]
    list_marker: str | None = None  # "1、", "（2）", "①" when the paragraph is a list item


@dataclass(frozen=True, slots=True)
class Cell:
    span: Span  # the cell's text without the leading TAB / pipe / padding
    row: int
    col: int
    raw: str
    row_header: str | None = None
    col_header: str | None = None
    # A merged cell covers row_span x col_span grid positions from (row, col); the
    # positions it covers hold no Cell of their own.
    row_span: int = 1
    col_span: int = 1


@dataclass(frozen=True, slots=True)
class Table:
    span: Span
    section_path: tuple[str, ...]
    layout: str  # "flattened", "pipe", "bar", "lines", "tsv", "toc", or the reader: "docx", "xlsx", "html", "pdf"
    rows: tuple[tuple[Cell, ...], ...]
    caption: str | None = None
    sheet: str | None = None  # the worksheet name, for xlsx

    @property
    def cells(self) -> tuple[Cell, ...]:
        return tuple(c for row in self.rows for c in row)


Block = Heading | Paragraph | Table


@dataclass(frozen=True, slots=True)
class Segmented:
    """A document cut into blocks, in document order.

    ``tables``, ``paragraphs`` and ``headings`` are the blocks of each kind, sorted out
    once when the document is segmented (every stage asks for them, many times).
    """

    document: Document
    blocks: tuple[Block, ...]
    tables: tuple[Table, ...] = field(init=False, repr=False, compare=False)
    paragraphs: tuple[Paragraph, ...] = field(init=False, repr=False, compare=False)
    headings: tuple[Heading, ...] = field(init=False, repr=False, compare=False)
    table_starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Derived, not state: set once here (the class is frozen).
        object.__setattr__(self, "tables", tuple(b for b in self.blocks if isinstance(b, Table)))
        object.__setattr__(
            self, "paragraphs", tuple(b for b in self.blocks if isinstance(b, Paragraph))
        )
        object.__setattr__(
            self, "headings", tuple(b for b in self.blocks if isinstance(b, Heading))
        )
        object.__setattr__(self, "table_starts", tuple(t.span.start for t in self.tables))

    def table_at(self, offset: int) -> int:
        """The index of the table holding ``offset`` (-1 outside every table), by bisection."""
        i = bisect_right(self.table_starts, offset) - 1
        return i if i >= 0 and offset < self.tables[i].span.end else -1


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity expression, parsed.

    ``value``/``low``/``high`` are in the base unit: 元 for amounts, percent
    points for ``percent`` and ``pp``, the count itself for ``count``, points
    for ``score``, the unit as written for ``measure`` (scale applied: 2.6万亩
    is 26000 with unit 亩 and scale 万). ``low``/``high`` of ``None`` mean the
    interval is open.
    """

    kind: QuantityKind
    value: Decimal
    unit: str  # "元", "%", "个百分点", "分", the measure word (人, 人次, 家 …) or unit (亩, 公里 …)
    surface: str  # the text as written, exactly doc.text[span]
    scale: str = ""  # as written: "万元", "亿元", "万", "千元", "" …
    bound: Bound = "exact"
    low: Decimal | None = None
    high: Decimal | None = None
    # Number of decimal places as written (4847.62 -> 2; 9200万 -> 0), before
    # scaling: comparisons are made at this precision.
    decimals: int = 0


@dataclass(frozen=True, slots=True)
class Mention:
    """A quantity at a place in the document, with what it is about."""

    span: Span
    quantity: Quantity
    role: Role = "narrative"
    metric: str | None = None  # canonical key from lexicons/metrics.tsv
    metric_text: str | None = None  # the word as written
    subject: str | None = None
    scope: str | None = None
    period: str | None = None
    section_path: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class TableCell:
    """A table cell placed in its table's grid, with its headers and its quantities.

    ``row``/``col`` are grid positions after ragged rows were aligned and
    merged cells expanded; ``row_header`` is the row's label path (filled down
    through merged label cells), ``col_header`` the header text of its column
    and ``col_key`` that header's canonical key (lexicons/table_headers.tsv).
    """

    cell: Cell
    row: int
    col: int
    role: Literal["header", "label", "value", "note", "empty"]
    row_header: str | None = None
    col_header: str | None = None
    col_key: str | None = None
    quantities: tuple[Quantity, ...] = ()
    quantity_spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    """One value of an indicator row: the cell's text and, when it states one, its quantity."""

    text: str  # the cell as written ("≥1500人次", "应救尽救", "")
    span: Span  # the cell's span in the document text
    quantity: Quantity | None = None
    quantity_span: Span | None = None


@dataclass(frozen=True, slots=True)
class Indicator:
    """A row of a 绩效指标 table: 一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分, 偏差原因.

    ``target``/``actual``/``weight``/``score`` are None where the table has no such column
    or the row leaves it empty; ``target.quantity.bound`` is the target's bound (≥ is
    ``min``). ``unit`` is the unit of the actual value, else of the target.
    """

    table: int  # the index of its table among the document's parsed tables
    row: int  # its row in that table's grid
    name: str  # the 三级指标 (or 指标名称) as written
    level1: str | None
    level2: str | None
    target: IndicatorValue | None
    actual: IndicatorValue | None
    weight: IndicatorValue | None  # 分值 / 权重
    score: IndicatorValue | None  # 得分
    note: str  # 偏差原因分析 as written, "" when none
    unit: str
    span: Span  # from the row's first cell to its last


@dataclass(frozen=True, slots=True)
class StandardColumn:
    """What one column of a standard 部门预算/决算 table holds.

    ``role``: total, basic, project, personnel, public (支出表 / 基本支出表), abroad, reception,
    vehicle, vehicle_purchase, vehicle_running (三公), value (a value column whose header
    names none of these), or the side of a 收支总表 column: income_label, income_value,
    expenditure_label, expenditure_value. ``group``: the stage or
    fund of the header above it ("预算数", "决算数", "一般公共预算"), "" when none.
    """

    col: int
    role: str
    group: str = ""
    header: str = ""  # the header path as written, top to bottom, joined by " / "


@dataclass(frozen=True, slots=True)
class StandardTable:
    """A table recognised as one of the standard 公开表 (lexicons/standard_tables.tsv).

    ``kind``: summary (收支总表), fiscal_summary (财政拨款收支总表), income, expenditure,
    general (一般公共预算支出表, 功能分类), basic (基本支出表), three_public, fund, capital,
    project, expenditure_economic, performance. ``scope``: whose money it shows, from its
    title: general, fund, capital, fiscal (财政拨款), or all.
    """

    kind: str
    scope: str
    columns: tuple[StandardColumn, ...] = ()

    def cols(self, role: str) -> tuple[StandardColumn, ...]:
        return tuple(c for c in self.columns if c.role == role)


@dataclass(frozen=True, slots=True, eq=False)
class ParsedTable:
    """A table as a reviewer reads it: a grid of cells with headers, a layout tag and a unit."""

    table: Table
    layout: (
        str | None
    )  # "dept_self_eval", "project_self_eval", "dept_basic_data", "final_accounts", …
    unit: str | None  # the unit bare amounts are in: "万元", "元" …
    n_rows: int
    n_cols: int
    cells: tuple[TableCell, ...]
    is_empty_template: bool = False
    indicators: tuple[Indicator, ...] = ()  # its 绩效指标 rows (crosscheck/tables/indicators.py)
    title: str | None = None  # its caption, or the short line ending in 表 right above it
    standard: StandardTable | None = None  # a standard 部门预算/决算 table: kind, scope, columns
    # The first column of each block of a table printed as several side by side (科目编码 |
    # 科目名称 | 金额 twice across the page); () for a table of one block.
    blocks: tuple[int, ...] = ()


Severity = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One piece of evidence: exactly ``doc.text[span.start:span.end]``, and what it states."""

    span: Span
    text: str
    role: str  # "narrative" | "table" | "heading"
    value: Decimal | None = None
    unit: str = ""
    section_path: tuple[str, ...] = ()
    label: str = ""  # what this piece is in the finding: "合计", "其中", "表中", "正文" …


@dataclass(frozen=True, slots=True, eq=False)
class Finding:
    """A contradiction (or a probable one), with every piece of evidence and the recomputation."""

    rule: str  # "CC201"
    name: str  # "value-conflict"
    kind: str  # the rule family's kind: "arithmetic", "value-conflict", "units", "narrative"
    severity: Severity
    message: str  # Chinese
    message_en: str
    evidence: tuple[Evidence, ...]
    data: dict[str, str] = field(default_factory=dict)

    @property
    def fingerprint(self) -> str:
        """A short hex string naming this finding across edits of the report: its rule, its
        evidence texts and their sections, never offsets (``crosscheck/fingerprints.py``)."""
        from crosscheck.fingerprints import fingerprint

        return fingerprint(self)
