"""The Wayback Machine as a source: short codes, candidates by handle and day, posts by ID.

Implements all three protocols of ``sources.base`` over a
:class:`~embedresolve.resolve.wayback_client.WaybackClient` (archive guide §1, §6;
DESIGN §4 steps 2–4):

* ``expand_short_code``: CDX for ``t.co/CODE`` then ``pic.twitter.com/CODE``
  (3xx captures first, then 200 ones, which hold t.co's meta-refresh page),
  then the ``id_`` replay of that capture; the status URL is what follows
  ``/web/<TS>id_/`` in the archived ``Location``. Short codes are
  case-sensitive but the CDX index is not, so rows are kept only when the
  captured path matches the code exactly.
* ``candidates``: CDX prefix search on ``<host>/<handle>/status/<digits>``,
  the digits every ID of the day's window shares (``fl=original,timestamp,
  statuscode``, redirects left out, collapsed per URL): twitter.com first,
  x.com and mobile.twitter.com only in the wider round and only when
  twitter.com knows the account in that range. Answers are kept per
  (handle, host) and answer every later window their prefix covers;
  :meth:`WaybackSource.prefetch` asks one query per (handle, merged window)
  of a whole chunk of embeds ahead (:mod:`~embedresolve.resolve.plan`).
  IDs are kept when their snowflake time is within the window, pre-snowflake
  IDs when their capture is plausible (listed as ``pre_snowflake_ids``).
* ``known_post``: a candidate's content from direct ``id_`` replays only —
  the capture the search listed, and the exact syndication / API v2 URLs at
  the post's time (2020+ status pages are the app shell) — for ranking.
* ``post``: CDX for each capture kind in turn — status pages (per host),
  syndication, oEmbed, API v1.1 and v2 — replaying the best captures (200
  first, newest first, at most ``max_replays`` per lookup) and parsing them
  with :mod:`~embedresolve.resolve.formats`. An archived 404 status page or
  a tombstone means ``deleted``; nothing captured means ``not_archived``.

No method raises for a network failure: a
:class:`~embedresolve.errors.FetchFailed` becomes ``failed`` with the
error in the evidence, and the lookup stops there (asking a failing archive
more questions only earns more failures). Every request leaves one evidence
entry: the fetch provenance plus the archive facts (``archive``,
``memento_url``, ``capture_time``, ``cdx_digest``).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from embedresolve.errors import ArchiveBlocked, CdxError, FetchFailed, PostUnavailable
from embedresolve.platforms.twitter import SHORT_CODE_RE, SHORT_LINK_HOSTS, STATUS_HOSTS
from embedresolve.provenance import Evidence, Outcome, Post, iso_utc
from embedresolve.resolve.cdx import CdxRow, format_timestamp
from embedresolve.resolve.formats import (
    DEFAULT_POST_KINDS,
    CaptureKind,
    capture_order,
    classify_capture_url,
    parse_capture,
)
from embedresolve.resolve.formats.tco_page import refresh_target
from embedresolve.resolve.formats.values import HANDLE, ID, status_ref
from embedresolve.resolve.http import FetchResult, SupportsFetch
from embedresolve.resolve.models import Candidate, Lookup, Trail
from embedresolve.resolve.plan import IdRange, plan_windows, window_of
from embedresolve.resolve.twitter_ids import (
    LAST_SEQUENTIAL_ID,
    LAST_SEQUENTIAL_MS,
    is_snowflake,
    snowflake_time,
    syndication_token,
)
from embedresolve.resolve.wayback_client import (
    MatchType,
    WaybackClient,
    block_reason,
    nearest_capture,
    redirect_target,
)

__all__ = ["WaybackSource"]

_LAST_SEQUENTIAL = datetime.fromtimestamp(LAST_SEQUENTIAL_MS / 1000, tz=timezone.utc)


# Status pages archived from mid-2020 on are the JavaScript app: no tweet text. For
# posts of that era the JSON captures come first and status pages last (deletion evidence).
_APP_ERA = datetime(2020, 7, 1, tzinfo=timezone.utc)
_TEXT_PAGES_END = datetime(2020, 1, 1, tzinfo=timezone.utc)  # 2020+ pages: mostly no text (issue 9)
_APP_ERA_ORDER: tuple[CaptureKind, ...] = ("syndication", "oembed", "api_v2", "api_v1", "status_page")
_KNOWN_ROWS_MAX = 10_000  # candidate captures remembered for a direct replay
# What the candidate search reads of each row: the ID is in ``original``, the replay needs the
# timestamp; redirects (the http→https 301s) are left out, and rows collapse per URL: the first
# non-redirect capture of each capture form.
_CANDIDATE_FIELDS = ("original", "timestamp", "statuscode")


@dataclass
class _Answer:
    """One candidate CDX answer, shared by every embed whose window its prefix covers."""

    prefix: str
    rows: tuple[CdxRow, ...]
    evidence: tuple[Evidence, ...]
    claimed: bool = False  # an embed's provenance already carries the request


@dataclass
class _Trail(Trail):
    """A lookup's evidence, plus the replay budget left and whether the archive refused a query."""

    replays_left: int = 0
    blocked: str | None = None  # set when the archive refused one of the queries


@dataclass(frozen=True, slots=True)
class _Query:
    """One CDX question ``post`` asks: which URL, how matched, which capture kind answers it."""

    url: str
    match_type: MatchType
    kind: CaptureKind
    filters: tuple[str, ...] = ()


class WaybackSource:
    """Short codes, candidates and posts from one Wayback Machine (IA or compatible).

    ``max_replays`` bounds the replays of one lookup; ``window_days`` is the
    ± days around an embed's date for ``candidates``; ``max_candidate_rows``
    bounds the CDX rows read per host; ``post_kinds`` and ``status_hosts``
    choose what ``post`` asks for (fewer kinds, fewer CDX requests: IA allows
    about 24 a minute).
    """

    def __init__(
        self,
        client: WaybackClient,
        *,
        max_replays: int = 3,
        window_days: int = 1,
        max_candidate_rows: int = 5000,
        post_kinds: Sequence[CaptureKind] = DEFAULT_POST_KINDS,
        status_hosts: Sequence[str] = STATUS_HOSTS,
    ) -> None:
        if max_replays < 1:
            raise ValueError("max_replays must be at least 1")
        self.client = client
        self.name = client.name
        self.max_replays = max_replays
        self.window_days = window_days
        self.max_candidate_rows = max_candidate_rows
        self.post_kinds = tuple(post_kinds)
        self.status_hosts = tuple(status_hosts)
        # Status-page captures the candidate search already listed: ``post`` replays them
        # directly instead of asking the CDX again for the same rows.
        self._known_rows: dict[str, CdxRow] = {}
        self._lock = threading.Lock()
        # Candidate answers per (handle, host), shared across the corpus (the planner's cache).
        self._answers: dict[tuple[str, str], list[_Answer]] = {}
        self._answer_locks: dict[tuple[str, str], threading.Lock] = {}

    @classmethod
    def create(cls, fetcher: SupportsFetch, base_url: str, **options: Any) -> WaybackSource:
        """A source with its own :class:`WaybackClient` on ``base_url``."""
        return cls(WaybackClient(fetcher, base_url), **options)

    # -- evidence ----------------------------------------------------------------------

    def _trail(self) -> _Trail:
        return _Trail(self.name, replays_left=self.max_replays)

    def _cdx_entry(self, response: FetchResult, query: str, rows: int, dropped: int) -> Evidence:
        return Evidence.answer(
            response, archive=self.name, step="cdx", query=query, rows=rows, dropped_rows=dropped
        )

    def _replay_entry(self, result: FetchResult, row: CdxRow, **facts: Any) -> Evidence:
        when = result.memento_datetime
        return Evidence.answer(
            result,
            archive=self.name,
            step="replay",
            memento_url=result.url,
            capture_time=iso_utc(when if when is not None else row.captured_at),
            cdx_digest=row.digest,
            original=row.original,
            cdx_statuscode=row.statuscode,
            is_memento=result.is_memento,
            **facts,
        )

    def _fail(self, trail: _Trail, error: Exception) -> Lookup[Any]:
        """The lookup's answer after an error that ends it (network, refusal, garbage)."""
        if isinstance(error, FetchFailed):
            trail.add(Evidence.failure(error, archive=self.name))
            unreachable = error.category in ("connect", "unreachable") and str(error).startswith("network")
            return trail.lookup("failed", reason=str(error) if unreachable else error.category)
        if isinstance(error, CdxError):
            trail.add(Evidence.answer(error.result, archive=self.name, message=str(error)))
            return trail.lookup("failed", reason="unreadable CDX answer")
        raise error

    def _rows(
        self,
        trail: _Trail,
        url: str,
        *,
        match_type: MatchType = "exact",
        limit: int,
        **options: Any,
    ) -> list[CdxRow]:
        """All rows of one query, one evidence entry per page.

        An exclusion covers only the URLs it names (one account, one host),
        so a blocked query is noted and answers no rows: the lookup goes on
        with its other queries and says ``blocked`` only if nothing else answers.
        """
        rows: list[CdxRow] = []
        try:
            for chunk in self.client.search_pages(url, match_type=match_type, limit=limit, **options):
                query = f"{url} ({match_type})"
                trail.add(self._cdx_entry(chunk.response, query, len(chunk.page.rows), chunk.page.dropped))
                rows.extend(chunk.page.rows)
        except ArchiveBlocked as error:
            trail.add(Evidence.answer(error.result, archive=self.name, step="cdx", blocked=error.kind))
            trail.blocked = trail.blocked or error.kind
        return rows

    def _replay(self, trail: _Trail, row: CdxRow) -> FetchResult:
        """Replay ``row``; follow Wayback's own nearest-capture redirect once, inside the archive."""
        trail.replays_left -= 1
        result = self.client.replay(row.raw_timestamp, row.original)
        trail.add(self._replay_entry(result, row))
        hop = nearest_capture(result)
        if hop is not None and trail.replays_left > 0:
            next_url = self.client.memento_url(hop.timestamp, hop.target, hop.flag or "id_")
            if self.client.is_own_url(next_url):
                trail.replays_left -= 1
                result = self.client.replay(hop.timestamp, hop.target, flag=hop.flag or "id_")
                trail.add(self._replay_entry(result, row, followed="nearest capture"))
        return result

    # -- short codes -------------------------------------------------------------------

    def expand_short_code(self, code: str) -> Lookup[str]:
        trail = self._trail()
        if not SHORT_CODE_RE.fullmatch(code):
            trail.add(Evidence(input=code[:100]))
            return trail.lookup("not_found", reason="invalid short code")
        other_targets: list[str] = []
        captured = 0
        try:
            for host in SHORT_LINK_HOSTS:
                rows = self._rows(trail, f"{host}/{code}", limit=25, filters=("statuscode:(30[1278]|200)",))
                exact = [r for r in rows if _short_code(r.original) == code]
                captured += len(exact)
                exact.sort(key=lambda r: (r.statuscode == 200, -int(r.timestamp)))
                for row in exact:
                    if trail.replays_left <= 0:
                        break
                    target = self._short_target(trail, row)
                    if target is None:
                        continue
                    if status_ref(target) is not None:
                        return trail.lookup("found", value=target)
                    other_targets.append(target)
        except (FetchFailed, CdxError) as error:
            return self._fail(trail, error)
        if other_targets:
            trail.add(Evidence(archive=self.name, targets=tuple(other_targets)))
            return trail.lookup(
                "found", value=other_targets[0], reason="short link redirects to a URL that is not a post"
            )
        if captured:
            return trail.lookup("not_archived", reason="captures hold no readable redirect")
        if trail.blocked:
            return trail.lookup("blocked", reason=f"archive excludes these URLs ({trail.blocked})")
        return trail.lookup("not_archived", reason=f"no capture of t.co/{code} or pic.twitter.com/{code}")

    def _short_target(self, trail: _Trail, row: CdxRow) -> str | None:
        result = self._replay(trail, row)
        target = redirect_target(result)
        if target is None and result.is_memento and result.status == 200:
            found = refresh_target(result.body.decode("utf-8", errors="replace"))
            target = found.strip() if found else None
        if target is not None:
            trail.amend(target=target)
        return target

    # -- candidates --------------------------------------------------------------------

    def prefetch(self, wanted: Iterable[tuple[str, date]]) -> int:
        """Ask, ahead of the embeds, one CDX query per (handle, merged window) (see :mod:`..plan`).

        The answers are kept for :meth:`candidates`: every embed whose window a
        query covers is answered from it. Returns how many queries were sent.
        Failures are left for :meth:`candidates` to meet (and report) again.
        """
        by_handle: dict[str, tuple[str, list[IdRange]]] = {}
        for handle, day in wanted:
            window = window_of(day, self.window_days)
            if window is not None and HANDLE.fullmatch(handle):
                by_handle.setdefault(handle.casefold(), (handle, []))[1].append(window)
        sent = 0
        for handle, windows in by_handle.values():
            for planned in plan_windows(windows):
                trail = self._trail()
                try:
                    if self._window_answer(trail, handle, STATUS_HOSTS[0], planned, claim=False)[1]:
                        sent += 1
                except (FetchFailed, CdxError):
                    continue
        return sent

    def _window_answer(
        self, trail: _Trail, handle: str, host: str, window: IdRange, *, claim: bool = True
    ) -> tuple[list[CdxRow], bool]:
        """The status-page rows of ``handle`` on ``host`` whose IDs start with the window's digits.

        Answered from an earlier query whose prefix covers the window (its evidence
        then marked ``from_cache``, except for the first embed that uses a prefetched
        answer, which carries its cost); else asked now. (rows, whether a query was sent).
        """
        key = (handle.casefold(), host)
        with self._lock:
            lock = self._answer_locks.setdefault(key, threading.Lock())
        with lock:
            for answer in self._answers.get(key, ()):
                if window.covered_by(answer.prefix):
                    with self._lock:
                        first, answer.claimed = not answer.claimed and claim, answer.claimed or claim
                    for entry in answer.evidence:
                        trail.add(entry if first else entry.but(from_cache=True))
                    return list(answer.rows), False
            probe = _Trail(self.name)
            rows = self._rows(
                probe,
                f"{host}/{handle}/status/{window.digits}",
                match_type="prefix",
                collapse="urlkey",
                filters=("!statuscode:3..",),
                fields=_CANDIDATE_FIELDS,
                limit=self.max_candidate_rows,
            )
            answer = _Answer(window.digits, tuple(rows), tuple(probe.evidence), claimed=claim)
            if not probe.blocked:
                self._answers.setdefault(key, []).append(answer)
            for entry in probe.evidence:
                trail.add(entry)
            trail.blocked = trail.blocked or probe.blocked
            return rows, True

    def candidates(self, handle: str, day: date, *, wider: bool = False) -> Lookup[list[Candidate]]:
        """Status IDs of ``handle`` in the day's window: on twitter.com, which holds nearly
        all captures; ``wider`` asks the other hosts (mobile.twitter.com, x.com), and only
        when twitter.com knows the account in that range (an account the archive never
        captured there is not looked for under the rarer hosts)."""
        trail = self._trail()
        if not HANDLE.fullmatch(handle):
            trail.add(Evidence(input=handle[:100]))
            return trail.lookup("not_found", reason="invalid handle")
        start = datetime.combine(day - timedelta(days=self.window_days), time(), tzinfo=timezone.utc)
        window = window_of(day, self.window_days)
        low, high = (window.low, window.high) if window is not None else (None, None)
        found: dict[str, Candidate] = {}
        pre_snowflake: list[str] = []
        seen_rows = 0
        failure: Lookup[Any] | None = None
        if wider and window is not None:
            primary = self._answers.get((handle.casefold(), STATUS_HOSTS[0]), [])
            if any(window.covered_by(a.prefix) and not a.rows for a in primary):
                return trail.lookup("not_archived", reason=f"no status captures for @{handle} in the range")
        for host in STATUS_HOSTS[1:] if wider else STATUS_HOSTS[:1]:
            try:
                if window is None:  # before snowflake IDs: capture time is all there is
                    rows = self._rows(
                        trail,
                        f"{host}/{handle}/status/",
                        match_type="prefix",
                        collapse="urlkey",
                        from_=start.date(),
                        limit=self.max_candidate_rows,
                    )
                else:
                    rows = self._window_answer(trail, handle, host, window)[0]
            except (FetchFailed, CdxError) as error:
                failure = self._fail(trail, error)
                break
            seen_rows += len(rows)
            for row in rows:
                ref = status_ref(row.original)
                if ref is None or ref.post_id is None or ref.post_id in found:
                    continue
                if ref.handle is not None and ref.handle.casefold() != handle.casefold():
                    continue  # a prefix query over-matches handles that start alike
                keep, sequential = _in_window(int(ref.post_id), low, high, start, row)
                if not keep:
                    continue
                if sequential:
                    pre_snowflake.append(ref.post_id)
                self._remember(ref.post_id, row)
                found[ref.post_id] = Candidate(
                    post_id=ref.post_id,
                    handle=ref.handle or handle,
                    url=row.original,
                    captured_at=row.raw_timestamp,
                )

        if pre_snowflake:
            trail.add(
                Evidence(
                    archive=self.name,
                    pre_snowflake_ids=tuple(pre_snowflake),
                    note="sequential IDs carry no time; kept because their capture is plausible",
                )
            )
        values = sorted(found.values(), key=lambda c: int(c.post_id))
        if values:
            reason = "partial: a later CDX query failed" if failure is not None else None
            return trail.lookup("found", value=values, reason=reason)
        if failure is not None:
            return failure
        if trail.blocked and not seen_rows:
            return trail.lookup("blocked", reason=f"archive excludes these URLs ({trail.blocked})")
        if seen_rows:
            return trail.lookup("not_archived", reason="captures of the handle, none in the date window")
        return trail.lookup("not_archived", reason=f"no status captures for @{handle}")

    def known_post(self, post_id: str, handle: str | None = None) -> Lookup[Post]:
        """The post from direct ``id_`` replays only, no CDX query: for ranking candidates.

        The status-page capture the candidate search listed (or, before the app era,
        the status URL at the post's own time); for app-era posts, whose pages carry no
        text, the syndication and API v2 URLs at the post's time (the archive picks
        the nearest capture of that exact URL).
        """
        trail = _Trail(self.name, replays_left=2 * self.max_replays)
        created = snowflake_time(int(post_id)) if ID.fullmatch(post_id) else None
        if created is None or (handle is not None and not HANDLE.fullmatch(handle)):
            return trail.lookup("not_found", reason="invalid or pre-snowflake post ID")
        stamp = format_timestamp(created)
        with self._lock:
            known = self._known_rows.get(post_id)

        def at_post_time(url: str) -> CdxRow:
            return CdxRow(urlkey=None, timestamp=stamp, raw_timestamp=stamp, original=url)

        page = known or at_post_time(f"https://twitter.com/{handle or 'i'}/status/{post_id}")
        token = syndication_token(post_id)
        synd = f"https://cdn.syndication.twimg.com/tweet-result?id={post_id}&lang=en&token={token}"
        tries: list[tuple[CdxRow, CaptureKind]] = [
            (at_post_time(synd), "syndication"),
            (at_post_time(f"https://api.twitter.com/2/tweets/{post_id}"), "api_v2"),
        ]
        # Status pages carry the text until 2020; from then on most are the app shell, so
        # the exact JSON URLs come first and the page (its listed capture only) last.
        if created < _TEXT_PAGES_END:
            tries.insert(0, (page, "status_page"))
        elif known is not None:
            tries.append((known, "status_page"))
        gone: tuple[Outcome, str] | None = None
        try:
            for row, kind in tries:
                if trail.replays_left <= 0:
                    break
                post, unavailable = self._read(trail, row, kind, post_id)
                if post is not None:
                    return trail.lookup("found", value=replace(post, source=f"{self.name}.{post.source}"))
                gone = gone or unavailable
        except (FetchFailed, CdxError) as error:
            return self._fail(trail, error)
        if gone is not None:
            return trail.lookup(gone[0], reason=gone[1])
        return trail.lookup("not_archived", reason="no content from direct replays")

    # -- posts -------------------------------------------------------------------------

    def _remember(self, post_id: str, row: CdxRow) -> None:
        if row.statuscode not in (200, None):
            return  # a redirect or an error page holds no post
        with self._lock:
            self._known_rows[post_id] = row
            if len(self._known_rows) > _KNOWN_ROWS_MAX:
                del self._known_rows[next(iter(self._known_rows))]

    def _post_queries(self, post_id: str, handle: str | None) -> Iterable[_Query]:
        kinds = self.post_kinds
        created = snowflake_time(int(post_id))
        if created is not None and created >= _APP_ERA:
            kinds = tuple(sorted(kinds, key=_APP_ERA_ORDER.index))
        for kind in kinds:
            if kind == "status_page":
                for host in self.status_hosts:
                    if handle:
                        yield _Query(f"{host}/{handle}/status/{post_id}", "prefix", kind)
                yield _Query(f"twitter.com/i/web/status/{post_id}", "prefix", kind)
            elif kind == "syndication":
                yield _Query(f"cdn.syndication.twimg.com/tweet-result?id={post_id}", "prefix", kind)
                # The index sorts query parameters, so react-tweet's captures
                # (features=…&id=…) are keyed under features=: ask for those by ID.
                only_this = f"original:.*[?&]id={post_id}(&.*)?"
                yield _Query("cdn.syndication.twimg.com/tweet-result?features=", "prefix", kind, (only_this,))
            elif kind == "oembed" and handle:
                inner = f"https://twitter.com/{handle}/status/{post_id}"
                yield _Query(f"publish.twitter.com/oembed?url={inner}", "prefix", kind)
            elif kind == "api_v1":
                yield _Query(f"api.twitter.com/1.1/statuses/show.json?id={post_id}", "prefix", kind)
                yield _Query(f"api.twitter.com/1.1/statuses/show/{post_id}.json", "prefix", kind)
            elif kind == "api_v2":
                yield _Query(f"api.twitter.com/2/tweets/{post_id}", "prefix", kind)

    def post(self, post_id: str, handle: str | None = None) -> Lookup[Post]:
        trail = self._trail()
        if not ID.fullmatch(post_id) or (handle is not None and not HANDLE.fullmatch(handle)):
            trail.add(Evidence(input=f"{post_id[:40]} {str(handle)[:40]}"))
            return trail.lookup("not_found", reason="invalid post ID or handle")
        gone: tuple[Outcome, str] | None = None
        captured = 0
        with self._lock:
            known = self._known_rows.pop(post_id, None)
        created = snowflake_time(int(post_id))
        if known is None and handle and created is not None and created < _APP_ERA:
            # Replaying the status URL at the post's own time lets the archive pick the
            # nearest capture: one cheap replay instead of a CDX query (CDX: 0.4/s on IA).
            url = f"https://twitter.com/{handle}/status/{post_id}"
            stamp = format_timestamp(created)
            known = CdxRow(urlkey=None, timestamp=stamp, raw_timestamp=stamp, original=url)
        try:
            if known is not None:
                post, unavailable = self._read(trail, known, "status_page", post_id)
                if post is not None:
                    return trail.lookup("found", value=replace(post, source=f"{self.name}.{post.source}"))
                gone = unavailable
                trail.replays_left = self.max_replays  # the shortcut does not eat the captures' budget
            for query in self._post_queries(post_id, handle):
                rows = [
                    r
                    for r in self._rows(
                        trail, query.url, match_type=query.match_type, limit=200, filters=query.filters
                    )
                    if _is_for(r, query.kind, post_id)
                ]
                captured += len(rows)
                if query.kind == "status_page":
                    deleted = [r for r in rows if r.statuscode in (404, 410)]
                    if deleted and gone is None:
                        newest = max(deleted, key=lambda r: r.timestamp)
                        trail.add(Evidence(archive=self.name, step="cdx", deleted=newest.to_capture()))
                        gone = ("deleted", f"archived {newest.statuscode} of the status page")
                for row in _replay_order(rows, query.kind):
                    if trail.replays_left <= 0:
                        break
                    post, unavailable = self._read(trail, row, query.kind, post_id)
                    if post is not None:
                        return trail.lookup("found", value=replace(post, source=f"{self.name}.{post.source}"))
                    if unavailable is not None and gone is None:
                        gone = unavailable
        except (FetchFailed, CdxError) as error:
            return self._fail(trail, error)
        if gone is not None:
            return trail.lookup(gone[0], reason=gone[1])
        if trail.blocked:
            return trail.lookup("blocked", reason=f"archive excludes these URLs ({trail.blocked})")
        if captured:
            return trail.lookup("not_archived", reason=f"{captured} capture(s), none with readable content")
        return trail.lookup("not_archived", reason="no capture of the post")

    def _read(
        self, trail: _Trail, row: CdxRow, kind: CaptureKind, post_id: str
    ) -> tuple[Post | None, tuple[Outcome, str] | None]:
        """Replay and parse one capture: the post, or why it is unavailable, or neither."""
        result = self._replay(trail, row)
        blocked = block_reason(result)
        if blocked is not None:
            trail.amend(blocked=blocked)
            return None, ("blocked", f"archive excludes this URL ({blocked})")
        if not result.is_memento:
            trail.amend(note="no memento at this timestamp")
            return None, None
        if kind == "status_page" and result.status in (404, 410):
            return None, ("deleted", f"archived {result.status} of the status page")
        if result.status == 429:
            trail.amend(note="archived 429 page (the site's rate limit at crawl time, not ours)")
            return None, None
        if kind == "status_page" and result.status != 200:
            return None, None
        try:
            post = parse_capture(kind, result.body, row.original, post_id)
        except PostUnavailable as gone:
            trail.amend(unavailable=gone.reason)
            return None, (gone.outcome, gone.reason)
        trail.amend(parsed=kind if post is not None else None)
        return post, None


def _short_code(url: str) -> str | None:
    ref = classify_capture_url(url)
    return ref.code if ref is not None and ref.kind == "short_link" else None


def _is_for(row: CdxRow, kind: CaptureKind, post_id: str) -> bool:
    """The row is a capture of ``kind`` for exactly ``post_id`` (a prefix query over-matches)."""
    ref = classify_capture_url(row.original)
    return ref is not None and ref.kind == kind and ref.post_id == post_id


def _replay_order(rows: list[CdxRow], kind: CaptureKind) -> list[CdxRow]:
    """The rows of one capture kind in the order every archive source reads captures."""
    return capture_order(rows, kind=lambda _: kind, status=lambda r: r.statuscode, when=lambda r: r.timestamp)


def _in_window(
    post_id: int, low: int | None, high: int | None, start: datetime, row: CdxRow
) -> tuple[bool, bool]:
    """(keep, sequential): snowflake IDs by their time; sequential IDs by a plausible capture."""
    if is_snowflake(post_id):
        return low is not None and high is not None and low <= post_id <= high, False
    if post_id > LAST_SEQUENTIAL_ID:
        return False, False  # between the sequential era and the first snowflake: not a tweet ID
    plausible = start <= _LAST_SEQUENTIAL and row.captured_at >= start
    return plausible, True
