"""WaybackSource against a real pywb: short codes, candidates, posts, faults."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest

from embedresolve.resolve.cdx import EMPTY_DIGEST
from embedresolve.resolve.plan import window_of
from embedresolve.resolve.sources.base import CandidateSource, PostSource, ShortCodeSource
from embedresolve.resolve.sources.wayback import WaybackSource
from embedresolve.resolve.wayback_client import WaybackClient
from embedresolve.testing import FakeClock
from embedresolve.testing.faults import FaultServer
from tests.archive import fixtures as fx


def test_implements_all_three_protocols(source: WaybackSource) -> None:
    """One source answers short codes, candidates and posts."""
    assert isinstance(source, ShortCodeSource)
    assert isinstance(source, CandidateSource)
    assert isinstance(source, PostSource)


class TestShortCodes:
    def test_tco_capture_with_absolute_location(self, source: WaybackSource) -> None:
        """The archived 301's Location (rewritten into the archive) gives the status URL."""
        lookup = source.expand_short_code(fx.SJ_CODE)
        assert lookup.outcome == "found", lookup
        assert lookup.value == fx.SJ_PHOTO_URL
        replay = next(e for e in lookup.evidence if e.step == "replay")
        assert replay.memento_url.endswith(f"/web/20221111203100id_/https://t.co/{fx.SJ_CODE}")
        assert replay.capture_time == "2022-11-11T20:31:00Z"
        assert replay.cdx_digest == EMPTY_DIGEST
        assert replay.status == 301 and replay.archive == "wayback" and replay.source == "wayback"
        assert all(e.source == "wayback" for e in lookup.evidence)

    def test_pic_capture_with_relative_location(self, source: WaybackSource) -> None:
        """No t.co capture: pic.twitter.com's capture is used; its Location is site-relative."""
        lookup = source.expand_short_code(fx.PIC_CODE)
        assert lookup.outcome == "found", lookup
        assert lookup.value == fx.PIC_TARGET
        cdx = [e for e in lookup.evidence if e.step == "cdx"]
        assert [c.query.split(" ")[0] for c in cdx] == [
            f"t.co/{fx.PIC_CODE}",
            f"pic.twitter.com/{fx.PIC_CODE}",
        ]

    def test_codes_are_case_sensitive(self, source: WaybackSource) -> None:
        """The index folds case; a capture of another code's case is not this code's answer."""
        assert source.expand_short_code(fx.LOWER_CODE).value == fx.LOWER_TARGET
        assert source.expand_short_code(fx.SJ_CODE).value == fx.SJ_PHOTO_URL

    def test_meta_refresh_capture(self, source: WaybackSource) -> None:
        """t.co served browsers a 200 page with a meta refresh; its capture names the target."""
        lookup = source.expand_short_code(fx.META_CODE)
        assert lookup.outcome == "found" and lookup.value == fx.META_TARGET

    def test_link_to_something_else(self, source: WaybackSource) -> None:
        lookup = source.expand_short_code(fx.EXT_CODE)
        assert lookup.outcome == "found"
        assert lookup.value is not None and "example.com" in lookup.value
        assert any("example.com" in str(e.targets) for e in lookup.evidence)

    def test_no_capture(self, source: WaybackSource) -> None:
        lookup = source.expand_short_code("NoSuchCode9")
        assert lookup.outcome == "not_archived"
        assert len([e for e in lookup.evidence if e.step == "cdx"]) == 2

    def test_invalid_code_asks_nothing(self, source: WaybackSource) -> None:
        lookup = source.expand_short_code("../etc")
        assert lookup.outcome == "not_found" and not [e for e in lookup.evidence if e.url is not None]


class TestCandidates:
    def test_only_ids_in_the_snowflake_window(self, source: WaybackSource) -> None:
        """twitter.com first, x.com and mobile.twitter.com in the wider round; IDs outside day ± 1 dropped."""
        first = source.candidates(fx.SJ_HANDLE, date(2022, 11, 11))
        wider = source.candidates(fx.SJ_HANDLE, date(2022, 11, 11), wider=True)
        assert first.outcome == "found" and wider.outcome == "found", (first, wider)
        assert first.value is not None and wider.value is not None
        ids = sorted({c.post_id for c in [*first.value, *wider.value]}, key=int)
        assert ids == sorted([*fx.IN_WINDOW, fx.SJ_DELETED_ID], key=int)  # a 404 capture still names an ID
        assert not any("mobile.twitter.com" in c.url for c in first.value)
        mobile = [c for c in wider.value if "mobile.twitter.com" in c.url]
        assert len(mobile) == 1 and mobile[0].captured_at == "20221113000000"
        assert not set(fx.OUT_OF_WINDOW) & set(ids)

    def test_query_is_narrowed_by_the_id_prefix(self, source: WaybackSource) -> None:
        """The window's IDs share leading digits, so the prefix query asks for those only."""
        first = source.candidates(fx.SJ_HANDLE, date(2022, 11, 11))
        wider = source.candidates(fx.SJ_HANDLE, date(2022, 11, 11), wider=True)
        queries = [e.query for e in first.evidence if e.step == "cdx"]
        assert [q.split("/")[0] for q in queries] == ["twitter.com"]  # one CDX query in the first round
        assert queries[0].startswith("twitter.com/saintjavelin/status/159")
        more = [e.query for e in wider.evidence if e.step == "cdx"]
        assert {q.split("/")[0] for q in more} == {"x.com", "mobile.twitter.com"}

    def test_pre_snowflake_ids_are_kept_and_marked(self, source: WaybackSource) -> None:
        lookup = source.candidates(fx.JACK_HANDLE, date(2006, 3, 21))
        assert lookup.outcome == "found", lookup
        assert [c.post_id for c in lookup.value or []] == [fx.JACK_ID]
        assert any(e.pre_snowflake_ids == (fx.JACK_ID,) for e in lookup.evidence)

    def test_unknown_handle(self, source: WaybackSource) -> None:
        assert source.candidates("nobodyhere", date(2022, 11, 11)).outcome == "not_archived"


class TestPosts:
    def test_status_page_2022_meta_tags(self, source: WaybackSource) -> None:
        lookup = source.post(fx.SJ_ID, fx.SJ_HANDLE)
        assert lookup.outcome == "found", lookup
        post = lookup.value
        assert post is not None
        assert (post.post_id, post.author_handle, post.author_name) == (
            fx.SJ_ID,
            fx.SJ_HANDLE,
            "Saint Javelin",
        )
        assert post.text == fx.SJ_TEXT
        assert post.created_at == "2022-11-11T18:46:02Z"
        assert post.source == "wayback.status_page"
        replays = [e for e in lookup.evidence if e.step == "replay"]
        assert replays and replays[0].cdx_statuscode == 200

    def test_status_page_2014_permalink(self, source: WaybackSource) -> None:
        lookup = source.post(fx.OBAMA_ID, fx.OBAMA_HANDLE)
        assert lookup.outcome == "found", lookup
        assert lookup.value is not None
        assert lookup.value.text == "Four more years. pic.twitter.com/bAJE6Vom"
        assert lookup.value.created_at == "2012-11-07T04:16:18Z"

    def test_archived_oembed(self, source: WaybackSource) -> None:
        lookup = source.post(fx.OEMBED_ID, fx.OEMBED_HANDLE)
        assert lookup.outcome == "found", lookup
        assert lookup.value is not None and lookup.value.source == "wayback.oembed"
        assert lookup.value.author_handle == "pepephone"

    def test_archived_syndication_gzip(self, source: WaybackSource) -> None:
        """The capture's body is gzip content-encoded, as a crawler stores it."""
        lookup = source.post(fx.SYND_ID)
        assert lookup.outcome == "found", lookup
        post = lookup.value
        assert post is not None and post.source == "wayback.syndication"
        assert post.media[0].display_url == f"pic.twitter.com/{fx.PIC_CODE}"

    def test_archived_api_v1(self, source: WaybackSource) -> None:
        lookup = source.post(fx.V1_ID, "twitterapi")
        assert lookup.outcome == "found", lookup
        assert lookup.value is not None and lookup.value.source == "wayback.api_v1"

    def test_archived_api_v2(self, source: WaybackSource) -> None:
        lookup = source.post(fx.V2_ID)
        assert lookup.outcome == "found", lookup
        assert lookup.value is not None and lookup.value.author_handle == "TwitterDev"

    def test_tombstone_means_deleted(self, source: WaybackSource) -> None:
        lookup = source.post(fx.TOMB_ID)
        assert lookup.outcome == "deleted"
        assert "deleted by the Post author" in (lookup.reason or "")

    def test_archived_404_means_deleted(self, source: WaybackSource) -> None:
        lookup = source.post(fx.SJ_DELETED_ID, fx.SJ_HANDLE)
        assert lookup.outcome == "deleted", lookup

    def test_no_capture_means_not_archived(self, source: WaybackSource) -> None:
        lookup = source.post(fx.NEVER_ID, fx.SJ_HANDLE)
        assert lookup.outcome == "not_archived"
        assert not [e for e in lookup.evidence if e.step == "replay"]

    def test_excluded_account_is_blocked(self, source: WaybackSource) -> None:
        lookup = source.post(fx.BLOCKED_ID, fx.BLOCKED_HANDLE)
        assert lookup.outcome == "blocked", lookup
        refused = [e for e in lookup.evidence if e.blocked]
        assert refused and all(e.status == 403 for e in refused)
        assert len(refused) < len([e for e in lookup.evidence if e.step == "cdx"])  # other queries went on

    def test_archived_429_is_content_not_a_rate_limit(self, source: WaybackSource, clock: FakeClock) -> None:
        """twitter's own 429, archived, is a capture without content: no pause, no retry, no failure."""
        lookup = source.post(fx.BUSY_ID, fx.BUSY_HANDLE)
        assert lookup.outcome == "not_archived", lookup
        assert "1 capture(s)" in (lookup.reason or "")
        assert clock.sleeps == []

    def test_replays_are_bounded(self, client) -> None:
        source = WaybackSource(client, max_replays=1)
        lookup = source.post(fx.SJ_ID, fx.SJ_HANDLE)
        assert len([e for e in lookup.evidence if e.step == "replay"]) == 1


class TestFaults:
    def test_503_then_200_is_retried(
        self, proxied: WaybackSource, faults: FaultServer, clock: FakeClock
    ) -> None:
        faults.fail(r"^/cdx/", "status", status=503)
        lookup = proxied.expand_short_code(fx.SJ_CODE)
        assert lookup.outcome == "found", lookup
        first = next(e for e in lookup.evidence if e.step == "cdx")
        assert first.attempts == 2
        assert clock.sleeps == [1.0]
        assert faults.outcomes("^/cdx/")[:2] == ["status 503", "forwarded 200"]

    def test_live_429_pauses_then_resumes(
        self, proxied: WaybackSource, faults: FaultServer, clock: FakeClock
    ) -> None:
        """A live 429 (no Memento-Datetime) pauses the archive host for at least 60 s."""
        faults.fail(r"^/cdx/", "status", status=429, body=b"<h1>429 Too Many Requests</h1>")
        lookup = proxied.post(fx.SJ_ID, fx.SJ_HANDLE)
        assert lookup.outcome == "found", lookup
        assert max(clock.sleeps) >= 60.0
        host = urlsplit(faults.base_url).netloc
        assert proxied.client.fetcher.limiter.rate_factor(host) < 1  # and it stays slower

    def test_reset_during_replay_is_retried(self, proxied: WaybackSource, faults: FaultServer) -> None:
        faults.fail(r"^/web/\d+id_/", "reset")
        lookup = proxied.expand_short_code(fx.SJ_CODE)
        assert lookup.outcome == "found", lookup
        assert next(e for e in lookup.evidence if e.step == "replay").attempts == 2

    def test_timeout_is_retried(self, proxied: WaybackSource, faults: FaultServer, make_fetcher) -> None:
        faults.fail(r"^/web/\d+id_/", "delay", seconds=0.6)
        source = WaybackSource(
            WaybackClient(make_fetcher(faults.base_url, read_timeout_s=0.2), faults.base_url)
        )
        lookup = source.expand_short_code(fx.SJ_CODE)
        assert lookup.outcome == "found", lookup

    def test_persistent_failure_is_an_outcome_not_an_exception(
        self, proxied: WaybackSource, faults: FaultServer
    ) -> None:
        faults.fail(r"^/cdx/", "status", status=503, times=None)
        lookup = proxied.post(fx.SJ_ID, fx.SJ_HANDLE)
        assert lookup.outcome == "failed"
        assert lookup.reason == "http_5xx"
        last = lookup.evidence[-1]
        assert last.category == "http_5xx" and last.source == "wayback" and last.attempts == 4

    def test_truncated_body_is_retried(self, proxied: WaybackSource, faults: FaultServer) -> None:
        faults.fail(r"^/cdx/", "truncate", keep=10)
        assert proxied.candidates(fx.SJ_HANDLE, date(2022, 11, 11)).outcome == "found"


@pytest.mark.parametrize("bad", ["", "12a", "1" * 30])
def test_invalid_post_ids_ask_nothing(source: WaybackSource, bad: str) -> None:
    lookup = source.post(bad)
    assert lookup.outcome == "not_found"


class TestSharedAnswers:
    """The planner's cache: one CDX query answers every embed whose window it covers."""

    def test_a_second_embed_in_the_window_asks_nothing(self, source: WaybackSource) -> None:
        first = source.candidates(fx.SJ_HANDLE, date(2022, 11, 11))
        second = source.candidates(fx.SJ_HANDLE, date(2022, 11, 11))
        assert first.outcome == "found" and first.value == second.value
        assert [e.from_cache for e in first.evidence if e.step == "cdx"] == [False]
        assert [e.from_cache for e in second.evidence if e.step == "cdx"] == [True]

    def test_a_neighbouring_day_under_the_same_prefix_asks_nothing(self, source: WaybackSource) -> None:
        day, next_day = date(2022, 11, 11), date(2022, 11, 12)
        window, next_window = window_of(day), window_of(next_day)
        assert window is not None and next_window is not None
        assert next_window.covered_by(window.digits)  # both days' IDs start with the same digits
        source.candidates(fx.SJ_HANDLE, day)
        later = source.candidates(fx.SJ_HANDLE, next_day)
        assert [e.from_cache for e in later.evidence if e.step == "cdx"] == [True]
        ids = [int(c.post_id) for c in later.value or []]
        assert ids and all(next_window.low <= i <= next_window.high for i in ids)  # its own window only

    def test_prefetch_then_candidates(self, source: WaybackSource) -> None:
        """A prefetched answer: the first embed using it carries the request, later ones reuse it."""
        sent = source.prefetch(
            [(fx.SJ_HANDLE, date(2022, 11, 11)), (fx.SJ_HANDLE.upper(), date(2022, 11, 11))]
        )
        assert sent == 1
        first = source.candidates(fx.SJ_HANDLE, date(2022, 11, 11))
        again = source.candidates(fx.SJ_HANDLE, date(2022, 11, 11))
        assert first.value == again.value and first.outcome == "found"
        assert [e.from_cache for e in first.evidence if e.step == "cdx"] == [False]
        assert [e.from_cache for e in again.evidence if e.step == "cdx"] == [True]
        assert source.prefetch([(fx.SJ_HANDLE, date(2022, 11, 11))]) == 0  # already answered

    def test_wider_hosts_skipped_for_an_account_never_captured(self, source: WaybackSource) -> None:
        assert source.candidates("nobodyhere", date(2022, 11, 11)).outcome == "not_archived"
        wider = source.candidates("nobodyhere", date(2022, 11, 11), wider=True)
        assert wider.outcome == "not_archived" and not [e for e in wider.evidence if e.url]

    def test_known_post_reads_the_listed_capture_without_cdx(self, source: WaybackSource) -> None:
        found = source.candidates(fx.SJ_HANDLE, date(2022, 11, 11))
        assert fx.SJ_ID in {c.post_id for c in found.value or []}
        lookup = source.known_post(fx.SJ_ID, fx.SJ_HANDLE)
        assert lookup.outcome == "found" and lookup.value is not None
        assert lookup.value.text == fx.SJ_TEXT
        assert not [e for e in lookup.evidence if e.step == "cdx"]
