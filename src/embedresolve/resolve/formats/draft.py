"""A post being read from one answer, field by field, each with where it was read.

Parsers of the non-Twitter formats fill a :class:`PostDraft` from the
strongest reading first (the platform's own JSON, then JSON-LD, then
``og:`` meta): :meth:`PostDraft.put` keeps the first non-empty value of a
field and records its source, so the post's ``field_sources`` say exactly
which part of the answer each value came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from embedresolve.provenance import Media, Post

__all__ = ["PostDraft"]

_FIELDS = frozenset(
    {
        "text",
        "title",
        "author_name",
        "author_handle",
        "author_url",
        "created_at",
        "thumbnail_url",
        "url",
        "lang",
    }
)
_MAX_FIELD = 20_000  # a caption or description longer than this is cut (pages are untrusted)


@dataclass
class PostDraft:
    """The fields read so far; ``media`` and ``counts`` keep the first source that gave them."""

    values: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    media: list[Media] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    def put(self, name: str, value: object, source: str) -> None:
        """Set ``name`` to ``value`` (a non-empty string) unless a stronger reading set it already."""
        if name not in _FIELDS:
            raise ValueError(f"unknown post field {name!r}")
        if name in self.values or not isinstance(value, str):
            return
        text = value.strip()[:_MAX_FIELD]
        if text:
            self.values[name] = text
            self.sources[name] = source

    def count(self, name: str, value: object, source: str) -> None:
        """A count given as an int or a digit string (``"24377557"``)."""
        if name in self.counts or isinstance(value, bool):
            return
        number = int(value) if isinstance(value, str) and value.isdigit() else value
        if isinstance(number, int) and number >= 0:
            self.counts[name] = number
            self.sources[f"counts.{name}"] = source

    def add_media(self, kind: str, url: object, source: str) -> None:
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            return
        if any(m.url == url for m in self.media):
            return
        if not self.media:
            self.sources["media"] = source
        self.media.append(Media(type=kind, url=url))

    @property
    def empty(self) -> bool:
        """No content at all: neither text, title, author nor media."""
        content = {"text", "title", "author_name", "author_handle"}
        return not (content & self.values.keys()) and not self.media

    def build(self, platform: str, post_id: str, source: str) -> Post:
        v = self.values
        return Post(
            platform=platform,
            post_id=post_id,
            url=v.get("url"),
            text=v.get("text"),
            author_name=v.get("author_name"),
            author_handle=v.get("author_handle"),
            created_at=v.get("created_at"),
            lang=v.get("lang"),
            media=tuple(self.media),
            source=source,
            title=v.get("title"),
            author_url=v.get("author_url"),
            thumbnail_url=v.get("thumbnail_url"),
            counts=tuple(sorted(self.counts.items())),
            field_sources=tuple(sorted(self.sources.items())),
        )
