"""Inputs and outputs that cannot be used are usage errors (InputError, OutputError), raised at the call."""

from __future__ import annotations

from pathlib import Path

import pytest

from embedresolve.errors import InputError, OutputError, UsageError
from embedresolve.io import RecordWriter, RejectsWriter, read_records


def test_an_input_of_unknown_kind_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "data.bin").write_bytes(b"\x00")
    with pytest.raises(InputError, match="cannot tell the format of"):
        read_records(tmp_path / "data.bin")
    with pytest.raises(InputError, match="not found"):
        read_records(tmp_path / "missing.jsonl")
    assert issubclass(InputError, UsageError) and issubclass(OutputError, UsageError)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_an_output_in_a_missing_folder_is_an_output_error(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "nodir" / "sub" / f"x.{fmt}"
    with pytest.raises(OutputError, match=r"folder .*nodir/sub' does not exist"):
        RecordWriter(target, fmt)
    with pytest.raises(OutputError, match="does not exist"):
        RejectsWriter(target)
    assert not (tmp_path / "nodir").exists()


def test_an_output_that_is_a_folder_is_an_output_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write"):
        RecordWriter(tmp_path, "jsonl")


def test_a_txtdir_output_under_a_file_is_an_output_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        RecordWriter(tmp_path / "file" / "out", "txtdir")
