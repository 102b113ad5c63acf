"""The local archive behaves like web.archive.org where embedresolve depends on it.

These pin ``ia_compat_server.py``'s IA layer (archive guide §1.1, §1.4), so a
test that passes against it means something for the real Internet Archive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from embedresolve.testing.wayback_server import RunningServer
from tests.archive import fixtures as fx

SJ_STATUS = f"twitter.com/{fx.SJ_HANDLE}/status/{fx.SJ_ID}"


@pytest.fixture(scope="module")
def http(pywb: RunningServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=pywb.base_url, follow_redirects=False) as client:
        yield client


def cdx(http: httpx.Client, **params: str) -> httpx.Response:
    return http.get("/cdx/search/cdx", params=params)


class TestCdx:
    def test_plain_text_has_ias_seven_fields(self, http: httpx.Client) -> None:
        response = cdx(http, url=SJ_STATUS)
        lines = response.text.splitlines()
        assert response.headers["content-type"].startswith("text/plain")
        assert [len(line.split(" ")) for line in lines] == [7, 7]
        assert lines[0].split(" ")[:2] == [f"com,twitter)/saintjavelin/status/{fx.SJ_ID}", "20221111203045"]

    def test_json_is_an_array_with_a_header_row(self, http: httpx.Client) -> None:
        rows = cdx(http, url=SJ_STATUS, output="json", fl="timestamp,statuscode").json()
        assert rows == [["timestamp", "statuscode"], ["20221111203045", "200"], ["20240305000000", "404"]]
        assert cdx(http, url="twitter.com/nobody/status/1", output="json").json() == []

    def test_filters_full_match_and_negate(self, http: httpx.Client) -> None:
        assert cdx(http, url=SJ_STATUS, filter="statuscode:40").text == ""
        assert cdx(http, url=SJ_STATUS, filter="!statuscode:404", fl="statuscode").text == "200\n"

    def test_no_fuzzy_matching(self, http: httpx.Client) -> None:
        """pywb alone drops an unmatched filter and returns everything; IA returns nothing."""
        assert cdx(http, url=SJ_STATUS, filter="statuscode:999").text == ""
        assert cdx(http, url=f"{SJ_STATUS}?extra=1").text == ""

    def test_prefix_forms_collapse_and_limits(self, http: httpx.Client) -> None:
        star = cdx(http, url=f"twitter.com/{fx.SJ_HANDLE}/status/*", fl="original").text.splitlines()
        explicit = cdx(
            http, url=f"twitter.com/{fx.SJ_HANDLE}/status/", matchType="prefix", fl="original"
        ).text.splitlines()
        assert star == explicit and len(star) > 5
        collapsed = cdx(
            http,
            url=f"twitter.com/{fx.SJ_HANDLE}/status/",
            matchType="prefix",
            collapse="urlkey",
            fl="urlkey",
        ).text
        assert len(collapsed.splitlines()) == len(set(collapsed.splitlines()))
        assert cdx(http, url=SJ_STATUS, limit="-1", fl="timestamp").text == "20240305000000\n"
        assert cdx(http, url=SJ_STATUS, limit="1", offset="1", fl="timestamp").text == "20240305000000\n"
        assert cdx(http, url=SJ_STATUS, to="2023", fl="timestamp").text == "20221111203045\n"

    def test_resume_key_follows_a_blank_line(self, http: httpx.Client) -> None:
        first = cdx(http, url=SJ_STATUS, limit="1", showResumeKey="true", fl="timestamp").text
        rows, key = first.split("\n\n")
        assert rows == "20221111203045" and key.strip()
        second = cdx(
            http, url=SJ_STATUS, limit="1", showResumeKey="true", fl="timestamp", resumeKey=key.strip()
        ).text
        assert second.startswith("20240305000000\n")
        as_json = cdx(http, url=SJ_STATUS, limit="1", showResumeKey="true", output="json").json()
        assert as_json[-2] == [] and len(as_json[-1]) == 1

    def test_blocked_site(self, http: httpx.Client) -> None:
        response = cdx(http, url=f"twitter.com/{fx.BLOCKED_HANDLE}/status/{fx.BLOCKED_ID}")
        assert response.status_code == 403
        assert "AdministrativeAccessControlException" in response.headers["x-archive-wayback-runtime-error"]
        assert "Blocked Site Error" in response.text


class TestReplay:
    def test_archived_redirect_stays_in_the_archive(self, http: httpx.Client, pywb: RunningServer) -> None:
        response = http.get(f"/web/20221111203100id_/https://t.co/{fx.SJ_CODE}")
        assert response.status_code == 301 and "memento-datetime" in response.headers
        assert response.headers["location"] == f"{pywb.base_url}/web/20221111203100id_/{fx.SJ_PHOTO_URL}"
        assert response.headers["x-archive-orig-location"] == fx.SJ_PHOTO_URL

    def test_nearest_capture_is_a_302(self, http: httpx.Client) -> None:
        response = http.get(f"/web/20221111203000id_/https://t.co/{fx.SJ_CODE}")
        assert response.status_code == 302 and "memento-datetime" not in response.headers
        assert "/web/20221111203100id_/" in response.headers["location"]

    def test_id_replay_is_byte_exact_and_cookies_are_renamed(self, http: httpx.Client) -> None:
        response = http.get(f"/web/20221111203045id_/https://{SJ_STATUS}")
        assert response.content == (fx.PAGES / f"meta_2022_saintjavelin_{fx.SJ_ID}.html").read_bytes()
        assert "set-cookie" not in response.headers
        assert response.headers["x-archive-orig-set-cookie"].startswith("guest_id=")

    def test_timemap(self, http: httpx.Client) -> None:
        response = http.get(f"/web/timemap/link/https://{SJ_STATUS}")
        assert response.status_code == 200 and response.text.count('rel="memento"') == 2

    def test_replay_of_an_excluded_url(self, http: httpx.Client) -> None:
        response = http.get(
            f"/web/20221112000000id_/https://twitter.com/{fx.BLOCKED_HANDLE}/status/{fx.BLOCKED_ID}"
        )
        assert response.status_code == 403 and "x-archive-wayback-runtime-error" in response.headers


def test_json_output_parses_as_one_document(http: httpx.Client) -> None:
    body = cdx(http, url=f"twitter.com/{fx.SJ_HANDLE}/status/", matchType="prefix", output="json").text
    assert isinstance(json.loads(body), list)
