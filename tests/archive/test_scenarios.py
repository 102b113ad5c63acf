"""End-to-end scenarios of the whole resolution chain against real local servers (issue 4, §6).

No mocks: a pywb of this module's own serves the WARCs of ``scenario_warcs``
(behind the IA-compatible layer, with ``twitter.com/blockeddesk/`` excluded),
a :class:`FaultServer` in front of it counts (and, on cue, breaks) every archive
request, and a :class:`PlatformApp` answers as t.co, syndication and oEmbed.
The chain runs either as the CLI does (``embedresolve clean`` in process) or
through ``open_resolver``; time is injected wherever a pause could happen.
"""

from __future__ import annotations

import hashlib
import json
import random
import ssl
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from typer.testing import CliRunner

from embedresolve import pipeline
from embedresolve.cli import app as cli
from embedresolve.detect import detect_text
from embedresolve.models import Embed
from embedresolve.resolve.config import Endpoints, HttpConfig, RateLimits, ResolveConfig
from embedresolve.resolve.factory import SOURCES, ResolverSettings, open_resolver
from embedresolve.resolve.http import Fetcher
from embedresolve.resolve.resolver import Resolver, SourceSet
from embedresolve.resolve.sources.base import CandidateSource, PostSource, ShortCodeSource
from embedresolve.testing import FakeClock
from embedresolve.testing.faults import FaultServer
from embedresolve.testing.wayback_server import PywbUnavailable, RunningServer, pywb_python, start_server
from tests.archive import scenario_warcs as sw
from tests.servers.platform_app import PHOTO_ID, TOMBSTONE_ID, PlatformApp

SERVER_ARGS = ("--block", sw.BLOCK_ARG, "--relative-locations", r"^https?://pic\.twitter\.com/")
NO_WAITING = ("--rate", "1000", "--search-rate", "1000", "--replay-rate", "1000", "--quiet")


def signed(text: str, name: str, handle: str, day: str = "November 11, 2022") -> str:
    """A tweet flattened by a scraper: ``TEXT — Name (@handle) Month D, YYYY``."""
    return f"{text} — {name} (@{handle}) {day}"


# The embeds, flattened as a scraper leaves them (one per record where a test needs one).
SEED_EMBED = signed(
    "russia: the people of Kherson voted in totally legitimate and legal referendum to join russian "
    f"federation\n\n\n\nThe People of Kherson: pic.twitter.com/{sw.SEED_CODE}",
    sw.SEED_NAME,
    sw.SEED_HANDLE,
)
DESK_EMBED = signed(sw.DESK_TEXT, sw.DESK_NAME, sw.DESK_HANDLE)
TWIN_EMBED = signed(sw.TWIN_TEXT, sw.TWIN_NAME, sw.TWIN_HANDLE)
LIVE_ONLY_EMBED = signed(
    "If you are interested about View Flattening in React Native, I wrote a short post about it: "
    "https://t.co/4G6RAMfrHy\n\nLet me know what you think! pic.twitter.com/rQd6FIwZ0U",
    "sammy",
    "SamuelSusla",
    "March 29, 2023",
)
LIVE_GONE_EMBED = signed(
    f"{sw.LIVE_GONE_TEXT} pic.twitter.com/{sw.LIVE_GONE_CODE}",
    "Live Gone",
    sw.LIVE_GONE_HANDLE,
    "December 6, 2022",
)
NEVER_EMBED = signed(f"Nobody kept a copy. pic.twitter.com/{sw.NEVER_CODE}", "Never Desk", sw.NEVER_HANDLE)
BLOCKED_EMBED = signed(
    f"The account asked the archive to hide it. pic.twitter.com/{sw.BLOCKED_CODE}",
    "Blocked",
    sw.BLOCKED_HANDLE,
)
GONE_EMBED = signed(
    f"A post its author deleted later. https://t.co/{sw.GONE_CODE}", "Gone Desk", sw.GONE_HANDLE
)
BUSY_EMBED = signed(
    f"{sw.BUSY_TEXT} https://t.co/{sw.BUSY_CODE}", sw.BUSY_NAME, sw.BUSY_HANDLE, "November 11, 2019"
)
QUOTE_EMBED = signed(sw.QUOTE_TEXT, sw.QUOTE_NAME, sw.QUOTE_HANDLE)
BORROW_EMBED = signed(sw.BORROW_TEXT, sw.BORROW_NAME, sw.BORROW_HANDLE)
FEAT_EMBED = signed(f"{sw.FEAT_TEXT} https://t.co/{sw.FEAT_CODE}", sw.FEAT_NAME, sw.FEAT_HANDLE)


def article(embed: str) -> str:
    """A short article with ``embed`` between two paragraphs."""
    return (
        f"The day in brief, as our correspondents saw it.\n\n{embed}\n\nThe story continues after the post."
    )


# -- servers -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def scenario_pywb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """A pywb of this module's own, serving the scenario WARCs (the shared archive stays untouched)."""
    warcs = sw.build(tmp_path_factory.mktemp("scenarios") / "warcs")
    try:
        server = start_server(pywb_python(), warcs, extra_args=SERVER_ARGS)
    except PywbUnavailable as e:
        pytest.fail(f"pywb is required for the scenario tests and is not available: {e}", pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def archive_proxy(scenario_pywb: RunningServer) -> Iterator[FaultServer]:
    proxy = FaultServer("127.0.0.1", scenario_pywb.port).start()
    try:
        yield proxy
    finally:
        proxy.stop()


@pytest.fixture
def archive(archive_proxy: FaultServer) -> FaultServer:
    """The archive as the code under test sees it: every request passes (and is logged) here."""
    archive_proxy.clear()
    return archive_proxy


@pytest.fixture(scope="module")
def platform() -> Iterator[PlatformApp]:
    app = PlatformApp().start()
    # t.co of this app also knows the code of the post that is deleted live (a tombstone).
    app.tco[sw.LIVE_GONE_CODE] = f"https://twitter.com/{sw.LIVE_GONE_HANDLE}/status/{TOMBSTONE_ID}/photo/1"
    try:
        yield app
    finally:
        app.stop()


@pytest.fixture
def live(platform: PlatformApp) -> PlatformApp:
    platform.reset()
    return platform


# -- helpers -----------------------------------------------------------------------------------


def write_jsonl(path: Path, texts: Sequence[str]) -> Path:
    """One article per text, as JSONL records ``r0``, ``r1``, …"""
    rows = [{"id": f"r{i}", "content": article(text)} for i, text in enumerate(texts)]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def run_clean(source: Path, out: Path, wayback: str, live: PlatformApp, *extra: str) -> list[dict[str, Any]]:
    """``embedresolve clean SOURCE -o OUT`` in process: Wayback at ``wayback``, live services at the app."""
    args = ["clean", str(source), "-o", str(out), *NO_WAITING, "--wayback-url", wayback]
    for name in ("syndication", "oembed", "tco"):
        args += [f"--{name}-url", live.base_url]
    if "--cache" not in extra:
        args.append("--no-cache")
    result = CliRunner().invoke(cli, [*args, *extra])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def clean_one(
    tmp_path: Path, archive: FaultServer, live: PlatformApp, embed: str, *extra: str
) -> dict[str, Any]:
    """The one embed of a one-record article, cleaned and resolved by the CLI."""
    source = write_jsonl(tmp_path / "in.jsonl", [embed])
    (record,) = run_clean(source, tmp_path / "out.jsonl", archive.base_url, live, *extra)
    (found,) = record["embeds"]
    assert isinstance(found, dict)
    return found


def steps(resolution: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    """(step, source, outcome) of each provenance step."""
    return [(s["step"], s.get("source"), s["outcome"]) for s in resolution["provenance"]]


def requests(resolution: dict[str, Any]) -> list[dict[str, Any]]:
    """Every request (and archived fact) entry of the provenance, in order."""
    return [r for s in resolution["provenance"] for r in s.get("requests", [])]


def archive_settings(archive: FaultServer, live: PlatformApp, **http: Any) -> ResolverSettings:
    """Archive-only settings (what ``--no-live`` builds), no spacing, short timeouts."""
    return ResolverSettings(
        config=ResolveConfig(
            endpoints=Endpoints(
                wayback=archive.base_url, syndication=live.base_url, oembed=live.base_url, tco=live.base_url
            ),
            rate_limits=RateLimits.unlimited(),
            http=HttpConfig(connect_timeout_s=2.0, read_timeout_s=2.0, deadline_s=5.0, **http),
        ),
        sources=("wayback",),
    )


def embed_of(text: str) -> Embed:
    """The embed the detector finds in an article around ``text`` (for the library-level tests)."""
    (found,) = detect_text(article(text))
    return found


# -- 1. the seed case --------------------------------------------------------------------------


def test_seed_article_resolves_from_the_archive_with_full_provenance(
    scenario_pywb: RunningServer, live: PlatformApp, tmp_path: Path
) -> None:
    """The seed article comes out resolved from the archive alone (short code → ID → syndication capture)."""
    wayback = scenario_pywb.base_url  # straight at pywb, as `clean … --no-live --wayback-url <pywb>`
    (record,) = run_clean(sw.SEED_FILE, tmp_path / "out.jsonl", wayback, live, "--no-live")
    assert live.seen == []  # --no-live: no t.co, syndication or oEmbed request
    (embed,) = record["embeds"]
    assert embed["author"] == {"name": sw.SEED_NAME, "handle": sw.SEED_HANDLE}
    assert embed["links"] == [f"pic.twitter.com/{sw.SEED_CODE}"]
    resolution = embed["resolution"]
    assert resolution["status"] == "resolved", resolution
    assert resolution["reason"] is None

    match = resolution["match"]
    assert match["method"] == "short_code"
    assert match["post_id"] == sw.SEED_ID and isinstance(match["post_id"], str) and match["post_id"].isdigit()
    assert match["checks"] == {"date": True, "handle": True, "text_similarity": 1.0}
    assert match["confidence"] >= 0.9

    post = resolution["post"]
    assert post["post_id"] == sw.SEED_ID
    assert post["author"] == {"name": sw.SEED_NAME, "handle": sw.SEED_HANDLE}
    assert post["text"] == sw.SEED_TEXT
    assert post["created_at"] == sw.SEED_CREATED
    assert post["url"] == f"https://twitter.com/{sw.SEED_HANDLE}/status/{sw.SEED_ID}"
    assert post["source"] == "wayback.syndication"
    assert post["media"][0]["display_url"] == f"pic.twitter.com/{sw.SEED_CODE}"

    # Provenance: each step, each request, each archived fact — enough to re-check everything later.
    assert steps(resolution) == [("short_code", "wayback", "found"), ("post", "wayback", "found")]
    short, _ = resolution["provenance"]
    assert short["input"] == sw.SEED_CODE
    assert short["target"] == f"https://twitter.com/{sw.SEED_HANDLE}/status/{sw.SEED_ID}/photo/1"
    assert short["verdict"] == "own post"
    for request in requests(resolution):
        assert request["url"].startswith(wayback + "/")
        assert isinstance(request["status"], int)
        assert request["retrieved_at"].endswith("Z")
        assert len(request["sha256"]) == 64
        assert request["from_cache"] is False
        assert request["attempts"] == 1
    replays = [r for r in requests(resolution) if r.get("step") == "replay"]
    assert [r["status"] for r in replays] == [301, 200]
    redirect, content = replays
    assert redirect["memento_url"] == f"{wayback}/web/{sw.SEED_TCO_TS}id_/https://t.co/{sw.SEED_CODE}"
    assert redirect["capture_time"] == "2022-11-11T20:31:00Z"
    assert redirect["memento_datetime"] == "2022-11-11T20:31:00Z"
    assert redirect["cdx_digest"] == sw.sha1_digest(b"")
    assert redirect["target"] == short["target"]
    body = sw.tweet_result(
        sw.SEED_ID, sw.SEED_HANDLE, sw.SEED_NAME, sw.SEED_TEXT, sw.SEED_CREATED, sw.SEED_CODE
    )
    assert content["memento_url"] == f"{wayback}/web/{sw.SEED_SYND_TS}id_/{sw.SEED_SYND_URL}"
    assert content["capture_time"] == "2022-11-11T20:32:00Z"
    assert content["cdx_digest"] == sw.sha1_digest(body)
    assert content["sha256"] == hashlib.sha256(body).hexdigest()  # the bytes as archived
    assert content["parsed"] == "syndication"
    cdx = [r for r in requests(resolution) if r.get("step") == "cdx"]
    assert cdx and all(r["archive"] == "wayback" and "query" in r for r in cdx)

    # The article keeps its text, minus the embed; the record says which tool did it.
    assert "Saint Javelin (@saintjavelin)" not in record["content"]
    assert "he told AFP.\n\nKyiv’s defence ministry" in record["content"]
    assert record["embedresolve"]["version"] and record["embedresolve"]["processed_at"]


def test_seed_embed_carries_the_resolved_id_and_url(
    archive: FaultServer, live: PlatformApp, tmp_path: Path
) -> None:
    """Once resolved, the embed's own ``post_id`` and ``url`` are filled (they are null only until known)."""
    (record,) = run_clean(sw.SEED_FILE, tmp_path / "out.jsonl", archive.base_url, live, "--no-live")
    (embed,) = record["embeds"]
    assert embed["resolution"]["status"] == "resolved"
    assert embed["post_id"] == sw.SEED_ID
    assert embed["url"] == f"https://twitter.com/{sw.SEED_HANDLE}/status/{sw.SEED_ID}"


# -- 2. short code, live only ------------------------------------------------------------------


def test_short_code_live_only(archive: FaultServer, live: PlatformApp, tmp_path: Path) -> None:
    """Live t.co names the post and live syndication has it: resolved without asking the archive."""
    embed = clean_one(tmp_path, archive, live, LIVE_ONLY_EMBED)
    resolution = embed["resolution"]
    assert resolution["status"] == "resolved", resolution
    assert resolution["match"]["method"] == "short_code"
    assert resolution["post"]["post_id"] == PHOTO_ID
    assert resolution["post"]["source"] == "syndication"
    assert steps(resolution) == [
        ("short_code", "tco", "found"),  # the article link: not a post, the next code is tried
        ("short_code", "tco", "found"),
        ("post", "syndication", "found"),
    ]
    assert resolution["provenance"][0]["verdict"] is None
    assert resolution["provenance"][1]["verdict"] == "own post"
    assert archive.log == []  # the archive holds nothing for it and was never asked
    assert [s.path for s in live.seen] == ["/4G6RAMfrHy", "/rQd6FIwZ0U", "/tweet-result"]


# -- 3. handle + date with same-day decoys -----------------------------------------------------


def test_handle_and_date_picks_the_one_matching_text_among_same_day_decoys(
    archive: FaultServer, live: PlatformApp, tmp_path: Path
) -> None:
    """No short code: three same-day captures of the handle, one with the embed's text → that one, ≥ 0.9."""
    embed = clean_one(tmp_path, archive, live, DESK_EMBED, "--no-live")
    assert embed["links"] == []
    resolution = embed["resolution"]
    assert resolution["status"] == "resolved", resolution
    match = resolution["match"]
    assert match["method"] == "candidate_search"
    assert match["post_id"] == sw.DESK_MATCH_ID
    assert match["confidence"] >= 0.9
    assert match["checks"]["text_similarity"] == 1.0
    assert resolution["post"]["text"] == sw.DESK_TEXT
    assert resolution["post"]["source"] == "wayback.status_page"
    candidates = [s for s in resolution["provenance"] if s["step"] == "candidates"]
    assert len(candidates) == 1
    assert sorted(candidates[0]["kept"]) == sorted([sw.DESK_MATCH_ID, *sw.DESK_DECOYS])
    fetched = [s["input"] for s in resolution["provenance"] if s["step"] == "post"]
    assert sorted(fetched) == sorted([sw.DESK_MATCH_ID, *sw.DESK_DECOYS])  # each candidate read once
    assert not [s for s in resolution["provenance"] if s["step"] == "rank"]


def test_handle_and_date_with_two_identical_texts_stays_unresolved(
    archive: FaultServer, live: PlatformApp, tmp_path: Path
) -> None:
    """Two same-day posts with the same text: a tie is not guessed — unresolved, match null."""
    embed = clean_one(tmp_path, archive, live, TWIN_EMBED, "--no-live")
    resolution = embed["resolution"]
    assert resolution["status"] == "unresolved", resolution
    assert resolution["match"] is None
    assert resolution["post"] is None
    (rank,) = [s for s in resolution["provenance"] if s["step"] == "rank"]
    assert rank["outcome"] == "ambiguous"
    assert rank["scores"] == dict.fromkeys(sw.TWIN_IDS, 1.0)


# -- 4. deleted live, archived -----------------------------------------------------------------


def test_deleted_live_but_archived_resolves_from_the_archive(
    archive: FaultServer, live: PlatformApp, tmp_path: Path
) -> None:
    """Syndication answers a tombstone, oEmbed 404; the archived status page still has the post."""
    embed = clean_one(tmp_path, archive, live, LIVE_GONE_EMBED)
    resolution = embed["resolution"]
    assert resolution["status"] == "resolved", resolution
    assert resolution["match"]["method"] == "short_code"
    post = resolution["post"]
    assert post["post_id"] == TOMBSTONE_ID
    assert post["text"] == sw.LIVE_GONE_TEXT
    assert post["source"] == "wayback.status_page"
    assert steps(resolution) == [
        ("short_code", "tco", "found"),
        ("post", "syndication", "deleted"),
        ("post", "oembed", "not_found"),
        ("post", "wayback", "found"),
    ]
    assert resolution["provenance"][1]["reason"].startswith("tombstone")
    page = next(r for r in resolution["provenance"][3]["requests"] if r.get("parsed") == "status_page")
    assert page["original"] == f"https://twitter.com/{sw.LIVE_GONE_HANDLE}/status/{TOMBSTONE_ID}"
    assert page["capture_time"] == "2022-12-06T12:00:00Z"


# -- 5. never archived -------------------------------------------------------------------------


def test_never_archived(archive: FaultServer, live: PlatformApp, tmp_path: Path) -> None:
    """No capture of the code, none of the handle: not_archived, and no live service asked."""
    embed = clean_one(tmp_path, archive, live, NEVER_EMBED, "--no-live")
    resolution = embed["resolution"]
    assert resolution["status"] == "not_archived", resolution
    assert resolution["match"] is None and resolution["post"] is None
    assert steps(resolution) == [
        ("short_code", "wayback", "not_archived"),
        ("candidates", "wayback", "not_archived"),  # twitter.com
        ("candidates", "wayback", "not_archived"),  # the wider round: mobile.twitter.com, x.com
    ]
    assert all(r["status"] == 200 for r in requests(resolution))  # empty CDX answers, not errors
    assert live.seen == []


# -- 6. the archive blocks the URL -------------------------------------------------------------


def test_archive_blocks_the_status_url(archive: FaultServer, live: PlatformApp, tmp_path: Path) -> None:
    """The code's capture names the post, but the archive excludes the account: blocked, not resolved."""
    embed = clean_one(tmp_path, archive, live, BLOCKED_EMBED, "--no-live")
    resolution = embed["resolution"]
    assert resolution["status"] not in ("resolved", "not_archived"), resolution
    assert resolution["status"] == "partial"
    assert resolution["match"]["post_id"] == sw.BLOCKED_ID  # the ID is known from the short code
    (post_step,) = [s for s in resolution["provenance"] if s["step"] == "post"]
    assert post_step["outcome"] == "blocked"
    assert "excludes" in post_step["reason"]
    refused = [r for r in post_step["requests"] if r.get("blocked")]
    assert refused and all(r["status"] == 403 and r["blocked"] == "blocked" for r in refused)
    assert not any("you should not see this" in json.dumps(s) for s in resolution["provenance"])


# -- 7. archived 404, archived 429 -------------------------------------------------------------


def test_archived_404_of_the_status_page_means_deleted(
    archive: FaultServer, live: PlatformApp, tmp_path: Path
) -> None:
    """The only capture of the status page is a 404: the post is deleted (a fact with its capture time)."""
    embed = clean_one(tmp_path, archive, live, GONE_EMBED, "--no-live")
    resolution = embed["resolution"]
    assert resolution["status"] == "deleted", resolution
    assert resolution["match"]["post_id"] == sw.GONE_ID
    assert resolution["post"]["source"] == "identification"
    (post_step,) = [s for s in resolution["provenance"] if s["step"] == "post"]
    assert post_step["outcome"] == "deleted"
    assert post_step["reason"] == "archived 404 of the status page"
    (fact,) = [r["deleted"] for r in post_step["requests"] if "deleted" in r]
    assert fact["statuscode"] == 404
    assert fact["capture_time"] == "2023-03-01T00:00:00Z"
    assert fact["original"] == f"https://twitter.com/{sw.GONE_HANDLE}/status/{sw.GONE_ID}"
    assert all(r["attempts"] == 1 for r in requests(resolution) if "attempts" in r)


def test_archived_429_is_an_archived_answer_not_a_live_rate_limit(
    archive: FaultServer, live: PlatformApp
) -> None:
    """An archived 429 (Memento-Datetime) is read once as content: no pause, no retry; the chain goes on."""
    sleeps: list[float] = []
    with open_resolver(archive_settings(archive, live), sleep=sleeps.append) as resolver:
        resolution = resolver.resolve(embed_of(BUSY_EMBED)).to_dict()
    assert resolution["status"] == "resolved", resolution
    assert resolution["post"]["source"] == "wayback.syndication"
    assert resolution["post"]["text"] == sw.BUSY_TEXT
    assert sleeps == []  # no pause, no backoff
    archived_429s = [r for r in requests(resolution) if r.get("status") == 429]
    assert archived_429s and all(r["is_memento"] and r["attempts"] == 1 for r in archived_429s)
    (archived_429,) = [r for r in archived_429s if r["memento_datetime"] == "2019-11-12T00:00:00Z"]
    assert archived_429["is_memento"] is True
    assert archived_429["memento_datetime"] == "2019-11-12T00:00:00Z"
    assert archived_429["cdx_statuscode"] is None  # a revisit: the index does not say 429
    assert archived_429["attempts"] == 1
    assert archived_429["note"].startswith("archived 429")
    replay_path = f"/web/{sw.BUSY_REVISIT_TS}id_/https://twitter.com/{sw.BUSY_HANDLE}/status/{sw.BUSY_ID}"
    assert archive.outcomes(replay_path) == ["forwarded 429"]  # asked once, not retried


# -- 8. a live 429 pauses the host -------------------------------------------------------------


def assembled(settings: ResolverSettings, fetcher: Fetcher) -> Resolver:
    """The resolver ``open_resolver`` builds, over a fetcher with fake time (it takes no clock)."""
    made = (SOURCES[name](fetcher, settings) for name in settings.sources)
    sources = [s for s in made if s is not None]
    return Resolver(
        SourceSet(
            short_codes=[s for s in sources if isinstance(s, ShortCodeSource)],
            candidates=[s for s in sources if isinstance(s, CandidateSource)],
            posts=[s for s in sources if isinstance(s, PostSource)],
        )
    )


@pytest.mark.parametrize(
    ("retry_after", "pause"), [(None, 60.0), ("30", 60.0), ("120", 120.0)], ids=["none", "short", "long"]
)
def test_live_429_pauses_the_archive_host_then_succeeds(
    archive: FaultServer,
    live: PlatformApp,
    clock: FakeClock,
    ssl_context: ssl.SSLContext,
    retry_after: str | None,
    pause: float,
) -> None:
    """A live 429 (no Memento-Datetime) pauses the host for max(Retry-After, 60 s) once; then it resolves."""
    headers = {"Retry-After": retry_after} if retry_after else {}
    archive.fail(r"^/cdx/", "status", status=429, headers=headers, body=b"<h1>429 Too Many Requests</h1>")
    settings = archive_settings(archive, live, max_retry_seconds=300.0, backoff_jitter_s=0.0)
    fetcher = Fetcher.create(
        settings.config,
        transport=httpx.HTTPTransport(verify=ssl_context),
        clock=clock,
        sleep=clock.sleep,
        rng=random.Random(0),
    )
    with fetcher:
        resolution = assembled(settings, fetcher).resolve(embed_of(SEED_EMBED)).to_dict()
        host = urlsplit(archive.base_url).netloc
        assert fetcher.limiter.rate_factor(host) == 0.5  # and it stays slower
    assert resolution["status"] == "resolved", resolution
    assert resolution["post"]["post_id"] == sw.SEED_ID
    assert clock.sleeps == [pause]  # one pause, no backoff on top, nothing else waited
    first = resolution["provenance"][0]["requests"][0]
    assert first["attempts"] == 2 and first["status"] == 200
    outcomes = archive.outcomes()
    assert outcomes.count("status 429") == 1
    assert outcomes[:2] == ["status 429", "forwarded 200"]  # the same CDX request, once more after the pause
    assert len(outcomes) == len(requests(resolution)) + 1  # no retry storm: one extra request in all


def test_live_429_with_default_settings_is_retried_after_the_pause(
    archive: FaultServer, live: PlatformApp
) -> None:
    """With the CLI's defaults a live 429 pauses the host and the same request then succeeds (not: fails)."""
    archive.fail(r"^/cdx/", "status", status=429, body=b"<h1>429 Too Many Requests</h1>")
    settings = ResolverSettings(
        config=ResolveConfig(
            endpoints=Endpoints(
                wayback=archive.base_url, syndication=live.base_url, oembed=live.base_url, tco=live.base_url
            ),
            rate_limits=RateLimits.unlimited(),  # HttpConfig as the CLI builds it by default
        ),
        sources=("wayback",),
    )
    sleeps: list[float] = []
    with open_resolver(settings, sleep=sleeps.append) as resolver:
        resolution = resolver.resolve(embed_of(SEED_EMBED)).to_dict()
    assert sleeps and sleeps[0] >= 59.0  # the pause was asked for …
    first = resolution["provenance"][0]["requests"][0]
    assert first.get("attempts") == 2 and first.get("status") == 200  # … and the request then made again
    assert resolution["status"] == "resolved"


# -- 9. warm cache, resume ---------------------------------------------------------------------


def seen_requests(archive: FaultServer, live: PlatformApp) -> list[str]:
    """Every request that reached the archive or the live services, sorted (workers reorder them)."""
    return sorted(
        [f"archive {path}" for path, _ in archive.log] + [f"live {s.path}?{s.query}" for s in live.seen]
    )


CORPUS = [SEED_EMBED, DESK_EMBED, NEVER_EMBED, GONE_EMBED, LIVE_GONE_EMBED]


def test_warm_cache_makes_zero_requests(archive: FaultServer, live: PlatformApp, tmp_path: Path) -> None:
    """A second run with the same --cache asks neither the archive nor the live services anything."""
    source = write_jsonl(tmp_path / "in.jsonl", CORPUS)
    cache = tmp_path / "cache.sqlite3"
    cold = run_clean(source, tmp_path / "cold.jsonl", archive.base_url, live, "--cache", str(cache))
    asked = seen_requests(archive, live)
    assert len(asked) > len(CORPUS)
    assert any(a.startswith("archive") for a in asked) and any(a.startswith("live") for a in asked)
    warm = run_clean(source, tmp_path / "warm.jsonl", archive.base_url, live, "--cache", str(cache))
    assert seen_requests(archive, live) == asked  # zero new requests
    statuses = [e["resolution"]["status"] for r in cold for e in r["embeds"]]
    assert statuses == ["resolved", "resolved", "not_archived", "deleted", "resolved"]
    for before, after in zip(cold, warm, strict=True):
        (old,), (new,) = before["embeds"], after["embeds"]
        assert new["resolution"]["from_cache"] is True
        assert new["resolution"]["status"] == old["resolution"]["status"]
        assert new["resolution"]["post"] == old["resolution"]["post"]
        assert new["resolution"]["provenance"] == old["resolution"]["provenance"]


def test_resume_after_interrupt_asks_only_for_the_remaining_records(
    archive: FaultServer, live: PlatformApp, tmp_path: Path
) -> None:
    """First K records done (run cut), then the whole file: only the other records' embeds cause requests."""
    k = 2
    whole = write_jsonl(tmp_path / "all.jsonl", CORPUS)
    lines = whole.read_text(encoding="utf-8").splitlines(keepends=True)
    head, tail = tmp_path / "head.jsonl", tmp_path / "tail.jsonl"
    head.write_text("".join(lines[:k]), encoding="utf-8")
    tail.write_text("".join(lines[k:]), encoding="utf-8")
    wayback = archive.base_url

    # What the remaining records cost on their own, from a cold cache.
    run_clean(tail, tmp_path / "tail.out.jsonl", wayback, live, "--cache", str(tmp_path / "baseline.db"))
    tail_cost = seen_requests(archive, live)
    archive.clear()
    live.reset()

    cache = str(tmp_path / "cache.db")
    run_clean(head, tmp_path / "head.out.jsonl", wayback, live, "--cache", cache)  # cut after K records
    archive.clear()
    live.reset()
    records = run_clean(whole, tmp_path / "all.out.jsonl", wayback, live, "--cache", cache)
    assert seen_requests(archive, live) == tail_cost
    assert [r["id"] for r in records] == [f"r{i}" for i in range(len(CORPUS))]
    assert [bool(r["embeds"][0]["resolution"].get("from_cache")) for r in records] == [True] * k + [False] * (
        len(CORPUS) - k
    )


# -- 10. a short code that names another account's post ----------------------------------------


def test_quoted_tweet_link_is_not_taken_and_handle_date_decides(
    archive: FaultServer, live: PlatformApp, tmp_path: Path
) -> None:
    """The t.co link names another account's (quoted) post: not taken; handle + date finds it, says why."""
    embed = clean_one(tmp_path, archive, live, QUOTE_EMBED, "--no-live")
    resolution = embed["resolution"]
    assert resolution["status"] == "resolved", resolution
    assert resolution["match"]["method"] == "candidate_search"
    assert resolution["match"]["post_id"] == sw.QUOTE_ID
    assert resolution["match"]["confidence"] >= 0.9
    short = resolution["provenance"][0]
    assert (short["step"], short["outcome"]) == ("short_code", "found")
    assert short["target"] == f"https://twitter.com/{sw.QUOTED_HANDLE}/status/{sw.QUOTED_ID}"
    assert short["verdict"] == "target is another account's post"
    assert resolution["provenance"][1]["step"] == "candidates"
    assert sw.QUOTED_ID not in [s.get("input") for s in resolution["provenance"] if s["step"] == "post"]


def test_borrowed_media_pic_link_is_not_taken_and_handle_date_decides(
    archive: FaultServer, live: PlatformApp, tmp_path: Path
) -> None:
    """The pic link leads to another account's photo (borrowed media): fall back to handle + date, say why."""
    embed = clean_one(tmp_path, archive, live, BORROW_EMBED, "--no-live")
    resolution = embed["resolution"]
    short = resolution["provenance"][0]
    assert short["target"] == f"https://twitter.com/{sw.AGENCY_HANDLE}/status/{sw.AGENCY_ID}/photo/1"
    assert short["verdict"] == "target is another account's post"
    assert resolution["status"] == "resolved", resolution
    assert resolution["match"]["method"] == "candidate_search"
    assert resolution["match"]["post_id"] == sw.BORROW_ID


# -- beyond the list: archived syndication as react-tweet requests it ---------------------------


def test_archived_syndication_with_features_parameter_is_found(
    archive: FaultServer, live: PlatformApp, tmp_path: Path
) -> None:
    """A syndication capture whose URL has ``features=`` (sorted before ``id=`` in the key) gives the post."""
    embed = clean_one(tmp_path, archive, live, FEAT_EMBED, "--no-live")
    resolution = embed["resolution"]
    assert resolution["match"]["post_id"] == sw.FEAT_ID
    assert resolution["status"] == "resolved", resolution
    assert resolution["post"]["source"] == "wayback.syndication"


# -- the user's own WARC files, offline --------------------------------------------------------


def test_seed_resolves_offline_from_the_users_warc_files(
    archive: FaultServer, live: PlatformApp, tmp_path: Path
) -> None:
    """`clean --offline --archive DIR`: the same WARCs as local files, and no connection anywhere."""
    warcs = sw.build(tmp_path / "warcs")
    before = len(archive.outcomes())
    (record,) = run_clean(
        sw.SEED_FILE, tmp_path / "out.jsonl", archive.base_url, live, "--offline", "--archive", str(warcs)
    )
    (embed,) = record["embeds"]
    resolution = embed["resolution"]
    assert resolution["status"] == "resolved", resolution
    assert resolution["match"]["method"] == "short_code"
    assert embed["post_id"] == sw.SEED_ID
    assert {step["source"] for step in resolution["provenance"] if step["outcome"] == "found"} == {"warc"}
    assert len(archive.outcomes()) == before and live.seen == []  # nothing reached any server


@pytest.mark.parametrize("chunk", [256, 1])
def test_planner_asks_one_cdx_query_for_embeds_of_one_handle_and_window(
    archive: FaultServer, live: PlatformApp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Three records, four embeds of @kyivdesk around one day: one candidate query, output in order
    (planned in one chunk, or one record per chunk, the next planned while one resolves)."""
    monkeypatch.setattr(pipeline, "PREFETCH_RECORDS", chunk)
    decoy_id, decoy_text = next(iter(sw.DESK_DECOYS.items()))
    texts = [
        DESK_EMBED,
        signed(decoy_text, sw.DESK_NAME, sw.DESK_HANDLE, "November 12, 2022"),
        DESK_EMBED + "\n\nMore.\n\n" + signed(decoy_text, sw.DESK_NAME, sw.DESK_HANDLE, "November 11, 2022"),
    ]
    source = write_jsonl(tmp_path / "in.jsonl", texts)
    records = run_clean(source, tmp_path / "out.jsonl", archive.base_url, live, "--no-live")
    assert [r["id"] for r in records] == ["r0", "r1", "r2"]
    found = [(e["resolution"]["status"], e.get("post_id")) for r in records for e in r["embeds"]]
    assert found[0] == ("resolved", sw.DESK_MATCH_ID) and found[1] == ("resolved", decoy_id)
    queries = [path for path, _ in archive.log if path.startswith("/cdx") and "kyivdesk" in path]
    assert len(queries) == 1, queries
