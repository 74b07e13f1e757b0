"""The mutation harness (crosscheck/mutation.py, bench/mutate.py): sites, mutators, judging, the run."""

from __future__ import annotations

import importlib.util
import json
import random
from decimal import Decimal
from pathlib import Path

import pytest

from crosscheck.ingest import document_from_text
from crosscheck.mutation import (
    MIN_SENTENCE_GAP,
    Baseline,
    Mutation,
    Options,
    apart,
    apply_mutation,
    document_view,
    find_sites,
    is_code_or_date,
    judge,
    numeral_in,
    plan_mutations,
    run,
    scaled,
    swap_positions,
    swapped,
    to_json,
)
from crosscheck.pipeline import run_check
from crosscheck.segment import segment
from crosscheck.types import Mention, Quantity, Span

from .conftest import CORPUS, REPO

# An invented report (no sentence of corpus/): one value restated far apart in two
# paragraphs, and the look-alikes that are not sites.
REPORT = """青禾县林业局2024年度部门整体支出绩效自评报告

一、部门基本情况
本局依据青林发〔2023〕118号文件开展工作，联系电话0736-5821947。2024年全局支出预算安排3,618.27万元，在编人员46人。

二、预算执行情况
（一）造林补助资金全年支出1,245.60万元，完成率96.5%。资金按季度拨付。验收合格后兑付。
（二）护林员补助支出527.30万元，即护林员补助支出527.30万元。
（三）苗木采购支出312.84万元。苗木采购支出312.84万元。
（四）林区道路养护长度为48.5公里，养护支出63.07万元。

三、绩效目标完成情况
造林补助资金全年支出1,245.60万元，完成率96.5%，惠及林农45人。
根据青林发〔2023〕118号文件，2023年度各项工作已完成。联系电话0736-5821947。
全年预算安排3,618.27万元，在编人员46人。养护支出63.07万元。
"""


def _sites(text: str) -> dict[str, list[str]]:
    document = document_from_text(text)
    result = run_check(document)
    return {
        site.occurrences[0].numeral.text: [o.numeral.text for o in site.occurrences]
        for site in find_sites(document, result.mentions, segment(document))
    }


def test_site_finder_finds_planted_double_statements_and_ignores_look_alikes() -> None:
    sites = _sites(REPORT)
    # Planted: restated in another paragraph, with thousands separators and without.
    assert sites["1,245.60"] == ["1,245.60", "1,245.60"]
    assert sites["3,618.27"] == ["3,618.27", "3,618.27"]
    assert sites["96.5"] == ["96.5", "96.5"]
    assert sites["63.07"] == ["63.07", "63.07"]
    # Two significant digits only (46人, 45人): many facts of a report share such values.
    assert "46" not in sites
    # Twice in one sentence, and twice in two adjacent sentences: one statement, not two.
    assert "527.30" not in sites
    assert "312.84" not in sites
    # Years, 文号 and phone numbers never become sites.
    assert not {"2023", "2024", "118", "0736", "5821947"} & set(sites)
    assert set(sites) == {"1,245.60", "3,618.27", "96.5", "63.07"}


def test_a_value_stated_twice_with_different_precision_or_unit_is_no_site() -> None:
    text = (
        "一、支出情况\n全年支出预算安排1,245.60万元，另有结转资金。\n\n"
        "二、说明\n全年支出1,245.6万元。另安排1,245.60元用于购置办公用品。\n"
    )
    # 1,245.60万元 vs 1,245.6万元 (another written precision) vs 1,245.60元 (another value).
    assert _sites(text) == {}


def _mention(surface: str, start: int = 0) -> Mention:
    quantity = Quantity(kind="amount", value=Decimal(1), unit="元", surface=surface, scale="万元")
    return Mention(span=Span(start, start + len(surface)), quantity=quantity, role="table")


@pytest.mark.parametrize(
    ("text", "surface", "code"),
    [
        ("年度\t2023\t", "2023", True),  # a bare year in a table cell
        ("电话\t58219476\t", "58219476", True),  # a bare phone number
        ("编码\t0213\t", "0213", True),  # a bare code with a leading zero
        ("〔2023〕", "2023", True),  # the year of a 文号
        ("发〔2023〕118号", "118", True),  # the number of a 文号
        ("0736-5821947", "5821947", True),  # the second part of a phone number
        ("2023.12.31", "2023.12", True),  # a date
        ("截至6月30日", "30", True),  # a day
        ("合计\t2023.50\t", "2023.50", False),  # an amount that looks like a year, with decimals
        ("合计\t58,219,476\t", "58,219,476", False),  # a large amount with separators
        ("支出\t1245.60\t", "1245.60", False),
        ("惠及2023人", "2023人", False),  # a count, not a year: its unit is written
    ],
)
def test_codes_dates_years_and_phone_numbers_are_told_apart(
    text: str, surface: str, code: bool
) -> None:
    start = text.index(surface)
    numeral = numeral_in(surface, start)
    assert numeral is not None
    assert is_code_or_date(text, _mention(surface, start), numeral) is code


@pytest.mark.parametrize(
    ("a", "b", "far"),
    [
        (("narrative", 3, 0), ("table", 1, -1), True),  # narrative ↔ table
        (("table", 1, -1), ("table", 2, -1), False),  # table ↔ table is not asked for
        (("narrative", 3, 0), ("narrative", 4, 0), True),  # two paragraphs
        (("narrative", 3, 0), ("narrative", 3, 0), False),  # one sentence
        (("narrative", 3, 0), ("narrative", 3, 1), False),  # adjacent sentences
        (("narrative", 3, 0), ("narrative", 3, MIN_SENTENCE_GAP), True),
    ],
)
def test_two_statements_must_be_more_than_a_sentence_apart(a, b, far: bool) -> None:
    assert apart(a, b) is far


# -- the mutators --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "sign", "expected"),
    [
        ("4847.62", 1, "5186.95"),  # 4847.62 × 1.07 = 5186.9534
        ("4,847.62", 1, "5,186.95"),
        ("4，847.62", 1, "5，186.95"),  # a full-width comma stays one
        ("４８４７．６２", 1, "５１８６．９５"),  # full-width digits and point stay so
        ("4,847.62", -1, "4,508.29"),
        ("960", 1, "1027"),  # no separator written: none added
        ("9,960", 1, "10,657"),  # separators regrouped for the new length
        ("1,000.00", -1, "930.00"),
        ("249", 1, "266"),
        ("3.00", 1, "3.21"),  # trailing zeros are written precision
    ],
)
def test_seven_percent_keeps_the_written_format(written: str, sign: int, expected: str) -> None:
    numeral = numeral_in(written, 0)
    assert numeral is not None
    assert scaled(numeral, sign) == expected


def test_swap_exchanges_two_adjacent_differing_digits_and_keeps_the_format() -> None:
    assert swapped("4,847.62", swap_positions("4,847.62")[-1]) == "4,847.26"
    assert swap_positions("4,847.62") == (2, 3, 6)  # never across a separator or the point
    assert swap_positions("105") == (1,)  # 015 would start with a zero
    assert swap_positions("1,000") == ()
    assert swapped("４８４７", 0) == "８４４７"


def _numerals(rng: random.Random) -> list[str]:
    """Random written numbers with at least three significant digits, in the styles reports use."""
    out = []
    for _ in range(400):
        decimals = rng.choice((0, 1, 2))
        whole = rng.randrange(100 if decimals == 0 else 1, 10_000_000)
        if decimals == 0 and whole % 10 == 0:
            whole += rng.randrange(1, 10)  # 3 significant digits: no trailing zero on integers
        text = str(whole)
        separator = rng.choice(("", ",", "，"))
        if separator:
            text = f"{whole:,}".replace(",", separator)
        if decimals:
            text += "." + "".join(rng.choice("0123456789") for _ in range(decimals))
        if rng.random() < 0.2:
            text = text.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
        out.append(text)
    return out


def _shape(text: str) -> tuple[str, ...]:
    """What a number's written format is, apart from its digits: separators and the point, with
    the number of digits after the point, and the digit width."""
    wide = any(c in "０１２３４５６７８９" for c in text)
    marks = "".join(c for c in text if c in ",，.．")
    decimals = len(text.replace("．", ".").partition(".")[2])
    return (marks[-1:] if "." in marks or "．" in marks else "", str(decimals), str(wide))


def test_mutators_always_change_the_value_and_keep_the_format() -> None:
    for text in _numerals(random.Random(7)):
        numeral = numeral_in(text, 0)
        assert numeral is not None, text
        assert numeral.significant_digits >= 3, text
        for sign in (1, -1):
            changed = numeral_in(scaled(numeral, sign), 0)
            assert changed is not None
            assert changed.number != numeral.number
            assert _shape(changed.text) == _shape(text)
            assert changed.separator in (numeral.separator, "")
            if numeral.separator and changed.number >= 1000:
                assert changed.separator == numeral.separator
        for position in swap_positions(text):
            after = swapped(text, position)
            changed = numeral_in(after, 0)
            assert changed is not None and changed.number != numeral.number
            assert len(after) == len(text) and _shape(after) == _shape(text)


# -- judging on a seed ---------------------------------------------------------------------

SEED_000 = CORPUS / "000_0b8a2aad63db18d1.txt"


def _seed_mutation(written: str, role: str, sign: int) -> tuple[Mutation, Baseline]:
    view = document_view(str(SEED_000))
    document = view.document
    segmented = segment(document)
    result = run_check(document)
    (site,) = [
        s
        for s in find_sites(document, result.mentions, segmented)
        if s.occurrences[0].numeral.text == written
    ]
    target = next(o for o in site.occurrences if o.mention.role == role)
    partner = next(o for o in site.occurrences if o is not target)
    kind = "+7%" if sign > 0 else "-7%"
    return Mutation(kind, target, partner, scaled(target.numeral, sign)), Baseline(
        document, result, segmented
    )


def test_a_changed_table_rate_of_seed_000_is_found() -> None:
    # 249% is stated in the table part and in the narrative's summary of 执行率.
    mutation, baseline = _seed_mutation("249", "table", 1)
    assert mutation.after == "266"
    changed = apply_mutation(baseline.document, mutation)
    assert changed.text[mutation.span_after.start : mutation.span_after.end + 1] == "266%"
    outcome = judge(mutation, run_check(changed), baseline)
    assert outcome.status == "found"
    assert "CC201" in outcome.rules


def test_a_changed_amount_of_seed_000_is_found_where_nothing_was_flagged_before() -> None:
    # 646.23万元 (困难居民医疗救助) in the table's list item and in the narrative's.
    mutation, baseline = _seed_mutation("646.23", "narrative", -1)
    outcome = judge(mutation, run_check(apply_mutation(baseline.document, mutation)), baseline)
    assert (outcome.status, outcome.preflagged, outcome.rules) == ("found", False, ("CC201",))
    assert outcome.target.role == "narrative" and outcome.partner.role == "table"
    assert "【646.23】" in outcome.target.context


def test_a_changed_amount_of_the_one_stop_item_of_seed_000_is_found() -> None:
    # 997.76万元 (the “一站式” payment) in the table's list item and in the narrative's: both
    # name their item by a generic head (医疗救助结算金额), so both are named by the item.
    mutation, baseline = _seed_mutation("997.76", "narrative", -1)
    outcome = judge(mutation, run_check(apply_mutation(baseline.document, mutation)), baseline)
    assert outcome.status == "found"


def test_an_unchanged_occurrence_is_not_found() -> None:
    """The trap of the judge: re-checking the document with its own numeral is never "found"."""
    mutation, baseline = _seed_mutation("646.23", "narrative", -1)
    same = Mutation("swap", mutation.target, mutation.partner, mutation.before)
    outcome = judge(same, run_check(apply_mutation(baseline.document, same)), baseline)
    assert outcome.status == "missed"
    assert outcome.why  # and the report says how the two statements were keyed


def test_mutations_are_planned_from_the_seed() -> None:
    document = document_from_text(REPORT)
    sites = find_sites(document, run_check(document).mentions, segment(document))

    def plan(seed: int, per_doc: int = 0) -> list[tuple[str, int, str]]:
        return [
            (m.kind, m.target.numeral.span.start, m.after)
            for m in plan_mutations(document, sites, seed=seed, per_doc=per_doc)
        ]

    assert plan(3) == plan(3)
    assert len(plan(3)) == 8  # two per site: a swap and ±7 %
    assert len(plan(3, per_doc=3)) == 3
    assert {plan(s)[0] for s in range(8)} != {plan(3)[0]}
    # Fixing the sign keeps the seed's sites and occurrences; "both" plants +7 % and -7 %.
    plus = plan_mutations(document, sites, seed=3, signs="+")
    both = plan_mutations(document, sites, seed=3, signs="both")
    assert [m.kind for m in plus if m.kind != "swap"] == ["+7%"] * 4
    assert [m.kind for m in both].count("-7%") == [m.kind for m in both].count("+7%") == 4
    targets = {m.target.numeral.span.start for m in plus}
    assert targets == {start for _, start, _ in plan(3)}
    for kind, start, after in plan(3):
        site = next(s for s in sites if any(o.numeral.span.start == start for o in s.occurrences))
        assert after != site.occurrences[0].numeral.text, kind


# -- the harness on a folder ----------------------------------------------------------------

HTML = """<html><head><meta charset="utf-8"></head><body>
<h1>青禾县林业局2024年度项目支出绩效自评表</h1><p>单位：万元</p>
<table border="1">
<tr><th>项目名称</th><th>年初预算数</th><th>全年执行数</th><th>执行率</th></tr>
<tr><td>造林补助资金</td><td>1,300.00</td><td>1,245.60</td><td>95.82%</td></tr>
<tr><td>森林防火经费</td><td>90.00</td><td>86.45</td><td>96.06%</td></tr>
</table>
<p>一、执行情况。造林补助资金全年执行数1,245.60万元，执行率95.82%。</p>
<p>二、其他情况。森林防火经费全年执行数86.45万元，执行率96.06%。</p>
</body></html>
"""


def _bench_main():
    spec = importlib.util.spec_from_file_location("bench_mutate", REPO / "bench" / "mutate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.main


def test_the_harness_runs_on_a_small_folder(tmp_path: Path, capsys) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    assert _bench_main()([str(tmp_path), "--json", "--jobs", "2", "--per-doc", "4"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["schema"] == "crosscheck/mutation@1"
    by_name = {Path(d["file"]).name: d for d in out["documents"]}
    assert by_name["empty.txt"]["error"]  # one unreadable document is a row, not the end
    html = by_name["b.html"]
    assert (html["source_kind"], html["reread"]) == ("html", True)
    assert html["tables_original"] == html["tables_reread"] == 1
    assert html["sites"] == 4 and html["mutations"] == 4
    text = by_name["a.txt"]
    assert (text["reread"], text["sites"], text["mutations"]) == (False, 4, 4)
    for outcome in text["outcomes"] + html["outcomes"]:
        assert outcome["status"] in ("found", "missed")
        assert outcome["changed"]["text"] == outcome["before"]
    summary = out["summary"]
    assert (summary["documents"], summary["failed"], summary["mutations"]) == (3, 1, 8)
    assert summary["found"] == sum(d["found"] for d in out["documents"])
    assert summary["by_kind"]["swap"]["mutations"] + summary["by_kind"]["±7%"]["mutations"] == 8
    assert summary["errors_per_10_documents"] is not None
    assert (summary["reread"], summary["tables_differ"]) == (1, 0)


def test_the_text_report_lists_misses_and_the_findings_on_unchanged_documents(
    tmp_path: Path, capsys
) -> None:
    (tmp_path / "a.txt").write_text(REPORT, encoding="utf-8")
    assert _bench_main()([str(tmp_path / "a.txt"), "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert "sites 4, mutations 8" in out
    assert "findings on the unchanged document:" in out
    assert "recall" in out and "per 10 documents" in out


def test_results_and_json_agree() -> None:
    result = run([str(SEED_000)], Options(per_doc=4))
    (document,) = result.documents
    assert len(document.outcomes) == 4 and document.sites >= 10
    data = to_json(result)
    assert data["summary"]["mutations"] == result.summary.mutations == 4
    assert {f["rule"] for f in data["documents"][0]["findings"]} >= {"CC201", "CC101"}


def test_a_crash_on_one_document_is_that_document_s_error(tmp_path: Path, monkeypatch) -> None:
    from crosscheck import mutation

    def broken(document):
        raise RuntimeError("boom")

    monkeypatch.setattr(mutation, "run_check", broken)
    path = tmp_path / "a.txt"
    path.write_text(REPORT, encoding="utf-8")
    result = mutation.mutate_document(str(path))
    assert result.error == "crash: RuntimeError: boom"
    assert result.outcomes == () and result.sites == 0
