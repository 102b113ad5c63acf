"""SyndicationSource against the local syndication stand-in, and the pure tweet parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from embedresolve.resolve.models import Media
from embedresolve.resolve.sources.base import PostSource
from embedresolve.resolve.sources.syndication import (
    SyndicationSource,
    has_truncated_text,
    note_tweet_text,
    parse_created_at,
    parse_tweet_result,
)
from embedresolve.resolve.twitter_ids import snowflake_time, syndication_token
from tests.live import platform_app as pa

DATA = Path(__file__).parent / "data" / "syndication"


def payload(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))["response_json"]


RECORDED = sorted(p.name for p in DATA.glob("tweet_with_*.json"))


class TestParseTweetResult:
    """The parser on every recorded payload (and the synthetic video / long post)."""

    def test_photo_tweet(self):
        post = parse_tweet_result(payload("tweet_with_photo_1641086480675225601.json"))
        assert post.platform == "twitter"
        assert post.post_id == "1641086480675225601"
        assert post.url == "https://twitter.com/SamuelSusla/status/1641086480675225601"
        assert (post.author_name, post.author_handle) == ("sammy", "SamuelSusla")
        assert post.created_at == "2023-03-29T14:34:41Z"
        assert post.lang == "en"
        assert post.text == (
            "If you are interested about View Flattening in React Native, I wrote a short post about it: "
            "https://t.co/4G6RAMfrHy\n\nLet me know what you think! https://t.co/rQd6FIwZ0U"
        )
        assert post.media == (
            Media(
                type="photo",
                url="https://pbs.twimg.com/media/FsZNOgcWAAEQtrd.jpg",
                short_url="https://t.co/rQd6FIwZ0U",
                display_url="pic.twitter.com/rQd6FIwZ0U",
            ),
        )
        assert post.quoted_post_id is None
        assert post.source == "syndication"

    def test_display_url_and_short_url_share_the_code(self):
        """pic.twitter.com/CODE ↔ t.co/CODE: what links a flattened embed to its post."""
        (media,) = parse_tweet_result(payload("tweet_with_photo_1641086480675225601.json")).media
        assert media.display_url.rsplit("/", 1)[1] == media.short_url.rsplit("/", 1)[1] == "rQd6FIwZ0U"

    def test_quote_tweet(self):
        post = parse_tweet_result(payload("tweet_with_quoted_tweet_1641895049427550208.json"))
        assert post.quoted_post_id == "1641086480675225601"
        assert post.author_handle == "mattcarrollcode"
        assert post.media == ()  # the quoted tweet's photo is not this post's
        assert post.text.startswith("#ReactNative's new architecture renderer")

    def test_card_tweet(self):
        post = parse_tweet_result(payload("tweet_with_card_1629262255744503809.json"))
        assert post.created_at == "2023-02-24T23:29:26Z"
        assert post.text.endswith("in the React tutorial? https://t.co/fI2B6TT8rL")
        assert post.media == ()  # a link card is not media

    def test_link_card_tweet_keeps_newlines_and_emoji(self):
        post = parse_tweet_result(payload("tweet_with_link_card_1703436713362870723.json"))
        assert (post.author_name, post.author_handle) == ("Robert Hawkins", "rhaksw")
        assert 'shadow bans:\n\n"Reddit lets' in post.text
        assert post.text.endswith("1/2 🧵")

    @pytest.mark.parametrize("name", RECORDED)
    def test_created_at_is_the_snowflake_second(self, name):
        """On every recording, created_at equals the ID's snowflake time truncated to the second."""
        post = parse_tweet_result(payload(name))
        moment = snowflake_time(int(post.post_id))
        assert post.created_at == moment.strftime("%Y-%m-%dT%H:%M:%SZ")

    @pytest.mark.parametrize("name", RECORDED)
    def test_post_url_names_post_and_author(self, name):
        post = parse_tweet_result(payload(name))
        assert post.url == f"https://twitter.com/{post.author_handle}/status/{post.post_id}"

    def test_video_and_escaped_text(self):
        """Synthetic: best MP4 first, HLS last; &amp; &gt; &lt; unescaped once."""
        data = payload("SYNTHETIC_video_long_post_1700000000000000000.json")
        post = parse_tweet_result(data)
        assert post.text.startswith("Fish & chips > everything <3.")
        (media,) = post.media
        assert media.type == "video"
        assert media.url.endswith("/1280x720/high.mp4?tag=12")
        assert [v.rsplit("/", 1)[1] for v in media.variants] == [
            "high.mp4?tag=12",
            "mid.mp4?tag=12",
            "low.mp4?tag=12",
            "synthetic.m3u8?tag=12",
        ]
        assert (media.short_url, media.display_url) == (
            "https://t.co/AbCdEf1234",
            "pic.twitter.com/AbCdEf1234",
        )
        assert has_truncated_text(data)

    def test_entities_media_when_no_media_details(self):
        data = payload("tweet_with_photo_1641086480675225601.json")
        del data["mediaDetails"]
        (media,) = parse_tweet_result(data).media
        assert media.display_url == "pic.twitter.com/rQd6FIwZ0U"
        assert media.short_url == "https://t.co/rQd6FIwZ0U"
        assert media.url == "https://twitter.com/SamuelSusla/status/1641086480675225601/photo/1"

    def test_missing_user_is_tolerated(self):
        """react-tweet#129: tweet objects without `user` occur; the post keeps what there is."""
        data = payload("tweet_with_card_1629262255744503809.json")
        del data["user"]
        post = parse_tweet_result(data)
        assert post.author_handle is None and post.author_name is None
        assert post.url == "https://twitter.com/i/status/1629262255744503809"

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"__typename": "TweetTombstone"},
            {"__typename": "Tweet"},
            {"__typename": "Tweet", "id_str": "x1"},
        ],
    )
    def test_not_a_tweet_raises(self, data):
        with pytest.raises(ValueError, match="not a tweet"):
            parse_tweet_result(data)


class TestNoteTweet:
    """Long posts: the full text wins when a payload carries it."""

    @pytest.mark.parametrize(
        ("note", "expected"),
        [
            ({"text": "the whole long text"}, "the whole long text"),
            ({"note_tweet_results": {"result": {"text": "graphql long text"}}}, "graphql long text"),
            ({"id": "Tm90ZVR3ZWV0"}, None),
            ("junk", None),
        ],
    )
    def test_shapes(self, note, expected):
        assert note_tweet_text({"note_tweet": note}) == expected

    def test_full_text_replaces_truncated_text(self):
        data = payload("tweet_with_card_1629262255744503809.json")
        data["note_tweet"] = {"text": "Full &amp; long, never escaped"}
        post = parse_tweet_result(data)
        assert post.text == "Full &amp; long, never escaped"
        assert not has_truncated_text(data)


class TestParseCreatedAt:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("2023-03-29T14:34:41.000Z", "2023-03-29T14:34:41Z"),
            ("2023-03-29T14:34:41Z", "2023-03-29T14:34:41Z"),
            ("2023-03-29T16:34:41.5+02:00", "2023-03-29T14:34:41Z"),
            ("Wed Mar 29 14:34:41 +0000 2023", "2023-03-29T14:34:41Z"),
            ("yesterday", None),
            ("", None),
            (None, None),
            (1680100481, None),
        ],
    )
    def test_forms(self, value, expected):
        assert parse_created_at(value) == expected


@pytest.fixture
def source(fetcher, app) -> SyndicationSource:
    return SyndicationSource(fetcher, app.base_url)


class TestSyndicationSource:
    def test_is_a_post_source(self, source):
        assert isinstance(source, PostSource)

    def test_found_sends_the_real_token(self, source, app):
        lookup = source.post(pa.PHOTO_ID)
        assert lookup.outcome == "found"
        assert lookup.value.post_id == pa.PHOTO_ID
        assert lookup.value.source == "syndication"
        (seen,) = app.seen
        assert seen.path == "/tweet-result"
        assert seen.query == {"id": [pa.PHOTO_ID], "lang": ["en"], "token": [syndication_token(pa.PHOTO_ID)]}
        (entry,) = lookup.evidence
        assert entry["source"] == "syndication"
        assert entry["status"] == 200
        assert entry["url"].startswith(f"{app.base_url}/tweet-result?id={pa.PHOTO_ID}&lang=en&token=")

    def test_quote_tweet_found(self, source):
        lookup = source.post(pa.QUOTE_ID, "mattcarrollcode")
        assert lookup.value.quoted_post_id == pa.PHOTO_ID

    def test_truncated_long_post_is_flagged(self, source):
        lookup = source.post(pa.VIDEO_ID)
        assert lookup.found
        assert lookup.evidence[0]["text_truncated"] is True

    def test_wrong_token_gets_empty_object(self, app, fetcher):
        """The app, like the service, answers {} to a bad token — proof the check is live."""
        result = fetcher.fetch(
            f"{app.base_url}/tweet-result?id={pa.PHOTO_ID}&lang=en&token=wrong", purpose="t"
        )
        assert (result.status, result.body) == (200, b"{}")

    def test_tombstone_is_deleted(self, source):
        lookup = source.post(pa.TOMBSTONE_ID)
        assert lookup.outcome == "deleted"
        assert lookup.value is None
        assert lookup.reason == "tombstone: This Post is unavailable."

    @pytest.mark.parametrize(("post_id", "status"), [(pa.EMPTY_ID, 200), (pa.MISSING_ID, 404)])
    def test_empty_object_and_404_are_not_found(self, source, post_id, status):
        lookup = source.post(post_id)
        assert lookup.outcome == "not_found"
        assert lookup.evidence[0]["status"] == status

    def test_403_is_protected(self, source):
        lookup = source.post(pa.FORBIDDEN_ID)
        assert (lookup.outcome, lookup.reason) == ("protected", "http 403")

    def test_other_status_fails_with_it(self, source):
        lookup = source.post(pa.BAD_REQUEST_ID)
        assert lookup.outcome == "failed"
        assert lookup.reason == "http 400: Bad request."
        assert lookup.evidence[0]["status"] == 400

    def test_unreadable_body_fails(self, source):
        lookup = source.post(pa.NOT_JSON_ID)
        assert (lookup.outcome, lookup.reason) == ("failed", "body is not a JSON object")

    def test_answer_for_another_post_fails(self, source):
        lookup = source.post(pa.WRONG_TWEET_ID)
        assert lookup.outcome == "failed"
        assert lookup.reason == f"answer is for post {pa.PHOTO_ID}, not {pa.WRONG_TWEET_ID}"

    def test_503_then_200(self, source, app, sleeps):
        app.inject(503)
        lookup = source.post(pa.PHOTO_ID)
        assert lookup.found
        assert lookup.evidence[0]["attempts"] == 2
        assert app.hits("/tweet-result") == 2
        assert sleeps  # the backoff was asked for, and did not wait

    def test_503_forever_fails_without_raising(self, make_fetcher, app):
        app.inject(503, times=3)
        lookup = SyndicationSource(make_fetcher(max_attempts=3), app.base_url).post(pa.PHOTO_ID)
        assert lookup.outcome == "failed"
        assert lookup.reason == "http_5xx"
        entry = lookup.evidence[0]
        assert (entry["source"], entry["category"], entry["attempts"], entry["last_status"]) == (
            "syndication",
            "http_5xx",
            3,
            503,
        )

    @pytest.mark.parametrize("post_id", ["", "abc", "12a", "1" * 21, "-1", "1 2", "１２３"])
    def test_invalid_id_is_never_sent(self, source, app, post_id):
        lookup = source.post(post_id)
        assert (lookup.outcome, lookup.reason) == ("not_found", "invalid post id")
        assert app.hits() == 0

    def test_host_outside_allow_list_is_refused(self, fetcher, app):
        lookup = SyndicationSource(fetcher, "https://cdn.syndication.twimg.com").post(pa.PHOTO_ID)
        assert (lookup.outcome, lookup.reason) == ("failed", "host_not_allowed")
        assert app.hits() == 0
