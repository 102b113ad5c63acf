"""Fetching from a Mastodon instance named by an embed: that host, and the statuses path only.

Mastodon runs on any domain, so its hosts cannot be listed in advance. The
host comes from the embed's own post URL (its canonical form, built from
the markup's link, never from prose), and :class:`InstanceFetchers` lets a
request through only when it is ``https://<host>/api/v1/statuses/<digits>``
with no query: for each host it makes a fetcher whose allow-list is exactly
that host, so every other rule (rate limit per host, retries, live-429
pause, the response cache) is the fetcher's own.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from embedresolve.errors import HostNotAllowed
from embedresolve.resolve.http import FetchResult, SupportsFetch

__all__ = ["STATUS_PATH", "InstanceFetchers"]

STATUS_PATH = re.compile(r"/api/v1/statuses/[0-9]{1,20}")


class InstanceFetchers:
    """``SupportsFetch`` for Mastodon statuses on any instance (see the module docstring)."""

    def __init__(self, make: Callable[[str], SupportsFetch], close: Callable[[SupportsFetch], None]) -> None:
        self._make = make
        self._close = close
        self._made: dict[str, SupportsFetch] = {}
        self._lock = threading.Lock()

    def fetch(self, url: str, *, purpose: str) -> FetchResult:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme != "https" or not host or parts.query or not STATUS_PATH.fullmatch(parts.path):
            raise HostNotAllowed(url, host)
        with self._lock:
            fetcher = self._made.get(host)
            if fetcher is None:
                fetcher = self._made[host] = self._make(host)
        return fetcher.fetch(url, purpose=purpose)

    def close(self) -> None:
        with self._lock:
            for fetcher in self._made.values():
                self._close(fetcher)
            self._made.clear()
