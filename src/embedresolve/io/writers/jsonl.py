"""JSON Lines output: one record per line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from embedresolve.io.writers.base import Sink, write_json_line


class JsonLinesWriter(Sink):
    def __init__(self, dest: str | Path, stdout: TextIO | None = None) -> None:
        super().__init__(dest, stdout, sys.stdout)

    def write(self, record: dict[str, Any]) -> None:
        write_json_line(self.out(), record)
