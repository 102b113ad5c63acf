"""A scriptable, misbehaving HTTP/1.1 server on 127.0.0.1 for fetcher tests.

Each path gets a script: a sequence of :class:`Reply` objects served in order;
the last one repeats for every later request. A reply can answer normally or
misbehave the ways real archives and CDNs do: reset the connection, hang up
without answering, stall past the client's timeout, send fewer bytes than
Content-Length, send a body with no length at all, or drip it slowly.

It is a real server on a real socket, so the code under test runs its real
httpx stack; nothing of ours is mocked. Stdlib only.
"""

from __future__ import annotations

import socket
import struct
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

Action = Literal["respond", "reset", "close", "stall", "truncate", "no_length", "drip"]


@dataclass(frozen=True)
class Reply:
    """One scripted answer.

    ``respond``: status, headers and body with a correct Content-Length.
    ``reset``: close the socket with RST before answering (ECONNRESET).
    ``close``: close the socket cleanly without answering.
    ``stall``: wait ``delay`` seconds before answering (a read timeout).
    ``truncate``: declare Content-Length ``len(body) + 1000``, send ``body``, close.
    ``no_length``: send ``body`` with no Content-Length, end it by closing.
    ``drip``: send ``body`` one byte every ``delay`` seconds (Content-Length set).
    """

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    action: Action = "respond"
    delay: float = 0.0


@dataclass(frozen=True)
class Request:
    """What the server saw: path (with query) and lower-case headers."""

    path: str
    headers: dict[str, str]


class FaultyServer:
    """Start with :meth:`start`, stop with :meth:`stop`; see the module docstring."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._scripts: dict[str, list[Reply]] = {}
        self._requests: list[Request] = []
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting -------------------------------------------------------------------

    def script(self, path: str, *replies: Reply) -> str:
        """Serve ``replies`` in order at ``path`` (the last repeats); return the full URL."""
        if not replies:
            raise ValueError("script at least one reply")
        with self._lock:
            self._scripts[path] = list(replies)
        return self.url(path)

    def hits(self, path: str | None = None) -> int:
        """How many requests arrived (at ``path``, or in total)."""
        with self._lock:
            return sum(1 for r in self._requests if path is None or r.path == path)

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._requests)

    def _next_reply(self, path: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self._requests.append(Request(path, headers))
            queue = self._scripts.get(path)
            if not queue:
                return Reply(404, b"unscripted path")
            return queue.pop(0) if len(queue) > 1 else queue[0]

    # -- lifecycle -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> FaultyServer:
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # wakes stalled and dripping handlers
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    owner: FaultyServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        reply = self.owner._next_reply(self.path, headers)
        try:
            self._serve(reply)
        except (BrokenPipeError, ConnectionResetError, OSError):
            self.close_connection = True  # the client gave up first: expected

    def _serve(self, reply: Reply) -> None:
        stopping = self.owner._stopping
        if reply.action == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        if reply.action == "close":
            self.close_connection = True
            return
        if reply.action == "stall" and stopping.wait(reply.delay):
            self.close_connection = True
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if reply.action == "truncate":
            self.send_header("Content-Length", str(len(reply.body) + 1000))
            self.end_headers()
            self.wfile.write(reply.body)
            self.close_connection = True
            return
        if reply.action == "no_length":
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(reply.body)
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(reply.body)))
        self.end_headers()
        if reply.action == "drip":
            for i in range(len(reply.body)):
                if stopping.wait(reply.delay):
                    break
                self.wfile.write(reply.body[i : i + 1])
                self.wfile.flush()
            return
        self.wfile.write(reply.body)
