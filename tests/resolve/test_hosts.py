"""Which host a URL is, whether it may be fetched, and which rate bucket it uses."""

from __future__ import annotations

import pytest

from embedresolve.resolve.config import Endpoints, RateLimits
from embedresolve.resolve.hosts import authority, is_allowed, normalize_hosts
from embedresolve.resolve.ratelimit import bucket_for


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://web.archive.org/web/2020/x", "web.archive.org"),
        ("https://WEB.Archive.org:443/x", "web.archive.org"),
        ("http://web.archive.org:80/x", "web.archive.org"),
        ("https://web.archive.org:8443/x", "web.archive.org:8443"),
        ("http://127.0.0.1:8080/a", "127.0.0.1:8080"),
        ("https://bücher.de/", "xn--bcher-kva.de"),
        ("ftp://web.archive.org/", ""),
        ("/relative", ""),
        ("http://[::1", ""),
    ],
)
def test_authority(url, expected):
    assert authority(url) == expected


def test_allow_list_is_exact_on_host_and_port():
    allowed = normalize_hosts(frozenset({"T.CO", "http://127.0.0.1:9000/base"}))
    assert allowed == frozenset({"t.co", "127.0.0.1:9000"})
    assert is_allowed("https://t.co/abc", allowed)
    assert not is_allowed("https://evil.t.co/abc", allowed)
    assert not is_allowed("https://t.co.evil.com/abc", allowed)
    assert not is_allowed("http://127.0.0.1:9001/x", allowed)
    assert is_allowed("http://127.0.0.1:9000/x", allowed)


class TestBuckets:
    E = Endpoints()
    L = RateLimits(per_host=(("publish.twitter.com", 5.0),))

    @pytest.mark.parametrize(
        ("url", "key", "rate"),
        [
            ("https://web.archive.org/cdx/search/cdx?url=t.co/x", "web.archive.org search", 0.4),
            ("https://web.archive.org/web/timemap/link/x", "web.archive.org search", 0.4),
            ("https://web.archive.org/web/2020id_/https://t.co/x", "web.archive.org replay", 8.0),
            ("https://t.co/abc", "t.co", 2.0),
            ("https://publish.twitter.com/oembed?url=x", "publish.twitter.com", 5.0),
        ],
    )
    def test_classification(self, url, key, rate):
        bucket = bucket_for(url, endpoints=self.E, limits=self.L)
        assert (bucket.key, bucket.rate) == (key, pytest.approx(rate))
        assert bucket.host == authority(url)

    def test_wayback_under_a_path_prefix(self):
        """A local pywb at /pywb still splits search from replay."""
        endpoints = Endpoints(wayback="http://localhost:8080/pywb")
        cdx = bucket_for("http://localhost:8080/pywb/cdx?url=x", endpoints=endpoints, limits=self.L)
        replay = bucket_for("http://localhost:8080/pywb/web/2020/x", endpoints=endpoints, limits=self.L)
        assert cdx.key.endswith("search") and replay.key.endswith("replay")
        assert cdx.host == replay.host == "localhost:8080"
