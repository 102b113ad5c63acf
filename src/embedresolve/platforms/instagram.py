"""Instagram post URLs.

Accepted: ``instagram.com`` and ``instagr.am`` with ``/p/CODE``, ``/reel/CODE``,
``/reels/CODE``, ``/tv/CODE``, the same behind a user segment
(``/USER/p/CODE``), and the embed forms ``…/CODE/embed`` and
``…/CODE/embed/captioned``. Every shortcode opens under ``/p/``, which is the
canonical form.
"""

from __future__ import annotations

import re

from embedresolve.platforms.base import PostRef, Url, host_is

NAME = "instagram"

_CODE = re.compile(r"[A-Za-z0-9_-]{5,64}")
_KINDS = frozenset({"p", "reel", "reels", "tv"})
_USER = re.compile(r"[A-Za-z0-9_.]{1,30}")


def canonical_url(post_id: str) -> str:
    return f"https://www.instagram.com/p/{post_id}/"


def parse(url: Url) -> PostRef | None:
    if not host_is(url.host, "instagram.com", "instagr.am"):
        return None
    segments = url.segments
    handle = None
    if len(segments) >= 3 and segments[1] in _KINDS and _USER.fullmatch(segments[0]):
        handle, segments = segments[0], segments[1:]
    if len(segments) < 2 or segments[0] not in _KINDS or not _CODE.fullmatch(segments[1]):
        return None
    return PostRef(NAME, segments[1], canonical_url(segments[1]), handle)
