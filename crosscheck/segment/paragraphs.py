"""Page-wrap joining and sentence splitting.

PDF exports cut sentences at page ends and put a blank line in the cut
(``…占比\\n\\n1.78%；``). A line that ends without line-final punctuation continues on the
next non-blank line, unless one of the two lines is a standalone kind of line (a bracketed
figure caption, a table title or a form note) or the line is too short to be a full
printed line (then it is a title: ``岳麓区医疗保障局``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex

from crosscheck.captions import is_table_number
from crosscheck.lexicons import rows
from crosscheck.types import Span

# A line cut by a page or line wrap is a full printed line; shorter lines without final
# punctuation are titles (岳麓区医疗保障局, 2022年城乡医疗救助项目自评报告).
WRAP_MIN_CHARS = 20
# A table title is short (部门整体支出绩效评价基础数据表).
TITLE_MAX_CHARS = 60
# A line this long with sentence punctuation reads as prose (经自评，该项目得分为96分。).
PROSE_MIN_CHARS = 10


@dataclass(frozen=True, slots=True)
class _Vocab:
    """The punctuation and cue words, built once from the lexicons (hot paths read fields)."""

    line_end: str
    prose_marks: str  # sentence ends and clause marks (。；，)
    remark_open: str  # brackets that open a remark: （ ( 【 [
    closers: str  # with the spaces a line end may carry after them
    notes: tuple[str, ...]
    title: regex.Pattern[str]
    sentence: regex.Pattern[str]


@cache
def _vocab() -> _Vocab:
    punctuation: dict[str, str] = {}
    for row in rows("segment_punctuation"):
        punctuation[row["role"]] = punctuation.get(row["role"], "") + row["char"]
    cues: dict[str, list[str]] = {}
    for row in rows("segment_cues"):
        cues.setdefault(row["kind"], []).append(row["cue"])
    suffixes = "|".join(
        regex.escape(c) for c in sorted(cues["title_suffix"], key=len, reverse=True)
    )
    ends = regex.escape(punctuation["sentence_end"])
    closers = regex.escape(punctuation["closer"])
    # A sentence starts at a non-space and runs to its terminator (plus closing quotes and
    # brackets) or to the last non-space of the piece: spans come out already stripped.
    sentence = regex.compile(rf"\S(?:[^{ends}]*[{ends}]+[{closers}]*|[^{ends}]*\S|)")
    return _Vocab(
        line_end=punctuation["line_end"],
        prose_marks=punctuation["sentence_end"] + punctuation["clause"],
        remark_open=punctuation["remark_open"],
        closers=punctuation["closer"] + " \t\u3000",
        notes=tuple(cues["note_prefix"]),
        title=regex.compile(rf"(?:{suffixes})(?:[（(][^（()）]*[）)])?$"),
        sentence=sentence,
    )


def body_is_note(body: str) -> bool:
    """``说明：…``, ``填表人：…``, ``填报单位：``: a form note around a table."""
    return body.startswith(_vocab().notes)


def body_is_prose(body: str) -> bool:
    """A line of running text: long enough and punctuated as a sentence (``，`` ``。`` ``；``),
    not a bracketed remark (``（含上年结转，按调整后预算计算。）``)."""
    vocab = _vocab()
    return (
        len(body) >= PROSE_MIN_CHARS
        and body[0] not in vocab.remark_open
        and any(c in vocab.prose_marks for c in body)
    )


def body_is_title(body: str) -> bool:
    """``整体支出绩效自评表``, ``项目支出绩效自评表（一个项目支出一张表）``: a table title."""
    core = body.replace("**", "").strip()
    if is_table_number(core):
        return False  # 公开01表, 表3: the table's number, its title is beside it
    return 2 <= len(core) <= TITLE_MAX_CHARS and _vocab().title.search(core) is not None


def body_is_parenthetical(body: str) -> bool:
    """A whole bracketed line: ``（图3：支出决算结构图）（饼状图）``, ``(主管部门自评)``."""
    return body[:1] in "（(" and body[-1:] in "）)"


def body_is_standalone(body: str) -> bool:
    """A line that neither continues another nor is continued."""
    return body_is_parenthetical(body) or body_is_note(body) or body_is_title(body)


def body_ends_open(body: str) -> bool:
    """True when ``body`` ends without line-final punctuation (``…占比``, ``…（款）``)."""
    vocab = _vocab()
    core = body.rstrip(vocab.closers)
    return bool(core) and core[-1] not in vocab.line_end


def is_wrap(previous_body: str, next_body: str) -> bool:
    """True when the break between two text lines is a wrap inside one sentence."""
    return (
        len(previous_body) >= WRAP_MIN_CHARS
        and body_ends_open(previous_body)
        and len(previous_body.replace("**", "")) >= WRAP_MIN_CHARS
        and not body_is_standalone(previous_body)
        and not body_is_standalone(next_body)
    )


def spans_to_sentences(text: str, pieces: Sequence[tuple[int, int]]) -> tuple[Span, ...]:
    """Sentences of a paragraph given as pieces that real line breaks separate.

    A sentence ends after 。；！？ (full or half width) and the quotes/brackets that close it,
    or at the end of a piece. Spans are stripped of surrounding whitespace; no empty ones,
    none that is only ** bold markers.
    """
    out: list[Span] = []
    sentence = _vocab().sentence
    for start, end in pieces:
        for match in sentence.finditer(text, start, end):
            lo, hi = match.span()
            if text[lo] == "*" and not text[lo:hi].strip("*"):
                continue
            out.append(Span(lo, hi))
    return tuple(out)
