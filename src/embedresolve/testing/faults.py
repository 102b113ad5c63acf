"""One fault-injecting HTTP/1.1 server on 127.0.0.1: scripted answers, and a proxy that misbehaves on cue.

Two ways to tell it what to do, checked in this order for each request:

* :meth:`FaultServer.script` — an exact path gets a sequence of
  :class:`Reply` objects, served in order; the last one repeats. For the
  fetcher's own tests: every misbehaviour real archives and CDNs show.
* :meth:`FaultServer.fail` — a regex searched in the path (and query) claims
  the next ``times`` requests for a fault; with an ``upstream`` (a local pywb)
  every request nothing claims is forwarded untouched (a fresh upstream
  connection, the client's ``Host`` kept so pywb builds URLs that point back
  through the proxy). For the archive tests: the archive failing on cue.

A path neither scripted nor claimed gets a 404 without an upstream.

==============  ===========================================================================
``Reply``       what the client sees
==============  ===========================================================================
``respond``     status, headers and body with a correct Content-Length
``reset``       the connection closed with RST before any answer (ECONNRESET)
``close``       the connection closed cleanly without an answer
``stall``       nothing for ``delay`` seconds, then the answer (a read timeout)
``truncate``    Content-Length ``len(body) + 1000``, ``body``, then the connection closes
``no_length``   ``body`` with no Content-Length, ended by closing
``drip``        ``body`` one byte every ``delay`` seconds (Content-Length set)
``forward``     the upstream's answer, after ``delay`` seconds; with ``keep`` set, its
                headers and only the first ``keep`` body bytes, then RST
==============  ===========================================================================

:meth:`fail` speaks the proxy's words: ``status`` (a *live* 429/503 from the
archive itself, no ``Memento-Datetime``), ``reset``, ``close``, ``delay``
(the real answer after ``seconds``) and ``truncate`` (the real answer cut
after ``keep`` bytes). Answers to claimed and forwarded requests carry
``Connection: close``, so faults never leak into the next request.

It is a real server on a real socket, so the code under test runs its real
httpx stack; nothing is mocked. Standard library only; it runs in a thread.
``requests`` lists what arrived; ``log`` / :meth:`outcomes` what each got.
"""

from __future__ import annotations

import http.client
import re
import socket
import struct
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

__all__ = ["FaultServer", "Reply", "Request", "Rule"]

Action = Literal["respond", "reset", "close", "stall", "truncate", "no_length", "drip", "forward"]
ProxyAction = Literal["status", "reset", "close", "delay", "truncate"]

HOP_BY_HOP = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-connection",
        "transfer-encoding",
        "te",
        "trailer",
        "upgrade",
        "content-length",
    }
)


@dataclass(frozen=True)
class Reply:
    """One answer (see the module docstring for the actions)."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    action: Action = "respond"
    delay: float = 0.0
    keep: int | None = None  # ``forward``: body bytes sent before the RST


@dataclass
class Rule:
    """The next ``times`` requests whose path matches ``pattern`` get ``reply`` (None: forever)."""

    pattern: re.Pattern[str]
    reply: Reply
    outcome: str
    times: int | None = 1


@dataclass(frozen=True)
class Request:
    """What the server saw: path (with query) and lower-case headers."""

    path: str
    headers: dict[str, str]


class FaultServer:
    """Start with :meth:`start`, stop with :meth:`stop`; see the module docstring.

    ``upstream`` (host, port) makes it a proxy in front of that server.
    """

    def __init__(self, upstream_host: str | None = None, upstream_port: int | None = None) -> None:
        self.upstream = (upstream_host, upstream_port) if upstream_host and upstream_port else None
        self.rules: list[Rule] = []
        self.log: list[tuple[str, str]] = []
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

    def fail(
        self,
        path_regex: str,
        action: ProxyAction,
        *,
        times: int | None = 1,
        status: int = 503,
        headers: dict[str, str] | None = None,
        body: bytes = b"",
        seconds: float = 0.0,
        keep: int = 0,
    ) -> Rule:
        """Add a rule: the next ``times`` requests matching ``path_regex`` get ``action``."""
        reply = {
            "status": Reply(status, body, dict(headers or {})),
            "reset": Reply(action="reset"),
            "close": Reply(action="close"),
            "delay": Reply(action="forward", delay=seconds),
            "truncate": Reply(action="forward", keep=keep),
        }.get(action)
        if reply is None:
            raise ValueError(f"unknown fault action {action!r}")
        outcome = f"status {status}" if action == "status" else action
        rule = Rule(re.compile(path_regex), reply, outcome, times)
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Forget the rules and the log (scripts stay)."""
        with self._lock:
            self.rules.clear()
            self.log.clear()

    def hits(self, path: str | None = None) -> int:
        """How many requests arrived (at ``path``, or in total)."""
        with self._lock:
            return sum(1 for r in self._requests if path is None or r.path == path)

    @property
    def requests(self) -> list[Request]:
        with self._lock:
            return list(self._requests)

    def outcomes(self, path_regex: str = "") -> list[str]:
        """What each request matching ``path_regex`` got, in order (``forwarded 200``, ``reset`` …)."""
        pattern = re.compile(path_regex)
        with self._lock:
            return [outcome for path, outcome in self.log if pattern.search(path)]

    def _decide(self, path: str, headers: dict[str, str]) -> tuple[Reply, bool]:
        """The reply for one request, and whether it is scripted (keep-alive) or proxied (close)."""
        with self._lock:
            self._requests.append(Request(path, headers))
            queue = self._scripts.get(path)
            if queue:
                return (queue.pop(0) if len(queue) > 1 else queue[0]), True
            for rule in self.rules:
                if (rule.times is None or rule.times > 0) and rule.pattern.search(path):
                    if rule.times is not None:
                        rule.times -= 1
                    self.log.append((path, rule.outcome))
                    return rule.reply, False
        if self.upstream is not None:
            return Reply(action="forward"), False
        return Reply(404, b"unscripted path"), True

    def _record(self, path: str, outcome: str) -> None:
        with self._lock:
            self.log.append((path, outcome))

    # -- lifecycle -------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("server not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> FaultServer:
        server = self

        class Handler(_Handler):
            owner = server

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="faults", daemon=True
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
    owner: FaultServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass

    def do_GET(self) -> None:
        headers = {k.lower(): v for k, v in self.headers.items()}
        reply, scripted = self.owner._decide(self.path, headers)
        try:
            if not scripted:
                self.close_connection = True
            self._serve(reply, close=not scripted)
        except (OSError, http.client.HTTPException) as e:  # the client (or upstream) gave up first
            self.close_connection = True
            if not scripted:
                self.owner._record(self.path, f"error {type(e).__name__}")

    def _serve(self, reply: Reply, *, close: bool) -> None:
        stopping = self.owner._stopping
        if reply.action == "reset":
            _reset(self.connection)
            self.close_connection = True
            return
        if reply.action == "close":
            if close:  # a proxied request: end the stream now, as a dying upstream would
                self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        if reply.action in ("stall", "forward") and reply.delay and stopping.wait(reply.delay):
            self.close_connection = True
            return
        if reply.action == "forward":
            self._forward(reply.keep, record=reply.delay == 0 and reply.keep is None)
            return
        self.send_response(reply.status)
        for name, value in reply.headers.items():
            self.send_header(name, value)
        if close:
            self.send_header("Connection", "close")
        if reply.action == "truncate":
            self.send_header("Content-Length", str(len(reply.body) + 1000))
            self.end_headers()
            self.wfile.write(reply.body)
            self.close_connection = True
            return
        if reply.action == "no_length":
            if not close:
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

    def _forward(self, keep: int | None, *, record: bool) -> None:
        upstream = self.owner.upstream
        if upstream is None or upstream[0] is None or upstream[1] is None:
            raise RuntimeError("forwarding needs an upstream")
        connection = http.client.HTTPConnection(upstream[0], upstream[1], timeout=10)
        try:
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Connection"] = "close"
            connection.request("GET", self.path, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if record:
                self.owner._record(self.path, f"forwarded {response.status}")
            self.send_response_only(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            if keep is None:
                self.wfile.write(body)
            else:
                self.wfile.write(body[:keep])
                self.wfile.flush()
                _reset(self.connection)
        finally:
            connection.close()


def _reset(sock: socket.socket) -> None:
    """Close with RST (SO_LINGER 0), so the peer sees ECONNRESET rather than a clean end."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass
