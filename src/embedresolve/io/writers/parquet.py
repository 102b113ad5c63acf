"""Parquet output: records in row groups, ``embeds`` a list of structs (:mod:`~embedresolve.io.arrow_types`).

The other columns take their Arrow types from the first batch of records (as
pyarrow infers them from the values: strings, integers, floats, lists,
structs, timestamps; a column that is all null there becomes a string
column); a later record that adds a column or does not fit a type is an
OutputError naming it. Rows are written every ``BATCH_ROWS`` records or
``BATCH_BYTES`` of strings, whichever comes first, so memory stays bounded by
the batch whatever the articles' length. Needs pyarrow (``embedresolve[parquet]``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from embedresolve.errors import OutputError, UsageError
from embedresolve.io.readers.parquet import PYARROW_MISSING
from embedresolve.io.streams import cannot_write, is_compressed

BATCH_ROWS = 1000
BATCH_BYTES = 8_000_000


class ParquetWriter:
    def __init__(self, dest: str | Path, stdout: object = None) -> None:
        if str(dest) == "-":
            raise UsageError("Parquet output needs a file name (-o NAME.parquet), not stdout")
        if is_compressed(Path(dest)):
            raise UsageError(f"{str(dest)!r}: Parquet compresses inside the file; name it .parquet")
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise UsageError(PYARROW_MISSING) from exc
        self._pa, self._pq = pa, pq
        self._path = Path(dest)
        try:
            self._path.open("wb").close()  # refuse a path we cannot write now, not at the first batch
        except OSError as exc:
            raise OutputError(cannot_write(self._path, exc)) from exc
        self._rows: list[dict[str, Any]] = []
        self._schema: Any = None
        self._writer: Any = None
        self._count = 0
        self._buffered = 0  # characters of the buffered rows' top-level strings

    def write(self, record: dict[str, Any]) -> None:
        from embedresolve.io.arrow_types import RESERVED_TYPES, to_arrow

        row = dict(record)
        for name, (_, schema) in RESERVED_TYPES.items():
            if name in row:
                row[name] = to_arrow(row[name], schema)
        if self._schema is not None:
            extra = [key for key in row if key not in self._schema.names]
            if extra:
                raise OutputError(
                    f"Parquet output takes its columns from the first records; record {self._count} "
                    f"adds {', '.join(extra)}: write JSONL instead"
                )
        self._rows.append(row)
        self._count += 1
        self._buffered += sum(len(value) for value in row.values() if isinstance(value, str | bytes))
        if len(self._rows) >= BATCH_ROWS or self._buffered >= BATCH_BYTES:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        pa = self._pa
        if self._schema is None:
            self._schema = self._infer(self._rows)
            self._writer = self._pq.ParquetWriter(self._path, self._schema)
        try:
            table = pa.Table.from_pylist(self._rows, schema=self._schema)
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as exc:
            raise OutputError(
                f"Parquet output {str(self._path)!r}: a record does not fit the columns: {exc}"
            ) from exc
        self._writer.write_table(table)
        self._rows = []
        self._buffered = 0

    def _infer(self, rows: list[dict[str, Any]]) -> Any:
        from embedresolve.io.arrow_types import RESERVED_TYPES

        pa = self._pa
        plain = [{k: v for k, v in row.items() if k not in RESERVED_TYPES} for row in rows]
        try:
            inferred = pa.Table.from_pylist(plain).schema
        except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
            raise OutputError(f"Parquet output: the records' columns have no common type: {exc}") from exc
        names = list(dict.fromkeys(key for row in rows for key in row))
        fields = []
        for name in names:
            if name in RESERVED_TYPES:
                fields.append(pa.field(name, RESERVED_TYPES[name][0]))
            else:
                field = inferred.field(name)
                fields.append(field.with_type(pa.string()) if pa.types.is_null(field.type) else field)
        return pa.schema(fields)

    def close(self) -> None:
        self._flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
        elif self._schema is None and self._path.exists() and self._path.stat().st_size == 0:
            self._pq.write_table(self._pa.table({}), self._path)  # no records: an empty, valid file
