"""The command line, run in process: the seed case, every command, rejects and exit statuses."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from embedresolve.cli import app
from embedresolve.schema import RECORD_SCHEMA

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED = FIXTURES / "seed" / "amn-kherson.jsonl"
runner = CliRunner()

TWEET = (
    "russia: the people of Kherson voted in totally legitimate and legal referendum to join russian "
    "federation\n\n\n\nThe People of Kherson: pic.twitter.com/WWZTjTA7La — Saint Javelin (@saintjavelin) "
    "November 11, 2022"
)


def run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = runner.invoke(app, list(args), input=stdin)
    return result.exit_code, result.stdout


class TestSeed:
    """The seed case of issue #2: AMN, 2022-11-12, the Saint Javelin tweet."""

    def test_exactly_one_embed_with_its_facts(self) -> None:
        """One twitter embed, span from `russia:` through `2022`, author, date and link."""
        code, out = run("clean", str(SEED), "--no-resolve")
        assert code == 0
        record = json.loads(out)
        original = json.loads(SEED.read_text(encoding="utf-8"))["content"]
        (embed,) = record["embeds"]
        start, end = embed["span"]
        assert original[start:end] == TWEET
        assert embed["platform"] == "twitter"
        assert embed["author"] == {"name": "Saint Javelin", "handle": "saintjavelin"}
        assert embed["date"] == "2022-11-11"
        assert embed["links"] == ["pic.twitter.com/WWZTjTA7La"]
        assert embed["resolution"]["status"] == "skipped"

    def test_clean_body_keeps_both_neighbours_one_break_apart(self) -> None:
        code, out = run("clean", str(SEED), "--no-resolve")
        assert code == 0
        body = json.loads(out)["content"]
        assert "he told AFP.\n\nKyiv’s defence ministry had said" in body
        assert "saintjavelin" not in body and "\n\n\n" not in body

    def test_restore_gives_the_original(self, tmp_path: Path) -> None:
        cleaned = tmp_path / "clean.jsonl"
        assert run("clean", str(SEED), "--no-resolve", "-o", str(cleaned))[0] == 0
        restored = tmp_path / "restored.jsonl"
        assert run("restore", str(cleaned), "-o", str(restored))[0] == 0
        assert restored.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")
        quiet = tmp_path / "quiet.jsonl"
        assert run("restore", str(cleaned), "-o", str(quiet), "-q")[0] == 0  # -q as for clean
        assert quiet.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")

    def test_output_validates_against_the_schema(self) -> None:
        code, out = run("clean", str(SEED), "--no-resolve")
        assert code == 0
        jsonschema.validate(json.loads(out), RECORD_SCHEMA)

    def test_cleaning_a_clean_record_changes_nothing(self, tmp_path: Path) -> None:
        """Idempotent: the second pass finds the same embed and the same body."""
        once = tmp_path / "once.jsonl"
        twice = tmp_path / "twice.jsonl"
        run("clean", str(SEED), "--no-resolve", "-o", str(once))
        run("clean", str(once), "--no-resolve", "-o", str(twice))
        first, second = (json.loads(p.read_text()) for p in (once, twice))
        first["embedresolve"].pop("processed_at")
        second["embedresolve"].pop("processed_at")
        assert first == second


def test_scan_prints_one_line_per_embed() -> None:
    code, out = run("scan", str(SEED))
    assert code == 0
    (line,) = out.splitlines()
    row = json.loads(line)
    assert row["record"] == 0 and row["id"] == "amn-2022-11-12-kherson"
    assert row["embed"]["author"]["handle"] == "saintjavelin"


def test_schema_is_valid_json_schema() -> None:
    code, out = run("schema")
    assert code == 0
    jsonschema.Draft202012Validator.check_schema(json.loads(out))


def test_stdin_to_stdout() -> None:
    code, out = run("clean", "-", "--no-resolve", stdin=SEED.read_text(encoding="utf-8"))
    assert code == 0 and len(json.loads(out)["embeds"]) == 1


def test_every_field_passes_through_in_order() -> None:
    record = {
        "zeta": 1,
        "text": "Hello.\n\nA post — Ann (@ann) May 1, 2020",
        "alpha": [1, {"b": None}],
        "id": 7,
    }
    code, out = run("clean", "-", "--no-resolve", stdin=json.dumps(record) + "\n")
    assert code == 0
    result = json.loads(out)
    assert list(result)[:4] == ["zeta", "text", "alpha", "id"]
    assert result["alpha"] == [1, {"b": None}] and result["id"] == 7
    assert result["text"] == "Hello."


def test_named_field() -> None:
    record = {"content": "no embed here", "story": "Hi. A post — Ann (@ann) May 1, 2020"}
    code, out = run("clean", "-", "--no-resolve", "--field", "story", stdin=json.dumps(record))
    assert code == 0
    assert json.loads(out)["embeds"][0]["field"] == "story"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"content": "ok", ', "bad_json"),
        ('{"title": "no text field"}', "missing_field"),
        ('{"content": 42}', "not_a_string"),
        ('{"content": null}', "not_a_string"),
        ('{"content": "x", "embeds": []}', "reserved_field"),
        ("[1, 2]", "not_an_object"),
    ],
)
def test_bad_record_goes_to_rejects_and_the_run_goes_on(tmp_path: Path, line: str, reason: str) -> None:
    """Exit 1; the good records before and after come out; the reject keeps its line and reason."""
    good = json.dumps({"content": "Fine. A post — Ann (@ann) May 1, 2020"})
    source = tmp_path / "in.jsonl"
    source.write_text(f"{good}\n{line}\n{good}\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code, _ = run("clean", str(source), "-o", str(out), "--no-resolve")
    assert code == 1
    assert len(out.read_text().splitlines()) == 2
    (reject,) = [json.loads(x) for x in Path(f"{out}.rejects.jsonl").read_text().splitlines()]
    assert reject["reason"] == reason
    assert reject["original"] == line
    assert reject["index"] == 1


def test_undecodable_bytes_are_rejected(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(b'{"content": "ok"}\n{"content": "caf\xe9"}\n')
    out = tmp_path / "out.jsonl"
    code, _ = run("clean", str(source), "-o", str(out), "--no-resolve")
    assert code == 1
    (reject,) = [json.loads(x) for x in Path(f"{out}.rejects.jsonl").read_text().splitlines()]
    assert reject["reason"] == "undecodable"


def test_oversize_record_is_rejected(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"content": "x" * 5000}) + "\n" + json.dumps({"content": "y"}) + "\n")
    out = tmp_path / "out.jsonl"
    code, _ = run("clean", str(source), "-o", str(out), "--no-resolve", "--max-record-bytes", "1000")
    assert code == 1
    assert len(out.read_text().splitlines()) == 1
    (reject,) = [json.loads(x) for x in Path(f"{out}.rejects.jsonl").read_text().splitlines()]
    assert reject["reason"] == "oversize"


def test_restore_rejects_tampered_records(tmp_path: Path) -> None:
    """A cleaned record edited so its embeds no longer fit is rejected, not mangled."""
    _, out = run("clean", str(SEED), "--no-resolve")
    record = json.loads(out)
    record["content"] = record["content"][:100]
    source = tmp_path / "tampered.jsonl"
    source.write_text(json.dumps(record) + "\n")
    code, _ = run("restore", str(source), "-o", str(tmp_path / "r.jsonl"))
    assert code == 1


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_json_and_csv_round_trip(tmp_path: Path, fmt: str) -> None:
    rows = [{"id": "1", "text": "Hi. A post — Ann (@ann) May 1, 2020"}, {"id": "2", "text": "Plain."}]
    source = tmp_path / f"in.{fmt}"
    if fmt == "json":
        source.write_text(json.dumps(rows))
    else:
        source.write_text("id,text\n" + "".join(f'{r["id"]},"{r["text"]}"\n' for r in rows))
    cleaned, restored = tmp_path / f"clean.{fmt}", tmp_path / f"restored.{fmt}"
    assert run("clean", str(source), "-o", str(cleaned), "--no-resolve")[0] == 0
    assert run("restore", str(cleaned), "-o", str(restored))[0] == 0
    if fmt == "json":
        assert json.loads(restored.read_text()) == rows
    else:  # the csv module re-quotes only where needed: compare the rows
        with restored.open(newline="") as f:
            assert list(csv.DictReader(f)) == rows


def test_folder_of_text_files(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Hi. A post — Ann (@ann) May 1, 2020\n\nBye.", encoding="utf-8")
    (folder / "b.txt").write_text("Nothing here.", encoding="utf-8")
    code, out = run("scan", str(folder))
    assert code == 0
    (row,) = [json.loads(x) for x in out.splitlines()]
    assert row["id"] == "a.txt"


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run("clean", str(tmp_path / "missing.jsonl"))[0] == 2
    assert run("clean", str(SEED), "--format", "xml")[0] == 2
    assert run("nonsense")[0] == 2


def test_every_command_has_help() -> None:
    for command in ("scan", "clean", "restore", "schema"):
        code, out = run(command, "--help")
        assert code == 0 and "Usage" in out
