"""OEmbedSource against the local publish.twitter.com stand-in (its parser is tested in tests/formats)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from embedresolve.resolve.sources.base import PostSource
from embedresolve.resolve.sources.oembed import OEmbedSource
from tests.servers import platform_app as pa


@pytest.fixture
def source(fetcher, app) -> OEmbedSource:
    return OEmbedSource(fetcher, app.base_url)


class TestOEmbedSource:
    def test_is_a_post_source(self, source):
        assert isinstance(source, PostSource)

    def test_found(self, source, app):
        lookup = source.post(pa.PEPEPHONE_ID, "pepephone")
        assert lookup.outcome == "found"
        assert lookup.value.author_handle == "pepephone"
        assert lookup.value.created_at == "2014-02-20T11:25:43Z"  # the snowflake time of the ID
        (seen,) = app.seen
        assert seen.path == "/oembed"
        assert seen.query == {
            "url": [f"https://twitter.com/pepephone/status/{pa.PEPEPHONE_ID}"],
            "omit_script": ["1"],
            "dnt": ["1"],
        }
        (entry,) = lookup.evidence
        assert (entry.source, entry.status) == ("oembed", 200)

    @pytest.mark.parametrize("handle", [None, "", "not a handle", "../x"])
    def test_without_usable_handle_asks_with_i(self, source, app, handle):
        assert source.post(pa.PEPEPHONE_ID, handle).found
        (seen,) = app.seen
        assert seen.query["url"] == [f"https://twitter.com/i/status/{pa.PEPEPHONE_ID}"]

    def test_request_url_is_encoded(self, source):
        query = parse_qs(urlsplit(source.url_for("20", "jack")).query)
        assert query["url"] == ["https://twitter.com/jack/status/20"]

    def test_404_is_not_found(self, source):
        lookup = source.post(pa.MISSING_ID)
        assert (lookup.outcome, lookup.reason) == ("not_found", "http 404")

    @pytest.mark.parametrize(
        ("post_id", "message"),
        [
            (pa.PROTECTED_ID, "Sorry, you are not authorized to see this status."),
            (pa.SUSPENDED_ID, "User has been suspended."),
        ],
    )
    def test_403_is_protected(self, source, post_id, message):
        lookup = source.post(post_id)
        assert lookup.outcome == "protected"
        assert lookup.reason == f"http 403: {message}"

    @pytest.mark.parametrize(
        ("body", "outcome", "reason"),
        [
            (b'{"error": "User has been suspended."}', "protected", "User has been suspended."),
            (b'{"html": "<p>no quote</p>"}', "failed", "oEmbed html has no blockquote"),
        ],
    )
    def test_answers_the_parser_reads(self, source, app, body, outcome, reason):
        """What the one oEmbed parser says about a 200 body is the lookup's outcome and reason."""
        app.oembed[pa.PROTECTED_ID] = body
        try:
            lookup = source.post(pa.PROTECTED_ID)
        finally:
            del app.oembed[pa.PROTECTED_ID]
        assert (lookup.outcome, lookup.reason) == (outcome, reason)

    def test_unreadable_body_fails(self, source):
        lookup = source.post(pa.NOT_JSON_ID)
        assert (lookup.outcome, lookup.reason) == ("failed", "body is not a JSON object")

    def test_other_status_fails(self, source, app):
        app.inject(400)
        lookup = source.post(pa.PEPEPHONE_ID)
        assert (lookup.outcome, lookup.reason) == ("failed", "http 400")

    def test_answer_for_another_post_fails(self, make_fetcher, app):
        """The app answers by the ID in `url`; pepephone's body for another ID is refused."""
        app.oembed["1600000000000000020"] = app.oembed[pa.PEPEPHONE_ID]
        try:
            lookup = OEmbedSource(make_fetcher(), app.base_url).post("1600000000000000020")
        finally:
            del app.oembed["1600000000000000020"]
        assert lookup.outcome == "failed"
        assert lookup.reason.startswith("answer is for post 436461658601713664")

    def test_503_then_200(self, source, app):
        app.inject(503)
        lookup = source.post(pa.PEPEPHONE_ID)
        assert lookup.found
        assert lookup.evidence[0].attempts == 2

    def test_network_failure_is_a_failed_lookup(self, make_fetcher, app):
        app.inject(502, times=2)
        lookup = OEmbedSource(make_fetcher(max_attempts=2), app.base_url).post(pa.PEPEPHONE_ID)
        assert lookup.outcome == "failed"
        assert lookup.evidence[0].category == "http_5xx"
        assert lookup.evidence[0].source == "oembed"

    @pytest.mark.parametrize("post_id", ["", "x", "1" * 21, "20/../../admin"])
    def test_invalid_id_is_never_sent(self, source, app, post_id):
        assert source.post(post_id).outcome == "not_found"
        assert app.hits() == 0

    def test_host_outside_allow_list_is_refused(self, fetcher, app):
        lookup = OEmbedSource(fetcher, "https://publish.twitter.com").post(pa.PEPEPHONE_ID)
        assert (lookup.outcome, lookup.reason) == ("failed", "host_not_allowed")
        assert app.hits() == 0
