"""Folders of text files: read by relative path, written back with sidecars."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from embedresolve.errors import RecordError
from embedresolve.io import InputRecord, RecordWriter, read_records
from tests.io.helpers import RECORDS, data_of, read_all, reasons, write_all


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
