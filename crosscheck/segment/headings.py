"""Numbered lines: which are headings, which are list items, and the section path.

Reports number headings and list items the same way (``1、``), so a numbered line is a
heading only when it reads like a title: short, no statement with quantities, not a
``lead-in：statement`` item. A run of consecutively numbered siblings is decided together,
because a short item (``（9）完成区委、区政府交办的其他任务。``) among long ones is an item too.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import regex

from crosscheck.lexicons import rows, words

# A heading's title, without bracketed remarks, is at most this long; longer is a list item.
HEADING_MAX_CHARS = 30
# A heading may carry a short gloss after a full stop (（一）综合评价结论。反映自评得分及评价等级。).
HEADING_GLOSS_MAX_CHARS = 12
# "…如下：" introduces a list of 1./（1）/① items, but "现将有关情况报告如下：" is followed by the
# report's 一、 sections: the colon rule holds from this level down.
LIST_INTRO_MIN_LEVEL = 3

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7}
_CN_DIGITS |= {"八": 8, "九": 9}
_BRACKETED = regex.compile(r"[（(][^（()）]*[）)]")
_STOP = regex.compile(r"[。！？；;!?]")
_COLON_STATEMENT = regex.compile(r"[：:]\s*\S{2,}")
_COMMA = regex.compile(r"[，,]")
_DIGIT_RUN = regex.compile(r"\d+")
_NUMBER_DECORATION = str.maketrans("", "", " \t\u3000（()）、．.第部分章篇")


class Numbering(NamedTuple):
    """The numbering at the start of a line and what follows it.

    NamedTuples for this and NumberedLine, not frozen dataclasses: they stay inside this stage
    and one is made for most lines of a report, where a frozen dataclass costs twice as much.
    """

    style: str  # a style name from lexicons/heading_numbering.tsv
    level: int | None  # None for a bullet (never a heading)
    number: str  # as written, without surrounding spaces: "一、", "（2）", "##"
    title: str  # the rest of the line without ** markers and surrounding space
    value: int | None  # 3 for "三、", "（3）", "③"; None when not a counted style


@cache
def _numbering_regex() -> regex.Pattern[str]:
    alternatives = "|".join(
        f"(?P<{row['style']}>{row['pattern']})" for row in rows("heading_numbering")
    )
    # Leading ** is PDF/Markdown bold (**1. 党史学习教育成绩显著。**): skip it; spans still cover it.
    return regex.compile(rf"(?:\*\*[ \t\u3000]*)?(?:{alternatives})[ \t\u3000]*")


@cache
def _style_levels() -> dict[str, str]:
    return {row["style"]: row["level"] for row in rows("heading_numbering")}


@cache
def _quantity_regex() -> regex.Pattern[str]:
    units = {row["cue"] for row in rows("segment_cues") if row["kind"] == "quantity_unit"}
    units |= set(words("measure_words"))
    alternation = "|".join(regex.escape(u) for u in sorted(units, key=lambda u: (-len(u), u)))
    return regex.compile(rf"\d(?:[.．]\d+)?\s*(?:{alternation})")


def numeral_to_int(numeral: str) -> int | None:
    """``"12"`` -> 12, ``"十二"`` -> 12, ``"二十"`` -> 20, ``"③"`` -> 3; None if not a small number."""
    if numeral.isdecimal():
        return int(numeral)
    if len(numeral) == 1 and "①" <= numeral <= "⑳":
        return ord(numeral) - ord("①") + 1
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        if not set(tens + ones) <= _CN_DIGITS.keys() or len(tens) > 1 or len(ones) > 1:
            return None
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    if len(numeral) == 1 and numeral in _CN_DIGITS:
        return _CN_DIGITS[numeral]
    return None


def number_to_value(number: str) -> int | None:
    """The counted value of a numbering as written (``"（十一）"`` -> 11)."""
    core = number.translate(_NUMBER_DECORATION)
    return numeral_to_int(core) if core else None


def _level_of(style: str, number: str) -> int | None:
    level_text = _style_levels()[style]
    if level_text == "md":
        return len(number) - 1
    return None if level_text == "item" else int(level_text)


def body_to_numbering(body: str) -> Numbering | None:
    """The numbering that opens ``body`` (a line stripped of surrounding space), or None."""
    match = _numbering_regex().match(body)
    if match is None:
        return None
    style = match.lastgroup
    assert style is not None
    number = match.group(style).strip()
    title = body[match.end() :].replace("**", "").strip()
    level = _level_of(style, number)
    if style == "markdown":
        # PDF-to-Markdown guesses # from font sizes (004: "## 第二部分", "### 一、", "## 二、"):
        # a numbering inside the title says the level better than the number of #.
        inner = _numbering_regex().match(title)
        if inner is not None and inner.lastgroup not in (None, "markdown"):
            inner_style = inner.lastgroup
            inner_level = _level_of(inner_style, inner.group(inner_style).strip())
            level = inner_level if inner_level is not None else level
        return Numbering(style, level, number, title, None)
    value = number_to_value(number) if level is not None else None
    return Numbering(style, level, number, title, value)


def title_is_heading_like(title: str) -> bool:
    """True when a numbered line's title reads like a heading, not like a statement.

    ``部门（单位）整体支出管理及使用情况`` is a heading; ``部门资金情况总分10分，得分10分。``,
    ``住院及门诊救助 4106人次;`` and ``效率性分析：本部门按年初确定的工作思路和目`` are items.
    """
    if not title or title[-1] in "；;，,、":
        return False
    core = title.rstrip("。：: ")
    # Bracketed remarks (（包括财政资金、自筹资金等）) do not make a title long.
    if len(_BRACKETED.sub("", core)) > HEADING_MAX_CHARS:
        return False
    stops = list(_STOP.finditer(core))
    if stops:
        gloss = core[stops[-1].end() :]
        if _DIGIT_RUN.search(core) or len(gloss) > HEADING_GLOSS_MAX_CHARS:
            return False
    if _COLON_STATEMENT.search(core):
        return False
    has_quantity = _quantity_regex().search(core) is not None
    commas = len(_COMMA.findall(core))
    if commas >= 2 or (commas and has_quantity):
        return False
    return not (has_quantity and title.endswith("。"))


def heading_entry(numbering: Numbering) -> str:
    """The readable section-path entry of a heading: ``"二、部门整体支出管理及使用情况"``."""
    title = numbering.title.rstrip("。：: ")
    if numbering.style == "markdown":
        return title
    if numbering.style == "part":
        return f"{numbering.number} {title}" if title else numbering.number
    return numbering.number.replace(" ", "").replace("\t", "") + title


def push_heading(
    stack: tuple[tuple[int, str], ...], level: int, entry: str
) -> tuple[tuple[int, str], ...]:
    """The heading stack after a heading of ``level``: deeper or equal levels are closed."""
    keep = len(stack)
    while keep and stack[keep - 1][0] >= level:
        keep -= 1
    return (*stack[:keep], (level, entry))


def stack_to_path(stack: tuple[tuple[int, str], ...]) -> tuple[str, ...]:
    return tuple(entry for _, entry in stack)


class NumberedLine(NamedTuple):
    """A numbered line among the text lines, with what the run decision needs."""

    index: int  # line index
    numbering: Numbering
    previous_index: int | None  # the previous non-blank text line; None after a table or start
    previous_body: str | None  # that line's body
    after_blank: bool  # a blank line separates it from that line


def _run_is_list(run: Sequence[NumberedLine]) -> bool:
    first = run[0]
    level = first.numbering.level
    if (
        level is not None
        and level >= LIST_INTRO_MIN_LEVEL
        and first.previous_body is not None
        and first.previous_body.endswith(("：", ":"))
    ):
        return True  # 本单位主要职能职责如下： / 包括： introduce a list
    if len(run) >= 2 and any(not member.after_blank for member in run[1:]):
        return True  # two siblings with no body between are items, headings have bodies
    return any(not title_is_heading_like(member.numbering.title) for member in run)


def numbered_lines_to_headings(numbered: Sequence[NumberedLine]) -> frozenset[int]:
    """The line indices, among ``numbered``, that are headings.

    ``numbered`` lists, in order, the text lines that carry a numbering. Consecutive siblings
    (same level, value + 1, only blank lines between) form a run and are headings or items
    together.
    Markdown headings are always headings; parts (第一部分) when heading-like; bullets never.
    """
    headings: set[int] = set()
    run: list[NumberedLine] = []

    def close_run() -> None:
        if run and not _run_is_list(run):
            headings.update(member.index for member in run)
        run.clear()

    for line in numbered:
        numbering = line.numbering
        level = numbering.level
        continues = (
            run
            and level is not None
            and numbering.style != "markdown"
            and run[-1].index == line.previous_index
            and run[-1].numbering.level == level
            and run[-1].numbering.value is not None
            and numbering.value == run[-1].numbering.value + 1
        )
        if not continues:
            close_run()
        if numbering.style == "markdown":
            if numbering.title:
                headings.add(line.index)
        elif level == 0:
            if title_is_heading_like(numbering.title):
                headings.add(line.index)
        elif level is not None:
            run.append(line)
    close_run()
    return frozenset(headings)
