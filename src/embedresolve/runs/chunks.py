"""A JSON Lines file in pieces of whole lines, for workers that parse, clean and write them (``--jobs``).

The main process only cuts the file at line ends (no decoding, no parsing);
each worker runs the JSONL reader on its piece with the line and record
numbers it starts at, so records, rejects and their messages come out exactly
as one process reading the whole file would make them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from embedresolve.io.records import Reject
from embedresolve.io.streams import BOM, open_binary, skip_line

PIECE_BYTES = 256 * 1024  # about this much input per piece: large enough to outweigh the hand-over


@dataclass(frozen=True, slots=True)
class Piece:
    """Whole lines of the input, and where they start in it."""

    lines: list[bytes]  # as read; an oversize line cut to what the reader would see of it
    first_line: int  # lines before this piece
    first_index: int  # records before this piece
    count: int  # records in it (blank lines are none)


@dataclass(frozen=True, slots=True)
class Block:
    """What a worker made of a piece: the output lines as bytes, the rejects, a view per record."""

    records: bytes
    rejects: list[Reject]
    items: int  # input records done (written or rejected)
    written: int
    views: list[dict[str, Any]] = field(default_factory=list)  # per record written: its embeds, for hooks


class JsonlPieces:
    """The pieces of a JSON Lines file, records ``skip`` and after (a resumed run's rest)."""

    def __init__(self, path: Path, limit: int, piece_bytes: int = PIECE_BYTES) -> None:
        self.path = path
        self.limit = limit
        self.piece_bytes = piece_bytes

    def pieces(self, skip: int = 0) -> Iterator[Piece]:
        lines: list[bytes] = []
        size = count = 0
        number = index = 0  # lines and records read so far
        first_line = first_index = 0
        with open_binary(self.path) as stream:
            while line := stream.readline(self.limit + 2):
                if not line.endswith(b"\n") and skip_line(stream):
                    line += b"\n"  # oversize: the reader sees its head, then the line's end
                number += 1
                blank = _is_blank(line, first=number == 1)
                if index < skip:
                    index += not blank
                    first_line, first_index = number, index
                    continue
                lines.append(line)
                size += len(line)
                if not blank:
                    count += 1
                    index += 1
                if size >= self.piece_bytes:
                    yield Piece(lines, first_line, first_index, count)
                    lines, size, count = [], 0, 0
                    first_line, first_index = number, index
        if lines:
            yield Piece(lines, first_line, first_index, count)


def _is_blank(line: bytes, *, first: bool) -> bool:
    """Whether the JSONL reader skips this line (no record, no index)."""
    line = line.removesuffix(b"\n").removesuffix(b"\r")
    if first:
        line = line.removeprefix(BOM)
    return not line or line.isspace()
