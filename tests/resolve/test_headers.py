"""Parsing Retry-After and HTTP-dates (Memento-Datetime)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from embedresolve.resolve.headers import parse_http_date, parse_retry_after

NOW = datetime(2020, 6, 19, 23, 44, 42, tzinfo=timezone.utc)


class TestRetryAfter:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("10", 10.0),
            (" 120 ", 120.0),
            ("0", 0.0),
            ("1.5", 1.5),
            ("-5", 0.0),
            (None, None),
            ("", None),
            ("soon", None),
            ("inf", None),
            ("Fri, 19 Jun 2020 23:45:42 GMT", 60.0),
            ("Fri, 19 Jun 2020 23:40:00 GMT", 0.0),  # in the past: go now
        ],
    )
    def test_values(self, value, expected):
        assert parse_retry_after(value, now=NOW) == expected

    def test_date_is_measured_against_the_servers_date_header(self):
        """A skewed local clock must not stretch or cancel the server's wait."""
        value = "Fri, 19 Jun 2020 23:45:42 GMT"
        server_date = "Fri, 19 Jun 2020 23:45:12 GMT"
        assert parse_retry_after(value, date=server_date, now=NOW) == 30.0


class TestHttpDate:
    def test_memento_datetime(self):
        assert parse_http_date("Sat, 01 Feb 2020 02:37:57 GMT") == datetime(
            2020, 2, 1, 2, 37, 57, tzinfo=timezone.utc
        )

    def test_offsets_are_converted_to_utc(self):
        parsed = parse_http_date("Sat, 01 Feb 2020 03:37:57 +0100")
        assert parsed == datetime(2020, 2, 1, 2, 37, 57, tzinfo=timezone.utc)

    @pytest.mark.parametrize("value", [None, "", "yesterday", "Sat, 99 Foo 2020"])
    def test_garbage_is_none(self, value):
        assert parse_http_date(value) is None
