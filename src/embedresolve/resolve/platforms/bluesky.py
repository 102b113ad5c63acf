"""Bluesky's lookups: the public AppView live (the handle resolved to its DID first); archives.

A post URL names its account by handle (``bsky.app/profile/HANDLE/post/RKEY``)
or by DID (the official embed's ``at://DID/app.bsky.feed.post/RKEY``).
``getPostThread`` wants the DID, so a handle is first resolved with
``com.atproto.identity.resolveHandle``. Archives are asked for the post page
and, when the DID is known, for captures of the ``getPostThread`` answer.
"""

from __future__ import annotations

from urllib.parse import urlencode

from embedresolve.platforms.base import PostRef
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.formats.bluesky import parse_bluesky_thread, resolved_did
from embedresolve.resolve.formats.social_page import parse_social_page
from embedresolve.resolve.platforms.spec import Platform, Request

NAME = "bluesky"
LIVE_BASE = "https://public.api.bsky.app"


def thread_url(base: str, did: str, rkey: str) -> str:
    uri = f"at://{did}/app.bsky.feed.post/{rkey}"
    return f"{base.rstrip('/')}/xrpc/app.bsky.feed.getPostThread?" + urlencode({"uri": uri, "depth": "0"})


def live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    actor, rkey = ref.handle or "", ref.post_id or ""
    if actor.startswith("did:"):
        return (Request("getPostThread", thread_url(endpoints.bluesky, actor, rkey), parse_bluesky_thread),)
    resolve = f"{endpoints.bluesky.rstrip('/')}/xrpc/com.atproto.identity.resolveHandle?" + urlencode(
        {"handle": actor}
    )

    def next_url(body: bytes) -> str | None:
        did = resolved_did(body)
        return thread_url(endpoints.bluesky, did, rkey) if did else None

    return (Request("getPostThread", resolve, parse_bluesky_thread, follow=next_url),)


def archived(ref: PostRef) -> tuple[Request, ...]:
    actor, rkey = ref.handle or "", ref.post_id or ""
    forms = [Request("page", ref.canonical_url, parse_social_page)]
    if actor.startswith("did:"):
        forms.append(Request("getPostThread", thread_url(LIVE_BASE, actor, rkey), parse_bluesky_thread))
    return tuple(forms)


PLATFORM = Platform(NAME, live, archived)
