"""Typed, immutable configuration of the resolver's HTTP layer.

The library never reads environment variables or files for these: the CLI (or
a test) builds the objects and passes them in. Defaults follow the Internet
Archive's published limits and the guide in ``shared/guides/archive-apis.md``
(§1.6, §1.7, §6): be slower than asked, back off on trouble, identify
ourselves.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from embedresolve._version import __version__
from embedresolve.resolve.hosts import authority


def default_user_agent() -> str:
    """A versioned User-Agent with a contact URL, as archive operators ask for."""
    return f"embedresolve/{__version__} (+https://github.com/embedresolve/embedresolve)"


@dataclass(frozen=True, kw_only=True, slots=True)
class Endpoints:
    """Base URLs of every service the resolver may call.

    They double as the allow-list: the fetcher refuses any URL whose host (and
    non-default port) is not one of these, so pointing them at ``127.0.0.1``
    (tests, a local pywb) is also what permits talking to it.
    """

    wayback: str = "https://web.archive.org"
    syndication: str = "https://cdn.syndication.twimg.com"
    oembed: str = "https://publish.twitter.com"
    tco: str = "https://t.co"
    # TimeMap base of another Memento archive or aggregator (``<base>/<url>`` is the
    # link-format TimeMap), e.g. ``https://arquivo.pt/wayback/timemap/link``; None: not asked.
    memento: str | None = None
    # The public endpoints of the other platforms (issue 10), each its own host and rate limit.
    youtube: str = "https://www.youtube.com"  # /oembed
    vimeo: str = "https://vimeo.com"  # /api/oembed.json
    tiktok: str = "https://www.tiktok.com"  # /oembed
    reddit: str = "https://www.reddit.com"  # /comments/<id>/.json
    bluesky: str = "https://public.api.bsky.app"  # /xrpc/…
    telegram: str = "https://t.me"  # /<channel>/<id>?embed=1
    # Mastodon is asked on the embed's own instance; a base here stands in for every instance (tests).
    mastodon: str | None = None
    # Meta's Graph hosts (Instagram/Facebook oEmbed, Threads oEmbed) need an app token: None unless the
    # user gives one (see :meth:`with_meta`), so without a token they are not even on the allow-list.
    meta_graph: str | None = None  # /<version>/instagram_oembed, /oembed_post, /oembed_video
    threads_graph: str | None = None  # /v1.0/oembed

    def __post_init__(self) -> None:
        for name in (
            "wayback",
            "syndication",
            "oembed",
            "tco",
            "memento",
            "mastodon",
            *_OPTIONAL,
            *PLATFORM_ENDPOINTS,
        ):
            value = getattr(self, name)
            if value is not None and not value.startswith(("http://", "https://")):
                raise ValueError(f"endpoint {name}={value!r} must be an http(s) URL")

    def hosts(self) -> frozenset[str]:
        """Authorities (``host`` or ``host:port``) of all endpoints."""
        urls: tuple[str | None, ...] = (self.wayback, self.syndication, self.oembed, self.tco, self.memento)
        urls += (self.mastodon, self.meta_graph, self.threads_graph)
        platforms = (getattr(self, name) for name in PLATFORM_ENDPOINTS)
        return frozenset(authority(url) for url in (*urls, *platforms) if url is not None)

    def with_base(self, base: str) -> Endpoints:
        """Every endpoint on one base URL: a local test server or archive replica."""
        base = base.rstrip("/")
        return Endpoints(
            wayback=base,
            syndication=base,
            oembed=base,
            tco=base,
            mastodon=base,
            **dict.fromkeys(PLATFORM_ENDPOINTS, base),
        )

    def with_platforms(self, base: str) -> Endpoints:
        """The other platforms' endpoints on one base URL (a local stand-in), the rest unchanged."""
        return replace(self, mastodon=base.rstrip("/"), **dict.fromkeys(PLATFORM_ENDPOINTS, base.rstrip("/")))

    def with_meta(self, base: str | None = None) -> Endpoints:
        """Meta's Graph endpoints switched on (a token was given); ``base`` stands in for both (tests)."""
        return replace(
            self,
            meta_graph=(base or META_GRAPH).rstrip("/"),
            threads_graph=(base or THREADS_GRAPH).rstrip("/"),
        )


META_GRAPH = "https://graph.facebook.com"
THREADS_GRAPH = "https://graph.threads.net"
_OPTIONAL = ("meta_graph", "threads_graph")

PLATFORM_ENDPOINTS = ("youtube", "vimeo", "tiktok", "reddit", "bluesky", "telegram")
"""The :class:`Endpoints` fields of the platforms other than Twitter."""

PLATFORM_RATES: tuple[tuple[str, float], ...] = (
    ("www.youtube.com", 1.0),
    ("vimeo.com", 1.0),
    ("www.tiktok.com", 0.5),
    ("www.reddit.com", 10 / 60),  # unauthenticated clients get about 10 requests a minute
    ("public.api.bsky.app", 3.0),
    ("t.me", 0.5),
    # App tokens may make 5 million oEmbed requests a day (Meta's oEmbed docs); one a second is polite.
    ("graph.facebook.com", 1.0),
    ("graph.threads.net", 1.0),
)
"""Polite per-host rates of the platform endpoints (requests per second), below what each tolerates."""


@dataclass(frozen=True, slots=True)
class Credential:
    """A secret for one host (``host`` or ``host:port``), sent as ``Authorization: Bearer <token>``.

    The token is kept out of ``repr`` so that a logged or printed config does not carry it.
    """

    host: str
    token: str = field(repr=False)

    def __post_init__(self) -> None:
        if not self.token or any(c in self.token for c in "\r\n"):
            raise ValueError("a credential's token must be one non-empty line")


@dataclass(frozen=True, kw_only=True, slots=True)
class HttpConfig:
    """How each request is made, bounded and retried.

    ``allowed_hosts`` of None means "exactly the hosts of the configured
    :class:`Endpoints`", which is nearly always right; give a set to allow more
    (e.g. a Memento aggregator) — it then replaces the derived list, so include
    the endpoints' hosts too. Entries are ``host`` (matches the scheme's default
    port) or ``host:port``.

    Retries: at most ``max_attempts`` attempts in all, and no backoff that would
    take the retry sequence past ``max_retry_seconds`` (measured from the first
    attempt). Waits grow as ``backoff_base * 2**(n-1)`` capped at
    ``backoff_max``, plus ``uniform(0, backoff_jitter)`` so that parallel
    workers do not retry in lock-step. Waiting out a live 429's pause is the
    host's politeness interval, not backoff: it is bounded by ``max_pause_s``
    per wait (and by the attempts), not by ``max_retry_seconds``.
    """

    user_agent: str = field(default_factory=default_user_agent)
    connect_timeout_s: float = 10.0
    read_timeout_s: float = 30.0
    deadline_s: float = 90.0
    """Wall-clock bound on one attempt, headers plus body: stops a slow drip."""
    max_response_bytes: int = 5 * 1024 * 1024
    max_attempts: int = 4
    max_retry_seconds: float = 60.0
    max_pause_s: float = 600.0
    backoff_base_s: float = 2.0
    backoff_max_s: float = 30.0
    backoff_jitter_s: float = 1.0
    allowed_hosts: frozenset[str] | None = None
    credentials: tuple[Credential, ...] = field(default=(), repr=False)
    """Bearer tokens the fetcher sends to their host only, in a header: never in a URL we record."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if self.max_response_bytes < 1:
            raise ValueError("max_response_bytes must be positive")
        for name in (
            "connect_timeout_s",
            "read_timeout_s",
            "deadline_s",
        ):
            if not getattr(self, name) > 0:
                raise ValueError(f"{name} must be positive")
        for name in (
            "max_retry_seconds",
            "max_pause_s",
            "backoff_base_s",
            "backoff_max_s",
            "backoff_jitter_s",
        ):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


IA_SEARCH_PER_SECOND = 0.8 * 30 / 60
"""CDX and timemap share one pool, hard limit 30/min; IA asks clients for 80 %: 24/min."""

IA_REPLAY_PER_SECOND = 0.8 * 600 / 60
"""Replay (``/web/...``) hard limit 600/min; 80 % is 8/s."""

IA_MIN_PAUSE_S = 60.0
"""Pause after a live 429 when Retry-After is absent or shorter (IA sends none)."""


@dataclass(frozen=True, kw_only=True, slots=True)
class RateLimits:
    """Calls per second per bucket, and what a live 429 does to them.

    Requests to the Wayback endpoint whose path starts with one of
    ``wayback_search_paths`` share the ``search`` bucket (IA runs CDX and
    timemap as one service with one pool); other Wayback paths use the
    ``replay`` bucket; any other host gets ``per_host`` (exact authority) or
    ``default_per_second``. ``math.inf`` disables spacing for a bucket.

    Buckets are per process, shared by every worker thread, because IA limits
    per IP address, not per connection.

    After a live 429 the host's buckets pause for
    ``max(Retry-After, min_pause_s)`` and then run at their rate multiplied by
    ``slowdown`` for each 429 seen so far, never below ``min_rate_factor`` of
    it. The rate does not recover during the process: IA blocks IPs that keep
    hitting 429s for an hour, doubling each time, so a run that has been told
    to slow down stays slow.
    """

    wayback_search_per_second: float = IA_SEARCH_PER_SECOND
    wayback_replay_per_second: float = IA_REPLAY_PER_SECOND
    wayback_search_paths: tuple[str, ...] = ("/cdx", "/web/timemap")
    default_per_second: float = 2.0
    per_host: tuple[tuple[str, float], ...] = PLATFORM_RATES
    min_pause_s: float = IA_MIN_PAUSE_S
    slowdown: float = 0.5
    min_rate_factor: float = 1 / 16

    def __post_init__(self) -> None:
        rates = [
            self.wayback_search_per_second,
            self.wayback_replay_per_second,
            self.default_per_second,
            *(rate for _, rate in self.per_host),
        ]
        if any(not rate > 0 or math.isnan(rate) for rate in rates):
            raise ValueError("rates must be positive (math.inf means unlimited)")
        if not 0 < self.slowdown <= 1 or not 0 < self.min_rate_factor <= 1:
            raise ValueError("slowdown and min_rate_factor must be in (0, 1]")
        if self.min_pause_s < 0:
            raise ValueError("min_pause_s must not be negative")

    @classmethod
    def unlimited(cls) -> RateLimits:
        """No spacing at all: for tests and local archives."""
        inf = math.inf
        return cls(
            wayback_search_per_second=inf, wayback_replay_per_second=inf, default_per_second=inf, per_host=()
        )


@dataclass(frozen=True, kw_only=True, slots=True)
class ResolveConfig:
    """Everything the HTTP layer needs, in one value the CLI builds."""

    http: HttpConfig = field(default_factory=HttpConfig)
    rate_limits: RateLimits = field(default_factory=RateLimits)
    endpoints: Endpoints = field(default_factory=Endpoints)

    def with_meta_token(self, token: str, base: str | None = None) -> ResolveConfig:
        """Meta's Graph endpoints on (``base`` stands in for them), the token sent to their hosts only."""
        endpoints = self.endpoints.with_meta(base)
        hosts = {authority(url) for url in (endpoints.meta_graph, endpoints.threads_graph) if url}
        credentials = (*self.http.credentials, *(Credential(host, token) for host in sorted(hosts)))
        return replace(self, endpoints=endpoints, http=replace(self.http, credentials=credentials))

    def allowed_hosts(self) -> frozenset[str]:
        """The explicit allow-list, else the endpoints' hosts."""
        if self.http.allowed_hosts is not None:
            return self.http.allowed_hosts
        return self.endpoints.hosts()
