"""Archived URLs → which format they hold, and archived bodies → a post, None, or PostUnavailable."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from embedresolve.errors import PostUnavailable
from embedresolve.resolve.formats import CaptureRef, classify_capture_url, parse_capture
from tests.archive import fixtures as fx
from tests.resolve.formats.data import PAGES


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://t.co/WWZTjTA7La", CaptureRef("short_link", code="WWZTjTA7La")),
        ("http://pic.twitter.com/rQd6FIwZ0U", CaptureRef("short_link", code="rQd6FIwZ0U")),
        ("https://t.co/a/b", None),
        ("https://twitter.com/jack/status/20", CaptureRef("status_page", "20", "jack")),
        ("https://mobile.twitter.com/jack/status/20?lang=en", CaptureRef("status_page", "20", "jack")),
        ("https://x.com/jack/status/20/photo/1", CaptureRef("status_page", "20", "jack")),
        ("https://twitter.com/i/web/status/20", CaptureRef("status_page", "20", None)),
        (
            "https://publish.twitter.com/oembed?url=https%3A%2F%2Ftwitter.com%2Fjack%2Fstatus%2F20&omit_script=1",
            CaptureRef("oembed", "20", "jack"),
        ),
        (
            "https://cdn.syndication.twimg.com/tweet-result?features=a&id=20&token=x",
            CaptureRef("syndication", "20"),
        ),
        ("https://cdn.syndication.twimg.com/tweet?id=20", CaptureRef("syndication", "20")),
        (
            "https://api.twitter.com/1.1/statuses/show.json?id=20&tweet_mode=extended",
            CaptureRef("api_v1", "20"),
        ),
        ("https://api.twitter.com/1.1/statuses/show/20.json", CaptureRef("api_v1", "20")),
        ("https://api.twitter.com/2/tweets/20?expansions=author_id", CaptureRef("api_v2", "20")),
        ("https://api.twitter.com/2/tweets?ids=20", CaptureRef("api_v2", "20")),
        ("https://api.twitter.com/2/tweets?ids=20,21", None),
        ("https://twitter.com/jack", None),
        ("https://example.com/jack/status/20", None),
        ("http://[broken/status/20", None),
    ],
)
def test_classify_capture_url(url, expected):
    assert classify_capture_url(url) == expected


def test_parse_capture_rejects_another_post():
    """A payload about another post (a redirect target, a parent tweet) is no answer for this one."""
    body = (PAGES / f"api_v2_tweets_{fx.V2_ID}.json").read_bytes()
    assert parse_capture("api_v2", body, "https://api.twitter.com/2/tweets/1", "1") is None
    post = parse_capture("api_v2", body, "https://api.twitter.com/2/tweets/1", fx.V2_ID)
    assert post is not None and post.post_id == fx.V2_ID


def test_parse_capture_reads_each_kind():
    """Bytes in, the parser the kind names: a status page by its HTML, a syndication capture by its JSON."""
    page = (PAGES / f"meta_2022_saintjavelin_{fx.SJ_ID}.html").read_bytes()
    post = parse_capture("status_page", page, f"https://twitter.com/saintjavelin/status/{fx.SJ_ID}", fx.SJ_ID)
    assert post is not None and post.source == "status_page"
    body = b'{"__typename": "Tweet", "id_str": "1641086480675225601", "text": "x"}'
    post = parse_capture("syndication", body, "https://cdn.syndication.twimg.com/tweet-result?id=1")
    assert post is not None and post.source == "syndication"


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("syndication", b""),
        ("syndication", b"not json"),
        ("syndication", b"\xff\xfe"),
        ("syndication", b'{"__typename": "Tweet"}'),
        ("oembed", b'{"html": "<p>no blockquote</p>"}'),
        ("api_v1", b'{"hello": "world"}'),
        ("status_page", b"<html></html>"),
        ("short_link", b""),
    ],
)
def test_parse_capture_without_a_post_is_none(kind, body):
    assert parse_capture(kind, body, "https://twitter.com/a/status/1", "1") is None


def test_parse_capture_reports_unavailable():
    body = b'{"__typename": "TweetTombstone", "tombstone": {"text": {"text": "gone"}}}'
    with pytest.raises(PostUnavailable) as info:
        parse_capture("syndication", body, "https://cdn.syndication.twimg.com/tweet-result?id=1", "1")
    assert info.value.outcome == "deleted"


@example(text="http:", kind="status_page")  # bs4 warned: "looks like a URL" (found by hypothesis)
@example(text='{"html": "index.html", "url": "https://twitter.com/a/status/1"}', kind="oembed")
@given(st.text(max_size=300), st.sampled_from(["status_page", "oembed", "syndication", "api_v1", "api_v2"]))
def test_parsers_never_raise_on_garbage(text, kind):
    """Anything but a Post, None or PostUnavailable would be a bug: archived bodies are untrusted."""
    with contextlib.suppress(PostUnavailable):
        parse_capture(kind, text.encode(), "https://twitter.com/a/status/1", "1")
