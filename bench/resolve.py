"""Archive requests and wall time of resolving embeds against a local IA-compatible Wayback (pywb).

    python bench/resolve.py [--quick] [--n 500] [--workers 4] [--scale 50] [--seed 7]
                            [--dup-share 0.2] [--no-cli] [--timeout 900] [--workdir DIR]
                            [--shared-accounts 5] [--busy-span 40] [--no-offline] [--offline-embeds 20]

What is built, run and measured (issue 4, section 7):

1. A WARC directory (warcio, through ``tests/archive/fixtures.write_warc``) for N unique
   embeds of three kinds, every ID a synthetic snowflake whose time falls on the embed's day:
   * ``short_code``: a 301 capture of ``t.co/CODE`` → ``twitter.com/<h>/status/<id>/photo/1``
     plus one content capture of that status: a legacy (2014–2019) status page (``.page``),
     a syndication ``tweet-result?id=…&lang=en&token=…`` JSON (``.synd``), or, for one in ten,
     a syndication capture whose query starts with ``features=`` (``.synd_features``: the
     contract says parameters come in any order);
   * ``handle_date``: 3–5 captured status pages of the handle on the embed's day (one of them
     has the embed's text, the others are same-day decoys), and for half the handles one more
     status a few days later (outside the date window);
   * ``never_archived``: nothing captured, half with a ``pic.twitter.com/CODE`` link
     (``.short``) and half without (``.plain``);
   * ``busy_account`` (half of N, issue 9): handle + date embeds of accounts with 200–260
     captured statuses each over ``--busy-span`` days — same-day threads, quotes of the
     target, 2020+ app-shell pages whose text is only in syndication / API v2 captures,
     targets captured only under mobile.twitter.com or x.com, borrowed media behind the
     embed's short code, dates printed in the author's time zone, http:// 301s before the
     200 captures (``bench/busy_archive.py`` builds them);
   * ``shared_month``: ten embeds on each of ``--shared-accounts`` more busy accounts, all
     in one calendar month (target: ≤ 1 CDX query per unique embed).
   A JSONL of articles holds them as flattened embeds ("TEXT pic.twitter.com/CODE — Name
   (@handle) Month D, YYYY", no short link for handle + date), 1–3 per record, and about
   ``--dup-share`` of the records repeat an embed seen earlier.
2. pywb, started with ``embedresolve.testing.wayback_server`` (the test suite's launcher), serves it.
3. ``open_resolver(ResolverSettings(sources=("wayback",), …))`` resolves every record through
   ``clean_records(..., workers=W)`` with a fresh SQLite cache, then again with the warm
   cache; then the CLI (``clean --no-live --wayback-url … --cache …``) does the same in a
   subprocess, through a pass-through proxy (``embedresolve.testing.faults``, no rules) that
   counts what reaches the archive. Rate limits are IA's (CDX + timemap 0.4/s, replay 8/s)
   multiplied by ``--scale`` (default 50: CDX 20/s, replay 400/s, the same ratio), so the run
   takes minutes instead of hours.
4. Figures: requests per unique embed by kind, CDX and replay separately, read from each
   resolution's provenance (``steps[].requests[]``; ``step``/URL path tell CDX from replay)
   and cross-checked with the HTTP requests actually sent (a counting transport for the
   library, the proxy's log for the CLI); where the CDX requests go; wall time against the
   floor the rate limits set (CDX requests ÷ CDX rate and replays ÷ replay rate; their max
   if the two buckets overlap perfectly, their sum if serialised); the warm re-run; status
   counts per kind, with every embed checked against what it should resolve to, and
   correct / unresolved / **wrong** (an ID that is not the embed's post) per kind.
5. No network (``[6]``): ``clean`` of about ``--offline-embeds`` embeds with every source and
   default HTTP settings against a closed local port, then ``.invalid`` names, then
   ``--offline``: wall time (target < 60 s), statuses (all ``failed``) and reasons, the
   summary's request count (``--offline``: 0).

Targets printed against (issue 4 §7): a short code costs ≤ 3 archive requests cold (CDX,
redirect replay, one content capture); handle + date costs one CDX query plus ≤ 1 content
fetch per candidate in the date window; a never-archived embed costs CDX queries only;
wall time ≤ 1.1× the floor; 0 requests on a warm cache. Nothing is asserted: the exit
status is 0, or 1 when pywb cannot start or a run crashes (the CLI exiting non-zero
included).
"""

from __future__ import annotations

import argparse
import html
import json
import random
import shutil
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

import busy_archive as busy  # bench/ is the script's folder, first on sys.path
from embedresolve.io import Reject, read_records
from embedresolve.pipeline import CleanConfig, clean_records
from embedresolve.resolve.config import (
    IA_REPLAY_PER_SECOND,
    IA_SEARCH_PER_SECOND,
    Endpoints,
    RateLimits,
    ResolveConfig,
)
from embedresolve.resolve.factory import ResolverSettings, open_resolver
from embedresolve.resolve.twitter_ids import TWEPOCH_MS, syndication_token
from embedresolve.summary import Summary
from embedresolve.testing.faults import FaultServer
from embedresolve.testing.warcs import Capture, write_warc
from embedresolve.testing.wayback_server import (
    PywbUnavailable,
    RunningServer,
    pywb_python,
    start_server,
)

SHORT, HANDLE, NEVER = "short_code", "handle_date", "never_archived"
BUSY, SHARED = "busy_account", "shared_month"
KIND_SHARES = {SHORT: 0.2, HANDLE: 0.15, NEVER: 0.15, BUSY: 0.5}  # SHARED: 10 per account on top
BUSY_PER_ACCOUNT = 8  # embeds per busy account (each account has 200–260 captured statuses)
SHARED_PER_ACCOUNT = 10  # the planner's case: ten embeds share each (handle, month)
FLOOR_TARGET = 1.1  # wall time / floor
SHORT_TARGET = 3  # archive requests per short code, cold
CAPTURES_PER_WARC = 1000
HTML = "text/html; charset=utf-8"
JSON_TYPE = "application/json;charset=utf-8"
_LISTS = {
    "months": "January February March April May June July August September October November December",
    "words": """
        city council vote budget river bridge school teachers strike market prices rise storm warning
        coast police report mayor plan park green energy wind solar farm harvest rain train delay station
        workers union talks museum opens exhibit music festival crowd night football match goal team coach
        season hospital nurses shift health data survey results election count polls voters district road
        works traffic lanes closed morning airport flights cancelled snow winter summer heat record water
        supply pipes repair housing rent tenants law court ruling judge appeal minister visit border trade
        deal export factory jobs library books children reading science lab study space launch rocket moon
        photos island ferry tourists hotel beach clean volunteers charity event fire crews forest smoke
        village bakery bread coffee shop street fish boats harbour lights tower clock square protest march
        rights women students campus fees tuition research grant award prize film
    """,
    "first": "Ana Ben Carla Dev Elif Femi Gus Hana Ivan Jo Kai Lena Milo Nia Omar Pia Raj Sofia Tom Uma",
    "last": "Alvarez Brook Chen Diaz Evans Fox Garcia Hill Ito Jones Khan Lopez Moreau Novak Ortiz Park",
    "handle": "desk news live metro daily wire pulse beat local report times post watch voice",
}
MONTHS, WORDS, FIRST_NAMES, LAST_NAMES, HANDLE_WORDS = (tuple(text.split()) for text in _LISTS.values())


# --- the embeds ---------------------------------------------------------------------


@dataclass(frozen=True)
class Status:
    """One archived status of a handle (handle + date embeds: the target, decoys, one outside)."""

    post_id: str
    posted: datetime
    text: str


@dataclass(frozen=True)
class Spec:
    """One unique embed: what the article shows, what is archived, what it must resolve to."""

    index: int
    kind: str
    variant: str
    handle: str
    name: str
    day: date
    text: str
    posted: datetime
    post_id: str | None  # the post the embed shows (None: never archived)
    code: str | None = None  # short code in the embed
    statuses: tuple[Status, ...] = ()  # handle + date: everything captured for the handle
    in_window: int = 0  # handle + date: captured statuses inside the date window

    @property
    def group(self) -> str:
        return f"{self.kind}.{self.variant}"

    @property
    def expected(self) -> str:
        return "not_archived" if self.kind == NEVER else "resolved"

    @property
    def method(self) -> str | None:
        if self.kind == SHORT:
            return "short_code"
        return None if self.kind == NEVER else "candidate_search"

    @property
    def wanted(self) -> str:
        """The embed text detection should give (text plus its short link)."""
        return self.text + (f" pic.twitter.com/{self.code}" if self.code else "")

    def flattened(self) -> str:
        link = f" pic.twitter.com/{self.code}" if self.code else ""
        when = f"{MONTHS[self.day.month - 1]} {self.day.day}, {self.day.year}"
        return f"{self.text}{link} — {self.name} (@{self.handle}) {when}"


def snowflake(moment: datetime, rng: random.Random) -> str:
    ms = int(moment.timestamp() * 1000)
    return str(((ms - TWEPOCH_MS) << 22) | rng.getrandbits(22))


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def sentence(rng: random.Random, low: int = 9, high: int = 16) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + rng.choice((".", ".", "!", " today."))


def random_day(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def moment_on(day: date, rng: random.Random) -> datetime:
    start = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return start + timedelta(seconds=rng.randrange(86_400))


def make_specs(n: int, rng: random.Random, codes: set[str]) -> list[Spec]:
    """N unique embeds of the simple kinds, in ``KIND_SHARES`` proportions; every handle and code unique."""
    simple = 1 - KIND_SHARES[BUSY]  # n is the simple kinds' part of the run
    counts = {kind: round(n * KIND_SHARES[kind] / simple) for kind in (SHORT, HANDLE)}
    counts[NEVER] = n - counts[SHORT] - counts[HANDLE]

    def new_code() -> str:
        return busy.random_code(rng, codes)

    specs: list[Spec] = []
    for kind, count in counts.items():
        for i in range(count):
            index = len(specs)
            handle = f"{rng.choice(HANDLE_WORDS)}{kind[0].upper()}{index}"
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            text = sentence(rng)
            if kind == SHORT:
                variant = "synd_features" if i % 10 == 9 else ("page", "synd")[i % 2]
                span = (date(2014, 1, 1), date(2019, 12, 31)) if variant == "page" else None
                day = random_day(rng, *(span or (date(2020, 1, 1), date(2023, 6, 30))))
                posted = moment_on(day, rng)
                spec = Spec(
                    index, kind, variant, handle, name, day, text, posted, snowflake(posted, rng), new_code()
                )
            elif kind == HANDLE:
                day = random_day(rng, date(2014, 1, 1), date(2019, 12, 31))
                times = sorted(moment_on(day, rng) for _ in range(rng.randint(3, 5)))
                target = rng.randrange(len(times))
                statuses = [
                    Status(snowflake(t, rng), t, text if j == target else sentence(rng))
                    for j, t in enumerate(times)
                ]
                if i % 2:  # a status a few days later: captured, but outside the date window
                    later = moment_on(day + timedelta(days=rng.randint(3, 9)), rng)
                    statuses.append(Status(snowflake(later, rng), later, sentence(rng)))
                spec = Spec(
                    index,
                    kind,
                    "decoys",
                    handle,
                    name,
                    day,
                    text,
                    times[target],
                    statuses[target].post_id,
                    statuses=tuple(statuses),
                    in_window=len(times),
                )
            else:
                day = random_day(rng, date(2013, 1, 1), date(2023, 6, 30))
                posted = moment_on(day, rng)
                code = new_code() if i % 2 == 0 else None
                variant = "short" if code else "plain"
                spec = Spec(index, kind, variant, handle, name, day, text, posted, None, code)
            specs.append(spec)
    return specs


def make_busy_specs(
    n: int, shared_accounts: int, rng: random.Random, codes: set[str], first_index: int, span_days: int = 40
) -> tuple[list[Spec], list[Capture]]:
    """About ``n`` embeds of busy accounts plus ten per (handle, month) on ``shared_accounts`` more;
    and every capture of those accounts (see ``busy_archive``)."""
    accounts = busy.make_accounts(
        max(1, round(n / BUSY_PER_ACCOUNT)) + shared_accounts,
        rng,
        snowflake=snowflake,
        sentence=sentence,
        first_index=first_index,
        span_days=span_days,
    )
    plain, month = accounts[: len(accounts) - shared_accounts], accounts[len(accounts) - shared_accounts :]
    embeds = busy.make_busy_embeds(
        plain,
        BUSY_PER_ACCOUNT,
        rng,
        sentence=sentence,
        new_code=lambda: busy.random_code(rng, codes),
        snowflake=snowflake,
    )
    for account in month:
        embeds += busy.shared_embeds(account, SHARED_PER_ACCOUNT, rng)
    specs = [
        Spec(
            first_index + i,
            SHARED if e.variant == "month" else BUSY,
            e.variant,
            e.account.handle,
            e.account.name,
            e.printed_day,
            e.target.text,
            e.target.posted,
            e.target.post_id,
            e.code,
        )
        for i, e in enumerate(embeds)
    ]
    caps = [cap for account in accounts for cap in busy.account_captures(account, rng)]
    caps += [cap for e in embeds for cap in busy.borrowed_captures(e, rng)]
    return specs, caps


# --- the archive --------------------------------------------------------------------


def status_page(handle: str, name: str, post_id: str, text: str, posted: datetime, code: str | None) -> bytes:
    """A 2014–2019 permalink page (the markup ``archived.parse_status_page`` reads first)."""
    shown = html.escape(text)
    link = (
        f' <a href="http://t.co/{code}" class="twitter-timeline-link u-hidden">pic.twitter.com/{code}</a>'
        if code
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(name)} on Twitter: &quot;{shown}&quot;</title>"
        f'<meta property="og:url" content="https://twitter.com/{handle}/status/{post_id}">'
        f'<meta property="og:title" content="{html.escape(name)} on Twitter">'
        f'<meta property="og:description" content="“{shown}”"></head>'
        '<body class="logged-out"><div id="doc" class="route-permalink"><div class="permalink-inner">'
        f'<div class="tweet permalink-tweet js-original-tweet" data-tweet-id="{post_id}" '
        f'data-item-id="{post_id}" data-screen-name="{handle}" data-name="{html.escape(name)}">'
        f'<p class="js-tweet-text tweet-text" lang="en">{shown}{link}</p>'
        f'<span class="_timestamp js-short-timestamp" data-time="{int(posted.timestamp())}">'
        f"{posted:%d %b %Y}</span></div></div></div></body></html>"
    ).encode()


def syndication_json(spec: Spec) -> bytes:
    assert spec.post_id is not None and spec.code is not None
    media_key = "".join(random.Random(spec.post_id).choice(string.ascii_letters) for _ in range(15))
    photo = f"https://twitter.com/{spec.handle}/status/{spec.post_id}/photo/1"
    media = {
        "type": "photo",
        "display_url": f"pic.twitter.com/{spec.code}",
        "expanded_url": photo,
        "url": f"https://t.co/{spec.code}",
        "media_url_https": f"https://pbs.twimg.com/media/{media_key}.jpg",
    }
    payload = {
        "__typename": "Tweet",
        "lang": "en",
        "id_str": spec.post_id,
        "created_at": spec.posted.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "text": f"{spec.text} https://t.co/{spec.code}",
        "user": {"id_str": str(10_000 + spec.index), "name": spec.name, "screen_name": spec.handle},
        "entities": {"media": [media]},
        "mediaDetails": [media],
    }
    return json.dumps(payload, ensure_ascii=False).encode()


def captures_for(spec: Spec, rng: random.Random) -> list[Capture]:
    """What the archive holds for ``spec`` (nothing for a never-archived embed)."""

    def later(hours: float) -> datetime:
        return spec.posted + timedelta(hours=rng.uniform(0.5, hours))

    if spec.kind == SHORT:
        assert spec.post_id is not None and spec.code is not None
        target = f"https://twitter.com/{spec.handle}/status/{spec.post_id}/photo/1"
        caps = [
            Capture(
                f"https://t.co/{spec.code}",
                stamp(later(48)),
                "301 Moved Permanently",
                HTML,
                b"",
                [("Location", target)],
            )
        ]
        if spec.variant == "page":
            body = status_page(spec.handle, spec.name, spec.post_id, spec.text, spec.posted, spec.code)
            caps.append(
                Capture(
                    f"https://twitter.com/{spec.handle}/status/{spec.post_id}", stamp(later(72)), body=body
                )
            )
        else:
            token = syndication_token(spec.post_id)
            query = f"id={spec.post_id}&lang=en&token={token}"
            if spec.variant == "synd_features":
                query = f"features=tfw_timeline_list%3A%3Btfw_tweet_edit_frontend%3Aon&{query}"
            caps.append(
                Capture(
                    f"https://cdn.syndication.twimg.com/tweet-result?{query}",
                    stamp(later(72)),
                    content_type=JSON_TYPE,
                    body=syndication_json(spec),
                    gzip_body=spec.index % 3 == 0,
                )
            )
        return caps
    caps = []
    for status in spec.statuses:
        body = status_page(spec.handle, spec.name, status.post_id, status.text, status.posted, None)
        when = status.posted + timedelta(hours=rng.uniform(0.5, 72))
        caps.append(
            Capture(f"https://twitter.com/{spec.handle}/status/{status.post_id}", stamp(when), body=body)
        )
    return caps


def build_archive(
    specs: list[Spec], directory: Path, rng: random.Random, extra: Iterable[Capture] = ()
) -> int:
    """Write every capture into WARC files of ``CAPTURES_PER_WARC``; return how many captures."""
    directory.mkdir(parents=True, exist_ok=True)
    caps = [cap for spec in specs if spec.kind in (SHORT, HANDLE, NEVER) for cap in captures_for(spec, rng)]
    caps += extra
    rng.shuffle(caps)
    for n, start in enumerate(range(0, len(caps), CAPTURES_PER_WARC)):
        write_warc(directory / f"bench-{n:03d}.warc.gz", caps[start : start + CAPTURES_PER_WARC])
    return len(caps)


# --- the articles -------------------------------------------------------------------


def make_records(specs: list[Spec], rng: random.Random, dup_share: float) -> tuple[list[dict[str, Any]], int]:
    """Articles with 1–3 embeds each; about ``dup_share`` of them repeat one embed seen before.

    Returns the records and how many embed occurrences they hold.
    """
    order = list(range(len(specs)))
    rng.shuffle(order)
    records: list[dict[str, Any]] = []
    seen: list[int] = []
    at = occurrences = repeats = 0
    while at < len(order):
        if seen and repeats + 1 <= dup_share * (len(records) + 1):  # keeps the share close to exact
            chosen = [rng.choice(seen)]
            repeats += 1
        else:
            chosen = order[at : at + rng.randint(1, 3)]
            at += len(chosen)
            seen.extend(chosen)
        occurrences += len(chosen)
        parts = [" ".join(sentence(rng, 8, 14) for _ in range(rng.randint(2, 3)))]
        for index in chosen:
            parts += [specs[index].flattened(), " ".join(sentence(rng, 8, 14) for _ in range(2))]
        n = len(records)
        records.append({"id": f"r{n:05d}", "url": f"https://news.example/{n}", "content": "\n\n".join(parts)})
    return records, occurrences


def write_jsonl(records: Iterable[dict[str, Any]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


# --- counting what reaches the archive ----------------------------------------------


def path_kind(path: str) -> str:
    """Which Wayback bucket a request path is counted against: ``cdx`` (search) or ``replay``."""
    if path.startswith(("/cdx", "/web/timemap")):
        return "cdx"
    return "replay" if path.startswith("/web/") else "other"


class CountingTransport(httpx.HTTPTransport):
    """An ``httpx`` transport that counts the requests it really sends, by bucket and URL."""

    def __init__(self) -> None:
        super().__init__()
        self.kinds: Counter[str] = Counter()
        self.urls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self.kinds[path_kind(request.url.path)] += 1
            self.urls[str(request.url)] += 1
        return super().handle_request(request)


def proxy_counts(proxy: FaultServer) -> tuple[Counter[str], Counter[str]]:
    """(requests by bucket, by path) the proxy forwarded since its log was last cleared."""
    with proxy._lock:  # the proxy's own lock: its log is appended to from handler threads
        paths = [path for path, _ in proxy.log]
    return Counter(path_kind(urlsplit(p).path) for p in paths), Counter(paths)


# --- reading provenance -------------------------------------------------------------


@dataclass
class Cost:
    """Requests one unique embed's cold resolution made, from its provenance."""

    cdx: int = 0
    replay: int = 0
    other: int = 0
    failed: int = 0
    cache_hits: int = 0
    kept: int = 0  # candidates inside the date window (handle + date)
    cdx_labels: Counter[str] = field(default_factory=Counter)
    empty_labels: Counter[str] = field(default_factory=Counter)
    replay_labels: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return self.cdx + self.replay + self.other


def cdx_label(step: str, query: str) -> str:
    """Where a CDX query went: ``short t.co``, ``candidates x.com``, ``post syndication`` …"""
    host = query.split("/", 1)[0]
    if step == "short_code":
        return f"short {host}"
    if step == "candidates":
        return f"candidates {host}"
    if "tweet-result" in query:
        return "post syndication"
    if host.startswith("publish."):
        return "post oembed"
    if host.startswith("api."):
        return "post api_v2" if "/2/" in query else "post api_v1"
    if "/i/web/status/" in query:
        return "post status i/web"
    return f"post status {host}"


def cost_of(resolution: dict[str, Any]) -> Cost:
    cost = Cost()
    for step in resolution.get("provenance") or []:
        name = str(step.get("step", ""))
        if name == "candidates":
            cost.kept += len(step.get("kept") or [])
        for request in step.get("requests") or []:
            if "status" not in request and "category" not in request:
                continue  # an archived fact, not a request
            if request.get("from_cache"):
                cost.cache_hits += 1
                continue
            path = urlsplit(str(request.get("url") or "")).path
            kind = request.get("step") or path_kind(path)
            if "status" not in request:
                cost.failed += 1
            if kind == "cdx":
                cost.cdx += 1
                label = cdx_label(name, str(request.get("query") or ""))
                cost.cdx_labels[label] += 1
                if request.get("rows") == 0:
                    cost.empty_labels[label] += 1
            elif kind == "replay":
                cost.replay += 1
                hop = " (nearest-capture hop)" if request.get("followed") else ""
                cost.replay_labels[f"{name} replay{hop}"] += 1
            else:
                cost.other += 1
    return cost


@dataclass
class Analysis:
    """What one run's output says: costs of the first resolutions, statuses, mismatches."""

    records: int = 0
    rejects: int = 0
    occurrences: int = 0
    reused: int = 0  # resolutions answered by the resolver's memo or the resolution cache
    costs: dict[int, Cost] = field(default_factory=dict)
    statuses: dict[str, Counter[str]] = field(default_factory=dict)  # group → status → occurrences
    unique_statuses: dict[str, Counter[str]] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    undetected: int = 0
    unknown: int = 0
    outcomes: dict[str, Counter[str]] = field(default_factory=dict)  # group → correct/unresolved/wrong

    @property
    def cdx(self) -> int:
        return sum(c.cdx for c in self.costs.values())

    @property
    def replay(self) -> int:
        return sum(c.replay for c in self.costs.values())

    @property
    def cache_hits(self) -> int:
        return sum(c.cache_hits for c in self.costs.values())


def analyse(
    outputs: Iterable[dict[str, Any] | Reject], specs: list[Spec], expected_occurrences: int
) -> Analysis:
    by_text = {spec.wanted: spec for spec in specs}
    result = Analysis()
    first_status: dict[int, str] = {}
    for item in outputs:
        if isinstance(item, Reject):
            result.rejects += 1
            continue
        result.records += 1
        for embed in item.get("embeds") or []:
            result.occurrences += 1
            spec = by_text.get(str(embed.get("text")))
            if spec is None:
                result.unknown += 1
                result.mismatches.append(f"unknown embed detected: {str(embed.get('text'))[:80]!r}")
                continue
            resolution = embed.get("resolution") or {}
            status = str(resolution.get("status"))
            result.statuses.setdefault(spec.group, Counter())[status] += 1
            if resolution.get("from_cache"):
                result.reused += 1
            elif spec.index in result.costs:
                result.mismatches.append(f"{spec.group} @{spec.handle}: resolved twice in one run")
            else:
                cost = result.costs[spec.index] = cost_of(resolution)
                if spec.kind == HANDLE and cost.kept != spec.in_window:
                    result.mismatches.append(
                        f"{spec.group} @{spec.handle}: kept {cost.kept} candidates,"
                        f" {spec.in_window} in the window"
                    )
            if spec.index in first_status:
                if first_status[spec.index] != status:
                    result.mismatches.append(f"{spec.group} @{spec.handle}: duplicate came out {status}")
                continue
            first_status[spec.index] = status
            result.unique_statuses.setdefault(spec.group, Counter())[status] += 1
            result.outcomes.setdefault(spec.group, Counter())[outcome_of(spec, resolution)] += 1
            problem = check_resolution(spec, resolution)
            if problem:
                result.mismatches.append(f"{spec.group} @{spec.handle} ({spec.day}): {problem}")
    result.undetected = max(0, expected_occurrences - result.occurrences)
    missing = [spec for spec in specs if spec.index not in first_status]
    for spec in missing[:20]:
        result.mismatches.append(f"{spec.group} @{spec.handle}: not detected in any record")
    return result


def given_id(resolution: dict[str, Any]) -> str | None:
    """The post ID a resolution names (resolved, or partial with an identification)."""
    match = resolution.get("match") or {}
    return match.get("post_id") or None


def outcome_of(spec: Spec, resolution: dict[str, Any]) -> str:
    """``correct``, ``unresolved`` (no ID, or not the expected status) or ``wrong`` (another post's ID)."""
    named = given_id(resolution)
    if named is not None and named != spec.post_id:
        return "wrong"
    if spec.post_id is None:
        return "correct" if resolution.get("status") == "not_archived" else "unresolved"
    return "correct" if named == spec.post_id and resolution.get("status") == "resolved" else "unresolved"


def check_resolution(spec: Spec, resolution: dict[str, Any]) -> str | None:
    """Why ``resolution`` is not what ``spec`` should give, or None."""
    status = resolution.get("status")
    named = given_id(resolution)
    if named is not None and named != spec.post_id:
        return f"WRONG post {named} (expected {spec.post_id}), status {status}"
    if status != spec.expected:
        return f"status {status} (expected {spec.expected}): {resolution.get('reason')}"
    if spec.expected != "resolved":
        return None
    post = resolution.get("post") or {}
    match = resolution.get("match") or {}
    if post.get("post_id") != spec.post_id:
        return f"post {post.get('post_id')} (expected {spec.post_id})"
    if match.get("method") != spec.method:
        return f"method {match.get('method')} (expected {spec.method})"
    if (match.get("confidence") or 0) < 0.9:
        return f"confidence {match.get('confidence')} < 0.9"
    return None


# --- runs ---------------------------------------------------------------------------


@dataclass
class Run:
    name: str
    wall: float
    sent: Counter[str]  # requests that reached the archive, by bucket (transport or proxy count)
    urls: Counter[str]
    analysis: Analysis
    summary: str = ""  # the CLI's own summary lines
    failed: str | None = None


def rate_limits(scale: float) -> RateLimits:
    """IA's limits (``RateLimits()``), both buckets multiplied by ``scale``: the ratio stays IA's."""
    ia = RateLimits()
    return RateLimits(
        wayback_search_per_second=ia.wayback_search_per_second * scale,
        wayback_replay_per_second=ia.wayback_replay_per_second * scale,
    )


def run_library(
    name: str,
    source: Path,
    base_url: str,
    cache: Path,
    limits: RateLimits,
    workers: int,
    specs: list[Spec],
    n: int,
) -> Run:
    settings = ResolverSettings(
        sources=("wayback",),
        config=ResolveConfig(endpoints=Endpoints(wayback=base_url), rate_limits=limits),
        cache_path=cache,
    )
    transport = CountingTransport()
    started = time.perf_counter()
    with open_resolver(settings, transport=transport) as resolver:
        outputs = list(clean_records(read_records(source), CleanConfig(), resolver=resolver, workers=workers))
    wall = time.perf_counter() - started
    return Run(name, wall, transport.kinds, transport.urls, analyse(outputs, specs, n))


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("embedresolve")
    if script.exists():
        return [str(script)]
    found = shutil.which("embedresolve")
    return [found] if found else [sys.executable, "-c", "from embedresolve.cli import app; app()"]


def cli_args(
    source: Path, output: Path, base_url: str, cache: Path, limits: RateLimits, workers: int
) -> list[str]:
    return [
        *cli_command(),
        "clean",
        str(source),
        "-o",
        str(output),
        "--no-live",
        "--wayback-url",
        base_url,
        "--cache",
        str(cache),
        "--search-rate",
        repr(limits.wayback_search_per_second),
        "--replay-rate",
        repr(limits.wayback_replay_per_second),
        "--workers",
        str(workers),
    ]


def run_cli(
    name: str, args: list[str], output: Path, proxy: FaultServer, timeout: float, specs: list[Spec], n: int
) -> Run:
    proxy.clear()
    started = time.perf_counter()
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        wall = time.perf_counter() - started
        return Run(name, wall, Counter(), Counter(), Analysis(), failed=f"timed out after {timeout:.0f} s")
    wall = time.perf_counter() - started
    sent, paths = proxy_counts(proxy)
    summary = "\n".join(
        line for line in done.stderr.splitlines() if line.split(":")[0] in ("status", "network")
    )
    if done.returncode != 0:
        reason = f"exit {done.returncode}: {done.stderr.strip()[-1500:]}"
        return Run(name, wall, sent, paths, Analysis(), summary, failed=reason)
    outputs = list(read_records(output))
    records = [item if isinstance(item, Reject) else item.data for item in outputs]
    return Run(name, wall, sent, paths, analyse(records, specs, n), summary)


def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def run_no_network(source: Path, specs: list[Spec], n: int) -> None:
    """``clean`` of the first records (≈ ``n`` embeds) with no archive or platform reachable.

    Every source, default HTTP settings and IA's real rate limits; the endpoints are a
    closed local port, then names that cannot resolve (``.invalid``), then ``--offline``.
    Target (issue 9): under 60 s, every embed ``failed`` with the reason; offline counts
    no requests.
    """
    lines = source.read_text(encoding="utf-8").splitlines()
    subset, embeds = [], 0
    for line in lines:
        if embeds >= n:
            break
        subset.append(line)
        embeds += json.loads(line)["content"].count("(@")
    small = source.with_name("no-network.jsonl")
    small.write_text("\n".join(subset) + "\n", encoding="utf-8")
    port = closed_port()
    down = Endpoints().with_base(f"http://127.0.0.1:{port}")
    unknown = Endpoints(
        wayback="http://web.archive.invalid",
        syndication="http://cdn.syndication.invalid",
        oembed="http://publish.invalid",
        tco="http://t.invalid",
    )
    cases = [
        ("closed port", ResolverSettings(config=ResolveConfig(endpoints=down))),
        ("name not known", ResolverSettings(config=ResolveConfig(endpoints=unknown))),
        ("--offline", ResolverSettings(config=ResolveConfig(endpoints=unknown), offline=True)),
    ]
    for label, settings in cases:
        started = time.perf_counter()
        with open_resolver(settings) as resolver:
            outputs = list(clean_records(read_records(small), CleanConfig(), resolver=resolver))
        wall = time.perf_counter() - started
        report = Summary()
        reasons: Counter[str] = Counter()
        for item in outputs:
            if isinstance(item, Reject):
                continue
            report.add(item)
            for embed in item.get("embeds") or []:
                reasons[str((embed.get("resolution") or {}).get("reason"))] += 1
        count = sum(report.statuses.values())
        failed = report.statuses.get("failed", 0)
        verdict = "met" if wall < 60 and failed == count else "NOT met"
        print(
            f"    {label}: {count} embeds in {wall:.1f} s, failed {failed}/{count}"
            f" (target < 60 s, all failed: {verdict})"
        )
        print("      " + report.render().replace("\n", "\n      "))
        for reason, times in reasons.most_common(3):
            print(f"      reason ×{times}: {reason[:150]}")


# --- printing -----------------------------------------------------------------------


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join([row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True))])
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join("    " + line for line in lines)


def mean(values: list[int]) -> float:
    return sum(values) / len(values) if values else 0.0


def groups_of(specs: list[Spec]) -> list[str]:
    return list(dict.fromkeys(spec.group for spec in specs))


def over_target(spec: Spec, cost: Cost) -> bool:
    if spec.kind == SHORT:
        return cost.total > SHORT_TARGET
    if spec.kind == HANDLE:
        return cost.cdx > 1 or cost.replay > cost.kept
    if spec.kind == NEVER:
        return cost.replay > 0 or cost.other > 0 or cost.cdx > CDX_TARGET
    return cost.cdx > CDX_TARGET or cost.replay > REPLAY_TARGET


CDX_TARGET, REPLAY_TARGET = 3, 4  # issue 9: per unique embed, cold
SHARED_CDX_TARGET = 1.0  # issue 9: mean CDX per unique embed when ten share each (handle, month)
RESOLVED_TARGET = {SHORT: 1.0, HANDLE: 0.95, BUSY: 0.95, SHARED: 0.95, NEVER: 1.0}
TARGET_TEXT = {
    SHORT: f"total ≤ {SHORT_TARGET}",
    HANDLE: "CDX ≤ 1, replay ≤ kept",
    NEVER: f"replay = 0, CDX ≤ {CDX_TARGET}",
    BUSY: f"CDX ≤ {CDX_TARGET}, replay ≤ {REPLAY_TARGET}",
    SHARED: f"CDX ≤ {CDX_TARGET}, replay ≤ {REPLAY_TARGET}",
}


def print_costs(specs: list[Spec], analysis: Analysis) -> None:
    rows = [
        [
            "kind",
            "n",
            "CDX mean",
            "max",
            "replay mean",
            "max",
            "total mean",
            "max",
            "kept mean",
            "target",
            "over target",
        ]
    ]
    by_kind: dict[str, list[Spec]] = {}
    for spec in specs:
        by_kind.setdefault(spec.group, []).append(spec)
        by_kind.setdefault(spec.kind, []).append(spec)
    for group in [*KIND_SHARES, *groups_of(specs)]:
        members = [s for s in by_kind.get(group, []) if s.index in analysis.costs]
        if not members:
            continue
        costs = [analysis.costs[s.index] for s in members]
        over = sum(over_target(s, c) for s, c in zip(members, costs, strict=True))
        kind = members[0].kind
        label = group if "." in group else f"{group} (all)"
        rows.append(
            [
                label,
                str(len(members)),
                f"{mean([c.cdx for c in costs]):.2f}",
                str(max(c.cdx for c in costs)),
                f"{mean([c.replay for c in costs]):.2f}",
                str(max(c.replay for c in costs)),
                f"{mean([c.total for c in costs]):.2f}",
                str(max(c.total for c in costs)),
                f"{mean([c.kept for c in costs]):.2f}" if kind == HANDLE else "-",
                TARGET_TEXT[kind],
                f"{over}/{len(members)}",
            ]
        )
    print(table(rows))


def print_ideal_floor(specs: list[Spec], run: Run, limits: RateLimits) -> None:
    """The floor if every embed cost exactly its target (never-archived ones: their CDX as measured)."""
    cdx = replay = 0
    for spec in specs:
        cost = run.analysis.costs.get(spec.index)
        if cost is None:
            continue
        if spec.kind == SHORT:
            cdx, replay = cdx + 1, replay + 2
        elif spec.kind == HANDLE:
            cdx, replay = cdx + 1, replay + cost.kept
        elif spec.kind == NEVER:
            cdx += cost.cdx
        else:
            cdx, replay = cdx + min(cost.cdx, CDX_TARGET), replay + min(cost.replay, REPLAY_TARGET)
    floor = max(cdx / limits.wayback_search_per_second, replay / limits.wayback_replay_per_second)
    actual = max(
        run.sent["cdx"] / limits.wayback_search_per_second,
        run.sent["replay"] / limits.wayback_replay_per_second,
    )
    print(
        f"    at the targets the cold run would send CDX {cdx}, replay {replay}: floor {floor:.2f} s"
        f" instead of {actual:.2f} s ({actual / floor if floor else 0:.2f}× less waiting)"
    )


def print_breakdown(specs: list[Spec], analysis: Analysis) -> None:
    """Per group: which CDX questions and replays the requests are, per unique embed."""
    for group in groups_of(specs):
        members = [s for s in specs if s.group == group and s.index in analysis.costs]
        if not members:
            continue
        cdx: Counter[str] = Counter()
        empty: Counter[str] = Counter()
        replay: Counter[str] = Counter()
        for spec in members:
            cost = analysis.costs[spec.index]
            cdx.update(cost.cdx_labels)
            empty.update(cost.empty_labels)
            replay.update(cost.replay_labels)
        n = len(members)
        parts = [f"{label} {count / n:.2f} ({empty[label] / n:.2f} empty)" for label, count in cdx.items()]
        print(f"    {group} (n={n})")
        print(f"      CDX:    {'; '.join(parts) or '-'}")
        print(
            f"      replay: {'; '.join(f'{label} {count / n:.2f}' for label, count in replay.items()) or '-'}"
        )


def print_floor(run: Run, limits: RateLimits) -> None:
    cdx, replay = run.sent["cdx"], run.sent["replay"]
    cdx_floor = cdx / limits.wayback_search_per_second
    replay_floor = replay / limits.wayback_replay_per_second
    overlapped, serial = max(cdx_floor, replay_floor), cdx_floor + replay_floor
    print(
        f"    floor: CDX {cdx} ÷ {limits.wayback_search_per_second:g}/s = {cdx_floor:.2f} s;"
        f" replay {replay} ÷ {limits.wayback_replay_per_second:g}/s = {replay_floor:.2f} s"
    )
    for label, floor in (("overlapped (max)", overlapped), ("serialised (sum)", serial)):
        ratio = run.wall / floor if floor else float("inf")
        verdict = "met" if ratio <= FLOOR_TARGET else "NOT met"
        print(
            f"    wall / floor {label}: {run.wall:.2f} / {floor:.2f} = {ratio:.3f}"
            f"  (target ≤ {FLOOR_TARGET}: {verdict})"
        )
    ia_cdx = cdx / IA_SEARCH_PER_SECOND
    ia_replay = replay / IA_REPLAY_PER_SECOND
    print(
        f"    at IA's real limits the same requests need ≥ {max(ia_cdx, ia_replay) / 60:.1f} min"
        f" (CDX {ia_cdx / 60:.1f} min, replay {ia_replay / 60:.1f} min)"
    )


def print_run(run: Run, limits: RateLimits | None) -> None:
    a = run.analysis
    if run.failed:
        print(f"    FAILED: {run.failed}")
        return
    print(
        f"    wall {run.wall:.2f} s; {a.records} records ({a.rejects} rejected), {a.occurrences} embeds,"
        f" {len(a.costs)} resolved afresh, {a.reused} reused (memo or resolution cache)"
    )
    dup_urls = sum(1 for count in run.urls.values() if count > 1)
    print(
        f"    sent to the archive: CDX {run.sent['cdx']}, replay {run.sent['replay']},"
        f" other {run.sent['other']}"
        f" | from provenance: CDX {a.cdx}, replay {a.replay}, response-cache hits {a.cache_hits}"
        f" | URLs sent more than once: {dup_urls}"
    )
    if run.summary:
        print("    CLI summary: " + run.summary.replace("\n", " | "))
    if limits is not None:
        print_floor(run, limits)


def print_statuses(specs: list[Spec], analysis: Analysis) -> None:
    names = sorted({s for counter in analysis.statuses.values() for s in counter})
    rows = [["kind", "expected", *(f"{n} (occ/uniq)" for n in names)]]
    expected = {spec.group: spec.expected for spec in specs}
    for group in groups_of(specs):
        occ = analysis.statuses.get(group, Counter())
        uniq = analysis.unique_statuses.get(group, Counter())
        rows.append([group, expected[group], *(f"{occ[n]}/{uniq[n]}" for n in names)])
    total_occ: Counter[str] = sum(analysis.statuses.values(), Counter())
    total_uniq: Counter[str] = sum(analysis.unique_statuses.values(), Counter())
    rows.append(["all", "", *(f"{total_occ[n]}/{total_uniq[n]}" for n in names)])
    print(table(rows))
    bad = analysis.mismatches
    print(f"    mismatches: {len(bad)}" + (" (first 15 below)" if len(bad) > 15 else ""))
    for line in bad[:15]:
        print(f"      {line}")


def print_headline(specs: list[Spec], analysis: Analysis) -> None:
    """Per kind and variant: CDX and replay per unique embed (cold), correct / unresolved / wrong."""
    rows = [
        [
            "kind",
            "n",
            "CDX/embed",
            "replay/embed",
            "correct",
            "unresolved",
            "wrong",
            "correct share",
            "target",
        ]
    ]
    groups = [*dict.fromkeys(spec.kind for spec in specs), *groups_of(specs)]
    for group in groups:
        members = [s for s in specs if group in (s.kind, s.group)]
        costs = [analysis.costs[s.index] for s in members if s.index in analysis.costs]
        outcomes: Counter[str] = Counter()
        for name, counter in analysis.outcomes.items():
            if name == group or name.split(".")[0] == group:
                outcomes.update(counter)
        n = len(members)
        share = outcomes["correct"] / n if n else 0.0
        kind = members[0].kind
        target = f"≥ {RESOLVED_TARGET[kind]:.2f}, 0 wrong" if "." not in group else ""
        rows.append(
            [
                group if "." in group else f"{group} (all)",
                str(n),
                f"{mean([c.cdx for c in costs]):.2f}",
                f"{mean([c.replay for c in costs]):.2f}",
                str(outcomes["correct"]),
                str(outcomes["unresolved"]),
                str(outcomes["wrong"]),
                f"{share:.3f}",
                target,
            ]
        )
    print(table(rows))
    everything = [analysis.costs[s.index] for s in specs if s.index in analysis.costs]
    wrong = sum(c["wrong"] for c in analysis.outcomes.values())
    shared = [analysis.costs[s.index] for s in specs if s.kind == SHARED and s.index in analysis.costs]
    print(
        f"    all unique embeds: CDX {mean([c.cdx for c in everything]):.2f}, replay"
        f" {mean([c.replay for c in everything]):.2f} per embed (targets ≤ {CDX_TARGET}, ≤ {REPLAY_TARGET});"
        f" wrong IDs {wrong} (target 0)"
    )
    if shared:
        value = mean([c.cdx for c in shared])
        verdict = "met" if value <= SHARED_CDX_TARGET else "NOT met"
        print(f"    ten embeds per (handle, month): CDX {value:.2f} per embed (target ≤ 1: {verdict})")


# --- main ---------------------------------------------------------------------------


@contextmanager
def counting_proxy(server: RunningServer) -> Iterator[FaultServer]:
    proxy = FaultServer("127.0.0.1", server.port).start()
    try:
        yield proxy
    finally:
        proxy.stop()


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, help="unique embeds (default 500, --quick 60)")
    parser.add_argument("--quick", action="store_true", help="CI: 60 unique embeds")
    parser.add_argument("--workers", type=int, default=4, help="clean --workers (default 4)")
    parser.add_argument(
        "--scale", type=float, default=50.0, help="multiplier of IA's rate limits (default 50: CDX 20/s)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--dup-share", type=float, default=0.2, help="share of records repeating an embed")
    parser.add_argument("--no-cli", action="store_true", help="skip the two CLI runs")
    parser.add_argument(
        "--shared-accounts", type=int, help="accounts with ten embeds in one month (default 5, --quick 2)"
    )
    parser.add_argument("--no-offline", action="store_true", help="skip the no-network scenario")
    parser.add_argument(
        "--busy-span",
        type=int,
        default=40,
        help="days a busy account's 200-260 statuses spread over (default 40: 5-6 a day, 10-25 per window)",
    )
    parser.add_argument("--offline-embeds", type=int, default=20, help="embeds in the no-network scenario")
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per CLI run")
    parser.add_argument(
        "--workdir", type=Path, help="keep the files in a new folder here (default: a temp dir, removed)"
    )
    args = parser.parse_args(argv)
    args.n = args.n or (60 if args.quick else 500)
    if args.shared_accounts is None:
        args.shared_accounts = 2 if args.quick else 5
    if args.n < 3 or args.workers < 1 or args.scale <= 0:
        parser.error("--n must be ≥ 3, --workers ≥ 1, --scale > 0")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    limits = rate_limits(args.scale)
    print(f"embedresolve resolution benchmark: python {sys.version.split()[0]}, seed {args.seed}")
    print(
        f"rate limits: IA CDX {IA_SEARCH_PER_SECOND:g}/s, replay {IA_REPLAY_PER_SECOND:g}/s × {args.scale:g}"
        f" = CDX {limits.wayback_search_per_second:g}/s, replay {limits.wayback_replay_per_second:g}/s;"
        f" workers {args.workers}"
    )
    if args.workdir is not None:
        args.workdir.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix="embedresolve-bench-resolve-", dir=args.workdir))
        print(f"files kept in {work}")
        return run_all(args, limits, work, started)
    with tempfile.TemporaryDirectory(prefix="embedresolve-bench-resolve-") as tmp:
        return run_all(args, limits, Path(tmp), started)


def run_all(args: argparse.Namespace, limits: RateLimits, work: Path, started: float) -> int:
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    codes: set[str] = set()
    n_busy = round(args.n * KIND_SHARES[BUSY])
    specs = make_specs(args.n - n_busy, rng, codes)
    busy_specs, busy_caps = make_busy_specs(
        n_busy, args.shared_accounts, rng, codes, len(specs), args.busy_span
    )
    specs += busy_specs
    captures = build_archive(specs, work / "warcs", rng, busy_caps)
    records, occurrences = make_records(specs, rng, args.dup_share)
    source = work / "articles.jsonl"
    write_jsonl(records, source)
    kinds = Counter(spec.group for spec in specs)
    print(
        f"\n[0] setup: {len(specs)} unique embeds ({', '.join(f'{g} {c}' for g, c in kinds.items())});"
        f" {len(records)} records with {occurrences} embed occurrences"
        f" ({occurrences - len(specs)} in records repeating an earlier embed);"
        f" {captures} captures in {len(list((work / 'warcs').glob('*.warc.gz')))} WARC files;"
        f" built in {time.perf_counter() - t0:.1f} s"
    )
    t0 = time.perf_counter()
    try:
        server = start_server(pywb_python(), work / "warcs")
    except PywbUnavailable as error:
        print(f"pywb could not start: {error}")
        return 1
    print(f"    pywb (IA-compatible) at {server.base_url}, up in {time.perf_counter() - t0:.1f} s")
    failed = False
    try:
        print("\n[1] cold run, library: open_resolver + clean_records, fresh cache")
        cold = run_library(
            "library cold",
            source,
            server.base_url,
            work / "lib.sqlite3",
            limits,
            args.workers,
            specs,
            occurrences,
        )
        print_run(cold, limits)
        print("\n[2] per unique embed, cold: archive requests (from provenance) and outcomes")
        print_headline(specs, cold.analysis)
        print()
        print_costs(specs, cold.analysis)
        print_ideal_floor(specs, cold, limits)
        print("    where they go, per unique embed (empty = the CDX answered no rows):")
        print_breakdown(specs, cold.analysis)
        print("\n[3] warm re-run, library: same cache file, new resolver (target: 0 requests)")
        warm = run_library(
            "library warm",
            source,
            server.base_url,
            work / "lib.sqlite3",
            limits,
            args.workers,
            specs,
            occurrences,
        )
        print_run(warm, None)
        if not args.no_cli:
            with counting_proxy(server) as proxy:
                print(f"\n[4] CLI: {' '.join(cli_command())} clean … --no-live (through a counting proxy)")
                cache = work / "cli.sqlite3"
                for label in ("cold", "warm"):
                    output = work / f"cli-{label}.jsonl"
                    cli = cli_args(source, output, proxy.base_url, cache, limits, args.workers)
                    run = run_cli(f"CLI {label}", cli, output, proxy, args.timeout, specs, occurrences)
                    print(f"  {label}:")
                    print_run(run, limits if label == "cold" else None)
                    failed = failed or run.failed is not None
        if not args.no_offline:
            print("\n[6] no network: clean of about 20 embeds, default settings, every source")
            run_no_network(source, specs, args.offline_embeds)
        print("\n[5] statuses per kind, all occurrences / unique embeds (cold library run)")
        print_statuses(specs, cold.analysis)
        if warm.analysis.mismatches != cold.analysis.mismatches:
            print(f"    warm run mismatches: {len(warm.analysis.mismatches)}")
            for line in warm.analysis.mismatches[:5]:
                print(f"      {line}")
    finally:
        server.stop()
    print(f"\nwall time {time.perf_counter() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
