"""Archived Twitter API answers, v1.1 and v2 (``statuses/show``, ``lookup``, ``tweets``) → :class:`Post`.

Researchers' crawls and the Wayback Machine hold API responses from the
years the API was open. v1.1: ``{id_str, text | full_text, user{screen_name,
name}, created_at, entities.media, extended_entities.media,
quoted_status_id_str}``, also as a list. v2: ``{data: {id, text, author_id,
created_at, attachments.media_keys, referenced_tweets, note_tweet},
includes: {users, media}}``, ``data`` possibly a list. Texts are
HTML-escaped in both and unescaped once.

Error answers say why there is no post and raise :class:`PostUnavailable`:
v1.1 codes (144 "No status found", 179 "not authorized", 63 "suspended" …)
and v2 problem types (``resource-not-found``, ``not-authorized-for-resource``).
"""

from __future__ import annotations

import html
from typing import Any

from embedresolve.errors import PostUnavailable, Unavailable, UnreadablePayload
from embedresolve.platforms import twitter
from embedresolve.provenance import Media, Post
from embedresolve.resolve.formats.media import media_objects, video_variants
from embedresolve.resolve.formats.times import parse_created_at, snowflake_iso
from embedresolve.resolve.formats.values import PLATFORM, as_dict, as_list, as_str, id_str

__all__ = ["parse_api_json"]

_V1_ERRORS: dict[int, Unavailable] = {
    144: "deleted",  # No status found with that ID.
    34: "not_found",  # Sorry, that page does not exist.
    8: "not_found",  # No data available for specified ID.
    179: "protected",  # Sorry, you are not authorized to see this status.
    63: "protected",  # User has been suspended.
    64: "protected",  # Your account is suspended.
    421: "deleted",  # This Tweet is no longer available.
    422: "deleted",  # This Tweet is no longer available because it violated the Twitter Rules.
}


def parse_api_json(data: object, post_id: str | None = None) -> Post:
    """The post of one decoded API answer; ``post_id`` picks it when the answer holds several.

    Raises :class:`PostUnavailable` for an error answer, :class:`UnreadablePayload`
    when the answer holds no (such) tweet.
    """
    if isinstance(data, list):
        data = _pick_v1(data, post_id)
    if not isinstance(data, dict):
        raise UnreadablePayload("no tweet object in the API answer")
    if "data" in data:
        post = _parse_v2(data, post_id)
    elif id_str(data.get("id_str")) or id_str(data.get("id")):
        post = _parse_v1(data)
    else:
        _raise_api_errors(data)
        post = None
    if post is None:
        raise UnreadablePayload("no tweet object in the API answer")
    return post


def _pick_v1(items: list[Any], post_id: str | None) -> dict[str, Any] | None:
    for item in items:
        if isinstance(item, dict) and (
            post_id is None or (id_str(item.get("id_str")) or id_str(item.get("id"))) == post_id
        ):
            return item
    return None


def _raise_api_errors(obj: dict[str, Any]) -> None:
    for error in as_list(obj.get("errors")):
        if not isinstance(error, dict):
            continue
        code = error.get("code")
        message = as_str(error.get("message")) or as_str(error.get("detail"))
        message = message or as_str(error.get("title")) or ""
        if isinstance(code, int) and code in _V1_ERRORS:
            raise PostUnavailable(_V1_ERRORS[code], f"API error {code}: {message}")
        problem = as_str(error.get("type")) or ""
        if problem.endswith("/resource-not-found"):
            raise PostUnavailable("deleted", message or problem)
        if problem.endswith(("/not-authorized-for-resource", "/resource-unavailable")):
            raise PostUnavailable("protected", message or problem)


def _parse_v1(obj: dict[str, Any]) -> Post | None:
    post_id = id_str(obj.get("id_str")) or id_str(obj.get("id"))
    if post_id is None:
        return None
    user = as_dict(obj.get("user"))
    handle = as_str(user.get("screen_name"))
    raw_text = as_str(obj.get("full_text")) or as_str(obj.get("text"))
    extended = as_list(as_dict(obj.get("extended_entities")).get("media"))
    quoted = id_str(obj.get("quoted_status_id_str"))
    quoted = quoted or id_str(as_dict(obj.get("quoted_status")).get("id_str"))
    return Post(
        platform=PLATFORM,
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text=html.unescape(raw_text) if raw_text is not None else None,
        author_name=as_str(user.get("name")),
        author_handle=handle,
        created_at=parse_created_at(obj.get("created_at")) or snowflake_iso(post_id),
        lang=as_str(obj.get("lang")),
        media=media_objects(extended or as_list(as_dict(obj.get("entities")).get("media"))),
        quoted_post_id=quoted,
        source="api_v1",
    )


def _parse_v2(obj: dict[str, Any], post_id: str | None) -> Post | None:
    data = obj.get("data")
    tweets = data if isinstance(data, list) else [data]
    tweet = next(
        (t for t in tweets if isinstance(t, dict) and (post_id is None or id_str(t.get("id")) == post_id)),
        None,
    )
    if tweet is None:
        _raise_api_errors(obj)
        return None
    tweet_id = id_str(tweet.get("id"))
    if tweet_id is None:
        return None
    includes = as_dict(obj.get("includes"))
    author_id = as_str(tweet.get("author_id"))
    user = next(
        (u for u in as_list(includes.get("users")) if isinstance(u, dict) and u.get("id") == author_id),
        {},
    )
    handle = as_str(user.get("username"))
    keys = [k for k in as_list(as_dict(tweet.get("attachments")).get("media_keys")) if isinstance(k, str)]
    by_key = {m.get("media_key"): m for m in as_list(includes.get("media")) if isinstance(m, dict)}
    media = tuple(m for m in (_v2_media(by_key[k]) for k in keys if k in by_key) if m is not None)
    quoted = next(
        (
            id_str(ref.get("id"))
            for ref in as_list(tweet.get("referenced_tweets"))
            if isinstance(ref, dict) and ref.get("type") == "quoted"
        ),
        None,
    )
    text = as_str(as_dict(tweet.get("note_tweet")).get("text")) or as_str(tweet.get("text"))
    return Post(
        platform=PLATFORM,
        post_id=tweet_id,
        url=twitter.canonical_url(tweet_id, handle),
        text=html.unescape(text) if text is not None else None,
        author_name=as_str(user.get("name")),
        author_handle=handle,
        created_at=parse_created_at(tweet.get("created_at")) or snowflake_iso(tweet_id),
        lang=as_str(tweet.get("lang")),
        media=media,
        quoted_post_id=quoted,
        source="api_v2",
    )


def _v2_media(item: dict[str, Any]) -> Media | None:
    variants = video_variants({"variants": item.get("variants")})
    url = variants[0] if variants else as_str(item.get("url")) or as_str(item.get("preview_image_url"))
    if not url:
        return None
    return Media(type=as_str(item.get("type")) or "photo", url=url, variants=variants)
