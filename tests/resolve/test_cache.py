"""The SQLite cache: responses (positive and negative TTLs) and resolutions."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone

import pytest

from embedresolve.errors import FetchFailed, HostNotAllowed
from embedresolve.resolve.cache import CachingFetcher, ResponseCache, default_cache_path
from embedresolve.resolve.http import FetchResult
from embedresolve.testing.faults import Reply

DAY = 86_400.0


class WallClock:
    """Epoch seconds that tests move by hand (TTL expiry outlives a process)."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def wall() -> WallClock:
    return WallClock()


@pytest.fixture
def cache(wall: WallClock):
    with ResponseCache(":memory:", positive_ttl_s=30 * DAY, negative_ttl_s=1 * DAY, now=wall) as c:
        yield c


def result(url: str = "http://h/x", status: int = 200, **headers: str) -> FetchResult:
    return FetchResult(
        url=url,
        status=status,
        headers=dict(headers),
        body=b"body",
        elapsed_s=0.1,
        attempts=1,
        retrieved_at="2024-01-01T00:00:00.000Z",
        memento_datetime=None,
        sha256="0" * 64,
    )


class TestCachingFetcher:
    def test_second_fetch_is_served_from_cache(self, server, make_fetcher, cache):
        """The server sees one request; the copy says it came from the cache."""
        url = server.script(
            "/a", Reply(200, b"payload", {"Memento-Datetime": "Sat, 01 Feb 2020 02:37:57 GMT"})
        )
        fetcher = CachingFetcher(make_fetcher(), cache)
        first = fetcher.fetch(url, purpose="one")
        second = fetcher.fetch(url, purpose="two")
        assert server.hits("/a") == 1
        assert (first.from_cache, second.from_cache) == (False, True)
        assert (second.body, second.sha256, second.status) == (first.body, first.sha256, 200)
        assert second.headers == first.headers
        assert second.retrieved_at == first.retrieved_at
        assert second.memento_datetime == datetime(2020, 2, 1, 2, 37, 57, tzinfo=timezone.utc)
        assert (second.attempts, second.purpose) == (0, "two")

    def test_negative_answers_expire_sooner(self, server, make_fetcher, cache, wall):
        """A 404 is re-asked after a day; a 200 is still trusted."""
        found = server.script("/found", Reply(200, b"yes"))
        missing = server.script("/missing", Reply(404, b"no"))
        fetcher = CachingFetcher(make_fetcher(), cache)
        fetcher.fetch(found, purpose="t")
        fetcher.fetch(missing, purpose="t")
        wall.now += 2 * DAY
        assert fetcher.fetch(found, purpose="t").from_cache
        assert not fetcher.fetch(missing, purpose="t").from_cache
        assert (server.hits("/found"), server.hits("/missing")) == (1, 2)
        wall.now += 31 * DAY
        assert not fetcher.fetch(found, purpose="t").from_cache

    def test_failures_are_not_cached(self, server, make_fetcher, cache):
        url = server.script("/down", Reply(503), Reply(503), Reply(200, b"back"))
        fetcher = CachingFetcher(make_fetcher(max_attempts=2), cache)
        with pytest.raises(FetchFailed):
            fetcher.fetch(url, purpose="t")
        assert fetcher.fetch(url, purpose="t").body == b"back"

    def test_allow_list_applies_to_cached_urls(self, make_fetcher, cache):
        """Changing the endpoints also changes what the cache may serve."""
        cache.put(result("https://example.com/x"))
        with pytest.raises(HostNotAllowed):
            CachingFetcher(make_fetcher(), cache).fetch("https://example.com/x", purpose="t")

    def test_refresh_skips_reads_but_writes(self, server, make_fetcher, cache):
        url = server.script("/a", Reply(200, b"v1"), Reply(200, b"v2"))
        CachingFetcher(make_fetcher(), cache).fetch(url, purpose="t")
        fresh = CachingFetcher(make_fetcher(), cache, read=False).fetch(url, purpose="t")
        assert fresh.body == b"v2" and not fresh.from_cache
        assert cache.get(url).body == b"v2"


class TestResponseCache:
    @pytest.mark.parametrize(
        ("status", "headers", "ttl"),
        [
            (200, {}, 30 * DAY),
            (301, {}, 30 * DAY),
            (404, {}, 1 * DAY),
            (410, {}, 1 * DAY),
            (403, {}, 1 * DAY),
            (404, {"memento-datetime": "Sat, 01 Feb 2020 02:37:57 GMT"}, 30 * DAY),
            (429, {"memento-datetime": "Sat, 01 Feb 2020 02:37:57 GMT"}, 30 * DAY),
            (429, {}, None),
            (501, {}, None),
        ],
    )
    def test_ttl_by_kind_of_answer(self, cache, status, headers, ttl):
        """Archived answers never change; live negatives may; errors are not answers."""
        assert cache.ttl_for(result(status=status, **headers)) == ttl

    def test_miss(self, cache):
        assert cache.get("http://h/nothing") is None

    def test_file_cache_persists_and_uses_wal(self, tmp_path, wall):
        path = tmp_path / "sub" / "cache.sqlite3"
        with ResponseCache(path, now=wall) as c:
            c.put(result())
            c.put_resolution("k", {"status": "resolved"}, ttl=DAY)
        with ResponseCache(path, now=wall) as c:
            assert c.get("http://h/x").body == b"body"
            assert c.get_resolution("k") == {"status": "resolved"}
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"

    def test_purge_expired(self, cache, wall):
        cache.put(result("http://h/a"))
        cache.put(result("http://h/b", status=404))
        cache.put_resolution("r", {"x": 1}, ttl=10)
        wall.now += 2 * DAY
        assert cache.purge_expired() == 2
        assert cache.get("http://h/a") is not None

    def test_threads_share_one_cache(self, cache):
        errors: list[BaseException] = []

        def worker(n: int) -> None:
            try:
                for i in range(50):
                    cache.put(result(f"http://h/{n}/{i}"))
                    assert cache.get(f"http://h/{n}/{i}") is not None
                    cache.put_resolution(f"{n}/{i}", {"n": n}, ttl=DAY)
            except BaseException as e:  # report, don't swallow
                errors.append(e)

        threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert cache.get_resolution("7/49") == {"n": 7}


class TestResolutions:
    def test_round_trip_and_expiry(self, cache, wall):
        value = {"status": "resolved", "post_id": "1641086480675225601", "text": "Kherson — ünïcode"}
        cache.put_resolution("twitter:1641086480675225601", value, ttl=60)
        assert cache.get_resolution("twitter:1641086480675225601") == value
        wall.now += 61
        assert cache.get_resolution("twitter:1641086480675225601") is None

    def test_overwrite(self, cache):
        cache.put_resolution("k", {"v": 1}, ttl=60)
        cache.put_resolution("k", {"v": 2}, ttl=60)
        assert cache.get_resolution("k") == {"v": 2}

    def test_negative_ttl_refused(self, cache):
        with pytest.raises(ValueError):
            cache.put_resolution("k", {}, ttl=-1)


def test_default_cache_path_follows_xdg(tmp_path):
    assert default_cache_path({"XDG_CACHE_HOME": "/x"}) == default_cache_path(
        {"XDG_CACHE_HOME": "/x"}, home=tmp_path
    )
    assert str(default_cache_path({"XDG_CACHE_HOME": "/x"})) == "/x/embedresolve/cache.sqlite3"
    assert default_cache_path({}, home=tmp_path) == tmp_path / ".cache/embedresolve/cache.sqlite3"
