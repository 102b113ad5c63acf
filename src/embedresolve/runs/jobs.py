"""Detection and separation on ``jobs`` processes, in input order, memory bounded.

Records go to the workers in chunks of :data:`CHUNK` (their texts only: a
reject's original text stays here), at most ``2 × jobs`` chunks in flight, so
memory is bounded by the jobs times the chunk whatever the input's size.
Resolution is not done here: it stays in the main process, which owns the
cache and the rate limits (one polite client per IP).
"""

from __future__ import annotations

import io
import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from embedresolve.io import InputRecord, RecordWriter, Reject
from embedresolve.io.layout import Layouts
from embedresolve.io.readers.jsonl import read_jsonl
from embedresolve.pipeline import EMBEDS, CleanConfig, Separated, clean_record, guarded, separate_record
from embedresolve.runs.chunks import Block, Piece
from embedresolve.runs.loop import Processor
from embedresolve.runs.ordered import POLL_S, ordered_map
from embedresolve.runs.output import EncodedBuffer

CHUNK = 64  # records per task: enough to outweigh the pickling, few enough to stay responsive
Item = InputRecord | Reject
_R = TypeVar("_R")


def separate_in_processes(
    items: Iterable[Item], config: CleanConfig, *, jobs: int, stopped: Callable[[], bool]
) -> Iterator[tuple[Item, Separated | Reject]]:
    """``(item, separated)`` for each item, in order, the work done on ``jobs`` processes."""
    pool = ProcessPool(jobs)
    pending: deque[tuple[list[Item], Future[list[Separated | Reject]]]] = deque()
    chunks = _chunked(items)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < 2 * jobs and not stopped():
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                    break
                pending.append((chunk, pool.submit(_separate_chunk, config, [_bare(i) for i in chunk])))
            if not pending:
                return
            chunk, future = pending[0]
            try:
                results = future.result(timeout=POLL_S)
            except FutureTimeout:
                if stopped():
                    return  # unfinished chunks are left for the resume
                continue
            pending.popleft()
            for item, separated in zip(chunk, results, strict=True):
                if isinstance(separated, Reject) and isinstance(item, InputRecord):
                    separated = replace(separated, original=item.original)
                yield item, separated
    finally:
        pool.shutdown()


def _chunked(items: Iterable[Item]) -> Iterator[list[Item]]:
    source = iter(items)
    while chunk := list(islice(source, CHUNK)):
        yield chunk


def _bare(item: Item) -> Item:
    """What a worker needs of an item: a record without its original text, a reject as it is."""
    return InputRecord(item.index, item.data, "") if isinstance(item, InputRecord) else item


def _separate_chunk(config: CleanConfig, items: list[Item]) -> list[Separated | Reject]:
    work = partial(separate_record, config=config)
    return [guarded(item, work) for item in items]


class ProcessPool(Executor):
    """``jobs`` worker processes behind the Executor interface, ended at once on shutdown.

    Unlike ProcessPoolExecutor, shutting down does not wait for the tasks
    already handed over: after a Ctrl-C their results are not wanted (the
    records are left for the resume), and waiting would keep the user waiting.
    """

    def __init__(self, jobs: int) -> None:
        # forkserver: the run has threads (resolution), and fork() under threads can deadlock.
        context = multiprocessing.get_context("forkserver")
        self._pool = context.Pool(jobs, initializer=_ignore_sigint)

    def submit(self, fn: Callable[..., _R], /, *args: Any, **kwargs: Any) -> Future[_R]:
        future: Future[_R] = Future()
        future.set_running_or_notify_cancel()
        self._pool.apply_async(
            fn, args, kwargs, callback=future.set_result, error_callback=future.set_exception
        )
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._pool.terminate()
        self._pool.join()


def _ignore_sigint() -> None:
    """The main process decides what a Ctrl-C does; workers only finish their chunk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


# --- JSON Lines in pieces: the workers parse, clean and write ---------------------------


def can_clean_in_pieces(source: str, in_format: str, out_format: str) -> bool:
    """The whole record path can run in workers: a plain JSONL file in, JSONL out, no resolution."""
    path = Path(source)
    return (
        source != "-"
        and in_format == out_format == "jsonl"
        and path.is_file()
        and not path.name.lower().endswith(".gz")
    )


def piece_processor(config: CleanConfig, *, jobs: int, limit: int, path: Path) -> Processor:
    """Clean :class:`~.chunks.Piece` items on ``jobs`` processes, each yielding a :class:`~.chunks.Block`."""

    def process(pieces: Iterable[Any], stopped: Callable[[], bool]) -> Iterator[Any]:
        pool = ProcessPool(jobs)
        work = partial(_clean_piece, config, limit, path)
        try:
            yield from ordered_map(work, pieces, pool=pool, window=2 * jobs, stopped=stopped)
        finally:
            pool.shutdown()

    return process


def _clean_piece(config: CleanConfig, limit: int, path: Path, piece: Piece) -> Block:
    buffer = EncodedBuffer()
    writer = RecordWriter("-", "jsonl", buffer.stream)
    rejects: list[Reject] = []
    views: list[dict[str, Any]] = []
    items = read_piece(piece, limit, path)
    # For restore --exact, as one process would note them: JSONL's defaults do not depend
    # on a record's place; the preferred style starts afresh in each piece (the bytes restored are the same).
    layouts = Layouts("jsonl", "jsonl")
    done = 0
    for result in layouts.attach(
        guarded(item, partial(clean_record, config=config)) for item in layouts.tap(items)
    ):
        done += 1
        if isinstance(result, Reject):
            rejects.append(result)
            continue
        writer.write(result)
        views.append({EMBEDS: [_view(embed) for embed in result[EMBEDS]]})
    return Block(buffer.take(), rejects, done, done - len(rejects), views)


def read_piece(piece: Piece, limit: int, path: Path, first_index: int = 0) -> Iterator[InputRecord | Reject]:
    """The records of a piece as the reader gives them from the whole file (line numbers, spans)."""
    items = read_jsonl(
        io.BytesIO(piece.data),
        limit,
        path.name,
        first_index=first_index,
        first_line=piece.first_line,
        first_offset=piece.first_offset,
    )
    # A span names the file's path, as read_records does; a piece holding an oversize
    # line's head only (``dropped``) has its span cover the whole line.
    return (_whole_span(item, str(path), piece.dropped) for item in items)


def _whole_span(item: InputRecord | Reject, file: str, dropped: int) -> InputRecord | Reject:
    if isinstance(item, Reject) and item.source is not None:
        return replace(item, source=replace(item.source, file=file, length=item.source.length + dropped))
    return item


def _view(embed: dict[str, Any]) -> dict[str, Any]:
    """What the summary counts of an embed (its platform and status), not the whole of it."""
    return {"platform": embed["platform"], "resolution": {"status": embed["resolution"]["status"]}}
