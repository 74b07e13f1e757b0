"""The words of a subject (DESIGN §2b): jieba tokens tagged by a spaCy EntityRuler.

``tag_words`` splits a subject into words and tags each from the lexicons:

- time/agent/verb words (``实际``, ``全年``, ``我局``: label LEAD);
- metric words (``支出``, ``决算数``: label METRIC, the metric key as entity id);
- generic suffixes (``资金``, ``经费``, ``专项``: label SUFFIX);
- scope words (``财政拨款``, ``区本级``, ``基本支出``: label SCOPE).

Word boundaries matter: ``共青团`` does not start with the lead word ``共``,
``收支出`` does not end with ``支出``. crosscheck/align/names.py compares the names
of two facts by these words.

``string_core`` is the cheap edge cut on characters (no jieba, no spaCy): a
subject's lead words, own-metric words and suffixes, so that ``三公经费支出`` (an
expenditure) and ``三公经费`` have one core, ``三公``; a scope word is never cut
into (``项目支出`` keeps its ``支出``).

The tokenizer is jieba with its default dictionary plus every lexicon word as a
user word (so a lexicon word is one token); the tagger is a blank spaCy ``zh``
pipeline using that tokenizer and an EntityRuler whose patterns are the lexicon
words. Both are heavy to load (about a second each), so they are built on first
use only: a document whose names never need comparing by words loads neither.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from crosscheck import lexicons
from crosscheck.align.qualifiers import PLACE_LEVEL_KIND

if TYPE_CHECKING:
    import jieba
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

# A lexicon word must win over jieba's own split of it: its frequency is set
# far above any word of the default dictionary's (the largest is about 10⁶).
_LEXICON_WORD_FREQ = 10**7


@dataclass(frozen=True, slots=True)
class TaggedWord:
    text: str
    label: str  # LEAD, METRIC, SUFFIX, SCOPE or "" (a content word)
    metric: str = ""  # the metric key of a METRIC word


@cache
def _tagged_lexicon() -> dict[str, tuple[str, str]]:
    """Every lexicon word -> (label, metric key). Later sources do not override earlier ones."""
    words: dict[str, tuple[str, str]] = {}
    for row in lexicons.rows("scope_words"):
        if row["kind"] != PLACE_LEVEL_KIND:  # 全县 is light in a name: a statement's level
            words.setdefault(row["word"], ("SCOPE", ""))
    leads = {r["word"] for r in lexicons.rows("subject_words") if r["role"] == "lead"}
    for row in lexicons.rows("metrics"):
        if len(row["word"]) == 1 and row["word"] in leads:
            continue  # 共 opens a clause ("全市共组织…"); a 满分 only right before its number
        words.setdefault(row["word"], ("METRIC", row["key"]))
    for row in lexicons.rows("subject_words"):
        if row["role"] in ("lead", "verb"):
            words.setdefault(row["word"], ("LEAD", ""))
        elif row["role"] == "suffix":
            words.setdefault(row["word"], ("SUFFIX", ""))
    return words


class _JiebaTokenizer:
    """A spaCy tokenizer that splits with a jieba tokenizer (no spaces in Chinese)."""

    def __init__(self, vocab: Vocab, segmenter: jieba.Tokenizer) -> None:
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        words = [w for w in self.segmenter.cut(text, HMM=True) if w.strip()]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


@cache
def segmenter() -> jieba.Tokenizer:
    """jieba with every lexicon word added as a user word."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict…" on the user's terminal
    tokenizer = jieba.Tokenizer()
    for word in _tagged_lexicon():
        tokenizer.add_word(word, freq=_LEXICON_WORD_FREQ)
    return tokenizer


@cache
def pipeline() -> Language:
    """A blank spaCy ``zh`` pipeline: the jieba tokenizer and an EntityRuler from the lexicons."""
    import spacy

    nlp = spacy.blank("zh")
    nlp.tokenizer = _JiebaTokenizer(nlp.vocab, segmenter())
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": label, "pattern": word, **({"id": metric} if metric else {})}
            for word, (label, metric) in _tagged_lexicon().items()
        ]
    )
    return nlp


@lru_cache(maxsize=16384)
def tag_words(subject: str) -> tuple[TaggedWord, ...]:
    """The subject's words, an entity (which may span several tokens) counting as one word."""
    doc = pipeline()(subject)
    entity_at = {ent.start: ent for ent in doc.ents}
    words: list[TaggedWord] = []
    i = 0
    while i < len(doc):
        ent = entity_at.get(i)
        if ent is not None:
            words.append(TaggedWord(ent.text, ent.label_, ent.ent_id_))
            i = ent.end
        else:
            words.append(TaggedWord(doc[i].text, ""))
            i += 1
    return tuple(words)


@cache
def _string_edges() -> tuple[tuple[str, ...], dict[str, str], tuple[str, ...]]:
    """(lead words, metric word -> key, scope words), longest first."""
    tagged = _tagged_lexicon()
    by_length = sorted(tagged, key=len, reverse=True)
    leads = tuple(w for w in by_length if tagged[w][0] == "LEAD")
    tails = {w: tagged[w][1] for w in by_length if tagged[w][0] in ("METRIC", "SUFFIX")}
    scopes = tuple(w for w in by_length if tagged[w][0] == "SCOPE")
    return leads, tails, scopes


@cache
def _suffix_words() -> tuple[str, ...]:
    """The generic suffixes (资金, 经费, 项目…) of lexicons/subject_words.tsv, longest first."""
    tagged = _tagged_lexicon()
    return tuple(w for w in _string_edges()[1] if tagged[w][0] == "SUFFIX")


@lru_cache(maxsize=65536)
def without_suffixes(name: str) -> str:
    """A name without the generic suffixes that end it (资金, 经费, 项目): "年中追加调整资金"
    and "年中追加调整" name one amount. Its other words stay as written, and a short name
    keeps its suffix (公用经费, 地方资金: 公用 and 地方 alone name nothing)."""
    suffixes = _suffix_words()
    core = name
    while tail := next(
        (w for w in suffixes if core.endswith(w) and len(core) - len(w) >= MIN_SUFFIXED_CORE),
        None,
    ):
        core = core[: -len(tail)]
    return core


# The least a name keeps when its suffix is cut (links.py's plain names are at least this).
MIN_SUFFIXED_CORE = 4


@lru_cache(maxsize=65536)
def without_leading_suffixes(rest: str) -> str:
    """What follows an item's name without the generic suffixes that close that name:
    "困难居民医疗救助" + "经费完成救助辖区内困难居民" -> "完成救助辖区内困难居民"."""
    while head := next((w for w in _suffix_words() if rest.startswith(w)), None):
        rest = rest[len(head) :]
    return rest


# A metric word that only says what kind of item a name is, under another measure: the
# budget of "公务接待费支出" is the budget of 公务接待费 (an expense, 费, is spent by name).
_ITEM_KIND_UNDER = frozenset(
    {
        ("expenditure", "budget"),
        ("expenditure", "initial_budget"),
        ("expenditure", "adjusted_budget"),
    }
)


@cache
def _expense_ends() -> tuple[str, ...]:
    """lexicons/subject_words.tsv expense_end: what ends an expense's name (费)."""
    return tuple(r["word"] for r in lexicons.rows("subject_words") if r["role"] == "expense_end")


def _ends_an_expense(words: str, metric: str | None, tails: dict[str, str]) -> bool:
    """``words`` end with an expense's name (会议费), maybe followed by its own metric word
    (会议费预算: "会议费预算支出" is the 会议费's budget)."""
    if words.endswith(_expense_ends()):
        return True
    own = next((w for w, key in tails.items() if key == metric and words.endswith(w)), None)
    return own is not None and words[: -len(own)].endswith(_expense_ends())


@lru_cache(maxsize=65536)
def string_core(subject: str, metric: str | None) -> str:
    """A subject's edges cut on characters: lead words, own-metric words and suffixes.

    Cheap (no jieba, no spaCy). A scope word is never cut into (项目支出 keeps its 支出).
    """
    leads, tails, scopes = _string_edges()
    core = subject
    changed = True
    while changed:
        changed = False
        lead = next((w for w in leads if core.startswith(w) and len(core) > len(w)), None)
        if lead is not None:
            core, changed = core[len(lead) :], True
        if core.endswith(scopes):
            continue
        tail = next(
            (
                w
                for w, key in tails.items()
                if core.endswith(w)
                and len(core) > len(w)
                and (
                    key in ("", metric)
                    # …only after an expense's name (公务接待费支出, 办公费支出): 教育支出 and
                    # …收入安排的支出 keep theirs, 支出 telling them from 教育费附加, …收入
                    or (
                        (key, metric) in _ITEM_KIND_UNDER
                        and _ends_an_expense(core[: -len(w)], metric, tails)
                    )
                )
            ),
            None,
        )
        if tail is not None:
            core, changed = core[: -len(tail)], True
    return core
