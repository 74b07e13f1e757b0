"""Alignment: the key of every mention, and the groups of mentions that state one fact."""

from crosscheck.align.keys import Fact, facts_of, normalize_subject

__all__ = ["Fact", "facts_of", "normalize_subject"]
