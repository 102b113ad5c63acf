"""What the readers yield: a parsed :class:`InputRecord` or a :class:`Reject` in its place."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from embedresolve.errors import RecordError

DEFAULT_MAX_RECORD_BYTES = 50 * 1024 * 1024
"""A record longer than this (in bytes, as read) becomes a ``Reject`` with reason ``oversize``."""


@dataclass(frozen=True, slots=True)
class InputRecord:
    """A parsed record, with the exact text it came from so a later reject can quote it.

    ``before`` and ``after`` are the input's text around ``original`` that
    belongs to no record (a BOM, blank lines, a CSV header, a JSON array's
    brackets and commas; the line end): with them, ``restore --exact`` writes
    the file back byte for byte (see :mod:`embedresolve.io.layout`).
    """

    index: int  # 0-based position in the input stream (rejects count too)
    data: dict[str, Any]  # the parsed record, untouched
    original: str  # JSONL line without its line end, CSV row as read, file content
    before: str = ""
    after: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    """Where a record lies in its input: what an oversize reject keeps instead of the record.

    ``offset`` and ``length`` count bytes of the stream as read (after
    decompression, for a ``.gz``/``.zst`` file).
    """

    file: str
    offset: int
    length: int

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "offset": self.offset, "length": self.length}


@dataclass(frozen=True, slots=True)
class Reject:
    """A record that could not be processed, as one line of the rejects file."""

    index: int
    reason: str  # a RecordError.reason code
    message: str  # says where: file and line, element or row, field
    original: str  # the record's text (bad bytes backslash-escaped; oversize: a head + "…")
    source: Span | None = None  # oversize: where the whole record is in the input

    @classmethod
    def from_error(cls, index: int, error: RecordError, original: str) -> Reject:
        """Turn any RecordError (also those raised by later stages) into a reject."""
        return cls(index, error.reason, str(error), original)

    def to_dict(self) -> dict[str, Any]:
        out = {"index": self.index, "reason": self.reason, "message": self.message, "original": self.original}
        if self.source is not None:
            out["source"] = self.source.to_dict()
        return out
