"""oEmbed answers of every platform (YouTube, Vimeo, TikTok, Reddit …) → a :class:`PostDraft`.

The oEmbed spec fixes the common fields: ``title``, ``author_name``,
``author_url`` (relative in older YouTube answers: ``/user/Scadrei5``),
``thumbnail_url`` and the embed ``html``. What each platform adds — the
post's own ID (``video_id``, ``embed_product_id``), its upload date — is read
by the platform's parser, which also decides what the ID is.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from embedresolve.errors import UnreadablePayload
from embedresolve.resolve.formats.draft import PostDraft
from embedresolve.resolve.formats.values import as_str, json_object

__all__ = ["oembed_draft", "oembed_object"]


def oembed_object(body: bytes) -> dict[str, Any]:
    """The answer as a JSON object; an ``{"error": …}`` body or another value is unreadable."""
    data = json_object(body)
    if data is None:
        raise UnreadablePayload("oEmbed answer is not a JSON object")
    if as_str(data.get("error")):
        raise UnreadablePayload(f"oEmbed error: {str(data['error'])[:200]}")
    return data


def oembed_draft(data: dict[str, Any], provider_url: str) -> PostDraft:
    """The common oEmbed fields, each marked ``oembed:<key>``; relative URLs joined to ``provider_url``."""
    draft = PostDraft()
    draft.put("title", as_str(data.get("title")), "oembed:title")
    draft.put("author_name", as_str(data.get("author_name")), "oembed:author_name")
    author_url = as_str(data.get("author_url"))
    if author_url:
        draft.put("author_url", urljoin(provider_url, author_url), "oembed:author_url")
    draft.put("thumbnail_url", as_str(data.get("thumbnail_url")), "oembed:thumbnail_url")
    return draft
