"""CSV (and TSV) with a header row: each row a record of strings keyed by the header.

Rows are cut from the physical lines first (a quote state machine, as csv
itself reads quotes), then each row is parsed strictly on its own. So a
damaged row — a broken quote, a ragged row, a NUL, bytes that are not UTF-8,
a row over the size limit — becomes one Reject naming its line and the
reason, and the rows after it are read. A quote that opens and never closes
swallows the lines after it (as it would in any CSV reader); such a row is
found by its parse failing or its values not fitting the header, and then only
its first line is rejected and the lines after it are read again as rows.

The ``embeds``/``embedresolve`` columns that the writer JSON-encodes are
decoded back here, so a cleaned CSV reads back as the records it was written
from. Each record keeps its row exactly as read (``original``), its line end
(``after``) and, for the first, the header before it (``before``).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from embedresolve.errors import BadCSV, BadJSON, Oversize, RecordError, Undecodable
from embedresolve.io.fields import RESERVED_FIELDS
from embedresolve.io.records import InputRecord, Reject, Span
from embedresolve.io.streams import BOM, CHUNK, HEAD, Lines, head_of_bytes


@dataclass(frozen=True, slots=True)
class _Line:
    number: int  # 1-based physical line number
    offset: int  # byte offset of the line in the stream
    length: int  # bytes, line end included
    raw: bytes  # the line as read; b"" when it is longer than the limit
    too_long: bool


def read_csv(stream: Lines, limit: int, name: str, *, delimiter: str = ",") -> Iterator[InputRecord | Reject]:
    """Rows as dicts keyed by the header, reserved columns decoded; blank lines are not records.

    csv's field size limit is process-wide; it is raised to ``limit`` (never
    lowered) so long articles fit.
    """
    csv.field_size_limit(max(csv.field_size_limit(), limit))
    rows = _Rows(stream, delimiter, limit)
    header: list[str] | None = None
    before = ""  # text between records: a BOM, the header, blank lines
    index = 0
    while (lines := rows.next_row()) is not None:
        first = lines[0]
        where = f"{name} row {index + 1} ({_line_range(lines)})" if header else f"{name} header"
        size = sum(line.length for line in lines)
        if size > limit or any(line.too_long for line in lines):
            message = f"{where}: longer than the limit of {limit} bytes; see source for where it is"
            yield Reject(
                index, Oversize.reason, message, head_of_bytes(first.raw), Span(name, first.offset, size)
            )
            index += 1
            continue
        raw = b"".join(line.raw for line in lines)
        if first.number == 1 and raw.startswith(BOM):
            before, raw = "\ufeff", raw[len(BOM) :]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = f"{where}: not UTF-8 (byte {exc.start}: {exc.reason})"
            yield Reject(index, Undecodable.reason, message, raw.decode("utf-8", "backslashreplace"))
            index += 1
            continue
        body = text.rstrip("\r\n")
        end = text[len(body) :]
        if not body:
            before += text
            continue
        problem = _problem(body, delimiter)
        if problem is None and header is not None and len(row := _parse(body, delimiter)) != len(header):
            problem = f"{len(row)} values for {len(header)} columns"
        if problem is not None:
            if len(lines) > 1:  # most likely a quote on its first line that never closes
                rows.push_back(lines[1:])
                where = f"{name} row {index + 1} (line {first.number})"
                problem += f" (a quote opened on line {first.number} may never close)"
                body = lines[0].raw.decode("utf-8", "backslashreplace").rstrip("\r\n")
            if header is None:
                yield Reject(index, BadCSV.reason, f"{where}: {problem}; the rest is not read", body)
                return
            yield Reject(index, BadCSV.reason, f"{where}: {problem}", body)
            index += 1
            continue
        if header is None:
            header = _parse(body, delimiter)
            duplicates = sorted({column for column in header if header.count(column) > 1})
            if duplicates:
                message = (
                    f"{name}: the header repeats column(s) {', '.join(duplicates)}; the rest is not read"
                )
                yield Reject(index, BadCSV.reason, message, body)
                return
            before += text
            continue
        values = dict(zip(header, _parse(body, delimiter), strict=True))
        yield _row_record(index, values, where, body, before, end)
        before = ""
        index += 1


def _line_range(lines: list[_Line]) -> str:
    if len(lines) == 1:
        return f"line {lines[0].number}"
    return f"lines {lines[0].number}-{lines[-1].number}"


def _problem(body: str, delimiter: str) -> str | None:
    """Why a row's text is not one well-formed CSV row, or None."""
    if "\x00" in body:
        return f"a NUL character at column {body.index(chr(0)) + 1}"
    try:
        rows = list(csv.reader(io.StringIO(body, newline=""), strict=True, delimiter=delimiter))
    except csv.Error as exc:
        return f"broken quoting: {exc}"
    if len(rows) != 1:
        return "a line break outside quotes (a lone carriage return)"
    return None


def _parse(body: str, delimiter: str) -> list[str]:
    return next(csv.reader(io.StringIO(body, newline=""), strict=True, delimiter=delimiter))


def _row_record(
    index: int, row: dict[str, Any], where: str, body: str, before: str, after: str
) -> InputRecord | Reject:
    try:
        return InputRecord(index, decode_csv_json_columns(row), body, before, after)
    except RecordError as exc:
        return Reject(index, exc.reason, f"{where}: {exc}", body)


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


class _Rows:
    """Physical lines grouped into rows by where quoted fields end; lines can be given back.

    A line is read in bounded pieces: one longer than ``limit`` keeps only its
    head, and a row over the limit keeps only its first line and its extent
    (the rest of it is skipped, quotes still followed, so the next row starts
    where it should).
    """

    def __init__(self, stream: Lines, delimiter: str, limit: int) -> None:
        self._stream = stream
        self._limit = limit
        self._back: deque[_Line] = deque()
        self._number = self._offset = 0
        quote, delim = b'"', re.escape(delimiter.encode())
        self._delimiter = delimiter.encode()
        self._tokens = re.compile(rb'"+|' + delim + rb"|[^" + quote + delim + rb"]+")

    def push_back(self, lines: list[_Line]) -> None:
        self._back.extendleft(reversed(lines))

    def next_row(self) -> list[_Line] | None:
        """The lines of the next row: up to a line end outside quotes, or the end of the input."""
        read = self._next_line(quoted=False)
        if read is None:
            return None
        line, quoted = read
        lines = [line]
        size = line.length
        while quoted and (read := self._next_line(quoted=True)) is not None:
            line, quoted = read
            size += line.length
            if size <= self._limit and not line.too_long:
                lines.append(line)
            else:  # over the limit: the first line and the extent are enough for the reject
                lines = [lines[0], _Line(line.number, line.offset, size - lines[0].length, b"", True)]
        return lines

    def _next_line(self, *, quoted: bool) -> tuple[_Line, bool] | None:
        if self._back:
            line = self._back.popleft()
            return line, self._scan(line.raw, quoted, at_field_start=not quoted)[0]
        raw = self._stream.readline(self._limit + 2)
        if not raw:
            return None
        self._number += 1
        state = (quoted, not quoted)
        length = len(raw)
        too_long = False
        chunk = raw
        while not chunk.endswith(b"\n"):
            more = self._stream.readline(CHUNK)
            if not more:
                break
            too_long = True
            carry = len(chunk) - len(chunk.rstrip(b'"'))  # a run of quotes split between reads
            state = self._scan(chunk[: len(chunk) - carry], *state)
            chunk = chunk[len(chunk) - carry :] + more
            length += len(more)
        state = self._scan(chunk, *state)
        line = _Line(self._number, self._offset, length, raw[:HEAD] if too_long else raw, too_long)
        self._offset += length
        return line, state[0]

    def _scan(self, raw: bytes, quoted: bool, at_field_start: bool) -> tuple[bool, bool]:
        """(inside quotes, at a field's start) after ``raw``, read from the given state."""
        if b'"' not in raw:
            return quoted, not quoted and raw.endswith((b"\n", self._delimiter))
        for token in self._tokens.finditer(raw):
            text = token.group()
            if text.startswith(b'"'):
                if quoted:
                    quoted = len(text) % 2 == 0  # "" is a quote inside; an odd run closes
                elif at_field_start:
                    quoted = len(text) % 2 == 1  # opens, then pairs
                at_field_start = False
            elif text == self._delimiter:
                at_field_start = not quoted
            else:  # other text; a line end outside quotes starts the next row
                at_field_start = not quoted and text.endswith(b"\n")
        return quoted, at_field_start
