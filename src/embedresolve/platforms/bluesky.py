"""Bluesky post URLs and AT-URIs.

Accepted: ``bsky.app/profile/ACTOR/post/RKEY`` (ACTOR a handle or a DID, also
on ``staging.bsky.app``), the AT-URI ``at://ACTOR/app.bsky.feed.post/RKEY``
and the embed iframe ``embed.bsky.app/embed/ACTOR/app.bsky.feed.post/RKEY``.
``post_id`` is the record key; ``handle`` is the actor as written (a DID
stays a DID: it survives handle changes, so it is the better name).
"""

from __future__ import annotations

import re

from embedresolve.platforms.base import PostRef, Url, split_url

NAME = "bluesky"

_RKEY = re.compile(r"[A-Za-z0-9._:~-]{1,512}")
_ACTOR = re.compile(r"did:[a-z]{1,16}:[A-Za-z0-9._:%-]{1,256}|[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")
_COLLECTION = "app.bsky.feed.post"


def canonical_url(actor: str, rkey: str) -> str:
    return f"https://bsky.app/profile/{actor}/post/{rkey}"


def parse_uri(uri: str) -> PostRef | None:
    """An AT-URI ``at://ACTOR/app.bsky.feed.post/RKEY``, or any URL :func:`parse` accepts."""
    text = uri.strip()
    if text[:5].lower() == "at://":
        parts = text[5:].split("?", 1)[0].split("/")
        if len(parts) == 3 and parts[1] == _COLLECTION:
            return _ref(parts[0], parts[2])
        return None
    url = split_url(text)
    return parse(url) if url is not None else None


def parse(url: Url) -> PostRef | None:
    segments = url.segments
    if url.host in ("bsky.app", "www.bsky.app", "staging.bsky.app"):
        if len(segments) >= 4 and segments[0] == "profile" and segments[2] == "post":
            return _ref(segments[1], segments[3])
        return None
    is_embed = url.host == "embed.bsky.app" and segments[:1] == ("embed",)
    if is_embed and len(segments) >= 4 and segments[2] == _COLLECTION:
        return _ref(segments[1], segments[3])
    return None


def _ref(actor: str, rkey: str) -> PostRef | None:
    if not _ACTOR.fullmatch(actor) or not _RKEY.fullmatch(rkey):
        return None
    return PostRef(NAME, rkey, canonical_url(actor, rkey), actor)
