"""A media file's real type from its first bytes, never from its URL (``.jpg`` URLs serve PNGs)."""

from __future__ import annotations

__all__ = ["SNIFF_BYTES", "content_type_for", "sniff_extension"]

SNIFF_BYTES = 16
"""How many leading bytes :func:`sniff_extension` needs."""

_CONTENT_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "mp4": "video/mp4",
    "webm": "video/webm",
    "bin": "application/octet-stream",
}


def sniff_extension(head: bytes) -> str:
    """``jpg``/``png``/``gif``/``webp``/``mp4``/``webm`` from the signature; ``bin`` when unknown."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp"
    if head[4:8] == b"ftyp":  # ISO base media (MP4, MOV): a box size, then "ftyp"
        return "mp4"
    if head.startswith(b"\x1a\x45\xdf\xa3"):
        return "webm"
    return "bin"


def content_type_for(extension: str) -> str:
    """The MIME type a sniffed extension stands for."""
    return _CONTENT_TYPES.get(extension, "application/octet-stream")
