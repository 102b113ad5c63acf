"""The other platforms' public endpoints for :class:`~tests.servers.platform_app.PlatformApp`.

Recorded answers from ``tests/platforms/data`` (see its README), served the
way each service answers:

* ``/oembed?url=<youtube URL>&format=json`` (YouTube): the recorded answer
  for :data:`YT_VIDEO`; 401 ``Unauthorized`` for :data:`YT_PRIVATE` (what
  YouTube says of a private video), 404 ``Not Found`` for :data:`YT_DELETED`
  and any other ID; :data:`YT_WRONG` is answered with another video's body.
* ``/oembed?url=<tiktok URL>``: the recorded answer for :data:`TT_VIDEO`, 404 otherwise;
* ``/api/oembed.json?url=<vimeo URL>`` (Vimeo): the recorded answer for
  :data:`VIMEO_VIDEO`, 403 for :data:`VIMEO_PRIVATE` (privacy settings), 404 otherwise;
* ``/oembed?url=<reddit URL>``: the recorded answer for :data:`REDDIT_POST`, 404 otherwise;
* ``/xrpc/com.atproto.identity.resolveHandle?handle=…``: :data:`BSKY_DID` for
  :data:`BSKY_HANDLE`, else XRPC's 400 ``InvalidRequest``; ``/xrpc/app.bsky.feed.getPostThread?uri=…``:
  the recorded thread of :data:`BSKY_RKEY`, else XRPC's 400 ``NotFound``;
* ``/api/v1/statuses/<id>`` (Mastodon, standing in for every instance): the recorded
  status :data:`MASTODON_STATUS`, 404 ``{"error":"Record not found"}`` otherwise;
* ``/<channel>/<id>?embed=1`` (Telegram's widget): the widget of :data:`TG_POST`, and
  Telegram's 200 "Post not found" widget for any other message.
* Meta's Graph (``/v26.0/instagram_oembed``, ``/v26.0/oembed_post``, ``/v1.0/oembed``):
  **checks** ``Authorization: Bearer`` :data:`META_TOKEN` and answers Graph's 400 code-190
  error otherwise (a token in the URL is refused the same way); then the recorded answer of
  :data:`IG_OEMBED_POST`, a Facebook post and a Threads post, and Graph's 400 code-100 error
  for any other post (what it says of a private or removed one).

:func:`answer` returns None for a request that is not one of these, so the
app's tweet routes handle it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from tests.platforms.data_files import page, recorded_body

DATA = Path(__file__).resolve().parents[1] / "platforms" / "data"

YT_VIDEO = "eiHXASgRTcA"
YT_PRIVATE = "privateVid1"
YT_DELETED = "deletedVid1"
YT_WRONG = "wrongVideo1"
TT_VIDEO = "6806030056956251397"
VIMEO_VIDEO = "235352744"
VIMEO_PRIVATE = "111111111"
REDDIT_POST = "7pfpeq"
TG_POST = "examplechannel/451"
MASTODON_STATUS = "103270115826048975"
BSKY_HANDLE = "chadmichael.bsky.social"
BSKY_DID = "did:plc:uy7ehrx332p6dow5sk32hxzq"
BSKY_RKEY = "3k7rmyigapw2y"
META_TOKEN = "123456789|s3cr3tAppT0ken-fixture"
IG_OEMBED_POST = "BSKplJUDPPE"
FB_POST = "https://www.facebook.com/ExamplePage/posts/10158000000000001"
THREADS_POST = "C8Hn5tDSa2b"

Answer = tuple[int, dict[str, str], bytes]
_TG_PATH = re.compile(r"/([A-Za-z][A-Za-z0-9_]{3,31}/[0-9]{1,12})")
_YT_ID = re.compile(r"(?:v=|youtu\.be/)([A-Za-z0-9_-]{11})")
_JSON = {"Content-Type": "application/json"}
_TEXT = {"Content-Type": "text/html; charset=utf-8"}


def answer(path: str, query: dict[str, list[str]], headers: dict[str, str] | None = None) -> Answer | None:
    if path in ("/v26.0/instagram_oembed", "/v26.0/oembed_post", "/v26.0/oembed_video", "/v1.0/oembed"):
        return _graph(path, query.get("url", [""])[0], (headers or {}).get("authorization", ""), query)
    telegram = _TG_PATH.fullmatch(path)
    if telegram is not None and query.get("embed") == ["1"]:
        known = telegram.group(1) == TG_POST
        name = "telegram_widget_GENERATED.html" if known else "telegram_widget_not_found_GENERATED.html"
        return 200, _TEXT, page(name)
    if path == "/oembed":
        url = query.get("url", [""])[0]
        host = (urlsplit(url).hostname or "").lower()
        if host.endswith(("youtube.com", "youtu.be")):
            return _youtube_oembed(url)
        if host.endswith("tiktok.com"):
            return _recorded_if(f"/video/{TT_VIDEO}" in url, "tiktok_oembed_2024-06-10.json")
        if host.endswith("reddit.com"):
            return _recorded_if(f"/comments/{REDDIT_POST}/" in url, "reddit_oembed_2021-04-04.json")
    if path == "/xrpc/com.atproto.identity.resolveHandle":
        if query.get("handle") == [BSKY_HANDLE]:
            return 200, _JSON, json.dumps({"did": BSKY_DID}).encode()
        return 400, _JSON, b'{"error":"InvalidRequest","message":"Unable to resolve handle"}'
    if path == "/xrpc/app.bsky.feed.getPostThread":
        uri = query.get("uri", [""])[0]
        if uri == f"at://{BSKY_DID}/app.bsky.feed.post/{BSKY_RKEY}":
            return 200, _JSON, page("bluesky_getPostThread_3k7rmyigapw2y_2023-09_EXCERPT.json")
        return 400, _JSON, json.dumps({"error": "NotFound", "message": f"Post not found: {uri}"}).encode()
    if path.startswith("/api/v1/statuses/"):
        if path == f"/api/v1/statuses/{MASTODON_STATUS}":
            return 200, _JSON, page("mastodon_status_103270115826048975_EXCERPT.json")
        return 404, _JSON, b'{"error":"Record not found"}'
    if path == "/api/oembed.json":
        url = query.get("url", [""])[0]
        if url.rstrip("/").endswith(VIMEO_PRIVATE):
            return 403, _TEXT, b"403 Forbidden"
        return _recorded_if(url.rstrip("/").endswith(VIMEO_VIDEO), "vimeo_oembed_235352744_2020-05-20.json")
    return None


def _recorded_if(known: bool, name: str) -> Answer:
    return (200, _JSON, recorded_body(name)) if known else (404, _TEXT, b"Not Found")


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


def _graph_error(code: int, message: str, kind: str = "OAuthException") -> Answer:
    error = {"message": message, "type": kind, "code": code, "fbtrace_id": "AbCdEfGhIjK"}
    return 400, _JSON, json.dumps({"error": error}).encode()


def _graph(path: str, url: str, authorization: str, query: dict[str, list[str]]) -> Answer:
    if authorization != f"Bearer {META_TOKEN}" or "access_token" in query:
        return _graph_error(190, "Invalid OAuth access token - Cannot parse access token")
    if path.endswith("instagram_oembed") and f"/p/{IG_OEMBED_POST}/" in url:
        return 200, _JSON, page("instagram_oembed_BSKplJUDPPE_2017_EXCERPT.json")
    if path.endswith("oembed_post") and url == FB_POST:
        html = (
            f'<div class="fb-post" data-href="{FB_POST}"><blockquote cite="{FB_POST}" '
            'class="fb-xfbml-parse-ignore"><p>Our new season starts today.</p>Posted by '
            '<a href="https://www.facebook.com/ExamplePage">Example Page</a></blockquote></div>'
        )
        body = {
            "author_name": "Example Page",
            "author_url": "https://www.facebook.com/ExamplePage",
            "provider_name": "Facebook",
            "provider_url": "https://www.facebook.com",
            "type": "rich",
            "version": "1.0",
            "width": 552,
            "html": html,
        }
        return 200, _JSON, json.dumps(body).encode()
    if path == "/v1.0/oembed" and f"/post/{THREADS_POST}" in url:
        html = (
            '<blockquote class="text-post-media" data-text-post-permalink='
            f'"https://www.threads.net/@threads/post/{THREADS_POST}" data-text-post-version="0">'
            f'<a href="https://www.threads.net/@threads/post/{THREADS_POST}">View on Threads</a></blockquote>'
        )
        body = {
            "version": "1.0",
            "provider_name": "Threads",
            "provider_url": "https://www.threads.net/",
            "type": "rich",
            "width": 658,
            "html": html,
        }
        return 200, _JSON, json.dumps(body).encode()
    return _graph_error(100, "Invalid parameter", kind="IGApiException")
