"""Shared fixtures: the corpus and the peer suites from ../shared (when present)."""

from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.compare import Agreement

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SEEDS = sorted(CORPUS.glob("0*.txt"))
# The shared folder sits beside the checkout on developer machines and in CI;
# a user's clone may not have it, and tests that need it then skip.
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    assert len(SEEDS) == 5, "the five seed reports belong in corpus/"
    return SEEDS


def link_pairs(text) -> set[tuple[str, str, Agreement]]:
    """(a's surface, b's surface, agreement) of every link ``check`` makes in ``text`` (a
    text or a path)."""
    import crosscheck

    return {
        (
            link.a.mention.quantity.surface.strip(),
            link.b.mention.quantity.surface.strip(),
            link.agreement,
        )
        for group in crosscheck.check(text).aligned
        for link in group.links
    }


def value_conflict(source):
    """The one CC201 finding ``check`` gives on ``source`` (a text or a path); fails on none
    or several."""
    import crosscheck

    (conflict,) = [f for f in crosscheck.check(source).findings if f.rule == "CC201"]
    return conflict
