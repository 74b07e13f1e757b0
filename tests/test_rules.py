"""Every rule's examples are its tests: each flag() must be flagged, each ok() must not,
with only that rule selected. And the registry keeps its promises."""

from __future__ import annotations

import pytest

from crosscheck.ingest import document_from_text
from crosscheck.pipeline import check
from crosscheck.rules import RULES


def _examples() -> list[object]:
    params = []
    for code, rule in sorted(RULES.items()):
        for index, example in enumerate(rule.examples):
            kind = "flag" if example.flags else "ok"
            params.append(pytest.param(code, example, id=f"{code}-{kind}{index}"))
    return params


@pytest.mark.parametrize(("code", "example"), _examples())
def test_rule_example(code: str, example) -> None:
    document = document_from_text(example.text)
    findings = check(document, select=[code])
    assert all(f.rule == code for f in findings)
    if not example.flags:
        assert findings == (), [f.message for f in findings]
        return
    assert findings, f"{code} did not flag: {example.text}"
    quoted = {e.text.strip() for f in findings for e in f.evidence}
    for quote in example.quotes:
        assert any(quote in q or q in quote for q in quoted), (quote, quoted)
    for f in findings:
        for e in f.evidence:
            assert document.text[e.span.start : e.span.end] == e.text
        assert f.message and f.message_en


def test_registry() -> None:
    assert len(RULES) >= 9
    for code, rule in RULES.items():
        assert code == rule.code and code.startswith("CC") and len(code) == 5
        assert rule.severity in ("error", "warning", "info")
        assert any(e.flags for e in rule.examples) and any(not e.flags for e in rule.examples)
        paragraphs = [p for p in rule.doc.split("\n\n") if p.strip()]
        assert len(paragraphs) >= 2, f"{code}: the docstring's second paragraph says why it matters"


def test_select_and_ignore_by_family() -> None:
    text = RULES["CC101"].examples[0].text
    assert check(document_from_text(text), select=["CC1"])
    assert not check(document_from_text(text), ignore=["CC1"])


def test_rules_command(capsys) -> None:
    from crosscheck.cli import main

    assert main(["rules"]) == 0
    assert "CC201" in capsys.readouterr().out
    assert main(["rules", "CC101"]) == 0
    out = capsys.readouterr().out
    assert "parts-vs-total" in out and "flag:" in out and "ok  :" in out
    assert main(["rules", "CC999"]) == 2
