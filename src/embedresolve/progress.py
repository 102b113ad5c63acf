"""Progress you can trust: what a run has read, found and resolved, live on stderr and as JSON at the end.

Counted as it happens, not as records finish: bytes of the input file read
(against its size, so a rate and an ETA exist from the first second), records
written and rejected, embeds found, resolutions done / pending / failed (a
resolver wrapped by :meth:`RunProgress.watch` counts each one as it starts and
ends, across worker threads), requests and cache hits (from each finished
embed's provenance), and the seconds spent waiting for rate limits (from
the limiters' :class:`~embedresolve.resolve.ratelimit.WaitTotals`, counted
from the start of the run). The display is rich's, on stderr, only when stderr is a
terminal and the run is not ``--quiet``; ``--stats FILE`` writes the same
numbers as JSON for pipelines.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

from embedresolve.io.records import Reject
from embedresolve.resolve.ratelimit import WAITS, WaitTotals
from embedresolve.summary import Summary

if TYPE_CHECKING:
    from embedresolve.models import Embed
    from embedresolve.pipeline import EmbedResolver
    from embedresolve.provenance import Resolution

_FRAME_S = 0.125  # at most 8 frames a second


class RunProgress:
    """The numbers of one run, and their live display (a context manager)."""

    def __init__(
        self,
        source: str,
        *,
        show: bool = True,
        sized: bool = True,
        stream: TextIO | None = None,
        clock: Callable[[], float] = time.monotonic,
        waits: WaitTotals = WAITS,
    ) -> None:
        self.source = source
        self.bytes_total = _file_size(source) if sized else None  # sized: the reader reports bytes read
        self.bytes_read = 0
        self.summary = Summary()
        self.resolving = 0
        self.resolved = 0
        self.failed = 0
        self._stream = stream if stream is not None else sys.stderr
        self._live = show and self._stream.isatty()
        self._clock = clock
        self._started = clock()
        self._lock = threading.Lock()
        self._display: Any = None
        self._task: Any = None
        self._drawn_at = float("-inf")
        self._waits = waits
        self._waits_before = waits.by_bucket()  # an earlier run in this process is not ours

    # --- what the run reports -------------------------------------------------

    def read_to(self, position: int) -> None:
        """The input file has been read up to byte ``position``."""
        self.bytes_read = position
        self._refresh()

    def add(self, item: dict[str, Any] | Reject) -> None:
        """A record written (its embeds, statuses, requests counted) or rejected."""
        if isinstance(item, Reject):
            self.summary.rejected += 1
        else:
            self.summary.add(item)
        self._refresh()

    def watch(self, resolver: EmbedResolver) -> EmbedResolver:
        """``resolver``, counting each resolution as it starts and ends (any thread)."""
        return _Watched(resolver, self)

    def _started_one(self) -> None:
        with self._lock:
            self.resolving += 1
        self._refresh()

    def _ended_one(self, status: str) -> None:
        with self._lock:
            self.resolving -= 1
            self.resolved += 1
            self.failed += status == "failed"
        self._refresh()

    def rate_limit_waits(self) -> dict[str, float]:
        """Seconds this run has waited for rate limits so far, per bucket."""
        before = self._waits_before
        now = self._waits.by_bucket()
        return {key: s - before.get(key, 0.0) for key, s in now.items() if s > before.get(key, 0.0)}

    # --- what it shows ------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        summary = self.summary
        waits = self.rate_limit_waits()
        return {
            "input": self.source,
            "bytes_total": self.bytes_total,
            "bytes_read": self.bytes_read,
            "elapsed_s": round(self._clock() - self._started, 3),
            "records": summary.records,
            "rejected": summary.rejected,
            "embeds": sum(summary.platforms.values()),
            "platforms": dict(summary.platforms),
            "statuses": dict(summary.statuses),
            "resolutions": {"done": self.resolved, "pending": self.resolving, "failed": self.failed},
            "requests": summary.requests,
            "cache_hits": summary.cache_hits,
            "reused": summary.reused,
            "rate_limit_wait_s": round(sum(waits.values()), 3),
            "rate_limit_wait_by_bucket_s": {key: round(s, 3) for key, s in sorted(waits.items())},
        }

    def line(self) -> str:
        """The counts, as the display's second half shows them."""
        s = self.summary
        waited = sum(self.rate_limit_waits().values())
        # Shown once there is a wait: a run with none keeps the line short enough for a terminal.
        waiting = f"waiting for rate limits: {waited:.1f} s · " if waited >= 0.05 else ""
        return (
            f"{s.records} records · {sum(s.platforms.values())} embeds · resolved {self.resolved}, "
            f"pending {self.resolving}, failed {self.failed} · {s.requests} requests · {waiting}"
            f"{s.cache_hits} cache hits · {s.rejected} rejected"
        )

    def write_stats(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=2) + "\n", encoding="utf-8")

    def _refresh(self) -> None:
        if self._display is None:
            return
        self._display.update(self._task, completed=self.bytes_read, counts=self.line())
        # Drawn by the run itself, not by a timer thread: a busy run still shows its frames.
        now = self._clock()
        if now - self._drawn_at >= _FRAME_S:
            self._drawn_at = now
            self._display.refresh()

    def __enter__(self) -> RunProgress:
        if self._live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )

            columns = (
                BarColumn(bar_width=24),
                DownloadColumn(),
                TransferSpeedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                TextColumn("{task.fields[counts]}"),
            )
            console = Console(file=self._stream, stderr=True)
            self._display = Progress(*columns, console=console, transient=True, auto_refresh=False)
            self._task = self._display.add_task("run", total=self.bytes_total, counts=self.line())
            self._display.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._display is not None:
            self._display.refresh()  # the last counts, before the transient display is cleared
            self._display.stop()
            self._display = None


class _Watched:
    def __init__(self, resolver: EmbedResolver, progress: RunProgress) -> None:
        self._resolver = resolver
        self._progress = progress

    def prefetch(self, embeds: Iterable[Embed]) -> int:
        """Passed on, so a resolver that plans its queries still sees each chunk first."""
        prefetch = getattr(self._resolver, "prefetch", None)
        return int(prefetch(embeds)) if prefetch is not None else 0

    def resolve(self, embed: Embed) -> Resolution:
        self._progress._started_one()
        status = "failed"
        try:
            resolution = self._resolver.resolve(embed)
            status = resolution.status
            return resolution
        finally:
            self._progress._ended_one(status)


def _file_size(source: str) -> int | None:
    """The input's size in bytes when it is one file (a folder or stdin has none to go by)."""
    path = Path(source)
    return path.stat().st_size if source != "-" and path.is_file() else None
