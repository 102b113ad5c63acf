"""Parquet: a file, or a folder of ``*.parquet`` files, streamed one record batch at a time.

Memory stays bounded by the batch, not the file: at most ``BATCH_ROWS`` rows
and about ``BATCH_BYTES`` of column data (the file's rows per byte, from its
row groups' sizes, so long articles make shorter batches). The file is read
column chunk by column chunk (``pre_buffer=False``): pyarrow's pre-buffering
would otherwise hold the read-ahead of the whole file, memory that grows
with its size (measured in ``bench/parquet.py``). Each
row is a record of the Python values pyarrow gives (strings, numbers, lists,
dicts for structs, ``datetime``/``Decimal``/``bytes`` where the column holds
them). ``embeds``/``embedresolve`` columns written by embedresolve (nested
Arrow types, :mod:`embedresolve.io.arrow_types`) are turned back into their
JSON values, so a cleaned Parquet file restores. Needs pyarrow
(``embedresolve[parquet]``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from embedresolve.errors import InputError, UsageError
from embedresolve.io.records import InputRecord, Reject

BATCH_ROWS = 512
BATCH_BYTES = 8_000_000
PYARROW_MISSING = "Parquet needs pyarrow: pip install 'embedresolve[parquet]'"


def parquet_files(path: Path) -> list[Path]:
    """The file itself, or every ``*.parquet`` under a folder, in path order."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.parquet") if p.is_file())
    return [path]


def read_parquet(path: Path, limit: int) -> Iterator[InputRecord | Reject]:
    """The rows of ``path`` (a file or a folder of them), in order, one record each."""
    pq = _parquet()
    from embedresolve.io.arrow_types import RESERVED_TYPES, from_arrow

    index = 0
    for file in parquet_files(path):
        try:
            parquet = pq.ParquetFile(file, pre_buffer=False)
        except (OSError, ValueError) as exc:  # pyarrow's ArrowInvalid is a ValueError
            raise InputError(f"cannot read {str(file)!r} as Parquet: {exc}") from exc
        nested = {
            name: schema
            for name, (arrow_type, schema) in RESERVED_TYPES.items()
            if name in parquet.schema_arrow.names and parquet.schema_arrow.field(name).type == arrow_type
        }
        with parquet:
            for batch in parquet.iter_batches(batch_size=_batch_rows(parquet.metadata)):
                for row in batch.to_pylist():
                    for name, schema in nested.items():
                        row[name] = from_arrow(row[name], schema)
                        if row[name] is None:
                            del row[name]  # an input row the writer had no embeds for
                    yield InputRecord(index, row, _original(row))
                    index += 1


def _batch_rows(metadata: Any) -> int:
    """Rows per batch: ``BATCH_ROWS``, fewer where the rows are big (by the row groups' encoded size)."""
    groups = [metadata.row_group(i) for i in range(metadata.num_row_groups)]
    size = sum(group.total_byte_size for group in groups)
    rows = sum(group.num_rows for group in groups)
    return BATCH_ROWS if size <= 0 else max(1, min(BATCH_ROWS, BATCH_BYTES * rows // size))


def _original(row: dict[str, Any]) -> str:
    """A row as JSON text, for a reject to quote (values JSON lacks as their str())."""
    return json.dumps(row, ensure_ascii=False, default=str)


def _parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise UsageError(PYARROW_MISSING) from exc
    return pq
