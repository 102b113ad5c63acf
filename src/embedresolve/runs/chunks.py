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
from embedresolve.io.streams import BOM, CHUNK, Lines, open_binary

PIECE_BYTES = 256 * 1024  # about this much input per piece: large enough to outweigh the hand-over


@dataclass(frozen=True, slots=True)
class Piece:
    """Whole lines of the input, and how many lines come before them."""

    data: bytes  # whole lines as read; a line longer than any record may be cut to its head + "\n"
    first_line: int  # lines before this piece, for the line numbers in messages
    first_offset: int = 0  # bytes of the file before this piece, for an oversize record's span
    dropped: int = 0  # bytes of an oversize line left out after its head (its span still covers them)


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
            first_line, offset = self._skip(stream, skip) if skip else (0, 0)
            carry = b""
            while block := stream.read(self.piece_bytes):
                data = carry + block
                cut = data.rfind(b"\n") + 1
                dropped = 0
                if cut == 0:  # inside one long line
                    if len(data) <= self.limit + 2:
                        carry = data
                        continue
                    # oversize: its head and its end ("\n" stands for the rest, up to its line end)
                    dropped = len(data) - (self.limit + 2) + _skip_rest(stream) - 1
                    data = data[: self.limit + 2] + b"\n"
                    cut = len(data)
                if not dropped:  # blank lines go with the record after them (its ``before``)
                    cut = _before_trailing_blanks(data, cut, at_start=offset == 0)
                    if cut == 0:
                        carry = data
                        continue
                piece, carry = data[:cut], data[cut:]
                yield Piece(piece, first_line, offset, dropped)
                first_line += piece.count(b"\n")
                offset += len(piece) + dropped
            if carry:
                yield Piece(carry, first_line, offset)

    def _skip(self, stream: Lines, skip: int) -> tuple[int, int]:
        """Read past ``skip`` records (as the reader counts them); the lines and bytes read."""
        number = index = offset = 0
        while index < skip and (line := stream.readline(self.limit + 2)):
            offset += len(line)
            if not line.endswith(b"\n"):
                offset += _skip_rest(stream)
            number += 1
            index += not is_blank(line, first=number == 1)
        return number, offset


def _before_trailing_blanks(data: bytes, end: int, *, at_start: bool) -> int:
    """Where the blank lines ending ``data[:end]`` (whole lines) begin; ``end`` if there are none."""
    while end:
        start = data.rfind(b"\n", 0, end - 1) + 1
        if not is_blank(data[start:end], first=at_start and start == 0):
            break
        end = start
    return end


def _skip_rest(stream: Lines) -> int:
    """Discard the rest of the current line in bounded reads; the bytes discarded (with its line end)."""
    skipped = 0
    while chunk := stream.readline(CHUNK):
        skipped += len(chunk)
        if chunk.endswith(b"\n"):
            break
    return skipped


def is_blank(line: bytes, *, first: bool) -> bool:
    """Whether the JSONL reader skips this line (no record, no index)."""
    line = line.removesuffix(b"\n").removesuffix(b"\r")
    if first:
        line = line.removeprefix(BOM)
    return not line or line.isspace()
