"""What every platform module shares: the parsed-post value and a normalised URL.

Platform modules never see a raw string: :func:`split_url` has already
trimmed it, decoded stray ``&amp;``, added a missing scheme, lower-cased the
host and unwrapped Wayback Machine replay URLs, so each module only has to
read its own paths.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

__all__ = ["PostRef", "Url", "host_is", "split_url"]


@dataclass(frozen=True, slots=True)
class PostRef:
    """One post, named by its platform's own ID.

    ``post_id`` is None for short links that only the platform can expand
    (``vm.tiktok.com/CODE``, ``fb.watch/CODE``); ``canonical_url`` is then the
    short link itself.
    """

    platform: str
    post_id: str | None
    canonical_url: str
    handle: str | None = None


@dataclass(frozen=True, slots=True)
class Url:
    """A URL split for matching: lower-case host without port, path segments, query."""

    host: str
    segments: tuple[str, ...]
    query: dict[str, list[str]]
    fragment: str

    def param(self, name: str) -> str | None:
        """The first value of a query parameter, or None."""
        values = self.query.get(name)
        return values[0] if values else None


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,20}:")
# Wayback replay: /web/<14-digit timestamp><optional flags like im_ or id_>/<original URL>
_WAYBACK = re.compile(r"/web/\d{1,14}(?:[a-z]{2}_)?/")
_MAX_URL = 4096  # longer strings are not post URLs; refusing them bounds all work


def split_url(raw: str) -> Url | None:
    """Normalise ``raw`` into a :class:`Url`, or None when it is not an http(s) URL."""
    text = raw.strip()
    if not text or len(text) > _MAX_URL:
        return None
    if "&amp;" in text or "&#" in text:
        text = html.unescape(text)
    text = _unwrap_wayback(text)
    if text.startswith("//"):
        text = "https:" + text
    elif not _SCHEME.match(text):
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:  # malformed IPv6 brackets, bad ports …
        return None
    if parts.scheme.lower() not in ("http", "https") or "." not in host:
        return None
    segments = tuple(s for s in parts.path.split("/") if s)
    return Url(
        host=host.lower(),
        segments=segments,
        query=parse_qs(parts.query),
        fragment=parts.fragment,
    )


def _unwrap_wayback(text: str) -> str:
    """The original URL inside a Wayback Machine replay URL (absolute or site-relative)."""
    lowered = text[:64].lower()
    if not (lowered.startswith("/web/") or "web.archive.org/web/" in lowered):
        return text
    match = _WAYBACK.search(text, 0, 80)
    return text[match.end() :] if match else text


def host_is(host: str, *domains: str) -> bool:
    """True when ``host`` is one of ``domains`` or a subdomain of one.

    Suffix matching on label boundaries, so ``twitter.com.evil.example`` and
    ``eviltwitter.com`` are not Twitter.
    """
    return any(host == d or host.endswith("." + d) for d in domains)
