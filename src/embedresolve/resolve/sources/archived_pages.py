"""Archived captures of any platform's posts: the post page itself, and captures of its endpoints.

For a post (:class:`~embedresolve.platforms.PostRef`) the platform declares
the URLs archives may hold it under (:attr:`.platforms.spec.Platform.archived`):
its page in each URL form, then its public endpoints (oEmbed, Reddit JSON …)
at their real addresses. Two sources look them up, and read every capture
alike (:func:`read_capture`):

* :class:`ArchivedPagesSource` — a Wayback-compatible archive through
  :class:`~embedresolve.resolve.wayback_client.WaybackClient`: one exact CDX
  query per URL, then ``id_`` replays, oldest capture with status 200 first
  (a post's content does not change, while later captures are the likelier
  "Video unavailable" or login wall), at most ``max_replays`` in all;
* :class:`MementoPagesSource` — any other Memento archive or aggregator:
  the TimeMap of each URL, then its mementos (raw mode where the URI-M
  allows it), oldest first;
* :class:`WarcPagesSource` — the user's WARC files, indexed once by
  normalised target URL.

What a capture says: an archived 404/410 → ``deleted``; 401/403, or a
redirect to a login page → ``protected``; a 200 is given to the platform's
parser, whose :class:`PostUnavailable` ("Video unavailable", a login wall) is
the outcome and whose :class:`UnreadablePayload` (a consent page, no post in
it) means no content; a capture whose content names **another post** is never
taken. The first capture with the post ends the lookup.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from embedresolve.errors import (
    ArchiveBlocked,
    CdxError,
    FetchFailed,
    HostNotAllowed,
    PostUnavailable,
    UnreadablePayload,
)
from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Evidence, Outcome, Post, iso_utc
from embedresolve.resolve.cdx import CdxRow, parse_timemap
from embedresolve.resolve.http import FetchResult, SupportsFetch
from embedresolve.resolve.models import Lookup, Trail
from embedresolve.resolve.platforms.spec import Platform, Request
from embedresolve.resolve.sources.memento import raw_memento_url
from embedresolve.resolve.sources.warcfiles import archive_iterator, read_record, warc_files
from embedresolve.resolve.wayback_client import WaybackClient, nearest_capture, redirect_target

__all__ = [
    "ArchivedPagesSource",
    "MementoPagesSource",
    "Reading",
    "WarcPagesSource",
    "read_capture",
    "url_key",
]

_LOGIN_PATHS = ("/accounts/login", "/login", "/signin", "/checkpoint", "/auth_platform")


@dataclass(frozen=True, slots=True)
class Reading:
    """What one capture said: the post, or why not (``gone``), and facts for its evidence."""

    post: Post | None = None
    gone: tuple[Outcome, str] | None = None
    facts: dict[str, Any] = field(default_factory=dict)


def read_capture(
    request: Request, ref: PostRef, status: int | None, body: bytes, location: str | None, url: str
) -> Reading:
    """One archived answer to ``request`` about ``ref`` (pure; see the module docstring)."""
    if status in (404, 410):
        return Reading(gone=("deleted", f"archived {status} of the {request.kind}"))
    if status in (401, 403):
        return Reading(gone=("protected", f"archived {status} of the {request.kind}"))
    if status is not None and 300 <= status < 400:
        target = urljoin(url, location.strip()) if location else None
        if target and urlsplit(target).path.startswith(_LOGIN_PATHS):
            return Reading(gone=("protected", "redirects to a login page"), facts={"target": target})
        return Reading(facts={"target": target, "note": f"archived {status}: no content"})
    if status != 200:
        return Reading(facts={"note": f"archived {status}: no content"})
    try:
        post = request.parse(body, ref)
    except PostUnavailable as gone:
        return Reading(gone=(gone.outcome, gone.reason), facts={"unavailable": gone.reason})
    except UnreadablePayload as error:
        return Reading(facts={"note": f"no content: {error}"[:300]})
    if post.post_id != ref.post_id:
        return Reading(facts={"note": f"capture is of post {post.post_id}, not {ref.post_id}: not taken"})
    return Reading(post=post, facts={"parsed": f"{ref.platform}.{request.kind}"})


def url_key(url: str) -> str:
    """A URL as archives treat it alike: no scheme, no ``www.``, lower-case host, sorted query."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return f"{host}{parts.path or '/'}" + (f"?{query}" if query else "")


def _finish(trail: Trail, gone: tuple[Outcome, str] | None, blocked: str | None, seen: int) -> Lookup[Post]:
    if gone is not None:
        return trail.lookup(gone[0], reason=gone[1])
    if blocked is not None and not seen:
        return trail.lookup("blocked", reason=f"the archive excludes these URLs ({blocked})")
    if seen:
        return trail.lookup("not_archived", reason=f"{seen} capture(s), none with the post's content")
    return trail.lookup("not_archived", reason="no capture of the post's page or endpoints")


class ArchivedPagesSource:
    """``PlatformPostSource`` over a Wayback-compatible archive (see the module docstring)."""

    def __init__(
        self,
        client: WaybackClient,
        platforms: Mapping[str, Platform],
        *,
        max_replays: int = 4,
        max_rows: int = 50,
    ) -> None:
        self.client = client
        self.platforms = dict(platforms)
        self.name = client.name
        self.max_replays = max_replays
        self.max_rows = max_rows

    def serves(self, platform: str) -> bool:
        return platform in self.platforms

    def platform_post(self, ref: PostRef) -> Lookup[Post]:
        trail = Trail(self.name, archive=self.name)
        gone: tuple[Outcome, str] | None = None
        blocked: str | None = None
        seen = 0
        replays = self.max_replays
        for request in self.platforms[ref.platform].archived(ref):
            try:
                rows = self._rows(trail, request.url)
            except ArchiveBlocked as error:
                trail.add(Evidence.answer(error.result, step="cdx", query=request.url, blocked=error.kind))
                blocked = blocked or error.kind
                continue
            except FetchFailed as error:
                trail.add(Evidence.failure(error))
                return trail.lookup("failed", reason=error.category)
            except CdxError as error:
                trail.add(Evidence.answer(error.result, message=str(error)))
                return trail.lookup("failed", reason="unreadable CDX answer")
            seen += len(rows)
            for row in _replay_order(rows):
                if replays <= 0:
                    break
                replays -= 1
                try:
                    reading = self._replay(trail, request, ref, row)
                except FetchFailed as error:
                    trail.add(Evidence.failure(error))
                    return trail.lookup("failed", reason=error.category)
                if reading.post is not None:
                    post = replace(reading.post, source=f"{self.name}.{ref.platform}.{request.kind}")
                    return trail.lookup("found", value=post)
                gone = gone or reading.gone
        return _finish(trail, gone, blocked, seen)

    def _rows(self, trail: Trail, url: str) -> list[CdxRow]:
        rows: list[CdxRow] = []
        for chunk in self.client.search_pages(url, limit=self.max_rows):
            trail.add(
                Evidence.answer(
                    chunk.response,
                    step="cdx",
                    query=url,
                    rows=len(chunk.page.rows),
                    dropped_rows=chunk.page.dropped,
                )
            )
            rows.extend(chunk.page.rows)
        return rows

    def _replay(self, trail: Trail, request: Request, ref: PostRef, row: CdxRow) -> Reading:
        result = self.client.replay(row.raw_timestamp, row.original)
        hop = nearest_capture(result)
        followed = None
        if hop is not None and self.client.is_own_url(self.client.memento_url(hop.timestamp, hop.target)):
            trail.add(self._entry(result, row))
            result = self.client.replay(hop.timestamp, hop.target, flag=hop.flag or "id_")
            followed = "nearest capture"
        if not result.is_memento:
            trail.add(self._entry(result, row, followed=followed, note="not a memento (no Memento-Datetime)"))
            return Reading()
        location = redirect_target(result)
        reading = read_capture(request, ref, result.status, result.body, location, row.original)
        trail.add(self._entry(result, row, followed=followed, **reading.facts))
        return reading

    def _entry(self, result: Any, row: CdxRow, **facts: Any) -> Evidence:
        when = result.memento_datetime
        return Evidence.answer(
            result,
            step="replay",
            memento_url=result.url,
            capture_time=iso_utc(when if when is not None else row.captured_at),
            cdx_digest=row.digest,
            original=row.original,
            cdx_statuscode=row.statuscode,
            is_memento=result.is_memento,
            **{k: v for k, v in facts.items() if v is not None},
        )


def _replay_order(rows: list[CdxRow]) -> list[CdxRow]:
    """Content first (200, oldest first), then what may say the post is gone (4xx, 3xx, newest first)."""
    live = sorted(
        (r for r in rows if r.statuscode in (200, None) and not r.is_revisit), key=lambda r: r.timestamp
    )
    other = sorted(
        (r for r in rows if r.statuscode not in (200, None)), key=lambda r: r.timestamp, reverse=True
    )
    return live + other


# -- any Memento archive --------------------------------------------------------------------


class MementoPagesSource:
    """``PlatformPostSource`` over a Memento TimeMap endpoint (``<timemap_base>/<URL>``, link format)."""

    def __init__(
        self,
        fetcher: SupportsFetch,
        timemap_base: str,
        platforms: Mapping[str, Platform],
        *,
        name: str = "memento",
        max_replays: int = 3,
    ) -> None:
        self.fetcher = fetcher
        self.timemap_base = timemap_base.rstrip("/")
        self.platforms = dict(platforms)
        self.name = name
        self.max_replays = max_replays

    def serves(self, platform: str) -> bool:
        return platform in self.platforms

    def platform_post(self, ref: PostRef) -> Lookup[Post]:
        trail = Trail(self.name, archive=self.name)
        gone: tuple[Outcome, str] | None = None
        seen = 0
        replays = self.max_replays
        for request in self.platforms[ref.platform].archived(ref):
            try:
                timemap = self.fetcher.fetch(
                    f"{self.timemap_base}/{request.url}", purpose=f"{self.name}.timemap"
                )
            except FetchFailed as error:
                trail.add(Evidence.failure(error))
                return trail.lookup("failed", reason=error.category)
            text = timemap.body.decode("utf-8", errors="replace") if timemap.status == 200 else ""
            mementos = parse_timemap(text).mementos if text else ()
            trail.add(Evidence.answer(timemap, step="timemap", query=request.url, mementos=len(mementos)))
            if timemap.status not in (200, 404):
                return trail.lookup("failed", reason=f"TimeMap answered {timemap.status}")
            seen += len(mementos)
            for memento in sorted(mementos, key=lambda m: m.datetime):
                if replays <= 0:
                    break
                replays -= 1
                try:
                    result = self.fetcher.fetch(raw_memento_url(memento.url), purpose=f"{self.name}.replay")
                except HostNotAllowed as error:
                    trail.add(Evidence.failure(error, note="memento host not allowed"))
                    continue
                except FetchFailed as error:
                    trail.add(Evidence.failure(error))
                    return trail.lookup("failed", reason=error.category)
                reading = self._read(result, request, ref)
                trail.add(
                    Evidence.answer(
                        result,
                        step="replay",
                        memento_url=memento.url,
                        capture_time=iso_utc(result.memento_datetime or memento.datetime),
                        cdx_digest=None,
                        is_memento=result.is_memento,
                        **{k: v for k, v in reading.facts.items() if v is not None},
                    )
                )
                if reading.post is not None:
                    post = replace(reading.post, source=f"{self.name}.{ref.platform}.{request.kind}")
                    return trail.lookup("found", value=post)
                gone = gone or reading.gone
        return _finish(trail, gone, None, seen)

    @staticmethod
    def _read(result: FetchResult, request: Request, ref: PostRef) -> Reading:
        if not result.is_memento:
            return Reading(facts={"note": "not a memento (no Memento-Datetime)"})
        return read_capture(request, ref, result.status, result.body, redirect_target(result), request.url)


# -- the user's WARC files ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Record:
    path: Path
    offset: int
    url: str
    status: int | None
    warc_date: str
    record_id: str | None
    payload_digest: str | None


class WarcPagesSource:
    """``PlatformPostSource`` over local WARC files: every response record indexed by :func:`url_key`."""

    def __init__(
        self,
        paths: Sequence[str | PathLike[str]],
        platforms: Mapping[str, Platform],
        *,
        name: str = "warc",
        max_body_bytes: int = 5 * 1024 * 1024,
        max_reads: int = 10,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.platforms = dict(platforms)
        self.name = name
        self.max_body_bytes = max_body_bytes
        self.max_reads = max_reads
        self._index: dict[str, list[_Record]] | None = None
        self._unreadable: list[str] = []
        self._lock = threading.Lock()

    def serves(self, platform: str) -> bool:
        return platform in self.platforms

    def index(self) -> dict[str, list[_Record]]:
        with self._lock:
            if self._index is None:
                self._index = self._build()
            return self._index

    def _build(self) -> dict[str, list[_Record]]:
        iterator_class = archive_iterator()
        index: dict[str, list[_Record]] = {}
        for path in warc_files(self.paths):
            try:
                with path.open("rb") as fh:
                    records = iterator_class(fh)
                    for record in records:
                        if record.rec_type != "response":
                            continue
                        headers = record.rec_headers
                        url = (headers.get_header("WARC-Target-URI") or "").strip("<>")
                        code = record.http_headers.get_statuscode() if record.http_headers else None
                        index.setdefault(url_key(url), []).append(
                            _Record(
                                path=path,
                                offset=records.get_record_offset(),
                                url=url,
                                status=int(code) if isinstance(code, str) and code.isdigit() else None,
                                warc_date=headers.get_header("WARC-Date") or "",
                                record_id=headers.get_header("WARC-Record-ID"),
                                payload_digest=headers.get_header("WARC-Payload-Digest"),
                            )
                        )
            except Exception as e:  # warcio raises bare Exceptions for damaged files
                self._unreadable.append(f"{path}: {type(e).__name__}: {e}"[:300])
        return index

    def _read(self, record: _Record) -> tuple[bytes, str | None]:
        return read_record(record.path, record.offset, self.max_body_bytes)

    def platform_post(self, ref: PostRef) -> Lookup[Post]:
        trail = Trail(self.name, archive=self.name)
        index = self.index()
        if self._unreadable:
            trail.add(Evidence(step="index", unreadable=tuple(self._unreadable)))
        gone: tuple[Outcome, str] | None = None
        seen = 0
        reads = self.max_reads
        for request in self.platforms[ref.platform].archived(ref):
            records = index.get(url_key(request.url), [])
            seen += len(records)
            ordered = sorted(records, key=lambda r: (r.status != 200, r.warc_date))
            for record in ordered:
                if reads <= 0:
                    break
                reads -= 1
                try:
                    body, location = self._read(record)
                except Exception as e:  # the file changed or vanished since indexing
                    trail.add(self._evidence(record, error=f"{type(e).__name__}: {e}"[:300]))
                    return trail.lookup("failed", reason="WARC record unreadable")
                reading = read_capture(request, ref, record.status, body, location, record.url)
                trail.add(self._evidence(record, sha256=hashlib.sha256(body).hexdigest(), **reading.facts))
                if reading.post is not None:
                    post = replace(reading.post, source=f"{self.name}.{ref.platform}.{request.kind}")
                    return trail.lookup("found", value=post)
                gone = gone or reading.gone
        return _finish(trail, gone, None, seen)

    def _evidence(self, record: _Record, **facts: Any) -> Evidence:
        digest = record.payload_digest
        return Evidence(
            step="record",
            warc_file=str(record.path),
            offset=record.offset,
            url=record.url,
            capture_time=record.warc_date,
            status=record.status,
            record_id=record.record_id,
            cdx_digest=digest.split(":", 1)[1] if digest and ":" in digest else digest,
            **{k: v for k, v in facts.items() if v is not None},
        )
