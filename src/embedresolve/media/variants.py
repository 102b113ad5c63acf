"""Ranked URL forms of one media file, and the video renditions worth keeping (pure).

Photos (``pbs.twimg.com/media/<ID>``): the ``name=orig`` form in the media's own
format first — a wrong ``format`` is a 404, so the other format comes next —,
then ever smaller named sizes, then the legacy ``.<ext>:<size>`` forms that old
captures (and old embeds) use. Archives hold whichever form a crawler met, so the
same ranking orders their captures.

Videos: the highest-bitrate MP4 (``best``) and the best one at or under 5 Mbps
(``replay``: what replay tools pick, so an archived tweet replays with its
video). Bitrates come from the payload when it has them; a post record that kept
only the URLs still names the frame size in the path (``/vid/1280x720/``), and
the 720p rendition is the one under 5 Mbps on Twitter's ladder
(256k/832k/2176k/10368k), so the pixel count stands in for it.
HLS playlists are recorded, never crawled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

__all__ = [
    "PHOTO_SIZES",
    "REPLAY_MAX_BITRATE",
    "PhotoRef",
    "UrlForm",
    "VideoChoice",
    "VideoVariant",
    "choose_videos",
    "parse_photo_url",
    "photo_forms",
    "video_media_id",
    "video_variant",
]

PHOTO_SIZES = ("orig", "4096x4096", "large", "medium", "small")
REPLAY_MAX_BITRATE = 5_000_000
_REPLAY_MAX_PIXELS = 1280 * 720  # the 2176 kbps rung: see the module docstring
_FORMATS = ("jpg", "png")

_PBS_MEDIA = re.compile(r"/media/([A-Za-z0-9_-]{1,64})(?:\.([a-z]{3,4}))?(?::([a-z0-9]{1,12}))?")
_FRAME = re.compile(r"/([0-9]{2,5})x([0-9]{2,5})/")
_VIDEO_ID = re.compile(r"/(?:ext_tw_video|amplify_video)(?:_thumb)?/([0-9]{1,25})/")
_GIF_NAME = re.compile(r"/tweet_video/([A-Za-z0-9_-]{1,64})\.mp4")

VideoChoice = Literal["best", "replay", "both"]


@dataclass(frozen=True, slots=True, kw_only=True)
class UrlForm:
    """One URL a media file may be found under, with what that form promises."""

    url: str
    name: str  # orig, large, … ; a video's rendition name
    format: str | None = None
    bitrate: int | None = None
    width: int | None = None
    height: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "format": self.format,
            "bitrate": self.bitrate,
            "width": self.width,
            "height": self.height,
        }


@dataclass(frozen=True, slots=True)
class PhotoRef:
    """What a pbs.twimg.com media URL names: the ID (case matters) and its format."""

    media_id: str
    format: str
    host: str


def parse_photo_url(url: str) -> PhotoRef | None:
    """``pbs.twimg.com/media/<ID>`` in any of its forms, or None."""
    parts = urlsplit(url)
    if not parts.hostname or not parts.hostname.endswith("twimg.com"):
        return None
    match = _PBS_MEDIA.fullmatch(parts.path)
    if match is None:
        return None
    query = dict(parse_qsl(parts.query))
    fmt = query.get("format") or match.group(2) or "jpg"
    return PhotoRef(match.group(1), "jpg" if fmt == "jpeg" else fmt, parts.hostname)


def photo_forms(ref: PhotoRef) -> tuple[UrlForm, ...]:
    """Every form of the photo, best first (see the module docstring)."""
    base = f"https://{ref.host}/media/{ref.media_id}"
    other = [f for f in _FORMATS if f != ref.format]
    forms = [UrlForm(url=f"{base}?format={ref.format}&name=orig", name="orig", format=ref.format)]
    forms += [UrlForm(url=f"{base}?format={f}&name=orig", name="orig", format=f) for f in other]
    forms += [
        UrlForm(url=f"{base}?format={ref.format}&name={size}", name=size, format=ref.format)
        for size in PHOTO_SIZES[1:]
    ]
    forms += [
        UrlForm(url=f"{base}.{ref.format}:orig", name="orig", format=ref.format),
        UrlForm(url=f"{base}.{ref.format}:large", name="large", format=ref.format),
        UrlForm(url=f"{base}.{ref.format}", name="default", format=ref.format),
    ]
    return tuple(forms)


@dataclass(frozen=True, slots=True, kw_only=True)
class VideoVariant:
    """One rendition a payload lists."""

    url: str
    content_type: str
    bitrate: int | None
    width: int | None
    height: int | None

    @property
    def is_playlist(self) -> bool:
        return "mpegurl" in self.content_type.lower() or urlsplit(self.url).path.endswith(".m3u8")

    @property
    def name(self) -> str:
        if self.is_playlist:
            return "hls"
        if self.width and self.height:
            return f"{self.width}x{self.height}"
        return f"{self.bitrate}bps" if self.bitrate else "mp4"

    def form(self) -> UrlForm:
        return UrlForm(
            url=self.url,
            name=self.name,
            format="m3u8" if self.is_playlist else "mp4",
            bitrate=self.bitrate,
            width=self.width,
            height=self.height,
        )


def video_variant(entry: object) -> VideoVariant | None:
    """A variant from a payload object (``url``, ``content_type``, ``bitrate``) or a bare URL string."""
    if isinstance(entry, str):
        url, content_type, bitrate = entry, "", None
    elif isinstance(entry, dict) and isinstance(entry.get("url"), str):
        url = entry["url"]
        declared = entry.get("content_type")
        content_type = declared if isinstance(declared, str) else ""
        raw = entry.get("bitrate", entry.get("bit_rate"))
        bitrate = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
    else:
        return None
    if not content_type:
        content_type = "application/x-mpegURL" if ".m3u8" in urlsplit(url).path else "video/mp4"
    frame = _FRAME.search(urlsplit(url).path)
    width, height = (int(frame.group(1)), int(frame.group(2))) if frame else (None, None)
    return VideoVariant(url=url, content_type=content_type, bitrate=bitrate, width=width, height=height)


def _rank(variant: VideoVariant) -> tuple[int, int]:
    pixels = (variant.width or 0) * (variant.height or 0)
    return (variant.bitrate or 0, pixels)


def _fits_replay(variant: VideoVariant) -> bool:
    if variant.bitrate is not None:
        return variant.bitrate <= REPLAY_MAX_BITRATE
    pixels = (variant.width or 0) * (variant.height or 0)
    return 0 < pixels <= _REPLAY_MAX_PIXELS


def choose_videos(
    variants: list[VideoVariant], choice: VideoChoice = "both"
) -> tuple[list[tuple[str, VideoVariant]], list[VideoVariant]]:
    """``([(role_variant, variant)], playlists)``: the MP4s to fetch (``best``/``replay``) and the HLS
    playlists to record. ``both`` gives one entry when the best already fits replay."""
    mp4 = sorted((v for v in variants if not v.is_playlist), key=_rank, reverse=True)
    playlists = [v for v in variants if v.is_playlist]
    if not mp4:
        return [], playlists
    best = mp4[0]
    replay = next((v for v in mp4 if _fits_replay(v)), None)
    chosen: list[tuple[str, VideoVariant]] = []
    if choice in ("best", "both"):
        chosen.append(("best", best))
    if choice in ("replay", "both") and replay is not None and (choice == "replay" or replay is not best):
        chosen.append(("replay", replay))
    if choice == "replay" and replay is None:
        chosen.append(("best", best))
    return chosen, playlists


def video_media_id(url: str) -> str | None:
    """The numeric media ID in a video.twimg.com (or its thumbnail) path, or the GIF's name."""
    path = urlsplit(url).path
    match = _VIDEO_ID.search(path) or _GIF_NAME.search(path)
    return match.group(1) if match else None
