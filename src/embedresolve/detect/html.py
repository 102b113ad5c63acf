"""Find embedded posts in HTML markup, with exact character offsets.

    detect_html(html) -> [Embed, ...]        sorted, non-overlapping
    clean_html(html)  -> (clean, [Embed, ...])

Two passes, because BeautifulSoup cannot say where an element sits in the
source string:

1. A small linear scanner (:func:`_index`) reads every tag once and records
   where each element starts and ends in the original string, closing
   elements the way a browser would (raw-text elements, implicit closes,
   stray end tags). Attributes are decoded only for tags whose text mentions
   a platform, so a 2 MB page costs one regex sweep, not a DOM.
2. Each element that matches an embed rule (:func:`_match`) is cut out of
   the source and handed to BeautifulSoup (``lxml`` when installed) to read
   the post's text, author, date and links.

An embed's ``span`` is its element's outer HTML (``<`` of the start tag to
``>`` of the end tag). Its ``cut`` adds what belongs to it and nothing else:
the platform's loader script right after it (``widgets.js``, ``embed.js`` …,
also when wrapped in its own ``<p>``) and a ``<noscript>`` fallback of the
same post. Deleting every cut is lossless: re-inserting each ``raw`` at its
``cut[0]``, in order, gives back the original string.
"""

from __future__ import annotations

import html as htmlcodec
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.util import find_spec
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from bs4.element import Comment, NavigableString, Tag

from embedresolve.detect.dates import parse_date
from embedresolve.models import Author, Detector, Embed
from embedresolve.platforms import PostRef, parse_post_url, parse_telegram_post
from embedresolve.platforms.base import host_is

__all__ = ["clean_html", "detect_html"]


def detect_html(html: str) -> list[Embed]:
    """Every embedded post in ``html``, in document order, spans not overlapping."""
    doc = _Document(html)
    hits: list[_Hit] = []
    skip_until = -1
    for index, element in enumerate(doc.elements):
        if element.start < skip_until or not doc.hinted(element):
            continue
        hit = _match(doc, index)
        if hit is not None:
            hits.append(hit)
            skip_until = element.end
    return [_to_embed(doc, hit) for hit in _with_cuts(doc, hits)]


def clean_html(html: str) -> tuple[str, list[Embed]]:
    """``html`` without its embeds (each ``cut`` deleted), and the embeds.

    Pure deletion: inserting each embed's ``raw`` at ``cut[0]``, in order,
    restores ``html`` exactly.
    """
    embeds = detect_html(html)
    pieces: list[str] = []
    pos = 0
    for embed in embeds:
        assert embed.cut is not None  # detect_html always sets it
        pieces.append(html[pos : embed.cut[0]])
        pos = embed.cut[1]
    pieces.append(html[pos:])
    return "".join(pieces), embeds


# --------------------------------------------------------------------------
# 1. The element index: where every element starts and ends in the source.
# --------------------------------------------------------------------------

# Elements whose content is text up to their own end tag (HTML "raw text" and
# "escapable raw text"): a "<blockquote" inside a <script> is not markup.
_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})
_VOID = frozenset(
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
        "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame",
    }
)  # fmt: skip
_OPEN = re.compile(r"<(?:(/?)([A-Za-z][^\t\n\f\r />]*)|(!--)|[!?])")
_ATTR_TEXT = re.compile(r"[^>=]*")
_SPACE = re.compile(r"[\t\n\f\r ]*")
_ATTR = re.compile(
    r"[\t\n\f\r /]*([^\t\n\f\r />=]+)"
    r"(?:[\t\n\f\r ]*=[\t\n\f\r ]*(\"[^\"]*\"|'[^']*'|[^\t\n\f\r >]*))?"
)
_RAW_END = {name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in _RAW_TEXT}
# A tag is worth decoding only if its text mentions a platform or an embed.
_HINT = re.compile(
    r"tweet|twitter|x\.com|instagr|facebook|fb-|tiktok|youtu|vimeo|telegram|bsky|bluesky"
    r"|mastodon|embed|text-post|threads|reddit",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Element:
    name: str
    start: int  # "<" of the start tag
    open_end: int  # one past the start tag's ">"
    end: int = -1  # one past the end tag's ">", or where the element was closed implicitly
    closed: bool = False  # True when it has its own end tag (or needs none)
    attrs: dict[str, str] | None = None  # decoded lazily by _Document.attrs


class _Document:
    """The source string and its element index (document order)."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.elements = _index(html)
        self._starts = [e.start for e in self.elements]

    def hinted(self, element: _Element) -> bool:
        return _HINT.search(self.html, element.start, element.open_end) is not None

    def attrs(self, element: _Element) -> dict[str, str]:
        if element.attrs is None:
            element.attrs = _parse_attrs(self.html, element)
        return element.attrs

    def classes(self, element: _Element) -> frozenset[str]:
        return frozenset(self.attrs(element).get("class", "").split())

    def descendants(self, index: int, limit: int = 2000) -> Iterable[_Element]:
        """Elements inside ``elements[index]``, in order; at most ``limit`` (bounds the work)."""
        end = self.elements[index].end
        for element in self.elements[index + 1 : index + 1 + limit]:
            if element.start >= end:
                return
            yield element

    def element_at(self, offset: int) -> int | None:
        """Index of the element whose start tag begins at ``offset``."""
        i = bisect_left(self._starts, offset)
        return i if i < len(self._starts) and self._starts[i] == offset else None

    def outer(self, element: _Element) -> str:
        return self.html[element.start : element.end]


def _index(html: str) -> list[_Element]:
    """Every element of ``html`` with its source offsets, in one linear pass."""
    elements: list[_Element] = []
    stack: list[_Element] = []
    open_names: dict[str, int] = {}
    pos = 0
    while True:
        match = _OPEN.search(html, pos)
        if match is None:
            break
        name = match.group(2)
        if name is None:  # comment, doctype, processing instruction, CDATA
            pos = _skip_markup_declaration(html, match)
            continue
        tag_end = _tag_end(html, match.end())
        if tag_end is None:  # EOF inside a tag: browsers drop the rest
            break
        pos = tag_end
        name = name.lower()
        if match.group(1):
            _close(stack, open_names, name, match.start(), tag_end)
            continue
        element = _Element(name, match.start(), tag_end)
        elements.append(element)
        if html[tag_end - 2] == "/":
            # "<iframe … />": browsers ignore the slash and may swallow the page up to a
            # later end tag; taking the author at their word never hides the next embed.
            element.end, element.closed = tag_end, True
        elif name in _RAW_TEXT:
            end_tag = _RAW_END[name].search(html, tag_end)
            close = html.find(">", end_tag.end() - 1) if end_tag else -1
            # An unclosed raw-text element would swallow the page; treat it as empty.
            element.end, element.closed = (close + 1, True) if close >= 0 else (tag_end, False)
            pos = element.end
        elif name in _VOID:
            element.end, element.closed = tag_end, True
        else:
            stack.append(element)
            open_names[name] = open_names.get(name, 0) + 1
    end_of_text = len(html.rstrip())
    for element in stack:  # still open at EOF
        element.end = end_of_text
    return elements


def _skip_markup_declaration(html: str, match: re.Match[str]) -> int:
    """Offset after a comment (``<!-- … -->``, also the empty ``<!-->``) or ``<!…>``/``<?…>``."""
    if match.group(3):
        if html.startswith(">", match.end()) or html.startswith("->", match.end()):
            return html.index(">", match.end()) + 1
        close = html.find("-->", match.end())
        return len(html) if close < 0 else close + 3
    close = html.find(">", match.end())
    return len(html) if close < 0 else close + 1


def _tag_end(html: str, pos: int) -> int | None:
    """One past the ``>`` that ends the tag whose attributes start at ``pos``.

    Quotes only count right after ``=``, as in the HTML tokenizer, so an
    apostrophe in an unquoted value does not swallow the page.
    """
    size = len(html)
    while True:
        pos = _ATTR_TEXT.match(html, pos).end()  # type: ignore[union-attr]  # [^>=]* always matches
        if pos >= size:
            return None
        if html[pos] == ">":
            return pos + 1
        pos = _SPACE.match(html, pos + 1).end()  # type: ignore[union-attr]  # after "="
        if pos < size and html[pos] in "\"'":
            close = html.find(html[pos], pos + 1)
            if close < 0:
                return None
            pos = close + 1


def _close(stack: list[_Element], open_names: dict[str, int], name: str, start: int, end: int) -> None:
    """Handle ``</name>``: close it and everything opened inside it; ignore strays."""
    if not open_names.get(name):
        return
    while stack:
        element = stack.pop()
        open_names[element.name] -= 1
        if element.name == name:
            element.end, element.closed = end, True
            return
        element.end = start  # closed implicitly by an ancestor's end tag


def _parse_attrs(html: str, element: _Element) -> dict[str, str]:
    text = html[element.start + 1 + len(element.name) : element.open_end - 1]
    attrs: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        match = _ATTR.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        name, value = match.group(1).lower(), match.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attrs.setdefault(name, htmlcodec.unescape(value))  # the first of duplicates wins
    return attrs


# --------------------------------------------------------------------------
# 2. Embed rules: which elements are embeds, of which post.
# --------------------------------------------------------------------------


@dataclass(slots=True)
class _Hit:
    index: int  # the embed element in _Document.elements
    platform: str
    kind: str
    confidence: float
    ref: PostRef | None = None
    cut_start: int = -1  # set by _with_cuts
    cut_end: int = -1
    tail: int = -1  # the last element of the embed (a rendered twin may follow the span)


_BLOCKQUOTE_CLASSES = {
    "twitter-tweet": ("twitter", "blockquote"),
    "twitter-video": ("twitter", "blockquote"),
    "instagram-media": ("instagram", "blockquote"),
    "tiktok-embed": ("tiktok", "blockquote"),
    "bluesky-embed": ("bluesky", "blockquote"),
    "mastodon-embed": ("mastodon", "blockquote"),
    "text-post-media": ("threads", "blockquote"),
    "reddit-card": ("reddit", "blockquote"),
    "reddit-embed-bq": ("reddit", "blockquote"),
    "fb-xfbml-parse-ignore": ("facebook", "blockquote"),
}
# Attributes that carry the post of an embed element, by element name.
_BLOCKQUOTE_SOURCES = (
    "data-url", "cite", "data-instgrm-permalink", "data-text-post-permalink", "data-href",
    "data-embed-url", "data-video-id",
)  # fmt: skip
_IFRAME_SOURCES = ("src", "data-src", "data-lazy-src", "data-original", "data-url")
_AMP = {
    "amp-twitter": ("twitter", ("data-tweetid",)),
    "amp-instagram": ("instagram", ("data-shortcode",)),
    "amp-facebook": ("facebook", ("data-href",)),
    "amp-youtube": ("youtube", ("data-videoid",)),
    "amp-vimeo": ("vimeo", ("data-videoid",)),
    "amp-tiktok": ("tiktok", ("data-src",)),
    "amp-reddit": ("reddit", ("data-src",)),
}
# The platforms' own "post" URL shapes, for bare IDs in data attributes.
_BARE_ID_URLS: dict[str, Callable[[str], str]] = {
    "twitter": lambda i: f"https://twitter.com/i/status/{i}",
    "instagram": lambda i: f"https://www.instagram.com/p/{i}/",
    "youtube": lambda i: f"https://www.youtube.com/watch?v={i}",
    "vimeo": lambda i: f"https://vimeo.com/{i}",
    "tiktok": lambda i: f"https://www.tiktok.com/embed/v2/{i}",
}
_WRAPPER_PROVIDERS = (
    "twitter", "instagram", "facebook", "tiktok", "youtube", "vimeo", "reddit",
    "bluesky", "mastodon", "threads", "telegram",
)  # fmt: skip
_SUBSTACK_PARTS = frozenset({"tweet-header", "tweet-text", "tweet-author-name", "tweet-footer"})


def _match(doc: _Document, index: int, *, wrappers: bool = True) -> _Hit | None:
    """The embed ``elements[index]`` is, if any (outermost element wins).

    ``wrappers`` False skips WordPress embed blocks, which look inside
    themselves (no recursion through nested blocks).
    """
    element = doc.elements[index]
    name = element.name
    if name == "blockquote":
        return _match_blockquote(doc, index)
    if name in ("iframe", "amp-iframe"):
        return _match_iframe(doc, index)
    if name in _AMP:
        platform, keys = _AMP[name]
        ref = _ref_from_attrs(doc.attrs(element), keys, platform)
        return _Hit(index, ref.platform, "amp", 0.99, ref) if ref else None
    if name == "script":
        post = doc.attrs(element).get("data-telegram-post")
        ref = parse_telegram_post(post) if post else None
        return _Hit(index, "telegram", "script", 0.99, ref) if ref else None
    if name in ("lite-youtube", "lite-vimeo"):
        platform = "youtube" if name == "lite-youtube" else "vimeo"
        ref = _ref_from_attrs(doc.attrs(element), ("videoid", "data-videoid"), platform)
        return _Hit(index, platform, "lite", 0.98, ref) if ref else None
    return _match_container(doc, index, wrappers)


def _match_blockquote(doc: _Document, index: int) -> _Hit | None:
    attrs = doc.attrs(doc.elements[index])
    classes = doc.classes(doc.elements[index])
    kinds = [_BLOCKQUOTE_CLASSES[c] for c in classes if c in _BLOCKQUOTE_CLASSES]
    if not kinds and "data-instgrm-permalink" in attrs:
        kinds = [("instagram", "blockquote")]
    if not kinds:
        return None
    platform, kind = kinds[0]
    ref = _ref_from_attrs(attrs, _BLOCKQUOTE_SOURCES, platform)
    if platform == "bluesky" and ref is None:
        uri = attrs.get("data-bluesky-uri", "")
        ref = parse_post_url(uri) if uri else None
    if ref is None:
        ref = _linked_post(doc, index, platform)
    if platform == "facebook" and ref is None:
        return None  # "fb-xfbml-parse-ignore" alone is too generic without a post link
    return _Hit(index, platform, kind, 0.99, ref)


def _match_iframe(doc: _Document, index: int) -> _Hit | None:
    attrs = doc.attrs(doc.elements[index])
    ref = _ref_from_attrs(attrs, _IFRAME_SOURCES, "")
    if ref is None and "data-tweet-id" in attrs:
        ref = _ref_from_attrs(attrs, ("data-tweet-id",), "twitter")
    if ref is None:
        playlist = _youtube_playlist(attrs)
        return _Hit(index, "youtube", "iframe", 0.9, playlist) if playlist else None
    return _Hit(index, ref.platform, "iframe", 0.98, ref)


def _match_container(doc: _Document, index: int, wrappers: bool) -> _Hit | None:
    """Divs and other wrappers: Facebook XFBML, rendered tweets, Substack cards, data attributes."""
    element = doc.elements[index]
    attrs = doc.attrs(element)
    classes = doc.classes(element)
    if classes & {"fb-post", "fb-video"}:
        ref = _ref_from_attrs(attrs, ("data-href",), "facebook")
        return _Hit(index, "facebook", "xfbml", 0.99, ref) if ref else None
    tweet_id = attrs.get("data-tweet-id") or attrs.get("data-tweetid")
    if tweet_id and element.name not in ("a", "button", "span"):
        ref = _ref_from_attrs(attrs, ("data-tweet-id", "data-tweetid"), "twitter")
        return _Hit(index, "twitter", "data-tweet-id", 0.95, ref) if ref else None
    if "twitter-tweet" in classes or "twitter-tweet-rendered" in classes:
        return _match_rendered_tweet(doc, index)
    if "tweet" in classes and any(
        doc.classes(d) & _SUBSTACK_PARTS for d in doc.descendants(index, 40) if doc.hinted(d)
    ):
        return _Hit(index, "twitter", "substack", 0.97, _substack_ref(doc, index))
    if "rll-youtube-player" in classes:  # WP Rocket's lazy YouTube placeholder
        ref = _ref_from_attrs(attrs, ("data-src", "data-id"), "youtube")
        return _Hit(index, "youtube", "lazy", 0.95, ref) if ref else None
    if wrappers and element.name == "figure" and "wp-block-embed" in classes:
        return _match_wordpress(doc, index, classes)
    return None


def _match_rendered_tweet(doc: _Document, index: int) -> _Hit | None:
    """A widget that widgets.js already rendered: a div around an iframe that names the tweet."""
    for inner in doc.descendants(index, 20):
        if inner.name == "iframe":
            attrs = doc.attrs(inner)
            ref = _ref_from_attrs(attrs, ("data-tweet-id",), "twitter") or _ref_from_attrs(
                attrs, _IFRAME_SOURCES, "twitter"
            )
            return _Hit(index, "twitter", "rendered", 0.97, ref)
    return None  # an empty rendered shell (the blockquote next to it is the embed)


def _match_wordpress(doc: _Document, index: int, classes: frozenset[str]) -> _Hit | None:
    """A WordPress embed block whose embed code is gone: only the post URL is left."""
    provider = next((p for p in _WRAPPER_PROVIDERS if f"is-provider-{p}" in classes), None)
    provider = provider or next((p for p in _WRAPPER_PROVIDERS if f"wp-block-embed-{p}" in classes), None)
    if provider is None:
        return None
    for number, inner in enumerate(doc.descendants(index), start=index + 1):
        if doc.hinted(inner) and _match(doc, number, wrappers=False) is not None:
            return None  # the real embed inside wins
    outer = doc.outer(doc.elements[index])[:_MAX_FRAGMENT]
    text = BeautifulSoup(outer, _PARSER).get_text(" ", strip=True)
    refs = [parse_post_url(word) for word in text.split()[:20]]
    ref = next((r for r in refs if r is not None and r.platform == provider), None)
    return _Hit(index, provider, "wp-block", 0.9, ref) if ref else None


def _ref_from_attrs(attrs: dict[str, str], keys: Iterable[str], platform: str) -> PostRef | None:
    """The first post named by one of ``keys``: a URL, or a bare ID of ``platform``."""
    for key in keys:
        value = attrs.get(key, "").strip()
        if not value:
            continue
        ref = parse_post_url(value)
        if ref is None and platform in _BARE_ID_URLS and "/" not in value:
            ref = parse_post_url(_BARE_ID_URLS[platform](value))
        if ref is not None and (not platform or ref.platform == platform):
            return ref
    return None


_PLAYLIST = re.compile(r"[?&]list=([A-Za-z0-9_-]{2,64})")


def _youtube_playlist(attrs: dict[str, str]) -> PostRef | None:
    """YouTube playlist players (``/embed/videoseries?list=…``): embeds, but of no single video."""
    for key in _IFRAME_SOURCES:
        value = attrs.get(key, "")
        if "list=" in value and ("youtube.com/embed" in value or "youtube-nocookie" in value):
            playlist = _PLAYLIST.search(value)
            if playlist:
                url = f"https://www.youtube.com/playlist?list={playlist.group(1)}"
                return PostRef("youtube", None, url)
    return None


def _linked_post(doc: _Document, index: int, platform: str) -> PostRef | None:
    """The last link inside the element that names a post of ``platform`` (the permalink)."""
    found: PostRef | None = None
    for inner in doc.descendants(index, 400):
        if inner.name == "a":
            ref = parse_post_url(doc.attrs(inner).get("href", ""))
            if ref is not None and ref.platform == platform and ref.post_id:
                found = ref
    return found


def _substack_ref(doc: _Document, index: int) -> PostRef | None:
    """A Substack card's tweet: its data-attrs URL, or a link (incl. the likes counter) to it."""
    attrs = doc.attrs(doc.elements[index])
    url = re.search(r'"url":\s*"([^"]{1,300})"', attrs.get("data-attrs", ""))
    ref = parse_post_url(url.group(1)) if url else None
    if ref is not None and ref.platform == "twitter":
        return ref
    for inner in doc.descendants(index, 400):
        if doc.hinted(inner):
            ref = parse_post_url(doc.attrs(inner).get("href", ""))
            if ref is not None and ref.platform == "twitter":
                return ref
    return None


# --------------------------------------------------------------------------
# 3. Cuts: the embed plus its loader script / noscript fallback.
# --------------------------------------------------------------------------

# Loader scripts that embed codes put right after the markup: file names and
# the hosts they are served from (None: any host, as for Mastodon instances).
_LOADERS: dict[str, tuple[frozenset[str], tuple[str, ...] | None]] = {
    "twitter": (frozenset({"widgets.js"}), ("twitter.com", "x.com", "twimg.com")),
    "instagram": (frozenset({"embeds.js", "embed.js"}), ("instagram.com", "cdninstagram.com")),
    "facebook": (frozenset({"sdk.js", "all.js"}), ("facebook.net", "facebook.com")),
    "tiktok": (frozenset({"embed.js"}), ("tiktok.com",)),
    "reddit": (
        frozenset({"platform.js", "widgets.js"}),
        ("redditmedia.com", "reddit.com", "redditstatic.com"),
    ),
    "bluesky": (frozenset({"embed.js"}), ("bsky.app",)),
    "mastodon": (frozenset({"embed.js"}), None),
    "threads": (frozenset({"embed.js"}), ("threads.net", "threads.com")),
    "vimeo": (frozenset({"player.js"}), ("vimeo.com",)),
}
_WHITESPACE = re.compile(r"[\t\n\f\r \u00a0]*")


# Kinds that carry the post's text: they win over a rendered twin of the same post.
_TEXT_KINDS = frozenset({"blockquote", "substack", "xfbml"})


def _with_cuts(doc: _Document, hits: list[_Hit]) -> list[_Hit]:
    """Set each hit's cut; merge rendered twins; drop noscript copies that a cut swallowed."""
    kept: list[_Hit] = []
    swallowed_until = -1
    for number, hit in enumerate(hits):
        element = doc.elements[hit.index]
        if element.start < swallowed_until:
            continue
        hit.cut_start, hit.tail = element.start, hit.index
        if kept and _are_twins(doc, kept[-1], hit):
            hit = _merge(kept.pop(), hit)
        # the cut looks at most three elements ahead, so the next three hits are all it needs
        hit.cut_end = swallowed_until = _cut_end(doc, hit, hits[number + 1 : number + 4])
        kept.append(hit)
    return kept


def _are_twins(doc: _Document, first: _Hit, second: _Hit) -> bool:
    """A widget rendered by the platform's script right next to its source blockquote.

    Saved pages keep both (the rendered iframe and the hidden blockquote); they
    are one embed. Two plain iframes of one video are two embeds.
    """
    if not _same_post(first.ref, second.ref):
        return False
    if (first.kind in _TEXT_KINDS) == (second.kind in _TEXT_KINDS):
        return False
    between = doc.html[first.cut_end : doc.elements[second.index].start]
    return not between.strip()


def _merge(first: _Hit, second: _Hit) -> _Hit:
    """The text-bearing hit of two twins, its cut stretched over both."""
    keep = first if first.kind in _TEXT_KINDS else second
    keep.cut_start, keep.tail = first.cut_start, second.tail
    return keep


def _cut_end(doc: _Document, hit: _Hit, later: list[_Hit]) -> int:
    """End of the embed plus what follows it and belongs to it; never past the next embed."""
    end = doc.elements[hit.tail].end
    for _ in range(3):  # e.g. iframe, then its noscript copy, then the loader script
        start = _WHITESPACE.match(doc.html, end).end()  # type: ignore[union-attr]  # * matches
        following = doc.element_at(start)
        if following is None:
            break
        element = doc.elements[following]
        if _is_noscript_twin(doc, element, hit, later):
            later = later[1:]
        elif (later and element.end > doc.elements[later[0].index].start) or not (
            _is_loader(doc, element, hit.platform) or _wraps_loader(doc, following, hit.platform)
        ):
            break
        end = element.end
    return end


def _is_loader(doc: _Document, element: _Element, platform: str) -> bool:
    if element.name != "script" or platform not in _LOADERS:
        return False
    names, hosts = _LOADERS[platform]
    src = doc.attrs(element).get("src", "")
    try:
        parts = urlsplit(src if "//" in src else "//x.invalid/" + src)
    except ValueError:
        return False
    basename = parts.path.rsplit("/", 1)[-1].lower()
    host = parts.hostname or ""
    return basename in names and (hosts is None or host == "x.invalid" or host_is(host, *hosts))


def _wraps_loader(doc: _Document, index: int, platform: str) -> bool:
    """A ``<p>`` (WordPress wraps everything) that holds only the loader script."""
    element = doc.elements[index]
    if element.name not in ("p", "div") or not element.closed:
        return False
    inner = list(doc.descendants(index, 3))
    if len(inner) != 1 or not _is_loader(doc, inner[0], platform):
        return False
    before = doc.html[element.open_end : inner[0].start]
    after = doc.html[inner[0].end : element.end]
    return not before.strip() and after.strip() == f"</{element.name}>"


def _is_noscript_twin(doc: _Document, element: _Element, hit: _Hit, later: list[_Hit]) -> bool:
    """A ``<noscript>`` fallback that holds one other copy of the same post, and no other embed."""
    if element.name != "noscript" or hit.ref is None or not later:
        return False
    inside = [h for h in later[:2] if doc.elements[h.index].start < element.end]
    return len(inside) == 1 and _same_post(inside[0].ref, hit.ref)


def _same_post(first: PostRef | None, second: PostRef | None) -> bool:
    """Both name one post (handles may differ: an ID-only iframe vs. a permalink)."""
    if first is None or second is None or first.post_id is None:
        return False
    return (first.platform, first.post_id) == (second.platform, second.post_id)


# --------------------------------------------------------------------------
# 4. Fields: what the markup says about the post.
# --------------------------------------------------------------------------

# lxml is an optional speed-up (the "fast" extra); both parsers read embeds alike.
_PARSER = "lxml" if find_spec("lxml") is not None else "html.parser"
_MAX_FRAGMENT = 200_000  # an unclosed embed element can run to the end of the page

_MEDIA_LINK = re.compile(r"(?:https?://)?(?:pic\.twitter\.com|pic\.x\.com|t\.co)/[A-Za-z0-9]{1,40}")
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
class _Fields:
    text: str | None = None
    name: str | None = None
    handle: str | None = None
    date_text: str | None = None
    date: str | None = None
    links: tuple[str, ...] = ()
    ref: PostRef | None = None


def _to_embed(doc: _Document, hit: _Hit) -> Embed:
    element = doc.elements[hit.index]
    fields = _read_fields(doc, hit)
    ref = fields.ref or hit.ref
    handle = fields.handle or (ref.handle if ref else None)
    cut = (hit.cut_start, hit.cut_end)
    return Embed(
        platform=hit.platform,
        span=(element.start, element.end),
        text=fields.text or None,  # "no text" is None, whatever the markup
        author=Author(name=fields.name, handle=handle),
        date_text=fields.date_text,
        date=fields.date,
        links=fields.links,
        url=ref.canonical_url if ref else None,
        post_id=ref.post_id if ref else None,
        detector=Detector(f"html.{hit.platform}.{hit.kind}", hit.confidence),
        cut=cut,
        raw=doc.html[cut[0] : cut[1]],
    )


def _read_fields(doc: _Document, hit: _Hit) -> _Fields:
    reader = _READERS.get((hit.platform, hit.kind))
    if reader is None:
        return _Fields()
    element = doc.elements[hit.index]
    soup = BeautifulSoup(doc.outer(element)[:_MAX_FRAGMENT], _PARSER)
    root = soup.find(element.name)
    if not isinstance(root, Tag):
        return _Fields()
    return reader(root, hit)


def _tweet_fields(root: Tag, hit: _Hit) -> _Fields:
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
    return _Fields(
        text=text,
        name=name,
        handle=handle,
        date_text=_link_date(status),
        date=_iso_date(_link_date(status)),
        links=_media_links(paragraphs or [root]),
        ref=ref,
    )


def _substack_fields(root: Tag, hit: _Hit) -> _Fields:
    """Substack's static card: header (name, @handle), text, footer (time ∙ date)."""
    name = _first_class_text(root, "tweet-author-name")
    handle = _first_class_text(root, "tweet-author-handle") or _first_class_text(root, "tweet-author")
    if not handle:
        avatar = root.find("img", alt=re.compile(r"@\w"))
        alt = avatar.get("alt") if isinstance(avatar, Tag) else None
        handle = str(alt).rsplit("@", 1)[-1] if alt else ""
    body = root.find(class_="tweet-text")
    date_text = _first_class_text(root, "tweet-date")
    return _Fields(
        text=_visible(body, pre=True) if isinstance(body, Tag) else None,
        name=name or None,
        handle=handle.lstrip("@") if handle else None,
        date_text=date_text or None,
        date=_iso_date(date_text),
        links=_media_links([body]) if isinstance(body, Tag) else (),
    )


def _instagram_fields(root: Tag, hit: _Hit) -> _Fields:
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
    return _Fields(
        text="\n".join(c for c in captions if c),
        name=name,
        handle=handle,
        date_text=date_text or None,
        date=_iso_date(date_text, str(stamp) if stamp else None),
        ref=ref,
    )


def _facebook_fields(root: Tag, hit: _Hit) -> _Fields:
    """``<p>TEXT</p>Posted by <a>Name</a> on <a href=POST>Weekday, Month D, YYYY</a>``."""
    quote = root if root.name == "blockquote" else root.find("blockquote")
    if not isinstance(quote, Tag):
        return _Fields()
    links = quote.find_all("a", recursive=False)
    paragraphs = quote.find_all("p")
    # "Posted by <a>Name</a> on <a>date</a>" are the last two links; a lone link is the post title
    name = _squash(links[-2].get_text()) if len(links) >= 2 else None
    date_text = _squash(links[-1].get_text()) if len(links) >= 2 else None
    return _Fields(
        text="\n".join(_visible(p).strip() for p in paragraphs) or None,
        name=name or None,
        date_text=date_text or None,
        date=_iso_date(date_text),
    )


def _tiktok_fields(root: Tag, hit: _Hit) -> _Fields:
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
    return _Fields(text=_squash("".join(parts)) or None, name=name)


def _bluesky_fields(root: Tag, hit: _Hit) -> _Fields:
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
    return _Fields(
        text="\n".join(_visible(p).strip() for p in paragraphs) or None,
        name=name,
        handle=handle,
        date_text=date_text or None,
        date=_iso_date(date_text),
        ref=ref or hit.ref,
    )


def _reddit_fields(root: Tag, hit: _Hit) -> _Fields:
    """``<a href=POST>Title</a> from|by <a>u/user</a> in <a>r/sub</a>``: the title is the text."""
    link, ref = _last_post_link(root, "reddit", first=True)
    title = _squash(link.get_text()) if link is not None else ""
    return _Fields(text=title or None, ref=ref)


_Reader = Callable[[Tag, _Hit], _Fields]
_READERS: dict[tuple[str, str], _Reader] = {
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


def _media_links(nodes: Iterable[Tag | None]) -> tuple[str, ...]:
    """``pic.twitter.com/…`` and ``t.co/…`` links, as linked and as printed, in order."""
    links: list[str] = []
    for node in nodes:
        if node is None:
            continue
        for item in node.descendants:
            if isinstance(item, Tag) and item.name == "a":
                href = str(item.get("href") or "")
                if _MEDIA_LINK.fullmatch(href):
                    links.append(href)
            elif isinstance(item, NavigableString) and not isinstance(item, Comment):
                links.extend(_MEDIA_LINK.findall(str(item)))
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
