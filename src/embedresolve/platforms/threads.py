"""Threads post URLs.

Accepted: ``threads.net`` and ``threads.com`` (with or without ``www.``),
``/@USER/post/CODE`` and the short ``/t/CODE``, with any suffix such as
``/embed`` or ``/media``. Threads moved to ``threads.com`` in 2025, the
canonical host.
"""

from __future__ import annotations

import re

from embedresolve.platforms.base import PostRef, Url

NAME = "threads"

_HOSTS = frozenset({"threads.net", "www.threads.net", "threads.com", "www.threads.com"})
_USER = re.compile(r"@[A-Za-z0-9_.]{1,30}")
_CODE = re.compile(r"[A-Za-z0-9_-]{5,64}")


def canonical_url(post_id: str, handle: str | None = None) -> str:
    if handle:
        return f"https://www.threads.com/@{handle}/post/{post_id}"
    return f"https://www.threads.com/t/{post_id}"


def parse(url: Url) -> PostRef | None:
    if url.host not in _HOSTS:
        return None
    segments = url.segments
    handle: str | None = None
    if len(segments) >= 3 and _USER.fullmatch(segments[0]) and segments[1] == "post":
        handle, code = segments[0][1:], segments[2]
    elif len(segments) >= 2 and segments[0] == "t":
        code = segments[1]
    else:
        return None
    if not _CODE.fullmatch(code):
        return None
    return PostRef(NAME, code, canonical_url(code, handle), handle)
