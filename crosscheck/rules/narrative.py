"""CC2xx/CC4xx checks that read the narrative's own words: overall score, counted lists, 文号."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from difflib import SequenceMatcher

import regex

from crosscheck.compare import Agreement, compare
from crosscheck.extractor.numbers import numeral_to_decimal
from crosscheck.rules.base import RULES, flag, ok, rule
from crosscheck.rules.context import CheckContext
from crosscheck.types import Evidence, Finding, Heading, Paragraph, Span

# The sentence gives the report's own overall score, not an indicator's.
_GRADE_THRESHOLD = regex.compile(r"\s*(?:[（(]含[)）]|以上|以下|及以上|至|为[“\"「『]?[优良中差])")
_OVERALL_SCORE = regex.compile(
    r"自评得分|综合得分|综合评分|总得分|自评总分|综合评价得分|评价得分|自评结果.{0,6}得分"
)


@rule(
    code="CC202",
    name="total-score-conflict",
    title="正文自评得分与自评表总分不一致",
    severity="error",
    zh="正文自评得分为{narrative}，而自评表总分得分为{table}",
    en="the text gives the self-evaluation score as {narrative}, the table's 总分 row {table}",
    examples=(
        flag(
            "（一）综合评价结论\n综合评分，得分为97分，综合评价等级为优秀。\n"
            "部门整体支出绩效自评表\n\t一级指标\n\t分值\n\t得分\n\n\t产出指标\n\t100\n\t94.5\n\n\t总分\n\t100\n\t94.5\n",
            "97分",
            "94.5",
        ),
        ok(
            "（一）综合评价结论\n综合评分，得分为94.5分，综合评价等级为优秀。\n"
            "部门整体支出绩效自评表\n\t一级指标\n\t分值\n\t得分\n\n\t产出指标\n\t100\n\t94.5\n\n\t总分\n\t100\n\t94.5\n"
        ),
    ),
)
def total_score_conflict(ctx: CheckContext) -> Iterator[Finding]:
    """The narrative's overall self-evaluation score differs from the table's 总分 得分.

    The score is the headline of a self-evaluation; the table is where it is
    computed. A report that states two overall scores has one of them wrong.
    """
    this = RULES["CC202"]
    totals = [
        (cell, q, span)
        for parsed in ctx.tables
        if not parsed.is_empty_template
        for cell in parsed.cells
        if cell.col_key == "score" and (cell.row_header or "").replace(" ", "") == "总分"
        for q, span in zip(cell.quantities, cell.quantity_spans, strict=True)
    ]
    if len(totals) != 1:
        return
    _, table_q, table_span = totals[0]
    for mention in ctx.mentions:
        if (
            mention.role != "narrative"
            or mention.quantity.kind != "score"
            or mention.metric != "score"
        ):
            continue
        start = max(
            ctx.text.rfind("。", 0, mention.span.start), ctx.text.rfind("\n", 0, mention.span.start)
        )
        sentence = ctx.text[start + 1 : mention.span.start]
        if not _OVERALL_SCORE.search(sentence):
            continue
        after = ctx.text[mention.span.end : mention.span.end + 8]
        if _GRADE_THRESHOLD.match(after) or mention.quantity.bound != "exact":
            continue  # "综合得分90分（含）以上为“优”": a grading threshold, not a score
        if compare(mention.quantity, table_q) is Agreement.SAME:
            continue
        yield this.finding(
            [
                ctx.evidence(mention, "正文"),
                ctx.evidence_for_quantity(table_span, table_q, "table", "总分"),
            ],
            narrative=mention.quantity.surface,
            table=table_q.surface,
        )


# -- counted lists --------------------------------------------------------------------

_COUNT = r"(?P<count>[0-9]{1,2}|[两二三四五六七八九十]{1,3})"
_ANNOUNCED_ITEMS = regex.compile(
    rf"{_COUNT}\s*(?:个|项|类|方面|大类)(?P<noun>[^，,。：:；;、]{{0,12}})[：:]"
)
_ANNOUNCED_LIST = regex.compile(
    rf"{_COUNT}\s*(?:个|项|类)(?P<noun>[^，,。：:；;、]{{0,12}})[，,]?"
    r"(?:分别为|分别是|分别有|即)(?P<list>[^。；;：:，,]+)"
)
_BRACKETED = regex.compile(r"[（(][^（）()]*[)）]")
_MARKERS = (
    regex.compile(r"(?:^|[：:；;。\s])\s*(?P<n>[0-9]{1,2})[、.．]"),
    regex.compile(r"[（(](?P<n>[0-9]{1,2})[)）]"),
    regex.compile(r"[（(](?P<n>[一二三四五六七八九十]{1,3})[)）]"),
    regex.compile(r"(?P<n>[①-⑳])"),
    regex.compile(r"(?:^|[：:；;，,。\s])(?P<n>[一二三四五六七八九十])是"),
)


def _count_value(text: str) -> int | None:
    parsed = numeral_to_decimal(text)
    return int(parsed[0]) if parsed else None


def _numbered_items(text: str) -> list[tuple[int, Span]]:
    """The run of markers 1、2、3… (or （1）, ①, 一是) that opens the text, in sequence."""
    for pattern in _MARKERS:
        items: list[tuple[int, Span]] = []
        expected = 1
        for match in pattern.finditer(text):
            raw = match.group("n")
            if raw in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
                number = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(raw) + 1
            else:
                number = _count_value(raw) or 0
            if number == expected:
                items.append((number, Span(match.start("n"), match.end("n"))))
                expected += 1
            elif number == 1 and items:
                break  # a second list starts
        if len(items) >= 2:
            return items
    return []


def _listed_counts(text: str) -> set[int]:
    """How many items a 、-list names: the last item may or may not be two joined by 和/及
    ("…、效益指标和满意度指标" is two; "基层政权和社区建设股" is one)."""
    parts = [p for p in _BRACKETED.sub("", text).strip().split("、") if p.strip()]
    counts = {len(parts)}
    if parts and regex.search(r"和|及|以及|与", parts[-1]):
        counts.add(len(parts) + 1)
    return counts


@rule(
    code="CC401",
    name="count-vs-list",
    title="文中所说项数与随后列出的项数不符",
    severity="error",
    zh="文中说“{announced}”，但随后列出了{listed}项",
    en="the text announces “{announced}” but lists {listed} items",
    examples=(
        flag(
            "延续四个主要项目：1、医保审核员工作经费；2、社会精神病人药物救助专项经费；3、医保事务管理经费；"
            "4、医保智能审核平台经费；5、企业离休医疗补助经费。",
            "四个主要项目",
        ),
        ok(
            "评价指标体系分为五个一级指标，分别为项目决策、过程管理、产出指标、效益指标和满意度指标。"
        ),
        ok(
            "延续四个主要项目：1、医保审核员工作经费；2、药物救助专项经费；3、事务管理经费；4、审核平台经费。"
        ),
    ),
)
def count_vs_list(ctx: CheckContext) -> Iterator[Finding]:
    """A count in words ("四个主要项目") followed by a list with a different number of items.

    The reader takes the count as the summary of the list; when they differ,
    an item was added or dropped without updating the text.
    """
    this = RULES["CC401"]
    blocks = ctx.segmented.blocks
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        paragraph = block
        text = ctx.text[paragraph.span.start : paragraph.span.end]
        # Most paragraphs hold no announcement; each pattern needs a word that a
        # substring test finds much faster than the pattern's scan.
        announces_items = "：" in text or ":" in text
        announces_list = "分别" in text or "即" in text
        for match in _ANNOUNCED_ITEMS.finditer(text) if announces_items else ():
            count = _count_value(match.group("count"))
            rest = text[match.end() :]
            end = rest.find("。")
            body = rest[: end if end >= 0 else len(rest)]
            if not body.strip():
                # "…主要用于四个方面：" ends the paragraph; the items are the blocks that follow.
                following = _following_items(ctx, blocks[index + 1 :])
                if count is not None and following and len(following) != count:
                    yield _count_finding(
                        ctx, this, paragraph.span.start, match, len(following), following
                    )
                continue
            items = _numbered_items(body)
            if count is None or not items or items[0][0] != 1 or len(items) == count:
                continue
            yield _count_finding(
                ctx,
                this,
                paragraph.span.start,
                match,
                len(items),
                [
                    Span(
                        paragraph.span.start + match.end() + s.start,
                        paragraph.span.start + match.end() + s.end,
                    )
                    for _, s in items
                ],
            )
        for match in _ANNOUNCED_LIST.finditer(text) if announces_list else ():
            count = _count_value(match.group("count"))
            counts = _listed_counts(match.group("list"))
            if count is None or max(counts) < 2 or count in counts:
                continue
            list_span = Span(
                paragraph.span.start + match.start("list"), paragraph.span.start + match.end("list")
            )
            yield _count_finding(ctx, this, paragraph.span.start, match, min(counts), [list_span])


def _following_items(ctx: CheckContext, blocks) -> list[Span]:
    """The numbered blocks right after an announcing paragraph: 1、…, 2、…, （一）…, in sequence."""
    spans: list[Span] = []
    expected = 1
    for block in blocks:
        if isinstance(block, Paragraph):
            marker = block.list_marker
            start = block.span.start
        elif isinstance(block, Heading):
            marker = block.number
            start = block.span.start
        else:
            break
        digits = regex.search(r"[0-9]{1,2}|[一二三四五六七八九十]{1,3}|[①-⑳]", marker or "")
        if digits is None:
            break
        raw = digits.group()
        number = (
            "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(raw) + 1
            if raw in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
            else _count_value(raw)
        )
        if number != expected:
            break
        text = ctx.text[start : block.span.end]
        offset = text.find(raw)
        spans.append(Span(start + offset, start + offset + len(raw) + 1))
        expected += 1
    return spans if len(spans) >= 2 else []


def _count_finding(ctx, this, base: int, match, listed: int, item_spans: list[Span]) -> Finding:
    announced = Span(base + match.start(), base + match.end("noun"))
    evidence = [
        Evidence(
            announced, ctx.text[announced.start : announced.end], "narrative", label="所述数目"
        ),
        *(Evidence(s, ctx.text[s.start : s.end], "narrative", label="列举项") for s in item_spans),
    ]
    return this.finding(
        evidence,
        announced=ctx.text[announced.start : announced.end],
        listed=listed,
    )


# -- document numbers ----------------------------------------------------------------

_DOC_NUMBER = regex.compile(
    r"(?:《(?P<title>[^《》]{2,60})》[^《》〔【\[]{0,3})?"
    r"(?<=[（(、，,；;\s》]|^)(?P<issuer>\p{Han}{2,10})"
    r"[〔\[【](?P<year>(?:19|20)[0-9]{2})[〕\]】]\s*(?P<number>[0-9]{1,4})\s*号"
)
MIN_ISSUER_SIMILARITY = 0.75


@rule(
    code="CC402",
    name="doc-number-variants",
    title="同一文件的文号前后写法不同",
    severity="error",
    zh="同一文件的文号前后写法不同：{variants}",
    en="one document is cited with different numbers: {variants}",
    examples=(
        flag(
            "根据《长沙市医疗救助实施细则》（长政办发〔2022〕7号）的规定。\n"
            "根据《长沙市医疗救助实施细则》（长政发〔2022〕7号)的规定。",
            "长政办发〔2022〕7号",
            "长政发〔2022〕7号",
        ),
        ok(
            "根据《关于做好医疗救助工作的通知》（湘财社〔2021〕7号）和"
            "《长沙市医疗救助实施细则》（长政办发〔2021〕7号）。"
        ),
        ok("根据《细则》（长政办发〔2022〕7号）。再次引用《细则》（长政办发〔2022〕7号）。"),
    ),
)
def doc_number_variants(ctx: CheckContext) -> Iterator[Finding]:
    """One document cited with two different 文号 (issuer, year or number differ).

    A 文号 identifies a document exactly; two spellings send a reader to two
    documents, one of which does not exist. Two numbers are taken as one
    document when the same 《title》 stands before them, or when their year and
    number agree and the issuers differ by a character (长政办发 / 长政发).
    """
    this = RULES["CC402"]
    cited: dict[tuple[str, str], list[regex.Match[str]]] = defaultdict(list)
    by_title: dict[str, list[regex.Match[str]]] = defaultdict(list)
    for match in _DOC_NUMBER.finditer(ctx.text):
        cited[(match.group("year"), match.group("number"))].append(match)
        if match.group("title"):
            by_title[match.group("title")].append(match)
    reported: set[frozenset[str]] = set()
    groups = list(cited.values()) + list(by_title.values())
    for group in groups:
        variants: dict[str, regex.Match[str]] = {}
        occurrences: dict[str, list[regex.Match[str]]] = defaultdict(list)
        for match in group:
            label = f"{match.group('issuer')}〔{match.group('year')}〕{match.group('number')}号"
            variants.setdefault(label, match)
            occurrences[label].append(match)
        if len(variants) < 2:
            continue
        labels = sorted(variants)
        matches = [variants[label] for label in labels]
        titles = {m.group("title") for m in group if m.group("title")}
        # "关于印发<…实施细则>的通知" and "…实施细则" name one document.
        distinct_titles = any(a not in b and b not in a for a in titles for b in titles if a != b)
        same_title = bool(titles) and not distinct_titles and all(m.group("title") for m in matches)
        similar = all(
            SequenceMatcher(None, matches[0].group("issuer"), m.group("issuer")).ratio()
            >= MIN_ISSUER_SIMILARITY
            for m in matches[1:]
        )
        if distinct_titles or not (same_title or similar):
            continue
        key = frozenset(labels)
        if key in reported:
            continue
        reported.add(key)
        evidence = [
            Evidence(
                Span(m.start("issuer"), m.end()),
                ctx.text[m.start("issuer") : m.end()],
                "narrative",
                label="文号",
            )
            for label in labels
            for m in occurrences[label]
        ]
        yield this.finding(evidence, variants="、".join(labels))
