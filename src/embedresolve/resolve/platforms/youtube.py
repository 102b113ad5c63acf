"""YouTube's lookups: oEmbed live; the watch page and oEmbed captures in archives.

The watch page is archived under several URL forms (``www.``, ``m.``,
``http://``); the Wayback CDX treats scheme and ``www.`` alike, so the
canonical form and the mobile one are asked. oEmbed captures are looked up
at the URL a browser-side embed library asks (``format=json``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from embedresolve.platforms.base import PostRef
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.formats.youtube import parse_youtube_oembed, parse_youtube_page
from embedresolve.resolve.platforms.spec import Platform, Request

NAME = "youtube"
LIVE_BASE = "https://www.youtube.com"


def oembed_url(base: str, video_id: str) -> str:
    watch = f"https://www.youtube.com/watch?v={video_id}"
    return f"{base.rstrip('/')}/oembed?" + urlencode({"url": watch, "format": "json"})


def live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    assert ref.post_id is not None
    return (Request("oembed", oembed_url(endpoints.youtube, ref.post_id), parse_youtube_oembed),)


def archived(ref: PostRef) -> tuple[Request, ...]:
    assert ref.post_id is not None
    video = ref.post_id
    return (
        Request("page", f"https://www.youtube.com/watch?v={video}", parse_youtube_page),
        Request("page", f"https://m.youtube.com/watch?v={video}", parse_youtube_page),
        Request("oembed", oembed_url(LIVE_BASE, video), parse_youtube_oembed),
    )


PLATFORM = Platform(NAME, live, archived)
