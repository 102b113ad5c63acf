"""The other platforms' public endpoints for :class:`~tests.servers.platform_app.PlatformApp`.

Recorded answers from ``tests/platforms/data`` (see its README), served the
way each service answers:

* ``/oembed?url=<youtube URL>&format=json`` (YouTube): the recorded answer
  for :data:`YT_VIDEO`; 401 ``Unauthorized`` for :data:`YT_PRIVATE` (what
  YouTube says of a private video), 404 ``Not Found`` for :data:`YT_DELETED`
  and any other ID; :data:`YT_WRONG` is answered with another video's body.

:func:`answer` returns None for a request that is not one of these, so the
app's tweet routes handle it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from tests.platforms.data_files import recorded_body

DATA = Path(__file__).resolve().parents[1] / "platforms" / "data"

YT_VIDEO = "eiHXASgRTcA"
YT_PRIVATE = "privateVid1"
YT_DELETED = "deletedVid1"
YT_WRONG = "wrongVideo1"

Answer = tuple[int, dict[str, str], bytes]
_YT_ID = re.compile(r"(?:v=|youtu\.be/)([A-Za-z0-9_-]{11})")
_JSON = {"Content-Type": "application/json"}
_TEXT = {"Content-Type": "text/html; charset=utf-8"}


def answer(path: str, query: dict[str, list[str]]) -> Answer | None:
    if path == "/oembed":
        url = query.get("url", [""])[0]
        host = (urlsplit(url).hostname or "").lower()
        if host.endswith(("youtube.com", "youtu.be")):
            return _youtube_oembed(url)
    return None


def _youtube_oembed(url: str) -> Answer:
    match = _YT_ID.search(url)
    video = match.group(1) if match else ""
    if video == YT_VIDEO:
        return 200, _JSON, recorded_body("youtube_oembed_video_2024-06-10.json")
    if video == YT_WRONG:
        return 200, _JSON, recorded_body("youtube_oembed_video_2024-06-10.json")
    if video == YT_PRIVATE:
        return 401, _TEXT, b"Unauthorized"
    return 404, _TEXT, b"Not Found"
