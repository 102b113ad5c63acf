"""Post URLs of every platform embedresolve knows: recognise, identify, canonicalise.

    >>> parse_post_url("https://mobile.twitter.com/jack/status/20?s=20").canonical_url
    'https://twitter.com/jack/status/20'

One module per platform, each with a pure ``parse(Url) -> PostRef | None``;
this registry normalises the string once (:func:`~.base.split_url`) and asks
them in turn. No I/O anywhere: short links that need a redirect to name a
post (``vm.tiktok.com/…``, ``fb.watch/…``) come back with ``post_id`` None.
"""

from __future__ import annotations

from collections.abc import Callable

from embedresolve.platforms import (
    bluesky,
    facebook,
    instagram,
    mastodon,
    reddit,
    telegram,
    threads,
    tiktok,
    twitter,
    vimeo,
    youtube,
)
from embedresolve.platforms.base import PostRef, Url, host_is, split_url

__all__ = ["PLATFORMS", "PostRef", "parse_post_url", "parse_telegram_post"]

_NAMED: tuple[Callable[[Url], PostRef | None], ...] = (
    twitter.parse,
    youtube.parse,
    instagram.parse,
    facebook.parse,
    tiktok.parse,
    vimeo.parse,
    telegram.parse,
    bluesky.parse,
    threads.parse,
    reddit.parse,
)
PLATFORMS: tuple[str, ...] = (
    twitter.NAME,
    instagram.NAME,
    facebook.NAME,
    tiktok.NAME,
    youtube.NAME,
    vimeo.NAME,
    telegram.NAME,
    bluesky.NAME,
    mastodon.NAME,
    threads.NAME,
    reddit.NAME,
)
# Sites whose "/@user/123" paths are not Mastodon statuses: every named
# platform, plus big sites with @-profiles.
_NOT_MASTODON = (
    "twitter.com",
    "x.com",
    "youtube.com",
    "youtu.be",
    "instagram.com",
    "facebook.com",
    "tiktok.com",
    "vimeo.com",
    "t.me",
    "bsky.app",
    "threads.net",
    "threads.com",
    "reddit.com",
    "medium.com",
    "substack.com",
    "github.com",
    "google.com",
)


def parse_post_url(url: str) -> PostRef | None:
    """The post a URL names, or None when it names no post (profiles, searches, other sites).

    Accepts every historical URL form of each platform (see the platform
    modules), with or without scheme, and Wayback Machine replay URLs.
    """
    if url[:5].lower() == "at://":
        return bluesky.parse_uri(url)
    parsed = split_url(url)
    if parsed is None:
        return None
    for parse in _NAMED:
        ref = parse(parsed)
        if ref is not None:
            return ref
    if host_is(parsed.host, *_NOT_MASTODON):
        return None
    return mastodon.parse(parsed)


def parse_telegram_post(ref: str) -> PostRef | None:
    """A Telegram widget's ``data-telegram-post="CHANNEL/ID"`` value."""
    return telegram.parse_post_ref(ref)
