"""Lists of parts inside one sentence: the cue words, and the lists that 分别为 opens.

The words come from ``lexicons/list_cues.tsv``. 分别为 ties each value to its
own item, not the values to a total: "2022年和2023年分别为100万元、120万元",
"执行率分别为98%、100%" and "分别增长5%、3%" are no breakdown. So a 分别 list
is only read here (which items, which values); whether it is a breakdown of a
total is decided by the caller, from words such as 其中 or 合计 around it.

Two shapes: the items named before the cue and bare values after it
("城市低保、农村低保分别为120.5万元、180.3万元"), or the items named inline
after it ("分别为：困难群众救助工作经费412.60万元、养老服务体系建设资金…").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from crosscheck.extractor.patterns import CN_DIGIT, CN_SMALL_UNIT
from crosscheck.relate.cues import cues
from crosscheck.types import Mention, Span

# The punctuation that joins the items of a list ("城市低保、农村低保").
ENUMERATION_COMMA = "、"


def _alternation(role: str) -> str:
    """The words of one role of lexicons/list_cues.tsv, longest first, as a regex alternation."""
    return cues(role, lexicon="list_cues")


@cache
def closing_total() -> regex.Pattern[str]:
    """Matches at the end of the text before a quantity that closes a list with its total
    ("…，合计3,225.45万元", "…，共计发放356.2万元")."""
    return regex.compile(rf"(?:{_alternation('closing_total')})[^，。；0-9]{{0,12}}$")


@cache
def spent_word() -> regex.Pattern[str]:
    """A word of spending or payment anywhere in a text ("…，已完成支付可研等相关设计款项共计")."""
    return regex.compile(_alternation("spent"))


@cache
def spent_cue() -> regex.Pattern[str]:
    """Matches at the end of the text before an amount spent or paid ("…，已支出50万元"),
    which is said of a list's total, not one more of its parts."""
    return regex.compile(rf"(?:{_alternation('spent')})[^，,。；;0-9]{{0,6}}$")


@cache
def partial() -> regex.Pattern[str]:
    """A word saying a list names only some of its parts (其中主要包括, A、B等，)."""
    return regex.compile(_alternation("partial"))


@cache
def _cue_pattern() -> regex.Pattern[str]:
    # 分别为 (respectively) before a bare 分别 (each): the alternation tries the longer first.
    return regex.compile(
        rf"(?P<respectively>{_alternation('respectively')})[：:]?|(?:{_alternation('each')})"
    )


@cache
def joiner() -> regex.Pattern[str]:
    """A word that joins two named items ("A、B和C")."""
    return regex.compile(_alternation("joiner"))


@cache
def _bare_gap() -> regex.Pattern[str]:
    # Between two bare values of one list: joiners, commas and spaces only.
    return regex.compile(rf"(?:{_alternation('joiner')}|[，,\s])*")


def joined(text: str, a: Mention, b: Mention) -> bool:
    """``a`` and ``b`` follow each other in one bare list: nothing but joiners, commas and
    spaces between them ("2500.0亿元和31000.0亿元", "7.5%和92.5%")."""
    return _bare_gap().fullmatch(text, a.span.end, b.span.start) is not None


@cache
def _period_label() -> regex.Pattern[str]:
    """A label that is nothing but a period: 2023年, 2023 年度, 上年, 一季度, 上半年, 1月
    (not 年初预算, not 上年结转资金: those are items)."""
    year = r"(?:19|20)[0-9]{2}\s*年"
    numeral = rf"[0-9{CN_DIGIT}{CN_SMALL_UNIT}\s]"  # 一季度, 1月, 十二月
    return regex.compile(rf"(?:{year}|{_alternation('period')}|{numeral})+")


@cache
def _label_edges() -> regex.Pattern[str]:
    # What surrounds a label: joiners and punctuation ("、2023年" -> "2023年").
    return regex.compile(rf"^(?:{_alternation('joiner')}|[，,；;：:\s])+|[，,；;：:\s]+$")


# The items named before 分别为 start after the last of these (or after a quantity).
_ITEMS_START = regex.compile(r"[，,；;：:。！？!?\n]")
# Between 分别为 and a first bare value: nothing but a colon or spaces.
_NOTHING = regex.compile(r"[：:\s]*")
_CLAUSE_END = regex.compile(r"[；;]")


@dataclass(frozen=True, slots=True)
class Respectively:
    """One 分别 and what it lists."""

    cue: Span
    respectively: bool  # 分别为/分别是; False for 分别增长, 分别较上年…, 分别占
    inline: bool  # the items are named after the cue, each before its value
    names: tuple[str, ...]  # the items named before the cue ("城市低保、农村低保")
    values: tuple[Mention, ...]  # bare: the run of values; inline: every value of the list
    names_start: int  # where the items named before the cue begin

    @property
    def start(self) -> int:
        """Where the list begins: its first named item (bare form) or its first value (inline)."""
        return self.values[0].span.start if self.inline else self.names_start

    def names_periods(self, text: str) -> bool:
        """Some item is a period: named before the cue (2022年和2023年分别为…) or inline
        (分别为：2022年100万元、2023年120万元)."""
        labels = list(self.names)
        if self.inline:
            ends = [self.cue.end, *(v.span.end for v in self.values)]
            labels += [text[end : v.span.start] for end, v in zip(ends, self.values, strict=False)]
        return any(_period_label().fullmatch(_label_edges().sub("", label)) for label in labels)


def labels_name_periods(text: str, start: int, parts: Sequence[Mention]) -> bool:
    """Some part of a list is labelled by a period only: "其中2022年100万元，2023年120万元"
    lists years, which need not add up to the total (other years may be left out)."""
    ends = [start, *(p.span.end for p in parts)]
    return any(
        _period_label().fullmatch(_label_edges().sub("", text[end : part.span.start]))
        for end, part in zip(ends, parts, strict=False)
    )


def respectively_lists(
    text: str, mentions: Sequence[Mention], start: int, end: int
) -> list[Respectively]:
    """Every 分别 in ``text[start:end]`` with the items before it and the values after it
    (``mentions`` in order; values are taken up to ``end``)."""
    found: list[Respectively] = []
    mentions = sorted(mentions, key=lambda m: m.span.start)
    starts = [m.span.start for m in mentions]
    ends = [m.span.end for m in mentions]
    cue_matches = list(_cue_pattern().finditer(text, start, end))
    for k, match in enumerate(cue_matches):
        # The mentions are in order and do not overlap: the values after the cue are one run,
        # found by bisection (scanning every mention per cue was quadratic in a sentence of
        # many 分别), and they stop at the next 分别, which opens a list of its own.
        stop = cue_matches[k + 1].start() if k + 1 < len(cue_matches) else end
        first = bisect_left(starts, match.end())
        after = list(mentions[first : bisect_right(ends, stop, lo=first)])
        if not after:
            continue
        last_before = bisect_right(ends, match.start()) - 1
        names_start = max(start, ends[last_before]) if last_before >= 0 else start
        stops = list(_ITEMS_START.finditer(text, names_start, match.start()))
        if stops:
            names_start = stops[-1].end()
        names = tuple(
            n.strip() for n in joiner().split(text[names_start : match.start()]) if n.strip()
        )
        inline = _NOTHING.fullmatch(text, match.end(), after[0].span.start) is None
        values = after
        joined_by_semicolons = (
            len(after) >= 2
            and _CLAUSE_END.search(text, after[0].span.end, after[1].span.start) is not None
        )
        if inline and not joined_by_semicolons:
            # Items joined by 、 end at the next ；("分别为A a、B b；特困人员1,532人…");
            # items joined by ；go on to the end ("分别为：A a；B b；C c").
            clause_end = _CLAUSE_END.search(text, after[0].span.end, end)
            if clause_end is not None:
                values = [m for m in after if m.span.end <= clause_end.start()]
        if not inline:
            values = [after[0]]
            for m in after[1:]:
                if _bare_gap().fullmatch(text, values[-1].span.end, m.span.start) is None:
                    break
                values.append(m)
        found.append(
            Respectively(
                cue=Span(match.start(), match.end()),
                respectively=match.group("respectively") is not None,
                inline=inline,
                names=names,
                values=tuple(values),
                names_start=names_start,
            )
        )
    return found
