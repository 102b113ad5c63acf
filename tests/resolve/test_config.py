"""Configuration value objects: defaults that match the archive guide, and validation."""

from __future__ import annotations

import dataclasses
import math

import pytest

from embedresolve.resolve.config import (
    Endpoints,
    HttpConfig,
    RateLimits,
    ResolveConfig,
    default_user_agent,
)


def test_defaults_follow_the_guide():
    http = HttpConfig()
    limits = RateLimits()
    assert http.max_response_bytes == 5 * 1024 * 1024
    assert (http.max_attempts, http.max_retry_seconds) == (4, 60.0)
    assert limits.wayback_search_per_second * 60 == pytest.approx(24)
    assert limits.wayback_replay_per_second == pytest.approx(8)
    assert limits.min_pause_s == 60


def test_user_agent_is_versioned_with_contact_url():
    ua = default_user_agent()
    assert ua.startswith("embedresolve/")
    assert ua.endswith("(+https://github.com/embedresolve/embedresolve)")


def test_configs_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        HttpConfig().max_attempts = 9  # type: ignore[misc]


def test_allowed_hosts_default_to_endpoints():
    config = ResolveConfig()
    twitter = {"web.archive.org", "cdn.syndication.twimg.com", "publish.twitter.com", "t.co"}
    platforms = {
        "www.youtube.com",
        "vimeo.com",
        "www.tiktok.com",
        "www.reddit.com",
        "public.api.bsky.app",
        "t.me",
    }
    assert config.allowed_hosts() == frozenset(twitter | platforms)
    local = ResolveConfig(endpoints=Endpoints().with_base("http://127.0.0.1:8000/"))
    assert local.allowed_hosts() == frozenset({"127.0.0.1:8000"})
    assert local.endpoints.wayback == "http://127.0.0.1:8000"


@pytest.mark.parametrize(
    "bad",
    [
        lambda: HttpConfig(max_attempts=0),
        lambda: HttpConfig(read_timeout_s=0),
        lambda: HttpConfig(max_response_bytes=0),
        lambda: HttpConfig(backoff_base_s=-1),
        lambda: RateLimits(default_per_second=0),
        lambda: RateLimits(per_host=(("t.co", math.nan),)),
        lambda: RateLimits(slowdown=1.5),
        lambda: Endpoints(wayback="web.archive.org"),
    ],
)
def test_invalid_values_are_refused(bad):
    with pytest.raises(ValueError):
        bad()


def test_unlimited_rate_limits():
    limits = RateLimits.unlimited()
    assert math.isinf(limits.default_per_second)
    assert math.isinf(limits.wayback_search_per_second)
