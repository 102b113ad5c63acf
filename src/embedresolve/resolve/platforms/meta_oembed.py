"""Meta's token-gated oEmbed (Instagram, Facebook, Threads): the requests, their answers, their errors.

Asked only when the user gives an app token (``--meta-token`` /
``EMBEDRESOLVE_META_TOKEN``): :meth:`.config.ResolveConfig.with_meta_token`
sets the Graph endpoints, which are otherwise None, so no request is built
and the hosts are not on the allow-list. The token never appears in these
URLs: the fetcher sends it to the Graph hosts only, as ``Authorization:
Bearer`` (which Threads' oEmbed docs name as an alternative to the
``access_token`` parameter).

Endpoints (Meta's oEmbed docs, developers.facebook.com/docs/instagram-platform/oembed
and /docs/threads/reference/oembed): ``graph.facebook.com/<v>/instagram_oembed``,
``/oembed_post``, ``/oembed_video``; ``graph.threads.net/v1.0/oembed``.

The answers carry ``html`` (the embed blockquote, whose permalink names the
post: that is the ID check), and — until Meta dropped them in Nov 2025 —
``author_name``, ``author_url`` and ``thumbnail_url``; Instagram's ``title``
is the caption. An error answer is Graph's ``{"error": {"message", "type",
"code", …}}`` with status 400 (or 403): code 190 (and 102, 463, 467) is the
*token* refused, 4/17/32/613 a rate limit — both ``failed``, never a claim
about the post; any other refusal of a post URL is read as the post not
being embeddable (private, removed, age-restricted: Meta does not say which)
→ ``protected``.
"""

from __future__ import annotations

import html as html_lib
import re
from urllib.parse import urlencode

from embedresolve.errors import UnreadablePayload
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Outcome, Post
from embedresolve.resolve.formats.platform_oembed import oembed_draft
from embedresolve.resolve.formats.values import as_dict, as_str, json_object

__all__ = [
    "GRAPH_VERSION",
    "THREADS_VERSION",
    "graph_refusal",
    "parse_facebook_oembed",
    "parse_instagram_oembed",
    "parse_threads_oembed",
    "query_url",
]

GRAPH_VERSION = "v26.0"  # the version Meta's instagram_oembed reference shows; versions expire in ~2 years
THREADS_VERSION = "v1.0"

_TOKEN_CODES = frozenset({102, 190, 463, 467})  # invalid, expired or revoked access token
_RATE_CODES = frozenset({4, 17, 32, 613})
_URL = re.compile(r"""https?://[^\s"'<>]{1,2000}""")
_PARAGRAPH = re.compile(r"<p>(.{1,20000}?)</p>", re.S)
_TAG = re.compile(r"<[^<>]{0,2000}>")


def query_url(base: str, path: str, post_url: str) -> str:
    return f"{base.rstrip('/')}{path}?" + urlencode({"url": post_url})


def graph_refusal(status: int, body: bytes) -> tuple[Outcome, str] | None:
    """(outcome, reason) of a Graph error answer; None when ``status`` is 200 (or the body no Graph error)."""
    if status == 200:
        return None
    error = as_dict((json_object(body) or {}).get("error"))
    if not error:
        return None
    code = error.get("code")
    message = (as_str(error.get("message")) or "no message")[:200]
    detail = f"Graph error {code}: {message} (http {status})"
    if code in _TOKEN_CODES or (status == 401 and error.get("type") == "OAuthException"):
        return "failed", f"the Meta token was refused: {detail}"
    if code in _RATE_CODES or status == 429:
        return "failed", f"Meta's rate limit: {detail}"
    if status in (400, 403, 404):
        return "protected", f"Graph will not embed the post (private, removed or age-restricted): {detail}"
    return "failed", detail


def _named_post(html: str, platform: str) -> PostRef | None:
    """The first post of ``platform`` the embed HTML links to (its permalink, ``cite``, ``href``)."""
    for match in _URL.finditer(html):
        ref = parse_post_url(html_lib.unescape(match.group(0)))
        if ref is not None and ref.platform == platform and ref.post_id:
            return ref
    return None


def _read(body: bytes, ref: PostRef, provider: str) -> tuple[dict[str, object], PostRef]:
    data = json_object(body)
    if data is None:
        raise UnreadablePayload(f"{ref.platform} oEmbed answer is not a JSON object")
    html = as_str(data.get("html")) or ""
    named = _named_post(html, ref.platform)
    if named is None or named.post_id is None:
        raise UnreadablePayload(f"{ref.platform} oEmbed answer names no {provider} post in its html")
    return data, named


def _build(
    data: dict[str, object],
    named: PostRef,
    provider_url: str,
    *,
    text: str | None,
    text_source: str = "oembed:html",
    handle: tuple[str | None, str] = (None, ""),
) -> Post:
    draft = oembed_draft(dict(data), provider_url)
    draft.put("text", text, text_source)
    draft.put("author_handle", handle[0], handle[1])
    draft.put("url", named.canonical_url, "oembed:html")
    thumbnail = draft.values.get("thumbnail_url")
    if thumbnail:
        draft.add_media("image", thumbnail, "oembed:thumbnail_url")
    if draft.empty and "url" not in draft.values:
        raise UnreadablePayload(f"{named.platform} oEmbed answer has no content")
    return draft.build(named.platform, named.post_id or "", "oembed")


def _blockquote_text(html: str) -> str | None:
    """The post's text as Facebook's embed blockquote prints it (its first paragraph), tags removed."""
    match = _PARAGRAPH.search(html)
    if match is None:
        return None
    text = html_lib.unescape(_TAG.sub(" ", match.group(1).replace("<br />", "\n")))
    return re.sub(r"[ \t]+", " ", text).strip() or None


def parse_instagram_oembed(body: bytes, ref: PostRef) -> Post:
    data, named = _read(body, ref, "Instagram")
    caption = as_str(data.get("title"))  # the caption: the post's text, not a title
    fields = {k: v for k, v in data.items() if k != "title"}
    # Instagram's author_name is the account's username.
    handle = (as_str(data.get("author_name")), "oembed:author_name")
    return _build(
        fields, named, "https://www.instagram.com/", text=caption, text_source="oembed:title", handle=handle
    )


def parse_facebook_oembed(body: bytes, ref: PostRef) -> Post:
    data, named = _read(body, ref, "Facebook")
    text = _blockquote_text(as_str(data.get("html")) or "")
    return _build(data, named, "https://www.facebook.com/", text=text)


def parse_threads_oembed(body: bytes, ref: PostRef) -> Post:
    data, named = _read(body, ref, "Threads")
    return _build(data, named, "https://www.threads.net/", text=None, handle=(named.handle, "oembed:html"))
