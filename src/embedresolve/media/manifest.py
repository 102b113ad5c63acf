"""``DIR/manifest.jsonl``: one line per (record, embed, media item), and its JSON Schema.

Lines are appended, flushed and fsynced one at a time; a line torn by a crash
(no final newline) is cut off when the file is next opened for writing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO

__all__ = ["MANIFEST_SCHEMA", "OUTCOMES", "ManifestWriter", "summary"]

OUTCOMES = ("archived", "duplicate", "not_found", "not_archived", "blocked", "too_large", "failed")

_STR = {"type": ["string", "null"]}
_INT = {"type": ["integer", "null"], "minimum": 0}

MANIFEST_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "embedresolve archive-media manifest line",
    "type": "object",
    "required": [
        "record",
        "embed",
        "index",
        "post",
        "role",
        "identity",
        "candidates",
        "outcome",
        "attempts",
    ],
    "additionalProperties": False,
    "properties": {
        "record": {"type": "integer", "minimum": 0, "description": "0-based position of the record in IN"},
        "embed": {"type": "integer", "minimum": 0, "description": "position of the embed in the record"},
        "index": {
            "type": "integer",
            "minimum": 0,
            "description": "position of the item among the embed's media",
        },
        "post": {
            "type": "object",
            "required": ["platform", "post_id"],
            "properties": {"platform": {"type": "string"}, "post_id": _STR},
        },
        "role": {"enum": ["photo", "video", "gif", "card_image", "avatar", "poster"]},
        "identity": {"type": "string", "description": "dedup key, e.g. twitter:photo:<ID>"},
        "candidates": {"type": "array", "items": {"type": "string"}, "description": "URL forms, best first"},
        "playlists": {
            "type": "array",
            "items": {"type": "string"},
            "description": "HLS: recorded, not crawled",
        },
        "variant_role": {"enum": ["best", "replay", None]},
        "chosen_url": {**_STR, "description": "the URL the bytes are the content of"},
        "variant": {
            "type": ["object", "null"],
            "properties": {
                "name": {"type": "string"},
                "format": _STR,
                "bitrate": _INT,
                "width": _INT,
                "height": _INT,
            },
        },
        "source": {
            "type": ["string", "null"],
            "pattern": "^(live|wayback|memento:.+|warc:.+)$",
        },
        "memento_url": _STR,
        "memento_datetime": {**_STR, "description": "capture time (ISO 8601, UTC)"},
        "cdx_digest": _STR,
        "digest_matched": {"type": ["boolean", "null"]},
        "http_status": _INT,
        "content_type": _STR,
        "bytes": _INT,
        "sha256": {"type": ["string", "null"], "pattern": "^[0-9a-f]{64}$"},
        "sha1": {"type": ["string", "null"], "pattern": "^[A-Z2-7]{32}$", "description": "base32, as CDX"},
        "path": {**_STR, "description": "relative to DIR"},
        "warc": {
            "type": ["object", "null"],
            "required": ["file", "offset", "record_id"],
            "properties": {
                "file": {"type": "string"},
                "offset": {"type": "integer", "minimum": 0},
                "record_id": {"type": "string"},
                "date": {"type": "string", "description": "WARC-Date of the record"},
            },
        },
        "duplicate_of": {**_STR, "description": "identity that first archived this payload"},
        "retrieved_at": _STR,
        "attempts": {"type": "array", "items": {"type": "object"}},
        "outcome": {"enum": list(OUTCOMES)},
        "error": _STR,
    },
}

_SUMMARY_FIELDS = (
    "index",
    "role",
    "identity",
    "outcome",
    "chosen_url",
    "source",
    "memento_datetime",
    "sha256",
    "path",
    "bytes",
    "content_type",
    "error",
)


def summary(line: dict[str, Any]) -> dict[str, Any]:
    """The part of a manifest line attached to ``embeds[].media[]`` in OUT."""
    return {key: line.get(key) for key in _SUMMARY_FIELDS}


class ManifestWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        _cut_torn_line(path)
        self._fh: TextIO = path.open("a", encoding="utf-8")

    def write(self, line: dict[str, Any]) -> None:
        self._fh.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def close(self) -> None:
        self._fh.close()


def _cut_torn_line(path: Path) -> None:
    if not path.exists():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("rb+") as fh:
            fh.truncate(data.rfind(b"\n") + 1)
