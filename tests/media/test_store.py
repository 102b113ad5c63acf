"""Files and WARCs on their own: durable commits, orphan adoption, roll-over, the torn-line cut."""

from __future__ import annotations

import base64
import hashlib
import json
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from embedresolve.media.manifest import ManifestWriter
from embedresolve.media.store import MediaStore, adopt_orphans
from embedresolve.media.warc import MediaWarc
from tests.media.media_app import JPEG, PNG
from tests.media.test_archiver import warcio_check


def temp_file(store: MediaStore, data: bytes) -> Path:
    store.temp_dir.mkdir(parents=True, exist_ok=True)
    path = store.temp_dir / ".part-test"
    path.write_bytes(data)
    return path


def test_commit_moves_the_file_to_its_address_once(tmp_path: Path) -> None:
    store = MediaStore(tmp_path)
    digest = hashlib.sha256(JPEG).hexdigest()
    path, created = store.commit(temp_file(store, JPEG), digest, "jpg")
    assert created and path.read_bytes() == JPEG
    assert store.relative(path) == f"media/sha256/{digest[:2]}/{digest[2:4]}/{digest}.jpg"
    again, created = store.commit(temp_file(store, JPEG), digest, "jpg")
    assert (again, created) == (path, False)
    assert list(store.temp_dir.iterdir()) == []


def test_orphans_are_kept_when_their_content_matches_their_name(tmp_path: Path) -> None:
    store = MediaStore(tmp_path)
    good, _ = store.commit(temp_file(store, JPEG), hashlib.sha256(JPEG).hexdigest(), "jpg")
    named = hashlib.sha256(PNG).hexdigest()
    bad, _ = store.commit(temp_file(store, JPEG + b"torn"), named, "png")  # content is not what the name says
    known, _ = store.commit(temp_file(store, b"x"), hashlib.sha256(b"x").hexdigest(), "bin")
    leftover = temp_file(store, b"half")
    adopted, removed = adopt_orphans(store, {hashlib.sha256(b"x").hexdigest()})
    assert adopted == [good]
    assert sorted(removed) == sorted([leftover, bad])
    assert good.exists() and known.exists() and not bad.exists()


def test_warc_rolls_over_and_every_file_starts_with_warcinfo(tmp_path: Path) -> None:
    body = tmp_path / "b.jpg"
    body.write_bytes(JPEG)
    sha1 = base64.b32encode(hashlib.sha1(JPEG).digest()).decode()
    with MediaWarc(tmp_path / "warc", max_bytes=1) as warc:
        refs = [
            warc.write_live(
                f"https://pbs.twimg.com/media/A{n}.jpg",
                body,
                status=200,
                headers=[("Content-Type", "image/jpeg")],
                request_headers=[],
                sha1=sha1,
            )
            for n in range(3)
        ]
    assert len(warc.files) == 3 and len({r.file for r in refs}) == 3
    for path in warc.files:
        assert warcio_check(path).returncode == 0
        with path.open("rb") as fh:
            types = [r.rec_type for r in ArchiveIterator(fh)]
        assert types == ["warcinfo", "response", "request"]


def test_manifest_cuts_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    path.write_text('{"a": 1}\n{"b": ')
    writer = ManifestWriter(path)
    writer.write({"c": 2})
    writer.close()
    assert [json.loads(line) for line in path.read_text().splitlines()] == [{"a": 1}, {"c": 2}]
