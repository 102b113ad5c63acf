"""Facebook post, video and photo URLs.

Accepted on ``facebook.com`` (any of ``www.``/``m.``/``mobile.``/``web.``) and
``fb.com``: ``/PAGE/posts/ID`` (numeric or ``pfbid…``), ``/PAGE/videos/[SLUG/]ID``,
``/PAGE/photos/[ALBUM/]ID``, ``/watch/?v=ID``, ``/video.php?v=ID``,
``/permalink.php?story_fbid=ID&id=OWNER`` (and ``story.php``),
``/photo.php?fbid=ID``, ``/groups/GROUP/posts|permalink/ID``, ``/reel/ID``;
the embed plugins ``/plugins/post.php?href=URL`` and ``/plugins/video.php?href=URL``
(read through to ``href``); and short links ``fb.watch/CODE`` and
``/share/p|v|r/CODE``, which carry no ID.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from embedresolve.platforms.base import PostRef, Url, host_is, split_url

NAME = "facebook"

_ID = re.compile(r"\d{3,25}|pfbid[0-9A-Za-z]{10,80}")
_PAGE = re.compile(r"[A-Za-z0-9.\-]{1,80}")
_SHORT = re.compile(r"[A-Za-z0-9_-]{4,32}")
_PLUGINS = frozenset({"post.php", "video.php", "comment_embed.php"})
_NOT_PAGES = frozenset({"groups", "watch", "plugins", "share", "reel", "events", "pages"})
_WWW = "https://www.facebook.com"


def parse(url: Url) -> PostRef | None:
    if url.host in ("fb.watch", "www.fb.watch"):
        return _short(url.segments[0] if url.segments else "", "https://fb.watch/")
    if not host_is(url.host, "facebook.com", "fb.com"):
        return None
    segments = url.segments
    if len(segments) == 2 and segments[0] == "plugins" and segments[1] in _PLUGINS:
        inner = split_url(url.param("href") or "")
        # the plugin must wrap a Facebook URL, not another plugin (no recursion loops)
        if inner is None or inner.segments[:1] == ("plugins",):
            return None
        return parse(inner)
    if len(segments) >= 2 and segments[0] == "share":
        return _short(segments[-1], f"{_WWW}/{'/'.join(segments[:-1])}/")
    if len(segments) == 1:
        return _by_query(segments[0], url)
    return _by_path(segments, url)


def _by_query(page: str, url: Url) -> PostRef | None:
    if page in ("permalink.php", "story.php"):
        post_id, owner = url.param("story_fbid") or "", url.param("id")
        if not _ID.fullmatch(post_id) or (owner is not None and not _ID.fullmatch(owner)):
            return None
        query = f"story_fbid={post_id}" + (f"&id={owner}" if owner else "")
        return PostRef(NAME, post_id, f"{_WWW}/permalink.php?{query}", owner)
    if page in ("watch", "video.php"):
        return _ref(url.param("v") or "", lambda i: f"{_WWW}/watch/?v={i}")
    if page in ("photo.php", "photo"):
        return _ref(url.param("fbid") or "", lambda i: f"{_WWW}/photo.php?fbid={i}")
    return None


def _by_path(segments: tuple[str, ...], url: Url) -> PostRef | None:
    first, second = segments[0], segments[1]
    if first == "reel":
        return _ref(second, lambda i: f"{_WWW}/reel/{i}")
    if first in ("watch", "video") and second == "video.php":
        return _by_query("video.php", url)
    if first == "photo":
        return _by_query("photo", url)
    if first == "groups" and len(segments) >= 4 and segments[2] in ("posts", "permalink"):
        group = segments[1]
        return _ref(segments[3], lambda i: f"{_WWW}/groups/{group}/posts/{i}/")
    if first in _NOT_PAGES or not _PAGE.fullmatch(first) or len(segments) < 3:
        return None
    last = segments[-1]
    if second == "posts":
        return _ref(segments[2], lambda i: f"{_WWW}/{first}/posts/{i}", first)
    if second == "videos":
        return _ref(last, lambda i: f"{_WWW}/{first}/videos/{i}/", first)
    if second == "photos":
        return _ref(last, lambda i: f"{_WWW}/photo.php?fbid={i}", first)
    return None


def _ref(post_id: str, build: Callable[[str], str], handle: str | None = None) -> PostRef | None:
    if not _ID.fullmatch(post_id):
        return None
    return PostRef(NAME, post_id, build(post_id), handle)


def _short(code: str, prefix: str) -> PostRef | None:
    if not _SHORT.fullmatch(code):
        return None
    return PostRef(NAME, None, f"{prefix}{code}/")
