"""The JSON array reader: elements streamed whatever the read size; damage ends the array."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from embedresolve.io.readers import json_array
from tests.io.helpers import data_of, read_all, reasons

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


def test_a_refused_element_is_one_reject_and_the_next_are_read(tmp_path) -> None:
    """NaN or a duplicate key in one element rejects that element only."""
    path = tmp_path / "in.json"
    path.write_text('[{"a": NaN}, {"a": 1, "a": 2}, {"a": 3}]')
    items = read_all(path)
    assert reasons(items) == ["bad_json", "bad_json", "ok"]
    assert "NaN" in items[0].message and "duplicate key 'a'" in items[1].message
