"""`embedresolve clean` end to end, resolving against the local platform app (no mocks)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from embedresolve.cli import app as cli
from tests.servers.platform_app import PHOTO_ID, PlatformApp

TWEET = (
    "If you are interested about View Flattening in React Native, I wrote a short post about it: "
    "https://t.co/4G6RAMfrHy\n\nLet me know what you think! pic.twitter.com/rQd6FIwZ0U "
    "— sammy (@SamuelSusla) March 29, 2023"
)
# All endpoints share the app's host: lift every rate limit so no test waits.
NO_WAITING = ("--rate", "1000", "--search-rate", "1000", "--replay-rate", "1000")
ARTICLE = f"React Native keeps getting faster.\n\n{TWEET}\n\nThe new architecture ships this year."


def run_clean(app: PlatformApp, tmp_path: Path, *extra: str) -> dict[str, object]:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "a1", "content": ARTICLE}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    args = ["clean", str(source), "-o", str(out), *NO_WAITING]
    if "--cache" not in extra:
        args.append("--no-cache")
    for name in ("wayback", "syndication", "oembed", "tco"):
        args += [f"--{name}-url", app.base_url]
    result = CliRunner().invoke(cli, [*args, *extra])
    assert result.exit_code == 0, result.output
    record: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return record


def test_short_code_then_syndication_resolves_the_post(app: PlatformApp, tmp_path: Path) -> None:
    """t.co link → not a post, skipped; pic code → status/photo of the same account → syndication."""
    record = run_clean(app, tmp_path)
    (embed,) = record["embeds"]  # type: ignore[misc]
    resolution = embed["resolution"]
    assert resolution["status"] == "resolved"
    assert resolution["match"]["method"] == "short_code"
    assert resolution["match"]["checks"] == {"date": True, "handle": True, "text_similarity": 1.0}
    post = resolution["post"]
    assert post["post_id"] == PHOTO_ID
    assert post["source"] == "syndication"
    assert post["media"][0]["display_url"] == "pic.twitter.com/rQd6FIwZ0U"
    steps = [(step["step"], step["source"], step["outcome"]) for step in resolution["provenance"]]
    assert steps[0] == ("short_code", "tco", "found")  # the github link: not a post, no more asking
    assert steps[1] == ("short_code", "tco", "found")  # the photo link
    assert ("post", "syndication", "found") in steps
    request = resolution["provenance"][0]["requests"][0]
    assert request["url"].startswith(app.base_url) and request["status"] == 301
    assert record["content"] == "React Native keeps getting faster.\n\nThe new architecture ships this year."


def test_network_failure_never_loses_the_article(app: PlatformApp, tmp_path: Path) -> None:
    """Every request fails: the record still comes out, the embed says failed and why."""
    app.inject(503, times=1000)
    record = run_clean(app, tmp_path, "--max-attempts", "1")
    (embed,) = record["embeds"]  # type: ignore[misc]
    assert embed["resolution"]["status"] == "failed"
    categories = {r["category"] for s in embed["resolution"]["provenance"] for r in s["requests"]}
    assert categories == {"http_5xx"}
    assert "React Native keeps getting faster." in record["content"]  # type: ignore[operator]


def test_sources_are_configurable(app: PlatformApp, tmp_path: Path) -> None:
    record = run_clean(app, tmp_path, "--sources", "syndication")
    (embed,) = record["embeds"]  # type: ignore[misc]
    assert embed["resolution"]["status"] != "resolved"  # no source can turn the short code into an ID
    assert not any(step["source"] == "tco" for step in embed["resolution"]["provenance"])


def test_unknown_source_is_a_usage_error(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("{}\n")
    result = CliRunner().invoke(cli, ["clean", str(source), "--sources", "tco,nonsense"])
    assert result.exit_code == 2


def test_warm_cache_makes_no_requests_and_offline_uses_it(app: PlatformApp, tmp_path: Path) -> None:
    """Second run on the same cache: zero requests; --offline answers from the cache alone."""
    cache = tmp_path / "cache.sqlite3"
    first = run_clean(app, tmp_path, "--cache", str(cache))
    cold = app.hits()
    assert cold > 0
    second = run_clean(app, tmp_path, "--cache", str(cache))
    assert app.hits() == cold
    offline = run_clean(app, tmp_path, "--cache", str(cache), "--offline")
    assert app.hits() == cold
    for again in (second, offline):
        assert again["embeds"][0]["resolution"]["post"] == first["embeds"][0]["resolution"]["post"]  # type: ignore[index]


def test_offline_without_cache_fails_without_touching_the_network(app: PlatformApp, tmp_path: Path) -> None:
    record = run_clean(app, tmp_path, "--offline")
    (embed,) = record["embeds"]  # type: ignore[misc]
    assert embed["resolution"]["status"] == "failed"
    assert app.hits() == 0
    categories = {r["category"] for s in embed["resolution"]["provenance"] for r in s["requests"]}
    assert categories == {"offline"}


def test_no_live_asks_no_live_service(app: PlatformApp, tmp_path: Path) -> None:
    record = run_clean(app, tmp_path, "--no-live")
    assert app.hits() > 0  # the Wayback Machine (here: the same app) was asked
    assert all(seen.path.startswith(("/cdx", "/web")) for seen in app.seen)
    assert record["embeds"][0]["resolution"]["status"] != "resolved"  # type: ignore[index]


def test_workers_keep_record_order(app: PlatformApp, tmp_path: Path) -> None:
    source = tmp_path / "many.jsonl"
    rows = [{"id": i, "content": ARTICLE if i % 3 == 0 else f"Plain article {i}."} for i in range(30)]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "many.out.jsonl"
    args = ["clean", str(source), "-o", str(out), "--no-cache", *NO_WAITING, "--workers", "8"]
    for name in ("wayback", "syndication", "oembed", "tco"):
        args += [f"--{name}-url", app.base_url]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in out.read_text().splitlines()]
    assert ids == list(range(30))
    assert "status:  resolved 10" in result.stderr
    assert "3 requests, 0 cache hits, 9 reused" in result.stderr  # ten identical embeds: one resolution


def test_resolve_command_takes_a_short_link(app: PlatformApp) -> None:
    """`embedresolve resolve pic.twitter.com/CODE` with endpoints from the environment."""
    env = {f"EMBEDRESOLVE_{n.upper()}_URL": app.base_url for n in ("wayback", "syndication", "oembed", "tco")}
    result = CliRunner().invoke(cli, ["resolve", "pic.twitter.com/rQd6FIwZ0U", "--no-cache"], env=env)
    assert result.exit_code == 0, result.output
    embed = json.loads(result.stdout)
    assert embed["resolution"]["status"] == "resolved"
    assert embed["resolution"]["post"]["post_id"] == PHOTO_ID


def test_resolve_command_takes_a_post_url(app: PlatformApp) -> None:
    env = {f"EMBEDRESOLVE_{n.upper()}_URL": app.base_url for n in ("wayback", "syndication", "oembed", "tco")}
    url = f"https://x.com/SamuelSusla/status/{PHOTO_ID}?s=20"
    result = CliRunner().invoke(cli, ["resolve", url, "--no-cache"], env=env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["resolution"]["match"]["method"] == "status_url"
