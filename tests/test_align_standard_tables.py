"""The totals of the standard 部门预算 tables keyed as the statement's totals (align/keys.py)."""

from __future__ import annotations

import crosscheck
from crosscheck.compare import Agreement
from tests.conftest import link_pairs


def _row(*cells: str) -> str:
    return "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"


def _income_tables(grand: str) -> str:
    # A 收支总表 with its 本年收入合计 and its 收入总计, and a 收入总表 of one row whose items
    # are columns, the 上年结转 among them: that 合计 holds the carry-over, it is the 总计.
    return (
        "<html><body><p>某县应急管理局2026年部门预算</p>"
        "<p>表1：2026年部门收支总表</p><p>单位：万元</p><table>"
        + _row("收入", "", "支出", "")
        + _row("项目", "预算数", "项目", "预算数")
        + _row("一般公共预算拨款收入", "1,512.30", "一般公共服务支出", "1,420.30")
        + _row("事业收入", "40.00", "住房保障支出", "168.00")
        + _row("本年收入合计", "1,552.30", "本年支出合计", "1,588.30")
        + _row("上年结转", "36.00", "结转下年", "")
        + _row("收入总计", grand, "支出总计", "1,588.30")
        + "</table><p>表2：2026年部门收入总表</p><p>单位：万元</p><table>"
        + _row("合计", "上年结转", "一般公共预算拨款收入", "事业收入")
        + _row("1,588.30", "36.00", "1,512.30", "40.00")
        + "</table></body></html>"
    )


def test_an_income_tables_total_with_the_carry_over_is_the_grand_total(tmp_path) -> None:
    path = tmp_path / "budget.html"
    path.write_text(_income_tables("1,588.30"), encoding="utf-8")
    pairs = link_pairs(path)
    assert ("1,588.30", "1,588.30", Agreement.SAME) in pairs
    # Trap: the 收入总表's 合计 is not the 本年收入合计 of the 收支总表 (1,552.30).
    assert not [f for f in crosscheck.check(path).findings if f.rule == "CC201"]
    assert not [p for p in pairs if {p[0], p[1]} == {"1,552.30", "1,588.30"}]
