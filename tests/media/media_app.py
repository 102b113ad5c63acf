"""A local stand-in for pbs.twimg.com and video.twimg.com, on 127.0.0.1.

It answers the URL forms the real CDN answers (archive guide §3, issue 13):

* ``/media/<ID>?format=<ext>&name=<size>``: the photo when ``format`` is its own
  (a wrong format is a **404**), ``orig``/``4096x4096``/``large`` give the full
  file, ``medium``/``small`` a smaller one; legacy ``/media/<ID>.<ext>`` and
  ``/media/<ID>.<ext>:<size>`` too. IDs are case-sensitive.
* any URL with ``?tag=…``: **403** (a tagged rendition URL the CDN refuses).
* video paths registered with :meth:`MediaApp.add_video`, served in chunks;
  with ``length=False`` no Content-Length is sent, so only streaming can
  notice the size.

Every request is recorded (path and query) so tests can assert what was sent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parents[2] / "fixtures" / "media"
JPEG = (FIXTURES / "python.jpg").read_bytes()
PNG = (FIXTURES / "python.png").read_bytes()
GIF = (FIXTURES / "python.gif").read_bytes()
_TYPES = {"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif"}
_FULL = ("orig", "4096x4096", "large")


def mp4_bytes(size: int, seed: int = 0) -> bytes:
    """A structurally valid MP4 (``ftyp`` + ``mdat``) of exactly ``size`` bytes (≥ 32)."""
    ftyp = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41"
    body = size - len(ftyp) - 8
    return ftyp + (body + 8).to_bytes(4, "big") + b"mdat" + bytes((seed + i) % 251 for i in range(body))


def mp4_chunks(size: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """The same kind of file, generated a chunk at a time (never whole in memory)."""
    ftyp = b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41"
    body = size - len(ftyp) - 8
    yield ftyp + (body + 8).to_bytes(4, "big") + b"mdat"
    block = bytes(range(256)) * (chunk // 256)
    left = body
    while left > 0:
        yield block[: min(left, len(block))]
        left -= len(block)


@dataclass(frozen=True)
class Photo:
    format: str
    full: bytes
    small: bytes


@dataclass(frozen=True)
class Video:
    size: int
    length: bool
    data: bytes | None  # None: generated in chunks


class MediaApp:
    def __init__(self) -> None:
        self.photos: dict[str, Photo] = {}
        self.videos: dict[str, Video] = {}
        self._lock = threading.Lock()
        self._seen: list[str] = []
        self._httpd: ThreadingHTTPServer | None = None
        self.delay = 0.0  # seconds before each answer: lets a test kill a run mid-way
        self.faults: list[tuple[int, dict[str, str]]] = []  # answered first, one per request

    def add_photo(self, media_id: str, fmt: str, full: bytes, small: bytes = GIF) -> None:
        self.photos[media_id] = Photo(fmt, full, small)

    def add_video(self, path: str, data: bytes | None = None, *, size: int = 0, length: bool = True) -> None:
        self.videos[path] = Video(len(data) if data is not None else size, length, data)

    def start(self) -> MediaApp:
        app = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                app.serve(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()

    @property
    def base_url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def seen(self) -> list[str]:
        with self._lock:
            return list(self._seen)

    def reset(self) -> None:
        with self._lock:
            self._seen.clear()
            self.faults.clear()

    def serve(self, handler: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self._seen.append(handler.path)
            fault = self.faults.pop(0) if self.faults else None
        if self.delay:
            time.sleep(self.delay)
        if fault is not None:
            status, headers = fault
            handler.send_response(status)
            for name, value in {"Content-Length": "0", **headers}.items():
                handler.send_header(name, value)
            handler.end_headers()
            return
        parts = urlsplit(handler.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        video = self.videos.get(parts.path)
        if "tag" in query:
            _send(handler, 403, "text/plain", b"Forbidden")
        elif parts.path.startswith("/media/"):
            self._photo(handler, parts.path[len("/media/") :], query)
        elif video is None:
            _send(handler, 404, "text/plain", b"not found")
        else:
            self._video(handler, video)

    def _video(self, handler: BaseHTTPRequestHandler, video: Video) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "video/mp4")
        if video.length:
            handler.send_header("Content-Length", str(video.size))
        else:
            handler.send_header("Connection", "close")
        handler.end_headers()
        try:
            for chunk in [video.data] if video.data is not None else mp4_chunks(video.size):
                handler.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what a size-bounded download does
        handler.close_connection = True

    def _photo(self, handler: BaseHTTPRequestHandler, name: str, query: dict[str, str]) -> None:
        size = query.get("name", "large")
        fmt = query.get("format")
        if ":" in name:
            name, size = name.split(":", 1)
        if "." in name:
            name, fmt = name.split(".", 1)
        photo = self.photos.get(name)
        if photo is None or (fmt or photo.format) != photo.format:
            _send(handler, 404, "text/plain", b"not found")
        else:
            _send(handler, 200, _TYPES[photo.format], photo.full if size in _FULL else photo.small)


def _send(handler: BaseHTTPRequestHandler, status: int, content_type: str, body: bytes) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)
