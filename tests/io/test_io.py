"""Record readers and writers, field detection and rejects (embedresolve.io)."""

from __future__ import annotations

import gzip
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

from embedresolve.errors import (
    MissingField,
    NotAString,
    RecordError,
    ReservedField,
    UsageError,
)
from embedresolve.io import (
    HTML_FIELDS,
    TEXT_FIELDS,
    InputRecord,
    RecordWriter,
    Reject,
    RejectsWriter,
    check_reserved,
    decode_csv_json_columns,
    detect_format,
    html_field,
    read_records,
    sniff,
    streams,
    text_field,
)
from embedresolve.io.readers import json_array

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


# --- round trips --------------------------------------------------------------


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


def test_csv_reader_rejects_a_row_whose_embeds_column_is_damaged(tmp_path: Path) -> None:
    """The CSV reader decodes the reserved columns; a damaged one rejects its row, not the file."""
    path = tmp_path / "in.csv"
    path.write_text("id,text,embeds,embedresolve\n1,t,[oops,{}\n2,u,[],{}\n", encoding="utf-8")
    bad, good = read_all(path)
    assert isinstance(bad, Reject) and bad.reason == "bad_json" and "row 1" in bad.message
    assert good.data == {"id": "2", "text": "u", "embeds": [], "embedresolve": {}}


def test_decode_csv_json_columns_reports_bad_json() -> None:
    """A damaged embeds column is a BadJSON naming the column."""
    with pytest.raises(RecordError, match="embeds") as info:
        decode_csv_json_columns({"embeds": "[oops", "embedresolve": "{}"})
    assert info.value.reason == "bad_json"


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


def test_rejects_writer_empties_a_stale_file(tmp_path: Path) -> None:
    """Opening the rejects file truncates it, so old rejects never pass for this run's."""
    path = tmp_path / "rejects.jsonl"
    path.write_text('{"old": true}\n')
    with RejectsWriter(path):
        pass
    assert path.read_text() == ""


# --- rejects from real bad input ------------------------------------------------


def test_every_reject_reason_from_bad_jsonl(tmp_path: Path) -> None:
    """Each kind of bad line becomes its reject; the lines around it still come out."""
    lines = [
        b'{"id": 0, "content": "first"}',
        b'{"id": 1, "content": "broken"',
        b'{"id": 2, "content": "caf\xe9"}',
        b'{"id": 3, "title": "no text"}',
        b'{"id": 4, "content": 42}',
        b'{"id": 5, "content": null}',
        b'{"id": 6, "content": ["a"]}',
        b'{"id": 7, "content": "' + b"x" * 200 + b'"}',
        b'{"id": 8, "content": "t", "embeds": []}',
        b'["id", 9]',
        b'{"id": 10, "content": "t", "html": 5}',
        b'{"id": 11, "content": "last", "embeds": [], "embedresolve": {}}',
    ]
    path = tmp_path / "in.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = [validate(item) for item in read_records(path, max_record_bytes=100)]
    assert reasons(items) == [
        "ok",
        "bad_json",
        "undecodable",
        "missing_field",
        "not_a_string",
        "not_a_string",
        "not_a_string",
        "oversize",
        "reserved_field",
        "not_an_object",
        "not_a_string",
        "ok",
    ]
    assert [item.index for item in items] == list(range(12))
    bad = items[1]
    assert bad.message.startswith("in.jsonl line 2: bad JSON:")
    assert bad.original == lines[1].decode()
    assert items[2].original == '{"id": 2, "content": "caf\\xe9"}'
    assert "content" in items[4].message and "a number" in items[4].message
    assert "null" in items[5].message
    assert items[7].original.endswith("…")


def test_oversize_line_is_read_in_bounded_pieces() -> None:
    """An oversize line is skipped in bounded reads and keeps only a head in its reject."""
    data = b'{"a": "' + b"x" * 300_000 + b'"}\n{"b": 1}\n'
    stream = Tripwire(data, len(data) + 1)
    items = read_all("-", stdin=stream, fmt="jsonl", max_record_bytes=5000)
    assert reasons(items) == ["oversize", "ok"]
    assert max(stream.sizes) <= max(5002, streams.CHUNK)
    assert len(items[0].original) == 1024 + 1


@pytest.mark.parametrize(
    ("line", "limit", "reason"),
    [
        (b'{"a":"xxxx"}', 12, "ok"),  # exactly the limit
        (b'{"a":"xxxxx"}', 12, "oversize"),  # one byte over
        (b'{"a":"xxxx"}\r', 12, "ok"),  # the CR of CRLF does not count
        (b'{"a":"xxxxx"}\r', 12, "oversize"),
    ],
)
def test_oversize_limit_is_exact(line: bytes, limit: int, reason: str) -> None:
    """The limit counts the record's bytes, not its line end."""
    stream = io.BytesIO(line + b"\n" + b'{"n": 2}\n')
    items = read_all("-", stdin=stream, fmt="jsonl", max_record_bytes=limit)
    assert reasons(items) == [reason, "ok"]


def test_jsonl_blank_lines_bom_and_crlf() -> None:
    """A BOM, CRLF line ends and blank lines are not part of any record."""
    data = b'\xef\xbb\xbf{"text": "a"}\r\n\r\n   \n{"text": "b"}\r\n{"text": "c"}'
    items = read_all("-", stdin=io.BytesIO(data), fmt="jsonl")
    assert data_of(items) == [{"text": "a"}, {"text": "b"}, {"text": "c"}]
    assert [item.index for item in items] == [0, 1, 2]
    assert [item.original for item in items] == ['{"text": "a"}', '{"text": "b"}', '{"text": "c"}']


def test_bad_json_message_names_line_and_column(tmp_path: Path) -> None:
    """The message of a bad line points at the physical line, counting blank lines."""
    path = tmp_path / "in.jsonl"
    path.write_text('{"a": 1}\n\n{"a": }\n')
    [_, bad] = read_all(path)
    assert bad.index == 1
    assert bad.message == "in.jsonl line 3: bad JSON: Expecting value (column 7)"


def test_absurd_json_is_bad_json_not_a_crash() -> None:
    """Deep nesting and oversized integers are bad_json rejects, not exceptions."""
    data = b"[" * 100_000 + b"\n" + b'{"n": ' + b"9" * 5000 + b"}\n"
    items = read_all("-", stdin=io.BytesIO(data), fmt="jsonl")
    assert reasons(items) == ["bad_json", "bad_json"]


# --- stdin and streaming ---------------------------------------------------------


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


# --- JSON arrays -------------------------------------------------------------------

ARRAY_CASES = [
    ("[]", []),
    ("  ", []),
    ('[{"a": 1}]', ["ok"]),
    ('{"a": 1}', ["ok"]),
    ('[{"a": 1}, 2, "s", null, [], {"b": 2}]', ["ok", *["not_an_object"] * 4, "ok"]),
    ('[{"a": 1}, {"b": }, {"c": 3}]', ["ok", "bad_json"]),
    ('[{"a": 1} {"b": 2}]', ["ok", "bad_json"]),
    ('[{"a": 1},]', ["ok", "bad_json"]),
    ('[{"a": 1}] trailing', ["ok", "bad_json"]),
    ('[{"a": 1}', ["ok", "bad_json"]),
    ("not json at all", ["bad_json"]),
    ('"a string"', ["not_an_object"]),
    ('[{"n": 123456789}, {"n": 1.5e10}, {"t": true}]', ["ok", "ok", "ok"]),
]


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 64 * 1024])
@pytest.mark.parametrize(("text", "expected"), ARRAY_CASES)
def test_json_array_elements_stream_out(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, chunk: int, text: str, expected: list[str]
) -> None:
    """Array elements come out one by one, whatever the read size; damage ends the array."""
    monkeypatch.setattr(json_array, "CHUNK", chunk)
    path = tmp_path / "in.json"
    path.write_text(text)
    items = read_all(path, fmt="json")
    assert reasons(items) == expected
    assert [item.index for item in items] == list(range(len(expected)))
    if expected and set(expected) == {"ok"}:
        parsed = json.loads(text)
        assert data_of(items) == (parsed if isinstance(parsed, list) else [parsed])


def test_json_array_keeps_each_elements_original_text(tmp_path: Path) -> None:
    """An element's original is its exact source text, and the message locates the damage."""
    path = tmp_path / "in.json"
    path.write_text('[\n  {"a":  1},\n  {"b": oops}\n]\n')
    first, bad = read_all(path)
    assert first.original == '{"a":  1}'
    assert bad.index == 1
    assert bad.message.startswith("in.json element 2 (line 3): bad JSON at line 3:")
    assert bad.original.startswith('{"b": oops}')


def test_whole_file_bad_json_is_one_reject(tmp_path: Path) -> None:
    """A file that is not JSON at all is a single bad_json reject with index 0."""
    path = tmp_path / "in.json"
    path.write_text("\n\n<html>not json</html>")
    [reject] = read_all(path)
    assert (reject.index, reject.reason) == (0, "bad_json")
    assert reject.message.startswith("in.json: bad JSON at line 3: Expecting value")


def test_json_array_oversize_elements(tmp_path: Path) -> None:
    """A complete element over the limit is rejected alone; one that cannot end in time stops."""
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"t": "x" * 50}, {"t": "y"}]))
    assert reasons(read_all(path, max_record_bytes=30)) == ["oversize", "ok"]
    path.write_text('[{"t": "y"}, {"t": "' + "x" * 500_000)
    items = read_all(path, max_record_bytes=1000)
    assert reasons(items) == ["ok", "oversize"]
    assert len(items[1].original) <= 1025


def test_json_array_not_utf8_stops_with_undecodable(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 end the array with one undecodable reject."""
    path = tmp_path / "in.json"
    path.write_bytes(b'[{"a": 1},\n{"b": "\xff"}]')
    assert reasons(read_all(path)) == ["ok", "undecodable"]


# --- CSV -----------------------------------------------------------------------------


def test_csv_quoted_newlines_crlf_and_bom(tmp_path: Path) -> None:
    """Quoted newlines stay in the field, CRLF ends rows, a BOM is not part of the header."""
    path = tmp_path / "in.csv"
    path.write_bytes(b'\xef\xbb\xbfid,text\r\n1,"para one\r\n\r\npara two"\r\n\r\n2,"say ""hi"", ok"\r\n')
    items = read_all(path)
    assert data_of(items) == [
        {"id": "1", "text": "para one\r\n\r\npara two"},
        {"id": "2", "text": 'say "hi", ok'},
    ]
    assert items[0].original == '1,"para one\r\n\r\npara two"'
    assert items[1].original == '2,"say ""hi"", ok"'


def test_csv_ragged_row_is_bad_csv(tmp_path: Path) -> None:
    """A row with the wrong number of values is rejected; the rows after it still come out."""
    path = tmp_path / "in.csv"
    path.write_text("id,text\n1,a\n2,b,extra\n3\n4,d\n")
    items = read_all(path)
    assert reasons(items) == ["ok", "bad_csv", "bad_csv", "ok"]
    assert items[1].message == "in.csv row 2 (line 3): 3 values for 2 columns"


def test_csv_undecodable_rejects_the_rest(tmp_path: Path) -> None:
    """Bytes that are not UTF-8 mid-file end the CSV with one undecodable reject."""
    path = tmp_path / "in.csv"
    path.write_bytes(b"id,text\n1,a\n2,caf\xe9\n3,c\n")
    items = read_all(path)
    assert reasons(items) == ["ok", "undecodable"]
    assert items[1].original == "2,caf\\xe9\n"
    assert "the rest is not read" in items[1].message


def test_csv_oversize_rows(tmp_path: Path) -> None:
    """A row over the limit is rejected; a single line over it ends the file (no resync)."""
    path = tmp_path / "in.csv"
    path.write_text('id,text\n1,"' + "word\n" * 30 + '"\n2,b\n')
    assert reasons(read_all(path, max_record_bytes=100)) == ["oversize", "ok"]
    path.write_text("id,text\n1," + "x" * 300 + "\n2,b\n")
    assert reasons(read_all(path, max_record_bytes=100)) == ["oversize"]


def test_csv_duplicate_header_is_rejected(tmp_path: Path) -> None:
    """Repeated column names would lose values, so the file is one bad_csv reject."""
    path = tmp_path / "in.csv"
    path.write_text("id,text,text\n1,a,b\n")
    assert reasons(read_all(path)) == ["bad_csv"]


# --- gzip --------------------------------------------------------------------------------


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


# --- directories of text files ---------------------------------------------------------


def make_txtdir(root: Path) -> None:
    (root / "sub").mkdir(parents=True)
    (root / "b.txt").write_bytes(b"Second\r\nfile")
    (root / "a.txt").write_text("First file — ünïcödé")
    (root / "sub" / "c.html").write_text("<p>Third</p>")
    (root / "notes.md").write_text("ignored")


def test_txtdir_reads_files_sorted_by_relative_path(tmp_path: Path) -> None:
    """Each .txt/.html file is a record named by its relative path, in sorted order."""
    make_txtdir(tmp_path / "in")
    items = read_all(tmp_path / "in")
    assert data_of(items) == [
        {"id": "a.txt", "text": "First file — ünïcödé"},
        {"id": "b.txt", "text": "Second\r\nfile"},
        {"id": "sub/c.html", "html": "<p>Third</p>"},
    ]
    assert items[1].original == "Second\r\nfile"


def test_txtdir_rejects_undecodable_and_oversize_files(tmp_path: Path) -> None:
    """A file that is not UTF-8, or too big, is rejected by name; the others come out."""
    (tmp_path / "a.txt").write_bytes(b"caf\xe9")
    (tmp_path / "b.txt").write_text("x" * 2000)
    (tmp_path / "c.txt").write_text("fine")
    items = read_all(tmp_path, max_record_bytes=1000)
    assert reasons(items) == ["undecodable", "oversize", "ok"]
    assert items[0].message.startswith("a.txt:")
    assert items[0].original == "caf\\xe9"


def test_txtdir_round_trip_with_sidecars(tmp_path: Path) -> None:
    """Writing to a directory gives text files plus sidecars, which read back whole."""
    make_txtdir(tmp_path / "in")
    processed = [
        {**item.data, "embeds": [{"span": [0, 1]}], "embedresolve": {"v": "0"}}
        for item in read_records(tmp_path / "in")
        if isinstance(item, InputRecord)
    ]
    write_all(tmp_path / "out", "txtdir", processed)
    assert (tmp_path / "out" / "b.txt").read_bytes() == b"Second\r\nfile"
    sidecar = json.loads((tmp_path / "out" / "sub" / "c.html.embeds.json").read_text())
    assert sidecar == {"id": "sub/c.html", "embeds": [{"span": [0, 1]}], "embedresolve": {"v": "0"}}
    back = data_of(read_all(tmp_path / "out"))
    assert back == processed
    assert [list(record) for record in back] == [list(record) for record in processed]


@pytest.mark.parametrize("dest", ["-", "out.jsonl"])
def test_txtdir_to_a_file_or_stdout_is_jsonl(tmp_path: Path, dest: str) -> None:
    """A txtdir written to "-" or a file name becomes JSONL."""
    out = io.StringIO()
    target = dest if dest == "-" else tmp_path / dest
    write_all(target, "txtdir", RECORDS, stdout=out)
    text = out.getvalue() if dest == "-" else (tmp_path / dest).read_text()
    assert [json.loads(line) for line in text.splitlines()] == RECORDS


@pytest.mark.parametrize("record_id", ["../escape.txt", "/abs.txt", "", "a.pdf", None])
def test_txtdir_writer_refuses_unusable_ids(tmp_path: Path, record_id: Any) -> None:
    """An id that would write outside the directory, or not read back, is a RecordError."""
    with RecordWriter(tmp_path / "out", "txtdir") as writer, pytest.raises(RecordError):
        writer.write({"id": record_id, "text": "t"})


def test_txtdir_bad_sidecar_is_a_reject(tmp_path: Path) -> None:
    """A damaged sidecar rejects its file instead of dropping the added fields."""
    (tmp_path / "a.txt").write_text("text")
    (tmp_path / "a.txt.embeds.json").write_text("{oops")
    [reject] = read_all(tmp_path)
    assert (reject.reason, reject.original) == ("bad_json", "text")


# --- format detection -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.jsonl", "", "jsonl"),
        ("a.NDJSON", "", "jsonl"),
        ("a.jl", "", "jsonl"),
        ("a.csv", "", "csv"),
        ("a.csv.gz", "", "csv"),
        ("a.jsonl.gz", "", "jsonl"),
        ("a.json", '[{"a": 1}]', "json"),
        ("a.json", '{"a": 1}\n{"a": 2}\n', "jsonl"),
        ("a.json", '{"a": 1}\n', "json"),
        ("a.json", '{\n  "a": {"b": 1}\n}\n', "json"),
        ("a.json.gz", '{"a": 1}\n{"a": 2}\n', "jsonl"),
    ],
)
def test_detect_format_from_name_and_content(tmp_path: Path, name: str, content: str, expected: str) -> None:
    """The extension decides, except that a .json file holding JSON Lines is JSONL."""
    path = tmp_path / name
    if name.endswith(".gz"):
        path.write_bytes(gzip.compress(content.encode()))
    else:
        path.write_text(content)
    assert detect_format(path) == expected


def test_detect_format_directory_and_unknown(tmp_path: Path) -> None:
    """A directory is txtdir; an unknown extension is a UsageError."""
    assert detect_format(tmp_path) == "txtdir"
    with pytest.raises(UsageError, match="format"):
        detect_format(tmp_path / "a.xml")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'\n [{"a": 1}]', "json"),
        (b'{"a": 1}\n', "jsonl"),
        (b'{\n  "a": 1\n}\n', "json"),
        (b"", "jsonl"),
    ],
)
def test_detect_format_peeks_at_stdin(data: bytes, expected: str) -> None:
    """For "-", the format is sniffed without consuming the stream."""
    stream = io.BufferedReader(io.BytesIO(data))
    assert detect_format("-", stdin=stream) == expected
    assert stream.read() == data


# --- fields ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("record", "field", "expected"),
    [
        ({"text": "t"}, None, "text"),
        ({"title": "x", "full_text": "t", "body": "b"}, None, "body"),
        ({"content": "c", "text": "t"}, None, "content"),
        ({"content": "c", "mine": "m"}, "mine", "mine"),
    ],
)
def test_text_field_found(record: dict[str, Any], field: str | None, expected: str) -> None:
    """The given field, else the first of TEXT_FIELDS present, names the text."""
    assert text_field(record, field) == expected


@pytest.mark.parametrize(
    ("record", "field", "error"),
    [
        ({"title": "t"}, None, MissingField),
        ({"content": "c"}, "mine", MissingField),
        ({"content": 1}, None, NotAString),
        ({"content": None, "text": "t"}, None, NotAString),
        ({"text": ["a"]}, None, NotAString),
        ({"mine": {"a": 1}}, "mine", NotAString),
    ],
)
def test_text_field_errors(record: dict[str, Any], field: str | None, error: type) -> None:
    """A missing text field or a non-string value raises the matching RecordError."""
    with pytest.raises(error):
        text_field(record, field)


def test_missing_text_field_message_lists_what_was_looked_for() -> None:
    """The message names every field tried and the fields the record has."""
    with pytest.raises(MissingField) as info:
        text_field({"title": "t"})
    assert all(name in str(info.value) for name in (*TEXT_FIELDS, "title"))


@pytest.mark.parametrize(
    ("record", "field", "expected"),
    [
        ({"text": "t"}, None, None),
        ({"raw_html": "<p>", "html": "<b>"}, None, "html"),
        ({"html": None, "raw_html": "<p>"}, None, "raw_html"),
        ({"page": "<p>"}, "page", "page"),
        ({"html": "<p>"}, "page", None),
    ],
)
def test_html_field(record: dict[str, Any], field: str | None, expected: str | None) -> None:
    """The HTML field is optional: absent or null means None."""
    assert html_field(record, field) == expected


def test_html_field_must_be_a_string() -> None:
    """A present HTML value that is not a string raises NotAString."""
    for name in HTML_FIELDS:
        with pytest.raises(NotAString, match=name):
            html_field({name: 5})


@pytest.mark.parametrize(
    ("record", "allowed"),
    [
        ({"text": "t"}, True),
        ({"text": "t", "embeds": [], "embedresolve": {}}, True),
        ({"text": "t", "embeds": []}, False),
        ({"text": "t", "embedresolve": {}}, False),
    ],
)
def test_check_reserved(record: dict[str, Any], allowed: bool) -> None:
    """Only one of embeds/embedresolve means the record's own field would be overwritten."""
    if allowed:
        check_reserved(record)
    else:
        with pytest.raises(ReservedField):
            check_reserved(record)
