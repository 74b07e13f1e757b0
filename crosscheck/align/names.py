"""Two names of one fact, compared by the words they share (DESIGN §2b: linking is scoring).

A narrative restates a table row in other words: "全年培训基层医务人员1,860人次" against
the 绩效指标 row "基层医务人员培训人次", "全县毛入学率达到93.4%" against "毛入学率",
"惠及农户2,416户" against "受益农户数". As strings these names differ; as words they
share everything that says *what* is counted, and differ only by light words: a verb
(培训, 惠及), a place (全县, 我区), a noun tail (人数, 户数) or an edge word of
lexicons/subject_words.tsv (全年, 实际, 资金).

A name is split into words by jieba (every lexicon word a user word) and tagged
through the spaCy pipeline of crosscheck/align/words.py. Each word weighs how rare
it is among the names of the document (a generic head such as 医疗救助 that every
item of a 医疗救助 report carries weighs little), times a factor for light words.
Two names then score the weight they share over the weight they hold:

    score = (matched weight of a + matched weight of b) / (weight of a + weight of b)

and are *not* one fact, whatever the score, when

- their scope words differ (财政拨款, 区本级, 基本支出: a scope word changes the fact), or
- each holds a content word the other lacks (城乡居民医疗救助 / 城镇职工医疗救助: two
  different things that share a head), since a restatement drops or adds words on
  one side only.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from crosscheck import lexicons
from crosscheck.departments import leading_department

# A light word counts this much of its rarity weight: shared, it adds little; missing on
# one side, it costs little.
LIGHT_FACTOR = 0.25
# A single character carries little of a name (数, 村, 户), however rare it is.
SINGLE_CHAR_FACTOR = 0.5

# What is not part of a name: quotes, brackets, punctuation, digits, years, 的.
_NOT_NAME = regex.compile(
    r"""
    (?:19|20)[0-9]{2}\s*年度?      # a year: the period is keyed apart
  | [0-9０-９.．,，%％]+
  | [“”"'‘’「」『』《》〈〉()（）\[\]【】\s\u3000*:：、；;。·—\-]
  | 的
    """,
    regex.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class NameWord:
    text: str
    light: bool  # a verb, place or noun tail: does not tell two things apart
    scope: bool  # a scope word (财政拨款, 区本级, 基本支出): must be on both sides
    flow: bool = False  # 新建, 新增, 改造: a flow of the year, not a stock
    metric: str = ""  # the metric key of a metric word inside the name (预算 -> budget)

    @property
    def content(self) -> bool:
        """A word that says what the thing is: missing on a side, the names may differ."""
        return not self.light and len(self.text) >= 2


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How two names compare: the score and the words behind it."""

    score: float  # 0 … 1; 0 when a gate failed
    shared: tuple[str, ...]  # the words of either name found in the other
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    why_not: str = ""  # the gate that failed: scope, flow, negation, metric-word, head, both-sides
    # Content words only ``a`` (``b``) holds: that name is the narrower one.
    narrower_a: bool = False
    narrower_b: bool = False


# A list or table item's own number: "五、农林水支出", "（二）", "3." (not part of its name).
_ITEM_NUMBER = regex.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[（(][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,2}\s*[、.．])"
)


@lru_cache(maxsize=65536)
def split_agent(name: str) -> tuple[str, str]:
    """(the reporting unit that opens a cleaned name, the rest): in "湖州市交通运输局支出"
    the unit is who states the number, 支出 what it is about, and 交通运输 names the unit,
    not the 交通运输支出 of a 功能分类 table."""
    agent = leading_department().match(name)
    return (name[: agent.end()], name[agent.end() :]) if agent is not None else ("", name)


@lru_cache(maxsize=65536)
def clean_name(text: str) -> str:
    """The part of a subject that can name a thing: no item number, quotes, years, digits, 的;
    a word the standard vocabulary writes two ways in its canonical form (运行维护费 -> 运行费:
    lexicons/name_synonyms.tsv)."""
    cleaned = _NOT_NAME.sub("", _ITEM_NUMBER.sub("", text))
    synonyms = _synonyms()
    return synonyms.sub(lambda m: _canonical()[m.group()], cleaned) if cleaned else cleaned


@cache
def _canonical() -> dict[str, str]:
    return {r["word"]: r["canonical"] for r in lexicons.rows("name_synonyms")}


@cache
def _synonyms() -> regex.Pattern[str]:
    words = sorted(_canonical(), key=len, reverse=True)
    return regex.compile("|".join(map(regex.escape, words)))


@cache
def _stock_words() -> frozenset[str]:
    """lexicons/name_words.tsv stock words: 总数, 累计 (all there are, not the year's)."""
    return frozenset(r["word"] for r in lexicons.rows("name_words") if r["role"] == "stock")


@cache
def _name_lexicon() -> tuple[frozenset[str], frozenset[str], tuple[str, ...], tuple[str, ...]]:
    """lexicons/name_words.tsv: (light words, flow words, places and tails longest first).

    Places are the listed ones and the composed prefix × unit (全 + 县 = 全县); tails the
    listed ones, every count measure word + 数 (lexicons/measure_words.tsv: 株 + 数 = 株数,
    "the number of trees", as 人数 is of people) and every measure word of two characters or
    more (点次, 架次).
    """
    rows = lexicons.rows("name_words")
    places = {r["word"] for r in rows if r["role"] == "place"}
    prefixes = [r["word"] for r in rows if r["role"] == "place_prefix"]
    units = [r["word"] for r in rows if r["role"] == "place_unit"]
    places.update(p + u for p in prefixes for u in units)
    tails = {r["word"] for r in rows if r["role"] == "tail"}
    measure_words = lexicons.words("measure_words")
    tails.update(f"{word}数" for word in measure_words)
    # A name ending with its value's measure word says "the number of" too: 作业点次 is 作业
    # counted in 点次, as 培训人次 is 培训 counted in 人次 (one-character ones are listed).
    tails.update(word for word in measure_words if len(word) > 1)
    light = (
        {r["word"] for r in rows if r["role"] in ("verb", "function", "qualifier")} | places | tails
    )
    flow = frozenset(r["word"] for r in rows if r["role"] == "flow")
    by_length = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    return frozenset(light), flow, by_length(places), by_length(tails)


def _edges(name: str) -> tuple[str, str, str]:
    """(place, core, tail): a leading place and a trailing noun tail cut as strings.

    They are cut before jieba sees the name, and never made jieba user words: a tail
    such as 户数 as a user word would cut 农户数 into 农 / 户数.
    """
    _, _, places, tails = _name_lexicon()
    place = next((p for p in places if name.startswith(p) and len(name) > len(p) + 1), "")
    core = name[len(place) :]
    # A one-character tail is cut only when jieba leaves it alone (数 in 受益农户数), never
    # as a string: 户 would cut 农户 in two.
    tail = next(
        (t for t in tails if len(t) > 1 and core.endswith(t) and len(core) > len(t) + 1), ""
    )
    return place, core[: len(core) - len(tail)], tail


@lru_cache(maxsize=65536)
def without_flow_words(name: str) -> str:
    """A name without its flow words, for an item that stands before a statement's own name:
    "推进养老服务体系建设……床位数达到a张" names the task 养老服务体系 that the 床位数 stands
    under; its 建设 says nothing of whether the count is the year's or all there are."""
    return "".join(word.text for word in name_words(name) if not word.flow)


@cache
def _locative() -> regex.Pattern[str]:
    """在 and the place it names, up to the verb it stands before (lexicons/name_words.tsv
    verb and flow words): "在全县8个乡镇建成人工造林" says where the 造林 was built."""
    verbs = sorted(
        (r["word"] for r in lexicons.rows("name_words") if r["role"] in ("verb", "flow")),
        key=len,
        reverse=True,
    )
    return regex.compile(
        rf"在[^在]{{1,{MAX_LOCATIVE}}}?(?=(?:{'|'.join(map(regex.escape, verbs))}))"
    )


# The most characters a place named after 在 holds before its verb.
MAX_LOCATIVE = 12


def without_locative(name: str) -> str:
    """A cleaned name without the place it says its thing was done at (在…): where a count
    was made does not narrow what was counted. A name that is nothing else keeps it."""
    cut = _locative().sub("", name)
    return cut if len(cut) >= 2 else name


@lru_cache(maxsize=65536)
def name_words(name: str) -> tuple[NameWord, ...]:
    """A cleaned name's words, tagged light, flow, scope or metric.

    The name's edges were cut before (lead words, its own metric word, generic suffixes:
    crosscheck/align/words.py ``string_core``), so a lexicon suffix or lead word left
    inside it is content: 项目 in 项目预算 tells it from 部门预算.
    """
    from crosscheck.align.words import tag_words

    light, flow, _, _ = _name_lexicon()
    agent, rest = split_agent(name)
    place, core, tail = _edges(rest)
    # The unit is a word of its own, found only in a name opened by the same unit.
    out: list[NameWord] = [NameWord(agent, False, False)] if agent else []
    if place:
        out.append(NameWord(place, True, False))
    for word in tag_words(core):
        # A generic suffix after a word ends an item's name inside a longer one (困难群众救助
        # 资金通过区专户): light; opening a name it is content (项目预算 / 部门预算).
        trailing_suffix = word.label == "SUFFIX" and bool(out)
        out.append(
            NameWord(
                word.text,
                # A lead word (a time, an agent, a verb: 全年, 我局, 通过) names nothing.
                light=word.text in light or trailing_suffix or word.label == "LEAD",
                scope=word.label == "SCOPE",
                flow=word.text in flow,
                metric=word.metric if word.label == "METRIC" else "",
            )
        )
    if tail:
        out.append(NameWord(tail, True, False))
    # A word written twice says no more than once ("农村学生营养改善计划" + its part
    # "惠及农村学生": 农村学生 counts once), where it is written last: a noun phrase ends
    # with its head ("…经费完成救助辖区内精神障碍患者" names 患者, not 医疗).
    last = {w.text: w for w in out}
    return tuple(last[t] for t in reversed(dict.fromkeys(w.text for w in reversed(out))))


class NameWeights:
    """Each word's weight in one document: its rarity among the document's names, times
    its role (a light word or a single character weighs less).

    The names are split into words on the first weight asked for: a document whose
    names are never compared loads neither jieba nor spaCy.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self._names = frozenset(n for n in names if n)
        self._df: Counter[str] | None = None

    def rarity(self, text: str) -> float:
        """Smoothed inverse document frequency over the document's distinct names."""
        if self._df is None:
            self._df = Counter()
            for name in self._names:
                self._df.update({w.text for w in name_words(name)})
        count = len(self._names)
        return math.log((count + 1) / (self._df.get(text, 0) + 0.5)) + 0.1

    def weight(self, word: NameWord) -> float:
        # A flow word weighs as a light one: whether it may be missing is the flow gate's call.
        factor = LIGHT_FACTOR if word.light or word.flow else 1.0
        if len(word.text) == 1:
            factor *= SINGLE_CHAR_FACTOR
        return self.rarity(word.text) * factor


def _claim(words: tuple[NameWord, ...], other: str) -> list[bool]:
    """Which words are written in the other name, each occurrence claimed once.

    Looked for in the other name as written, not among its words: jieba cuts one name
    differently in two contexts (受益农户数: 受益 / 农 / 户数; 受益农户: 受益 / 农户). An
    occurrence serves one word only, so 行政单位医疗 is not found twice in a name that
    writes 医疗 once.
    """
    taken = [False] * len(other)
    found: list[bool] = []
    for word in words:
        at = other.find(word.text)
        while at >= 0 and any(taken[at : at + len(word.text)]):
            at = other.find(word.text, at + 1)
        if at >= 0:
            taken[at : at + len(word.text)] = [True] * len(word.text)
        found.append(at >= 0)
    return found


@cache
def _one_value() -> frozenset[str]:
    """Metrics of which a thing has one value (lexicons/metric_names.tsv one_value)."""
    return frozenset(r["key"] for r in lexicons.rows("metric_names") if r.get("one_value") == "yes")


@cache
def _negations() -> tuple[str, ...]:
    """lexicons/name_words.tsv negation: 非政府采购 is the rest of 政府采购."""
    return tuple(r["word"] for r in lexicons.rows("name_words") if r["role"] == "negation")


@cache
def _project_words() -> frozenset[str]:
    """lexicons/name_words.tsv project: 项目 of 普法宣传项目."""
    return frozenset(r["word"] for r in lexicons.rows("name_words") if r["role"] == "project")


def _names_a_project(missing: list[NameWord]) -> bool:
    """Words only one name holds that name a project with words of its own (普法宣传 + 项目 in
    "普法宣传项目安排的培训费" against 培训费): that name is the project's part. 项目 alone
    ("普法宣传项目" against "普法宣传经费") names no other thing."""
    texts = {w.text for w in missing}
    return bool(texts & _project_words()) and any(
        w.content and not w.flow and w.text not in _project_words() for w in missing
    )


def _negated(missing: list[NameWord]) -> bool:
    """A word only one name holds that opens with a negation (非政府, 未完成, 不达标)."""
    return any(w.text.startswith(_negations()) for w in missing)


def _head_missing(words: tuple[NameWord, ...], found: list[bool], other: str) -> bool:
    """The name's head, its last content word (a Chinese noun phrase ends with what it
    names: 设备配送 in 综合文化服务中心设备配送), is not in the other name, not even
    its own last two characters or more (教师 of 骨干教师). Found there as written counts even
    when its occurrence served another word ("…经费完成救助辖区内精神障碍患者" repeats
    精神障碍患者, which the other name writes once)."""
    for word, was_found in zip(reversed(words), reversed(found), strict=True):
        # A scope word qualifies its head (三公经费 of 三公经费财政拨款) and is never it.
        if word.content and not word.flow and not word.scope:
            return not was_found and not any(
                word.text[-n:] in other for n in range(2, len(word.text) + 1)
            )
    return False


def match_names(
    a: str, b: str, weights: NameWeights, metric: str | None = None, *, flows: bool = False
) -> NameMatch:
    """Compare two cleaned names of facts of ``metric`` by their words (module docstring).

    ``flows``: both statements are of the year's flow whatever their words say (a 绩效指标
    row's 实际完成值 is the year's output: 人工造林面积 is what 建成人工造林 built)."""
    words_a, words_b = name_words(a), name_words(b)
    # A word is looked for in the other name without its unit: 交通运输 of 交通运输支出 is not
    # found in 湖州市交通运输局支出.
    (agent_a, rest_a), (agent_b, rest_b) = split_agent(a), split_agent(b)
    found_a = [
        w.text == agent_b if w.text == agent_a and agent_a else f
        for w, f in zip(words_a, _claim(words_a, rest_b), strict=True)
    ]
    found_b = [
        w.text == agent_a if w.text == agent_b and agent_b else f
        for w, f in zip(words_b, _claim(words_b, rest_a), strict=True)
    ]
    shared = tuple(
        dict.fromkeys(
            [w.text for w, f in zip(words_a, found_a, strict=True) if f]
            + [w.text for w, f in zip(words_b, found_b, strict=True) if f]
        )
    )
    missing_a = [w for w, f in zip(words_a, found_a, strict=True) if not f]
    missing_b = [w for w, f in zip(words_b, found_b, strict=True) if not f]
    only_a, only_b = tuple(w.text for w in missing_a), tuple(w.text for w in missing_b)

    def failed(gate: str) -> NameMatch:
        return NameMatch(0.0, shared, only_a, only_b, gate)

    if {w.text for w in words_a if w.scope} != {w.text for w in words_b if w.scope}:
        return failed("scope")
    if not flows and any(w.flow for w in missing_a) != any(w.flow for w in missing_b):
        return failed("flow")  # 新建…供水工程 (this year's) / …供水工程 (all there are)
    stocks = _stock_words()
    if (any(w.flow for w in missing_a) and any(w.text in stocks for w in missing_b)) or (
        any(w.flow for w in missing_b) and any(w.text in stocks for w in missing_a)
    ):
        return failed("stock")  # 高新技术企业总数 (all there are) / 新增高新技术企业数
    if _negated(missing_a) != _negated(missing_b):
        return failed("negation")  # 非政府采购部分 / 政府采购部分: the other part
    if _names_a_project(missing_a) or _names_a_project(missing_b):
        return failed("project")  # 普法宣传项目安排的培训费 / 培训费: the project's part
    if any(
        w.metric not in ("", metric) and w.metric in _one_value() for w in missing_a + missing_b
    ):
        # …项目支出预算 names a budget, not the amount spent (救助, 人次 name no such value)
        return failed("metric-word")
    if _head_missing(words_a, found_a, b) or _head_missing(words_b, found_b, a):
        return failed("head")  # …服务中心设备配送 counts deliveries, not the 服务中心
    if any(w.content and not w.flow for w in missing_a) and any(
        w.content and not w.flow for w in missing_b
    ):
        return failed("both-sides")
    total = sum(map(weights.weight, words_a)) + sum(map(weights.weight, words_b))
    matched = sum(weights.weight(w) for w, f in zip(words_a, found_a, strict=True) if f)
    matched += sum(weights.weight(w) for w, f in zip(words_b, found_b, strict=True) if f)
    score = matched / total if total else 0.0
    narrower_a = any(w.content and not w.flow for w in missing_a)
    narrower_b = any(w.content and not w.flow for w in missing_b)
    return NameMatch(round(score, 3), shared, only_a, only_b, "", narrower_a, narrower_b)
