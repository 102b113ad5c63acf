"""The values that flow through the pipeline: frozen dataclasses with to_dict/from_dict.

Every stage takes and returns these; nothing here does I/O. The JSON shape they
produce is the record contract of DESIGN.md §2 (``embedresolve schema`` prints it);
an embed's resolution is an :class:`~embedresolve.provenance.Resolution`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from embedresolve.provenance import Resolution

Span = tuple[int, int]
"""``[start, end)`` in Python ``str`` indices of the value it was found in."""


@dataclass(frozen=True, slots=True)
class Author:
    name: str | None = None
    handle: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "handle": self.handle}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Author:
        return cls(name=data.get("name"), handle=data.get("handle"))


@dataclass(frozen=True, slots=True)
class Detector:
    """Which rule found an embed and how sure it is (0–1)."""

    rule: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "confidence": round(self.confidence, 3)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Detector:
        return cls(rule=data["rule"], confidence=float(data["confidence"]))


@dataclass(frozen=True, slots=True, kw_only=True)
class Embed:
    """One embedded post found in one field of a record.

    ``span`` covers the embed itself (first to last non-space character);
    ``cut`` is the wider range that separation removes (the embed plus the
    markup and whitespace that belonged to it), and ``raw`` is exactly that
    removed text, so restoring is re-inserting ``raw`` at ``cut[0]``.
    """

    platform: str
    span: Span
    text: str | None = None
    author: Author = field(default_factory=Author)
    date_text: str | None = None
    date: str | None = None
    links: tuple[str, ...] = ()
    url: str | None = None
    post_id: str | None = None
    detector: Detector = field(default_factory=lambda: Detector("unknown", 0.0))
    field: str | None = None
    cut: Span | None = None
    raw: str | None = None
    resolution: Resolution | None = None

    def with_(self, **changes: Any) -> Embed:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {
            "platform": self.platform,
            "field": self.field,
            "span": list(self.span),
            "cut": list(self.cut) if self.cut is not None else None,
            "raw": self.raw,
            "text": self.text,
            "author": self.author.to_dict(),
            "date_text": self.date_text,
            "date": self.date,
            "links": list(self.links),
            "url": self.url,
            "post_id": self.post_id,
            "detector": self.detector.to_dict(),
            "resolution": self.resolution.to_dict() if self.resolution is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Embed:
        cut = data.get("cut")
        resolution = data.get("resolution")
        return cls(
            platform=data["platform"],
            field=data.get("field"),
            span=(int(data["span"][0]), int(data["span"][1])),
            cut=(int(cut[0]), int(cut[1])) if cut is not None else None,
            raw=data.get("raw"),
            text=data.get("text"),
            author=Author.from_dict(data.get("author") or {}),
            date_text=data.get("date_text"),
            date=data.get("date"),
            links=tuple(data.get("links") or ()),
            url=data.get("url"),
            post_id=data.get("post_id"),
            detector=Detector.from_dict(data["detector"]),
            resolution=Resolution.from_dict(resolution) if resolution is not None else None,
        )
