"""Where a media file is found: live, the Wayback Machine, Memento archives, the user's WARCs.

Each source tries an item's forms in rank order and returns the first full
answer as a :class:`Found` (the body in a temp file), appending one entry per
request to ``attempts``. Off-allow-list URLs are never requested (an attempt
``blocked``); a body over the item's limit raises ``ResponseTooLarge``.

Wayback: one CDX prefix query per photo ID (``pbs.twimg.com/media/<ID>``)
with a case-sensitive ``original`` filter — the index folds case and media
IDs differ only by case — repeated on our side, then ``id_`` replays, never
following a redirect, and the SHA-1 of the bytes checked against the CDX
``digest``: a mismatch is recorded and the next capture tried.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlsplit

from embedresolve.media.items import MediaItem
from embedresolve.media.sources import (
    ArchiveBlocked,
    CdxError,
    CdxRow,
    FetchFailed,
    MatchType,
    ResponseTooLarge,
    SupportsFetch,
    WaybackClient,
    authority,
    format_iso,
    parse_timemap,
    raw_memento_url,
)
from embedresolve.media.stream import Download, MediaStreamer, spool
from embedresolve.media.variants import UrlForm

__all__ = [
    "Found",
    "LiveMedia",
    "MediaSource",
    "MementoMedia",
    "WarcMedia",
    "WaybackMedia",
    "form_key",
]


@dataclass(slots=True, kw_only=True)
class Found:
    """A full answer for one item: the body (``download.path``) and how it was obtained."""

    download: Download
    form: UrlForm
    original_url: str  # the URL the bytes are the content of
    source: str  # live | wayback | memento:<host> | warc:<file>
    memento_url: str | None = None
    memento_datetime: str | None = None  # ISO; the capture time for archive sources
    cdx_digest: str | None = None
    digest_matched: bool | None = None


class MediaSource(Protocol):
    name: str

    def find(self, item: MediaItem, *, max_bytes: int, attempts: list[dict[str, Any]]) -> Found | None: ...


def form_key(url: str) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """Compare URLs as a CDX ``original`` would be: scheme and default port folded, query sorted,
    case kept (media IDs differ only by case)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host, parts.path, tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def _entry(source: str, url: str, **fields: Any) -> dict[str, Any]:
    return {"source": source, "url": url, **fields}


def _failed(source: str, error: FetchFailed) -> dict[str, Any]:
    return _entry(source, error.url, outcome="failed", error=error.category, status=error.last_status)


class LiveMedia:
    """The platform's own CDN."""

    name = "live"

    def __init__(self, streamer: MediaStreamer) -> None:
        self.streamer = streamer

    def find(self, item: MediaItem, *, max_bytes: int, attempts: list[dict[str, Any]]) -> Found | None:
        for form in item.forms:
            if not self.streamer.is_allowed(form.url):
                attempts.append(_entry(self.name, form.url, outcome="blocked", host=authority(form.url)))
                continue
            try:
                got = self.streamer.get(form.url, max_bytes=max_bytes)
            except ResponseTooLarge:
                raise
            except FetchFailed as error:
                attempts.append(_failed(self.name, error))
                continue
            attempts.append(_entry(self.name, form.url, status=got.status, attempts=got.attempts))
            if got.status == 200 and got.path is not None:
                return Found(download=got, form=form, original_url=form.url, source=self.name)
            got.discard()
        return None


_USABLE = "statuscode:200|-"
"""CDX filter: 200, or ``-`` (a revisit, whose replay is the payload it refers to)."""


class WaybackMedia:
    """An IA-compatible Wayback Machine: CDX, then digest-checked ``id_`` replays."""

    name = "wayback"

    def __init__(self, fetcher: SupportsFetch, streamer: MediaStreamer, base_url: str) -> None:
        self.client = WaybackClient(fetcher, base_url)
        self.streamer = streamer

    def _rows(self, item: MediaItem, attempts: list[dict[str, Any]]) -> list[CdxRow]:
        queries: list[tuple[str, MatchType, list[str]]]
        if item.archive_prefix and item.archive_id:
            pattern = f".*/media/{re.escape(item.archive_id)}([.?:].*)?"
            queries = [(item.archive_prefix, "prefix", [_USABLE, f"original:{pattern}"])]
            own = re.compile(pattern)
        else:
            queries = [(form.url, "exact", [_USABLE]) for form in item.forms]
            own = None
        rows: list[CdxRow] = []
        for url, match_type, filters in queries:
            try:
                found = list(self.client.search(url, match_type=match_type, filters=filters, limit=200))
            except ArchiveBlocked as blocked:
                attempts.append(_entry(self.name, blocked.result.url, outcome="blocked", error=blocked.kind))
                continue
            except CdxError as error:
                attempts.append(
                    _entry(self.name, error.result.url, outcome="failed", status=error.result.status)
                )
                continue
            except FetchFailed as error:
                attempts.append(_failed("wayback.cdx", error))
                continue
            attempts.append(
                _entry("wayback.cdx", self.client.cdx_url(url, match_type=match_type), rows=len(found))
            )
            # The server's filter is the index's; check case again here (a replica may fold it).
            rows.extend(r for r in found if own is None or own.fullmatch(r.original))
        rank = {form_key(f.url): i for i, f in enumerate(item.forms)}
        rows.sort(key=lambda r: (rank.get(form_key(r.original), len(rank)), -int(r.timestamp)))
        return rows

    def find(self, item: MediaItem, *, max_bytes: int, attempts: list[dict[str, Any]]) -> Found | None:
        forms = {form_key(f.url): f for f in item.forms}
        for row in self._rows(item, attempts):
            url = self.client.memento_url(row.raw_timestamp, row.original)
            try:
                got = self.streamer.get(url, max_bytes=max_bytes)
            except ResponseTooLarge:
                raise
            except FetchFailed as error:
                attempts.append(_failed("wayback.replay", error))
                continue
            entry = _entry("wayback.replay", url, status=got.status, cdx_digest=row.digest)
            attempts.append(entry)
            if got.path is None or got.status != 200 or not got.is_memento:
                got.discard()
                continue
            matched = row.digest is None or row.digest == got.sha1_base32
            entry["digest_matched"] = matched
            if not matched:
                got.discard()
                continue
            form = forms.get(form_key(row.original)) or UrlForm(url=row.original, name="archived")
            return Found(
                download=got,
                form=form,
                original_url=row.original,
                source=self.name,
                memento_url=url,
                memento_datetime=format_iso(row.captured_at),
                cdx_digest=row.digest,
                digest_matched=row.digest is not None,
            )
        return None


class MementoMedia:
    """Another Memento archive: TimeMaps by exact URL for the first forms, newest memento first."""

    def __init__(
        self, fetcher: SupportsFetch, streamer: MediaStreamer, timemap_base: str, forms: int = 4
    ) -> None:
        self.fetcher = fetcher
        self.streamer = streamer
        self.base = timemap_base.rstrip("/")
        self.forms = forms
        self.name = f"memento:{authority(timemap_base)}"

    def find(self, item: MediaItem, *, max_bytes: int, attempts: list[dict[str, Any]]) -> Found | None:
        for form in item.forms[: self.forms]:
            timemap_url = f"{self.base}/{form.url}"
            try:
                answer = self.fetcher.fetch(timemap_url, purpose="memento.timemap")
            except FetchFailed as error:
                attempts.append(_failed(self.name, error))
                continue
            attempts.append(_entry(self.name, timemap_url, status=answer.status))
            if answer.status != 200:
                continue
            timemap = parse_timemap(answer.body.decode("utf-8", "replace"))
            for memento in reversed(timemap.mementos):
                url = raw_memento_url(memento.url)
                try:
                    got = self.streamer.get(url, max_bytes=max_bytes)
                except ResponseTooLarge:
                    raise
                except FetchFailed as error:
                    attempts.append(_failed(self.name, error))
                    continue
                attempts.append(_entry(self.name, url, status=got.status))
                if got.path is not None and got.status == 200 and got.is_memento:
                    when = got.memento_datetime or memento.datetime
                    return Found(
                        download=got,
                        form=form,
                        original_url=form.url,
                        source=self.name,
                        memento_url=url,
                        memento_datetime=format_iso(when),
                    )
                got.discard()
        return None


@dataclass(slots=True)
class _WarcRef:
    path: Path
    offset: int
    date: str
    digest: str | None


@dataclass(slots=True)
class _WarcIndex:
    by_url: dict[tuple[str, str, tuple[tuple[str, str], ...]], list[_WarcRef]] = field(default_factory=dict)


def _warc_iterator() -> Any:
    return importlib.import_module("warcio.archiveiterator").ArchiveIterator


class WarcMedia:
    """The user's WARC files (``--archive``): 200 ``response`` records under a form's exact URL."""

    name = "warc"

    def __init__(self, paths: Sequence[Path], temp_dir: Path) -> None:
        self.paths = tuple(paths)
        self.temp_dir = temp_dir
        self._index: _WarcIndex | None = None

    def _files(self) -> list[Path]:
        out: list[Path] = []
        for path in self.paths:
            if path.is_dir():
                out.extend(sorted(p for p in path.rglob("*") if p.name.endswith((".warc", ".warc.gz"))))
            else:
                out.append(path)
        return out

    def index(self) -> _WarcIndex:
        if self._index is None:
            index = _WarcIndex()
            iterator = _warc_iterator()
            for path in self._files():
                with path.open("rb") as fh:
                    records = iterator(fh)
                    for record in records:
                        if record.rec_type != "response" or record.http_headers is None:
                            continue
                        if record.http_headers.get_statuscode() != "200":
                            continue
                        url = (record.rec_headers.get_header("WARC-Target-URI") or "").strip("<>")
                        digest = record.rec_headers.get_header("WARC-Payload-Digest")
                        ref = _WarcRef(
                            path,
                            records.get_record_offset(),
                            record.rec_headers.get_header("WARC-Date") or "",
                            digest,
                        )
                        index.by_url.setdefault(form_key(url), []).append(ref)
            self._index = index
        return self._index

    def find(self, item: MediaItem, *, max_bytes: int, attempts: list[dict[str, Any]]) -> Found | None:
        index = self.index()
        for form in item.forms:
            for ref in reversed(index.by_url.get(form_key(form.url), [])):
                found = self._read(ref, form, max_bytes)
                attempts.append(
                    _entry(
                        f"warc:{ref.path.name}",
                        form.url,
                        offset=ref.offset,
                        digest_matched=found.digest_matched,
                    )
                )
                if found.digest_matched is False:
                    found.download.discard()
                    continue
                return found
        return None

    def _read(self, ref: _WarcRef, form: UrlForm, max_bytes: int) -> Found:
        with ref.path.open("rb") as fh:
            fh.seek(ref.offset)
            record = next(iter(_warc_iterator()(fh)))
            stream = record.content_stream()

            def chunks() -> Any:
                while chunk := stream.read(256 * 1024):
                    yield chunk

            def too_large() -> Exception:
                return ResponseTooLarge(form.url, limit=max_bytes, attempts=0, elapsed_s=0.0, last_status=200)

            spooled = spool(chunks(), self.temp_dir, max_bytes=max_bytes, too_large=too_large)
            headers = {k.lower(): v for k, v in record.http_headers.headers}
        digest = ref.digest.split(":", 1)[1] if ref.digest and ":" in ref.digest else None
        download = Download(
            url=form.url,
            status=200,
            headers=headers,
            path=spooled.path,
            size=spooled.size,
            sha256=spooled.sha256,
            sha1_base32=spooled.sha1_base32,
            head=spooled.head,
            attempts=0,
            retrieved_at=ref.date,
            memento_datetime=None,
        )
        return Found(
            download=download,
            form=form,
            original_url=form.url,
            source=f"warc:{ref.path.name}",
            memento_datetime=ref.date,
            cdx_digest=digest,
            digest_matched=None if digest is None else digest == spooled.sha1_base32,
        )
