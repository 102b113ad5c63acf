"""The JSON Lines reader: every reject reason from real bad input, bounded reads."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from embedresolve.io import read_records, streams
from tests.io.helpers import Tripwire, data_of, read_all, reasons, validate


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


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ('{"id": 1, "x": NaN}', "NaN is not a JSON number"),
        ('{"id": 1, "x": -Infinity}', "-Infinity is not a JSON number"),
        ('{"id": 1, "id": 2}', "duplicate key 'id'"),
        ('{"id": 1, "x": 1e400}', "number 1e400 does not fit a double"),
        ('{"id": 1, "x": 0.1000000000000000055511151231257827}', "does not fit a double"),
    ],
)
def test_values_that_cannot_round_trip_are_rejected_with_a_reason(tmp_path, line: str, why: str) -> None:
    """NaN, duplicate keys and numbers a double would change are refused, never changed silently."""
    path = tmp_path / "in.jsonl"
    path.write_text(line + '\n{"id": 2}\n')
    items = read_all(path)
    assert reasons(items) == ["bad_json", "ok"]
    assert why in items[0].message


def test_numbers_that_only_change_spelling_and_huge_integers_are_kept(tmp_path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"a": 1.10, "b": 1E5, "c": 123456789012345678901234567890}\n')
    (item,) = read_all(path)
    assert item.data == {"a": 1.1, "b": 100000.0, "c": 123456789012345678901234567890}
    assert item.original == '{"a": 1.10, "b": 1E5, "c": 123456789012345678901234567890}'


def test_oversize_line_keeps_a_pointer_to_the_original(tmp_path) -> None:
    path = tmp_path / "in.jsonl"
    big = '{"text": "' + "x" * 500 + '"}'
    path.write_text('{"a": 1}\n' + big + '\n{"a": 2}\n')
    items = read_all(path, max_record_bytes=100)
    assert reasons(items) == ["ok", "oversize", "ok"]
    source = items[1].to_dict()["source"]
    assert source == {"file": str(path), "offset": 9, "length": len(big) + 1}
    assert path.read_bytes()[9 : 9 + len(big)] == big.encode()
