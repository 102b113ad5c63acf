"""Fixtures for the resolver's HTTP layer: a real local server and fake time.

Time is faked, I/O is not: requests travel over real sockets to
``embedresolve.testing.faults.FaultServer``, while the fetcher's clock and sleep (and so
tenacity's backoff and the rate limiter's pauses) advance a :class:`FakeClock`
instantly. Tests then assert on *how long we would have waited*.
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
from embedresolve.testing import FakeClock
from embedresolve.testing.faults import FaultServer


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server() -> Iterator[FaultServer]:
    srv = FaultServer().start()
    try:
        yield srv
    finally:
        srv.stop()


FAST_HTTP: dict[str, Any] = {
    "connect_timeout_s": 2.0,
    "read_timeout_s": 2.0,
    "deadline_s": 5.0,
    "backoff_base_s": 1.0,
    "backoff_max_s": 8.0,
    "backoff_jitter_s": 0.0,
}


MakeFetcher = Callable[..., Fetcher]


@pytest.fixture(scope="session")
def ssl_context() -> ssl.SSLContext:
    """Built once: loading CA certificates for every client would dominate the run time."""
    return httpx.create_ssl_context()


@pytest.fixture
def make_fetcher(server: FaultServer, clock: FakeClock, ssl_context: ssl.SSLContext) -> Iterator[MakeFetcher]:
    """Build a Fetcher aimed at ``server`` with fake time; keyword args override HttpConfig.

    ``rate_limits=`` replaces the (unlimited) rate limits; ``endpoints=``
    replaces the endpoints (all on the server by default).
    """
    made: list[Fetcher] = []

    def make(
        *,
        rate_limits: RateLimits | None = None,
        endpoints: Endpoints | None = None,
        **http: Any,
    ) -> Fetcher:
        config = ResolveConfig(
            http=HttpConfig(**{**FAST_HTTP, **http}),
            rate_limits=rate_limits or RateLimits.unlimited(),
            endpoints=endpoints or Endpoints().with_base(server.base_url),
        )
        fetcher = Fetcher.create(
            config,
            transport=httpx.HTTPTransport(verify=ssl_context),
            clock=clock,
            sleep=clock.sleep,
            rng=random.Random(0),
        )
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        fetcher.close()
