"""One exception tree for the whole package: every error embedresolve raises on purpose.

    EmbedResolveError
    ├── RecordError              a record that cannot be processed (goes to the rejects file)
    │   ├── BadJSON
    │   ├── MissingField
    │   ├── NotAString
    │   ├── Undecodable
    │   ├── Oversize
    │   ├── ReservedField
    │   ├── NotAnObject
    │   ├── BadCSV
    │   └── RestoreError         a cleaned record whose embeds do not fit its text
    ├── ResolveError             the resolver's own errors (never escape a source's lookup)
    │   ├── FetchFailed          a request that produced no usable answer (``category``)
    │   │   ├── HostNotAllowed   refused before any I/O ("host_not_allowed")
    │   │   └── ResponseTooLarge the body passed max_response_bytes ("too_large")
    │   ├── CdxError             a CDX server answered, but not with an index
    │   │   └── ArchiveBlocked   the archive excludes the URL (``kind``: blocked, robots)
    │   ├── CdxParseError        a body that is not a CDX answer at all (also a ValueError)
    │   ├── PostUnavailable      a payload says the post is gone (``outcome``)
    │   └── UnreadablePayload    a payload carries no post (also a ValueError)
    └── UsageError               bad options or arguments (exit status 2)
        ├── InputError           the input cannot be read (missing, unreadable, format unknown)
        └── OutputError          the output cannot be written there

Each error carries the data a rejects file or a provenance entry needs, not
just a message: ``RecordError.reason`` is a stable code for the rejects file;
every :class:`FetchFailed` carries the failure ``category`` (see
:data:`FailureCategory`), the ``attempts`` made, the ``elapsed_s`` they took and
the ``last_status`` seen. Callers catch ``FetchFailed`` once and file the
category; they do not parse messages. httpx exceptions never leave the
resolver: they are translated at the boundary (``raise FetchFailed(...) from
e``) so the cause stays on ``__cause__``.

Answers are not errors: a 404, a 403 or an archived 429 is returned as a
``FetchResult`` because it *is* the fact the resolver needs ("deleted",
"protected", "archived rate-limit page").
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:  # the HTTP answer a CDX error carries (resolve.http imports this module)
    from embedresolve.resolve.http import FetchResult


class EmbedResolveError(Exception):
    """Root of every error embedresolve raises on purpose."""


class RecordError(EmbedResolveError):
    """A record that cannot be processed; ``reason`` is a stable machine-readable code."""

    reason = "bad_record"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class BadJSON(RecordError):
    reason = "bad_json"


class MissingField(RecordError):
    reason = "missing_field"


class NotAString(RecordError):
    reason = "not_a_string"


class Undecodable(RecordError):
    reason = "undecodable"


class Oversize(RecordError):
    reason = "oversize"


class ReservedField(RecordError):
    reason = "reserved_field"


class NotAnObject(RecordError):
    """Valid JSON that is not an object (records are JSON objects)."""

    reason = "not_an_object"


class BadCSV(RecordError):
    """A CSV row whose values cannot be put under the right column names."""

    reason = "bad_csv"


class RestoreError(RecordError):
    """A cleaned record whose embeds do not match its text (edited after cleaning?)."""

    reason = "bad_embeds"


FailureCategory = Literal[
    "timeout",  # connect/read/write/pool timeout, or the per-attempt deadline passed
    "connect",  # could not open a connection (refused, DNS, TLS handshake)
    "unreachable",  # the host was marked down earlier in the run (name not known, refused): not tried
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


class CdxError(ResolveError):
    """The CDX server answered, but not with an index (400 bad query, 5xx page, garbage).

    ``result`` is the answer, for provenance.
    """

    def __init__(self, message: str, result: FetchResult) -> None:
        super().__init__(message)
        self.result = result


class ArchiveBlocked(CdxError):
    """The archive excludes this URL (``kind``: ``blocked`` by its operators or ``robots``).

    Do not retry it or ask for another time range: the exclusion covers
    every capture.
    """

    def __init__(self, kind: str, result: FetchResult) -> None:
        super().__init__(f"archive refuses {result.url}: {kind}", result)
        self.kind = kind


class CdxParseError(ResolveError, ValueError):
    """The body is not a CDX answer at all (not JSON when it looks like it, not a list)."""


Unavailable = Literal["deleted", "protected", "not_found"]


class PostUnavailable(ResolveError):
    """The payload itself says there is no post to show.

    ``outcome`` is what a source reports (``deleted``: a tombstone or "no
    status found"; ``protected``: private or suspended; ``not_found``: an
    empty answer); ``reason`` quotes the payload.
    """

    def __init__(self, outcome: Unavailable, reason: str) -> None:
        super().__init__(f"{outcome}: {reason}")
        self.outcome: Unavailable = outcome
        self.reason = reason


class UnreadablePayload(ResolveError, ValueError):
    """The payload does not carry a post in the shape its parser reads; the message says why."""


class UsageError(EmbedResolveError):
    """Bad options or arguments: the CLI maps this to exit status 2."""


class InputError(UsageError):
    """The input cannot be read: not found, unreadable, or of a format its name does not tell."""


class OutputError(UsageError):
    """The output cannot be written where it was asked to go (no such folder, no permission)."""
