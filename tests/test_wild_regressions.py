"""Regressions found by running crosscheck on excerpts of published reports of other
departments and years (paraphrased here: the excerpts themselves are third-party text)."""

from __future__ import annotations

from crosscheck.ingest import document_from_text
from crosscheck.pipeline import check


def _findings(text: str, code: str):
    return check(document_from_text(text), select=[code])


def test_ratio_off_in_last_digit_only_is_info() -> None:
    # 54357.12 ÷ (850088.30 + 54357.12) = 6.0100%, written 6.00%: truncated, not wrong.
    found = _findings("文化旅游支出850088.30元，同比减少54357.12元，下降6.00%。", "CC104")
    assert [f.severity for f in found] == ["info"]


def test_ratio_off_by_more_stays_error() -> None:
    # 16803.36 ÷ (116433.12 − 16803.36) = 16.87%; 14.43% divides by this year's amount.
    found = _findings("社会保障和就业支出116433.12元，同比增加16803.36元，增长14.43%。", "CC104")
    assert [f.severity for f in found] == ["error"]


def test_share_off_in_last_digit_only_is_info() -> None:
    # 165247.88 ÷ 881300.39 = 18.7506%, written 18.76%.
    found = _findings(
        "基本支出预算881300.39元，其中：商品和服务支出预算165247.88元，占基本支出预算18.76%。",
        "CC102",
    )
    assert [f.severity for f in found] == ["info"]


def test_swapped_shares_are_errors() -> None:
    # 0.53 and 1.18 of 1.71 are 31% and 69%: the text swaps them.
    found = _findings(
        "三公经费支出决算中，公务接待费支出决算0.53万元，占69%；"
        "公务用车购置及运行维护费支出决算1.18万元，占31%。",
        "CC102",
    )
    assert sorted(f.severity for f in found) == ["error", "error"]
