"""Tweet ID → post, from Twitter's oEmbed endpoint (``publish.twitter.com/oembed``).

The fallback after syndication: documented as "Requires authentication? No |
Rate limited? No" (archive guide §3.1), and its ``html`` is exactly the
blockquote that news articles embed, so what it says is what the article
showed. It says less than syndication:

* text: the ``<p>`` of the blockquote, ``<br>`` as newlines, link texts kept
  (media appear as ``pic.twitter.com/CODE``, as in flattened embeds);
* author: name from the ``— Name (@handle)`` signature, handle from ``author_url``;
* ``created_at`` has **date precision only**: ``YYYY-MM-DD`` from the status
  link's text ("February 20, 2014"), which has no time zone, so the true UTC
  date may be one day either side. Localised dates ("22. August 2013")
  parse too (``detect.dates``);
* media: only the ``pic.twitter.com`` links, each as ``Media(type="photo")``
  — the markup does not say photo from video, and names no media file.

Answers: 200 → ``found``; 404 → ``not_found`` (deleted or never existed); 403
→ ``protected`` ("Sorry, you are not authorized to see this status." or
"User has been suspended."); anything else → ``failed``.

:func:`parse_oembed` is pure and meant to serve archived captures too.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PreformattedString, Tag

from embedresolve.detect.dates import DATE_PATTERN, parse_date
from embedresolve.platforms import twitter
from embedresolve.platforms.base import PostRef, split_url
from embedresolve.resolve.errors import FetchFailed
from embedresolve.resolve.http import FetchResult, SupportsFetch
from embedresolve.resolve.models import Lookup, Media, Outcome, Post

__all__ = ["OEmbedSource", "flatten", "parse_embed_date", "parse_oembed", "parse_signature"]

_ID = re.compile(r"[0-9]{1,20}")
_HANDLE = re.compile(r"[A-Za-z0-9_]{1,20}")
_EMBED_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)
_PIC_HOSTS = ("pic.twitter.com/", "pic.x.com/")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_DASHES = "—–-‒― \t\n\xa0"


def parse_oembed(data: dict[str, Any], *, source: str = "oembed") -> Post:
    """A :class:`Post` from one oEmbed JSON object (see the module docstring for what it holds).

    Only ``html`` is required: the ID also comes from the status link, the
    handle from the signature. Pages that re-serialise the embed (signature
    wrapped in its own ``<p>``, text split over several) parse the same way.
    Raises ``ValueError`` when there is no blockquote or no status ID.
    """
    markup = data.get("html")
    if not isinstance(markup, str):
        raise ValueError("oEmbed object has no html")
    soup = BeautifulSoup(markup, "html.parser")
    quote = soup.find("blockquote", class_="twitter-tweet") or soup.find("blockquote")
    if not isinstance(quote, Tag):
        raise ValueError("oEmbed html has no blockquote")
    status_link = _status_link(quote)
    post_id = _post_id(data.get("url")) or (_post_id(status_link.get("href")) if status_link else None)
    if post_id is None:
        raise ValueError("oEmbed object names no status ID")
    paragraphs = _text_paragraphs(quote, status_link)
    sig_name, sig_handle = parse_signature(_signature_text(quote, status_link, paragraphs))
    handle = _handle_from_url(data.get("author_url")) or sig_handle
    if handle is None and status_link is not None:
        handle = _handle_in_status_url(status_link.get("href"))
    author_name = data.get("author_name")
    lang = paragraphs[0].get("lang") if paragraphs else None
    return Post(
        platform="twitter",
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text="\n".join(flatten(p) for p in paragraphs) or None,
        author_name=sig_name or (author_name if isinstance(author_name, str) else None),
        author_handle=handle,
        created_at=parse_embed_date(status_link.get_text()) if status_link else None,
        lang=lang if isinstance(lang, str) else None,
        media=tuple(m for p in paragraphs for m in _pic_links(p)),
        source=source,
    )


def flatten(element: Tag) -> str:
    """The text of ``element`` as a browser shows it: ``<br>`` → newline, link texts kept.

    Source whitespace collapses to one space (it is insignificant in HTML;
    pages indent embeds), and spaces around line breaks go.
    """
    parts: list[str] = []
    for node in element.descendants:
        if isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
        elif _is_text(node):
            parts.append(_HTML_SPACE.sub(" ", str(node)))
    return "\n".join(line.strip(" ") for line in "".join(parts).split("\n")).strip("\n")


def parse_signature(text: str) -> tuple[str | None, str | None]:
    """``— Name (@handle)`` → (name, handle); parts that are not there come back None.

    String steps, no regex over the name: names hold any character, and the
    last ``(@`` is the one that starts the handle.
    """
    start = text.rfind("(@")
    if start < 0:
        return (text.strip(_DASHES) or None), None
    end = text.find(")", start)
    handle = text[start + 2 : end] if end > 0 else ""
    name = text[:start].strip(_DASHES)
    return (name or None), (handle if _HANDLE.fullmatch(handle) else None)


def parse_embed_date(text: str) -> str | None:
    """The status link's date as ``YYYY-MM-DD``: "February 20, 2014", "22. August 2013", "16 мая 2018 г." …

    The whole link text must be one date (the languages of
    ``detect.dates``); anything else gives None.
    """
    shown = " ".join(text.split())
    if not _EMBED_DATE.fullmatch(shown):
        return None
    day = parse_date(shown)
    return day.isoformat() if day else None


def _is_text(node: object) -> bool:
    """Visible text: a string node that is not a comment, CDATA, doctype …"""
    return isinstance(node, NavigableString) and not isinstance(node, PreformattedString)


def _status_link(quote: Tag) -> Tag | None:
    """The signature's date link: the last ``<a>`` of the blockquote that points at a status."""
    links = [a for a in quote.find_all("a") if isinstance(a, Tag)]
    for link in reversed(links):
        if _post_id(link.get("href")):
            return link
    return None


def _text_paragraphs(quote: Tag, status_link: Tag | None) -> list[Tag]:
    """The ``<p>`` elements holding the post text: all but the one holding the signature."""
    paragraphs = [p for p in quote.find_all("p") if isinstance(p, Tag)]
    if status_link is None:
        return paragraphs
    return [p for p in paragraphs if not any(parent is p for parent in status_link.parents)]


def _signature_text(quote: Tag, status_link: Tag | None, paragraphs: list[Tag]) -> str:
    """Text of the blockquote outside the post text and the date link: ``— Name (@handle) ``."""
    skip = [*paragraphs, *([status_link] if status_link else [])]
    parts = [
        str(node)
        for node in quote.descendants
        if _is_text(node) and not any(parent is tag for parent in node.parents for tag in skip)
    ]
    return _HTML_SPACE.sub(" ", "".join(parts))


def _pic_links(paragraph: Tag) -> tuple[Media, ...]:
    media: list[Media] = []
    for link in paragraph.find_all("a"):
        if not isinstance(link, Tag):
            continue
        shown = link.get_text().strip()
        if not shown.lower().startswith(_PIC_HOSTS):
            continue
        href = link.get("href")
        media.append(
            Media(
                type="photo",
                url=f"https://{shown}",
                short_url=href if isinstance(href, str) and href else None,
                display_url=shown,
            )
        )
    return tuple(media)


def _post_ref(url: object) -> PostRef | None:
    parsed = split_url(url) if isinstance(url, str) else None
    return twitter.parse(parsed) if parsed else None


def _post_id(url: object) -> str | None:
    ref = _post_ref(url)
    return ref.post_id if ref else None


def _handle_in_status_url(url: object) -> str | None:
    """The user segment of a status URL: a hint only (Twitter ignores it), the last resort."""
    ref = _post_ref(url)
    return ref.handle if ref else None


def _handle_from_url(url: object) -> str | None:
    parsed = split_url(url) if isinstance(url, str) else None
    if parsed is None or len(parsed.segments) != 1:
        return None
    handle = parsed.segments[0]
    return handle if _HANDLE.fullmatch(handle) else None


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


class OEmbedSource:
    """``PostSource`` over ``publish.twitter.com/oembed`` (see the module docstring)."""

    name = "oembed"

    def __init__(self, fetcher: SupportsFetch, base_url: str) -> None:
        self.fetcher = fetcher
        self.base_url = base_url.rstrip("/")

    def url_for(self, post_id: str, handle: str | None = None) -> str:
        """The request URL; an unusable handle is replaced by ``i`` (Twitter ignores it anyway)."""
        user = handle if handle and _HANDLE.fullmatch(handle) else "i"
        status = f"https://twitter.com/{user}/status/{post_id}"
        return f"{self.base_url}/oembed?" + urlencode({"url": status, "omit_script": "1", "dnt": "1"})

    def post(self, post_id: str, handle: str | None = None) -> Lookup[Post]:
        if not _ID.fullmatch(post_id):
            return self._lookup("not_found", reason="invalid post id", evidence=({"input": post_id[:100]},))
        try:
            result = self.fetcher.fetch(self.url_for(post_id, handle), purpose=self.name)
        except FetchFailed as error:
            return self._lookup("failed", reason=error.category, evidence=(error.to_dict(),))
        return self._interpret(post_id, result)

    def _interpret(self, post_id: str, result: FetchResult) -> Lookup[Post]:
        evidence = (result.to_provenance(),)
        data = _json_object(result.body)
        message = data.get("error") if data else None
        detail = f": {message}" if isinstance(message, str) and message else ""
        if result.status == 404:
            return self._lookup("not_found", reason="http 404" + detail, evidence=evidence)
        if result.status == 403:
            return self._lookup("protected", reason="http 403" + detail, evidence=evidence)
        if result.status != 200:
            return self._lookup("failed", reason=f"http {result.status}{detail}", evidence=evidence)
        if data is None:
            return self._lookup("failed", reason="body is not a JSON object", evidence=evidence)
        try:
            found = parse_oembed(data, source=self.name)
        except ValueError as error:
            return self._lookup("failed", reason=str(error), evidence=evidence)
        if found.post_id != post_id:
            reason = f"answer is for post {found.post_id}, not {post_id}"
            return self._lookup("failed", reason=reason, evidence=evidence)
        return self._lookup("found", value=found, evidence=evidence)

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
