"""The bundled seed, end to end: clean --no-live resolves it from a local archive, archive-media
--no-live archives its photo from that archive (digest checked), a fresh pywb replays the result."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import jsonschema
import pytest
from typer.testing import CliRunner
from warcio.warcwriter import WARCWriter

from embedresolve.cli import app
from embedresolve.media.archiver import MediaSettings, open_archiver
from embedresolve.media.manifest import MANIFEST_SCHEMA
from embedresolve.media.sources import Endpoints, RateLimits, ResolveConfig
from embedresolve.testing.wayback_server import RunningServer, pywb_python, start_server
from tests.archive import scenario_warcs as sw
from tests.media.archive import write_response
from tests.media.conftest import FAST
from tests.media.media_app import JPEG
from tests.media.test_archiver import warcio_check

SEED_PHOTO = "https://pbs.twimg.com/media/SYNTHETIC.jpg"  # what the seed's archived syndication payload names
SEED_PHOTO_TS = "20221111203300"
NO_WAITING = ("--rate", "1000", "--search-rate", "1000", "--replay-rate", "1000", "--no-cache")


@pytest.fixture(scope="module")
def seed_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    warcs = sw.build(tmp_path_factory.mktemp("seed") / "warcs")
    with (warcs / "seed-photo.warc.gz").open("wb") as fh:
        write_response(WARCWriter(fh, gzip=True), SEED_PHOTO, SEED_PHOTO_TS, JPEG)
    server = start_server(pywb_python(), warcs)
    yield server
    server.stop()


def test_seed_photo_archived_from_the_archive_and_replayed_byte_for_byte(
    seed_archive: RunningServer, tmp_path: Path
) -> None:
    closed = "http://127.0.0.1:9"  # --no-live: nothing may be asked of the live services
    resolved = tmp_path / "resolved.jsonl"
    clean = CliRunner().invoke(
        app,
        ["clean", str(sw.SEED_FILE), "-o", str(resolved), "--no-live", "--quiet", "--wayback-url", seed_archive.base_url,
         "--syndication-url", closed, "--oembed-url", closed, "--tco-url", closed, *NO_WAITING],
    )  # fmt: skip
    assert clean.exit_code == 0, clean.output
    directory = tmp_path / "media"
    archived = CliRunner().invoke(
        app,
        ["archive-media", str(resolved), "-o", str(tmp_path / "out.jsonl"), "--dir", str(directory), "--no-live",
         "--wayback-url", seed_archive.base_url, "--syndication-url", closed, *NO_WAITING],
    )  # fmt: skip
    assert archived.exit_code == 0, archived.output
    (line,) = [json.loads(text) for text in (directory / "manifest.jsonl").read_text().splitlines()]
    jsonschema.validate(line, MANIFEST_SCHEMA)
    assert (line["outcome"], line["source"], line["chosen_url"]) == ("archived", "wayback", SEED_PHOTO)
    assert line["post"]["post_id"] == sw.SEED_ID
    assert line["digest_matched"] is True and line["memento_datetime"] == "2022-11-11T20:33:00Z"
    assert (directory / line["path"]).read_bytes() == JPEG
    assert all(a["url"].startswith(seed_archive.base_url) for a in line["attempts"])  # no live host asked
    (warc,) = (directory / "warc").glob("*.warc.gz")
    assert warcio_check(warc).returncode == 0
    replay_dir = tmp_path / "replay"
    replay_dir.mkdir()
    (replay_dir / warc.name).write_bytes(warc.read_bytes())
    server = start_server(pywb_python(), replay_dir)
    try:
        answer = httpx.get(f"{server.base_url}/web/{SEED_PHOTO_TS}id_/{SEED_PHOTO}")
    finally:
        server.stop()
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/jpeg"
    assert hashlib.sha256(answer.content).hexdigest() == line["sha256"] == Path(line["path"]).stem


def test_a_post_naming_only_its_pic_page_gets_the_file_from_an_archived_payload(
    seed_archive: RunningServer, tmp_path: Path
) -> None:
    """oEmbed-resolved posts name ``pic.twitter.com/CODE``, a page: under --no-live the archived
    syndication payload names the file, which is then archived from the archive too."""
    config = ResolveConfig(
        http=FAST, rate_limits=RateLimits.unlimited(), endpoints=Endpoints(wayback=seed_archive.base_url)
    )
    media = [
        {
            "type": "photo",
            "url": f"https://pic.twitter.com/{sw.SEED_CODE}",
            "display_url": f"pic.twitter.com/{sw.SEED_CODE}",
        }
    ]
    record = {
        "embeds": [
            {
                "platform": "twitter",
                "resolution": {
                    "status": "resolved",
                    "post": {"platform": "twitter", "post_id": sw.SEED_ID, "media": media},
                },
            }
        ]
    }
    with open_archiver(MediaSettings(directory=tmp_path, live=False), config) as archiver:
        (out,) = archiver.archive_records([record])
    (summary,) = out["embeds"][0]["media"]
    assert (summary["outcome"], summary["source"], summary["chosen_url"]) == (
        "archived",
        "wayback",
        SEED_PHOTO,
    )
