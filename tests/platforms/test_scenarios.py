"""Archive-only scenarios for each platform, end to end: embed → resolver → pywb (or the WARCs) → resolution.

As for tweets: a post with a capture of its page or of an endpoint is
``resolved`` with the right author, title and date; login walls, consent
pages and never-archived posts are not; a capture of another post is never
taken; a warm re-run asks nothing.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from embedresolve.models import Author, Embed
from embedresolve.provenance import Resolution
from embedresolve.resolve.factory import open_resolver
from embedresolve.testing.wayback_server import RunningServer
from tests.platforms import archive as a
from tests.platforms.conftest import MakeSettings


def youtube(video: str, text: str | None = None) -> Embed:
    url = f"https://www.youtube.com/embed/{video}"
    return Embed(platform="youtube", span=(0, 1), url=url, post_id=video, text=text)


def instagram(code: str, handle: str | None = None) -> Embed:
    url = f"https://www.instagram.com/p/{code}/"
    return Embed(platform="instagram", span=(0, 1), url=url, post_id=code, author=Author(handle=handle))


def resolve(make_settings: MakeSettings, embed: Embed, **settings: object) -> Resolution:
    with open_resolver(make_settings(**settings)) as resolver:
        return resolver.resolve(embed)


def test_youtube_endpoint_capture_only(make_settings: MakeSettings):
    done = resolve(make_settings, youtube(a.YT_OEMBED_ONLY, text="Noisy kittens waiting for dinner!"))
    assert done.status == "resolved", done.reason
    assert done.post is not None and done.match is not None
    assert done.post.title == "Noisy kittens waiting for dinner!"
    assert done.post.author_name == "smshdchrb"
    assert done.post.source == "wayback.youtube.oembed"
    assert done.match.checks.text_similarity == 1.0
    replay = [e for e in done.provenance[0].requests if e.step == "replay"]
    assert replay[-1].parsed == "youtube.oembed" and replay[-1].capture_time == "2024-06-10T15:59:32Z"


def test_youtube_archived_page_only(make_settings: MakeSettings):
    done = resolve(make_settings, youtube(a.YT_PAGE_ONLY))
    assert done.status == "resolved", done.reason
    assert done.post is not None
    assert (done.post.post_id, done.post.author_name) == (a.YT_PAGE_ONLY, "smshdchrb")
    assert done.post.created_at == "2009-06-14T12:13:47Z"
    assert done.post.source == "wayback.youtube.page"


def test_youtube_consent_page_is_not_the_video(make_settings: MakeSettings):
    done = resolve(make_settings, youtube(a.YT_CONSENT))
    assert done.status == "not_archived"
    notes = [e.note or "" for e in done.provenance[0].requests if e.step == "replay"]
    assert any("consent" in note for note in notes)


def test_youtube_deleted_video(make_settings: MakeSettings):
    done = resolve(make_settings, youtube(a.YT_DELETED))
    assert done.status == "deleted"
    assert done.post is not None and done.post.title is None  # the bare post: ID and URL only


def test_youtube_capture_of_another_video_is_never_taken(make_settings: MakeSettings):
    done = resolve(make_settings, youtube(a.YT_OTHER))
    assert done.status == "not_archived"
    assert done.post is not None and done.post.post_id == a.YT_OTHER and done.post.title is None
    notes = [e.note or "" for e in done.provenance[0].requests]
    assert any(f"capture is of post {a.YT_OEMBED_ONLY}" in note for note in notes)


def test_youtube_never_archived(make_settings: MakeSettings):
    done = resolve(make_settings, youtube(a.YT_NEVER))
    assert done.status == "not_archived"
    assert done.reason == "no source holds the post"


def test_embed_text_that_contradicts_the_post_is_partial(make_settings: MakeSettings):
    done = resolve(make_settings, youtube(a.YT_OEMBED_ONLY, text="A completely different video about trains"))
    assert done.status == "partial"


def test_warm_rerun_makes_no_request(make_settings: MakeSettings, tmp_path: Path):
    cache = tmp_path / "cache.sqlite"
    first = resolve(make_settings, youtube(a.YT_PAGE_ONLY), cache_path=cache)
    assert first.status == "resolved"
    again = resolve(make_settings, youtube(a.YT_PAGE_ONLY), cache_path=cache, offline=True)
    assert again.status == "resolved" and again.from_cache


@pytest.mark.parametrize("use_warc", [False, True])
def test_the_users_warc_files_answer_alike(
    make_settings: MakeSettings, platform_archive: Path, use_warc: bool
):
    settings = {"sources": ("warc",), "warc_paths": (platform_archive,)} if use_warc else {}
    done = resolve(make_settings, youtube(a.YT_PAGE_ONLY), **settings)
    assert done.status == "resolved"
    assert done.post is not None and done.post.source.endswith("youtube.page")
    assert done.post.source.startswith("warc." if use_warc else "wayback.")


def test_instagram_archived_page(make_settings: MakeSettings):
    done = resolve(make_settings, instagram(a.IG_POST, handle="agarzoniu"))
    assert done.status == "resolved", done.reason
    assert done.post is not None and done.match is not None
    assert (done.post.author_handle, done.post.created_at) == ("agarzoniu", "2015-01-25T20:34:26Z")
    assert done.match.checks.handle is True
    assert done.post.source == "wayback.instagram.page"


def test_instagram_login_wall_is_protected(make_settings: MakeSettings):
    done = resolve(make_settings, instagram(a.IG_LOGIN))
    assert done.status == "protected"
    assert done.post is not None and done.post.text is None


def test_instagram_never_archived(make_settings: MakeSettings):
    assert resolve(make_settings, instagram(a.IG_NEVER)).status == "not_archived"


def test_other_account_in_the_embed_is_flagged(make_settings: MakeSettings):
    done = resolve(make_settings, instagram(a.IG_POST, handle="someoneelse"))
    assert done.match is not None and done.match.checks.handle is False


def embed_of(platform: str, url: str, **fields: object) -> Embed:
    return Embed(platform=platform, span=(0, 1), url=url, **fields)  # type: ignore[arg-type]


def test_tiktok_endpoint_capture(make_settings: MakeSettings):
    embed = embed_of("tiktok", a.tiktok_url(a.TT_POST), author=Author(handle=a.TT_HANDLE))
    done = resolve(make_settings, embed)
    assert done.status == "resolved", done.reason
    assert done.post is not None and done.post.author_handle == a.TT_HANDLE
    assert done.post.text is not None and "#AplausoSanitario" in done.post.text


def test_tiktok_capture_of_another_post_of_the_same_account_is_never_taken(make_settings: MakeSettings):
    done = resolve(make_settings, embed_of("tiktok", a.tiktok_url(a.TT_OTHER)))
    assert done.status == "not_archived"
    assert done.post is not None and done.post.post_id == a.TT_OTHER and done.post.text is None
    notes = [e.note or "" for e in done.provenance[0].requests]
    assert any(f"capture is of post {a.TT_POST}" in note for note in notes)


def test_vimeo_endpoint_capture(make_settings: MakeSettings):
    done = resolve(make_settings, embed_of("vimeo", f"https://player.vimeo.com/video/{a.VIMEO_POST}"))
    assert done.status == "resolved", done.reason
    assert done.post is not None
    assert (done.post.title, done.post.created_at) == ("Vimeo Live is here", "2017-09-25T10:36:56Z")


def test_reddit_endpoint_capture(make_settings: MakeSettings):
    done = resolve(make_settings, embed_of("reddit", a.REDDIT_URL + "buffett_on_cyrptocurrencies/"))
    assert done.status == "resolved", done.reason
    assert done.post is not None and done.post.author_name == "dennisrieves"


@pytest.mark.parametrize(
    ("embed", "status"),
    [
        (youtube(a.YT_PAGE_ONLY), "resolved"),
        (youtube(a.YT_DELETED), "deleted"),
        (youtube(a.YT_OTHER), "not_archived"),
        (instagram(a.IG_POST), "resolved"),
        (instagram(a.IG_LOGIN), "protected"),
    ],
)
def test_another_memento_archive_answers_alike(
    make_settings: MakeSettings, platform_pywb: RunningServer, embed: Embed, status: str
):
    """Through the TimeMap of a Memento archive (pywb's), with no CDX at all."""
    settings = make_settings(sources=("memento",))
    endpoints = replace(settings.config.endpoints, memento=f"{platform_pywb.base_url}/web/timemap/link")
    settings = replace(settings, config=replace(settings.config, endpoints=endpoints))
    with open_resolver(settings) as resolver:
        done = resolver.resolve(embed)
    assert done.status == status, done.reason
    steps = {e.step for e in done.provenance[0].requests}
    assert "cdx" not in steps and "timemap" in steps


def test_threads_archived_page(make_settings: MakeSettings):
    done = resolve(make_settings, embed_of("threads", a.THREADS_URL.replace("threads.net", "threads.com")))
    assert done.status == "resolved", done.reason
    assert done.post is not None and done.post.author_handle == "zuck"


def test_facebook_logged_out_wall_is_not_the_post(make_settings: MakeSettings):
    done = resolve(make_settings, embed_of("facebook", a.FACEBOOK_URL))
    assert done.status == "not_archived"
    assert done.post is not None and done.post.text is None


def test_telegram_archived_widget(make_settings: MakeSettings):
    done = resolve(
        make_settings,
        embed_of("telegram", f"https://t.me/{a.TG_POST}", text="Polling stations close at 8 pm."),
    )
    assert done.status == "partial"  # the embed prints only the first line: the text check says so
    done = resolve(
        make_settings,
        embed_of(
            "telegram",
            f"https://t.me/{a.TG_POST}",
            text="Polling stations close at 8 pm. Results from our live page & updates here.",
        ),
    )
    assert done.status == "resolved", done.reason
    assert done.post is not None and done.post.source == "wayback.telegram.widget"


def test_bluesky_endpoint_capture(make_settings: MakeSettings):
    done = resolve(
        make_settings, embed_of("bluesky", f"https://bsky.app/profile/{a.BSKY_DID}/post/{a.BSKY_RKEY}")
    )
    assert done.status == "resolved", done.reason
    assert done.post is not None and done.post.author_handle == "chadmichael.bsky.social"
    assert done.post.source == "wayback.bluesky.getPostThread"


def test_mastodon_api_capture(make_settings: MakeSettings):
    done = resolve(make_settings, embed_of("mastodon", a.MASTODON_URL))
    assert done.status == "resolved", done.reason
    assert done.post is not None and done.post.author_handle == "Gargron@mastodon.social"
    assert done.post.source == "wayback.mastodon.status"
