"""Format detection: by name, by content for .json, by a peek at stdin."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from embedresolve.errors import UsageError
from embedresolve.io import detect_format


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


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"id,content\n1,a\n", "csv"),
        (b"id\tcontent\n1\ta\n", "tsv"),
        (b"\xef\xbb\xbfid,text,url\n", "csv"),
        (b"content\nsome text\n", "csv"),
    ],
)
def test_stdin_csv_with_a_header_is_told(data: bytes, expected: str) -> None:
    assert detect_format("-", stdin=io.BufferedReader(io.BytesIO(data))) == expected


@pytest.mark.parametrize("data", [b"Hello, world and more\n", b"just prose\n", b"\xff\xfe\n"])
def test_stdin_that_is_no_known_format_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(UsageError, match="cannot tell the format of stdin"):
        detect_format("-", stdin=io.BufferedReader(io.BytesIO(data)))
