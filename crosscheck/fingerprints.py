"""A finding's fingerprint: what stays the same while the report around it is edited.

A reviewer who accepted a finding must not see it fail every later run (``--baseline``),
so a finding needs a name that survives edits elsewhere in the report. Offsets and line
numbers move whenever a paragraph is added above; what a finding *is* does not: its rule,
the texts it quotes and the sections they sit in. The fingerprint is a hash of exactly
those, normalised so that a re-typed space or a full-width digit does not change it:

- each evidence text: NFKC (full-width digits, ％ and letters become ASCII), whitespace
  removed; every digit is kept, so a changed number gives a new fingerprint;
- each evidence's section path, each heading without its numbering (``（二）专项支出`` is
  ``专项支出``): a section inserted above renumbers the later ones and must not change
  them, while the same quote under two different headings gives two fingerprints;
- the evidence pieces sorted, so that the order a rule lists them in does not matter.

Two findings with equal fingerprints (the same quotes in the same section) are told
apart by counting: a baseline records how many of each it accepted.
"""

from __future__ import annotations

import hashlib
import unicodedata

from crosscheck.types import Evidence, Finding

# The scheme's version: part of every hash, and recorded in baselines. Change it (and so
# every fingerprint) only when what is hashed changes.
FINGERPRINT_SCHEME = "1"
# Hex digits kept: 64 bits, far beyond the number of findings a report can hold.
FINGERPRINT_HEX_DIGITS = 16
# At most this many numberings open one heading (Markdown's ## before 一、).
HEADING_NUMBERINGS_MAX = 3
# Separators that cannot occur in normalised text (control characters are not kept).
_FIELD = "\x1f"
_RECORD = "\x1e"


def normalise_text(text: str) -> str:
    """NFKC, then without whitespace: ``"４ ８４７.６１ 万元"`` -> ``"4847.61万元"``."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch) != "Cc")


def section_title(entry: str) -> str:
    """A section path entry without its numbering, normalised (``（二）专项支出`` -> ``专项支出``)."""
    from crosscheck.segment.headings import body_to_numbering

    title = entry.strip()
    # "## 一、基本职能" carries two numberings; each is taken off in turn.
    for _ in range(HEADING_NUMBERINGS_MAX):
        numbering = body_to_numbering(title)
        if numbering is None or not numbering.title:
            break
        title = numbering.title
    return normalise_text(title)


def evidence_key(evidence: Evidence) -> str:
    """What one evidence contributes: its section's titles and its text, normalised."""
    section = "/".join(section_title(entry) for entry in evidence.section_path)
    return f"{section}{_FIELD}{normalise_text(evidence.text)}"


def fingerprint(finding: Finding) -> str:
    """The finding's fingerprint: a short hex string (see the module's docstring)."""
    keys = sorted(evidence_key(e) for e in finding.evidence)
    payload = _RECORD.join((FINGERPRINT_SCHEME, finding.rule, *keys))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:FINGERPRINT_HEX_DIGITS]
