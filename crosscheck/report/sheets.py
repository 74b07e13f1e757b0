"""The layout of every xlsx sheet crosscheck writes: what makes it open well in Excel.

    start_sheet(sheet, columns, lang)   widths, the header row frozen, the header row written
    finish_sheet(sheet, columns, rows)  an autofilter over the header row and the rows below

Headers are in the reader's language (``lexicons/sheet_columns.tsv``): Chinese in zh,
the column's own name in en (the CSV header, so scripts read the xlsx and the CSV
alike). The same two calls serve a normal worksheet (``check --format xlsx``) and a
write-only one streamed row by row (a batch's summary.xlsx): everything that must
precede the rows in the file (widths, the frozen pane) is set by ``start_sheet``,
the filter, which needs the last row, by ``finish_sheet``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from crosscheck.lexicons import rows

# Width of a column the lexicon does not list (Excel character units).
DEFAULT_WIDTH = 12
# The first row below the header: what the frozen pane keeps in view.
FIRST_DATA_CELL = "A2"


def header(column: str, lang: str) -> str:
    """The column's header: its Chinese name in zh, its own name in en."""
    if lang != "zh":
        return column
    from crosscheck.rules.base import FAMILIES

    if column in FAMILIES:
        return f"{column} {FAMILIES[column][1]}"
    return _columns().get(column, ("", DEFAULT_WIDTH))[0] or column


def width(column: str) -> int:
    return _columns().get(column, ("", DEFAULT_WIDTH))[1]


def start_sheet(sheet: object, columns: Sequence[str], lang: str) -> None:
    """Widths, the frozen header row, then the header row itself (bold)."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width(column)  # type: ignore[attr-defined]
    sheet.freeze_panes = FIRST_DATA_CELL  # type: ignore[attr-defined]
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, header(column, lang))
        cell.data_type = "s"
        cell.font = Font(bold=True)
        cells.append(cell)
    sheet.append(cells)  # type: ignore[attr-defined]


def finish_sheet(sheet: object, columns: Sequence[str], rows_written: int) -> None:
    """An autofilter over the header row and the ``rows_written`` rows below it."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.filters import AutoFilter

    last = f"{get_column_letter(max(1, len(columns)))}{rows_written + 1}"
    # A write-only sheet has no auto_filter of its own until one is set; its writer
    # writes whatever the attribute holds when the sheet is closed.
    sheet.auto_filter = AutoFilter(ref=f"A1:{last}")  # type: ignore[attr-defined]


@cache
def _columns() -> dict[str, tuple[str, int]]:
    return {row["column"]: (row["zh"], int(row["width"])) for row in rows("sheet_columns")}
