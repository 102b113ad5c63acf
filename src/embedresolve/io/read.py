"""``read_records``: any input (a path, a folder, ``-`` for stdin) to records."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from embedresolve.errors import InputError, UsageError
from embedresolve.io.formats import FORMATS, READERS, TXTDIR
from embedresolve.io.readers.text_files import read_txtdir
from embedresolve.io.records import DEFAULT_MAX_RECORD_BYTES, InputRecord, Reject
from embedresolve.io.sniff import classify, detect_format, first_content_line
from embedresolve.io.streams import Lines, Replay, open_binary, until_corrupt


def read_records(
    source: str | Path,
    *,
    fmt: str | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[InputRecord | Reject]:
    """Stream the records of a file, a folder or stdin (``-``), in order.

    Checks the arguments now (raising UsageError) and reads lazily: nothing is
    read from the input until the first record is asked for. Records that
    cannot be parsed come out as :class:`Reject` at their place in the stream.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if str(source) == "-":
        if fmt == TXTDIR:
            raise UsageError("a txtdir input is a directory; it cannot come from stdin")
        stream: Lines = stdin if stdin is not None else sys.stdin.buffer
        return _read_stream(stream, fmt, max_record_bytes, "stdin")
    path = Path(source)
    if not path.exists():
        raise InputError(f"input not found: {str(path)!r}")
    fmt = fmt or detect_format(path)
    if path.is_dir() != (fmt == TXTDIR):
        raise InputError(f"{str(path)!r}: only a txtdir input is a directory")
    if fmt == TXTDIR:
        return read_txtdir(path, max_record_bytes)
    return _read_file(path, fmt, max_record_bytes)


def _read_stream(stream: Lines, fmt: str | None, limit: int, name: str) -> Iterator[InputRecord | Reject]:
    if fmt is None:
        consumed, line, complete = first_content_line(stream)
        fmt = classify(line, complete)
        stream = Replay(b"".join(consumed), stream)
    yield from until_corrupt(READERS[fmt](stream, limit, name), name)


def _read_file(path: Path, fmt: str, limit: int) -> Iterator[InputRecord | Reject]:
    with open_binary(path) as stream:
        yield from until_corrupt(READERS[fmt](stream, limit, path.name), path.name)
