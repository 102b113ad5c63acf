"""Vimeo video URLs.

Accepted: ``vimeo.com/ID``, ``vimeo.com/ID/HASH`` (unlisted), ``/channels/NAME/ID``,
``/groups/NAME/videos/ID``, ``/album/N/video/ID``, ``/video/ID`` and the player
``player.vimeo.com/video/ID``.
"""

from __future__ import annotations

import re

from embedresolve.platforms.base import PostRef, Url

NAME = "vimeo"

_ID = re.compile(r"\d{1,12}")
_HOSTS = frozenset({"vimeo.com", "www.vimeo.com", "player.vimeo.com"})


def canonical_url(post_id: str) -> str:
    return f"https://vimeo.com/{post_id}"


def parse(url: Url) -> PostRef | None:
    if url.host not in _HOSTS:
        return None
    segments = url.segments
    candidate = ""
    if segments and _ID.fullmatch(segments[0]):
        candidate = segments[0]
    elif len(segments) >= 2 and segments[0] == "video":
        candidate = segments[1]
    elif len(segments) >= 3 and segments[0] == "channels":
        candidate = segments[2]
    elif (
        len(segments) >= 4
        and segments[0] in ("groups", "album")
        and segments[2]
        in (
            "videos",
            "video",
        )
    ):
        candidate = segments[3]
    if not _ID.fullmatch(candidate):
        return None
    return PostRef(NAME, candidate, canonical_url(candidate))
