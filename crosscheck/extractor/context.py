"""What a quantity measures, read off the words right before it.

Only the obvious attachment is made here: a metric word from
lexicons/metrics.tsv that ends right before the quantity (connectors such as
为/是/达到/： in between), or a phrase of lexicons/metric_patterns.tsv (占…的).
Subject/scope/period keying lives in crosscheck/align (DESIGN §2b), where
subjects written two ways are compared by words with jieba and spaCy.

This runs once per quantity and is the hot path of extraction, so it works on
a short window with plain string operations.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from crosscheck import config, lexicons

# Words between a metric and its number that do not change the meaning:
# 执行率为114%, 得分为97分, 完成率达到100%, 共计救助6419人次.
# * : PDF bold markers (**1,236.74**); \r \n: a PDF line wrapped between the metric word and
# its number ("年初预算为⏎161.62万元").
_CONNECTOR_CHARS = " \u3000\t\r\n：:为是达共约了仅已均*"
# Two-character connectors left once the single characters are stripped (分别为 -> 分别).
_CONNECTOR_WORDS = frozenset(("分别", "达到", "共计", "合计", "总计", "累计"))
# Clause boundaries: money words must be in the same clause as the number.
_CLAUSE_TAIL = regex.compile(r"[^，,。；;！？!?\n（）()“”、]*$")


@lru_cache(maxsize=1)
def _metrics() -> dict[str, tuple[tuple[str, frozenset[str]], ...]]:
    """word -> its (key, kinds) rows: one word may name a rate and an amount
    (增长5% is a growth rate, 增长15.30万元 a change amount)."""
    out: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for row in lexicons.rows("metrics"):
        kinds = frozenset(k for k in row["kinds"].split(",") if k)
        out.setdefault(row["word"], []).append((row["key"], kinds))
    return {word: tuple(entries) for word, entries in out.items()}


@lru_cache(maxsize=1)
def _metric_lengths() -> dict[str, tuple[int, ...]]:
    """Last character -> the lengths of the metric words ending with it, longest first:
    only those lengths can match before a number, most windows end with none of them."""
    lengths: dict[str, set[int]] = {}
    for word in _metrics():
        lengths.setdefault(word[-1], set()).add(len(word))
    return {last: tuple(sorted(found, reverse=True)) for last, found in lengths.items()}


@lru_cache(maxsize=1)
def _metric_patterns() -> tuple[tuple[str, str, frozenset[str]], ...]:
    return tuple(
        (row["pattern"], row["key"], frozenset(k for k in row["kinds"].split(",") if k))
        for row in lexicons.rows("metric_patterns")
    )


@lru_cache(maxsize=1)
def _phrase_anchors() -> frozenset[str]:
    """The character each phrase of lexicons/metric_patterns.tsv opens with (占…的, 较上年…,
    完成预算a万元的): a window without any of them matches none."""
    return frozenset(pattern[0] for pattern, _, _ in _metric_patterns())


@lru_cache(maxsize=1)
def _phrase_tail() -> regex.Pattern[str]:
    """The metric phrases as one pattern anchored at the end; group ``pN`` is phrase N."""
    phrases = "|".join(f"(?P<p{i}>{p})" for i, (p, _, _) in enumerate(_metric_patterns()))
    return regex.compile(rf"(?:{phrases})$")


@lru_cache(maxsize=1)
def _money_words() -> regex.Pattern[str]:
    return regex.compile("|".join(map(regex.escape, lexicons.words("money_context"))))


def _strip_connectors(clause: str) -> str:
    """Drop the connectors between a metric word and its number (为, 达到, ：…)."""
    while True:
        stripped = clause.rstrip(_CONNECTOR_CHARS)
        if stripped[-2:] in _CONNECTOR_WORDS:
            stripped = stripped[:-2]
        if stripped == clause:
            return clause
        clause = stripped


def _metric_ending(window: str, kind: str) -> tuple[str, str] | None:
    """``(key, word)`` of the longest metric word of ``kind`` that ends ``window``."""
    metrics = _metrics()
    for length in _metric_lengths().get(window[-1:], ()):
        if length > len(window):
            continue
        word = window[-length:]
        for key, kinds in metrics.get(word, ()):
            if not kinds or kind in kinds:
                return key, word
    return None


def metric_before(text: str, start: int, kind: str) -> tuple[str, str] | None:
    """``(key, word)`` of the metric word written right before ``start``, if any."""
    raw = text[max(0, start - config.METRIC_WINDOW) : start]
    metrics = _metrics()
    # A metric word that ends with its connector ("预算调整为842.50万元": adjusted to, not
    # adjusted by) is looked for before the connectors are dropped.
    written = raw.rstrip(" \u3000\t")
    window = _strip_connectors(raw)
    ending = _metric_ending(written, kind) or _metric_ending(window, kind)
    if ending is not None:
        return ending
    # A connector that is itself the metric word when nothing else names one: "决策指标
    # 共15分" (the indicator's full score, where "得分共95分" is a score).
    connector = written[-1:]
    for key, kinds in metrics.get(connector, ()) if connector else ():
        if kind in kinds:
            return key, connector
    # A phrase may be longer than a metric word: it names the whole between 占 and 的.
    phrase_window = _strip_connectors(text[max(0, start - config.METRIC_PHRASE_WINDOW) : start])
    if not any(anchor in phrase_window for anchor in _phrase_anchors()):
        return None  # every phrase opens with one of them: most windows need no regex
    found = _phrase_tail().search(phrase_window)
    if found is None or found.lastgroup is None:
        return None
    _, key, kinds = _metric_patterns()[int(found.lastgroup[1:])]
    if kinds and kind not in kinds:
        return None
    return key, found.group()


def clause_before(text: str, start: int, window: int) -> str:
    """The part of the current clause that precedes ``start`` (at most ``window`` chars)."""
    found = _CLAUSE_TAIL.search(text, max(0, start - window), start)
    return found.group() if found else ""


def clause_mentions_money(text: str, start: int) -> bool:
    """True when the clause before ``start`` talks about money (收入, 经费, 支付 …)."""
    clause = clause_before(text, start, config.MONEY_CONTEXT_WINDOW)
    return _money_words().search(clause) is not None
