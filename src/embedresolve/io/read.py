"""``read_records``: any input (a path, a folder, ``-`` for stdin, a binary file object) to records."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from embedresolve.errors import InputError, UsageError
from embedresolve.io.formats import FORMATS, PARQUET, READERS, TXTDIR, suffix_format
from embedresolve.io.readers.parquet import read_parquet
from embedresolve.io.readers.text_files import read_txtdir
from embedresolve.io.records import DEFAULT_MAX_RECORD_BYTES, InputRecord, Reject
from embedresolve.io.sniff import classify, detect_format, first_content_line
from embedresolve.io.streams import Lines, Replay, open_counted, until_corrupt


def read_records(
    source: str | Path | Lines,
    *,
    fmt: str | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    stdin: BinaryIO | None = None,
    on_read: Callable[[int], None] | None = None,
) -> Iterator[InputRecord | Reject]:
    """Stream the records of a file, a folder, stdin (``-``) or a binary file object, in order.

    Checks the arguments now (raising UsageError) and reads lazily: nothing is
    read from the input until the first record is asked for. Records that
    cannot be parsed come out as :class:`Reject` at their place in the stream.
    Without ``fmt``, a file object's format comes from its ``name`` when that
    tells; stdin and other streams are JSON or JSON Lines, told apart by their
    first line. ``on_read``, if given, is called after each record from a
    file with the bytes of the file read so far (compressed bytes for
    ``.gz``/``.zst``), for progress against the file's size.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if not isinstance(source, (str, Path)) or str(source) == "-":
        if fmt in (TXTDIR, PARQUET):
            raise UsageError(f"a {fmt} input is read from files or a directory; it cannot come from a stream")
        if isinstance(source, (str, Path)):
            return _read_stream(
                stdin if stdin is not None else sys.stdin.buffer, fmt, max_record_bytes, "stdin"
            )
        name = _stream_name(source)
        return _read_stream(source, fmt or suffix_format(name), max_record_bytes, name)
    path = Path(source)
    fmt = input_format(path, fmt)
    if (path.is_dir() and fmt not in (TXTDIR, PARQUET)) or (fmt == TXTDIR and not path.is_dir()):
        raise InputError(f"{str(path)!r}: only a txtdir or parquet input is a directory")
    if fmt == TXTDIR:
        return read_txtdir(path, max_record_bytes)
    if fmt == PARQUET:
        return read_parquet(path, max_record_bytes)
    return _read_file(path, fmt, max_record_bytes, on_read)


def _stream_name(stream: Lines) -> str:
    """A file object's file name, for messages and a text record's id; "stream" if it has none."""
    name = getattr(stream, "name", None)
    return Path(name).name if isinstance(name, str) and name else "stream"


def input_format(source: str | Path, fmt: str | None = None, *, stdin: BinaryIO | None = None) -> str:
    """The format ``source`` will be read in: ``fmt`` checked, or found (see ``detect_format``).

    Raises what ``read_records`` raises for the same arguments, before anything is read.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if str(source) != "-" and not Path(source).exists():
        raise InputError(f"input not found: {str(source)!r}")
    return fmt or detect_format(source, stdin=stdin)


def _read_stream(stream: Lines, fmt: str | None, limit: int, name: str) -> Iterator[InputRecord | Reject]:
    if fmt is None:
        consumed, line, complete = first_content_line(stream)
        fmt = classify(line, complete)
        stream = Replay(b"".join(consumed), stream)
    yield from until_corrupt(READERS[fmt](stream, limit, name), name)


def _read_file(
    path: Path, fmt: str, limit: int, on_read: Callable[[int], None] | None
) -> Iterator[InputRecord | Reject]:
    stream, raw = open_counted(path)
    with stream, raw:
        for item in until_corrupt(READERS[fmt](stream, limit, path.name), path.name):
            if isinstance(item, Reject) and item.source is not None:  # the path, not only the name
                item = replace(item, source=replace(item.source, file=str(path)))
            if on_read is not None:
                on_read(raw.tell())
            yield item
