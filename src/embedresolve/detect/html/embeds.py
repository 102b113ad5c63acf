"""Find embedded posts in HTML markup, with exact character offsets.

    detect_html(html) -> [Embed, ...]        sorted, non-overlapping
    clean_html(html)  -> (clean, [Embed, ...])

The pipeline, one module per step (the others are internal to
:mod:`embedresolve.detect.html`):

1. :mod:`.markup` indexes the source in one linear pass: where every element
   starts and ends, closed the way a browser would. BeautifulSoup cannot say
   where an element sits in the source string, so this is done first.
2. :mod:`.rules` says which elements are embeds, of which post.
   Attributes are decoded only for tags whose text mentions a platform, so a
   2 MB page costs one regex sweep, not a DOM. The outermost embed wins.
3. :mod:`.cuts` extends each embed over what belongs to it.
4. :mod:`.fields` reads the post's text, author, date and links from
   the embed's markup with BeautifulSoup (``lxml`` when installed).

An embed's ``span`` is its element's outer HTML (``<`` of the start tag to
``>`` of the end tag). Its ``cut`` adds what belongs to it and nothing else:
the platform's loader script right after it (``widgets.js``, ``embed.js`` …,
also when wrapped in its own ``<p>``) and a ``<noscript>`` fallback of the
same post. Deleting every cut is lossless: re-inserting each ``raw`` at its
``cut[0]``, in order, gives back the original string.
"""

from __future__ import annotations

from importlib.util import find_spec

from embedresolve.detect.html.cuts import with_cuts
from embedresolve.detect.html.fields import read_fields
from embedresolve.detect.html.markup import Document
from embedresolve.detect.html.rules import Hit, hinted, match
from embedresolve.models import Author, Detector, Embed
from embedresolve.separate import separate

__all__ = ["clean_html", "detect_html"]

# lxml is an optional speed-up (the "fast" extra); both parsers read embeds alike.
_PARSER = "lxml" if find_spec("lxml") is not None else "html.parser"


def detect_html(html: str) -> list[Embed]:
    """Every embedded post in ``html``, in document order, spans not overlapping."""
    doc = Document(html)
    hits: list[Hit] = []
    skip_until = -1
    for index, element in enumerate(doc.elements):
        # A consent <textarea> names its platform only inside: its content is checked instead.
        if element.start < skip_until or not (hinted(doc, element) or element.name == "textarea"):
            continue
        hit = match(doc, index, parser=_PARSER)
        if hit is not None:
            hits.append(hit)
            skip_until = element.end
    return [_to_embed(doc, hit) for hit in with_cuts(doc, hits)]


def clean_html(html: str) -> tuple[str, list[Embed]]:
    """``html`` without its embeds (each ``cut`` deleted), and the embeds.

    Pure deletion: inserting each embed's ``raw`` at ``cut[0]``, in order,
    restores ``html`` exactly.
    """
    return separate(html, detect_html(html), own_cuts=True)


def _to_embed(doc: Document, hit: Hit) -> Embed:
    element = doc.elements[hit.index]
    if hit.inner is not None:  # the embed code a wrapper holds as text
        inner, number, kind = hit.inner
        fields = read_fields(inner, inner.elements[number], hit.platform, kind, parser=_PARSER)
    else:
        fields = read_fields(doc, element, hit.platform, hit.kind, parser=_PARSER)
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
