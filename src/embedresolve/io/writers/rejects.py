"""The rejects file: one ``Reject.to_dict()`` per line, created only when there is a reject."""

from __future__ import annotations

import sys
from pathlib import Path
from types import TracebackType
from typing import TextIO

from embedresolve.errors import OutputError
from embedresolve.io.records import Reject
from embedresolve.io.streams import cannot_write
from embedresolve.io.writers.base import Sink, write_json_line

REJECTS_SUFFIX = ".rejects.jsonl"


def rejects_path(output: str) -> str:
    """Where the rejects go by default: ``OUTPUT.rejects.jsonl``, or stderr (``-``) beside stdout."""
    return "-" if output == "-" else f"{output.rstrip('/')}{REJECTS_SUFFIX}"


class RejectsWriter:
    """Write rejects as JSONL (one ``Reject.to_dict()`` per line) and count them.

    The file is created on the first reject, so a clean run leaves none. A
    stale file from an earlier run is removed on open, so it never passes for
    this run's rejects; a folder that does not exist is an OutputError then,
    not at the first reject. ``-`` writes to ``stream`` (default
    ``sys.stderr``, keeping stdout for records).
    """

    def __init__(self, dest: str | Path, stream: TextIO | None = None) -> None:
        self.count = 0
        self._dest = dest
        self._stream = stream
        self._sink: Sink | None = None
        if str(dest) == "-":
            return
        path = Path(dest)
        try:
            if not path.parent.is_dir():
                raise FileNotFoundError(2, "No such file or directory")
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError(cannot_write(path, exc)) from exc

    def write(self, reject: Reject) -> None:
        if self._sink is None:
            self._sink = Sink(self._dest, self._stream, sys.stderr)
        write_json_line(self._sink.out(), reject.to_dict())
        self.count += 1

    def close(self) -> None:
        if self._sink is not None:
            self._sink.close()

    def __enter__(self) -> RejectsWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
