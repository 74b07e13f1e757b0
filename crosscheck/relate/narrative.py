"""The narrative's own structure: counted lists ("四个项目：1、…") and 文号 citations."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cache

import regex

from crosscheck.extractor.numbers import numeral_to_decimal
from crosscheck.extractor.patterns import (
    ITEM_CIRCLED,
    ITEM_CLOSE,
    ITEM_CN_DIGITS,
    ITEM_DELIMITER,
    ITEM_DIGITS,
    ITEM_OPEN,
)
from crosscheck.relate.cues import cue_words, cues
from crosscheck.relate.index import DocumentIndex
from crosscheck.relate.lists import ENUMERATION_COMMA, joiner
from crosscheck.relate.types import Citation, CountedList
from crosscheck.segment.numbering import marker_value
from crosscheck.types import Block, Heading, Paragraph, Span

# -- counted lists ----------------------------------------------------------------------

_COUNT = r"(?P<count>[0-9]{1,2}|[两二三四五六七八九十]{1,3})"


@cache
def _announced() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(items, list): "四个方面：" announcing the items after the colon, and "三个项目，分别为
    A、B、C" announcing a 、-list."""
    return (
        regex.compile(
            rf"{_COUNT}\s*(?:{cues('count_noun', 'list_measure')})(?P<noun>[^，,。：:；;、]{{0,12}})"
            # "项目共6个，涉及预算资金827.75万元，具体为：": one clause may stand between.
            rf"(?:(?:[，,][^，,。：:；;]{{1,24}})?[，,]\s*(?:{cues('count_items_bridge')}))?[：:]"
        ),
        regex.compile(
            rf"{_COUNT}\s*(?:{cues('count_list_noun', 'list_measure')})"
            rf"(?P<noun>[^，,。：:；;、]{{0,12}})[，,]?"
            rf"(?:{cues('count_list_cue')})[：:]?(?P<list>[^。；;：:，,0-9０-９]+)"
        ),
    )


_BRACKETED = regex.compile(r"[（(][^（）()]*[)）]")
# The number inside a block's list marker or heading number.
_MARKER_NUMBER = regex.compile(rf"{ITEM_DIGITS}|{ITEM_CN_DIGITS}|{ITEM_CIRCLED}")


def _count_value(text: str) -> int | None:
    parsed = numeral_to_decimal(text)
    return int(parsed[0]) if parsed else None


@cache
def _markers() -> tuple[regex.Pattern[str], ...]:
    """The styles of numbering an inline list, tried in this order: 1、 after a clause
    break, （1）, （一）, ①, and 一是/二是 ("一是加强…；二是…")."""
    return (
        regex.compile(rf"(?:^|[：:；;。\s])\s*(?P<n>{ITEM_DIGITS}){ITEM_DELIMITER}"),
        regex.compile(rf"{ITEM_OPEN}(?P<n>{ITEM_DIGITS}){ITEM_CLOSE}"),
        regex.compile(rf"{ITEM_OPEN}(?P<n>{ITEM_CN_DIGITS}){ITEM_CLOSE}"),
        regex.compile(rf"(?P<n>{ITEM_CIRCLED})"),
        regex.compile(
            rf"(?:^|[：:；;，,。\s])(?P<n>[一二三四五六七八九十])(?:{cues('enumeration_suffix')})"
        ),
    )


def _numbered_items(text: str) -> list[tuple[int, Span]]:
    """The run of markers 1、2、3… (or （1）, ①, 一是) that opens the text, in sequence."""
    for pattern in _markers():
        items: list[tuple[int, Span]] = []
        expected = 1
        for match in pattern.finditer(text):
            number = marker_value(match.group("n")) or 0
            if number == expected:
                items.append((number, Span(match.start("n"), match.end("n"))))
                expected += 1
            elif number == 1 and items:
                break  # a second list starts
        if len(items) >= 2:
            return items
    return []


def _listed_counts(text: str) -> tuple[int, ...]:
    """How many items a 、-list names: the last item may or may not be two joined by 和/及
    ("…、效益指标和满意度指标" is two; "基层政权和社区建设股" is one)."""
    parts = [p for p in _BRACKETED.sub("", text).strip().split("、") if p.strip()]
    size = sum(_range_size(p) for p in parts)
    counts = [size]
    # "机关党委（不纳入内设机构数）": an item the list names but says it does not count.
    uncounted = len(_not_counted().findall(text))
    if uncounted:
        counts.append(size - uncounted)
    if (
        parts
        and (joined := joiner().search(parts[-1]))
        and _stands_alone(parts[-1][: joined.start()].strip(), parts[-1], parts[:-1])
    ):
        counts.append(size + 1)
    # "…、综合执法大队等内设机构和镇农业服务中心、镇文化服务中心2个事业单位": a joiner inside
    # an earlier item opens the group the count closes; the items before it are others.
    inner = [i for i, part in enumerate(parts[:-1]) if joiner().search(part)]
    if inner:
        counts.append(sum(_range_size(p) for p in parts[inner[-1] :]))
    return tuple(counts)


def _stands_alone(before_joiner: str, item: str, others: list[str]) -> bool:
    """The words before a joiner in a list's last item may be an item of their own. Not when
    the item ends as the others do (…中心, …支队: a kind of name) and those words do not
    ("…、环境信息与宣教中心" is one name; "…、效益指标和满意度指标" two: 效益指标 ends as
    产出指标 does; "青石、柳岸、桐林和梅溪" may be two: names of no one kind)."""
    if not before_joiner:
        return False
    tails = {_BRACKETED.sub("", o).strip()[-1:] for o in others if o.strip()}
    kind_named = _BRACKETED.sub("", item).strip()[-1:] in tails
    return not kind_named or before_joiner[-1:] in tails


# An item that names a run of numbered ones: "秘书一处至七处" (seven 处), "第一至第三分队",
# "综合一处至综合九处" (its name repeated after 至).
_RANGE_ITEM = regex.compile(
    r"(?P<name>\p{Han}{0,6}?)(?P<first>[一二三四五六七八九十]{1,3})(?P<unit>\p{Han})?"
    r"(?:至|到|—|－|-)(?:第|(?P=name))?"
    r"(?P<last>[一二三四五六七八九十]{1,3})(?(unit)(?P=unit))\p{Han}{0,4}$"
)


# What a 、-list's items hold besides words: no clause breaks (outside brackets) and no numbers.
_NOT_A_PLAIN_ITEM = regex.compile(r"[，,；;：:0-9０-９]")


def _plain_list(body: str) -> bool:
    """The words are a 、-list and nothing else ("A、B（…）"): no clause of other words."""
    bare = _BRACKETED.sub("", body).strip()
    return "、" in bare and not _NOT_A_PLAIN_ITEM.search(bare)


@cache
def _not_counted() -> regex.Pattern[str]:
    """A bracketed remark saying its item is not among those counted (lexicons/
    relation_cues.tsv not_counted)."""
    return regex.compile(rf"[（(][^（）()]*(?:{cues('not_counted')})[^（）()]*[)）]")


def _range_size(item: str) -> int:
    """How many items one listed item names: 1, or the size of the run it spans."""
    found = _RANGE_ITEM.search(item)
    if found is None:
        return 1
    first, last = _count_value(found.group("first")), _count_value(found.group("last"))
    return last - first + 1 if first is not None and last is not None and last > first else 1


def index_to_counted_lists(index: DocumentIndex) -> tuple[CountedList, ...]:
    """Every count in words followed by the list it counts, in document order."""
    return tuple(_counted_lists(index))


def _counted_lists(index: DocumentIndex) -> Iterator[CountedList]:
    blocks = index.segmented.blocks
    announced_items, announced_list = _announced()
    list_cues = cue_words("count_list_cue")
    for position, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        paragraph = block
        base = paragraph.span.start
        text = index.text[paragraph.span.start : paragraph.span.end]
        # Most paragraphs hold no announcement; each pattern needs a word that a
        # substring test finds much faster than the pattern's scan.
        announces_items = "：" in text or ":" in text
        announces_list = any(cue in text for cue in list_cues)
        counted_at: set[int] = set()  # where each count read so far starts
        for match in announced_items.finditer(text) if announces_items else ():
            count = _count_value(match.group("count"))
            announced = Span(base + match.start(), base + match.end("noun"))
            rest = text[match.end() :]
            end = rest.find("。")
            body = rest[: end if end >= 0 else len(rest)]
            if rest.startswith("\n") and len(_numbered_items(rest)) > len(_numbered_items(body)):
                # "…以下两个问题：⏎一是…。⏎二是…。⏎三是…。": the items on lines of their own,
                # each closed by its full stop, run to the paragraph's end.
                body = rest
            if not body.strip():
                # "…主要用于四个方面：" ends the paragraph; the items are the blocks that follow.
                following = _following_items(index.text, blocks[position + 1 :])
                if count is not None and following:
                    counted_at.add(announced.start)
                    yield CountedList(announced, count, (len(following),), tuple(following))
                continue
            items = _numbered_items(body)
            if count is not None and not items and _plain_list(body):
                # "单位共3个，包括：A、B（…）。": a 、-list after the colon, to its full stop.
                counts = _with_one_joined_before(_listed_counts(body), text, match.start())
                if max(counts) >= 2:
                    listed = Span(base + match.end(), base + match.end() + len(body.rstrip()))
                    some = body.rstrip().endswith(cue_words("at_least"))  # "A、B等": some of them
                    counted_at.add(announced.start)
                    yield CountedList(announced, count, counts, (listed,), some)
                continue
            if count is None or not items or items[0][0] != 1:
                continue
            spans = tuple(
                Span(base + match.end() + s.start, base + match.end() + s.end) for _, s in items
            )
            counted_at.add(announced.start)
            yield CountedList(announced, count, (len(items),), spans)
        for match in announced_list.finditer(text) if announces_list else ():
            if base + match.start() in counted_at:
                continue  # "6处，分别为：A、B": read as a count and its items already
            count = _count_value(match.group("count"))
            counts = _listed_counts(match.group("list"))
            if count is None or max(counts) < 2:
                continue
            if joiner().search(match.group("noun")):
                # "内设29个处室及机关党委，分别是…": the list names the one after 及 too.
                counts = (*counts, *(c - 1 for c in counts))
            counts = _with_one_joined_before(counts, text, match.start())
            announced = Span(base + match.start(), base + match.end("noun"))
            list_span = Span(base + match.start("list"), base + match.end("list"))
            # "15个预算单位，分别是A、B、C等": 等 closing the list names some of them.
            some = match.group("list").rstrip().endswith(cue_words("at_least"))
            yield CountedList(announced, count, counts, (list_span,), some)
        if ENUMERATION_COMMA in text:
            yield from _lists_before_counts(base, text)
            yield from _lists_of_a_counted_noun(base, text, counted_at)


@cache
def _noun_listed() -> regex.Pattern[str]:
    """ "所属事业单位分别为：A、B、C。": a clause naming what it lists, then the list."""
    return regex.compile(
        rf"(?<=^|[，,。；;\n])(?P<head>\p{{Han}}{{2,10}}?)"
        rf"(?:{cues('count_list_cue', 'count_items_bridge')})[：:](?P<list>[^。；;\n]+)"
    )


# Where the clause of a count starts: the words before it in the clause may join one more.
_CLAUSE_START = regex.compile(r"[，,。；;：:\n]")


def _with_one_joined_before(
    counts: tuple[int, ...], text: str, count_start: int
) -> tuple[int, ...]:
    """ "由局机关本级及所属3家事业单位汇总而成，分别为：本级、A、B、C": the words before the
    count join one more thing to it (及, 和), which the list may name too."""
    clause = max((m.end() for m in _CLAUSE_START.finditer(text, 0, count_start)), default=0)
    if not joiner().search(text, clause, count_start):
        return counts
    return tuple(dict.fromkeys((*counts, *(c - 1 for c in counts))))


def _lists_of_a_counted_noun(base: int, text: str, counted_at: set[int]) -> Iterator[CountedList]:
    """A list whose clause names what an earlier count of the paragraph counted: "…所属5个
    事业单位…，所属事业单位分别为：A、B、C、D。", "项目共9个，…。项目分别为：A、B…". The
    clause must name the thing as the count did, its qualifier too ("所属事业单位" after "所属
    5个事业单位"): "重点项目包括：" after "项目12个" lists some of them."""
    for match in _noun_listed().finditer(text):
        listed = match.group("list").rstrip()
        if not _plain_list(listed):
            continue
        count_match = _count_of(text[: match.start()], match.group("head"))
        if count_match is None:
            continue
        start, end, count = count_match
        if base + start in counted_at or count < 2:
            continue
        counts = _with_one_joined_before(_listed_counts(listed), text, start)
        if max(counts) < 2:
            continue
        some = listed.endswith(cue_words("at_least"))
        list_span = Span(base + match.start("list"), base + match.start("list") + len(listed))
        yield CountedList(Span(base + start, base + end), count, counts, (list_span,), some)


# How far before a list its count may stand in the paragraph.
COUNT_BEFORE_LIST_CHARS = 200


def _count_of(before: str, head: str) -> tuple[int, int, int] | None:
    """(start, end, count) of the last count of ``head`` in ``before``: "N个" + its noun with
    the words before the count making up the rest of ``head`` ("所属" + 5个 + "事业单位"), or
    ``head`` + "共N个"; None when there is none."""
    window_start = max(0, len(before) - COUNT_BEFORE_LIST_CHARS)
    found: tuple[int, int, int] | None = None
    measures = cues("list_measure")
    after_noun = regex.compile(rf"{regex.escape(head)}(?:共有|共计|共)?{_COUNT}(?:{measures})")
    for m in after_noun.finditer(before, window_start):
        value = _count_value(m.group("count"))
        if value is not None:
            found = (m.start("count"), m.end(), value)
    for split in range(len(head) - 2, -1, -1):
        prefix, noun = head[:split], head[split:]
        before_noun = regex.compile(
            rf"{regex.escape(prefix)}{_COUNT}(?:{measures}){regex.escape(noun)}"
        )
        for m in before_noun.finditer(before, window_start):
            value = _count_value(m.group("count"))
            if value is not None and (found is None or m.start("count") > found[0]):
                found = (m.start("count"), m.end(), value)
    return found


@cache
def _list_before_count() -> regex.Pattern[str]:
    """ "东城、西城、南湖和北岸五个街道", "A、B、C等6个村": a 、-list closed by its count and
    the measure word and noun of what it lists."""
    # An item: words (a line wrapped inside one is no break) and bracketed asides
    # ("基础教育股（加挂学前教育股牌子）"); no clause break, no number, no quotation mark
    # ("两个维护" and "11条道路" are named things or counts of their own, not items).
    item = r"(?:[^，,。；;：:、\s（）()0-9０-９“”\"]|\n(?!\s*\n)|[（(][^（）()]*[)）]){1,30}"
    return regex.compile(
        # The list opens a clause: a match that starts inside a word is a cut list.
        rf"(?:(?<=^|[，,。；;：:])(?P<list>{item}(?:、{item})+?))"
        rf"(?P<etc>{cues('at_least')})?(?:{cues('list_total')})?"
        # The count starts where a number starts ("等12个" is not "等1" + "2个") and is no
        # ordinal ("第七条").
        rf"(?<![0-9０-９零一二两三四五六七八九十百]|{cues('ordinal')}){_COUNT}(?:{cues('list_measure')})"
        rf"(?!{cues('not_listed')})(?P<noun>\p{{Han}}{{1,2}})"
    )


def _lists_before_counts(base: int, text: str) -> Iterator[CountedList]:
    for match in _list_before_count().finditer(text):
        count = _count_value(match.group("count"))
        counts = _listed_counts(match.group("list"))
        if count is None or max(counts) < 2 or count < 2:
            continue
        if _names_a_class(match.group("list"), match.group("count"), text, match.end("count")):
            continue
        if _joins_one_more(match.group("list")):
            continue
        announced = Span(base + match.start("count"), base + match.end("noun"))
        list_span = Span(base + match.start("list"), base + match.end("list"))
        # 等 may be read into the last item ("综合监督科等"): the list ends with it either way.
        at_least = bool(match.group("etc")) or match.group("list").endswith(cue_words("at_least"))
        if not at_least and 2 * max(counts) < count:
            continue  # "茅洲河流域、珠江口水系11座水质净化厂": places of them, not the things counted
        yield CountedList(announced, count, counts, (list_span,), at_least)


def _joins_one_more(listed: str) -> bool:
    """ "办公厅、研究室和4个专门委员会": the list ends with a joiner before the count, so the
    count is of one more member of it (4 committees), not the number of its items."""
    last = joiner().search(listed.rsplit("、", 1)[-1])
    return last is not None and last.end() == len(listed.rsplit("、", 1)[-1])


def _names_a_class(listed: str, count: str, text: str, after_count: int) -> bool:
    """ "…行业一类竞赛…表、行业二类竞赛…表": the count and its measure word are a class's name
    (一类, 二类), as another number with the same measure word in the list's items shows."""
    measure = text[after_count : after_count + 1]
    if not measure or count.isdigit():
        return False  # "5大类": a count written in digits is no class's name
    sibling = rf"[一二两三四五六七八九十]{regex.escape(measure)}"
    return regex.search(sibling, listed) is not None


def _following_items(text: str, blocks: Sequence[Block]) -> list[Span]:
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
        digits = _MARKER_NUMBER.search(marker or "")
        if digits is None:
            # "一是预算编制…。" opening a paragraph: an item of an enumeration.
            opening = _enumeration_opening().match(text, start, block.span.end)
            if opening is None or _count_value(opening.group("n")) != expected:
                break
            spans.append(Span(opening.start("n"), opening.end()))
            expected += 1
            continue
        raw = digits.group()
        if marker_value(raw) != expected:
            break
        block_text = text[start : block.span.end]
        offset = block_text.find(raw)
        spans.append(Span(start + offset, start + offset + len(raw) + 1))
        expected += 1
    return spans if len(spans) >= 2 else []


@cache
def _enumeration_opening() -> regex.Pattern[str]:
    """一是 / 二是 … opening a paragraph (lexicons/relation_cues.tsv enumeration_suffix)."""
    return regex.compile(rf"\s*(?P<n>[一二三四五六七八九十])(?:{cues('enumeration_suffix')})")


# -- document numbers -------------------------------------------------------------------

_DOC_NUMBER = regex.compile(
    r"(?:《(?P<title>[^《》]{2,60})》[^《》〔【\[]{0,3})?"
    # The issuer opens a clause or a bracket, or follows a title or a full stop.
    r"(?<=[（(、，,；;。\s》]|^)(?P<issuer>\p{Han}{2,10})"
    r"[〔\[【](?P<year>(?:19|20)[0-9]{2})[〕\]】]\s*(?P<number>[0-9]{1,4})\s*号"
)


@cache
def _citation_lead() -> regex.Pattern[str]:
    """The words that cite a document before its issuer: "根据长政办发〔2022〕7号"."""
    return regex.compile(rf"^.*(?:{cues('citation_lead')})")


def text_to_citations(text: str) -> tuple[Citation, ...]:
    """Every 文号 cited, with the 《title》 written right before it when there is one; a
    word that cites it (根据, 按照 …) is not part of its issuer."""
    found: list[Citation] = []
    for match in _DOC_NUMBER.finditer(text):
        issuer_start = match.start("issuer")
        lead = _citation_lead().match(match.group("issuer"))
        if lead is not None:
            issuer_start += lead.end()
        if match.end("issuer") - issuer_start < 2:
            continue  # "根据〔2022〕7号": no issuer left
        found.append(
            Citation(
                Span(issuer_start, match.end()),
                text[issuer_start : match.end("issuer")],
                match.group("year"),
                match.group("number"),
                match.group("title"),
                bool(match.group("title"))
                and _series_title().search(match.group("title")) is not None,
            )
        )
    return tuple(found)


@cache
def _series_title() -> regex.Pattern[str]:
    """lexicons/relation_cues.tsv series_title: a title of one notice of a series."""
    return regex.compile(cues("series_title"))


@cache
def _rounding_note() -> regex.Pattern[str]:
    return regex.compile(cues("rounding_note"))


def text_declares_rounding(text: str) -> bool:
    """The document says its details may be off their totals by rounding (尾差, 尾数误差,
    四舍五入: lexicons/relation_cues.tsv rounding_note)."""
    return _rounding_note().search(text) is not None


@cache
def _omission_note() -> regex.Pattern[str]:
    return regex.compile(cues("omission_note"))


def text_declares_omission(text: str) -> bool:
    """The document says it left items out of what it publishes (予以剔除, 不予公开:
    lexicons/relation_cues.tsv omission_note)."""
    return _omission_note().search(text) is not None
