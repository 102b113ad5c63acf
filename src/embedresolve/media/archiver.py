"""Archive the media of resolved records: the library call behind ``embedresolve archive-media``.

For each record, embed and media item (``items``): skip it if the manifest
already has its line (resume), reuse the result if its identity was already
fetched (``seen``), else search the sources (``fetch``). An archived payload
is committed in this order — file (``store``), WARC record flushed
(``warc``), manifest line (``manifest``), ``seen`` row (``state``) — so a
``kill -9`` loses at most the item in flight. At start the state is repaired:
torn WARCs are truncated (a new file is opened, never appended to), a torn
manifest line is cut, manifest lines the database missed are adopted, and
files no line names are re-hashed and kept or removed.

Records are read and returned as the JSON contract (``embeds[].resolution.post``),
with ``embeds[].media[]`` added.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import httpx

from embedresolve.media.archives import Found, LiveMedia, MediaSource, MementoMedia, WarcMedia, WaybackMedia
from embedresolve.media.fetch import search_item
from embedresolve.media.items import DEFAULT_ROLES, MediaItem, Role, items_from_payload, items_from_post
from embedresolve.media.magic import content_type_for, sniff_extension
from embedresolve.media.manifest import ManifestWriter, summary
from embedresolve.media.sources import (
    CachingFetcher,
    CdxError,
    Fetcher,
    FetchFailed,
    FetchResult,
    RateLimiter,
    ResolveConfig,
    ResponseCache,
    SupportsFetch,
    SyndicationSource,
    WaybackClient,
    authority,
    make_client,
    normalize_hosts,
)
from embedresolve.media.state import MediaState
from embedresolve.media.store import MediaStore, adopt_orphans
from embedresolve.media.stream import MediaStreamer, spool
from embedresolve.media.variants import VideoChoice
from embedresolve.media.warc import GB, MediaWarc, WarcRef, repair_warc, warc_date

__all__ = ["MEDIA_HOSTS", "MediaArchiver", "MediaSettings", "open_archiver"]

MB = 1024**2
MEDIA_HOSTS = frozenset(
    {
        "pbs.twimg.com",
        "video.twimg.com",
        "abs.twimg.com",
        "i.ytimg.com",
        "i.vimeocdn.com",
        "scontent.cdninstagram.com",
        "p16-sign.tiktokcdn.com",
    }
)
"""The platforms' media CDNs; nothing else but the configured archives is ever fetched."""

_PAYLOAD_ROLES = frozenset({"card_image", "avatar", "poster"})


@dataclass(frozen=True, kw_only=True)
class MediaSettings:
    directory: Path
    roles: frozenset[Role] = DEFAULT_ROLES
    max_bytes: Mapping[str, int] = field(default_factory=lambda: {"image": 20 * MB, "video": 600 * MB})
    video: VideoChoice = "both"
    live: bool = True
    wayback: bool = True
    memento: bool = True  # asked when the config names a Memento endpoint
    warc_paths: tuple[Path, ...] = ()
    media_hosts: frozenset[str] = MEDIA_HOSTS
    origins: Mapping[str, str] = field(
        default_factory=dict
    )  # media host -> base URL serving it (mirrors, tests)
    warc_max_bytes: int = GB
    cache_path: Path | None = None
    with_posts: bool = False  # also the post's own JSON (syndication) as WARC responses
    media_deadline_s: float = 3600.0  # one media download, all of it (JSON requests keep http.deadline_s)


@dataclass(slots=True)
class RunCounts:
    items: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    bytes: int = 0


class MediaArchiver:
    def __init__(
        self,
        settings: MediaSettings,
        *,
        fetcher: SupportsFetch,
        streamer: MediaStreamer,
        config: ResolveConfig,
    ) -> None:
        self.settings = settings
        self.fetcher = fetcher
        self.streamer = streamer
        self.config = config
        self.media_hosts = normalize_hosts(settings.media_hosts)
        root = settings.directory
        root.mkdir(parents=True, exist_ok=True)
        self.store = MediaStore(root)
        self.state = MediaState(root / "state.sqlite3")
        closed = self.state.closed_warcs()
        for existing in sorted((root / "warc").glob("*.warc.gz")):
            if existing.name not in closed:  # a killed run's file: cut back to its last whole record
                repair_warc(existing)
        self.state.close_warcs([p.name for p in (root / "warc").glob("*.warc.gz")])
        self.manifest = ManifestWriter(root / "manifest.jsonl")
        known = self.state.reconcile(root / "manifest.jsonl")
        self.adopted, self.removed = adopt_orphans(self.store, known)
        self.warc = MediaWarc(root / "warc")
        self.sources = self._sources()
        self.counts = RunCounts()

    def _sources(self) -> list[MediaSource]:
        endpoints = self.config.endpoints
        sources: list[MediaSource] = []
        if self.settings.live:
            sources.append(LiveMedia(self.streamer))
        if self.settings.wayback:
            sources.append(WaybackMedia(self.fetcher, self.streamer, endpoints.wayback))
        if endpoints.memento and self.settings.memento:
            sources.append(MementoMedia(self.fetcher, self.streamer, endpoints.memento))
        if self.settings.warc_paths:
            sources.append(WarcMedia(self.settings.warc_paths, self.store.temp_dir))
        return sources

    def close(self) -> None:
        self.warc.close()
        self.state.close_warcs([p.name for p in self.warc.files])
        self.manifest.close()
        self.state.close()

    # -- records ---------------------------------------------------------------------

    def archive_records(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        for number, record in enumerate(records):
            yield self.archive_record(number, record)

    def archive_record(self, number: int, record: dict[str, Any]) -> dict[str, Any]:
        embeds = record.get("embeds")
        for e_no, embed in enumerate(embeds if isinstance(embeds, list) else []):
            if not isinstance(embed, dict):
                continue
            resolution = embed.get("resolution")
            post = resolution.get("post") if isinstance(resolution, dict) else None
            if not isinstance(post, dict):
                continue
            items = self.items_for(post)
            embed["media"] = [
                summary(self.archive_item(number, e_no, i, post, item)) for i, item in enumerate(items)
            ]
        return record

    def items_for(self, post: dict[str, Any]) -> list[MediaItem]:
        roles, video = self.settings.roles, self.settings.video
        found = items_from_post(post, roles, video=video)
        post_id = post.get("post_id")
        wants_payload = (
            bool(found.needs_payload) or bool(roles & _PAYLOAD_ROLES) or post.get("quoted_post_id")
        )
        if post.get("platform") == "twitter" and wants_payload and isinstance(post_id, str):
            payload = self._payload(post_id) if self.settings.live else None
            if payload is None and found.needs_payload and self.settings.wayback:
                # Only a page is named (pic.twitter.com/CODE): an archived payload names the file.
                # Asked only then, because CDX queries are the scarcest requests there are.
                payload = self._archived_payload(post_id)
            if payload is not None:
                richer = items_from_payload(payload, roles, video=video)
                names = {i.identity for i in richer}
                return richer + [i for i in found.items if i.identity not in names]
        return found.items

    def _payload(self, post_id: str) -> dict[str, Any] | None:
        """The syndication payload, which names card images, avatars, posters and quoted media."""
        source = SyndicationSource(self.fetcher, self.config.endpoints.syndication)
        if not post_id.isdigit():
            return None
        try:
            answer = self.fetcher.fetch(source.url_for(post_id), purpose="media.syndication")
        except FetchFailed:
            return None
        data = _json_object(answer.body) if answer.status == 200 else None
        if data is None or data.get("__typename") != "Tweet":
            return None
        if self.settings.with_posts:
            self._keep_post(f"twitter:post:{post_id}:syndication", answer)
        return data

    def _archived_payload(self, post_id: str) -> dict[str, Any] | None:
        """A syndication payload from the Wayback Machine: newest usable capture of ``tweet-result?id=``."""
        if not post_id.isdigit():
            return None
        client = WaybackClient(self.fetcher, self.config.endpoints.wayback, name="media.wayback")
        url = f"cdn.syndication.twimg.com/tweet-result?id={post_id}"
        try:
            rows = list(client.search(url, match_type="prefix", filters=["statuscode:200"], limit=10))
            for row in sorted(rows, key=lambda r: r.timestamp, reverse=True):
                answer = client.replay(row.raw_timestamp, row.original)
                data = _json_object(answer.body) if answer.status == 200 and answer.is_memento else None
                if data is not None and data.get("__typename") == "Tweet":
                    return data
        except (FetchFailed, CdxError):
            return None
        return None

    def _keep_post(self, identity: str, answer: FetchResult) -> None:
        """``--with-posts``: the post's JSON as a WARC response, so the post replays with its media."""
        if self.state.seen(identity) is not None:
            return
        spooled = spool(
            [answer.body], self.store.temp_dir, max_bytes=len(answer.body) + 1, too_large=RuntimeError
        )
        try:
            ref = self.warc.write_live(
                answer.url,
                spooled.path,
                status=answer.status,
                headers=_original_headers(
                    answer.headers, answer.headers.get("content-type", "application/json")
                ),
                request_headers=[("User-Agent", self.config.http.user_agent)],
                sha1=spooled.sha1_base32,
            )
        finally:
            spooled.path.unlink(missing_ok=True)
        self.state.mark_seen(identity, {"identity": identity, "url": answer.url, "warc": ref.to_dict()})

    # -- one item ----------------------------------------------------------------------

    def archive_item(
        self, record: int, embed: int, index: int, post: dict[str, Any], item: MediaItem
    ) -> dict[str, Any]:
        existing = self.state.line(record, embed, index)
        if existing is not None:
            return existing
        line: dict[str, Any] = {
            "record": record,
            "embed": embed,
            "index": index,
            "post": {"platform": str(post.get("platform") or item.platform), "post_id": item.post_id},
            "role": item.role,
            "identity": item.identity,
            "candidates": [f.url for f in item.forms],
            "playlists": list(item.playlists),
            "variant_role": item.variant_role,
        }
        prior = self.state.seen(item.identity)
        if prior is not None:
            reused = {k: v for k, v in prior.items() if k not in ("record", "embed", "index", "post")}
            line = {**reused, **line, "attempts": []}
        else:
            line.update(self._fetch(item))
        self.manifest.write(line)
        self.state.commit(line)
        self.counts.items += 1
        self.counts.outcomes[line["outcome"]] = self.counts.outcomes.get(line["outcome"], 0) + 1
        return line

    def _is_media_url(self, url: str) -> bool:
        host = authority(url)
        return bool(host) and host in self.media_hosts

    def _fetch(self, item: MediaItem) -> dict[str, Any]:
        limit = self.settings.max_bytes.get(item.kind, 20 * MB)
        search = search_item(item, self.sources, max_bytes=limit, is_allowed=self._is_media_url)
        line: dict[str, Any] = {"outcome": search.outcome, "attempts": search.attempts, "error": search.error}
        if search.found is None:
            return {**_EMPTY, **line}
        return {**line, **self._keep(item, search.found)}

    def _keep(self, item: MediaItem, found: Found) -> dict[str, Any]:
        got = found.download
        assert got.path is not None
        ext = sniff_extension(got.head)
        duplicate = self.state.archived_sha256(got.sha256)
        path, _ = self.store.commit(got.path, got.sha256, ext)
        content_type = got.headers.get("content-type") or content_type_for(ext)
        headers = _original_headers(got.headers, content_type)
        now = datetime.now(timezone.utc)
        date = warc_date(now)  # the WARC-Date written, so a later revisit can refer to it exactly
        if duplicate is not None and duplicate.get("identity") != item.identity and duplicate.get("warc"):
            first = duplicate["warc"]
            ref = self.warc.write_revisit(
                found.original_url,
                sha1=got.sha1_base32,
                refers_to=WarcRef(first["file"], first["offset"], first["record_id"]),
                refers_to_uri=str(duplicate.get("chosen_url")),
                refers_to_date=str(first.get("date")),
                status=200,
                headers=headers,
                length=got.size,
                when=now,
            )
            outcome, duplicate_of = "duplicate", duplicate.get("identity")
        elif found.source == "live":
            ref = self.warc.write_live(
                found.original_url,
                path,
                status=got.status,
                headers=headers,
                request_headers=[
                    ("User-Agent", self.config.http.user_agent),
                    ("Accept-Encoding", "identity"),
                ],
                sha1=got.sha1_base32,
                when=now,
            )
            outcome, duplicate_of = "archived", None
        else:
            captured = _parse_iso(found.memento_datetime) or now
            date = warc_date(captured)
            ref = self.warc.write_archived(
                found.original_url,
                path,
                status=200,
                headers=headers,
                sha1=got.sha1_base32,
                captured=captured,
                source_uri=found.memento_url,
                metadata={
                    "source": found.source,
                    "memento_url": found.memento_url,
                    "cdx_digest": found.cdx_digest,
                    "digest_matched": found.digest_matched,
                    "identity": item.identity,
                },
            )
            outcome, duplicate_of = "archived", None
        self.counts.bytes += got.size
        return {
            "outcome": outcome,
            "duplicate_of": duplicate_of,
            "chosen_url": found.original_url,
            "variant": found.form.to_dict(),
            "source": found.source,
            "memento_url": found.memento_url,
            "memento_datetime": found.memento_datetime,
            "cdx_digest": found.cdx_digest,
            "digest_matched": found.digest_matched,
            "http_status": got.status,
            "content_type": content_type,
            "bytes": got.size,
            "sha256": got.sha256,
            "sha1": got.sha1_base32,
            "path": self.store.relative(path),
            "warc": ref.to_dict() | {"date": date},
            "retrieved_at": got.retrieved_at,
        }


_FOUND_FIELDS = (
    "chosen_url",
    "variant",
    "source",
    "memento_url",
    "memento_datetime",
    "cdx_digest",
    "digest_matched",
    "http_status",
    "content_type",
    "bytes",
    "sha256",
    "sha1",
    "path",
    "warc",
    "retrieved_at",
    "duplicate_of",
)
_EMPTY: dict[str, Any] = dict.fromkeys(_FOUND_FIELDS)

_HOP_BY_HOP = frozenset(
    {"content-length", "transfer-encoding", "content-encoding", "connection", "keep-alive"}
)


def _original_headers(headers: Mapping[str, str], content_type: str) -> list[tuple[str, str]]:
    """Headers for the WARC response: the origin's (an archive's ``x-archive-orig-*`` unprefixed)."""
    out = [("Content-Type", content_type)]
    for name, value in headers.items():
        low = name.lower()
        if low.startswith("x-archive-orig-"):
            low = low[len("x-archive-orig-") :]
        elif low in ("memento-datetime", "link", "content-type") or low.startswith("x-archive"):
            continue
        if low not in _HOP_BY_HOP and low != "content-type":
            out.append((low.title(), value))
    return out


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(body)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


@contextmanager
def open_archiver(
    settings: MediaSettings,
    config: ResolveConfig,
    *,
    transport: httpx.BaseTransport | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[MediaArchiver]:
    """An archiver over one client, one rate limiter and one cache shared by JSON fetches and media."""
    client = make_client(config.http, transport=transport)
    limits = config.rate_limits
    limiter = RateLimiter(sleep=sleep, slowdown=limits.slowdown, min_rate_factor=limits.min_rate_factor)
    fetcher = Fetcher(client, config, limiter=limiter, sleep=sleep)
    cache = ResponseCache(settings.cache_path) if settings.cache_path is not None else None
    shared: SupportsFetch = CachingFetcher(fetcher, cache) if cache is not None else fetcher
    allowed = config.allowed_hosts() | (settings.media_hosts if settings.live else frozenset())
    streamer = MediaStreamer(
        client,
        config,
        limiter,
        allowed_hosts=frozenset(allowed),
        temp_dir=settings.directory / "media" / "tmp",
        origins=settings.origins,
        sleep=sleep,
        deadline_s=settings.media_deadline_s,
    )
    archiver = MediaArchiver(settings, fetcher=shared, streamer=streamer, config=config)
    try:
        yield archiver
    finally:
        archiver.close()
        client.close()
        if cache is not None:
            cache.close()
