"""Lenient readers of untrusted payload values, shared by every format parser.

Archived and live payloads are untrusted: any field may be missing, of
another type, or absurdly long. These readers turn "not what we expected"
into None or an empty container, so the parsers read as the happy path and
never raise on odd input.
"""

from __future__ import annotations

import json
import re
from typing import Any

from bs4 import BeautifulSoup

from embedresolve.platforms import twitter
from embedresolve.platforms.base import PostRef, split_url

__all__ = [
    "HANDLE",
    "ID",
    "MAX_HTML_CHARS",
    "PLATFORM",
    "TCO_HOSTS",
    "as_dict",
    "as_list",
    "as_str",
    "id_str",
    "json_object",
    "soup",
    "status_ref",
]

PLATFORM = "twitter"
MAX_HTML_CHARS = 3_000_000
"""Status pages are 50–700 kB and oEmbed markup far less; a bigger body is not parsed."""

ID = re.compile(r"[0-9]{1,20}")
HANDLE = re.compile(r"[A-Za-z0-9_]{1,20}")
TCO_HOSTS = ("t.co", "www.t.co")


def json_object(body: bytes) -> dict[str, Any] | None:
    """A JSON object body, else None (not JSON, or another JSON value)."""
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def as_str(value: object) -> str | None:
    """A non-empty string, else None."""
    return value if isinstance(value, str) and value else None


def as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def id_str(value: object) -> str | None:
    """A tweet ID as a decimal string, from a string or a non-negative integer (never a bool)."""
    if isinstance(value, bool):
        return None
    text = str(value) if isinstance(value, int) and value >= 0 else value
    return text if isinstance(text, str) and ID.fullmatch(text) else None


def status_ref(url: object) -> PostRef | None:
    """The post a twitter.com / x.com status URL names (its ID, and the handle when the path has one)."""
    parsed = split_url(url) if isinstance(url, str) else None
    ref = twitter.parse(parsed) if parsed is not None else None
    return ref if ref is not None and ref.post_id else None


def soup(html: str) -> BeautifulSoup | None:
    """``html`` parsed, or None when it holds no tag at all: then there is nothing to read
    (and bs4 would warn that a short tagless text looks like a URL or a file name)."""
    return BeautifulSoup(html, "html.parser") if "<" in html else None
