"""The relate stage: the relations it reads, and the promise that rules only recompute them."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

import crosscheck
from crosscheck.extractor import find_quantities
from crosscheck.extractor.mentions import found_to_mentions
from crosscheck.extractor.table_mentions import merge_table_mentions
from crosscheck.ingest import document_from_text
from crosscheck.pipeline import check
from crosscheck.relate import Relations, relate
from crosscheck.relate import types as relation_types
from crosscheck.segment import segment
from crosscheck.tables import parse_tables

RULES_DIR = Path(__file__).resolve().parent.parent / "crosscheck" / "rules"


def relations_of(text: str) -> Relations:
    segmented = segment(document_from_text(text))
    found = find_quantities(text)
    tables = parse_tables(segmented, found)
    placed = merge_table_mentions(found_to_mentions(segmented, found), tables)
    return relate(segmented, placed, tables)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(RULES_DIR.glob("*.py")), ids=lambda p: p.name)
def test_rules_read_no_text_patterns(path: Path) -> None:
    """Rules recompute relations; the patterns that find them live in crosscheck/relate/."""
    assert not _imports(path) & {"re", "regex"}, path.name


def test_rule_modules_do_not_import_each_other_in_a_circle() -> None:
    graph = {
        p.stem: {m.rsplit(".", 1)[-1] for m in _imports(p) if m.startswith("crosscheck.rules.")}
        for p in RULES_DIR.glob("*.py")
    }
    for module, imported in graph.items():
        for other in imported:
            assert module not in graph.get(other, set()), (module, other)


def test_relations_are_frozen() -> None:
    for name in dir(relation_types):
        value = getattr(relation_types, name)
        if dataclasses.is_dataclass(value) and value.__module__ == relation_types.__name__:
            params = value.__dataclass_params__  # type: ignore[attr-defined]
            assert params.frozen, name


def test_a_qizhong_list_is_a_sum_relation_with_its_cue() -> None:
    relations = relations_of("全所年末在编人员38人，其中干部26人，工勤人员12人。")
    (found,) = relations.sums
    assert found.cue == "opener" and found.complete
    assert found.total.quantity.surface == "38人"
    assert [p.quantity.surface for p in found.parts] == ["26人", "12人"]


def test_a_change_said_of_a_part_is_no_part() -> None:
    relations = relations_of(
        "2024年度总支出410.20万元，其中本年支出390.00万元，较上年增加12.50万元，增长3.3%。"
    )
    (found,) = relations.sums
    assert [p.quantity.surface for p in found.parts] == ["390.00万元"]


def test_a_named_share_and_an_execution_rate_say_where_their_inputs_came_from() -> None:
    relations = relations_of(
        "年度总支出860.00万元。其中项目支出215.00万元，占总支出的25.00%。"
        "项目全年预算数300万元，全年执行数270万元，执行率90%。"
    )
    (share,) = relations.shares
    assert share.source == "named" and share.denominator is not None
    assert share.denominator.quantity.surface == "860.00万元"
    (rate,) = relations.rates
    assert rate.source == "sentence"
    assert (rate.numerator.quantity.surface, rate.denominator.quantity.surface) == (
        "270万元",
        "300万元",
    )


def test_an_implicit_share_takes_its_whole_from_its_own_part_of_the_sentence() -> None:
    # "收入包括：a、b；支出包括：X c，占p%": b ends the 收入 part; the 支出 list's whole is
    # not written in this sentence, so the share has none.
    other_part = relations_of(
        "收入包括：当年拨款收入1,640.20万元、上年结转212.60万元；支出包括：农林水支出"
        "1,512.30万元，占81.62%；住房保障支出340.50万元，占18.38%。"
    )
    assert [s.denominator for s in other_part.shares if s.denominator is not None] == []
    # …while a list opened right after its total takes it.
    own = relations_of("全年支出1,852.80万元，主要用于：农林水支出1,512.30万元，占81.62%。")
    (share,) = own.shares
    assert share.denominator is not None
    assert share.denominator.quantity.surface == "1,852.80万元"


def test_a_change_from_last_years_amount_records_it_as_the_base() -> None:
    relations = relations_of("办公费较上年38.40万元减少4.20万元，下降10.94%。")
    (change,) = relations.changes
    assert change.direction == "decrease" and change.current is None
    assert change.base is not None and change.base.quantity.surface == "38.40万元"


def test_relation_cue_roles_are_documented_in_the_lexicon_header() -> None:
    from crosscheck import lexicons

    path = lexicons.lexicon_dir() / "relation_cues.tsv"
    header = "".join(
        line for line in path.read_text(encoding="utf-8").splitlines(True) if line.startswith("#")
    )
    roles = {r["role"] for r in lexicons.rows("relation_cues")}
    assert roles, "relation_cues.tsv has words"
    for role in roles:
        assert f"role {role}:" in header, role


# -- changes between two years -------------------------------------------------------------


def _amounts(change) -> tuple[str | None, str | None]:
    def shown(m):
        return m.quantity.surface if m is not None else None

    return shown(change.current), shown(change.base)


@pytest.mark.parametrize(
    ("text", "direction", "current", "base"),
    [
        pytest.param(
            "2024年执行数310.00万元，2025年预算安排296.50万元，比2024年执行数减少4.35%。",
            "decrease",
            "296.50万元",
            "310.00万元",
            id="years-written",
        ),
        pytest.param(
            "上年维修费8.20万元，本年维修费9.10万元，比上年增长10.98%。",
            "increase",
            "9.10万元",
            "8.20万元",
            id="shang-nian-ben-nian",
        ),
        pytest.param(
            "去年会议费6.00万元。今年会议费6.00万元，与上年持平。",
            "flat",
            "6.00万元",
            "6.00万元",
            id="flat-sentence-before",
        ),
        pytest.param(
            "本年邮电费12.40万元，较上年11.90万元增加0.50万元，增长4.20%。",
            "increase",
            "12.40万元",
            "11.90万元",
            id="last-year-right-after-jiao-shang-nian",
        ),
        pytest.param(
            "2026年收入预算8,300.00万元，比2025年年初预算数7,950.00万元增加350.00万元，增长4.40%。",
            "increase",
            None,
            "7,950.00万元",
            id="base-named-by-a-long-label",
        ),
    ],
)
def test_two_years_amounts_are_read(text: str, direction: str, current, base) -> None:
    (change,) = relations_of(text).changes
    assert change.direction == direction
    assert _amounts(change) == (current, base)


@pytest.mark.parametrize(
    "text",
    [
        # Two items, and two scopes: no last year's amount.
        "上年差旅费15.00万元，本年培训费18.00万元，比上年增长20%。",
        "上年本级支出40.00万元，本年支出48.00万元，比上年增长20%。",
        "年初预算60.00万元，调整后预算66.00万元，比上年增长10%。",
        # Two amounts of last year: which one the change is taken from is not said.
        "上年执行数20.00万元，上年预算22.00万元，本年预算24.20万元，增长10%。",
    ],
)
def test_no_last_years_amount_is_guessed(text: str) -> None:
    assert all(c.base is None for c in relations_of(text).changes)


def test_a_change_after_a_list_is_said_of_its_total() -> None:
    relations = relations_of(
        "本年收入520.00万元，其中财政拨款480.00万元、其他收入40.00万元，较上年增加20.00万元，增长4.00%。"
    )
    (change,) = relations.changes
    assert change.current is not None and change.current.quantity.surface == "520.00万元"


def test_a_part_with_its_own_change_keeps_it() -> None:
    relations = relations_of(
        "公务用车费120.00万元，其中：运行费80.00万元，比上年增加0.00万元，增长0.00%；"
        "购置费40.00万元，比上年减少5.00万元，下降11.11%。"
    )
    currents = [c.current.quantity.surface for c in relations.changes if c.current is not None]
    assert currents == ["80.00万元", "40.00万元"]


# -- sums beyond one flat 其中 sentence ---------------------------------------------------


def _sums(text: str) -> list[tuple[str, str, list[str]]]:
    return [
        (s.cue, s.total.quantity.surface, [p.quantity.surface for p in s.parts])
        for s in relations_of(text).sums
    ]


def _sums_read_as(text: str, cue: str) -> list[tuple[str, str, list[str]]]:
    return [s for s in _sums(text) if s[0] == cue]


def test_a_bracket_after_a_total_is_its_breakdown() -> None:
    assert _sums("年度支出412.00万元（中央补助300.00万元，县级配套112.00万元）。") == [
        ("bracket", "412.00万元", ["300.00万元", "112.00万元"])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "年度支出412.00万元（含中央补助300.00万元，县级配套112.00万元）。",
        "年度支出412.00万元（中央补助300.00万元等）。",
        # A number in the bracket that is no quantity: a part not read.
        "年度支出412.00万元（中央补助300.00万元，县级配套112.00）。",
        # Years are no parts.
        "年度支出412.00万元（2023年200.00万元，2024年212.00万元）。",
    ],
)
def test_a_bracket_that_is_no_breakdown(text: str) -> None:
    assert _sums_read_as(text, "bracket") == []


def test_a_qizhong_opening_the_next_sentence_takes_its_headline() -> None:
    found = _sums(
        "本年支出执行数980.00万元，执行率97.00%，较上年执行数900.00万元增加80.00万元，增长8.89%。"
        "其中，人员经费600.00万元，公用经费380.00万元。"
    )
    assert found == [("opener", "980.00万元", ["600.00万元", "380.00万元"])]


@pytest.mark.parametrize("joint", ["。其中：", "，其中："])
def test_parts_that_each_compare_with_a_year_are_a_list_of_the_amount(joint: str) -> None:
    # "T万元，比上年减少d万元，其中：A a万元，与2025年持平；B b万元，比2025年减少c万元": the
    # list breaks down T (not the change d before 其中), its parts' changes are no parts,
    # and the years they compare with are no unread parts either.
    text = (
        "（三）培训费46.80万元，比2025年预算减少3.20万元，主要原因是压减培训班次"
        f"{joint}干部培训费30.00万元，与2025年预算持平；业务培训费16.80万元，比2025年预算"
        "减少3.20万元，主要原因是合并培训项目。"
    )
    assert _sums_read_as(text, "opener") == [("opener", "46.80万元", ["30.00万元", "16.80万元"])]


def test_a_list_of_changes_after_a_change_breaks_the_change_down() -> None:
    found = _sums(
        "2026年支出预算612.00万元，比上年增加48.00万元，其中：人员经费增加30.00万元，"
        "公用经费增加18.00万元。"
    )
    assert found == [("opener", "48.00万元", ["30.00万元", "18.00万元"])]


def test_a_number_left_unread_in_a_carried_list_still_stops_it() -> None:
    # Trap: "9.60万" lost its unit (not read as an amount): the list may be missing a part, so
    # the carried total is not summed; a year beside it changes nothing.
    text = (
        "（三）培训费46.80万元，与2025年预算持平。其中：干部培训费30.00万元，与2025年预算持平；"
        "业务培训费7.20万元；专题培训费9.60。"
    )
    assert _sums_read_as(text, "opener") == []


def test_a_list_cut_by_a_blank_line_is_not_carried() -> None:
    found = _sums(
        "本年收入980.00万元，较上年增加80.00万元。其中，财政拨款600.00万元；\n\n其他收入380.00万元。"
    )
    assert found == []


def test_a_part_that_opens_its_own_breakdown_makes_no_list() -> None:
    # 其中 names one part (0 of the 680), whose own breakdown follows its colon: no sum of
    # the parts against the amount before 其中.
    text = (
        "全年政府采购预算680万元：货物类预算80万元、服务类预算600万元；其中县级财政资金采购"
        "0万元：货物类预算0万元、服务类预算0万元。"
    )
    for separator in ("：", ":"):
        found = _sums(text.replace("：", separator))
        assert not [parts for cue, _, parts in found if cue == "opener" and parts]


def test_labelled_parts_after_qizhong_are_still_a_list() -> None:
    # A colon between a part's label and its value is no breakdown of the part before.
    found = _sums("全年支出95.00万元，其中：人员经费：60.00万元；公用经费：35.00万元。")
    assert ("opener", "95.00万元", ["60.00万元", "35.00万元"]) in found


def test_two_measures_each_against_its_total() -> None:
    found = _sums(
        "全年培训1,200人次，支出48.00万元，其中线上700人次、20.00万元，线下500人次、28.00万元。"
    )
    assert ("opener", "48.00万元", ["20.00万元", "28.00万元"]) in found
    assert ("opener", "1,200人次", ["700人次", "500人次"]) in found


# -- sums a table states by its layout -------------------------------------------------------

CODE_TABLE = (
    "表2 支出预算表（单位：万元）\n\n| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
    "| 205 | 教育支出 | 70.00 | 30.00 | 40.00 |\n"
    "| 20502 | 普通教育 | 70.00 | 30.00 | 40.00 |\n"
    "| 2050201 | 学前教育 | 30.00 | 30.00 | 0.00 |\n"
    "| 2050202 | 小学教育 | 40.00 | 0.00 | 40.00 |\n"
    "| 210 | 卫生健康支出 | 5.00 | 5.00 | 0.00 |\n"
    "| 21011 | 行政事业单位医疗 | 5.00 | 5.00 | 0.00 |\n"
    "| 合计 |  | 75.00 | 35.00 | 40.00 |\n"
)


def test_a_code_table_states_its_levels_its_total_row_and_its_columns() -> None:
    cues = {cue for cue, _, _ in _sums(CODE_TABLE)}
    assert cues == {"table-codes", "table-total-row", "table-columns"}
    assert ("table-codes", "70.00", ["30.00", "40.00"]) in _sums(CODE_TABLE)


def test_items_that_leave_a_column_of_their_parent_blank_do_not_break_it_down() -> None:
    # 20140 has 项目支出 52.40 that none of its 项 rows carries (only 基本支出 is itemised):
    # its 合计 is not the sum of the 项 rows. 20150 is itemised in both columns: summed.
    text = (
        "表3 支出总体情况表（单位：万元）\n\n| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
        "| 20140 | 信访事务 | 190.60 | 138.20 | 52.40 |\n"
        "| 2014001 | 行政运行 | 101.50 | 101.50 |  |\n"
        "| 2014050 | 事业运行 | 36.70 | 36.70 |  |\n"
        "| 20150 | 事业运行 | 60.00 | 45.00 | 15.00 |\n"
        "| 2015001 | 行政运行 | 45.00 | 45.00 |  |\n"
        "| 2015002 | 一般行政管理事务 | 15.00 |  | 15.00 |\n"
        "| 20199 | 其他一般公共服务支出 | 5.00 | 5.00 | 0.00 |\n"
    )
    found = _sums(text)
    assert not [parts for cue, total, parts in found if cue == "table-codes" and total == "190.60"]
    assert ("table-codes", "60.00", ["45.00", "15.00"]) in found


def test_codes_written_a_level_a_column_are_filled_down() -> None:
    text = (
        "表2 支出预算表（单位：万元）\n\n| 科目编码 |  |  | 科目名称 | 合计 |\n| 类 | 款 | 项 |  |  |\n"
        "| 205 |  |  | 教育支出 | 70.00 |\n|  | 02 |  | 普通教育 | 70.00 |\n"
        "|  |  | 01 | 学前教育 | 30.00 |\n|  |  | 02 | 小学教育 | 40.00 |\n| 合计 |  |  |  | 70.00 |\n"
    )
    assert ("table-codes", "70.00", ["30.00", "40.00"]) in _sums(text)


def test_a_total_row_at_the_top_is_not_summed() -> None:
    # Rows with no code under a total at the top: their levels are not known.
    text = "表3（单位：万元）\n\n| 单位 | 全年预算数 |\n| 合计 | 99.00 |\n| 甲 | 40.00 |\n| 乙 | 50.00 |\n"
    assert _sums_read_as(text, "table-total-row") == []


# A 合计 row right under the header (and its 栏次 row), over rows that all have a code: the
# 类 rows are summed, never a 类 and its 款 twice.
TOP_TOTAL_HEADER = (
    "表6 一般公共预算支出表\n单位：万元\n\n| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
    "| 栏次 |  | 1 | 2 | 3 |\n"
)
TOP_TOTAL_ROWS = (
    "| 206 | 科学技术支出 | 52.00 | 12.00 | 40.00 |\n"
    "| 20601 | 科学技术管理事务 | 52.00 | 12.00 | 40.00 |\n"
    "| 2060101 | 行政运行 | 12.00 | 12.00 | 0.00 |\n"
    "| 2060199 | 其他科学技术管理事务支出 | 40.00 | 0.00 | 40.00 |\n"
    "| 221 | 住房保障支出 | 9.30 | 9.30 | 0.00 |\n"
    "| 22102 | 住房改革支出 | 9.30 | 9.30 | 0.00 |\n"
)


def _top_table(total: str = "61.30", rows: str = TOP_TOTAL_ROWS, after: str = "") -> str:
    return f"{TOP_TOTAL_HEADER}|  | 合计 | {total} | 21.30 | 40.00 |\n{rows}{after}"


def test_a_total_row_at_the_top_sums_the_class_rows_below_it() -> None:
    found = _sums_read_as(_top_table(), "table-total-row")
    assert ("table-total-row", "61.30", ["52.00", "9.30"]) in found
    assert ("table-total-row", "21.30", ["12.00", "9.30"]) in found


def test_a_wrong_total_at_the_top_is_reported() -> None:
    findings = [f.message for f in check(document_from_text(_top_table("63.30")))]
    # The column against its 类 rows (and the row against its 基本支出 and 项目支出).
    assert any("63.30" in m and "52.00 + 9.30" in m for m in findings)
    assert not [f for f in check(document_from_text(_top_table())) if f.rule == "CC101"]


# A table printed on after a page break: the same header again (no title of its own), or
# rows with no header right after; the total at the top may cover them too.
_CONTINUED = (
    "\n| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
    "| 213 | 农林水支出 | 2.00 | 0.00 | 2.00 |\n| 21301 | 农业农村 | 2.00 | 0.00 | 2.00 |\n",
    "\n| 213 | 农林水支出 | 2.00 | 2.00 |\n| 21301 | 农业农村 | 2.00 | 2.00 |\n",
    "\n| 213 | 农林水支出 | 2.00 | 0.00 | 2.00 |\n| 21301 | 农业农村 | 2.00 | 0.00 | 2.00 |\n",
)


@pytest.mark.parametrize(
    "after", _CONTINUED, ids=["header-repeated", "headerless-fewer-columns", "headerless"]
)
def test_a_total_at_the_top_of_a_table_that_may_go_on_is_not_summed(after: str) -> None:
    assert _sums_read_as(_top_table("63.30", after=after), "table-total-row") == []


def test_a_table_under_its_own_title_does_not_go_on_the_one_before() -> None:
    after = (
        "\n表7 政府性基金预算支出表\n单位：万元\n\n| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
        "| 213 | 农林水支出 | 2.00 | 0.00 | 2.00 |\n"
    )
    found = _sums_read_as(_top_table(after=after), "table-total-row")
    assert ("table-total-row", "61.30", ["52.00", "9.30"]) in found


@pytest.mark.parametrize(
    "rows",
    [
        # A 其中 row with no code: its levels are not known.
        TOP_TOTAL_ROWS + "|  | 其中：住房公积金 | 5.00 | 5.00 | 0.00 |\n",
        # A 项 printed with no 类 above it: the 类 rows leave it out.
        TOP_TOTAL_ROWS + "| 2130101 | 行政运行 | 2.00 | 2.00 | 0.00 |\n",
        # A note row under the data.
        TOP_TOTAL_ROWS + "|  | 注：本表不含上年结转 |  |  |  |\n",
    ],
)
def test_a_total_at_the_top_over_rows_of_unknown_levels_is_not_summed(rows: str) -> None:
    assert _sums_read_as(_top_table("63.30", rows=rows), "table-total-row") == []


def test_a_total_at_the_top_over_units_without_codes_is_not_summed() -> None:
    # The 部门 row restates the total above its 单位 rows: two levels no code tells apart.
    text = (
        "表2 收入预算总表\n单位：万元\n\n| 单位名称 | 合计 | 财政拨款 |\n| 合计 | 80.00 | 80.00 |\n"
        "| 某县农业农村局 | 80.00 | 80.00 |\n| 某县农业农村局（本级） | 50.00 | 50.00 |\n"
        "| 某县农机推广站 | 29.99 | 29.99 |\n"
    )
    assert _sums_read_as(text, "table-total-row") == []
    assert not [f for f in check(document_from_text(text)) if f.rule == "CC101"]


def test_a_data_row_above_the_total_at_the_top_stops_it() -> None:
    text = _top_table("63.30").replace(
        "| 栏次 |  | 1 | 2 | 3 |", "|  | 上年结转 | 5.00 | 2.00 | 3.00 |"
    )
    assert _sums_read_as(text, "table-total-row") == []


def test_qizhong_rows_are_a_partial_list() -> None:
    text = (
        "表4（单位：万元）\n\n| 项目 | 全年预算数 |\n| 公用经费 | 50.00 |\n"
        "| 其中：办公费 | 20.00 |\n| 印刷费 | 10.00 |\n| 政府采购金额 | —— |\n"
    )
    (found,) = [s for s in relations_of(text).sums if s.cue == "table-subrows"]
    assert not found.complete
    assert [p.quantity.surface for p in found.parts] == ["20.00", "10.00"]


def test_the_row_that_numbers_the_columns_is_no_data() -> None:
    text = (
        "表5（单位：万元）\n\n| 科目名称 | 合计 | 基本支出 | 项目支出 |\n| 栏次 | 1 | 2 | 3 |\n"
        "| 教育支出 | 70.00 | 30.00 | 40.00 |\n"
    )
    assert [s[1] for s in _sums(text)] == ["70.00"]


# -- a list written before its count -----------------------------------------------------------


def test_a_list_before_its_count() -> None:
    (counted,) = relations_of("辖区设有甲村、乙村、丙村和丁村五个村委会。").counted_lists
    assert counted.count == 5 and counted.listed == (3, 4) and not counted.at_least


def test_deng_says_the_list_is_partial() -> None:
    (counted,) = relations_of("已在甲镇、乙镇等9个乡镇推广。").counted_lists
    assert counted.at_least and counted.count == 9


@pytest.mark.parametrize(
    "text",
    [
        "增长速度高于营业收入、利润总额两个百分点。",  # a quantity, no count of the list
        "依据条例、办法第七条规定执行。",  # an ordinal
        "做到“两个确保”、“三个到位”四个方面要求。",  # named things in quotes
        "东片区3个村、西片区5个村两个片区。",  # items with counts of their own
        "派出机构包括甲区、乙区、\n\n丙区共3个分局。",  # a list cut by a page break
    ],
)
def test_no_list_is_read_before_a_count(text: str) -> None:
    assert relations_of(text).counted_lists == ()


@pytest.mark.parametrize(
    ("text", "issuer"),
    [
        ("根据岚政办发〔2023〕9号文件执行。", "岚政办发"),
        ("工作方案已印发。岚政办发〔2023〕9号明确了标准。", "岚政办发"),
        ("现按照岚财预〔2024〕3号要求。", "岚财预"),
    ],
)
def test_a_citation_after_a_citing_word_or_a_full_stop(text: str, issuer: str) -> None:
    (citation,) = relations_of(text).citations
    assert citation.issuer == issuer


# -- inputs resolved by key ---------------------------------------------------------------------


def test_a_whole_named_only_in_a_table_is_resolved_by_its_key() -> None:
    relations = relations_of(
        "表1（单位：万元）\n\n| 项目 | 预算数 |\n| 本年收入合计 | 500.00 |\n| 本年支出合计 | 480.00 |\n\n"
        "二、支出情况\n差旅费24.00万元，占本年支出合计的5%。"
    )
    (share,) = relations.shares
    assert share.source == "key"
    assert share.denominator is not None and share.denominator.role == "table"
    assert share.denominator.quantity.surface == "480.00"


def _covered_by_self_evaluation(second_table: str = "") -> str:
    # A 决算's 绩效 paragraph: the share's whole is named by its budget and class, and only a
    # table states it (the 项目支出 column of the 一般公共预算 table's 合计 row).
    return (
        "（五）绩效评价开展情况\n本单位组织对6个项目开展绩效自评，共涉及资金318.60万元，"
        "占一般公共预算项目支出总额的100%。\n\n"
        "2025年一般公共预算财政拨款支出决算表（单位：万元）\n\n"
        "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
        "| | 合计 | 940.20 | 608.40 | 331.80 |\n"
        "| 207 | 文化旅游体育与传媒支出 | 940.20 | 608.40 | 331.80 |\n" + second_table
    )


def test_a_whole_named_by_its_budget_and_class_is_a_tables_column_total() -> None:
    (share,) = relations_of(_covered_by_self_evaluation()).shares
    assert share.source == "key"
    assert share.denominator is not None and share.denominator.quantity.surface == "331.80"
    findings = [f.message for f in check(document_from_text(_covered_by_self_evaluation()))]
    assert any("318.60万元 ÷ 331.80" in m and "100%" in m for m in findings), findings


def test_a_whole_two_tables_state_differently_is_not_resolved() -> None:
    # Trap: another 一般公共预算 table states its 项目支出 otherwise: which one is meant is not
    # known, so the share is not recomputed.
    other = (
        "\n2025年一般公共预算财政拨款项目支出决算表（单位：万元）\n\n"
        "| 科目编码 | 科目名称 | 合计 | 基本支出 | 项目支出 |\n"
        "| | 合计 | 318.60 | 0.00 | 318.60 |\n"
    )
    assert relations_of(_covered_by_self_evaluation(other)).shares == ()


def test_relate_takes_the_facts_it_is_given() -> None:
    """A better alignment plugs in by handing relate() its own facts."""
    text = "表1（单位：万元）\n\n| 项目 | 预算数 |\n| 本年支出合计 | 480.00 |\n\n差旅费24.00万元，占本年支出合计的5%。"
    segmented = segment(document_from_text(text))
    found = find_quantities(text)
    tables = parse_tables(segmented, found)
    placed = merge_table_mentions(found_to_mentions(segmented, found), tables)
    assert relate(segmented, placed, tables, facts=()).shares == ()


def test_a_score_row_with_a_blank_weight_is_summed_without_it() -> None:
    # The 分值 cell of a row is blank: the 一级指标's weights are summed over the rows that
    # state one (the fuzz campaign's IndexError), and nothing raises.
    import crosscheck

    table = (
        "\t一级指标\n\t二级指标\n\t三级指标\n\t分值\n\t得分\n\n"
        "\t产出指标\n\t数量指标\n\t培训人次\n\t\n\t9\n\n"
        "\t产出指标\n\t质量指标\n\t合格率\n\t10\n\t10\n\n"
    )
    report = crosscheck.check("（三）评价情况\n产出指标满分20分，得分19分。\n" + table)
    assert all(f.rule != "internal" for f in report.findings)


# A line of figures ending "其中：", one line per item stating the same figures after it.
ITEMISED = (
    "（2）水利设施维护资金预算1,240万元，实际支出1,105.36万元，预算执行率89.14%。其中：\n"
    "河道清淤预算500万元，实际支出480.20万元，预算执行率96.04%。用于清淤12公里。\n"
    "泵站检修预算400万元，实际支出395.16万元，预算执行率98.79%，由区财政直接拨付。\n"
    "堤防加固工程前期勘察设计与监测预算340万元，实际支出{last}万元，预算执行率67.65%。\n"
    "（3）防汛物资储备资金预算300万元，实际支出260万元，预算执行率86.67%。\n"
)


def test_itemised_lines_sum_each_figure_over_the_items() -> None:
    found = _sums_read_as(ITEMISED.format(last="240.00"), "opener-lines")
    assert found == [
        ("opener-lines", "1,240万元", ["500万元", "400万元", "340万元"]),
        ("opener-lines", "1,105.36万元", ["480.20万元", "395.16万元", "240.00万元"]),
    ]
    findings = check(document_from_text(ITEMISED.format(last="240.00")), select=["CC101"])
    assert [f.severity for f in findings] == ["error"]  # 1,115.36, written 1,105.36
    assert not check(document_from_text(ITEMISED.format(last="230.00")), select=["CC101"])


def test_itemised_lines_where_no_figure_adds_up_say_nothing() -> None:
    # The budgets do not add up either (1,250 ≠ 1,240): which lines are the items is not
    # known, so neither figure is checked.
    text = ITEMISED.format(last="240.00").replace("泵站检修预算400万元", "泵站检修预算410万元")
    assert _sums_read_as(text, "opener-lines") == []


def test_itemised_lines_end_where_the_budgets_add_up() -> None:
    # An unnumbered line of the same figures after the items is no item: the run whose
    # budgets add up (the first three lines) is the list.
    text = ITEMISED.format(last="240.00").replace("（3）防汛物资储备资金", "防汛物资储备资金")
    found = _sums_read_as(text, "opener-lines")
    assert [len(parts) for _, _, parts in found] == [3, 3]
    findings = check(document_from_text(text), select=["CC101"])
    assert [f.evidence[0].text for f in findings] == ["1,105.36万元"]


def test_a_whole_amount_in_a_sentence_is_not_taken_as_rounded() -> None:
    # 500万元 and 360万元 beside 860.25万元 are whole amounts: 0.25万元 missing is an error,
    # not a rounding of the parts.
    findings = check(
        document_from_text("年度培训支出860.25万元，其中线上课程500万元，线下集训360万元。"),
        select=["CC101"],
    )
    assert [f.severity for f in findings] == ["error"]


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("②甲", "⑤乙", True),
        ("（一）甲", "（四）乙", True),
        ("3.甲", "12.乙", True),
        ("二、甲", "2、乙", False),
        ("①甲", "1.乙", False),
    ],
)
def test_marker_styles(a: str, b: str, alike: bool) -> None:
    from crosscheck.relate.tables import marker_style

    assert (marker_style(a) == marker_style(b)) is alike


def test_a_list_after_baokuo_is_a_partial_sum_of_the_total_right_before_it() -> None:
    found = _sums("全年培训支出96.40万元，包括师资费42.10万元、场地费30.00万元、教材费24.30万元。")
    assert found == [("includes", "96.40万元", ["42.10万元", "30.00万元", "24.30万元"])]
    assert [
        s.complete for s in relations_of("总额9.00万元，包括甲4.00万元、乙5.00万元。").sums
    ] == [False]


@pytest.mark.parametrize(
    "text",
    [
        "全年培训支出96.40万元，主要包括师资费42.10万元、场地费60.00万元。",  # the main parts, said so
        "全年培训支出96.40万元，包括师资费42.10万元、场地费60.00万元等。",  # 等: more parts
        "全年培训支出96.40万元，较上年增加8.00万元，包括师资费42.10万元、场地费60.00万元。",
        "全年培训支出96.40万元，包括师资费42.10万元：讲课费30.00万元、差旅费12.10万元。",
    ],
)
def test_no_baokuo_sum_is_read(text: str) -> None:
    assert _sums_read_as(text, "includes") == []


NUMBERED_ITEMS = (
    "（二）按功能科目分类的情况\n"
    "本中心当年一般公共预算支出{total}万元，其中：\n"
    "1.行政运行（2013101）410.20万元，较上年增加10.20万元；\n"
    "2.机关事业单位职业年金缴费支出（2080506）35.60万元，较上年增加1.10万元；\n"
    "3.住房公积金（2210201）54.20万元，较上年减少2.00万元。\n"
    "（三）按经济科目分类的情况\n"
    "本中心当年一般公共预算支出500.00万元，其中工资福利支出380.00万元，商品和服务支出120.00万元。\n"
)


def test_numbered_item_paragraphs_are_read_to_the_end_of_their_numbering() -> None:
    found = _sums_read_as(NUMBERED_ITEMS.format(total="500.00"), "opener-next")
    # The second item names itself at length; the heading after the third ends the list.
    assert found == [("opener-next", "500.00万元", ["410.20万元", "35.60万元", "54.20万元"])]
    assert not check(document_from_text(NUMBERED_ITEMS.format(total="500.00")), select=["CC101"])
    wrong = check(document_from_text(NUMBERED_ITEMS.format(total="510.00")), select=["CC101"])
    assert [f.evidence[0].text for f in wrong] == ["510.00万元"]


@pytest.mark.parametrize(
    "text",
    [
        # The numbering goes on with an item that states no amount: not every part was read.
        "收支预算比上年减少26.00万元，其中：\n1.收入预算减少26.00万元，主要是财政拨款减少；\n"
        "2.支出预算减少26.00万元，主要是项目支出减少；\n3.减少的主要原因是压减一般性支出。\n",
        "本中心当年一般公共预算支出500.00万元，其中：\n1.行政运行（2013101）410.20万元；\n"
        "2.机关事业单位职业年金缴费支出（2080506）35.60万元；\n"
        "3.为保障中心的日常运转和各项业务工作的顺利开展而安排的住房公积金（2210201）54.20万元。\n",
    ],
)
def test_numbered_items_not_read_whole_make_no_list(text: str) -> None:
    assert _sums_read_as(text, "opener-next") == []


# -- tables printed as two blocks side by side, header rows read as data --------------------------

SIDE_BY_SIDE_BASIC = (
    "表6 一般公共预算基本支出表（单位：万元）\n\n"
    "| 经济分类科目编码 | 科目名称 | 金额 | 经济分类科目编码 | 科目名称 | 金额 |\n"
    "| 301 | 工资福利支出 | 86.40 | 302 | 商品和服务支出 | 17.30 |\n"
    "| 30101 | 基本工资 | 31.20 | 30201 | 办公费 | 5.10 |\n"
    "| 30102 | 津贴补贴 | {allowance} | 30205 | 水费 | 1.20 |\n"
    "| 30113 | 住房公积金 | 15.20 | 30211 | 差旅费 | 11.00 |\n"
    "| 303 | 对个人和家庭的补助 | 2.60 |  |  |  |\n"
    "| 30302 | 退休费 | 2.60 | 310 | 资本性支出 | 3.00 |\n"
    "| 人员经费合计 |  | 89.00 | 公用经费合计 |  | 20.30 |\n"
)


def test_each_block_of_a_side_by_side_table_sums_its_own_codes() -> None:
    # 30101 and 30201 share a printed row: each is a row of its own block, so 301 = Σ 301xx,
    # 302 = Σ 302xx, and each block's 合计 row totals the block's 类 rows.
    found = _sums(SIDE_BY_SIDE_BASIC.format(allowance="40.00"))
    assert ("table-codes", "86.40", ["31.20", "40.00", "15.20"]) in found
    assert ("table-codes", "17.30", ["5.10", "1.20", "11.00"]) in found
    assert ("table-total-row", "89.00", ["86.40", "2.60"]) in found
    assert ("table-total-row", "20.30", ["17.30", "3.00"]) in found
    # no sum mixes the two blocks
    assert not [s for s in found if "5.10" in s[2] and "31.20" in s[2]]


def test_a_wrong_item_of_one_block_is_flagged_and_the_other_block_is_not() -> None:
    findings = check(
        document_from_text(SIDE_BY_SIDE_BASIC.format(allowance="41.00")), select=["CC101"]
    )
    (finding,) = findings
    assert {e.text for e in finding.evidence} == {"86.40", "31.20", "41.00", "15.20"}


def test_a_header_repeated_over_value_columns_makes_no_blocks() -> None:
    # 预算数 | 决算数 under each item of a 三公 table: one table, no blocks.
    text = (
        "表7 “三公”经费支出表（单位：万元）\n\n"
        "| 项目 | 预算数 | 决算数 | 预算数 | 决算数 |\n"
        "| 公务接待费 | 2.00 | 1.50 | 3.00 | 2.80 |\n"
        "| 因公出国（境）费 | 1.00 | 0.00 | 1.00 | 0.60 |\n"
    )
    (parsed,) = parse_tables(segment(document_from_text(text)))
    assert parsed.blocks == ()


HEADED_CODES = (
    "表3 一般公共预算支出表（单位：万元）\n\n"
    "| 项目 |  |  |  | 合计 |\n"
    "| 科目编码 |  |  | 科目名称 |  |\n"
    "| 类 | 款 | 项 |  |  |\n"
    "| 207 |  |  | 文化旅游体育与传媒支出 | 64.00 |\n"
    "| 207 | 01 |  | 文化和旅游 | 64.00 |\n"
    "| 207 | 01 | 09 | 群众文化 | {culture} |\n"
    "| 207 | 01 | 12 | 文化和旅游交流与合作 | 24.00 |\n"
    "| 212 |  |  | 城乡社区支出 | 18.50 |\n"
    "| 212 | 03 |  | 城乡社区公共设施 | 18.50 |\n"
    "| 212 | 03 | 99 | 其他城乡社区公共设施支出 | 18.50 |\n"
    "| 合计 |  |  |  | 82.50 |\n"
)


def test_header_rows_above_the_codes_do_not_stop_the_total_row() -> None:
    # 科目编码 / 类 | 款 | 项 rows hold no number and no code: headers, not rows of the sum.
    found = _sums_read_as(HEADED_CODES.format(culture="40.00"), "table-total-row")
    assert found == [("table-total-row", "82.50", ["64.00", "18.50"])]


def test_a_label_row_between_the_data_still_stops_the_total_row() -> None:
    # A row with no number below the first data row is a level the codes do not say.
    text = HEADED_CODES.format(culture="40.00").replace(
        "| 212 |  |  | 城乡社区支出", "| 另列 |  |  | 不含下列支出 |  |\n| 212 |  |  | 城乡社区支出"
    )
    assert _sums_read_as(text, "table-total-row") == []


def test_a_blank_cell_under_a_code_is_nothing_spent_and_a_dash_unread() -> None:
    # 决算 tables leave a zero blank: 207 01 = 40.00 + (blank) + 24.00 is still summed …
    text = HEADED_CODES.format(culture="40.00").replace(
        "| 207 | 01 | 12 |", "| 207 | 01 | 10 | 文化活动 |  |\n| 207 | 01 | 12 |"
    )
    assert ("table-codes", "64.00", ["40.00", "24.00"]) in _sums(text)
    # … while a dash says nothing about the amount, and the sum is left out.
    dashed = text.replace("| 文化活动 |  |", "| 文化活动 | —— |")
    assert ("table-codes", "64.00", ["40.00", "24.00"]) not in _sums(dashed)


def test_a_level_code_that_lost_its_leading_zero_is_read_padded() -> None:
    # "207 | 1 | 9": a spreadsheet wrote the 款 and 项 as numbers.
    text = HEADED_CODES.format(culture="40.00").replace("| 207 | 01 | 09 |", "| 207 | 1 | 9 |")
    assert ("table-codes", "64.00", ["40.00", "24.00"]) in _sums(text)


def test_a_table_whose_title_and_header_are_printed_again_continues_it() -> None:
    # A 收支总表 cut by a page break: the next page prints its title, header and 栏次 row
    # again and holds only the last rows and the 总计; the 总计 is no sum of its page's rows.
    page = (
        "收入支出决算总表\n单位：万元\n\n| 项目 | 行次 | 决算数 | 项目 | 行次 | 决算数 |\n"
        "| 栏次 |  | 1 | 栏次 |  | 2 |\n"
    )
    text = (
        page + "| 财政拨款收入 | 1 | 930.00 | 一般公共服务支出 | 28 | 600.00 |\n"
        "| 其他收入 | 2 | 16.40 | 农林水支出 | 29 | 346.40 |\n"
        "| 本年收入合计 | 3 | 946.40 | 本年支出合计 | 30 | 946.40 |\n\n"
        + page
        + "| 年初结转和结余 | 4 | 0.00 | 年末结转和结余 | 31 | 0.01 |\n"
        "| 总计 | 5 | 946.40 | 总计 | 32 | 946.40 |\n"
    )
    assert not any(total == "946.40" and "0.00" in parts for _, total, parts in _sums(text))
    import crosscheck

    assert [f for f in crosscheck.check(text).findings if f.rule == "CC101"] == []


def test_a_table_with_its_own_title_after_another_is_not_its_continuation() -> None:
    # Trap: two tables of the same width, one after the other, with different titles.
    text = (
        "收入决算表\n单位：万元\n\n| 项目 | 决算数 |\n| 财政拨款收入 | 930.00 |\n"
        "| 其他收入 | 16.40 |\n| 合计 | 946.40 |\n\n"
        "支出决算表\n单位：万元\n\n| 项目 | 决算数 |\n| 基本支出 | 700.00 |\n"
        "| 项目支出 | 264.60 |\n| 合计 | 946.40 |\n"
    )
    assert ("table-total-row", "946.40", ["700.00", "264.60"]) in _sums(text)


def test_a_share_of_a_named_whole_is_not_divided_by_a_narrower_name() -> None:
    # "占支出预算的p%": 支出预算 is the department's 2,100.00, not 项目支出预算 620.00.
    from crosscheck.ingest import document_from_text
    from crosscheck.pipeline import check

    text = (
        "一、收支情况\n2026年支出预算2,100.00万元，其中基本支出预算1,480.00万元，项目支出预算620.00万元。\n"
        "二、基本支出\n（一）工资福利支出1,050.00万元，占支出预算的{share}；\n"
    )
    assert check(document_from_text(text.format(share="50.00%")), select=["CC102"]) == ()
    (found,) = check(document_from_text(text.format(share="55.00%")), select=["CC102"])
    assert "2,100.00" in found.message and "620.00" not in found.message


def test_a_row_with_two_budgets_of_one_kind_gives_no_rate() -> None:
    # Which 全年预算数 the 执行率 divides by is not known: no recomputation, no guess.
    from crosscheck.ingest import document_from_text
    from crosscheck.pipeline import check

    text = (
        "项目资金情况表（单位：万元）\n\n| 项目名称 | 全年预算数 | 全年预算数 | 全年执行数 | 执行率 |\n"
        "| 河道保洁 | 100.00 | 80.00 | 76.00 | 76.00% |\n"
    )
    assert check(document_from_text(text), select=["CC103"]) == ()


@pytest.mark.parametrize(("total", "flagged"), [("515.80", False), ("551.80", True)])
def test_last_years_amounts_inside_a_qizhong_list_are_no_parts(total: str, flagged: bool) -> None:
    # "A收入a万元比2025年初预算数b万元减少c万元": b is last year's, compared with, not a part.
    from crosscheck.ingest import document_from_text
    from crosscheck.pipeline import check

    text = (
        f"二、收入预算情况说明\n2026年收入预算{total}万元，其中：一般公共预算收入198.20万元比2025年"
        "初预算数203.00万元减少4.80万元，降低2.36%；国有资本经营预算收入317.60万元比2025年初"
        "预算数300.10万元增加17.50万元，增长5.83%。\n"
    )
    found = check(document_from_text(text), select=["CC101"])
    assert [f.message for f in found] == (
        [f"各分项之和与合计不符：{total}万元 ≠ 198.20万元 + 317.60万元 = 515.8万元"]
        if flagged
        else []
    )


@pytest.mark.parametrize(("rate", "flagged"), [("2.45%", False), ("4.25%", True)])
def test_a_year_compared_with_after_a_space_is_the_base(rate: str, flagged: bool) -> None:
    # PDF text puts spaces around numbers: "比 2025 年年初预算数b" names b last year's.
    from crosscheck.ingest import document_from_text
    from crosscheck.pipeline import check

    text = (
        "二、收入预算情况说明\n2026 年收入预算 8260.50 万元，比 2025 年年初预算数8063.20万元"
        f"增加197.30万元，增长{rate}。\n"
    )
    found = check(document_from_text(text), select=["CC104"])
    assert [f.message for f in found] == (
        [f"增减幅度不符：197.30万元 ÷ 8063.20万元 = 2.45%，写作{rate}"] if flagged else []
    )


def test_a_percent_alone_in_brackets_after_a_change_is_its_rate() -> None:
    relations = relations_of("2026年会议费预算12.80万元，较上年减少3.20万元（20%）。")
    (change,) = relations.changes
    assert change.rate is not None and change.rate.quantity.surface == "20%"
    assert change.current is not None and change.current.quantity.surface == "12.80万元"
    # 3.20 ÷ (12.80 + 3.20) = 20%: written right, no finding; a ratio written as the rate is.
    assert not check(document_from_text("2026年会议费预算12.80万元，较上年减少3.20万元（20%）。"))
    (slip,) = check(document_from_text("2026年会议费预算12.80万元，较上年减少3.20万元（80%）。"))
    assert slip.rule == "CC104" and "20.00%" in slip.message


def test_a_percent_in_brackets_with_words_is_no_rate_of_the_change() -> None:
    # Trap: "（占比25%）" is a share; "（其中专项资金60%）" a part: neither is the change's rate.
    for bracket in ("（占比25%）", "（其中专项资金60%）"):
        relations = relations_of(f"2026年会议费预算12.80万元，较上年减少3.20万元{bracket}。")
        assert not [c for c in relations.changes if c.rate is not None]


def _column_with_total(first: str, second: str) -> str:
    return (
        "2026年部门支出预算表\n单位：万元\n\n"
        "\t科目名称\n\t合计\n\n"
        f"\t文化和旅游支出\n\t{first}\n\n"
        f"\t群众文化支出\n\t{second}\n\n"
        "\t合计\n\t126.40\n"
    )


def test_parts_that_each_equal_their_total_are_no_breakdown() -> None:
    # One item on two levels (类 and its one 项, 126.40 each) read as a total and its parts:
    # no breakdown has two parts each as large as its total, so no sum is checked.
    assert not check(document_from_text(_column_with_total("126.40", "126.40")))
    # Trap for the guard: one part as large as the total beside another non-zero part is a
    # slip a reviewer wants (a row's 项目支出 copied into it), still reported.
    (slipped,) = check(document_from_text(_column_with_total("126.40", "20.00")))
    assert slipped.rule == "CC101"
    # …while parts that fall short of their total are a finding.
    (short,) = check(document_from_text(_column_with_total("60.20", "56.20")))
    assert short.rule == "CC101" and "116.4" in short.message


def test_a_part_after_a_semicolon_owns_the_change_in_its_clause() -> None:
    text = (
        "2026年“三公”经费预算9.40万元，较上年减少2.10万元（18.26%）；其中：因公出国（境）费0万元；"
        "公务接待费3.20万元，较上年增加0.40万元（{}）；公务用车运行维护费6.20万元。"
    )
    changes = relations_of(text.format("14.29%")).changes
    (reception,) = [
        c for c in changes if c.delta is not None and c.delta.quantity.surface == "0.40万元"
    ]
    assert reception.current is not None and reception.current.quantity.surface == "3.20万元"
    # 0.40 ÷ (3.20 − 0.40) = 14.29%: right; the ratio 3.20 ÷ 2.80 written as the rate is not.
    assert not check(document_from_text(text.format("14.29%")))
    (slip,) = check(document_from_text(text.format("1.14%")))
    assert slip.rule == "CC104" and "14.29%" in slip.message


def test_a_list_under_a_composed_whole_names_only_its_parts() -> None:
    # "“三公”经费a万元，…，其中会议费b万元，…，培训费c万元": 会议费 and 培训费 are no 三公 item
    # (lexicons/standard_compositions.tsv): the 其中 follows a template's order, no breakdown.
    text = (
        "2025年本单位“三公”经费预算支出3.60万元，较上年减少0.40万元，其中会议费2.10万元，"
        "较上年持平，培训费5.80万元，较上年持平。"
    )
    assert _sums_read_as(text, "opener") == []


def test_the_parts_of_a_composed_whole_are_its_breakdown() -> None:
    text = (
        "2025年“三公”经费预算18.60万元，其中：因公出国（境）费用4.00万元，公务用车购置及运行"
        "维护费9.80万元，公务接待费4.80万元。"
    )
    assert _sums_read_as(text, "opener") == [
        ("opener", "18.60万元", ["4.00万元", "9.80万元", "4.80万元"])
    ]


def _sources_list(other: str) -> str:
    return (
        "一、收入预算情况说明\n2026年收入预算8,406.55万元，其中：一般公共预算收入6,210.30万元，"
        "政府性基金预算收入2,195.75万元。\n二、收入明细\n"
        f"1.一般公共预算收入6,210.30万元。\n2.政府性基金预算收入2,195.75万元。\n3.其他收入{other}万元。\n"
    )


def test_a_sources_list_short_by_a_source_stated_elsewhere_is_partial() -> None:
    # 8,406.55 = 6,210.30 + 2,195.75 + 0.50: the 其他收入 the document states elsewhere was left
    # out of the list; the list is no slip of its figures.
    found = check(document_from_text(_sources_list("0.50")), select=["CC101"])
    assert found == ()


def test_a_sources_list_short_by_no_stated_income_is_still_checked() -> None:
    # Trap: 0.60 is no shortfall of the list (0.50): the parts do not add up.
    found = check(document_from_text(_sources_list("0.60")), select=["CC101"])
    assert [f.rule for f in found] == ["CC101"]


def _branch_items(first_code: str) -> str:
    # A budget's 一般公共预算支出 walked through by the 项 of one 款 (codes 20806xx): the
    # department may spend on other 类 too, which the list does not name.
    return (
        "本单位2026年一般公共预算支出8,426.30万元，其中：\n"
        f"（1）行政运行（{first_code}）612.40万元，较上年增加20.10万元。\n"
        "（2）就业创业服务补贴（2080702）7,402.60万元，主要用于稳岗补贴。\n"
    )


def test_items_of_one_class_are_no_whole_breakdown_of_every_class() -> None:
    (found,) = relations_of(_branch_items("2080701")).sums
    assert not found.complete
    findings = crosscheck.check(_branch_items("2080701")).findings
    assert not [f for f in findings if f.rule == "CC101" and f.severity != "info"]


def test_items_of_two_classes_still_make_a_whole_breakdown() -> None:
    # Items of two 类 (201, 208): the list crosses classes, nothing says it stays in one.
    (found,) = relations_of(_branch_items("2010101")).sums
    assert found.complete


def test_a_wholes_name_with_another_noun_of_in_all_is_the_stated_amount() -> None:
    # "资产总量为T万元…，占资产总额的p%": 总量 and 总额 both say "in all".
    text = "截至2025年底，国有资产总量为612.40万元，其中车辆48.20万元，占国有资产总额的7.87%。"
    (share,) = relations_of(text).shares
    assert share.source == "named" and share.denominator.quantity.surface == "612.40万元"
    wrong = crosscheck.check(text.replace("7.87%", "8.77%")).findings
    assert [f for f in wrong if f.rule == "CC102" and "612.40" in f.message]


def test_a_narrower_whole_with_another_noun_of_in_all_is_no_denominator() -> None:
    # Trap: "占资产总额的" names all assets; "固定资产总量" is a part of them, not that whole.
    text = "本馆固定资产总量为512.40万元，其中车辆48.20万元，占资产总额的7.87%。"
    assert not [s for s in relations_of(text).shares if s.denominator is not None]


def test_a_difference_and_its_rate_in_two_directions_are_one_change_at_odds() -> None:
    (change,) = relations_of("档案数字化经费8.20万元，比上年减少30.15万元，增长78.62%。").changes
    assert change.direction == "decrease" and change.rate_direction == "increase"
    assert change.delta.quantity.surface == "30.15万元"


def test_a_difference_and_its_rate_in_one_direction_are_at_no_odds() -> None:
    (change,) = relations_of("档案数字化经费8.20万元，比上年减少30.15万元，下降78.62%。").changes
    assert change.rate_direction is None


def test_another_items_rate_after_a_difference_is_no_change_at_odds() -> None:
    # Trap: "A增加a万元，B下降p%": the rate is B's; the two are no one change.
    text = "与上年相比，公务用车购置费增加1.20万元，公务用车运行费下降18.40%，主要是车辆减少。"
    assert not [c for c in relations_of(text).changes if c.rate_direction is not None]


def _fees_list(last_name: str, last_value: str) -> str:
    # A list of fee incomes whose last entry walks through an item already listed (same value,
    # a shorter name): the writer listed loosely; the list is no partition of the total.
    return (
        "前三季度，行政事业性收费收入9,140万元，增长3.2%。其中：不动产登记费收入1,260万元，"
        "增长4.1%；排污费收入2,315万元，下降1.6%；城镇垃圾处理费收入3,402万元，增长8.8%；"
        f"{last_name}收入{last_value}万元，增长8.8%。\n"
    )


def test_a_list_that_walks_through_one_part_twice_is_no_whole_breakdown() -> None:
    text = _fees_list("垃圾处理费", "3,402")
    (found,) = [s for s in relations_of(text).sums if s.total.quantity.surface == "9,140万元"]
    assert len(found.parts) == 3 and not found.complete
    assert not [f for f in check(document_from_text(text)) if f.rule == "CC101"]


def test_a_list_whose_near_named_parts_differ_is_still_a_breakdown() -> None:
    # Trap: 污水处理费 is another fee (its name is not inside another part's), so the four
    # parts are a breakdown, and 1,260 + 2,315 + 3,402 + 1,900 = 8,877 ≠ 9,140 is reported.
    text = _fees_list("污水处理费", "1,900")
    (found,) = [s for s in relations_of(text).sums if s.total.quantity.surface == "9,140万元"]
    assert found.complete
    assert [f.rule for f in check(document_from_text(text)) if f.rule == "CC101"] == ["CC101"]


def _overview_table(fund: str = "1,250.00") -> str:
    # A 收支总体情况表 with its 合计 right under the header and the numbered income rows under
    # it, some with nothing written (a zero left unwritten), one with a figure after them.
    return (
        "表一\n2026年部门收支总体情况表\n单位：万元\n\n"
        "| 收入 |  | 支出 |  |\n| 项目 | 预算数 | 项目 | 预算数 |\n"
        "| 合计 | 9,840.50 | 合计 | 9,840.50 |\n"
        "| 一、一般公共预算资金 | 8,402.30 | 一、一般公共服务支出 | 6,120.40 |\n"
        "| 二、政府性基金预算资金 | 128.20 | 二、城乡社区支出 | 3,490.10 |\n"
        "| 三、国有资本经营预算资金 |  | 三、住房保障支出 | 230.00 |\n"
        "| 四、财政专户管理资金 |  |  |  |\n"
        "| 五、事业收入资金 | 60.00 |  |  |\n"
        f"| 六、其他收入资金 | {fund} |  |  |\n"
    )


def test_rows_left_blank_under_a_total_at_the_top_are_zero_parts() -> None:
    # 8,402.30 + 128.20 + 60.00 + 1,250.00 = 9,840.50: the rows after the blank ones count.
    findings = check(document_from_text(_overview_table()))
    assert not [f for f in findings if f.rule == "CC101"]


def test_a_wrong_row_after_blank_rows_under_a_total_at_the_top_is_reported() -> None:
    # Trap for the above: 1,205.00 (digits swapped) leaves the income side 45.00 short.
    findings = check(document_from_text(_overview_table("1,205.00")))
    (found,) = [f for f in findings if f.rule == "CC101"]
    assert "1,205.00" in found.message and "60.00" in found.message


def _projects_table(last: str, note: str) -> str:
    return (
        "公开表9\n项目支出预算表\n单位：万元\n\n| 项目名称 | 合计 | 财政拨款 |\n"
        "| 合计 | 860.00 | 860.00 |\n| 档案数字化经费 | 120.00 | 120.00 |\n"
        f"| 网络安全运维经费 | 310.00 | 310.00 |\n| 专项调研经费 | {last} | {last} |\n\n{note}\n"
    )


_OMISSION_NOTE = "注：按照保密工作有关规定，涉及国家秘密的项目明细不予公开。"


def test_rows_short_of_their_total_where_the_document_says_it_left_items_out() -> None:
    # 120 + 310 + 95 = 525 < 860: the note says the rest was withheld; no contradiction.
    text = _projects_table("95.00", _OMISSION_NOTE)
    assert not [f for f in check(document_from_text(text)) if f.rule == "CC101"]


def test_rows_short_of_their_total_with_no_such_note_are_reported() -> None:
    text = _projects_table("95.00", "注：本表反映部门当年项目支出安排。")
    assert [f.rule for f in check(document_from_text(text)) if f.rule == "CC101"] == ["CC101"]


def test_rows_over_their_total_are_reported_even_with_the_note() -> None:
    # Trap for the note: withheld rows cannot make the listed ones more than the total.
    text = _projects_table("495.00", _OMISSION_NOTE)
    assert [f.rule for f in check(document_from_text(text)) if f.rule == "CC101"] == ["CC101"]


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # The verb of the difference dropped: 2.10 / (86.40 − 2.10) = 2.49%, as written.
        ("2027年本单位会议费安排86.40万元，比上年2.10万元，增加2.49%。", False),
        # Last year's amount: 86.40 / 80.00 − 1 = 8.00%, as written.
        ("2027年本单位会议费安排86.40万元，比上年80.00万元，增加8.00%。", False),
        # Neither reading gives 9.50%: reported against last year's 80.00.
        ("2027年本单位会议费安排86.40万元，比上年80.00万元，增加9.50%。", True),
        # Neither gives 3.10% (2.49% as a difference, 4014% as last year's): reported.
        ("2027年本单位会议费安排86.40万元，比上年2.10万元，增加3.10%。", True),
    ],
)
def test_an_amount_right_after_bi_shangnian_read_the_way_its_rate_fits(
    sentence: str, flagged: bool
) -> None:
    found = [f for f in check(document_from_text(sentence)) if f.rule == "CC104"]
    assert bool(found) is flagged, found


def _main_items(first: str, second: str, total: str = "9,860.40", breaks: str = "\n") -> str:
    return (
        f"2027年本单位一般公共预算支出{total}万元，其中：{breaks}（1）行政运行{first}万元，较上年减少"
        f"36.20万元。{breaks}（2）一般行政管理事务{second}万元，主要用于执法装备。{breaks}"
        "（3）住房公积金318.00万元。\n"
    )


def test_parts_far_short_of_their_total_are_the_main_items_only() -> None:
    # 1,204.30 + 642.10 + 318.00 = 2,164.40, a fifth of 9,860.40: the main items (or items a
    # page break hid), no breakdown whose slip could be told.
    text = _main_items("1,204.30", "642.10")
    (found,) = [s for s in relations_of(text).sums if s.total.quantity.surface == "9,860.40万元"]
    assert not found.complete
    assert not [f for f in check(document_from_text(text)) if f.rule == "CC101"]


def test_parts_near_their_total_that_miss_it_are_still_reported() -> None:
    # Trap: 5,204.30 + 4,342.10 + 318.00 = 9,864.40 ≠ 9,860.40: a breakdown with a slip.
    text = _main_items("5,204.30", "4,342.10")
    assert [f.rule for f in check(document_from_text(text)) if f.rule == "CC101"] == ["CC101"]


@pytest.mark.parametrize(("rate", "flagged"), [("10.93%", False), ("12.50%", True)])
def test_an_amount_carried_over_from_last_year_is_no_base_of_a_change(
    rate: str, flagged: bool
) -> None:
    # 上年结转 is this year's income carried over, not last year's amount: the change is the
    # total's (6,420.00 ÷ (52,310.40 + 6,420.00) = 10.93%).
    text = (
        "本部门2027年收入预算52,310.40万元，其中：一般公共预算拨款48,200.00万元、上年结转"
        f"4,110.40万元，较上年减少6,420.00万元，下降{rate}，主要原因是项目支出减少。\n"
    )
    found = [f for f in check(document_from_text(text)) if f.rule == "CC104"]
    assert bool(found) is flagged, found
    assert all("4,110.40" not in f.message for f in found)


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # An item the list says it does not count: 4 counted, 5 named.
        (
            "局机关内设科室4个，分别是办公室、财务科、业务一科、业务二科、机关党支部（不计入内设机构数）。",
            False,
        ),
        # The one named after 及 in the count's own words: 4 科室 and the 党支部.
        (
            "局机关内设4个科室及机关党支部，分别是办公室、财务科、业务一科、业务二科、机关党支部。",
            False,
        ),
        # A run named by its first and last with the name repeated: 办公室 + 业务一科…业务四科.
        ("局机关内设科室5个，分别是办公室、业务一科至业务四科。", False),
        # Trap: one item short with none of these words.
        ("局机关内设科室5个，分别是办公室、财务科、业务一科、机关党支部。", True),
    ],
)
def test_a_counted_list_with_items_it_says_are_not_counted(sentence: str, flagged: bool) -> None:
    found = [f for f in check(document_from_text(sentence + "\n")) if f.rule == "CC401"]
    assert bool(found) is flagged, found


def test_a_rate_taken_over_this_years_amount_says_so() -> None:
    (found,) = [
        f
        for f in check(
            document_from_text("2022年会议费预算180.00万元，较上年增加60.00万元（33.33%）。\n")
        )
        if f.rule == "CC104"
    ]
    assert "60.00万元 ÷ 180.00万元 = 33.33%" in found.message and "本年数作分母" in found.message
    assert "this year's amount taken as the base" in found.message_en
    # Trap: a rate that fits neither division carries no such hint.
    (other,) = [
        f
        for f in check(
            document_from_text("2022年会议费预算180.00万元，较上年增加60.00万元（41.00%）。\n")
        )
        if f.rule == "CC104"
    ]
    assert "分母" not in other.message


def test_a_part_written_in_yuan_is_still_the_slip_of_a_whole_breakdown() -> None:
    # 0 + 36.80元 is far short of 36.80万元, but because 元 was written for 万元: the list is
    # whole, and its unit slip is reported (not read as a list of main items only).
    text = (
        "公务用车购置及运行维护费支出36.80万元。其中：公务用车购置费0万元；"
        "公务用车运行维护费36.80元，主要用于车辆燃料和维修。\n"
    )
    assert [f.rule for f in check(document_from_text(text)) if f.rule == "CC301"] == ["CC301"]


def test_a_total_far_above_the_parts_of_its_own_sentence_is_still_reported() -> None:
    # Trap for the guard above: a list inside its total's sentence is read whole; a total
    # written with two digits swapped (6,124.40 for 2,164.40) is a slip, however far above.
    text = (
        "2027年本单位一般公共预算支出6,124.40万元，其中：行政运行1,204.30万元；"
        "一般行政管理事务642.10万元；住房公积金318.00万元。\n"
    )
    assert [f.rule for f in check(document_from_text(text)) if f.rule == "CC101"] == ["CC101"]


@pytest.mark.parametrize(
    "tail",
    [
        # The list goes on after the line the parts were read from.
        "对个人和家庭的补助（303）120.00万元；\n资本性支出（310）80.40万元。\n",
        # 等 after the last part: some of them.
        "对个人和家庭的补助（303）120.00万元等。\n",
    ],
)
def test_a_list_that_runs_on_past_its_parts_is_no_whole_breakdown(tail: str) -> None:
    text = (
        "2027年本部门一般公共预算支出1,860.40万元，其中：工资福利支出（301）1,210.00万元；"
        f"商品和服务支出（302）450.00万元；{tail}"
    )
    assert not [f for f in check(document_from_text(text)) if f.rule == "CC101"]


def test_a_list_closed_by_a_full_stop_is_checked_whole() -> None:
    # Trap: the same parts closed by 。 on their line: 1,210 + 450 + 120 = 1,780 ≠ 1,860.40.
    text = (
        "2027年本部门一般公共预算支出1,860.40万元，其中：工资福利支出（301）1,210.00万元；"
        "商品和服务支出（302）450.00万元；对个人和家庭的补助（303）120.00万元。\n"
    )
    assert [f.rule for f in check(document_from_text(text)) if f.rule == "CC101"] == ["CC101"]


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # Counts of other things than the total counts (个场馆门类 / 个国家一级博物馆 …).
        ("全市有8个场馆门类，其中有3个国家一级博物馆、2个省级美术馆、14个乡镇综合文化站。", False),
        # Two ways of counting one staff: by title, then (after a comma) by degree.
        (
            "现有专任教师860人，其中高级职称310人、中级职称420人，硕士以上学历380人、本科学历470人。",
            False,
        ),
        # The total's kind with a quality more: some of them, maybe both lists.
        ("学院开设36个专业，其中省级特色专业20个、市级特色专业25个。", False),
        # Trap: one staff split in two, one short: 30 + 12 = 42 ≠ 45.
        ("现有工作人员45人，其中在编人员30人，编外人员12人。", True),
    ],
)
def test_count_lists_that_are_no_split_of_their_total(sentence: str, flagged: bool) -> None:
    found = [f for f in check(document_from_text(sentence + "\n")) if f.rule == "CC101"]
    assert bool(found) is flagged, found


def test_a_list_whose_lines_end_in_semicolons_before_the_next_section_is_whole() -> None:
    # Trap for the run-on guard: the line after the last part opens the next section
    # (（四）…), so the list ended there and is checked: 1,210 + 450 + 120 = 1,780 ≠ 1,860.40.
    text = (
        "2027年本部门一般公共预算支出1,860.40万元，其中：\n工资福利支出（301）1,210.00万元；\n"
        "商品和服务支出（302）450.00万元；\n对个人和家庭的补助（303）120.00万元；\n"
        "（四）政府性基金预算支出情况\n本部门无政府性基金预算支出。\n"
    )
    assert [f.rule for f in check(document_from_text(text)) if f.rule == "CC101"] == ["CC101"]


@pytest.mark.parametrize(
    ("sentence", "flagged"),
    [
        # 等 closing the list after 分别是: some of the nine named.
        ("本部门所属预算单位9个，分别是局机关、信息中心、档案服务中心等。", False),
        # Trap: 等 allows fewer named, never more: five named for three counted.
        (
            "本部门所属预算单位3个，分别是局机关、信息中心、档案服务中心、执法大队、培训中心等。",
            True,
        ),
    ],
)
def test_a_counted_list_closed_by_deng_names_some(sentence: str, flagged: bool) -> None:
    found = [f for f in check(document_from_text(sentence + "\n")) if f.rule == "CC401"]
    assert bool(found) is flagged, found


# -- the halves of a 收支总表: 本年合计, 总计, a row broken down by budget ----------------------


def _two_halves(
    flood: str = "210.00", fund: str = "35.00", carried: str = "8.00", grand: str = "612.00"
) -> str:
    return (
        "2025年部门收支决算总表\n单位：万元\n"
        "| 收入 | | 支出 | |\n| 项目 | 决算数 | 项目 | 决算数 |\n"
        "| 一、财政拨款收入 | 560.00 | 一、城乡社区支出 | 300.00 |\n"
        f"| 一般公共预算 | 525.00 | 二、灾害防治及应急管理支出 | {flood} |\n"
        f"| 政府性基金预算 | {fund} | 三、住房保障支出 | 90.00 |\n"
        "| 二、其他收入 | 40.00 | | |\n"
        "| 本年收入合计 | 600.00 | 本年支出合计 | 600.00 |\n"
        f"| 使用非财政拨款结余 | 4.00 | 年末结转结余 | 12.00 |\n"
        f"| 上年结转 | {carried} | | |\n"
        f"| 收入总计 | {grand} | 支出总计 | 612.00 |\n"
    )


def test_a_halfs_rows_add_up_to_its_years_total_and_with_the_carry_over_to_its_grand_total():
    found = _sums_read_as(_two_halves(), "table-total-row")
    assert ("table-total-row", "600.00", ["560.00", "40.00"]) in found
    assert ("table-total-row", "600.00", ["300.00", "210.00", "90.00"]) in found
    # 上年结转 names a source of funds too, but carried over it is a row of its own.
    assert ("table-total-row", "612.00", ["600.00", "4.00", "8.00"]) in found
    assert ("table-total-row", "612.00", ["600.00", "12.00"]) in found
    # The 财政拨款 row against its budgets (the source rows right under it).
    assert ("table-total-row", "560.00", ["525.00", "35.00"]) in found
    assert not [f for f in check(document_from_text(_two_halves())) if f.rule == "CC101"]


@pytest.mark.parametrize(
    ("changed", "wrong"),
    [
        ({"flood": "201.00"}, "300.00 + 201.00 + 90.00"),
        ({"fund": "53.00"}, "525.00 + 53.00"),
        ({"grand": "621.00"}, "600.00 + 4.00 + 8.00"),
    ],
)
def test_a_half_that_does_not_add_up_is_reported(changed: dict[str, str], wrong: str) -> None:
    findings = [f.message for f in check(document_from_text(_two_halves(**changed)))]
    assert any(wrong in m for m in findings), findings


def _levels_by_another_table(spending_name: str) -> str:
    # A 财政拨款收支总表 whose 支出 half lists 类, 款 and 项 without codes (a 浙江 template);
    # the 一般公共预算支出表 after it gives the same names their codes.
    return (
        "2026年部门财政拨款收支预算总表\n单位：万元\n"
        "| 收入 | | 支出 | |\n| 项目 | 预算数 | 项目 | 预算数 |\n"
        "| 一、财政拨款 | 146.00 | 教育支出 | 120.00 |\n"
        "| 一般公共预算 | 146.00 | 普通教育 | 120.00 |\n"
        "| | | 初中教育 | 80.00 |\n"
        "| | | 高中教育 | 40.00 |\n"
        f"| | | {spending_name} | 26.00 |\n"
        "| | | 行政事业单位医疗 | 26.00 |\n"
        "| 收入总计 | 146.00 | 支出总计 | 164.00 |\n\n"
        "2026年部门一般公共预算支出表\n单位：万元\n"
        "| 科目编码 | 科目名称 | 合计 |\n"
        "| 205 | 教育支出 | 120.00 |\n| 20502 | 普通教育 | 120.00 |\n"
        "| 2050203 | 初中教育 | 80.00 |\n| 2050204 | 高中教育 | 40.00 |\n"
        "| 210 | 卫生健康支出 | 26.00 |\n| 21011 | 行政事业单位医疗 | 26.00 |\n"
    )


def test_a_half_without_codes_is_summed_by_the_levels_other_tables_give_its_names() -> None:
    findings = [
        f.message for f in check(document_from_text(_levels_by_another_table("卫生健康支出")))
    ]
    assert any("164.00" in m and "120.00 + 26.00" in m for m in findings), findings
    # Trap: a name no coded table gives a level to: which rows are the 类 is not known.
    assert not [
        s
        for s in _sums_read_as(_levels_by_another_table("医疗卫生支出"), "table-total-row")
        if s[1] == "164.00"
    ]


def test_halves_not_told_apart_are_not_summed_as_one_half() -> None:
    # Trap: a 支出 half of three columns beside a 收入 half of one: the table is read as one
    # block, each row two rows (an income and a class of spending); the 财政拨款 row's
    # spending cells are not the sum of the budgets' rows' spending cells.
    table = (
        "2026年预算单位财务收支预算总表\n单位：万元\n"
        "| 本年收入 | | 本年支出 | | | |\n"
        "| 项目 | 预算数 | 项目 | 合计 | 基本支出 | 项目支出 |\n"
        "| 一、财政拨款收入 | 800.00 | 一、公共安全支出 | 700.00 | 500.00 | 200.00 |\n"
        "| 一般公共预算 | 800.00 | 二、卫生健康支出 | 60.00 | 60.00 | 0.00 |\n"
        "| 政府性基金预算 | 0.00 | 三、住房保障支出 | 40.00 | 40.00 | 0.00 |\n"
        "| 二、事业收入 | 0.00 | | | | |\n"
        "| 收入总计 | 800.00 | 支出总计 | 800.00 | 600.00 | 200.00 |\n"
    )
    assert not [f for f in check(document_from_text(table)) if f.rule == "CC101"]
