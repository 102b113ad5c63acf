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


def test_csv_undecodable_row_is_one_reject_and_reading_goes_on(tmp_path: Path) -> None:
    """A row that is not UTF-8 is rejected with its line; the rows after it are read."""
    path = tmp_path / "in.csv"
    path.write_bytes(b"id,text\n1,a\n2,caf\xe9\n3,c\n")
    items = read_all(path)
    assert reasons(items) == ["ok", "undecodable", "ok"]
    assert items[1].original == "2,caf\\xe9\n"
    assert items[1].message == "in.csv row 2 (line 3): not UTF-8 (byte 5: invalid continuation byte)"
    assert items[2].data == {"id": "3", "text": "c"}


def test_csv_oversize_rows_keep_where_they_are(tmp_path: Path) -> None:
    """A row over the limit is one reject pointing at its bytes; the next row is read."""
    path = tmp_path / "in.csv"
    body = '1,"' + "word\n" * 30 + '"\n'
    path.write_text("id,text\n" + body + "2,b\n")
    items = read_all(path, max_record_bytes=100)
    assert reasons(items) == ["oversize", "ok"]
    assert items[0].source is not None
    assert items[0].source.to_dict() == {"file": str(path), "offset": 8, "length": len(body)}
    raw = path.read_bytes()
    assert raw[8 : 8 + len(body)] == body.encode()
    path.write_text("id,text\n1," + "x" * 300 + "\n2,b\n")
    items = read_all(path, max_record_bytes=100)
    assert reasons(items) == ["oversize", "ok"]
    assert items[0].to_dict()["source"] == {"file": str(path), "offset": 8, "length": 303}


def test_csv_oversize_line_with_quotes_split_across_reads(tmp_path: Path) -> None:
    """Quotes in an over-long line are still followed, so the next row starts where it should."""
    path = tmp_path / "in.csv"
    path.write_text('id,text\n1,"' + 'a""b' * 40_000 + '\nmore"\n2,b\n')
    assert reasons(read_all(path, max_record_bytes=1000)) == ["oversize", "ok"]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ('2,"never closed\n', "a quote opened on line 3 may never close"),
        ('2,"closed" then text\n', "broken quoting: ',' expected after '\"'"),
        ("2,nul\x00here\n", "a NUL character at column 6"),
    ],
)
def test_csv_damaged_row_is_one_reject_and_the_next_rows_are_read(
    tmp_path: Path, row: str, problem: str
) -> None:
    """A broken quote or a NUL rejects its row with the line and reason; no row is merged."""
    path = tmp_path / "in.csv"
    path.write_text("id,text\n1,a\n" + row + "3,c\n4,d\n")
    items = read_all(path)
    assert reasons(items) == ["ok", "bad_csv", "ok", "ok"]
    assert items[1].message.startswith("in.csv row 2 (line 3): ")
    assert problem in items[1].message
    assert data_of(items)[1:] == [{"id": "3", "text": "c"}, {"id": "4", "text": "d"}]


def test_csv_stray_quote_inside_a_value_is_text(tmp_path: Path) -> None:
    """A quote in the middle of an unquoted value is a character, as csv reads it: no merge."""
    path = tmp_path / "in.csv"
    path.write_text('id,text,src\n1,he said "hi,web\n2,b,web\n')
    assert data_of(read_all(path)) == [
        {"id": "1", "text": 'he said "hi', "src": "web"},
        {"id": "2", "text": "b", "src": "web"},
    ]


def test_tsv_is_read_by_its_name(tmp_path: Path) -> None:
    path = tmp_path / "in.tsv"
    path.write_text('id\ttext\n1\t"a, b"\n2\tc\td\n')
    items = read_all(path)
    assert reasons(items) == ["ok", "bad_csv"]
    assert items[0].data == {"id": "1", "text": "a, b"}


def test_csv_duplicate_header_is_rejected(tmp_path: Path) -> None:
    """Repeated column names would lose values, so the file is one bad_csv reject."""
    path = tmp_path / "in.csv"
    path.write_text("id,text,text\n1,a,b\n")
    assert reasons(read_all(path)) == ["bad_csv"]
