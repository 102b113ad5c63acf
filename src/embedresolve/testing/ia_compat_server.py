# mypy: ignore-errors
# (runs under the pywb venv's interpreter, with gevent and pywb, which this package does not install)
# ruff: noqa: ANN001, ANN201, ANN202, ANN204, ANN205, E501
"""pywb dressed as web.archive.org: the test suite's local Wayback Machine.

Runs in the pywb venv (``PYWB_PYTHON``), never in the test process: pywb
monkey-patches the interpreter with gevent on import and pins its own
dependencies. Standard library, gevent and pywb only.

    python ia_compat_server.py --warc-dir DIR [--port 0] [--port-file F]
        [--exit-with-parent] [--quiet] [--block URL-PREFIX ...]
        [--relative-locations REGEX]

pywb does the real work (WARC indexing, SURT canonicalisation, closest-capture
selection, revisits, content-encoding negotiation, Memento headers and
TimeMaps at ``/web/timemap/link/<url>``). A thin WSGI layer in front of it
makes the parts embedresolve relies on behave like the Internet Archive
(archive guide §1; the pywb study §3 lists each difference):

* ``/cdx/search/cdx`` answers in IA's formats: plain text with IA's seven
  fields by default, ``output=json`` as one array of arrays with a header row;
  IA's field names for ``fl``; ``filter=[!]field:regex`` as a *full* match;
  ``matchType`` (and ``url=…/*``), ``from``/``to``, ``collapse=field[:N]``
  (adjacent rows), ``limit`` (``-N`` for the last N), ``offset``, and
  ``showResumeKey``/``resumeKey`` paging (the key follows a blank line, or a
  ``[]`` row in JSON; a full page always gets a key, so the last page can be
  empty, as on IA). Fuzzy matching is off (``allowFuzzy=0`` and empty
  rules): an empty answer stays empty.
* Replay ``/web/<ts>id_/<url>``: an archived 3xx has its ``Location``
  rewritten into the archive with the capture's timestamp, as IA does
  (``http://host/web/<ts>id_/<target>``; site-relative ``/web/…`` for
  captures matching ``--relative-locations`` or whose own Location was
  relative), keeping the original in ``X-Archive-Orig-Location``; pywb's 307
  to the nearest capture becomes IA's 302; ``Set-Cookie`` becomes
  ``X-Archive-Orig-Set-Cookie``.
* ``--block PREFIX`` (a URL prefix, compared in SURT form) answers CDX queries
  and replays under it like IA's exclusions: 403 ``text/plain``
  ``…AdministrativeAccessControlException: Blocked Site Error`` with the same
  text in ``X-Archive-Wayback-Runtime-Error``.

Operations: ``--port 0 --port-file F`` lets the OS pick the port and writes it
atomically once the socket listens; ``--exit-with-parent`` exits when the
parent process dies (pytest killed); ``TCP_NODELAY`` on accepted sockets avoids
a 40 ms delayed-ACK stall per keep-alive request; ``--quiet`` silences access
logs. The index is written to ``<warc-dir>/.pywb/index.cdxj`` at start.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import contextlib  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from email.utils import parsedate_to_datetime  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import parse_qsl, quote_plus, unquote_plus, urlencode, urljoin, urlsplit  # noqa: E402

import gevent  # noqa: E402
from gevent.pywsgi import WSGIServer  # noqa: E402
from pywb.utils.geventserver import RequestURIWSGIHandler  # noqa: E402

IA_FIELDS = ("urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length")
PYWB_NAMES = {
    "urlkey": "urlkey",
    "timestamp": "timestamp",
    "original": "url",
    "mimetype": "mime",
    "statuscode": "status",
    "digest": "digest",
    "length": "length",
    "offset": "offset",
    "filename": "filename",
}
BLOCKED = "org.archive.util.io.RuntimeIOException: org.archive.wayback.exception.AdministrativeAccessControlException: Blocked Site Error"
REPLAY = re.compile(r"^/web/([0-9]{1,14})([a-z]{2}_)?/(.+)$", re.DOTALL)


# -- setup -------------------------------------------------------------------------------


def write_config(warc_dir: Path) -> Path:
    """Index the WARCs and write pywb's config for one ``web`` collection; return the state dir."""
    from pywb.indexer.cdxindexer import write_multi_cdx_index

    state = warc_dir / ".pywb"
    state.mkdir(exist_ok=True)
    warcs = sorted(str(p) for p in warc_dir.iterdir() if p.name.endswith((".warc", ".warc.gz")))
    index = state / "index.cdxj"
    tmp = state / "index.cdxj.tmp"
    write_multi_cdx_index(str(tmp), warcs, sort=True, cdxj=True)
    tmp.replace(index)
    (state / "norules.yaml").write_text(
        "default_filters: {fuzzy_search_limit: '100', not_exts: [], mimes: [], url_normalize: []}\nrules: []\n"
    )
    (state / "config.yaml").write_text(
        "collections:\n"
        f"  web: {{index_paths: {json.dumps(str(index))}, archive_paths: {json.dumps(str(warc_dir) + '/')}}}\n"
        "enable_auto_colls: false\n"
        "framed_replay: false\n"
        "redirect_to_exact: true\n"
        "enable_memento: true\n"
        "debug: false\n"
        f"rules_file: {json.dumps(str(state / 'norules.yaml'))}\n"
    )
    return state


# -- the IA layer --------------------------------------------------------------------------


def surt(url):
    from pywb.utils.canonicalize import canonicalize

    try:
        return canonicalize(url)
    except Exception:
        return url


class IACompat:
    """WSGI middleware: IA's CDX API and redirect conventions on top of pywb."""

    def __init__(self, app, blocked=(), relative_locations=None):
        self.app = app
        self.blocked = tuple(surt(p if "://" in p else "http://" + p) for p in blocked)
        self.relative = re.compile(relative_locations) if relative_locations else None

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path == "/cdx/search/cdx":
            return self.cdx(environ, start_response)
        query = environ.get("QUERY_STRING", "")
        raw = environ.get("REQUEST_URI") or (path + ("?" + query if query else ""))
        match = REPLAY.match(raw)  # the raw URI: PATH_INFO is percent-decoded
        if match:
            target = match.group(3)
            if self.is_blocked(target):
                return self.blocked_answer(start_response)
            return self.replay(environ, start_response, match.group(1), match.group(2) or "", target)
        return self.app(environ, start_response)

    # -- blocking

    def is_blocked(self, url):
        key = surt(url if "://" in url else "http://" + url)
        return any(key.startswith(prefix) for prefix in self.blocked)

    def blocked_answer(self, start_response):
        body = (BLOCKED + "\n").encode()
        start_response(
            "403 Forbidden",
            [
                ("Content-Type", "text/plain;charset=UTF-8"),
                ("Content-Length", str(len(body))),
                ("X-Archive-Wayback-Runtime-Error", BLOCKED),
            ],
        )
        return [body]

    # -- replay

    def replay(self, environ, start_response, timestamp, flag, target):
        host = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
        scheme = environ.get("wsgi.url_scheme", "http")

        def patched(status, headers, exc_info=None):
            code = int(status.split(" ", 1)[0])
            names = {k.lower() for k, _ in headers}
            out = []
            memento_ts = None
            for k, v in headers:
                if k.lower() == "memento-datetime":
                    try:
                        memento_ts = parsedate_to_datetime(v).strftime("%Y%m%d%H%M%S")
                    except (TypeError, ValueError):
                        memento_ts = timestamp
            for k, v in headers:
                low = k.lower()
                if low == "set-cookie":
                    out.append(("X-Archive-Orig-Set-Cookie", v))
                elif (
                    low == "location" and flag == "id_" and "memento-datetime" in names and 300 <= code < 400
                ):
                    resolved = urljoin(target, v)
                    prefix = f"/web/{memento_ts or timestamp}id_/"
                    relative = not urlsplit(v).scheme or (self.relative and self.relative.search(target))
                    new = prefix + resolved if relative else f"{scheme}://{host}{prefix}{resolved}"
                    out.append(("Location", new))
                    out.append(("X-Archive-Orig-Location", v))
                else:
                    out.append((k, v))
            if code == 307:
                status = "302 Found"
            return start_response(status, out, exc_info)

        return self.app(environ, patched)

    # -- CDX

    def cdx(self, environ, start_response):
        params = parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        single = {}
        filters = []
        collapses = []
        for k, v in params:
            if k == "filter":
                filters.append(v)
            elif k == "collapse":
                collapses.append(v)
            else:
                single.setdefault(k, v)
        url = single.get("url", "")
        if not url:
            return self.text(start_response, "400 Bad Request", "url parameter is required\n")
        match_type = single.get("matchType", "exact")
        if url.endswith("/*") and "matchType" not in single:
            url, match_type = url[:-2], "prefix"
        elif url.startswith("*.") and "matchType" not in single:
            url, match_type = url[2:], "domain"
        if self.is_blocked(url):
            return self.blocked_answer(start_response)
        try:
            rows = self.query(
                environ, url, match_type, single.get("from"), single.get("to"), single.get("resolveRevisits")
            )
            fields = [f for f in single.get("fl", ",".join(IA_FIELDS)).split(",") if f]
            compiled = [compile_filter(f) for f in filters]
        except ValueError as e:
            return self.text(start_response, "400 Bad Request", f"{e}\n")
        start = 0
        if single.get("resumeKey"):
            start = decode_key(unquote_plus(single["resumeKey"]))
        limit = int(single["limit"]) if single.get("limit", "").lstrip("-").isdigit() else None
        offset = int(single["offset"]) if single.get("offset", "").isdigit() else 0
        selected = []
        last_keys = [None] * len(collapses)
        position = start
        full = False
        tail = limit is not None and limit < 0
        for position in range(start, len(rows)):
            row = rows[position]
            if not all(f(row) for f in compiled):
                continue
            keys = [collapse_key(row, c) for c in collapses]
            if collapses and any(
                k is not None and k == last for k, last in zip(keys, last_keys, strict=True)
            ):
                continue
            last_keys = keys
            if offset:
                offset -= 1
                continue
            selected.append(row)
            if limit is not None and not tail and len(selected) >= limit:
                full = True
                break
        if tail:
            selected = selected[limit:]
        resume = None
        if full and single.get("showResumeKey") == "true":
            last = rows[position]
            resume = quote_plus(f"{last['urlkey']} {last['timestamp']}!{position + 1}")
        table = [[str(row.get(f, "-")) for f in fields] for row in selected]
        if single.get("output") == "json":
            out = [fields, *table] if table else []
            if resume:
                out = out or [fields]
                out += [[], [resume]]
            body = ("[" + ",\n".join(json.dumps(r) for r in out) + "]\n") if out else "[]\n"
            return self.text(start_response, "200 OK", body, "application/json")
        body = "".join(" ".join(r) + "\n" for r in table)
        if resume:
            body += f"\n{resume}\n"
        return self.text(start_response, "200 OK", body)

    def query(self, environ, url, match_type, from_, to, resolve):
        """All captures matching ``url`` from pywb's own CDX API, in index order, with IA field names."""
        args = [("url", url), ("matchType", match_type), ("output", "json"), ("allowFuzzy", "0")]
        if from_:
            args.append(("from", from_))
        if to:
            args.append(("to", to))
        if resolve:
            args.append(("resolveRevisits", resolve))
        inner = dict(environ)
        inner["PATH_INFO"] = "/web/cdx"
        inner["QUERY_STRING"] = urlencode(args)
        inner["REQUEST_URI"] = "/web/cdx?" + inner["QUERY_STRING"]
        inner["wsgi.input"] = io.BytesIO(b"")
        captured = {}

        def start(status, headers, exc_info=None):
            captured["status"] = status
            return lambda data: None

        chunks = self.app(inner, start)
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        if not captured.get("status", "").startswith("200"):
            return []
        rows = []
        for line in body.decode("utf-8", "replace").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            rows.append({ia: str(item.get(py, "-")) for ia, py in PYWB_NAMES.items()})
        return rows

    @staticmethod
    def text(start_response, status, body, content_type="text/plain;charset=UTF-8"):
        data = body.encode()
        start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
        return [data]


def compile_filter(spec):
    """IA's ``[!]field:regex``: the regex must match the whole value."""
    negate = spec.startswith("!")
    field, sep, pattern = spec.lstrip("!").partition(":")
    if not sep or field not in PYWB_NAMES:
        raise ValueError(f"bad filter {spec!r}")
    try:
        regex = re.compile(pattern)
    except re.error as e:
        raise ValueError(f"bad filter regex {pattern!r}: {e}") from e
    return lambda row: (regex.fullmatch(row.get(field, "-")) is not None) != negate


def collapse_key(row, spec):
    field, _, digits = spec.partition(":")
    value = row.get(field)
    if value is None:
        return None
    return value[: int(digits)] if digits.isdigit() else value


def decode_key(key):
    _, _, position = key.rpartition("!")
    return int(position) if position.isdigit() else 0


# -- server --------------------------------------------------------------------------------


class NoDelayServer(WSGIServer):
    """Sets TCP_NODELAY: gevent writes headers and body separately, which stalls keep-alive clients."""

    def handle(self, sock, address):
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return super().handle(sock, address)


def watch_parent(parent):
    while True:
        if os.getppid() != parent:
            os._exit(0)
        gevent.sleep(0.25)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--warc-dir", required=True, type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--port-file", type=Path)
    parser.add_argument("--exit-with-parent", action="store_true")
    parser.add_argument("--quiet", action="store_true")
    parser.add_argument("--block", action="append", default=[], help="URL prefix the archive excludes")
    parser.add_argument(
        "--relative-locations", help="regex of capture URLs whose redirects get a /web/… Location"
    )
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, stream=sys.stderr)
    warc_dir = args.warc_dir.resolve()
    state = write_config(warc_dir)
    os.chdir(state)  # pywb also looks for ./config.yaml and templates relative to the cwd

    from pywb.apps.frontendapp import FrontEndApp

    pywb_app = FrontEndApp(config_file=str(state / "config.yaml"))
    if args.quiet:
        # A writer that drops lines (gevent fails on None and prints a traceback per request).
        pywb_app.warcserver_server.server.log = Path(os.devnull).open("w")  # noqa: SIM115 - process-long
    app = IACompat(pywb_app, args.block, args.relative_locations)
    server = NoDelayServer(
        (args.host, args.port),
        app,
        handler_class=RequestURIWSGIHandler,
        log=None if args.quiet else "default",
    )
    server.init_socket()
    port = server.address[1]
    if args.port_file:
        tmp = args.port_file.with_suffix(".tmp")
        tmp.write_text(str(port))
        tmp.replace(args.port_file)
    if args.exit_with_parent:
        gevent.spawn(watch_parent, os.getppid())
    print(
        f"ia_compat_server listening on http://{args.host}:{port} (started {time.strftime('%H:%M:%S')})",
        file=sys.stderr,
        flush=True,
    )
    server.serve_forever()


if __name__ == "__main__":
    main()
