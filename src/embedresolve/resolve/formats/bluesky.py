"""Bluesky: ``app.bsky.feed.getPostThread`` and ``com.atproto.identity.resolveHandle`` answers.

``getPostThread?uri=at://DID/app.bsky.feed.post/RKEY&depth=0`` answers
``{"thread": {"$type": "app.bsky.feed.defs#threadViewPost", "post": {…}}}``:
``post.uri`` names the post (its repo DID and record key), ``post.author``
the account (``did``, ``handle``, ``displayName``), ``post.record`` the text
and ``createdAt``, ``post.embed`` the media as shown (``…embed.images#view``
``fullsize``, ``…embed.video#view`` ``playlist``), and the counts
``replyCount``/``repostCount``/``likeCount``/``quoteCount``. A removed
post is ``app.bsky.feed.defs#notFoundPost`` (or the XRPC error
``{"error": "NotFound"}``), one hidden from logged-out readers
``…#blockedPost``. ``resolveHandle`` answers ``{"did": "did:plc:…"}``.
"""

from __future__ import annotations

import re

from embedresolve.errors import PostUnavailable, UnreadablePayload
from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Post
from embedresolve.resolve.formats.draft import PostDraft
from embedresolve.resolve.formats.times import parse_created_at
from embedresolve.resolve.formats.values import as_dict, as_list, as_str, json_object

__all__ = ["parse_bluesky_thread", "resolved_did"]

_DID = re.compile(r"did:[a-z]{1,16}:[A-Za-z0-9._:%-]{1,256}")
_POST_URI = re.compile(r"at://([^/]{1,300})/app\.bsky\.feed\.post/([A-Za-z0-9._:~-]{1,512})")
_COUNTS = {"replyCount": "replies", "repostCount": "reposts", "likeCount": "likes", "quoteCount": "quotes"}


def resolved_did(body: bytes) -> str | None:
    """The DID a ``resolveHandle`` answer names, else None."""
    did = as_str((json_object(body) or {}).get("did"))
    return did if did and _DID.fullmatch(did) else None


def parse_bluesky_thread(body: bytes, ref: PostRef) -> Post:
    data = json_object(body)
    if data is None:
        raise UnreadablePayload("getPostThread answer is not a JSON object")
    if as_str(data.get("error")) == "NotFound":
        raise PostUnavailable("not_found", f"getPostThread: {as_str(data.get('message')) or 'NotFound'}")
    thread = as_dict(data.get("thread"))
    kind = as_str(thread.get("$type")) or ""
    if kind.endswith("#notFoundPost") or thread.get("notFound") is True:
        raise PostUnavailable("deleted", "getPostThread: notFoundPost")
    if kind.endswith("#blockedPost") or thread.get("blocked") is True:
        raise PostUnavailable("protected", "getPostThread: blockedPost")
    post = as_dict(thread.get("post"))
    named = _POST_URI.fullmatch(as_str(post.get("uri")) or "")
    if named is None:
        raise UnreadablePayload("getPostThread answer names no post")
    repo, rkey = named.groups()
    author = as_dict(post.get("author"))
    handle = as_str(author.get("handle"))
    if ref.handle and ref.handle not in (repo, as_str(author.get("did")), handle):
        raise UnreadablePayload(f"getPostThread answer is a post of {handle or repo}, not of {ref.handle}")
    record = as_dict(post.get("record"))
    draft = PostDraft()
    src = "getPostThread:thread.post"
    draft.put("text", as_str(record.get("text")), f"{src}.record.text")
    draft.put("created_at", parse_created_at(record.get("createdAt")), f"{src}.record.createdAt")
    draft.put("author_name", as_str(author.get("displayName")), f"{src}.author.displayName")
    draft.put("author_handle", handle, f"{src}.author.handle")
    actor = handle or repo
    draft.put("author_url", f"https://bsky.app/profile/{actor}", f"{src}.author.handle")
    draft.put("url", f"https://bsky.app/profile/{actor}/post/{rkey}", f"{src}.uri")
    langs = as_list(record.get("langs"))
    draft.put("lang", langs[0] if langs else None, f"{src}.record.langs")
    for key, name in _COUNTS.items():
        draft.count(name, post.get(key), f"{src}.{key}")
    embed = as_dict(post.get("embed"))
    for image in as_list(embed.get("images")) or as_list(as_dict(embed.get("media")).get("images")):
        draft.add_media("photo", as_str(as_dict(image).get("fullsize")), f"{src}.embed.images")
    draft.add_media("video", as_str(embed.get("playlist")), f"{src}.embed.playlist")
    if draft.empty:
        raise UnreadablePayload("getPostThread post has no text, author or media")
    return draft.build("bluesky", rkey, "getPostThread")
