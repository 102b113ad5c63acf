"""The WARCs behind ``test_scenarios.py``: one small archive per end-to-end scenario.

Built with warcio (through :func:`tests.archive.fixtures.write_warc`) and
served by a pywb instance of the scenario tests' own, so the shared archive of
``fixtures.catalogue()`` stays as it is. Every status ID here is SYNTHETIC: a
snowflake computed from an invented creation time, ``((ms - 1288834974657) << 22)``;
none of them is a real tweet's ID (we do not know the seed tweet's real one).

==============================================  ==============  ===========================================
URL                                             captured        scenario
==============================================  ==============  ===========================================
t.co/WWZTjTA7La                                 20221111203100  seed: 301 → saintjavelin/<SEED_ID>/photo/1
syndication tweet-result?id=<SEED_ID>&…         20221111203200  seed: the tweet (text, author, created_at)
twitter.com/kyivdesk/status/<3 IDs, same day>   20221112…       handle + date: one match, two decoys
twitter.com/twindesk/status/<2 IDs, same day>   20221112…       handle + date: two posts, the same text
twitter.com/livegone/status/1600000000000000000 20221206…       deleted live (tombstone), archived page
pic.twitter.com/BlockPic01                      20221111…       301 → blockeddesk/<BLOCKED_ID>/photo/1
twitter.com/blockeddesk/status/<BLOCKED_ID>     20221112…       200, but the archive excludes the account
t.co/Gone404a01                                 20221111…       301 → gonedesk/<GONE_ID>/photo/1
twitter.com/gonedesk/status/<GONE_ID>           20230301…       404 only (archived deletion)
t.co/Busy429a01                                 20191111…       301 → busydesk/<BUSY_ID>/photo/1
twitter.com/busydesk/status/<BUSY_ID>           20191111…       twitter's own 429 page, then a *revisit*
                                                20221112…       of it (CDX status "-": it gets replayed)
syndication tweet-result?id=<BUSY_ID>&…         20191113…       the post, as a syndication capture
t.co/QuoteLnk01                                 20221111…       301 → otherdesk/<OTHER_ID> (quoted tweet)
twitter.com/otherdesk/status/<OTHER_ID>         20221111…       the quoted post (another account)
twitter.com/quotedesk/status/<2 IDs>            20221112…       the embed's own post and a decoy
pic.twitter.com/BorrowPic1                      20221111…       301 → photoagency/<AGENCY_ID>/photo/1
twitter.com/photoagency/status/<AGENCY_ID>      20221111…       the agency's post (borrowed media)
twitter.com/borrowdesk/status/<2 IDs>           20221112…       the embed's own post and a decoy
t.co/FeatSyn001                                 20221111…       301 → featdesk/<FEAT_ID>/photo/1
syndication tweet-result?id=…&features=…        20221111…       react-tweet's URL: ``features=`` sorts
                                                                before ``id=`` in the SURT key
==============================================  ==============  ===========================================

Nothing is captured for ``neverdesk`` / ``NeverArc01`` (never archived).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from datetime import datetime, timezone
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

from embedresolve.resolve.twitter_ids import syndication_token
from embedresolve.testing.warcs import Capture, write_warc
from tests.archive.fixtures import snowflake

HTML = "text/html; charset=utf-8"
JSON = "application/json;charset=utf-8"

# -- the seed case (fixtures/seed/amn-kherson.jsonl) -------------------------------------------

SEED_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "amn-kherson.jsonl"
SEED_HANDLE = "saintjavelin"
SEED_NAME = "Saint Javelin"
SEED_CODE = "WWZTjTA7La"
SEED_CREATED = "2022-11-11T17:25:03Z"
# SYNTHETIC: ((ms of SEED_CREATED) - 1288834974657) << 22 = 1591119827039158272, a made-up time on the
# embed's day. We do not know the real tweet's ID; nothing here claims it.
SEED_ID = snowflake(SEED_CREATED)
SEED_TEXT = (
    "russia: the people of Kherson voted in totally legitimate and legal referendum to join russian "
    "federation\n\nThe People of Kherson: https://t.co/WWZTjTA7La"
)
SEED_TCO_TS = "20221111203100"
SEED_SYND_TS = "20221111203200"
SEED_SYND_URL = (
    f"https://cdn.syndication.twimg.com/tweet-result?id={SEED_ID}&lang=en&token={syndication_token(SEED_ID)}"
)

# -- handle + date: same-day decoys ---------------------------------------------------------------

DESK_HANDLE = "kyivdesk"
DESK_NAME = "Kyiv Desk"
DESK_TEXT = (
    "The bridge over the Dnipro at Kherson was blown up overnight; crossings are closed until further notice."
)
DESK_MATCH_ID = snowflake("2022-11-11T09:15:00Z")  # SYNTHETIC
DESK_DECOYS = {
    snowflake("2022-11-11T12:40:00Z"): "Air raid alert in the whole Kyiv region. Go to the shelters now.",
    snowflake("2022-11-11T16:05:00Z"): "Power is back in most districts of the city, the mayor says.",
}

TWIN_HANDLE = "twindesk"
TWIN_NAME = "Twin Desk"
TWIN_TEXT = "Sirens again in the east of the city, stay in the shelters until the all-clear."
TWIN_IDS = (snowflake("2022-11-11T08:00:00Z"), snowflake("2022-11-11T20:00:00Z"))  # SYNTHETIC

# -- deleted live (tombstone at the platform app), archived page --------------------------------

LIVE_GONE_HANDLE = "livegone"
LIVE_GONE_CODE = "DelLive001"  # the platform app's t.co learns it in the test module
LIVE_GONE_ID = "1600000000000000000"  # platform_app.TOMBSTONE_ID: 2022-12-06T05:31:41Z
LIVE_GONE_TEXT = "Our convoy reached the village this morning; the school is standing, the roof is not."

# -- never archived -------------------------------------------------------------------------------

NEVER_HANDLE = "neverdesk"
NEVER_CODE = "NeverArc01"

# -- blocked by the archive -----------------------------------------------------------------------

BLOCKED_HANDLE = "blockeddesk"
BLOCKED_CODE = "BlockPic01"
BLOCKED_ID = snowflake("2022-11-11T10:30:00Z")  # SYNTHETIC
BLOCK_ARG = f"twitter.com/{BLOCKED_HANDLE}/"

# -- archived 404 ---------------------------------------------------------------------------------

GONE_HANDLE = "gonedesk"
GONE_CODE = "Gone404a01"
GONE_ID = snowflake("2022-11-11T11:45:00Z")  # SYNTHETIC
GONE_404_TS = "20230301000000"

# -- archived 429 (twitter's own rate-limit page, deduplicated as a revisit) ----------------------

BUSY_HANDLE = "busydesk"
BUSY_NAME = "Busy Desk"
BUSY_CODE = "Busy429a01"
# 2019: before the JavaScript app, status pages are asked first, so the archived 429 is met.
BUSY_ID = snowflake("2019-11-11T13:10:00Z")  # SYNTHETIC
BUSY_TEXT = "Trains to Kherson will run again from next week, the railway company says."
BUSY_429_BODY = b"<html><body><h1>Rate limit exceeded</h1></body></html>"
BUSY_SYND_URL = (
    f"https://cdn.syndication.twimg.com/tweet-result?id={BUSY_ID}&lang=en&token={syndication_token(BUSY_ID)}"
)
BUSY_ORIGINAL_TS = "20191111200000"
BUSY_REVISIT_TS = "20191112000000"

# -- a short code that names another account's post -----------------------------------------------

QUOTE_HANDLE = "quotedesk"
QUOTE_NAME = "Quote Desk"
QUOTE_CODE = "QuoteLnk01"
QUOTE_ID = snowflake("2022-11-11T14:00:00Z")  # SYNTHETIC: the embed's own post
QUOTE_TEXT = "Look at what they found in the archive today https://t.co/QuoteLnk01"
QUOTED_HANDLE = "otherdesk"
QUOTED_ID = snowflake("2022-11-11T07:30:00Z")  # SYNTHETIC: the quoted post, another account
QUOTE_DECOY_ID = snowflake("2022-11-11T18:00:00Z")

BORROW_HANDLE = "borrowdesk"
BORROW_NAME = "Borrow Desk"
BORROW_CODE = "BorrowPic1"
BORROW_ID = snowflake("2022-11-11T15:00:00Z")  # SYNTHETIC: the embed's own post
BORROW_TEXT = "First snow of the year in the Carpathians pic.twitter.com/BorrowPic1"
AGENCY_HANDLE = "photoagency"
AGENCY_ID = snowflake("2022-11-11T06:00:00Z")  # SYNTHETIC: whose photo it is
BORROW_DECOY_ID = snowflake("2022-11-11T19:00:00Z")

# -- syndication captured with react-tweet's ``features=`` parameter -------------------------------

FEAT_HANDLE = "featdesk"
FEAT_NAME = "Feat Desk"
FEAT_CODE = "FeatSyn001"
FEAT_ID = snowflake("2022-11-11T16:30:00Z")  # SYNTHETIC
FEAT_TEXT = "Volunteers are handing out bread at the central square until the evening."
FEAT_SYND_URL = (
    f"https://cdn.syndication.twimg.com/tweet-result?id={FEAT_ID}&lang=en"
    f"&features=tfw_timeline_list%3A%3Btfw_follower_count_sunset%3Atrue&token={syndication_token(FEAT_ID)}"
)


def sha1_digest(body: bytes) -> str:
    """The CDX ``digest`` of a payload: base32 SHA-1, as warcio and IA write it."""
    return base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def meta_page(handle: str, name: str, post_id: str, text: str) -> bytes:
    """A 2022-style status page: the tweet only in ``og:`` meta tags (archive guide §3.1)."""
    url = f"https://twitter.com/{handle}/status/{post_id}"
    return (
        '<!DOCTYPE html><html dir="ltr" lang="en"><head><meta charset="utf-8" />'
        f'<link rel="canonical" href="{url}" />'
        f'<meta property="og:url" content="{url}" />'
        f'<meta property="og:title" content="{html.escape(name)} on Twitter" />'
        f'<meta property="og:description" content="“{html.escape(text)}”" />'
        '<meta property="og:site_name" content="Twitter" />'
        f"<title>{html.escape(name)} on Twitter</title></head>"
        "<body><div id='react-root'></div></body></html>"
    ).encode()


def tweet_result(post_id: str, handle: str, name: str, text: str, created_at: str, code: str | None) -> bytes:
    """A ``tweet-result`` payload in react-tweet's ``Tweet`` shape (SYNTHETIC content)."""
    payload: dict[str, object] = {
        "__typename": "Tweet",
        "lang": "en",
        "favorite_count": 0,
        "created_at": created_at.replace("Z", ".000Z"),
        "id_str": post_id,
        "text": text,
        "user": {"id_str": "1", "name": name, "screen_name": handle},
    }
    if code is not None:
        payload["mediaDetails"] = [
            {
                "type": "photo",
                "display_url": f"pic.twitter.com/{code}",
                "expanded_url": f"https://twitter.com/{handle}/status/{post_id}/photo/1",
                "media_url_https": "https://pbs.twimg.com/media/SYNTHETIC.jpg",
                "url": f"https://t.co/{code}",
            }
        ]
    return json.dumps(payload, ensure_ascii=False).encode()


def _redirect(url: str, timestamp: str, target: str) -> Capture:
    return Capture(url, timestamp, "301 Moved Permanently", HTML, b"", [("Location", target)])


def _page(handle: str, name: str, post_id: str, text: str, timestamp: str) -> Capture:
    url = f"https://twitter.com/{handle}/status/{post_id}"
    return Capture(url, timestamp, "200 OK", HTML, meta_page(handle, name, post_id, text))


def catalogue() -> list[Capture]:
    """Every response record of the scenario archive (the revisit is written by :func:`build`)."""
    photo = "https://twitter.com/{}/status/{}/photo/1".format
    caps = [
        _redirect(f"https://t.co/{SEED_CODE}", SEED_TCO_TS, photo(SEED_HANDLE, SEED_ID)),
        Capture(
            SEED_SYND_URL,
            SEED_SYND_TS,
            "200 OK",
            JSON,
            tweet_result(SEED_ID, SEED_HANDLE, SEED_NAME, SEED_TEXT, SEED_CREATED, SEED_CODE),
        ),
        _page(DESK_HANDLE, DESK_NAME, DESK_MATCH_ID, DESK_TEXT, "20221112010000"),
        _page(LIVE_GONE_HANDLE, "Live Gone", LIVE_GONE_ID, LIVE_GONE_TEXT, "20221206120000"),
        _redirect(
            f"https://pic.twitter.com/{BLOCKED_CODE}", "20221111210000", photo(BLOCKED_HANDLE, BLOCKED_ID)
        ),
        _page(BLOCKED_HANDLE, "Blocked Desk", BLOCKED_ID, "you should not see this", "20221112000000"),
        _redirect(f"https://t.co/{GONE_CODE}", "20221111210000", photo(GONE_HANDLE, GONE_ID)),
        Capture(
            f"https://twitter.com/{GONE_HANDLE}/status/{GONE_ID}",
            GONE_404_TS,
            "404 Not Found",
            HTML,
            b"<html><body><h1>Sorry, that page doesn't exist!</h1></body></html>",
        ),
        _redirect(f"https://t.co/{BUSY_CODE}", "20191111210000", photo(BUSY_HANDLE, BUSY_ID)),
        Capture(
            f"https://twitter.com/{BUSY_HANDLE}/status/{BUSY_ID}",
            BUSY_ORIGINAL_TS,
            "429 Too Many Requests",
            HTML,
            BUSY_429_BODY,
            [("x-rate-limit-remaining", "0")],
        ),
        Capture(
            BUSY_SYND_URL,
            "20191113000000",
            "200 OK",
            JSON,
            tweet_result(BUSY_ID, BUSY_HANDLE, BUSY_NAME, BUSY_TEXT, "2019-11-11T13:10:00Z", None),
        ),
        _redirect(
            f"https://t.co/{QUOTE_CODE}",
            "20221111210000",
            f"https://twitter.com/{QUOTED_HANDLE}/status/{QUOTED_ID}",
        ),
        _page(
            QUOTED_HANDLE,
            "Other Desk",
            QUOTED_ID,
            "An archive of letters from 1917 was found in a cellar.",
            "20221111220000",
        ),
        _page(QUOTE_HANDLE, QUOTE_NAME, QUOTE_ID, QUOTE_TEXT, "20221112020000"),
        _page(
            QUOTE_HANDLE,
            QUOTE_NAME,
            QUOTE_DECOY_ID,
            "Tomorrow: a long read about the city's old tram lines.",
            "20221112020000",
        ),
        _redirect(
            f"https://pic.twitter.com/{BORROW_CODE}", "20221111210000", photo(AGENCY_HANDLE, AGENCY_ID)
        ),
        _page(
            AGENCY_HANDLE,
            "Photo Agency",
            AGENCY_ID,
            "Exclusive pictures for our subscribers: https://t.co/BorrowPic1",
            "20221111220000",
        ),
        _page(BORROW_HANDLE, BORROW_NAME, BORROW_ID, BORROW_TEXT, "20221112030000"),
        _page(
            BORROW_HANDLE,
            BORROW_NAME,
            BORROW_DECOY_ID,
            "Road closures for the weekend marathon, see the map.",
            "20221112030000",
        ),
        _redirect(f"https://t.co/{FEAT_CODE}", "20221111210000", photo(FEAT_HANDLE, FEAT_ID)),
        Capture(
            FEAT_SYND_URL,
            "20221111220000",
            "200 OK",
            JSON,
            tweet_result(FEAT_ID, FEAT_HANDLE, FEAT_NAME, FEAT_TEXT, "2022-11-11T16:30:00Z", FEAT_CODE),
        ),
    ]
    caps += [_page(DESK_HANDLE, DESK_NAME, i, text, "20221112010000") for i, text in DESK_DECOYS.items()]
    caps += [_page(TWIN_HANDLE, TWIN_NAME, i, TWIN_TEXT, "20221112010000") for i in TWIN_IDS]
    return caps


def _warc_date(timestamp: str) -> str:
    moment = datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_busy_revisit(path: Path) -> Path:
    """A revisit of twitter's 429 page (identical payload), with its own 429 HTTP headers.

    Crawlers store a repeated body as a revisit; IA's CDX lists it with status
    ``-``, so a resolver cannot tell from the index that it is a 429 and replays it.
    """
    url = f"https://twitter.com/{BUSY_HANDLE}/status/{BUSY_ID}"
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        headers = StatusAndHeaders(
            "429 Too Many Requests",
            [
                ("Content-Type", HTML),
                ("x-rate-limit-remaining", "0"),
                ("Content-Length", str(len(BUSY_429_BODY))),
            ],
            protocol="HTTP/1.1",
        )
        record = writer.create_revisit_record(
            url,
            digest="sha1:" + sha1_digest(BUSY_429_BODY),
            refers_to_uri=url,
            refers_to_date=_warc_date(BUSY_ORIGINAL_TS),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": _warc_date(BUSY_REVISIT_TS)},
        )
        writer.write_record(record)
    return path


def build(directory: Path) -> Path:
    """The scenario WARCs in ``directory``; returns it."""
    directory.mkdir(parents=True, exist_ok=True)
    write_warc(directory / "scenarios.warc.gz", catalogue())
    write_busy_revisit(directory / "scenarios-revisits.warc.gz")
    return directory
