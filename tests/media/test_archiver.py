"""archive-media end to end, in-process: files, manifest, OUT summary, WARCs that warcio checks
and a fresh pywb replays byte for byte; dedup (seen, duplicate → revisit)."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest
from warcio.archiveiterator import ArchiveIterator

from embedresolve.media.archiver import MediaSettings, open_archiver
from embedresolve.media.manifest import MANIFEST_SCHEMA
from embedresolve.media.sources import Endpoints, RateLimits, ResolveConfig
from embedresolve.media.wacz import surt, write_wacz
from embedresolve.testing.wayback_server import RunningServer, pywb_python, start_server
from tests.media.archive import ARCH_BYTES, ARCH_ID, PBS, REVISIT_ID
from tests.media.conftest import FAST, PHOTO_ID
from tests.media.media_app import JPEG, MediaApp
from tests.servers.platform_app import PHOTO_ID as PHOTO_POST
from tests.servers.platform_app import PlatformApp

BIG_PATH = "/ext_tw_video/1900000000000000001/pu/vid/1920x1080/big.mp4"


def embed(post_id: str, media: list[dict[str, Any]], status: str = "resolved") -> dict[str, Any]:
    post = {"platform": "twitter", "post_id": post_id, "url": None, "text": "t", "media": media}
    return {"platform": "twitter", "resolution": {"status": status, "post": post}}


def photo(media_id: str) -> dict[str, Any]:
    return {"type": "photo", "url": f"{PBS}{media_id}.jpg", "variants": []}


def records(other: str) -> list[dict[str, Any]]:
    return [
        {"id": "a", "embeds": [embed(PHOTO_POST, [photo(PHOTO_ID)])]},  # syndication names it (and more)
        {"id": "b", "embeds": [embed("1600000000000000099", [photo(ARCH_ID)])]},  # gone live; in Wayback
        {"id": "c", "embeds": [embed("1600000000000000099", [photo(PHOTO_ID)])]},  # seen: not fetched again
        {
            "id": "d",
            "embeds": [embed("1600000000000000098", [photo(REVISIT_ID)], status="partial")],
        },  # same bytes as b
        {
            "id": "e",
            "embeds": [
                embed(
                    "1600000000000000097",
                    [
                        {
                            "type": "video",
                            "url": f"{other}/v/1280x720/x.mp4",
                            "variants": [f"{other}/v/1280x720/x.mp4"],
                        },
                        {"type": "video", "url": f"https://video.twimg.com{BIG_PATH}", "variants": []},
                    ],
                )
            ],
        },
        {
            "id": "f",
            "embeds": [{"platform": "twitter", "resolution": {"status": "unresolved", "post": None}}],
        },
    ]


@pytest.fixture(scope="module")
def platform() -> Iterator[PlatformApp]:
    app = PlatformApp().start()
    yield app
    app.stop()


def run(
    directory: Path,
    media_app: MediaApp,
    pywb: RunningServer,
    platform: PlatformApp,
    items: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    config = ResolveConfig(
        http=FAST,
        rate_limits=RateLimits.unlimited(),
        endpoints=Endpoints(wayback=pywb.base_url, syndication=platform.base_url),
    )
    settings = MediaSettings(
        directory=directory,
        max_bytes={"image": 10**6, "video": 2**20},
        origins={"pbs.twimg.com": media_app.base_url, "video.twimg.com": media_app.base_url},
    )
    with open_archiver(settings, config, sleep=lambda s: None) as archiver:
        return list(archiver.archive_records(json.loads(json.dumps(items))))


def manifest(directory: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (directory / "manifest.jsonl").read_text().splitlines()]


def warcio_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", str(path)], capture_output=True, text=True, check=False
    )


@pytest.fixture(scope="module")
def archived(
    tmp_path_factory: pytest.TempPathFactory,
    media_session: MediaApp,
    media_pywb: RunningServer,
    platform: PlatformApp,
):
    other = MediaApp().start()
    media_session.add_video(BIG_PATH, size=3 * 2**20)
    directory = tmp_path_factory.mktemp("out")
    media_session.reset()
    out = run(directory, media_session, media_pywb, platform, records(other.base_url))
    seen_elsewhere = other.seen
    other.stop()
    return directory, out, manifest(directory), list(media_session.seen), seen_elsewhere


def test_outcomes_per_item(archived) -> None:
    _, _, lines, _, _ = archived
    table = [
        (line["record"], line["role"], line["identity"].split(":")[2], line["outcome"], line["source"])
        for line in lines
    ]
    assert table == [
        (0, "photo", PHOTO_ID, "archived", "live"),
        (1, "photo", ARCH_ID, "archived", "wayback"),
        (2, "photo", PHOTO_ID, "archived", "live"),
        (3, "photo", REVISIT_ID, "duplicate", "wayback"),
        (4, "video", "http", "blocked", None),  # the off-host URL is its own identity
        (4, "video", "1900000000000000001", "too_large", None),
    ]


def test_every_manifest_line_validates(archived) -> None:
    for line in archived[2]:
        jsonschema.validate(line, MANIFEST_SCHEMA)


def test_files_are_content_addressed_and_deduplicated(archived) -> None:
    directory, _, lines, _, _ = archived
    files = sorted((directory / "media" / "sha256").rglob("*.*"))
    assert [f.name for f in files] == sorted(
        {f"{hashlib.sha256(b).hexdigest()}.jpg" for b in (JPEG, ARCH_BYTES)}
    )
    for line in lines:
        if line["path"]:
            data = (directory / line["path"]).read_bytes()
            assert hashlib.sha256(data).hexdigest() == line["sha256"] == Path(line["path"]).stem
    duplicate = lines[3]
    assert duplicate["path"] == lines[1]["path"] and duplicate["duplicate_of"] == f"twitter:photo:{ARCH_ID}"
    assert lines[1]["digest_matched"] is True and lines[1]["cdx_digest"] == lines[1]["sha1"]


def test_seen_identity_is_not_fetched_twice_and_off_list_host_never(archived) -> None:
    _, _, lines, media_requests, elsewhere = archived
    assert media_requests.count(f"/media/{PHOTO_ID}?format=jpg&name=orig") == 1
    assert lines[2]["attempts"] == []
    assert elsewhere == []


def test_out_records_carry_the_media_summary(archived) -> None:
    _, out, lines, _, _ = archived
    assert [e.get("media") for r in out for e in r["embeds"]][-1] is None  # nothing named: nothing added
    summary = out[1]["embeds"][0]["media"][0]
    assert summary["outcome"] == "archived" and summary["sha256"] == lines[1]["sha256"]
    assert summary["path"] == lines[1]["path"]


def test_every_warc_passes_warcio_check(archived) -> None:
    directory = archived[0]
    warcs = sorted((directory / "warc").glob("*.warc.gz"))
    assert warcs
    for path in warcs:
        done = warcio_check(path)
        assert done.returncode == 0, done.stdout + done.stderr


def test_a_fresh_pywb_replays_every_file_byte_for_byte(archived, tmp_path: Path) -> None:
    directory, _, lines, _, _ = archived
    collection = tmp_path / "replay"
    collection.mkdir()
    for path in (directory / "warc").glob("*.warc.gz"):
        (collection / path.name).write_bytes(path.read_bytes())
    server = start_server(pywb_python(), collection)
    try:
        for line in lines:
            if line["outcome"] not in ("archived", "duplicate"):
                continue
            stamp = "".join(ch for ch in line["warc"]["date"] if ch.isdigit())[:14]
            answer = httpx.get(f"{server.base_url}/web/{stamp}id_/{line['chosen_url']}")
            assert answer.status_code == 200, line["chosen_url"]
            assert answer.headers["content-type"].startswith("image/"), (
                "the metadata record must not shadow the media"
            )
            assert hashlib.sha256(answer.content).hexdigest() == line["sha256"] == Path(line["path"]).stem, (
                line["chosen_url"]
            )
    finally:
        server.stop()


def test_wacz_package_validates(archived, tmp_path: Path) -> None:
    """Structure per WACZ 1.1.1; every resource's hash; a sorted CDXJ whose offsets land on the records."""
    directory, _, lines, _, _ = archived
    target = write_wacz(directory, tmp_path / "media.wacz")
    with zipfile.ZipFile(target) as wacz:
        names = set(wacz.namelist())
        assert {
            "datapackage.json",
            "datapackage-digest.json",
            "indexes/index.cdx",
            "pages/pages.jsonl",
        } <= names
        package = json.loads(wacz.read("datapackage.json"))
        assert package["wacz_version"] == "1.1.1" and package["profile"] == "data-package"
        digest = json.loads(wacz.read("datapackage-digest.json"))
        assert digest["hash"] == "sha256:" + hashlib.sha256(wacz.read("datapackage.json")).hexdigest()
        for resource in package["resources"]:
            data = wacz.read(resource["path"])
            assert resource["hash"] == "sha256:" + hashlib.sha256(data).hexdigest() and resource[
                "bytes"
            ] == len(data)
        for info in wacz.infolist():
            if info.filename.startswith("archive/"):
                assert info.compress_type == zipfile.ZIP_STORED
        index = wacz.read("indexes/index.cdx").decode().splitlines()
        assert index == sorted(index)
        archived_urls = {line["chosen_url"] for line in lines if line["outcome"] in ("archived", "duplicate")}
        indexed = set()
        for row in index:
            key, _, rest = row.split(" ", 2)
            entry = json.loads(rest)
            assert key == surt(entry["url"])
            with wacz.open(f"archive/{entry['filename']}") as raw:
                data = raw.read()
            record = next(
                iter(ArchiveIterator(BytesIO(data[entry["offset"] : entry["offset"] + entry["length"]])))
            )
            assert record.rec_headers.get_header("WARC-Target-URI") == entry["url"]
            indexed.add(entry["url"])
        assert archived_urls <= indexed


def test_with_posts_adds_the_syndication_json_as_a_response(
    tmp_path: Path, media_app: MediaApp, media_pywb: RunningServer, platform: PlatformApp
) -> None:
    config = ResolveConfig(
        http=FAST,
        rate_limits=RateLimits.unlimited(),
        endpoints=Endpoints(wayback=media_pywb.base_url, syndication=platform.base_url),
    )
    settings = MediaSettings(
        directory=tmp_path, with_posts=True, origins={"pbs.twimg.com": media_app.base_url}
    )
    items = [
        {"embeds": [embed(PHOTO_POST, [photo(PHOTO_ID)])]},
        {"embeds": [embed(PHOTO_POST, [photo(PHOTO_ID)])]},
    ]
    with open_archiver(settings, config, sleep=lambda s: None) as archiver:
        list(archiver.archive_records(items))
    (warc,) = (tmp_path / "warc").glob("*.warc.gz")
    with warc.open("rb") as fh:
        responses = [
            r.rec_headers.get_header("WARC-Target-URI")
            for r in ArchiveIterator(fh)
            if r.rec_type == "response"
        ]
    posts = [url for url in responses if "/tweet-result?id=" in url]
    assert len(posts) == 1 and PHOTO_POST in posts[0]  # once, though two records embed the post
    assert warcio_check(warc).returncode == 0


def test_revisit_refers_to_the_first_record_exactly(archived) -> None:
    directory, _, lines, _, _ = archived
    first, duplicate = lines[1], lines[3]
    records = {}
    for path in (directory / "warc").glob("*.warc.gz"):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                records[record.rec_headers.get_header("WARC-Record-ID")] = record.rec_headers
    original = records[first["warc"]["record_id"]]
    revisit = records[duplicate["warc"]["record_id"]]
    assert revisit.get_header("WARC-Type") == "revisit"
    assert revisit.get_header("WARC-Refers-To") == first["warc"]["record_id"]
    assert (
        revisit.get_header("WARC-Refers-To-Target-URI")
        == first["chosen_url"]
        == original.get_header("WARC-Target-URI")
    )
    assert (
        revisit.get_header("WARC-Refers-To-Date") == original.get_header("WARC-Date") == first["warc"]["date"]
    )
    assert original.get_header("WARC-Source-URI") == first["memento_url"]  # archived bytes name their memento
