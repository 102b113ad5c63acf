"""Archived twitter.com status pages (HTML) → :class:`Post`, in every era that carries the tweet.

* 2012–2019 ``permalink-tweet`` markup: ``data-tweet-id``,
  ``data-screen-name``, ``data-name``, ``js-tweet-text``, ``_timestamp
  data-time``;
* the legacy ``mobile.twitter.com`` page: ``main-tweet``, ``tweet-text data-id``;
* 2019+ pages where only ``og:`` meta tags carry it (``og:title`` "Name on
  Twitter", ``og:description`` “text”).

The 2023+ x.com app shell holds no tweet. The text is written the way the
API spells it: each link as its t.co URL, except ``pic.twitter.com/…``
links, which stay as shown; source whitespace is kept, because tweet text is
``pre-wrap`` there. Where a page has no time (meta-tag and mobile pages)
``created_at`` is the snowflake time of the ID.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag

from embedresolve.errors import UnreadablePayload
from embedresolve.platforms import twitter
from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Media, Post, iso_utc
from embedresolve.resolve.formats.times import snowflake_iso
from embedresolve.resolve.formats.values import (
    HANDLE,
    ID,
    MAX_HTML_CHARS,
    PLATFORM,
    TCO_HOSTS,
    soup,
    status_ref,
)

__all__ = ["parse_status_page"]

_OG_TITLE = re.compile(r"(?P<name>.{1,100}?) on (?:Twitter|X)(?=$|:| /)", re.DOTALL)


def parse_status_page(html: str, url: str) -> Post:
    """The post an archived status page shows.

    ``url`` is the page's original URL; its ID picks the tweet when the page
    shows several (replies, the quoted tweet) and fills in what meta-tag
    pages lack (the handle, the time). Tried in order: the permalink markup,
    the legacy mobile markup, the ``og:`` meta tags. Raises
    :class:`UnreadablePayload` when the page does not carry the tweet.
    """
    if len(html) > MAX_HTML_CHARS:
        raise UnreadablePayload("page too large to be a status page")
    ref = status_ref(url)
    page = soup(html)
    if page is None:
        raise UnreadablePayload("the page holds no markup")
    post = _permalink(page, ref) or _mobile(page, ref) or _meta_tags(page, ref)
    if post is None:
        raise UnreadablePayload("the page carries no tweet")
    return post


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
    if not ID.fullmatch(post_id):
        return None
    handle = _attr(tweet, "data-screen-name") or (ref.handle if ref else None)
    text_tag = tweet.find(class_="js-tweet-text") or tweet.find(class_="tweet-text")
    text = _inline_text(text_tag).strip() if isinstance(text_tag, Tag) else None
    created = None
    stamp = tweet.find(None, {"data-time": True})
    if isinstance(stamp, Tag) and str(stamp.get("data-time", "")).isdigit():
        created = iso_utc(datetime.fromtimestamp(int(str(stamp["data-time"])), tz=timezone.utc))
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
        created_at=created or snowflake_iso(post_id),
        lang=lang,
        media=_page_media(tweet, text_tag if isinstance(text_tag, Tag) else None),
        quoted_post_id=quoted_id if quoted_id and ID.fullmatch(quoted_id) else None,
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
    if not post_id or not ID.fullmatch(post_id):
        return None
    username = main.find(class_="username")
    handle = username.get_text().strip().lstrip("@") if isinstance(username, Tag) else None
    handle = handle if handle and HANDLE.fullmatch(handle) else (ref.handle if ref else None)
    fullname = main.find(class_="fullname")
    name = fullname.get_text().strip() if isinstance(fullname, Tag) else None
    body = text_tag.find(class_="dir-ltr") or text_tag.find(class_="dir-rtl") or text_tag
    text = _inline_text(body).strip() if isinstance(body, Tag) else ""
    return Post(
        platform=PLATFORM,
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text=text or None,
        author_name=name or None,
        author_handle=handle,
        created_at=snowflake_iso(post_id),
        lang=_attr(body, "lang") if isinstance(body, Tag) else None,
        media=_page_media(main, None),
        source="status_page",
    )


def _meta_tags(soup: BeautifulSoup, ref: PostRef | None) -> Post | None:
    title = _meta(soup, "og:title")
    description = _meta(soup, "og:description")
    og_url = _meta(soup, "og:url")
    ref = (status_ref(og_url) if og_url else None) or ref
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
        created_at=snowflake_iso(ref.post_id),
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


def _inline_text(tag: Tag) -> str:
    """The visible text of a tweet body as the API spells it.

    ``<br>`` → newline, emoji images → their ``alt``, and a link whose
    ``href`` is a t.co URL → that URL unless it shows ``pic.twitter.com/…``.
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
            elif node.name == "a":
                shown = node.get_text().strip()
                href = _attr(node, "href") or ""
                tco = _is_tco(href) and not shown.startswith("pic.twitter.com/")
                out.append(href if tco else _inline_text(node))
            else:
                out.append(_inline_text(node))
    return "".join(out)


def _is_tco(href: str) -> bool:
    try:
        return href.startswith("http") and urlsplit(href).hostname in TCO_HOSTS
    except ValueError:  # "http://[" and other URLs urlsplit refuses: not a t.co link
        return False
