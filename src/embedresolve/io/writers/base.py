"""What every writer shares: a text stream closed if we opened it, only flushed if we were given it."""

from __future__ import annotations

import base64
import datetime
import decimal
import json
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, TextIO, TypeVar

from embedresolve.io.streams import open_text_out


class FormatWriter(Protocol):
    """A writer of one record format: what :class:`~embedresolve.io.writers.RecordWriter` drives."""

    def write(self, record: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


_SinkT = TypeVar("_SinkT", bound="Sink")


class Sink:
    """An output text stream: ``dest`` is a path (``.gz`` compresses) or ``-`` for ``default``.

    A stream we opened is closed; stdout, stderr or a given ``stream`` is only
    flushed. Subclasses write through :meth:`out` and may add a last word in
    :meth:`_finish` (a JSON array's closing bracket).
    """

    def __init__(self, dest: str | Path, stream: TextIO | None, default: TextIO) -> None:
        self._out: TextIO | None
        self._out, self._own = open_text_out(dest, stream, default)

    def out(self) -> TextIO:
        if self._out is None:
            raise ValueError(f"write to a closed {type(self).__name__}")
        return self._out

    def _finish(self, out: TextIO) -> None:
        """What to write before the stream is let go."""

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


def write_json_line(out: TextIO, value: Any, prefix: str = "", suffix: str = "\n") -> None:
    """Write readable UTF-8 JSON, or ASCII escapes where the stream cannot encode a character.

    Lone surrogates (legal in JSON strings, ``"\\ud800"``) cannot be UTF-8, and
    a stdout may not be UTF-8 at all; ``\\u`` escapes read back identically.
    """
    try:
        out.write(prefix + json.dumps(value, ensure_ascii=False, default=json_value) + suffix)
    except UnicodeEncodeError:
        out.write(prefix + json.dumps(value, default=json_value) + suffix)


def json_value(value: Any) -> Any:
    """The JSON form of what a Parquet column holds besides JSON types (see the README)."""
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)  # exact, as text: a double could change it
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"{type(value).__name__} is not JSON")
