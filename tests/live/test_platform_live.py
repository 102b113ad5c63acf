"""The other platforms' live endpoints through the real fetcher, against the local platform app."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

from embedresolve.cli import app as cli
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.http import Fetcher
from embedresolve.resolve.platforms import PLATFORMS
from embedresolve.resolve.platforms.live import LiveSource
from tests.servers import platform_routes as routes
from tests.servers.platform_app import PlatformApp


def ref(url: str) -> PostRef:
    found = parse_post_url(url)
    assert found is not None
    return found


@pytest.fixture
def live(app: PlatformApp, fetcher: Fetcher) -> LiveSource:
    return LiveSource(fetcher, Endpoints().with_base(app.base_url), PLATFORMS)


def test_youtube_oembed_answer(live: LiveSource, app: PlatformApp):
    lookup = live.platform_post(ref(f"https://www.youtube.com/watch?v={routes.YT_VIDEO}"))
    assert lookup.outcome == "found" and lookup.value is not None
    assert lookup.value.title == "Noisy kittens waiting for dinner!"
    assert lookup.value.source == "youtube.oembed"
    (request,) = app.seen
    assert request.path == "/oembed"
    assert request.query["url"] == [f"https://www.youtube.com/watch?v={routes.YT_VIDEO}"]
    assert request.query["format"] == ["json"]
    (evidence,) = lookup.evidence
    assert evidence.status == 200 and evidence.parsed == "oembed" and evidence.source == "youtube.live"


@pytest.mark.parametrize(
    ("video", "outcome"), [(routes.YT_PRIVATE, "protected"), (routes.YT_DELETED, "not_found")]
)
def test_youtube_refusals(live: LiveSource, video: str, outcome: str):
    lookup = live.platform_post(ref(f"https://youtu.be/{video}"))
    assert (lookup.outcome, lookup.value) == (outcome, None)


def test_answer_about_another_video_is_refused(live: LiveSource):
    lookup = live.platform_post(ref(f"https://youtu.be/{routes.YT_WRONG}"))
    assert lookup.outcome == "failed"
    assert lookup.reason == f"answer is for post {routes.YT_VIDEO}, not {routes.YT_WRONG}"


def test_a_live_429_is_waited_out_as_for_tweets(live: LiveSource, app: PlatformApp, sleeps: list[float]):
    app.inject(429)
    lookup = live.platform_post(ref(f"https://youtu.be/{routes.YT_VIDEO}"))
    assert lookup.outcome == "found"
    assert app.hits("/oembed") == 2 and sleeps  # paused, then asked again


@pytest.mark.parametrize(
    ("url", "title", "text"),
    [
        (
            f"https://www.tiktok.com/@a3noticias/video/{routes.TT_VIDEO}",
            None,
            "Nuestro #AplausoSanitario más sincero. Para todos. Y recuerda, #QuédateEnCasa",
        ),
        (
            f"https://vimeo.com/{routes.VIMEO_VIDEO}",
            "Vimeo Live is here",
            "Professional live streaming is here.",
        ),
        (
            f"https://www.reddit.com/r/investing/comments/{routes.REDDIT_POST}/buffett/",
            "Buffett on cyrptocurrencies: 'I can say almost with certainty that they will come to a bad ending'",
            None,
        ),
    ],
)
def test_oembed_of_tiktok_vimeo_reddit(live: LiveSource, url: str, title: str | None, text: str | None):
    target = ref(url)
    lookup = live.platform_post(target)
    assert lookup.outcome == "found" and lookup.value is not None
    assert lookup.value.post_id == target.post_id
    assert lookup.value.title == title
    assert (lookup.value.text or "").startswith(text or "")
    assert lookup.value.source == f"{target.platform}.oembed"


def test_vimeo_private_video_is_protected(live: LiveSource):
    assert live.platform_post(ref(f"https://vimeo.com/{routes.VIMEO_PRIVATE}")).outcome == "protected"


def test_unknown_tiktok_video_is_not_found(live: LiveSource):
    assert (
        live.platform_post(ref("https://www.tiktok.com/@a3noticias/video/6806030056956251398")).outcome
        == "not_found"
    )


def test_telegram_widget(live: LiveSource, app: PlatformApp):
    lookup = live.platform_post(ref(f"https://t.me/{routes.TG_POST}"))
    assert lookup.outcome == "found" and lookup.value is not None
    assert lookup.value.author_name == "Example Channel"
    assert lookup.value.source == "telegram.widget"
    (request,) = app.seen
    assert (request.path, request.query) == (f"/{routes.TG_POST}", {"embed": ["1"]})


def test_telegram_removed_post_is_deleted(live: LiveSource):
    assert live.platform_post(ref("https://t.me/examplechannel/999")).outcome == "deleted"


def test_bluesky_handle_is_resolved_then_the_thread_asked(live: LiveSource, app: PlatformApp):
    lookup = live.platform_post(ref(f"https://bsky.app/profile/{routes.BSKY_HANDLE}/post/{routes.BSKY_RKEY}"))
    assert lookup.outcome == "found" and lookup.value is not None
    assert (lookup.value.author_handle, lookup.value.author_name) == (routes.BSKY_HANDLE, "Chad")
    assert [s.path for s in app.seen] == [
        "/xrpc/com.atproto.identity.resolveHandle",
        "/xrpc/app.bsky.feed.getPostThread",
    ]
    step, answer = lookup.evidence
    assert step.step == "lookup" and step.target is not None
    assert quote(routes.BSKY_DID, safe="") in step.target
    assert answer.parsed == "getPostThread"


def test_bluesky_did_needs_no_handle_lookup(live: LiveSource, app: PlatformApp):
    lookup = live.platform_post(ref(f"at://{routes.BSKY_DID}/app.bsky.feed.post/{routes.BSKY_RKEY}"))
    assert lookup.outcome == "found"
    assert app.hits("/xrpc/com.atproto.identity.resolveHandle") == 0


def test_bluesky_missing_post_and_unknown_handle_are_not_found(live: LiveSource):
    missing = live.platform_post(ref(f"at://{routes.BSKY_DID}/app.bsky.feed.post/3k7rmyigapw2z"))
    assert missing.outcome == "not_found"
    unknown = live.platform_post(ref(f"https://bsky.app/profile/nobody.bsky.social/post/{routes.BSKY_RKEY}"))
    assert unknown.outcome == "not_found"


def test_mastodon_status_on_the_stand_in_instance(live: LiveSource, app: PlatformApp):
    lookup = live.platform_post(ref(f"https://mastodon.social/@Gargron/{routes.MASTODON_STATUS}"))
    assert lookup.outcome == "found" and lookup.value is not None
    assert lookup.value.author_handle == "Gargron@mastodon.social"
    assert [s.path for s in app.seen] == [f"/api/v1/statuses/{routes.MASTODON_STATUS}"]
    missing = live.platform_post(ref("https://mastodon.social/@Gargron/1"))
    assert missing.outcome == "not_found"


def test_cli_resolve_of_a_post_url_against_the_local_platform_app(app: PlatformApp):
    args = ["resolve", f"https://vimeo.com/{routes.VIMEO_VIDEO}", "--no-cache", "--sources", "live"]
    result = CliRunner().invoke(cli, [*args, "--platform-url", app.base_url, "--rate", "1000"])
    assert result.exit_code == 0, result.output
    resolution = json.loads(result.stdout)["resolution"]
    assert resolution["status"] == "resolved"
    assert resolution["post"]["title"] == "Vimeo Live is here"
    assert resolution["provenance"][0]["requests"][0]["url"].startswith(app.base_url + "/api/oembed.json?")
