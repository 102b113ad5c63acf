"""A SQLite cache of HTTP answers and of finished resolutions, kept across runs.

Why: archives are slow and rate-limited, corpora repeat the same embeds, and a
re-run after a crash should not ask IA the same 10,000 questions again.

* Responses are keyed by URL (GETs only; the fetcher sends no varying request
  headers). Answers that do not change — 2xx/3xx and anything archived
  (``Memento-Datetime``) — live ``positive_ttl_s``; negative answers (404,
  410, 403 and other 4xx) live the shorter ``negative_ttl_s`` because a post
  that is missing today may be archived, or un-protected, tomorrow. 5xx and
  failures are never stored.
* Resolutions are JSON objects under a caller-chosen key with their own TTL,
  so identical embeds across a corpus are resolved once.

One connection guarded by a lock serves all threads; WAL mode and a busy
timeout let several processes share a file. Expiry uses wall-clock epoch
seconds (``now``, injectable) because entries outlive the process.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from embedresolve.resolve.http import Fetcher, FetchResult, SupportsFetch

SCHEMA_VERSION = 1
DAY = 86_400.0

_SCHEMA = """
CREATE TABLE IF NOT EXISTS responses (
    url TEXT PRIMARY KEY,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    retrieved_at TEXT NOT NULL,
    memento_datetime TEXT,
    stored_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS resolutions (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    stored_at REAL NOT NULL,
    expires_at REAL NOT NULL
);
"""


def default_cache_path(env: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """``$XDG_CACHE_HOME/embedresolve/cache.sqlite3`` (else ``~/.cache/...``).

    For the CLI to call; the library itself never picks a path on its own.
    """
    env = os.environ if env is None else env
    base = env.get("XDG_CACHE_HOME") or str((home or Path.home()) / ".cache")
    return Path(base) / "embedresolve" / "cache.sqlite3"


class ResponseCache:
    """HTTP answers and resolution results in SQLite; thread-safe.

    ``path=":memory:"`` gives a private in-memory cache (tests, ``--no-cache``
    runs that still want in-run de-duplication).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = ":memory:",
        *,
        positive_ttl_s: float = 30 * DAY,
        negative_ttl_s: float = 1 * DAY,
        now: Callable[[], float] = time.time,
    ) -> None:
        if positive_ttl_s < 0 or negative_ttl_s < 0:
            raise ValueError("TTLs must not be negative")
        self.positive_ttl_s = positive_ttl_s
        self.negative_ttl_s = negative_ttl_s
        self._now = now
        self._lock = threading.Lock()
        target = str(path)
        if target != ":memory:":
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(target, check_same_thread=False, isolation_level=None)
        with self._lock:
            self._db.execute("PRAGMA busy_timeout = 5000")
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                # It is a cache: an old layout is dropped, not migrated.
                self._db.executescript("DROP TABLE IF EXISTS responses; DROP TABLE IF EXISTS resolutions;")
            self._db.executescript(_SCHEMA)
            self._db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> ResponseCache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- responses -------------------------------------------------------------------

    def ttl_for(self, result: FetchResult) -> float | None:
        """How long ``result`` may be reused, or None if it must not be stored."""
        if result.is_memento or 200 <= result.status < 400:
            return self.positive_ttl_s
        if 400 <= result.status < 500 and result.status != 429:
            return self.negative_ttl_s
        return None

    def get(self, url: str) -> FetchResult | None:
        """The stored answer for ``url`` if still fresh (``from_cache=True``, ``attempts=0``)."""
        with self._lock:
            row = self._db.execute(
                "SELECT status, headers, body, sha256, retrieved_at, memento_datetime"
                " FROM responses WHERE url = ? AND expires_at > ?",
                (url, self._now()),
            ).fetchone()
        if row is None:
            return None
        status, headers, body, sha256, retrieved_at, memento = row
        memento_dt = _parse_iso(memento) if memento is not None else None
        return FetchResult(
            url=url,
            status=status,
            headers=json.loads(headers),
            body=bytes(body),
            elapsed_s=0.0,
            attempts=0,
            retrieved_at=retrieved_at,
            memento_datetime=memento_dt,
            sha256=sha256,
            from_cache=True,
        )

    def put(self, result: FetchResult) -> bool:
        """Store ``result`` if it is cacheable; return whether it was stored."""
        ttl = self.ttl_for(result)
        if ttl is None:
            return False
        now = self._now()
        memento = result.memento_datetime.isoformat() if result.memento_datetime else None
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO responses (url, status, headers, body, sha256,"
                " retrieved_at, memento_datetime, stored_at, expires_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    result.url,
                    result.status,
                    json.dumps(result.headers, sort_keys=True),
                    result.body,
                    result.sha256,
                    result.retrieved_at,
                    memento,
                    now,
                    now + ttl,
                ),
            )
        return True

    # -- resolutions -----------------------------------------------------------------

    def get_resolution(self, key: str) -> dict[str, Any] | None:
        """A stored resolution (a JSON object) if still fresh."""
        with self._lock:
            row = self._db.execute(
                "SELECT value FROM resolutions WHERE key = ? AND expires_at > ?",
                (key, self._now()),
            ).fetchone()
        if row is None:
            return None
        value = json.loads(row[0])
        return value if isinstance(value, dict) else None

    def put_resolution(self, key: str, value: Mapping[str, Any], ttl: float) -> None:
        """Store a JSON-serialisable mapping under ``key`` for ``ttl`` seconds."""
        if ttl < 0:
            raise ValueError("ttl must not be negative")
        text = json.dumps(dict(value), sort_keys=True, ensure_ascii=False)
        now = self._now()
        with self._lock:
            self._db.execute(
                "INSERT OR REPLACE INTO resolutions (key, value, stored_at, expires_at) VALUES (?, ?, ?, ?)",
                (key, text, now, now + ttl),
            )

    def purge_expired(self) -> int:
        """Delete expired rows; return how many went."""
        now = self._now()
        with self._lock:
            gone = self._db.execute("DELETE FROM responses WHERE expires_at <= ?", (now,)).rowcount
            gone += self._db.execute("DELETE FROM resolutions WHERE expires_at <= ?", (now,)).rowcount
        return int(gone)


def _parse_iso(value: str) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


class CachingFetcher:
    """A fetcher that answers from a :class:`ResponseCache` when it can.

    The allow-list is checked first even on a hit (when the inner fetcher is a
    :class:`Fetcher`), so changing the endpoints also changes what the cache
    may serve. ``read=False`` refreshes: always fetch, still store.
    Concurrent misses for one URL may both fetch; resolution-level caching is
    where de-duplication across a corpus happens.
    """

    def __init__(self, inner: SupportsFetch, cache: ResponseCache, *, read: bool = True) -> None:
        self.inner = inner
        self.cache = cache
        self.read = read

    def fetch(self, url: str, *, purpose: str) -> FetchResult:
        if isinstance(self.inner, Fetcher):
            self.inner.check_allowed(url)
        if self.read:
            hit = self.cache.get(url)
            if hit is not None:
                return replace(hit, purpose=purpose)
        result = self.inner.fetch(url, purpose=purpose)
        self.cache.put(result)
        return result
