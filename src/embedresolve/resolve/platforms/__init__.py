"""How each platform other than Twitter is resolved: one :class:`~.spec.Platform` per platform.

:data:`PLATFORMS` is the registry the resolver's sources are built from;
the sources themselves are generic (:mod:`.live`,
:mod:`embedresolve.resolve.sources.archived_pages`). URL knowledge (what a
post URL is, its canonical form) stays in :mod:`embedresolve.platforms`.
"""

from __future__ import annotations

from embedresolve.resolve.platforms import (
    bluesky,
    instagram,
    mastodon,
    meta_pages,
    telegram,
    video_sites,
    youtube,
)
from embedresolve.resolve.platforms.spec import Parse, Platform, PlatformPostSource, Request

__all__ = ["PLATFORMS", "Parse", "Platform", "PlatformPostSource", "Request"]

PLATFORMS: dict[str, Platform] = {
    spec.name: spec
    for spec in (
        youtube.PLATFORM,
        instagram.PLATFORM,
        video_sites.TIKTOK,
        meta_pages.FACEBOOK,
        video_sites.VIMEO,
        video_sites.REDDIT,
        telegram.PLATFORM,
        bluesky.PLATFORM,
        mastodon.PLATFORM,
        meta_pages.THREADS,
    )
}
