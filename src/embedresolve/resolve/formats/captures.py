"""Archived captures: which format a captured URL holds, and its body → :class:`Post`.

Archives (Wayback, any Memento archive, the user's WARC files) are indexed
by URL, so the URL says which parser reads a body: :func:`classify_capture_url`
names the kind, :func:`parse_capture` runs its parser. A capture that does
not carry a post gives None here — the archive sources try the next
capture — while one that says the post is gone raises
:class:`PostUnavailable`, a fact to report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar
from urllib.parse import parse_qs, urlsplit

from embedresolve.errors import UnreadablePayload
from embedresolve.platforms.twitter import SHORT_CODE_RE, SITE_HOSTS
from embedresolve.provenance import Post
from embedresolve.resolve.formats.api_json import parse_api_json
from embedresolve.resolve.formats.oembed import parse_oembed
from embedresolve.resolve.formats.status_page import parse_status_page
from embedresolve.resolve.formats.syndication import parse_tweet_result
from embedresolve.resolve.formats.values import ID, TCO_HOSTS, status_ref

__all__ = [
    "DEFAULT_POST_KINDS",
    "CaptureKind",
    "CaptureRef",
    "capture_order",
    "classify_capture_url",
    "parse_capture",
]

CaptureKind = Literal["status_page", "oembed", "syndication", "api_v1", "api_v2", "short_link"]

DEFAULT_POST_KINDS: tuple[CaptureKind, ...] = ("status_page", "syndication", "oembed", "api_v1", "api_v2")
"""The capture kinds that hold a post, in the order archive sources read them."""

C = TypeVar("C")


def capture_order(
    captures: Iterable[C],
    *,
    kind: Callable[[C], CaptureKind],
    status: Callable[[C], int | None],
    when: Callable[[C], str],
    kinds: Sequence[CaptureKind] = DEFAULT_POST_KINDS,
) -> list[C]:
    """Captures worth reading, best first: by kind (in ``kinds`` order), then 200s,
    then unknown statuses, then the rest; newest first within each (``when``
    sorts as text: 14-digit timestamps or ISO times, one form per call).

    Status pages other than 200 are facts already read from the index (404 →
    deleted) or redirects with no content; JSON errors (API 403/404/410) are
    worth reading because their bodies say why. Shared by every archive
    source (Wayback, WARC files), so they read the same captures first.
    """

    def usable(capture: C) -> bool:
        code = status(capture)
        if kind(capture) == "status_page":
            return code in (200, None)
        return code is None or code < 300 or code in (403, 404, 410)

    def tier(capture: C) -> tuple[int, int]:
        code = status(capture)
        rank = list(kinds).index(kind(capture)) if kind(capture) in kinds else len(kinds)
        return rank, 0 if code == 200 else 1 if code is None else 2

    newest = sorted((c for c in captures if usable(c)), key=when, reverse=True)
    return sorted(newest, key=tier)


@dataclass(frozen=True, slots=True)
class CaptureRef:
    """What an archived URL holds: which parser reads it, and for which post or short code."""

    kind: CaptureKind
    post_id: str | None = None
    handle: str | None = None
    code: str | None = None


def classify_capture_url(url: str) -> CaptureRef | None:
    """Which tweet-bearing endpoint ``url`` is, or None for anything else.

    Status pages on every twitter.com/x.com host (``/photo/1`` and query
    variants included), oEmbed (``publish.twitter.com`` / ``publish.x.com``
    ``/oembed?url=<status URL>``), syndication (``/tweet-result?id=`` and the
    older ``/tweet?id=``), API v1.1 (``statuses/show.json?id=`` and
    ``statuses/show/<id>.json``), API v2 (``/2/tweets/<id>``, ``/2/tweets?ids=<id>``)
    and short links (``t.co/CODE``, ``pic.twitter.com/CODE``; codes keep their case).
    """
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    segments = [s for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    if host in TCO_HOSTS or host == "pic.twitter.com" or host == "pic.x.com":
        if len(segments) == 1 and SHORT_CODE_RE.fullmatch(segments[0]):
            return CaptureRef("short_link", code=segments[0])
        return None
    if host in ("publish.twitter.com", "publish.x.com") and segments == ["oembed"]:
        inner = _first(query, "url")
        ref = status_ref(inner) if inner else None
        return CaptureRef("oembed", ref.post_id, ref.handle) if ref else None
    if host == "cdn.syndication.twimg.com" and segments in (["tweet-result"], ["tweet"]):
        post_id = _first(query, "id")
        return CaptureRef("syndication", post_id) if post_id and ID.fullmatch(post_id) else None
    if host == "api.twitter.com" or host == "api.x.com":
        return _api_ref(segments, query)
    if host in SITE_HOSTS:
        ref = status_ref(url)
        return CaptureRef("status_page", ref.post_id, ref.handle) if ref else None
    return None


def _api_ref(segments: list[str], query: dict[str, list[str]]) -> CaptureRef | None:
    if segments[:3] == ["1.1", "statuses", "show.json"]:
        post_id = _first(query, "id")
    elif segments[:3] == ["1.1", "statuses", "show"] and len(segments) == 4:
        post_id = segments[3].removesuffix(".json")
    elif segments[:2] == ["2", "tweets"] and len(segments) == 3:
        post_id = segments[2]
    elif segments == ["2", "tweets"]:
        ids = (_first(query, "ids") or "").split(",")
        post_id = ids[0] if len(ids) == 1 else None
    else:
        return None
    if not post_id or not ID.fullmatch(post_id):
        return None
    return CaptureRef("api_v1" if segments[0] == "1.1" else "api_v2", post_id)


def _first(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def parse_capture(kind: CaptureKind, body: bytes, url: str, post_id: str | None = None) -> Post | None:
    """Parse an archived body of ``kind`` (see :func:`classify_capture_url`); None when it holds no post.

    Raises :class:`PostUnavailable` when the payload says the post is gone.
    The result is checked against ``post_id`` when given: a page or payload
    about another post (a reply page that shows the parent, a redirect
    target) is not an answer for this one and gives None.
    """
    try:
        post = _parse(kind, body, url, post_id)
    except UnreadablePayload:
        return None
    if post_id is not None and post.post_id != post_id:
        return None
    return post


def _parse(kind: CaptureKind, body: bytes, url: str, post_id: str | None) -> Post:
    if kind == "status_page":
        return parse_status_page(body.decode("utf-8", errors="replace"), url)
    if kind == "short_link":
        raise UnreadablePayload("a short link's capture is a redirect, not a post")
    data = _load_json(body)
    if kind == "oembed":
        return parse_oembed(data)
    if kind == "syndication":
        return parse_tweet_result(data)
    return parse_api_json(data, post_id)


def _load_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError as error:  # UnicodeDecodeError is one
        raise UnreadablePayload("body is not JSON") from error
