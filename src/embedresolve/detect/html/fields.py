"""What an embed's markup says about its post: text, author, date, links.

Internal to :mod:`embedresolve.detect.html` (used by :mod:`.embeds`); not a public API.

:func:`read_fields` hands the embed element's outer HTML to BeautifulSoup
and reads it with the reader for the platform's markup (oEmbed blockquotes,
Substack cards, Facebook XFBML …). Kinds without a reader (player iframes,
AMP elements …) carry no post fields and are not parsed at all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from embedresolve.detect.dates import parse_date
from embedresolve.detect.html.markup import Document, Element
from embedresolve.platforms import PostRef, parse_post_url
from embedresolve.platforms.twitter import SHORT_LINK_RE

_TIME_OF_DAY = re.compile(r"\d{1,2}[:.]\d{2}(?:[ \u00a0\u202f]?[AaPp]\.?[Mm]\.?)?")
_ISO_DAY = re.compile(r"(\d{4}-\d{2}-\d{2})")
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u202f]+")
_ANY_SPACES = re.compile(r"[ \t\n\r\f\v\u00a0\u202f]+")
_DASHES = "—–-―~ \u00a0\t\n"
_INSTAGRAM_LEADS = re.compile(
    r"^(?:A post shared by|A video posted by|A photo posted by|Ein Beitrag geteilt von"
    r"|Une publication partagée par|Una publicación compartida (?:de|por)"
    r"|Un post condiviso da|Uma publicação compartilhada (?:por|de)|Een bericht gedeeld door"
    r"|Публикация от|Post udostępniony przez|Bir gönderi paylaşıldı)\s+",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Fields:
    text: str | None = None
    name: str | None = None
    handle: str | None = None
    date_text: str | None = None
    date: str | None = None
    links: tuple[str, ...] = ()
    ref: PostRef | None = None  # the post the markup links to; preferred over the rule's


def read_fields(doc: Document, element: Element, platform: str, kind: str, *, parser: str) -> Fields:
    """The fields of the ``platform`` embed of ``kind`` that ``element`` is, parsed with ``parser``."""
    reader = _READERS.get((platform, kind))
    if reader is None:
        return Fields()
    soup = BeautifulSoup(doc.fragment(element), parser)
    root = soup.find(element.name)
    if not isinstance(root, Tag):
        return Fields()
    return reader(root)


def _tweet_fields(root: Tag) -> Fields:
    """The oEmbed blockquote: ``<p>TEXT</p>&mdash; Name (@handle) <a href=STATUS>DATE</a>``."""
    status, ref = _last_post_link(root, "twitter")
    paragraphs = [p for p in root.find_all("p") if not _is_signature(p, status)]
    if paragraphs:
        text = "\n".join(_visible(p) for p in paragraphs).strip()
    else:  # no <p>: text sits directly in the blockquote, before the signature
        text = _visible(root, stop=status)
        text = text[: _signature_start(text)].strip()
    if ref is not None and parse_post_url(text) == ref:
        text = ""  # a link-only placeholder ("this tweet may have been deleted")
    signature = _signature_text(root, paragraphs, status)
    name, handle = _name_and_handle(signature)
    date_text = _link_date(status)
    return Fields(
        text=text,
        name=name,
        handle=handle,
        date_text=date_text,
        date=_iso_date(date_text),
        links=_media_links(paragraphs or [root]),
        ref=ref,
    )


def _substack_fields(root: Tag) -> Fields:
    """Substack's static card: header (name, @handle), text, footer (time ∙ date)."""
    name = _first_class_text(root, "tweet-author-name")
    handle = _first_class_text(root, "tweet-author-handle") or _first_class_text(root, "tweet-author")
    if not handle:
        avatar = root.find("img", alt=re.compile(r"@\w"))
        alt = avatar.get("alt") if isinstance(avatar, Tag) else None
        handle = str(alt).rsplit("@", 1)[-1] if alt else ""
    body = root.find(class_="tweet-text")
    date_text = _first_class_text(root, "tweet-date")
    return Fields(
        text=_visible(body, pre=True) if isinstance(body, Tag) else None,
        name=name or None,
        handle=handle.lstrip("@") if handle else None,
        date_text=date_text or None,
        date=_iso_date(date_text),
        links=_media_links([body]) if isinstance(body, Tag) else (),
    )


def _instagram_fields(root: Tag) -> Fields:
    """``<p><a>caption</a></p>`` and ``<p>A post shared by Name (@handle) on <time>…</time></p>``."""
    _, ref = _last_post_link(root, "instagram")
    paragraphs = root.find_all("p")
    signature = next((p for p in reversed(paragraphs) if "(@" in p.get_text()), None)
    captions = [
        _visible(p).strip()
        for p in paragraphs
        if p is not signature and "View this post on Instagram" not in p.get_text()
    ]
    name, handle = (None, None)
    if signature is not None:
        time_tag = signature.find("time")
        stop = time_tag if isinstance(time_tag, Tag) else None
        name, handle = _name_and_handle(_visible(signature, stop=stop))
        if name is not None:
            stripped = _INSTAGRAM_LEADS.sub("", name)
            name = stripped if stripped != name else None  # unknown language: no safe name
    time = root.find("time")
    date_text = _squash(time.get_text()) if isinstance(time, Tag) else None
    stamp = time.get("datetime") if isinstance(time, Tag) else None
    return Fields(
        text="\n".join(c for c in captions if c),
        name=name,
        handle=handle,
        date_text=date_text or None,
        date=_iso_date(date_text, str(stamp) if stamp else None),
        ref=ref,
    )


def _facebook_fields(root: Tag) -> Fields:
    """``<p>TEXT</p>Posted by <a>Name</a> on <a href=POST>Weekday, Month D, YYYY</a>``."""
    quote = root if root.name == "blockquote" else root.find("blockquote")
    if not isinstance(quote, Tag):
        return Fields()
    links = quote.find_all("a", recursive=False)
    paragraphs = quote.find_all("p")
    # "Posted by <a>Name</a> on <a>date</a>" are the last two links; a lone link is the post title
    name = _squash(links[-2].get_text()) if len(links) >= 2 else None
    date_text = _squash(links[-1].get_text()) if len(links) >= 2 else None
    return Fields(
        text="\n".join(_visible(p).strip() for p in paragraphs) or None,
        name=name or None,
        date_text=date_text or None,
        date=_iso_date(date_text),
    )


def _tiktok_fields(root: Tag) -> Fields:
    """``<section><a>@user</a> caption #tags <a>♬ original sound - Name</a></section>``."""
    section = root.find("section") or root
    parts: list[str] = []
    name = None
    for child in section.children:
        if isinstance(child, Tag) and child.name == "a":
            title = str(child.get("title") or "")
            if title.startswith("♬"):
                sound = title.lstrip("♬ ").strip()
                if sound.lower().startswith("original sound - "):
                    name = sound[len("original sound - ") :].strip() or None
                continue
            if title.startswith("@") and not "".join(parts).strip():
                continue  # the author link that opens the caption
        parts.append(_visible(child) if isinstance(child, Tag) else _string(child))
    return Fields(text=_squash("".join(parts)) or None, name=name)


def _bluesky_fields(root: Tag) -> Fields:
    """Like a tweet: ``<p>TEXT</p>&mdash; Name (<a>@handle</a>) <a href=POST>DATE</a>``."""
    status, ref = _last_post_link(root, "bluesky")
    paragraphs = root.find_all("p")
    for p in paragraphs:
        for link in p.find_all("a"):
            if link.get_text().strip() == "[image or embed]":
                link.decompose()  # a placeholder for media, not post text
    signature = _signature_text(root, paragraphs, status)
    name, handle = _name_and_handle(signature, handle_chars=r"[A-Za-z0-9.:_-]")
    date_text = _link_date(status)
    return Fields(
        text="\n".join(_visible(p).strip() for p in paragraphs) or None,
        name=name,
        handle=handle,
        date_text=date_text or None,
        date=_iso_date(date_text),
        ref=ref,
    )


def _reddit_fields(root: Tag) -> Fields:
    """``<a href=POST>Title</a> from|by <a>u/user</a> in <a>r/sub</a>``: the title is the text."""
    link, ref = _last_post_link(root, "reddit", first=True)
    title = _squash(link.get_text()) if link is not None else ""
    return Fields(text=title or None, ref=ref)


_READERS: dict[tuple[str, str], Callable[[Tag], Fields]] = {
    ("twitter", "blockquote"): _tweet_fields,
    ("twitter", "substack"): _substack_fields,
    ("instagram", "blockquote"): _instagram_fields,
    ("facebook", "xfbml"): _facebook_fields,
    ("facebook", "blockquote"): _facebook_fields,
    ("tiktok", "blockquote"): _tiktok_fields,
    ("bluesky", "blockquote"): _bluesky_fields,
    ("reddit", "blockquote"): _reddit_fields,
}


def _last_post_link(root: Tag, platform: str, *, first: bool = False) -> tuple[Tag | None, PostRef | None]:
    """The link that names a post of ``platform`` (the last one: the date link; or the first)."""
    found: tuple[Tag | None, PostRef | None] = (None, None)
    for link in root.find_all("a", href=True):
        ref = parse_post_url(str(link["href"]))
        if ref is not None and ref.platform == platform:
            found = (link, ref)
            if first:
                break
    return found


def _is_signature(paragraph: Tag, status: Tag | None) -> bool:
    """WordPress wraps the signature in its own ``<p>``: "— Name (@handle) <a>date</a>"."""
    if status is None or status not in paragraph.descendants:
        return False
    return paragraph.get_text().lstrip()[:1] in ("—", "–", "-", "―") or "(@" in paragraph.get_text()


def _signature_text(root: Tag, paragraphs: list[Tag], status: Tag | None) -> str:
    """The visible text that is neither post text nor the date link: "— Name (@handle)"."""
    parts: list[str] = []
    for node in root.descendants:
        if isinstance(node, NavigableString) and not isinstance(node, Comment):
            if any(p in node.parents for p in paragraphs):
                continue
            if status is not None and status in node.parents:
                continue
            parts.append(str(node))
    return _squash("".join(parts))


def _signature_start(text: str) -> int:
    """Where "— Name (@handle)" begins at the end of ``text`` (``len(text)`` if absent)."""
    at = text.rfind("(@")
    if at < 0:
        return len(text)
    dash = max(text.rfind(d, 0, at) for d in ("—", "–", " - ", "--"))
    return dash if dash >= 0 else len(text)


def _name_and_handle(signature: str, handle_chars: str = r"[A-Za-z0-9_.]") -> tuple[str | None, str | None]:
    """``("Name", "handle")`` from "— Name (@handle) …"; Nones where absent."""
    at = signature.rfind("(@")
    if at < 0:
        return None, None
    handle = re.match(rf"{handle_chars}{{1,64}}", signature[at + 2 : at + 70])
    name = _squash(signature[:at]).strip(_DASHES)
    if "—" in name:  # text before the dash is not part of the name
        name = name.rsplit("—", 1)[-1].strip()
    return (name or None), (handle.group(0) if handle else None)


def _visible(node: Tag, stop: Tag | None = None, *, pre: bool = False) -> str:
    """Text of ``node`` as shown: runs of white space are one space, ``<br>`` breaks the line.

    With ``pre`` (CSS ``white-space: pre-wrap``, as on Substack cards) the
    source's own newlines are line breaks too. Stops before ``stop`` (a
    descendant) when given.
    """
    spaces = _SPACES if pre else _ANY_SPACES
    parts: list[str] = []
    after_break = False  # the source's own newline after a <br> is not a second break
    for child in node.descendants:
        if child is stop:
            break
        if stop is not None and stop in getattr(child, "parents", ()):
            continue
        if isinstance(child, Tag):
            if child.name == "br":
                parts.append("\n")
                after_break = True
            continue
        if isinstance(child, NavigableString) and not isinstance(child, Comment):
            if child.parent is not None and child.parent.name in ("script", "style", "template"):
                continue
            text = spaces.sub(" ", str(child))
            parts.append(text.lstrip() if after_break else text)
            after_break = after_break and not text.strip()
    lines = "".join(parts).split("\n")
    return "\n".join(line.strip() for line in lines).strip()


def _link_date(link: Tag | None) -> str | None:
    """The date a permalink prints ("May 26, 2022"); None when it prints the URL instead."""
    text = _squash(link.get_text()) if link is not None else ""
    if not text or "://" in text or len(text) > 80 or not any(c.isdigit() for c in text):
        return None
    return text


def _string(node: object) -> str:
    if isinstance(node, NavigableString) and not isinstance(node, Comment):
        return str(node)
    return ""


def _first_class_text(root: Tag, class_name: str) -> str:
    found = root.find(class_=class_name)
    return _squash(found.get_text()) if isinstance(found, Tag) else ""


def _squash(text: str) -> str:
    return " ".join(text.split())


def _media_links(nodes: Iterable[Tag]) -> tuple[str, ...]:
    """``pic.twitter.com/…`` and ``t.co/…`` links, as linked and as printed, in order."""
    links: list[str] = []
    for node in nodes:
        for item in node.descendants:
            if isinstance(item, Tag) and item.name == "a":
                href = str(item.get("href") or "")
                if SHORT_LINK_RE.fullmatch(href):
                    links.append(href)
            elif isinstance(item, NavigableString) and not isinstance(item, Comment):
                links.extend(m.group() for m in SHORT_LINK_RE.finditer(str(item)))
    return tuple(dict.fromkeys(links))


def _iso_date(date_text: str | None, stamp: str | None = None) -> str | None:
    """``YYYY-MM-DD`` from a printed date (clock times removed), else from a datetime stamp."""
    if date_text:
        day = parse_date(_TIME_OF_DAY.sub(" ", date_text))
        if day is not None:
            return day.isoformat()
    if stamp:
        match = _ISO_DAY.match(stamp.strip())
        if match:
            return match.group(1)
    return None
