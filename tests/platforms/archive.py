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

HTML = "text/html; charset=utf-8"


def youtube_oembed_url(video: str) -> str:
    watch = f"https://www.youtube.com/watch?v={video}"
    return "https://www.youtube.com/oembed?" + urlencode({"url": watch, "format": "json"})


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
    ]


def build_archive(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    write_warc(directory / "platforms.warc.gz", catalogue())
    return directory
