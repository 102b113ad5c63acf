"""The resolution chain for a post of any platform but Twitter: its URL names it, sources fetch it.

    ID      the embed's URL (or platform + ID) → :class:`PostRef`     method "status_url"
    post    every platform source in order until one has it (live endpoints, Wayback, WARCs)
    checks  the printed date, the handle, the embed's text against the post's text or title

The statuses and their reasons are the tweet chain's (:mod:`..resolver`):
a post found and consistent with the embed is ``resolved``; found but
contradicting it (another text, another date) ``partial``; not found, what
the sources said (``deleted``, ``protected``, ``not_found``, ``not_archived``
…). A URL that names no post ID (``vm.tiktok.com/…`` short links) is
``unresolved``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from embedresolve.models import Embed
from embedresolve.platforms import PostRef, parse_post_url
from embedresolve.provenance import Match, Post, Resolution, Status, Step
from embedresolve.resolve.match import check, text_similarity
from embedresolve.resolve.platforms.spec import PlatformPostSource

__all__ = ["post_ref", "resolve_platform_post"]

PRIOR = 0.95  # the post's own URL: as sure as a tweet's status URL


def post_ref(embed: Embed) -> PostRef | None:
    """The post the embed names: its URL, or any of its links, of the embed's own platform."""
    for url in (embed.url, *embed.links):
        ref = parse_post_url(url) if url else None
        if ref is None or ref.platform != embed.platform or not ref.post_id:
            continue
        if embed.post_id is None or ref.post_id == embed.post_id:
            return ref
    return None


def resolve_platform_post(
    embed: Embed, sources: Sequence[PlatformPostSource], resolved_at: str
) -> Resolution:
    ref = post_ref(embed)
    if ref is None or ref.post_id is None:
        return Resolution(
            status="unresolved",
            reason="the embed names no post ID (a short link, or no URL)",
            resolved_at=resolved_at,
        )
    steps: list[Step] = []
    post: Post | None = None
    for source in sources:
        if not source.serves(ref.platform):
            continue
        lookup = source.platform_post(ref)
        steps.append(
            Step(
                step="post",
                source=lookup.source,
                input=ref.canonical_url,
                outcome=lookup.outcome,
                reason=lookup.reason,
                requests=lookup.evidence,
            )
        )
        if lookup.found:
            post = lookup.value
            break
    day = date.fromisoformat(embed.date) if embed.date else None
    post_text = _closest_text(embed.text, post)
    checks = check(
        post_id="",  # other platforms' IDs carry no time: the date check uses created_at
        embed_day=day,
        embed_handle=embed.author.handle,
        embed_text=embed.text,
        post_handle=(post.author_handle if post else None) or ref.handle,
        post_text=post_text,
        created_at=post.created_at if post else None,
    )
    match = Match(
        method="status_url",
        post_id=ref.post_id,
        confidence=checks.confidence(PRIOR),
        checks=checks.recorded(),
    )
    status: Status
    if post is None:
        status, reason = _status_without_post([s.outcome for s in steps])
    elif not checks.consistent:
        status, reason = "partial", "the post found does not match the embed (see match.checks)"
    else:
        status, reason = "resolved", None
    bare = Post(
        platform=ref.platform,
        post_id=ref.post_id,
        url=ref.canonical_url,
        author_handle=ref.handle,
        source="identification",
    )
    return Resolution(
        status=status,
        reason=reason,
        post=post or bare,
        match=match,
        provenance=tuple(steps),
        resolved_at=resolved_at,
    )


def _closest_text(embed_text: str | None, post: Post | None) -> str | None:
    """The post's text or title, whichever is closer to the embed's (a video embed prints its title)."""
    if post is None:
        return None
    options = [t for t in (post.text, post.title) if t]
    if not options:
        return None
    return max(options, key=lambda t: text_similarity(embed_text, t) or 0.0)


def _status_without_post(outcomes: list[str]) -> tuple[Status, str]:
    if "deleted" in outcomes:
        return "deleted", "a source reports the post deleted"
    if "protected" in outcomes:
        return "protected", "a source reports the post private, login-walled or its account gone"
    if "not_found" in outcomes:
        return "not_found", "a source answers that the post does not exist"
    if outcomes and all(o in ("not_archived", "blocked") for o in outcomes):
        return "not_archived", "no source holds the post"
    if outcomes and all(o == "failed" for o in outcomes):
        return "failed", "sources could not be reached (see provenance)"
    if not outcomes:
        return "unresolved", "no source configured for this platform"
    return "not_archived", "no source has the post's content (see provenance)"
