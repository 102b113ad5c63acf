"""TikTok, Vimeo and Reddit oEmbed parsers on recorded answers (data/README.md)."""

from __future__ import annotations

import pytest

from embedresolve.errors import UnreadablePayload
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.resolve.formats.video_oembed import (
    parse_reddit_oembed,
    parse_tiktok_oembed,
    parse_vimeo_oembed,
)
from tests.platforms.data_files import recorded_body


def ref(url: str) -> PostRef:
    found = parse_post_url(url)
    assert found is not None
    return found


def test_tiktok():
    post = parse_tiktok_oembed(
        recorded_body("tiktok_oembed_2024-06-10.json"),
        ref("https://www.tiktok.com/@a3noticias/video/6806030056956251397"),
    )
    assert post.post_id == "6806030056956251397"
    assert post.text == "Nuestro #AplausoSanitario más sincero. Para todos. Y recuerda, #QuédateEnCasa"
    assert post.title is None  # TikTok's oEmbed "title" is the caption
    assert (post.author_name, post.author_handle) == ("Antena 3 Noticias", "a3noticias")
    assert post.url == "https://www.tiktok.com/@a3noticias/video/6806030056956251397"
    assert post.thumbnail_url is not None and post.thumbnail_url.startswith(
        "https://p77-sign-va.tiktokcdn.com/"
    )
    assert dict(post.field_sources)["text"] == "oembed:title"


def test_vimeo():
    post = parse_vimeo_oembed(
        recorded_body("vimeo_oembed_235352744_2020-05-20.json"), ref("https://vimeo.com/235352744")
    )
    assert (post.post_id, post.title) == ("235352744", "Vimeo Live is here")
    assert post.text == "Professional live streaming is here. \n\nLearn more at vimeo.com/live"
    assert (post.author_name, post.author_handle) == ("Vimeo", "vimeomarketing")
    assert post.created_at == "2017-09-25T10:36:56Z"
    assert dict(post.field_sources)["created_at"] == "oembed:upload_date"


def test_reddit():
    post = parse_reddit_oembed(
        recorded_body("reddit_oembed_2021-04-04.json"),
        ref("https://www.reddit.com/r/investing/comments/7pfpeq/buffett/"),
    )
    assert post.post_id == "7pfpeq"
    assert post.title is not None and post.title.startswith("Buffett on cyrptocurrencies")
    assert (post.author_name, post.author_handle) == ("dennisrieves", "u/dennisrieves")
    assert post.url == "https://www.reddit.com/r/investing/comments/7pfpeq/"


@pytest.mark.parametrize("parse", [parse_tiktok_oembed, parse_vimeo_oembed, parse_reddit_oembed])
def test_answers_naming_no_post_are_unreadable(parse):
    with pytest.raises(UnreadablePayload):
        parse(b'{"title": "x", "author_name": "y"}', ref("https://vimeo.com/235352744"))
