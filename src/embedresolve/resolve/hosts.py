"""Which service a URL belongs to: its authority, and allow-list checks.

Pure functions over URLs, kept apart from the fetcher so the policy can be
read (and tested) without any I/O. They know nothing of the configuration
(``config`` builds on them; ``ratelimit.bucket_for`` maps a URL to its bucket).
"""

from __future__ import annotations

import httpx


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
