"""The record formats by name: the file names they go by and the reader of each.

Adding a format is a reader module under ``readers/``, a line in ``READERS``
and its suffixes in ``SUFFIXES`` (and a writer in :mod:`embedresolve.io.writers`).
Parquet is read from files (seekable), not a line stream, so it is not in
``READERS``: :mod:`embedresolve.io.read` opens it itself.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath

from embedresolve.errors import UsageError
from embedresolve.io.readers.csv import read_csv
from embedresolve.io.readers.json_array import read_json
from embedresolve.io.readers.jsonl import read_jsonl
from embedresolve.io.readers.text_files import read_text
from embedresolve.io.records import InputRecord, Reject
from embedresolve.io.streams import COMPRESSED_SUFFIXES, Lines, without_compression

Reader = Callable[[Lines, int, str], Iterator[InputRecord | Reject]]
"""``(stream, max_record_bytes, name) → records``: see :mod:`embedresolve.io.readers`."""

TXTDIR = "txtdir"  # a folder of text files: read from the file system, not from one stream
PARQUET = "parquet"  # a Parquet file or a folder of them, read by record batch (embedresolve[parquet])
READERS: dict[str, Reader] = {
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "tsv": functools.partial(read_csv, delimiter="\t"),
    "txt": read_text,
}
FORMATS = ("jsonl", "json", "csv", "tsv", PARQUET, TXTDIR, "txt")
SUFFIXES = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jl": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "tsv",
    ".parquet": PARQUET,
    ".txt": "txt",
    ".html": "txt",
    ".htm": "txt",
}
RECORD_FILE_SUFFIXES = tuple(suffix for suffix, fmt in SUFFIXES.items() if fmt != "txt")
"""The names an output file may have: a single ``.txt`` file holds one text, not records."""


def check_format(fmt: str, formats: tuple[str, ...], what: str) -> str:
    if fmt not in formats:
        raise UsageError(f"unknown {what} format {fmt!r}; expected one of {', '.join(formats)}")
    return fmt


def output_format(input_format: str, dest: str | Path, requested: str | None = None) -> str:
    """The format to write: ``requested``, else the one ``dest``'s name says, else the input's.

    ``-`` and a name without a suffix keep the input's format, except that text
    files give a folder again when ``dest`` is such a name, and JSON Lines on
    stdout, as do a single text file and Parquet (binary) written to ``-``. A
    suffix the formats do not know (``x.out``) is a UsageError, not a guess.
    """
    if requested is not None:
        return requested
    if str(dest) != "-" and Path(dest).suffix:
        fmt = suffix_format(dest)
        if fmt is None or fmt == "txt":
            raise UsageError(
                f"cannot tell the output format from {str(dest)!r}: name it "
                f"{', '.join(RECORD_FILE_SUFFIXES)} (optionally {' or '.join(COMPRESSED_SUFFIXES)}), "
                f"a folder without a suffix, or use --output-format"
            )
        return fmt
    if input_format == TXTDIR:
        return TXTDIR if str(dest) != "-" else "jsonl"
    if input_format == "txt" or (input_format == PARQUET and str(dest) == "-"):
        return "jsonl"
    return input_format


def suffix_format(path: str | Path) -> str | None:
    """The format a file name says (``.gz``/``.zst`` looked through), or None."""
    name = without_compression(Path(path).name.lower())
    return SUFFIXES.get(PurePosixPath(name).suffix)
