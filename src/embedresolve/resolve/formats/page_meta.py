"""What any archived post page says about itself: ``<meta>``, canonical link, JSON-LD, embedded JSON.

Every platform's post page (YouTube watch pages, Instagram ``/p/`` pages,
Vimeo, TikTok, Facebook …) describes its post for link previews: Open Graph
(``og:title``, ``og:description``, ``og:image``, ``og:url``), Twitter cards
(``twitter:title`` …), ``<link rel="canonical">``, ``<title>`` and often a
schema.org JSON-LD block (``VideoObject``, ``ImageObject``,
``SocialMediaPosting``). Many also inline the JSON their app boots from
(YouTube's ``ytInitialPlayerResponse``, Instagram's ``window._sharedData``);
:func:`embedded_json` finds such an assignment and decodes the object after
it.

Pure and bounded: stdlib :class:`html.parser.HTMLParser` (linear), at most
:data:`~.values.MAX_HTML_CHARS` characters, JSON decoded with
``raw_decode`` from a known offset.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from embedresolve.resolve.formats.values import MAX_HTML_CHARS

__all__ = ["PageMeta", "embedded_json", "read_page"]

_MAX_SCRIPT = 2_000_000
_MAX_JSON_LD = 20


@dataclass
class PageMeta:
    """The self-description of one HTML page: meta values by property/name, canonical URL, JSON-LD."""

    meta: dict[str, str] = field(default_factory=dict)  # first value of each og:/twitter:/name key
    canonical: str | None = None
    title: str | None = None
    json_ld: list[dict[str, Any]] = field(default_factory=list)

    def get(self, *keys: str) -> tuple[str, str] | tuple[None, None]:
        """The first of ``keys`` present: (key, value)."""
        for key in keys:
            value = self.meta.get(key)
            if value:
                return key, value
        return None, None

    def ld_of_type(self, *types: str) -> dict[str, Any] | None:
        """The first JSON-LD object (or ``@graph`` member) whose ``@type`` is one of ``types``."""
        for block in self.json_ld:
            for item in [block, *[g for g in block.get("@graph", []) if isinstance(g, dict)]]:
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                if any(k in types for k in kinds):
                    return item
        return None


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = PageMeta()
        self._in_title = False
        self._title: list[str] = []
        self._ld: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k.lower(): v or "" for k, v in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            content = values.get("content", "")
            if key and content and key not in self.page.meta:
                self.page.meta[key] = content
        elif tag == "link" and "canonical" in values.get("rel", "").lower().split():
            self.page.canonical = self.page.canonical or values.get("href") or None
        elif tag == "title" and self.page.title is None:
            self._in_title = True
        elif tag == "script" and values.get("type", "").lower() == "application/ld+json":
            self._ld = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_title:
            self._in_title = False
            self.page.title = " ".join("".join(self._title).split()) or None
        elif tag == "script" and self._ld is not None:
            self._add_json_ld("".join(self._ld))
            self._ld = None

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self._title.append(data)
        elif self._ld is not None:
            self._ld.append(data)

    def _add_json_ld(self, text: str) -> None:
        if len(self.page.json_ld) >= _MAX_JSON_LD or len(text) > _MAX_SCRIPT:
            return
        try:
            value = json.loads(text)
        except ValueError:
            return
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                self.page.json_ld.append(item)


def read_page(body: bytes) -> PageMeta:
    """The page's self-description (an empty :class:`PageMeta` for a page that has none)."""
    reader = _Reader()
    reader.feed(body[:MAX_HTML_CHARS].decode("utf-8", errors="replace"))
    reader.close()
    return reader.page


def embedded_json(text: str, name: str) -> dict[str, Any] | None:
    """The JSON object assigned to ``name`` in an inline script (``var NAME = {…};``), else None.

    Every occurrence is tried in turn (pages assign ``null`` first and the
    object later); the first that decodes to an object wins.
    """
    assignment = re.compile(re.escape(name) + r"\s{0,5}=\s{0,5}")
    decoder = json.JSONDecoder()
    for match in assignment.finditer(text):
        start = match.end()
        if text[start : start + 1] != "{":
            continue
        try:
            value, _ = decoder.raw_decode(text, start)
        except ValueError:
            continue
        if isinstance(value, dict):
            return value
    return None
