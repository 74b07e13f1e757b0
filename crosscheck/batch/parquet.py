"""Parquet files of ``crosscheck batch --parquet``: rows streamed into row groups (pyarrow).

Decimal values (``value``, ``low``, ``high``) stay exact decimal strings, as in
the JSON contracts; offsets, line numbers and table positions are integers.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from crosscheck.errors import MissingExtraError
from crosscheck.outputs import AtomicFile, as_output_error
from crosscheck.report.findings import CSV_COLUMNS
from crosscheck.report.links import LINK_COLUMNS
from crosscheck.report.quantities import COLUMNS
from crosscheck.report.tables import CELL_COLUMNS

ROWS_PER_GROUP = 50_000  # rows held before a row group is written (bounded memory)
_INTEGERS = {
    "start",
    "end",
    "line",
    "line_1",
    "line_2",
    "table",
    "row",
    "col",
    "group",
    "a_start",
    "a_end",
    "a_line",
    "b_start",
    "b_end",
    "b_line",
}


def _types(columns: Sequence[str]) -> dict[str, str]:
    return {c: "int" if c in _INTEGERS else "str" for c in columns}


QUANTITY_TYPES = _types(("file", *COLUMNS))
CELL_TYPES = _types(("file", *CELL_COLUMNS))
LINK_TYPES = _types(("file", *LINK_COLUMNS))
FINDING_TYPES = _types(CSV_COLUMNS)


def require_pyarrow() -> None:
    try:
        import pyarrow  # noqa: F401
    except ImportError as error:
        raise MissingExtraError("Parquet", "parquet", "pyarrow") from error


def _value(value: object, kind: str) -> object:
    if value is None or value == "":
        return None
    return int(value) if kind == "int" else str(value)  # type: ignore[call-overload]


class ParquetSink:
    """A Parquet file written row group by row group, renamed into place on close
    (``outputs.AtomicFile``)."""

    def __init__(self, target: Path, types: dict[str, str]) -> None:
        require_pyarrow()
        import pyarrow as pa

        self.target = target
        self.types = types
        self.schema = pa.schema(
            [(c, pa.int64() if t == "int" else pa.string()) for c, t in types.items()]
        )
        self._file = AtomicFile(target, "wb")
        self._columns: list[list[object]] = [[] for _ in types]
        self._writer = None

    def add(self, values: Sequence[object]) -> None:
        for column, kind, value in zip(self._columns, self.types.values(), values, strict=True):
            column.append(_value(value, kind))
        if len(self._columns[0]) >= ROWS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_arrays(
            [pa.array(c, type=f.type) for c, f in zip(self._columns, self.schema, strict=True)],
            schema=self.schema,
        )
        with as_output_error(self.target):  # pyarrow reports a full disk as its own OSError
            if self._writer is None:
                self._writer = pq.ParquetWriter(self._file.stream, self.schema)
            self._writer.write_table(table)
        self._columns = [[] for _ in self.types]

    def close(self) -> None:
        try:
            if self._columns[0] or self._writer is None:
                self._flush()
            with as_output_error(self.target):
                self._writer.close()
        except BaseException:
            self._file.discard()
            raise
        self._file.commit()

    def discard(self) -> None:
        """Drop the file (the run failed): the target keeps its old content."""
        if self._writer is not None:
            with contextlib.suppress(Exception):  # its footer would go to a failing file
                self._writer.close()
        self._file.discard()

    def __enter__(self) -> ParquetSink:
        return self

    def __exit__(self, failure: type[BaseException] | None, *exc: object) -> None:
        if failure is None:
            self.close()
        else:
            self.discard()
