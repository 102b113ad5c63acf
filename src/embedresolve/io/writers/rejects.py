"""The rejects file: one ``Reject.to_dict()`` per line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from embedresolve.io.records import Reject
from embedresolve.io.writers.base import Sink, write_json_line

REJECTS_SUFFIX = ".rejects.jsonl"


def rejects_path(output: str) -> str:
    """Where the rejects go by default: ``OUTPUT.rejects.jsonl``, or stderr (``-``) beside stdout."""
    return "-" if output == "-" else f"{output.rstrip('/')}{REJECTS_SUFFIX}"


class RejectsWriter(Sink):
    """Write rejects as JSONL (one ``Reject.to_dict()`` per line) and count them.

    The file is created (emptied) on open, so a stale file from an earlier run
    never passes for this run's rejects. ``-`` writes to ``stream`` (default
    ``sys.stderr``, keeping stdout for records).
    """

    def __init__(self, dest: str | Path, stream: TextIO | None = None) -> None:
        super().__init__(dest, stream, sys.stderr)
        self.count = 0

    def write(self, reject: Reject) -> None:
        write_json_line(self.out(), reject.to_dict())
        self.count += 1
