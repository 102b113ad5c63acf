"""Tweet media objects (syndication ``mediaDetails``, v1.1 ``entities.media``) → :class:`Media`.

Syndication and API v1.1 share the media object: ``type``, the file
(``media_url_https``), the ``https://t.co/CODE`` of the text (``url``), the
``pic.twitter.com/CODE`` of the embed (``display_url``: the same code, which
is how a flattened embed is matched to its post) and, for videos,
``video_info.variants``. API v2 lists variants too (with ``bit_rate``), so
:func:`video_variants` serves it as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from embedresolve.provenance import Media
from embedresolve.resolve.formats.values import as_dict, as_list, as_str

__all__ = ["media_objects", "video_variants"]


def media_objects(items: Iterable[object]) -> tuple[Media, ...]:
    """The readable media of ``items``, in payload order (objects without any URL are skipped)."""
    media = (_media_object(item) for item in items if isinstance(item, dict))
    return tuple(m for m in media if m is not None)


def _media_object(item: dict[str, Any]) -> Media | None:
    """``url`` is the best video rendition, else the file, else (``entities.media`` of the
    recorded syndication payloads, which name no file) the ``…/photo/1`` page."""
    variants = video_variants(item.get("video_info"))
    url = (
        (variants[0] if variants else None)
        or as_str(item.get("media_url_https"))
        or as_str(item.get("url_https"))
        or as_str(item.get("media_url"))
        or as_str(item.get("expanded_url"))
    )
    if not url:
        return None
    return Media(
        type=as_str(item.get("type")) or "photo",
        url=url,
        short_url=as_str(item.get("url")),
        display_url=as_str(item.get("display_url")),
        variants=variants,
    )


def video_variants(video_info: object) -> tuple[str, ...]:
    """Rendition URLs: MP4s by bitrate, best first, then the rest (HLS) in payload order."""
    listed = as_list(as_dict(video_info).get("variants"))
    entries = [v for v in listed if isinstance(v, dict) and as_str(v.get("url"))]
    mp4 = sorted((v for v in entries if v.get("content_type") == "video/mp4"), key=_bitrate, reverse=True)
    rest = [v for v in entries if v.get("content_type") != "video/mp4"]
    return tuple(str(v["url"]) for v in [*mp4, *rest])


def _bitrate(variant: dict[str, Any]) -> int:
    value = variant.get("bitrate", variant.get("bit_rate"))  # v1.1 / syndication, v2
    return value if isinstance(value, int) else 0
