"""Pure parsing of CDX answers, replay URLs and TimeMaps, on recorded IA output and edge cases."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedresolve.errors import CdxParseError
from embedresolve.resolve.cdx import (
    ReplayRef,
    is_junk_url,
    parse_cdx,
    parse_replay_url,
    parse_timemap,
    repair_timestamp,
)
from tests.archive.fixtures import RECORDED


def _recorded_bodies(name: str) -> list[str]:
    data = json.loads((RECORDED / name).read_text(encoding="utf-8"))
    return [i["response"]["body"] for i in data["interactions"]]


class TestPlainText:
    def test_bad_timestamps_are_repaired(self) -> None:
        """Year-2000 rows with a 00 month or day: the 00 is removed and 00 seconds appended."""
        page = parse_cdx((RECORDED / "bad_timestamp_cdx.txt").read_bytes())
        assert [r.timestamp for r in page.rows] == [
            "20011120210446",
            "20000125210430",
            "20000311052312",
            "20001217044900",
            "20000824162300",
        ]
        assert page.rows[3].raw_timestamp == "20000012170449"  # what a replay URL must use
        assert page.rows[3].captured_at == datetime(2000, 12, 17, 4, 49, tzinfo=timezone.utc)

    def test_junk_originals_are_dropped(self) -> None:
        """mailto: hosts, data: URIs crawled as paths and bare paths never become URLs to fetch."""
        page = parse_cdx((RECORDED / "malformed_cdx.txt").read_bytes())
        assert [r.original for r in page.rows] == ["https://www.epa.gov/", "https://www.epa.gov/"]
        assert page.dropped == 3

    def test_dash_fields_are_none(self) -> None:
        page = parse_cdx((RECORDED / "zero_length_cdx.txt").read_bytes())
        assert [r.length for r in page.rows][-2:] == [24217, None]
        assert page.rows[1].original == "http://www.cnn.com:80/"

    def test_identical_lines_repeat_on_ia(self) -> None:
        """edgi's recording of nasa.gov: a line equal to the previous one is dropped."""
        body = _recorded_bodies("wayback_test_search.json")[0]
        lines = [line for line in body.split("\n") if line]
        page = parse_cdx(body)
        assert len(page.rows) < len(lines)
        assert len({(r.timestamp, r.original, r.digest) for r in page.rows}) == len(page.rows)

    def test_resume_key_after_a_blank_line(self) -> None:
        bodies = _recorded_bodies("wayback_test_search_multipage_EXCERPT.json")
        first = parse_cdx(bodies[0])
        assert first.resume_key == "com%2Ccnn%29%2F+2001041400593%3A"  # opaque: sent back as is
        assert first.rows and all(r.urlkey == "com,cnn)/" for r in first.rows)
        assert parse_cdx(bodies[-1]).rows == () and parse_cdx(bodies[-1]).resume_key is None

    def test_status_and_revisit_rows(self) -> None:
        body = (
            "com,x)/ 20200101000000 http://x.com/ warc/revisit - 3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ 400\n"
            "com,x)/ 20200101000001 http://x.com/ text/html 301 3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ -\n"
        )
        revisit, redirect = parse_cdx(body).rows
        assert revisit.is_revisit and revisit.statuscode is None
        assert redirect.statuscode == 301 and redirect.length is None

    def test_wrong_field_count_is_dropped(self) -> None:
        page = parse_cdx("com,x)/ 20200101000000 http://x.com/ text/html 200\n")
        assert page.rows == () and page.dropped == 1

    def test_custom_fields(self) -> None:
        page = parse_cdx(
            "20200101000000 http://x.com/a 200\n", fields=("timestamp", "original", "statuscode")
        )
        assert page.rows[0].statuscode == 200 and page.rows[0].urlkey is None


class TestJson:
    def test_header_row_names_the_fields(self) -> None:
        body = json.dumps(
            [
                ["original", "timestamp", "statuscode"],
                ["https://t.co/abc", "20200101000000", "301"],
                ["https://t.co/abc", "20200101000000", "301"],
                [],
                ["co,t)/abc+20200101000000"],
            ]
        )
        page = parse_cdx(body)
        assert len(page.rows) == 1 and page.rows[0].statuscode == 301
        assert page.resume_key == "co,t)/abc+20200101000000"

    def test_empty_array(self) -> None:
        assert parse_cdx("[]").rows == ()

    @pytest.mark.parametrize("body", ["[1, 2", '[{"a": 1}]', "[[1, 2]]"])
    def test_not_a_cdx_array(self, body: str) -> None:
        with pytest.raises(CdxParseError):
            parse_cdx(body)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20221111203045", "20221111203045"),
        ("20000008241731", "20000824173100"),
        ("20000800241623", "20000824162300"),
        ("2022111120304", None),
        ("20221341000000", None),
        ("2022111120304x", None),
    ],
)
def test_repair_timestamp(raw: str, expected: str | None) -> None:
    assert repair_timestamp(raw) == expected


@pytest.mark.parametrize(
    ("url", "junk"),
    [
        ("https://twitter.com/jack/status/20", False),
        ("http://www.cnn.com:80/", False),
        ("http://127.0.0.1:8080/x", False),
        ("http://mailto:someone@epa.gov/", True),
        ('https://www.epa.gov/"data:image/jpeg;base64,/9j/4AAQ', True),
        ("https://www.epa.gov/%22data:image/png;base64,iVBOR", True),
        ("some/not/even/url/thing", True),
        ("ftp://example.com/file", True),
        ("http://nodot/", True),
    ],
)
def test_is_junk_url(url: str, junk: bool) -> None:
    assert is_junk_url(url) is junk


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://web.archive.org/web/20200201023757id_/https://www.epa.gov/sites/cc.html",
            ReplayRef("20200201023757", "id_", "https://www.epa.gov/sites/cc.html"),
        ),
        (
            "/web/20201027215555id_/https://www.whitehouse.gov/ostp/faqs?a=1&b=2",
            ReplayRef("20201027215555", "id_", "https://www.whitehouse.gov/ostp/faqs?a=1&b=2"),
        ),
        ("http://127.0.0.1:9/web/2022/https://t.co/x", ReplayRef("2022", "", "https://t.co/x")),
        ("http://h/pywb/web/20221111im_/http%3A//x.com/a", ReplayRef("20221111", "im_", "http://x.com/a")),
        (
            "/web/20221111id_/https:/twitter.com/a/status/1",
            ReplayRef("20221111", "id_", "https://twitter.com/a/status/1"),
        ),
        ("https://twitter.com/web/status/1", None),
        ("https://web.archive.org/web/timemap/link/https://x.com/", None),
    ],
)
def test_parse_replay_url(url: str, expected: ReplayRef | None) -> None:
    assert parse_replay_url(url) == expected


class TestTimeMap:
    def test_pywb_timemap(self) -> None:
        text = (
            '<http://h/web/timemap/link/https://t.co/x>; rel="self"; type="application/link-format"; from="Fri, 11 Nov 2022 20:30:45 GMT",\n'
            '<http://h/web/https://t.co/x>; rel="timegate",\n'
            '<https://t.co/x>; rel="original",\n'
            '<http://h/web/20240305000000/https://t.co/x>; rel="memento"; datetime="Tue, 05 Mar 2024 00:00:00 GMT"; collection="web",\n'
            '<http://h/web/20221111203045/https://t.co/x>; rel="memento"; datetime="Fri, 11 Nov 2022 20:30:45 GMT"; collection="web"\n'
        )
        timemap = parse_timemap(text)
        assert timemap.original == "https://t.co/x"
        assert timemap.timegate == "http://h/web/https://t.co/x"
        assert [m.url.split("/")[4] for m in timemap.mementos] == ["20221111203045", "20240305000000"]

    def test_ia_link_header_relations(self) -> None:
        """IA's memento Link header: first/prev/next/last mementos, commas inside quotes and brackets."""
        text = (
            '<https://x.gov/a,b>; rel="original", <https://web.archive.org/web/timemap/link/https://x.gov/a,b>; rel="timemap"; type="application/link-format", '
            '<https://web.archive.org/web/20061007193932/http://x.gov/a,b>; rel="first memento"; datetime="Sat, 07 Oct 2006 19:39:32 GMT", '
            '<https://web.archive.org/web/20200201023757/https://x.gov/a,b>; rel="memento"; datetime="Sat, 01 Feb 2020 02:37:57 GMT", '
            '<https://web.archive.org/web/20200918065453/https://x.gov/a,b>; rel="last memento"; datetime="Fri, 18 Sep 2020 06:54:53 GMT"'
        )
        timemap = parse_timemap(text)
        assert timemap.original == "https://x.gov/a,b"
        assert [sorted(m.rels) for m in timemap.mementos] == [
            ["first", "memento"],
            ["memento"],
            ["last", "memento"],
        ]

    def test_malformed_entries_are_skipped(self) -> None:
        text = 'garbage, <https://a/1>; rel="memento", <https://a/2>; rel="memento"; datetime="not a date", <https://a/3>; rel=memento; datetime="Sat, 07 Oct 2006 19:39:32 GMT"'
        assert [m.url for m in parse_timemap(text).mementos] == ["https://a/3"]


class TestNeverRaises:
    """Archive answers are untrusted input: parsers return values or CdxParseError, nothing else."""

    @given(st.text(max_size=400))
    def test_parse_cdx(self, text: str) -> None:
        try:
            page = parse_cdx(text)
        except CdxParseError:
            return
        assert all(len(r.timestamp) == 14 and not is_junk_url(r.original) for r in page.rows)

    @given(st.text(max_size=300))
    def test_parse_timemap_and_replay_urls(self, text: str) -> None:
        parse_timemap(text)
        ref = parse_replay_url(text)
        assert ref is None or ref.target
