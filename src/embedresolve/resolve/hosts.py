"""Which service a URL belongs to: allow-list checks and rate-limit buckets.

Pure functions over URLs and config values, kept apart from the fetcher so the
policy can be read (and tested) without any I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from embedresolve.resolve.config import Endpoints, RateLimits


def authority(url: str | httpx.URL) -> str:
    """``host`` or ``host:port`` of an http(s) URL, lower-case, IDNA-encoded.

    The scheme's default port is dropped, so ``https://web.archive.org:443/x``
    and ``https://web.archive.org`` are the same service. Returns ``""`` for a
    URL that is not absolute http(s).
    """
    parsed = url if isinstance(url, httpx.URL) else _parse(url)
    if parsed is None or parsed.scheme not in ("http", "https") or not parsed.raw_host:
        return ""
    return parsed.netloc.decode("ascii").lower()


def _parse(url: str) -> httpx.URL | None:
    try:
        return httpx.URL(url)
    except httpx.InvalidURL:
        return None


def normalize_hosts(hosts: frozenset[str]) -> frozenset[str]:
    """Allow-list entries in the same form :func:`authority` produces."""
    out = set()
    for entry in hosts:
        entry = entry.strip().lower()
        if "://" in entry:
            entry = authority(entry)
        if entry:
            out.add(entry)
    return frozenset(out)


def is_allowed(url: str | httpx.URL, allowed: frozenset[str]) -> bool:
    """True when ``url`` is http(s) on one of the ``allowed`` authorities (already normalized)."""
    host = authority(url)
    return bool(host) and host in allowed


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
