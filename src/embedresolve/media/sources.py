"""Everything the media archiver takes from the resolver's internals, in one place.

The rest of ``embedresolve.media`` imports these names from here only: when the
resolver's modules move (as ``resolve/wayback.py`` → ``resolve/wayback_client.py``
and the exceptions → ``embedresolve.errors`` did), this file alone follows.
"""

from __future__ import annotations

from embedresolve.errors import (
    ArchiveBlocked,
    CdxError,
    FailureCategory,
    FetchFailed,
    HostNotAllowed,
    ResponseTooLarge,
)
from embedresolve.provenance import iso_utc as format_iso
from embedresolve.provenance import utc_now_iso
from embedresolve.resolve.cache import CachingFetcher, ResponseCache, default_cache_path
from embedresolve.resolve.cdx import CdxRow, parse_replay_url, parse_timemap
from embedresolve.resolve.config import Endpoints, HttpConfig, RateLimits, ResolveConfig
from embedresolve.resolve.factory import LIVE_SOURCES, ResolverSettings
from embedresolve.resolve.headers import parse_http_date, parse_retry_after
from embedresolve.resolve.hosts import authority, normalize_hosts
from embedresolve.resolve.http import RETRYABLE_STATUSES, Fetcher, FetchResult, SupportsFetch, make_client
from embedresolve.resolve.ratelimit import RateLimiter, bucket_for
from embedresolve.resolve.sources.memento import raw_memento_url
from embedresolve.resolve.sources.syndication import SyndicationSource
from embedresolve.resolve.twitter_ids import syndication_token
from embedresolve.resolve.wayback_client import MatchType, WaybackClient

__all__ = [
    "LIVE_SOURCES",
    "RETRYABLE_STATUSES",
    "ArchiveBlocked",
    "CachingFetcher",
    "CdxError",
    "CdxRow",
    "Endpoints",
    "FailureCategory",
    "FetchFailed",
    "FetchResult",
    "Fetcher",
    "HostNotAllowed",
    "HttpConfig",
    "MatchType",
    "RateLimiter",
    "RateLimits",
    "ResolveConfig",
    "ResolverSettings",
    "ResponseCache",
    "ResponseTooLarge",
    "SupportsFetch",
    "SyndicationSource",
    "WaybackClient",
    "authority",
    "bucket_for",
    "default_cache_path",
    "format_iso",
    "make_client",
    "normalize_hosts",
    "parse_http_date",
    "parse_replay_url",
    "parse_retry_after",
    "parse_timemap",
    "raw_memento_url",
    "syndication_token",
    "utc_now_iso",
]
