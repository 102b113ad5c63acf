"""Assemble a :class:`~.resolver.Resolver` from settings: one fetcher, one cache, the sources.

This is the only place that knows every source class; the CLI builds a
:class:`ResolverSettings` from its options and opens a resolver with
:func:`open_resolver`, which also closes the HTTP client and the cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from embedresolve.errors import UsageError
from embedresolve.resolve.cache import CachingFetcher, ResponseCache
from embedresolve.resolve.config import ResolveConfig
from embedresolve.resolve.errors import FetchFailed
from embedresolve.resolve.http import Fetcher, FetchResult, SupportsFetch
from embedresolve.resolve.resolver import Resolver, SourceSet
from embedresolve.resolve.sources.base import CandidateSource, PostSource, ShortCodeSource
from embedresolve.resolve.sources.oembed import OEmbedSource
from embedresolve.resolve.sources.syndication import SyndicationSource
from embedresolve.resolve.sources.tco import TcoSource

AnySource = ShortCodeSource | CandidateSource | PostSource
SourceFactory = Callable[[SupportsFetch, ResolveConfig], AnySource]

# Cheapest and surest first; the order is the order each question is asked in.
SOURCES: dict[str, SourceFactory] = {
    "tco": lambda fetcher, config: TcoSource(fetcher, config.endpoints.tco),
    "syndication": lambda fetcher, config: SyndicationSource(fetcher, config.endpoints.syndication),
    "oembed": lambda fetcher, config: OEmbedSource(fetcher, config.endpoints.oembed),
}
DEFAULT_SOURCES = tuple(SOURCES)
LIVE_SOURCES = frozenset({"tco", "syndication", "oembed"})  # the platform's own services, not archives


class OfflineFetcher:
    """Refuses every request: under ``--offline`` only the cache (in front of it) answers."""

    def fetch(self, url: str, *, purpose: str) -> FetchResult:
        raise FetchFailed(
            f"{url}: not in the cache and the run is offline",
            url=url,
            category="offline",
            attempts=0,
            elapsed_s=0.0,
        )


@dataclass(frozen=True, kw_only=True)
class ResolverSettings:
    config: ResolveConfig = field(default_factory=ResolveConfig)
    sources: tuple[str, ...] = DEFAULT_SOURCES
    cache_path: str | Path | None = None  # None: responses are not kept across runs
    offline: bool = False  # answer from the cache (and local sources) only

    def __post_init__(self) -> None:
        unknown = [name for name in self.sources if name not in SOURCES]
        if unknown:
            known = ", ".join(SOURCES)
            raise UsageError(f"unknown source(s) {', '.join(unknown)}; known: {known}")


@contextmanager
def open_resolver(
    settings: ResolverSettings,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[Resolver]:
    """A resolver over one shared fetcher (and cache); closed on exit."""
    fetcher = Fetcher.create(settings.config, transport=transport, sleep=sleep)
    network: SupportsFetch = OfflineFetcher() if settings.offline else fetcher
    cache = ResponseCache(settings.cache_path) if settings.cache_path is not None else None
    shared: SupportsFetch = CachingFetcher(network, cache) if cache is not None else network
    try:
        sources = [SOURCES[name](shared, settings.config) for name in settings.sources]
        yield Resolver(
            SourceSet(
                short_codes=[s for s in sources if isinstance(s, ShortCodeSource)],
                candidates=[s for s in sources if isinstance(s, CandidateSource)],
                posts=[s for s in sources if isinstance(s, PostSource)],
            ),
            store=cache,
        )
    finally:
        fetcher.close()
        if cache is not None:
            cache.close()
