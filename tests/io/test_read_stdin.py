"""Reading stdin and pipes: sniffed, replayed, lazy; arguments checked before reading."""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

from embedresolve.errors import UsageError
from embedresolve.io import read_records, sniff
from tests.io.helpers import Tripwire, data_of, read_all


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'{"text": "a"}\n{"text": "b"}\n', [{"text": "a"}, {"text": "b"}]),
        (b'\n  [{"text": "a"},\n {"text": "b"}]\n', [{"text": "a"}, {"text": "b"}]),
        (b'\xef\xbb\xbf[{"text": "a"}]', [{"text": "a"}]),
        (b'{\n  "text": "a"\n}\n', [{"text": "a"}]),
        (b"", []),
    ],
)
def test_stdin_format_is_sniffed(data: bytes, expected: list[dict[str, Any]]) -> None:
    """Stdin without a format is read as a JSON document or as JSON Lines by its first line."""
    assert data_of(read_all("-", stdin=io.BytesIO(data))) == expected


def test_stdin_sniffing_replays_what_it_read(monkeypatch: pytest.MonkeyPatch) -> None:
    """Sniffing reads in small pieces too, and every byte it read reaches the reader."""
    monkeypatch.setattr(sniff, "CHUNK", 3)
    lines = b'\n{"text": "a long first line"}\n{"text": "b"}\n'
    array = b'\n [{"text": "a"},\n {"text": "b"}]'
    for data in (lines, array):
        assert data_of(read_all("-", stdin=io.BytesIO(data))) == data_of(
            read_all("-", stdin=io.BytesIO(data), fmt="jsonl" if data is lines else "json")
        )
    assert len(data_of(read_all("-", stdin=io.BytesIO(lines)))) == 2


def test_stdin_yields_the_first_record_before_reading_on() -> None:
    """Reading stdin is lazy: the first record comes out before the second line is read."""
    first = b'{"text": "a"}\n'
    for fmt in ("jsonl", None):
        stream = Tripwire(first + b'{"text": "b"}\n', limit=len(first))
        records = read_records("-", stdin=stream, fmt=fmt)
        assert next(records).data == {"text": "a"}
        with pytest.raises(AssertionError, match="tripwire"):
            next(records)


def test_pipe_records_arrive_while_the_writer_is_still_writing() -> None:
    """From a real pipe, each record is available as soon as its line is written."""
    read_fd, write_fd = os.pipe()
    with os.fdopen(read_fd, "rb") as reader, os.fdopen(write_fd, "wb") as writer:
        records = read_records("-", stdin=reader)
        writer.write(b'{"text": "a"}\n')
        writer.flush()
        assert next(records).data == {"text": "a"}
        writer.write(b'{"text": "b"}\n')
        writer.close()
        assert [item.data for item in records] == [{"text": "b"}]


def test_reading_checks_arguments_before_reading(tmp_path: Path) -> None:
    """Bad arguments raise UsageError at the call, not in the middle of a run."""
    with pytest.raises(UsageError, match="not found"):
        read_records(tmp_path / "missing.jsonl")
    with pytest.raises(UsageError, match="format"):
        read_records("-", fmt="xml")
    with pytest.raises(UsageError, match="directory"):
        read_records("-", fmt="txtdir")
    with pytest.raises(UsageError, match="directory"):
        read_records(tmp_path, fmt="jsonl")
