"""One error boundary: every bad call exits 2 with one line on stderr and no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from embedresolve.cli import app

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "amn-kherson.jsonl"
runner = CliRunner()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A working folder with the inputs the bad calls name."""
    (tmp_path / "article.txt").write_text(
        "Hello.\n\nA post — Ann (@ann) May 1, 2020\n\nBye.", encoding="utf-8"
    )
    (tmp_path / "binary.bin").write_bytes(bytes(range(256)))
    (tmp_path / "hostname").write_text("myhost\n")
    (tmp_path / "x.out").write_text('{"content": "x"}\n')
    return tmp_path


BAD_CALLS = {
    "input format unknown": (
        ["clean", "binary.bin", "--no-resolve"],
        "cannot tell the format of 'binary.bin'",
    ),
    "input without a suffix": (["scan", "hostname"], "cannot tell the format of 'hostname'"),
    "restore of an unknown kind": (["restore", "x.out"], "cannot tell the format of 'x.out'"),
    "output folder missing": (
        ["clean", str(SEED), "--no-resolve", "-o", "nodir/sub/x.jsonl"],
        "cannot write 'nodir/sub/x.jsonl': folder 'nodir/sub' does not exist",
    ),
    "input missing": (["clean", "missing.jsonl", "--no-resolve"], "input not found: 'missing.jsonl'"),
    "format unknown": (["clean", str(SEED), "--format", "xml"], "unknown input format 'xml'"),
    "restore to a missing folder": (
        ["restore", str(SEED), "-o", "nodir/x.jsonl"],
        "folder 'nodir' does not exist",
    ),
    "resolve target not a post": (["resolve", "not a post", "--no-cache"], "neither a post URL"),
    "archive missing": (
        ["clean", "article.txt", "--archive", "nope.warc", "--offline", "--no-cache"],
        "--archive: no such file or folder: nope.warc",
    ),
    "source unknown": (
        ["clean", "article.txt", "--sources", "tco,bogus", "--no-cache"],
        "unknown source(s) bogus",
    ),
}


PARSE_ERRORS = {
    "unknown option": (
        ["clean", str(SEED), "--bogus"],
        "No such option: --bogus (see 'embedresolve clean --help')",
    ),
    "unknown command": (["nosuch"], "No such command 'nosuch'. (see 'embedresolve --help')"),
    "missing argument": (["clean"], "Missing argument 'IN'."),
    "bad value": (["clean", str(SEED), "--workers", "many"], "Invalid value for '--workers'"),
}


@pytest.mark.parametrize("case", PARSE_ERRORS)
def test_parse_error_is_one_line_and_status_2(case: str) -> None:
    """click's own errors read like ours: one line naming the problem, and where help is."""
    args, message = PARSE_ERRORS[case]
    result = runner.invoke(app, args, prog_name="embedresolve")
    assert result.exit_code == 2, result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("embedresolve: error: ") and message in line, line


def test_no_arguments_still_show_the_help() -> None:
    result = runner.invoke(app, [], prog_name="embedresolve")
    assert "Usage: embedresolve" in result.output and "clean" in result.output


@pytest.mark.parametrize("case", BAD_CALLS)
def test_bad_call_is_one_line_and_status_2(files: Path, monkeypatch: pytest.MonkeyPatch, case: str) -> None:
    args, message = BAD_CALLS[case]
    monkeypatch.chdir(files)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    (line,) = result.stderr.splitlines()
    assert line.startswith("embedresolve: error: ") and message in line
    assert result.stdout == ""
    assert not (files / "nodir").exists()


def test_bad_calls_in_a_real_process_print_no_traceback(files: Path) -> None:
    """The installed command, as a user runs it: one stderr line, status 2, for each bad call."""
    script = "from embedresolve.cli import app; app(prog_name='embedresolve')"
    for case in (
        "input format unknown",
        "input without a suffix",
        "restore of an unknown kind",
        "output folder missing",
    ):
        args, message = BAD_CALLS[case]
        done = subprocess.run(
            [sys.executable, "-c", script, *args], cwd=files, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 2, (case, done.stderr)
        assert "Traceback" not in done.stderr
        (line,) = done.stderr.splitlines()
        assert message in line, case


def test_a_single_text_file_is_one_record(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`clean article.txt` just works: one record {"id": "article.txt", "text": …}, written as JSONL."""
    monkeypatch.chdir(files)
    result = runner.invoke(app, ["clean", "article.txt", "--no-resolve", "-q"])
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    record = json.loads(line)
    assert record["id"] == "article.txt"
    assert record["text"] == "Hello.\n\nBye."
    assert [embed["author"]["handle"] for embed in record["embeds"]] == ["ann"]
    assert result.stderr == ""


def test_a_single_html_file_is_one_record(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<p>Text</p><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>', encoding="utf-8"
    )
    result = runner.invoke(app, ["scan", str(page)])
    assert result.exit_code == 0, result.stderr
    (line,) = result.stdout.splitlines()
    row = json.loads(line)
    assert row["id"] == "page.html" and row["embed"]["platform"] == "youtube"


def test_a_record_the_output_cannot_hold_stops_the_run_with_one_line_and_status_1(tmp_path: Path) -> None:
    """Not a usage error: the run started and a record (its id from a sidecar) cannot be written."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Plain.", encoding="utf-8")
    (folder / "a.txt.embeds.json").write_text('{"id": "../escape.txt"}', encoding="utf-8")
    result = runner.invoke(app, ["clean", str(folder), "--no-resolve", "-q", "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("embedresolve: error: id '../escape.txt' is not a relative path")
    assert not (tmp_path / "escape.txt").exists()


def test_an_output_that_a_record_cannot_be_written_into_is_a_usage_error(tmp_path: Path) -> None:
    """Two records whose ids need 'a' as both a file and a folder: the second cannot be written."""
    folder = tmp_path / "in"
    (folder / "a.txt").mkdir(parents=True)
    (folder / "a.txt" / "b.txt").write_text("Inner.", encoding="utf-8")
    (folder / "c.txt").write_text("Outer.", encoding="utf-8")
    (folder / "c.txt.embeds.json").write_text('{"id": "a.txt/b.txt/c.txt"}', encoding="utf-8")
    result = runner.invoke(app, ["clean", str(folder), "--no-resolve", "-q", "-o", str(tmp_path / "out")])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("embedresolve: error: cannot write") and "a.txt/b.txt/c.txt" in line
