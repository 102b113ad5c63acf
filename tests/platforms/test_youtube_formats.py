"""YouTube's parsers on recorded oEmbed answers and saved watch pages (data/README.md)."""

from __future__ import annotations

import pytest

from embedresolve.errors import PostUnavailable, UnreadablePayload
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.resolve.formats.youtube import parse_youtube_oembed, parse_youtube_page
from tests.platforms.data_files import page, recorded_body


def ref(video_id: str = "eiHXASgRTcA") -> PostRef:
    found = parse_post_url(f"https://youtu.be/{video_id}")
    assert found is not None
    return found


def test_oembed_video_answer():
    post = parse_youtube_oembed(recorded_body("youtube_oembed_video_2024-06-10.json"), ref())
    assert post.post_id == "eiHXASgRTcA"
    assert post.title == "Noisy kittens waiting for dinner!"
    assert (post.author_name, post.author_handle) == ("smshdchrb", "smshdchrb")
    assert post.author_url == "https://www.youtube.com/@smshdchrb"
    assert post.thumbnail_url == "https://i.ytimg.com/vi/eiHXASgRTcA/hqdefault.jpg"
    assert [(m.type, m.url) for m in post.media] == [("video", "https://www.youtube.com/watch?v=eiHXASgRTcA")]
    sources = dict(post.field_sources)
    assert sources["title"] == "oembed:title"
    assert sources["author_handle"] == "oembed:author_url"
    assert post.text is None and post.created_at is None  # oEmbed gives neither


def test_oembed_playlist_answer_is_not_a_video():
    with pytest.raises(UnreadablePayload, match="playlist"):
        parse_youtube_oembed(recorded_body("youtube_oembed_playlist_2021-04-04.json"), ref("CdbnVwot6lc"))


def test_oembed_error_body_is_unreadable():
    with pytest.raises(UnreadablePayload):
        parse_youtube_oembed(b'{"error": "Not Found"}', ref())
    with pytest.raises(UnreadablePayload):
        parse_youtube_oembed(b"Not Found", ref())


def test_watch_page_player_response():
    post = parse_youtube_page(page("youtube_watch_eiHXASgRTcA_GENERATED.html"), ref())
    assert post.post_id == "eiHXASgRTcA"
    assert post.title == "Noisy kittens waiting for dinner!"
    assert post.text == 'Kittens at feeding time. {They are loud.} "Very" loud.'  # braces and quotes inside
    assert post.author_name == "smshdchrb"
    assert post.author_url == "https://www.youtube.com/@smshdchrb"
    assert post.created_at == "2009-06-14T12:13:47Z"
    assert dict(post.counts) == {"views": 1171}
    assert post.thumbnail_url == "https://i.ytimg.com/vi/eiHXASgRTcA/hqdefault.jpg"
    sources = dict(post.field_sources)
    assert sources["title"] == "ytInitialPlayerResponse:videoDetails.title"
    assert sources["created_at"] == "ytInitialPlayerResponse:microformat.publishDate"


def test_watch_page_unavailable_is_deleted_not_a_post():
    with pytest.raises(PostUnavailable) as gone:
        parse_youtube_page(page("youtube_watch_unavailable_GENERATED.html"), ref())
    assert gone.value.outcome == "deleted"
    assert "Video unavailable" in gone.value.reason


def test_consent_page_is_no_content():
    with pytest.raises(UnreadablePayload, match="consent"):
        parse_youtube_page(page("youtube_consent_GENERATED.html"), ref())


def test_page_of_another_video_names_that_video():
    """The source compares IDs: the parser must report the page's own video, not the one asked for."""
    post = parse_youtube_page(page("youtube_watch_eiHXASgRTcA_GENERATED.html"), ref("aaaaaaaaaaa"))
    assert post.post_id == "eiHXASgRTcA"


def test_og_only_page_falls_back_to_meta():
    html = (
        b'<html><head><meta property="og:url" content="https://www.youtube.com/watch?v=eiHXASgRTcA">'
        b'<meta property="og:title" content="Noisy kittens waiting for dinner!">'
        b'<meta itemprop="datePublished" content="2009-06-14"></head></html>'
    )
    post = parse_youtube_page(html, ref())
    assert post.title == "Noisy kittens waiting for dinner!"
    assert post.created_at == "2009-06-14T00:00:00Z"
    assert dict(post.field_sources)["title"] == "og:title"
