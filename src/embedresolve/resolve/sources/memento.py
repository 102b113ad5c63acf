"""Any Memento archive (RFC 7089) as a post source: TimeMap, then the mementos themselves.

For archives other than the Wayback Machine, or an aggregator (MemGator on
loopback) that lists them all: ``GET <timemap_base>/<status URL>`` returns a
link-format TimeMap (``cdx.parse_timemap``), and the mementos it lists are
fetched — never following redirects — and parsed with
:mod:`~embedresolve.resolve.formats`.

A TimeMap says nothing about what each capture holds, so mementos are tried
oldest first: a tweet's text does not change between captures, while later
captures are the likelier ones to be the "page doesn't exist" 404 of a
deleted tweet or x.com's empty app shell. At most ``max_replays`` are fetched.
Wayback-style URI-Ms (``…/<14 digits>/<url>``, pywb, IA, Archive-It,
arquivo.pt …) are asked for in ``id_`` mode, the original bytes; other
archives' URI-Ms are fetched as listed. A URI-M on a host the fetcher is not
allowed to reach is skipped with a note in the evidence.
"""

from __future__ import annotations

import re
from dataclasses import replace

from embedresolve.errors import FetchFailed, HostNotAllowed, PostUnavailable
from embedresolve.platforms import twitter
from embedresolve.provenance import Evidence, Outcome, Post, iso_utc
from embedresolve.resolve.cdx import Memento, parse_timemap
from embedresolve.resolve.formats import classify_capture_url, parse_capture
from embedresolve.resolve.formats.values import HANDLE, ID
from embedresolve.resolve.http import FetchResult, SupportsFetch
from embedresolve.resolve.models import Lookup, Trail

__all__ = ["MementoSource", "raw_memento_url"]

_WAYBACK_STYLE = re.compile(r"/([0-9]{14})(?:[a-z]{2}_)?/(?=https?:)")


def raw_memento_url(url: str, flag: str = "id_") -> str:
    """A Wayback-style URI-M switched to ``flag`` mode (``…/20221111203045id_/https://…``).

    URI-Ms of other shapes come back unchanged.
    """
    match = _WAYBACK_STYLE.search(url)
    if match is None:
        return url
    return f"{url[: match.start()]}/{match.group(1)}{flag}/{url[match.end() :]}"


class MementoSource:
    """``PostSource`` over a Memento TimeMap endpoint.

    ``timemap_base`` is the URL the status URL is appended to: pywb and IA
    ``http://host/web/timemap/link``, MemGator ``http://host/timemap/link``.
    """

    def __init__(
        self,
        fetcher: SupportsFetch,
        timemap_base: str,
        *,
        name: str = "memento",
        max_replays: int = 3,
        raw_flag: str = "id_",
    ) -> None:
        if max_replays < 1:
            raise ValueError("max_replays must be at least 1")
        self.fetcher = fetcher
        self.timemap_base = timemap_base.rstrip("/")
        self.name = name
        self.max_replays = max_replays
        self.raw_flag = raw_flag

    def timemap_url(self, url: str) -> str:
        return f"{self.timemap_base}/{url}"

    def post(self, post_id: str, handle: str | None = None) -> Lookup[Post]:
        trail = Trail(self.name)
        if not ID.fullmatch(post_id) or (handle is not None and not HANDLE.fullmatch(handle)):
            trail.add(Evidence(input=f"{post_id[:40]} {str(handle)[:40]}"))
            return trail.lookup("not_found", reason="invalid post ID or handle")
        status_url = (
            twitter.canonical_url(post_id, handle)
            if handle
            else f"https://twitter.com/i/web/status/{post_id}"
        )
        try:
            timemap = self.fetcher.fetch(self.timemap_url(status_url), purpose=f"{self.name}.timemap")
        except FetchFailed as error:
            trail.add(Evidence.failure(error, archive=self.name))
            return trail.lookup("failed", reason=error.category)
        parsed = (
            parse_timemap(timemap.body.decode("utf-8", errors="replace")) if timemap.status == 200 else None
        )
        mementos = parsed.mementos if parsed is not None else ()
        trail.add(Evidence.answer(timemap, archive=self.name, step="timemap", mementos=len(mementos)))
        if timemap.status == 404 or (timemap.status == 200 and not mementos):
            return trail.lookup("not_archived", reason="the TimeMap lists no memento")
        if timemap.status != 200:
            return trail.lookup("failed", reason=f"TimeMap answered {timemap.status}")
        gone: tuple[Outcome, str] | None = None
        for memento in mementos[: self.max_replays]:
            try:
                result = self.fetcher.fetch(
                    raw_memento_url(memento.url, self.raw_flag), purpose=f"{self.name}.replay"
                )
            except HostNotAllowed as error:
                trail.add(Evidence.failure(error, archive=self.name, note="memento host not allowed"))
                continue
            except FetchFailed as error:
                trail.add(Evidence.failure(error, archive=self.name))
                return trail.lookup("failed", reason=error.category)
            post, unavailable, entry = _read(result, status_url, post_id, self._entry(result, memento))
            trail.add(entry)
            if post is not None:
                return trail.lookup("found", value=replace(post, source=f"{self.name}.{post.source}"))
            gone = gone or unavailable
        if gone is not None:
            return trail.lookup(gone[0], reason=gone[1])
        return trail.lookup("not_archived", reason="no memento with readable content")

    def _entry(self, result: FetchResult, memento: Memento) -> Evidence:
        return Evidence.answer(
            result,
            archive=self.name,
            step="replay",
            memento_url=memento.url,
            capture_time=iso_utc(result.memento_datetime or memento.datetime),
            cdx_digest=None,
            is_memento=result.is_memento,
        )


def _read(
    result: FetchResult, status_url: str, post_id: str, entry: Evidence
) -> tuple[Post | None, tuple[Outcome, str] | None, Evidence]:
    """Parse one memento: a post, why there is none, or neither; and ``entry`` with what it told us."""
    if not result.is_memento:
        return None, None, entry.but(note="not a memento (no Memento-Datetime)")
    if result.status in (404, 410):
        return None, ("deleted", f"archived {result.status} of the status page"), entry
    if result.status != 200:
        return None, None, entry.but(note=f"archived {result.status}: no content")
    original = _original(result) or status_url
    ref = classify_capture_url(original)
    kind = ref.kind if ref is not None and ref.kind != "short_link" else "status_page"
    try:
        post = parse_capture(kind, result.body, original, post_id)
    except PostUnavailable as gone:
        return None, (gone.outcome, gone.reason), entry.but(unavailable=gone.reason)
    return post, None, entry.but(parsed=kind if post is not None else None)


def _original(result: FetchResult) -> str | None:
    """The URI-R from the memento's ``Link: <…>; rel="original"`` header (same syntax as a TimeMap)."""
    return parse_timemap(result.headers.get("link", "")[:65536]).original
