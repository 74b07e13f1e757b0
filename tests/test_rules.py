"""Every rule's examples are its tests: each flag() must be flagged, each ok() must not,
with only that rule selected. And the registry keeps its promises."""

from __future__ import annotations

import pytest
import regex

import crosscheck
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
        assert regex.search(r"\p{Han}", rule.title), f"{code}: a Chinese title for the catalogue"


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


# -- CC101 and 分别为 lists ---------------------------------------------------------------
# (text, the severity CC101 must report, or None for no finding). Traps first: 分别为 ties
# values to items, not to a total, unless 其中 / 合计 / the total right before it says so.
RESPECTIVELY_CASES = [
    pytest.param(
        "全年共发放补助资金356.2万元，其中城市低保、农村低保、特困供养分别为120.5万元、180.3万元、60.4万元。",
        "error",
        id="qizhong-then-fenbiewei",
    ),
    pytest.param(
        "全年共发放补助资金356.2万元，其中城市低保、农村低保、特困供养分别为120.5万元、180.3万元、55.4万元。",
        None,
        id="qizhong-then-fenbiewei-adds-up",
    ),
    pytest.param(
        "城市低保、农村低保、特困供养资金分别为120.5万元、180.3万元、65.4万元，共计356.2万元。",
        "error",
        id="fenbiewei-then-gongji",
    ),
    pytest.param(
        "城市低保、农村低保、特困供养资金分别为120.5万元、180.3万元、55.4万元，共计356.2万元。",
        None,
        id="fenbiewei-then-gongji-adds-up",
    ),
    pytest.param("包括A 10万元、B 20万元、C 30万元，共计70万元。", "error", id="baokuo-gongji"),
    pytest.param(
        "包括A 10万元、B 20万元、C 30万元，共计60万元。", None, id="baokuo-gongji-adds-up"
    ),
    pytest.param(
        "全年发放救助资金600万元，分别为：城市低保200万元；农村低保300万元；特困供养90万元。",
        "error",
        id="total-then-fenbiewei-inline-semicolons",
    ),
    pytest.param(
        "发放低保金4,268.35万元，分别为城市低保金1,516.80万元、农村低保金2,741.55万元；"
        "特困人员1,532人，发放供养金1,845.20万元。",
        "error",
        id="total-then-fenbiewei-inline-ends-at-semicolon",
    ),
    pytest.param(
        "全年救助困难群众1,200人，其中城市、农村、特困分别为400人、500人、200人。",
        "error",
        id="counts-same-measure-word",
    ),
    pytest.param(
        "2023年项目支出主要用于以下2个项目，分别为：救助经费412.60万元、养老资金1,486.30万元，"
        "合计1,908.90万元。",
        "error",
        id="count-of-items-before-fenbiewei-minzheng",
    ),
    # traps
    pytest.param(
        "项目总投资300万元，其中2022年和2023年分别为100万元、120万元。", None, id="two-years"
    ),
    pytest.param(
        "项目总投资300万元，2022年和2023年分别为100万元、120万元。", None, id="two-years-no-qizhong"
    ),
    pytest.param(
        "项目总投资300万元，其中2022年和2023年分别为100万元、120万元，合计230万元。",
        "error",
        id="two-years-closed-by-heji",
    ),
    pytest.param(
        "项目总投资300万元，分别为：2022年100万元、2023年120万元。", None, id="two-years-inline"
    ),
    pytest.param(
        "全年支出500万元，其中上年结转和本年预算分别为100万元、300万元。",
        "error",
        id="period-word-inside-an-item-name",
    ),
    pytest.param(
        "全年支出500万元，其中人员经费和公用经费执行率分别为98%、100%。", None, id="rates"
    ),
    pytest.param("全年支出500万元，人员经费和公用经费分别增长5%、3%。", None, id="growth-rates"),
    pytest.param(
        "全年支出500万元，其中人员经费和公用经费分别较上年增加30万元、20万元。",
        None,
        id="growth-amounts",
    ),
    pytest.param(
        "全年支出500万元，其中人员经费、公用经费分别为300万元、150万元、60万元。",
        None,
        id="count-mismatch",
    ),
    pytest.param(
        "全年支出500万元，其中人员经费、公用经费、培训人数分别为300万元、150万元、20人。",
        None,
        id="mixed-units",
    ),
    pytest.param(
        "全年培训1,200人次，其中城市、农村分别为500人、600人。", None, id="other-measure-word"
    ),
    pytest.param(
        "全年共发放补助资金356万元，其中城市低保、农村低保、特困供养分别为120.52万元、180.31万元、55.43万元。",
        None,
        id="rounding-consistent-at-total-precision",
    ),
    pytest.param(
        "全年支出500.00万元，其中人员经费、公用经费、项目经费分别为166.67万元、166.67万元、166.67万元。",
        "info",
        id="rounding-consistent-last-digit-is-info",
    ),
    pytest.param(
        "年度培训经费共计240.00万元，其中师资费、场地费、教材费、交通费分别为60.01万元、60.01万元、60.01万元、59.99万元。",
        None,
        id="two-units-off-inside-the-rounding-of-four-parts-is-no-finding",
    ),
    pytest.param(
        "年度培训经费共计240.00万元，其中师资费、场地费分别为120.02万元、120.01万元。",
        "error",
        id="three-units-off-beyond-the-rounding-of-two-parts-is-an-error",
    ),
    pytest.param(
        "全年共发放补助资金356.2万元，城市低保、农村低保、特困供养分别为120.5万元、180.3万元、60.4万元。",
        None,
        id="not-tied-to-the-total",
    ),
    pytest.param("两年共投入300万元，分别为100万元、120万元。", None, id="bare-values-after-total"),
    pytest.param(
        "全年发放救助资金600万元，分别为：城市低保200万元、农村低保300万元等。",
        None,
        id="partial-deng",
    ),
    pytest.param(
        "全年支出500万元，其中人员经费300万元、公用经费200万元，分别占60%、40%。",
        None,
        id="shares-after-parts",
    ),
    pytest.param(
        "全年支出500万元，其中人员经费300万元、公用经费190万元，分别占60%、38%。",
        "error",
        id="shares-after-parts-still-checked",
    ),
    # 其中 without 分别: parts labelled by periods need not cover the total either.
    pytest.param(
        "2021-2023年累计投入资金350万元，其中2022年100万元，2023年120万元。",
        None,
        id="qizhong-years",
    ),
    pytest.param(
        "三年累计投入资金350万元，其中2022年100万元、2023年120万元，合计220万元。",
        None,
        id="qizhong-years-closed-by-their-sum",
    ),
    pytest.param(
        "三年累计投入资金350万元，其中2022年100万元、2023年120万元，合计230万元。",
        "error",
        id="qizhong-years-closed-by-a-wrong-sum",
    ),
    pytest.param(
        "2023年部门支出合计350万元，其中基本支出100万元，项目支出120万元。",
        "error",
        id="qizhong-items-still-checked",
    ),
]


@pytest.mark.parametrize(("text", "severity"), RESPECTIVELY_CASES)
def test_parts_vs_total_respectively(text: str, severity: str | None) -> None:
    findings = check(document_from_text(text), select=["CC101"])
    assert [f.severity for f in findings] == ([severity] if severity else []), [
        f.message for f in findings
    ]


def test_respectively_lists_reads_items_and_values() -> None:
    from crosscheck.relate.lists import respectively_lists

    text = "支出356.2万元，其中城市低保、农村低保和特困供养分别为120.5万元、180.3万元、60.4万元，分别占34%、51%、17%。"
    document = document_from_text(text)
    mentions = sorted(crosscheck.extract(document), key=lambda m: m.span.start)
    first, second = respectively_lists(text, mentions, 0, len(text))
    assert first.respectively and not first.inline
    assert first.names == ("其中城市低保", "农村低保", "特困供养")
    assert [m.quantity.surface for m in first.values] == ["120.5万元", "180.3万元", "60.4万元"]
    assert not second.respectively  # 分别占: shares of each item
    assert [m.quantity.kind for m in second.values] == ["percent"] * 3


def test_list_cue_roles_are_known() -> None:
    from crosscheck import lexicons

    roles = {r["role"] for r in lexicons.rows("list_cues")}
    assert roles == {
        "closing_total",
        "partial",
        "respectively",
        "each",
        "joiner",
        "period",
        "spent",
    }


def test_messages_drop_markdown_emphasis_but_evidence_keeps_it() -> None:
    text = "全年救助困难群众**3,286**户次，其中城市**1,245**户次，农村**1,102**户次。"
    (finding,) = crosscheck.check(text, select=["CC101"]).findings
    assert "*" not in finding.message and "3,286户次" in finding.message
    assert all(e.text == text[e.span.start : e.span.end] for e in finding.evidence)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        # 支出决算 is the amount spent; 完成预算的p% its rate: 4.20 ÷ 6.00 = 70%, not 30%.
        (
            "“三公”经费支出预算为6.00万元，支出决算为4.20万元，完成预算的30%，较上年减少1.80万元。",
            True,
        ),
        (
            "“三公”经费支出预算为6.00万元，支出决算为4.20万元，完成预算的70%，较上年减少1.80万元。",
            False,
        ),
        # 完成预算的p% beside a difference (决算数小于预算数…) divides by no difference.
        ("支出决算为4.20万元，决算数小于预算数1.80万元，完成预算的70%。", False),
    ],
)
def test_rate_recompute_reads_zhichu_juesuan_and_wancheng_yusuan(text: str, flagged: bool) -> None:
    findings = crosscheck.check(text, select=["CC103"]).findings
    assert bool(findings) is flagged, [f.message for f in findings]


_SPLIT_TABLE = (
    "表8 支出决算表（单位：万元）\n\n| 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
    "| 文化旅游体育与传媒支出 | {total} | 86.40 | 43.27 |\n| 节能环保支出 | 12.00 | 12.00 | 0.00 |"
)


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        ("129.67", None),  # adds up
        ("129.68", "info"),  # one unit in the last place: the cells' rounding from 元
        ("129.76", "error"),  # digits swapped
    ],
)
def test_a_table_row_against_its_split_columns(total: str, severity: str | None) -> None:
    findings = check(document_from_text(_SPLIT_TABLE.format(total=total)), select=["CC101"])
    assert [f.severity for f in findings] == ([severity] if severity else [])


def test_a_code_level_two_units_off_inside_the_rounding_of_its_items_is_no_finding() -> None:
    # Four 项 cells each rounded from 元 may move their sum by 0.02: no finding.
    text = (
        "表5 一般公共预算支出表（单位：万元）\n\n| 科目编码 | 科目名称 | 合计 |\n"
        "| 20805 | 行政事业单位养老支出 | 248.02 |\n| 2080501 | 行政单位离退休 | 62.01 |\n"
        "| 2080502 | 事业单位离退休 | 62.01 |\n| 2080505 | 机关事业单位基本养老保险缴费支出 | 62.01 |\n"
        "| 2080506 | 机关事业单位职业年金缴费支出 | 61.97 |\n| 21011 | 行政事业单位医疗 | 30.00 |\n"
    )
    assert check(document_from_text(text), select=["CC101"]) == ()


# --- a rate rounded to a whole percent and printed with one decimal place ------------------


def _growth(rate: str) -> list[tuple[str, str]]:
    text = f"某县水利局2026年一般公共预算当年拨款2,418.60万元，比上年执行数减少121.40万元，下降{rate}。"
    return [(f.rule, f.severity) for f in crosscheck.check(text).findings if f.rule == "CC104"]


def test_a_whole_percent_printed_with_a_decimal_place_is_info() -> None:
    # 121.40 ÷ 2,540.00 = 4.78%: rounded to 5 and printed "5.0%", it agrees at the precision
    # it was rounded to (reported as info, with the recomputation).
    assert _growth("5.0%") == [("CC104", "info")]
    assert _growth("4.8%") == []


@pytest.mark.parametrize("rate", ["4.0%", "4.5%", "6.0%"])
def test_a_rate_off_by_more_than_its_rounding_stays_an_error(rate: str) -> None:
    # 4.0% and 6.0% are no rounding of 4.78% to a whole percent; 4.5% is off at its own place.
    assert _growth(rate) == [("CC104", "error")]


# --- a growth rate whose last year's amount is this year's less the difference ------------


def _steep_growth(rate: str) -> list[tuple[str, str]]:
    # Last year = 30.00 − 20.41 = 9.59; both roundings (±0.005 each) move that small base, so
    # the rate may lie anywhere in 20.405 ÷ 9.60 = 212.55% … 20.415 ÷ 9.58 = 213.10%.
    text = f"信访接待中心运行经费2025年支出30.00万元，比上年增加20.41万元，增长{rate}。"
    return [(f.rule, f.severity) for f in crosscheck.check(text).findings if f.rule == "CC104"]


def test_a_rate_inside_the_rounding_of_a_derived_base_is_no_finding() -> None:
    assert _steep_growth("212.60%") == []
    assert _steep_growth("212.83%") == []


def test_a_rate_outside_the_rounding_of_a_derived_base_is_an_error() -> None:
    assert _steep_growth("221.60%") == [("CC104", "error")]


def test_a_difference_of_nothing_with_its_rate_is_read_without_error() -> None:
    # Regression: "增加0万元，增长0%" divided by the difference's 0 in the rounding allowance.
    text = "会议费2025年支出6.00万元，比上年增加0万元，增长0%。会议费2025年支出6.00万元，比上年增加0.00万元，增长5%。"
    found = [(f.rule, f.severity) for f in crosscheck.check(text).findings if f.rule == "CC104"]
    assert found == [("CC104", "error")]
