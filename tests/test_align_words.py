"""Subjects compared by words (crosscheck/align/words.py): jieba tokens, spaCy EntityRuler tags."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crosscheck.align.words import (
    needs_words,
    string_core,
    tag_words,
    word_key,
    word_matches,
)

from .conftest import CORPUS


@pytest.mark.parametrize(
    ("subject", "metric", "name"),
    [
        ("三公经费支出", "expenditure", "三公"),  # own metric word and the suffix 经费 dropped
        ("三公", "expenditure", "三公"),
        ("实际基本支出", "expenditure", "基本支出"),  # lead word dropped, scope word kept whole
        ("基本支出", "expenditure", "基本支出"),
        ("项目支出", "expenditure", "项目支出"),
        ("一站式健康扶贫医疗救助资金", "execution_rate", "一站式健康扶贫医疗救助"),
    ],
)
def test_word_key_drops_only_the_edges(subject: str, metric: str, name: str) -> None:
    assert word_key(subject, metric).name == name


def test_a_metric_word_of_another_metric_stays() -> None:
    # "…部门资金预算" stated as an expenditure: 预算 is part of what is named, not the metric.
    key = word_key("长沙市岳麓区医疗保障局部门资金预算", "expenditure")
    assert key.name == "长沙市岳麓区医疗保障局部门资金预算"


def test_scope_words_are_kept_and_reported() -> None:
    key = word_key("一般公共预算财政拨款基本支出", "expenditure")
    assert key.name == "一般公共预算财政拨款基本支出"
    assert key.scope == ("一般公共预算", "财政拨款", "基本支出")
    assert word_key("基本支出", "expenditure") != key


def test_generic_words_alone_name_nothing() -> None:
    assert word_key("部门资金全年预算数", "adjusted_budget").name == ""


def test_words_respect_word_boundaries() -> None:
    # 共 is a lead word ("共完成…"), but 共青团 is one word: nothing is cut from it.
    words = [w.text for w in tag_words("共青团活动")]
    assert words[0] == "共青团"
    assert word_key("共青团活动", "expenditure").name == "共青团活动"


def test_lexicon_words_are_tagged_as_entities() -> None:
    tags = {(w.text, w.label, w.metric) for w in tag_words("实际基本支出决算数")}
    assert ("实际", "LEAD", "") in tags
    assert ("基本支出", "SCOPE", "") in tags
    assert ("决算数", "METRIC", "expenditure") in tags


def test_string_core_is_the_cheap_screen() -> None:
    assert string_core("三公经费支出", "expenditure") == "三公"
    assert string_core("项目支出", "expenditure") == "项目支出"  # a scope word is not cut into
    assert not needs_words("精神障碍患者医疗救助对象")


def test_word_matches_join_variants_and_leave_the_rest() -> None:
    subjects = ["三公经费支出", "三公", "一般公共预算财政拨款基本支出", "基本支出"]
    matches = word_matches(subjects, "expenditure")
    assert [(m.name, set(m.subjects)) for m in matches] == [("三公", {"三公经费支出", "三公"})]


def test_word_matches_skip_what_is_not_worth_comparing() -> None:
    assert word_matches(["三公经费支出", "三公"], "expenditure", lambda _: False) == []


def test_a_report_without_variant_conflicts_never_loads_jieba_or_spacy() -> None:
    # Cold start: the word tools load only for the clauses that need them.
    seed = next(CORPUS.glob("000_*.txt"))
    code = (
        "import sys, crosscheck; crosscheck.check(sys.argv[1]); "
        "print('jieba' in sys.modules, 'spacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(seed)], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["False", "False"]
