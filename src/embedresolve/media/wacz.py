"""A WACZ 1.1.1 package of ``DIR/warc/*.warc.gz``, written natively (zipfile + a CDXJ index).

Layout (https://specs.webrecorder.net/wacz/1.1.1/): ``archive/<warc files>`` stored
uncompressed (readers seek into them), ``indexes/index.cdx`` (CDXJ lines
``<surt> <timestamp> {json}``, sorted), ``pages/pages.jsonl`` (one page per
archived media URL) and ``datapackage.json`` naming every file with its size and
sha256, then ``datapackage-digest.json`` with the digest of that.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

__all__ = ["cdxj_lines", "surt", "write_wacz"]

WACZ_VERSION = "1.1.1"


def surt(url: str) -> str:
    """The sort-friendly form index lookups use: ``com,twimg,pbs)/media/x?format=jpg&name=orig``.

    Scheme, ``www.`` and the default port dropped, host reversed, query sorted, lower case.
    """
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    path = parts.path or "/"
    return f"{','.join(reversed(host.split('.')))}{port})" + (path + (f"?{query}" if query else "")).lower()


def cdxj_lines(warc: Path, name: str) -> list[str]:
    """One CDXJ line per ``response``/``revisit`` record of ``warc``."""
    iterator = importlib.import_module("warcio.archiveiterator").ArchiveIterator
    lines = []
    with warc.open("rb") as fh:
        records = iterator(fh)
        for record in records:
            if record.rec_type not in ("response", "revisit"):
                continue
            headers = record.rec_headers
            url = headers.get_header("WARC-Target-URI") or ""
            date = headers.get_header("WARC-Date") or ""
            stamp = "".join(ch for ch in date if ch.isdigit())[:14]
            http = record.http_headers
            entry: dict[str, Any] = {
                "url": url,
                "mime": "warc/revisit"
                if record.rec_type == "revisit"
                else (http.get_header("Content-Type") or "").split(";")[0]
                if http
                else "",
                "status": http.get_statuscode() if http else "",
                "digest": (headers.get_header("WARC-Payload-Digest") or "").removeprefix("sha1:"),
                "offset": records.get_record_offset(),
                "filename": name,
            }
            record.content_stream().read()
            entry["length"] = records.get_record_length()
            lines.append(f"{surt(url)} {stamp} {json.dumps(entry, sort_keys=True)}")
    return lines


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def write_wacz(directory: Path, target: Path, *, software: str = "embedresolve") -> Path:
    """Package ``directory/warc/*.warc.gz`` as ``target``; returns it."""
    warcs = sorted((directory / "warc").glob("*.warc.gz"))
    index: list[str] = []
    pages: list[dict[str, str]] = []
    for warc in warcs:
        for line in cdxj_lines(warc, warc.name):
            index.append(line)
            entry = json.loads(line.split(" ", 2)[2])
            if entry["mime"] != "warc/revisit":
                stamp = line.split(" ", 2)[1]
                when = datetime.strptime(stamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
                pages.append({"url": entry["url"], "ts": when.strftime("%Y-%m-%dT%H:%M:%SZ")})
    index.sort()
    header = {"format": "json-pages-1.0", "id": "pages", "title": "Archived media"}
    files: dict[str, bytes] = {
        "indexes/index.cdx": "".join(line + "\n" for line in index).encode(),
        "pages/pages.jsonl": "".join(json.dumps(p) + "\n" for p in [header, *pages]).encode(),
    }
    resources = []
    tmp = target.with_name(target.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as archive:
        for warc in warcs:
            name = f"archive/{warc.name}"
            archive.write(warc, name, compress_type=zipfile.ZIP_STORED)
            digest = hashlib.sha256()
            with warc.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
            resources.append(
                {
                    "name": warc.name,
                    "path": name,
                    "hash": f"sha256:{digest.hexdigest()}",
                    "bytes": warc.stat().st_size,
                }
            )
        for name, data in files.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
            resources.append(
                {"name": Path(name).name, "path": name, "hash": _sha256(data), "bytes": len(data)}
            )
        package = {
            "profile": "data-package",
            "wacz_version": WACZ_VERSION,
            "title": "embedresolve archive-media",
            "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "software": software,
            "resources": resources,
        }
        data = json.dumps(package, indent=2).encode()
        archive.writestr("datapackage.json", data)
        package_digest = {"path": "datapackage.json", "hash": _sha256(data)}
        archive.writestr("datapackage-digest.json", json.dumps(package_digest).encode())
    tmp.replace(target)
    return target
