"""Records, readers and writers the io tests share."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from embedresolve.errors import RecordError
from embedresolve.io import (
    InputRecord,
    RecordWriter,
    Reject,
    check_reserved,
    html_field,
    read_records,
    text_field,
)

RECORDS: list[dict[str, Any]] = [
    {"id": "a", "content": "Plain text — with a dash", "n": 1},
    {"id": "b", "content": 'two\nlines, "quoted", comma', "tags": ["x", "y"]},
    {"id": "c", "content": "ünïcödé 🐦 中文", "meta": {"nested": None, "f": 1.5}},
]


PROCESSED = [
    {**record, "embeds": [{"platform": "twitter", "span": [0, 3]}], "embedresolve": {"v": "0"}}
    for record in RECORDS
]


def read_all(source: Any, **kwargs: Any) -> list[InputRecord | Reject]:
    return list(read_records(source, **kwargs))


def data_of(items: list[InputRecord | Reject]) -> list[dict[str, Any]]:
    return [item.data for item in items if isinstance(item, InputRecord)]


def reasons(items: list[InputRecord | Reject]) -> list[str]:
    return [item.reason if isinstance(item, Reject) else "ok" for item in items]


def write_all(dest: Path | str, fmt: str, records: list[dict[str, Any]], **kwargs: Any) -> None:
    with RecordWriter(dest, fmt, **kwargs) as writer:
        for record in records:
            writer.write(record)


def validate(item: InputRecord | Reject, field: str | None = None) -> InputRecord | Reject:
    """What the pipeline does with each item: the field checks turn errors into rejects."""
    if isinstance(item, Reject):
        return item
    try:
        check_reserved(item.data)
        text_field(item.data, field)
        html_field(item.data)
    except RecordError as exc:
        return Reject.from_error(item.index, exc, item.original)
    return item


class Tripwire:
    """A byte stream that fails the test if read beyond ``limit`` bytes."""

    def __init__(self, data: bytes, limit: int) -> None:
        self._buffer = io.BytesIO(data)
        self._limit = limit
        self.sizes: list[int] = []

    def readline(self, size: int = -1) -> bytes:
        self.sizes.append(size)
        if self._buffer.tell() >= self._limit:
            raise AssertionError("read past the tripwire")
        return self._buffer.readline(size)
