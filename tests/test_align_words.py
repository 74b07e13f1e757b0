"""Subjects compared by words (crosscheck/align/words.py): jieba tokens, spaCy EntityRuler tags."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crosscheck.align.words import string_core, tag_words


@pytest.mark.parametrize(
    ("subject", "metric", "core"),
    [
        ("三公经费支出", "expenditure", "三公"),  # own metric word and the suffix 经费 cut
        ("三公", "expenditure", "三公"),
        ("实际基本支出", "expenditure", "基本支出"),  # lead word cut, scope word kept whole
        ("项目支出", "expenditure", "项目支出"),  # a scope word is not cut into
        ("一站式健康扶贫医疗救助资金", "execution_rate", "一站式健康扶贫医疗救助"),
        # 预算 names another metric than the fact's (an expenditure): it stays.
        ("长沙市岳麓区医疗保障局部门资金预算", "expenditure", "长沙市岳麓区医疗保障局部门资金预算"),
    ],
)
def test_string_core_cuts_only_the_edges(subject: str, metric: str, core: str) -> None:
    assert string_core(subject, metric) == core


def test_words_respect_word_boundaries() -> None:
    # 共 is a lead word ("共完成…"), but 共青团 is one word.
    assert tag_words("共青团活动")[0].text == "共青团"


def test_lexicon_words_are_tagged_as_entities() -> None:
    tags = {(w.text, w.label, w.metric) for w in tag_words("实际基本支出决算数")}
    assert ("实际", "LEAD", "") in tags
    assert ("基本支出", "SCOPE", "") in tags
    assert ("决算数", "METRIC", "expenditure") in tags


@pytest.mark.parametrize(
    ("text", "loaded"),
    [
        # Every name written alike, or sharing no two characters: nothing to compare by words.
        ("一、情况\n群众满意度为96%。\n二、分析\n群众满意度为96%。\n", "False False"),
        ("一、情况\n教师培训人次为120人次。\n二、分析\n受益农户数为300户。\n", "False False"),
        # Two names that share words: compared by words, so the tools load.
        ("一、情况\n全年培训教师120人次。\n二、分析\n教师培训人次为125人次。\n", "True True"),
    ],
)
def test_jieba_and_spacy_load_only_when_two_names_are_compared(text: str, loaded: str) -> None:
    code = (
        "import sys, crosscheck; crosscheck.check(sys.argv[1]); "
        "print('jieba' in sys.modules, 'spacy' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, text], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == loaded.split()
