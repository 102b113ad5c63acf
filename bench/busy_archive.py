"""Busy accounts for ``bench/resolve.py``: hundreds of captured statuses per handle.

What makes a handle + date embed hard on a real archive (issue 9), built from
the same synthetic snowflake IDs as the rest of the benchmark:

* every busy account has ≥ 200 captured statuses over a few weeks (several a
  day), so a date window holds 10–25 candidates of the same account;
* ``thread``: same-day statuses of a thread share half their words with the target;
* ``quote``: a same-day status of the account quotes the target (its own comment,
  the target in a quote block / ``quoted_tweet``);
* ``app``: 2020+ posts, whose status pages are the content-less app shell; the text
  is only in a syndication ``tweet-result`` or an ``api.twitter.com/2/tweets`` capture;
* ``host``: the target is captured only under ``mobile.twitter.com`` (legacy) or
  ``x.com`` (app era, content from syndication);
* ``borrowed``: the embed carries ``pic.twitter.com/CODE`` whose t.co capture
  redirects to another account's post (media it borrowed): the handle + date search decides;
* ``tz``: the printed date is the author's local day (UTC−10 … UTC+12), not the UTC one;
* a quarter of the status URLs were first captured as ``http://`` 301s (the
  HTTP→HTTPS redirect, empty body) before the 200 capture;
* ``shared_month``: ten embeds of one account within one month (the planner's case).
"""

from __future__ import annotations

import html
import json
import random
import string
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from embedresolve.resolve.twitter_ids import syndication_token
from embedresolve.testing.warcs import Capture

HTML = "text/html; charset=utf-8"
JSON_TYPE = "application/json;charset=utf-8"
EMPTY_301 = "301 Moved Permanently"
BUSY_VARIANTS = ("thread", "quote", "app", "host", "borrowed", "tz", "plain")
APP_SHELL = (
    b'<!DOCTYPE html><html dir="ltr" lang="en"><head><meta charset="utf-8"><title>Twitter</title></head>'
    b'<body><noscript><p>JavaScript is not available.</p></noscript><div id="react-root"></div></body></html>'
)


@dataclass
class BusyStatus:
    post_id: str
    posted: datetime
    text: str
    host: str = "twitter.com"
    content: str = "page"  # page (legacy text page) | synd | api | none (app shell only)
    quotes: BusyStatus | None = None
    http_first: bool = False  # an http:// 301 capture precedes the 200 one


@dataclass
class BusyAccount:
    handle: str
    name: str
    index: int
    legacy: bool
    statuses: list[BusyStatus]


@dataclass(frozen=True)
class BusyEmbed:
    """One embed of a busy account: the status it shows and how it is printed."""

    account: BusyAccount
    variant: str
    target: BusyStatus
    printed_day: date
    code: str | None = None  # borrowed media: the short code in the embed
    lender: tuple[str, str] | None = None  # (handle, post ID) the code's t.co redirects to


def _moment(start: datetime, span_days: int, rng: random.Random) -> datetime:
    return start + timedelta(seconds=rng.randrange(span_days * 86_400))


def make_accounts(
    count: int,
    rng: random.Random,
    *,
    snowflake: Callable[[datetime, random.Random], str],
    sentence: Callable[[random.Random], str],
    first_index: int,
    statuses: tuple[int, int] = (200, 260),
    span_days: int = 40,
) -> list[BusyAccount]:
    """``count`` accounts, alternately legacy (2015–2019, text pages) and app era (2020–2022)."""
    accounts = []
    for n in range(count):
        legacy = n % 2 == 0
        year = rng.randint(2015, 2019) if legacy else rng.randint(2020, 2022)
        start = datetime(year, rng.randint(1, 10), 1, tzinfo=timezone.utc)
        times = sorted(_moment(start, span_days, rng) for _ in range(rng.randint(*statuses)))
        made = []
        for t in times:
            content = "page" if legacy else rng.choice(("synd", "synd", "api", "none"))
            made.append(BusyStatus(snowflake(t, rng), t, sentence(rng), content=content))
        for status in made:
            status.http_first = rng.random() < 0.25
        handle = f"busy{rng.choice(('desk', 'news', 'wire', 'live'))}{first_index + n}"
        accounts.append(BusyAccount(handle, f"Busy Desk {n}", first_index + n, legacy, made))
    return accounts


def _same_day(account: BusyAccount, target: BusyStatus) -> list[BusyStatus]:
    return [s for s in account.statuses if s is not target and s.posted.date() == target.posted.date()]


def _variant_of(account: BusyAccount, want: str) -> str:
    if not account.legacy and want == "thread":
        return "app"
    return want


def make_busy_embeds(
    accounts: list[BusyAccount],
    per_account: int,
    rng: random.Random,
    *,
    sentence: Callable[[random.Random], str],
    new_code: Callable[[], str],
    snowflake: Callable[[datetime, random.Random], str],
) -> list[BusyEmbed]:
    """``per_account`` embeds of each account, the variants in turn; the archive is adapted to each."""
    embeds: list[BusyEmbed] = []
    taken: set[str] = set()
    turn = 0
    for account in accounts:
        pool = [s for s in account.statuses if s.content != "none" or account.legacy]
        rng.shuffle(pool)
        for target in pool:
            if len([e for e in embeds if e.account is account]) >= per_account:
                break
            if target.post_id in taken or any(s.post_id in taken for s in _same_day(account, target)):
                continue  # one embed per account and day: their decoys must not be another embed's target
            variant = _variant_of(account, BUSY_VARIANTS[turn % len(BUSY_VARIANTS)])
            turn += 1
            taken.add(target.post_id)
            embeds.append(_adapt(account, target, variant, rng, sentence, new_code, snowflake))
    return embeds


def _adapt(
    account: BusyAccount,
    target: BusyStatus,
    variant: str,
    rng: random.Random,
    sentence: Callable[[random.Random], str],
    new_code: Callable[[], str],
    snowflake: Callable[[datetime, random.Random], str],
) -> BusyEmbed:
    day = target.posted.date()
    if not account.legacy and target.content == "none":
        target.content = "synd"
    if variant == "thread":
        words = target.text.rstrip(".!").split()
        for n in range(rng.randint(2, 3)):
            mixed = [w if i % 2 == n % 2 else rng.choice(sentence(rng).split()) for i, w in enumerate(words)]
            when = target.posted + timedelta(minutes=rng.randint(1, 40) * (n + 1))
            if when.date() == day:
                account.statuses.append(BusyStatus(snowflake(when, rng), when, " ".join(mixed) + "."))
    elif variant == "quote":
        when = target.posted + timedelta(minutes=rng.randint(5, 200))
        if when.date() == day:
            comment = " ".join(sentence(rng).split()[:5]) + "."
            content = "page" if account.legacy else "synd"
            account.statuses.append(
                BusyStatus(snowflake(when, rng), when, comment, content=content, quotes=target)
            )
    elif variant == "host":
        target.host = "mobile.twitter.com" if account.legacy else "x.com"
        target.http_first = False
    elif variant == "borrowed":
        lender = (
            f"lender{account.index}x{rng.randrange(1000)}",
            snowflake(target.posted - timedelta(hours=3), rng),
        )
        return BusyEmbed(account, variant, target, day, new_code(), lender)
    elif variant == "tz":
        offset = timedelta(hours=rng.choice((-10, -8, -5, 5, 9, 12)))
        return BusyEmbed(account, variant, target, (target.posted + offset).date())
    return BusyEmbed(account, variant, target, day)


def shared_embeds(account: BusyAccount, count: int, rng: random.Random) -> list[BusyEmbed]:
    """``count`` embeds of ``account`` whose posts fall in one calendar month, one per day."""
    by_month: dict[tuple[int, int], dict[date, BusyStatus]] = {}
    for status in account.statuses:
        day = status.posted.date()
        by_month.setdefault((day.year, day.month), {}).setdefault(day, status)
    days = max(by_month.values(), key=len)
    chosen = rng.sample(sorted(days), min(count, len(days)))
    out = []
    for day in sorted(chosen):
        target = days[day]
        if not account.legacy and target.content == "none":
            target.content = "synd"
        out.append(BusyEmbed(account, "month", target, day))
    return out


# --- captures ---------------------------------------------------------------------


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def legacy_page(account: BusyAccount, status: BusyStatus) -> bytes:
    shown = html.escape(status.text)
    quote = ""
    if status.quotes is not None:
        q = status.quotes
        quote = (
            f'<div class="QuoteTweet"><div class="QuoteTweet-innerContainer" data-item-id="{q.post_id}"'
            f' data-screen-name="{account.handle}"><div class="QuoteTweet-text tweet-text" lang="en">'
            f"{html.escape(q.text)}</div></div></div>"
        )
    name = html.escape(account.name)
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{name} on Twitter: &quot;{shown}&quot;</title></head>"
        '<body class="logged-out"><div id="doc" class="route-permalink"><div class="permalink-inner">'
        f'<div class="tweet permalink-tweet js-original-tweet" data-tweet-id="{status.post_id}" '
        f'data-item-id="{status.post_id}" data-screen-name="{account.handle}" data-name="{name}">'
        f'<p class="js-tweet-text tweet-text" lang="en">{shown}</p>{quote}'
        f'<span class="_timestamp js-short-timestamp" data-time="{int(status.posted.timestamp())}">'
        f"{status.posted:%d %b %Y}</span></div></div></div></body></html>"
    ).encode()


def mobile_page(account: BusyAccount, status: BusyStatus) -> bytes:
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Twitter</title></head><body>'
        f'<div class="main-tweet"><div class="username">@{account.handle}</div>'
        f'<div class="tweet-text" data-id="{status.post_id}"><div class="dir-ltr">'
        f"{html.escape(status.text)}</div></div></div></body></html>"
    ).encode()


def syndication_payload(account: BusyAccount, status: BusyStatus) -> bytes:
    payload: dict[str, object] = {
        "__typename": "Tweet",
        "lang": "en",
        "id_str": status.post_id,
        "created_at": status.posted.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "text": status.text,
        "user": {"id_str": str(50_000 + account.index), "name": account.name, "screen_name": account.handle},
    }
    if status.quotes is not None:
        q = status.quotes
        payload["quoted_tweet"] = {
            "id_str": q.post_id,
            "text": q.text,
            "user": {"name": account.name, "screen_name": account.handle},
        }
    return json.dumps(payload).encode()


def api_v2_payload(account: BusyAccount, status: BusyStatus) -> bytes:
    author = str(50_000 + account.index)
    tweet: dict[str, object] = {
        "id": status.post_id,
        "text": html.escape(status.text, quote=False),
        "author_id": author,
        "created_at": status.posted.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
    }
    if status.quotes is not None:
        tweet["referenced_tweets"] = [{"type": "quoted", "id": status.quotes.post_id}]
    users = [{"id": author, "name": account.name, "username": account.handle}]
    return json.dumps({"data": tweet, "includes": {"users": users}}).encode()


def account_captures(account: BusyAccount, rng: random.Random) -> list[Capture]:
    caps: list[Capture] = []
    for status in account.statuses:
        first = status.posted + timedelta(hours=rng.uniform(0.2, 30))
        url = f"https://{status.host}/{account.handle}/status/{status.post_id}"
        if status.http_first:
            caps.append(
                Capture(
                    "http" + url[5:],
                    stamp(first - timedelta(minutes=3)),
                    EMPTY_301,
                    HTML,
                    b"",
                    [("Location", url)],
                )
            )
        if account.legacy:
            body = (
                mobile_page(account, status)
                if status.host.startswith("mobile.")
                else legacy_page(account, status)
            )
        else:
            body = APP_SHELL
        caps.append(Capture(url, stamp(first), body=body))
        later = first + timedelta(hours=rng.uniform(1, 48))
        if status.content == "synd":
            query = f"id={status.post_id}&lang=en&token={syndication_token(status.post_id)}"
            caps.append(
                Capture(
                    f"https://cdn.syndication.twimg.com/tweet-result?{query}",
                    stamp(later),
                    content_type=JSON_TYPE,
                    body=syndication_payload(account, status),
                )
            )
        elif status.content == "api":
            caps.append(
                Capture(
                    f"https://api.twitter.com/2/tweets/{status.post_id}",
                    stamp(later),
                    content_type=JSON_TYPE,
                    body=api_v2_payload(account, status),
                )
            )
    return caps


def borrowed_captures(embed: BusyEmbed, rng: random.Random) -> list[Capture]:
    if embed.code is None or embed.lender is None:
        return []
    handle, post_id = embed.lender
    target = f"https://twitter.com/{handle}/status/{post_id}/photo/1"
    when = stamp(embed.target.posted + timedelta(hours=rng.uniform(1, 20)))
    return [Capture(f"https://t.co/{embed.code}", when, EMPTY_301, HTML, b"", [("Location", target)])]


def random_code(rng: random.Random, codes: set[str]) -> str:
    while True:
        code = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(10))
        if code not in codes:
            codes.add(code)
            return code
