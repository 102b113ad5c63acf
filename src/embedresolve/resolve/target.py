"""What ``embedresolve resolve X`` was given, as an embed to resolve (pure)."""

from __future__ import annotations

from embedresolve.detect import detect_text
from embedresolve.models import Author, Detector, Embed
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.twitter import SHORT_LINK_RE


def embed_for(target: str) -> Embed | None:
    """A post URL, a t.co / pic.twitter.com short link, or flattened embed text → an embed."""
    target = target.strip()
    span = (0, len(target))
    if SHORT_LINK_RE.fullmatch(target):
        return Embed(
            platform="twitter", span=span, links=(target,), detector=Detector("input.short_link", 1.0)
        )
    ref = parse_post_url(target) if " " not in target else None
    if ref is not None:
        return Embed(
            platform=ref.platform,
            span=span,
            url=ref.canonical_url,
            post_id=ref.post_id,
            author=Author(handle=ref.handle),
            detector=Detector("input.url", 1.0),
        )
    found = detect_text(target)
    return found[0] if found else None
