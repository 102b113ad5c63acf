"""restore --exact gives back the input file byte for byte, one test per file style; plain restore the values."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from embedresolve.cli import app
from embedresolve.io import InputRecord, read_records

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "amn-kherson.jsonl"
ARTICLE = json.loads(SEED.read_text(encoding="utf-8"))["content"]  # one tweet to cut out
RECORDS = [
    {"id": 1, "content": ARTICLE, "lang": "en", "score": 0.5},
    {"id": 2, "content": "Café prose, no embed — “quoted”.", "lang": "fr", "score": 2.0},
]
runner = CliRunner()


def jsonl(records: list[dict], end: str = "\n", **kw: object) -> str:
    return "".join(json.dumps(r, **kw) + end for r in records)  # type: ignore[arg-type]


def table(records: list[dict], delimiter: str, end: str) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]), delimiter=delimiter, lineterminator=end)
    writer.writeheader()
    writer.writerows({k: str(v) for k, v in r.items()} for r in records)
    return buffer.getvalue()


STYLES = {
    "ascii_escapes.jsonl": jsonl(RECORDS),  # Python's default: \u00e9, \u2014
    "utf8.jsonl": jsonl(RECORDS, ensure_ascii=False),
    "compact.jsonl": jsonl(RECORDS, separators=(",", ":")),
    "crlf.jsonl": jsonl(RECORDS, "\r\n", ensure_ascii=False),
    "bom.jsonl": "\ufeff" + jsonl(RECORDS, ensure_ascii=False),
    "blank_lines_no_final_newline.jsonl": "\n" + jsonl(RECORDS[:1], "\n\n") + json.dumps(RECORDS[1]),
    "number_spellings.jsonl": jsonl(RECORDS, ensure_ascii=False)
    .replace('"score": 0.5', '"score": 0.50')
    .replace('"score": 2.0', '"score": 2E0'),
    "php_slashes.jsonl": jsonl([{**RECORDS[1], "url": "https://example.org/a"}]).replace("/", "\\/"),
    "pretty_array.json": json.dumps(RECORDS, indent=2) + "\n",
    "compact_array.json": json.dumps(RECORDS, separators=(",", ":")),
    "one_object.json": json.dumps(RECORDS[0], ensure_ascii=False),
    "lf.csv": table(RECORDS, ",", "\n"),
    "crlf_bom.csv": "\ufeff" + table(RECORDS, ",", "\r\n"),
    "tabs.tsv": table(RECORDS, "\t", "\n"),
}


@pytest.mark.parametrize("name", list(STYLES))
def test_restore_exact_gives_back_the_file_byte_for_byte(tmp_path: Path, name: str) -> None:
    source = tmp_path / name
    source.write_bytes(STYLES[name].encode())
    cleaned = tmp_path / ("cleaned." + name.rsplit(".", 1)[1])
    assert runner.invoke(app, ["clean", str(source), "--no-resolve", "-q", "-o", str(cleaned)]).exit_code == 0
    records = [item.data for item in read_records(cleaned) if isinstance(item, InputRecord)]
    assert sum(len(r["embeds"]) for r in records) == (
        1 if "content" in STYLES[name] and "Saint" in STYLES[name] else 0
    )
    back = tmp_path / ("back." + name.rsplit(".", 1)[1])
    result = runner.invoke(app, ["restore", str(cleaned), "--exact", "-q", "-o", str(back)])
    assert result.exit_code == 0, result.output
    assert back.read_bytes() == source.read_bytes()
    assert not Path(f"{back}.rejects.jsonl").exists() and not Path(f"{cleaned}.rejects.jsonl").exists()


def test_plain_restore_gives_the_values_not_the_spelling(tmp_path: Path) -> None:
    """Without --exact: the same records (values equal), written as embedresolve writes JSONL."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(STYLES["ascii_escapes.jsonl"].encode())
    cleaned, back = tmp_path / "c.jsonl", tmp_path / "b.jsonl"
    runner.invoke(app, ["clean", str(source), "--no-resolve", "-q", "-o", str(cleaned)])
    assert runner.invoke(app, ["restore", str(cleaned), "-q", "-o", str(back)]).exit_code == 0
    assert back.read_text(encoding="utf-8") == jsonl(RECORDS, ensure_ascii=False)
    assert back.read_bytes() != source.read_bytes()


def test_exact_through_another_format(tmp_path: Path) -> None:
    """JSONL cleaned to CSV comes back exactly as JSONL, and refuses to come back as CSV."""
    source = tmp_path / "in.jsonl"
    source.write_bytes(STYLES["crlf.jsonl"].encode())
    cleaned = tmp_path / "c.csv"
    runner.invoke(app, ["clean", str(source), "--no-resolve", "-q", "-o", str(cleaned)])
    back = tmp_path / "b.jsonl"
    assert runner.invoke(app, ["restore", str(cleaned), "--exact", "-q", "-o", str(back)]).exit_code == 0
    assert back.read_bytes() == source.read_bytes()
    result = runner.invoke(app, ["restore", str(cleaned), "--exact", "-q", "-o", str(tmp_path / "b.csv")])
    assert result.exit_code == 2
    assert "read from jsonl" in result.stderr


def test_duplicate_keys_are_rejected_with_the_reason(tmp_path: Path) -> None:
    """A record with a repeated key cannot be cleaned without dropping a value: a reject says so."""
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "content": "a", "content": "b"}\n{"id": 2, "content": "c"}\n')
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["clean", str(source), "--no-resolve", "-q", "-o", str(out)]).exit_code == 1
    (reject,) = [json.loads(line) for line in Path(f"{out}.rejects.jsonl").read_text().splitlines()]
    assert reject["reason"] == "bad_json" and "duplicate key 'content'" in reject["message"]


def test_folder_restore_leaves_only_the_original_files(tmp_path: Path) -> None:
    """No .embeds.json sidecars and no rejects file: diff -r finds nothing."""
    source = tmp_path / "articles"
    (source / "sub").mkdir(parents=True)
    (source / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (source / "sub" / "b.html").write_bytes(b"<p>plain\r\npage</p>\n")
    cleaned, back = tmp_path / "cleaned", tmp_path / "back"
    assert runner.invoke(app, ["clean", str(source), "--no-resolve", "-q", "-o", str(cleaned)]).exit_code == 0
    assert runner.invoke(app, ["restore", str(cleaned), "-q", "-o", str(back)]).exit_code == 0
    files = sorted(p.relative_to(back).as_posix() for p in back.rglob("*") if p.is_file())
    assert files == ["a.txt", "sub/b.html"]
    assert all((back / f).read_bytes() == (source / f).read_bytes() for f in files)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "back", "cleaned"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "php.jsonl",
            jsonl([{**RECORDS[1], "url": "https://example.org/a"}], separators=(",", ":")).replace(
                "/", "\\/"
            ),
        ),
        ("pretty.json", json.dumps(RECORDS, indent=2, ensure_ascii=False) + "\n"),
        ("python.jsonl", jsonl(RECORDS)),
    ],
)
def test_common_serialisers_cost_a_style_name_not_the_text(tmp_path: Path, name: str, text: str) -> None:
    """PHP's json_encode, json.dump(indent=2) and Python's default are recognised: no text is kept."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    cleaned = tmp_path / ("c." + name.rsplit(".", 1)[1])
    assert runner.invoke(app, ["clean", str(source), "--no-resolve", "-q", "-o", str(cleaned)]).exit_code == 0
    layouts = [
        i.data["embedresolve"].get("layout", {}) for i in read_records(cleaned) if isinstance(i, InputRecord)
    ]
    assert all("text" not in layout and "style" in layout for layout in layouts)
    back = tmp_path / ("b." + name.rsplit(".", 1)[1])
    assert runner.invoke(app, ["restore", str(cleaned), "--exact", "-q", "-o", str(back)]).exit_code == 0
    assert back.read_bytes() == source.read_bytes()
