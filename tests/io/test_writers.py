"""Writers: round trips through every format, CSV columns, JSON arrays, stdout, the rejects file."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from embedresolve.errors import UsageError
from embedresolve.io import RecordWriter, Reject, RejectsWriter
from tests.io.helpers import PROCESSED, RECORDS, data_of, read_all, write_all


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("out.jsonl", "jsonl"),
        ("out.ndjson", "jsonl"),
        ("out.jsonl.gz", "jsonl"),
        ("out.json", "json"),
        ("out.json.gz", "json"),
    ],
)
def test_json_formats_round_trip(tmp_path: Path, name: str, fmt: str) -> None:
    """Records written in a JSON format read back equal, in order, with key order kept."""
    path = tmp_path / name
    write_all(path, fmt, PROCESSED)
    items = read_all(path)
    assert [item.index for item in items] == [0, 1, 2]
    assert data_of(items) == PROCESSED
    assert [list(item) for item in data_of(items)] == [list(record) for record in PROCESSED]


@pytest.mark.parametrize("name", ["out.csv", "out.csv.gz"])
def test_csv_round_trip(tmp_path: Path, name: str) -> None:
    """CSV keeps the input columns in order, appends embeds/embedresolve as JSON, reads them back decoded."""
    records = [{"id": str(record["id"]), "content": record["content"]} for record in RECORDS]
    processed = [{**record, "embeds": [{"span": [0, 1]}], "embedresolve": {}} for record in records]
    path = tmp_path / name
    write_all(path, "csv", processed)
    items = read_all(path)
    assert list(items[0].data) == [*records[0], "embeds", "embedresolve"]
    with gzip.open(path, "rt") if name.endswith(".gz") else path.open() as written:
        assert '"[{""span"": [0, 1]}]"' in written.read()  # the column holds JSON text
    assert data_of(items) == processed


def test_csv_writer_json_encodes_non_strings_and_fills_missing(tmp_path: Path) -> None:
    """Non-string values are JSON-encoded; only the reserved columns are decoded on reading, and
    a missing reserved value is empty and decodes away."""
    path = tmp_path / "out.csv"
    first = {"id": 1, "text": "t", "flag": None, "embeds": [], "embedresolve": {"v": "0"}}
    write_all(path, "csv", [first, {"id": "2", "text": "u"}])
    items = read_all(path)
    assert items[0].data == {
        "id": "1",
        "text": "t",
        "flag": "null",
        "embeds": [],
        "embedresolve": {"v": "0"},
    }
    assert items[1].data == {"id": "2", "text": "u", "flag": ""}


def test_csv_writer_columns_are_the_first_records_keys(tmp_path: Path) -> None:
    """Restored records (no embeds) are written without the reserved columns."""
    path = tmp_path / "out.csv"
    write_all(path, "csv", [{"id": "1", "text": "t"}])
    assert path.read_bytes() == b"id,text\r\n1,t\r\n"


def test_csv_writer_refuses_columns_the_header_lacks(tmp_path: Path) -> None:
    """A later record with a new key cannot fit the CSV header, so it is an error, not a loss."""
    with RecordWriter(tmp_path / "out.csv", "csv") as writer:
        writer.write({"id": "1", "text": "t"})
        with pytest.raises(UsageError, match="surprise"):
            writer.write({"id": "2", "text": "t", "surprise": "x"})


def test_json_writer_writes_valid_arrays(tmp_path: Path) -> None:
    """The JSON writer produces a valid array, also when empty."""
    empty, two = tmp_path / "empty.json", tmp_path / "two.json"
    write_all(empty, "json", [])
    write_all(two, "json", RECORDS[:2])
    assert json.loads(empty.read_text()) == []
    assert json.loads(two.read_text()) == RECORDS[:2]


def test_jsonl_writer_escapes_what_utf8_cannot_hold(tmp_path: Path) -> None:
    """A lone surrogate (legal in JSON) is written as an escape and reads back identically."""
    record = {"text": "broken \ud83d pair", "ok": "é"}
    path = tmp_path / "out.jsonl"
    write_all(path, "jsonl", [record])
    assert data_of(read_all(path)) == [record]


def test_writer_to_stdout_stream_is_flushed_not_closed() -> None:
    """Dest "-" writes to the given stdout stream and leaves it open."""
    out = io.StringIO()
    write_all("-", "jsonl", RECORDS[:1], stdout=out)
    assert not out.closed
    assert json.loads(out.getvalue()) == RECORDS[0]


def test_rejects_writer_counts_and_writes_jsonl(tmp_path: Path) -> None:
    """Each reject becomes one JSON line with index, reason, message and original."""
    path = tmp_path / "rejects.jsonl"
    reject = Reject(3, "bad_json", "in.jsonl line 4: bad JSON", "{oops")
    with RejectsWriter(path) as rejects:
        rejects.write(reject)
        rejects.write(reject)
    assert rejects.count == 2
    lines = path.read_text().splitlines()
    assert [json.loads(line) for line in lines] == [reject.to_dict()] * 2
    assert list(json.loads(lines[0])) == ["index", "reason", "message", "original"]


def test_rejects_writer_removes_a_stale_file_and_creates_none_without_rejects(tmp_path: Path) -> None:
    """Old rejects never pass for this run's, and a run without rejects leaves no empty file."""
    path = tmp_path / "rejects.jsonl"
    path.write_text('{"old": true}\n')
    with RejectsWriter(path):
        pass
    assert not path.exists()
    with RejectsWriter(path) as rejects:
        rejects.write(Reject(0, "bad_json", "m", "o"))
    assert len(path.read_text().splitlines()) == 1
