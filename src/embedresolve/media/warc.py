"""WARC/1.1 output that pywb replays: gzip per record, a ``warcinfo`` first, rolled over at 1 GB.

* live fetches: a ``request`` and a ``response`` (concurrent);
* archive-sourced bytes: a ``response`` under the *original* URL with
  ``WARC-Date`` = the capture time and ``WARC-Source-URI`` = the memento URL,
  then a ``metadata`` record about it. The metadata record has its own target
  URI (``urn:embedresolve:provenance:<uuid>``): pywb replays whatever record
  matches URL and date, and a metadata record under the media URL could shadow
  the image with our JSON;
* a payload already archived under another URL: a ``revisit``
  (``WARC-Refers-To``, ``-Target-URI``, ``-Date``; profile identical-payload-digest).

Each record is flushed and fsynced before :meth:`MediaWarc.write_*` returns, so
the manifest line written after it never names a record that is not on disk.
A writer never appends to an existing file (a torn gzip member from a killed
run stays torn): :func:`repair_warc` truncates such a file to its last whole
record, and a new run opens a new file.
"""

from __future__ import annotations

import importlib
import json
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

__all__ = ["GB", "MediaWarc", "WarcRef", "repair_warc", "warc_date"]

GB = 1024**3


def _warcio(module: str) -> Any:
    return importlib.import_module(f"warcio.{module}")


@dataclass(frozen=True, slots=True)
class WarcRef:
    file: str
    offset: int
    record_id: str

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "offset": self.offset, "record_id": self.record_id}


def warc_date(moment: datetime | None = None) -> str:
    moment = (moment or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class MediaWarc:
    """Writes into ``directory``; a new file per run and per ``max_bytes``."""

    def __init__(self, directory: Path, *, max_bytes: int = GB, software: str = "embedresolve") -> None:
        self.directory = directory
        self.max_bytes = max_bytes
        self.software = software
        self.files: list[Path] = []
        self._fh: BinaryIO | None = None
        self._writer: Any = None
        self._run = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S") + f"-{os.getpid()}"

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> MediaWarc:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _ensure_file(self) -> None:
        if self._fh is not None and self._fh.tell() < self.max_bytes:
            return
        self.close()
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"media-{self._run}-{len(self.files):05d}.warc.gz"
        self._fh = path.open("xb")  # never an existing file
        self.files.append(path)
        self._writer = _warcio("warcwriter").WARCWriter(self._fh, gzip=True, warc_version="1.1")
        info = {"software": self.software, "format": "WARC File Format 1.1", "description": "embedded media"}
        self._write(self._writer.create_warcinfo_record(path.name, info))

    def _write(self, record: Any) -> int:
        assert self._fh is not None
        offset = self._fh.tell()
        self._writer.write_record(record)
        self._fh.flush()
        os.fsync(self._fh.fileno())
        return offset

    def _ref(self, offset: int, record: Any) -> WarcRef:
        assert self.files
        return WarcRef(self.files[-1].name, offset, str(record.rec_headers.get_header("WARC-Record-ID")))

    def _http(self, status: int, headers: list[tuple[str, str]], length: int) -> Any:
        kept = [(k, v) for k, v in headers if k.lower() not in ("content-length", "transfer-encoding")]
        kept.append(("Content-Length", str(length)))
        reason = "OK" if status == 200 else ""
        return _warcio("statusandheaders").StatusAndHeaders(
            f"{status} {reason}".strip(), kept, protocol="HTTP/1.1"
        )

    def _response(
        self,
        url: str,
        body: Path,
        *,
        status: int,
        headers: list[tuple[str, str]],
        sha1: str,
        extra: dict[str, str],
    ) -> tuple[int, Any]:
        size = body.stat().st_size
        with body.open("rb") as payload:
            record = self._writer.create_warc_record(
                url,
                "response",
                payload=payload,
                length=size,
                http_headers=self._http(status, headers, size),
                warc_headers_dict={"WARC-Payload-Digest": f"sha1:{sha1}", **extra},
            )
            offset = self._write(record)
        return offset, record

    def write_live(
        self,
        url: str,
        body: Path,
        *,
        status: int,
        headers: list[tuple[str, str]],
        request_headers: list[tuple[str, str]],
        sha1: str,
        when: datetime | None = None,
    ) -> WarcRef:
        """A live fetch: ``response`` then its concurrent ``request``."""
        self._ensure_file()
        date = warc_date(when)
        offset, response = self._response(
            url, body, status=status, headers=headers, sha1=sha1, extra={"WARC-Date": date}
        )
        parsed = urlsplit(url)
        path = (parsed.path or "/") + (f"?{parsed.query}" if parsed.query else "")
        request_http = _warcio("statusandheaders").StatusAndHeaders(
            f"GET {path} HTTP/1.1",
            [("Host", parsed.netloc), *request_headers],
            is_http_request=True,
        )
        request = self._writer.create_warc_record(
            url,
            "request",
            payload=BytesIO(b""),
            length=0,
            http_headers=request_http,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        self._write(request)
        return self._ref(offset, response)

    def write_archived(
        self,
        url: str,
        body: Path,
        *,
        status: int,
        headers: list[tuple[str, str]],
        sha1: str,
        captured: datetime,
        source_uri: str | None,
        metadata: dict[str, Any],
    ) -> WarcRef:
        """Bytes from an archive, under their original URL and capture time, plus a metadata record."""
        self._ensure_file()
        extra = {"WARC-Date": warc_date(captured)}
        if source_uri:
            extra["WARC-Source-URI"] = source_uri
        offset, response = self._response(url, body, status=status, headers=headers, sha1=sha1, extra=extra)
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        data = json.dumps({"media_url": url, **metadata}, sort_keys=True).encode()
        meta = self._writer.create_warc_record(
            f"urn:embedresolve:provenance:{uuid.uuid4()}",
            "metadata",
            payload=BytesIO(data),
            length=len(data),
            warc_content_type="application/json",
            warc_headers_dict={
                "WARC-Date": warc_date(),
                "WARC-Refers-To": record_id,
                "WARC-Concurrent-To": record_id,
            },
        )
        self._write(meta)
        return self._ref(offset, response)

    def write_revisit(
        self,
        url: str,
        *,
        sha1: str,
        refers_to: WarcRef,
        refers_to_uri: str,
        refers_to_date: str,
        status: int,
        headers: list[tuple[str, str]],
        length: int,
        when: datetime | None = None,
    ) -> WarcRef:
        """The same payload under another URL (``length``: the payload's, which replay serves)."""
        self._ensure_file()
        http = self._http(status, headers, length)
        record = self._writer.create_revisit_record(
            url,
            digest=f"sha1:{sha1}",
            refers_to_uri=refers_to_uri,
            refers_to_date=refers_to_date,
            http_headers=http,
            warc_headers_dict={"WARC-Date": warc_date(when), "WARC-Refers-To": refers_to.record_id},
        )
        offset = self._write(record)
        return self._ref(offset, record)


def repair_warc(path: Path) -> int | None:
    """Truncate ``path`` after its last whole record; return the bytes cut, None when intact."""
    iterator = _warcio("archiveiterator").ArchiveIterator
    end = 0
    with path.open("rb") as fh:
        records = iterator(fh)
        try:
            for record in records:
                record.content_stream().read()
                end = records.get_record_offset() + records.get_record_length()
        except Exception:  # a torn gzip member or a short record: everything after `end` goes
            pass
        size = fh.seek(0, os.SEEK_END)
    if end >= size:
        return None
    with path.open("rb+") as fh:
        fh.truncate(end)
        os.fsync(fh.fileno())
    return size - end
