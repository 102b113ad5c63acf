"""The media test archive: captures of pbs.twimg.com files, written with warcio for pywb.

==========================================================  ===============  ==================================
URL                                                         captured         what
==========================================================  ===============  ==================================
pbs…/media/ArchOnly1AAAAAA?format=jpg&name=orig             20230401000000   bytes that fail the recorded
                                                                             digest (must be refused)
pbs…/media/ArchOnly1AAAAAA.jpg:large                        20230402000000   JPEG (the good capture)
pbs…/media/archOnly1AAAAAA.jpg                              20230403000000   another file: the ID differs by case
pbs…/media/MemOnly0AAAAAAA?format=jpg&name=4096x4096        20220101000000   JPEG (Memento test)
pbs…/media/Revisit1AAAAAA.jpg                               20230501000000   revisit of the ArchOnly :large capture
==========================================================  ===============  ==================================
"""

from __future__ import annotations

import base64
import hashlib
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.media.media_app import JPEG

ARCH_ID = "ArchOnly1AAAAAA"
ARCH_TWIN = "archOnly1AAAAAA"
MEM_ID = "MemOnly0AAAAAAA"
REVISIT_ID = "Revisit1AAAAAA"
ARCH_BYTES = JPEG + b"-archived"
TWIN_BYTES = JPEG + b"-twin"
WRONG_BYTES = ARCH_BYTES[:-8] + b"corrupt!"  # same length: stored under name=orig with ARCH_BYTES' digest
MEM_BYTES = JPEG + b"-memento"
PBS = "https://pbs.twimg.com/media/"


def sha1_b32(data: bytes) -> str:
    return base64.b32encode(hashlib.sha1(data).digest()).decode()


def write_response(writer: WARCWriter, url: str, ts: str, body: bytes, *, digest: str | None = None) -> str:
    headers = {"WARC-Date": f"{ts[:4]}-{ts[4:6]}-{ts[6:8]}T{ts[8:10]}:{ts[10:12]}:{ts[12:14]}Z"}
    if digest is not None:
        headers["WARC-Payload-Digest"] = f"sha1:{digest}"
    http = StatusAndHeaders(
        "200 OK", [("Content-Type", "image/jpeg"), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        url, "response", payload=BytesIO(body), http_headers=http, warc_headers_dict=headers
    )
    writer.write_record(record)
    record.raw_stream.close()
    return str(record.rec_headers.get_header("WARC-Record-ID"))


def build_media_archive(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "media-captures.warc.gz").open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        good = write_response(writer, f"{PBS}{ARCH_ID}.jpg:large", "20230402000000", ARCH_BYTES)
        write_response(writer, f"{PBS}{ARCH_TWIN}.jpg", "20230403000000", TWIN_BYTES)
        write_response(writer, f"{PBS}{MEM_ID}?format=jpg&name=4096x4096", "20220101000000", MEM_BYTES)
        revisit = writer.create_revisit_record(
            f"{PBS}{REVISIT_ID}.jpg",
            digest=f"sha1:{sha1_b32(ARCH_BYTES)}",
            refers_to_uri=f"{PBS}{ARCH_ID}.jpg:large",
            refers_to_date="2023-04-02T00:00:00Z",
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "image/jpeg")], protocol="HTTP/1.1"),
            warc_headers_dict={"WARC-Date": "2023-05-01T00:00:00Z", "WARC-Refers-To": good},
        )
        writer.write_record(revisit)
    _write_corrupt_capture(directory / "media-corrupt.warc")
    return directory


def _write_corrupt_capture(path: Path) -> None:
    """A capture whose stored bytes no longer match its recorded digest (bit rot, a bad copy).

    Written uncompressed with the right bytes, then the payload is overwritten in
    place: the WARC-Payload-Digest (which the index lists) still names the old bytes.
    """
    with path.open("wb") as fh:
        write_response(
            WARCWriter(fh, gzip=False), f"{PBS}{ARCH_ID}?format=jpg&name=orig", "20230401000000", ARCH_BYTES
        )
    data = path.read_bytes()
    at = data.index(ARCH_BYTES)
    path.write_bytes(data[:at] + WRONG_BYTES + data[at + len(WRONG_BYTES) :])
