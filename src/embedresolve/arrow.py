"""Cleaning Arrow data in place of files: ``clean_table`` and ``clean_batches``.

For Polars, DuckDB, pandas and Hugging Face datasets users, whose corpora are
Arrow tables already. Only the text and HTML columns go through Python; every
other column passes through untouched (the same Arrow array, its type kept),
and two columns are added: ``embeds`` (a list of structs whose fields follow
the JSON Schema, :mod:`embedresolve.io.arrow_types`) and ``embedresolve``
(the run's metadata). Needs pyarrow (``embedresolve[parquet]``)::

    import pyarrow.parquet as pq
    from embedresolve.arrow import clean_table

    table = clean_table(pq.read_table("articles.parquet"), field="text")
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import pyarrow as pa

from embedresolve.errors import RecordError
from embedresolve.io.arrow_types import EMBEDS_SCHEMA, EMBEDS_TYPE, META_SCHEMA, META_TYPE, to_arrow
from embedresolve.io.fields import HTML_FIELDS, RESERVED_FIELDS, TEXT_FIELDS
from embedresolve.io.records import Reject
from embedresolve.pipeline import CleanConfig, EmbedResolver, clean_record

__all__ = ["clean_batches", "clean_table"]


def clean_table(
    table: pa.Table,
    field: str | None = None,
    *,
    html_field: str | None = None,
    resolver: EmbedResolver | None = None,
    on_reject: Callable[[Reject], None] | None = None,
) -> pa.Table:
    """``table`` with its text (``field``, else found as for a record) cleaned, plus ``embeds`` and metadata.

    Without a ``resolver`` nothing leaves the machine (embeds ``skipped``). A
    row that cannot be cleaned raises its RecordError, or, with ``on_reject``,
    is handed to it as a :class:`Reject` and kept unchanged (``embeds`` null),
    so the table keeps its rows in order.
    """
    config = CleanConfig(field=field, html_field=html_field)
    batches = table.to_batches() or [pa.RecordBatch.from_pylist([], schema=table.schema)]
    return pa.Table.from_batches(list(clean_batches(batches, config, resolver=resolver, on_reject=on_reject)))


def clean_batches(
    batches: Iterable[pa.RecordBatch],
    config: CleanConfig | None = None,
    *,
    resolver: EmbedResolver | None = None,
    on_reject: Callable[[Reject], None] | None = None,
) -> Iterator[pa.RecordBatch]:
    """Clean a stream of record batches (from a Parquet file, a dataset scanner), one batch at a time."""
    config = config or CleanConfig()
    offset = 0
    for batch in batches:
        yield _clean_batch(batch, config, resolver, on_reject, offset)
        offset += batch.num_rows


def _clean_batch(
    batch: pa.RecordBatch,
    config: CleanConfig,
    resolver: EmbedResolver | None,
    on_reject: Callable[[Reject], None] | None,
    offset: int,
) -> pa.RecordBatch:
    wanted = {*TEXT_FIELDS, *HTML_FIELDS, *RESERVED_FIELDS, config.field, config.html_field}
    names = [name for name in batch.schema.names if name in wanted]
    rows = batch.select(names).to_pylist()
    cleaned: list[dict[str, Any] | None] = []
    for number, row in enumerate(rows):
        try:
            cleaned.append(clean_record(row, config, resolver=resolver))
        except RecordError as error:
            if on_reject is None:
                raise
            on_reject(
                Reject.from_error(offset + number, error, json.dumps(row, ensure_ascii=False, default=str))
            )
            cleaned.append(None)
    arrays: list[pa.Array] = []
    fields: list[pa.Field] = []
    for field in batch.schema:
        if field.name in RESERVED_FIELDS:
            continue
        if field.name in names:  # a text or HTML column: rebuilt with the clean values, same type
            values = [
                out[field.name] if out else row[field.name] for out, row in zip(cleaned, rows, strict=True)
            ]
            arrays.append(pa.array(values, type=field.type))
        else:
            arrays.append(batch.column(field.name))
        fields.append(field)
    embeds = [to_arrow(out["embeds"], EMBEDS_SCHEMA) if out else None for out in cleaned]
    meta = [to_arrow(out["embedresolve"], META_SCHEMA) if out else None for out in cleaned]
    arrays += [pa.array(embeds, type=EMBEDS_TYPE), pa.array(meta, type=META_TYPE)]
    fields += [pa.field("embeds", EMBEDS_TYPE), pa.field("embedresolve", META_TYPE)]
    return pa.RecordBatch.from_arrays(arrays, schema=pa.schema(fields, metadata=batch.schema.metadata))
