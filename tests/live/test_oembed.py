"""OEmbedSource against the local publish.twitter.com stand-in, and the pure oEmbed parser."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from embedresolve.resolve.models import Media
from embedresolve.resolve.sources.base import PostSource
from embedresolve.resolve.sources.oembed import OEmbedSource, parse_embed_date, parse_oembed, parse_signature
from tests.live import platform_app as pa

DATA = Path(__file__).parent / "data"
OEMBED = sorted((DATA / "oembed").glob("*.json"))


def recorded(path: Path) -> dict:
    """The recorded body exactly as sent (not the converter's re-parse)."""
    return json.loads(json.loads(path.read_text(encoding="utf-8"))["body"])


def blockquote(name: str) -> dict:
    """A real embed blockquote from a saved news page, as the ``html`` of an oEmbed object."""
    return {"html": (DATA / "blockquotes" / name).read_text(encoding="utf-8")}


class TestParseOEmbed:
    @pytest.mark.parametrize("path", OEMBED, ids=lambda p: p.name)
    def test_recorded_responses(self, path):
        """publish.twitter.com (2021) and publish.x.com via redirect (2024) parse the same."""
        post = parse_oembed(recorded(path))
        assert post.post_id == "436461658601713664"
        assert post.url == "https://twitter.com/pepephone/status/436461658601713664"
        assert post.text == "RT @PabloHerreros Pepephone rompe la baraja - http://t.co/mFn7mcB1vy"
        assert (post.author_name, post.author_handle) == ("Pepephone", "pepephone")
        assert post.created_at == "2014-02-20"  # date precision only
        assert post.lang == "es"
        assert post.media == ()
        assert post.quoted_post_id is None
        assert post.source == "oembed"

    def test_page_blockquote_with_picture_and_breaks(self):
        """mozilla/readability 'aktualne': <br> → newline, indentation collapsed, pic link as Media."""
        post = parse_oembed(blockquote("readability_aktualne_westham.html"))
        assert post.post_id == "1454931184966770696"
        assert (
            post.text == "⭐️⭐️⭐️⭐️\n\nHighlights from our 4-1 win at Villa Park ⬇️ pic.twitter.com/BUPgYtgHaY"
        )
        assert (post.author_name, post.author_handle) == ("West Ham United", "WestHam")
        assert post.created_at == "2021-10-31"
        assert post.lang == "en"
        assert post.media == (
            Media(
                type="photo",
                url="https://pic.twitter.com/BUPgYtgHaY",
                short_url="https://t.co/BUPgYtgHaY",
                display_url="pic.twitter.com/BUPgYtgHaY",
            ),
        )

    def test_page_blockquote_statuses_url_and_entities(self):
        """mozilla/readability '001': /statuses/ link, &lt;…&gt; decoded, handle from the signature."""
        post = parse_oembed(blockquote("readability_001_ironshay.html"))
        assert post.post_id == "370525864523743232"
        assert post.text == (
            'Drinking game for web devs:\n(1) Think of a noun\n(2) Google "<noun>.js"\n'
            "(3) If a library with that name exists - drink"
        )
        assert (post.author_name, post.author_handle) == ("Shay Friedman", "ironshay")
        assert post.url == "https://twitter.com/ironshay/status/370525864523743232"
        assert post.created_at == "2013-08-22"
        assert post.lang is None

    def test_signature_in_its_own_paragraph(self):
        """Pages that re-serialise the embed put the signature in a <p>; the text stays clean."""
        html = (
            '<blockquote class="twitter-tweet"><p lang="en">first</p><p>second <a href="https://t.co/AbC">'
            'pic.twitter.com/AbC</a></p><p>— Some One (@some_one) <a href="https://twitter.com/some_one/'
            'status/123?ref_src=twsrc%5Etfw">22. August 2013</a></p></blockquote>'
        )
        post = parse_oembed({"html": html})
        assert post.text == "first\nsecond pic.twitter.com/AbC"
        assert (post.author_name, post.author_handle, post.created_at) == (
            "Some One",
            "some_one",
            "2013-08-22",
        )
        assert [m.display_url for m in post.media] == ["pic.twitter.com/AbC"]

    def test_json_fields_win_over_markup(self):
        """author_url names the handle; url names the ID."""
        data = recorded(OEMBED[0]) | {"author_url": "https://twitter.com/NewName"}
        assert parse_oembed(data).author_handle == "NewName"

    def test_nested_blockquotes_pick_the_tweet(self):
        html = (
            "<blockquote><p>article quote</p><blockquote class='twitter-tweet'><p>tweet</p>— A (@a) "
            "<a href='https://twitter.com/a/status/5'>May 1, 2020</a></blockquote></blockquote>"
        )
        assert parse_oembed({"html": html}).text == "tweet"

    @pytest.mark.parametrize(
        "data",
        [{}, {"html": 3}, {"html": "<p>no quote</p>"}, {"html": "<blockquote><p>no link</p></blockquote>"}],
    )
    def test_unusable_objects_raise(self, data):
        with pytest.raises(ValueError):
            parse_oembed(data)


class TestSignatureAndDate:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("— Pepephone (@pepephone) ", ("Pepephone", "pepephone")),
            ("&mdash; not decoded here (@x)", ("&mdash; not decoded here", "x")),
            ("-- Name (with parens) (@h_1)", ("Name (with parens)", "h_1")),
            ("— Only A Name", ("Only A Name", None)),
            ("— Bad (@not a handle)", ("Bad", None)),
            ("", (None, None)),
        ],
    )
    def test_signature(self, text, expected):
        assert parse_signature(text) == expected

    def test_signature_is_linear(self):
        parse_signature("(" * 100_000 + "@" * 100_000)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("February 20, 2014", "2014-02-20"),
            (" Feb 20,\n 2014 ", "2014-02-20"),
            ("22. August 2013", "2013-08-22"),
            ("16 мая 2018 г.", "2018-05-16"),
            ("February 30, 2014", None),
            ("yesterday", None),
            ("February 20, 2014 at 10:00", None),
        ],
    )
    def test_date(self, text, expected):
        assert parse_embed_date(text) == expected


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
        assert lookup.value.created_at == "2014-02-20"
        (seen,) = app.seen
        assert seen.path == "/oembed"
        assert seen.query == {
            "url": [f"https://twitter.com/pepephone/status/{pa.PEPEPHONE_ID}"],
            "omit_script": ["1"],
            "dnt": ["1"],
        }
        (entry,) = lookup.evidence
        assert (entry["source"], entry["status"]) == ("oembed", 200)

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
        assert lookup.evidence[0]["attempts"] == 2

    def test_network_failure_is_a_failed_lookup(self, make_fetcher, app):
        app.inject(502, times=2)
        lookup = OEmbedSource(make_fetcher(max_attempts=2), app.base_url).post(pa.PEPEPHONE_ID)
        assert lookup.outcome == "failed"
        assert lookup.evidence[0]["category"] == "http_5xx"
        assert lookup.evidence[0]["source"] == "oembed"

    @pytest.mark.parametrize("post_id", ["", "x", "1" * 21, "20/../../admin"])
    def test_invalid_id_is_never_sent(self, source, app, post_id):
        assert source.post(post_id).outcome == "not_found"
        assert app.hits() == 0

    def test_host_outside_allow_list_is_refused(self, fetcher, app):
        lookup = OEmbedSource(fetcher, "https://publish.twitter.com").post(pa.PEPEPHONE_ID)
        assert (lookup.outcome, lookup.reason) == ("failed", "host_not_allowed")
        assert app.hits() == 0
