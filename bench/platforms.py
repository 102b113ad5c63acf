"""Per-platform results of an archive-only run: resolved / wrong / not archived, and the warm re-run.

    python bench/platforms.py [--workdir DIR]

What is built, run and measured (issue 10, "done when"):

1. The platform test archive (``tests/platforms/archive.py``: recorded YouTube, TikTok,
   Vimeo and Reddit oEmbed answers, an Instagram post page, a Bluesky getPostThread and a
   Mastodon status answer, YouTube watch pages, a consent page, a "Video unavailable" page,
   a login-wall redirect, Facebook's logged-out wall, Telegram and Threads pages, and
   captures whose content is another post of the same account), written with warcio and
   served by pywb
   (``embedresolve.testing.wayback_server``, the test suite's launcher).
2. One record per embed, its HTML carrying the platform's own embed markup (YouTube,
   Vimeo and Mastodon iframes, Instagram/TikTok/Reddit/Bluesky/Threads blockquotes, the
   Telegram widget script, Facebook's ``fb-post``), cleaned with ``clean_record`` and
   a resolver of ``sources=("wayback",)`` (archive only, no live endpoint), with a fresh
   SQLite cache; then again on the warm cache.
3. Each embed's resolution is checked against what the archive holds for it: ``resolved``
   with the expected post ID and author (and title or text) is *right*; ``resolved`` with
   anything else, or ``resolved`` where the archive holds no content (login wall, consent
   page, "Video unavailable", another post's capture, never archived), is *wrong*; not
   resolved where there is no content is *not archived* (as it should be: the status is
   then ``not_archived``, ``deleted`` or ``protected``); not resolved where there is content
   is *missed*.

Printed: the per-platform table, the status of every embed, and the requests of the warm
re-run (0 expected). Nothing is asserted; exit status 1 only when pywb cannot start.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.platforms import archive as a  # noqa: E402

from embedresolve.pipeline import clean_record  # noqa: E402
from embedresolve.resolve.config import Endpoints, HttpConfig, RateLimits, ResolveConfig  # noqa: E402
from embedresolve.resolve.factory import ResolverSettings, open_resolver  # noqa: E402
from embedresolve.summary import Summary  # noqa: E402
from embedresolve.testing.wayback_server import PywbUnavailable, pywb_python, start_server  # noqa: E402


@dataclass(frozen=True)
class Case:
    platform: str
    html: str  # the embed markup as a news page carries it
    post_id: str
    author: str | None  # expected author name when the archive holds the post; None: no content


def _youtube(video: str) -> str:
    src = f"https://www.youtube.com/embed/{video}"
    return f'<iframe width="560" height="315" src="{src}" title="YouTube video player"></iframe>'


def _instagram(code: str) -> str:
    url = f"https://www.instagram.com/p/{code}/"
    return (
        f'<blockquote class="instagram-media" data-instgrm-permalink="{url}?utm_source=ig_embed">'
        f'<a href="{url}">View this post on Instagram</a></blockquote>'
    )


def _tiktok(video: str) -> str:
    url = a.tiktok_url(video)
    return f'<blockquote class="tiktok-embed" cite="{url}" data-video-id="{video}"></blockquote>'


CASES = (
    Case("youtube", _youtube(a.YT_OEMBED_ONLY), a.YT_OEMBED_ONLY, "smshdchrb"),
    Case("youtube", _youtube(a.YT_PAGE_ONLY), a.YT_PAGE_ONLY, "smshdchrb"),
    Case("youtube", _youtube(a.YT_CONSENT), a.YT_CONSENT, None),
    Case("youtube", _youtube(a.YT_DELETED), a.YT_DELETED, None),
    Case("youtube", _youtube(a.YT_OTHER), a.YT_OTHER, None),
    Case("youtube", _youtube(a.YT_NEVER), a.YT_NEVER, None),
    Case("instagram", _instagram(a.IG_POST), a.IG_POST, "Alberto Garzón"),
    Case("instagram", _instagram(a.IG_LOGIN), a.IG_LOGIN, None),
    Case("instagram", _instagram(a.IG_NEVER), a.IG_NEVER, None),
    Case("tiktok", _tiktok(a.TT_POST), a.TT_POST, "Antena 3 Noticias"),
    Case("tiktok", _tiktok(a.TT_OTHER), a.TT_OTHER, None),
    Case(
        "vimeo",
        f'<iframe src="https://player.vimeo.com/video/{a.VIMEO_POST}" width="640" height="360"></iframe>',
        a.VIMEO_POST,
        "Vimeo",
    ),
    Case(
        "reddit",
        # Reddit's own embed code (the recorded oEmbed answer's html)
        f'<blockquote class="reddit-card"><a href="{a.REDDIT_URL}'
        'buffett_on_cyrptocurrencies_i_can_say_almost_with/?ref_source=embed&amp;ref=share">'
        "Buffett on cyrptocurrencies: 'I can say almost with certainty that they"
        ' will come to a bad ending\'</a> from <a href="https://www.reddit.com/r/investing/">investing</a>'
        "</blockquote>",
        a.REDDIT_POST,
        "dennisrieves",
    ),
    Case(
        "telegram",
        '<script async src="https://telegram.org/js/telegram-widget.js?22"'
        f' data-telegram-post="{a.TG_POST}" data-width="100%"></script>',
        a.TG_POST,
        "Example Channel",
    ),
    Case(
        "bluesky",
        '<blockquote class="bluesky-embed" data-bluesky-uri='
        f'"at://{a.BSKY_DID}/app.bsky.feed.post/{a.BSKY_RKEY}">'
        # Bluesky's own embed code: the full text, then "— Name (@handle) date"
        '<p lang="en">If Bluesky is invite only, does this mean that people were sitting on their invites'
        " until today or that Bluesky sent more invites to its waiting list or that people are suddenly"
        " giving away more invites? Hard to see how there's a correlation when signup isn't open.</p>"
        "&mdash; Chad"
        f' (<a href="https://bsky.app/profile/{a.BSKY_DID}?ref_src=embed">@chadmichael.bsky.social</a>)'
        f' <a href="https://bsky.app/profile/{a.BSKY_DID}/post/{a.BSKY_RKEY}?ref_src=embed">'
        "September 19, 2023 at 9:14 PM</a></blockquote>",
        a.BSKY_RKEY,
        "Chad",
    ),
    Case(
        "mastodon",
        f'<iframe src="{a.MASTODON_URL}/embed" class="mastodon-embed" width="400"></iframe>',
        "103270115826048975",
        "Eugen",
    ),
    Case(
        "threads",
        f'<blockquote class="text-post-media" data-text-post-permalink="{a.THREADS_URL}">'
        f'<a href="{a.THREADS_URL}">Post by @zuck</a></blockquote>',
        "CuZ12345",
        "Mark Zuckerberg",
    ),
    Case(
        "facebook",
        f'<div class="fb-post" data-href="{a.FACEBOOK_URL}" data-width="500"></div>',
        "10158912345678901",
        None,
    ),
)


def _settings(wayback: str, cache: Path) -> ResolverSettings:
    return ResolverSettings(
        config=ResolveConfig(
            http=HttpConfig(connect_timeout_s=2.0, read_timeout_s=5.0, deadline_s=10.0),
            rate_limits=RateLimits.unlimited(),
            endpoints=Endpoints(wayback=wayback),
        ),
        sources=("wayback",),
        cache_path=cache,
    )


def _run(wayback: str, cache: Path) -> tuple[list[dict[str, object]], Summary]:
    summary = Summary()
    embeds: list[dict[str, object]] = []
    with open_resolver(_settings(wayback, cache)) as resolver:
        for number, case in enumerate(CASES):
            html = f"<p>Before the embed.</p>{case.html}<p>After the embed.</p>"
            record = clean_record({"id": str(number), "html": html}, resolver=resolver)
            summary.add(record)
            found = [e for e in record["embeds"] if e["platform"] == case.platform]
            embeds.append(found[0] if found else {"platform": case.platform, "resolution": None})
    return embeds, summary


def _verdict(case: Case, embed: dict[str, object]) -> str:
    resolution = embed.get("resolution") or {}
    assert isinstance(resolution, dict)
    post = resolution.get("post") or {}
    resolved = resolution.get("status") == "resolved"
    if case.author is None:
        return "wrong" if resolved else "not_archived"
    if not resolved:
        return "missed"
    right = post.get("post_id") == case.post_id and (post.get("author") or {}).get("name") == case.author
    return "resolved" if right else "wrong"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-platforms-"))
    warcs = a.build_archive(workdir / "warcs")
    try:
        server = start_server(pywb_python(), warcs)
    except PywbUnavailable as error:
        print(f"pywb unavailable: {error}", file=sys.stderr)
        return 1
    try:
        cache = workdir / "cache.sqlite"
        cache.unlink(missing_ok=True)
        cold, cold_summary = _run(server.base_url, cache)
        _, warm_summary = _run(server.base_url, cache)
    finally:
        server.stop()
    table: dict[str, Counter[str]] = {}
    print("embed                                       status        verdict")
    for case, embed in zip(CASES, cold, strict=True):
        verdict = _verdict(case, embed)
        table.setdefault(case.platform, Counter())[verdict] += 1
        resolution = embed.get("resolution") or {}
        status = resolution.get("status") if isinstance(resolution, dict) else None
        print(f"{case.platform:10} {case.post_id:32} {status or '-':13} {verdict}")
    print()
    print(f"{'platform':10} {'embeds':>6} {'resolved':>8} {'wrong':>5} {'not archived':>12} {'missed':>6}")
    for platform, counts in table.items():
        total = sum(counts.values())
        print(
            f"{platform:10} {total:6} {counts['resolved']:8} {counts['wrong']:5}"
            f" {counts['not_archived']:12} {counts['missed']:6}"
        )
    print()
    print(
        f"cold run: {cold_summary.requests} archive requests; warm re-run: {warm_summary.requests} requests"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
