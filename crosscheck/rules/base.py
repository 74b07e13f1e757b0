"""The rule registry: one rule = one function with a code, a name, a message and examples.

::

    @rule(
        code="CC101", name="parts-vs-total", title="分项之和与合计不符", severity="error",
        zh="{total_label}为{total}，其中各项之和为{parts_sum}（{recomputed}）",
        en="{total_label} is {total} but its parts add up to {parts_sum} ({recomputed})",
        examples=(flag("现有工作人员22人，其中在职人员14人，临聘人员7人。", "22人", "14人", "7人"),
                  ok("现有编制22个，其中行政编制4个，事业编制11个，临聘编制7个。")),
    )
    def parts_vs_total(ctx: CheckContext) -> Iterator[Finding]: ...

The examples are the rule's tests (tests/test_rules.py runs each with only its
rule selected); codes are never reused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from crosscheck.types import Evidence, Finding, Severity

if TYPE_CHECKING:
    from crosscheck.rules.context import CheckContext

FAMILIES = {
    "CC1": ("arithmetic", "算术复核", "recomputation"),
    "CC2": ("cross-reference", "同一事实的不同数值", "one fact, two values"),
    "CC3": ("units", "单位与量纲", "units and scale"),
    "CC4": ("narrative", "文字与列举", "words vs lists"),
    "CC5": ("statements", "公开表之间的勾稽", "the standard budget tables against each other"),
    "CC9": ("internal", "未能读取", "could not read"),
}


@dataclass(frozen=True, slots=True)
class Example:
    """A text the rule must flag (with the quotes its evidence must cover) or must not."""

    flags: bool
    text: str
    quotes: tuple[str, ...] = ()


def flag(text: str, *quotes: str) -> Example:
    return Example(True, text, quotes)


def ok(text: str) -> Example:
    return Example(False, text)


CheckFunction = Callable[["CheckContext"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    zh: str
    en: str
    examples: tuple[Example, ...]
    check: CheckFunction
    doc: str = ""
    kind: str = field(default="")
    title: str = ""  # one line in Chinese, for the catalogue (`crosscheck rules`)

    @property
    def family(self) -> str:
        return self.code[:3]

    def finding(
        self,
        evidence: Iterable[Evidence],
        *,
        severity: Severity | None = None,
        data: dict[str, str] | None = None,
        **fields: object,
    ) -> Finding:
        """A finding of this rule, its messages rendered from the templates and ``fields``."""
        values = {k: _shown(v) for k, v in fields.items()}
        return Finding(
            rule=self.code,
            name=self.name,
            kind=self.kind,
            severity=severity or self.severity,
            message=self.zh.format(**values),
            message_en=self.en.format(**values),
            evidence=tuple(evidence),
            data={**(data or {}), **{k: v for k, v in values.items()}},
        )


# Markdown emphasis (reports converted from .docx often keep "**3,286**户次") and line
# breaks inside a quoted value are noise in a one-line message; the evidence keeps them.
_MESSAGE_NOISE = str.maketrans("", "", "*\n\r")


def _shown(value: object) -> str:
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f") if value != 0 else "0"
        return text
    return str(value).translate(_MESSAGE_NOISE)


RULES: dict[str, Rule] = {}


def rule(
    *,
    code: str,
    name: str,
    title: str,
    severity: Severity,
    zh: str,
    en: str,
    examples: tuple[Example, ...],
) -> Callable[[CheckFunction], CheckFunction]:
    """Register a rule; a code may be registered only once, and needs a flag and an ok example."""

    def register(check: CheckFunction) -> CheckFunction:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        if not any(e.flags for e in examples) or not any(not e.flags for e in examples):
            raise ValueError(f"rule {code} needs at least one flag() and one ok() example")
        RULES[code] = Rule(
            code=code,
            name=name,
            severity=severity,
            zh=zh,
            en=en,
            examples=examples,
            check=check,
            doc=(check.__doc__ or "").strip(),
            kind=FAMILIES[code[:3]][0],
            title=title,
        )
        return check

    return register


def _is_selector(value: str) -> bool:
    """ "CC", a family ("CC2") or any longer prefix of a code, up to a whole code."""
    digits = value[2:]
    return value.startswith("CC") and len(digits) <= 3 and (not digits or digits.isdigit())


def rule_selectors(values: Iterable[str] | None) -> tuple[str, ...]:
    """``--select``/``--ignore`` values, upper-cased; :class:`UsageError` names any that is unknown.

    A selector is known when it is a code or a prefix of at least one registered code:
    ``CC1`` and ``CC201`` are; ``CC999``, ``CC9`` (no rule yet) and ``XX`` are not. A
    mistyped code must not silently turn every rule off (and report a clean document).
    """
    from crosscheck.errors import UsageError
    from crosscheck.messages import say

    if isinstance(values, str):  # select="CC1,CC201" from a script: not its characters
        values = values.split(",")
    selectors = tuple(v.strip().upper() for v in values or () if v.strip())
    unknown = [
        s for s in selectors if not _is_selector(s) or not any(code.startswith(s) for code in RULES)
    ]
    if unknown:
        codes = ", ".join(unknown)
        families = ", ".join(sorted({code[:3] for code in RULES}))
        raise UsageError(
            say("unknown_selector", "zh", codes=codes, families=families),
            say("unknown_selector", "en", codes=codes, families=families),
        )
    return selectors


def selected(select: Iterable[str] | None, ignore: Iterable[str] | None) -> list[Rule]:
    """The rules chosen by ``--select``/``--ignore`` (codes or prefixes such as ``CC2``).

    Raises :class:`~crosscheck.errors.UsageError` for a selector that names no rule.
    """
    chosen = list(RULES.values())
    if select:
        prefixes = rule_selectors(select)
        chosen = [r for r in chosen if r.code.startswith(prefixes)]
    if ignore:
        prefixes = rule_selectors(ignore)
        chosen = [r for r in chosen if not r.code.startswith(prefixes)]
    return sorted(chosen, key=lambda r: r.code)
