"""Archived status pages of each era: the permalink markup, the mobile page, the og: meta tags."""

from __future__ import annotations

import pytest

from embedresolve.errors import UnreadablePayload
from embedresolve.resolve.formats.status_page import parse_status_page
from tests.archive import fixtures as fx
from tests.resolve.formats.data import PAGES


def test_permalink_2014():
    """The permalink markup: the page's own tweet, not the reply below it."""
    html = (PAGES / "permalink_2014_barackobama_266031293945503744.html").read_text()
    post = parse_status_page(html, "https://twitter.com/BarackObama/status/266031293945503744")
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
    assert post.source == "status_page"


def test_permalink_picks_the_requested_tweet():
    html = (PAGES / "permalink_2014_barackobama_266031293945503744.html").read_text()
    post = parse_status_page(html, "https://twitter.com/somefan/status/266031541921558529")
    assert post.post_id == "266031541921558529"
    assert post.text == "@BarackObama congratulations!"


def test_meta_tags_2022():
    html = (PAGES / f"meta_2022_saintjavelin_{fx.SJ_ID}.html").read_text()
    post = parse_status_page(html, f"https://twitter.com/saintjavelin/status/{fx.SJ_ID}/photo/1")
    assert post.text == fx.SJ_TEXT
    assert (post.author_name, post.author_handle) == ("Saint Javelin", "saintjavelin")
    assert post.created_at == "2022-11-11T18:46:02Z"
    assert post.media[0].url == "https://pbs.twimg.com/media/FhUJ3aDXkAEwB7e.jpg"


def test_mobile_legacy():
    html = (PAGES / "mobile_2016_pepephone_436461658601713664.html").read_text()
    post = parse_status_page(html, "https://mobile.twitter.com/pepephone/status/436461658601713664")
    assert (post.author_name, post.author_handle) == ("Pepephone", "pepephone")
    assert post.text == "RT @PabloHerreros Pepephone rompe la baraja - http://t.co/mFn7mcB1vy"


def test_links_urlsplit_refuses_are_kept_as_shown():
    html = (
        '<div class="permalink-tweet" data-tweet-id="266031293945503744">'
        '<p class="js-tweet-text">see <a href="http://[broken">this</a></p></div>'
    )
    assert parse_status_page(html, "https://twitter.com/a/status/266031293945503744").text == "see this"


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><div id='react-root'></div></body></html>",  # the x.com app shell
        '<meta property="og:title" content="X. It’s what’s happening / X"><meta property="og:description" content="From breaking news">',
        "",
        "<p>" + "x" * 3_000_001,
    ],
    ids=["app-shell", "generic-meta", "empty", "too-large"],
)
def test_pages_without_the_tweet(html):
    with pytest.raises(UnreadablePayload):
        parse_status_page(html, "https://x.com/someone/status/1591140208016367617")
