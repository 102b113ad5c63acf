"""read_records of a single text file, and of file objects."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from embedresolve.io import InputRecord, Reject, read_records


def test_a_single_text_file_is_one_record(tmp_path: Path) -> None:
    """A .txt file is {"id": its name, "text": its content}; BOM dropped, content kept exactly."""
    path = tmp_path / "article.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst line\r\n\r\nSecond \xc3\xbc")
    (item,) = read_records(path)
    assert isinstance(item, InputRecord)
    assert item.data == {"id": "article.txt", "text": "First line\r\n\r\nSecond ü"}
    assert item.original == "First line\r\n\r\nSecond ü"


@pytest.mark.parametrize("name", ["page.html", "page.htm", "PAGE.HTML"])
def test_a_single_html_file_is_one_record_with_an_html_field(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("<p>Hi</p>", encoding="utf-8")
    (item,) = read_records(tmp_path / name)
    assert isinstance(item, InputRecord) and item.data == {"id": name, "html": "<p>Hi</p>"}


def test_a_single_text_file_that_is_not_utf8_or_too_big_is_a_reject(tmp_path: Path) -> None:
    (tmp_path / "bin.txt").write_bytes(b"\x00\xff\xfe binary")
    (tmp_path / "big.txt").write_text("x" * 5000)
    (bad,) = read_records(tmp_path / "bin.txt")
    (big,) = read_records(tmp_path / "big.txt", max_record_bytes=1000)
    assert isinstance(bad, Reject) and bad.reason == "undecodable" and bad.message.startswith("bin.txt:")
    assert isinstance(big, Reject) and big.reason == "oversize" and big.original.endswith("…")


def test_a_binary_file_object_reads_like_its_path(tmp_path: Path) -> None:
    """Readers take file objects (as sqlite-utils' rows_from_file(fp)); the name tells the format."""
    path = tmp_path / "in.csv"
    path.write_text('id,text\n1,"a, b"\n2,c\n', encoding="utf-8")
    with path.open("rb") as stream:
        from_stream = [item.data for item in read_records(stream) if isinstance(item, InputRecord)]
    from_path = [item.data for item in read_records(path) if isinstance(item, InputRecord)]
    assert from_stream == from_path == [{"id": "1", "text": "a, b"}, {"id": "2", "text": "c"}]


def test_a_nameless_stream_is_sniffed_or_read_in_the_format_given() -> None:
    lines = b'{"text": "a"}\n{"text": "b"}\n'
    records = [item for item in read_records(io.BytesIO(lines)) if isinstance(item, InputRecord)]
    assert [item.data for item in records] == [{"text": "a"}, {"text": "b"}]
    (item,) = read_records(io.BytesIO(b"plain words"), fmt="txt")
    assert isinstance(item, InputRecord) and item.data == {"id": "stream", "text": "plain words"}
