"""Output that is safe by construction: bytes reach a file only as whole, fsynced chunks.

A run writes records into an :class:`EncodedBuffer` (the format writers see a
text stream) and moves what it holds to a :class:`Target` at each commit. A
file target writes ``OUT.partial`` and renames it over ``OUT`` only when the
run finished, so a failed, interrupted or killed run never leaves a torn or
half-written ``OUT`` (nor an emptied input, when ``OUT`` is the input).
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
from pathlib import Path
from typing import BinaryIO, Protocol, TextIO

from embedresolve.errors import OutputError, UsageError
from embedresolve.io.streams import cannot_write, compression, zstd_compress

PARTIAL_SUFFIX = ".partial"


class EncodedBuffer:
    """A text stream (:attr:`stream`, what the format writers write to) holding bytes until taken.

    A string the encoding cannot hold raises at ``write``, as a file would, so
    the writers' fallback to ``\\u`` escapes works the same.
    """

    def __init__(self, encoding: str = "utf-8") -> None:
        self._bytes = io.BytesIO()
        self.stream: TextIO = io.TextIOWrapper(
            self._bytes, encoding=encoding, errors="strict", newline="", write_through=True
        )

    def write_bytes(self, data: bytes) -> None:
        """Append bytes already encoded (a worker's output)."""
        self.stream.flush()
        self._bytes.write(data)

    def pending(self) -> int:
        """Bytes held."""
        return self._bytes.tell()

    def take(self) -> bytes:
        self.stream.flush()
        data = self._bytes.getvalue()
        self._bytes.seek(0)
        self._bytes.truncate()
        return data


class Target(Protocol):
    """Where committed bytes go; ``size`` counts what is committed."""

    size: int
    encoding: str  # what the bytes committed are in

    def commit(self, data: bytes) -> None: ...

    def finish(self) -> None: ...

    def close(self) -> None: ...


class StreamTarget:
    """stdout or stderr: flushed at every commit; there is nothing to resume from."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.encoding = getattr(stream, "encoding", None) or "utf-8"
        self.size = 0

    def commit(self, data: bytes) -> None:
        if data:
            self._stream.write(data.decode(self.encoding))
            self._stream.flush()
            self.size += len(data)

    def finish(self) -> None:
        self._stream.flush()

    def close(self) -> None:
        self._stream.flush()


class FileTarget:
    """``OUT`` written as ``OUT.partial``: each commit appended and fsynced, renamed over ``OUT`` at the end.

    ``.gz`` files get one gzip member per commit (``.zst`` one frame), so the
    partial file is valid at every commit point and a resumed run can cut it
    back to one. With ``only_if_written`` (the rejects file) nothing is left
    at ``OUT`` when nothing was written: the file exists only if there was a reject.
    """

    encoding = "utf-8"

    def __init__(self, final: Path, *, resume_at: int | None = None, only_if_written: bool = False) -> None:
        self.final = final
        self.partial = partial_path(final)
        self._compression = compression(final)
        self._only_if_written = only_if_written
        if resume_at and not self.partial.is_file():
            raise UsageError(f"cannot resume: {str(self.partial)!r}, the output so far, is missing")
        try:
            if only_if_written:  # an earlier run's file must not pass for this run's, even if it stops
                final.unlink(missing_ok=True)
            self._file: BinaryIO = self.partial.open("r+b" if resume_at else "wb")
            if resume_at:
                self._file.truncate(resume_at)
                self._file.seek(resume_at)
        except OSError as exc:
            raise OutputError(cannot_write(self.final, exc)) from exc
        self.size = resume_at or 0

    def commit(self, data: bytes) -> None:
        if not data:
            return
        if self._compression == ".gz":
            data = gzip.compress(data, mtime=0)
        elif self._compression == ".zst":
            data = zstd_compress(data)
        try:
            self._file.write(data)
            self._file.flush()
            os.fsync(self._file.fileno())
        except OSError as exc:
            raise OutputError(cannot_write(self.final, exc)) from exc
        self.size += len(data)

    def finish(self) -> None:
        """Rename the finished file over ``OUT`` (atomic; the folder is fsynced so the name sticks)."""
        self.close()
        try:
            if self._only_if_written and self.size == 0:
                self.partial.unlink()
                return
            self.partial.replace(self.final)
        except OSError as exc:
            raise OutputError(cannot_write(self.final, exc)) from exc
        fsync_folder(self.final.parent)

    def close(self) -> None:
        self._file.close()


class WrittenFile:
    """``OUT.partial`` written by a format's own writer (Parquet writes a binary file), renamed at the end."""

    encoding = "utf-8"

    def __init__(self, final: Path) -> None:
        self.final = final
        self.partial = partial_path(final)
        self.size = 0

    def commit(self, data: bytes) -> None:
        """The writer writes the file itself; nothing comes through here."""

    def finish(self) -> None:
        try:
            self.partial.replace(self.final)
        except OSError as exc:
            raise OutputError(cannot_write(self.final, exc)) from exc
        fsync_folder(self.final.parent)

    def close(self) -> None:
        """The writer closes the file."""


def partial_path(final: Path) -> Path:
    return final.with_name(final.name + PARTIAL_SUFFIX)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (where the platform lets a folder be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def check_not_input(source: str, output: str, *, rejects: str, in_place: bool) -> None:
    """Refuse an output or rejects file that is the input (also through a link), unless ``--in-place``.

    The output is renamed into place only at the end, so ``--in-place`` is
    safe: the input is read whole before it is replaced.
    """
    if source == "-" or not Path(source).is_file():
        return
    if _same_file(source, rejects):
        raise UsageError(f"the rejects file {rejects!r} is the input file: choose another --rejects")
    if in_place:
        if output == "-" or not _same_file(source, output):
            raise UsageError("--in-place replaces the input: give -o the input file, or leave -o out")
        return
    if output != "-" and _same_file(source, output):
        raise UsageError(
            f"-o {output!r} is the input file; add --in-place to replace it once the run has finished"
        )


def _same_file(a: str, b: str) -> bool:
    try:
        return b != "-" and Path(a).samefile(b)
    except OSError:  # b does not exist (yet)
        return False
