"""YouTube: the oEmbed answer and the watch page (``ytInitialPlayerResponse``, microdata, ``og:``).

oEmbed (``/oembed?url=…&format=json``) gives the title, the channel's name
and URL and the thumbnail; the video's ID is read back from the embed
``html`` (``/embed/<ID>``) or the thumbnail (``/vi/<ID>/``). It answers 401
for a private video and 404 for a deleted one.

The watch page inlines the player's answer, ``ytInitialPlayerResponse``:
``playabilityStatus`` says whether there is a video at all (``ERROR`` with
"Video unavailable" for a removed one, ``LOGIN_REQUIRED`` for a private or
age-gated one), ``videoDetails`` holds ID, title, channel, description and
views, ``microformat.playerMicroformatRenderer`` the publish date and the
channel URL. Older captures (before 2020) carry the same facts as
``itemprop`` microdata (``videoId``, ``datePublished``) and ``og:`` meta,
read as fallbacks. A consent page (``consent.youtube.com``) is not a video.
"""

from __future__ import annotations

import re
from typing import Any

from embedresolve.errors import PostUnavailable, Unavailable, UnreadablePayload
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Post
from embedresolve.resolve.formats.draft import PostDraft
from embedresolve.resolve.formats.page_meta import embedded_json, read_page
from embedresolve.resolve.formats.platform_oembed import oembed_draft, oembed_object
from embedresolve.resolve.formats.times import parse_created_at
from embedresolve.resolve.formats.values import MAX_HTML_CHARS, as_dict, as_list, as_str

__all__ = ["parse_youtube_oembed", "parse_youtube_page"]

PLATFORM = "youtube"
PROVIDER = "https://www.youtube.com/"
_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_EMBED_ID = re.compile(r"/embed/([A-Za-z0-9_-]{11})(?![A-Za-z0-9_-])")
_THUMB_ID = re.compile(r"/vi(?:_webp)?/([A-Za-z0-9_-]{11})/")
_HANDLE_PATH = re.compile(r"/@([A-Za-z0-9_.-]{1,100})$")
_CONSENT = ("consent.youtube.com", "consent.google.")
_UNAVAILABLE: dict[str, Unavailable] = {"ERROR": "deleted", "LOGIN_REQUIRED": "protected"}


def canonical(video_id: str) -> str:
    return f"https://www.youtube.com/watch?v={video_id}"


def _handle(author_url: str | None) -> str | None:
    """``smshdchrb`` from ``https://www.youtube.com/@smshdchrb`` (channel and /user/ URLs name no handle)."""
    match = _HANDLE_PATH.search(author_url or "")
    return match.group(1) if match else None


def _finish(draft: PostDraft, video_id: str, source: str) -> Post:
    draft.put("url", canonical(video_id), source)
    draft.put("author_handle", _handle(draft.values.get("author_url")), draft.sources.get("author_url", ""))
    draft.add_media("video", canonical(video_id), source)
    return draft.build(PLATFORM, video_id, source)


def parse_youtube_oembed(body: bytes, ref: PostRef) -> Post:
    """An oEmbed answer → the video; the ID is the one its embed markup plays."""
    data = oembed_object(body)
    html = as_str(data.get("html")) or ""
    if "videoseries" in html:
        raise UnreadablePayload("oEmbed answer is for a playlist, not a video")
    match = _EMBED_ID.search(html) or _THUMB_ID.search(as_str(data.get("thumbnail_url")) or "")
    if match is None:
        raise UnreadablePayload("oEmbed answer names no video ID")
    draft = oembed_draft(data, PROVIDER)
    if "title" not in draft.values:
        raise UnreadablePayload("oEmbed answer has no title")
    return _finish(draft, match.group(1), "oembed:html")


def parse_youtube_page(body: bytes, ref: PostRef) -> Post:
    """A watch page (live or archived) → the video, or why there is none."""
    page = read_page(body)
    text = body[:MAX_HTML_CHARS].decode("utf-8", errors="replace")
    page_url = page.meta.get("og:url") or page.canonical or ""
    if any(marker in page_url for marker in _CONSENT) or any(
        f'action="https://{marker}' in text for marker in _CONSENT
    ):
        raise UnreadablePayload("a consent page, not the video")
    player = embedded_json(text, "ytInitialPlayerResponse") or {}
    status = as_dict(player.get("playabilityStatus"))
    details = as_dict(player.get("videoDetails"))
    outcome = _UNAVAILABLE.get(as_str(status.get("status")) or "")
    if outcome is not None and not as_str(details.get("title")):
        reason = as_str(status.get("reason")) or as_str(status.get("status")) or "unplayable"
        raise PostUnavailable(outcome, f"watch page: {reason}")
    draft = PostDraft()
    _from_player(draft, details, as_dict(as_dict(player.get("microformat")).get("playerMicroformatRenderer")))
    video_id = as_str(details.get("videoId"))
    id_source = "ytInitialPlayerResponse:videoDetails.videoId"
    if video_id is None:
        video_id = page.meta.get("videoid")
        id_source = "itemprop:videoId"
    if video_id is None:
        named = parse_post_url(page_url) if page_url else None
        video_id = named.post_id if named is not None and named.platform == PLATFORM else None
        id_source = "og:url"
    if video_id is None or not _ID.fullmatch(video_id):
        raise UnreadablePayload("watch page names no video (no player answer, videoId or og:url)")
    draft.put("title", page.meta.get("og:title") or page.meta.get("title"), "og:title")
    draft.put("text", page.meta.get("og:description") or page.meta.get("description"), "og:description")
    draft.put("created_at", parse_created_at(page.meta.get("datepublished")), "itemprop:datePublished")
    draft.put("thumbnail_url", page.meta.get("og:image"), "og:image")
    if "title" not in draft.values:
        raise UnreadablePayload("watch page has no title")
    return _finish(draft, video_id, id_source)


def _from_player(draft: PostDraft, details: dict[str, Any], micro: dict[str, Any]) -> None:
    src = "ytInitialPlayerResponse:"
    draft.put("title", as_str(details.get("title")), src + "videoDetails.title")
    draft.put("text", as_str(details.get("shortDescription")), src + "videoDetails.shortDescription")
    draft.put("author_name", as_str(details.get("author")), src + "videoDetails.author")
    owner = as_str(micro.get("ownerProfileUrl"))
    draft.put(
        "author_url",
        owner.replace("http://", "https://", 1) if owner else None,
        src + "microformat.ownerProfileUrl",
    )
    channel = as_str(details.get("channelId"))
    if channel and "author_url" not in draft.values:
        draft.put("author_url", f"https://www.youtube.com/channel/{channel}", src + "videoDetails.channelId")
    when = as_str(micro.get("publishDate")) or as_str(micro.get("uploadDate"))
    draft.put("created_at", parse_created_at(when), src + "microformat.publishDate")
    draft.count("views", details.get("viewCount"), src + "videoDetails.viewCount")
    thumbs = as_list(as_dict(details.get("thumbnail")).get("thumbnails"))
    if thumbs:
        draft.put("thumbnail_url", as_str(as_dict(thumbs[-1]).get("url")), src + "videoDetails.thumbnail")
