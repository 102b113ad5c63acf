"""The resolution chain for one embed: find the status ID, fetch the post, check it.

    ID      status URL already known (HTML, html2text link)        method "status_url"
            short code → status URL (t.co live, then archives)       method "short_code"
            handle + date → archived candidates, ranked by text      method "candidate_search"
    post    every post source in order until one has it (syndication, oEmbed, archives, WARCs)
    checks  snowflake date vs printed date, handle, text similarity (:mod:`.match`)

Every question asked and every answer is a step in the resolution's
``provenance``; sources never raise on network failure, so an embed always
comes out with a status (``resolved``, ``partial``, ``unresolved``,
``not_archived``, ``deleted``, ``protected``, ``failed``) and the reason.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from typing import Any, Protocol, runtime_checkable

from embedresolve.models import Embed
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.twitter import SHORT_LINK_RE
from embedresolve.provenance import Match, Method, Post, RankOutcome, Resolution, Status, Step, StepKind
from embedresolve.resolve.match import (
    TEXT_MARGIN,
    TEXT_MATCH,
    check,
    normalize_text,
    post_day,
    text_similarity,
    within_days,
)
from embedresolve.resolve.models import Candidate, Lookup
from embedresolve.resolve.platforms.chain import resolve_platform_post
from embedresolve.resolve.platforms.spec import PlatformPostSource
from embedresolve.resolve.sources.base import CandidateSource, PostSource, ShortCodeSource
from embedresolve.resolve.twitter_ids import snowflake_time

_MEDIA_TARGET = re.compile(r"/status(?:es)?/\d{1,20}/(?:photo|video)/\d")

# How much an identification method alone is worth, before the checks.
# Short codes are verified (own account, media path, date window) before they count;
# a candidate search only chooses a post whose text matches with a clear margin.
PRIOR = {"status_url": 0.95, "short_code": 0.9, "candidate_search": 0.85, "single_candidate": 0.45}


@runtime_checkable
class PlanningSource(Protocol):
    """A candidate source that can be asked ahead for the run's (handle, day) questions."""

    def prefetch(self, wanted: Iterable[tuple[str, date]]) -> int: ...


@runtime_checkable
class RankingSource(Protocol):
    """A post source with a cheap way (no index query) to read a candidate's content."""

    def known_post(self, post_id: str, handle: str | None = None) -> Lookup[Post]: ...


class ResolutionStore(Protocol):
    """Where finished resolutions are kept across runs (``ResponseCache`` fits)."""

    def get_resolution(self, key: str) -> dict[str, Any] | None: ...  # JSON, as stored

    def put_resolution(self, key: str, value: dict[str, Any], ttl: float) -> None: ...


@dataclass(frozen=True, kw_only=True)
class SourceSet:
    """The sources asked for each question, in order."""

    short_codes: Sequence[ShortCodeSource] = ()
    candidates: Sequence[CandidateSource] = ()
    posts: Sequence[PostSource] = ()
    platform_posts: Sequence[PlatformPostSource] = ()  # every other platform's posts (issue 10)


@dataclass(frozen=True, slots=True)
class _Identified:
    post_id: str
    handle: str | None
    method: Method


@dataclass
class _Trace:
    steps: list[Step] = field(default_factory=list)
    posts: dict[str, Post] = field(default_factory=dict)  # fetched while ranking candidates
    outcomes: list[str] = field(default_factory=list)

    def record(self, step: StepKind, given: str, lookup: Lookup[Any], **facts: Any) -> None:
        self.outcomes.append(lookup.outcome)
        self.steps.append(
            Step(
                step=step,
                source=lookup.source,
                input=given,
                outcome=lookup.outcome,
                reason=lookup.reason,
                requests=lookup.evidence,
                **facts,
            )
        )


class Resolver:
    """Resolves embeds; identical embeds across a corpus are resolved once.

    Thread-safe: ``clean --workers N`` shares one resolver between threads.
    :meth:`aresolve` is the same for asyncio code (it runs in a worker thread).
    """

    def __init__(
        self,
        sources: SourceSet,
        *,
        store: ResolutionStore | None = None,
        max_candidates: int = 40,
        now: Callable[[], datetime] | None = None,
        platforms: frozenset[str] | None = None,
    ) -> None:
        self._sources = sources
        self._platforms = platforms  # None: every platform
        self._store = store
        self._max_candidates = max_candidates
        self._memo: dict[str, Resolution] = {}
        self._guard = threading.Lock()
        self._key_locks: dict[str, threading.Lock] = {}
        self._now = now or (lambda: datetime.now(timezone.utc))

    def resolve(self, embed: Embed) -> Resolution:
        """The resolution of ``embed`` (DESIGN.md §2)."""
        if self._platforms is not None and embed.platform not in self._platforms:
            return Resolution.skipped(f"{embed.platform} is not among the platforms resolved")
        platform_sources = [s for s in self._sources.platform_posts if s.serves(embed.platform)]
        if embed.platform != "twitter" and not platform_sources:
            return Resolution.skipped(f"no source for {embed.platform} configured")
        key = _embed_key(embed)
        with self._guard:
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:  # a second worker on the same post waits for the first one's answer
            cached = self._memo.get(key) or self._stored(key)
            if cached is not None:
                self._memo[key] = cached
                return replace(cached, from_cache=True)
            resolution = self._resolve(embed)
            self._memo[key] = resolution
            transient = any(step.outcome == "failed" for step in resolution.provenance)
            if self._store is not None and not transient:  # a network failure is retried next run
                lasting = resolution.status in ("resolved", "deleted", "protected")
                self._store.put_resolution(key, resolution.to_dict(), ttl=(30 if lasting else 1) * 86400)
            return resolution

    def prefetch(self, embeds: Iterable[Embed]) -> int:
        """Plan the candidate searches of ``embeds`` (a chunk of the run) before resolving them.

        Handle + date embeds not resolved yet are grouped by (handle, window) and
        each planning source asks one query per group; :meth:`resolve` then finds
        the answers there. Returns how many queries were sent.
        """
        wanted: dict[tuple[str, date], None] = {}
        for embed in embeds:
            if embed.platform != "twitter" or embed.post_id or not embed.author.handle or not embed.date:
                continue
            if SHORT_LINK_RE.search(" ".join(embed.links)):
                continue  # the short code answers first; its search, if any, is asked on demand
            key = _embed_key(embed)
            if key in self._memo or self._stored(key) is not None:
                continue
            wanted[(embed.author.handle, date.fromisoformat(embed.date))] = None
        return sum(
            source.prefetch(list(wanted))
            for source in self._sources.candidates
            if isinstance(source, PlanningSource)
        )

    def _stored(self, key: str) -> Resolution | None:
        """A resolution from an earlier run; one this version cannot read is resolved again."""
        data = self._store.get_resolution(key) if self._store is not None else None
        if data is None:
            return None
        try:
            return Resolution.from_dict(data)
        except (KeyError, TypeError, ValueError):
            return None

    async def aresolve(self, embed: Embed) -> Resolution:
        """:meth:`resolve` for async code; the HTTP stack is synchronous, so it runs in a thread."""
        return await asyncio.to_thread(self.resolve, embed)

    # --- the chain ------------------------------------------------------------

    def _resolve(self, embed: Embed) -> Resolution:
        if embed.platform != "twitter":
            resolved_at = self._now().isoformat(timespec="seconds")
            return resolve_platform_post(embed, self._sources.platform_posts, resolved_at)
        trace = _Trace()
        day = date.fromisoformat(embed.date) if embed.date else None
        found = self._identify(embed, day, trace)
        resolved_at = self._now().isoformat(timespec="seconds")
        if found is None:
            status, reason = _status_without_id(trace)
            return Resolution(
                status=status, reason=reason, provenance=tuple(trace.steps), resolved_at=resolved_at
            )
        post = trace.posts.get(found.post_id) or self._fetch_post(found, trace)
        checks = check(
            post_id=found.post_id,
            embed_day=day,
            embed_handle=embed.author.handle,
            embed_text=embed.text,
            post_handle=(post.author_handle if post else None) or found.handle,
            post_text=post.text if post else None,
            created_at=post.created_at if post else None,
        )
        match = Match(
            method=found.method,
            post_id=found.post_id,
            confidence=checks.confidence(PRIOR[found.method]),
            checks=checks.recorded(),
        )
        if post is None:
            status, reason = _status_without_post(trace)
        elif not checks.consistent:
            status, reason = "partial", "the post found does not match the embed (see match.checks)"
        elif found.method == "single_candidate" and checks.text_similarity is None:
            status, reason = "partial", "only candidate in the date window; no text to confirm it"
        else:
            status, reason = "resolved", None
        return Resolution(
            status=status,
            reason=reason,
            post=post or _bare_post(found),
            match=match,
            provenance=tuple(trace.steps),
            resolved_at=resolved_at,
        )

    def _identify(self, embed: Embed, day: date | None, trace: _Trace) -> _Identified | None:
        if embed.post_id:
            return _Identified(embed.post_id, embed.author.handle, "status_url")
        for code in dict.fromkeys(SHORT_LINK_RE.findall(" ".join(embed.links))):
            found = self._from_short_code(code, embed.author.handle, day, trace)
            if found is not None:
                return found
        if embed.author.handle and day is not None:
            return self._from_candidates(embed, day, trace)
        return None

    def _from_short_code(
        self, code: str, handle: str | None, day: date | None, trace: _Trace
    ) -> _Identified | None:
        for source in self._sources.short_codes:
            lookup = source.expand_short_code(code)
            verdict = _judge_target(lookup.value, handle, day) if lookup.found else None
            trace.record("short_code", code, lookup, target=lookup.value, verdict=verdict and verdict[1])
            if lookup.found:
                # The code's target is known: another source cannot change it. It names
                # this post, another post (quoted tweet, borrowed media) or no post.
                return verdict[0] if verdict is not None else None
        return None

    def _from_candidates(self, embed: Embed, day: date, trace: _Trace) -> _Identified | None:
        """The one candidate whose text matches, asking wider only when the first round is unclear."""
        handle = embed.author.handle or ""
        pool: dict[str, Candidate] = {}
        scores: dict[str, float] = {}
        for wider in (False, True):
            added = self._gather(handle, day, pool, trace, wider=wider)
            if wider and not added:
                break
            found = self._choose(embed, day, pool, scores, trace)
            if found is not None:
                return found
        if scores:
            best = max(scores.values())
            rounded = tuple((post_id, round(score, 3)) for post_id, score in scores.items())
            outcome: RankOutcome = "ambiguous" if best >= TEXT_MATCH else "weak"
            trace.steps.append(Step(step="rank", outcome=outcome, scores=rounded))
        return None

    def _gather(
        self, handle: str, day: date, pool: dict[str, Candidate], trace: _Trace, *, wider: bool
    ) -> int:
        """Candidates in the window from every source into ``pool``; how many were new."""
        before = len(pool)
        for source in self._sources.candidates:
            lookup = source.candidates(handle, day, wider=wider)
            in_window = [c for c in lookup.value or [] if within_days(post_day(c.post_id), day) is not False]
            given = f"{handle} {day.isoformat()}" + (" (wider)" if wider else "")
            trace.record("candidates", given, lookup, kept=tuple(c.post_id for c in in_window))
            for candidate in in_window:
                pool.setdefault(candidate.post_id, candidate)
        return len(pool) - before

    def _choose(
        self, embed: Embed, day: date, pool: dict[str, Candidate], scores: dict[str, float], trace: _Trace
    ) -> _Identified | None:
        """Score the candidates not scored yet; the best one if it is clearly the embed's post."""
        ranked = sorted(pool.values(), key=lambda c: _distance(c.post_id, day))[: self._max_candidates]
        if not ranked:
            return None
        if embed.text is None or not normalize_text(embed.text):
            only = ranked[0] if len(ranked) == 1 else None
            return _Identified(only.post_id, only.handle, "single_candidate") if only else None
        for candidate in ranked:
            if candidate.post_id in scores:
                continue
            found = _Identified(candidate.post_id, candidate.handle, "candidate_search")
            post = self._rank_post(found, trace)
            if post is not None:
                trace.posts[candidate.post_id] = post
            scores[candidate.post_id] = text_similarity(embed.text, post.text if post else None) or 0.0
        for post_id, post in trace.posts.items():
            # A post that quotes another candidate is the quote, not the embed (even when
            # its archived text carries the quoted words).
            if post_id in scores and post.quoted_post_id in pool:
                scores[post_id] = 0.0
        order = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        (best_id, best), runner_up = order[0], (order[1][1] if len(order) > 1 else 0.0)
        if best >= TEXT_MATCH and best - runner_up >= TEXT_MARGIN:
            return _Identified(best_id, pool[best_id].handle, "candidate_search")
        return None

    def _rank_post(self, found: _Identified, trace: _Trace) -> Post | None:
        """A candidate's content the cheap way: direct replays where a source has them."""
        for source in self._sources.posts:
            if isinstance(source, RankingSource):
                lookup = source.known_post(found.post_id, found.handle)
            else:
                lookup = source.post(found.post_id, found.handle)
            trace.record("post", found.post_id, lookup)
            if lookup.found:
                assert lookup.value is not None
                return lookup.value
        return None

    def _fetch_post(self, found: _Identified, trace: _Trace) -> Post | None:
        for source in self._sources.posts:
            lookup = source.post(found.post_id, found.handle)
            trace.record("post", found.post_id, lookup)
            if lookup.found:
                assert lookup.value is not None
                return lookup.value
        return None


# --- pure helpers ---------------------------------------------------------------


def _judge_target(
    target: str | None, handle: str | None, day: date | None
) -> tuple[_Identified | None, str] | None:
    """What a short code's target says: (identification or None, verdict); None if not a post URL."""
    ref = parse_post_url(target or "")
    if ref is None or ref.platform != "twitter" or not ref.post_id:
        return None
    date_ok = within_days(post_day(ref.post_id), day)
    same_handle = bool(handle and ref.handle and ref.handle.casefold() == handle.casefold())
    if date_ok is False:
        return None, "target outside the date window"
    if handle is None:
        return _Identified(ref.post_id, ref.handle, "short_code"), "no handle to compare"
    if same_handle and _MEDIA_TARGET.search(target or ""):
        return _Identified(ref.post_id, ref.handle or handle, "short_code"), "own post"
    if same_handle:
        return None, "target is another post of the account (a quote or a link)"
    # Another account's post: a quoted tweet, or media it borrowed. (A renamed account
    # looks the same; the handle + date search decides, and the checks flag a rename.)
    return None, "target is another account's post"


def _distance(post_id: str, day: date) -> float:
    when = snowflake_time(int(post_id)) if post_id.isdigit() else None
    if when is None:
        return float("inf")
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=timezone.utc)
    return abs((when - noon) / timedelta(hours=1))


def _status_without_id(trace: _Trace) -> tuple[Status, str | None]:
    outcomes = set(trace.outcomes)
    if any(step.step == "rank" for step in trace.steps):
        return "unresolved", "several candidates and none clearly matches the text"
    if "found" in outcomes:
        return "unresolved", "the archives know posts of this account, none in the date window matches"
    if "failed" in outcomes:
        return "failed", _failure_reason(trace.steps)
    if outcomes and outcomes <= {"not_archived", "not_found", "blocked"}:
        return "not_archived", "no source knows this post"
    return "unresolved", "nothing to look the post up by (no short code, handle or date)"


def _status_without_post(trace: _Trace) -> tuple[Status, str | None]:
    outcomes = [s.outcome for s in trace.steps if s.step == "post"]
    if "deleted" in outcomes:
        return "deleted", "a source reports the post deleted"
    if "protected" in outcomes:
        return "protected", "a source reports the post protected or the account suspended"
    if "not_found" in outcomes:
        return "not_found", "a source answers that the post does not exist (404 or empty)"
    if outcomes and all(o == "failed" for o in outcomes):
        return "failed", "status ID known; " + _failure_reason(trace.steps)
    return "partial", "status ID known; no source has the post's content"


def _failure_reason(steps: Sequence[Step]) -> str:
    """Why the sources could not be reached, naming unreachable hosts ("network unreachable: …")."""
    messages = [
        evidence.message
        for step in steps
        for evidence in step.requests
        if evidence.category is not None and evidence.message
    ]
    down = list(dict.fromkeys(m.split(" (", 1)[0] for m in messages if m.startswith("network unreachable")))
    if down:
        return "; ".join(down[:3]) + (f" (+{len(down) - 3} more)" if len(down) > 3 else "")
    categories = {e.category for step in steps for e in step.requests if e.category is not None}
    if categories == {"offline"}:
        return "offline: the answers are not in the cache"
    return "sources could not be reached (see provenance)"


def _bare_post(found: _Identified) -> Post:
    """The post as far as its identification knows it: ID, URL and handle, no content."""
    handle = found.handle or "i"
    return Post(
        platform="twitter",
        post_id=found.post_id,
        url=f"https://twitter.com/{handle}/status/{found.post_id}",
        author_handle=found.handle,
        source="identification",
    )


def _embed_key(embed: Embed) -> str:
    """Identical embeds (same post as printed) share one resolution."""
    parts = [
        embed.platform,
        embed.post_id or "",
        (embed.author.handle or "").casefold(),
        embed.date or "",
        " ".join(sorted(embed.links)),
        normalize_text(embed.text or ""),
    ]
    return "embed:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
