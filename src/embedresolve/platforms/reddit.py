"""Reddit post and comment URLs.

Accepted: ``reddit.com`` with ``www.``/``old.``/``new.``/``np.``/``m.``/``i.``
hosts, ``/r/SUB/comments/ID[/SLUG[/COMMENT]]``, ``/user/NAME/comments/ID``,
``/comments/ID``, ``/gallery/ID``, ``/r/SUB/s/CODE`` share links (no ID), the
short host ``redd.it/ID`` and the embed host ``embed.reddit.com``.
``post_id`` is the post's base-36 ID, or the comment's for a comment
permalink; ``handle`` is ``"r/SUB"`` (or ``"u/NAME"``) where the URL names one.
"""

from __future__ import annotations

import re

from embedresolve.platforms.base import PostRef, Url, host_is

NAME = "reddit"

_ID = re.compile(r"[a-z0-9]{2,12}")
_NAME = re.compile(r"[A-Za-z0-9_-]{2,32}")
_SHARE = re.compile(r"[A-Za-z0-9]{5,16}")
_WWW = "https://www.reddit.com"


def canonical_url(post_id: str, community: str | None = None, comment: str | None = None) -> str:
    prefix = f"{_WWW}/{community}" if community else _WWW
    post = f"{prefix}/comments/{post_id}/"
    return f"{post}_/{comment}/" if comment else post


def parse(url: Url) -> PostRef | None:
    if url.host in ("redd.it", "www.redd.it"):
        post = url.segments[0].lower() if url.segments else ""
        return PostRef(NAME, post, canonical_url(post)) if _ID.fullmatch(post) else None
    if not host_is(url.host, "reddit.com", "redditmedia.com"):
        return None
    segments = url.segments
    community: str | None = None
    if len(segments) >= 2 and segments[0] in ("r", "user", "u") and _NAME.fullmatch(segments[1]):
        community = f"{'r' if segments[0] == 'r' else 'u'}/{segments[1]}"
        segments = segments[2:]
    if len(segments) >= 2 and segments[0] == "s" and community:
        code = segments[1]
        if not _SHARE.fullmatch(code):
            return None
        return PostRef(NAME, None, f"{_WWW}/{community}/s/{code}/", community)
    if len(segments) < 2 or segments[0] not in ("comments", "gallery"):
        return None
    post = segments[1].lower()
    comment = segments[3].lower() if len(segments) >= 4 and segments[0] == "comments" else None
    if not _ID.fullmatch(post) or (comment is not None and not _ID.fullmatch(comment)):
        return None
    subreddit = community if community and community.startswith("r/") else None
    return PostRef(NAME, comment or post, canonical_url(post, subreddit, comment), community)
