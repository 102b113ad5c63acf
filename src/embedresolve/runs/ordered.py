"""Map a function over a stream on a pool, results in input order, stopping when asked.

:func:`ordered_map` keeps at most ``window`` items in flight (memory bounded),
and when ``stop`` is set hands out the finished results at the head of the
queue and abandons the rest: they are left for the resume, not waited for.
:class:`DaemonPool` runs resolutions on daemon threads, so a request still
waiting on a slow host cannot keep an interrupted process alive.
"""

from __future__ import annotations

import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future
from concurrent.futures import TimeoutError as FutureTimeout
from typing import Any, TypeVar

_A = TypeVar("_A")
_R = TypeVar("_R")

POLL_S = 0.05  # how often a wait on the head of the queue looks at the stop flag


def ordered_map(
    fn: Callable[[_A], _R],
    items: Iterable[_A],
    *,
    pool: Executor | None,
    window: int,
    stopped: Callable[[], bool],
) -> Iterator[_R]:
    """``fn`` of each item, in order; inline when there is no pool."""
    if pool is None:
        for item in items:
            if stopped():
                return
            yield fn(item)
        return
    pending: deque[Future[_R]] = deque()
    source = iter(items)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < window and not stopped():
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending.append(pool.submit(fn, item))
            if not pending:
                return
            try:
                result = pending[0].result(timeout=POLL_S)
            except FutureTimeout:
                if stopped():
                    return  # the head is unfinished: it and all after it are left for the resume
                continue
            pending.popleft()
            yield result
    finally:
        for future in pending:
            future.cancel()


class DaemonPool(Executor):
    """A fixed set of daemon threads taking work from one queue."""

    def __init__(self, workers: int, name: str = "embedresolve") -> None:
        self._work: queue.SimpleQueue[tuple[Future[Any], Callable[[], Any]] | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._serve, name=f"{name}-{n}", daemon=True) for n in range(workers)
        ]
        for thread in self._threads:
            thread.start()

    def submit(self, fn: Callable[..., _R], /, *args: Any, **kwargs: Any) -> Future[_R]:
        future: Future[_R] = Future()
        self._work.put((future, lambda: fn(*args, **kwargs)))
        return future

    def _serve(self) -> None:
        while (job := self._work.get()) is not None:
            future, call = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(call())
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Stop the threads after their current job; with ``wait``, wait for that."""
        for _ in self._threads:
            self._work.put(None)
        if wait:
            for thread in self._threads:
                thread.join()
