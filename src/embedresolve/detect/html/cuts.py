"""What to delete with each embed: the embed plus its loader script and noscript fallback.

Internal to :mod:`embedresolve.detect.html` (used by :mod:`.embeds`); not a public API.

:func:`with_cuts` sets each :class:`~.rules.Hit`'s cut. A cut starts at
the embed element and stretches over what follows it and belongs to it: the
platform's loader script (``widgets.js``, ``embed.js`` …, also when wrapped in
its own ``<p>``), a ``<noscript>`` copy of the same post, and the rendered
twin that saved pages keep next to the source blockquote. It never reaches
into the next embed.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from embedresolve.detect.html.markup import Document, Element
from embedresolve.detect.html.rules import Hit
from embedresolve.platforms import PostRef
from embedresolve.platforms.base import host_is

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


def with_cuts(doc: Document, hits: list[Hit]) -> list[Hit]:
    """Set each hit's cut; merge rendered twins; drop noscript copies that a cut swallowed."""
    kept: list[Hit] = []
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


def _are_twins(doc: Document, first: Hit, second: Hit) -> bool:
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


def _merge(first: Hit, second: Hit) -> Hit:
    """The text-bearing hit of two twins, its cut stretched over both."""
    keep = first if first.kind in _TEXT_KINDS else second
    keep.cut_start, keep.tail = first.cut_start, second.tail
    return keep


def _cut_end(doc: Document, hit: Hit, later: list[Hit]) -> int:
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


def _is_loader(doc: Document, element: Element, platform: str) -> bool:
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


def _wraps_loader(doc: Document, index: int, platform: str) -> bool:
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


def _is_noscript_twin(doc: Document, element: Element, hit: Hit, later: list[Hit]) -> bool:
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
