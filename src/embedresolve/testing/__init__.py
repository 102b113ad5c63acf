"""Helpers for testing code that uses embedresolve, without a network.

:class:`StaticSource` answers all three source questions from dictionaries, so
a test can put a :class:`~embedresolve.resolve.resolver.Resolver` in any state
("the archive has this redirect", "syndication says deleted") in one line.
Our own integration tests talk to real local servers instead; this is for the
chain's logic and for users' tests.

Those servers are here too, for the tests and the benchmarks alike:

* :mod:`.faults` — :class:`~.faults.FaultServer`, a scripted or proxying HTTP
  server that resets, stalls, truncates and rate-limits on cue;
* :mod:`.wayback_server` — pywb (found or installed in its own venv) behind an
  Internet-Archive-compatible layer (``ia_compat_server.py``), on loopback;
* :mod:`.warcs` — :func:`~.warcs.write_warc`, archived responses as WARC files
  for that pywb (needs warcio).
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from embedresolve.provenance import Outcome, Post
from embedresolve.resolve.models import Candidate, Lookup

__all__ = ["FakeClock", "StaticSource"]


@dataclass
class StaticSource:
    """A source whose answers are given up front; unknown questions get ``miss``.

    ``posts`` maps an ID to a :class:`Post` or to an outcome string
    (``"deleted"``, ``"protected"``, ``"failed"`` …).
    """

    name: str = "static"
    short_codes: Mapping[str, str] = field(default_factory=dict)
    candidate_ids: Mapping[str, list[Candidate]] = field(default_factory=dict)  # key: handle
    posts: Mapping[str, Post | Outcome] = field(default_factory=dict)
    miss: Outcome = "not_found"
    asked: list[str] = field(default_factory=list)

    def expand_short_code(self, code: str) -> Lookup[str]:
        self.asked.append(f"code:{code}")
        if code in self.short_codes:
            return Lookup(source=self.name, outcome="found", value=self.short_codes[code])
        return Lookup(source=self.name, outcome=self.miss)

    def candidates(self, handle: str, day: date, *, wider: bool = False) -> Lookup[list[Candidate]]:
        self.asked.append(f"candidates:{handle}:{day.isoformat()}" + (":wider" if wider else ""))
        found = None if wider else self.candidate_ids.get(handle.casefold()) or self.candidate_ids.get(handle)
        if found:
            return Lookup(source=self.name, outcome="found", value=list(found))
        return Lookup(source=self.name, outcome=self.miss, value=[])

    def post(self, post_id: str, handle: str | None = None) -> Lookup[Post]:
        self.asked.append(f"post:{post_id}")
        answer = self.posts.get(post_id, self.miss)
        if isinstance(answer, Post):
            return Lookup(source=self.name, outcome="found", value=answer)
        return Lookup(source=self.name, outcome=answer, reason=f"static answer: {answer}")


class FakeClock:
    """Monotonic time that moves only when something sleeps; every sleep is recorded.

    Give it as both ``clock`` and ``sleep`` (``clock.sleep``) to a
    :class:`~embedresolve.resolve.http.Fetcher` or a rate limiter: retries,
    backoff and 429 pauses then run in full without a test ever waiting.
    """

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
            self.now += seconds

    def advance(self, seconds: float) -> None:
        with self._lock:
            self.now += seconds
