"""The record formats by name: the file names they go by and the reader of each.

Adding a format is a reader module under ``readers/``, a line in ``READERS``
and its suffixes in ``SUFFIXES`` (and a writer in :mod:`embedresolve.io.writers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from embedresolve.io.readers.csv import read_csv
from embedresolve.io.readers.json_array import read_json
from embedresolve.io.readers.jsonl import read_jsonl
from embedresolve.io.readers.text_files import read_text
from embedresolve.io.records import InputRecord, Reject
from embedresolve.io.streams import Lines, without_compression

Reader = Callable[[Lines, int, str], Iterator[InputRecord | Reject]]
"""``(stream, max_record_bytes, name) → records``: see :mod:`embedresolve.io.readers`."""

TXTDIR = "txtdir"  # a folder of text files: read from the file system, not from one stream
READERS: dict[str, Reader] = {"jsonl": read_jsonl, "json": read_json, "csv": read_csv, "txt": read_text}
FORMATS = ("jsonl", "json", "csv", TXTDIR, "txt")
SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jl": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".txt": "txt",
    ".html": "txt",
    ".htm": "txt",
}


def output_format(input_format: str, dest: str | Path) -> str:
    """The format to write: the input's, except that text files give a folder or JSON Lines.

    A folder of text files gives a folder again when ``dest`` is a name without
    a suffix; written to ``-`` or to a file name, it becomes JSON Lines, as does
    a single text file.
    """
    if input_format == TXTDIR:
        return TXTDIR if str(dest) != "-" and not Path(dest).suffix else "jsonl"
    return "jsonl" if input_format == "txt" else input_format


def suffix_format(path: str | Path) -> str | None:
    """The format a file name says (``.gz`` looked through), or None."""
    name = without_compression(Path(path).name.lower())
    return SUFFIXES.get(PurePosixPath(name).suffix)
