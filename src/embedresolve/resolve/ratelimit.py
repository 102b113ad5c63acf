"""A thread-safe, per-bucket request spacer with host-wide pauses.

Algorithm: each bucket keeps the earliest time its next request may start.
``acquire`` reserves that slot under a lock, pushes the bucket's next slot one
interval (``1 / rate``) later, then sleeps *outside* the lock until its slot.
Concurrent callers therefore queue in arrival order, no two requests of a
bucket start less than one interval apart, and there are no bursts: archive
operators measure averages over short windows, and a polite client never
sends faster than the rate.

Pauses: ``pause(host, seconds)`` (used on a live 429) makes every bucket of
that host wait until the pause ends, including callers already queued, and
multiplies the host's rates by ``slowdown`` (default one half) down to
``min_rate_factor``. Several 429s landing during one pause (parallel workers
that were already in flight) extend the pause but halve the rate only once.
The rate never recovers within the process; see ``RateLimits``.

Waits are summed: every limiter adds the seconds each ``acquire`` slept, per
bucket, to a :class:`WaitTotals` (default: the process-wide ``WAITS``, which
the progress display reads, so it needs no handle on the fetcher's limiter).

Time is injected: ``clock`` (monotonic seconds) and ``sleep``. Tests pass a
fake pair and never wait; production uses ``time.monotonic``/``time.sleep``.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from embedresolve.resolve.config import Endpoints, RateLimits
from embedresolve.resolve.hosts import authority, normalize_hosts

Clock = Callable[[], float]
Sleep = Callable[[float], None]


class WaitTotals:
    """Seconds spent waiting for rate limits, per bucket; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_bucket: dict[str, float] = {}

    def add(self, key: str, seconds: float) -> None:
        with self._lock:
            self._by_bucket[key] = self._by_bucket.get(key, 0.0) + seconds

    def by_bucket(self) -> dict[str, float]:
        """A snapshot: seconds waited so far in each bucket that waited."""
        with self._lock:
            return dict(self._by_bucket)

    def total(self) -> float:
        with self._lock:
            return sum(self._by_bucket.values())


WAITS = WaitTotals()  # the process's: what the progress display and --stats show


class RateLimiter:
    """Spaces requests per bucket and pauses whole hosts; share one per process."""

    def __init__(
        self,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        slowdown: float = 0.5,
        min_rate_factor: float = 1 / 16,
        waits: WaitTotals | None = None,
    ) -> None:
        if not 0 < slowdown <= 1 or not 0 < min_rate_factor <= 1:
            raise ValueError("slowdown and min_rate_factor must be in (0, 1]")
        self._clock = clock
        self._sleep = sleep
        self._slowdown = slowdown
        self._min_factor = min_rate_factor
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._paused_until: dict[str, float] = {}
        self._factor: dict[str, float] = {}
        self.waits = WAITS if waits is None else waits

    def acquire(self, key: str, rate: float, *, host: str | None = None) -> float:
        """Block until a request in bucket ``key`` may start; return the seconds waited.

        ``rate`` is requests per second (``math.inf``: no spacing). ``host``
        names the pause group (default: the key itself).
        """
        if not rate > 0:
            raise ValueError("rate must be positive")
        group = key if host is None else host
        waited = 0.0
        while True:
            with self._lock:
                now = self._clock()
                start = max(
                    now,
                    self._next_slot.get(key, -math.inf),
                    self._paused_until.get(group, -math.inf),
                )
                effective = rate * self._factor.get(group, 1.0)
                self._next_slot[key] = start + (0.0 if math.isinf(effective) else 1 / effective)
            delay = start - now
            if delay > 0:
                self._sleep(delay)
                waited += delay
                self.waits.add(key, delay)
            with self._lock:
                # A pause that began while we slept applies to us too: queue again.
                if self._paused_until.get(group, -math.inf) <= start:
                    return waited

    def pause(self, host: str, seconds: float) -> None:
        """Stop every bucket of ``host`` for ``seconds`` from now, then run slower."""
        with self._lock:
            now = self._clock()
            current = self._paused_until.get(host, -math.inf)
            if current <= now:  # a new episode, not a late 429 from the same burst
                factor = self._factor.get(host, 1.0) * self._slowdown
                self._factor[host] = max(self._min_factor, factor)
            self._paused_until[host] = max(current, now + max(0.0, seconds))

    def paused_until(self, host: str) -> float | None:
        """Clock time at which the current pause of ``host`` ends, or None if not paused."""
        with self._lock:
            until = self._paused_until.get(host)
            return until if until is not None and until > self._clock() else None

    def rate_factor(self, host: str) -> float:
        """The multiplier 429s have applied to ``host``'s rates (1.0 = never slowed)."""
        with self._lock:
            return self._factor.get(host, 1.0)


@dataclass(frozen=True, slots=True)
class Bucket:
    """A rate-limit bucket: requests with the same ``key`` are spaced at ``rate``/s.

    ``host`` groups buckets for pauses: a live 429 from a host stops every
    bucket of that host, because the operator's limit is per client, not per
    endpoint.
    """

    key: str
    host: str
    rate: float


def bucket_for(url: str | httpx.URL, *, endpoints: Endpoints, limits: RateLimits) -> Bucket:
    """The bucket a request to ``url`` is counted against (see :class:`RateLimits`)."""
    parsed = url if isinstance(url, httpx.URL) else httpx.URL(url)
    host = authority(parsed)
    if host == authority(endpoints.wayback):
        # A local replica may live under a path (``http://localhost:8080/pywb``).
        base_path = httpx.URL(endpoints.wayback).path.rstrip("/")
        path = parsed.path
        if base_path and path.startswith(base_path):
            path = path[len(base_path) :]
        if path.startswith(limits.wayback_search_paths):
            return Bucket(f"{host} search", host, limits.wayback_search_per_second)
        return Bucket(f"{host} replay", host, limits.wayback_replay_per_second)
    for entry, rate in limits.per_host:
        if normalize_hosts(frozenset({entry})) == frozenset({host}):
            return Bucket(host, host, rate)
    return Bucket(host, host, limits.default_per_second)
