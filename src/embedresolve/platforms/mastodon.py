"""Mastodon (and other ActivityPub server) status URLs, on any host.

Accepted: ``https://INSTANCE/@USER/ID``, ``/@USER@OTHER.INSTANCE/ID`` (a remote
account seen from INSTANCE), ``/users/USER/statuses/ID``, ``/web/@USER/ID``,
``/web/statuses/ID``, each with an optional ``/embed`` suffix. Mastodon runs
on any domain, so this is the parser of last resort: the registry tries every
named platform first, and only purely numeric status IDs count.
``handle`` is ``"user@instance"``.
"""

from __future__ import annotations

import re

from embedresolve.platforms.base import PostRef, Url

NAME = "mastodon"

_USER = re.compile(r"[A-Za-z0-9_]{1,64}")
_REMOTE = re.compile(r"[A-Za-z0-9_]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,63}")
_ID = re.compile(r"\d{1,20}")
_SUFFIXES = frozenset({"embed"})


def canonical_url(instance: str, user: str | None, post_id: str) -> str:
    if user is None:
        return f"https://{instance}/web/statuses/{post_id}"
    return f"https://{instance}/@{user}/{post_id}"


def parse(url: Url) -> PostRef | None:
    segments = url.segments
    web = segments[:1] == ("web",)
    if web:
        segments = segments[1:]
    user: str | None
    if len(segments) >= 2 and segments[0].startswith("@"):
        user, post_id, rest = segments[0][1:], segments[1], segments[2:]
    elif len(segments) >= 4 and segments[0] == "users" and segments[2] == "statuses":
        user, post_id, rest = segments[1], segments[3], segments[4:]
    elif web and len(segments) >= 2 and segments[0] == "statuses":
        user, post_id, rest = None, segments[1], segments[2:]
    else:
        return None
    if not _ID.fullmatch(post_id) or any(s not in _SUFFIXES for s in rest):
        return None
    if user is None:
        handle = None
    elif _USER.fullmatch(user):
        handle = f"{user}@{url.host}"
    elif _REMOTE.fullmatch(user):
        handle = user
    else:
        return None
    return PostRef(NAME, post_id, canonical_url(url.host, user, post_id), handle)
