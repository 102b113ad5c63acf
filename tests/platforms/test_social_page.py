"""Post pages of photo/video platforms (Instagram first) on a recorded page (data/README.md)."""

from __future__ import annotations

import pytest

from embedresolve.errors import PostUnavailable, UnreadablePayload
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.resolve.formats.social_page import parse_social_page
from tests.platforms.data_files import page

IG_PAGE = "instagram_p_ySl7G9tO_q_2020-05-20_EXCERPT.html"


def ref(url: str) -> PostRef:
    found = parse_post_url(url)
    assert found is not None
    return found


def test_instagram_post_page_2020():
    post = parse_social_page(page(IG_PAGE), ref("https://www.instagram.com/p/ySl7G9tO_q/"))
    assert post.post_id == "ySl7G9tO_q"
    assert post.text is not None and post.text.startswith(
        "Se va llenando el lugar donde Tsipras dará su mitin."
    )
    assert post.text.endswith("de la victoria de la izquierda.")  # JSON-LD's full caption, not og:'s cut one
    assert (post.author_name, post.author_handle) == ("Alberto Garzón", "agarzoniu")
    assert post.author_url == "https://www.instagram.com/agarzoniu/"
    assert post.created_at == "2015-01-25T20:34:26Z"
    assert dict(post.counts) == {"likes": 361, "comments": 3}
    assert [m.type for m in post.media] == ["photo"]
    sources = dict(post.field_sources)
    assert sources["text"] == "json-ld:ImageObject.caption"
    assert sources["author_name"] == "og:title"


def test_page_of_another_post_names_it():
    post = parse_social_page(page(IG_PAGE), ref("https://www.instagram.com/p/OtherPost1/"))
    assert post.post_id == "ySl7G9tO_q"  # the source refuses it for OtherPost1


def test_login_wall_is_protected():
    wall = (
        b"<html><head><title>Login \xe2\x80\xa2 Instagram</title>"
        b'<link rel="canonical" href="https://www.instagram.com/accounts/login/"></head></html>'
    )
    with pytest.raises(PostUnavailable) as gone:
        parse_social_page(wall, ref("https://www.instagram.com/p/ySl7G9tO_q/"))
    assert gone.value.outcome == "protected"


def test_page_naming_no_post_is_no_content():
    with pytest.raises(UnreadablePayload):
        parse_social_page(
            b"<html><head><title>x</title></head></html>", ref("https://www.instagram.com/p/ySl7G9tO_q/")
        )


def test_threads_page_in_its_og_shape():
    """GENERATED in the og: shape Threads pages share ("NAME (@handle) on Threads"); see data/README.md."""
    html = (
        b'<html><head><meta property="og:title" content="Mark Zuckerberg (@zuck) on Threads" />'
        b'<meta property="og:description" content="10 million sign ups in seven hours" />'
        b'<meta property="og:url" content="https://www.threads.net/@zuck/post/CuZ12345" /></head></html>'
    )
    post = parse_social_page(html, ref("https://www.threads.com/@zuck/post/CuZ12345"))
    assert (post.post_id, post.author_name, post.author_handle) == ("CuZ12345", "Mark Zuckerberg", "zuck")
    assert post.text == "10 million sign ups in seven hours"


def test_facebook_wall_without_og_url_is_no_content():
    wall = b'<html><head><title>Facebook</title><meta property="og:title" content="Facebook"></head></html>'
    with pytest.raises(UnreadablePayload):
        parse_social_page(wall, ref("https://www.facebook.com/nasa/posts/10158912345678901"))


def test_instagram_shared_data_of_older_pages():
    """The same 2020 page's ``window._sharedData`` alone (no og: meta, no JSON-LD)."""
    shared = page("instagram_p_ySl7G9tO_q_2020-05-20_SHAREDDATA_EXCERPT.html")
    post = parse_social_page(shared, ref("https://www.instagram.com/p/ySl7G9tO_q/"))
    assert post.post_id == "ySl7G9tO_q"
    assert post.text is not None and post.text.endswith("de la victoria de la izquierda.")
    assert (post.author_name, post.author_handle) == ("Alberto Garzón", "agarzoniu")
    assert post.created_at == "2015-01-25T20:34:26Z"  # taken_at_timestamp, as JSON-LD's uploadDate says
    assert dict(post.counts) == {"likes": 361, "comments": 3}
    assert dict(post.field_sources)["text"] == "_sharedData:shortcode_media.edge_media_to_caption"


def test_shared_data_of_another_post_names_it():
    shared = page("instagram_p_ySl7G9tO_q_2020-05-20_SHAREDDATA_EXCERPT.html")
    assert parse_social_page(shared, ref("https://www.instagram.com/p/OtherPost1/")).post_id == "ySl7G9tO_q"
