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
from embedresolve.io.streams import BOM, Lines, open_binary, skip_line

PIECE_BYTES = 256 * 1024  # about this much input per piece: large enough to outweigh the hand-over


@dataclass(frozen=True, slots=True)
class Piece:
    """Whole lines of the input, and how many lines come before them."""

    data: bytes  # whole lines as read; a line longer than any record may be cut to its head + "\n"
    first_line: int  # lines before this piece, for the line numbers in messages


@dataclass(frozen=True, slots=True)
class Block:
    """What a worker made of a piece: the output lines as bytes, the rejects, a view per record."""

    records: bytes
    rejects: list[Reject]  # indexed from the piece's first record (the loop adds what came before)
    items: int  # input records done (written or rejected)
    written: int
    views: list[dict[str, Any]] = field(default_factory=list)  # per record written: its embeds, for hooks


class JsonlPieces:
    """The pieces of a JSON Lines file, records ``skip`` and after (a resumed run's rest).

    The file is read in blocks cut after their last line end: no per-line work
    here, so this process keeps up with the workers. A line longer than a
    block is gathered whole, or, past the record limit, cut to the head the
    reader would look at (it rejects the line as oversize all the same).
    """

    def __init__(self, path: Path, limit: int, piece_bytes: int = PIECE_BYTES) -> None:
        self.path = path
        self.limit = limit
        self.piece_bytes = piece_bytes

    def pieces(self, skip: int = 0) -> Iterator[Piece]:
        with open_binary(self.path) as stream:
            first_line = self._skip(stream, skip) if skip else 0
            carry = b""
            while block := stream.read(self.piece_bytes):
                data = carry + block
                cut = data.rfind(b"\n") + 1
                if cut == 0:  # inside one long line
                    if len(data) <= self.limit + 2:
                        carry = data
                        continue
                    skip_line(stream)
                    data = data[: self.limit + 2] + b"\n"  # oversize: its head and its end
                    cut = len(data)
                piece, carry = data[:cut], data[cut:]
                yield Piece(piece, first_line)
                first_line += piece.count(b"\n")
            if carry:
                yield Piece(carry, first_line)

    def _skip(self, stream: Lines, skip: int) -> int:
        """Read past ``skip`` records (as the reader counts them); the lines read."""
        number = index = 0
        while index < skip and (line := stream.readline(self.limit + 2)):
            if not line.endswith(b"\n"):
                skip_line(stream)
            number += 1
            index += not is_blank(line, first=number == 1)
        return number


def is_blank(line: bytes, *, first: bool) -> bool:
    """Whether the JSONL reader skips this line (no record, no index)."""
    line = line.removesuffix(b"\n").removesuffix(b"\r")
    if first:
        line = line.removeprefix(BOM)
    return not line or line.isspace()
