"""Facebook's and Threads' lookups: oEmbed live when a Meta app token is given; post pages in archives.

Facebook asks ``oembed_video`` for a video or reel URL and ``oembed_post``
for anything else; Threads asks its oEmbed with the ``threads.net`` permalink
form its docs give.

Both are read from the post page's ``og:`` meta (:mod:`..formats.social_page`),
which the ID check guards: a capture whose ``og:url`` names another post, or
none (Facebook's logged-out wall), is not taken. Threads pages live on
``threads.net`` (2023–2025) and ``threads.com`` (since 2025); both are asked.
"""

from __future__ import annotations

from embedresolve.platforms.base import PostRef
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.formats.social_page import parse_social_page
from embedresolve.resolve.platforms.meta_oembed import (
    GRAPH_VERSION,
    THREADS_VERSION,
    graph_refusal,
    parse_facebook_oembed,
    parse_threads_oembed,
    query_url,
)
from embedresolve.resolve.platforms.spec import Platform, Request

__all__ = ["FACEBOOK", "THREADS"]


_VIDEO_PATHS = ("/videos/", "/watch/", "/reel/", "/video.php")


def _facebook_live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    if endpoints.meta_graph is None:
        return ()  # oEmbed needs an app token (EMBEDRESOLVE_META_TOKEN): archives only
    kind = "oembed_video" if any(p in ref.canonical_url for p in _VIDEO_PATHS) else "oembed_post"
    url = query_url(endpoints.meta_graph, f"/{GRAPH_VERSION}/{kind}", ref.canonical_url)
    return (Request("oembed", url, parse_facebook_oembed, refusal=graph_refusal),)


def _threads_live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    if endpoints.threads_graph is None:
        return ()
    url = query_url(endpoints.threads_graph, f"/{THREADS_VERSION}/oembed", _threads_net(ref))
    return (Request("oembed", url, parse_threads_oembed, refusal=graph_refusal),)


def _threads_net(ref: PostRef) -> str:
    return ref.canonical_url.replace("https://www.threads.com/", "https://www.threads.net/", 1)


def _facebook_archived(ref: PostRef) -> tuple[Request, ...]:
    return (Request("page", ref.canonical_url, parse_social_page),)


def _threads_archived(ref: PostRef) -> tuple[Request, ...]:
    com = ref.canonical_url
    net = _threads_net(ref)
    return (Request("page", net, parse_social_page), Request("page", com, parse_social_page))


FACEBOOK = Platform("facebook", _facebook_live, _facebook_archived)
THREADS = Platform("threads", _threads_live, _threads_archived)
