"""The oEmbed answers of TikTok, Vimeo and Reddit → the post, each reading its own ID field.

* TikTok (``/oembed?url=…``): ``embed_product_id`` (also the blockquote's
  ``data-video-id``) is the video; ``title`` is the caption, so it is the
  post's *text*; ``author_unique_id`` the handle.
* Vimeo (``/api/oembed.json?url=…``): ``video_id``, ``title``,
  ``description``, ``upload_date`` (``2017-09-25 10:36:56``, no zone given:
  read as UTC), ``author_url`` ending in the account's name.
* Reddit (``/oembed?url=…``): only the title and the author (``u/NAME``),
  and the post ID in the blockquote's permalink.
"""

from __future__ import annotations

import re

from embedresolve.errors import UnreadablePayload
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Post
from embedresolve.resolve.formats.platform_oembed import oembed_draft, oembed_object
from embedresolve.resolve.formats.times import parse_created_at
from embedresolve.resolve.formats.values import as_str

__all__ = ["parse_reddit_oembed", "parse_tiktok_oembed", "parse_vimeo_oembed"]

_DIGITS = re.compile(r"[0-9]{1,25}")
_DATA_VIDEO_ID = re.compile(r'data-video-id="([0-9]{1,25})"')
_HREF = re.compile(r'href="([^"]{1,2000})"')
_LAST_SEGMENT = re.compile(r"/([A-Za-z0-9_.-]{1,100})/?$")


def parse_tiktok_oembed(body: bytes, ref: PostRef) -> Post:
    data = oembed_object(body)
    product = data.get("embed_product_id")
    video = str(product) if isinstance(product, (str, int)) and _DIGITS.fullmatch(str(product)) else None
    id_source = "oembed:embed_product_id"
    if video is None:
        match = _DATA_VIDEO_ID.search(as_str(data.get("html")) or "")
        video, id_source = (match.group(1), "oembed:html") if match else (None, "")
    if video is None:
        raise UnreadablePayload("TikTok oEmbed answer names no video ID")
    draft = oembed_draft(data, "https://www.tiktok.com/")
    caption = draft.values.pop("title", None)
    draft.sources.pop("title", None)
    draft.put("text", caption, "oembed:title")
    draft.put("author_handle", as_str(data.get("author_unique_id")), "oembed:author_unique_id")
    handle = draft.values.get("author_handle")
    url = f"https://www.tiktok.com/@{handle}/video/{video}" if handle else ref.canonical_url
    draft.put("url", url, id_source)
    draft.add_media("video", url, id_source)
    if draft.empty:
        raise UnreadablePayload("TikTok oEmbed answer has no caption or author")
    return draft.build("tiktok", video, "oembed")


def parse_vimeo_oembed(body: bytes, ref: PostRef) -> Post:
    data = oembed_object(body)
    raw = data.get("video_id")
    video = str(raw) if isinstance(raw, (str, int)) and _DIGITS.fullmatch(str(raw)) else None
    if video is None:
        raise UnreadablePayload("Vimeo oEmbed answer names no video_id")
    draft = oembed_draft(data, "https://vimeo.com/")
    draft.put("text", as_str(data.get("description")), "oembed:description")
    draft.put("created_at", parse_created_at(as_str(data.get("upload_date"))), "oembed:upload_date")
    account = _LAST_SEGMENT.search(draft.values.get("author_url", ""))
    draft.put("author_handle", account.group(1) if account else None, "oembed:author_url")
    url = f"https://vimeo.com/{video}"
    draft.put("url", url, "oembed:video_id")
    draft.add_media("video", url, "oembed:video_id")
    if "title" not in draft.values:
        raise UnreadablePayload("Vimeo oEmbed answer has no title")
    return draft.build("vimeo", video, "oembed")


def parse_reddit_oembed(body: bytes, ref: PostRef) -> Post:
    data = oembed_object(body)
    html = as_str(data.get("html")) or ""
    post = None
    for href in _HREF.findall(html):
        named = parse_post_url(href)
        if named is not None and named.platform == "reddit" and named.post_id:
            post = named
            break
    if post is None or post.post_id is None:
        raise UnreadablePayload("Reddit oEmbed answer names no post")
    draft = oembed_draft(data, "https://www.reddit.com/")
    author = draft.values.get("author_name")
    draft.put("author_handle", f"u/{author}" if author else None, "oembed:author_name")
    draft.put(
        "author_url", f"https://www.reddit.com/user/{author}/" if author else None, "oembed:author_name"
    )
    draft.put("url", post.canonical_url, "oembed:html")
    if "title" not in draft.values:
        raise UnreadablePayload("Reddit oEmbed answer has no title")
    return draft.build("reddit", post.post_id, "oembed")
