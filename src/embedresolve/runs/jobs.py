"""Detection and separation on ``jobs`` processes, in input order, memory bounded.

Records go to the workers in chunks of :data:`CHUNK` (their texts only: a
reject's original text stays here), at most ``2 × jobs`` chunks in flight, so
memory is bounded by the jobs times the chunk whatever the input's size.
Resolution is not done here: it stays in the main process, which owns the
cache and the rate limits (one polite client per IP).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import replace
from functools import partial
from itertools import islice

from embedresolve.io import InputRecord, Reject
from embedresolve.pipeline import CleanConfig, Separated, guarded, separate_record
from embedresolve.runs.ordered import POLL_S

CHUNK = 64  # records per task: enough to outweigh the pickling, few enough to stay responsive
Item = InputRecord | Reject


def separate_in_processes(
    items: Iterable[Item], config: CleanConfig, *, jobs: int, stopped: Callable[[], bool]
) -> Iterator[tuple[Item, Separated | Reject]]:
    """``(item, separated)`` for each item, in order, the work done on ``jobs`` processes."""
    # forkserver: the run has threads (resolution), and fork() under threads can deadlock.
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_ignore_sigint)
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
        pool.shutdown(wait=False, cancel_futures=True)


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


def _ignore_sigint() -> None:
    """The main process decides what a Ctrl-C does; workers only finish their chunk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
