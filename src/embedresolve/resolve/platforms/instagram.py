"""Instagram's lookups: oEmbed live when a Meta app token is given; the post page in archives.

The post page is archived as ``/p/CODE/`` (with and without the trailing
slash, and as ``/reel/CODE/``); an embed iframe's ``/p/CODE/embed/captioned/``
page is archived too and reads alike.
"""

from __future__ import annotations

from embedresolve.platforms.base import PostRef
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.formats.social_page import parse_social_page
from embedresolve.resolve.platforms.meta_oembed import (
    GRAPH_VERSION,
    graph_refusal,
    parse_instagram_oembed,
    query_url,
)
from embedresolve.resolve.platforms.spec import Platform, Request

NAME = "instagram"


def live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    if endpoints.meta_graph is None:
        return ()  # oEmbed needs an app token (EMBEDRESOLVE_META_TOKEN): archives only
    post = f"https://www.instagram.com/p/{ref.post_id}/"
    url = query_url(endpoints.meta_graph, f"/{GRAPH_VERSION}/instagram_oembed", post)
    return (Request("oembed", url, parse_instagram_oembed, refusal=graph_refusal),)


def archived(ref: PostRef) -> tuple[Request, ...]:
    code = ref.post_id
    return (
        Request("page", f"https://www.instagram.com/p/{code}/", parse_social_page),
        Request("page", f"https://www.instagram.com/p/{code}", parse_social_page),
        Request("page", f"https://www.instagram.com/reel/{code}/", parse_social_page),
    )


PLATFORM = Platform(NAME, live, archived)
