"""Reporting units by name: "四川省德阳市罗江区医疗保障局", "湖州市交通运输局".

A report's title names its unit (the batch summary reads it); the narrative
names it again as the agent of its sentences ("湖州市交通运输局2026年支出预算…"),
where it is who states a number, not what the number is about.
"""

from __future__ import annotations

from functools import cache

import regex

from crosscheck import lexicons


def _words(role: str) -> str:
    found = [r["word"] for r in lexicons.rows("department_words") if r["role"] == role]
    return "|".join(regex.escape(w) for w in sorted(found, key=len, reverse=True))


def _name(anchor: str, tail: str) -> regex.Pattern[str]:
    """One or more places (四川省德阳市罗江区), maybe a line break, a body (医疗保障) and
    the kind of unit (局/委/办/院/中心/学校…), all from lexicons/department_words.tsv."""
    not_first = "".join(
        r["word"] for r in lexicons.rows("department_words") if r["role"] == "not_first"
    )
    return regex.compile(
        rf"""
        {anchor}
        (?P<place>(?:
            (?![{not_first}])                 # a function word does not start a place name
            \p{{Han}}{{1,8}}?(?:{_words("place")})
        )+)
        [ \t\r\n\u3000]*                      # 四川省德阳市罗江区 ⏎ 医疗保障局
        (?P<body>\p{{Han}}{{1,16}}?)
        (?P<kind>{_words("kind")})
        {tail}
        """,
        regex.VERBOSE,
    )


@cache
def department_pattern() -> regex.Pattern[str]:
    """A unit's name on a title line. The tail guard keeps 办 of 管理办法 and 局 of 区医保局应…
    out: the name must end the line or be followed by a non-Han character or by the words a
    title goes on with (部门, 关于 …)."""
    return _name("", rf"(?=$|[^\p{{Han}}]|{_words('follows')})")


@cache
def leading_department() -> regex.Pattern[str]:
    """A unit's name opening a subject (digits and years already cut from it):
    "湖州市交通运输局支出" -> 湖州市交通运输局."""
    return _name("^", "")
