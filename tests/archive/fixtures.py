"""The test archive: which captures exist, and a warcio builder that writes them.

One catalogue serves every archive test: pywb serves the WARCs this module
writes (through ``ia_compat_server.py``), the Memento tests read pywb's
TimeMaps of them, and ``WarcSource`` reads the very same files with no server.
Constants name the facts tests assert on.

Captures (WARC-Date = capture time; ``*`` marks a gzip-encoded body, stored as
a crawler records it):

=====================================================  ===============  ======================================
URL                                                    captured         what
=====================================================  ===============  ======================================
https://t.co/WWZTjTA7La                                20221111203100   301 → saintjavelin …617/photo/1 (absolute)
https://t.co/wwztjta7la                                20221201000000   301 → another status (case matters)
https://pic.twitter.com/rQd6FIwZ0U                     20230401000100   301 → SamuelSusla …601/photo/1 (server
                                                                        rewrites it site-relative)
https://t.co/MetaRef001                                20140301000000   200 HTML meta refresh → pepephone status
https://t.co/ExtLink001                                20200101000000   301 → https://example.com/ (not a post)
twitter.com/saintjavelin/status/1591140208016367617    20221111203045   200, 2022 meta-tag page
  same                                                 20240305000000   404 (deleted later)
  …/photo/1                                            20221111203102   200, same page
twitter.com/saintjavelin/status/<in-window IDs>        2022-11-10..13   200 stubs, x.com/mobile variants
twitter.com/saintjavelin/status/1591140208016367618    20221112000000   404 only → deleted
twitter.com/BarackObama/status/266031293945503744      20141015000000   200, 2014 permalink page
publish.twitter.com/oembed?url=…pepephone…664          20210404152050   oEmbed JSON (recorded payload)
cdn.syndication.twimg.com/tweet-result?id=…601&…       20230401000000   * syndication JSON (recorded payload)
cdn.syndication.twimg.com/tweet-result?id=<TOMB>&…     20230701000000   TweetTombstone
api.twitter.com/1.1/statuses/show.json?id=…672&…       20120607000000   v1.1 JSON
api.twitter.com/2/tweets/1460323737035677698?…         20211116000000   v2 JSON
twitter.com/busyuser/status/<BUSY>                     20221112000000   archived 429 (twitter's own, 2022)
twitter.com/blockedacct/status/<BLOCKED>               20221112000000   200, but the server excludes the account
twitter.com/jack/status/20                             20080101000000   pre-snowflake ID
=====================================================  ===============  ======================================
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from embedresolve.testing.warcs import Capture, write_warc

DATA = Path(__file__).parent / "data"
PAGES = DATA / "pages"
RECORDED = DATA / "recorded"

TWEPOCH_MS = 1288834974657


def snowflake(when: str, sequence: int = 0) -> str:
    """A tweet ID created at ``when`` (ISO, UTC)."""
    moment = datetime.fromisoformat(when.replace("Z", "+00:00"))
    ms = int(moment.timestamp() * 1000)
    return str(((ms - TWEPOCH_MS) << 22) | sequence)


# -- the facts tests assert on --------------------------------------------------------------

SJ_HANDLE = "saintjavelin"
SJ_ID = "1591140208016367617"  # 2022-11-11T18:46:02Z
SJ_CODE = "WWZTjTA7La"
SJ_PHOTO_URL = f"https://twitter.com/{SJ_HANDLE}/status/{SJ_ID}/photo/1"
SJ_TEXT = (
    "russia: the people of Kherson voted in totally legitimate and legal referendum to join russian federation"
    "\n\nThe People of Kherson: https://t.co/WWZTjTA7La"
)
SJ_DELETED_ID = "1591140208016367618"

LOWER_CODE = "wwztjta7la"
LOWER_TARGET = "https://twitter.com/someoneelse/status/1598000000000000000/photo/1"

PIC_CODE = "rQd6FIwZ0U"
SYND_ID = "1641086480675225601"
SYND_HANDLE = "SamuelSusla"
PIC_TARGET = f"https://twitter.com/{SYND_HANDLE}/status/{SYND_ID}/photo/1"
SYND_TOKEN = "3z7miaszni8"

META_CODE = "MetaRef001"
META_TARGET = "https://twitter.com/pepephone/status/436461658601713664/photo/1"
EXT_CODE = "ExtLink001"

OBAMA_HANDLE = "BarackObama"
OBAMA_ID = "266031293945503744"
OEMBED_HANDLE = "pepephone"
OEMBED_ID = "436461658601713664"
V1_ID = "210462857140252672"
V2_ID = "1460323737035677698"
TOMB_ID = snowflake("2023-06-01T10:00:00Z", 7)
BUSY_HANDLE = "busyuser"
BUSY_ID = snowflake("2022-11-11T09:00:00Z", 3)
BLOCKED_HANDLE = "blockedacct"
BLOCKED_ID = snowflake("2022-11-11T10:00:00Z", 4)
NEVER_ID = snowflake("2022-11-11T11:00:00Z", 5)

# candidates(saintjavelin, 2022-11-11): the window is 2022-11-10T00:00Z .. 2022-11-12T23:59:59Z
IN_WINDOW = {
    snowflake("2022-11-10T08:00:00Z", 1): "twitter.com",
    SJ_ID: "twitter.com",
    snowflake("2022-11-12T22:00:00Z", 2): "mobile.twitter.com",  # only captured on the mobile host
}
X_DUPLICATE = snowflake("2022-11-10T08:00:00Z", 1)  # also captured on x.com and with ?lang=en
OUT_OF_WINDOW = [
    snowflake("2022-11-09T12:00:00Z", 1),
    snowflake("2022-11-13T09:00:00Z", 1),
    snowflake("2022-11-15T09:00:00Z", 1),
]

JACK_HANDLE = "jack"
JACK_ID = "20"


def _stub_page(handle: str, post_id: str, text: str) -> bytes:
    return (
        "<!DOCTYPE html><html><head>"
        f'<meta property="og:url" content="https://twitter.com/{handle}/status/{post_id}">'
        f'<meta property="og:title" content="{handle} on Twitter">'
        f'<meta property="og:description" content="“{text}”">'
        "</head><body><div id='react-root'></div></body></html>"
    ).encode()


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode()


def _recorded(name: str) -> dict:
    return json.loads((RECORDED / name).read_text(encoding="utf-8"))


def catalogue() -> list[Capture]:
    """Every capture of the test archive (see the module docstring)."""
    html = "text/html; charset=utf-8"
    not_found = b"<html><body><h1>Sorry, that page doesn't exist!</h1></body></html>"
    caps = [
        Capture(
            f"https://t.co/{SJ_CODE}",
            "20221111203100",
            "301 Moved Permanently",
            html,
            b"",
            [("Location", SJ_PHOTO_URL)],
        ),
        Capture(
            f"https://t.co/{LOWER_CODE}",
            "20221201000000",
            "301 Moved Permanently",
            html,
            b"",
            [("Location", LOWER_TARGET)],
        ),
        Capture(
            f"https://pic.twitter.com/{PIC_CODE}",
            "20230401000100",
            "301 Moved Permanently",
            html,
            b"",
            [("Location", PIC_TARGET)],
        ),
        Capture(
            f"https://t.co/{META_CODE}",
            "20140301000000",
            "200 OK",
            html,
            f'<head><meta name="referrer" content="always"><noscript><META http-equiv="refresh" content="0;URL={META_TARGET}"></noscript>'
            f'<title>{META_TARGET}</title></head><script>window.opener = null; location.replace("{META_TARGET.replace("/", chr(92) + "/")}")</script>'.encode(),
        ),
        Capture(
            f"https://t.co/{EXT_CODE}",
            "20200101000000",
            "301 Moved Permanently",
            html,
            b"",
            [("Location", "https://example.com/news/article.html")],
        ),
        Capture(
            f"https://twitter.com/{SJ_HANDLE}/status/{SJ_ID}",
            "20221111203045",
            "200 OK",
            html,
            (PAGES / f"meta_2022_saintjavelin_{SJ_ID}.html").read_bytes(),
            [
                ("Set-Cookie", "guest_id=v1%3A166819864; Max-Age=34190000; Domain=.twitter.com"),
                ("Cache-Control", "no-cache, no-store, max-age=0"),
            ],
        ),
        Capture(
            f"https://twitter.com/{SJ_HANDLE}/status/{SJ_ID}",
            "20240305000000",
            "404 Not Found",
            html,
            not_found,
        ),
        Capture(
            SJ_PHOTO_URL,
            "20221111203102",
            "200 OK",
            html,
            (PAGES / f"meta_2022_saintjavelin_{SJ_ID}.html").read_bytes(),
        ),
        Capture(
            f"https://twitter.com/{SJ_HANDLE}/status/{SJ_DELETED_ID}",
            "20221112000000",
            "404 Not Found",
            html,
            not_found,
        ),
        Capture(
            f"https://twitter.com/{OBAMA_HANDLE}/status/{OBAMA_ID}",
            "20141015000000",
            "200 OK",
            html,
            (PAGES / f"permalink_2014_barackobama_{OBAMA_ID}.html").read_bytes(),
        ),
        Capture(
            f"https://publish.twitter.com/oembed?url=https%3A%2F%2Ftwitter.com%2F{OEMBED_HANDLE}%2Fstatus%2F{OEMBED_ID}",
            "20210404152050",
            "200 OK",
            "application/json; charset=utf-8",
            _recorded("publish.twitter.com_oembed_pepephone_2021-04-04.json")["body"].encode(),
        ),
        Capture(
            f"https://cdn.syndication.twimg.com/tweet-result?id={SYND_ID}&lang=en&token={SYND_TOKEN}",
            "20230401000000",
            "200 OK",
            "application/json;charset=utf-8",
            _json(_recorded(f"tweet_with_photo_{SYND_ID}.json")["response_json"]),
            gzip_body=True,
        ),
        Capture(
            f"https://cdn.syndication.twimg.com/tweet-result?id={TOMB_ID}&lang=en&token=abc",
            "20230701000000",
            "200 OK",
            "application/json;charset=utf-8",
            _json(
                {
                    "__typename": "TweetTombstone",
                    "tombstone": {
                        "text": {
                            "text": "This Post was deleted by the Post author. Learn more",
                            "entities": [],
                            "rtl": False,
                        }
                    },
                }
            ),
        ),
        Capture(
            f"https://api.twitter.com/1.1/statuses/show.json?id={V1_ID}&tweet_mode=extended",
            "20120607000000",
            "200 OK",
            "application/json;charset=utf-8",
            (PAGES / f"api_v1_statuses_show_{V1_ID}.json").read_bytes(),
        ),
        Capture(
            f"https://api.twitter.com/2/tweets/{V2_ID}?expansions=author_id,attachments.media_keys&tweet.fields=created_at,lang",
            "20211116000000",
            "200 OK",
            "application/json; charset=utf-8",
            (PAGES / f"api_v2_tweets_{V2_ID}.json").read_bytes(),
        ),
        Capture(
            f"https://twitter.com/{BUSY_HANDLE}/status/{BUSY_ID}",
            "20221112000000",
            "429 Too Many Requests",
            html,
            b"<html><body><h1>Rate limit exceeded</h1></body></html>",
            [("x-rate-limit-remaining", "0")],
        ),
        Capture(
            f"https://twitter.com/{BLOCKED_HANDLE}/status/{BLOCKED_ID}",
            "20221112000000",
            "200 OK",
            html,
            _stub_page(BLOCKED_HANDLE, BLOCKED_ID, "you should not see this"),
        ),
        Capture(
            f"http://twitter.com/{JACK_HANDLE}/status/{JACK_ID}",
            "20080101000000",
            "200 OK",
            html,
            b"<html><body><p class='entry-content'>just setting up my twttr</p></body></html>",
        ),
    ]
    # The handle's other statuses around the day (candidates), captured after they were posted.
    for post_id, host in IN_WINDOW.items():
        if post_id == SJ_ID:
            continue
        caps.append(
            Capture(
                f"https://{host}/{SJ_HANDLE}/status/{post_id}",
                "20221113000000",
                "200 OK",
                html,
                _stub_page(SJ_HANDLE, post_id, f"post {post_id}"),
            )
        )
    caps.append(
        Capture(
            f"https://x.com/{SJ_HANDLE}/status/{X_DUPLICATE}",
            "20231001000000",
            "200 OK",
            html,
            b"<html><body><div id='react-root'></div></body></html>",
        )
    )
    caps.append(
        Capture(
            f"https://twitter.com/{SJ_HANDLE}/status/{X_DUPLICATE}?lang=en",
            "20221114000000",
            "200 OK",
            html,
            _stub_page(SJ_HANDLE, X_DUPLICATE, f"post {X_DUPLICATE}"),
        )
    )
    for post_id in OUT_OF_WINDOW:
        caps.append(
            Capture(
                f"https://twitter.com/{SJ_HANDLE}/status/{post_id}",
                "20221116000000",
                "200 OK",
                html,
                _stub_page(SJ_HANDLE, post_id, f"post {post_id}"),
            )
        )
    return caps


def build_archive(directory: Path) -> Path:
    """The test WARCs in ``directory`` (two files, so multi-file indexing is exercised)."""
    directory.mkdir(parents=True, exist_ok=True)
    caps = catalogue()
    half = len(caps) // 2
    write_warc(directory / "twitter-a.warc.gz", caps[:half])
    write_warc(directory / "twitter-b.warc.gz", caps[half:])
    return directory
