"""A platform's own public endpoints as a post source (oEmbed, Reddit JSON, Telegram's widget …).

One :class:`LiveSource` serves every platform given to it: for a post it
makes the platform's live requests (:attr:`.spec.Platform.live`) in order
through the shared fetcher — so the cache, the per-host rate limit, the
allow-list and the live-429 pause all apply as for tweets — and reads each
answer the way the tweet endpoints' answers are read:

* 200 → the platform's parser; its :class:`PostUnavailable` is the outcome it
  names, its :class:`UnreadablePayload` is ``failed``, and an answer about
  another post than the one asked for is ``failed`` too;
* 404 → ``not_found`` (oEmbed answers 404 for a deleted or private video),
  401/403 → ``protected``, 410 → ``deleted``, anything else → ``failed``.

The first request with a definite answer ends the lookup; a failure moves on
to the next request. Every request is evidence of the one lookup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from embedresolve.errors import FetchFailed, PostUnavailable, UnreadablePayload
from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Evidence, Outcome, Post
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.http import FetchResult, SupportsFetch
from embedresolve.resolve.models import Lookup, Trail
from embedresolve.resolve.platforms.spec import Platform, Request

__all__ = ["LiveSource", "read_answer"]

_REFUSALS: dict[int, Outcome] = {404: "not_found", 401: "protected", 403: "protected", 410: "deleted"}


def read_answer(
    request: Request, ref: PostRef, result: FetchResult
) -> tuple[Outcome, Post | None, str | None]:
    """(outcome, post, reason) of one answer to ``request`` about ``ref`` (pure)."""
    said = request.refusal(result.status, result.body) if request.refusal is not None else None
    if said is not None:
        return said[0], None, said[1]
    refusal = _REFUSALS.get(result.status)
    if result.status == 400 and b'"NotFound"' in result.body[:2000]:
        refusal = "not_found"  # the XRPC error of a post that does not exist (Bluesky)
    if refusal is not None:
        return refusal, None, f"http {result.status}"
    if result.status != 200:
        return "failed", None, f"http {result.status}"
    try:
        post = request.parse(result.body, ref)
    except PostUnavailable as gone:
        return gone.outcome, None, gone.reason
    except UnreadablePayload as error:
        return "failed", None, str(error)
    if post.post_id != ref.post_id:
        return "failed", None, f"answer is for post {post.post_id}, not {ref.post_id}"
    return "found", post, None


class LiveSource:
    """``PlatformPostSource`` over the live endpoints of ``platforms`` (see the module docstring)."""

    name = "live"

    def __init__(
        self,
        fetcher: SupportsFetch,
        endpoints: Endpoints,
        platforms: Mapping[str, Platform],
        *,
        fetchers: Mapping[str, SupportsFetch] | None = None,
    ) -> None:
        self.fetcher = fetcher
        self.endpoints = endpoints
        self.platforms = dict(platforms)
        self.fetchers = dict(fetchers or {})  # a platform's own fetcher (Mastodon: per instance)

    def close(self) -> None:
        """Close the platforms' own fetchers (the shared one belongs to whoever made it)."""
        for fetcher in self.fetchers.values():
            close = getattr(fetcher, "close", None)
            if callable(close):
                close()

    def serves(self, platform: str) -> bool:
        spec = self.platforms.get(platform)
        return spec is not None and bool(spec.live)

    def platform_post(self, ref: PostRef) -> Lookup[Post]:
        spec = self.platforms[ref.platform]
        requests = spec.live(ref, self.endpoints)
        trail = Trail(f"{ref.platform}.live")
        if not requests:
            return trail.lookup("not_found", reason="no live endpoint for this post")
        last: tuple[Outcome, str | None] = ("failed", None)
        for request in requests:
            source = f"{ref.platform}.{request.kind}"
            try:
                result = self._answer(request, source, trail, self.fetchers.get(ref.platform, self.fetcher))
            except FetchFailed as error:
                trail.add(Evidence.failure(error))
                last = ("failed", error.category)
                continue
            if isinstance(result, tuple):  # the first step of a chain answered no next URL
                last = result
                break
            outcome, post, reason = read_answer(request, ref, result)
            trail.add(Evidence.answer(result, parsed=request.kind if post is not None else None))
            if post is not None:
                return trail.lookup("found", value=replace(post, source=source))
            last = (outcome, reason)
            if outcome != "failed":
                break
        return trail.lookup(last[0], reason=last[1])

    def _answer(
        self, request: Request, source: str, trail: Trail, fetcher: SupportsFetch
    ) -> FetchResult | tuple[Outcome, str]:
        """The answer to ``request`` (after its first step, for a chain), or why there is none."""
        url = request.url
        if request.follow is not None:
            first = fetcher.fetch(url, purpose=f"{source}.step")
            following = request.follow(first.body) if first.status == 200 else None
            trail.add(Evidence.answer(first, step="lookup", target=following))
            if following is None:
                refusal = _REFUSALS.get(first.status, "not_found" if first.status == 400 else "failed")
                return refusal, f"{request.kind}: the first step names nothing to ask (http {first.status})"
            url = following
        return fetcher.fetch(url, purpose=source)
