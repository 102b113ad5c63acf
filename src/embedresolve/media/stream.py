"""Streaming GETs of media files: to a temp file, hashed as they arrive, bounded in size.

``Fetcher`` holds bodies in memory (at most a few MB): right for JSON, wrong for
a 600 MB video. :class:`MediaStreamer` applies the same discipline with the same
objects — the shared ``httpx.Client``, the shared :class:`RateLimiter` and its
buckets (``bucket_for``), the allow-list (checked before any I/O) — and never
follows a redirect. Timeouts, connect errors, resets and the statuses of
``RETRYABLE_STATUSES`` are retried with exponential backoff (tenacity, the
injected ``sleep``); a live 429 pauses the whole host like the fetcher does; a
response with ``Memento-Datetime`` is archived content and never retried.

``origins`` maps a media host to the base URL that serves it (a local mirror,
the test suite's media app): the URL recorded everywhere stays the original.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import tenacity

from embedresolve.media.magic import SNIFF_BYTES
from embedresolve.media.sources import (
    RETRYABLE_STATUSES,
    FailureCategory,
    FetchFailed,
    HostNotAllowed,
    RateLimiter,
    ResolveConfig,
    ResponseTooLarge,
    authority,
    bucket_for,
    normalize_hosts,
    parse_http_date,
    parse_retry_after,
    utc_now_iso,
)

__all__ = ["Download", "MediaStreamer", "Spooled", "base32_sha1", "spool"]

_CHUNK = 256 * 1024


def base32_sha1(digest: bytes) -> str:
    """A SHA-1 the way CDX indexes and ``WARC-Payload-Digest`` write it."""
    return base64.b32encode(digest).decode("ascii")


@dataclass(slots=True, kw_only=True)
class Download:
    """One answer. ``path`` holds the body (2xx only; the caller moves or deletes it)."""

    url: str
    status: int
    headers: dict[str, str]
    path: Path | None
    size: int
    sha256: str
    sha1_base32: str
    head: bytes
    attempts: int
    retrieved_at: str
    memento_datetime: datetime | None

    @property
    def is_memento(self) -> bool:
        return "memento-datetime" in self.headers

    def discard(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


class _Retry(Exception):
    def __init__(self, reason: FailureCategory, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason: FailureCategory = reason
        self.status = status


class MediaStreamer:
    """Streams media with the resolver's client, limiter and allow-list (see the module docstring)."""

    def __init__(
        self,
        client: httpx.Client,
        config: ResolveConfig,
        limiter: RateLimiter,
        *,
        allowed_hosts: frozenset[str],
        temp_dir: Path,
        origins: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        deadline_s: float | None = None,
    ) -> None:
        self._client = client
        self.config = config
        self.limiter = limiter
        self.allowed = normalize_hosts(allowed_hosts)
        self.temp_dir = temp_dir
        self.origins = {normalize_host(k): v.rstrip("/") for k, v in (origins or {}).items()}
        self._sleep = sleep
        # A video takes longer than a JSON answer: its own bound on one whole download.
        self.deadline_s = config.http.deadline_s if deadline_s is None else deadline_s
        self.requests = 0

    def is_allowed(self, url: str) -> bool:
        host = authority(url)
        return bool(host) and host in self.allowed

    def _target(self, url: str) -> str:
        """The URL actually requested: the original, or its path on the host's configured origin."""
        parsed = httpx.URL(url)
        base = self.origins.get(authority(parsed))
        if base is None:
            return url
        tail = parsed.raw_path.decode("ascii")
        return base + tail

    def get(self, url: str, *, max_bytes: int) -> Download:
        """GET ``url`` (never following redirects) into a temp file; raises ``FetchFailed`` subclasses."""
        if not self.is_allowed(url):
            raise HostNotAllowed(url, authority(url))
        bucket = bucket_for(url, endpoints=self.config.endpoints, limits=self.config.rate_limits)
        http = self.config.http
        attempts = 0

        def attempt() -> Download:
            nonlocal attempts
            self.limiter.acquire(bucket.key, bucket.rate, host=bucket.host)
            attempts += 1
            self.requests += 1
            return self._attempt(url, max_bytes=max_bytes, attempts=attempts, host=bucket.host)

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Retry),
            stop=tenacity.stop_after_attempt(http.max_attempts),
            wait=tenacity.wait_exponential(multiplier=http.backoff_base_s, max=http.backoff_max_s),
            sleep=self._sleep,
            reraise=True,
        )
        try:
            return retrying(attempt)
        except _Retry as last:
            raise FetchFailed(
                f"GET {url} failed after {attempts} attempt(s): {last.reason}",
                url=url,
                category=last.reason,
                attempts=attempts,
                elapsed_s=0.0,
                last_status=last.status,
            ) from last.__cause__

    def _attempt(self, url: str, *, max_bytes: int, attempts: int, host: str) -> Download:
        http = self.config.http
        deadline = time.monotonic() + self.deadline_s
        try:
            with self._client.stream(
                "GET",
                self._target(url),
                headers={"User-Agent": http.user_agent, "Accept-Encoding": "identity"},
                follow_redirects=False,
                timeout=httpx.Timeout(
                    connect=http.connect_timeout_s,
                    read=http.read_timeout_s,
                    write=http.read_timeout_s,
                    pool=http.connect_timeout_s,
                ),
            ) as response:
                status = response.status_code
                headers = {k: ", ".join(response.headers.get_list(k)) for k in response.headers}
                memento = "memento-datetime" in headers
                if not memento and status == 429:
                    pause = parse_retry_after(headers.get("retry-after"), date=headers.get("date"))
                    self.limiter.pause(host, max(pause or 0.0, self.config.rate_limits.min_pause_s))
                    raise _Retry("rate_limited", status)
                if not memento and status in RETRYABLE_STATUSES:
                    raise _Retry("http_5xx" if status >= 500 else "http_4xx", status)
                declared = headers.get("content-length", "").split(",")[0].strip()
                if declared.isdigit() and int(declared) > max_bytes:
                    raise self._too_large(url, max_bytes, attempts, status, int(declared))
                if not 200 <= status < 300:
                    return self._answer(url, status, headers, None, attempts)
                return self._body(url, response, headers, max_bytes, attempts, deadline)
        except httpx.TimeoutException as e:
            raise _Retry("timeout") from e
        except httpx.ConnectError as e:
            raise _Retry("connect") from e
        except (httpx.ReadError, httpx.WriteError) as e:
            raise _Retry("reset") from e
        except httpx.RemoteProtocolError as e:
            raise _Retry("protocol") from e

    def _body(
        self,
        url: str,
        response: httpx.Response,
        headers: dict[str, str],
        max_bytes: int,
        attempts: int,
        deadline: float,
    ) -> Download:
        def chunks() -> Iterator[bytes]:
            # iter_raw: the bytes as served (we ask for identity encoding), which is
            # what a WARC payload digest and a CDX digest are computed over.
            for chunk in response.iter_raw(_CHUNK):
                if time.monotonic() > deadline:
                    raise _Retry("timeout", response.status_code)
                yield chunk

        def too_large() -> ResponseTooLarge:
            return self._too_large(url, max_bytes, attempts, response.status_code)

        spooled = spool(chunks(), self.temp_dir, max_bytes=max_bytes, too_large=too_large)
        download = self._answer(url, response.status_code, headers, spooled.path, attempts)
        download.size, download.head = spooled.size, spooled.head
        download.sha256, download.sha1_base32 = spooled.sha256, spooled.sha1_base32
        return download

    def _answer(
        self, url: str, status: int, headers: dict[str, str], path: Path | None, attempts: int
    ) -> Download:
        return Download(
            url=url,
            status=status,
            headers=headers,
            path=path,
            size=0,
            sha256="",
            sha1_base32="",
            head=b"",
            attempts=attempts,
            retrieved_at=utc_now_iso(),
            memento_datetime=parse_http_date(headers.get("memento-datetime")),
        )

    def _too_large(
        self, url: str, limit: int, attempts: int, status: int, declared: int | None = None
    ) -> ResponseTooLarge:
        return ResponseTooLarge(
            url, limit=limit, attempts=attempts, elapsed_s=0.0, last_status=status, declared=declared
        )


@dataclass(frozen=True, slots=True)
class Spooled:
    """A body written to a temp file, with its digests and first bytes."""

    path: Path
    size: int
    sha256: str
    sha1_base32: str
    head: bytes


def spool(
    chunks: Iterable[bytes], temp_dir: Path, *, max_bytes: int, too_large: Callable[[], Exception]
) -> Spooled:
    """Write ``chunks`` to a new temp file in ``temp_dir``, hashing as they pass; never more than
    ``max_bytes`` (``too_large()`` is raised, the file removed). Memory use is one chunk."""
    temp_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".part-", dir=temp_dir)
    path = Path(name)
    sha256, sha1 = hashlib.sha256(), hashlib.sha1()
    size = 0
    head = b""
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise too_large()
                if len(head) < SNIFF_BYTES:
                    head += chunk[: SNIFF_BYTES - len(head)]
                sha256.update(chunk)
                sha1.update(chunk)
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Spooled(path, size, sha256.hexdigest(), base32_sha1(sha1.digest()), head)


def normalize_host(entry: str) -> str:
    return next(iter(normalize_hosts(frozenset({entry}))), entry)
