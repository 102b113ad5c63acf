"""The one oEmbed parser: recorded answers, real page blockquotes, re-serialised markup, error answers."""

from __future__ import annotations

import subprocess
import sys

import pytest

from embedresolve.errors import PostUnavailable, UnreadablePayload
from embedresolve.provenance import Media
from embedresolve.resolve.formats.oembed import parse_embed_date, parse_oembed, parse_signature
from tests.resolve.formats.data import OEMBED, blockquote
from tests.resolve.formats.data import oembed as recorded

RECORDED = sorted(OEMBED.glob("*.json"))


class TestParseOEmbed:
    @pytest.mark.parametrize("path", RECORDED, ids=lambda p: p.name)
    def test_recorded_responses(self, path):
        """publish.twitter.com (2021) and publish.x.com via redirect (2024) parse the same."""
        post = parse_oembed(recorded(path))
        assert post.post_id == "436461658601713664"
        assert post.url == "https://twitter.com/pepephone/status/436461658601713664"
        assert post.text == "RT @PabloHerreros Pepephone rompe la baraja - http://t.co/mFn7mcB1vy"
        assert (post.author_name, post.author_handle) == ("Pepephone", "pepephone")
        assert (
            post.created_at == "2014-02-20T11:25:43Z"
        )  # the snowflake time; the link says "February 20, 2014"
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
        assert post.created_at == "2021-10-31T22:00:00Z"
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
        assert post.created_at == "2013-08-22T12:40:24Z"
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
            "2013-08-22",  # a pre-snowflake ID: the link's day is all there is
        )
        assert [m.display_url for m in post.media] == ["pic.twitter.com/AbC"]

    def test_signature_when_author_fields_are_missing(self):
        """Older or trimmed answers: author and handle from the '— Name (@handle)' line, the day from the link."""
        html = (
            '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr<br>second line</p>'
            '&mdash; jack (@jack) <a href="https://twitter.com/jack/status/20">March 21, 2006</a></blockquote>'
        )
        post = parse_oembed({"html": html})
        assert (post.post_id, post.author_name, post.author_handle) == ("20", "jack", "jack")
        assert post.text == "just setting up my twttr\nsecond line"
        assert post.created_at == "2006-03-21"  # pre-snowflake: the day only

    def test_json_fields_win_over_markup(self):
        """author_url names the handle, author_name the name; url names the ID."""
        data = recorded(RECORDED[0]) | {
            "author_url": "https://twitter.com/NewName",
            "author_name": "New Name",
        }
        post = parse_oembed(data)
        assert (post.author_handle, post.author_name) == ("NewName", "New Name")

    def test_nested_blockquotes_pick_the_tweet(self):
        html = (
            "<blockquote><p>article quote</p><blockquote class='twitter-tweet'><p>tweet</p>— A (@a) "
            "<a href='https://twitter.com/a/status/5'>May 1, 2020</a></blockquote></blockquote>"
        )
        assert parse_oembed({"html": html}).text == "tweet"

    def test_emoji_images_read_as_their_alt(self):
        """Saved pages may hold emoji as <img alt> (twemoji, wp-emoji): the text keeps the emoji."""
        html = (
            '<blockquote class="twitter-tweet"><p>Goal <img class="emoji" alt="⚽" src="x.png"> now</p>'
            '— A (@a) <a href="https://twitter.com/a/status/5">May 1, 2020</a></blockquote>'
        )
        assert parse_oembed({"html": html}).text == "Goal ⚽ now"

    @pytest.mark.parametrize(
        ("error", "outcome"),
        [
            ("Sorry, you are not authorized to see this status.", "protected"),
            ("User has been suspended.", "protected"),
            ("Sorry, that page does not exist", "deleted"),
        ],
    )
    def test_error_answers(self, error, outcome):
        with pytest.raises(PostUnavailable) as info:
            parse_oembed({"error": error, "request": "/oembed"})
        assert (info.value.outcome, info.value.reason) == (outcome, error)

    @pytest.mark.parametrize(
        "data",
        [
            {},
            {"html": 3},
            {"html": "<p>no quote</p>"},
            {"html": "<blockquote><p>no link</p></blockquote>"},
            {"html": "<blockquote>" + "x" * 3_000_001 + "</blockquote>"},
            [],
            None,
        ],
        ids=["empty", "html-not-str", "no-blockquote", "no-status-link", "too-large", "list", "null"],
    )
    def test_unreadable(self, data):
        with pytest.raises(UnreadablePayload):
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
        """Adversarial signatures of 2 million characters each: linear work takes well under a
        second, quadratic work would take hours, so a 20 s limit separates them under any load."""
        code = (
            "from embedresolve.resolve.formats.oembed import parse_signature\n"
            f"n = {LARGE}\n"
            "for text in ('(' * n + '@' * n, 'a' * n, '—' * n + '(@' + 'a' * n, '(@' + 'a' * n + ')' * n):\n"
            "    parse_signature(text)\n"
        )
        assert finishes_within(code, seconds=20)

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


LARGE = 2_000_000


def finishes_within(code: str, seconds: float) -> bool:
    """Whether ``code`` runs to completion in a fresh interpreter within ``seconds`` (it must not fail)."""
    try:
        subprocess.run([sys.executable, "-c", code], timeout=seconds, check=True, capture_output=True)
    except subprocess.TimeoutExpired:
        return False
    return True


def test_the_time_limit_catches_quadratic_work():
    """The limit can fail: rescanning the rest of the text at every position does not finish."""
    code = f"text = '(@' * {LARGE}\nsum(text[i:].count('@') for i in range(len(text)))\n"
    assert not finishes_within(code, seconds=2)
