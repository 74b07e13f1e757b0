"""What a line above a table is: its number ("公开01表", "表3", "附表1-2", "预算05表") names
which table of the set it is, not what it holds. Every caption picker (PDF layout, text
tables, spreadsheets) skips such a line for the title beside it ("收入支出决算总表")."""

from __future__ import annotations

import regex

# A table's number: at most four characters (公开, 附, 预算), a number (01, 1-2), 表; or
# 表 followed by its number (表3, 表 1-2). Nothing else on the line.
_TABLE_NUMBER = regex.compile(
    r"^\p{Han}{0,4}[0-9０-９]{1,3}(?:[-－—.．][0-9０-９]{1,3})?表$"
    r"|^\p{Han}{0,2}表[0-9０-９]{1,3}(?:[-－—.．][0-9０-９]{1,3})?$"
)


def is_table_number(line: str) -> bool:
    """``公开01表``, ``表3``, ``附表1-2``: a table's number, not its title."""
    return _TABLE_NUMBER.match(regex.sub(r"[\s\u3000]+", "", line)) is not None
