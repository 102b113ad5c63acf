"""Meta's token-gated oEmbed (Instagram, Facebook, Threads): parsers, Graph errors, and the token kept secret.

The scenarios run ``embedresolve resolve`` against the local platform app,
whose Graph routes check ``Authorization: Bearer`` (see
``tests/servers/platform_routes.py``).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from embedresolve.cli import app as cli
from embedresolve.errors import UnreadablePayload
from embedresolve.platforms import parse_post_url
from embedresolve.resolve.config import Credential, ResolveConfig
from embedresolve.resolve.http import redact
from embedresolve.resolve.platforms import PLATFORMS
from embedresolve.resolve.platforms.meta_oembed import graph_refusal, parse_instagram_oembed
from tests.platforms.data_files import page
from tests.servers import platform_routes as routes
from tests.servers.platform_app import PlatformApp

IG_URL = f"https://www.instagram.com/p/{routes.IG_OEMBED_POST}/"


@pytest.fixture(scope="module")
def graph() -> Iterator[PlatformApp]:
    app = PlatformApp().start()
    try:
        yield app
    finally:
        app.stop()


def resolve(graph: PlatformApp, url: str, *extra: str) -> tuple[dict[str, object], str]:
    args = ["resolve", url, "--sources", "live", "--platform-url", graph.base_url, "--rate", "1000", *extra]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1), result.output  # 1: the post was not resolved
    return json.loads(result.stdout)["resolution"], result.output


# -- parsers and Graph errors (pure) ------------------------------------------------------


def test_instagram_oembed_answer_is_read_with_its_caption_and_account():
    ref = parse_post_url(IG_URL)
    assert ref is not None
    post = parse_instagram_oembed(page("instagram_oembed_BSKplJUDPPE_2017_EXCERPT.json"), ref)
    assert post.post_id == routes.IG_OEMBED_POST
    assert post.author_handle == "instagram"
    assert post.text is not None and post.text.startswith("New friends and fun Boomerangs")
    assert post.title is None
    assert dict(post.field_sources)["text"] == "oembed:title"


def test_an_answer_naming_no_post_is_unreadable():
    ref = parse_post_url(IG_URL)
    assert ref is not None
    with pytest.raises(UnreadablePayload):
        parse_instagram_oembed(json.dumps({"html": "<blockquote></blockquote>"}).encode(), ref)


def test_graph_errors_say_token_refused_or_post_not_embeddable():
    token = json.dumps(
        {"error": {"message": "Invalid OAuth access token", "type": "OAuthException", "code": 190}}
    )
    outcome, reason = graph_refusal(400, token.encode()) or ("", "")
    assert outcome == "failed" and "Meta token was refused" in reason
    private = json.dumps({"error": {"message": "Invalid parameter", "type": "IGApiException", "code": 100}})
    assert (graph_refusal(400, private.encode()) or ("",))[0] == "protected"
    assert graph_refusal(200, b"{}") is None and graph_refusal(500, b"oops") is None


def test_no_live_meta_request_without_a_token():
    config = ResolveConfig()
    ref = parse_post_url(IG_URL)
    assert ref is not None
    assert PLATFORMS["instagram"].live(ref, config.endpoints) == ()
    assert "graph.facebook.com" not in config.allowed_hosts()
    with_token = config.with_meta_token("zq9secret")
    assert {"graph.facebook.com", "graph.threads.net"} <= with_token.allowed_hosts()
    assert "zq9secret" not in repr(with_token) + repr(Credential("graph.facebook.com", "zq9secret"))


def test_redact_hides_access_tokens_and_known_secrets():
    url = "https://graph.facebook.com/v26.0/instagram_oembed?url=x&access_token=1|abc&fields=html"
    assert (
        redact(url)
        == "https://graph.facebook.com/v26.0/instagram_oembed?url=x&access_token=REDACTED&fields=html"
    )
    assert redact("GET failed: sekrit", frozenset({"sekrit"})) == "GET failed: REDACTED"


# -- against the local Graph stand-in ------------------------------------------------------


def test_instagram_post_resolves_live_with_the_token_in_a_header(graph: PlatformApp):
    graph.reset()
    resolution, _ = resolve(graph, IG_URL, "--no-cache", "--meta-token", routes.META_TOKEN)
    assert resolution["status"] == "resolved", resolution
    assert resolution["post"]["author"]["handle"] == "instagram"  # type: ignore[index]
    asked = [s for s in graph.seen if s.path == "/v26.0/instagram_oembed"]
    assert len(asked) == 1 and asked[0].headers["authorization"] == f"Bearer {routes.META_TOKEN}"
    assert "access_token" not in asked[0].query


def test_facebook_and_threads_posts_resolve_live(graph: PlatformApp):
    fb, _ = resolve(graph, routes.FB_POST, "--no-cache", "--meta-token", routes.META_TOKEN)
    assert fb["status"] == "resolved" and fb["post"]["text"] == "Our new season starts today."  # type: ignore[index]
    url = f"https://www.threads.net/@threads/post/{routes.THREADS_POST}"
    threads, _ = resolve(graph, url, "--no-cache", "--meta-token", routes.META_TOKEN)
    assert threads["post"]["post_id"] == routes.THREADS_POST  # type: ignore[index]
    assert threads["post"]["author"]["handle"] == "threads"  # type: ignore[index]


def test_invalid_token_is_failed_with_the_reason_not_not_found(graph: PlatformApp):
    resolution, _ = resolve(graph, IG_URL, "--no-cache", "--meta-token", "wrong-token")
    assert resolution["status"] == "failed"
    step = resolution["provenance"][0]  # type: ignore[index]
    assert "Meta token was refused" in step["reason"]


def test_a_post_graph_will_not_embed_is_protected(graph: PlatformApp):
    resolution, _ = resolve(
        graph, "https://www.instagram.com/p/PrivatePost1/", "--no-cache", "--meta-token", routes.META_TOKEN
    )
    assert resolution["status"] == "protected"


def test_without_a_token_no_graph_request_is_made(graph: PlatformApp):
    graph.reset()
    resolution, _ = resolve(graph, IG_URL, "--no-cache")
    assert resolution["status"] != "resolved"
    assert not [s for s in graph.seen if s.path.endswith("oembed")]


def test_the_token_is_nowhere_in_the_record_the_cache_or_the_logs(
    graph: PlatformApp, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    caplog.set_level(logging.DEBUG)
    cache = tmp_path / "cache.sqlite3"
    monkeypatch.setenv("EMBEDRESOLVE_META_TOKEN", routes.META_TOKEN)
    outputs = []
    for url in (IG_URL, routes.FB_POST, "https://www.instagram.com/p/PrivatePost1/"):
        resolution, output = resolve(graph, url, "--cache", str(cache))
        outputs.append(json.dumps(resolution) + output)
    assert outputs[0].startswith('{"resolved_at"') and '"status": "resolved"' in outputs[0]  # token used
    secret = routes.META_TOKEN.encode()
    stored = b"".join(p.read_bytes() for p in tmp_path.iterdir())  # the SQLite file and its WAL
    assert routes.IG_OEMBED_POST.encode() in stored  # the answers were cached …
    assert secret not in stored and b"s3cr3t" not in stored  # … without the token
    assert routes.META_TOKEN not in "".join(outputs)
    assert "instagram_oembed" in caplog.text  # the requests were logged …
    assert routes.META_TOKEN not in caplog.text and "s3cr3t" not in caplog.text  # … without the token


@pytest.mark.parametrize(
    ("url", "endpoint"),
    [
        ("https://www.facebook.com/watch/?v=1234567890", "/v26.0/oembed_video?"),
        ("https://www.facebook.com/ExamplePage/videos/1234567890/", "/v26.0/oembed_video?"),
        (routes.FB_POST, "/v26.0/oembed_post?"),
        (f"https://www.threads.com/@threads/post/{routes.THREADS_POST}", "graph.threads.net/v1.0/oembed?"),
    ],
)
def test_each_meta_url_asks_its_own_endpoint(url: str, endpoint: str):
    ref = parse_post_url(url)
    assert ref is not None
    (request,) = PLATFORMS[ref.platform].live(ref, ResolveConfig().with_meta_token("t").endpoints)
    assert endpoint in request.url and "access_token" not in request.url
