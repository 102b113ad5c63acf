"""Fixtures for the archive side: a real pywb serving test WARCs, a fault proxy, fake time.

* ``archive_dir`` (session): the WARCs of ``fixtures.catalogue()``, built with warcio.
* ``pywb`` (session): ``ia_compat_server.py`` on a random port of 127.0.0.1,
  started from ``PYWB_PYTHON`` (see ``embedresolve.testing.wayback_server``); ``twitter.com/blockedacct/``
  is excluded, and pic.twitter.com captures get site-relative redirect Locations.
* ``faults`` (function): a :class:`FaultServer` in front of it, rules cleared per test.
* ``clock``: fake monotonic time; the fetcher's sleeps (backoff, live-429
  pauses) advance it instantly and are recorded.
* ``make_fetcher(base_url, **http)``: a real :class:`Fetcher` on that base URL
  with fake time, unlimited rate limits and short timeouts.
"""

from __future__ import annotations

import random
import ssl
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from embedresolve.resolve.config import Endpoints, HttpConfig, RateLimits, ResolveConfig
from embedresolve.resolve.http import Fetcher
from embedresolve.resolve.sources.wayback import WaybackSource
from embedresolve.resolve.wayback_client import WaybackClient
from embedresolve.testing import FakeClock
from embedresolve.testing.faults import FaultServer
from embedresolve.testing.wayback_server import PywbUnavailable, RunningServer, pywb_python, start_server
from tests.archive import fixtures

SERVER_ARGS = ("--block", "twitter.com/blockedacct/", "--relative-locations", r"^https?://pic\.twitter\.com/")


@pytest.fixture(scope="session")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return fixtures.build_archive(tmp_path_factory.mktemp("archive") / "warcs")


@pytest.fixture(scope="session")
def pywb(archive_dir: Path) -> Iterator[RunningServer]:
    try:
        python = pywb_python()
        server = start_server(python, archive_dir, extra_args=SERVER_ARGS)
    except PywbUnavailable as e:
        pytest.fail(f"pywb is required for the archive tests and is not available: {e}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def faults(pywb: RunningServer) -> Iterator[FaultServer]:
    proxy = FaultServer("127.0.0.1", pywb.port).start()
    try:
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(scope="session")
def ssl_context() -> ssl.SSLContext:
    return httpx.create_ssl_context()


FAST_HTTP: dict[str, Any] = {
    "connect_timeout_s": 2.0,
    "read_timeout_s": 2.0,
    "deadline_s": 5.0,
    "backoff_base_s": 1.0,
    "backoff_max_s": 8.0,
    "backoff_jitter_s": 0.0,
    "max_retry_seconds": 300.0,
}

MakeFetcher = Callable[..., Fetcher]


@pytest.fixture
def make_fetcher(clock: FakeClock, ssl_context: ssl.SSLContext) -> Iterator[MakeFetcher]:
    made: list[Fetcher] = []

    def make(base_url: str, *, rate_limits: RateLimits | None = None, **http: Any) -> Fetcher:
        config = ResolveConfig(
            http=HttpConfig(**{**FAST_HTTP, **http}),
            rate_limits=rate_limits or RateLimits.unlimited(),
            endpoints=Endpoints().with_base(base_url),
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


@pytest.fixture
def client(pywb: RunningServer, make_fetcher: MakeFetcher) -> WaybackClient:
    """A Wayback client talking to pywb directly."""
    return WaybackClient(make_fetcher(pywb.base_url), pywb.base_url)


@pytest.fixture
def source(client: WaybackClient) -> WaybackSource:
    return WaybackSource(client)


@pytest.fixture
def proxied(faults: FaultServer, make_fetcher: MakeFetcher) -> WaybackSource:
    """A Wayback source whose every request passes through the fault proxy."""
    return WaybackSource(WaybackClient(make_fetcher(faults.base_url), faults.base_url))
