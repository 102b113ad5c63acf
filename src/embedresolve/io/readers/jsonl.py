"""JSON Lines: one record per line; blank lines are not records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from embedresolve.errors import BadJSON, Oversize, RecordError, Undecodable
from embedresolve.io.fields import require_object
from embedresolve.io.records import InputRecord, Reject
from embedresolve.io.streams import BOM, Lines, head_of_bytes, skip_line


def read_jsonl(
    stream: Lines, limit: int, name: str, *, first_index: int = 0, first_line: int = 0
) -> Iterator[InputRecord | Reject]:
    """One record per line. Reads at most limit + 2 bytes at once.

    ``first_index`` and ``first_line`` are the records and lines before
    ``stream`` when it is a piece of a file (``--jobs`` hands pieces to workers).
    """
    index = first_index
    number = first_line
    while line := stream.readline(limit + 2):
        number += 1
        too_long = not line.endswith(b"\n") and skip_line(stream)
        line = line.removesuffix(b"\n").removesuffix(b"\r")
        if number == 1:
            line = line.removeprefix(BOM)
        if not line or line.isspace():
            continue
        where = f"{name} line {number}"
        if too_long or len(line) > limit:
            message = f"{where}: longer than the limit of {limit} bytes"
            yield Reject(index, Oversize.reason, message, head_of_bytes(line))
        else:
            yield _parse_line(index, line, where)
        index += 1


def _parse_line(index: int, line: bytes, where: str) -> InputRecord | Reject:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"{where}: not UTF-8 (byte {exc.start}: {exc.reason})"
        return Reject(index, Undecodable.reason, message, line.decode("utf-8", "backslashreplace"))
    try:
        return InputRecord(index, parse_object(text, where), text)
    except RecordError as exc:
        return Reject.from_error(index, exc, text)


def parse_object(text: str, where: str) -> dict[str, Any]:
    """One JSON object from its whole text (a line, a sidecar file)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadJSON(f"{where}: bad JSON: {exc.msg} (column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
        raise BadJSON(f"{where}: bad JSON: {exc}") from exc
    return require_object(value, where)
