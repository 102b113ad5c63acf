"""Record readers and writers, text-field detection and the rejects file.

Every byte of record I/O lives here, so the other stages only see dicts.

Readers are generators: they yield :class:`InputRecord` or :class:`Reject` in
input order, and a bad record never stops a run. It becomes a ``Reject`` with a
stable reason code (``RecordError.reason``) and its original text, so nothing
is silently lost. JSONL, JSON arrays and CSV are read incrementally through
bounded ``readline`` calls: memory stays flat in the input size and is bounded
per record by ``max_record_bytes``.

Where a format cannot be resynchronised after damage (a CSV row or a JSON array
element that is broken, oversize or not UTF-8), the rest of that input becomes
one ``Reject`` instead of a guess at where the next record starts.

Reason codes: ``bad_json``, ``missing_field``, ``not_a_string``,
``undecodable``, ``oversize``, ``reserved_field`` (from ``errors``), plus
``not_an_object`` and ``bad_csv`` (defined here).
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any, BinaryIO, Protocol, TextIO, TypeVar

from embedresolve.errors import (
    BadCSV,
    BadJSON,
    MissingField,
    NotAnObject,
    NotAString,
    Oversize,
    RecordError,
    ReservedField,
    Undecodable,
    UsageError,
)

TEXT_FIELDS = ("content", "text", "body", "maintext", "article", "full_text")
HTML_FIELDS = ("html", "raw_html", "content_html", "body_html", "article_html")
RESERVED_FIELDS = ("embeds", "embedresolve")  # the output adds these
DEFAULT_MAX_RECORD_BYTES = 50 * 1024 * 1024
FORMATS = ("jsonl", "json", "csv", "txtdir")
SIDECAR_SUFFIX = ".embeds.json"
"""``<file>.embeds.json`` next to a text file holds the rest of its record (txtdir output)."""

_CHUNK = 64 * 1024  # bytes per read when skipping, sniffing or filling the JSON buffer
_HEAD = 1024  # bytes of an oversize record kept in its Reject
_BOM = codecs.BOM_UTF8
_SUFFIX_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jl": "jsonl",
    ".json": "json",
    ".csv": "csv",
}
_FILE_FIELDS = {".txt": "text", ".html": "html", ".htm": "html"}
_JSON_SPACE = re.compile(r"[ \t\n\r]*")


@dataclass(frozen=True, slots=True)
class InputRecord:
    """A parsed record, with the exact text it came from so a later reject can quote it."""

    index: int  # 0-based position in the input stream (rejects count too)
    data: dict[str, Any]  # the parsed record, untouched
    original: str  # JSONL line without its newline, CSV row re-serialised, file content


@dataclass(frozen=True, slots=True)
class Reject:
    """A record that could not be processed, as one line of the rejects file."""

    index: int
    reason: str  # a RecordError.reason code
    message: str  # says where: file and line, element or row, field
    original: str  # the record's text (bad bytes backslash-escaped; oversize: a head + "…")

    @classmethod
    def from_error(cls, index: int, error: RecordError, original: str) -> Reject:
        """Turn any RecordError (also those raised by later stages) into a reject."""
        return cls(index, error.reason, str(error), original)

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "reason": self.reason,
            "message": self.message,
            "original": self.original,
        }


# --- fields -----------------------------------------------------------------


def text_field(record: dict[str, Any], field: str | None = None) -> str:
    """Name the field holding the article text: ``field`` if given, else the first of TEXT_FIELDS.

    Only presence decides which field is picked, so a ``null`` in the first
    candidate rejects the record (NotAString) rather than silently reading
    another field.
    """
    if field is None:
        field = next((name for name in TEXT_FIELDS if name in record), None)
        if field is None:
            raise MissingField(
                f"no text field: looked for {', '.join(TEXT_FIELDS)}; the record has {_describe_keys(record)}"
            )
    elif field not in record:
        raise MissingField(f"no field {field!r}; the record has {_describe_keys(record)}", field=field)
    _require_string(record, field)
    return field


def html_field(record: dict[str, Any], field: str | None = None) -> str | None:
    """Name the field holding the page HTML, or None when the record has none.

    HTML is optional, so a ``null`` value counts as absent (scrapers often write
    ``"html": null``); any other non-string value is an error.
    """
    for name in (field,) if field is not None else HTML_FIELDS:
        if record.get(name) is not None:
            _require_string(record, name)
            return name
    return None


def check_reserved(record: dict[str, Any]) -> None:
    """Refuse a record whose own ``embeds``/``embedresolve`` field the output would overwrite.

    A record we produced carries both and may be processed again (or restored);
    one without the other belongs to someone else.
    """
    present = [name for name in RESERVED_FIELDS if name in record]
    if len(present) == 1:
        raise ReservedField(
            f"field {present[0]!r} is reserved for embedresolve output and would be "
            f"overwritten; records produced by embedresolve carry both "
            f"{' and '.join(RESERVED_FIELDS)}",
            field=present[0],
        )


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


def _require_string(record: dict[str, Any], field: str) -> None:
    value = record[field]
    if not isinstance(value, str):
        raise NotAString(f"field {field!r} is {_json_kind(value)}, not a string", field=field)


def _json_kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _describe_keys(record: dict[str, Any], limit: int = 20) -> str:
    keys = list(record)
    if not keys:
        return "no fields"
    shown = ", ".join(map(str, keys[:limit]))
    return f"fields {shown}" + (f" … ({len(keys)} in all)" if len(keys) > limit else "")


# --- format detection ---------------------------------------------------------


class _Lines(Protocol):
    """All the readers need from a byte stream: bounded readline (files, gzip, pipes)."""

    def readline(self, size: int = -1, /) -> bytes: ...


def detect_format(path: str | Path, *, stdin: BinaryIO | None = None) -> str:
    """Name the input format: ``jsonl``, ``json``, ``csv`` or ``txtdir``.

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
        return "txtdir"
    fmt = _suffix_format(path)
    if fmt is None:
        raise UsageError(
            f"cannot tell the format of {str(path)!r} from its name: use .jsonl, .ndjson, .jl, "
            ".json or .csv (optionally .gz), a directory, or give the format explicitly"
        )
    if fmt == "json" and path.is_file():
        with _open_binary(path) as stream:
            return _sniff_json_file(stream)
    return fmt


def _suffix_format(path: Path) -> str | None:
    name = path.name.lower().removesuffix(".gz")
    return _SUFFIX_FORMATS.get(PurePosixPath(name).suffix)


def _is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def _classify(line: bytes, complete: bool) -> str:
    """JSON or JSON Lines, judged by the first non-blank line.

    ``[`` opens an array; ``{`` on a whole line that does not end with ``}`` is
    a pretty-printed object; anything else reads as JSON Lines.
    """
    stripped = line.strip()
    if stripped.startswith(b"["):
        return "json"
    if stripped.startswith(b"{") and complete and not stripped.endswith(b"}"):
        return "json"
    return "jsonl"


def _first_content_line(stream: _Lines) -> tuple[list[bytes], bytes, bool]:
    """Read up to the first non-blank line: (bytes read, that line or its first chunk, whole?)."""
    consumed: list[bytes] = []
    while chunk := stream.readline(_CHUNK):
        consumed.append(chunk)
        line = chunk.removeprefix(_BOM) if len(consumed) == 1 else chunk
        if line.strip():
            return consumed, line, chunk.endswith(b"\n")
    return consumed, b"", True


def _sniff_json_file(stream: _Lines) -> str:
    """A ``.json`` file is JSONL only if its first line is a whole object and more follow."""
    _, line, complete = _first_content_line(stream)
    tail = line
    while not complete and (chunk := stream.readline(_CHUNK)):
        tail, complete = tail[-64:] + chunk, chunk.endswith(b"\n")
    if not (line.lstrip().startswith(b"{") and tail.rstrip().endswith(b"}")):
        return "json"
    while chunk := stream.readline(_CHUNK):
        if chunk.strip():
            return "jsonl"
    return "json"


def _peek_format(stream: BinaryIO) -> str:
    peek: Callable[[int], bytes] | None = getattr(stream, "peek", None)
    if peek is None:
        return "jsonl"
    pieces = peek(_CHUNK).removeprefix(_BOM).split(b"\n")
    for number, piece in enumerate(pieces):
        if piece.strip():
            return _classify(piece, complete=number < len(pieces) - 1)
    return "jsonl"


class _Replay:
    """A byte stream that first gives back what sniffing consumed, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: _Lines) -> None:
        self._head = head
        self._stream = stream

    def readline(self, size: int = -1, /) -> bytes:
        if not self._head:
            return self._stream.readline(size)
        cut = self._head.find(b"\n") + 1 or len(self._head)
        if size >= 0:
            cut = min(cut, size)
        line, self._head = self._head[:cut], self._head[cut:]
        if line.endswith(b"\n") or self._head or 0 <= size <= len(line):
            return line
        return line + self._stream.readline(size - len(line) if size >= 0 else -1)


# --- reading ------------------------------------------------------------------


def read_records(
    source: str | Path,
    *,
    fmt: str | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    stdin: BinaryIO | None = None,
) -> Iterator[InputRecord | Reject]:
    """Stream the records of a file, a directory or stdin (``-``), in order.

    Checks the arguments now (raising UsageError) and reads lazily: nothing is
    read from the input until the first record is asked for. Records that
    cannot be parsed come out as :class:`Reject` at their place in the stream.
    """
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown input format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if str(source) == "-":
        if fmt == "txtdir":
            raise UsageError("a txtdir input is a directory; it cannot come from stdin")
        stream: _Lines = stdin if stdin is not None else sys.stdin.buffer
        return _read_stream(stream, fmt, max_record_bytes, "stdin")
    path = Path(source)
    if not path.exists():
        raise UsageError(f"input not found: {str(path)!r}")
    fmt = fmt or detect_format(path)
    if path.is_dir() != (fmt == "txtdir"):
        raise UsageError(f"{str(path)!r}: only a txtdir input is a directory")
    if fmt == "txtdir":
        return _read_txtdir(path, max_record_bytes)
    return _read_file(path, fmt, max_record_bytes)


def _read_stream(stream: _Lines, fmt: str | None, limit: int, name: str) -> Iterator[InputRecord | Reject]:
    if fmt is None:
        consumed, line, complete = _first_content_line(stream)
        fmt = _classify(line, complete)
        stream = _Replay(b"".join(consumed), stream)
    yield from _until_corrupt(_READERS[fmt](stream, limit, name), name)


def _read_file(path: Path, fmt: str, limit: int) -> Iterator[InputRecord | Reject]:
    with _open_binary(path) as stream:
        yield from _until_corrupt(_READERS[fmt](stream, limit, path.name), path.name)


def _open_binary(path: Path) -> io.BufferedIOBase:
    if _is_gzip(path):
        return gzip.open(path, "rb")
    return path.open("rb")


def _until_corrupt(items: Iterator[InputRecord | Reject], name: str) -> Iterator[InputRecord | Reject]:
    """End a damaged gzip stream with one Reject instead of a traceback."""
    index = 0
    try:
        for item in items:
            index = item.index + 1
            yield item
    except (EOFError, zlib.error, gzip.BadGzipFile) as exc:
        message = f"{name}: compressed data is corrupt or truncated ({exc}); the rest is not read"
        yield Reject(index, Undecodable.reason, message, "")


def _head(text: str) -> str:
    return text if len(text) <= _HEAD else text[:_HEAD] + "…"


def _head_of_bytes(raw: bytes) -> str:
    """The first KiB of a cut-off record, without a half character at the end."""
    decoder = codecs.getincrementaldecoder("utf-8")("backslashreplace")
    return decoder.decode(raw[:_HEAD]) + "…"


def _skip_line(stream: _Lines) -> bool:
    """Discard the rest of the current line in bounded reads; True if there was any."""
    skipped = False
    while chunk := stream.readline(_CHUNK):
        skipped = True
        if chunk.endswith(b"\n"):
            break
    return skipped


def _parse_object(text: str, where: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadJSON(f"{where}: bad JSON: {exc.msg} (column {exc.colno})") from exc
    except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
        raise BadJSON(f"{where}: bad JSON: {exc}") from exc
    return _require_object(value, where)


def _require_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise NotAnObject(f"{where}: expected a JSON object, got {_json_kind(value)}")
    return value


# JSON Lines


def _read_jsonl(stream: _Lines, limit: int, name: str) -> Iterator[InputRecord | Reject]:
    """One record per line; blank lines are not records. Reads at most limit + 2 bytes at once."""
    index = 0
    number = 0
    while line := stream.readline(limit + 2):
        number += 1
        too_long = not line.endswith(b"\n") and _skip_line(stream)
        line = line.removesuffix(b"\n").removesuffix(b"\r")
        if number == 1:
            line = line.removeprefix(_BOM)
        if not line or line.isspace():
            continue
        where = f"{name} line {number}"
        if too_long or len(line) > limit:
            message = f"{where}: longer than the limit of {limit} bytes"
            yield Reject(index, Oversize.reason, message, _head_of_bytes(line))
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
        return InputRecord(index, _parse_object(text, where), text)
    except RecordError as exc:
        return Reject.from_error(index, exc, text)


# JSON array


class _JSONText:
    """Text decoded on demand from a byte stream for incremental ``raw_decode``.

    The consumed part (before ``pos``) is dropped whenever more is read, and
    line numbers are counted as ``pos`` moves, so both stay linear in the input.
    """

    def __init__(self, stream: _Lines, name: str) -> None:
        self._stream = stream
        self._name = name
        self._decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.text = ""
        self.pos = 0
        self.eof = False
        self._line = 1  # line number at text[self._counted]
        self._counted = 0

    def line(self) -> int:
        self._line += self.text.count("\n", self._counted, self.pos)
        self._counted = self.pos
        return self._line

    def head(self) -> str:
        return _head(self.text[self.pos : self.pos + _HEAD + 1])

    def fill(self, pending: int) -> None:
        """Read until ``pending`` characters wait unconsumed (at least one more), or the end."""
        self.line()
        pieces = [self.text[self.pos :]]
        have = start = len(pieces[0])
        while not self.eof and (have < pending or have == start):
            data = self._stream.readline(_CHUNK)
            try:
                piece = self._decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                message = f"{self._name} after line {self._line}: not UTF-8 ({exc.reason})"
                raise _Stop(
                    Undecodable(f"{message}; the rest is not read"),
                    _head_of_bytes(data),
                ) from exc
            self.eof = not data
            pieces.append(piece)
            have += len(piece)
        self.text, self.pos, self._counted = "".join(pieces), 0, 0

    def peek(self) -> str:
        """Skip JSON whitespace; the next character, or "" at the end."""
        while True:
            match = _JSON_SPACE.match(self.text, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.text) or self.eof:
                return self.text[self.pos : self.pos + 1]
            self.fill(1)

    def value(self, decoder: json.JSONDecoder, limit: int, where: str) -> tuple[Any, str]:
        """Decode the value at ``pos``, reading more while it may just be incomplete.

        Each retry waits for twice the pending text, so re-parsing a big value
        costs linear time; more than ``limit`` characters pending is Oversize.
        """
        while True:
            try:
                value, end = decoder.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as exc:
                near_end = exc.pos >= len(self.text) - 64 or exc.msg.startswith("Unterminated")
                if self.eof or not near_end:
                    line = self.line() + self.text.count("\n", self.pos, exc.pos)
                    raise BadJSON(f"{where}: bad JSON at line {line}: {exc.msg}") from exc
            except (ValueError, RecursionError) as exc:  # more input cannot fix these
                raise BadJSON(f"{where}: bad JSON: {exc}") from exc
            else:
                # a number (or literal) that ends the buffer may go on in the next read
                if end < len(self.text) or self.eof or isinstance(value, (dict, list, str)):
                    raw, self.pos = self.text[self.pos : end], end
                    return value, raw
            pending = len(self.text) - self.pos
            if pending > limit:
                raise Oversize(
                    f"{where}: not complete within the limit of {limit} bytes (too large, or malformed)"
                )
            self.fill(min(2 * pending, limit + 1))


class _Stop(Exception):
    """Reading cannot go on: the rest of the input becomes one Reject."""

    def __init__(self, error: RecordError, original: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.original = original


def _read_json(stream: _Lines, limit: int, name: str) -> Iterator[InputRecord | Reject]:
    """The elements of one top-level array (a lone top-level value is one record), streamed."""
    text = _JSONText(stream, name)
    decoder = json.JSONDecoder()
    index = 0
    try:
        in_array = text.peek() == "["
        if in_array:
            text.pos += 1
        done = text.peek() == ("]" if in_array else "")
        if done and in_array:
            text.pos += 1
        while not done:
            text.peek()
            where = f"{name} element {index + 1} (line {text.line()})" if in_array else name
            value, raw = text.value(decoder, limit, where)
            yield _json_element(index, value, raw, limit, where)
            index += 1
            if not in_array:
                break
            after = text.peek()
            if after not in (",", "]"):
                raise BadJSON(f"{where}: bad JSON: expected ',' or ']' after it")
            text.pos += 1
            done = after == "]"
        if text.peek():
            raise BadJSON(f"{name} line {text.line()}: bad JSON: extra data after the end")
    except RecordError as exc:
        yield Reject(index, exc.reason, f"{exc}; the rest is not read", text.head())
    except _Stop as stop:
        yield Reject.from_error(index, stop.error, stop.original)


def _json_element(index: int, value: Any, raw: str, limit: int, where: str) -> InputRecord | Reject:
    if len(raw.encode()) > limit:
        message = f"{where}: longer than the limit of {limit} bytes"
        return Reject(index, Oversize.reason, message, _head(raw))
    try:
        return InputRecord(index, _require_object(value, where), raw)
    except RecordError as exc:
        return Reject.from_error(index, exc, raw)


# CSV


def _read_csv(stream: _Lines, limit: int, name: str) -> Iterator[InputRecord | Reject]:
    """Rows as dicts of strings keyed by the header; blank lines are not records.

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
                yield Reject(index, Oversize.reason, message, _head(original))
            else:
                yield InputRecord(index, dict(zip(header, row, strict=True)), original)
            index += 1
    except _Stop as stop:
        yield Reject.from_error(index, stop.error, stop.original)
    except csv.Error as exc:  # a field beyond csv's size limit: cannot resynchronise
        message = f"{name} line {reader.line_num}: {exc}; the rest is not read"
        yield Reject(index, Oversize.reason, message, "")
    except BadCSV as exc:
        yield Reject.from_error(index, exc, "")


def _csv_lines(stream: _Lines, limit: int, name: str) -> Iterator[str]:
    """Physical lines, line ends kept (csv joins quoted newlines), decoded strictly.

    A line that is too long or not UTF-8 raises _Stop: inside a quoted field
    there is no telling where the next row would start.
    """
    number = 0
    while line := stream.readline(limit + 2):
        number += 1
        where = f"{name} line {number}"
        if not line.endswith(b"\n") and _skip_line(stream):
            message = f"{where}: longer than the limit of {limit} bytes; the rest is not read"
            raise _Stop(Oversize(message), _head_of_bytes(line))
        if number == 1:
            line = line.removeprefix(_BOM)
        try:
            yield line.decode("utf-8")
        except UnicodeDecodeError as exc:
            message = f"{where}: not UTF-8 (byte {exc.start}: {exc.reason}); the rest is not read"
            raise _Stop(Undecodable(message), line.decode("utf-8", "backslashreplace")) from exc


# directory of text files


def _read_txtdir(root: Path, limit: int) -> Iterator[InputRecord | Reject]:
    """``.txt``/``.html``/``.htm`` files under ``root``, by relative path; sidecars merged back."""
    files = sorted(
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.suffix.lower() in _FILE_FIELDS and path.is_file()
    )
    for index, (relpath, path) in enumerate(files):
        yield _read_text_file(index, path, relpath, limit)


def _read_text_file(index: int, path: Path, relpath: str, limit: int) -> InputRecord | Reject:
    size = path.stat().st_size
    if size > limit:
        with path.open("rb") as stream:
            head = stream.read(_HEAD)
        message = f"{relpath}: {size} bytes, more than the limit of {limit}"
        return Reject(index, Oversize.reason, message, _head_of_bytes(head))
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        message = f"{relpath}: not UTF-8 (byte {exc.start}: {exc.reason})"
        return Reject(index, Undecodable.reason, message, raw.decode("utf-8", "backslashreplace"))
    field = _FILE_FIELDS[path.suffix.lower()]
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if not sidecar.is_file():
        return InputRecord(index, {"id": relpath, field: content}, content)
    try:
        where = relpath + SIDECAR_SUFFIX
        rest = _parse_object(_decode(sidecar.read_bytes(), where), where)
    except RecordError as exc:
        return Reject.from_error(index, exc, content)
    return InputRecord(index, _with_content(rest, field, content), content)


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Undecodable(f"{where}: not UTF-8 (byte {exc.start}: {exc.reason})") from exc


def _with_content(rest: dict[str, Any], field: str, content: str) -> dict[str, Any]:
    """Put a file's content back where the reader first put it: right after ``id``."""
    record: dict[str, Any] = {"id": rest["id"]} if "id" in rest else {}
    record[field] = content
    record.update((key, value) for key, value in rest.items() if key != field)
    return record


_Reader = Callable[[_Lines, int, str], Iterator[InputRecord | Reject]]
_READERS: dict[str, _Reader] = {"jsonl": _read_jsonl, "json": _read_json, "csv": _read_csv}


# --- writing ------------------------------------------------------------------


def _open_text_out(dest: str | Path, stream: TextIO | None, default: TextIO) -> tuple[TextIO, bool]:
    """The stream to write to and whether we own it (stdout and given streams are not closed)."""
    if str(dest) == "-":
        return (stream if stream is not None else default), False
    path = Path(dest)
    if _is_gzip(path):
        return gzip.open(path, "wt", encoding="utf-8", newline=""), True
    return path.open("w", encoding="utf-8", newline=""), True


def _write_json_line(out: TextIO, value: Any, prefix: str = "", suffix: str = "\n") -> None:
    """Write readable UTF-8 JSON, or ASCII escapes where the stream cannot encode a character.

    Lone surrogates (legal in JSON strings, ``"\\ud800"``) cannot be UTF-8, and
    a stdout may not be UTF-8 at all; ``\\u`` escapes read back identically.
    """
    try:
        out.write(prefix + json.dumps(value, ensure_ascii=False) + suffix)
    except UnicodeEncodeError:
        out.write(prefix + json.dumps(value) + suffix)


def _json_bytes(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    try:
        return text.encode()
    except UnicodeEncodeError:
        return (json.dumps(value, indent=2) + "\n").encode()


_SinkT = TypeVar("_SinkT", bound="_Sink")


class _Sink:
    """An output stream that is closed if we opened it, only flushed if we were given it."""

    _out: TextIO | None = None
    _own = False

    def _finish(self, out: TextIO) -> None:
        """What to write before the stream is let go (a JSON array's closing bracket)."""

    def close(self) -> None:
        out, self._out = self._out, None
        if out is None:
            return
        self._finish(out)
        if self._own:
            out.close()
        else:
            out.flush()

    def __enter__(self: _SinkT) -> _SinkT:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class RecordWriter(_Sink):
    """Write records as JSONL, a JSON array, CSV or text files with sidecars, keeping key order.

    ``dest`` is a path (``.gz`` compresses), or ``-`` for ``stdout`` (default
    ``sys.stdout``, flushed but not closed). For ``txtdir``, a ``dest`` that is
    ``-``, an existing file or a name with a record-file extension gets JSONL;
    otherwise it is a directory that receives ``<id>`` (the text) and
    ``<id>.embeds.json`` (the rest of the record), which ``read_records`` reads
    back whole. CSV columns are the first record's keys in order; a missing
    value is written empty and a non-string one JSON-encoded (read them back
    with ``decode_csv_json_columns``).
    """

    def __init__(self, dest: str | Path, fmt: str, stdout: TextIO | None = None) -> None:
        if fmt not in FORMATS:
            raise UsageError(f"unknown output format {fmt!r}; expected one of {', '.join(FORMATS)}")
        self.count = 0
        self._dir: Path | None = None
        self._csv: csv.DictWriter[str] | None = None
        self._columns: set[str] = set()
        if fmt == "txtdir":
            path = Path(dest)
            if str(dest) != "-" and not path.is_file() and _suffix_format(path) is None:
                self._dir = path
                path.mkdir(parents=True, exist_ok=True)
            fmt = "jsonl"
        self.fmt = fmt
        if self._dir is None:
            self._out, self._own = _open_text_out(dest, stdout, sys.stdout)
            if fmt == "json":
                self._out.write("[")

    def write(self, record: dict[str, Any]) -> None:
        if self._dir is not None:
            self._write_files(self._dir, record)
        elif self._out is None:
            raise ValueError("write to a closed RecordWriter")
        elif self.fmt == "csv":
            self._write_csv(self._out, record)
        elif self.fmt == "json":
            _write_json_line(self._out, record, "\n" if self.count == 0 else ",\n", "")
        else:
            _write_json_line(self._out, record)
        self.count += 1

    def _write_csv(self, out: TextIO, record: dict[str, Any]) -> None:
        if self._csv is None:
            columns = list(record)  # a cleaned record ends with embeds, embedresolve
            self._csv = csv.DictWriter(out, fieldnames=columns)
            self._columns = set(columns)
            self._csv.writeheader()
        extra = [key for key in record if key not in self._columns]
        if extra:
            raise UsageError(
                f"CSV output takes its columns from the first record; record {self.count} "
                f"adds {', '.join(extra)}: write JSONL instead"
            )
        self._csv.writerow(
            {
                key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for key, value in record.items()
            }
        )

    def _write_files(self, root: Path, record: dict[str, Any]) -> None:
        relpath = record.get("id")
        if not isinstance(relpath, str) or not _is_safe_relpath(relpath):
            raise RecordError(f"id {relpath!r} is not a relative path to write under {root}")
        field = _FILE_FIELDS.get(PurePosixPath(relpath).suffix.lower())
        if field is None:
            raise RecordError(f"id {relpath!r} does not end in .txt, .html or .htm")
        text_field(record, field)
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(record[field].encode())
        rest = {key: value for key, value in record.items() if key != field}
        target.with_name(target.name + SIDECAR_SUFFIX).write_bytes(_json_bytes(rest))

    def _finish(self, out: TextIO) -> None:
        if self.fmt == "json":
            out.write("\n]\n" if self.count else "]\n")


def _is_safe_relpath(relpath: str) -> bool:
    parts = PurePosixPath(relpath).parts
    return bool(parts) and not relpath.startswith("/") and ".." not in parts and "\\" not in relpath


class RejectsWriter(_Sink):
    """Write rejects as JSONL (one ``Reject.to_dict()`` per line) and count them.

    The file is created (emptied) on open, so a stale file from an earlier run
    never passes for this run's rejects. ``-`` writes to ``stream`` (default
    ``sys.stderr``, keeping stdout for records).
    """

    def __init__(self, dest: str | Path, stream: TextIO | None = None) -> None:
        self.count = 0
        self._out, self._own = _open_text_out(dest, stream, sys.stderr)

    def write(self, reject: Reject) -> None:
        if self._out is None:
            raise ValueError("write to a closed RejectsWriter")
        _write_json_line(self._out, reject.to_dict())
        self.count += 1
