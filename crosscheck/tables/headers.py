"""Header words: which cells are column headers, and the canonical key of each.

The vocabulary is lexicons/table_headers.tsv. A header cell is compared after
removing whitespace, line breaks (``年度\\n指标值``) and a trailing bracketed
remark or unit (``全年预算数（万元）``, ``产出指标（50分)``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from crosscheck import lexicons

_SPACES = regex.compile(r"[\s\u3000]+")
_BRACKETED_TAIL = regex.compile(r"[（(][^（）()]*[)）]$")
# "2023年实际在职人数", "2022年决算数": the year is the column's period, not its meaning.
_BRACKETED_UNIT = regex.compile(
    r"[（(](?:金额)?(?:单位[:：])?\s*(万元|元|亿元|千元|百万元)\s*[)）]"
)
_YEAR_PREFIX = regex.compile(r"^(?:19|20)[0-9]{2}年度?")


@dataclass(frozen=True, slots=True)
class HeaderWord:
    key: str
    role: str  # label | value | note
    kind: str  # amount | percent | score | count | "" (text, or a measure by its bracketed unit)


@lru_cache(maxsize=65536)  # asked again for each row's label and each header cell
def normalize_header(text: str) -> str:
    """``"年度\\n指标值"`` -> ``"年度指标值"``; ``"全年预算数（万元）"`` -> ``"全年预算数"``."""
    squeezed = _SPACES.sub("", text)
    return _YEAR_PREFIX.sub("", _BRACKETED_TAIL.sub("", squeezed))


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, HeaderWord]:
    return {
        row["word"]: HeaderWord(row["key"], row["role"], row["kind"])
        for row in lexicons.rows("table_headers")
    }


@lru_cache(maxsize=65536)
def header_word(text: str) -> HeaderWord | None:
    """The header entry ``text`` stands for, if it is a known header word. A column headed
    "其中：基本支出" (the part of the 小计 beside it) holds what 基本支出 does."""
    normalized = normalize_header(text)
    found = _vocabulary().get(normalized)
    if found is None and (part := PART_OPENER.match(normalized)) is not None:
        found = _vocabulary().get(normalized[part.end() :])
    if found is None and (classified := _classified_item().match(normalized)) is not None:
        # "功能科目代码", "经济科目名称": the 科目 header of one classification; "支出项目":
        # the 项目 column of one half of a 收支总表.
        found = _vocabulary().get(normalized[classified.end("classifier") :])
    return found


@lru_cache(maxsize=1)
def _classified_item() -> regex.Pattern[str]:
    """A classification's words (lexicons/header_classifiers.tsv) before a 科目 or 项目
    header (功能科目代码, 支出项目)."""
    words = sorted((r["word"] for r in lexicons.rows("header_classifiers")), key=len, reverse=True)
    return regex.compile(rf"(?P<classifier>{'|'.join(map(regex.escape, words))})(?=科目|项目)")


# What opens the name of a part, in a header or a row label: "其中：基本支出", "其中：人员支出".
PART_OPENER = regex.compile(r"^(?:其中|含)\s*[：:]?\s*")


@lru_cache(maxsize=1)
def _by_key() -> dict[str, tuple[str, HeaderWord]]:
    """key -> (the first header word listed for it, its entry): the canonical name of a column."""
    out: dict[str, tuple[str, HeaderWord]] = {}
    for word, entry in _vocabulary().items():
        out.setdefault(entry.key, (word, entry))
    return out


def key_entry(key: str | None) -> tuple[str, HeaderWord] | None:
    """The canonical header word and entry of a column key (``execution_rate`` -> 执行率)."""
    return _by_key().get(key) if key else None


@lru_cache(maxsize=1)
def _bracketed_measure() -> regex.Pattern[str]:
    """``面积（亩）``, ``里程（公里）``, ``（单位：万亩）``: a bracket holding only a measure unit
    (lexicons/measure_units.tsv), with an optional scale (lexicons/scales.tsv)."""
    units = "|".join(map(regex.escape, lexicons.words("measure_units")))
    scales = "|".join(map(regex.escape, lexicons.words("scales")))
    return regex.compile(rf"[（(](?:单位[:：])?\s*(?P<scale>{scales})?(?P<unit>{units})\s*[)）]")


@lru_cache(maxsize=65536)
def bracketed_measure(text: str) -> tuple[str, str] | None:
    """``(scale, unit)`` of a measure unit in brackets: ``面积（万亩）`` -> ``("万", "亩")``."""
    match = _bracketed_measure().search(text)
    return (match.group("scale") or "", match.group("unit")) if match else None


@lru_cache(maxsize=65536)
def bracketed_unit(text: str) -> str | None:
    """The unit written in brackets in a header or label: ``全年预算数（万元）`` -> ``万元``."""
    match = _BRACKETED_UNIT.search(text)
    return match.group(1) if match else None


@lru_cache(maxsize=1)
def code_level_words() -> frozenset[str]:
    """The words that head one level of a 科目编码 written a level a column (类 | 款 | 项;
    lexicons/relation_cues.tsv role code_level)."""
    return frozenset(r["word"] for r in lexicons.rows("relation_cues") if r["role"] == "code_level")
