"""TikTok video URLs.

Accepted: ``tiktok.com/@USER/video/ID`` (and ``/photo/ID``), ``/embed/ID``,
``/embed/v2/ID``, ``/player/v1/ID``, ``m.tiktok.com/v/ID.html``, and the short
links ``vm.tiktok.com/CODE``, ``vt.tiktok.com/CODE``, ``tiktok.com/t/CODE``,
which carry no video ID (``post_id`` None; only TikTok can expand them).
"""

from __future__ import annotations

import re

from embedresolve.platforms.base import PostRef, Url, host_is

NAME = "tiktok"

_ID = re.compile(r"\d{8,20}")
_USER = re.compile(r"@[A-Za-z0-9_.]{1,30}")
_SHORT = re.compile(r"[A-Za-z0-9]{5,16}")


def canonical_url(post_id: str, handle: str | None = None) -> str:
    """``https://www.tiktok.com/@<handle>/video/<id>``; the embed URL when the author is unknown."""
    if handle:
        return f"https://www.tiktok.com/@{handle}/video/{post_id}"
    return f"https://www.tiktok.com/embed/v2/{post_id}"


def parse(url: Url) -> PostRef | None:
    if not host_is(url.host, "tiktok.com"):
        return None
    segments = url.segments
    if url.host in ("vm.tiktok.com", "vt.tiktok.com"):
        return _short(segments[0] if segments else "", f"https://{url.host}/")
    if segments[:1] == ("t",):
        return _short(segments[1] if len(segments) > 1 else "", "https://www.tiktok.com/t/")
    handle: str | None = None
    candidate = ""
    if len(segments) >= 3 and _USER.fullmatch(segments[0]) and segments[1] in ("video", "photo"):
        handle, candidate = segments[0][1:], segments[2]
    elif len(segments) >= 2 and segments[0] == "embed":
        candidate = segments[2] if segments[1] == "v2" and len(segments) > 2 else segments[1]
    elif len(segments) >= 3 and segments[:2] == ("player", "v1"):
        candidate = segments[2]
    elif len(segments) >= 2 and segments[0] == "v":  # m.tiktok.com/v/ID.html
        candidate = segments[1].removesuffix(".html")
    if not _ID.fullmatch(candidate):
        return None
    return PostRef(NAME, candidate, canonical_url(candidate, handle), handle)


def _short(code: str, prefix: str) -> PostRef | None:
    if not _SHORT.fullmatch(code):
        return None
    return PostRef(NAME, None, f"{prefix}{code}/")
