"""A local stand-in for t.co, the syndication CDN and publish.twitter.com, on 127.0.0.1.

It answers the way the real services do (archive guide §3), from recorded
payloads in ``data/``:

* ``/<code>`` (t.co): 301 + ``Location`` for a known code; the 200 HTML
  "browser" page (``<META http-equiv="refresh">`` + ``location.replace``) when
  the User-Agent looks like a browser or the code only answers that way; 404
  for an unknown code.
* ``/tweet-result?id=…&lang=en&token=…``: **checks the token** with the real
  formula and answers 200 ``{}`` when it is wrong or missing, as the live
  service has done since Aug 2023; then a recorded tweet, a tombstone, ``{}``,
  404, 403, 400 or a non-JSON 200 depending on the ID.
* ``/oembed?url=…``: a recorded oEmbed body by status ID; 403 with the
  "not authorized" or "suspended" error; 404 otherwise.
* the other platforms' endpoints (YouTube, Vimeo, TikTok …): see
  :mod:`tests.servers.platform_routes`.

``inject(status, times)`` makes the next ``times`` requests (any route)
answer ``status`` first, for retry tests. Every request is recorded, so tests
can assert what was (and was not) sent. Stdlib only; a real socket, so the
code under test runs its whole httpx stack.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from embedresolve.resolve.twitter_ids import syndication_token
from tests.servers import platform_routes

DATA = Path(__file__).resolve().parents[1] / "live" / "data"

PHOTO_ID = "1641086480675225601"
QUOTE_ID = "1641895049427550208"
CARD_ID = "1629262255744503809"
LINK_CARD_ID = "1703436713362870723"
VIDEO_ID = "1700000000000000000"  # synthetic payload
TOMBSTONE_ID = "1600000000000000000"
EMPTY_ID = "1600000000000000001"
FORBIDDEN_ID = "1600000000000000003"
BAD_REQUEST_ID = "1600000000000000004"
NOT_JSON_ID = "1600000000000000005"
WRONG_TWEET_ID = "1600000000000000006"  # answered with another tweet's payload
MISSING_ID = "1600000000000000099"  # any unknown ID: 404

PEPEPHONE_ID = "436461658601713664"
PROTECTED_ID = "1600000000000000010"
SUSPENDED_ID = "1600000000000000011"

PHOTO_CODE = "rQd6FIwZ0U"
PHOTO_TARGET = "https://twitter.com/SamuelSusla/status/1641086480675225601/photo/1"
LINK_CODE = "4G6RAMfrHy"
LINK_TARGET = "https://github.com/reactwg/react-native-new-architecture/discussions/110"
BROWSER_CODE = "BUPgYtgHaY"  # answers only with the HTML page
BROWSER_TARGET = "https://twitter.com/WestHam/status/1454931184966770696/photo/1"
SCRIPT_ONLY_CODE = "JsOnly1"  # HTML page with location.replace but no meta refresh
SCRIPT_ONLY_TARGET = "https://x.com/WestHam/status/1454931184966770696/video/1"
BLANK_CODE = "Blank1"  # 200 HTML naming no target
NO_LOCATION_CODE = "NoLoc1"  # 301 without Location

_STATUS_ID = re.compile(r"/status(?:es)?/([0-9]{1,20})")


def _recorded_syndication() -> dict[str, bytes]:
    answers = {}
    for path in sorted((DATA / "syndication").glob("*.json")):
        payload = json.loads(path.read_text(encoding="utf-8"))["response_json"]
        if payload.get("__typename") == "Tweet":
            answers[payload["id_str"]] = json.dumps(payload, ensure_ascii=False).encode()
    return answers


def _tombstone() -> bytes:
    path = DATA / "syndication" / "SYNTHETIC_tombstone.json"
    return json.dumps(json.loads(path.read_text(encoding="utf-8"))["response_json"]).encode()


def _recorded_oembed() -> dict[str, bytes]:
    """The raw recorded body (bytes exactly as Twitter sent them), by status ID."""
    path = DATA / "oembed" / "publish.twitter.com_oembed_pepephone_2021-04-04.json"
    return {PEPEPHONE_ID: json.loads(path.read_text(encoding="utf-8"))["body"].encode()}


def tco_browser_page(target: str, *, meta: bool = True, script: bool = True) -> bytes:
    """t.co's answer to a browser, in the shape quoted on softwareengineering.stackexchange.com/q/343581.

    The script writes the URL as a JS string with escaped slashes.
    """
    escaped = json.dumps(target).replace("/", "\\/")  # "https:\/\/…", as t.co writes it
    head = '<head><meta name="referrer" content="always">'
    if meta:
        head += f'<noscript><META http-equiv="refresh" content="0;URL={target}"></noscript>'
    head += f"<title>{target}</title></head>"
    body = f"<script>window.opener = null; location.replace({escaped})</script>" if script else ""
    return (head + body).encode()


@dataclass(frozen=True)
class Seen:
    """One request as the app saw it."""

    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]


class PlatformApp:
    """Start with :meth:`start`, stop with :meth:`stop`; see the module docstring."""

    def __init__(self) -> None:
        self.syndication = _recorded_syndication()
        self.oembed = _recorded_oembed()
        self.tco = {PHOTO_CODE: PHOTO_TARGET, LINK_CODE: LINK_TARGET, NO_LOCATION_CODE: ""}
        self.tco_pages = {
            BROWSER_CODE: tco_browser_page(BROWSER_TARGET),
            SCRIPT_ONLY_CODE: tco_browser_page(SCRIPT_ONLY_TARGET, meta=False),
            BLANK_CODE: b"<html><head><title>t.co</title></head><body></body></html>",
        }
        self._tombstone = _tombstone()
        self._lock = threading.Lock()
        self._seen: list[Seen] = []
        self._faults: list[int] = []
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> PlatformApp:
        app = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                status, headers, body = app.answer(self.path, {k.lower(): v for k, v in self.headers.items()})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def base_url(self) -> str:
        assert self._httpd is not None, "start() first"
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    # -- scripting and inspection ----------------------------------------------------

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()
            self._faults.clear()

    def inject(self, status: int, times: int = 1) -> None:
        """Answer the next ``times`` requests with ``status`` (empty body) before serving normally."""
        with self._lock:
            self._faults.extend([status] * times)

    @property
    def seen(self) -> list[Seen]:
        with self._lock:
            return list(self._seen)

    def hits(self, path: str | None = None) -> int:
        return sum(1 for s in self.seen if path is None or s.path == path)

    # -- routing ---------------------------------------------------------------------

    def answer(self, raw_path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(raw_path)
        query = parse_qs(parts.query)
        with self._lock:
            self._seen.append(Seen(parts.path, query, headers))
            fault = self._faults.pop(0) if self._faults else None
        if fault is not None:
            return fault, {"Content-Type": "text/plain"}, b""
        other_platform = platform_routes.answer(parts.path, query, headers)
        if other_platform is not None:  # YouTube, Vimeo, TikTok … (tests/servers/platform_routes.py)
            return other_platform
        if parts.path == "/tweet-result":
            return self._tweet_result(query)
        if parts.path == "/oembed":
            return self._oembed(query)
        return self._short_link(parts.path.lstrip("/"), headers.get("user-agent", ""))

    def _tweet_result(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        tweet_id = query.get("id", [""])[0]
        token = query.get("token", [""])[0]
        if not tweet_id.isdigit() or token != syndication_token(tweet_id):
            return _json(200, {})  # what the live service says to a missing or wrong token
        if tweet_id in self.syndication:
            return 200, {"Content-Type": "application/json; charset=utf-8"}, self.syndication[tweet_id]
        if tweet_id == WRONG_TWEET_ID:
            return 200, {"Content-Type": "application/json"}, self.syndication[PHOTO_ID]
        if tweet_id == TOMBSTONE_ID:
            return 200, {"Content-Type": "application/json"}, self._tombstone
        if tweet_id == EMPTY_ID:
            return _json(200, {})
        if tweet_id == FORBIDDEN_ID:
            return _json(403, {"error": "Forbidden."})
        if tweet_id == BAD_REQUEST_ID:
            return _json(400, {"error": "Bad request."})
        if tweet_id == NOT_JSON_ID:
            return 200, {"Content-Type": "text/html"}, b"<html>rate limited</html>"
        return 404, {"Content-Type": "text/html"}, b"<html>X / ?</html>"

    def _oembed(self, query: dict[str, list[str]]) -> tuple[int, dict[str, str], bytes]:
        url = query.get("url", [""])[0]
        match = _STATUS_ID.search(url)
        tweet_id = match.group(1) if match else ""
        request = f"/oembed?url={url}"
        if tweet_id in self.oembed:
            return 200, {"Content-Type": "application/json; charset=utf-8"}, self.oembed[tweet_id]
        if tweet_id == PROTECTED_ID:
            return _json(
                403, {"error": "Sorry, you are not authorized to see this status.", "request": request}
            )
        if tweet_id == SUSPENDED_ID:
            return _json(403, {"error": "User has been suspended.", "request": request})
        if tweet_id == NOT_JSON_ID:
            return 200, {"Content-Type": "text/html"}, b"<html>oops</html>"
        return 404, {"Content-Type": "text/html"}, b""

    def _short_link(self, code: str, user_agent: str) -> tuple[int, dict[str, str], bytes]:
        html = {"Content-Type": "text/html; charset=utf-8"}
        if code in self.tco_pages:
            return 200, html, self.tco_pages[code]
        if code not in self.tco:
            return 404, html, b"<html><body>Not found</body></html>"
        target = self.tco[code]
        if target and user_agent.startswith("Mozilla/"):
            return 200, html, tco_browser_page(target)
        headers = {"Location": target} if target else {}
        return 301, headers, b""


def _json(status: int, value: object) -> tuple[int, dict[str, str], bytes]:
    return status, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(value).encode()
