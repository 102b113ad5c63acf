"""Errors of the resolver (its HTTP layer and the payloads it reads), rooted in :class:`EmbedResolveError`.

    EmbedResolveError                 (embedresolve.errors)
    └── ResolveError
        ├── FetchFailed               a request that produced no usable answer
        │   ├── HostNotAllowed        refused before any I/O (category "host_not_allowed")
        │   └── ResponseTooLarge      the body passed max_response_bytes ("too_large")
        ├── PostUnavailable           a payload says the post is gone (``resolve.formats``)
        └── UnreadablePayload         a payload carries no post (``resolve.formats``; a ValueError)

Every ``FetchFailed`` carries what provenance records about a failure: the
``category`` (a stable machine-readable code, see :data:`FailureCategory`), how
many ``attempts`` were made, the ``elapsed_s`` they took and the ``last_status``
seen, if any. Callers catch ``FetchFailed`` once and file the category; they do
not parse messages. httpx exceptions never leave the resolver: they are
translated at the boundary (``raise FetchFailed(...) from e``) so the cause stays
on ``__cause__`` for debugging.

Answers are not errors: a 404, a 403 or an archived 429 is returned as a
``FetchResult`` because it *is* the fact the resolver needs ("deleted",
"protected", "archived rate-limit page").
"""

from __future__ import annotations

from typing import Literal

from embedresolve.errors import EmbedResolveError

FailureCategory = Literal[
    "timeout",  # connect/read/write/pool timeout, or the per-attempt deadline passed
    "connect",  # could not open a connection (refused, DNS, TLS handshake)
    "reset",  # the connection broke while reading or writing (ECONNRESET, EPIPE)
    "protocol",  # malformed or truncated HTTP (server hung up mid-message)
    "http_5xx",  # 500/502/503/504/599 until retries ran out
    "http_4xx",  # 413/421 until retries ran out (retryable client-side statuses)
    "rate_limited",  # live 429s until retries ran out
    "too_large",  # body larger than max_response_bytes
    "decoding",  # Content-Encoding that does not decode
    "host_not_allowed",  # URL outside the configured endpoints
    "offline",  # not in the cache, and the run may not use the network (--offline)
    "transport",  # any other transport failure httpx reports
]
"""Why a fetch failed; stable strings written into provenance."""


class ResolveError(EmbedResolveError):
    """Root of the resolver's own errors."""


class FetchFailed(ResolveError):
    """No usable HTTP answer for ``url`` after ``attempts`` tries.

    ``last_status`` is the status of the last response received (None when the
    last attempt got no response at all, e.g. a timeout).
    """

    def __init__(
        self,
        message: str,
        *,
        url: str,
        category: FailureCategory,
        attempts: int,
        elapsed_s: float,
        last_status: int | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.category: FailureCategory = category
        self.attempts = attempts
        self.elapsed_s = elapsed_s
        self.last_status = last_status

    def to_dict(self) -> dict[str, object]:
        """The failure as a provenance entry fragment."""
        return {
            "url": self.url,
            "category": self.category,
            "attempts": self.attempts,
            "elapsed_s": round(self.elapsed_s, 3),
            "last_status": self.last_status,
            "message": str(self),
        }


class HostNotAllowed(FetchFailed):
    """The URL's host is not one of the configured endpoints.

    Raised before any I/O. The resolver only talks to the services it was
    configured for; a URL lifted from article text (or from a redirect) is
    data, never something to fetch.
    """

    def __init__(self, url: str, host: str) -> None:
        super().__init__(
            f"refusing to fetch {url!r}: host {host!r} is not a configured endpoint",
            url=url,
            category="host_not_allowed",
            attempts=0,
            elapsed_s=0.0,
        )
        self.host = host


class ResponseTooLarge(FetchFailed):
    """The response body exceeded ``limit`` bytes; it is not retried (it would be again)."""

    def __init__(
        self,
        url: str,
        *,
        limit: int,
        attempts: int,
        elapsed_s: float,
        last_status: int | None,
        declared: int | None = None,
    ) -> None:
        how = f"declares {declared} bytes" if declared is not None else "kept coming"
        super().__init__(
            f"response from {url!r} {how}; limit is {limit} bytes",
            url=url,
            category="too_large",
            attempts=attempts,
            elapsed_s=elapsed_s,
            last_status=last_status,
        )
        self.limit = limit
        self.declared = declared
