"""Byte streams under the readers and writers: opening (``.gz``/``.zst`` looked through), bounded reads.

The readers need only :class:`Lines` (a bounded ``readline``), so a path, a
gzip stream, a pipe or any binary file object can be read the same way.
Opening errors become :class:`~embedresolve.errors.InputError` or
:class:`~embedresolve.errors.OutputError` here, once.
"""

from __future__ import annotations

import codecs
import gzip
import io
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol, TextIO, cast

from embedresolve.errors import InputError, OutputError, RecordError, Undecodable, UsageError
from embedresolve.io.records import InputRecord, Reject

CHUNK = 64 * 1024  # bytes per read when skipping, sniffing or filling the JSON buffer
HEAD = 1024  # bytes of an oversize record kept in its Reject
BOM = codecs.BOM_UTF8
COMPRESSED_SUFFIXES = (".gz", ".zst")
ZSTD_MISSING = "reading or writing .zst needs zstandard: pip install 'embedresolve[zstd]'"


class Lines(Protocol):
    """All the readers need from a byte stream: bounded readline (files, gzip, pipes)."""

    def readline(self, size: int = -1, /) -> bytes: ...


class Stop(Exception):
    """Reading cannot go on (no telling where the next record starts): the rest becomes one Reject."""

    def __init__(self, error: RecordError, original: str) -> None:
        super().__init__(str(error))
        self.error = error
        self.original = original


def compression(path: Path) -> str | None:
    """``.gz`` or ``.zst`` when the name says the file is compressed, else None."""
    name = path.name.lower()
    return next((suffix for suffix in COMPRESSED_SUFFIXES if name.endswith(suffix)), None)


def is_compressed(path: Path) -> bool:
    return compression(path) is not None


def without_compression(name: str) -> str:
    """The name a compressed file had before compression (``a.jsonl.gz`` → ``a.jsonl``)."""
    suffix = compression(Path(name))
    return name[: -len(suffix)] if suffix else name


def open_binary(path: Path) -> io.BufferedIOBase:
    """Open an input file for reading, decompressing ``.gz`` and ``.zst``."""
    try:
        kind = compression(path)
        if kind == ".gz":
            return gzip.open(path, "rb")
        if kind == ".zst":
            return _zstd_reader(path.open("rb"), closefd=True)
        return path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from exc


def open_counted(path: Path) -> tuple[io.BufferedIOBase, io.BufferedIOBase]:
    """``(stream, file)``: the decompressed stream and the file under it (``file.tell()``: bytes read).

    Close both: a decompressing stream given a file object leaves it open.
    """
    try:
        raw = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc.strerror or exc}") from exc
    kind = compression(path)
    if kind == ".gz":
        return cast(io.BufferedIOBase, gzip.GzipFile(fileobj=raw, mode="rb")), raw
    if kind == ".zst":
        return _zstd_reader(raw, closefd=False), raw
    return raw, raw


def _zstd_reader(raw: io.BufferedIOBase, *, closefd: bool) -> io.BufferedIOBase:
    """A .zst file read frame after frame, as zstd -d reads it (a run writes a frame per commit)."""
    reader = _zstandard().ZstdDecompressor().stream_reader(raw, read_across_frames=True, closefd=closefd)
    return io.BufferedReader(reader)


def open_text_out(dest: str | Path, stream: TextIO | None, default: TextIO) -> tuple[TextIO, bool]:
    """The stream to write to and whether we own it (stdout and given streams are not closed)."""
    if str(dest) == "-":
        return (stream if stream is not None else default), False
    path = Path(dest)
    try:
        kind = compression(path)
        if kind == ".gz":
            return gzip.open(path, "wt", encoding="utf-8", newline=""), True
        if kind == ".zst":
            return _zstandard().open(path, "wt", encoding="utf-8", newline=""), True
        return path.open("w", encoding="utf-8", newline=""), True
    except OSError as exc:
        raise OutputError(cannot_write(path, exc)) from exc


def zstd_compress(data: bytes) -> bytes:
    """``data`` as one whole zstd frame."""
    return bytes(_zstandard().ZstdCompressor().compress(data))


def _zstandard() -> Any:
    """The optional zstandard module (``embedresolve[zstd]``); a UsageError names the extra."""
    try:
        import zstandard
    except ImportError as exc:
        raise UsageError(ZSTD_MISSING) from exc
    return zstandard


def cannot_write(path: Path, exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError) and not path.parent.is_dir():
        return f"cannot write {str(path)!r}: folder {str(path.parent)!r} does not exist"
    return f"cannot write {str(path)!r}: {exc.strerror or exc}"


def until_corrupt(items: Iterator[InputRecord | Reject], name: str) -> Iterator[InputRecord | Reject]:
    """End a damaged gzip stream with one Reject instead of a traceback."""
    index = 0
    try:
        for item in items:
            index = item.index + 1
            yield item
    except (EOFError, zlib.error, gzip.BadGzipFile, _ZstdError) as exc:
        message = f"{name}: compressed data is corrupt or truncated ({exc}); the rest is not read"
        yield Reject(index, Undecodable.reason, message, "")


try:  # a damaged .zst stream ends like a damaged .gz one
    from zstandard import ZstdError as _ZstdError
except ImportError:  # pragma: no cover - without zstandard no .zst is ever opened

    class _ZstdError(Exception):  # type: ignore[no-redef]
        """Never raised: stands in for zstandard.ZstdError."""


def head(text: str) -> str:
    """The first KiB of a cut-off record's text."""
    return text if len(text) <= HEAD else text[:HEAD] + "…"


def head_of_bytes(raw: bytes) -> str:
    """The first KiB of a cut-off record, without a half character at the end."""
    decoder = codecs.getincrementaldecoder("utf-8")("backslashreplace")
    return decoder.decode(raw[:HEAD]) + "…"


def skip_line(stream: Lines) -> bool:
    """Discard the rest of the current line in bounded reads; True if there was any."""
    skipped = False
    while chunk := stream.readline(CHUNK):
        skipped = True
        if chunk.endswith(b"\n"):
            break
    return skipped


class Replay:
    """A byte stream that first gives back what sniffing consumed, then the rest of ``stream``."""

    def __init__(self, head: bytes, stream: Lines) -> None:
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
