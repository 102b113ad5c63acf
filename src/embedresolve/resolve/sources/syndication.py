"""Tweet ID → post, from the syndication endpoint behind Twitter's embed widget.

``GET <base>/tweet-result?id=ID&lang=en&token=T`` needs no key and returns the
richest answer we can get without one: full text, author, exact
``created_at``, media with their ``pic.twitter.com`` codes and video
renditions, and the quoted tweet (archive guide §3.2). Since about Aug 2023 a
request without the right ``token`` gets ``{}`` (vercel/react-tweet#128), so
the token (``twitter_ids.syndication_token``) is always sent.

Answers, as react-tweet's ``fetchTweet`` reads them:

* 200 ``{"__typename": "Tweet", …}``         → ``found``
* 200 ``{"__typename": "TweetTombstone", …}`` → ``deleted`` (withheld, private or gone)
* 200 ``{}`` or 404                           → ``not_found`` (also: marked sensitive, react-tweet#188)
* 403                                         → ``protected``
* anything else, or an unreadable body        → ``failed`` with the status

:func:`parse_tweet_result` is the pure parser of the ``Tweet`` object; it is
meant to serve archived captures of the same endpoint too.
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode

from embedresolve.platforms import twitter
from embedresolve.resolve.errors import FetchFailed
from embedresolve.resolve.http import FetchResult, SupportsFetch
from embedresolve.resolve.models import Lookup, Media, Outcome, Post
from embedresolve.resolve.twitter_ids import syndication_token

__all__ = [
    "SyndicationSource",
    "has_truncated_text",
    "note_tweet_text",
    "parse_created_at",
    "parse_media",
    "parse_tweet_result",
]

_ID = re.compile(r"[0-9]{1,20}")
_CLASSIC_TIME = "%a %b %d %H:%M:%S %z %Y"  # v1.1 "Wed Oct 10 20:19:24 +0000 2018"


def parse_tweet_result(data: dict[str, Any], *, source: str = "syndication") -> Post:
    """A :class:`Post` from one ``tweet-result`` object (the ``Tweet`` shape of react-tweet's types).

    Lenient where the service varies: ``user`` can be missing (react-tweet#129),
    media come from ``mediaDetails`` or else ``entities.media``. The text is
    the long-post text when the payload has it (:func:`note_tweet_text`),
    else ``text`` — which the service HTML-escapes (``&amp;``, ``&gt;``:
    react-tweet#29), so it is unescaped once. A missing ``__typename`` is
    tolerated (it is a React-era field; captures of other shapes may lack it).
    Raises ``ValueError`` when the object is not a tweet (no ``id_str``, a
    tombstone, ``{}``).
    """
    typename = data.get("__typename", "Tweet")
    post_id = data.get("id_str")
    if typename != "Tweet" or not isinstance(post_id, str) or not _ID.fullmatch(post_id):
        raise ValueError(f"not a tweet object (__typename={typename!r}, id_str={post_id!r})")
    user = _dict(data.get("user"))
    handle = _str(user.get("screen_name"))
    quoted = data.get("quoted_tweet")
    text = note_tweet_text(data)
    if text is None:
        raw = _str(data.get("text"))
        text = html.unescape(raw) if raw is not None else None
    return Post(
        platform="twitter",
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text=text,
        author_name=_str(user.get("name")),
        author_handle=handle,
        created_at=parse_created_at(data.get("created_at")),
        lang=_str(data.get("lang")),
        media=parse_media(data),
        quoted_post_id=_str(quoted.get("id_str")) if isinstance(quoted, dict) else None,
        source=source,
    )


def note_tweet_text(data: dict[str, Any]) -> str | None:
    """The full text of a long post, when the payload carries it; else None.

    Shapes seen: ``note_tweet.text`` (API v2) and
    ``note_tweet.note_tweet_results.result.text`` (GraphQL). The live
    syndication endpoint sends only ``note_tweet: {"id": …}`` with ``text``
    cut short — :func:`has_truncated_text` tells the caller so.
    """
    note = data.get("note_tweet")
    if not isinstance(note, dict):
        return None
    direct = _str(note.get("text"))
    if direct:
        return direct
    results = note.get("note_tweet_results")
    result = results.get("result") if isinstance(results, dict) else None
    if not isinstance(result, dict):
        return None
    return _str(result.get("text")) or None


def has_truncated_text(data: dict[str, Any]) -> bool:
    """True when the object is a long post whose full text the payload lacks."""
    return isinstance(data.get("note_tweet"), dict) and note_tweet_text(data) is None


def parse_created_at(value: object) -> str | None:
    """``2023-03-29T14:34:41.000Z`` or v1.1's ``Wed Mar 29 14:34:41 +0000 2023`` → ``…T14:34:41Z``.

    Seconds precision in UTC, the form ``Post.created_at`` documents; None when
    absent or unreadable (no guessing).
    """
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    moment: datetime | None
    try:
        # Python 3.10's fromisoformat rejects "Z" and 3-digit fractions; normalise both.
        iso = re.sub(r"\.[0-9]{1,9}(?=Z$|[+-][0-9]{2}:?[0-9]{2}$|$)", "", text)
        moment = datetime.fromisoformat(iso[:-1] + "+00:00" if iso.endswith("Z") else iso)
    except ValueError:
        try:
            moment = datetime.strptime(text, _CLASSIC_TIME)
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_media(data: dict[str, Any]) -> tuple[Media, ...]:
    """Media of a tweet object: ``mediaDetails`` (files, types, videos), else ``entities.media``.

    ``display_url`` is the ``pic.twitter.com/CODE`` of the embed and
    ``short_url`` the ``https://t.co/CODE`` of the text: the same code, which
    is how a flattened embed is matched to its post. For a video, ``url`` is
    the highest-bitrate MP4 and ``variants`` lists every rendition, best MP4
    first. ``entities.media`` carries no file URL in the recorded payloads,
    so there ``url`` falls back to ``media_url_https`` or ``expanded_url``.
    """
    details = data.get("mediaDetails")
    items = details if isinstance(details, list) and details else _entities_media(data)
    media = (_one_media(item) for item in items if isinstance(item, dict))
    return tuple(m for m in media if m is not None)


def _entities_media(data: dict[str, Any]) -> list[Any]:
    entities = data.get("entities")
    media = entities.get("media") if isinstance(entities, dict) else None
    return media if isinstance(media, list) else []


def _one_media(item: dict[str, Any]) -> Media | None:
    kind = _str(item.get("type")) or "photo"
    variants = _variants(item.get("video_info"))
    url = (variants[0] if variants else None) or _str(item.get("media_url_https"))
    url = url or _str(item.get("expanded_url"))
    if not url:
        return None
    return Media(
        type=kind,
        url=url,
        short_url=_str(item.get("url")),
        display_url=_str(item.get("display_url")),
        variants=variants,
    )


def _variants(video_info: object) -> tuple[str, ...]:
    """Rendition URLs: MP4s by bitrate, highest first, then the rest (HLS) in payload order."""
    if not isinstance(video_info, dict) or not isinstance(video_info.get("variants"), list):
        return ()
    entries = [v for v in video_info["variants"] if isinstance(v, dict) and _str(v.get("url"))]
    mp4 = [v for v in entries if v.get("content_type") == "video/mp4"]
    mp4.sort(key=_bitrate, reverse=True)
    rest = [v for v in entries if v.get("content_type") != "video/mp4"]
    return tuple(str(v["url"]) for v in [*mp4, *rest])


def _bitrate(variant: dict[str, Any]) -> int:
    value = variant.get("bitrate")
    return value if isinstance(value, int) else 0


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _str(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _tombstone_text(data: dict[str, Any]) -> str | None:
    tombstone = data.get("tombstone")
    text = tombstone.get("text") if isinstance(tombstone, dict) else None
    return _str(text.get("text")) if isinstance(text, dict) else None


class SyndicationSource:
    """``PostSource`` over ``cdn.syndication.twimg.com/tweet-result`` (see the module docstring)."""

    name = "syndication"

    def __init__(self, fetcher: SupportsFetch, base_url: str) -> None:
        self.fetcher = fetcher
        self.base_url = base_url.rstrip("/")

    def url_for(self, post_id: str) -> str:
        """The request URL, token included (``post_id`` must already be valid)."""
        query = urlencode({"id": post_id, "lang": "en", "token": syndication_token(post_id)})
        return f"{self.base_url}/tweet-result?{query}"

    def post(self, post_id: str, handle: str | None = None) -> Lookup[Post]:
        """Ask for ``post_id``; ``handle`` is not needed (the answer names the author)."""
        if not _ID.fullmatch(post_id):
            return self._lookup("not_found", reason="invalid post id", evidence=({"input": post_id[:100]},))
        try:
            result = self.fetcher.fetch(self.url_for(post_id), purpose=self.name)
        except FetchFailed as error:
            return self._lookup("failed", reason=error.category, evidence=(error.to_dict(),))
        return self._interpret(post_id, result)

    def _interpret(self, post_id: str, result: FetchResult) -> Lookup[Post]:
        evidence: dict[str, Any] = result.to_provenance()
        status = result.status
        data = _json_object(result.body)
        if status == 404:
            return self._lookup("not_found", reason="http 404", evidence=(evidence,))
        if status == 403:
            return self._lookup("protected", reason="http 403", evidence=(evidence,))
        if status != 200:
            detail = _str(data.get("error")) if data else None
            reason = f"http {status}" + (f": {detail}" if detail else "")
            return self._lookup("failed", reason=reason, evidence=(evidence,))
        if data is None:
            return self._lookup("failed", reason="body is not a JSON object", evidence=(evidence,))
        if not data:
            return self._lookup("not_found", reason="empty answer {}", evidence=(evidence,))
        if data.get("__typename") == "TweetTombstone":
            reason = "tombstone" + (f": {text}" if (text := _tombstone_text(data)) else "")
            return self._lookup("deleted", reason=reason, evidence=(evidence,))
        try:
            found = parse_tweet_result(data, source=self.name)
        except ValueError as error:
            return self._lookup("failed", reason=str(error), evidence=(evidence,))
        if found.post_id != post_id:
            reason = f"answer is for post {found.post_id}, not {post_id}"
            return self._lookup("failed", reason=reason, evidence=(evidence,))
        if has_truncated_text(data):
            evidence["text_truncated"] = True
        return self._lookup("found", value=found, evidence=(evidence,))

    def _lookup(
        self,
        outcome: Outcome,
        *,
        value: Post | None = None,
        reason: str | None = None,
        evidence: tuple[dict[str, Any], ...] = (),
    ) -> Lookup[Post]:
        stamped = tuple({**entry, "source": self.name} for entry in evidence)
        return Lookup(source=self.name, outcome=outcome, value=value, reason=reason, evidence=stamped)
