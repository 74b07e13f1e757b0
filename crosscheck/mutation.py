"""Mutation harness: plant one wrong number in a report and see whether ``check`` notices.

A report often states one number twice: a table cell and the sentence that
restates it, or two places of the narrative. Such a value is a *site*. The
harness changes one occurrence (a swap of two adjacent digits, or ±7 % at the
written precision, written in the same style), checks the changed document
again, and asks whether an error- or warning-level finding's evidence covers
the changed characters. The share of mutations found is a recall that needs no
hand-made answer key, on any folder of documents; the findings on the unchanged
documents are the candidate false alarms for a human to judge.

    document_view(path)                   -> View         the document the harness works on
    find_sites(document, mentions, seg)   -> Site…        values stated twice, more than a sentence apart
    plan_mutations(document, sites, …)    -> Mutation…    which occurrence, which change (from the seed)
    apply_mutation(document, mutation)    -> Document     the text with one numeral rewritten
    judge(…)                              -> Outcome      found (by which rule) or missed (and why)
    mutate_document(path, options)        -> DocumentResult   all of that for one file, in a time budget
    run(paths, options)                   -> HarnessResult    many files on a process pool, and the summary

Sites come from the public pipeline (``run_check``: every quantity with its
span, role and parsed value); the harness re-parses only the Arabic numeral
inside a quantity's surface, to rewrite it in the style it was written in.

Why the text view for .docx/.xlsx/.html/.pdf: such a Document carries its tables
as structure (``Document.tables``) beside its text. Rewriting the text would
leave that structure describing the old number, and rebuilding the file itself
would need a writer per format. So the harness re-reads the text view (what
``crosscheck text`` prints) as a plain text document, mutates that, and computes
the baseline findings on the same re-read: both sides of the comparison go
through the same segmentation, so a difference is the mutation's doing. The
text view writes tables the way report 000 is flattened and segmentation
usually finds them again; each re-read document reports how many tables the
original and the re-read have, and when they differ its figures say less about
the original format.
"""

from __future__ import annotations

import hashlib
import random
import time
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from typing import Literal

from crosscheck import lexicons
from crosscheck.align.keys import Fact
from crosscheck.errors import CrosscheckError
from crosscheck.ingest import document_from_text, load
from crosscheck.pipeline import CheckResult, run_check
from crosscheck.report.quantities import LineIndex
from crosscheck.segment import segment
from crosscheck.types import Document, Finding, Mention, Segmented, Span

# -- settings -----------------------------------------------------------------
# A restated value is a site only with this many significant digits: 100%, 300万元
# or 12人 are stated by many different facts of one report.
MIN_SIGNIFICANT_DIGITS = 3
# Two narrative occurrences in one paragraph must have at least one whole
# sentence between them (sentences end at 。；！？): "支出4,847.62万元，即4,847.62万元"
# is one statement, not two.
MIN_SENTENCE_GAP = 2
# A number written bare (a table cell, no unit of its own) in this range is a year.
YEAR_RANGE = (1900, 2100)
# A bare integer this long, with no thousands separator, is a code or a phone number.
MIN_CODE_DIGITS = 7
# The relative change of the ±7 % mutation.
SCALE_STEP = Decimal("0.07")
DEFAULT_PER_DOC = 10
DEFAULT_BUDGET = 120.0  # seconds per document, baseline included
DEFAULT_SEED = 0
# Characters shown on each side of an occurrence in a report's context line.
CONTEXT_CHARS = 24
# Suffixes whose Document is the file's own text (no reader-made table structure).
TEXT_KINDS = frozenset({"txt", "md", "string"})
SEVERE = frozenset({"error", "warning"})

MutationKind = Literal["swap", "+7%", "-7%"]
KINDS: tuple[MutationKind, ...] = ("swap", "+7%", "-7%")
Status = Literal["found", "missed", "unread"]
Signs = Literal["seed", "+", "-", "both"]  # which way the ±7 % mutation goes

_ASCII_DIGITS = "0123456789"
_WIDE_DIGITS = "０１２３４５６７８９"
_DIGITS = frozenset(_ASCII_DIGITS + _WIDE_DIGITS)
_TO_ASCII = str.maketrans(_WIDE_DIGITS, _ASCII_DIGITS)
_TO_WIDE = str.maketrans(_ASCII_DIGITS, _WIDE_DIGITS)
_SEPARATORS = frozenset(",，")
_POINTS = frozenset(".．")


# -- numerals as written ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Numeral:
    """The Arabic numeral inside a quantity's surface, as written."""

    span: Span  # in the document
    text: str  # "4,847.62", "４８４７．６２"
    number: Decimal  # its value as written, before any scale: 4847.62
    decimals: int
    separator: str  # the thousands separator as written ("," or "，"), "" if none
    point: str  # "." or "．" ("." when there are no decimals)
    full_width: bool

    @property
    def significant_digits(self) -> int:
        digits = "".join(c for c in self.text.translate(_TO_ASCII) if c.isdigit())
        digits = digits.lstrip("0")
        # 300 has one significant digit as far as anyone can tell; 3.00 has three.
        return len(digits if self.decimals else digits.rstrip("0"))


def numeral_in(surface: str, start: int) -> Numeral | None:
    """The one Arabic numeral of a quantity surface that starts at ``start`` in the document.

    None when the surface has no Arabic numeral (百分之九十), more than one (a range,
    1亿2千), mixed full- and half-width digits, or separators out of their groups of three.
    """
    first = next((i for i, c in enumerate(surface) if c in _DIGITS), None)
    if first is None:
        return None
    end = first
    while end < len(surface):
        c = surface[end]
        if c in _DIGITS:
            end += 1
        elif (
            (c in _SEPARATORS or c in _POINTS)
            and end + 1 < len(surface)
            and surface[end + 1] in _DIGITS
        ):
            end += 2
        else:
            break
    text = surface[first:end]
    if any(c in _DIGITS for c in surface[end:]):
        return None
    points = [c for c in text if c in _POINTS]
    separators = {c for c in text if c in _SEPARATORS}
    digits = [c for c in text if c in _DIGITS]
    if len(points) > 1 or len(separators) > 1:
        return None
    wide = [c in _WIDE_DIGITS for c in digits]
    if any(wide) and not all(wide):
        return None
    whole, _, fraction = _split_point(text)
    if separators:
        groups = whole.split(next(iter(separators)))
        if not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:]):
            return None
        if any(c in _SEPARATORS for c in fraction):
            return None
    plain = (whole + ("." + fraction if points else "")).translate(_TO_ASCII)
    plain = plain.replace(",", "").replace("，", "")
    return Numeral(
        span=Span(start + first, start + end),
        text=text,
        number=Decimal(plain),
        decimals=len(fraction),
        separator=next(iter(separators), ""),
        point=points[0] if points else ".",
        full_width=all(wide),
    )


def _split_point(text: str) -> tuple[str, str, str]:
    for point in _POINTS:
        if point in text:
            return text.partition(point)
    return text, "", ""


def write_like(numeral: Numeral, number: Decimal) -> str:
    """``number`` written the way ``numeral`` is: decimals, thousands separator, digit width."""
    text = f"{number:.{numeral.decimals}f}"
    whole, _, fraction = text.partition(".")
    if numeral.separator:
        head = len(whole) % 3 or 3
        groups = [whole[:head]] + [whole[i : i + 3] for i in range(head, len(whole), 3)]
        whole = numeral.separator.join(groups)
    written = whole + (numeral.point + fraction if numeral.decimals else "")
    return written.translate(_TO_WIDE) if numeral.full_width else written


def scaled(numeral: Numeral, sign: int) -> str:
    """The numeral changed by ``sign`` × 7 %, rounded to its written decimals."""
    step = Decimal(1).scaleb(-numeral.decimals)
    number = (numeral.number * (1 + sign * SCALE_STEP)).quantize(step, rounding=ROUND_HALF_UP)
    written = write_like(numeral, number)
    if written == numeral.text:  # cannot happen with ≥ 3 significant digits; never plant a no-op
        raise ValueError(f"±7% leaves {numeral.text} unchanged")
    return written


def swap_positions(text: str) -> tuple[int, ...]:
    """Where two adjacent, different digits can trade places (i and i+1) without a leading zero."""
    return tuple(
        i
        for i in range(len(text) - 1)
        if text[i] in _DIGITS
        and text[i + 1] in _DIGITS
        and text[i] != text[i + 1]
        and not (i == 0 and text[1].translate(_TO_ASCII) == "0")
    )


def swapped(text: str, position: int) -> str:
    """``text`` with the digits at ``position`` and ``position + 1`` exchanged."""
    return text[:position] + text[position + 1] + text[position] + text[position + 2 :]


# -- sites ----------------------------------------------------------------------------


@cache
def _guards() -> dict[str, frozenset[str]]:
    """lexicons/site_guards.tsv: characters before/after a numeral that make it a code or date."""
    sides: dict[str, set[str]] = {"before": set(), "after": set()}
    for row in lexicons.rows("site_guards"):
        sides[row["side"]].add(row["text"])
    return {side: frozenset(chars) for side, chars in sides.items()}


def is_code_or_date(text: str, mention: Mention, numeral: Numeral) -> bool:
    """A year, a date, a 文号, a phone number or an ordinal, not a restated quantity."""
    guards = _guards()
    before = text[numeral.span.start - 1] if numeral.span.start else ""
    after = text[numeral.span.end] if numeral.span.end < len(text) else ""
    if before in guards["before"] or after in guards["after"]:
        return True
    bare = mention.quantity.surface.strip() == numeral.text
    integer = numeral.decimals == 0 and not numeral.separator
    if bare and integer:
        if YEAR_RANGE[0] <= numeral.number <= YEAR_RANGE[1]:
            return True
        digits = numeral.text.translate(_TO_ASCII)
        return len(digits) >= MIN_CODE_DIGITS or digits.startswith("0")
    return False


Place = tuple[str, int, int]  # ("table", table, -1) | ("narrative", paragraph, sentence)


class _Placer:
    """Where an offset is: which table, or which paragraph and which sentence of it."""

    def __init__(self, segmented: Segmented) -> None:
        self._tables = [t.span for t in segmented.tables]
        self._paragraphs = [(p.span, p.sentences) for p in segmented.paragraphs]
        self._table_starts = [s.start for s in self._tables]
        self._paragraph_starts = [s.start for s, _ in self._paragraphs]

    def place(self, mention: Mention) -> Place | None:
        offset = mention.span.start
        if mention.role == "table":
            i = bisect_right(self._table_starts, offset) - 1
            inside = i >= 0 and offset < self._tables[i].end
            return ("table", i if inside else -1 - offset, -1)
        if mention.role != "narrative":
            return None
        i = bisect_right(self._paragraph_starts, offset) - 1
        if i < 0 or offset >= self._paragraphs[i][0].end:
            return ("narrative", -1 - offset, 0)  # outside every paragraph: a block of its own
        sentences = self._paragraphs[i][1]
        j = bisect_right([s.start for s in sentences], offset) - 1
        return ("narrative", i, max(j, 0))


def apart(a: Place, b: Place) -> bool:
    """Narrative↔table, or narrative↔narrative more than one sentence apart."""
    if a[0] == b[0] == "table":
        return False
    if a[0] != b[0]:
        return True
    return a[1] != b[1] or abs(a[2] - b[2]) >= MIN_SENTENCE_GAP


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One statement of a site's value."""

    mention: Mention
    numeral: Numeral
    place: Place


@dataclass(frozen=True, slots=True)
class Site:
    """A value the document states more than once, and the pairs of statements far enough apart."""

    kind: str
    unit: str
    value: Decimal  # in the base unit
    quantum: Decimal  # the written precision in the base unit (4847.62万元: 100 元)
    occurrences: tuple[Occurrence, ...]
    pairs: tuple[tuple[int, int], ...]  # indices into occurrences


def _occurrence(text: str, mention: Mention, placer: _Placer) -> Occurrence | None:
    q = mention.quantity
    if q.bound != "exact" or q.value <= 0:
        return None
    numeral = numeral_in(q.surface, mention.span.start)
    if numeral is None or numeral.number == 0 or numeral.decimals != q.decimals:
        return None
    ratio = (q.value / numeral.number).normalize()
    if ratio.as_tuple().digits != (1,) or ratio < 1:
        return None  # the value is not the numeral times a power of ten (1亿2千, 15k …)
    if numeral.significant_digits < MIN_SIGNIFICANT_DIGITS:
        return None
    if is_code_or_date(text, mention, numeral):
        return None
    place = placer.place(mention)
    return None if place is None else Occurrence(mention, numeral, place)


def _quantum(occurrence: Occurrence) -> Decimal:
    q, numeral = occurrence.mention.quantity, occurrence.numeral
    return ((q.value / numeral.number) * Decimal(1).scaleb(-numeral.decimals)).normalize()


def find_sites(
    document: Document, mentions: Sequence[Mention], segmented: Segmented
) -> tuple[Site, ...]:
    """Every value stated at least twice with the same kind, unit, value and written precision,
    at ≥ 3 significant digits, not a year, date, 文号 or phone number, by two statements
    (narrative↔table or narrative↔narrative) more than one sentence apart."""
    placer = _Placer(segmented)
    groups: dict[tuple[str, str, Decimal, Decimal], list[Occurrence]] = {}
    for mention in mentions:
        occurrence = _occurrence(document.text, mention, placer)
        if occurrence is None:
            continue
        q = mention.quantity
        key = (q.kind, q.unit, q.value.normalize(), _quantum(occurrence))
        groups.setdefault(key, []).append(occurrence)
    sites: list[Site] = []
    for (kind, unit, value, quantum), members in groups.items():
        members.sort(key=lambda o: o.mention.span.start)
        pairs = tuple(
            (i, j)
            for i in range(len(members))
            for j in range(i + 1, len(members))
            if apart(members[i].place, members[j].place)
        )
        if pairs:
            sites.append(Site(kind, unit, value, quantum, tuple(members), pairs))
    sites.sort(key=lambda s: s.occurrences[0].mention.span.start)
    return tuple(sites)


# -- mutations --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mutation:
    """One occurrence of a site rewritten: ``target``'s numeral becomes ``after``."""

    kind: MutationKind
    target: Occurrence
    partner: Occurrence  # the nearest statement of the same value far enough from the target
    after: str

    @property
    def before(self) -> str:
        return self.target.numeral.text

    @property
    def span_after(self) -> Span:
        start = self.target.numeral.span.start
        return Span(start, start + len(self.after))

    @property
    def value_after(self) -> Decimal:
        """The changed quantity's value in the base unit, as ``check`` should read it back."""
        numeral = self.target.numeral
        written = numeral_in(self.after, 0)
        if written is None:
            raise ValueError(f"unreadable mutation {self.after!r}")
        return self.target.mention.quantity.value / numeral.number * written.number


def _rng(document: Document, seed: int) -> random.Random:
    # From the text, not the path: the same document gets the same mutations wherever it lies.
    digest = hashlib.sha256(document.text.encode("utf-8")).hexdigest()
    return random.Random(f"{seed}:{digest}")


def plan_mutations(
    document: Document,
    sites: Sequence[Site],
    *,
    seed: int = DEFAULT_SEED,
    per_doc: int = 0,
    signs: Signs = "seed",
) -> tuple[Mutation, ...]:
    """Up to ``per_doc`` mutations (0: no limit) of one occurrence per site, sites in a seeded
    order: a digit swap (when two adjacent digits differ), then ±7 % with the sign from the
    seed (``signs="seed"``), always + or always − (``"+"``, ``"-"``), or both one after the other."""
    rng = _rng(document, seed)
    order = list(range(len(sites)))
    rng.shuffle(order)
    planned: list[Mutation] = []
    for index in order:
        site = sites[index]
        in_pairs = sorted({i for pair in site.pairs for i in pair})
        t = rng.choice(in_pairs)
        partners = [j if i == t else i for i, j in site.pairs if t in (i, j)]
        start = site.occurrences[t].mention.span.start
        p = min(partners, key=lambda j: abs(site.occurrences[j].mention.span.start - start))
        target, partner = site.occurrences[t], site.occurrences[p]
        text = target.numeral.text
        positions = swap_positions(text)
        if positions:
            planned.append(Mutation("swap", target, partner, swapped(text, rng.choice(positions))))
        seeded = rng.choice((1, -1))  # drawn whatever ``signs`` is: the order stays the seed's
        chosen = {"seed": (seeded,), "+": (1,), "-": (-1,), "both": (1, -1)}[signs]
        for sign in chosen:
            kind: MutationKind = "+7%" if sign > 0 else "-7%"
            planned.append(Mutation(kind, target, partner, scaled(target.numeral, sign)))
    return tuple(planned[:per_doc] if per_doc > 0 else planned)


def apply_mutation(document: Document, mutation: Mutation) -> Document:
    """The document with the target's numeral rewritten; every other character unchanged."""
    if document.tables:
        raise ValueError("mutate the text view (document_view), not a reader's structured tables")
    span = mutation.target.numeral.span
    text = document.text[: span.start] + mutation.after + document.text[span.end :]
    return replace(document, text=text)


# -- judging ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Statement:
    """An occurrence as a reader of the report sees it, with the key ``check`` gave it."""

    start: int
    end: int
    line: int
    role: str
    text: str
    context: str  # the text around it, the numeral in 【】
    key: str  # subject | metric | scope | period of its fact, "" when it is no fact


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: MutationKind
    status: Status  # "unread": check did not read the changed numeral back with its new value
    before: str
    after: str
    target: Statement
    partner: Statement
    rules: tuple[str, ...] = ()  # rules whose error/warning findings cover the changed numeral
    info_rules: tuple[str, ...] = ()  # rules that only said so at info level
    preflagged: bool = False  # an error/warning finding already covered it before the change
    why: str = ""  # for a miss: how the two statements were keyed


@dataclass(frozen=True, slots=True)
class FindingRecord:
    rule: str
    severity: str
    message: str
    evidence: tuple[tuple[int, int, int, str], ...]  # start, end, line, text


class Baseline:
    """What the unchanged document gave: findings, facts and links, for judging its mutations."""

    def __init__(self, document: Document, result: CheckResult, segmented: Segmented) -> None:
        from crosscheck.align.keys import cell_places, facts_of

        self.document = document
        self.result = result
        self.lines = LineIndex(document.text)
        facts = facts_of(segmented, result.mentions, cell_places(result.tables, document.text))
        self.facts = {f.mention.span: f for f in facts}
        # Each statement's group of linked facts (the align stage's connected groups).
        self.group_of = {
            fact.mention.span: i for i, group in enumerate(result.aligned) for fact in group.facts
        }
        self.severe = [f for f in result.findings if f.severity in SEVERE]

    def statement(self, occurrence: Occurrence) -> Statement:
        text = self.document.text
        span = occurrence.numeral.span
        fact = self.facts.get(occurrence.mention.span)
        return Statement(
            start=span.start,
            end=span.end,
            line=self.lines.line_of(span.start),
            role=occurrence.mention.role,
            text=occurrence.numeral.text,
            context=context_of(text, span),
            key=_key_text(fact) if fact is not None else "",
        )

    def flagged(self, span: Span) -> bool:
        return any(_covers(f, span) for f in self.severe)

    def why_missed(self, target: Occurrence, partner: Occurrence) -> str:
        """How the two statements were keyed: every way their keys differ, "; "-joined."""
        a, b = target.mention.span, partner.mention.span
        if self.group_of.get(a, -1) == self.group_of.get(b, -2):
            return "linked, no finding"
        fa, fb = self.facts.get(a), self.facts.get(b)
        if fa is None or fb is None:
            return "not a fact"
        reasons: list[str] = []
        if fa.block == fb.block and target.mention.role == partner.mention.role == "narrative":
            reasons.append("same paragraph")
        reasons.append(_differs("subject", fa.subject, fb.subject, fa, fb))
        reasons.append(_differs("metric", fa.metric, fb.metric, fa, fb))
        for name in ("scope", "period", "source"):
            if getattr(fa, name) != getattr(fb, name):
                reasons.append(f"different {name}")
        if None not in (fa.classes, fb.classes) and fa.classes != fb.classes:
            reasons.append("different classes")  # None: a sentence naming no class, any class
        reasons = [r for r in reasons if r]
        return "; ".join(reasons) if reasons else "same key, not linked"


def _differs(field_name: str, a: str | None, b: str | None, fa: Fact, fb: Fact) -> str:
    """The difference of one key field: "no subject (table)", "different metric", or ""."""
    if not a or not b:
        missing = [f.mention.role for f, v in ((fa, a), (fb, b)) if not v]
        return f"no {field_name} ({'both' if len(missing) == 2 else missing[0]})"
    return "" if a == b else f"different {field_name}"


def _key_text(fact: Fact) -> str:
    return " | ".join(
        (fact.subject_text or "—", fact.metric or "—", fact.scope or "—", fact.period or "—")
    )


def _covers(finding: Finding, span: Span) -> bool:
    return any(e.span.overlaps(span) for e in finding.evidence)


def context_of(text: str, span: Span, width: int = CONTEXT_CHARS) -> str:
    """The text around ``span`` on one line, the span in 【】."""
    left = text[max(0, span.start - width) : span.start]
    right = text[span.end : span.end + width]
    shown = f"{left}【{text[span.start : span.end]}】{right}"
    return shown.replace("\r", "").replace("\n", "⏎").replace("\t", " ")


def judge(mutation: Mutation, result: CheckResult, baseline: Baseline) -> Outcome:
    """Whether the check of the changed document points at the changed numeral."""
    span = mutation.span_after
    expected = mutation.value_after
    read_back = any(m.span.overlaps(span) and m.quantity.value == expected for m in result.mentions)
    covering = [f for f in result.findings if _covers(f, span)]
    rules = tuple(sorted({f.rule for f in covering if f.severity in SEVERE}))
    info_rules = tuple(sorted({f.rule for f in covering if f.severity not in SEVERE}))
    status: Status = "found" if rules else "missed" if read_back else "unread"
    return Outcome(
        kind=mutation.kind,
        status=status,
        before=mutation.before,
        after=mutation.after,
        target=baseline.statement(mutation.target),
        partner=baseline.statement(mutation.partner),
        rules=rules,
        info_rules=info_rules,
        preflagged=baseline.flagged(mutation.target.numeral.span),
        why="" if status != "missed" else baseline.why_missed(mutation.target, mutation.partner),
    )


# -- one document ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class View:
    """The document the harness mutates, and for a re-read text view its tables before and after."""

    document: Document
    reread: bool
    source_kind: str  # the original's: "txt", "pdf", "docx" …
    tables_original: int | None = None
    tables_reread: int | None = None


def document_view(path: str) -> View:
    """The file as ``check`` reads it (.txt, .md), or its text view re-read as text (see above)."""
    original = load(path)
    if original.source_kind in TEXT_KINDS and not original.tables:
        return View(original, reread=False, source_kind=original.source_kind)
    reread = document_from_text(original.text, path=original.path)
    return View(
        reread,
        reread=True,
        source_kind=original.source_kind,
        tables_original=len(segment(original).tables),
        tables_reread=len(segment(reread).tables),
    )


@dataclass(frozen=True, slots=True)
class Options:
    seed: int = DEFAULT_SEED
    per_doc: int = DEFAULT_PER_DOC  # 0: every site
    signs: Signs = "seed"
    budget: float = DEFAULT_BUDGET  # seconds per document; mutations past it are not run


@dataclass(frozen=True, slots=True)
class DocumentResult:
    path: str
    source_kind: str = ""
    reread: bool = False
    tables_original: int | None = None
    tables_reread: int | None = None
    chars: int = 0
    sites: int = 0
    outcomes: tuple[Outcome, ...] = ()
    findings: tuple[FindingRecord, ...] = ()  # on the unchanged document, every severity
    not_run: int = 0  # planned mutations left out by the time budget
    seconds: float = 0.0
    error: str = ""


def _finding_record(finding: Finding, lines: LineIndex) -> FindingRecord:
    return FindingRecord(
        rule=finding.rule,
        severity=finding.severity,
        message=finding.message,
        evidence=tuple(
            (e.span.start, e.span.end, lines.line_of(e.span.start), e.text)
            for e in finding.evidence
        ),
    )


def mutate_document(path: str, options: Options = Options()) -> DocumentResult:
    """Baseline check, sites, mutations and their judgement for one file, within the time budget.

    A file that cannot be read is a result with its error; so is a crash of the pipeline
    on it (the error names the exception: a bug to report), so that one document never
    ends a run over hundreds.
    """
    try:
        return _mutate_document(path, options)
    except CrosscheckError as error:
        return DocumentResult(path=path, error=error.message("en"))
    except Exception as error:  # the edge of one document: reported, never swallowed
        return DocumentResult(path=path, error=f"crash: {type(error).__name__}: {error}")


def _mutate_document(path: str, options: Options) -> DocumentResult:
    started = time.perf_counter()
    view = document_view(path)
    document = view.document
    segmented = segment(document)
    result = run_check(document)
    baseline = Baseline(document, result, segmented)
    sites = find_sites(document, result.mentions, segmented)
    mutations = plan_mutations(
        document, sites, seed=options.seed, per_doc=options.per_doc, signs=options.signs
    )
    outcomes: list[Outcome] = []
    for mutation in mutations:
        if time.perf_counter() - started > options.budget:
            break
        outcomes.append(judge(mutation, run_check(apply_mutation(document, mutation)), baseline))
    return DocumentResult(
        path=path,
        source_kind=view.source_kind,
        reread=view.reread,
        tables_original=view.tables_original,
        tables_reread=view.tables_reread,
        chars=len(document.text),
        sites=len(sites),
        outcomes=tuple(outcomes),
        findings=tuple(_finding_record(f, baseline.lines) for f in result.findings),
        not_run=len(mutations) - len(outcomes),
        seconds=time.perf_counter() - started,
    )


# -- many documents --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Summary:
    documents: int
    failed: int
    sites: int
    mutations: int  # judged (found + missed); unread ones are left out
    found: int
    unread: int
    not_run: int
    by_kind: dict[str, tuple[int, int]]  # kind -> (found, judged); "±7%" is +7% and -7% together
    fresh: tuple[int, int]  # (found, judged) over mutations not already flagged before the change
    found_by_rule: dict[str, int]
    missed_by_why: dict[str, int]
    findings_by_severity: dict[str, int]  # on the unchanged documents
    reread: int  # documents mutated on their re-read text view (docx, xlsx, html, pdf)
    tables_differ: int  # of those, how many segment into another number of tables than the file

    @property
    def recall(self) -> float | None:
        return self.found / self.mutations if self.mutations else None

    def per_10_documents(self, severity: str) -> float | None:
        read = self.documents - self.failed
        return 10 * self.findings_by_severity.get(severity, 0) / read if read else None


@dataclass(frozen=True, slots=True)
class HarnessResult:
    options: Options
    documents: tuple[DocumentResult, ...]
    summary: Summary = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "summary", summarize(self.documents))


def summarize(documents: Sequence[DocumentResult]) -> Summary:
    outcomes = [o for d in documents for o in d.outcomes]
    judged = [o for o in outcomes if o.status != "unread"]
    by_kind: dict[str, tuple[int, int]] = {}
    for name, kinds in (*((k, (k,)) for k in KINDS), ("±7%", ("+7%", "-7%"))):
        chosen = [o for o in judged if o.kind in kinds]
        by_kind[name] = (sum(o.status == "found" for o in chosen), len(chosen))
    fresh = [o for o in judged if not o.preflagged]
    return Summary(
        documents=len(documents),
        failed=sum(bool(d.error) for d in documents),
        sites=sum(d.sites for d in documents),
        mutations=len(judged),
        found=sum(o.status == "found" for o in judged),
        unread=len(outcomes) - len(judged),
        not_run=sum(d.not_run for d in documents),
        by_kind=by_kind,
        fresh=(sum(o.status == "found" for o in fresh), len(fresh)),
        found_by_rule=dict(Counter(r for o in judged for r in o.rules).most_common()),
        missed_by_why=dict(Counter(o.why for o in judged if o.status == "missed").most_common()),
        findings_by_severity=dict(Counter(f.severity for d in documents for f in d.findings)),
        reread=sum(d.reread for d in documents),
        tables_differ=sum(d.reread and d.tables_original != d.tables_reread for d in documents),
    )


def _results(paths: Sequence[str], options: Options, jobs: int) -> Iterator[DocumentResult]:
    if jobs <= 1 or len(paths) <= 1:
        yield from (mutate_document(p, options) for p in paths)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    with ProcessPoolExecutor(max_workers=min(jobs, len(paths))) as pool:
        yield from pool.map(partial(mutate_document, options=options), paths)


def run(paths: Iterable[str], options: Options = Options(), *, jobs: int = 1) -> HarnessResult:
    """Every document mutated and judged (in input order), on ``jobs`` worker processes."""
    return HarnessResult(options, tuple(_results(list(paths), options, jobs)))


def to_json(result: HarnessResult) -> dict[str, object]:
    """The ``crosscheck/mutation@1`` object: options, every document, the summary."""
    s = result.summary

    def ratio(found: int, total: int) -> float | None:
        return round(found / total, 4) if total else None

    return {
        "schema": "crosscheck/mutation@1",
        "options": {
            "seed": result.options.seed,
            "per_doc": result.options.per_doc,
            "signs": result.options.signs,
            "budget": result.options.budget,
        },
        "documents": [_document_json(d) for d in result.documents],
        "summary": {
            "documents": s.documents,
            "failed": s.failed,
            "sites": s.sites,
            "mutations": s.mutations,
            "found": s.found,
            "recall": ratio(s.found, s.mutations),
            "by_kind": {
                k: {"found": f, "mutations": n, "recall": ratio(f, n)}
                for k, (f, n) in s.by_kind.items()
            },
            "fresh": {"found": s.fresh[0], "mutations": s.fresh[1], "recall": ratio(*s.fresh)},
            "unread": s.unread,
            "reread": s.reread,
            "tables_differ": s.tables_differ,
            "not_run": s.not_run,
            "found_by_rule": s.found_by_rule,
            "missed_by_why": s.missed_by_why,
            "findings": s.findings_by_severity,
            "errors_per_10_documents": s.per_10_documents("error"),
            "warnings_per_10_documents": s.per_10_documents("warning"),
        },
    }


def _statement_json(statement: Statement) -> dict[str, object]:
    return {
        "start": statement.start,
        "end": statement.end,
        "line": statement.line,
        "role": statement.role,
        "text": statement.text,
        "context": statement.context,
        "key": statement.key,
    }


def _document_json(d: DocumentResult) -> dict[str, object]:
    return {
        "file": d.path,
        "source_kind": d.source_kind,
        "reread": d.reread,
        "tables_original": d.tables_original,
        "tables_reread": d.tables_reread,
        "chars": d.chars,
        "sites": d.sites,
        "mutations": sum(o.status != "unread" for o in d.outcomes),
        "found": sum(o.status == "found" for o in d.outcomes),
        "not_run": d.not_run,
        "seconds": round(d.seconds, 3),
        "error": d.error,
        "outcomes": [
            {
                "kind": o.kind,
                "status": o.status,
                "before": o.before,
                "after": o.after,
                "rules": list(o.rules),
                "info_rules": list(o.info_rules),
                "preflagged": o.preflagged,
                "why": o.why,
                "changed": _statement_json(o.target),
                "partner": _statement_json(o.partner),
            }
            for o in d.outcomes
        ],
        "findings": [
            {
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "evidence": [
                    {"start": s, "end": e, "line": line, "text": t} for s, e, line, t in f.evidence
                ],
            }
            for f in d.findings
        ],
    }
