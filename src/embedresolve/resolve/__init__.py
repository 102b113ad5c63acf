"""Resolution: everything that touches the network to turn an embed into a post.

This package's foundation (the rest — sources and the resolver chain — builds
on it):

* ``config``      typed, frozen configuration: endpoints, HTTP bounds, rate limits
* ``hosts``       allow-list and rate-limit bucket of a URL (pure)
* ``ratelimit``   per-bucket spacing with host-wide pauses after a live 429
* ``http``        ``Fetcher``: bounded, polite, retried GETs → ``FetchResult``
* ``cache``       SQLite cache of responses and resolutions; ``CachingFetcher``
* ``headers``     Retry-After and HTTP-date parsing (pure)
* ``twitter_ids`` snowflake times, ID windows, the syndication token (pure)

Its errors (``FetchFailed`` and friends) are in :mod:`embedresolve.errors`.
"""

from __future__ import annotations

from embedresolve.resolve.cache import CachingFetcher, ResponseCache, default_cache_path
from embedresolve.resolve.config import Endpoints, HttpConfig, RateLimits, ResolveConfig
from embedresolve.resolve.http import Fetcher, FetchResult, SupportsFetch, make_client
from embedresolve.resolve.ratelimit import RateLimiter

__all__ = [
    "CachingFetcher",
    "Endpoints",
    "FetchResult",
    "Fetcher",
    "HttpConfig",
    "RateLimiter",
    "RateLimits",
    "ResolveConfig",
    "ResponseCache",
    "SupportsFetch",
    "default_cache_path",
    "make_client",
]
