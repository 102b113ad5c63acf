"""A post page of a photo/video platform (Instagram, Facebook, TikTok, Threads …) → the post.

Logged-out post pages (and their archived captures) describe the post for
link previews: ``og:url`` names it, ``og:title`` is "NAME on Instagram:
“…”", ``og:description`` "361 Likes, 3 Comments - NAME (@handle) on
Instagram: “…”", ``og:image``/``og:video`` its media, and many carry a
schema.org JSON-LD object (``ImageObject``, ``VideoObject``,
``SocialMediaPosting``) with the full caption, ``uploadDate``, the author
and interaction counts. Instagram's older pages (to 2020) also inline the app's
boot data, ``window._sharedData``, whose ``shortcode_media`` holds the caption,
the owner, ``taken_at_timestamp``, the media and the counts.
:func:`parse_social_page` reads ``_sharedData`` first, then JSON-LD, then the meta.

A page that names no post, or names another post, is not this post: the ID
comes from the page (``og:url``, canonical link, JSON-LD ``@id``), and the
source refuses a page about another ID. A login wall (canonical URL on a
login path, or the platform's login title) is ``protected``; "this page isn't
available" is ``deleted``.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any

from embedresolve.errors import PostUnavailable, UnreadablePayload
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Post, iso_utc
from embedresolve.resolve.formats.draft import PostDraft
from embedresolve.resolve.formats.page_meta import PageMeta, embedded_json, read_page
from embedresolve.resolve.formats.times import parse_created_at
from embedresolve.resolve.formats.values import MAX_HTML_CHARS, as_dict, as_list, as_str

__all__ = ["parse_social_page"]

_LD_TYPES = ("ImageObject", "VideoObject", "SocialMediaPosting", "Article", "CreativeWork")
_HANDLE_IN_TEXT = re.compile(r"\(@([A-Za-z0-9_.]{1,40})\)")
_NAME_ON = re.compile(r"^(.{1,200}?) (?:on|en|auf|sur|su|no) (?:Instagram|Facebook|TikTok|Threads)\b")
_LOGIN_PATHS = ("/accounts/login", "/login", "/checkpoint")
_LOGIN_TITLES = ("Login • Instagram", "Log into Facebook", "Log in or sign up", "Instagram")
_GONE_MARKERS = ("Sorry, this page isn't available", "This content isn't available", "Page Not Found")


def parse_social_page(body: bytes, ref: PostRef) -> Post:
    page = read_page(body)
    page_url = page.meta.get("og:url") or page.canonical or ""
    if any(marker in page_url for marker in _LOGIN_PATHS) or page.title in _LOGIN_TITLES:
        raise PostUnavailable("protected", f"a login wall ({page.title or page_url})")
    text = body[:MAX_HTML_CHARS].decode("utf-8", errors="replace")
    says_gone = any(marker in (page.title or "") or marker in text[:200_000] for marker in _GONE_MARKERS)
    if says_gone and not page.meta.get("og:url"):
        raise PostUnavailable("deleted", "the page says the post isn't available")
    draft = PostDraft()
    shared = _shared_media(text) if ref.platform == "instagram" else {}
    post_id = as_str(shared.get("shortcode")) or _named_post(page, ref.platform)
    if post_id is None:
        raise UnreadablePayload("the page names no post (no og:url, canonical or JSON-LD @id)")
    if shared:
        _from_shared_data(draft, shared)
    ld = page.ld_of_type(*_LD_TYPES)
    if ld is not None:
        _from_json_ld(draft, ld)
    _from_meta(draft, page)
    if draft.empty:
        raise UnreadablePayload("the page describes no post (no caption, title, author or media)")
    canonical = parse_post_url(page_url)
    draft.put("url", canonical.canonical_url if canonical else ref.canonical_url, "og:url")
    return draft.build(ref.platform, post_id, "page")


def _shared_media(text: str) -> dict[str, Any]:
    """``window._sharedData`` → ``entry_data.PostPage[0].graphql.shortcode_media`` (pages to 2020)."""
    shared = embedded_json(text, "window._sharedData") or {}
    pages = as_list(as_dict(shared.get("entry_data")).get("PostPage"))
    first = as_dict(pages[0]) if pages else {}
    return as_dict(as_dict(first.get("graphql")).get("shortcode_media"))


def _from_shared_data(draft: PostDraft, media: dict[str, Any]) -> None:
    src = "_sharedData:shortcode_media"
    captions = as_list(as_dict(media.get("edge_media_to_caption")).get("edges"))
    caption = as_dict(as_dict(captions[0]).get("node")).get("text") if captions else None
    draft.put("text", as_str(caption), f"{src}.edge_media_to_caption")
    owner = as_dict(media.get("owner"))
    draft.put("author_handle", as_str(owner.get("username")), f"{src}.owner.username")
    draft.put("author_name", as_str(owner.get("full_name")), f"{src}.owner.full_name")
    username = as_str(owner.get("username"))
    draft.put(
        "author_url", f"https://www.instagram.com/{username}/" if username else None, f"{src}.owner.username"
    )
    taken = media.get("taken_at_timestamp")
    if isinstance(taken, int) and not isinstance(taken, bool) and 0 < taken < 10**11:
        moment = datetime.fromtimestamp(taken, tz=timezone.utc)
        draft.put("created_at", iso_utc(moment), f"{src}.taken_at_timestamp")
    draft.count(
        "likes", as_dict(media.get("edge_media_preview_like")).get("count"), f"{src}.edge_media_preview_like"
    )
    draft.count(
        "comments",
        as_dict(media.get("edge_media_to_parent_comment")).get("count"),
        f"{src}.edge_media_to_parent_comment",
    )
    draft.count("views", media.get("video_view_count"), f"{src}.video_view_count")
    if media.get("is_video") is True:
        draft.add_media("video", as_str(media.get("video_url")), f"{src}.video_url")
    draft.add_media("photo", as_str(media.get("display_url")), f"{src}.display_url")


def _named_post(page: PageMeta, platform: str) -> str | None:
    ld = page.ld_of_type(*_LD_TYPES) or {}
    main = as_dict(ld.get("mainEntityofPage") or ld.get("mainEntityOfPage"))
    for url in (page.meta.get("og:url"), page.canonical, as_str(main.get("@id")), as_str(ld.get("url"))):
        ref = parse_post_url(url) if url else None
        if ref is not None and ref.platform == platform and ref.post_id:
            return ref.post_id
    return None


def _from_json_ld(draft: PostDraft, ld: dict[str, Any]) -> None:
    kind = ld.get("@type")
    src = f"json-ld:{kind if isinstance(kind, str) else 'object'}"
    draft.put("text", as_str(ld.get("caption")) or as_str(ld.get("articleBody")), f"{src}.caption")
    when = as_str(ld.get("uploadDate")) or as_str(ld.get("datePublished")) or as_str(ld.get("dateCreated"))
    draft.put("created_at", parse_created_at(when), f"{src}.uploadDate")
    author = ld.get("author")
    author = as_dict(as_list(author)[0] if isinstance(author, list) and author else author)
    handle = as_str(author.get("alternateName")) or as_str(author.get("identifier"))
    draft.put("author_handle", handle.lstrip("@") if handle else None, f"{src}.author.alternateName")
    draft.put("author_name", as_str(author.get("name")), f"{src}.author.name")
    profile = as_dict(author.get("mainEntityofPage") or author.get("mainEntityOfPage"))
    draft.put("author_url", as_str(profile.get("@id")) or as_str(author.get("url")), f"{src}.author.url")
    draft.count("comments", ld.get("commentCount"), f"{src}.commentCount")
    for stat in as_list(ld.get("interactionStatistic")) or [ld.get("interactionStatistic")]:
        stat = as_dict(stat)
        action = as_str(as_dict(stat.get("interactionType")).get("@type")) or as_str(
            stat.get("interactionType")
        )
        name = {"LikeAction": "likes", "CommentAction": "comments", "WatchAction": "views"}.get(
            (action or "").rsplit("/", 1)[-1]
        )
        if name:
            draft.count(name, stat.get("userInteractionCount"), f"{src}.interactionStatistic")
    draft.add_media(
        "video", as_str(ld.get("contentUrl")) if kind == "VideoObject" else None, f"{src}.contentUrl"
    )


def _from_meta(draft: PostDraft, page: PageMeta) -> None:
    title_key, title = page.get("og:title", "twitter:title")
    desc_key, description = page.get("og:description", "twitter:description", "description")
    named = _NAME_ON.match(title or "") or _NAME_ON.match(description or "")
    if named is not None:
        name = _HANDLE_IN_TEXT.sub("", named.group(1).split(" - ")[-1]).strip()  # "Name (@handle)"
        draft.put("author_name", name, f"{title_key or desc_key}")
    handle = _HANDLE_IN_TEXT.search(description or "") or _HANDLE_IN_TEXT.search(title or "")
    if handle is not None:
        draft.put("author_handle", handle.group(1), f"{desc_key}")
    draft.put("text", description, desc_key or "")
    image_key, image = page.get("og:image", "twitter:image")
    draft.put("thumbnail_url", image, image_key or "")
    video_key, video = page.get("og:video:secure_url", "og:video", "og:video:url")
    if video:
        draft.add_media("video", video, video_key or "")
    elif image:
        draft.add_media("photo", image, image_key or "")
