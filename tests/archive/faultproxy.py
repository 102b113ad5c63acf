"""A fault-injecting reverse proxy for 127.0.0.1: the archive misbehaving on cue.

Sits between the code under test and the local pywb. Each request is matched
against the rules in order (a regex searched in the request path and query);
the first rule with uses left decides what happens, and requests no rule
claims are forwarded untouched (with a fresh upstream connection, the client's
``Host`` kept so pywb builds URLs that point back through the proxy):

=================  ======================================================================
action             what the client sees
=================  ======================================================================
``status``         ``status`` with ``headers`` and ``body`` and no ``Memento-Datetime``:
                   a *live* 429/503 from the archive itself
``reset``          the connection closed with RST before any answer (ECONNRESET)
``close``          the connection closed cleanly without an answer
``delay``          the real answer after ``seconds`` (longer than the read timeout: a timeout)
``truncate``       the real headers and the first ``keep`` body bytes, then RST
=================  ======================================================================

Every response carries ``Connection: close``, so each request is one
connection and faults never leak into the next request. ``log`` records
``(path, outcome)`` per request. Standard library only; runs in a thread of
the test process.
"""

from __future__ import annotations

import http.client
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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


@dataclass
class Rule:
    pattern: re.Pattern[str]
    action: str
    times: int | None = 1  # None: forever
    status: int = 503
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    seconds: float = 0.0
    keep: int = 0


class FaultProxy:
    """``start()`` / ``stop()``; add rules with :meth:`fail`; ``base_url`` is where clients connect."""

    def __init__(self, upstream_host: str, upstream_port: int) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.rules: list[Rule] = []
        self.log: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def fail(self, path_regex: str, action: str, *, times: int | None = 1, **options: object) -> Rule:
        """Add a rule: the next ``times`` requests matching ``path_regex`` get ``action``."""
        rule = Rule(re.compile(path_regex), action, times, **options)  # type: ignore[arg-type]
        with self._lock:
            self.rules.append(rule)
        return rule

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()
            self.log.clear()

    def outcomes(self, path_regex: str = "") -> list[str]:
        pattern = re.compile(path_regex)
        with self._lock:
            return [outcome for path, outcome in self.log if pattern.search(path)]

    def _claim(self, path: str) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if (rule.times is None or rule.times > 0) and rule.pattern.search(path):
                    if rule.times is not None:
                        rule.times -= 1
                    return rule
        return None

    def _record(self, path: str, outcome: str) -> None:
        with self._lock:
            self.log.append((path, outcome))

    def start(self) -> FaultProxy:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                pass

            def do_GET(self) -> None:
                try:
                    proxy._handle(self)
                except (OSError, http.client.HTTPException) as e:  # the client or pywb went away
                    proxy._record(self.path, f"error {type(e).__name__}")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name="faultproxy", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(5)

    # -- one request -------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path
        rule = self._claim(path)
        handler.close_connection = True
        if rule is None:
            self._forward(handler, path, None)
            return
        self._record(path, rule.action if rule.action != "status" else f"status {rule.status}")
        if rule.action == "status":
            body = rule.body
            handler.send_response(rule.status)
            for name, value in rule.headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.wfile.write(body)
        elif rule.action == "reset":
            _reset(handler.connection)
        elif rule.action == "close":
            handler.connection.shutdown(socket.SHUT_RDWR)
        elif rule.action == "delay":
            time.sleep(rule.seconds)
            self._forward(handler, path, None, record=False)
        elif rule.action == "truncate":
            self._forward(handler, path, rule.keep, record=False)
        else:
            raise ValueError(f"unknown fault action {rule.action!r}")

    def _forward(
        self, handler: BaseHTTPRequestHandler, path: str, keep: int | None, *, record: bool = True
    ) -> None:
        upstream = http.client.HTTPConnection(*self.upstream, timeout=10)
        try:
            headers = {k: v for k, v in handler.headers.items() if k.lower() not in HOP_BY_HOP}
            headers["Connection"] = "close"
            upstream.request("GET", path, headers=headers)
            response = upstream.getresponse()
            body = response.read()
            if record:
                self._record(path, f"forwarded {response.status}")
            handler.send_response_only(response.status, response.reason)
            for name, value in response.getheaders():
                if name.lower() not in HOP_BY_HOP:
                    handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.send_header("Connection", "close")
            handler.end_headers()
            if keep is None:
                handler.wfile.write(body)
            else:
                handler.wfile.write(body[:keep])
                handler.wfile.flush()
                _reset(handler.connection)
        finally:
            upstream.close()


def _reset(sock: socket.socket) -> None:
    """Close with RST (SO_LINGER 0), so the peer sees ECONNRESET rather than a clean end."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass
