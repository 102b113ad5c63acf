"""JSON Lines: one record per line; blank lines are not records."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from embedresolve.errors import BadJSON, Oversize, RecordError, Undecodable
from embedresolve.io.fields import require_object
from embedresolve.io.readers.strict_json import DECODER
from embedresolve.io.records import InputRecord, Reject, Span
from embedresolve.io.streams import BOM, CHUNK, Lines, head_of_bytes

SEE_SOURCE = "; see source for where it is"


def read_jsonl(
    stream: Lines,
    limit: int,
    name: str,
    *,
    first_index: int = 0,
    first_line: int = 0,
    first_offset: int = 0,
) -> Iterator[InputRecord | Reject]:
    """One record per line. Reads at most limit + 2 bytes at once.

    Each record keeps its line end (``after``) and the BOM and blank lines
    before it (``before``), for ``restore --exact``. ``first_index``,
    ``first_line`` and ``first_offset`` are the records, lines and bytes before
    ``stream`` when it is a piece of a file (``--jobs`` and Dask hand pieces to
    workers), so messages and an oversize record's span name the whole file.
    """
    index = first_index
    number = first_line
    offset = first_offset
    before = ""
    while line := stream.readline(limit + 2):
        number += 1
        start = offset
        offset += len(line)
        too_long = False
        if not line.endswith(b"\n"):
            while chunk := stream.readline(CHUNK):
                too_long = True
                offset += len(chunk)
                if chunk.endswith(b"\n"):
                    break
        body = line.removesuffix(b"\n").removesuffix(b"\r")
        end = line[len(body) :].decode("ascii")
        if number == 1 and body.startswith(BOM):
            before, body = "\ufeff", body[len(BOM) :]
        if not body or body.isspace():
            before += body.decode("utf-8", "backslashreplace") + end
            continue
        where = f"{name} line {number}"
        if too_long or len(body) > limit:
            message = f"{where}: longer than the limit of {limit} bytes{SEE_SOURCE}"
            span = Span(name, start, offset - start)
            yield Reject(index, Oversize.reason, message, head_of_bytes(body), span)
        else:
            yield _parse_line(index, body, where, before, end)
        before = ""
        index += 1


def _parse_line(index: int, line: bytes, where: str, before: str, after: str) -> InputRecord | Reject:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"{where}: not UTF-8 (byte {exc.start}: {exc.reason})"
        return Reject(index, Undecodable.reason, message, line.decode("utf-8", "backslashreplace"))
    try:
        return InputRecord(index, parse_object(text, where), text, before, after)
    except RecordError as exc:
        return Reject.from_error(index, exc, text)


def parse_object(text: str, where: str) -> dict[str, Any]:
    """One JSON object from its whole text (a line, a sidecar file); see :mod:`.strict_json`."""
    try:
        value = DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise BadJSON(f"{where}: bad JSON: {exc.msg} (column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
        raise BadJSON(f"{where}: bad JSON: {exc}") from exc
    return require_object(value, where)
