"""Telegram channel post URLs and widget references.

Accepted: ``t.me/CHANNEL/ID``, ``t.me/s/CHANNEL/ID`` (web preview),
``telegram.me``/``telegram.dog`` hosts, ``?single``/``?embed=1`` queries, and
the widget's ``data-telegram-post="CHANNEL/ID"`` (:func:`parse_post_ref`).
A message ID only means something inside its channel, so ``post_id`` is
``"CHANNEL/ID"``. Private-channel links (``t.me/c/…``) and invites are not
posts anyone else can read.
"""

from __future__ import annotations

import re

from embedresolve.platforms.base import PostRef, Url

NAME = "telegram"

_HOSTS = frozenset({"t.me", "www.t.me", "telegram.me", "www.telegram.me", "telegram.dog"})
_CHANNEL = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
_ID = re.compile(r"\d{1,12}")
_NOT_CHANNELS = frozenset({"joinchat", "share", "addstickers", "proxy", "socks", "iv", "c"})


def canonical_url(channel: str, message_id: str) -> str:
    return f"https://t.me/{channel}/{message_id}"


def parse(url: Url) -> PostRef | None:
    if url.host not in _HOSTS:
        return None
    segments = url.segments
    if segments[:1] == ("s",):
        segments = segments[1:]
    if len(segments) < 2:
        return None
    return parse_post_ref(f"{segments[0]}/{segments[1]}")


def parse_post_ref(ref: str) -> PostRef | None:
    """A widget reference ``"CHANNEL/ID"`` (the ``data-telegram-post`` value)."""
    channel, _, message_id = ref.strip().partition("/")
    if not _CHANNEL.fullmatch(channel) or channel.lower() in _NOT_CHANNELS or not _ID.fullmatch(message_id):
        return None
    return PostRef(NAME, f"{channel}/{message_id}", canonical_url(channel, message_id), channel)
