"""The resolution record: what was found, how well it matches, and how we know.

    Resolution                 one embed's answer (``Embed.resolution``), DESIGN.md §2
    ├── status                 :data:`Status`: resolved, partial, unresolved, …
    ├── post: Post             the post a source reported (with its Media)
    ├── match: Match           how the post was identified, and the checks (MatchChecks)
    └── provenance: Step…      every question asked, in order
        └── requests: Evidence…  one per request or archived fact, DESIGN.md §5

Frozen dataclasses, pure values: mypy checks the record contract, and
``from_dict(to_dict(x)) == x`` for each of them (a resolution read back from
the SQLite cache is the one that was stored). :class:`Evidence` is built here:
:meth:`Evidence.answer` for an HTTP answer, :meth:`Evidence.failure` for a
failed fetch, the plain constructor for any other fact (an invalid input, a
note, a record read from a file); :meth:`Evidence.stamped` gives it its source
(``resolve.models.Trail`` is the one caller), :meth:`Evidence.but` what was
learnt after the request.

The JSON is the contract: numbers are rounded when a value is built (not when
it is written), and a fact that does not apply is left out rather than written
as ``null`` — except the fields of a request, a failure and a replayed capture,
which always come together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Literal, get_args

if TYPE_CHECKING:  # only their attributes are read (resolve.http imports the errors)
    from embedresolve.errors import FetchFailed
    from embedresolve.resolve.http import FetchResult

__all__ = [
    "STATUSES",
    "Capture",
    "Evidence",
    "Match",
    "MatchChecks",
    "Media",
    "Method",
    "Outcome",
    "Post",
    "RankOutcome",
    "Resolution",
    "Status",
    "Step",
    "iso_utc",
    "utc_now_iso",
]

Status = Literal[
    "resolved",  # the post, and it matches the embed
    "partial",  # the status ID, but no content or a post that does not match
    "unresolved",  # candidates, none clearly the embed's post; or nothing to look up by
    "not_archived",  # no source knows the post
    "not_found",  # a source answers that the post does not exist
    "deleted",
    "protected",  # private, or the account suspended
    "failed",  # sources could not be reached
    "skipped",  # not resolved (resolution disabled, or no resolver for the platform)
]
STATUSES: tuple[Status, ...] = get_args(Status)

Outcome = Literal["found", "not_found", "deleted", "protected", "not_archived", "blocked", "failed"]
"""``found``: the value is there. ``not_found``: the service answered and has no
such thing (404, ``{}``). ``deleted``: a tombstone or an explicit deletion.
``protected``: 403 / private / suspended. ``not_archived``: an archive holds no
capture. ``blocked``: an archive excludes it. ``failed``: we could not get an
answer (network, 5xx, rate limit, unreadable body) — the reason is in evidence."""

Method = Literal["status_url", "short_code", "candidate_search", "single_candidate"]
"""How a post was identified: its URL was known, a short code redirected to it, a
handle + date search chose it by its text, or it was the only candidate."""


def iso_utc(moment: datetime, *, milliseconds: bool = False) -> str:
    """``2022-11-11T20:30:45Z`` (or ``…45.678Z``): the one ISO form provenance and posts use.

    A naive ``moment`` is taken as UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    if milliseconds:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now_iso() -> str:
    """Current UTC time to the millisecond (``2026-01-02T03:04:05.678Z``): when a response came."""
    return iso_utc(datetime.now(timezone.utc), milliseconds=True)


def _known(cls: type, data: Mapping[str, Any]) -> None:
    """Refuse keys the type does not know: a record from elsewhere is not silently trimmed."""
    names = {f.name for f in fields(cls)}
    unknown = set(data) - names
    if unknown:
        raise ValueError(f"{cls.__name__}: unknown key(s) {', '.join(sorted(unknown))}")


def _strings(value: Sequence[str] | None) -> tuple[str, ...] | None:
    return None if value is None else tuple(value)


# -- what was found -------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Media:
    type: str  # photo | video | animated_gif
    url: str  # the media file (pbs.twimg.com / video.twimg.com), or the player page of a video
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

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Media:
        _known(cls, data)
        return cls(
            type=data["type"],
            url=data["url"],
            short_url=data.get("short_url"),
            display_url=data.get("display_url"),
            variants=tuple(data.get("variants") or ()),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """A post as a source reported it, on any platform.

    The first fields are a tweet's (their JSON is always written). The rest
    say what other platforms' posts carry and are written only when a source
    gave them, so a tweet's JSON is unchanged: ``title`` (a video's; ``text``
    is then its description or caption), ``author_url`` (the channel or
    profile page), ``thumbnail_url``, ``counts`` (views, likes, comments … as
    the source gave them) and ``field_sources``: for each field filled, where
    in the answer it was read (``title`` ← ``oembed:title``,
    ``created_at`` ← ``ytInitialPlayerResponse:microformat.publishDate`` …).
    """

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
    title: str | None = None
    author_url: str | None = None
    thumbnail_url: str | None = None
    counts: tuple[tuple[str, int], ...] = ()  # (name, value), e.g. ("views", 24377557)
    field_sources: tuple[tuple[str, str], ...] = ()  # (field, where it was read)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
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
        if self.title is not None:
            out["title"] = self.title
        if self.author_url is not None:
            out["author"]["url"] = self.author_url
        if self.thumbnail_url is not None:
            out["thumbnail_url"] = self.thumbnail_url
        if self.counts:
            out["counts"] = dict(self.counts)
        if self.field_sources:
            out["field_sources"] = dict(self.field_sources)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Post:
        author = data.get("author") or {}
        return cls(
            platform=data["platform"],
            post_id=data["post_id"],
            url=data.get("url"),
            text=data.get("text"),
            author_name=author.get("name"),
            author_handle=author.get("handle"),
            created_at=data.get("created_at"),
            lang=data.get("lang"),
            media=tuple(Media.from_dict(m) for m in data.get("media") or ()),
            quoted_post_id=data.get("quoted_post_id"),
            source=data.get("source", ""),
            title=data.get("title"),
            author_url=author.get("url"),
            thumbnail_url=data.get("thumbnail_url"),
            counts=tuple((str(k), int(v)) for k, v in (data.get("counts") or {}).items()),
            field_sources=tuple((str(k), str(v)) for k, v in (data.get("field_sources") or {}).items()),
        )


# -- how well it matches --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MatchChecks:
    """The three checks of :mod:`embedresolve.resolve.match`, as recorded (None: unknown)."""

    date: bool | None = None
    handle: bool | None = None
    text_similarity: float | None = None  # rounded to 3 places

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "handle": self.handle, "text_similarity": self.text_similarity}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> MatchChecks:
        _known(cls, data)
        return cls(
            date=data.get("date"), handle=data.get("handle"), text_similarity=data.get("text_similarity")
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """How the post was identified (``method``) and how sure that makes us (0–1)."""

    method: Method
    post_id: str
    confidence: float
    checks: MatchChecks

    def __post_init__(self) -> None:
        if self.method not in get_args(Method):
            raise ValueError(f"unknown match method {self.method!r}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "post_id": self.post_id,
            "confidence": self.confidence,
            "checks": self.checks.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Match:
        _known(cls, data)
        return cls(
            method=data["method"],
            post_id=data["post_id"],
            confidence=data["confidence"],
            checks=MatchChecks.from_dict(data.get("checks") or {}),
        )


# -- how we know ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Capture:
    """An archived capture as an index lists it (a CDX row), kept as a fact of its own."""

    original: str
    capture_time: str  # ISO 8601 UTC
    timestamp: str  # 14 digits, as the index gave it
    statuscode: int | None = None
    mimetype: str | None = None
    cdx_digest: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "original": self.original,
            "capture_time": self.capture_time,
            "timestamp": self.timestamp,
            "statuscode": self.statuscode,
            "mimetype": self.mimetype,
            "cdx_digest": self.cdx_digest,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Capture:
        _known(cls, data)
        return cls(
            original=data["original"],
            capture_time=data["capture_time"],
            timestamp=data["timestamp"],
            statuscode=data.get("statuscode"),
            mimetype=data.get("mimetype"),
            cdx_digest=data.get("cdx_digest"),
        )


# Fields written together, null or not: a request's, a failure's, a replayed capture's.
_ANSWER = (
    "url",
    "status",
    "attempts",
    "elapsed_s",
    "retrieved_at",
    "from_cache",
    "sha256",
    "memento_datetime",
)
_FAILURE = ("url", "category", "attempts", "elapsed_s", "last_status", "message")
_REPLAY = ("memento_url", "capture_time", "cdx_digest", "cdx_statuscode")


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    """One request or archived fact (DESIGN.md §5): enough to re-check it later.

    Groups of fields, each present only when it applies:

    * who and what: ``source`` (stamped by the lookup), ``archive``, ``step``
      (``cdx``, ``replay``, ``timemap``, ``record``, ``index``), ``input``;
    * the HTTP answer: ``url``, ``status``, ``attempts``, ``elapsed_s``,
      ``retrieved_at``, ``from_cache``, body ``sha256``, ``memento_datetime``;
    * a failure: ``category`` (:data:`~embedresolve.errors.FailureCategory`),
      ``last_status``, ``message``;
    * the archived capture: ``memento_url``, ``capture_time``, ``cdx_digest``,
      ``original``, ``cdx_statuscode``, ``is_memento`` (CDX: ``query``,
      ``rows``, ``dropped_rows``; WARC: ``warc_file``, ``offset``, ``record_id``);
    * what it told us: ``target`` (a redirect's), ``parsed`` (the capture kind
      read), ``unavailable`` (why the payload has no post), ``deleted``,
      ``blocked``, ``note`` and the rest below.
    """

    source: str | None = None
    url: str | None = None
    status: int | None = None
    attempts: int | None = None
    elapsed_s: float | None = None
    retrieved_at: str | None = None
    from_cache: bool | None = None
    sha256: str | None = None
    memento_datetime: str | None = None
    category: str | None = None
    last_status: int | None = None
    message: str | None = None
    archive: str | None = None
    step: str | None = None
    input: str | None = None
    query: str | None = None
    rows: int | None = None
    dropped_rows: int | None = None
    blocked: str | None = None
    memento_url: str | None = None
    capture_time: str | None = None
    cdx_digest: str | None = None
    original: str | None = None
    cdx_statuscode: int | None = None
    is_memento: bool | None = None
    mementos: int | None = None  # how many a TimeMap listed
    warc_file: str | None = None
    offset: int | None = None
    record_id: str | None = None
    followed: str | None = None  # "nearest capture": Wayback's own redirect, followed once
    target: str | None = None
    targets: tuple[str, ...] | None = None  # short-link targets that are not posts
    parsed: str | None = None
    unavailable: str | None = None
    deleted: Capture | bool | None = None  # the capture that shows it (CDX), or True (this record)
    pre_snowflake_ids: tuple[str, ...] | None = None
    unreadable: tuple[str, ...] | None = None  # WARC files that could not be read
    text_truncated: bool | None = None
    error: str | None = None  # a local read that failed (WARC)
    note: str | None = None

    # -- the constructors ---------------------------------------------------------------

    @classmethod
    def answer(cls, result: FetchResult, **facts: Any) -> Evidence:
        """An HTTP answer (live or cached), with the ``facts`` a source adds about it."""
        when = result.memento_datetime
        return cls(
            source=result.purpose,
            url=result.url,
            status=result.status,
            attempts=result.attempts,
            elapsed_s=round(result.elapsed_s, 3),
            retrieved_at=result.retrieved_at,
            from_cache=result.from_cache,
            sha256=result.sha256,
            memento_datetime=iso_utc(when) if when else None,
            **facts,
        )

    @classmethod
    def failure(cls, error: FetchFailed, **facts: Any) -> Evidence:
        """A fetch that produced no usable answer, with its category."""
        return cls(
            url=error.url,
            category=error.category,
            attempts=error.attempts,
            elapsed_s=round(error.elapsed_s, 3),
            last_status=error.last_status,
            message=str(error),
            **facts,
        )

    def stamped(self, source: str, *, archive: str | None = None) -> Evidence:
        """This entry as gathered by ``source`` (and ``archive``, when given)."""
        return replace(self, source=source, archive=archive if archive is not None else self.archive)

    def but(self, **facts: Any) -> Evidence:
        """A copy with ``facts`` added: what a source learnt after the request was made."""
        return replace(self, **facts)

    # -- JSON ----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        always: set[str] = set()
        if self.retrieved_at is not None:
            always.update(_ANSWER)
        if self.category is not None:
            always.update(_FAILURE)
        if self.memento_url is not None:
            always.update(_REPLAY)
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None and f.name not in always:
                continue
            if isinstance(value, Capture):
                value = value.to_dict()
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Evidence:
        _known(cls, data)
        values = dict(data)
        deleted = values.get("deleted")
        if isinstance(deleted, Mapping):
            values["deleted"] = Capture.from_dict(deleted)
        for name in ("targets", "pre_snowflake_ids", "unreadable"):
            values[name] = _strings(values.get(name))
        return cls(**values)


StepKind = Literal["short_code", "candidates", "post", "rank"]
RankOutcome = Literal["ambiguous", "weak"]  # the best candidate matched but not clearly / not at all
_RANK_OUTCOMES: tuple[RankOutcome, ...] = get_args(RankOutcome)


@dataclass(frozen=True, slots=True, kw_only=True)
class Step:
    """One question the resolver asked a source (or, for ``rank``, itself) and the answer.

    ``target`` and ``verdict`` belong to ``short_code`` steps (written even
    when null: "the code named no post" is an answer), ``kept`` to
    ``candidates`` steps (the IDs inside the date window), ``scores`` to the
    ``rank`` step, which asks no source and has no requests.
    """

    step: StepKind
    outcome: Outcome | RankOutcome
    source: str | None = None
    input: str | None = None
    reason: str | None = None
    target: str | None = None
    verdict: str | None = None
    kept: tuple[str, ...] = ()
    scores: tuple[tuple[str, float], ...] = ()  # (post ID, text similarity rounded to 3)
    requests: tuple[Evidence, ...] = ()

    def __post_init__(self) -> None:
        if self.step not in get_args(StepKind):
            raise ValueError(f"unknown step {self.step!r}")
        allowed = _RANK_OUTCOMES if self.step == "rank" else get_args(Outcome)
        if self.outcome not in allowed:
            raise ValueError(f"{self.step} step with outcome {self.outcome!r}")

    def to_dict(self) -> dict[str, Any]:
        if self.step == "rank":
            return {"step": self.step, "outcome": self.outcome, "scores": dict(self.scores)}
        out: dict[str, Any] = {
            "step": self.step,
            "source": self.source,
            "input": self.input,
            "outcome": self.outcome,
            "reason": self.reason,
        }
        if self.step == "short_code":
            out.update(target=self.target, verdict=self.verdict)
        elif self.step == "candidates":
            out["kept"] = list(self.kept)
        out["requests"] = [r.to_dict() for r in self.requests]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Step:
        _known(cls, data)
        return cls(
            step=data["step"],
            outcome=data["outcome"],
            source=data.get("source"),
            input=data.get("input"),
            reason=data.get("reason"),
            target=data.get("target"),
            verdict=data.get("verdict"),
            kept=tuple(data.get("kept") or ()),
            scores=tuple((k, v) for k, v in (data.get("scores") or {}).items()),
            requests=tuple(Evidence.from_dict(r) for r in data.get("requests") or ()),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolution:
    """One embed's resolution: a status, the reason, and everything that led to it.

    ``resolved_at`` is set when the chain ran; a resolution that never ran
    (``skipped``) has no ``post`` or ``match`` and writes neither.
    ``from_cache`` marks an answer reused from an earlier identical embed or run.
    """

    status: Status
    reason: str | None = None
    post: Post | None = None
    match: Match | None = None
    provenance: tuple[Step, ...] = ()
    resolved_at: str | None = None
    from_cache: bool = False

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown resolution status {self.status!r}")
        if self.resolved_at is None and (self.post is not None or self.match is not None):
            raise ValueError("a resolution with a post or a match has a resolved_at")

    @classmethod
    def skipped(cls, reason: str) -> Resolution:
        return cls(status="skipped", reason=reason)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.resolved_at is not None:
            out["resolved_at"] = self.resolved_at
        out["status"] = self.status
        out["reason"] = self.reason
        if self.resolved_at is not None:
            out["post"] = self.post.to_dict() if self.post is not None else None
            out["match"] = self.match.to_dict() if self.match is not None else None
        out["provenance"] = [step.to_dict() for step in self.provenance]
        if self.from_cache:
            out["from_cache"] = True
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Resolution:
        _known(cls, data)
        post, match = data.get("post"), data.get("match")
        return cls(
            status=data["status"],
            reason=data.get("reason"),
            post=Post.from_dict(post) if post is not None else None,
            match=Match.from_dict(match) if match is not None else None,
            provenance=tuple(Step.from_dict(s) for s in data.get("provenance") or ()),
            resolved_at=data.get("resolved_at"),
            from_cache=bool(data.get("from_cache", False)),
        )
