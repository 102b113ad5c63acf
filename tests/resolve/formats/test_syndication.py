"""The one tweet-result parser, on every recorded payload, the synthetic ones and the shapes the service varies."""

from __future__ import annotations

import pytest

from embedresolve.errors import PostUnavailable, UnreadablePayload
from embedresolve.provenance import Media
from embedresolve.resolve.formats.syndication import has_truncated_text, note_tweet_text, parse_tweet_result
from embedresolve.resolve.twitter_ids import snowflake_time
from tests.resolve.formats.data import syndication as payload

RECORDED = {
    "tweet_with_photo_1641086480675225601.json": ("1641086480675225601", "SamuelSusla", "sammy"),
    "tweet_with_quoted_tweet_1641895049427550208.json": (
        "1641895049427550208",
        "mattcarrollcode",
        "Matt Carroll",
    ),
    "tweet_with_card_1629262255744503809.json": ("1629262255744503809", "mattcarrollcode", "Matt Carroll"),
    "tweet_with_link_card_1703436713362870723.json": ("1703436713362870723", "rhaksw", "Robert Hawkins"),
}


class TestRecordedPayloads:
    @pytest.mark.parametrize("name", sorted(RECORDED))
    def test_identity(self, name):
        """ID, author, URL, language and source of every recording; created_at is the snowflake second."""
        post_id, handle, author = RECORDED[name]
        post = parse_tweet_result(payload(name))
        assert (post.platform, post.post_id, post.author_handle, post.author_name) == (
            "twitter",
            post_id,
            handle,
            author,
        )
        assert post.url == f"https://twitter.com/{handle}/status/{post_id}"
        moment = snowflake_time(int(post_id))
        assert moment is not None and post.created_at == moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert post.lang == "en" and post.text and post.source == "syndication"

    def test_photo_tweet(self):
        post = parse_tweet_result(payload("tweet_with_photo_1641086480675225601.json"))
        assert post.created_at == "2023-03-29T14:34:41Z"
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

    def test_display_url_and_short_url_share_the_code(self):
        """pic.twitter.com/CODE ↔ t.co/CODE: what links a flattened embed to its post."""
        (media,) = parse_tweet_result(payload("tweet_with_photo_1641086480675225601.json")).media
        assert media.display_url.rsplit("/", 1)[1] == media.short_url.rsplit("/", 1)[1] == "rQd6FIwZ0U"

    def test_quote_tweet(self):
        post = parse_tweet_result(payload("tweet_with_quoted_tweet_1641895049427550208.json"))
        assert post.quoted_post_id == "1641086480675225601"
        assert post.media == ()  # the quoted tweet's photo is not this post's
        assert post.text.startswith("#ReactNative's new architecture renderer")

    def test_card_tweet(self):
        post = parse_tweet_result(payload("tweet_with_card_1629262255744503809.json"))
        assert post.created_at == "2023-02-24T23:29:26Z"
        assert post.text.endswith("in the React tutorial? https://t.co/fI2B6TT8rL")
        assert post.media == ()  # a link card is not media

    def test_link_card_tweet_keeps_newlines_and_emoji(self):
        post = parse_tweet_result(payload("tweet_with_link_card_1703436713362870723.json"))
        assert 'shadow bans:\n\n"Reddit lets' in post.text
        assert post.text.endswith("1/2 🧵")

    def test_wrapped_in_data(self):
        """react-tweet's API route wraps the payload as {"data": …}."""
        post = parse_tweet_result({"data": payload("tweet_with_link_card_1703436713362870723.json")})
        assert post.post_id == "1703436713362870723"


class TestShapes:
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

    def test_text_entities_are_decoded_once(self):
        post = parse_tweet_result({"__typename": "Tweet", "id_str": "1", "text": "a &amp; b &amp;amp; c"})
        assert post.text == "a & b &amp; c"

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

    def test_missing_created_at_is_the_snowflake_time(self):
        data = payload("tweet_with_quoted_tweet_1641895049427550208.json")
        expected = parse_tweet_result(data).created_at
        del data["created_at"]
        assert parse_tweet_result(data).created_at == expected

    def test_missing_typename_is_tolerated(self):
        data = payload("tweet_with_photo_1641086480675225601.json")
        data.pop("__typename", None)
        assert parse_tweet_result(data).post_id == "1641086480675225601"


class TestUnavailable:
    @pytest.mark.parametrize(
        ("data", "outcome", "reason"),
        [
            (
                {"__typename": "TweetTombstone", "tombstone": {"text": {"text": "This Post was deleted"}}},
                "deleted",
                "tombstone: This Post was deleted",
            ),
            ({"__typename": "TweetTombstone"}, "deleted", "tombstone"),
            (
                {"__typename": "TweetUnavailable", "reason": "Protected"},
                "protected",
                "unavailable: Protected",
            ),
            (
                {"__typename": "TweetUnavailable", "reason": "Suspended"},
                "protected",
                "unavailable: Suspended",
            ),
            (
                {"__typename": "TweetUnavailable", "reason": "NsfwLoggedOut"},
                "deleted",
                "unavailable: NsfwLoggedOut",
            ),
            ({}, "not_found", "empty answer {}"),
            ({"data": {}}, "not_found", "empty answer {}"),
        ],
    )
    def test_outcomes(self, data, outcome, reason):
        with pytest.raises(PostUnavailable) as info:
            parse_tweet_result(data)
        assert (info.value.outcome, info.value.reason) == (outcome, reason)

    def test_synthetic_tombstone(self):
        with pytest.raises(PostUnavailable) as info:
            parse_tweet_result(payload("SYNTHETIC_tombstone.json"))
        assert (info.value.outcome, info.value.reason) == ("deleted", "tombstone: This Post is unavailable.")

    @pytest.mark.parametrize(
        "data",
        [
            {"__typename": "Tweet"},
            {"__typename": "Tweet", "id_str": "x1"},
            {"id_str": "1" * 21},
            {"__typename": "User", "id_str": "1"},
            [],
            None,
            "tweet",
        ],
    )
    def test_not_a_tweet(self, data):
        with pytest.raises(UnreadablePayload):
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
