"""Fixtures for the live-endpoint sources: one local platform app, fetchers aimed at it.

The app runs once per session (starting a server per test would dominate the
run time) and is reset before each test. Fetchers are real: real sockets, real
retries, with unlimited rate limits and a sleep that only records, so nothing
ever waits.
"""

from __future__ import annotations

import random
import ssl
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from embedresolve.resolve.config import Endpoints, HttpConfig, RateLimits, ResolveConfig
from embedresolve.resolve.http import Fetcher
from tests.servers.platform_app import PlatformApp

MakeFetcher = Callable[..., Fetcher]


@pytest.fixture(scope="session")
def platform_session() -> Iterator[PlatformApp]:
    app = PlatformApp().start()
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture
def app(platform_session: PlatformApp) -> PlatformApp:
    platform_session.reset()
    return platform_session


@pytest.fixture(scope="session")
def ssl_context() -> ssl.SSLContext:
    """Built once: loading CA certificates for every client would dominate the run time."""
    return httpx.create_ssl_context()


@pytest.fixture
def sleeps() -> list[float]:
    """Every sleep the fetcher asked for (none happen)."""
    return []


@pytest.fixture
def make_fetcher(app: PlatformApp, sleeps: list[float], ssl_context: ssl.SSLContext) -> Iterator[MakeFetcher]:
    """A Fetcher whose endpoints all point at the app; keyword args override HttpConfig."""
    made: list[Fetcher] = []

    def make(**http: Any) -> Fetcher:
        settings: dict[str, Any] = {"connect_timeout_s": 2.0, "read_timeout_s": 2.0, "deadline_s": 5.0}
        config = ResolveConfig(
            http=HttpConfig(**{**settings, "backoff_jitter_s": 0.0, **http}),
            rate_limits=RateLimits.unlimited(),
            endpoints=Endpoints().with_base(app.base_url),
        )
        fetcher = Fetcher.create(
            config,
            transport=httpx.HTTPTransport(verify=ssl_context),
            sleep=sleeps.append,
            rng=random.Random(0),
        )
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()


@pytest.fixture
def fetcher(make_fetcher: MakeFetcher) -> Fetcher:
    return make_fetcher()
