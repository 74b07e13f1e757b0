"""Generators of the pathological texts that once stalled the checker (issue 13 §2).

Each function takes a size ``n`` (how many times its unit repeats) so that a test can
run it at a small size and at a multiple of it and compare the times: a stage that is
linear takes about k times as long on k times the input; a quadratic one k² times.
Nothing big is committed: the texts are made here.
"""

from __future__ import annotations

from collections.abc import Callable


def run_of_wan(n: int) -> str:
    """万万万…: every 万 can end a numeral or start a scale."""
    return "金额" + "万" * n + "元。"


def run_of_yi_wan(n: int) -> str:
    """亿万亿万…: alternating scale characters."""
    return "资金" + "亿万" * (n // 2) + "元。"


def run_of_points(n: int) -> str:
    """个百分点个百分点…: the pp unit with no number before it."""
    return "提高了3" + "个百分点" * n + "。"


def colons_after_long_cell(n: int) -> str:
    """A long table cell that ends in a run of full-width colons."""
    return "项目名称\t" + "绿化养护经费" * (n // 6) + "：" * n + "\t12.5万元\n"


def score_rows(n: int) -> str:
    """Many score rows of an indicator table."""
    head = "一级指标\t二级指标\t三级指标\t分值\t得分\n"
    row = "产出指标\t数量指标\t完成巡查次数\t{w}\t{s}\n"
    return head + "".join(row.format(w=5 + i % 5, s=4 + i % 5) for i in range(n))


def long_line_of_numbers(n: int) -> str:
    """One line of "123," repeated: one very long line of bare numbers."""
    return "123," * n + "\n"


def carriage_returns_only(n: int) -> str:
    """A report whose lines end in CR alone (classic Mac OS)."""
    para = "（{i}）第{i}项：全年支出{a}万元，执行率{p}%。\r"
    return "".join(para.format(i=i, a=100 + i, p=90 + i % 10) for i in range(n))


def rows_of_one_fact(n: int) -> str:
    """Many rows stating one fact: every pair of them could be linked."""
    return "".join(f"{i}、全年预算资金支出合计120.5万元。\n" for i in range(n))


def run_of_bars(n: int) -> str:
    """A run of | (a table border with no cells)."""
    return "|" * n


STALLS: dict[str, Callable[[int], str]] = {
    "wan": run_of_wan,
    "yi_wan": run_of_yi_wan,
    "points": run_of_points,
    "colons": colons_after_long_cell,
    "score_rows": score_rows,
    "long_line": long_line_of_numbers,
    "cr_only": carriage_returns_only,
    "one_fact": rows_of_one_fact,
    "bars": run_of_bars,
}


def run_of_chinese_digits(n: int) -> str:
    """一一一…元: a numeral tried from each of its characters."""
    return "一" * n + "元"


def spaced_chinese_digits(n: int) -> str:
    """一 一 一 …: PDF-spaced numeral characters."""
    return "一" + " 一" * n + "。"


STALLS.update(chinese_digits=run_of_chinese_digits, spaced_digits=spaced_chinese_digits)


def two_names_of_one_thing(n: int) -> str:
    """One item named two ways, each stated n times (a compilation of one report's copies)."""
    lines = "（{i}）图书购置项目预算资金100万元，执行率95%。\n图书购置经费预算资金100万元。\n\n"
    return "".join(lines.format(i=i) for i in range(n))


STALLS.update(two_names=two_names_of_one_thing)


def many_respectively(n: int) -> str:
    """One sentence of n 分别 lists (no full stop between them)."""
    return "甲" + "分别为1万元、" * n + "。"


STALLS.update(respectively=many_respectively)


def long_cell_after_a_label(n: int) -> str:
    """A table whose row holds a label with a colon and then a run of "123," (a fuzzed
    自评表 header row): the labelled-number pattern was tried from every position after it."""
    return (
        "部门整体支出绩效评价基础数据表\n填报单位：某县某局          3     "
        + "123," * n
        + "  9   9        \t单位：万元\n\t财政供养人员情况\n\t编制数\n\t实有人数\n\n"
        "\t\n\t38\n\t36\n\n\t经费控制情况\n\t决算数\n\t预算数\n\n\t三公经费\n\t6.84\n\t7.50\n"
    )


STALLS.update(long_labelled_cell=long_cell_after_a_label)


def page_on_one_line(n: int) -> str:
    """A 决算 explanation saved as one line, its sections run in, repeated n times: every
    search back to the paragraph's start (or on to its end) per quantity is quadratic here."""
    section = (
        "{i}、收入支出决算总体情况{year}年本馆年初结转和结余12.{d}万元，本年收入30{d}.50万元，"
        "本年支出29{d}.40万元，年末结转和结余2{d}.10万元。（一）本年收入30{d}.50万元，"
        "具体情况如下：1. 财政拨款收入29{d}.50万元，其中政府性基金0万元。2. 其他收入10.00万元。"
        "（二）按项级科目统计：（一）行政运行（项级科目）1{d}0.20万元，较上年增加2.10万元，"
        "增长1.{d}%。（二）一般行政管理事务（项级科目）4{d}.30万元，其中：人员支出1{d}.00万元。"
    )
    return "".join(
        section.format(i="一二三四五六七八九"[i % 9], year=2000 + i % 20, d=i % 10)
        for i in range(n)
    )
