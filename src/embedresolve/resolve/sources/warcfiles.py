"""The user's own WARC files as a source: posts and short codes with no network at all.

Researchers often hold crawls of their own (Heritrix, Browsertrix,
``wget --warc-file``, our own media archive). ``WarcSource`` reads them with
warcio (a core dependency), imported only when a lookup first needs it.

On first use every ``response`` record is indexed by what its target URL is
(``formats.classify_capture_url``): status pages, oEmbed, syndication and
API captures by post ID, ``t.co``/``pic.twitter.com`` captures by short code
(case kept: codes are case-sensitive). Only offsets are kept; bodies are read
back when a lookup wants them, at most ``max_body_bytes`` each. ``revisit``
records are not resolved (their payload lives in another record). A file
that cannot be read is skipped and named in the evidence of every answer.

Evidence per record read: ``archive`` (the source name), ``warc_file``,
``offset``, ``url``, ``capture_time`` (WARC-Date), the HTTP ``status``,
``record_id`` and ``cdx_digest`` (the WARC-Payload-Digest, which is what a
CDX index lists as ``digest``).
"""

from __future__ import annotations

import hashlib
import importlib
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from os import PathLike
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urljoin

from embedresolve.errors import PostUnavailable
from embedresolve.platforms.twitter import SHORT_CODE_RE
from embedresolve.provenance import Evidence, Outcome, Post, iso_utc
from embedresolve.resolve.formats import CaptureKind, capture_order, classify_capture_url, parse_capture
from embedresolve.resolve.formats.tco_page import refresh_target
from embedresolve.resolve.formats.values import status_ref
from embedresolve.resolve.models import Lookup, Trail

__all__ = ["WarcRecordRef", "WarcSource"]

_ID = re.compile(r"[0-9]{1,20}")
_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass(frozen=True, slots=True)
class WarcRecordRef:
    """Where one tweet-bearing response record is, and what it holds."""

    path: Path
    offset: int
    url: str
    kind: CaptureKind
    key: str  # post ID, or the short code for short links
    status: int | None
    warc_date: str
    record_id: str | None
    payload_digest: str | None

    def to_evidence(self, **facts: Any) -> Evidence:
        """The record as read (``step`` "record"), with what reading it told us."""
        digest = self.payload_digest
        return Evidence(
            step="record",
            warc_file=str(self.path),
            offset=self.offset,
            url=self.url,
            capture_time=self.warc_date,
            status=self.status,
            record_id=self.record_id,
            cdx_digest=digest.split(":", 1)[1] if digest and ":" in digest else digest,
            **facts,
        )


@dataclass(slots=True)
class _Index:
    by_post: dict[str, list[WarcRecordRef]] = field(default_factory=dict)
    by_code: dict[str, list[WarcRecordRef]] = field(default_factory=dict)
    files: int = 0
    records: int = 0
    unreadable: list[str] = field(default_factory=list)


def archive_iterator() -> Any:
    """warcio's ``ArchiveIterator``, imported on first use (untyped: it ships no stubs)."""
    return importlib.import_module("warcio.archiveiterator").ArchiveIterator


def read_record(path: Path, offset: int, max_bytes: int) -> tuple[bytes, str | None]:
    """The decoded HTTP body of the record at ``offset`` (at most ``max_bytes``) and its ``Location``."""
    with path.open("rb") as fh:
        fh.seek(offset)
        record = next(iter(archive_iterator()(fh)))
        location = record.http_headers.get_header("Location") if record.http_headers else None
        stream: BinaryIO = record.content_stream()
        body = stream.read(max_bytes + 1)
    return body[:max_bytes], location


def warc_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The WARC/ARC files ``paths`` name: files as given, folders searched recursively, in name order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(_SUFFIXES)
            )
        else:
            yield path


class WarcSource:
    """``PostSource`` and ``ShortCodeSource`` over local WARC files and folders (searched recursively)."""

    def __init__(
        self,
        paths: Sequence[str | PathLike[str]],
        *,
        name: str = "warc",
        max_body_bytes: int = 5 * 1024 * 1024,
        max_reads: int = 10,
    ) -> None:
        self.paths = [Path(p) for p in paths]
        self.name = name
        self.max_body_bytes = max_body_bytes
        self.max_reads = max_reads
        self._index: _Index | None = None
        self._lock = threading.Lock()

    # -- index ---------------------------------------------------------------------------

    def index(self) -> _Index:
        """Build the index on first use (thread-safe)."""
        with self._lock:
            if self._index is None:
                self._index = self._build()
            return self._index

    def _build(self) -> _Index:
        iterator_class = archive_iterator()
        index = _Index()
        for path in warc_files(self.paths):
            index.files += 1
            try:
                with path.open("rb") as fh:
                    iterator = iterator_class(fh)
                    for record in iterator:
                        ref = _ref(path, iterator.get_record_offset(), record)
                        if ref is None:
                            continue
                        index.records += 1
                        target = index.by_code if ref.kind == "short_link" else index.by_post
                        target.setdefault(ref.key, []).append(ref)
            except Exception as e:  # warcio raises bare Exceptions for damaged files
                index.unreadable.append(f"{path}: {type(e).__name__}: {e}"[:300])
        return index

    def _read(self, ref: WarcRecordRef) -> tuple[bytes, str | None]:
        return read_record(ref.path, ref.offset, self.max_body_bytes)

    # -- answers ---------------------------------------------------------------------------

    def _trail(self) -> Trail:
        return Trail(self.name, archive=self.name)

    def _open_index(self, trail: Trail) -> _Index:
        index = self.index()
        if index.unreadable:
            trail.add(Evidence(step="index", unreadable=tuple(index.unreadable)))
        return index

    def expand_short_code(self, code: str) -> Lookup[str]:
        trail = self._trail()
        if not SHORT_CODE_RE.fullmatch(code):
            trail.add(Evidence(input=code[:100]))
            return trail.lookup("not_found", reason="invalid short code")
        index = self._open_index(trail)
        refs = sorted(index.by_code.get(code, []), key=lambda r: (not _is_redirect(r), r.warc_date))
        others: list[str] = []
        for ref in refs[: self.max_reads]:
            try:
                body, location = self._read(ref)
            except Exception as e:  # the file changed or vanished since indexing
                trail.add(ref.to_evidence(error=f"{type(e).__name__}: {e}"[:300]))
                return trail.lookup("failed", reason="WARC record unreadable")
            target = location if _is_redirect(ref) else None
            if target is None and ref.status == 200:
                target = refresh_target(body.decode("utf-8", errors="replace"))
            target = urljoin(ref.url, target.strip()) if target else None
            trail.add(ref.to_evidence(sha256=hashlib.sha256(body).hexdigest(), target=target))
            if target is None:
                continue
            if status_ref(target) is not None:
                return trail.lookup("found", value=target)
            others.append(target)
        if others:
            return trail.lookup(
                "found", value=others[0], reason="short link redirects to a URL that is not a post"
            )
        if refs:
            return trail.lookup("not_archived", reason="records hold no readable redirect")
        return trail.lookup("not_archived", reason=f"no record of t.co/{code} or pic.twitter.com/{code}")

    def post(self, post_id: str, handle: str | None = None) -> Lookup[Post]:
        trail = self._trail()
        if not _ID.fullmatch(post_id):
            trail.add(Evidence(input=post_id[:40]))
            return trail.lookup("not_found", reason="invalid post ID")
        index = self._open_index(trail)
        refs = index.by_post.get(post_id, [])
        gone: tuple[Outcome, str] | None = None
        deleted = [r for r in refs if r.kind == "status_page" and r.status in (404, 410)]
        if deleted:
            newest = max(deleted, key=lambda r: r.warc_date)
            trail.add(newest.to_evidence(deleted=True))
            gone = ("deleted", f"archived {newest.status} of the status page")
        ordered = capture_order(
            refs, kind=lambda r: r.kind, status=lambda r: r.status, when=lambda r: r.warc_date
        )
        for ref in ordered[: self.max_reads]:
            try:
                body, _ = self._read(ref)
            except Exception as e:
                trail.add(ref.to_evidence(error=f"{type(e).__name__}: {e}"[:300]))
                return trail.lookup("failed", reason="WARC record unreadable")
            sha256 = hashlib.sha256(body).hexdigest()
            try:
                post = parse_capture(ref.kind, body, ref.url, post_id)
            except PostUnavailable as e:
                trail.add(ref.to_evidence(sha256=sha256, unavailable=e.reason))
                gone = gone or (e.outcome, e.reason)
                continue
            trail.add(ref.to_evidence(sha256=sha256, parsed=ref.kind if post is not None else None))
            if post is not None:
                return trail.lookup("found", value=replace(post, source=f"{self.name}.{post.source}"))
        if gone is not None:
            return trail.lookup(gone[0], reason=gone[1])
        if refs:
            return trail.lookup("not_archived", reason=f"{len(refs)} record(s), none with readable content")
        return trail.lookup("not_archived", reason="no record of the post")


def _is_redirect(ref: WarcRecordRef) -> bool:
    return ref.status is not None and 300 <= ref.status < 400


def _ref(path: Path, offset: int, record: Any) -> WarcRecordRef | None:
    if record.rec_type != "response":
        return None
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or ""
    ref = classify_capture_url(url.strip("<>"))
    if ref is None:
        return None
    key = ref.code if ref.kind == "short_link" else ref.post_id
    if not key:
        return None
    status = None
    if record.http_headers is not None:
        code = record.http_headers.get_statuscode()
        status = int(code) if isinstance(code, str) and code.isdigit() else None
    return WarcRecordRef(
        path=path,
        offset=offset,
        url=url.strip("<>"),
        kind=ref.kind,
        key=key,
        status=status,
        warc_date=_iso(headers.get_header("WARC-Date") or ""),
        record_id=headers.get_header("WARC-Record-ID"),
        payload_digest=headers.get_header("WARC-Payload-Digest"),
    )


def _iso(value: str) -> str:
    """WARC-Date (``2022-11-11T20:30:45Z``, maybe with fractions) as ``…T20:30:45Z``; else as given."""
    text = value.strip()
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return text
    return iso_utc(moment)
