"""oEmbed JSON (``publish.twitter.com/oembed``), live or archived, and embed blockquotes → :class:`Post`.

Its ``html`` is exactly the blockquote news articles embed, so what it says
is what the article showed; the same parser reads blockquotes cut from
pages (wrapped as ``{"html": …}``), which re-serialise the markup: the
signature in a ``<p>`` of its own, the text over several ``<p>``, indented
source. It says less than syndication:

* text: the ``<p>`` elements of the blockquote (:func:`flatten`), link
  texts kept (media appear as ``pic.twitter.com/CODE``, as in flattened embeds);
* author: ``author_name`` / ``author_url`` when the JSON has them, else the
  ``— Name (@handle)`` signature (:func:`parse_signature`);
* ``created_at``: the snowflake time of the ID, exact; only for
  pre-snowflake IDs the status link's date (:func:`parse_embed_date`),
  day precision, which has no time zone;
* media: only the ``pic.twitter.com`` links, each as ``Media(type="photo")``
  — the markup does not say photo from video, and names no media file.

An ``{"error": …}`` answer raises :class:`PostUnavailable` (``protected``
for "not authorized" / "suspended", ``deleted`` otherwise).
"""

from __future__ import annotations

import re

from bs4.element import NavigableString, PreformattedString, Tag

from embedresolve.detect.dates import DATE_PATTERN, parse_date
from embedresolve.errors import PostUnavailable, Unavailable, UnreadablePayload
from embedresolve.platforms import twitter
from embedresolve.platforms.base import PostRef, split_url
from embedresolve.provenance import Media, Post
from embedresolve.resolve.formats.times import snowflake_iso
from embedresolve.resolve.formats.values import HANDLE, MAX_HTML_CHARS, PLATFORM, as_str, soup, status_ref

__all__ = ["flatten", "parse_embed_date", "parse_oembed", "parse_signature"]

_EMBED_DATE = re.compile(DATE_PATTERN, re.IGNORECASE)
_PIC_HOSTS = ("pic.twitter.com/", "pic.x.com/")
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
_DASHES = "—–-‒― \t\n\xa0"


def parse_oembed(data: object) -> Post:
    """The post of one decoded oEmbed answer (see the module docstring).

    Only ``html`` is required: the ID comes from ``url``, else the status
    link; the handle from ``author_url``, else the signature, else the
    status URLs. JSON fields win over markup. Raises :class:`PostUnavailable`
    for an error answer, :class:`UnreadablePayload` when there is no
    blockquote or no status ID.
    """
    if not isinstance(data, dict):
        raise UnreadablePayload("oEmbed answer is not a JSON object")
    error = as_str(data.get("error"))
    if error is not None:
        lowered = error.lower()
        outcome: Unavailable = (
            "protected" if "not authorized" in lowered or "suspended" in lowered else "deleted"
        )
        raise PostUnavailable(outcome, error)
    markup = data.get("html")
    if not isinstance(markup, str):
        raise UnreadablePayload("oEmbed object has no html")
    if len(markup) > MAX_HTML_CHARS:
        raise UnreadablePayload("oEmbed html too large")
    parsed = soup(markup)
    quote = parsed and (parsed.find("blockquote", class_="twitter-tweet") or parsed.find("blockquote"))
    if not isinstance(quote, Tag):
        raise UnreadablePayload("oEmbed html has no blockquote")
    status_link = _status_link(quote)
    refs = [r for r in (status_ref(data.get("url")), _link_ref(status_link)) if r is not None]
    if not refs:
        raise UnreadablePayload("oEmbed object names no status ID")
    post_id = str(refs[0].post_id)
    paragraphs = _text_paragraphs(quote, status_link)
    sig_name, sig_handle = parse_signature(_signature_text(quote, status_link, paragraphs))
    handle = (
        _handle_from_url(data.get("author_url"))
        or sig_handle
        or next((r.handle for r in refs if r.handle), None)  # a hint only: Twitter ignores it
    )
    created = snowflake_iso(post_id)
    if created is None and status_link is not None:
        created = parse_embed_date(status_link.get_text())
    lang = paragraphs[0].get("lang") if paragraphs else None
    return Post(
        platform=PLATFORM,
        post_id=post_id,
        url=twitter.canonical_url(post_id, handle),
        text="\n".join(flatten(p) for p in paragraphs) or None,
        author_name=as_str(data.get("author_name")) or sig_name,
        author_handle=handle,
        created_at=created,
        lang=lang if isinstance(lang, str) and lang else None,
        media=tuple(m for p in paragraphs for m in _pic_links(p)),
        source="oembed",
    )


def flatten(element: Tag) -> str:
    """The text of ``element`` as a browser shows it: ``<br>`` → newline, link texts kept,
    emoji images as their ``alt``.

    Source whitespace collapses to one space (it is insignificant in HTML;
    pages indent embeds), and spaces around line breaks go.
    """
    parts: list[str] = []
    for node in element.descendants:
        if isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
        elif isinstance(node, Tag) and node.name == "img":
            alt = node.get("alt")
            parts.append(alt if isinstance(alt, str) else "")
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
    return (name or None), (handle if HANDLE.fullmatch(handle) else None)


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
    return next((link for link in reversed(links) if _link_ref(link)), None)


def _link_ref(link: Tag | None) -> PostRef | None:
    return status_ref(link.get("href")) if link is not None else None


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


def _handle_from_url(url: object) -> str | None:
    """The handle of a profile URL (``https://twitter.com/pepephone``): exactly one path segment."""
    parsed = split_url(url) if isinstance(url, str) else None
    if parsed is None or len(parsed.segments) != 1:
        return None
    handle = parsed.segments[0]
    return handle if HANDLE.fullmatch(handle) else None
