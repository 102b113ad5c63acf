"""A pywb serving the platform test archive (``archive.py``), and resolvers aimed at it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from embedresolve.resolve.config import Endpoints, HttpConfig, RateLimits, ResolveConfig
from embedresolve.resolve.factory import ResolverSettings
from embedresolve.testing.wayback_server import PywbUnavailable, RunningServer, pywb_python, start_server
from tests.platforms import archive


@pytest.fixture(scope="session")
def platform_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return archive.build_archive(tmp_path_factory.mktemp("platform-archive") / "warcs")


@pytest.fixture(scope="session")
def platform_pywb(platform_archive: Path) -> Iterator[RunningServer]:
    try:
        server = start_server(pywb_python(), platform_archive)
    except PywbUnavailable as e:
        pytest.fail(f"pywb is required for the archive tests and is not available: {e}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


MakeSettings = Callable[..., ResolverSettings]


@pytest.fixture
def make_settings(platform_pywb: RunningServer, tmp_path: Path) -> MakeSettings:
    """Settings of an archive-only run against the test pywb (keywords override ResolverSettings)."""

    def make(**overrides: object) -> ResolverSettings:
        config = ResolveConfig(
            http=HttpConfig(connect_timeout_s=2.0, read_timeout_s=2.0, deadline_s=5.0, backoff_jitter_s=0.0),
            rate_limits=RateLimits.unlimited(),
            endpoints=Endpoints().with_base(platform_pywb.base_url),
        )
        values: dict[str, object] = {"config": config, "sources": ("wayback",), "cache_path": None}
        values.update(overrides)
        return ResolverSettings(**values)  # type: ignore[arg-type]

    return make
