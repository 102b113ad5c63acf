"""Assemble a :class:`~.resolver.Resolver` from settings: one fetcher, one cache, the sources.

This is the only place that knows every source class; the CLI builds a
:class:`ResolverSettings` from its options and opens a resolver with
:func:`open_resolver`, which also closes the HTTP client and the cache.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import httpx

from embedresolve.errors import FetchFailed, UsageError
from embedresolve.resolve.cache import CachingFetcher, ResponseCache
from embedresolve.resolve.config import ResolveConfig
from embedresolve.resolve.http import Fetcher, FetchResult, SupportsFetch
from embedresolve.resolve.platforms import PLATFORMS, PlatformPostSource
from embedresolve.resolve.platforms.instances import InstanceFetchers
from embedresolve.resolve.platforms.live import LiveSource
from embedresolve.resolve.resolver import Resolver, SourceSet
from embedresolve.resolve.sources.archived_pages import (
    ArchivedPagesSource,
    MementoPagesSource,
    WarcPagesSource,
)
from embedresolve.resolve.sources.base import CandidateSource, PostSource, ShortCodeSource
from embedresolve.resolve.sources.memento import MementoSource
from embedresolve.resolve.sources.oembed import OEmbedSource
from embedresolve.resolve.sources.syndication import SyndicationSource
from embedresolve.resolve.sources.tco import TcoSource
from embedresolve.resolve.sources.warcfiles import WarcSource
from embedresolve.resolve.sources.wayback import WaybackSource
from embedresolve.resolve.wayback_client import WaybackClient

AnySource = ShortCodeSource | CandidateSource | PostSource


def _memento(fetcher: SupportsFetch, settings: ResolverSettings) -> AnySource | None:
    base = settings.config.endpoints.memento
    return MementoSource(fetcher, base) if base else None


def _warc(fetcher: SupportsFetch, settings: ResolverSettings) -> AnySource | None:
    return WarcSource(settings.warc_paths) if settings.warc_paths else None


# Cheapest and surest first; the order is the order each question is asked in. A source
# that is not configured (no Memento archive, no WARC files) is left out.
SOURCES: dict[str, Callable[[SupportsFetch, ResolverSettings], AnySource | None]] = {
    "tco": lambda fetcher, s: TcoSource(fetcher, s.config.endpoints.tco),
    "syndication": lambda fetcher, s: SyndicationSource(fetcher, s.config.endpoints.syndication),
    "oembed": lambda fetcher, s: OEmbedSource(fetcher, s.config.endpoints.oembed),
    "live": lambda fetcher, s: None,  # other platforms only: see PLATFORM_SOURCES
    "wayback": lambda fetcher, s: WaybackSource.create(fetcher, s.config.endpoints.wayback),
    "memento": _memento,
    "warc": _warc,
}
DEFAULT_SOURCES = tuple(SOURCES)
LIVE_SOURCES = frozenset({"tco", "syndication", "oembed", "live"})  # the platforms' own services


def _live(fetcher: SupportsFetch, settings: ResolverSettings) -> LiveSource:
    """The platforms' endpoints; Mastodon's on each embed's own instance unless a stand-in base is set."""
    fetchers: dict[str, SupportsFetch] = {}
    if settings.config.endpoints.mastodon is None:
        fetchers["mastodon"] = InstanceFetchers(
            lambda host: _instance_fetcher(fetcher, settings, host), lambda made: _close(made)
        )
    return LiveSource(fetcher, settings.config.endpoints, PLATFORMS, fetchers=fetchers)


def _instance_fetcher(shared: SupportsFetch, settings: ResolverSettings, host: str) -> SupportsFetch:
    """A fetcher allowed for ``host`` only, behind the shared cache (offline: refuses, as the shared one)."""
    config = settings.config
    inner: SupportsFetch
    if settings.offline:
        inner = OfflineFetcher()
    else:
        inner = Fetcher.create(replace(config, http=replace(config.http, allowed_hosts=frozenset({host}))))
    return CachingFetcher(inner, shared.cache) if isinstance(shared, CachingFetcher) else inner


def _close(fetcher: SupportsFetch) -> None:
    inner = fetcher.inner if isinstance(fetcher, CachingFetcher) else fetcher
    if isinstance(inner, Fetcher):
        inner.close()


# The same names for the other platforms' posts: their live endpoints, and the platform-generic
# archive lookups (post pages and endpoint captures) on the same archive and WARC files.
PLATFORM_SOURCES: dict[str, Callable[[SupportsFetch, ResolverSettings], PlatformPostSource | None]] = {
    "live": lambda fetcher, s: _live(fetcher, s),
    "wayback": lambda fetcher, s: ArchivedPagesSource(
        WaybackClient(fetcher, s.config.endpoints.wayback), PLATFORMS
    ),
    "memento": lambda fetcher, s: (
        MementoPagesSource(fetcher, s.config.endpoints.memento, PLATFORMS)
        if s.config.endpoints.memento
        else None
    ),
    "warc": lambda fetcher, s: WarcPagesSource(s.warc_paths, PLATFORMS) if s.warc_paths else None,
}


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
    warc_paths: tuple[Path, ...] = ()  # the user's WARC files or folders (--archive)
    platforms: frozenset[str] | None = None  # the platforms resolved (--platforms); None: all

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
    platform_posts: list[PlatformPostSource] = []
    try:
        made = (SOURCES[name](shared, settings) for name in settings.sources)
        sources = [source for source in made if source is not None]
        others = (PLATFORM_SOURCES[n](shared, settings) for n in settings.sources if n in PLATFORM_SOURCES)
        platform_posts.extend(source for source in others if source is not None)
        yield Resolver(
            SourceSet(
                short_codes=[s for s in sources if isinstance(s, ShortCodeSource)],
                candidates=[s for s in sources if isinstance(s, CandidateSource)],
                posts=[s for s in sources if isinstance(s, PostSource)],
                platform_posts=platform_posts,
            ),
            store=cache,
            platforms=settings.platforms,
        )
    finally:
        for source in platform_posts:
            if isinstance(source, LiveSource):  # its Mastodon instance fetchers
                source.close()
        fetcher.close()
        if cache is not None:
            cache.close()
