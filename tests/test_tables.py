"""Tables parsed to the grid a reader of the original sees (issue: tables and formats).

Seed 000's 自评表 was flattened badly (a lost header row, lost row breaks); seed
001's is clean. Both must come out with their 资金 block, their indicator rows
with 分值 and 得分, and their 总分 row; 001's empty 项目支出 template is a template.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

import crosscheck
from crosscheck.cli import main
from crosscheck.ingest import document_from_text
from crosscheck.tables import parse_tables
from crosscheck.types import ParsedTable

from .conftest import SEEDS


def _tables(path) -> tuple[ParsedTable, ...]:
    return parse_tables(crosscheck.segment(crosscheck.load(path)))


def _value(parsed: ParsedTable, row_header: str, col_key: str) -> Decimal | None:
    for cell in parsed.cells:
        if cell.row_header == row_header and cell.col_key == col_key and cell.quantities:
            return cell.quantities[0].value
    return None


def _rows(parsed: ParsedTable, col_key: str) -> dict[str, Decimal]:
    """row header -> the value in the column ``col_key`` (cells with a quantity)."""
    return {
        c.row_header: c.quantities[0].value
        for c in parsed.cells
        if c.col_key == col_key and c.quantities and c.row_header
    }


@pytest.fixture(scope="module")
def table_000() -> ParsedTable:
    (parsed,) = _tables(SEEDS[0])
    return parsed


@pytest.fixture(scope="module")
def tables_001() -> tuple[ParsedTable, ...]:
    return _tables(SEEDS[1])


def test_000_is_a_dept_self_evaluation_in_wan_yuan(table_000: ParsedTable) -> None:
    assert table_000.layout == "dept_self_eval"
    assert table_000.unit == "万元"
    assert not table_000.is_empty_template


def test_000_funding_total_row(table_000: ParsedTable) -> None:
    total = "资金 来源 / 合计"
    assert _value(table_000, total, "adjusted_budget") == Decimal("48476200")
    assert _value(table_000, total, "expenditure") == Decimal("55148900")
    assert _value(table_000, total, "execution_rate") == Decimal("114")
    assert _value(table_000, total, "full_score") == Decimal("10")
    assert _value(table_000, total, "score") == Decimal("10")


def test_000_five_funding_sources_and_the_structure_rows(table_000: ParsedTable) -> None:
    budgets = _rows(table_000, "adjusted_budget")
    sources = [h for h in budgets if h.startswith("资金 来源 / （")]
    assert len(sources) == 5
    assert budgets["资金 来源 / （1）财政拨款(年初预算批复）"] == Decimal("46404700")
    assert budgets["资金 来源 / （5）其他资金（岳财专指0010：特殊群体医疗费用）"] == Decimal(
        "500000"
    )
    spent = _rows(table_000, "expenditure")
    assert spent["资金 结构 / （1）基本支出"] == Decimal("2669900")
    assert spent["资金 结构 / 其中：人员支出"] == Decimal("2398000")
    assert spent["资金 结构 / 公用支出"] == Decimal("271900")
    assert spent["资金 结构 / （2）项目支出"] == Decimal("52479000")


def test_000_indicator_rows_and_total(table_000: ParsedTable) -> None:
    weights = _rows(table_000, "full_score")
    scores = _rows(table_000, "score")
    seconds = {h.split(" / ")[1] for h in weights if h.count(" / ") >= 2}
    assert seconds == {
        "数量指标",
        "质量指标",
        "时效指标",
        "成本指标",
        "经济效益 指标",
        "社会效益 指标",
        "可持续影响指标",
        "服务对象满意度指标",
    }
    # 生态效益 has no indicator ("……") and so no score: the row is there, empty.
    assert any("生态效益" in (c.row_header or "") for c in table_000.cells)
    assert weights.pop("总分") == Decimal("100")
    assert scores.pop("总分") == Decimal("100")
    funding_weight = weights.pop("资金 来源 / 合计")
    assert sum(weights.values()) + funding_weight == Decimal("100")
    funding_score = scores.pop("资金 来源 / 合计")
    assert sum(scores.values()) + funding_score == Decimal("100")


def test_001_self_evaluation_table(tables_001: tuple[ParsedTable, ...]) -> None:
    basic, self_eval, project = tables_001
    assert basic.layout == "dept_basic_data"
    assert self_eval.layout == "dept_self_eval"
    assert project.layout == "project_self_eval"
    assert _value(self_eval, "总分", "full_score") == Decimal("100")
    assert _value(self_eval, "总分", "score") == Decimal("94.5")
    assert _value(self_eval, "年度资金总额", "initial_budget") == Decimal("2231500")
    assert _value(self_eval, "年度资金总额", "execution_rate") == Decimal("100")
    scores = _rows(self_eval, "score")
    # 一级/二级 labels are filled down through the merged cells.
    assert scores["产出指标 （50分) / 质量 指标 / 全区统筹参保率"] == Decimal("10")
    assert scores["效益指标 （30分） / 可持续影响指标 / 文明环境"] == Decimal("2.5")
    indicator_scores = [v for h, v in scores.items() if h.count(" / ") == 2]
    funding_score = _value(self_eval, "年度资金总额", "score")
    assert sum(indicator_scores) + funding_score == Decimal("94.5")


def test_001_empty_project_template_is_a_template(tables_001) -> None:
    basic, self_eval, project = tables_001
    assert project.is_empty_template
    assert not self_eval.is_empty_template
    assert not basic.is_empty_template


def test_001_basic_data_keeps_years_in_headers(tables_001) -> None:
    basic = tables_001[0]
    headers = {c.col_header for c in basic.cells if c.row_header == "公用经费" and c.quantities}
    assert headers == {"2022年决算数", "2023年预算数", "2023年决算数"}
    assert _value(basic, "公用经费", "budget") == Decimal("209900")


def test_001_labelled_amounts_inside_funding_cells(tables_001) -> None:
    self_eval = tables_001[1]
    amounts = {q.surface: q.value for c in self_eval.cells for q in c.quantities}
    assert amounts["349.94"] == Decimal("3499400")  # 其中：一般公共预算：349.94 (万元)
    assert amounts["5.33"] == Decimal("53300")  # 其他资金：5.33


def test_every_cell_span_quotes_the_text() -> None:
    for path in SEEDS:
        document = crosscheck.load(path)
        for parsed in parse_tables(crosscheck.segment(document)):
            for cell in parsed.cells:
                assert document.text[cell.cell.span.start : cell.cell.span.end] == cell.cell.raw
                for q, span in zip(cell.quantities, cell.quantity_spans, strict=True):
                    assert document.text[span.start : span.end] == q.surface


def test_tables_command_formats(capsys) -> None:
    assert main(["tables", str(SEEDS[1])]) == 0
    out = capsys.readouterr().out
    assert "整体支出绩效自评表" in out and "dept_self_eval" in out and "空白模板" in out
    assert main(["tables", "--format", "json", str(SEEDS[1])]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["schema"] == "crosscheck/tables@1"
    layouts = [t["layout"] for t in payload["tables"]]
    assert layouts == ["dept_basic_data", "dept_self_eval", "project_self_eval"]
    assert main(["tables", "--format", "csv", str(SEEDS[0])]) == 0
    assert capsys.readouterr().out.startswith("\ufefffile,table,row,col,role")  # BOM for Excel


SIDE_BY_SIDE = (
    "收入支出决算总表\n\n"
    "部门：某县农业农村局\t\t\t\t\t金额单位：万元\n"
    "收入\t\t\t支出\t\t\n"
    "项目\t行次\t金额\t项目\t行次\t金额\n"
    "一、一般公共预算财政拨款收入\t1\t6,218.45\t一、一般公共服务支出\t32\t0.00\n"
    "本年收入合计\t30\t6,842.37\t本年支出合计\t60\t6,905.12\n"
    "年初结转和结余\t31\t186.42\t年末结转和结余\t61\t123.67\n"
    "总计\t32\t7,028.79\t总计\t62\t7,028.79\n"
)


def _side_by_side() -> ParsedTable:
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(SIDE_BY_SIDE)))
    return parsed


def test_side_by_side_table_labels_each_side_by_its_own_item() -> None:
    # 收入 | 支出 in one table: 123.67 is the 年末 balance, not "年初… / 年末…".
    parsed = _side_by_side()
    labels = {
        str(cell.quantities[0].value): cell.row_header for cell in parsed.cells if cell.quantities
    }
    assert labels["1864200.00"] == "年初结转和结余"
    assert labels["1236700.00"] == "年末结转和结余"
    assert labels["69051200.00"] == "本年支出合计"


def test_a_unit_cell_in_the_first_row_is_the_table_unit() -> None:
    parsed = _side_by_side()
    assert parsed.unit == "万元"
    assert not parsed.is_empty_template


def test_side_by_side_balance_is_checked_against_the_text() -> None:
    text = (
        "2023年本年支出合计6,905.12万元。年末结转和结余132.67万元，主要是项目尚未完成验收。\n\n"
        + SIDE_BY_SIDE
    )
    findings = [f for f in crosscheck.check(text).findings if f.rule == "CC201"]
    assert len(findings) == 1
    assert {e.text for e in findings[0].evidence} == {"132.67万元", "123.67"}


# --- 绩效指标 rows as Indicators (crosscheck/tables/indicators.py) ---------------------------

_INDICATOR_TABLE = (
    "某县林业局造林补助项目绩效自评表\n"
    "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施\n"
    "产出指标 | 数量指标 | 人工造林面积 | ≥1.2万亩 | 1.35万亩 | 20 | 20 | \n"
    "产出指标 | 质量指标 | 苗木成活率 | ≥85% | 82.6% | 20 | 16 | 春旱影响，已补植\n"
    "满意度指标 | 服务对象满意度 | 林农满意度 | 达标 | 较满意 | 10 | 9 | \n"
    "总分 | | | | | 50 | 45 | \n"
)


def test_indicator_rows_carry_target_bound_actual_weight_score_and_note() -> None:
    report = crosscheck.check(_INDICATOR_TABLE)
    (table,) = report.tables
    names = [i.name for i in table.indicators]
    assert names == ["人工造林面积", "苗木成活率", "林农满意度"]  # 总分 is no indicator
    area, survival, satisfaction = table.indicators
    assert (survival.level1, survival.level2) == ("产出指标", "质量指标")
    assert survival.target.quantity.bound == "min" and survival.target.quantity.value == 85
    assert survival.actual.quantity.value == Decimal("82.6") and survival.unit == "%"
    assert survival.weight.text == "20" and survival.score.text == "16"
    assert survival.note == "春旱影响，已补植"
    assert report.document.text[survival.actual.quantity_span.start :].startswith("82.6%")
    # A value in words: its text is kept, it states no quantity.
    assert satisfaction.actual.text == "较满意" and satisfaction.actual.quantity is None
    assert area.target.text == "≥1.2万亩"


def test_a_table_without_indicator_names_has_no_indicators() -> None:
    text = "项目 | 全年预算数 | 全年执行数 | 执行率\n合计 | 100.00 | 95.00 | 95%\n"
    (table,) = crosscheck.check(text).tables
    assert table.indicators == ()


def test_indicators_in_tables_json_and_frame(capsys, tmp_path) -> None:
    path = tmp_path / "forest.txt"
    path.write_text(_INDICATOR_TABLE, encoding="utf-8")
    assert main(["tables", str(path), "--format", "json"]) == 0
    (table,) = json.loads(capsys.readouterr().out)["tables"]
    survival = table["indicators"][1]
    assert survival["name"] == "苗木成活率"
    assert (survival["target_value"], survival["target_bound"]) == ("85", "min")
    assert survival["actual_value"] == "82.6"
    text = path.read_text(encoding="utf-8")
    assert text[survival["actual_start"] : survival["actual_end"]] == "82.6%"
    frame = crosscheck.check(path).indicators_frame()
    assert list(frame["name"]) == ["人工造林面积", "苗木成活率", "林农满意度"]


def test_side_by_side_blocks_label_each_cell_by_its_own_block() -> None:
    # 科目编码 | 科目名称 | 金额 printed twice across the page: 6.30 is the 办公费 of the right
    # block, never the 基本工资 of the left one, and its code cell is its own block's too.
    text = (
        "表5 基本支出决算表（单位：万元）\n\n"
        "| 经济分类科目编码 | 科目名称 | 金额 | 经济分类科目编码 | 科目名称 | 金额 |\n"
        "| 30101 | 基本工资 | 52.80 | 30201 | 办公费 | 6.30 |\n"
        "| 30102 | 津贴补贴 | 17.40 | 30207 | 邮电费 | 0.90 |\n"
    )
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(text)))
    assert parsed.blocks == (0, 3)
    labels = {c.cell.raw: c.row_header for c in parsed.cells if c.row == 1}
    assert labels["6.30"] == labels["30201"] == "30201 / 办公费"
    assert labels["52.80"] == "30101 / 基本工资"


def _grouped_form(rate: str) -> str:
    """A 部门整体 form flattened to text: 全年预算数 and 全年执行数 each over 总额 | 财政拨款 |
    其他资金, the group headers lost their width and the form's title cell its rows."""
    rows = [
        ("年度主要任务完成情况", "任务名称", "主要内容", "完成情况", "全年预算数（万元）", "全年执行数（万元）", "分值", "执行率", "得分"),
        ("总额", "财政拨款", "其他资金", "总额", "财政拨款", "其他资金"),
        ("农村公路养护", "县乡道日常养护", "完成", "860.40", "800.00", "60.40", "842.10", "800.00", "42.10", "5", rate, "4.9"),
        ("渡口安全监管", "渡口巡查", "完成", "120.00", "120.00", "0", "118.50", "118.50", "0", "5", "98.75%", "4.9"),
    ]  # fmt: skip
    table = "\n\n".join("\n".join(f"\t{c}" for c in row) for row in rows)
    return f"某县交通运输局部门整体支出绩效自评表\n{table}\n"


def test_column_groups_over_repeated_sub_headers_are_laid_out_over_their_width() -> None:
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(_grouped_form("97.87%"))))
    row = {c.cell.raw: c for c in parsed.cells if c.row == 2}
    assert row["860.40"].col_key == "adjusted_budget"  # 全年预算数 / 总额
    assert row["842.10"].col_key == "expenditure"  # 全年执行数 / 总额
    assert row["60.40"].col_key is None and row["60.40"].quantities  # a part: an amount
    assert row["42.10"].col_header == "全年执行数（万元） / 其他资金"
    assert row["97.87%"].col_key == "execution_rate"


def test_a_rate_in_a_grouped_form_is_recomputed_from_the_groups_totals() -> None:
    # 842.10 ÷ 860.40 = 97.87%: the 其他资金 columns are not its inputs.
    assert crosscheck.check(_grouped_form("97.87%")).findings == ()
    (found,) = [f for f in crosscheck.check(_grouped_form("98.77%")).findings if f.rule == "CC103"]
    assert "842.10" in found.message and "860.40" in found.message


_SPLIT_BASIC = (
    "2026年部门一般公共预算支出表\n单位：万元\n\n"
    "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
    "\t小计\n\t人员经费\n\t公用经费\n\n"
    "\t**\n\t**\n\t1\n\t2\n\t3\n\t4\n\t5\n\n"
    "\t\n\t合计\n\t2,410.30\n\t1,906.30\n\t1,702.80\n\t203.50\n\t504.00\n\n"
    "\t204\n\t公共安全支出\n\t2,100.00\n\t1,596.00\n\t1,420.00\n\t176.00\n\t504.00\n\n"
    "\t2040101\n\t行政运行\n\t1,596.00\n\t1,596.00\n\t1,420.00\n\t176.00\n\t\n\n"
    "\t208\n\t社会保障和就业支出\n\t310.30\n\t310.30\n\t282.80\n\t27.50\n\t\n"
)


def test_a_value_header_split_by_a_subtotal_row_is_placed_by_the_sums() -> None:
    # 基本支出 stands over 小计 | 人员经费 | 公用经费: on every row 小计 = 人员经费 + 公用经费
    # under 基本支出 only, so 项目支出 is the last column, not the 公用经费 one.
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(_SPLIT_BASIC)))
    row = {c.cell.raw: c for c in parsed.cells if c.row_header and "行政运行" in c.row_header}
    assert row["1,596.00"].col_key in ("total", "basic_expenditure")
    assert row["1,420.00"].col_key is None and row["1,420.00"].quantities
    by_key = {
        c.col_key: c.cell.raw for c in parsed.cells if c.row_header and "公共安全" in c.row_header
    }
    assert by_key["project_expenditure"] == "504.00"
    assert by_key["basic_expenditure"] == "1,596.00"


def test_a_split_whose_sums_fit_no_single_header_is_left_as_it_is() -> None:
    # 小计 never equals the parts beside it: the split is not placed by a guess.
    text = _SPLIT_BASIC.replace("1,906.30", "1,960.30").replace(
        "310.30\n\t310.30", "310.30\n\t301.30"
    )
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(text)))
    assert not [c for c in parsed.cells if "人员经费" in (c.col_header or "")]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        # 人员经费 1,702.80 → 1,720.80: the 合计 row's 小计 no longer adds up.
        ("1,702.80", "1,720.80", "1,906.30 ≠ 1,720.80 + 203.50"),
        # 项目支出 504.00 → 540.00 on 公共安全支出: 合计 ≠ 基本支出小计 + 项目支出.
        ("\t504.00\n\n\t2040101", "\t540.00\n\n\t2040101", "2,100.00 ≠ 1,596.00 + 540.00"),
        # 社会保障和就业支出's 合计 310.30 → 301.30 with its 项目支出 left blank: the one part
        # read is the row's whole breakdown (a blank cell of the row is a zero).
        ("\t310.30\n\t310.30", "\t301.30\n\t310.30", "301.30 ≠ 310.30"),
    ],
)
def test_a_header_on_two_levels_states_both_levels_sums(old: str, new: str, message: str) -> None:
    assert crosscheck.check(_SPLIT_BASIC).findings == ()
    text = _SPLIT_BASIC.replace(old, new, 1)
    assert text != _SPLIT_BASIC
    found = [f.message for f in crosscheck.check(text).findings if f.rule == "CC101"]
    assert any(message in m for m in found), found


def test_header_rows_that_split_no_group_by_a_subtotal_give_no_group_sums() -> None:
    # A 收支总表 whose header rows (本年收入 | 本年支出, 项目 | 预算数, 合计 | 基本支出 | 项目
    # 支出, 人员经费 | 公用经费) lost their widths: no 小计 places a group, so no column
    # sums are read from them.
    rows = [
        ("本年收入", "本年支出"),
        ("项目", "预算数", "项目", "预算数"),
        ("合计", "基本支出", "项目支出"),
        ("人员经费", "公用经费"),
        ("一、财政拨款收入", "5,120,400.00", "一、公共安全支出", "4,300,000.00", "3,100,000", "600,000", "600,000"),
        ("1、一般公共预算", "5,120,400.00", "二、社会保障和就业支出", "520,400.00", "520,400.00", "0.00", "0.00"),
        ("2、政府性基金预算", "0.00", "三、住房保障支出", "300,000.00", "300,000.00", "0.00", "0.00"),
    ]  # fmt: skip
    table = "\n\n".join("\n".join(f"\t{c}" for c in row) for row in rows)
    text = f"2026年预算单位财务收支预算总表\n单位：元\n\n{table}\n"
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC101"]


_PARTS_HEADER = (
    "表3\n2026年部门支出预算总表\n单位：万元\n\n"
    "\t功能分类科目名称\n\t总计\n\t基本支出\n\t项目支出\n\t上缴上级支出\n\n"
    "\t{parts}\n\n"
    "\t合计\n\t1,466.30\n\t702.40\n\t163.90\n\t600.00\n\t\n\n"
    "\t教育支出\n\t866.30\n\t702.40\n\t163.90\n\t\n\t\n\n"
    "\t文化旅游体育与传媒支出\n\t600.00\n\t\n\t\n\t600.00\n\t\n"
)


def test_a_header_split_into_its_parts_without_a_subtotal_keeps_its_columns() -> None:
    # "人员支出 | 日常公用支出" names the parts of 基本支出 (lexicons/column_parts.tsv): the
    # data rows are one column wider than the header, and 总计 stays over the row's total.
    text = _PARTS_HEADER.format(parts="人员支出\n\t日常公用支出")
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(text)))
    row = {c.col_header: c.cell.raw for c in parsed.cells if c.row_header == "教育支出"}
    assert row["总计"] == "866.30"
    assert row["基本支出 / 人员支出"] == "702.40"
    assert row["基本支出 / 日常公用支出"] == "163.90" and row["项目支出"] == ""
    assert crosscheck.check(text).findings == ()


def test_sub_headers_that_are_no_parts_of_a_header_split_nothing() -> None:
    # Trap: 一般公共预算 | 政府性基金 are funds, not parts of any header here: the header is
    # not split by a guess.
    text = _PARTS_HEADER.format(parts="一般公共预算\n\t政府性基金")
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(text)))
    assert not [c for c in parsed.cells if "一般公共预算" in (c.col_header or "")]


_BLANK_PART = (
    "2026年部门支出预算总表\n单位：万元\n\n"
    "\t科目编码\n\t科目名称\n\t合计\n\t基本支出\n\t项目支出\n\t上缴上级支出\n\n"
    "\t\n\t合计\n\t1,250.00\n\t820.00\n\t390.00\n\t40.00\n\n"
    "\t205\n\t教育支出\n\t1,090.00\n\t700.00\n\t{project}\n\t\n\n"
    "\t208\n\t社会保障和就业支出\n\t160.00\n\t120.00\n\t\n\t40.00\n"
)


def test_a_row_sum_counts_a_blank_part_as_zero() -> None:
    # 教育支出 leaves 上缴上级支出 blank (nothing of it): 1,090.00 = 700.00 + 390.00 is
    # checked, and a slip in its 项目支出 (309.00) is found.
    assert crosscheck.check(_BLANK_PART.format(project="390.00")).findings == ()
    found = crosscheck.check(_BLANK_PART.format(project="309.00")).findings
    assert [f.message for f in found if f.rule == "CC101"] == [
        "各分项之和与合计不符：1,090.00 ≠ 700.00 + 309.00 = 1009万元"
    ]


_FINAL_SPENDING = (
    "支出决算表\n单位：万元\n\n"
    "\t项目\n\t本年支出合计\n\t基本支出\n\t项目支出\n\t上缴上级支出\n\n"
    "\t功能分类\n科目编码\n\t科目名称\n\n"
    "\t\n\t合计\n\t486.20\n\t311.45\n\t174.75\n\t\n\n"
    "\t207\n\t文化旅游体育与传媒支出\n\t486.20\n\t311.45\n\t174.75\n\t\n\n"
    "\t20701\n\t文化和旅游\n\t486.20\n\t311.45\n\t174.75\n\t\n\n"
)


def _final_account(basic: str) -> str:
    return (
        "某县文化馆2025年度部门决算\n三、支出决算情况说明\n本年支出合计486.20万元，其中："
        f"基本支出{basic}万元，占64.06%；项目支出174.75万元，占35.94%。\n\n" + _FINAL_SPENDING
    )


def test_a_label_header_split_into_code_and_name_keeps_the_value_columns() -> None:
    # "项目" stands over "功能分类科目编码 | 科目名称" (a 决算表's second header row): the
    # values stay under 本年支出合计, 基本支出 and 项目支出, so the text agrees with them.
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(_FINAL_SPENDING)))
    row = {
        c.col_key: c.cell.raw for c in parsed.cells if c.row_header and "文化和旅游" in c.row_header
    }
    assert row["basic_expenditure"] == "311.45" and row["project_expenditure"] == "174.75"
    assert crosscheck.check(_final_account("311.45")).findings == ()
    conflicts = [f.message for f in crosscheck.check(_final_account("331.45")).findings]
    assert "基本支出的执行数（支出）前后不一致：正文为331.45万元，表中为311.45（万元）" in conflicts


_THREE_HEADER_ROWS = (
    "一般公共预算支出表\n单位：万元\n\n"
    "\t功能分类科目\n\t2025年执行数\n\t2026年预算数\n\t2026年预算数比2025年执行数\n\n"
    "\t科目编码\n\t科目名称\n\t执行数\n\t年初预算数\n\t增减额\n\t增减(%)\n\n"
    "\t小计\n\t基本支出\n\t项目支出\n\n"
    "\t201\n\t一般公共服务支出\n\t1,520.00\n\t1,610.00\n\t1,210.00\n\t400.00\n\t90.00\n\t5.92%\n\n"
    "\t2010101\n\t行政运行\n\t1,120.00\n\t1,210.00\n\t1,210.00\n\t\n\t90.00\n\t8.04%\n\n"
)


def test_a_three_row_header_makes_up_no_conflict() -> None:
    # Trap: the top row (2025年执行数 | 2026年预算数 | …) cannot be laid over the columns from
    # the text; splitting the row under it would put "2025年" over the 2026 budget. The stack
    # is left as it is (its columns read as unsure), and no conflict is made up.
    text = (
        "某局2026年部门预算\n一般公共服务支出2026年预算1,610.00万元，2025年年初预算数为"
        "1,500.00万元。\n\n" + _THREE_HEADER_ROWS
    )
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC201"]


# --- a 指标值 whose unit and bound stand in cells of their own -----------------------------


def _target_form(sign: str, value: str, unit: str) -> str:
    return (
        "2026年区级项目绩效目标表\n单位：万元\n\n"
        "| 序号 | 项目名称 | 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) |\n"
        "|---|---|---|---|---|---|---|\n"
        f"| 1 | 湿地保护修复 | 修复退化湿地面积 | {sign} | {value} | {unit} | 40 |\n"
        "|  |  | 巡护人员培训人次 | ≥ | 320 | 人次 | 30 |\n"
    )


def _target_cell(text: str, name: str):
    (table,) = crosscheck.check(text).tables
    return next(c for c in table.cells if c.col_key == "target_value" and c.row_header == name)


def test_a_target_value_takes_its_rows_unit_and_bound_cells() -> None:
    text = _target_form("≥", "1.6", "万亩")
    area = _target_cell(text, "修复退化湿地面积")
    (quantity,) = area.quantities
    assert (quantity.kind, quantity.value, quantity.unit) == ("measure", 16000, "亩")
    assert quantity.bound == "min" and quantity.surface == "1.6"
    (span,) = area.quantity_spans
    assert text[span.start : span.end] == "1.6"  # the evidence is the number's own cell
    (trained,) = _target_cell(text, "巡护人员培训人次").quantities
    assert (trained.kind, trained.value, trained.unit, trained.bound) == (
        "count",
        320,
        "人次",
        "min",
    )


@pytest.mark.parametrize(
    ("sign", "value", "unit", "expected"),
    [
        ("正向", "1.6", "万亩", ("measure", "exact")),  # 正向 is a direction, no bound
        ("≤", "5", "%", ("percent", "max")),
        ("定性", "优", "", None),  # a value in words states no quantity
        ("≥", "达标", "是/否", None),
        ("=", "12", "档", None),  # a unit the extractor does not read: nothing guessed
    ],
)
def test_row_unit_and_bound_cells_are_read_only_when_they_make_one_quantity(
    sign: str, value: str, unit: str, expected: tuple[str, str] | None
) -> None:
    quantities = _target_cell(_target_form(sign, value, unit), "修复退化湿地面积").quantities
    if expected is None:
        assert quantities == ()
    else:
        (quantity,) = quantities
        assert (quantity.kind, quantity.bound) == expected


# --- a short row of label-value pairs under side-by-side blocks ------------------------------

_BLOCKS = (
    "一般公共预算财政拨款基本支出决算表\n单位：万元\n\n"
    "\t科目编码\n\t科目名称\n\t决算数\n\t科目编码\n\t科目名称\n\t决算数\n\n"
    "\t301\n\t工资福利支出\n\t412.60\n\t302\n\t商品和服务支出\n\t58.30\n\n"
    "\t30101\n\t基本工资\n\t215.40\n\t30201\n\t办公费\n\t21.70\n\n"
    "{last}\n"
)


def test_each_pair_of_a_short_row_lands_in_its_own_block() -> None:
    # Each total is its own row label's value; neither takes the code filled down from above.
    (table,) = crosscheck.check(
        _BLOCKS.format(last="\t人员经费合计\n\t412.60\n\t公用经费合计\n\t58.30")
    ).tables
    last = [c for c in table.cells if c.quantities and c.row == max(x.row for x in table.cells)]
    assert [(c.cell.raw.strip(), c.row_header, c.col_key) for c in last] == [
        ("412.60", "人员经费合计", "expenditure"),
        ("58.30", "公用经费合计", "expenditure"),
    ]


def test_a_short_row_that_is_not_label_value_pairs_is_right_aligned() -> None:
    # Trap: one label and one number (a 合计 of the right block only) stays right-aligned.
    (table,) = crosscheck.check(_BLOCKS.format(last="\t公用经费合计\n\t58.30")).tables
    last_row = max(c.row for c in table.cells)
    (total,) = [c for c in table.cells if c.quantities and c.row == last_row]
    assert (total.col, total.row_header) == (5, "公用经费合计")


def _three_public_split(row: str) -> str:
    return (
        "2026年“三公”经费支出预算表\n单位：万元\n\n"
        "\t合计\n\t因公出国（境）费\n\t公务用车购置及运行费\n\t公务接待费\n\n"
        "\t小计\n\t公务用车购置费\n\t公务用车运行费\n\n" + row + "\n"
    )


def test_an_item_group_is_placed_only_where_its_subtotal_adds_up_alone() -> None:
    # A "三公" table flattened to text: 小计 | 购置费 | 运行费 splits 公务用车购置及运行费, the one
    # item under which 7.30 = 0.00 + 7.30.
    (placed,) = crosscheck.check(
        _three_public_split("\t11.50\n\t0.00\n\t7.30\n\t0.00\n\t7.30\n\t4.20")
    ).tables
    running = next(c for c in placed.cells if c.cell.raw.strip() == "4.20")
    assert running.row_header == "公务接待费"
    assert {c.col: c.col_header for c in placed.cells}[2] == "公务用车购置及运行费 / 小计"
    # Trap: every amount zero, the split fits under any item: nothing is placed by it.
    zero_report = crosscheck.check(
        _three_public_split("\t0.00\n\t0.00\n\t0.00\n\t0.00\n\t0.00\n\t0.00")
    )
    (zeros,) = zero_report.tables
    assert not [c for c in zeros.cells if c.role == "header"]  # no headers over the wrong amounts
    assert not zero_report.findings


def test_an_unwritten_zero_counts_and_an_unplaced_split_leaves_no_headers() -> None:
    # 购置费 left blank (an unwritten zero): 7.30 = 0 + 7.30 still places the split.
    report = crosscheck.check(_three_public_split("\t11.50\n\t0.00\n\t7.30\n\t\n\t7.30\n\t4.20"))
    (placed,) = report.tables
    assert next(c for c in placed.cells if c.cell.raw.strip() == "4.20").row_header == "公务接待费"
    assert not report.findings
    # Trap: no item's 小计 adds up (7.30 ≠ 1.00 + 7.30): which amount is whose is not read,
    # so no sum of the table is checked against the wrong headers.
    unplaced = crosscheck.check(
        _three_public_split("\t12.50\n\t0.00\n\t7.30\n\t1.00\n\t7.30\n\t4.20")
    )
    assert not unplaced.findings
    (table_read,) = unplaced.tables
    assert not [c for c in table_read.cells if c.role == "header"]


def test_a_column_number_row_under_item_columns_states_no_amounts() -> None:
    text = (
        "2026年“三公”经费支出预算表\n单位：万元\n\n"
        "\t合计\n\t因公出国（境）费\n\t公务接待费\n\n"
        "\t1\n\t2\n\t3\n\n"
        "\t6.40\n\t2.00\n\t4.40\n"
    )
    (table,) = crosscheck.check(text).tables
    read = [c.cell.raw.strip() for c in table.cells if c.quantities]
    assert read == ["6.40", "2.00", "4.40"]  # 栏次 1 | 2 | 3 is no 合计 of 1万元
    assert not crosscheck.check(text).findings


def test_a_header_of_stages_over_items_is_not_read_as_items() -> None:
    # Trap: 预算数 | 决算数 over the items (two blocks of 合计 | 因公出国 | 公务接待费): the text
    # does not show which item is under which stage, so no item is read from the columns.
    text = (
        "2025年“三公”经费支出决算表\n单位：万元\n\n"
        "\t预算数\n\t决算数\n\n"
        "\t合计\n\t因公出国（境）费\n\t公务接待费\n\t合计\n\t因公出国（境）费\n\t公务接待费\n\n"
        "\t6.40\n\t2.00\n\t4.40\n\t5.10\n\t1.30\n\t3.80\n"
    )
    assert not [f for f in crosscheck.check(text).findings if f.severity == "error"]


@pytest.mark.parametrize(
    ("texts", "numbers"),
    [
        (["**", "1", "2", "3", "4"], True),
        (["栏次", "1", "2", "3"], True),
        (["1", "2", "3"], True),
        (["1", "2"], False),  # two numbers may be values
        (["合计", "1", "2", "3"], False),  # a row label of three characters: data
        (["**", "1", "3", "2"], False),
        (["2025", "2026", "2027"], False),
    ],
)
def test_a_column_numbering_row(texts: list[str], numbers: bool) -> None:
    from crosscheck.tables.values import is_column_numbers

    assert is_column_numbers(texts) is numbers


def test_text_rows_over_a_numbering_row_are_the_header() -> None:
    from crosscheck.tables.grid import headers_over_column_numbers
    from crosscheck.types import Cell, Span

    def row(*texts: str) -> list[Cell]:
        return [Cell(Span(0, len(t)), 0, c, t) for c, t in enumerate(texts)]

    names = row("单位名称", "合计", "公务接待费")
    numbering = row("**", "1", "2", "3")
    data = row("合计", "12.40", "12.40")
    assert headers_over_column_numbers([names, numbering, data]) == [0, 1]
    # Trap: a numbering row under a row of numbers closes no header.
    assert headers_over_column_numbers([data, numbering, data]) == []


# --- a 科目编码 split into 类 | 款 | 项 columns, flattened ---------------------------------

# A 决算表 drawn with "项目" over the code and name columns; the merged cell "支出功能分类
# 科目编码" printed on two lines, then the 类 | 款 | 项 row, each a row of its own in the text.
_LEVELS_UNDER_ITEM = (
    "一般公共预算财政拨款支出决算表\n单位：万元\n\n"
    "\t项目\n\t合计\n\t基本支出\n\t项目支出\n\n"
    "\t支出功能分类\n\t科目名称\n\n\t科目编码\n\n\t类\n\t款\n\t项\n\n"
    "\t213\n\t\n\t\n\t农林水支出\n\t{kind_total}\n\t402.30\n\t286.40\n\n"
    "\t213\n\t01\n\t\n\t农业农村\n\t688.70\n\t402.30\n\t286.40\n\n"
    "\t213\n\t01\n\t01\n\t行政运行\n\t402.30\n\t402.30\n\t\n\n"
    "\t213\n\t01\n\t04\n\t事业运行\n\t{item}\n\t\n\t{item_project}\n\n"
    "\t221\n\t\n\t\n\t住房保障支出\n\t52.10\n\t52.10\n\t\n\n"
    "\t221\n\t02\n\t01\n\t住房公积金\n\t52.10\n\t52.10\n\t\n\n"
)

# A 预算表 whose 功能分类科目编码 heads the level columns of the row below it.
_LEVELS_UNDER_CODE = (
    "2026年单位支出预算总表\n单位：元\n\n"
    "\t项目\n\t支出预算\n\n"
    "\t功能分类科目编码\n\t功能分类科目名称\n\t合计\n\t基本支出\n\t项目支出\n\n"
    "\t类\n\t款\n\t项\n\n"
    "\t224\n\t\n\t\n\t灾害防治及应急管理支出\n\t5,120,400.00\n\t3,860,000.00\n\t1,260,400.00\n\n"
    "\t224\n\t01\n\t\n\t应急管理事务\n\t5,120,400.00\n\t3,860,000.00\n\t1,260,400.00\n\n"
    "\t224\n\t01\n\t01\n\t行政运行\n\t3,860,000.00\n\t3,860,000.00\n\t0.00\n\n"
    "\t224\n\t01\n\t99\n\t其他应急管理支出\n\t1,260,400.00\n\t0.00\n\t1,260,400.00\n\n"
)


def _levels_under_item(item: str = "286.40", item_project: str = "286.40") -> str:
    return _LEVELS_UNDER_ITEM.format(kind_total="688.70", item=item, item_project=item_project)


def _header_of(parsed: ParsedTable, raw: str) -> dict[str, str]:
    """col_key and col_header of the cells of the row whose name is ``raw``."""
    row = next(c.row for c in parsed.cells if c.cell.raw == raw)
    return {c.cell.raw: c.col_header for c in parsed.cells if c.row == row}


@pytest.mark.parametrize(
    ("text", "name", "code_cells", "amount"),
    [
        (_levels_under_item(), "事业运行", ("213", "01", "04"), "286.40"),
        (_LEVELS_UNDER_CODE, "其他应急管理支出", ("224", "01", "99"), "1,260,400.00"),
    ],
)
def test_a_code_split_into_levels_lies_over_its_level_columns(
    text: str, name: str, code_cells: tuple[str, ...], amount: str
) -> None:
    # The 类 | 款 | 项 row stands over the code columns, the value headers over the amounts:
    # read as the drawn table is, whatever lines the merged header cells were printed on.
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(text)))
    headers = _header_of(parsed, name)
    for cell, level in zip(code_cells, ("类", "款", "项"), strict=True):
        assert headers[cell].endswith(level), headers
    assert headers[amount].startswith("项目支出"), headers
    assert not [c for c in parsed.cells if c.cell.raw == "类" and c.role != "header"]


def test_a_slip_in_an_item_of_a_level_table_breaks_its_sums() -> None:
    # 事业运行's 合计 written 826.40 for 286.40: its 款 (农业农村 688.70) no longer adds up,
    # read by the codes the 类 | 款 | 项 columns hold.
    assert crosscheck.check(_levels_under_item()).findings == ()
    found = crosscheck.check(_levels_under_item(item="826.40", item_project="286.40")).findings
    messages = [f.message for f in found if f.rule == "CC101" and f.severity == "error"]
    assert "各分项之和与合计不符：688.70 ≠ 402.30 + 826.40 = 1228.7万元" in messages


def test_levels_under_rows_without_codes_are_not_laid_out_as_codes() -> None:
    # Trap: a 类 | 款 | 项 row over rows whose first cells are names, not codes, is no split
    # 科目编码: the header is left as the text gives it (no header placed over the names).
    text = (
        _LEVELS_UNDER_ITEM.replace("\t213\n\t01\n\t01\n", "\t农业\n\t农村\n\t运行\n")
        .replace("\t213\n\t01\n\t04\n", "\t农业\n\t农村\n\t事业\n")
        .replace("\t213\n\t01\n\t\n", "\t农业\n\t农村\n\t\n")
        .replace("\t213\n\t\n\t\n", "\t农业\n\t\n\t\n")
    )
    (parsed,) = parse_tables(
        crosscheck.segment(
            document_from_text(
                text.format(kind_total="688.70", item="286.40", item_project="286.40")
            )
        )
    )
    assert not [c for c in parsed.cells if c.cell.raw == "类" and c.role == "header" and c.col == 0]


# A spreadsheet's export: the body's merged cells lie on other column lines than the
# header's ("金额" over one column, each amount merged over two; the names merged over three
# columns, their header over two of them), and the header names its columns by the
# classification (功能科目代码, 功能科目名称). Invented figures of a 气象局.
_SPREADSHEET_EXPORT = """<html><body><p>表4：一般公共预算支出预算表（功能科目）</p><p>单位：万元</p>
<table border="1">
  <tr><td>功能科目代码</td><td></td><td colspan="2">功能科目名称</td><td></td><td>金额</td></tr>
  <tr><td>220</td><td colspan="3">自然资源海洋气象等支出</td><td colspan="2">1,284.60</td></tr>
  <tr><td>22005</td><td colspan="3">气象事务</td><td colspan="2">1,284.60</td></tr>
  <tr><td>2200501</td><td colspan="3">行政运行</td><td colspan="2">{item}</td></tr>
  <tr><td>2200504</td><td colspan="3">气象事业机构</td><td colspan="2">372.10</td></tr>
  <tr><td>221</td><td colspan="3">住房保障支出</td><td colspan="2">96.00</td></tr>
</table></body></html>"""


def _export_cells(tmp_path, item: str = "912.50"):
    path = tmp_path / "export.html"
    path.write_text(_SPREADSHEET_EXPORT.format(item=item), encoding="utf-8")
    (parsed,) = parse_tables(crosscheck.segment(crosscheck.load(path)))
    return [c for c in parsed.cells if c.role == "value" and c.quantities]


def test_merged_body_cells_are_read_under_the_header_they_stand_under(tmp_path) -> None:
    cells = _export_cells(tmp_path)
    assert [(c.row_header, c.col_key, c.quantities[0].value) for c in cells] == [
        ("220 / 自然资源海洋气象等支出", "amount", Decimal("12846000")),
        ("22005 / 气象事务", "amount", Decimal("12846000")),
        ("2200501 / 行政运行", "amount", Decimal("9125000")),
        ("2200504 / 气象事业机构", "amount", Decimal("3721000")),
        ("221 / 住房保障支出", "amount", Decimal("960000")),
    ]


def test_a_merged_body_cells_coded_row_is_summed_by_its_code(tmp_path) -> None:
    # Read under its header, the 款 is checked against its 项 (912.50 + 372.10 = 1,284.60).
    path = tmp_path / "export.html"
    path.write_text(_SPREADSHEET_EXPORT.format(item="921.50"), encoding="utf-8")
    found = [f for f in crosscheck.check(path).findings if f.rule == "CC101"]
    assert found and any("921.50" in e.text for f in found for e in f.evidence)
    path.write_text(_SPREADSHEET_EXPORT.format(item="912.50"), encoding="utf-8")
    assert not [f for f in crosscheck.check(path).findings if f.rule == "CC101"]


def test_a_body_cell_under_two_headers_alike_stays_where_it_is() -> None:
    from crosscheck.tables.grid import _header_column

    # Lowest header row first: 合计 (4–5) and 基本支出 (6–7) both within a cell over 4–7.
    assert _header_column([[(4, 6), (6, 8)], [(4, 8)]], 4, 8) is None
    # One within: that one; none within, the one that overlaps most.
    assert _header_column([[(0, 1), (2, 4), (5, 6)]], 1, 4) == 2
    assert _header_column([[(0, 3), (3, 7)]], 1, 6) == 3  # overlaps 3 columns against 2
    assert _header_column([[(0, 2), (3, 7)]], 1, 4) is None  # 1 column each: a tie


def test_a_classifications_item_headers_are_item_headers() -> None:
    from crosscheck.tables.headers import header_word

    assert header_word("经济科目名称").key == "item"  # type: ignore[union-attr]
    assert header_word("功能科目代码").key == "item_code"  # type: ignore[union-attr]
    assert header_word("功能科目") is None  # a classification alone names no column
    assert header_word("功能合计") is None


# A 三公 table exported from a spreadsheet: the form's own lines ruled into the table above
# the header (a blank row, "部门名称：…", the unit line wrapped in its narrow cell as "单位：万"
# over "元"), then three levels of item names over one row of amounts. Invented figures.
_THREE_PUBLIC_EXPORT = """<html><body><p>表8：“三公”经费、会议费、培训费支出预算表</p>
<table border="1">
  <tr><td colspan="6"></td><td>单位：万</td></tr>
  <tr><td colspan="3">部门名称：某省地震局</td><td colspan="3"></td><td>元</td></tr>
  <tr><td rowspan="3">合计</td><td colspan="4">“三公”经费</td><td rowspan="3">会议费</td>
      <td rowspan="3">培训费</td></tr>
  <tr><td rowspan="2">小计</td><td rowspan="2">因公出国（境）费</td><td>公务用车购置及运行维护费</td>
      <td rowspan="2">公务接待费</td></tr>
  <tr><td>公务用车运行维护费</td></tr>
  <tr><td>{total}</td><td>86.40</td><td>20.00</td><td>52.00</td><td>14.40</td><td>41.10</td>
      <td>118.50</td></tr>
</table></body></html>"""


def test_form_lines_ruled_into_a_table_stand_above_its_header(tmp_path) -> None:
    path = tmp_path / "three.html"
    path.write_text(_THREE_PUBLIC_EXPORT.format(total="246.00"), encoding="utf-8")
    (parsed,) = parse_tables(crosscheck.segment(crosscheck.load(path)))
    assert parsed.unit == "万元"
    values = {c.row_header: c.quantities[0].value for c in parsed.cells if c.quantities}
    assert values == {
        "合计": Decimal("2460000.00"),
        "“三公”经费": Decimal("864000"),
        "因公出国（境）费": Decimal("200000"),
        "公务用车运行维护费": Decimal("520000"),
        "公务接待费": Decimal("144000"),
        "会议费": Decimal("411000"),
        "培训费": Decimal("1185000"),
    }


def test_a_form_line_alone_is_no_header_to_skip() -> None:
    from crosscheck.tables.grid import _form_lines_on_top
    from crosscheck.types import Cell, Span

    def row(*texts: str) -> list[Cell]:
        return [Cell(Span(0, 0), 0, i, t) for i, t in enumerate(texts)]

    assert _form_lines_on_top([row("", ""), row("部门名称：某局", "元"), row("合计", "小计")]) == 2
    # Blank rows and fragments alone, with no form note, are not the form's lines.
    assert _form_lines_on_top([row("", ""), row("甲", ""), row("合计", "小计")]) == 0
    assert _form_lines_on_top([row("说明：见附注", "12.5"), row("合计", "小计")]) == 0


def test_a_summary_whose_halves_name_their_item_columns_by_side() -> None:
    # "收入项目 | 预算数 | 支出项目 | 预算数": 支出项目 is the 项目 column of the 支出 half, so
    # the right half's amounts are its rows' (项目支出), not the 收入 rows'.
    text = (
        "收支预算总表（单位：万元）\n收入项目|预算数|支出项目|预算数\n"
        "一般公共预算拨款收入|1,420.00|基本支出|1,105.30\n其他收入|60.00|项目支出|434.70\n"
        "上年结转|60.00||\n收入总计|1,540.00|支出总计|1,540.00\n"
    )
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(text)))
    right = {
        c.row_header: c.quantities[0].value for c in parsed.cells if c.col == 3 and c.quantities
    }
    assert right == {  # in 元, the table's 万元 applied
        "基本支出": Decimal("11053000.00"),
        "项目支出": Decimal("4347000.00"),
        "支出总计": Decimal("15400000.00"),
    }


_ONE_CELL_A_LINE = (
    "三、项目支出绩效自评表\n\n"
    "一级指标\n二级指标\n三级指标\n年度指标值\n实际完成值\n分值\n得分\n偏差原因分析及改进措施\n"
    "产出指标\n数量指标\n农村公路养护里程\n≥420公里\n436公里\n20\n20\n\n"
    "产出指标\n质量指标\n路况优良率\n≥85%\n82.5%\n20\n18\n受汛期水毁影响，下年加强预防性养护\n"
    "满意度指标\n服务对象满意度指标\n沿线群众满意度\n≥90%\n93%\n10\n10\n\n"
    "总分\n\n\n100\n96\n\n\n"
    "四、自评结论\n本项目自评得分96分。\n"
)


def test_a_table_copied_one_cell_a_line_is_read_row_by_row() -> None:
    # Header words one a line open it; an empty cell is a blank line; a 总分 row written
    # with fewer cells and the heading after it end it.
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(_ONE_CELL_A_LINE)))
    assert parsed.table.layout == "lines"
    assert _rows(parsed, "actual_value") == {
        "产出指标 / 数量指标 / 农村公路养护里程": Decimal("436"),
        "产出指标 / 质量指标 / 路况优良率": Decimal("82.5"),
        "满意度指标 / 服务对象满意度指标 / 沿线群众满意度": Decimal("93"),
    }
    assert _rows(parsed, "score")["产出指标 / 质量指标 / 路况优良率"] == Decimal("18")
    assert not [c for c in parsed.cells if "自评结论" in c.cell.raw]


def test_header_words_in_running_lines_make_no_table() -> None:
    # Lines that happen to be header words but are followed by prose, not by rows that fit.
    text = "评分说明\n分值\n得分\n年度指标值\n实际完成值\n一级指标\n各项指标按照评分标准逐项打分，汇总形成总分。\n"
    assert parse_tables(crosscheck.segment(document_from_text(text))) == ()


def test_a_funds_block_copied_one_cell_a_line_is_read_under_its_项目资金_header() -> None:
    text = (
        "项目资金（万元）\n年初预算数\n全年预算数\n全年执行数\n分值\n执行率\n得分\n"
        "年度资金总额\n360.00\n412.50\n398.20\n10\n96.53%\n9.65\n"
        "其中：当年财政拨款\n360.00\n412.50\n398.20\n—\n—\n—\n\n"
        "四、自评结论\n本项目自评得分95.6分。\n"
    )
    (parsed,) = parse_tables(crosscheck.segment(document_from_text(text)))
    assert parsed.table.layout == "lines"
    rates = [
        c.quantities[0].value
        for c in parsed.cells
        if c.col_key == "execution_rate" and c.quantities
    ]
    assert rates == [Decimal("96.53")]
    assert not [f for f in crosscheck.check(text).findings if f.rule == "CC103"]
    assert crosscheck.check(text.replace("96.53%", "95.63%")).findings[0].rule == "CC103"


def _short_total_row(total_row: str) -> str:
    # TAB rows, each indicator row ending in an empty 偏差原因 cell; the 总分 row written with
    # its label and two numbers only.
    return (
        "农村客运补贴项目绩效自评表\n"
        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"
        "产出指标\t数量指标\t通客车建制村数\t≥86个\t88个\t30\t30\t\n"
        "产出指标\t时效指标\t补贴发放及时率\t100%\t96%\t30\t27\t一季度资金晚到\n"
        "效益指标\t社会效益指标\t群众出行满意度\t≥90%\t93.5%\t40\t40\t\n"
        f"{total_row}\n"
    )


def test_a_short_total_row_of_numbers_lands_under_the_number_columns() -> None:
    (table,) = crosscheck.check(_short_total_row("总分\t100\t97")).tables
    assert _value(table, "总分", "full_score") == Decimal("100")
    assert _value(table, "总分", "score") == Decimal("97")
    # The text column right of them stays empty: nothing of the total is read as a reason.
    assert not [
        c
        for c in table.cells
        if c.row_header == "总分" and c.col_key == "deviation_note" and c.cell.raw.strip()
    ]


def test_a_short_row_with_words_is_still_right_aligned() -> None:
    # Trap: a row that ends with words fills the columns up to the last: the note column.
    (table,) = crosscheck.check(_short_total_row("总分\t100\t97\t无重大偏差")).tables
    assert _value(table, "总分", "score") == Decimal("97")
    assert [
        c.cell.raw for c in table.cells if c.row_header == "总分" and c.col_key == "deviation_note"
    ] == ["无重大偏差"]


def test_pipe_rows_are_read_to_the_widest_row_not_the_first() -> None:
    # A form opens with key-value lines of two cells, then its funds block; its 绩效指标 rows
    # end with a bar that opens an empty 偏差原因 cell, as wide as their header.
    form = (
        "附件：项目支出绩效自评表（2024年度）\n"
        "项目名称 | 城区供水管网改造\n"
        "主管部门 | 某市水务局 | 实施单位 | 某市供水中心\n"
        "项目资金（万元） | 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 | 得分\n"
        "年度资金总额 | 600.00 | 640.00 | 620.80 | 10 | 97.00% | 9.70\n"
        "一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因\n"
        "产出指标 | 数量指标 | 更换老旧管网 | 42公里 | 45公里 | 40 | 40 |\n"
        "效益指标 | 社会效益指标 | 漏损率 | ≤12% | 10.6% | 50 | 46 |\n"
        "总分 | | | | | 100 | 95.70 |\n"
    )
    (table,) = crosscheck.check(form).tables
    assert _value(table, "总分", "full_score") == Decimal("100")
    assert _value(table, "总分", "score") == Decimal("95.70")
    assert [i.name for i in table.indicators] == ["更换老旧管网", "漏损率"]
    assert [i.score.text for i in table.indicators] == ["40", "46"]
