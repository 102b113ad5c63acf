"""Ctrl-C as a request: the first stops the run at the next record, the second exits at once.

The run loop polls :attr:`Interrupt.requested`, so a first Ctrl-C lets it
flush every finished record and save the resume state. The second ends the
process from the handler: output bytes only ever reach a file as whole
commits (see :mod:`embedresolve.runs.output`), so even then no line is torn.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from types import FrameType, TracebackType
from typing import Any

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C


class Interrupt:
    """Catches SIGINT while entered (in the main thread; elsewhere it only offers :meth:`request`)."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._previous: Any = None
        self._installed = False

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def request(self) -> None:
        self._event.set()

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self._event.is_set():
            sys.stderr.write("\nembedresolve: interrupted again: stopping at once\n")
            sys.stderr.flush()
            os._exit(EXIT_INTERRUPTED)
        self._event.set()
        sys.stderr.write(
            "\nembedresolve: interrupted: finishing the records done so far (Ctrl-C again to quit)\n"
        )
        sys.stderr.flush()

    def __enter__(self) -> Interrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)
            self._installed = False
