"""Where a content-addressed file lives: ``DIR/media/sha256/ab/cd/<sha256>.<ext>``."""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["media_path", "parse_media_name"]

_NAME = re.compile(r"([0-9a-f]{64})\.([a-z0-9]{1,5})")


def media_path(root: Path, sha256: str, extension: str) -> Path:
    """The file for a payload: two directory levels from the digest keep folders small."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        raise ValueError(f"not a hex sha256: {sha256!r}")
    return root / "media" / "sha256" / sha256[:2] / sha256[2:4] / f"{sha256}.{extension}"


def parse_media_name(name: str) -> tuple[str, str] | None:
    """``(sha256, ext)`` of a content-addressed file name, or None for anything else (temp files)."""
    match = _NAME.fullmatch(name)
    return (match.group(1), match.group(2)) if match else None
