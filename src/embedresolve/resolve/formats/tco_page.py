"""t.co's page for browsers: the URL it redirects to, from a meta refresh or ``location.replace``.

t.co answers bots with a 301 and ``Location``; browsers get a 200 HTML page
that redirects with ``<meta http-equiv="refresh" content="0;URL=…">`` and
``location.replace("…")``. Live t.co answers, archived captures of t.co and
WARC records of it are read here alike. Pure: the target is data, never
something to fetch.
"""

from __future__ import annotations

import json
import re

from bs4.element import Tag

from embedresolve.resolve.formats.values import soup

__all__ = ["refresh_target"]

_DELAY = re.compile(r"[0-9.]*")
# location.replace("…") with JS string escapes (t.co writes ``https:\/\/…``); disjoint alternation → linear.
_LOCATION_REPLACE = re.compile(r"""location\.replace\(\s*(?P<q>["'])(?P<url>(?:[^"'\\]|\\.){1,4096})(?P=q)""")


def refresh_target(html: str) -> str | None:
    """The URL a t.co "browser" page redirects to: meta refresh first, then ``location.replace``."""
    page = soup(html)
    if page is None:
        return None  # no meta tag, no script
    for meta in page.find_all("meta"):
        if not isinstance(meta, Tag):
            continue
        if str(meta.get("http-equiv", "")).strip().lower() != "refresh":
            continue
        url = _refresh_url(str(meta.get("content", "")))
        if url:
            return url
    for script in page.find_all("script"):
        match = _LOCATION_REPLACE.search(script.get_text())
        if match:
            return _js_unescape(match["url"])
    return None


def _refresh_url(content: str) -> str | None:
    """The URL in a refresh ``content``: ``0;URL=…``, ``0; url = …``, ``0,URL='…'`` or a bare URL.

    String steps rather than one regex: runs of optional whitespace around
    optional parts are where a regex would backtrack.
    """
    rest = content.strip()
    delay = _DELAY.match(rest)
    rest = rest[delay.end() if delay else 0 :].lstrip()
    if rest[:1] in (";", ","):
        rest = rest[1:].lstrip()
    if rest[:3].lower() == "url":
        after = rest[3:].lstrip()
        if after.startswith("="):
            rest = after[1:].lstrip()
    url = rest.strip().strip("'\"").strip()
    return url or None


def _js_unescape(text: str) -> str:
    r"""Undo JS string escapes (``\/``, ``\u0026``); leave the text as is if it is not valid."""
    try:
        value = json.loads(f'"{text}"')
    except ValueError:
        return text.replace("\\/", "/")
    return value if isinstance(value, str) else text
