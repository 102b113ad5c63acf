"""The one way the resolver talks HTTP: bounded, polite, retried, explained.

``Fetcher.fetch(url, purpose=...)`` either returns a :class:`FetchResult` (an
*answer*: any status the caller must interpret) or raises
:class:`~embedresolve.errors.FetchFailed` with a category. The rules,
from DESIGN.md §4 and the archive guide (§1.7, §6):

* Only configured endpoints are fetched (:class:`HostNotAllowed`, before any
  I/O). Redirects are never followed: a 3xx is an answer whose ``Location``
  the caller reads (t.co and Wayback redirects *are* the data).
* Every attempt first takes a slot from the shared :class:`RateLimiter`.
* Timeouts, connect errors, resets, protocol errors and statuses
  413/421/500/502/503/504/599 are retried with exponential backoff and jitter,
  at most ``max_attempts`` times and never past ``max_retry_seconds``.
* A response carrying ``Memento-Datetime`` is archived content, whatever its
  status: returned at once, never retried, never taken for a live error.
* A *live* 429 pauses the whole host for max(Retry-After, 60 s) and slows it
  down (see ``ratelimit``); the request is then retried like any other, within
  the same bounds. Ignoring 429s gets an IP blocked at IA's firewall.
* A host that cannot be reached — its name is not known (at once) or it
  refuses connections (twice) — is marked down for the run by a
  :class:`CircuitBreaker`: every later request to it fails at once with
  category ``unreachable`` and the reason ("network unreachable:
  web.archive.org: name not known"), instead of retrying for every embed.
* A :class:`~.config.Credential` of the request's host is sent as an
  ``Authorization: Bearer`` header, never in the URL, so the URLs recorded in
  evidence, cache keys and messages carry no secret; and :func:`redact`
  replaces an ``access_token=`` query value (a URL someone built by hand) and
  any configured token in every URL and message the fetcher hands back.
* Other 4xx are answers. Bodies are streamed and cut off at
  ``max_response_bytes`` (:class:`ResponseTooLarge`, not retried); each
  attempt is bounded by ``deadline_s`` of wall time.

Time (``clock``/``sleep``) is injected, and tenacity gets the same ``sleep``,
so tests run the whole retry and pause machinery without waiting.
"""

from __future__ import annotations

import hashlib
import random
import re
import socket
import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

import httpx
import tenacity

from embedresolve.errors import (
    FailureCategory,
    FetchFailed,
    HostNotAllowed,
    ResponseTooLarge,
)
from embedresolve.provenance import utc_now_iso
from embedresolve.resolve.config import HttpConfig, ResolveConfig
from embedresolve.resolve.headers import parse_http_date, parse_retry_after
from embedresolve.resolve.hosts import authority, normalize_hosts
from embedresolve.resolve.ratelimit import Bucket, Clock, RateLimiter, Sleep, bucket_for

_ACCESS_TOKEN = re.compile(r"(?i)(access_token=)[^&#\s\"']*")
REDACTED = "REDACTED"


def redact(text: str, secrets: frozenset[str] = frozenset()) -> str:
    """``text`` with every ``access_token=…`` value and every one of ``secrets`` replaced by REDACTED."""
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    return _ACCESS_TOKEN.sub(r"\1" + REDACTED, text)


RETRYABLE_STATUSES = frozenset({413, 421, 500, 502, 503, 504, 599})
"""Transient by experience: "Wayback sometimes produces 500 errors for transient
issues" (edgi ``WaybackSession.retryable_statuses``, the same set)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class FetchResult:
    """One HTTP answer, with what provenance needs to re-check it later.

    ``headers`` has lower-case keys; repeated headers are joined with ", ".
    ``body`` is the decoded entity (Content-Encoding removed) and ``sha256``
    is its hex digest. ``elapsed_s`` runs from the first attempt to the answer
    (retries and pauses included, queueing for the first slot not), on the
    fetcher's clock. A cached result has ``from_cache=True`` and
    ``attempts=0``: no request was made for it in this run; ``retrieved_at``
    is then when it was originally fetched.
    """

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_s: float
    attempts: int
    retrieved_at: str
    memento_datetime: datetime | None
    sha256: str
    from_cache: bool = False
    purpose: str = ""

    @property
    def is_memento(self) -> bool:
        """Archived content (the header's presence is what counts, even if unparseable)."""
        return "memento-datetime" in self.headers

    @property
    def location(self) -> str | None:
        """The ``Location`` header as sent (may be relative); None when absent."""
        return self.headers.get("location")


class SupportsFetch(Protocol):
    """What sources depend on: a :class:`Fetcher`, a :class:`CachingFetcher`, or a fake."""

    def fetch(self, url: str, *, purpose: str) -> FetchResult: ...


def make_client(config: HttpConfig, *, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """An ``httpx.Client`` set up the way the fetcher needs it.

    Redirects off, our User-Agent, our timeouts. The fetcher re-asserts all
    three per request, so a caller-built client cannot loosen them.
    """
    return httpx.Client(
        follow_redirects=False,
        timeout=_timeout(config),
        headers={"User-Agent": config.user_agent},
        transport=transport,
    )


def _timeout(config: HttpConfig) -> httpx.Timeout:
    return httpx.Timeout(
        connect=config.connect_timeout_s,
        read=config.read_timeout_s,
        write=config.read_timeout_s,
        pool=config.connect_timeout_s,
    )


REFUSALS_TO_TRIP = 2
"""Refused connections (in a row, any request) after which a host is taken as down."""


class CircuitBreaker:
    """Which hosts are down for this run, and why; shared by every worker thread.

    A DNS failure trips at once (the name will not resolve on the next try
    either); refused or failed connections trip after ``refusals`` in a row; any
    answer from the host resets its count. Timeouts and 5xx never trip it:
    they are the archive being slow or busy, which retries and pauses handle.
    """

    def __init__(self, refusals: int = REFUSALS_TO_TRIP) -> None:
        self._refusals = refusals
        self._failures: dict[str, int] = {}
        self._down: dict[str, str] = {}
        self._lock = threading.Lock()

    def down(self, host: str) -> str | None:
        """Why ``host`` is down, or None when it may be tried."""
        with self._lock:
            return self._down.get(host)

    def failed(self, host: str, reason: str, *, name_unknown: bool) -> bool:
        """Note a failed connection; True when ``host`` is now down."""
        with self._lock:
            count = self._failures[host] = self._failures.get(host, 0) + 1
            if name_unknown or count >= self._refusals:
                self._down.setdefault(host, reason)
            return host in self._down

    def answered(self, host: str) -> None:
        with self._lock:
            self._failures.pop(host, None)

    def hosts_down(self) -> dict[str, str]:
        with self._lock:
            return dict(self._down)


def connect_reason(error: BaseException) -> tuple[str, bool]:
    """(why a connection could not be opened, whether the name is unknown), from the cause chain."""
    seen: BaseException | None = error
    for _ in range(10):
        if seen is None:
            break
        if isinstance(seen, socket.gaierror):
            return "name not known", True
        if isinstance(seen, ConnectionRefusedError):
            return "connection refused", False
        seen = seen.__cause__ or seen.__context__
    text = str(error).strip() or type(error).__name__
    return text[:200], False


def unreachable_message(host: str, reason: str) -> str:
    return f"network unreachable: {host}: {reason}"


class _Retry(Exception):
    """Internal: this attempt failed in a way worth another try."""

    def __init__(
        self,
        category: FailureCategory,
        *,
        status: int | None = None,
        retry_after: float | None = None,
        pause_s: float = 0.0,
        unreachable: str | None = None,
    ) -> None:
        super().__init__(category)
        self.category: FailureCategory = category
        self.status = status
        self.retry_after = retry_after
        self.pause_s = pause_s
        self.unreachable = unreachable  # the breaker's message once the host is down


@dataclass(slots=True)
class _Progress:
    """Mutable state of one ``fetch`` across its attempts."""

    url: str
    bucket: Bucket
    started: float | None = None
    attempts: int = 0
    last_status: int | None = None
    planned: dict[int, float] = field(default_factory=dict)


class Fetcher:
    """Polite, bounded GETs through one ``httpx.Client``; safe to share between threads.

    Give it the client (it is not closed unless ``owns_client``) or use
    :meth:`create`. Share one :class:`RateLimiter` between all fetchers of a
    process; by default each fetcher makes its own from ``config.rate_limits``.
    """

    def __init__(
        self,
        client: httpx.Client,
        config: ResolveConfig | None = None,
        *,
        limiter: RateLimiter | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        rng: random.Random | None = None,
        owns_client: bool = False,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self._client = client
        self.breaker = breaker or CircuitBreaker()
        self.config = config or ResolveConfig()
        limits = self.config.rate_limits
        self.limiter = limiter or RateLimiter(
            clock=clock,
            sleep=sleep,
            slowdown=limits.slowdown,
            min_rate_factor=limits.min_rate_factor,
        )
        self._clock = clock
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._owns_client = owns_client
        self._allowed = normalize_hosts(self.config.allowed_hosts())
        self._tokens = {
            next(iter(normalize_hosts(frozenset({c.host}))), ""): c.token
            for c in self.config.http.credentials
        }
        self._secrets = frozenset(self._tokens.values())
        self._timeout = _timeout(self.config.http)

    @classmethod
    def create(
        cls,
        config: ResolveConfig | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        limiter: RateLimiter | None = None,
        clock: Clock = time.monotonic,
        sleep: Sleep = time.sleep,
        rng: random.Random | None = None,
    ) -> Fetcher:
        """A fetcher with its own client (closed by :meth:`close`)."""
        config = config or ResolveConfig()
        client = make_client(config.http, transport=transport)
        return cls(
            client,
            config,
            limiter=limiter,
            clock=clock,
            sleep=sleep,
            rng=rng,
            owns_client=True,
        )

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def allowed_hosts(self) -> frozenset[str]:
        return self._allowed

    def check_allowed(self, url: str) -> httpx.URL:
        """Parse ``url`` and refuse it unless it is http(s) on an allowed host."""
        shown = redact(url, self._secrets)
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL as e:
            raise HostNotAllowed(shown, "") from e
        host = authority(parsed)
        if not host or host not in self._allowed:
            raise HostNotAllowed(shown, host or parsed.host)
        return parsed

    def fetch(self, url: str, *, purpose: str) -> FetchResult:
        """GET ``url`` under all the rules in the module docstring.

        ``purpose`` names the source or step ("wayback.cdx", "tco") and is
        copied into the result for provenance.
        """
        parsed = self.check_allowed(url)
        host = authority(parsed) or parsed.host
        down = self.breaker.down(host)
        shown = redact(url, self._secrets)  # the URL as evidence and messages may show it
        if down is not None:
            raise FetchFailed(
                unreachable_message(host, down), url=shown, category="unreachable", attempts=0, elapsed_s=0.0
            )
        cfg = self.config
        progress = _Progress(
            url=url,
            bucket=bucket_for(parsed, endpoints=cfg.endpoints, limits=cfg.rate_limits),
        )
        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Retry),
            stop=lambda state: self._should_stop(state, progress),
            wait=lambda state: self._planned_wait(state, progress),
            sleep=self._backoff_sleep,
            reraise=True,
        )
        try:
            result: FetchResult = retrying(self._attempt, progress, purpose)
        except FetchFailed as failed:
            raise self._redacted(failed, shown) from failed.__cause__
        except _Retry as last:
            if last.unreachable is not None:
                raise FetchFailed(
                    last.unreachable,
                    url=shown,
                    category="connect",
                    attempts=progress.attempts,
                    elapsed_s=self._elapsed(progress),
                ) from last.__cause__
            raise FetchFailed(
                f"GET {shown} failed after {progress.attempts} attempt(s): {last.category}",
                url=shown,
                category=last.category,
                attempts=progress.attempts,
                elapsed_s=self._elapsed(progress),
                last_status=progress.last_status,
            ) from last.__cause__
        return result if shown == url else replace(result, url=shown)

    def _redacted(self, failed: FetchFailed, shown: str) -> FetchFailed:
        """``failed`` with its URL and message redacted (the same object when nothing needed hiding)."""
        message = redact(str(failed), self._secrets)
        if message == str(failed) and failed.url == shown:
            return failed
        failed.args = (message, *failed.args[1:])
        failed.url = shown
        return failed

    # -- one attempt -----------------------------------------------------------------

    def _attempt(self, progress: _Progress, purpose: str) -> FetchResult:
        bucket = progress.bucket
        self.limiter.acquire(bucket.key, bucket.rate, host=bucket.host)
        if progress.started is None:
            progress.started = self._clock()
        progress.attempts += 1
        status, headers, body = self._get(progress)
        self.breaker.answered(bucket.host)
        progress.last_status = status
        is_memento = "memento-datetime" in headers
        if not is_memento:
            self._raise_if_retryable(status, headers, progress)
        return FetchResult(
            url=progress.url,
            status=status,
            headers=headers,
            body=body,
            elapsed_s=self._elapsed(progress),
            attempts=progress.attempts,
            retrieved_at=utc_now_iso(),
            memento_datetime=parse_http_date(headers.get("memento-datetime")),
            sha256=hashlib.sha256(body).hexdigest(),
            from_cache=False,
            purpose=purpose,
        )

    def _raise_if_retryable(self, status: int, headers: dict[str, str], progress: _Progress) -> None:
        if status == 429:
            retry_after = parse_retry_after(headers.get("retry-after"), date=headers.get("date"))
            pause = max(retry_after or 0.0, self.config.rate_limits.min_pause_s)
            self.limiter.pause(progress.bucket.host, pause)
            raise _Retry("rate_limited", status=status, pause_s=pause)
        if status in RETRYABLE_STATUSES:
            retry_after = parse_retry_after(headers.get("retry-after"), date=headers.get("date"))
            category: FailureCategory = "http_5xx" if status >= 500 else "http_4xx"
            raise _Retry(category, status=status, retry_after=retry_after)

    def _get(self, progress: _Progress) -> tuple[int, dict[str, str], bytes]:
        """Stream one response, bounded in size and wall time; translate httpx errors."""
        http = self.config.http
        deadline = time.monotonic() + http.deadline_s
        headers = {"User-Agent": http.user_agent}
        token = self._tokens.get(progress.bucket.host)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        try:
            with self._client.stream(
                "GET",
                progress.url,
                headers=headers,
                follow_redirects=False,
                timeout=self._timeout,
            ) as response:
                status = response.status_code
                progress.last_status = status
                headers = {k: ", ".join(response.headers.get_list(k)) for k in response.headers}
                declared = _content_length(headers)
                if declared is not None and declared > http.max_response_bytes:
                    raise self._too_large(progress, declared=declared)
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > http.max_response_bytes:
                        raise self._too_large(progress)
                    if time.monotonic() > deadline:
                        raise _Retry("timeout", status=status)
                    chunks.append(chunk)
                return status, headers, b"".join(chunks)
        except httpx.TimeoutException as e:
            raise _Retry("timeout") from e
        except httpx.ConnectError as e:
            reason, name_unknown = connect_reason(e)
            host = progress.bucket.host
            down = self.breaker.failed(host, reason, name_unknown=name_unknown)
            raise _Retry("connect", unreachable=unreachable_message(host, reason) if down else None) from e
        except (httpx.ReadError, httpx.WriteError) as e:
            raise _Retry("reset") from e
        except httpx.RemoteProtocolError as e:
            raise _Retry("protocol") from e
        except httpx.DecodingError as e:
            raise self._failed(progress, "decoding", str(e)) from e
        except httpx.TransportError as e:
            raise self._failed(progress, "transport", str(e)) from e

    def _too_large(self, progress: _Progress, *, declared: int | None = None) -> ResponseTooLarge:
        return ResponseTooLarge(
            progress.url,
            limit=self.config.http.max_response_bytes,
            attempts=progress.attempts,
            elapsed_s=self._elapsed(progress),
            last_status=progress.last_status,
            declared=declared,
        )

    def _failed(self, progress: _Progress, category: FailureCategory, detail: str) -> FetchFailed:
        return FetchFailed(
            f"GET {progress.url} failed: {category}: {detail}",
            url=progress.url,
            category=category,
            attempts=progress.attempts,
            elapsed_s=self._elapsed(progress),
            last_status=progress.last_status,
        )

    def _elapsed(self, progress: _Progress) -> float:
        return 0.0 if progress.started is None else max(0.0, self._clock() - progress.started)

    # -- retry policy (tenacity callbacks) -------------------------------------------

    def _backoff_sleep(self, seconds: float) -> None:
        # A live 429 plans no backoff (the limiter holds the pause): skip the no-op.
        if seconds > 0:
            self._sleep(seconds)

    def _planned_wait(self, state: tenacity.RetryCallState, progress: _Progress) -> float:
        """Backoff before the next attempt, computed once per attempt.

        Memoised because tenacity versions differ in whether ``stop`` or
        ``wait`` runs first, and the stop decision needs the wait (jitter
        included) to keep the whole sequence within ``max_retry_seconds``.
        A live 429 waits 0 here: its pause is enforced by the rate limiter,
        which also holds back every other request to that host.
        """
        n = state.attempt_number
        if n not in progress.planned:
            error = _last_retry(state)
            if error is None or error.category == "rate_limited":
                wait = 0.0
            else:
                http = self.config.http
                backoff = min(http.backoff_max_s, http.backoff_base_s * 2 ** (n - 1))
                wait = backoff + self._rng.uniform(0, http.backoff_jitter_s)
                if error.retry_after is not None:
                    wait = max(wait, error.retry_after)
            progress.planned[n] = wait
        return progress.planned[n]

    def _should_stop(self, state: tenacity.RetryCallState, progress: _Progress) -> bool:
        http = self.config.http
        if state.attempt_number >= http.max_attempts:
            return True
        error = _last_retry(state)
        if error is not None and error.unreachable is not None:
            return True  # the host is down for the run: another try would only wait
        upcoming = self._planned_wait(state, progress)
        if error is not None and error.category == "rate_limited":
            # The retry waits for the host's pause, which another worker may have lengthened;
            # that is politeness, bounded on its own, not backoff against the retry budget.
            now = self._clock()
            until = self.limiter.paused_until(progress.bucket.host) or now
            return max(error.pause_s, until - now) > http.max_pause_s
        return self._elapsed(progress) + upcoming > http.max_retry_seconds


def _last_retry(state: tenacity.RetryCallState) -> _Retry | None:
    outcome = state.outcome
    if outcome is None or not outcome.failed:
        return None
    error = outcome.exception()
    return error if isinstance(error, _Retry) else None


def _content_length(headers: dict[str, str]) -> int | None:
    value = headers.get("content-length", "").split(",")[0].strip()
    return int(value) if value.isdigit() else None
