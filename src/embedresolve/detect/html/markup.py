"""Where every element of an HTML string starts and ends: a one-pass tag scanner.

Internal to :mod:`embedresolve.detect.html` (used by :mod:`.embeds` and its rules,
cuts and field readers); not a public API.

BeautifulSoup cannot say where an element sits in the source string, so
:class:`Document` indexes the source itself: one linear regex sweep over the
tags, closing elements the way a browser would (raw-text elements, implicit
closes, stray end tags). Attributes are decoded lazily, only for the elements
someone asks about, so a 2 MB page costs one sweep, not a DOM. Nothing here
knows about platforms or embeds.
"""

from __future__ import annotations

import html as htmlcodec
import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

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
_MAX_FRAGMENT = 200_000  # an unclosed element can run to the end of the page


@dataclass(slots=True)
class Element:
    name: str
    start: int  # "<" of the start tag
    open_end: int  # one past the start tag's ">"
    end: int = -1  # one past the end tag's ">", or where the element was closed implicitly
    closed: bool = False  # True when it has its own end tag (or needs none)
    attrs: dict[str, str] | None = None  # decoded lazily by Document.attrs


class Document:
    """The source string and its element index (document order)."""

    def __init__(self, html: str) -> None:
        self.html = html
        self.elements = _index(html)
        self._starts = [e.start for e in self.elements]

    def attrs(self, element: Element) -> dict[str, str]:
        if element.attrs is None:
            element.attrs = _parse_attrs(self.html, element)
        return element.attrs

    def classes(self, element: Element) -> frozenset[str]:
        return frozenset(self.attrs(element).get("class", "").split())

    def descendants(self, index: int, limit: int = 2000) -> Iterable[Element]:
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

    def fragment(self, element: Element) -> str:
        """The element's outer HTML, cut short where an unclosed one would run on (for parsing)."""
        return self.html[element.start : min(element.end, element.start + _MAX_FRAGMENT)]


def _index(html: str) -> list[Element]:
    """Every element of ``html`` with its source offsets, in one linear pass."""
    elements: list[Element] = []
    stack: list[Element] = []
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
        element = Element(name, match.start(), tag_end)
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


def _close(stack: list[Element], open_names: dict[str, int], name: str, start: int, end: int) -> None:
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


def _parse_attrs(html: str, element: Element) -> dict[str, str]:
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
