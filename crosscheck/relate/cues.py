"""Cue words as regex alternations, from the lexicons (lexicons/relation_cues.tsv, list_cues.tsv).

A role's words are joined longest first ("上年度" is tried before "上年"), each with
the fragment its ``follows`` column requires right after it.
"""

from __future__ import annotations

from functools import cache

import regex

from crosscheck import lexicons

RELATION_CUES = "relation_cues"


@cache
def cue_words(*roles: str, lexicon: str = RELATION_CUES) -> tuple[str, ...]:
    """The words of ``roles``, longest first."""
    found = {r["word"] for r in lexicons.rows(lexicon) if r["role"] in roles}
    return tuple(sorted(found, key=lambda w: (-len(w), w)))


@cache
def cues(*roles: str, lexicon: str = RELATION_CUES) -> str:
    """The words of ``roles`` as one alternation (without a group), longest first."""
    rows = sorted(
        {(r["word"], r.get("follows", "")) for r in lexicons.rows(lexicon) if r["role"] in roles},
        key=lambda row: (-len(row[0]), row),
    )
    if not rows:
        raise ValueError(f"no words of roles {roles} in lexicons/{lexicon}.tsv")
    return "|".join(
        regex.escape(word) + (f"(?:{follows})" if follows else "") for word, follows in rows
    )
