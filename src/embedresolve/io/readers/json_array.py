"""A JSON array of records, streamed element by element (a lone top-level object is one record).

A broken, oversize or undecodable element cannot be skipped (there is no
telling where the next one starts), so the rest of the input becomes one Reject.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from embedresolve.errors import BadJSON, Oversize, RecordError, Undecodable
from embedresolve.io.fields import require_object
from embedresolve.io.readers.strict_json import DECODER, LENIENT, Refused
from embedresolve.io.records import InputRecord, Reject
from embedresolve.io.streams import CHUNK, HEAD, Lines, Stop, head, head_of_bytes

_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def read_json(stream: Lines, limit: int, name: str) -> Iterator[InputRecord | Reject]:
    """The elements of one top-level array (a lone top-level value is one record), streamed.

    Each record keeps the text before it (``[``, commas, whitespace, a BOM) as
    ``before``; the last one also the text after it (``]``) as ``after``, so
    each record is yielded once the reader has seen what follows it.
    """
    text = _JSONText(stream, name)
    index = 0
    held: InputRecord | Reject | None = None
    try:
        in_array = text.peek() == "["
        if in_array:
            text.take()
        done = text.peek() == ("]" if in_array else "")
        if done and in_array:
            text.take()
        while not done:
            text.peek()
            before = text.take_gap()
            where = f"{name} element {index + 1} (line {text.line()})" if in_array else name
            value, raw, refused = text.value(limit, where)
            if held is not None:
                yield held
            held = _json_element(index, value, raw, limit, where, refused, before)
            index += 1
            if not in_array:
                break
            after = text.peek()
            if after not in (",", "]"):
                raise BadJSON(f"{where}: bad JSON: expected ',' or ']' after it")
            text.take()
            done = after == "]"
        if text.peek():
            raise BadJSON(f"{name} line {text.line()}: bad JSON: extra data after the end")
        if isinstance(held, InputRecord):
            held = replace(held, after=text.take_gap())
    except RecordError as exc:
        if held is not None:
            yield held
            held = None
        yield Reject(index, exc.reason, f"{exc}; the rest is not read", text.head())
    except Stop as stop:
        if held is not None:
            yield held
            held = None
        yield Reject.from_error(index, stop.error, stop.original)
    if held is not None:
        yield held


def _json_element(
    index: int, value: Any, raw: str, limit: int, where: str, refused: str | None, before: str
) -> InputRecord | Reject:
    if len(raw.encode()) > limit:
        message = f"{where}: longer than the limit of {limit} bytes"
        return Reject(index, Oversize.reason, message, head(raw))
    if refused is not None:
        return Reject(index, BadJSON.reason, f"{where}: bad JSON: {refused}", raw)
    try:
        return InputRecord(index, require_object(value, where), raw, before)
    except RecordError as exc:
        return Reject.from_error(index, exc, raw)


class _JSONText:
    """Text decoded on demand from a byte stream for incremental ``raw_decode``.

    The consumed part (before ``pos``) is dropped whenever more is read, and
    line numbers are counted as ``pos`` moves, so both stay linear in the input.
    """

    def __init__(self, stream: Lines, name: str) -> None:
        self._stream = stream
        self._name = name
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._gap: list[str] = []  # text consumed since the last value: brackets, commas, space
        self.text = ""
        self.pos = 0
        self.eof = False
        self._started = False
        self._line = 1  # line number at text[self._counted]
        self._counted = 0

    def line(self) -> int:
        self._line += self.text.count("\n", self._counted, self.pos)
        self._counted = self.pos
        return self._line

    def head(self) -> str:
        return head(self.text[self.pos : self.pos + HEAD + 1])

    def fill(self, pending: int) -> None:
        """Read until ``pending`` characters wait unconsumed (at least one more), or the end."""
        self.line()
        pieces = [self.text[self.pos :]]
        have = start = len(pieces[0])
        while not self.eof and (have < pending or have == start):
            data = self._stream.readline(CHUNK)
            try:
                piece = self._decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                message = f"{self._name} after line {self._line}: not UTF-8 ({exc.reason})"
                raise Stop(
                    Undecodable(f"{message}; the rest is not read"),
                    head_of_bytes(data),
                ) from exc
            self.eof = not data
            pieces.append(piece)
            have += len(piece)
        self.text, self.pos, self._counted = "".join(pieces), 0, 0

    def peek(self) -> str:
        """Skip JSON whitespace (and a BOM at the start); the next character, or "" at the end."""
        while True:
            match = _JSON_SPACE.match(self.text, self.pos)
            if match and match.end() > self.pos:
                self._gap.append(match.group())
                self.pos = match.end()
            if self.pos < len(self.text) and self.text[self.pos] == "\ufeff" and not self._started:
                self.take()
                continue
            if self.pos < len(self.text) or self.eof:
                self._started = True
                return self.text[self.pos : self.pos + 1]
            self.fill(1)

    def take(self) -> None:
        """Step over one character that belongs to no record (``[``, ``,``, ``]``, a BOM)."""
        self._gap.append(self.text[self.pos])
        self.pos += 1

    def take_gap(self) -> str:
        gap = "".join(self._gap)
        self._gap.clear()
        return gap

    def value(self, limit: int, where: str) -> tuple[Any, str, str | None]:
        """Decode the value at ``pos``, reading more while it may just be incomplete.

        Returns the value, its text and, for a value :mod:`.strict_json`
        refuses (NaN, a duplicate key), why. Each retry waits for twice the
        pending text, so re-parsing a big value costs linear time; more than
        ``limit`` characters pending is Oversize.
        """
        while True:
            refused: str | None = None
            try:
                try:
                    value, end = DECODER.raw_decode(self.text, self.pos)
                except Refused as exc:  # well-formed: find its end and refuse only this element
                    value, end = LENIENT.raw_decode(self.text, self.pos)
                    refused = str(exc)
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
                    return value, raw, refused
            pending = len(self.text) - self.pos
            if pending > limit:
                raise Oversize(
                    f"{where}: not complete within the limit of {limit} bytes (too large, or malformed)"
                )
            self.fill(min(2 * pending, limit + 1))
