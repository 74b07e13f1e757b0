"""Subjects compared by words (DESIGN §2b): jieba tokens tagged by a spaCy EntityRuler.

The character-level key of a subject (``normalize_subject``) keeps whatever the
writer put around the name: ``三公经费支出`` and ``三公经费``, ``实际基本支出``
and ``基本支出决算数`` name one thing each but are different strings. Comparing
them by *words* drops what is not part of the name, on word boundaries:

- leading time/agent/verb words (``实际``, ``全年``, ``我局``: label LEAD);
- trailing metric words of the fact's own metric (``支出``, ``决算数`` on an
  expenditure: label METRIC, the metric key as entity id);
- trailing generic suffixes (``资金``, ``经费``, ``专项``: label SUFFIX);

and never drops a scope word (``财政拨款``, ``区本级``, ``基本支出``: label SCOPE),
so ``一般公共预算财政拨款基本支出`` stays apart from ``基本支出``. Word boundaries
matter: ``共青团`` does not start with the lead word ``共``, ``收支出`` does not
end with ``支出``.

The tokenizer is jieba with its default dictionary plus every lexicon word as a
user word (so a lexicon word is one token); the tagger is a blank spaCy ``zh``
pipeline using that tokenizer and an EntityRuler whose patterns are the lexicon
words. Both are heavy to load (about a second each), so they are built on first
use only, and used only for the subjects that need them (see ``needs_words``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from crosscheck import lexicons

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


@dataclass(frozen=True, slots=True)
class WordKey:
    """A subject compared by words: the name left once its edges are dropped."""

    name: str  # "" when only generic words are left: never linked
    scope: tuple[str, ...]  # the scope words inside the name (区本级, 财政拨款 …)


@cache
def _tagged_lexicon() -> dict[str, tuple[str, str]]:
    """Every lexicon word -> (label, metric key). Later sources do not override earlier ones."""
    words: dict[str, tuple[str, str]] = {}
    for row in lexicons.rows("scope_words"):
        words.setdefault(row["word"], ("SCOPE", ""))
    for row in lexicons.rows("metrics"):
        words.setdefault(row["word"], ("METRIC", row["key"]))
    for row in lexicons.rows("subject_words"):
        if row["role"] in ("lead", "verb"):
            words.setdefault(row["word"], ("LEAD", ""))
        elif row["role"] == "suffix":
            words.setdefault(row["word"], ("SUFFIX", ""))
    return words


def needs_words(subject: str) -> bool:
    """Whether comparing ``subject`` by words could differ from comparing it as a string.

    Cheap (string tests only): a subject that neither starts with a lead word
    nor ends with a metric word or a suffix is its own word key, and jieba and
    spaCy are never loaded for it.
    """
    leads, tails, _ = _string_edges()
    return subject.startswith(leads) or subject.endswith(tuple(tails))


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


@lru_cache(maxsize=16384)
def word_key(subject: str, metric: str | None) -> WordKey:
    """``三公经费支出`` (expenditure) -> 三公; ``实际基本支出`` -> 基本支出; scope words kept.

    Only edges are dropped, and never the last word: the name left is a
    contiguous part of the subject, so two subjects with one word key share it
    as written.
    """
    from crosscheck.align.keys import normalize_subject

    words = list(tag_words(subject))
    while len(words) > 1 and words[0].label == "LEAD":
        words.pop(0)
    while len(words) > 1 and words[-1].label == "METRIC" and words[-1].metric == metric:
        words.pop()
    while len(words) > 1 and words[-1].label == "SUFFIX":
        words.pop()
    name = "".join(w.text for w in words)
    if not normalize_subject(name):
        name = ""  # only a generic word is left (项目, 资金): names nothing in particular
    scope = tuple(w.text for w in words if w.label == "SCOPE")
    return WordKey(name, scope)


@cache
def _string_edges() -> tuple[tuple[str, ...], dict[str, str], tuple[str, ...]]:
    """(lead words, metric word -> key, scope words), longest first."""
    tagged = _tagged_lexicon()
    by_length = sorted(tagged, key=len, reverse=True)
    leads = tuple(w for w in by_length if tagged[w][0] == "LEAD")
    tails = {w: tagged[w][1] for w in by_length if tagged[w][0] in ("METRIC", "SUFFIX")}
    scopes = tuple(w for w in by_length if tagged[w][0] == "SCOPE")
    return leads, tails, scopes


@lru_cache(maxsize=65536)
def string_core(subject: str, metric: str | None) -> str:
    """``word_key`` approximated on characters: lead words, own-metric words and suffixes cut.

    Cheap (no jieba, no spaCy): two subjects are compared by words only when
    their string cores are equal, so the word tools load only for documents
    where a variant name may hide a shared fact. A scope word is never cut
    into (项目支出 keeps its 支出).
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
                if core.endswith(w) and len(core) > len(w) and key in ("", metric)
            ),
            None,
        )
        if tail is not None:
            core, changed = core[: -len(tail)], True
    return core


@dataclass(frozen=True, slots=True)
class WordMatch:
    """Subjects written differently that name one thing, by words."""

    name: str  # the shared word key
    subjects: tuple[str, ...]  # the character-level subjects it joins (≥ 2)
    scope: tuple[str, ...]  # the scope words they share


def word_matches(
    subjects: list[str],
    metric: str | None,
    worth_comparing: Callable[[list[str]], bool] = lambda _: True,
) -> list[WordMatch]:
    """Groups of distinct subjects (of one metric, scope and period) with one word key.

    Only subjects whose string cores coincide, and that the caller finds worth
    comparing (their values disagree: joining agreeing values changes nothing),
    are tagged at all, so a report whose variants all agree never loads jieba
    or spaCy. A word key that is empty (generic words only) joins nothing.
    """
    by_core: dict[str, list[str]] = {}
    for subject in subjects:
        if needs_words(subject):
            by_core.setdefault(string_core(subject, metric), []).append(subject)
    matches: list[WordMatch] = []
    for core, candidates in by_core.items():
        plain = [s for s in subjects if s == core and s not in candidates]
        candidates = candidates + plain
        if len(candidates) < 2 or not worth_comparing(candidates):
            continue
        by_key: dict[WordKey, list[str]] = {}
        for subject in candidates:
            key = word_key(subject, metric)
            if key.name:
                by_key.setdefault(key, []).append(subject)
        matches.extend(
            WordMatch(key.name, tuple(joined), key.scope)
            for key, joined in by_key.items()
            if len(joined) >= 2
        )
    return matches
