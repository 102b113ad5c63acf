"""The syndication ``tweet-result`` JSON (``cdn.syndication.twimg.com``), live or archived → :class:`Post`.

react-tweet's ``Tweet`` shape. The one parser serves the live
``SyndicationSource`` and archived captures of the same endpoint, so both
read an answer alike. What the payload says, as react-tweet's
``fetchTweet`` reads it:

* ``{"__typename": "Tweet", …}`` → the post;
* ``TweetTombstone`` → :class:`PostUnavailable` ``deleted`` (withheld,
  private or gone; the tombstone's text quoted);
* ``TweetUnavailable`` → ``protected`` for "Protected"/"Suspended",
  ``deleted`` otherwise;
* ``{}`` → ``not_found``: the answer to unknown IDs, to posts marked
  sensitive (react-tweet#188) and to requests without the right token.

Lenient where the service varies: ``user`` can be missing
(react-tweet#129), ``__typename`` too (a React-era field), media come from
``mediaDetails`` or else ``entities.media``, and react-tweet's API route
wraps the object as ``{"data": …}``.
"""

from __future__ import annotations

import html
from typing import Any

from embedresolve.errors import PostUnavailable, Unavailable, UnreadablePayload
from embedresolve.platforms import twitter
from embedresolve.provenance import Post
from embedresolve.resolve.formats.media import media_objects
from embedresolve.resolve.formats.times import parse_created_at, snowflake_iso
from embedresolve.resolve.formats.values import PLATFORM, as_dict, as_list, as_str, id_str

__all__ = ["has_truncated_text", "note_tweet_text", "parse_tweet_result"]


def parse_tweet_result(data: object) -> Post:
    """The post of one decoded ``tweet-result`` answer (see the module docstring).

    The text is the long-post text when the payload has it
    (:func:`note_tweet_text`, taken as is), else ``text``, which the service
    HTML-escapes (``&amp;``, ``&gt;``: react-tweet#29) and is unescaped once.
    ``created_at`` falls back to the snowflake time of the ID.
    Raises :class:`PostUnavailable` when the answer says the post is gone,
    :class:`UnreadablePayload` when it is no tweet object at all.
    """
    if isinstance(data, dict) and set(data) == {"data"} and isinstance(data["data"], dict):
        data = data["data"]
    if not isinstance(data, dict):
        raise UnreadablePayload("tweet-result is not a JSON object")
    _raise_unavailable(data)
    typename = data.get("__typename", "Tweet")
    post_id = id_str(data.get("id_str"))
    if typename != "Tweet" or post_id is None:
        raw_id = data.get("id_str")
        shown = raw_id if raw_id is None else str(raw_id)[:40]  # bounded: the payload is untrusted
        raise UnreadablePayload(f"not a tweet object (__typename={str(typename)[:40]!r}, id_str={shown!r})")
    user = as_dict(data.get("user"))
    handle = as_str(user.get("screen_name"))
    text = note_tweet_text(data)
    if text is None:
        raw = as_str(data.get("text"))
        text = html.unescape(raw) if raw is not None else None
    details = as_list(data.get("mediaDetails")) or as_list(as_dict(data.get("entities")).get("media"))
    return Post(
        platform=PLATFORM,
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text=text,
        author_name=as_str(user.get("name")),
        author_handle=handle,
        created_at=parse_created_at(data.get("created_at")) or snowflake_iso(post_id),
        lang=as_str(data.get("lang")),
        media=media_objects(details),
        quoted_post_id=id_str(as_dict(data.get("quoted_tweet")).get("id_str")),
        source="syndication",
    )


def _raise_unavailable(data: dict[str, Any]) -> None:
    if not data:
        raise PostUnavailable("not_found", "empty answer {}")
    typename = data.get("__typename")
    if typename == "TweetTombstone":
        text = as_str(as_dict(as_dict(data.get("tombstone")).get("text")).get("text"))
        raise PostUnavailable("deleted", f"tombstone: {text}" if text else "tombstone")
    if typename == "TweetUnavailable":
        reason = as_str(data.get("reason"))
        outcome: Unavailable = "protected" if reason in ("Protected", "Suspended") else "deleted"
        raise PostUnavailable(outcome, f"unavailable: {reason}" if reason else "unavailable")


def note_tweet_text(data: dict[str, Any]) -> str | None:
    """The full text of a long post, when the payload carries it; else None.

    Shapes seen: ``note_tweet.text`` (API v2) and
    ``note_tweet.note_tweet_results.result.text`` (GraphQL). The live
    syndication endpoint sends only ``note_tweet: {"id": …}`` with ``text``
    cut short — :func:`has_truncated_text` tells the caller so.
    """
    note = as_dict(data.get("note_tweet"))
    return as_str(note.get("text")) or as_str(
        as_dict(as_dict(note.get("note_tweet_results")).get("result")).get("text")
    )


def has_truncated_text(data: dict[str, Any]) -> bool:
    """True when the object is a long post whose full text the payload lacks."""
    return isinstance(data.get("note_tweet"), dict) and note_tweet_text(data) is None
