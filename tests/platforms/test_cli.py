"""``embedresolve clean`` on HTML with other platforms' embeds, archive-only against the platform pywb."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from embedresolve.cli import app as cli
from embedresolve.testing.wayback_server import RunningServer
from tests.platforms import archive as a

HTML = (
    "<p>Before.</p>"
    f'<iframe width="560" height="315" src="https://www.youtube.com/embed/{a.YT_PAGE_ONLY}"></iframe>'
    f'<blockquote class="instagram-media" data-instgrm-permalink="https://www.instagram.com/p/{a.IG_POST}/">'
    f'<a href="https://www.instagram.com/p/{a.IG_POST}/">A post shared by Alberto Garzón</a></blockquote>'
    "<p>After.</p>"
)


def run(tmp_path: Path, pywb: RunningServer, *extra: str) -> tuple[dict[str, object], str]:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "r1", "html": HTML}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["clean", str(source), "-o", str(out), "--no-cache", "--no-live", "--wayback-url", pywb.base_url]
    result = CliRunner().invoke(cli, [*args, "--search-rate", "1000", "--replay-rate", "1000", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(out.read_text(encoding="utf-8")), result.stderr


def test_clean_resolves_every_platform_and_counts_by_platform(tmp_path: Path, platform_pywb: RunningServer):
    record, summary = run(tmp_path, platform_pywb)
    statuses = {e["platform"]: e["resolution"]["status"] for e in record["embeds"]}  # type: ignore[attr-defined]
    assert statuses == {"youtube": "resolved", "instagram": "resolved"}
    assert "  youtube: resolved 1" in summary and "  instagram: resolved 1" in summary


def test_platforms_option_limits_what_is_resolved(tmp_path: Path, platform_pywb: RunningServer):
    record, _ = run(tmp_path, platform_pywb, "--platforms", "youtube,twitter")
    by_platform = {e["platform"]: e["resolution"] for e in record["embeds"]}  # type: ignore[attr-defined]
    assert by_platform["youtube"]["status"] == "resolved"
    assert by_platform["instagram"]["status"] == "skipped"
    assert by_platform["instagram"]["reason"] == "instagram is not among the platforms resolved"


def test_unknown_platform_is_a_usage_error(tmp_path: Path):
    source = tmp_path / "in.jsonl"
    source.write_text("{}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["clean", str(source), "--platforms", "myspace"])
    assert result.exit_code == 2
    assert "unknown platform(s) myspace" in result.output


def test_resolve_a_post_url_from_the_archive(platform_pywb: RunningServer):
    args = ["resolve", f"https://youtu.be/{a.YT_PAGE_ONLY}", "--no-cache", "--no-live"]
    result = CliRunner().invoke(cli, [*args, "--wayback-url", platform_pywb.base_url])
    assert result.exit_code == 0, result.output
    resolution = json.loads(result.stdout)["resolution"]
    assert resolution["status"] == "resolved"
    assert resolution["post"]["field_sources"]["title"] == "ytInitialPlayerResponse:videoDetails.title"
    assert resolution["provenance"][0]["source"] == "wayback"
