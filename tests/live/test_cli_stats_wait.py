"""`clean --stats` against the local platform app: the run's rate-limit wait is in the JSON."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from embedresolve.cli import app as cli
from tests.live.test_cli_resolve import ARTICLE
from tests.servers.platform_app import PlatformApp


def test_stats_report_the_seconds_spent_waiting_for_rate_limits(app: PlatformApp, tmp_path: Path) -> None:
    """Every endpoint is the app's host, so every request is in its replay or search bucket."""
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a1", "content": ARTICLE}) + "\n", encoding="utf-8")
    stats = tmp_path / "stats.json"
    args = [
        "clean",
        str(source),
        "-q",
        "-o",
        str(tmp_path / "out.jsonl"),
        "--no-cache",
        "--stats",
        str(stats),
    ]
    args += ["--rate", "1000", "--search-rate", "1000", "--replay-rate", "10"]  # 0.1 s between replays
    for name in ("wayback", "syndication", "oembed", "tco"):
        args += [f"--{name}-url", app.base_url]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    numbers = json.loads(stats.read_text(encoding="utf-8"))
    assert numbers["requests"] >= 3  # the first of a bucket never waits; the others do
    by_bucket = numbers["rate_limit_wait_by_bucket_s"]
    host = app.base_url.removeprefix("http://")
    assert by_bucket and set(by_bucket) <= {f"{host} replay", f"{host} search"}
    assert numbers["rate_limit_wait_s"] == round(sum(by_bucket.values()), 3)
    assert 0.05 <= numbers["rate_limit_wait_s"] <= numbers["elapsed_s"]
