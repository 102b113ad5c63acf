"""JSON array output: ``[``, one record per line, ``]`` (valid also when empty)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from embedresolve.io.writers.base import Sink, write_json_line


class JsonArrayWriter(Sink):
    def __init__(self, dest: str | Path, stdout: TextIO | None = None) -> None:
        super().__init__(dest, stdout, sys.stdout)
        self._count = 0
        self.out().write("[")

    def write(self, record: dict[str, Any]) -> None:
        write_json_line(self.out(), record, "\n" if self._count == 0 else ",\n", "")
        self._count += 1

    def _finish(self, out: TextIO) -> None:
        out.write("\n]\n" if self._count else "]\n")
