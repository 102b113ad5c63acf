"""The format follows the file name, in and out: every pair, compressed or not, and stdin sniffed."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
import zstandard
from typer.testing import CliRunner

from embedresolve.cli import app
from embedresolve.io import InputRecord, read_records

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "amn-kherson.jsonl"
runner = CliRunner()

# CSV and TSV values are strings, so the records are all strings: every format holds them alike.
RECORDS = [
    {"id": "1", "content": json.loads(SEED.read_text(encoding="utf-8"))["content"]},
    {"id": "2", "content": 'No embed here, just a line with a comma and a "quote".'},
]
IN_NAMES = ["in.jsonl", "in.ndjson", "in.json", "in.csv", "in.tsv", "in.jsonl.gz", "in.csv.zst"]
OUT_NAMES = ["out.jsonl", "out.ndjson", "out.json", "out.csv", "out.tsv", "out.json.gz", "out.tsv.zst"]


def encode(name: str, records: list[dict[str, str]]) -> bytes:
    base = name.removesuffix(".gz").removesuffix(".zst")
    if base.endswith((".jsonl", ".ndjson")):
        text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
    elif base.endswith(".json"):
        text = json.dumps(records, ensure_ascii=False, indent=1)
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=list(records[0]), delimiter="\t" if base.endswith(".tsv") else ","
        )
        writer.writeheader()
        writer.writerows(records)
        text = buffer.getvalue()
    raw = text.encode()
    if name.endswith(".gz"):
        return gzip.compress(raw)
    if name.endswith(".zst"):
        return zstandard.ZstdCompressor().compress(raw)
    return raw


def decode(path: Path) -> bytes:
    raw = path.read_bytes()
    if path.name.endswith(".gz"):
        return gzip.decompress(raw)
    if path.name.endswith(".zst"):
        return zstandard.ZstdDecompressor().stream_reader(io.BytesIO(raw)).read()
    return raw


def looks_like(name: str, raw: bytes) -> bool:
    """The bytes are in the format the name says (not, say, JSONL in a .csv file)."""
    base = name.removesuffix(".gz").removesuffix(".zst")
    first = raw.split(b"\n", 1)[0]
    if base.endswith(".json"):
        return raw.startswith(b"[")
    if base.endswith((".jsonl", ".ndjson")):
        return first.startswith(b"{")
    delimiter = b"\t" if base.endswith(".tsv") else b","
    return first.startswith(b"id" + delimiter + b"content")


@pytest.mark.parametrize("out_name", OUT_NAMES)
@pytest.mark.parametrize("in_name", IN_NAMES)
def test_every_format_pair_by_extension(tmp_path: Path, in_name: str, out_name: str) -> None:
    """clean IN -o OUT writes OUT's format; restore OUT -o IN-format gives the records back."""
    source = tmp_path / in_name
    source.write_bytes(encode(in_name, RECORDS))
    out = tmp_path / out_name
    result = runner.invoke(app, ["clean", str(source), "--no-resolve", "-q", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert looks_like(out_name, decode(out))
    cleaned = [item.data for item in read_records(out) if isinstance(item, InputRecord)]
    assert [len(r["embeds"]) for r in cleaned] == [1, 0]
    back = tmp_path / ("back." + in_name.split(".", 1)[1])
    result = runner.invoke(app, ["restore", str(out), "-q", "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert looks_like(in_name, decode(back))
    assert [item.data for item in read_records(back) if isinstance(item, InputRecord)] == RECORDS


def test_output_format_overrides_the_name(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(encode("in.jsonl", RECORDS))
    out = tmp_path / "out.data"
    result = runner.invoke(
        app, ["clean", str(source), "--no-resolve", "-q", "-o", str(out), "--output-format", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert looks_like("out.csv", out.read_bytes())


def test_unknown_output_extension_is_a_usage_error(tmp_path: Path) -> None:
    """-o x.out would write something restore cannot read: refused before anything is written."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(encode("in.jsonl", RECORDS))
    result = runner.invoke(app, ["clean", str(source), "--no-resolve", "-o", str(tmp_path / "x.out")])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("embedresolve: error: cannot tell the output format from ")
    assert "--output-format" in line
    assert not (tmp_path / "x.out").exists()


@pytest.mark.parametrize("name", ["in.jsonl", "in.json", "in.csv", "in.tsv"])
def test_stdin_is_sniffed(name: str) -> None:
    """JSON arrays, JSON Lines and CSV/TSV with a header come through stdin without --format."""
    args = ["clean", "-", "--no-resolve", "-q", "--output-format", "jsonl"]
    result = runner.invoke(app, args, input=encode(name, RECORDS))
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in out] == ["1", "2"]
    assert [len(r["embeds"]) for r in out] == [1, 0]


def test_stdin_that_cannot_be_told_is_one_clear_error() -> None:
    result = runner.invoke(app, ["clean", "-", "--no-resolve"], input=b"just some prose, not a table\n")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert "cannot tell the format of stdin" in line and "--format" in line
