"""SyndicationSource against the local syndication stand-in (its parser is tested in tests/formats)."""

from __future__ import annotations

import pytest

from embedresolve.resolve.sources.base import PostSource
from embedresolve.resolve.sources.syndication import SyndicationSource
from embedresolve.resolve.twitter_ids import syndication_token
from tests.servers import platform_app as pa


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
        assert entry.source == "syndication"
        assert entry.status == 200
        assert entry.url.startswith(f"{app.base_url}/tweet-result?id={pa.PHOTO_ID}&lang=en&token=")

    def test_quote_tweet_found(self, source):
        lookup = source.post(pa.QUOTE_ID, "mattcarrollcode")
        assert lookup.value.quoted_post_id == pa.PHOTO_ID

    def test_truncated_long_post_is_flagged(self, source):
        lookup = source.post(pa.VIDEO_ID)
        assert lookup.found
        assert lookup.evidence[0].text_truncated is True

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

    @pytest.mark.parametrize(
        ("body", "outcome", "reason"),
        [
            (
                b'{"__typename": "TweetUnavailable", "reason": "Protected"}',
                "protected",
                "unavailable: Protected",
            ),
            (
                b'{"__typename": "Tweet", "text": "no id"}',
                "failed",
                "not a tweet object (__typename='Tweet', id_str=None)",
            ),
        ],
    )
    def test_answers_the_parser_reads(self, source, app, body, outcome, reason):
        """What the one tweet-result parser says about a 200 body is the lookup's outcome and reason."""
        app.syndication[pa.EMPTY_ID] = body
        try:
            lookup = source.post(pa.EMPTY_ID)
        finally:
            del app.syndication[pa.EMPTY_ID]
        assert (lookup.outcome, lookup.reason) == (outcome, reason)

    @pytest.mark.parametrize(("post_id", "status"), [(pa.EMPTY_ID, 200), (pa.MISSING_ID, 404)])
    def test_empty_object_and_404_are_not_found(self, source, post_id, status):
        lookup = source.post(post_id)
        assert lookup.outcome == "not_found"
        assert lookup.evidence[0].status == status

    def test_403_is_protected(self, source):
        lookup = source.post(pa.FORBIDDEN_ID)
        assert (lookup.outcome, lookup.reason) == ("protected", "http 403")

    def test_other_status_fails_with_it(self, source):
        lookup = source.post(pa.BAD_REQUEST_ID)
        assert lookup.outcome == "failed"
        assert lookup.reason == "http 400: Bad request."
        assert lookup.evidence[0].status == 400

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
        assert lookup.evidence[0].attempts == 2
        assert app.hits("/tweet-result") == 2
        assert sleeps  # the backoff was asked for, and did not wait

    def test_503_forever_fails_without_raising(self, make_fetcher, app):
        app.inject(503, times=3)
        lookup = SyndicationSource(make_fetcher(max_attempts=3), app.base_url).post(pa.PHOTO_ID)
        assert lookup.outcome == "failed"
        assert lookup.reason == "http_5xx"
        entry = lookup.evidence[0]
        assert (entry.source, entry.category, entry.attempts, entry.last_status) == (
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
