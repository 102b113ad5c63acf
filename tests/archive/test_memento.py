"""MementoSource over pywb's TimeMaps (RFC 7089 link format), and over a scripted aggregator."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from embedresolve.errors import HostNotAllowed
from embedresolve.resolve.http import FetchResult
from embedresolve.resolve.sources.base import PostSource
from embedresolve.resolve.sources.memento import MementoSource, raw_memento_url
from embedresolve.testing.wayback_server import RunningServer
from tests.archive import fixtures as fx
from tests.archive.conftest import MakeFetcher


@pytest.fixture
def memento(pywb: RunningServer, make_fetcher: MakeFetcher) -> MementoSource:
    return MementoSource(make_fetcher(pywb.base_url), f"{pywb.base_url}/web/timemap/link")


def test_is_a_post_source(memento: MementoSource) -> None:
    assert isinstance(memento, PostSource)


def test_found_from_the_oldest_memento(memento: MementoSource) -> None:
    """The TimeMap lists a 200 (2022) and a 404 (2024); the older one carries the tweet."""
    lookup = memento.post(fx.SJ_ID, fx.SJ_HANDLE)
    assert lookup.outcome == "found", lookup
    assert lookup.value is not None and lookup.value.text == fx.SJ_TEXT
    assert lookup.value.source == "memento.status_page"
    timemap, replay = lookup.evidence
    assert timemap.step == "timemap" and timemap.mementos == 2
    assert replay.memento_url.endswith(
        f"/web/20221111203045/https://twitter.com/saintjavelin/status/{fx.SJ_ID}"
    )
    assert "/web/20221111203045id_/" in replay.url
    assert replay.capture_time == "2022-11-11T20:30:45Z" and replay.source == "memento"


def test_archived_404_only_means_deleted(memento: MementoSource) -> None:
    assert memento.post(fx.SJ_DELETED_ID, fx.SJ_HANDLE).outcome == "deleted"


def test_no_timemap_means_not_archived(memento: MementoSource) -> None:
    assert memento.post(fx.NEVER_ID, fx.SJ_HANDLE).outcome == "not_archived"


@pytest.mark.parametrize(
    ("uri_m", "raw"),
    [
        ("http://h/web/20221111203045/https://t.co/x", "http://h/web/20221111203045id_/https://t.co/x"),
        (
            "https://arquivo.pt/wayback/20221111203045mp_/https://t.co/x",
            "https://arquivo.pt/wayback/20221111203045id_/https://t.co/x",
        ),
        ("https://archive.ph/AbCdE", "https://archive.ph/AbCdE"),
    ],
)
def test_raw_memento_url(uri_m: str, raw: str) -> None:
    assert raw_memento_url(uri_m) == raw


class _Aggregator:
    """A fetcher scripted like MemGator: the TimeMap lists a memento on a host we may not reach."""

    def __init__(self, pywb_base: str, real: object) -> None:
        self.pywb_base = pywb_base
        self.real = real

    def fetch(self, url: str, *, purpose: str) -> FetchResult:
        if url.startswith("http://agg/"):
            body = (
                f'<https://twitter.com/saintjavelin/status/{fx.SJ_ID}>; rel="original",\n'
                '<https://archive.ph/AbCdE>; rel="memento"; datetime="Thu, 10 Nov 2022 00:00:00 GMT",\n'
                f'<{self.pywb_base}/web/20221111203045/https://twitter.com/saintjavelin/status/{fx.SJ_ID}>; rel="memento"; '
                'datetime="Fri, 11 Nov 2022 20:30:45 GMT"'
            ).encode()
            return FetchResult(
                url=url,
                status=200,
                headers={},
                body=body,
                elapsed_s=0.0,
                attempts=1,
                retrieved_at="2026-01-01T00:00:00Z",
                memento_datetime=None,
                sha256="",
                purpose=purpose,
            )
        if url.startswith("https://archive.ph/"):
            raise HostNotAllowed(url, "archive.ph")
        return self.real.fetch(url, purpose=purpose)  # type: ignore[attr-defined]


def test_unreachable_memento_hosts_are_skipped(pywb: RunningServer, make_fetcher: MakeFetcher) -> None:
    source = MementoSource(_Aggregator(pywb.base_url, make_fetcher(pywb.base_url)), "http://agg/timemap/link")
    lookup = source.post(fx.SJ_ID, fx.SJ_HANDLE)
    assert lookup.outcome == "found", lookup
    assert lookup.evidence[1].category == "host_not_allowed"
    assert datetime(2022, 11, 11, tzinfo=timezone.utc)  # the pywb memento answered
