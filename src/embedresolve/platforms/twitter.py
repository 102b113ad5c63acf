"""Twitter / X status URLs, in every form pages have linked them since 2006.

Accepted: ``twitter.com``, ``x.com``, ``www.``/``mobile.``/``m.`` hosts, the
2010–12 hash-bang form ``twitter.com/#!/user/status/ID``, ``/statuses/``,
``/i/web/status/ID``, ``/i/status/ID``, any suffix (``/photo/1``,
``/video/1``, ``/likes``) and any query (``?s=20``, ``?ref_src=…``), the
embed iframe ``platform.twitter.com/embed/Tweet.html?id=ID`` and the
link-fixer mirrors (``fxtwitter.com`` …). Twitter ignores the user segment
and redirects to the real author, so the handle in a URL is a hint only.
"""

from __future__ import annotations

import re

from embedresolve.platforms.base import PostRef, Url

NAME = "twitter"

SITE_HOSTS = frozenset(
    {
        "twitter.com",
        "www.twitter.com",
        "mobile.twitter.com",
        "m.twitter.com",
        "x.com",
        "www.x.com",
        "mobile.x.com",
        "m.x.com",
    }
)
"""The site's own hosts: where status pages are published (and archived)."""

HOSTS = SITE_HOSTS | {"nitter.net", "fxtwitter.com", "vxtwitter.com", "fixupx.com", "fixvx.com"}
"""Every host whose status URLs name a tweet: the site's own and the mirrors people link to."""

STATUS_HOSTS = ("twitter.com", "mobile.twitter.com", "x.com")
"""Where archives hold most status-page captures, most first (the Wayback source asks in this order)."""

SHORT_LINK_HOSTS = ("t.co", "pic.twitter.com")
"""The short-link hosts archives hold captures of, most first (``pic.x.com`` is not crawled)."""
# Short links: ``t.co/CODE`` and ``pic.twitter.com/CODE`` share the code. Codes are
# case-sensitive, 10 characters in practice; 40 bounds them without excluding any.
SHORT_CODE = r"[A-Za-z0-9]{1,40}"
SHORT_HOSTS = r"(?:t\.co|pic\.(?:twitter|x)\.com)"
SHORT_CODE_RE = re.compile(SHORT_CODE)
SHORT_LINK_RE = re.compile(rf"(?:https?://)?{SHORT_HOSTS}/({SHORT_CODE})")
"""A short link, the code in group 1."""

_EMBED_HOSTS = frozenset({"platform.twitter.com", "platform.x.com", "syndication.twitter.com"})
_ID = re.compile(r"\d{1,20}")
_HANDLE = re.compile(r"[A-Za-z0-9_]{1,20}")
# First path segments that are app routes, not accounts.
_RESERVED = frozenset(
    {"i", "intent", "search", "hashtag", "home", "explore", "share", "settings", "messages"}
)


def canonical_url(post_id: str, handle: str | None = None) -> str:
    """``https://twitter.com/<handle>/status/<id>``, or the ``/i/status/`` form without one."""
    return f"https://twitter.com/{handle or 'i'}/status/{post_id}"


def parse(url: Url) -> PostRef | None:
    if url.host in _EMBED_HOSTS:
        return _embed(url)
    if url.host not in HOSTS:
        return None
    segments = url.segments
    if not segments and url.fragment.startswith("!/"):  # twitter.com/#!/user/status/ID
        segments = tuple(s for s in url.fragment[2:].split("/") if s)
    return _status(segments)


def _status(segments: tuple[str, ...]) -> PostRef | None:
    lowered = [s.lower() for s in segments[:4]]
    handle: str | None
    if lowered[:3] == ["i", "web", "status"] and len(segments) > 3:
        handle, post_id = None, segments[3]
    elif lowered[:2] == ["i", "status"] and len(segments) > 2:
        handle, post_id = None, segments[2]
    elif lowered[:1] == ["statuses"] and len(segments) > 1:
        handle, post_id = None, segments[1]
    elif len(segments) > 2 and lowered[1] in ("status", "statuses"):
        handle, post_id = segments[0], segments[2]
        if lowered[0] in _RESERVED or not _HANDLE.fullmatch(handle):
            return None
    else:
        return None
    return _ref(post_id, handle)


def _embed(url: Url) -> PostRef | None:
    # platform.twitter.com/embed/Tweet.html?id=ID (also /embed/index.html, /embed/tweet.html)
    if url.segments[:1] != ("embed",):
        return None
    return _ref(url.param("id") or "", None)


def _ref(post_id: str, handle: str | None) -> PostRef | None:
    if not _ID.fullmatch(post_id):
        return None
    return PostRef(NAME, post_id, canonical_url(post_id, handle), handle)
