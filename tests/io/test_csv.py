"""The CSV reader: quoting, ragged and oversize rows, undecodable input, the reserved columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from embedresolve.errors import RecordError
from embedresolve.io import Reject, decode_csv_json_columns
from tests.io.helpers import data_of, read_all, reasons


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
