"""An Internet-Archive-compatible Wayback client: CDX search and raw (``id_``) replay.

It speaks IA's wire format (archive guide §1) to any server with the same
layout — web.archive.org, or a local pywb behind the test suite's IA layer —
through a :class:`~embedresolve.resolve.http.SupportsFetch`, so rate limits,
retries, live-429 pauses and the cache all apply, and nothing here sleeps
or retries on its own.

* :meth:`WaybackClient.search` pages through ``/cdx/search/cdx`` with
  ``showResumeKey=true``, lazily: stop iterating and no further page is
  asked for. :meth:`WaybackClient.search_pages` yields whole pages with the
  response each came from, for provenance.
* :meth:`WaybackClient.replay` fetches ``/web/<ts>id_/<url>`` and never
  follows a redirect: an archived 3xx is the data (a t.co capture's
  ``Location`` *is* the status URL), and following it would leave the archive.
* A response with ``Memento-Datetime`` is archived content whatever its
  status (archived 404s and 429s exist); without it, Wayback itself is
  speaking: a redirect to the nearest capture, "never archived", or a block.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal
from urllib.parse import urlencode, urljoin

from embedresolve.errors import ArchiveBlocked, CdxError, CdxParseError
from embedresolve.resolve.cdx import (
    DEFAULT_FIELDS,
    CdxPage,
    CdxRow,
    ReplayRef,
    format_timestamp,
    parse_cdx,
    parse_replay_url,
)
from embedresolve.resolve.http import FetchResult, SupportsFetch

__all__ = [
    "ArchiveBlocked",
    "CdxError",
    "CdxResult",
    "MatchType",
    "WaybackClient",
    "block_reason",
    "nearest_capture",
    "redirect_target",
]

MatchType = Literal["exact", "prefix", "host", "domain"]

_BLOCK_MARKERS = (
    ("AdministrativeAccessControlException", "blocked"),
    ("RobotAccessControlException", "robots"),
)
_EXCLUDED_PAGE = b"This URL has been excluded from the Wayback Machine"


@dataclass(frozen=True, slots=True)
class CdxResult:
    """One CDX page and the HTTP answer it came from."""

    page: CdxPage
    response: FetchResult


def block_reason(result: FetchResult) -> str | None:
    """``blocked``/``robots`` when ``result`` is Wayback refusing a URL, else None.

    Wayback says so in ``X-Archive-Wayback-Runtime-Error`` (or the body of a
    403) naming ``AdministrativeAccessControlException`` or
    ``RobotAccessControlException``, or, in replay, with a 200 page "This URL
    has been excluded from the Wayback Machine." and no ``Memento-Datetime``.
    """
    if result.is_memento:
        return None
    error = result.headers.get("x-archive-wayback-runtime-error", "")
    text = error + (result.body[:2048].decode("utf-8", "replace") if result.status == 403 else "")
    for marker, kind in _BLOCK_MARKERS:
        if marker in text:
            return kind
    if result.status == 200 and _EXCLUDED_PAGE in result.body[:65536]:
        return "blocked"
    return None


def redirect_target(result: FetchResult) -> str | None:
    """The URL an *archived* redirect pointed to, or None.

    Only a 3xx memento (``Memento-Datetime`` present) is an archived
    redirect. IA rewrites its ``Location`` into the archive, absolute or
    site-relative (``/web/<TS>id_/<target>``): the original target is what
    follows the replay prefix. A server that does not rewrite (bare pywb)
    sends the live ``Location``, resolved here against the capture's own
    URL. Either way the answer is data to read, never a URL to fetch.
    """
    location = result.location
    if not result.is_memento or not 300 <= result.status < 400 or not location:
        return None
    absolute = urljoin(result.url, location.strip())
    ref = parse_replay_url(absolute)
    if ref is not None:
        return ref.target
    own = parse_replay_url(result.url)
    return urljoin(own.target, location.strip()) if own is not None else absolute


def nearest_capture(result: FetchResult) -> ReplayRef | None:
    """Where Wayback sends us when the exact timestamp has no capture (its own 302), or None.

    A non-memento 3xx whose ``Location`` is another replay URL of the same
    archive. The caller may follow it once, within the archive.
    """
    location = result.location
    if result.is_memento or not 300 <= result.status < 400 or not location:
        return None
    return parse_replay_url(urljoin(result.url, location.strip()))


def _stamp(value: str | date | datetime | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return format_timestamp(value)
    return value.strftime("%Y%m%d")


class WaybackClient:
    """CDX search and ``id_`` replay against one Wayback base URL.

    ``page_size`` is the ``limit`` sent per CDX request (IA's pages are
    cheaper when small); ``max_pages`` bounds one search so that a prolific
    account cannot turn a query into thousands of requests.
    """

    def __init__(
        self,
        fetcher: SupportsFetch,
        base_url: str,
        *,
        name: str = "wayback",
        page_size: int = 1000,
        max_pages: int = 20,
    ) -> None:
        if page_size < 1 or max_pages < 1:
            raise ValueError("page_size and max_pages must be positive")
        self.fetcher = fetcher
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.page_size = page_size
        self.max_pages = max_pages

    # -- search ------------------------------------------------------------------------

    def cdx_url(
        self,
        url: str,
        *,
        match_type: MatchType = "exact",
        from_: str | date | datetime | None = None,
        to: str | date | datetime | None = None,
        filters: Sequence[str] = (),
        collapse: str | None = None,
        limit: int | None = None,
        fields: Sequence[str] = DEFAULT_FIELDS,
        resume_key: str | None = None,
    ) -> str:
        """The CDX request URL for one page of a query."""
        params: list[tuple[str, str]] = [("url", url)]
        if match_type != "exact":
            params.append(("matchType", match_type))
        start, end = _stamp(from_), _stamp(to)
        if start:
            params.append(("from", start))
        if end:
            params.append(("to", end))
        params.extend(("filter", f) for f in filters)
        if collapse:
            params.append(("collapse", collapse))
        if tuple(fields) != DEFAULT_FIELDS:
            params.append(("fl", ",".join(fields)))
        if limit is not None:
            params.append(("limit", str(limit)))
        params.append(("showResumeKey", "true"))
        if resume_key:
            params.append(("resumeKey", resume_key))
        return f"{self.base_url}/cdx/search/cdx?{urlencode(params)}"

    def search_pages(
        self,
        url: str,
        *,
        match_type: MatchType = "exact",
        from_: str | date | datetime | None = None,
        to: str | date | datetime | None = None,
        filters: Sequence[str] = (),
        collapse: str | None = None,
        limit: int | None = None,
        fields: Sequence[str] = DEFAULT_FIELDS,
    ) -> Iterator[CdxResult]:
        """Yield CDX pages until the index is exhausted, ``limit`` rows were seen, or ``max_pages``.

        Raises :class:`ArchiveBlocked` for an excluded URL, :class:`CdxError`
        for any other non-index answer, and lets
        :class:`~embedresolve.errors.FetchFailed` through.
        """
        if "original" not in fields or "timestamp" not in fields:
            raise ValueError("fields must include 'original' and 'timestamp'")
        remaining = limit
        resume_key: str | None = None
        for _ in range(self.max_pages):
            size = self.page_size if remaining is None else min(self.page_size, remaining)
            request = self.cdx_url(
                url,
                match_type=match_type,
                from_=from_,
                to=to,
                filters=filters,
                collapse=collapse,
                limit=size,
                fields=fields,
                resume_key=resume_key,
            )
            result = self.fetcher.fetch(request, purpose=f"{self.name}.cdx")
            page = self._page(result, fields)
            yield CdxResult(page, result)
            if remaining is not None:
                remaining -= len(page.rows)
                if remaining <= 0:
                    return
            if not page.resume_key or page.resume_key == resume_key:
                return
            resume_key = page.resume_key

    def search(
        self,
        url: str,
        *,
        match_type: MatchType = "exact",
        from_: str | date | datetime | None = None,
        to: str | date | datetime | None = None,
        filters: Sequence[str] = (),
        collapse: str | None = None,
        limit: int | None = None,
        fields: Sequence[str] = DEFAULT_FIELDS,
    ) -> Iterator[CdxRow]:
        """Yield captures of ``url`` in index order (SURT, then time), lazily across pages.

        ``filters`` are IA's ``[!]field:regex`` (the regex must match the
        whole value: ``statuscode:3..``); ``collapse`` is ``field[:N]`` and
        also applied across page boundaries here, since the server collapses
        only within one answer. ``limit`` bounds the rows yielded in all.
        """
        seen = 0
        previous_key: str | None = None
        for chunk in self.search_pages(
            url,
            match_type=match_type,
            from_=from_,
            to=to,
            filters=filters,
            collapse=collapse,
            limit=limit,
            fields=fields,
        ):
            for row in chunk.page.rows:
                if collapse:
                    key = _collapse_key(row, collapse)
                    if key == previous_key:
                        continue
                    previous_key = key
                yield row
                seen += 1
                if limit is not None and seen >= limit:
                    return

    def _page(self, result: FetchResult, fields: Sequence[str]) -> CdxPage:
        kind = block_reason(result)
        if kind is not None:
            raise ArchiveBlocked(kind, result)
        if result.status != 200:
            raise CdxError(f"CDX answered {result.status} for {result.url}", result)
        try:
            return parse_cdx(result.body, fields)
        except CdxParseError as e:
            raise CdxError(f"unreadable CDX answer from {result.url}: {e}", result) from e

    # -- replay ------------------------------------------------------------------------

    def memento_url(self, timestamp: str, url: str, flag: str = "id_") -> str:
        """``<base>/web/<timestamp><flag>/<url>``; ``id_`` gives the original bytes."""
        return f"{self.base_url}/web/{timestamp}{flag}/{url}"

    def replay(self, timestamp: str, url: str, *, flag: str = "id_") -> FetchResult:
        """Fetch one capture as archived, without following any redirect.

        Use the timestamp exactly as the index gave it (``CdxRow.raw_timestamp``).
        """
        return self.fetcher.fetch(self.memento_url(timestamp, url, flag), purpose=f"{self.name}.replay")

    def is_own_url(self, url: str) -> bool:
        """True when ``url`` is on this archive (a nearest-capture redirect may be followed)."""
        return url.startswith(self.base_url + "/")


def _collapse_key(row: CdxRow, collapse: str) -> str | None:
    name, _, digits = collapse.partition(":")
    value = {
        "urlkey": row.urlkey,
        "timestamp": row.raw_timestamp,
        "original": row.original,
        "mimetype": row.mimetype,
        "statuscode": None if row.statuscode is None else str(row.statuscode),
        "digest": row.digest,
        "length": None if row.length is None else str(row.length),
    }.get(name)
    if value is None:
        return None
    return value[: int(digits)] if digits.isdigit() else value
