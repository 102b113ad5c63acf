"""Telling the format of an input: by its name, and JSON from JSON Lines by its first line."""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from embedresolve.errors import InputError
from embedresolve.io.fields import HTML_FIELDS, TEXT_FIELDS
from embedresolve.io.formats import PARQUET, SUFFIXES, TXTDIR, suffix_format
from embedresolve.io.streams import BOM, CHUNK, Lines, open_binary


def detect_format(path: str | Path, *, stdin: BinaryIO | None = None) -> str:
    """Name the input format: ``jsonl``, ``json``, ``csv``, ``txt`` or ``txtdir``.

    By extension (``.gz`` is looked through); a ``.json`` file whose first line
    is a whole object followed by more lines is JSONL. For ``-`` it peeks at
    stdin without consuming it (needs ``peek()``, as ``sys.stdin.buffer`` has)
    and answers ``jsonl`` when it cannot see; ``read_records`` sniffs stdin
    itself, so only call this for stdin if you need the answer first.
    """
    if str(path) == "-":
        return _peek_format(stdin if stdin is not None else sys.stdin.buffer)
    path = Path(path)
    if path.is_dir():
        return PARQUET if next(path.rglob("*.parquet"), None) is not None else TXTDIR
    fmt = suffix_format(path)
    if fmt is None:
        raise InputError(
            f"cannot tell the format of {str(path)!r} from its name: use "
            f"{', '.join(SUFFIXES)} (optionally .gz or .zst), a folder, or --format"
        )
    if fmt == "json" and path.is_file():
        with open_binary(path) as stream:
            return _sniff_json_file(stream)
    return fmt


_HEADER_NAME = re.compile(r"[^\s\"',;\t][^\"\t,;]{0,199}")
CANNOT_TELL = (
    "cannot tell the format of stdin: its first line is neither JSON, JSON Lines nor a CSV/TSV "
    "header (column names separated by commas or tabs); use --format"
)


def classify(line: bytes, complete: bool) -> str:
    """JSON, JSON Lines, CSV or TSV, judged by the first non-blank line.

    ``[`` opens an array; ``{`` on a whole line that does not end with ``}`` is
    a pretty-printed object, otherwise JSON Lines. A line of column names
    (separated by tabs: TSV; by commas, or one known text field name: CSV) is
    a CSV header. Anything else is an InputError: a guess would turn every
    line into a reject.
    """
    stripped = line.strip()
    if not stripped:  # nothing to read: no records, in any format
        return "jsonl"
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{"):
        return "json" if complete and not stripped.endswith(b"}") else "jsonl"
    header = _header_format(stripped)
    if header is None:
        raise InputError(CANNOT_TELL)
    return header


def _header_format(line: bytes) -> str | None:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    for fmt, delimiter in (("tsv", "\t"), ("csv", ",")):
        names = next(csv.reader([text], delimiter=delimiter), [])
        if len(names) > 1 and all(_HEADER_NAME.fullmatch(name) and name == name.strip() for name in names):
            return fmt
    return "csv" if text in TEXT_FIELDS or text in HTML_FIELDS else None


def first_content_line(stream: Lines) -> tuple[list[bytes], bytes, bool]:
    """Read up to the first non-blank line: (bytes read, that line or its first chunk, whole?)."""
    consumed: list[bytes] = []
    while chunk := stream.readline(CHUNK):
        consumed.append(chunk)
        line = chunk.removeprefix(BOM) if len(consumed) == 1 else chunk
        if line.strip():
            return consumed, line, chunk.endswith(b"\n")
    return consumed, b"", True


def _sniff_json_file(stream: Lines) -> str:
    """A ``.json`` file is JSONL only if its first line is a whole object and more follow."""
    _, line, complete = first_content_line(stream)
    tail = line
    while not complete and (chunk := stream.readline(CHUNK)):
        tail, complete = tail[-64:] + chunk, chunk.endswith(b"\n")
    if not (line.lstrip().startswith(b"{") and tail.rstrip().endswith(b"}")):
        return "json"
    while chunk := stream.readline(CHUNK):
        if chunk.strip():
            return "jsonl"
    return "json"


def _peek_format(stream: BinaryIO) -> str:
    peek: Callable[[int], bytes] | None = getattr(stream, "peek", None)
    if peek is None:
        return "jsonl"
    pieces = peek(CHUNK).removeprefix(BOM).split(b"\n")
    for number, piece in enumerate(pieces):
        if piece.strip():
            return classify(piece, complete=number < len(pieces) - 1)
    return "jsonl"  # nothing to read: no records, in any format
