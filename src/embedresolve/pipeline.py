"""Records in, records out: detect → separate → (resolve) → provenance.

:func:`clean_record` and :func:`restore_record` are functions of a record (a
JSON object), pure unless cleaning is given a resolver (the I/O lives behind
it); :func:`clean_records` streams them and turns a bad record into a
:class:`~embedresolve.io.records.Reject` instead of stopping the run.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any, Protocol, TypeVar

from embedresolve._version import __version__
from embedresolve.detect import detect_text, detect_with_html
from embedresolve.detect.html import clean_html
from embedresolve.errors import MissingField, RecordError, RestoreError
from embedresolve.io.fields import check_reserved, html_field, text_field
from embedresolve.io.records import InputRecord, Reject
from embedresolve.models import Embed
from embedresolve.provenance import Resolution
from embedresolve.separate import restore, separate

META = "embedresolve"
EMBEDS = "embeds"


class EmbedResolver(Protocol):
    """What cleaning needs of resolution (:class:`~embedresolve.resolve.resolver.Resolver` fits)."""

    def resolve(self, embed: Embed) -> Resolution: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    """What ``clean`` does; the CLI builds it from its options."""

    field: str | None = None  # text field; found automatically when None
    html_field: str | None = None  # HTML field; found automatically when None
    # With a text field, the HTML only identifies embeds; set this to cut them
    # out of the HTML too. A record with HTML and no text always gets it cleaned.
    clean_html: bool = False

    def digest(self) -> str:
        return _config_digest(self)


@functools.lru_cache(maxsize=32)  # asked once per record: a run has one config
def _config_digest(config: CleanConfig) -> str:
    return hashlib.sha256(json.dumps(asdict(config), sort_keys=True).encode()).hexdigest()[:16]


def clean_record(
    record: dict[str, Any],
    config: CleanConfig | None = None,
    *,
    resolver: EmbedResolver | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """``record`` with its text replaced by the clean body, plus ``embeds`` and metadata.

    Without a ``resolver`` nothing leaves the machine and every embed is marked
    ``skipped``. A record this function already cleaned is first restored, so
    cleaning is idempotent and never stacks two layers of cuts.
    """
    return separate_record(record, config).complete(resolver, now=now)


@dataclass(frozen=True, slots=True)
class Separated:
    """A record with its embeds cut out, not yet resolved: what detection hands to resolution.

    The two halves of :func:`clean_record`, so detection can run in other
    processes (``--jobs``) while resolution stays in one.
    """

    out: dict[str, Any]  # the record with clean text, no embeds or metadata yet
    embeds: list[Embed]
    text_field: str | None
    html_field: str | None
    config_digest: str

    def complete(self, resolver: EmbedResolver | None, *, now: datetime | None = None) -> dict[str, Any]:
        """The cleaned record: embeds resolved (or marked skipped) and the metadata added."""
        out = dict(self.out)
        out[EMBEDS] = [_resolved(e, resolver).to_dict() for e in self.embeds]
        out[META] = {
            "version": __version__,
            "processed_at": (now or datetime.now(timezone.utc)).isoformat(timespec="seconds"),
            "text_field": self.text_field,
            "html_field": self.html_field,
            "config_digest": self.config_digest,
        }
        return out


def separate_record(record: dict[str, Any], config: CleanConfig | None = None) -> Separated:
    """Detection and separation of one record (pure): the first half of :func:`clean_record`."""
    config = config or CleanConfig()
    check_reserved(record)
    if META in record:
        record = restore_record(record)
    html_name = html_field(record, config.html_field)
    name = _text_field_or_none(record, config.field, has_html=html_name is not None)
    html: str | None = record[html_name] if html_name else None
    out = dict(record)
    embeds: list[Embed] = []
    if name is not None:
        text: str = record[name]
        found, html_only = detect_with_html(text, html) if html is not None else (detect_text(text), [])
        out[name], in_text = separate(text, found)
        embeds += [e.with_(field=name) for e in in_text]
        if html_name is not None and not config.clean_html:
            # Not in the text (a video iframe has no text): listed, nothing cut.
            embeds += [e.with_(field=html_name, cut=None, raw=None) for e in html_only]
    if html_name is not None and html is not None and (config.clean_html or name is None):
        out[html_name], in_html = clean_html(html)
        embeds += [e.with_(field=html_name) for e in in_html]
    out.pop(EMBEDS, None)  # re-added last by complete(), so the key order is that of clean_record
    out.pop(META, None)
    return Separated(out, embeds, name, html_name, config.digest())


def _text_field_or_none(record: dict[str, Any], field: str | None, *, has_html: bool) -> str | None:
    """The text field; None for a record that has only HTML (no text field asked for)."""
    try:
        return text_field(record, field)
    except MissingField:
        if has_html and field is None:
            return None
        raise


def _resolved(embed: Embed, resolver: EmbedResolver | None) -> Embed:
    """The embed with its resolution; an identified post's ID and URL become the embed's."""
    if resolver is None:
        return embed.with_(resolution=Resolution.skipped("resolution disabled (--no-resolve)"))
    resolution = resolver.resolve(embed)
    match, post = resolution.match, resolution.post
    return embed.with_(
        resolution=resolution,
        post_id=embed.post_id or (match.post_id if match else None),
        url=embed.url or (post.url if match and post else None),
    )


def restore_record(record: dict[str, Any]) -> dict[str, Any]:
    """The record as it was before :func:`clean_record`, byte for byte."""
    try:
        return _restore(record)
    except RecordError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:  # malformed "embeds" entries
        raise RestoreError(f"malformed embeds: {error!r}", field=EMBEDS) from error


def _restore(record: dict[str, Any]) -> dict[str, Any]:
    embeds = [Embed.from_dict(e) for e in record.get(EMBEDS) or []]
    by_field: dict[str, list[Embed]] = {}
    for embed in embeds:
        if embed.cut is not None:  # embeds only listed (nothing cut) have nothing to put back
            by_field.setdefault(embed.field or "", []).append(embed)
    out = {k: v for k, v in record.items() if k not in (EMBEDS, META)}
    for name, field_embeds in by_field.items():
        if not isinstance(out.get(name), str):
            raise RestoreError(f"embeds refer to field {name!r}, which is missing", field=name)
        out[name] = restore(out[name], field_embeds)
    return out


def clean_records(
    records: Iterable[InputRecord | Reject],
    config: CleanConfig,
    *,
    resolver: EmbedResolver | None = None,
    workers: int = 1,
) -> Iterator[dict[str, Any] | Reject]:
    """Clean a stream, in order; a record that cannot be processed becomes a Reject.

    With ``workers`` > 1 records are cleaned (and their embeds resolved)
    concurrently; the rate limits are shared, so this overlaps waiting on
    different hosts and on the cache, never more traffic to one host.
    Memory stays bounded: at most ``4 × workers`` records are in flight.
    """
    prefetch = getattr(resolver, "prefetch", None)
    if prefetch is None:
        yield from _clean_stream(records, config, resolver, workers)
        return
    # A resolver that plans its queries sees each chunk's embeds first (issue 9); the next
    # chunk is planned while this one resolves, so index queries overlap replays. Output
    # order and streaming stay; two chunks of records are held at a time.
    chunks = _chunks(records, PREFETCH_RECORDS)
    current = next(chunks, None)
    if current is not None:
        prefetch(_embeds_in(current, config))
    with ThreadPoolExecutor(max_workers=1) as planner:
        while current is not None:
            upcoming = next(chunks, None)
            ahead = planner.submit(prefetch, _embeds_in(upcoming, config)) if upcoming else None
            yield from _clean_stream(current, config, resolver, workers)
            if ahead is not None:
                ahead.result()
            current = upcoming


PREFETCH_RECORDS = 256  # records whose embeds the resolver plans together


def _chunks(items: Iterable[InputRecord | Reject], size: int) -> Iterator[list[InputRecord | Reject]]:
    chunk: list[InputRecord | Reject] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _embeds_in(chunk: list[InputRecord | Reject], config: CleanConfig) -> list[Embed]:
    """The embeds detection finds in ``chunk`` (no resolution): what the planner groups."""
    found: list[Embed] = []
    for item in chunk:
        if isinstance(item, Reject):
            continue
        try:
            found += [Embed.from_dict(e) for e in clean_record(item.data, config)[EMBEDS]]
        except RecordError:
            continue
    return found


def _clean_stream(
    records: Iterable[InputRecord | Reject],
    config: CleanConfig,
    resolver: EmbedResolver | None,
    workers: int,
) -> Iterator[dict[str, Any] | Reject]:
    if workers <= 1:
        yield from (_clean_one(item, config, resolver) for item in records)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        in_flight: deque[Future[dict[str, Any] | Reject]] = deque()
        for item in records:
            in_flight.append(pool.submit(_clean_one, item, config, resolver))
            if len(in_flight) >= 4 * workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()


def _clean_one(
    item: InputRecord | Reject, config: CleanConfig, resolver: EmbedResolver | None
) -> dict[str, Any] | Reject:
    return guarded(item, lambda data: clean_record(data, config, resolver=resolver))


def restore_records(records: Iterable[InputRecord | Reject]) -> Iterator[dict[str, Any] | Reject]:
    for item in records:
        yield guarded(item, restore_record)


_T = TypeVar("_T")


def guarded(item: InputRecord | Reject, work: Callable[[dict[str, Any]], _T]) -> _T | Reject:
    """``work`` applied to one record, or the Reject it turns into: no record can stop a run.

    The one place per-record work is guarded. A RecordError keeps its reason;
    any other exception is a defect or a record no rule foresaw, and becomes
    ``internal_error`` with the exception's type and message, the run going on.
    """
    if isinstance(item, Reject):
        return item
    try:
        return work(item.data)
    except RecordError as error:
        return Reject(index=item.index, reason=error.reason, message=str(error), original=item.original)
    except Exception as error:
        return _internal(item, error)


INTERNAL_ERROR = "internal_error"


def _internal(item: InputRecord, error: Exception) -> Reject:
    message = f"record {item.index}: {type(error).__name__}: {error}"
    return Reject(index=item.index, reason=INTERNAL_ERROR, message=message, original=item.original)
