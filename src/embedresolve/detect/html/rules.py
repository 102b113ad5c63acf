"""Which elements of a :class:`~.markup.Document` are embeds, of which post.

Internal to :mod:`embedresolve.detect.html` (used by :mod:`.embeds` and
:mod:`.cuts`); not a public API.

:func:`hinted` is the cheap pre-filter (the start tag's text mentions a
platform or an embed); :func:`match` then applies the platforms' embed
markup: oEmbed blockquotes, player iframes, AMP and lite-player elements,
Telegram widget scripts, Facebook XFBML, tweets that widgets.js already
rendered, Substack's static tweet cards, lazy-loading placeholders (lazy
``src`` attributes, click-to-load ``data-iframe`` players), consent
``<textarea>`` wrappers that hold the embed code as text until the reader
agrees, and WordPress embed blocks whose embed code is gone.
"""

from __future__ import annotations

import html as htmlcodec
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bs4 import BeautifulSoup

from embedresolve.detect.html.markup import Document, Element
from embedresolve.platforms import (
    PostRef,
    instagram,
    parse_post_url,
    parse_telegram_post,
    tiktok,
    twitter,
    vimeo,
    youtube,
)

# A tag is worth decoding only if its text mentions a platform or an embed.
_HINT = re.compile(
    r"tweet|twitter|x\.com|instagr|facebook|fb-|tiktok|youtu|vimeo|telegram|bsky|bluesky"
    r"|mastodon|embed|text-post|threads|reddit",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Hit:
    index: int  # the embed element in Document.elements
    platform: str
    kind: str
    confidence: float
    ref: PostRef | None = None
    cut_start: int = -1  # set by cuts.with_cuts
    cut_end: int = -1
    tail: int = -1  # the last element of the embed (a rendered twin may follow the span)
    # A wrapper whose content is the embed code as text (consent <textarea>): that code,
    # indexed, and the embed element in it, from which the fields are read.
    inner: tuple[Document, int, str] | None = None


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
# "data-artsrc": lazy iframes of the corpus page pcd788747c2 (critica.com.pa).
_IFRAME_SOURCES = ("src", "data-src", "data-lazy-src", "data-artsrc", "data-original", "data-url")
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
    twitter.NAME: twitter.canonical_url,
    instagram.NAME: instagram.canonical_url,
    youtube.NAME: youtube.canonical_url,
    vimeo.NAME: vimeo.canonical_url,
    tiktok.NAME: tiktok.canonical_url,
}
_WRAPPER_PROVIDERS = (
    "twitter", "instagram", "facebook", "tiktok", "youtube", "vimeo", "reddit",
    "bluesky", "mastodon", "threads", "telegram",
)  # fmt: skip
_SUBSTACK_PARTS = frozenset({"tweet-header", "tweet-text", "tweet-author-name", "tweet-footer"})
_PLAYLIST = re.compile(r"[?&]list=([A-Za-z0-9_-]{2,64})")
_IFRAME_SRC = re.compile(r"<iframe[^>]{0,400}?\bsrc=[\"']([^\"'>]{1,500})")
_SUBSTACK_URL = re.compile(r'"url":\s*"([^"]{1,300})"')


def hinted(doc: Document, element: Element) -> bool:
    """Whether the start tag's text mentions a platform or an embed (else it is no embed)."""
    return _HINT.search(doc.html, element.start, element.open_end) is not None


def match(doc: Document, index: int, *, parser: str, wrappers: bool = True) -> Hit | None:
    """The embed ``elements[index]`` is, if any (outermost element wins).

    ``parser`` is the BeautifulSoup parser for the one rule that reads text
    (WordPress blocks); ``wrappers`` False skips those blocks, which look
    inside themselves (no recursion through nested blocks).
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
        return Hit(index, ref.platform, "amp", 0.99, ref) if ref else None
    if name == "script":
        post = doc.attrs(element).get("data-telegram-post")
        ref = parse_telegram_post(post) if post else None
        return Hit(index, "telegram", "script", 0.99, ref) if ref else None
    if name == "textarea":
        return _match_textarea(doc, index, parser)
    if name in ("lite-youtube", "lite-vimeo"):
        platform = "youtube" if name == "lite-youtube" else "vimeo"
        ref = _ref_from_attrs(doc.attrs(element), ("videoid", "data-videoid"), platform)
        return Hit(index, platform, "lite", 0.98, ref) if ref else None
    return _match_container(doc, index, parser, wrappers)


def _match_blockquote(doc: Document, index: int) -> Hit | None:
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
    return Hit(index, platform, kind, 0.99, ref)


def _match_iframe(doc: Document, index: int) -> Hit | None:
    attrs = doc.attrs(doc.elements[index])
    ref = _ref_from_attrs(attrs, _IFRAME_SOURCES, "")
    if ref is None and "data-tweet-id" in attrs:
        ref = _ref_from_attrs(attrs, ("data-tweet-id",), "twitter")
    if ref is None:
        playlist = _youtube_playlist(attrs)
        return Hit(index, "youtube", "iframe", 0.9, playlist) if playlist else None
    return Hit(index, ref.platform, "iframe", 0.98, ref)


def _match_container(doc: Document, index: int, parser: str, wrappers: bool) -> Hit | None:
    """Divs and other wrappers: Facebook XFBML, rendered tweets, Substack cards, data attributes."""
    element = doc.elements[index]
    attrs = doc.attrs(element)
    classes = doc.classes(element)
    if classes & {"fb-post", "fb-video"}:
        ref = _ref_from_attrs(attrs, ("data-href",), "facebook")
        return Hit(index, "facebook", "xfbml", 0.99, ref) if ref else None
    tweet_id = attrs.get("data-tweet-id") or attrs.get("data-tweetid")
    if tweet_id and element.name not in ("a", "button", "span"):
        ref = _ref_from_attrs(attrs, ("data-tweet-id", "data-tweetid"), "twitter")
        return Hit(index, "twitter", "data-tweet-id", 0.95, ref) if ref else None
    if "twitter-tweet" in classes or "twitter-tweet-rendered" in classes:
        return _match_rendered_tweet(doc, index)
    if "tweet" in classes and any(
        doc.classes(d) & _SUBSTACK_PARTS for d in doc.descendants(index, 40) if hinted(doc, d)
    ):
        return Hit(index, "twitter", "substack", 0.97, _substack_ref(doc, index))
    if "data-iframe" in attrs:  # a click-to-load player (ARVE's play button, lightbox links)
        ref = _lazy_iframe_ref(attrs["data-iframe"])
        if ref is not None:
            return Hit(index, ref.platform, "lazy", 0.9, ref)
    if "rll-youtube-player" in classes:  # WP Rocket's lazy YouTube placeholder
        ref = _ref_from_attrs(attrs, ("data-src", "data-id"), "youtube")
        return Hit(index, "youtube", "lazy", 0.95, ref) if ref else None
    if wrappers and element.name == "figure" and "wp-block-embed" in classes:
        return _match_wordpress(doc, index, classes, parser)
    return None


def _match_textarea(doc: Document, index: int, parser: str) -> Hit | None:
    """A consent wrapper that holds the embed code as text (escaped or not) until the reader
    agrees: the <textarea> is the embed, its fields are those of the code inside."""
    element = doc.elements[index]
    attrs = doc.attrs(element)
    if "readonly" in attrs or "name" in attrs:
        return None  # a box of embed code to copy, or a form field: shown as text, not embedded
    close = doc.html.rfind("</", element.open_end, element.end)
    code = htmlcodec.unescape(doc.html[element.open_end : close if close >= 0 else element.end])
    if "<" not in code or not _HINT.search(code):
        return None
    inner = Document(code)
    for number, candidate in enumerate(inner.elements):
        if candidate.name != "textarea" and hinted(inner, candidate):
            hit = match(inner, number, parser=parser, wrappers=False)
            if hit is not None:
                inside = (inner, number, hit.kind)
                return Hit(index, hit.platform, "textarea", hit.confidence, hit.ref, inner=inside)
    return None


def _lazy_iframe_ref(value: str) -> PostRef | None:
    """The player a ``data-iframe`` names: its URL, or the src of the iframe code it holds."""
    src = _IFRAME_SRC.search(value)
    url = htmlcodec.unescape(src.group(1)) if src else value.strip()
    return parse_post_url(url) if url.startswith(("http", "//")) else None


def _match_rendered_tweet(doc: Document, index: int) -> Hit | None:
    """A widget that widgets.js already rendered: a div around an iframe that names the tweet."""
    for inner in doc.descendants(index, 20):
        if inner.name == "iframe":
            attrs = doc.attrs(inner)
            ref = _ref_from_attrs(attrs, ("data-tweet-id",), "twitter") or _ref_from_attrs(
                attrs, _IFRAME_SOURCES, "twitter"
            )
            return Hit(index, "twitter", "rendered", 0.97, ref)
    return None  # an empty rendered shell (the blockquote next to it is the embed)


def _match_wordpress(doc: Document, index: int, classes: frozenset[str], parser: str) -> Hit | None:
    """A WordPress embed block whose embed code is gone: only the post URL is left."""
    provider = next((p for p in _WRAPPER_PROVIDERS if f"is-provider-{p}" in classes), None)
    provider = provider or next((p for p in _WRAPPER_PROVIDERS if f"wp-block-embed-{p}" in classes), None)
    if provider is None:
        return None
    for number, inner in enumerate(doc.descendants(index), start=index + 1):
        if hinted(doc, inner) and match(doc, number, parser=parser, wrappers=False) is not None:
            return None  # the real embed inside wins
    text = BeautifulSoup(doc.fragment(doc.elements[index]), parser).get_text(" ", strip=True)
    refs = [parse_post_url(word) for word in text.split()[:20]]
    ref = next((r for r in refs if r is not None and r.platform == provider), None)
    return Hit(index, provider, "wp-block", 0.9, ref) if ref else None


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


def _youtube_playlist(attrs: dict[str, str]) -> PostRef | None:
    """YouTube playlist players (``/embed/videoseries?list=…``): embeds, but of no single video."""
    for key in _IFRAME_SOURCES:
        value = attrs.get(key, "")
        if "list=" in value and ("youtube.com/embed" in value or "youtube-nocookie" in value):
            playlist = _PLAYLIST.search(value)
            if playlist:
                url = f"https://www.youtube.com/playlist?list={playlist.group(1)}"
                return PostRef(youtube.NAME, None, url)
    return None


def _linked_post(doc: Document, index: int, platform: str) -> PostRef | None:
    """The last link inside the element that names a post of ``platform`` (the permalink)."""
    found: PostRef | None = None
    for inner in doc.descendants(index, 400):
        if inner.name == "a":
            ref = parse_post_url(doc.attrs(inner).get("href", ""))
            if ref is not None and ref.platform == platform and ref.post_id:
                found = ref
    return found


def _substack_ref(doc: Document, index: int) -> PostRef | None:
    """A Substack card's tweet: its data-attrs URL, or a link (incl. the likes counter) to it."""
    attrs = doc.attrs(doc.elements[index])
    url = _SUBSTACK_URL.search(attrs.get("data-attrs", ""))
    ref = parse_post_url(url.group(1)) if url else None
    if ref is not None and ref.platform == "twitter":
        return ref
    for inner in doc.descendants(index, 400):
        if hinted(doc, inner):
            ref = parse_post_url(doc.attrs(inner).get("href", ""))
            if ref is not None and ref.platform == "twitter":
                return ref
    return None
