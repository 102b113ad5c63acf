"""CSV with a header row: each row a record of strings keyed by the header.

The ``embeds``/``embedresolve`` columns that the writer JSON-encodes are
decoded back here, so a cleaned CSV reads back as the records it was written
from. A row that is too long or not UTF-8 cannot be skipped (a quoted field may
hold newlines), so the rest of the input becomes one Reject.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from embedresolve.errors import BadCSV, BadJSON, Oversize, RecordError, Undecodable
from embedresolve.io.fields import RESERVED_FIELDS
from embedresolve.io.records import InputRecord, Reject
from embedresolve.io.streams import BOM, Lines, Stop, head, head_of_bytes, skip_line


def read_csv(stream: Lines, limit: int, name: str) -> Iterator[InputRecord | Reject]:
    """Rows as dicts keyed by the header, reserved columns decoded; blank lines are not records.

    csv's field size limit is process-wide; it is raised to ``limit`` (never
    lowered) so long articles fit.
    """
    csv.field_size_limit(max(csv.field_size_limit(), limit))
    reader = csv.reader(_csv_lines(stream, limit, name))
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # an empty lineterminator would leave newlines unquoted
    index = 0
    try:
        header = next((row for row in reader if row), None)
        if header is None:
            return
        duplicates = sorted({column for column in header if header.count(column) > 1})
        if duplicates:
            raise BadCSV(f"{name}: the header repeats column(s) {', '.join(duplicates)}")
        for row in reader:
            if not row:
                continue
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(row)
            original = buffer.getvalue().removesuffix("\r\n")
            where = f"{name} row {index + 1} (line {reader.line_num})"
            if len(row) != len(header):
                message = f"{where}: {len(row)} values for {len(header)} columns"
                yield Reject(index, BadCSV.reason, message, original)
            elif len(original.encode()) > limit:
                message = f"{where}: longer than the limit of {limit} bytes"
                yield Reject(index, Oversize.reason, message, head(original))
            else:
                yield _row_record(index, dict(zip(header, row, strict=True)), original, where)
            index += 1
    except Stop as stop:
        yield Reject.from_error(index, stop.error, stop.original)
    except csv.Error as exc:  # a field beyond csv's size limit: cannot resynchronise
        message = f"{name} line {reader.line_num}: {exc}; the rest is not read"
        yield Reject(index, Oversize.reason, message, "")
    except BadCSV as exc:
        yield Reject.from_error(index, exc, "")


def _row_record(index: int, row: dict[str, Any], original: str, where: str) -> InputRecord | Reject:
    try:
        return InputRecord(index, decode_csv_json_columns(row), original)
    except RecordError as exc:
        return Reject(index, exc.reason, f"{where}: {exc}", original)


def decode_csv_json_columns(record: dict[str, Any]) -> dict[str, Any]:
    """Undo the CSV writer's JSON encoding of ``embeds``/``embedresolve`` (a new dict).

    The writer fills a missing value with ``""``, so an empty column is dropped.
    """
    decoded = dict(record)
    for name in RESERVED_FIELDS:
        value = decoded.get(name)
        if not isinstance(value, str):
            continue
        if not value:
            del decoded[name]
            continue
        try:
            decoded[name] = json.loads(value)
        except ValueError as exc:
            raise BadJSON(f"column {name!r}: bad JSON: {exc}", field=name) from exc
    return decoded


def _csv_lines(stream: Lines, limit: int, name: str) -> Iterator[str]:
    """Physical lines, line ends kept (csv joins quoted newlines), decoded strictly.

    A line that is too long or not UTF-8 raises Stop: inside a quoted field
    there is no telling where the next row would start.
    """
    number = 0
    while line := stream.readline(limit + 2):
        number += 1
        where = f"{name} line {number}"
        if not line.endswith(b"\n") and skip_line(stream):
            message = f"{where}: longer than the limit of {limit} bytes; the rest is not read"
            raise Stop(Oversize(message), head_of_bytes(line))
        if number == 1:
            line = line.removeprefix(BOM)
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = f"{where}: not UTF-8 (byte {exc.start}: {exc.reason}); the rest is not read"
            raise Stop(Undecodable(message), line.decode("utf-8", "backslashreplace")) from exc
