"""Writing WARC files of archived responses, for a local archive in tests and benchmarks.

Needs warcio (``pip install 'embedresolve[warc]'``). pywb serves what
:func:`write_warc` writes (see :mod:`embedresolve.testing.wayback_server`), and
:class:`~embedresolve.resolve.sources.warcfiles.WarcSource` reads the same files.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders  # type: ignore[import-untyped]  # no stubs
from warcio.warcwriter import WARCWriter  # type: ignore[import-untyped]

__all__ = ["Capture", "write_warc"]


@dataclass
class Capture:
    """One archived HTTP response: what a crawler saw at ``url`` at ``timestamp``."""

    url: str
    timestamp: str  # 14 digits
    status: str = "200 OK"
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    headers: list[tuple[str, str]] = field(default_factory=list)
    gzip_body: bool = False


def _warc_date(timestamp: str) -> str:
    moment = datetime.strptime(timestamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def write_warc(path: Path, captures: list[Capture]) -> Path:
    """Write ``captures`` as gzipped WARC response records (deterministic but for record IDs)."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for cap in captures:
            body = gzip.compress(cap.body, mtime=0) if cap.gzip_body else cap.body
            headers = [("Content-Type", cap.content_type), *cap.headers]
            if cap.gzip_body:
                headers.append(("Content-Encoding", "gzip"))
            headers.append(("Content-Length", str(len(body))))
            record = writer.create_warc_record(
                cap.url,
                "response",
                payload=BytesIO(body),
                http_headers=StatusAndHeaders(cap.status, headers, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": _warc_date(cap.timestamp)},
            )
            writer.write_record(record)
            record.raw_stream.close()  # warcio spools the payload to a temp file it never closes
    return path
