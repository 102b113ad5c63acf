"""The platform test archive: which captures of which posts exist (WARCs served by pywb, read by WarcPagesSource).

=================================================  ===============  ==========================================
URL                                                captured         what
=================================================  ===============  ==========================================
youtube.com/oembed?url=…watch?v=eiHXASgRTcA…       20240610155932   recorded oEmbed answer (endpoint only)
youtube.com/watch?v=pageOnly001                    20200101000000   watch page (player response), page only
youtube.com/watch?v=consentVid1                    20210404152317   consent page: not the video
youtube.com/watch?v=deletedVid1                    20190101000000   "Video unavailable"
youtube.com/watch?v=otherPost01                    20200101000000   served eiHXASgRTcA's page: another post
instagram.com/p/ySl7G9tO_q/                        20200520175410   recorded post page (og: + JSON-LD)
instagram.com/p/LoginWall01/                       20220101000000   302 → /accounts/login/ (a login wall)
tiktok.com/oembed?url=…@a3noticias/video/…397      20240610155931   recorded TikTok oEmbed answer
tiktok.com/oembed?url=…@a3noticias/video/…398      20240610155931   the answer about …397: another post
vimeo.com/api/oembed.json?url=…/235352744          20200520175414   recorded Vimeo oEmbed answer
reddit.com/oembed?url=…/comments/7pfpeq/           20210404152740   recorded Reddit oEmbed answer
threads.net/@zuck/post/CuZ12345                    20230706000000   og: page (GENERATED, the shared shape)
facebook.com/nasa/posts/10158912345678901          20220101000000   logged-out wall: title "Facebook", no og:url
t.me/examplechannel/451?embed=1                    20240610000000   widget page (GENERATED)
public.api.bsky.app/xrpc/…getPostThread?uri=…      20230919220000   recorded getPostThread answer
mastodon.social/api/v1/statuses/1032701158…        20191208040000   recorded status (API answer)
=================================================  ===============  ==========================================
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from embedresolve.testing.warcs import Capture, write_warc
from tests.platforms.data_files import page, recorded_body

YT_OEMBED_ONLY = "eiHXASgRTcA"
YT_PAGE_ONLY = "pageOnly001"
YT_CONSENT = "consentVid1"
YT_DELETED = "deletedVid1"
YT_OTHER = "otherPost01"  # its URL's capture shows another video
YT_NEVER = "neverArchd1"
IG_POST = "ySl7G9tO_q"
IG_LOGIN = "LoginWall01"
IG_NEVER = "NeverArchd1"
TT_POST = "6806030056956251397"
TT_OTHER = "6806030056956251398"  # same account; its capture holds TT_POST's answer
TT_HANDLE = "a3noticias"
VIMEO_POST = "235352744"
REDDIT_POST = "7pfpeq"
REDDIT_URL = "https://www.reddit.com/r/investing/comments/7pfpeq/"
THREADS_URL = "https://www.threads.net/@zuck/post/CuZ12345"
FACEBOOK_URL = "https://www.facebook.com/nasa/posts/10158912345678901"
THREADS_PAGE = (
    b'<html><head><meta property="og:title" content="Mark Zuckerberg (@zuck) on Threads" />'
    b'<meta property="og:description" content="10 million sign ups in seven hours" />'
    b'<meta property="og:url" content="https://www.threads.net/@zuck/post/CuZ12345" /></head></html>'
)
TG_POST = "examplechannel/451"
BSKY_DID = "did:plc:uy7ehrx332p6dow5sk32hxzq"
BSKY_RKEY = "3k7rmyigapw2y"
MASTODON_URL = "https://mastodon.social/@Gargron/103270115826048975"
BSKY_DID = "did:plc:uy7ehrx332p6dow5sk32hxzq"
BSKY_RKEY = "3k7rmyigapw2y"
FACEBOOK_WALL = (
    b'<html><head><title>Facebook</title><meta property="og:title" content="Facebook"></head></html>'
)

HTML = "text/html; charset=utf-8"


def youtube_oembed_url(video: str) -> str:
    watch = f"https://www.youtube.com/watch?v={video}"
    return "https://www.youtube.com/oembed?" + urlencode({"url": watch, "format": "json"})


def oembed_url(base: str, path: str, post_url: str) -> str:
    return f"{base}{path}?" + urlencode({"url": post_url})


def tiktok_url(video: str) -> str:
    return f"https://www.tiktok.com/@{TT_HANDLE}/video/{video}"


def catalogue() -> list[Capture]:
    watch = page("youtube_watch_eiHXASgRTcA_GENERATED.html")
    return [
        Capture(
            youtube_oembed_url(YT_OEMBED_ONLY),
            "20240610155932",
            content_type="application/json",
            body=recorded_body("youtube_oembed_video_2024-06-10.json"),
        ),
        Capture(
            f"https://www.youtube.com/watch?v={YT_PAGE_ONLY}",
            "20200101000000",
            body=watch.replace(b"eiHXASgRTcA", YT_PAGE_ONLY.encode()),
        ),
        Capture(
            f"https://www.youtube.com/watch?v={YT_CONSENT}",
            "20210404152317",
            body=page("youtube_consent_GENERATED.html"),
        ),
        Capture(
            f"https://www.youtube.com/watch?v={YT_DELETED}",
            "20190101000000",
            body=page("youtube_watch_unavailable_GENERATED.html"),
        ),
        Capture(f"https://www.youtube.com/watch?v={YT_OTHER}", "20200101000000", body=watch),
        Capture(
            f"https://www.instagram.com/p/{IG_POST}/",
            "20200520175410",
            body=page("instagram_p_ySl7G9tO_q_2020-05-20_EXCERPT.html"),
        ),
        Capture(
            f"https://www.instagram.com/p/{IG_LOGIN}/",
            "20220101000000",
            status="302 Found",
            headers=[("Location", "https://www.instagram.com/accounts/login/?next=/p/LoginWall01/")],
        ),
        Capture(
            oembed_url("https://www.tiktok.com", "/oembed", tiktok_url(TT_POST)),
            "20240610155931",
            content_type="application/json",
            body=recorded_body("tiktok_oembed_2024-06-10.json"),
        ),
        Capture(
            oembed_url("https://www.tiktok.com", "/oembed", tiktok_url(TT_OTHER)),
            "20240610155931",
            content_type="application/json",
            body=recorded_body("tiktok_oembed_2024-06-10.json"),
        ),
        Capture(
            oembed_url("https://vimeo.com", "/api/oembed.json", f"https://vimeo.com/{VIMEO_POST}"),
            "20200520175414",
            content_type="application/json",
            body=recorded_body("vimeo_oembed_235352744_2020-05-20.json"),
        ),
        Capture(
            oembed_url("https://www.reddit.com", "/oembed", REDDIT_URL),
            "20210404152740",
            content_type="application/json",
            body=recorded_body("reddit_oembed_2021-04-04.json"),
        ),
        Capture(THREADS_URL, "20230706000000", body=THREADS_PAGE),
        Capture(FACEBOOK_URL, "20220101000000", body=FACEBOOK_WALL),
        Capture(
            f"https://t.me/{TG_POST}?embed=1", "20240610000000", body=page("telegram_widget_GENERATED.html")
        ),
        Capture(
            "https://public.api.bsky.app/xrpc/app.bsky.feed.getPostThread?"
            + urlencode({"uri": f"at://{BSKY_DID}/app.bsky.feed.post/{BSKY_RKEY}", "depth": "0"}),
            "20230919220000",
            content_type="application/json",
            body=page("bluesky_getPostThread_3k7rmyigapw2y_2023-09_EXCERPT.json"),
        ),
        Capture(
            "https://mastodon.social/api/v1/statuses/103270115826048975",
            "20191208040000",
            content_type="application/json",
            body=page("mastodon_status_103270115826048975_EXCERPT.json"),
        ),
    ]


def build_archive(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    write_warc(directory / "platforms.warc.gz", catalogue())
    return directory
