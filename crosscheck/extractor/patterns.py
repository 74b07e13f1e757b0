"""The quantity pattern, composed from small named fragments and the lexicons.

One compiled ``regex`` pattern finds every candidate quantity in the whole
(normalised) text in a single pass; the Python that follows only looks at the
matches. Every fragment has a comment saying what it guards against.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from crosscheck import lexicons

# -- numerals ---------------------------------------------------------------
# Arabic: thousands separators only in strict groups of three, so "12，345" is
# one number but "54，3200" stays two.
# The thousands groups are possessive and at most seven (10²¹, far above any budget):
# nothing after a numeral starts with a digit or a comma, so giving a group back can
# never let the rest match; unbounded, a long line of "123,123,…" was read to its end
# from each of its numbers (quadratic). A group followed by a digit ends the chain
# ("12,3456" is 12, as before).
ARABIC = r"""
    (?: [0-9]{1,3} (?: [,，] [0-9]{3} (?![0-9]) ){1,7}+ | [0-9]++ )
    (?: \. [0-9]++ )?
"""
# Mixed forms: 1亿2千(万元), 12万5千(人). A group needs digits after 万/亿, so
# "3千万元" keeps 千万 as its scale.
# At most three groups (1亿2千万3千 has two): "1万1万1万…" is tried from every digit,
# and an unbounded chain made that quadratic.
ARABIC_COMPOUND = rf"""
    {ARABIC} (?: [万亿] [0-9]++ (?: \. [0-9]++ )? [千百十]? ){{0,3}}
"""
CN_DIGIT = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_SMALL_UNIT = "十百千拾佰仟"
# Chinese numerals start with a digit or 十/拾 (十二个), never with 百/千/万 alone
# (千家万户, 千方百计 are idioms). 万/亿 stay inside the numeral only when more
# numeral follows (三万四千五百六十七); a trailing 万/亿 is the scale.
# Spaces between the characters are tolerated ("一 百 五 十"): text extracted from
# PDFs spaces them out.
# A unit character never follows another one (七十百分位 is 七十 + 百分位), and a
# bare 百/千 is a numeral only before 余/多 (百余人, 千余家).
# Both parts are bounded (MAX_CN_NUMERAL characters after the first): a numeral is tried
# from each of its characters, and an unbounded one made a run of "一一一…" or "一 一 …"
# quadratic. The longest numeral of the specs (四千五百六十九万八千三百一十一亿四千八百
# 七十二万五千三百八十二, a peer test case) has 31 characters.
MAX_CN_NUMERAL = 48
CHINESE = rf"""
    (?: [{CN_DIGIT}十拾]
        (?: [ ]* (?: [{CN_DIGIT}]
                   | (?<! [{CN_SMALL_UNIT}] [ ]* ) [{CN_SMALL_UNIT}]
                   | [万亿] (?= [ ]* [{CN_DIGIT}{CN_SMALL_UNIT}] ) ) ){{0,{MAX_CN_NUMERAL}}}
        (?: [ ]* 点 [ ]* [{CN_DIGIT}] (?: [ ]* [{CN_DIGIT}] ){{0,{MAX_CN_NUMERAL}}} )?
      | [百千] (?= [ ]* [余多] ) )
"""
NUMERAL = rf"(?: {ARABIC_COMPOUND} | {CHINESE} )"

# Horizontal space, and at most one line break that is neither a blank line nor
# the start of a flattened-table cell ("0万\n元" is one amount; "120\n\n万元" is not).
# Markdown bold markers from PDF conversion may sit inside: **21**亿元.
GAP = r"(?: (?: \*\* )? [ \u3000]* (?: \n (?![ \u3000]*[\n\t]) [ \u3000]* )? )"
# 余/多 after the numeral (9200余万元, 1800 余人, 10多家); a space may precede it.
APPROX_INFIX = r"[ \u3000]* [余多]"
RANGE_SEPARATOR = r"(?: 至 | 到 | ~ | - | — | – )"
# 角/毛 (tenths) and 分 (hundredths) after 元: 五元三毛 = 5.3, 50元6角三分 = 50.63.
_SUB_NUMERAL = r"(?: [0-9] | [零一二两三四五六七八九壹贰叁肆伍陆柒捌玖] )"
YUAN_SUBUNITS = rf"""
    (?: (?P<jiao> {_SUB_NUMERAL} ) [角毛] )? (?: (?P<fen> {_SUB_NUMERAL} ) 分 (?! [\p{{Han}}] ) )?
"""
# 15k% / 3.2k: a thousands suffix on Arabic numerals.
KILO = r"(?P<kilo> [ ]* [kK] (?! [A-Za-z] ) )?"


# A year as written: four digits, 19xx or 20xx (a fragment, no group).
YEAR = r"(?:19|20)[0-9]{2}"


# -- list-item markers -------------------------------------------------------
# The numbering that opens a list item ("1、", "2.", "（3）", "(四)", "⑤", "六、"), one
# fragment per style, and the number inside it on its own so that a caller can
# capture it. Two digits at most: "2023." is a year, not item 2023.
ITEM_DIGITS = r"[0-9]{1,2}"
ITEM_CN_DIGITS = r"[一二三四五六七八九十]{1,3}"
ITEM_DELIMITER = r"[、.．]"
ITEM_OPEN = r"[（(]"
ITEM_CLOSE = r"[)）]"
CIRCLED_NUMBERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
ITEM_CIRCLED = r"[①-⑳]"
# The code of an indicator in an evaluation's 指标体系 opening its paragraph: "C103获奖选手…：",
# "B201预算执行率：" (a letter per 一级指标, then the 二级 and 三级 numbers).
INDICATOR_CODE = r"[A-Z][0-9]{2,4}(?=\p{Han})"
LIST_MARKER = (
    rf"(?:{ITEM_DIGITS}{ITEM_DELIMITER}|{ITEM_OPEN}[0-9一二三四五六七八九十]{{1,3}}{ITEM_CLOSE}"
    rf"|{ITEM_CIRCLED}|{ITEM_CN_DIGITS}、)"
)


# A list item opened by its marker or by an indicator's code, after the line's indent.
ITEM_OPENER = rf"[ \t\u3000]*(?:{LIST_MARKER}|{INDICATOR_CODE})"

_SHAPE_CN_DIGITS = regex.compile(ITEM_CN_DIGITS)
_SHAPE_DIGITS = regex.compile(r"[0-9]+")
_SHAPE_CIRCLED = regex.compile(ITEM_CIRCLED)


def numbering_shape(marker: str) -> str:
    """The shape of a list marker, its number left out: "一、" and "二、" alike, "①" and
    "③" alike, "31." and "32." alike, "C102" and "C103" alike; "1." and "（1）" differ."""
    shape = _SHAPE_CN_DIGITS.sub("一", marker.strip())
    return _SHAPE_CIRCLED.sub("①", _SHAPE_DIGITS.sub("9", shape))


def circled_value(raw: str) -> int | None:
    """① -> 1 … ⑳ -> 20; None for anything else."""
    return CIRCLED_NUMBERS.index(raw) + 1 if len(raw) == 1 and raw in CIRCLED_NUMBERS else None


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _guarded(word: str, not_before: str) -> str:
    # A measure word followed by what makes it part of another word is no unit:
    # 3人员? no; 个人账户, 项目, 所有 …
    escaped = regex.escape(word)
    return f"{escaped}(?:(?!{not_before}))" if not_before else escaped


def _spaced(word: str) -> str:
    """``百分之`` -> ``百[ ]*分[ ]*之``: PDF text may space out every character."""
    return "[ ]*".join(regex.escape(ch) for ch in word)


def _percent_word_alternation() -> str:
    return "|".join(_spaced(w) for w in lexicons.words("percent_words"))


def _scale_alternation() -> str:
    return _alternation(lexicons.words("scales"))


def _measure_alternation() -> str:
    rows = sorted(lexicons.rows("measure_words"), key=lambda r: (-len(r["word"]), r["word"]))
    return "|".join(_guarded(r["word"], r["not_before"]) for r in rows)


def _physical_alternation() -> str:
    """The units of physical measures (lexicons/measure_units.tsv), longest first, guarded."""
    rows = sorted(lexicons.rows("measure_units"), key=lambda r: (-len(r["word"]), r["word"]))
    return "|".join(_guarded(r["word"], r["not_before"]) for r in rows)


def _first_chars(lexicon: str) -> str:
    """A lookahead for the characters the words of ``lexicon`` start with.

    Most numbers in a report are followed by none of the ~100 measure words and units
    (2023年, 1、, 12月): one class test rejects them where trying every guarded word
    in turn took ~15 % of the whole pattern's time. It changes no match.
    """
    chars = sorted({regex.escape(w[0]) for w in lexicons.words(lexicon)})
    return f"(?= [{''.join(chars)}] )"


def _discount_alternation() -> str:
    """折 as a share of the full price (lexicons/discount_words.tsv), guarded: not 折合/折旧."""
    rows = lexicons.rows("discount_words")
    return "|".join(_guarded(r["word"], r["not_before"]) for r in rows)


def _yuan_alternation() -> str:
    rows = [r for r in lexicons.rows("amount_units") if r["role"] == "unit"]
    rows.sort(key=lambda r: -len(r["word"]))
    return "|".join(_guarded(r["word"], r["not_before"]) for r in rows)


def _yuan_prefix_class() -> str:
    rows = [r for r in lexicons.rows("amount_units") if r["role"] == "sign"]
    return "".join(regex.escape(r["word"]) for r in rows)


# A score's 分 must end the word: 97分， / 97分。 / 97分以上; never 分钟, 分之, 分别.
# "90分为优秀" is a score too (but 分为 after a bare word is not: no number there).
SCORE_UNIT = r"分 (?= [^\p{Han}] | $ | 以上 | 以下 | 左右 | 及以上 | 的 | 为 )"
# 成 as a tenth (三成 = 30%) likewise ends the word: not 成本, 成效, 成员.
# 三成半 = 35 %, 七成六 = 76 % (group tenth_extra).
TENTH_UNIT = rf"""成 (?: [ ]* (?P<tenth_extra> 半 | [{CN_DIGIT}] (?![{CN_DIGIT}十百千万亿个成]) ) )?
    (?= [^\p{{Han}}] | $ | 以上 | 以下 | 左右 | 多 )"""


def _range_head_chars() -> str:
    """Every character a range head can be written with before its separator: the
    numerals, the gaps, the percent words, the scales and the units of ``lo``."""
    chars = set("0123456789,，.*%‰个百分点元点万亿 \u3000\n" + CN_DIGIT + CN_SMALL_UNIT)
    for word in (
        *lexicons.words("percent_words"),
        *lexicons.words("scales"),
        *lexicons.words("measure_units"),
    ):
        chars.update(word)
    return "".join(regex.escape(c) for c in sorted(chars))


# The longest range head (numeral, gaps, scale, unit) the guard looks through for its
# separator. Real heads are under 20 characters ("1,234.5万元-", "一 百 五 十 万 元 至");
# unbounded, the guard scanned a whole run of numeral characters ("万万万…",
# "个百分点个百分点…") from each of its positions: quadratic in the run's length.
MAX_RANGE_HEAD = 64


def _range_guard(guarded: bool) -> str:
    """A lookahead that a range head can match here (or nothing when not ``guarded``).

    The head is tried at every candidate and backtracks through every way of
    reading a number, which was half the time of the whole pattern; it can only
    match where a separator follows a run of the characters it is written with,
    and testing that first takes a few steps. Which quantities are found does not
    change: tests/test_extract_patterns.py compares with the unguarded pattern.
    """
    if not guarded:
        return ""
    return rf"(?= [{_range_head_chars()}]{{0,{MAX_RANGE_HEAD}}}? {RANGE_SEPARATOR} )"


@lru_cache(maxsize=1)
def quantity_pattern() -> regex.Pattern[str]:
    """The one pattern, compiled once."""
    return compile_quantity_pattern()


def compile_quantity_pattern(*, guarded: bool = True) -> regex.Pattern[str]:
    """The one pattern (``guarded=False``: without the range guard, for its test). Named groups:

    ``lo*``: the first end of a range (3000万 in 3000万至5000万元);
    ``pct_word``: 百分之/千分之 before the numeral; ``sign``; ``num``;
    ``approx``: 余/多; ``scale``; ``unit``: 元 % ‰ 个百分点 分 成 折, a measure word
    (``u_measure``: a count) or a physical unit (``u_physical``: 亩, 公里, 吨 …);
    ``yuan_sign``: ¥ before the numeral.
    """
    scale = _scale_alternation()
    percent_words = _percent_word_alternation()
    measure = _measure_alternation()
    physical = _physical_alternation()
    yuan = _yuan_alternation()
    colloquial = _alternation(
        tuple(r["word"] for r in lexicons.rows("amount_units") if r["role"] == "colloquial")
    )
    unit = rf"""
        (?P<unit>
            (?P<u_pp> 个 [ ]* 百 [ ]* 分 [ ]* 点 | 百 [ ]* 分 [ ]* 点 )
          | (?P<u_pct> [%‰] )
          | (?P<u_yuan> {yuan} ) {YUAN_SUBUNITS}
          | (?P<u_score> {SCORE_UNIT} )
          | (?P<u_tenth> {TENTH_UNIT} )
          | {_first_chars("measure_words")} (?P<u_measure> {measure} )
          | {_first_chars("measure_units")} (?P<u_physical> {physical} )
          | (?P<u_discount> {_discount_alternation()} )
          | (?P<u_colloquial> {colloquial} )
        )
    """
    range_head = rf"""
        (?P<lo>
            (?P<lo_pct_word> {percent_words} )?
            (?P<lo_num> {NUMERAL} ) {GAP}
            (?P<lo_scale> {scale} )? {GAP}
            (?P<lo_unit> 个百分点 | 百分点 | [%‰] | 元 | {physical} )?
        ) {GAP} (?P<range_sep> {RANGE_SEPARATOR} ) {GAP}
    """
    # The unit is tried before the scale so that 3百分点 is 3 + 百分点, not 3百 + ?.
    tail = rf"""
        (?: {unit}
          | (?P<scale> {scale} ) (?P<approx2> {APPROX_INFIX} )? (?: {GAP} {unit} )? )
    """
    # After ¥ or 百分之 a scale needs its unit: 百分之七十百分位 ends at 七十.
    tail_with_unit = rf"""
        (?: {unit}
          | (?P<scale> {scale} ) (?P<approx2> {APPROX_INFIX} )? {GAP} {unit} )
    """
    # Every quantity starts with one of these characters; testing them first lets the
    # engine reject most positions in one step (4x faster on report text).
    first = rf"0-9{CN_DIGIT}十拾{_yuan_prefix_class()}百千佰仟万负+\-"
    pattern = rf"""
        (?= [{first}] )
        # Not inside a code, a URL or another number: A3纸, q=30%25, 1.5 (but >=90%).
        (?<! [0-9.A-Za-z%/&?#_@] | (?<! [<>≥≤] ) = )
        (?: {_range_guard(guarded)} {range_head} )?
        (?:
            # ¥ or 百分之 before the numeral: no unit needs to follow.
            # 五百分之2.2 is no percent: the fraction word must not continue a numeral.
            (?: (?P<yuan_sign> [{_yuan_prefix_class()}] ) [ ]*
              | (?<! [{CN_DIGIT}十百千万亿] ) (?P<pct_word> {percent_words} ) [ ]* )
            (?P<sign> [-+] | 负 )? (?P<num> {NUMERAL} | 百 (?! [ ]* [{CN_DIGIT}] ) ) {KILO}
            (?P<approx> {APPROX_INFIX} )? (?: {GAP} {tail_with_unit} )?
          | (?P<sign> [-+] | 负 )? (?P<num> {NUMERAL} ) {KILO} (?P<approx> {APPROX_INFIX} )?
            {GAP} {tail}
        )
    """
    return regex.compile(pattern, regex.VERBOSE | regex.V1)
