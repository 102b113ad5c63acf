"""What resolution produces: posts, lookups and their evidence (pure values).

Sources answer three questions, each with a :class:`Lookup` that says what
happened (``outcome``), what was found (``value``) and how we know it
(``evidence``: one provenance entry per request or archived fact):

* short code → status URL   (``pic.twitter.com/CODE``, ``t.co/CODE``)
* handle + date → candidate status IDs
* status ID → :class:`Post`
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

Outcome = Literal["found", "not_found", "deleted", "protected", "not_archived", "blocked", "failed"]
"""``found``: the value is there. ``not_found``: the service answered and has no
such thing (404, ``{}``). ``deleted``: a tombstone or an explicit deletion.
``protected``: 403 / private / suspended. ``not_archived``: an archive holds no
capture. ``blocked``: an archive excludes it. ``failed``: we could not get an
answer (network, 5xx, rate limit, unreadable body) — the reason is in evidence."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Media:
    type: str  # photo | video | animated_gif
    url: str  # the media file (pbs.twimg.com / video.twimg.com)
    short_url: str | None = None  # https://t.co/CODE as in the post text
    display_url: str | None = None  # pic.twitter.com/CODE
    variants: tuple[str, ...] = ()  # video renditions

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "url": self.url,
            "short_url": self.short_url,
            "display_url": self.display_url,
            "variants": list(self.variants),
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """A post as a source reported it."""

    platform: str
    post_id: str
    url: str | None = None
    text: str | None = None
    author_name: str | None = None
    author_handle: str | None = None
    created_at: str | None = None  # ISO 8601 UTC, e.g. 2022-11-11T17:25:03Z
    lang: str | None = None
    media: tuple[Media, ...] = ()
    quoted_post_id: str | None = None
    source: str = ""  # which source reported it (syndication, oembed, wayback.status_page, …)

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "post_id": self.post_id,
            "url": self.url,
            "text": self.text,
            "author": {"name": self.author_name, "handle": self.author_handle},
            "created_at": self.created_at,
            "lang": self.lang,
            "media": [m.to_dict() for m in self.media],
            "quoted_post_id": self.quoted_post_id,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A status ID an archive knows for a handle, with where it was seen."""

    post_id: str
    handle: str
    url: str  # the URL as captured
    captured_at: str | None = None  # 14-digit capture timestamp


@dataclass(frozen=True, slots=True, kw_only=True)
class Lookup(Generic[T]):
    """One source's answer to one question."""

    source: str
    outcome: Outcome
    value: T | None = None
    reason: str | None = None  # why, when not found
    evidence: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def found(self) -> bool:
        return self.outcome == "found" and self.value is not None

    @classmethod
    def of(
        cls,
        source: str,
        outcome: Outcome,
        *,
        value: T | None = None,
        reason: str | None = None,
        evidence: tuple[dict[str, Any], ...] = (),
    ) -> Lookup[T]:
        """A lookup whose evidence entries all name the ``source`` that gathered them."""
        stamped = tuple({**entry, "source": source} for entry in evidence)
        return cls(source=source, outcome=outcome, value=value, reason=reason, evidence=stamped)
