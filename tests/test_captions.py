"""A table's number line (公开01表, 表3, 附表1-2) is not its title (crosscheck/captions.py)."""

from __future__ import annotations

import pytest

from crosscheck.captions import is_table_number
from crosscheck.ingest import document_from_text
from crosscheck.pipeline import run_check


@pytest.mark.parametrize("line", ["公开01表", "表3", "附表1-2", "预算05表", "表 2", "部门公开08表"])
def test_numbers_of_tables(line: str) -> None:
    assert is_table_number(line)


@pytest.mark.parametrize(
    "line", ["收入支出决算总表", "三公经费支出表", "2025年部门收支总表", "表1 部门收支总表", "附表"]
)
def test_titles_are_not_numbers(line: str) -> None:
    assert not is_table_number(line)


_TABLE = "\n\n".join(
    "\n".join(f"\t{c}" for c in row)
    for row in (("项目", "金额"), ("年初结转和结余", "{opening}"), ("年末结转和结余", "{closing}"))
)


def test_the_title_above_a_number_line_keeps_two_tables_of_two_scopes_apart() -> None:
    # Two standard tables, each titled on the line above its number: the second is limited
    # to 财政拨款, so its balances are not the first table's (all funds).
    text = (
        "收入支出决算总表\n公开01表\n单位：万元\n\n"
        + _TABLE.format(opening="1,250.40", closing="980.10")
        + "\n\n财政拨款收入支出决算总表\n公开04表\n单位：万元\n\n"
        + _TABLE.format(opening="86.20", closing="12.35")
        + "\n"
    )
    result = run_check(document_from_text(text))
    titles = [t.title for t in result.tables]
    assert titles == ["收入支出决算总表", "财政拨款收入支出决算总表"]
    assert not [f for f in result.findings if f.rule == "CC201"]
