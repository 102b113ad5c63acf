"""Pure helpers of the Wayback client: reading redirects and refusals from one answer."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from embedresolve.resolve.cdx import ReplayRef
from embedresolve.resolve.http import FetchResult
from embedresolve.resolve.wayback_client import WaybackClient, block_reason, nearest_capture, redirect_target
from tests.archive.fixtures import RECORDED

BASE = "https://web.archive.org"
MEMENTO = {"memento-datetime": "Sat, 01 Feb 2020 02:37:57 GMT"}


def answer(url: str, status: int, headers: dict[str, str] | None = None, body: bytes = b"") -> FetchResult:
    return FetchResult(
        url=url,
        status=status,
        headers=headers or {},
        body=body,
        elapsed_s=0.0,
        attempts=1,
        retrieved_at="2026-01-01T00:00:00Z",
        memento_datetime=None,
        sha256="",
    )


REPLAY = f"{BASE}/web/20200201023757id_/https://www.epa.gov/climatechange"


@pytest.mark.parametrize(
    ("location", "target"),
    [
        # IA, absolute (edgi cassette "does_not_follow_historical_redirects")
        (
            f"{BASE}/web/20200201023757id_/https://www.epa.gov/sites/production/files/signpost/cc.html",
            "https://www.epa.gov/sites/production/files/signpost/cc.html",
        ),
        # IA, site-relative (edgi cassette "path_based_redirects")
        ("/web/20200201023757id_/https://www.epa.gov/ostp/faqs", "https://www.epa.gov/ostp/faqs"),
        # bare pywb: the live Location, absolute or relative to the capture
        ("https://twitter.com/a/status/1/photo/1", "https://twitter.com/a/status/1/photo/1"),
        ("/cc.html", "https://www.epa.gov/cc.html"),
    ],
)
def test_redirect_target_of_an_archived_redirect(location: str, target: str) -> None:
    assert redirect_target(answer(REPLAY, 301, {**MEMENTO, "location": location})) == target


def test_wayback_speaking_is_not_an_archived_redirect() -> None:
    """A 302 without Memento-Datetime is Wayback pointing at its nearest capture."""
    result = answer(
        REPLAY, 302, {"location": f"{BASE}/web/20200201023799id_/https://www.epa.gov/climatechange"}
    )
    assert redirect_target(result) is None
    assert nearest_capture(result) == ReplayRef("20200201023799", "id_", "https://www.epa.gov/climatechange")
    assert nearest_capture(answer(REPLAY, 301, {**MEMENTO, "location": "/x"})) is None


def test_block_reasons() -> None:
    recorded = json.loads((RECORDED / "wayback_test_search_raises_for_blocked_urls.json").read_text())
    response = recorded["interactions"][0]["response"]
    headers = {k.lower(): ", ".join(v) for k, v in response["headers"].items()}
    assert (
        block_reason(answer(f"{BASE}/cdx/search/cdx", 403, headers, response["body"].encode())) == "blocked"
    )
    robots = {"x-archive-wayback-runtime-error": "RobotAccessControlException: Blocked By Robots"}
    assert block_reason(answer(REPLAY, 403, robots)) == "robots"
    excluded = b"<p>This URL has been excluded from the Wayback Machine.</p>"
    assert block_reason(answer(REPLAY, 200, {}, excluded)) == "blocked"
    assert block_reason(answer(REPLAY, 200, MEMENTO, excluded)) is None  # an archived page that says so
    assert block_reason(answer(REPLAY, 403, MEMENTO)) is None


class _Never:
    def fetch(self, url: str, *, purpose: str) -> Any:
        raise AssertionError("no request expected")


def test_cdx_url_sends_the_resume_key_back_encoded() -> None:
    client = WaybackClient(_Never(), BASE + "/")
    url = client.cdx_url(
        "twitter.com/jack/status/",
        match_type="prefix",
        from_="20221110",
        filters=("statuscode:200", "!mimetype:warc/revisit"),
        collapse="urlkey",
        limit=5,
        resume_key="com%2Ctwitter%29%2Fjack+2022%3A",
    )
    assert url.startswith(f"{BASE}/cdx/search/cdx?")
    query = parse_qs(urlsplit(url).query)
    assert query["resumeKey"] == ["com%2Ctwitter%29%2Fjack+2022%3A"]
    assert query["filter"] == ["statuscode:200", "!mimetype:warc/revisit"]
    assert query["matchType"] == ["prefix"] and query["showResumeKey"] == ["true"] and "fl" not in query
    assert (
        client.memento_url("20221111203100", "https://t.co/x")
        == f"{BASE}/web/20221111203100id_/https://t.co/x"
    )
