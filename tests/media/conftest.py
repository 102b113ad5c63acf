"""Fixtures for the media tests: the local CDN app, pywb over the media archive, streamers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from embedresolve.media.sources import (
    Endpoints,
    HttpConfig,
    RateLimiter,
    RateLimits,
    ResolveConfig,
    make_client,
)
from embedresolve.media.stream import MediaStreamer
from embedresolve.testing import FakeClock
from embedresolve.testing.wayback_server import PywbUnavailable, RunningServer, pywb_python, start_server
from tests.media.archive import build_media_archive
from tests.media.media_app import JPEG, PNG, MediaApp

PHOTO_ID = "FsZNOgcWAAEQtrd"
CASE_ID = "fszNOgcWAAEQtrd"  # the same letters, another file
PNG_ID = "PngOnly0AAAAAAA"
VIDEO_PATH = "/ext_tw_video/1700000000000000001/pu/vid/1280x720/high.mp4"
CASE_BYTES = JPEG + b"-lowercase"


@pytest.fixture(scope="session")
def media_session() -> Iterator[MediaApp]:
    app = MediaApp()
    app.add_photo(PHOTO_ID, "jpg", JPEG)
    app.add_photo(CASE_ID, "jpg", CASE_BYTES)
    app.add_photo(PNG_ID, "png", PNG)
    app.start()
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture
def media_app(media_session: MediaApp) -> MediaApp:
    media_session.reset()
    return media_session


@pytest.fixture(scope="session")
def media_archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_media_archive(tmp_path_factory.mktemp("media-archive") / "warcs")


@pytest.fixture(scope="session")
def media_pywb(media_archive_dir: Path) -> Iterator[RunningServer]:
    try:
        server = start_server(pywb_python(), media_archive_dir)
    except PywbUnavailable as e:
        pytest.fail(f"pywb is required for the media tests: {e}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


FAST = HttpConfig(
    connect_timeout_s=2.0, read_timeout_s=5.0, deadline_s=20.0, max_attempts=2, backoff_base_s=0.0
)

MakeStreamer = Callable[..., MediaStreamer]


@pytest.fixture
def make_streamer(tmp_path: Path, media_app: MediaApp) -> Iterator[MakeStreamer]:
    clients: list[httpx.Client] = []
    clock = FakeClock()  # pauses and backoff run in full, instantly

    def make(
        archive: str = "http://127.0.0.1:9", *, memento: str | None = None, http: HttpConfig = FAST
    ) -> MediaStreamer:
        config = ResolveConfig(
            http=http,
            rate_limits=RateLimits.unlimited(),
            endpoints=Endpoints(wayback=archive, memento=memento),
        )
        client = make_client(config.http)
        clients.append(client)
        hosts = config.allowed_hosts() | {"pbs.twimg.com", "video.twimg.com"}
        return MediaStreamer(
            client,
            config,
            RateLimiter(clock=clock, sleep=clock.sleep),
            allowed_hosts=frozenset(hosts),
            temp_dir=tmp_path / "tmp",
            origins={"pbs.twimg.com": media_app.base_url, "video.twimg.com": media_app.base_url},
            sleep=clock.sleep,
        )

    yield make
    for client in clients:
        client.close()


__all__ = ["CASE_BYTES", "CASE_ID", "PHOTO_ID", "PNG", "PNG_ID", "VIDEO_PATH"]
