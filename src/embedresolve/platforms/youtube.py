"""YouTube video URLs: watch pages, short links, embeds, shorts and live.

Accepted: ``youtu.be/ID``, ``/watch?v=ID`` (also ``/watch/ID``), ``/embed/ID``,
``youtube-nocookie.com/embed/ID``, ``/shorts/ID``, ``/live/ID``, ``/v/ID``,
``/e/ID`` on ``www.``, ``m.`` and ``music.`` hosts. Playlists
(``/embed/videoseries?list=…``) and channels are not posts.
"""

from __future__ import annotations

import re

from embedresolve.platforms.base import PostRef, Url, host_is

NAME = "youtube"

_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_PATH_FORMS = frozenset({"embed", "shorts", "live", "v", "e", "watch"})


def canonical_url(post_id: str) -> str:
    return f"https://www.youtube.com/watch?v={post_id}"


def parse(url: Url) -> PostRef | None:
    if url.host in ("youtu.be", "www.youtu.be"):
        candidate = url.segments[0] if url.segments else ""
    elif host_is(url.host, "youtube.com", "youtube-nocookie.com"):
        candidate = _from_path(url)
    else:
        return None
    if not _ID.fullmatch(candidate) or candidate == "videoseries":  # a playlist player
        return None
    return PostRef(NAME, candidate, canonical_url(candidate))


def _from_path(url: Url) -> str:
    segments = url.segments
    if not segments:
        return ""
    first = segments[0].lower()
    if first == "watch" and len(segments) == 1:
        return url.param("v") or ""
    if first in _PATH_FORMS and len(segments) > 1:
        return segments[1]
    return ""
