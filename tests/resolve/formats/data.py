"""Where the format tests find their payloads: the recordings the live and archive tests already keep."""

from __future__ import annotations

import json
from pathlib import Path

TESTS = Path(__file__).resolve().parents[2]
SYNDICATION = TESTS / "live" / "data" / "syndication"
OEMBED = TESTS / "live" / "data" / "oembed"
BLOCKQUOTES = TESTS / "live" / "data" / "blockquotes"
PAGES = TESTS / "archive" / "data" / "pages"


def syndication(name: str) -> dict:
    """A recorded (or SYNTHETIC) ``tweet-result`` object, decoded."""
    return json.loads((SYNDICATION / name).read_text(encoding="utf-8"))["response_json"]


def oembed(path: Path) -> dict:
    """The recorded oEmbed body exactly as sent (not the converter's re-parse), decoded."""
    return json.loads(json.loads(path.read_text(encoding="utf-8"))["body"])


def blockquote(name: str) -> dict:
    """A real embed blockquote from a saved news page, as the ``html`` of an oEmbed object."""
    return {"html": (BLOCKQUOTES / name).read_text(encoding="utf-8")}
