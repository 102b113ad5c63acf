"""TikTok's, Vimeo's and Reddit's lookups: oEmbed live; the post page and oEmbed captures in archives.

Each is asked at the URL its own embed code asks (``format=json`` where the
provider wants it), so an archived capture made by a browser-side embed is
found at the same address.
"""

from __future__ import annotations

from urllib.parse import urlencode

from embedresolve.platforms.base import PostRef
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.formats.social_page import parse_social_page
from embedresolve.resolve.formats.video_oembed import (
    parse_reddit_oembed,
    parse_tiktok_oembed,
    parse_vimeo_oembed,
)
from embedresolve.resolve.platforms.spec import Platform, Request

__all__ = ["REDDIT", "TIKTOK", "VIMEO"]


def _query(base: str, path: str, **params: str) -> str:
    return f"{base.rstrip('/')}{path}?" + urlencode(params)


# -- TikTok ---------------------------------------------------------------------------------


def _tiktok_video(ref: PostRef) -> str:
    return ref.canonical_url  # https://www.tiktok.com/@handle/video/ID (or /embed/v2/ID's canonical)


def _tiktok_live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    return (
        Request("oembed", _query(endpoints.tiktok, "/oembed", url=_tiktok_video(ref)), parse_tiktok_oembed),
    )


def _tiktok_archived(ref: PostRef) -> tuple[Request, ...]:
    return (
        Request("page", _tiktok_video(ref), parse_social_page),
        Request(
            "oembed", _query("https://www.tiktok.com", "/oembed", url=_tiktok_video(ref)), parse_tiktok_oembed
        ),
    )


TIKTOK = Platform("tiktok", _tiktok_live, _tiktok_archived)

# -- Vimeo ----------------------------------------------------------------------------------


def _vimeo_live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    video = f"https://vimeo.com/{ref.post_id}"
    return (Request("oembed", _query(endpoints.vimeo, "/api/oembed.json", url=video), parse_vimeo_oembed),)


def _vimeo_archived(ref: PostRef) -> tuple[Request, ...]:
    video = f"https://vimeo.com/{ref.post_id}"
    return (
        Request("page", video, parse_social_page),
        Request("oembed", _query("https://vimeo.com", "/api/oembed.json", url=video), parse_vimeo_oembed),
    )


VIMEO = Platform("vimeo", _vimeo_live, _vimeo_archived)

# -- Reddit ---------------------------------------------------------------------------------


def _reddit_live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    return (
        Request("oembed", _query(endpoints.reddit, "/oembed", url=ref.canonical_url), parse_reddit_oembed),
    )


def _reddit_archived(ref: PostRef) -> tuple[Request, ...]:
    return (
        Request(
            "oembed", _query("https://www.reddit.com", "/oembed", url=ref.canonical_url), parse_reddit_oembed
        ),
    )


REDDIT = Platform("reddit", _reddit_live, _reddit_archived)
