"""WaybackClient against a real pywb: CDX paging, blocked URLs, raw replay and its redirects."""

from __future__ import annotations

from itertools import islice

import pytest

from embedresolve.errors import ArchiveBlocked
from embedresolve.resolve.cdx import EMPTY_DIGEST
from embedresolve.resolve.wayback_client import WaybackClient, nearest_capture, redirect_target
from embedresolve.testing import FakeClock
from embedresolve.testing.faults import FaultServer
from embedresolve.testing.wayback_server import RunningServer
from tests.archive import fixtures as fx
from tests.archive.conftest import MakeFetcher


class TestSearch:
    def test_exact_rows(self, client: WaybackClient) -> None:
        rows = list(client.search(f"twitter.com/{fx.SJ_HANDLE}/status/{fx.SJ_ID}"))
        assert [(r.timestamp, r.statuscode) for r in rows] == [
            ("20221111203045", 200),
            ("20240305000000", 404),
        ]
        assert rows[0].urlkey == f"com,twitter)/saintjavelin/status/{fx.SJ_ID}"
        assert rows[0].mimetype == "text/html" and rows[0].digest and rows[0].length

    def test_filter_is_a_full_match(self, client: WaybackClient) -> None:
        assert [r.statuscode for r in client.search(f"t.co/{fx.SJ_CODE}", filters=("statuscode:3..",))] == [
            301,
            301,
        ]
        assert list(client.search(f"t.co/{fx.SJ_CODE}", filters=("statuscode:3",))) == []

    def test_redirect_rows_have_the_empty_digest(self, client: WaybackClient) -> None:
        row = next(iter(client.search(f"t.co/{fx.SJ_CODE}")))
        assert row.digest == EMPTY_DIGEST

    def test_resume_key_paging_over_several_pages(
        self, pywb: RunningServer, make_fetcher: MakeFetcher, faults: FaultServer
    ) -> None:
        """page_size=3 over the handle's 13 status captures: every page but the last carries a key."""
        paging = WaybackClient(make_fetcher(faults.base_url), faults.base_url, page_size=3)
        pages = list(paging.search_pages(f"twitter.com/{fx.SJ_HANDLE}/status/", match_type="prefix"))
        assert len(pages) >= 4
        assert all(p.page.resume_key for p in pages[:-1])
        assert pages[-1].page.resume_key is None
        requests = faults.outcomes("^/cdx/")
        assert len(requests) == len(pages)
        assert all("resumeKey=" in p.response.url for p in pages[1:])
        paged = [r.original for p in pages for r in p.page.rows]
        direct = [
            r.original
            for r in WaybackClient(paging.fetcher, faults.base_url).search(
                f"twitter.com/{fx.SJ_HANDLE}/status/", match_type="prefix"
            )
        ]
        assert paged == direct
        stamps = [(r.original, r.timestamp) for p in pages for r in p.page.rows]
        assert len(stamps) == len(set(stamps))  # no row twice across page boundaries

    def test_search_is_lazy(self, make_fetcher: MakeFetcher, faults: FaultServer) -> None:
        """Stopping the iteration asks for no further page."""
        paging = WaybackClient(make_fetcher(faults.base_url), faults.base_url, page_size=2)
        first = list(islice(paging.search(f"twitter.com/{fx.SJ_HANDLE}/status/", match_type="prefix"), 3))
        assert len(first) == 3
        assert len(faults.outcomes("^/cdx/")) == 2

    def test_limit_and_collapse(self, client: WaybackClient) -> None:
        rows = list(
            client.search(
                f"twitter.com/{fx.SJ_HANDLE}/status/{fx.SJ_ID}", match_type="prefix", collapse="urlkey"
            )
        )
        assert len(rows) == 2  # the page and its /photo/1 variant, one row each
        assert (
            len(list(client.search(f"twitter.com/{fx.SJ_HANDLE}/status/", match_type="prefix", limit=4))) == 4
        )

    def test_blocked_site(self, client: WaybackClient) -> None:
        with pytest.raises(ArchiveBlocked) as info:
            list(client.search(f"twitter.com/{fx.BLOCKED_HANDLE}/status/", match_type="prefix"))
        assert info.value.kind == "blocked" and info.value.result.status == 403

    def test_no_capture_is_empty(self, client: WaybackClient) -> None:
        assert list(client.search("twitter.com/nobody/status/1")) == []


class TestReplay:
    def test_absolute_location_of_an_archived_redirect(self, client: WaybackClient) -> None:
        result = client.replay("20221111203100", f"https://t.co/{fx.SJ_CODE}")
        assert result.status == 301 and result.is_memento
        assert (result.location or "").startswith(client.base_url + "/web/20221111203100id_/")
        assert redirect_target(result) == fx.SJ_PHOTO_URL

    def test_relative_location_of_an_archived_redirect(self, client: WaybackClient) -> None:
        result = client.replay("20230401000100", f"https://pic.twitter.com/{fx.PIC_CODE}")
        assert (result.location or "").startswith("/web/20230401000100id_/")
        assert redirect_target(result) == fx.PIC_TARGET

    def test_inexact_timestamp_is_wayback_speaking(self, client: WaybackClient) -> None:
        """A 302 without Memento-Datetime goes to the nearest capture; it is not an archived redirect."""
        result = client.replay("20221111", f"https://t.co/{fx.SJ_CODE}")
        assert result.status == 302 and not result.is_memento
        assert redirect_target(result) is None
        hop = nearest_capture(result)
        assert (
            hop is not None
            and hop.flag == "id_"
            and hop.target.lower() == f"https://t.co/{fx.SJ_CODE}".lower()
        )

    def test_archived_404_is_a_memento(self, client: WaybackClient) -> None:
        result = client.replay("20240305000000", f"https://twitter.com/{fx.SJ_HANDLE}/status/{fx.SJ_ID}")
        assert result.status == 404 and result.is_memento

    def test_never_archived_is_not_a_memento(self, client: WaybackClient) -> None:
        result = client.replay("20221111000000", "https://twitter.com/nobody/status/1")
        assert result.status == 404 and not result.is_memento

    def test_archived_429_is_not_a_live_429(self, client: WaybackClient, clock: FakeClock) -> None:
        """Memento-Datetime marks it archived: returned at once, never retried, nothing paused."""
        result = client.replay("20221112000000", f"https://twitter.com/{fx.BUSY_HANDLE}/status/{fx.BUSY_ID}")
        assert result.status == 429 and result.is_memento and result.attempts == 1
        assert clock.sleeps == []
        assert client.fetcher.limiter.rate_factor(client.base_url.split("//")[1]) == 1.0

    def test_gzip_capture_is_decoded(self, client: WaybackClient) -> None:
        url = f"https://cdn.syndication.twimg.com/tweet-result?id={fx.SYND_ID}&lang=en&token={fx.SYND_TOKEN}"
        result = client.replay("20230401000000", url)
        assert result.status == 200 and result.body.startswith(b'{"__typename": "Tweet"')
