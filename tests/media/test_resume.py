"""The command line, and resuming after ``kill -9``: no duplicate files or manifest lines, WARCs whole."""

from __future__ import annotations

import collections
import json
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import jsonschema
from typer.testing import CliRunner

from embedresolve.cli import app
from embedresolve.media.manifest import MANIFEST_SCHEMA
from embedresolve.media.warc import repair_warc
from embedresolve.testing.wayback_server import RunningServer
from tests.media.archive import PBS
from tests.media.conftest import PHOTO_ID
from tests.media.media_app import JPEG, MediaApp
from tests.media.test_archiver import warcio_check

N = 24


def write_input(path: Path, ids: list[str]) -> Path:
    with path.open("w") as fh:
        for n, media_id in enumerate(ids):
            post = {
                "platform": "twitter",
                "post_id": str(1600000000000000100 + n),
                "media": [{"type": "photo", "url": f"{PBS}{media_id}.jpg"}],
            }
            fh.write(
                json.dumps(
                    {
                        "id": n,
                        "embeds": [
                            {"platform": "twitter", "resolution": {"status": "resolved", "post": post}}
                        ],
                    }
                )
                + "\n"
            )
    return path


def args(source: Path, directory: Path, app_url: str, pywb: RunningServer) -> list[str]:
    return [
        "archive-media", str(source), "-o", str(directory / "out.jsonl"), "--dir", str(directory),
        "--roles", "photo", "--no-cache", "--wayback-url", pywb.base_url, "--rate", "1000",
        "--media-origin", f"pbs.twimg.com={app_url}",
    ]  # fmt: skip


def test_cli_archives_and_prints_a_summary(
    tmp_path: Path, media_app: MediaApp, media_pywb: RunningServer
) -> None:
    source = write_input(tmp_path / "in.jsonl", [PHOTO_ID])
    with source.open("a") as fh:
        fh.write("not json\n")
    result = CliRunner().invoke(
        app, [*args(source, tmp_path / "d", media_app.base_url, media_pywb), "--wacz"]
    )
    assert result.exit_code == 1, result.output  # the bad line is rejected, as clean does
    out = [json.loads(line) for line in (tmp_path / "d" / "out.jsonl").read_text().splitlines()]
    assert out[0]["embeds"][0]["media"][0]["outcome"] == "archived"
    assert "1 media item(s): archived 1" in result.output
    assert zipfile.is_zipfile(tmp_path / "d" / "media.wacz")
    schema = CliRunner().invoke(app, ["schema", "--manifest"])
    assert json.loads(schema.output) == MANIFEST_SCHEMA


def test_kill_9_mid_run_then_rerun(
    tmp_path: Path, media_session: MediaApp, media_pywb: RunningServer
) -> None:
    ids = [f"Kill{n:03d}AAAAAAAAA" for n in range(N)]
    for n, media_id in enumerate(ids):
        media_session.add_photo(media_id, "jpg", JPEG + f"-{n}".encode())
    media_session.reset()
    media_session.delay = 0.03
    directory = tmp_path / "d"
    source = write_input(tmp_path / "in.jsonl", ids)
    command = [
        sys.executable,
        "-c",
        "from embedresolve.cli import app; app()",
        *args(source, directory, media_session.base_url, media_pywb),
    ]
    manifest = directory / "manifest.jsonl"
    try:
        first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and (not manifest.exists() or manifest.read_text().count("\n") < 6):
            time.sleep(0.01)
        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        killed_at = manifest.read_text().count("\n")
        assert 6 <= killed_at < N, "the kill must land mid-run"
        second = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
        assert second.returncode == 0, second.stderr
    finally:
        media_session.delay = 0.0
    lines = [json.loads(line) for line in manifest.read_text().splitlines()]
    keys = [(line["record"], line["embed"], line["index"]) for line in lines]
    assert sorted(keys) == [(n, 0, 0) for n in range(N)]  # each exactly once
    for line in lines:
        jsonschema.validate(line, MANIFEST_SCHEMA)
        assert line["outcome"] == "archived"
    files = sorted((directory / "media" / "sha256").rglob("*.jpg"))
    assert len(files) == N == len({line["sha256"] for line in lines})
    assert list((directory / "media" / "tmp").glob("*")) == []
    warcs = sorted((directory / "warc").glob("*.warc.gz"))
    assert len(warcs) == 2  # the rerun opened a new file
    for path in warcs:
        done = warcio_check(path)
        assert done.returncode == 0, done.stdout + done.stderr
    fetched = collections.Counter(path.split("?")[0] for path in media_session.seen)
    assert sum(count - 1 for count in fetched.values()) <= 1  # at most the item in flight was fetched again
    out = [json.loads(line) for line in (directory / "out.jsonl").read_text().splitlines()]
    assert len(out) == N and all(r["embeds"][0]["media"][0]["outcome"] == "archived" for r in out)


def test_repair_cuts_a_torn_gzip_member(tmp_path: Path, media_archive_dir: Path) -> None:
    whole = (media_archive_dir / "media-captures.warc.gz").read_bytes()
    torn = tmp_path / "torn.warc.gz"
    torn.write_bytes(whole + whole[:200])  # a killed writer: half a gzip member at the end
    assert repair_warc(torn) == 200
    assert torn.read_bytes() == whole
    assert warcio_check(torn).returncode == 0
    assert repair_warc(torn) is None
