"""The JSON Schema of an output record (``embedresolve schema``); tests validate against it."""

from __future__ import annotations

from typing import Any

from embedresolve.provenance import STATUSES

_NULLABLE_STRING = {"type": ["string", "null"]}
_SPAN = {
    "type": "array",
    "items": {"type": "integer", "minimum": 0},
    "minItems": 2,
    "maxItems": 2,
}

RESOLUTION_STATUSES = STATUSES  # the Literal of ``provenance.Status``: one list

_COUNT = {"type": "integer", "minimum": 0}

POST_SCHEMA: dict[str, Any] = {
    "type": ["object", "null"],
    "description": "the post a source reported (provenance.Post); the fields after 'source' are"
    " written only when a source gave them (tweets rarely have them)",
    "required": ["platform", "post_id", "source"],
    "properties": {
        "platform": {"type": "string"},
        "post_id": {"type": "string"},
        "url": _NULLABLE_STRING,
        "text": {**_NULLABLE_STRING, "description": "the post's text, a video's description, a caption"},
        "author": {
            "type": "object",
            "properties": {"name": _NULLABLE_STRING, "handle": _NULLABLE_STRING, "url": {"type": "string"}},
            "additionalProperties": False,
        },
        "created_at": _NULLABLE_STRING,
        "lang": _NULLABLE_STRING,
        "media": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "url"],
                "properties": {"type": {"type": "string"}, "url": {"type": "string"}},
            },
        },
        "quoted_post_id": _NULLABLE_STRING,
        "source": {"type": "string"},
        "title": {"type": "string", "description": "a video's or a link post's title"},
        "thumbnail_url": {"type": "string"},
        "counts": {"type": "object", "additionalProperties": _COUNT, "description": "views, likes …"},
        "field_sources": {
            "type": "object",
            "additionalProperties": {"type": "string"},
            "description": "for each field filled, where in the answer it was read",
        },
    },
    "additionalProperties": False,
}

EMBED_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["platform", "field", "span", "cut", "raw", "detector", "resolution"],
    "properties": {
        "platform": {
            "enum": [
                "twitter",
                "instagram",
                "facebook",
                "tiktok",
                "youtube",
                "vimeo",
                "telegram",
                "bluesky",
                "mastodon",
                "threads",
                "reddit",
            ]
        },
        "field": {"type": "string", "description": "the input field the embed was cut from"},
        "span": {**_SPAN, "description": "[start, end) of the embed in the original value"},
        "cut": {
            **_SPAN,
            "type": ["array", "null"],
            "description": "[start, end) of the text removed from the original; null when the embed is"
            " only listed (found in the HTML, not in the text)",
        },
        "raw": {"type": ["string", "null"], "description": "exactly the text removed"},
        "text": _NULLABLE_STRING,
        "author": {
            "type": "object",
            "properties": {"name": _NULLABLE_STRING, "handle": _NULLABLE_STRING},
            "additionalProperties": False,
        },
        "date_text": _NULLABLE_STRING,
        "date": {"type": ["string", "null"], "pattern": r"^\d{4}-\d{2}-\d{2}$"},
        "links": {"type": "array", "items": {"type": "string"}},
        "url": _NULLABLE_STRING,
        "post_id": {"type": ["string", "null"]},
        "detector": {
            "type": "object",
            "required": ["rule", "confidence"],
            "properties": {
                "rule": {"type": "string"},
                "confidence": {"type": "number", "minimum": 0, "maximum": 1},
            },
        },
        "resolution": {
            "type": ["object", "null"],
            "required": ["status"],
            "properties": {
                "status": {"enum": list(RESOLUTION_STATUSES)},
                "reason": _NULLABLE_STRING,
                "post": POST_SCHEMA,
                "match": {"type": ["object", "null"]},
                "provenance": {"type": "array", "items": {"type": "object"}},
            },
        },
        "media": {
            "type": "array",
            "items": {"type": "object"},
            "description": "added by archive-media: one summary per media item (see schema --manifest)",
        },
    },
}

RECORD_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://github.com/embedresolve/embedresolve/schema/record.json",
    "title": "embedresolve output record",
    "description": (
        "The input record with its text field replaced by the clean body; every other "
        "input field passes through unchanged."
    ),
    "type": "object",
    "required": ["embeds", "embedresolve"],
    "properties": {
        "embeds": {"type": "array", "items": EMBED_SCHEMA},
        "embedresolve": {
            "type": "object",
            "required": ["version", "processed_at", "text_field", "config_digest"],
            "properties": {
                "version": {"type": "string"},
                "processed_at": {"type": "string", "format": "date-time"},
                "text_field": _NULLABLE_STRING,
                "html_field": _NULLABLE_STRING,
                "config_digest": {"type": "string"},
                "layout": {
                    "type": "object",
                    "description": "how the input spelled this record, where embedresolve's writer would"
                    " not (restore --exact): style, text, before, after, format",
                    "properties": {
                        name: {"type": "string"} for name in ("style", "text", "before", "after", "format")
                    },
                    "additionalProperties": False,
                },
            },
        },
    },
    "additionalProperties": True,
}
