"""Document text and file names in CSV and XLSX cells: never a formula; CSV that Excel opens right.

A report's text and its file name are outside data. Written raw, a cell that
starts with ``=``, ``+``, ``-`` or ``@`` (or a TAB or CR, which some programs skip
before such a sign) is run by a spreadsheet as a formula: ``=HYPERLINK(…)`` in a
file name becomes a live link, ``=cmd|…`` worse (OWASP, "CSV injection").

- CSV: such a cell gets a leading ``'`` (OWASP's advice: the cell shows as text
  and the quote is visible, so nothing is hidden). A plain number (``-12.5``,
  ``+3``, ``-4.5%``) is never a formula and stays as written, so numeric columns
  keep parsing as numbers.
- XLSX: every string is a string cell (openpyxl would turn ``=…`` into a formula),
  with Excel's quote-prefix flag when it starts like a formula, so that editing
  the cell keeps it text; control characters, which the format cannot hold, are
  shown escaped (``\\x1b``), as in the terminal.
- Every CSV starts with a UTF-8 BOM: without it Excel decodes the Chinese with the
  system's ANSI code page. Read them with ``encoding="utf-8-sig"`` (pandas skips
  the BOM by itself). JSON outputs have no BOM.

The DataFrames of the Python API keep the values as they are: they are data for
scripts, not sheets.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import IO

from crosscheck.report.terminal import escape_controls

CSV_BOM = "\ufeff"

# What a spreadsheet reads as the start of a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A number as spreadsheets read it (sign, digits, decimals, percent): a value, never a formula.
_PLAIN_NUMBER = re.compile(
    r"""
    [+-]?                      # a sign
    (?:\d+(?:\.\d*)?|\.\d+)    # 12, 12.5, 12., .5
    %?                         # -4.5%
    """,
    re.VERBOSE,
)


def starts_formula(value: object) -> bool:
    """A string that a spreadsheet would run as a formula."""
    return (
        isinstance(value, str)
        and value.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    )


def csv_cell(value: object) -> object:
    """``value`` as a CSV cell: a string that would start a formula gets a leading ``'``."""
    return "'" + value if starts_formula(value) else value  # type: ignore[operator]


def csv_row(values: Iterable[object]) -> list[object]:
    return [csv_cell(v) for v in values]


class CsvWriter:
    """A ``csv.writer`` over ``stream`` whose cells are made safe (:func:`csv_cell`).

    ``bom`` writes the UTF-8 BOM first (off when appending to a file that has one).
    """

    def __init__(self, stream: IO[str], *, bom: bool = True) -> None:
        if bom:
            stream.write(CSV_BOM)
        self._writer = csv.writer(stream, lineterminator="\n")

    def writerow(self, values: Iterable[object]) -> None:
        self._writer.writerow(csv_row(values))


def csv_text(columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """A whole CSV (BOM, header, one line per row; a missing field is empty)."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(row.get(column) for column in columns)
    return buffer.getvalue()


def csv_line(values: Sequence[object]) -> str:
    """One CSV line (no BOM), its cells made safe: for files appended to line by line."""
    buffer = io.StringIO()
    CsvWriter(buffer, bom=False).writerow(values)
    return buffer.getvalue()


def xlsx_row(sheet: object, values: Iterable[object]) -> list[object]:
    """``values`` as cells for ``sheet.append`` (write-only or not): strings as text."""
    from openpyxl.cell import WriteOnlyCell

    row: list[object] = []
    for value in values:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, escape_controls(value, keep="\n\t"))
            cell.data_type = "s"  # text, whatever it starts with: never a formula
            if starts_formula(value):
                cell.quotePrefix = True  # Excel keeps it text when the cell is edited
            value = cell
        row.append(value)
    return row
