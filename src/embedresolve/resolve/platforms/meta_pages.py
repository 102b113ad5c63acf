"""Facebook's and Threads' lookups: archives only (their oEmbed needs a Meta app token).

Both are read from the post page's ``og:`` meta (:mod:`..formats.social_page`),
which the ID check guards: a capture whose ``og:url`` names another post, or
none (Facebook's logged-out wall), is not taken. Threads pages live on
``threads.net`` (2023–2025) and ``threads.com`` (since 2025); both are asked.
"""

from __future__ import annotations

from embedresolve.platforms.base import PostRef
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.formats.social_page import parse_social_page
from embedresolve.resolve.platforms.spec import Platform, Request

__all__ = ["FACEBOOK", "THREADS"]


def _no_live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    return ()  # oEmbed needs an app token (EMBEDRESOLVE_META_TOKEN): not built yet, archives only


def _facebook_archived(ref: PostRef) -> tuple[Request, ...]:
    return (Request("page", ref.canonical_url, parse_social_page),)


def _threads_archived(ref: PostRef) -> tuple[Request, ...]:
    com = ref.canonical_url
    net = com.replace("https://www.threads.com/", "https://www.threads.net/", 1)
    return (Request("page", net, parse_social_page), Request("page", com, parse_social_page))


FACEBOOK = Platform("facebook", _no_live, _facebook_archived)
THREADS = Platform("threads", _no_live, _threads_archived)
