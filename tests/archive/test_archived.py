"""Pure parsers of archived tweet content, on recorded payloads and pages of each era."""

from __future__ import annotations

import contextlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedresolve.resolve.archived import (
    CaptureRef,
    PostUnavailable,
    classify_capture_url,
    parse_api_json,
    parse_capture,
    parse_oembed,
    parse_status_page,
    parse_syndication,
)
from embedresolve.resolve.twitter_ids import snowflake_time
from tests.archive import fixtures as fx
from tests.archive.fixtures import PAGES, RECORDED

SYNDICATION = {
    "1641086480675225601": ("tweet_with_photo_1641086480675225601.json", "SamuelSusla", "sammy"),
    "1641895049427550208": (
        "tweet_with_quoted_tweet_1641895049427550208.json",
        "mattcarrollcode",
        "Matt Carroll",
    ),
    "1629262255744503809": ("tweet_with_card_1629262255744503809.json", "mattcarrollcode", "Matt Carroll"),
    "1703436713362870723": ("tweet_with_link_card_1703436713362870723.json", "rhaksw", "Robert Hawkins"),
}


def _payload(name: str) -> bytes:
    return json.dumps(json.loads((RECORDED / name).read_text(encoding="utf-8"))["response_json"]).encode()


class TestSyndication:
    @pytest.mark.parametrize("post_id", sorted(SYNDICATION))
    def test_recorded_payloads(self, post_id: str) -> None:
        """Every recorded tweet-result: ID, author, and created_at equal to the snowflake time to the second."""
        name, handle, author = SYNDICATION[post_id]
        post = parse_syndication(_payload(name))
        assert post is not None
        assert (post.post_id, post.author_handle, post.author_name) == (post_id, handle, author)
        assert post.url == f"https://twitter.com/{handle}/status/{post_id}"
        moment = snowflake_time(int(post_id))
        assert moment is not None and post.created_at == moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert post.lang == "en" and post.text and post.source == "syndication"

    def test_photo_media(self) -> None:
        post = parse_syndication(_payload(SYNDICATION["1641086480675225601"][0]))
        assert post is not None
        (media,) = post.media
        assert media.type == "photo" and media.url == "https://pbs.twimg.com/media/FsZNOgcWAAEQtrd.jpg"
        assert (media.short_url, media.display_url) == (
            "https://t.co/rQd6FIwZ0U",
            "pic.twitter.com/rQd6FIwZ0U",
        )

    def test_quoted_tweet(self) -> None:
        post = parse_syndication(_payload(SYNDICATION["1641895049427550208"][0]))
        assert post is not None and post.quoted_post_id == "1641086480675225601"
        assert post.media == ()

    def test_text_entities_are_decoded_once(self) -> None:
        body = json.dumps({"__typename": "Tweet", "id_str": "1", "text": "a &amp; b &amp;amp; c", "user": {}})
        post = parse_syndication(body)
        assert post is not None and post.text == "a & b &amp; c"

    def test_wrapped_in_data(self) -> None:
        """react-tweet's API route wraps the payload as {"data": …}."""
        wrapped = json.dumps({"data": json.loads(_payload(SYNDICATION["1703436713362870723"][0]))})
        post = parse_syndication(wrapped)
        assert post is not None and post.post_id == "1703436713362870723"

    def test_video_variants_best_first(self) -> None:
        body = {
            "__typename": "Tweet",
            "id_str": "1",
            "mediaDetails": [
                {
                    "type": "video",
                    "url": "https://t.co/v",
                    "display_url": "pic.twitter.com/v",
                    "media_url_https": "https://pbs.twimg.com/thumb.jpg",
                    "video_info": {
                        "variants": [
                            {
                                "content_type": "application/x-mpegURL",
                                "url": "https://video.twimg.com/pl.m3u8",
                            },
                            {
                                "bitrate": 256000,
                                "content_type": "video/mp4",
                                "url": "https://video.twimg.com/low.mp4",
                            },
                            {
                                "bitrate": 2176000,
                                "content_type": "video/mp4",
                                "url": "https://video.twimg.com/hi.mp4",
                            },
                        ]
                    },
                }
            ],
        }
        post = parse_syndication(json.dumps(body))
        assert post is not None
        assert post.media[0].url == "https://video.twimg.com/hi.mp4"
        assert post.media[0].variants[-1].endswith(".m3u8")

    @pytest.mark.parametrize(
        ("body", "outcome"),
        [
            (
                {"__typename": "TweetTombstone", "tombstone": {"text": {"text": "This Post was deleted"}}},
                "deleted",
            ),
            ({"__typename": "TweetUnavailable", "reason": "Protected"}, "protected"),
            ({"__typename": "TweetUnavailable", "reason": "Suspended"}, "protected"),
            ({"__typename": "TweetUnavailable", "reason": "NsfwLoggedOut"}, "deleted"),
            ({}, "not_found"),
        ],
    )
    def test_unavailable(self, body: dict, outcome: str) -> None:
        with pytest.raises(PostUnavailable) as info:
            parse_syndication(json.dumps(body))
        assert info.value.outcome == outcome

    @pytest.mark.parametrize(
        "body", [b"", b"not json", b"[]", b'{"__typename": "Tweet"}', b'{"id_str": "x1"}', b"\xff\xfe"]
    )
    def test_unreadable(self, body: bytes) -> None:
        assert parse_syndication(body) is None


class TestOEmbed:
    def test_recorded_pepephone(self) -> None:
        recorded = json.loads((RECORDED / "publish.twitter.com_oembed_pepephone_2021-04-04.json").read_text())
        post = parse_oembed(recorded["body"])
        assert post is not None
        assert post.post_id == "436461658601713664"
        assert post.text == "RT @PabloHerreros Pepephone rompe la baraja - http://t.co/mFn7mcB1vy"
        assert (post.author_name, post.author_handle, post.lang) == ("Pepephone", "pepephone", "es")
        assert post.created_at == "2014-02-20T11:25:43Z"
        assert post.source == "oembed"

    def test_signature_when_author_fields_are_missing(self) -> None:
        """Older or trimmed answers: author and handle from the '— Name (@handle)' line, the day from the link."""
        html = (
            '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr<br>second line</p>'
            '&mdash; jack (@jack) <a href="https://twitter.com/jack/status/20">March 21, 2006</a></blockquote>'
        )
        post = parse_oembed(json.dumps({"html": html}))
        assert post is not None
        assert (post.post_id, post.author_name, post.author_handle) == ("20", "jack", "jack")
        assert post.text == "just setting up my twttr\nsecond line"
        assert post.created_at == "2006-03-21"  # pre-snowflake: the day only

    @pytest.mark.parametrize(
        ("error", "outcome"),
        [
            ("Sorry, you are not authorized to see this status.", "protected"),
            ("User has been suspended.", "protected"),
            ("Sorry, that page does not exist", "deleted"),
        ],
    )
    def test_errors(self, error: str, outcome: str) -> None:
        with pytest.raises(PostUnavailable) as info:
            parse_oembed(json.dumps({"error": error, "request": "/oembed"}))
        assert info.value.outcome == outcome

    @pytest.mark.parametrize("body", ["", "[]", '{"html": "<p>no blockquote</p>"}', '{"html": 5}'])
    def test_unreadable(self, body: str) -> None:
        assert parse_oembed(body) is None


class TestStatusPages:
    def test_permalink_2014(self) -> None:
        """The permalink markup: the page's own tweet, not the reply below it."""
        html = (PAGES / "permalink_2014_barackobama_266031293945503744.html").read_text()
        post = parse_status_page(html, "https://twitter.com/BarackObama/status/266031293945503744")
        assert post is not None
        assert (post.post_id, post.author_handle, post.author_name) == (
            "266031293945503744",
            "BarackObama",
            "Barack Obama",
        )
        assert post.text == "Four more years. pic.twitter.com/bAJE6Vom"
        assert post.created_at == "2012-11-07T04:16:18Z"
        assert post.lang == "en"
        (media,) = post.media
        assert media.url == "https://pbs.twimg.com/media/A7EiDWcCYAAZT1D.jpg"
        assert (media.short_url, media.display_url) == ("http://t.co/bAJE6Vom", "pic.twitter.com/bAJE6Vom")

    def test_permalink_picks_the_requested_tweet(self) -> None:
        html = (PAGES / "permalink_2014_barackobama_266031293945503744.html").read_text()
        post = parse_status_page(html, "https://twitter.com/somefan/status/266031541921558529")
        assert post is not None and post.post_id == "266031541921558529"
        assert post.text == "@BarackObama congratulations!"

    def test_meta_tags_2022(self) -> None:
        html = (PAGES / f"meta_2022_saintjavelin_{fx.SJ_ID}.html").read_text()
        post = parse_status_page(html, f"https://twitter.com/saintjavelin/status/{fx.SJ_ID}/photo/1")
        assert post is not None
        assert post.text == fx.SJ_TEXT
        assert (post.author_name, post.author_handle) == ("Saint Javelin", "saintjavelin")
        assert post.created_at == "2022-11-11T18:46:02Z"
        assert post.media[0].url == "https://pbs.twimg.com/media/FhUJ3aDXkAEwB7e.jpg"

    def test_mobile_legacy(self) -> None:
        html = (PAGES / "mobile_2016_pepephone_436461658601713664.html").read_text()
        post = parse_status_page(html, "https://mobile.twitter.com/pepephone/status/436461658601713664")
        assert post is not None
        assert (post.author_name, post.author_handle) == ("Pepephone", "pepephone")
        assert post.text == "RT @PabloHerreros Pepephone rompe la baraja - http://t.co/mFn7mcB1vy"

    @pytest.mark.parametrize(
        "html",
        [
            "<html><body><div id='react-root'></div></body></html>",  # the x.com app shell
            '<meta property="og:title" content="X. It’s what’s happening / X"><meta property="og:description" content="From breaking news">',
            "",
        ],
    )
    def test_pages_without_the_tweet(self, html: str) -> None:
        assert parse_status_page(html, "https://x.com/someone/status/1591140208016367617") is None


class TestApiJson:
    def test_v1(self) -> None:
        post = parse_api_json((PAGES / f"api_v1_statuses_show_{fx.V1_ID}.json").read_bytes())
        assert post is not None
        assert (post.post_id, post.author_handle, post.author_name) == (fx.V1_ID, "twitterapi", "Twitter API")
        assert post.created_at == "2012-06-06T20:07:10Z"
        assert post.text is not None and post.text.startswith("Along with our new #Twitterbird")
        assert post.media[0].url == "https://pbs.twimg.com/media/Au8XLB0CIAA3YNt.jpg"
        assert post.source == "api_v1"

    def test_v1_list_and_legacy_text(self) -> None:
        body = json.dumps(
            [{"id_str": "5", "text": "x"}, {"id": 6, "text": "a &lt;b&gt;", "user": {"screen_name": "u"}}]
        )
        post = parse_api_json(body, "6")
        assert post is not None and post.text == "a <b>" and post.author_handle == "u"

    def test_v2(self) -> None:
        post = parse_api_json((PAGES / f"api_v2_tweets_{fx.V2_ID}.json").read_bytes())
        assert post is not None
        assert (post.post_id, post.author_handle, post.author_name) == (fx.V2_ID, "TwitterDev", "Twitter Dev")
        assert post.created_at == "2021-11-15T19:08:05Z"
        (video,) = post.media
        assert video.type == "video" and video.url.endswith("1280x720/b.mp4") and len(video.variants) == 3
        assert post.source == "api_v2"

    @pytest.mark.parametrize(
        ("body", "outcome"),
        [
            ({"errors": [{"code": 144, "message": "No status found with that ID."}]}, "deleted"),
            (
                {"errors": [{"code": 179, "message": "Sorry, you are not authorized to see this status."}]},
                "protected",
            ),
            ({"errors": [{"code": 63, "message": "User has been suspended."}]}, "protected"),
            ({"errors": [{"code": 34, "message": "Sorry, that page does not exist."}]}, "not_found"),
            (
                {
                    "errors": [
                        {
                            "title": "Not Found Error",
                            "detail": "Could not find tweet with id: [1].",
                            "type": "https://api.twitter.com/2/problems/resource-not-found",
                        }
                    ]
                },
                "deleted",
            ),
            (
                {
                    "errors": [
                        {
                            "title": "Authorization Error",
                            "detail": "Sorry, you are not authorized to see the Tweet with id: [1].",
                            "type": "https://api.twitter.com/2/problems/not-authorized-for-resource",
                        }
                    ]
                },
                "protected",
            ),
        ],
    )
    def test_errors(self, body: dict, outcome: str) -> None:
        with pytest.raises(PostUnavailable) as info:
            parse_api_json(json.dumps(body))
        assert info.value.outcome == outcome

    def test_unknown_shape(self) -> None:
        assert parse_api_json('{"hello": "world"}') is None


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
    ],
)
def test_classify_capture_url(url: str, expected: CaptureRef | None) -> None:
    assert classify_capture_url(url) == expected


def test_parse_capture_rejects_another_post() -> None:
    """A payload about another post (a redirect target, a parent tweet) is no answer for this one."""
    body = (PAGES / f"api_v2_tweets_{fx.V2_ID}.json").read_bytes()
    assert parse_capture("api_v2", body, "https://api.twitter.com/2/tweets/1", "1") is None
    assert parse_capture("api_v2", body, "https://api.twitter.com/2/tweets/1", fx.V2_ID) is not None


@given(st.text(max_size=300), st.sampled_from(["status_page", "oembed", "syndication", "api_v1", "api_v2"]))
def test_parsers_never_raise_on_garbage(text: str, kind: str) -> None:
    """Anything but a Post, None or PostUnavailable would be a bug: archived bodies are untrusted."""
    with contextlib.suppress(PostUnavailable):
        parse_capture(kind, text.encode(), "https://twitter.com/a/status/1", "1")  # type: ignore[arg-type]
