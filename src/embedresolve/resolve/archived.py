"""Pure parsers of tweet content as archives hold it: every shape → :class:`Post`.

An archive (Wayback, any Memento archive, the user's WARC files) holds a
tweet in one of these forms, each with its own parser here:

* the twitter.com **status page** (``parse_status_page``), in the eras that
  carry the tweet in HTML: the 2012–2019 ``permalink-tweet`` markup
  (``data-tweet-id``, ``data-screen-name``, ``data-name``, ``js-tweet-text``,
  ``_timestamp data-time``), the legacy ``mobile.twitter.com`` page
  (``main-tweet``, ``tweet-text data-id``), and the 2019+ pages where only
  ``og:`` meta tags carry it (``og:title`` "Name on Twitter",
  ``og:description`` “text”). The 2023+ x.com app shell holds no tweet and
  gives None;
* **oEmbed** JSON from ``publish.twitter.com/oembed`` (``parse_oembed``):
  the blockquote flattened embeds come from;
* **syndication** JSON, ``cdn.syndication.twimg.com/tweet-result``
  (``parse_syndication``), react-tweet's ``Tweet`` shape;
* **API JSON**, v1.1 ``statuses/show`` and v2 ``tweets/<id>``
  (``parse_api_json``).

The live syndication and oEmbed sources use the same two parsers, so the
live and archived answers of one endpoint read alike.

A payload that says the post is gone (a ``TweetTombstone``, v1.1 error 144,
v2 "Not Found Error", ``{}`` from syndication) raises :class:`PostUnavailable`
with the outcome to report; a payload that is simply unreadable gives None.
Nothing here does I/O or trusts its input: all parsing is bounded and every
regular expression is linear.

Texts are given the way each source shows them: the API and syndication
``text`` (t.co URLs, HTML entities decoded once), the oEmbed blockquote's
paragraph, and for status pages the tweet text with each link written as its
t.co URL (as the API has it) except ``pic.twitter.com/…`` links, which stay
as shown. ``created_at`` is ISO 8601 UTC to the second; where a page has no
time (meta-tag pages, mobile pages, oEmbed) it is the snowflake time of the
ID, which equals the API's ``created_at`` truncated to the second; for a
pre-snowflake ID it is the oEmbed date alone (``2009-05-01``) or None.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from embedresolve.platforms import twitter
from embedresolve.platforms.base import PostRef, split_url
from embedresolve.resolve.errors import ResolveError
from embedresolve.resolve.models import Media, Post
from embedresolve.resolve.twitter_ids import snowflake_time

__all__ = [
    "CaptureKind",
    "CaptureRef",
    "PostUnavailable",
    "classify_capture_url",
    "parse_api_json",
    "parse_capture",
    "parse_oembed",
    "parse_status_page",
    "parse_syndication",
]

PLATFORM = "twitter"
MAX_HTML_CHARS = 3_000_000
"""Status pages are 50–700 kB; a bigger body is not a status page and is not parsed."""

CaptureKind = Literal["status_page", "oembed", "syndication", "api_v1", "api_v2", "short_link"]

_ID = re.compile(r"[0-9]{1,20}")
_CODE = re.compile(r"[A-Za-z0-9]{1,40}")
_HANDLE = re.compile(r"[A-Za-z0-9_]{1,20}")
_V1_TIME = "%a %b %d %H:%M:%S %z %Y"
_ISO_FRACTION = re.compile(r"\.[0-9]{1,9}(?=Z$|[+-][0-9]{2}:?[0-9]{2}$|$)")
_OG_TITLE = re.compile(r"(?P<name>.{1,100}?) on (?:Twitter|X)(?=$|:| /)", re.DOTALL)
_OEMBED_DATE = re.compile(r"(?P<month>[A-Z][a-z]{2,8}) (?P<day>[0-9]{1,2}), (?P<year>[0-9]{4})")
_TCO_HOSTS = ("t.co", "www.t.co")
_STATUS_HOSTS = frozenset(
    {
        "twitter.com",
        "www.twitter.com",
        "mobile.twitter.com",
        "m.twitter.com",
        "x.com",
        "www.x.com",
        "mobile.x.com",
    }
)

Unavailable = Literal["deleted", "protected", "not_found"]


class PostUnavailable(ResolveError):
    """The payload itself says there is no post to show.

    ``outcome`` is what a source reports (``deleted``: a tombstone or "no
    status found"; ``protected``: private or suspended; ``not_found``: an
    empty answer); ``reason`` quotes the payload.
    """

    def __init__(self, outcome: Unavailable, reason: str) -> None:
        super().__init__(f"{outcome}: {reason}")
        self.outcome: Unavailable = outcome
        self.reason = reason


# -- capture URLs --------------------------------------------------------------------


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
    if host in _TCO_HOSTS or host == "pic.twitter.com" or host == "pic.x.com":
        if len(segments) == 1 and _CODE.fullmatch(segments[0]):
            return CaptureRef("short_link", code=segments[0])
        return None
    if host in ("publish.twitter.com", "publish.x.com") and segments == ["oembed"]:
        inner = _first(query, "url")
        ref = _status_ref(inner) if inner else None
        return CaptureRef("oembed", ref.post_id, ref.handle) if ref else None
    if host == "cdn.syndication.twimg.com" and segments in (["tweet-result"], ["tweet"]):
        post_id = _first(query, "id")
        return CaptureRef("syndication", post_id) if post_id and _ID.fullmatch(post_id) else None
    if host == "api.twitter.com" or host == "api.x.com":
        return _api_ref(segments, query)
    if host in _STATUS_HOSTS:
        ref = _status_ref(url)
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
    if not post_id or not _ID.fullmatch(post_id):
        return None
    return CaptureRef("api_v1" if segments[0] == "1.1" else "api_v2", post_id)


def _first(query: dict[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values else None


def _status_ref(url: str) -> PostRef | None:
    parsed = split_url(url)
    ref = twitter.parse(parsed) if parsed is not None else None
    return ref if ref is not None and ref.post_id else None


# -- shared helpers ------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_created_at(value: object) -> str | None:
    """ISO (``2023-03-29T14:34:41.000Z``) or v1.1 (``Wed Oct 10 20:19:24 +0000 2018``) → ``…Z``."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        iso = _ISO_FRACTION.sub("", text)
        moment = datetime.fromisoformat(iso[:-1] + "+00:00" if iso.endswith("Z") else iso)
    except ValueError:
        try:
            moment = datetime.strptime(text, _V1_TIME)
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return _iso(moment)


def _snowflake_iso(post_id: str) -> str | None:
    moment = snowflake_time(int(post_id))
    return _iso(moment) if moment is not None else None


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _id_str(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) and value >= 0:
        return str(value)
    return value if isinstance(value, str) and _ID.fullmatch(value) else None


def _load_json(data: bytes | str) -> Any:
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None


def _media_item(item: dict[str, Any]) -> Media | None:
    kind = _str(item.get("type")) or "photo"
    variants = _variants(item.get("video_info"))
    url = (
        (variants[0] if variants else None)
        or _str(item.get("media_url_https"))
        or _str(item.get("url_https"))
    )
    url = url or _str(item.get("media_url"))
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
    """Rendition URLs: MP4s by bitrate, best first, then the rest (HLS) in payload order."""
    entries = [
        v for v in _list(_dict(video_info).get("variants")) if isinstance(v, dict) and _str(v.get("url"))
    ]
    mp4 = [v for v in entries if v.get("content_type") == "video/mp4"]
    mp4.sort(key=_bitrate, reverse=True)
    rest = [v for v in entries if v.get("content_type") != "video/mp4"]
    return tuple(str(v["url"]) for v in [*mp4, *rest])


def _bitrate(variant: dict[str, Any]) -> int:
    value = variant.get("bitrate", variant.get("bit_rate"))  # v1.1 / syndication, v2
    return value if isinstance(value, int) else 0


# -- syndication ---------------------------------------------------------------------


def parse_syndication(data: bytes | str) -> Post | None:
    """A post from a ``tweet-result`` payload (live or archived).

    ``{"__typename": "Tweet", …}`` gives the post; ``TweetTombstone`` raises
    :class:`PostUnavailable` ``deleted`` (its text quoted), ``TweetUnavailable``
    raises ``protected`` for "Protected"/"Suspended" and ``deleted`` otherwise,
    and ``{}`` raises ``not_found`` (what the endpoint answers for unknown
    IDs and for requests without a valid token). Payloads wrapped as
    ``{"data": …}`` (react-tweet's API route) are unwrapped. None when the
    body is not a tweet-result at all.
    """
    obj = _load_json(data)
    if isinstance(obj, dict) and set(obj) == {"data"} and isinstance(obj["data"], dict):
        obj = obj["data"]
    if not isinstance(obj, dict):
        return None
    if not obj:
        raise PostUnavailable("not_found", "empty tweet-result object")
    typename = obj.get("__typename", "Tweet")
    if typename == "TweetTombstone":
        text = _str(_dict(_dict(obj.get("tombstone")).get("text")).get("text"))
        raise PostUnavailable("deleted", text or "TweetTombstone")
    if typename == "TweetUnavailable":
        reason = _str(obj.get("reason")) or "TweetUnavailable"
        outcome: Unavailable = "protected" if reason in ("Protected", "Suspended") else "deleted"
        raise PostUnavailable(outcome, reason)
    post_id = _id_str(obj.get("id_str"))
    if typename != "Tweet" or post_id is None:
        return None
    user = _dict(obj.get("user"))
    handle = _str(user.get("screen_name"))
    raw_text = _str(obj.get("text"))
    details = _list(obj.get("mediaDetails")) or _list(_dict(obj.get("entities")).get("media"))
    media = tuple(m for m in (_media_item(d) for d in details if isinstance(d, dict)) if m is not None)
    return Post(
        platform=PLATFORM,
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text=html_lib.unescape(raw_text) if raw_text is not None else None,
        author_name=_str(user.get("name")),
        author_handle=handle,
        created_at=parse_created_at(obj.get("created_at")) or _snowflake_iso(post_id),
        lang=_str(obj.get("lang")),
        media=media,
        quoted_post_id=_id_str(_dict(obj.get("quoted_tweet")).get("id_str")),
        source="syndication",
    )


# -- API JSON ------------------------------------------------------------------------

_V1_ERRORS: dict[int, Unavailable] = {
    144: "deleted",  # No status found with that ID.
    34: "not_found",  # Sorry, that page does not exist.
    8: "not_found",  # No data available for specified ID.
    179: "protected",  # Sorry, you are not authorized to see this status.
    63: "protected",  # User has been suspended.
    64: "protected",  # Your account is suspended.
    421: "deleted",  # This Tweet is no longer available.
    422: "deleted",  # This Tweet is no longer available because it violated the Twitter Rules.
}


def parse_api_json(data: bytes | str, post_id: str | None = None) -> Post | None:
    """A post from an archived API response: v1.1 (``statuses/show``, ``lookup``) or v2 (``tweets``).

    v1.1: ``{id_str, text | full_text, user{screen_name, name}, created_at,
    entities.media, extended_entities.media, quoted_status_id_str}``, also as
    a one-element list. v2: ``{data: {id, text, author_id, created_at,
    attachments.media_keys, referenced_tweets, note_tweet}, includes: {users,
    media}}``, ``data`` possibly a list. ``post_id`` picks the object when a
    payload holds several. Error payloads raise :class:`PostUnavailable`
    (v1.1 codes 144/34/179/63…, v2 "resource-not-found"/"not-authorized").
    """
    obj = _load_json(data)
    if isinstance(obj, list):
        obj = _pick_v1(obj, post_id)
    if not isinstance(obj, dict):
        return None
    if "data" in obj:
        return _parse_v2(obj, post_id)
    if _id_str(obj.get("id_str")) or _id_str(obj.get("id")):
        return _parse_v1(obj)
    _raise_api_errors(obj)
    return None


def _pick_v1(items: list[Any], post_id: str | None) -> dict[str, Any] | None:
    for item in items:
        if isinstance(item, dict) and (
            post_id is None or (_id_str(item.get("id_str")) or _id_str(item.get("id"))) == post_id
        ):
            return item
    return None


def _raise_api_errors(obj: dict[str, Any]) -> None:
    for error in _list(obj.get("errors")):
        if not isinstance(error, dict):
            continue
        code = error.get("code")
        message = _str(error.get("message")) or _str(error.get("detail")) or _str(error.get("title")) or ""
        if isinstance(code, int) and code in _V1_ERRORS:
            raise PostUnavailable(_V1_ERRORS[code], f"API error {code}: {message}")
        problem = _str(error.get("type")) or ""
        if problem.endswith("/resource-not-found"):
            raise PostUnavailable("deleted", message or problem)
        if problem.endswith(("/not-authorized-for-resource", "/resource-unavailable")):
            raise PostUnavailable("protected", message or problem)


def _parse_v1(obj: dict[str, Any]) -> Post | None:
    post_id = _id_str(obj.get("id_str")) or _id_str(obj.get("id"))
    if post_id is None:
        return None
    user = _dict(obj.get("user"))
    handle = _str(user.get("screen_name"))
    raw_text = _str(obj.get("full_text")) or _str(obj.get("text"))
    extended = _list(_dict(obj.get("extended_entities")).get("media"))
    items = extended or _list(_dict(obj.get("entities")).get("media"))
    media = tuple(m for m in (_media_item(d) for d in items if isinstance(d, dict)) if m is not None)
    quoted = _id_str(obj.get("quoted_status_id_str")) or _id_str(
        _dict(obj.get("quoted_status")).get("id_str")
    )
    return Post(
        platform=PLATFORM,
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text=html_lib.unescape(raw_text) if raw_text is not None else None,
        author_name=_str(user.get("name")),
        author_handle=handle,
        created_at=parse_created_at(obj.get("created_at")) or _snowflake_iso(post_id),
        lang=_str(obj.get("lang")),
        media=media,
        quoted_post_id=quoted,
        source="api_v1",
    )


def _parse_v2(obj: dict[str, Any], post_id: str | None) -> Post | None:
    data = obj.get("data")
    tweets = data if isinstance(data, list) else [data]
    tweet = next(
        (t for t in tweets if isinstance(t, dict) and (post_id is None or _id_str(t.get("id")) == post_id)),
        None,
    )
    if tweet is None:
        _raise_api_errors(obj)
        return None
    tweet_id = _id_str(tweet.get("id"))
    if tweet_id is None:
        return None
    includes = _dict(obj.get("includes"))
    author_id = _str(tweet.get("author_id"))
    user = next(
        (u for u in _list(includes.get("users")) if isinstance(u, dict) and u.get("id") == author_id),
        {},
    )
    handle = _str(user.get("username"))
    keys = [k for k in _list(_dict(tweet.get("attachments")).get("media_keys")) if isinstance(k, str)]
    by_key = {m.get("media_key"): m for m in _list(includes.get("media")) if isinstance(m, dict)}
    media = tuple(m for m in (_v2_media(by_key[k]) for k in keys if k in by_key) if m is not None)
    quoted = next(
        (
            _id_str(ref.get("id"))
            for ref in _list(tweet.get("referenced_tweets"))
            if isinstance(ref, dict) and ref.get("type") == "quoted"
        ),
        None,
    )
    text = _str(_dict(tweet.get("note_tweet")).get("text")) or _str(tweet.get("text"))
    return Post(
        platform=PLATFORM,
        post_id=tweet_id,
        url=twitter.canonical_url(tweet_id, handle),
        text=html_lib.unescape(text) if text is not None else None,
        author_name=_str(user.get("name")),
        author_handle=handle,
        created_at=parse_created_at(tweet.get("created_at")) or _snowflake_iso(tweet_id),
        lang=_str(tweet.get("lang")),
        media=media,
        quoted_post_id=quoted,
        source="api_v2",
    )


def _v2_media(item: dict[str, Any]) -> Media | None:
    kind = _str(item.get("type")) or "photo"
    variants = _variants({"variants": item.get("variants")})
    url = (variants[0] if variants else None) or _str(item.get("url")) or _str(item.get("preview_image_url"))
    if not url:
        return None
    return Media(type=kind, url=url, variants=variants)


# -- oEmbed --------------------------------------------------------------------------


def parse_oembed(data: bytes | str) -> Post | None:
    """A post from a ``publish.twitter.com/oembed`` answer (live or archived).

    Text is the blockquote's paragraph (``<br>`` → newline, links as shown);
    the author comes from ``author_name`` and ``author_url`` (its last path
    segment is the handle), else from the signature line ``— Name (@handle)``;
    the ID from ``url``, else the date link. ``created_at`` is the snowflake
    time, else the date link's day. An ``{"error": …}`` body raises
    :class:`PostUnavailable` (``protected`` for "not authorized",
    ``deleted`` otherwise). None when the body is no oEmbed answer.
    """
    obj = _load_json(data)
    if not isinstance(obj, dict):
        return None
    error = _str(obj.get("error"))
    if error is not None:
        lowered = error.lower()
        outcome: Unavailable = (
            "protected" if "not authorized" in lowered or "suspended" in lowered else "deleted"
        )
        raise PostUnavailable(outcome, error)
    markup = _str(obj.get("html"))
    if markup is None or len(markup) > MAX_HTML_CHARS:
        return None
    soup = BeautifulSoup(markup, "html.parser")
    quote = soup.find("blockquote")
    if not isinstance(quote, Tag):
        return None
    links = [a for a in quote.find_all("a", recursive=False) if isinstance(a, Tag)]
    date_link = links[-1] if links else None
    ref = _status_ref(_str(obj.get("url")) or "") or (
        _status_ref(str(date_link.get("href", ""))) if date_link is not None else None
    )
    if ref is None or ref.post_id is None:
        return None
    post_id = ref.post_id
    paragraph = quote.find("p")
    text = _inline_text(paragraph, links_as="shown").strip() if isinstance(paragraph, Tag) else None
    handle = _handle_from_url(_str(obj.get("author_url"))) or ref.handle
    name = _str(obj.get("author_name"))
    if name is None or handle is None:
        sig_name, sig_handle = _signature(quote)
        name = name or sig_name
        handle = handle or sig_handle
    created = _snowflake_iso(post_id)
    if created is None and date_link is not None:
        created = _oembed_day(date_link.get_text())
    lang = str(paragraph.get("lang")) if isinstance(paragraph, Tag) and paragraph.get("lang") else None
    return Post(
        platform=PLATFORM,
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text=text or None,
        author_name=name,
        author_handle=handle,
        created_at=created,
        lang=lang,
        source="oembed",
    )


def _handle_from_url(url: str | None) -> str | None:
    if not url:
        return None
    try:
        segments = [s for s in urlsplit(url).path.split("/") if s]
    except ValueError:
        return None
    return segments[-1] if segments and _HANDLE.fullmatch(segments[-1]) else None


_SIGNATURE = re.compile(r"(?P<name>[^()]{1,100})\(@(?P<handle>[A-Za-z0-9_]{1,20})\)")  # name stripped after


def _signature(quote: Tag) -> tuple[str | None, str | None]:
    """``— Name (@handle)`` from the text between the paragraph and the date link."""
    for node in quote.children:
        if isinstance(node, NavigableString):
            text = str(node).replace("\u2014", " ").strip()
            match = _SIGNATURE.search(text)
            if match:
                return match.group("name").strip() or None, match.group("handle")
    return None, None


_MONTHS = {
    name: i
    for i, name in enumerate(
        (
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ),
        start=1,
    )
}


def _oembed_day(text: str) -> str | None:
    match = _OEMBED_DATE.search(text.strip())
    if not match or match.group("month") not in _MONTHS:
        return None
    try:
        day = datetime(int(match.group("year")), _MONTHS[match.group("month")], int(match.group("day")))
    except ValueError:
        return None
    return day.strftime("%Y-%m-%d")


# -- status pages --------------------------------------------------------------------


def parse_status_page(html: str, url: str) -> Post | None:
    """A post from an archived status page, or None when the page does not carry it.

    ``url`` is the page's original URL; its ID picks the tweet when the page
    shows several (replies, the quoted tweet) and fills in what meta-tag
    pages lack (the handle, the time). Tried in order: the permalink markup,
    the legacy mobile markup, the ``og:`` meta tags.
    """
    if len(html) > MAX_HTML_CHARS:
        return None
    ref = _status_ref(url)
    soup = BeautifulSoup(html, "html.parser")
    return _permalink(soup, ref) or _mobile(soup, ref) or _meta_tags(soup, ref)


def _permalink(soup: BeautifulSoup, ref: PostRef | None) -> Post | None:
    tweets = [t for t in soup.find_all(None, {"data-tweet-id": True}) if isinstance(t, Tag)]
    if not tweets:
        return None
    wanted = ref.post_id if ref else None
    tweet = next((t for t in tweets if wanted and t.get("data-tweet-id") == wanted), None)
    tweet = tweet or next((t for t in tweets if "permalink-tweet" in _classes(t)), None)
    if tweet is None:
        return None
    post_id = str(tweet.get("data-tweet-id", ""))
    if not _ID.fullmatch(post_id):
        return None
    handle = _attr(tweet, "data-screen-name") or (ref.handle if ref else None)
    text_tag = tweet.find(class_="js-tweet-text") or tweet.find(class_="tweet-text")
    text = _inline_text(text_tag, links_as="tco").strip() if isinstance(text_tag, Tag) else None
    created = None
    stamp = tweet.find(None, {"data-time": True})
    if isinstance(stamp, Tag) and str(stamp.get("data-time", "")).isdigit():
        created = _iso(datetime.fromtimestamp(int(str(stamp["data-time"])), tz=timezone.utc))
    quoted = tweet.find(class_="QuoteTweet-innerContainer")
    quoted_id = _attr(quoted, "data-item-id") if isinstance(quoted, Tag) else None
    lang = _attr(text_tag, "lang") if isinstance(text_tag, Tag) else None
    return Post(
        platform=PLATFORM,
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text=text or None,
        author_name=_attr(tweet, "data-name"),
        author_handle=handle,
        created_at=created or _snowflake_iso(post_id),
        lang=lang,
        media=_page_media(tweet, text_tag if isinstance(text_tag, Tag) else None),
        quoted_post_id=quoted_id if quoted_id and _ID.fullmatch(quoted_id) else None,
        source="status_page",
    )


def _mobile(soup: BeautifulSoup, ref: PostRef | None) -> Post | None:
    main = soup.find(class_="main-tweet")
    if not isinstance(main, Tag):
        return None
    text_tag = main.find(class_="tweet-text")
    if not isinstance(text_tag, Tag):
        return None
    post_id = _attr(text_tag, "data-id") or (ref.post_id if ref else None)
    if not post_id or not _ID.fullmatch(post_id):
        return None
    username = main.find(class_="username")
    handle = username.get_text().strip().lstrip("@") if isinstance(username, Tag) else None
    handle = handle if handle and _HANDLE.fullmatch(handle) else (ref.handle if ref else None)
    fullname = main.find(class_="fullname")
    name = fullname.get_text().strip() if isinstance(fullname, Tag) else None
    body = text_tag.find(class_="dir-ltr") or text_tag.find(class_="dir-rtl") or text_tag
    text = _inline_text(body, links_as="tco").strip() if isinstance(body, Tag) else ""
    return Post(
        platform=PLATFORM,
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text=text or None,
        author_name=name or None,
        author_handle=handle,
        created_at=_snowflake_iso(post_id),
        lang=_attr(body, "lang") if isinstance(body, Tag) else None,
        media=_page_media(main, None),
        source="status_page",
    )


def _meta_tags(soup: BeautifulSoup, ref: PostRef | None) -> Post | None:
    title = _meta(soup, "og:title")
    description = _meta(soup, "og:description")
    og_url = _meta(soup, "og:url")
    page_ref = _status_ref(og_url) if og_url else None
    ref = page_ref or ref
    if ref is None or ref.post_id is None or title is None or description is None:
        return None
    match = _OG_TITLE.match(title.strip())
    if match is None:
        return None  # a generic page ("X. It's what's happening"), not a tweet
    text = description.strip()
    if len(text) >= 2 and text[0] in '\u201c"' and text[-1] in '\u201d"':
        text = text[1:-1]
    image = _meta(soup, "og:image")
    media: tuple[Media, ...] = ()
    if image and "pbs.twimg.com/media/" in image:
        media = (Media(type="photo", url=image.split("?")[0].removesuffix(":large")),)
    return Post(
        platform=PLATFORM,
        post_id=ref.post_id,
        url=twitter.canonical_url(ref.post_id, ref.handle),
        text=text or None,
        author_name=match.group("name").strip() or None,
        author_handle=ref.handle,
        created_at=_snowflake_iso(ref.post_id),
        media=media,
        source="status_page",
    )


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    for key in ("property", "name"):
        tag = soup.find("meta", attrs={key: name})
        if isinstance(tag, Tag) and tag.get("content") is not None:
            return str(tag.get("content"))
    return None


def _classes(tag: Tag) -> list[str]:
    value = tag.get("class")
    return [str(c) for c in value] if isinstance(value, list) else str(value or "").split()


def _attr(tag: Tag | None, name: str) -> str | None:
    if tag is None:
        return None
    value = tag.get(name)
    return str(value) if isinstance(value, str) and value else None


def _page_media(tweet: Tag, text_tag: Tag | None) -> tuple[Media, ...]:
    """Photos of a page's tweet, each with the tweet's ``pic.twitter.com`` link when it shows one."""
    short_url = display_url = None
    for anchor in (text_tag or tweet).find_all("a"):
        if isinstance(anchor, Tag) and anchor.get_text().strip().startswith("pic.twitter.com/"):
            display_url = anchor.get_text().strip()
            short_url = _attr(anchor, "href")
            break
    urls: list[str] = []
    for tag in tweet.find_all(True):
        if not isinstance(tag, Tag) or "QuoteTweet" in " ".join(_classes(tag)):
            continue
        for name in ("data-image-url", "data-url", "data-resolved-url-large"):
            value = _attr(tag, name)
            if value and "pbs.twimg.com/media/" in value:
                clean = value.split("?")[0].removesuffix(":large")
                if clean not in urls:
                    urls.append(clean)
                break
    return tuple(Media(type="photo", url=u, short_url=short_url, display_url=display_url) for u in urls)


def _inline_text(tag: Tag, *, links_as: Literal["tco", "shown"]) -> str:
    """The visible text of a tweet body: ``<br>`` → newline, emoji images → their ``alt``.

    ``links_as="tco"`` writes a link whose ``href`` is a t.co URL as that URL
    (how the API spells the text) unless it shows ``pic.twitter.com/…``;
    ``"shown"`` keeps every link's visible text (the oEmbed blockquote).
    """
    out: list[str] = []
    for node in tag.children:
        if isinstance(node, NavigableString):
            out.append(str(node))
        elif isinstance(node, Tag):
            if node.name == "br":
                out.append("\n")
            elif node.name == "img":
                out.append(_attr(node, "alt") or "")
            elif node.name == "a" and links_as == "tco":
                shown = node.get_text().strip()
                href = _attr(node, "href") or ""
                is_tco = urlsplit(href).hostname in _TCO_HOSTS if href.startswith("http") else False
                out.append(
                    href
                    if is_tco and not shown.startswith("pic.twitter.com/")
                    else _inline_text(node, links_as=links_as)
                )
            else:
                out.append(_inline_text(node, links_as=links_as))
    return "".join(out)


# -- dispatch ------------------------------------------------------------------------


def parse_capture(kind: CaptureKind, body: bytes, url: str, post_id: str | None = None) -> Post | None:
    """Parse an archived body of ``kind`` (see :func:`classify_capture_url`).

    Raises :class:`PostUnavailable` when the payload says the post is gone.
    The result is checked against ``post_id`` when given: a page or payload
    about another post (a reply page that shows the parent, a redirect
    target) is not an answer for this one and gives None.
    """
    if kind == "status_page":
        text = body.decode("utf-8", errors="replace")
        post = parse_status_page(text, url)
    elif kind == "oembed":
        post = parse_oembed(body)
    elif kind == "syndication":
        post = parse_syndication(body)
    elif kind in ("api_v1", "api_v2"):
        post = parse_api_json(body, post_id)
    else:
        return None
    if post is not None and post_id is not None and post.post_id != post_id:
        return None
    return post
