"""Byte streams: gzip input is streamed, and a damaged one ends with a reject."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.io.helpers import RECORDS, data_of, read_all, reasons


def test_gzip_input_is_streamed(tmp_path: Path) -> None:
    """A .jsonl.gz file reads like the plain file."""
    path = tmp_path / "in.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write("".join(json.dumps(record) + "\n" for record in RECORDS))
    assert data_of(read_all(path)) == RECORDS


def test_truncated_gzip_ends_with_a_reject(tmp_path: Path) -> None:
    """A cut-off gzip stream ends the run cleanly with an undecodable reject."""
    path = tmp_path / "in.jsonl.gz"
    data = gzip.compress(b"".join(json.dumps(r).encode() + b"\n" for r in RECORDS * 50))
    path.write_bytes(data[: len(data) // 2])
    items = read_all(path)
    assert items[-1].reason == "undecodable"
    assert set(reasons(items[:-1])) == {"ok"}
