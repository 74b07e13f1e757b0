"""CC2xx/CC4xx checks that read the narrative's own words: overall score, counted lists, 文号."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from difflib import SequenceMatcher

from crosscheck.compare import Agreement, compare
from crosscheck.relate import Citation
from crosscheck.rules.base import RULES, flag, ok, rule
from crosscheck.rules.context import CheckContext
from crosscheck.types import Finding


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
        # The score right after 评分 (no 得分 between).
        flag(
            "七、结论\n经逐项打分，本项目自评综合评分96.20分。\n"
            "项目支出绩效自评表\n\t一级指标\n\t分值\n\t得分\n\n\t产出指标\n\t100\n\t95.20\n\n\t总分\n\t100\n\t95.20\n",
            "96.20分",
            "95.20",
        ),
    ),
)
def total_score_conflict(ctx: CheckContext) -> Iterator[Finding]:
    """The narrative's overall self-evaluation score differs from the table's 总分 得分.

    The score is the headline of a self-evaluation; the table is where it is
    computed. A report that states two overall scores has one of them wrong.
    """
    this = RULES["CC202"]
    scores = ctx.relations.scores
    if scores.table_total is not None:
        pairs = [(m, *scores.table_total) for m in scores.stated_overall]
    else:
        pairs = list(scores.project_totals)  # one form per project, matched by its name
    for mention, table_q, table_span in pairs:
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
        # A list written before its count.
        flag("新建站点覆盖青石、柳岸、桐林和梅溪五个社区。", "五个社区"),
        # One listed item names a run of numbered ones: 综合一科至三科 are three.
        ok(
            "县交通运输局设有9个内设机构，分别为办公室、综合一科至三科、规划科、建设科、"
            "财务科、人事科和法规科。"
        ),
        flag(
            "县交通运输局设有7个内设机构，分别为办公室、综合一科至三科、规划科、建设科、"
            "财务科、人事科和法规科。",
            "7个内设机构",
        ),
        # 一类 and 二类 name classes of the listed things, not a count of them.
        ok("台账分为城区一类水库台账、郊区一类水库台账、山区二类水库台账、山塘台账四大类。"),
        ok("新建站点覆盖青石、柳岸、桐林和梅溪四个社区。"),
        # 等 names some of them: fewer is fine, more is not.
        ok("项目覆盖上坪、下坪等6个村。"),
        flag("项目覆盖上坪、下坪、中坪、石桥等3个村。", "3个村"),
        # Paragraphs opening with 一是 / 二是 / 三是 after "…以下两个方面：".
        flag(
            "审计发现的问题主要有以下两个方面：\n\n一是合同管理不规范。\n\n二是资产登记滞后。\n\n"
            "三是票据审核不严。\n",
            "两个方面",
        ),
        ok(
            "审计发现的问题主要有以下三个方面：\n\n一是合同管理不规范。\n\n二是资产登记滞后。\n\n"
            "三是票据审核不严。\n"
        ),
        # "A、B和N个C": the joiner before the count makes C one more member, N of them.
        ok("局机关设综合科、财务科和3个业务处室，另设2个直属事业单位。"),
        ok("中心下辖东站、西站及6个流动监测点。"),
        # A count with its items after "，具体为：" in numbered paragraphs.
        flag(
            "全年共实施重点项目4个，具体为：\n（1）河道清淤项目，支出60.00万元。\n"
            "（2）堤防加固项目，支出85.50万元。\n（3）泵站维修项目，支出32.10万元。\n",
            "4个",
        ),
        ok(
            "全年共实施重点项目3个，具体为：\n（1）河道清淤项目，支出60.00万元。\n"
            "（2）堤防加固项目，支出85.50万元。\n（3）泵站维修项目，支出32.10万元。\n"
        ),
        # One clause may stand between the count and its colon.
        flag(
            "纳入绩效目标管理的项目共2个，涉及资金86.00万元，具体为：\n（1）河道保洁项目50.00万元；\n"
            "（2）水质监测项目20.00万元；\n（3）防汛物资储备项目16.00万元。\n",
            "2个",
        ),
        # A 、-list after the colon, to its full stop.
        flag("纳入本年度决算编制范围的单位共4个，包括：局机关、水文站、灌区管理所。", "4个"),
        ok("纳入本年度决算编制范围的单位共3个，包括：局机关、水文站、灌区管理所（单独核算）。"),
        ok("纳入本年度决算编制范围的单位共4个，包括：局机关、水文站等。"),
        # A joiner inside an earlier item opens the group the count closes: the offices
        # before it are others ("…等内设机构和A、B两个事业单位").
        ok(
            "编制范围包括：局本级，以及办公室、财务科、执法科等内设机构和水文站、抽水站2个事业单位。"
        ),
        flag(
            "编制范围包括：局本级，以及办公室、财务科、执法科等内设机构和水文站、抽水站3个事业单位。",
            "3个事业单位",
        ),
        # Items on lines of their own after the colon, each closed by its full stop.
        flag(
            "自查发现，资金管理中主要存在以下两个问题：\n一是拨付进度偏慢，年底集中支付。\n"
            "二是台账登记不及时。\n三是绩效目标不够细化。\n",
            "两个问题",
        ),
        ok(
            "自查发现，资金管理中主要存在以下三个问题：\n一是拨付进度偏慢，年底集中支付。\n"
            "二是台账登记不及时。\n三是绩效目标不够细化。\n"
        ),
        # Items with amounts after 分别为：(a thousands comma is no clause break): no 、-list of
        # names to count here.
        ok(
            "全年项目支出主要用于以下3个项目，分别为：河道保洁经费212.60万元、堤防维修资金"
            "1,086.30万元、水质监测补助156.80万元，合计1,455.70万元。"
        ),
        # Counted by another measure word (处, 座, 所 …), the list after 分别为 and a colon.
        flag("今年共整治易涝点5处，分别为：东门桥洞、西街口、南环路、北站广场。", "5处"),
        ok("今年共整治易涝点4处，分别为：东门桥洞、西街口、南环路、北站广场。"),
        # The list's clause names what an earlier count of the paragraph counted.
        flag(
            "本决算由中心本级和下属3个分中心汇总编制，下属分中心分别为：城东分中心、城西分中心。",
            "3个",
        ),
        flag(
            "年内区委交办的督办事项共6项，均已办结。督办事项分别为：征地补偿、校舍维修、路灯改造、"
            "垃圾清运、停车治理。",
            "6项",
        ),
        ok("本决算由中心本级和下属2个分中心汇总编制，下属分中心分别为：城东分中心、城西分中心。"),
        # A list of some of the counted things, named narrower than the count: no count of it.
        ok("本局共有在建项目12个，总投资3.2亿元。重点项目包括：滨江大道、文体中心、污水管网。"),
        # The words before the count join one more (本级及3家): the list may name it too.
        ok("本决算由站本级及下属2家单位汇总而成，分别为：水文站（本级）、东河测站、西河测站。"),
        flag(
            "本决算由站本级及下属4家单位汇总而成，分别为：水文站（本级）、东河测站、西河测站。",
            "4家单位",
        ),
        # A last item joined inside one name of the list's kind (…与…中心) is one item.
        flag(
            "下属4个事业单位分别为：城区供水服务中心、排水管理中心、节水与水资源服务中心。",
            "4个事业单位",
        ),
    ),
)
def count_vs_list(ctx: CheckContext) -> Iterator[Finding]:
    """A count in words ("四个主要项目") followed by a list with a different number of items.

    The reader takes the count as the summary of the list; when they differ,
    an item was added or dropped without updating the text.
    """
    this = RULES["CC401"]
    for counted in ctx.relations.counted_lists:
        if counted.count in counted.listed:
            continue
        if counted.at_least and min(counted.listed) <= counted.count:
            continue  # "A、B等6个村": 等 names some of them
        announced = ctx.quote(counted.announced, "所述数目")
        yield this.finding(
            [announced, *(ctx.quote(span, "列举项") for span in counted.items)],
            announced=announced.text,
            # The items as the list names them; a reading of its joiners may count otherwise.
            listed=counted.listed[0],
        )


# -- document numbers ----------------------------------------------------------------

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
        # Cited right after 根据 and after a full stop: the same issuer, no variant.
        ok("根据岚政办发〔2023〕9号文件。岚政办发〔2023〕9号明确了补助标准。"),
        # One issuer and year, the digits of the number swapped.
        flag(
            "按照《岚溪县就业补助资金管理办法》（岚财社〔2023〕15号）执行。\n"
            "依据岚财社〔2023〕51号文件核定补助标准。",
            "岚财社〔2023〕15号",
            "岚财社〔2023〕51号",
        ),
        # Two documents of one issuer and year with other numbers are two documents.
        ok("根据岚财社〔2023〕15号和岚财社〔2023〕16号文件。"),
        # One title over a series of notices: numbers far apart are two documents.
        ok(
            "2022年依据《岚溪县财政局关于下达技能培训补助资金的通知》（岚财社〔2022〕208号），"
            "2023年依据《岚溪县财政局关于下达技能培训补助资金的通知》（岚财社〔2023〕37号）。"
        ),
        # A title of one document (…实施细则), its number cited once with a digit changed.
        flag(
            "《岚溪县养老服务补贴实施细则》（岚民发〔2023〕26号）明确了补贴对象，"
            "按《岚溪县养老服务补贴实施细则》（岚民发〔2023〕29号）核定标准。",
            "岚民发〔2023〕26号",
            "岚民发〔2023〕29号",
        ),
        # A series' title (关于下达…的通知): a number a digit apart is the next notice.
        ok(
            "依据《关于下达养老服务补贴资金的通知》（岚财社〔2023〕45号）拨付第一批，"
            "依据《关于下达养老服务补贴资金的通知》（岚财社〔2023〕46号）拨付第二批。"
        ),
        # One title, the number cited once with a digit dropped.
        flag(
            "依据《岚溪县技能培训补助资金管理办法》（岚财社〔2022〕108号）执行，"
            "《岚溪县技能培训补助资金管理办法》（岚财社〔2022〕18号）规定了标准。",
            "岚财社〔2022〕108号",
            "岚财社〔2022〕18号",
        ),
    ),
)
def doc_number_variants(ctx: CheckContext) -> Iterator[Finding]:
    """One document cited with two different 文号 (issuer, year or number differ).

    A 文号 identifies a document exactly; two spellings send a reader to two
    documents, one of which does not exist. Two numbers are taken as one
    document when the same 《title》 stands before them, when their year and
    number agree and the issuers differ by a character (长政办发 / 长政发), or when one
    issuer's numbers of one year have the same digits swapped (15 / 51). A word that
    cites the document (根据, 按照 …) is not part of its issuer.
    """
    this = RULES["CC402"]
    cited: dict[tuple[str, str], list[Citation]] = defaultdict(list)
    by_title: dict[str, list[Citation]] = defaultdict(list)
    for citation in ctx.relations.citations:
        cited[(citation.year, citation.number)].append(citation)
        if citation.title:
            by_title[citation.title].append(citation)
    reported: set[frozenset[str]] = set()
    groups = list(cited.values()) + list(by_title.values()) + _transposed(ctx.relations.citations)
    for group in groups:
        variants: dict[str, Citation] = {}
        occurrences: dict[str, list[Citation]] = defaultdict(list)
        for citation in group:
            label = f"{citation.issuer}〔{citation.year}〕{citation.number}号"
            variants.setdefault(label, citation)
            occurrences[label].append(citation)
        if len(variants) < 2:
            continue
        labels = sorted(variants)
        matches = [variants[label] for label in labels]
        titles = {c.title for c in group if c.title}
        # "关于印发<…实施细则>的通知" and "…实施细则" name one document.
        distinct_titles = any(a not in b and b not in a for a in titles for b in titles if a != b)
        # One title over numbers far apart is a series of notices so titled (关于下达…经费的
        # 通知, 195号 one year and 45号 another): one document only when the numbers
        # are one slip apart.
        same_title = (
            bool(titles)
            and not distinct_titles
            and all(c.title for c in matches)
            and _numbers_one_slip_apart(matches)
        )
        transposed = _numbers_transposed(matches)
        # Issuers a character apart name one document only over one year and number.
        similar = transposed or all(
            (c.year, c.number) == (matches[0].year, matches[0].number)
            and SequenceMatcher(None, matches[0].issuer, c.issuer).ratio() >= MIN_ISSUER_SIMILARITY
            for c in matches[1:]
        )
        if distinct_titles or not (same_title or similar):
            continue
        key = frozenset(labels)
        if key in reported:
            continue
        reported.add(key)
        evidence = [ctx.quote(c.span, "文号") for label in labels for c in occurrences[label]]
        yield this.finding(evidence, variants="、".join(labels))


def _numbers_one_slip_apart(citations: list[Citation]) -> bool:
    """Every number is the first one, or differs from it by a digit dropped or added, by two
    digits swapped, or, under a title that names one document (…管理办法), by one digit
    changed (under a series' title, 关于下达…的通知, 45 / 46 may be the next notice)."""
    first = citations[0].number
    changed_digit = not any(c.series for c in citations)
    return all(_one_slip(first, c.number, changed_digit=changed_digit) for c in citations[1:])


def _one_slip(a: str, b: str, *, changed_digit: bool) -> bool:
    if a == b:
        return True
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return changed_digit
        return (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and a[diffs[0]] == b[diffs[1]]
            and a[diffs[1]] == b[diffs[0]]
        )
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and any(
        long[:i] + long[i + 1 :] == short for i in range(len(long))
    )


def _numbers_transposed(citations: list[Citation]) -> bool:
    """One issuer and year, numbers with the same digits in another order (15 / 51)."""
    first = citations[0]
    return all(
        c.issuer == first.issuer
        and c.year == first.year
        and sorted(c.number) == sorted(first.number)
        and len(c.number) >= 2
        for c in citations[1:]
    )


def _transposed(citations: tuple[Citation, ...]) -> list[list[Citation]]:
    """The citations of one issuer and year whose numbers are one another's digits swapped
    ("岚财预〔2023〕15号" / "岚财预〔2023〕51号"): a slip of the keyboard, one document."""
    by_digits: dict[tuple[str, str, str], list[Citation]] = defaultdict(list)
    for citation in citations:
        if len(citation.number) >= 2:
            key = (citation.issuer, citation.year, "".join(sorted(citation.number)))
            by_digits[key].append(citation)
    return [group for group in by_digits.values() if len({c.number for c in group}) > 1]


_INDICATOR_TABLE = (
    "项目支出绩效自评表\n\t一级指标\n\t二级指标\n\t三级指标\n\t分值\n\t得分\n\n"
    "\t产出指标\n\t数量指标\n\t巡查里程\n\t30\n\t30\n\n"
    "\t\n\t时效指标\n\t按期完成率\n\t30\n\t28\n\n"
    "\t效益指标\n\t社会效益指标\n\t隐患整改率\n\t30\n\t27\n\n"
    "\t总分\n\t\n\t\n\t90\n\t85\n"
)


@rule(
    code="CC403",
    name="indicator-count",
    title="文中所说指标个数与自评表不符",
    severity="error",
    zh="文中说设置{level}{stated}，自评表中有{listed}个",
    en="the text says {stated} {level} were set, the table has {listed}",
    examples=(
        flag("本项目共设置三级指标4个。\n" + _INDICATOR_TABLE, "4个"),
        ok("本项目共设置一级指标2个、二级指标3个、三级指标3个。\n" + _INDICATOR_TABLE),
        flag(
            "本项目下设数量指标、时效指标、社会效益指标等二级指标4个。\n" + _INDICATOR_TABLE, "4个"
        ),
        # Offices, not indicators.
        ok("本局共设置4个内设科室。\n" + _INDICATOR_TABLE),
    ),
)
def indicator_count(ctx: CheckContext) -> Iterator[Finding]:
    """The number of indicators the text says were set is not the number in the 自评表.

    "共设置三级指标12个" describes the table the department filled in; a different
    count means an indicator was added or dropped without updating the text.
    """
    this = RULES["CC403"]
    for counted in ctx.relations.scores.indicator_counts:
        if counted.stated.quantity.value in counted.listed:
            continue
        yield this.finding(
            [ctx.evidence(counted.stated, "所述个数")],
            level=counted.level,
            stated=counted.stated.quantity.surface,
            listed="或".join(str(n) for n in counted.listed),
        )
