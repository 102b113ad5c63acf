"""Which format an input is read in and an output written in, and where rejects go."""

from __future__ import annotations

from pathlib import Path

import pytest

from embedresolve.errors import InputError, UsageError
from embedresolve.io import input_format, output_format, rejects_path


@pytest.mark.parametrize(
    ("in_format", "dest", "expected"),
    [
        ("jsonl", "-", "jsonl"),
        ("csv", "out.csv", "csv"),
        ("json", "out.json", "json"),
        ("txtdir", "outdir", "txtdir"),
        ("txtdir", "-", "jsonl"),
        ("txtdir", "out.jsonl", "jsonl"),
        ("txt", "-", "jsonl"),
        ("txt", "clean.jsonl", "jsonl"),
    ],
)
def test_output_keeps_the_input_format_except_for_text_files(
    in_format: str, dest: str, expected: str
) -> None:
    assert output_format(in_format, dest) == expected


def test_rejects_go_beside_the_output_or_to_stderr() -> None:
    assert rejects_path("-") == "-"
    assert rejects_path("out.jsonl") == "out.jsonl.rejects.jsonl"
    assert rejects_path("outdir/") == "outdir.rejects.jsonl"


def test_input_format_checks_before_reading(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    assert input_format(tmp_path / "a.txt") == "txt"
    assert input_format(tmp_path) == "txtdir"
    assert input_format(tmp_path / "a.txt", "jsonl") == "jsonl"
    with pytest.raises(InputError, match="not found"):
        input_format(tmp_path / "missing.csv")
    with pytest.raises(UsageError, match="unknown input format 'xml'"):
        input_format(tmp_path / "a.txt", "xml")
