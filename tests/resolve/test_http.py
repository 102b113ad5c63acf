"""The fetcher against a real, misbehaving local server (time is faked, sockets are not)."""

from __future__ import annotations

import hashlib
import re
import socket
from datetime import datetime, timezone

import pytest

from embedresolve.errors import EmbedResolveError, FetchFailed, HostNotAllowed, ResponseTooLarge
from embedresolve.provenance import Evidence
from embedresolve.resolve.config import Endpoints, RateLimits
from embedresolve.testing.faults import Reply

MEMENTO = {"Memento-Datetime": "Sat, 01 Feb 2020 02:37:57 GMT"}


class TestAnswers:
    def test_ok_response_carries_provenance(self, server, make_fetcher):
        """A 200 comes back with body, lower-case headers, digest and timing facts."""
        url = server.script("/a", Reply(200, b"hello", {"X-Thing": "1"}))
        result = make_fetcher().fetch(url, purpose="test.ok")
        assert (result.status, result.body, result.attempts) == (200, b"hello", 1)
        assert result.headers["x-thing"] == "1"
        assert all(k == k.lower() for k in result.headers)
        assert result.sha256 == hashlib.sha256(b"hello").hexdigest()
        assert result.from_cache is False
        assert result.purpose == "test.ok"
        assert result.memento_datetime is None and not result.is_memento
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", result.retrieved_at)
        assert Evidence.answer(result).source == "test.ok"

    def test_sends_versioned_user_agent(self, server, make_fetcher):
        """Archive operators see who we are and where to complain."""
        url = server.script("/ua", Reply(200))
        make_fetcher().fetch(url, purpose="t")
        ua = server.requests[0].headers["user-agent"]
        assert re.match(r"embedresolve/\S+ \(\+https://github.com/embedresolve/embedresolve\)", ua)

    def test_404_is_an_answer(self, server, make_fetcher):
        """Other 4xx are facts (deleted, protected), returned after one request."""
        url = server.script("/gone", Reply(404, b"nope"))
        result = make_fetcher().fetch(url, purpose="t")
        assert result.status == 404 and result.attempts == 1
        assert server.hits("/gone") == 1

    def test_redirect_is_not_followed(self, server, make_fetcher):
        """A 3xx is returned with its Location; the target is never requested."""
        target = server.script("/target", Reply(200, b"should not be fetched"))
        url = server.script("/tco", Reply(301, headers={"Location": target}))
        result = make_fetcher().fetch(url, purpose="tco")
        assert result.status == 301 and result.location == target
        assert server.hits("/target") == 0

    def test_memento_datetime_is_parsed(self, server, make_fetcher):
        url = server.script("/web/20200201023757id_/x", Reply(200, b"old", MEMENTO))
        result = make_fetcher().fetch(url, purpose="wayback")
        assert result.is_memento
        assert result.memento_datetime == datetime(2020, 2, 1, 2, 37, 57, tzinfo=timezone.utc)
        assert Evidence.answer(result).memento_datetime == "2020-02-01T02:37:57Z"

    def test_errors_belong_to_the_package_tree(self):
        assert issubclass(FetchFailed, EmbedResolveError)
        assert issubclass(HostNotAllowed, FetchFailed)
        assert issubclass(ResponseTooLarge, FetchFailed)


class TestRetries:
    def test_503_then_200_is_retried(self, server, make_fetcher, clock):
        """A transient 503 costs one backoff and one more attempt."""
        url = server.script("/flaky", Reply(503), Reply(200, b"ok"))
        result = make_fetcher().fetch(url, purpose="t")
        assert (result.status, result.body, result.attempts) == (200, b"ok", 2)
        assert server.hits("/flaky") == 2
        assert clock.sleeps == [1.0]

    def test_persistent_503_fails_after_max_attempts(self, server, make_fetcher, clock):
        """Backoff doubles; after max_attempts the failure says why, how often, how long."""
        url = server.script("/down", Reply(503))
        with pytest.raises(FetchFailed) as info:
            make_fetcher(max_attempts=3).fetch(url, purpose="t")
        err = info.value
        assert (err.category, err.attempts, err.last_status) == ("http_5xx", 3, 503)
        assert server.hits("/down") == 3
        assert clock.sleeps == [1.0, 2.0]
        assert err.elapsed_s == pytest.approx(3.0)
        assert Evidence.failure(err).category == "http_5xx"

    @pytest.mark.parametrize("status", [413, 421, 500, 502, 504, 599])
    def test_other_retryable_statuses(self, server, make_fetcher, status):
        url = server.script("/s", Reply(status))
        with pytest.raises(FetchFailed) as info:
            make_fetcher(max_attempts=2).fetch(url, purpose="t")
        expected = "http_5xx" if status >= 500 else "http_4xx"
        assert (info.value.category, info.value.attempts) == (expected, 2)

    def test_retry_after_on_503_is_honoured(self, server, make_fetcher, clock):
        url = server.script("/busy", Reply(503, headers={"Retry-After": "7"}), Reply(200))
        make_fetcher().fetch(url, purpose="t")
        assert clock.sleeps == [7.0]

    def test_retry_budget_bounds_total_wait(self, server, make_fetcher, clock):
        """No wait may carry the sequence past max_retry_seconds, whatever max_attempts says."""
        url = server.script("/down", Reply(503))
        fetcher = make_fetcher(
            max_attempts=10, backoff_base_s=10.0, backoff_max_s=100.0, max_retry_seconds=25.0
        )
        with pytest.raises(FetchFailed) as info:
            fetcher.fetch(url, purpose="t")
        assert clock.sleeps == [10.0]  # 10 + 20 would pass 25
        assert info.value.attempts == 2

    def test_connection_reset_is_retried(self, server, make_fetcher):
        url = server.script("/rst", Reply(action="reset"))
        with pytest.raises(FetchFailed) as info:
            make_fetcher(max_attempts=3).fetch(url, purpose="t")
        assert (info.value.category, info.value.attempts, info.value.last_status) == (
            "reset",
            3,
            None,
        )
        assert server.hits("/rst") == 3
        assert info.value.__cause__ is not None  # the httpx error, kept for debugging

    def test_reset_then_success(self, server, make_fetcher):
        url = server.script("/rst", Reply(action="reset"), Reply(200, b"fine"))
        assert make_fetcher().fetch(url, purpose="t").body == b"fine"

    def test_hang_up_without_answer_is_a_protocol_failure(self, server, make_fetcher):
        url = server.script("/hup", Reply(action="close"))
        with pytest.raises(FetchFailed) as info:
            make_fetcher(max_attempts=2).fetch(url, purpose="t")
        assert (info.value.category, info.value.attempts) == ("protocol", 2)

    def test_truncated_body_is_retried(self, server, make_fetcher):
        """Fewer bytes than Content-Length promised: retried, then reported."""
        url = server.script("/short", Reply(200, b"partial", action="truncate"))
        with pytest.raises(FetchFailed) as info:
            make_fetcher(max_attempts=2).fetch(url, purpose="t")
        assert (info.value.category, info.value.attempts) == ("protocol", 2)
        assert server.hits("/short") == 2

    def test_slow_response_times_out(self, server, make_fetcher):
        url = server.script("/slow", Reply(200, b"late", action="stall", delay=5.0))
        with pytest.raises(FetchFailed) as info:
            make_fetcher(read_timeout_s=0.2, max_attempts=2).fetch(url, purpose="t")
        assert (info.value.category, info.value.attempts) == ("timeout", 2)
        assert server.hits("/slow") == 2

    def test_slow_drip_hits_the_deadline(self, server, make_fetcher):
        """Bytes that keep trickling in never trip the read timeout; the deadline stops them."""
        url = server.script("/drip", Reply(200, b"x" * 100, action="drip", delay=0.02))
        with pytest.raises(FetchFailed) as info:
            make_fetcher(deadline_s=0.2, max_attempts=1).fetch(url, purpose="t")
        assert info.value.category == "timeout"

    def test_connect_error(self, make_fetcher):
        with socket.socket() as probe:  # a port nobody listens on
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        base = f"http://127.0.0.1:{port}"
        fetcher = make_fetcher(max_attempts=2, endpoints=Endpoints().with_base(base))
        with pytest.raises(FetchFailed) as info:
            fetcher.fetch(base + "/x", purpose="t")
        assert (info.value.category, info.value.attempts) == ("connect", 2)

    def test_undecodable_body_is_not_retried(self, server, make_fetcher):
        """A Content-Encoding that lies would lie again: reported at once."""
        url = server.script("/gz", Reply(200, b"not gzip at all", {"Content-Encoding": "gzip"}))
        with pytest.raises(FetchFailed) as info:
            make_fetcher().fetch(url, purpose="t")
        assert (info.value.category, info.value.attempts, info.value.last_status) == (
            "decoding",
            1,
            200,
        )

    def test_archived_5xx_is_content_not_an_error(self, server, make_fetcher):
        """With Memento-Datetime, a 503 is what the archive captured: returned at once."""
        url = server.script("/web/2015id_/x", Reply(503, b"captured", MEMENTO))
        result = make_fetcher().fetch(url, purpose="wayback")
        assert (result.status, result.attempts) == (503, 1)
        assert server.hits("/web/2015id_/x") == 1


class TestRateLimited:
    def test_archived_429_is_not_retried_and_not_a_pause(self, server, make_fetcher, clock):
        """Reddit's 429 captured in 2015 is an archived page, not IA telling us to slow down."""
        url = server.script("/web/2015id_/reddit", Reply(429, b"captured 429", MEMENTO))
        fetcher = make_fetcher()
        result = fetcher.fetch(url, purpose="wayback")
        assert (result.status, result.attempts, result.is_memento) == (429, 1, True)
        assert server.hits("/web/2015id_/reddit") == 1
        assert clock.sleeps == []
        assert fetcher.limiter.paused_until(_host(server)) is None

    @pytest.mark.parametrize(
        ("retry_after", "pause"),
        [({"Retry-After": "120"}, 120.0), ({"Retry-After": "5"}, 60.0), ({}, 60.0)],
    )
    def test_live_429_pauses_then_retries(self, server, make_fetcher, clock, retry_after, pause):
        """The host waits max(Retry-After, 60 s), then the request is retried, slower."""
        url = server.script("/cdx/search/cdx", Reply(429, headers=retry_after), Reply(200, b"ok"))
        fetcher = make_fetcher(max_retry_seconds=600)
        result = fetcher.fetch(url, purpose="wayback.cdx")
        assert (result.status, result.attempts) == (200, 2)
        assert clock.sleeps == [pause]
        assert fetcher.limiter.rate_factor(_host(server)) == 0.5

    def test_pause_holds_back_other_requests_to_the_host(self, server, make_fetcher, clock):
        """A 429 on the CDX pool also stops replay requests to the same host."""
        cdx = server.script("/cdx/search/cdx", Reply(429, headers={"Retry-After": "90"}))
        replay = server.script("/web/2020id_/x", Reply(200, b"memento", MEMENTO))
        fetcher = make_fetcher(max_attempts=1)
        with pytest.raises(FetchFailed) as info:
            fetcher.fetch(cdx, purpose="wayback.cdx")
        assert (info.value.category, info.value.attempts, info.value.last_status) == (
            "rate_limited",
            1,
            429,
        )
        assert clock.sleeps == []
        fetcher.fetch(replay, purpose="wayback.replay")
        assert clock.sleeps == [90.0]

    def test_pause_longer_than_budget_fails_fast_but_still_pauses(self, server, make_fetcher, clock):
        url = server.script("/cdx/search/cdx", Reply(429, headers={"Retry-After": "3600"}))
        fetcher = make_fetcher(max_retry_seconds=60)
        with pytest.raises(FetchFailed) as info:
            fetcher.fetch(url, purpose="wayback.cdx")
        assert (info.value.category, info.value.attempts) == ("rate_limited", 1)
        assert fetcher.limiter.paused_until(_host(server)) == pytest.approx(clock() + 3600)

    def test_persistent_429_is_bounded(self, server, make_fetcher, clock):
        url = server.script("/cdx/search/cdx", Reply(429))
        with pytest.raises(FetchFailed) as info:
            make_fetcher(max_attempts=3, max_retry_seconds=1000).fetch(url, purpose="t")
        assert (info.value.category, info.value.attempts) == ("rate_limited", 3)
        assert clock.sleeps == [60.0, 60.0]


class TestAllowList:
    @pytest.mark.parametrize(
        "make_url",
        [
            lambda s: "https://example.com/status/1",
            lambda s: s.url("/x").replace("127.0.0.1", "localhost"),
            lambda s: "http://127.0.0.1:1/x",
            lambda s: s.url("/x").replace("http://", "ftp://"),
            lambda s: "not a url",
            lambda s: "/relative/path",
        ],
    )
    def test_refused_before_any_request(self, server, make_fetcher, make_url):
        """Only configured endpoints are fetched; the server never hears of the rest."""
        server.script("/x", Reply(200))
        with pytest.raises(HostNotAllowed) as info:
            make_fetcher().fetch(make_url(server), purpose="t")
        assert (info.value.category, info.value.attempts) == ("host_not_allowed", 0)
        assert server.hits() == 0

    def test_explicit_allow_list_replaces_endpoints(self, server, make_fetcher):
        url = server.script("/x", Reply(200))
        fetcher = make_fetcher(allowed_hosts=frozenset({"example.org"}))
        with pytest.raises(HostNotAllowed):
            fetcher.fetch(url, purpose="t")
        assert "example.org" in fetcher.allowed_hosts


class TestSizeBound:
    def test_declared_oversize_is_refused_unread(self, server, make_fetcher):
        url = server.script("/big", Reply(200, b"x" * 4096))
        with pytest.raises(ResponseTooLarge) as info:
            make_fetcher(max_response_bytes=1024).fetch(url, purpose="t")
        err = info.value
        assert (err.category, err.attempts, err.declared, err.limit) == ("too_large", 1, 4096, 1024)
        assert server.hits("/big") == 1  # not retried: it would be just as big

    def test_undeclared_oversize_is_cut_off_while_streaming(self, server, make_fetcher):
        url = server.script("/stream", Reply(200, b"y" * 50_000, action="no_length"))
        with pytest.raises(ResponseTooLarge) as info:
            make_fetcher(max_response_bytes=1024).fetch(url, purpose="t")
        assert info.value.declared is None

    def test_body_at_the_limit_is_fine(self, server, make_fetcher):
        url = server.script("/exact", Reply(200, b"z" * 1024))
        assert len(make_fetcher(max_response_bytes=1024).fetch(url, purpose="t").body) == 1024


class TestSpacing:
    def test_requests_to_a_host_are_spaced(self, server, make_fetcher, clock):
        """At 2 requests/s, three back-to-back fetches wait 0.5 s before the 2nd and 3rd."""
        url = server.script("/a", Reply(200))
        # The server is an ordinary host here, not the Wayback endpoint.
        endpoints = Endpoints(syndication=server.base_url)
        fetcher = make_fetcher(rate_limits=RateLimits(default_per_second=2.0), endpoints=endpoints)
        for _ in range(3):
            fetcher.fetch(url, purpose="t")
        assert clock.sleeps == [0.5, 0.5]

    def test_wayback_search_and_replay_have_separate_pools(self, server, make_fetcher, clock):
        """CDX at 0.4/s does not slow replay at 8/s (IA's two pools)."""
        cdx = server.script("/cdx/search/cdx", Reply(200))
        replay = server.script("/web/2020id_/x", Reply(200))
        fetcher = make_fetcher(rate_limits=RateLimits())
        fetcher.fetch(cdx, purpose="cdx")
        fetcher.fetch(replay, purpose="replay")
        fetcher.fetch(replay, purpose="replay")
        assert clock.sleeps == [pytest.approx(1 / 8)]
        fetcher.fetch(cdx, purpose="cdx")
        assert sum(clock.sleeps) == pytest.approx(2.5)  # 1 / 0.4 after the first CDX call


def _host(server) -> str:
    return server.base_url.removeprefix("http://")
