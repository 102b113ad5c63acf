"""Bluesky's getPostThread parser on a recorded answer (data/README.md)."""

from __future__ import annotations

import pytest

from embedresolve.errors import PostUnavailable, UnreadablePayload
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.resolve.formats.bluesky import parse_bluesky_thread, resolved_did
from tests.platforms.data_files import page

THREAD = "bluesky_getPostThread_3k7rmyigapw2y_2023-09_EXCERPT.json"


def ref(url: str = "https://bsky.app/profile/chadmichael.bsky.social/post/3k7rmyigapw2y") -> PostRef:
    found = parse_post_url(url)
    assert found is not None
    return found


def test_thread_post():
    post = parse_bluesky_thread(page(THREAD), ref())
    assert post.post_id == "3k7rmyigapw2y"
    assert post.text is not None and post.text.startswith("If Bluesky is invite only,")
    assert (post.author_name, post.author_handle) == ("Chad", "chadmichael.bsky.social")
    assert post.created_at == "2023-09-19T21:14:01Z"
    assert dict(post.counts) == {"likes": 1, "replies": 2, "reposts": 0}
    assert post.lang == "en"
    assert dict(post.field_sources)["text"] == "getPostThread:thread.post.record.text"


def test_a_did_names_the_same_account():
    post = parse_bluesky_thread(
        page(THREAD), ref("at://did:plc:uy7ehrx332p6dow5sk32hxzq/app.bsky.feed.post/3k7rmyigapw2y")
    )
    assert post.author_handle == "chadmichael.bsky.social"


def test_same_record_key_of_another_account_is_not_taken():
    with pytest.raises(UnreadablePayload, match=r"not of someone\.bsky\.social"):
        parse_bluesky_thread(
            page(THREAD), ref("https://bsky.app/profile/someone.bsky.social/post/3k7rmyigapw2y")
        )


@pytest.mark.parametrize(
    ("body", "outcome"),
    [
        (
            b'{"thread":{"$type":"app.bsky.feed.defs#notFoundPost","uri":"at://x/app.bsky.feed.post/y","notFound":true}}',
            "deleted",
        ),
        (
            b'{"thread":{"$type":"app.bsky.feed.defs#blockedPost","uri":"at://x/app.bsky.feed.post/y","blocked":true}}',
            "protected",
        ),
        (b'{"error":"NotFound","message":"Post not found: at://x/app.bsky.feed.post/y"}', "not_found"),
    ],
)
def test_unavailable_posts(body: bytes, outcome: str):
    with pytest.raises(PostUnavailable) as gone:
        parse_bluesky_thread(body, ref())
    assert gone.value.outcome == outcome


def test_resolve_handle_answer():
    assert resolved_did(b'{"did":"did:plc:uy7ehrx332p6dow5sk32hxzq"}') == "did:plc:uy7ehrx332p6dow5sk32hxzq"
    assert resolved_did(b'{"error":"InvalidRequest"}') is None
