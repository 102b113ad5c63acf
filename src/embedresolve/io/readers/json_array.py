"""A JSON array of records, streamed element by element (a lone top-level object is one record).

A broken, oversize or undecodable element cannot be skipped (there is no
telling where the next one starts), so the rest of the input becomes one Reject.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any

from embedresolve.errors import BadJSON, Oversize, RecordError, Undecodable
from embedresolve.io.fields import require_object
from embedresolve.io.records import InputRecord, Reject
from embedresolve.io.streams import CHUNK, HEAD, Lines, Stop, head, head_of_bytes

_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def read_json(stream: Lines, limit: int, name: str) -> Iterator[InputRecord | Reject]:
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
    except Stop as stop:
        yield Reject.from_error(index, stop.error, stop.original)


def _json_element(index: int, value: Any, raw: str, limit: int, where: str) -> InputRecord | Reject:
    if len(raw.encode()) > limit:
        message = f"{where}: longer than the limit of {limit} bytes"
        return Reject(index, Oversize.reason, message, head(raw))
    try:
        return InputRecord(index, require_object(value, where), raw)
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
