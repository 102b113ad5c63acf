"""Output safe by construction: never the input emptied, never a half-written OUT."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from typer.testing import CliRunner

from embedresolve.cli import app

from .helpers import corpus_lines, without_time, write_lines

runner = CliRunner()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return write_lines(tmp_path / "in.jsonl", corpus_lines(60))


def _clean(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["clean", *args, "--no-resolve", "-q"])
    return result.exit_code, result.stderr


@pytest.mark.parametrize("via_link", [False, True])
def test_output_that_is_the_input_is_a_usage_error(source: Path, via_link: bool) -> None:
    before = source.read_bytes()
    output = source
    if via_link:
        output = source.with_name("link.jsonl")
        output.symlink_to(source)
    code, stderr = _clean(str(source), "-o", str(output))
    assert code == 2
    (line,) = stderr.splitlines()
    assert "is the input file" in line and "--in-place" in line
    assert source.read_bytes() == before


def test_rejects_file_that_is_the_input_is_a_usage_error(source: Path) -> None:
    before = source.read_bytes()
    code, stderr = _clean(str(source), "-o", str(source.with_name("o.jsonl")), "--rejects", str(source))
    assert code == 2 and "rejects file" in stderr
    assert source.read_bytes() == before


def test_in_place_replaces_the_input_with_what_a_normal_run_writes(source: Path, tmp_path: Path) -> None:
    expected = tmp_path / "expected.jsonl"
    assert _clean(str(source), "-o", str(expected))[0] == 1  # the corpus has rejects
    code, _ = _clean(str(source), "--in-place", "--rejects", str(tmp_path / "r.jsonl"))
    assert code == 1
    assert without_time(source.read_text(encoding="utf-8")) == without_time(
        expected.read_text(encoding="utf-8")
    )
    assert not list(tmp_path.glob("*.partial")) and not list(tmp_path.glob("*.journal"))


def test_in_place_with_another_output_is_a_usage_error(source: Path, tmp_path: Path) -> None:
    code, stderr = _clean(str(source), "--in-place", "-o", str(tmp_path / "other.jsonl"))
    assert code == 2 and "--in-place" in stderr


def test_a_finished_run_leaves_only_its_output_and_rejects(source: Path, tmp_path: Path) -> None:
    output = tmp_path / "out" / "clean.jsonl"
    output.parent.mkdir()
    assert _clean(str(source), "-o", str(output))[0] == 1
    assert sorted(p.name for p in output.parent.iterdir()) == ["clean.jsonl", "clean.jsonl.rejects.jsonl"]


def test_gzip_output_is_one_valid_stream_of_commits(source: Path, tmp_path: Path) -> None:
    plain, packed = tmp_path / "a.jsonl", tmp_path / "a2.jsonl.gz"
    assert _clean(str(source), "-o", str(plain))[0] == 1
    assert _clean(str(source), "-o", str(packed))[0] == 1
    text = gzip.decompress(packed.read_bytes()).decode("utf-8")
    assert without_time(text) == without_time(plain.read_text(encoding="utf-8"))
