"""Snowflake times, ID windows and the syndication token, against recorded and generated data."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from embedresolve.resolve.twitter_ids import (
    FIRST_SNOWFLAKE_ID,
    LAST_SEQUENTIAL_ID,
    id_window,
    js_radix_string,
    snowflake_time,
    syndication_token,
)

VECTORS = json.loads((Path(__file__).parent / "data" / "syndication_token_vectors.json").read_text("utf-8"))[
    "vectors"
]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


class TestSyndicationToken:
    def test_all_vectors_are_present(self):
        assert len(VECTORS) == 79

    @pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
    def test_matches_node(self, vector):
        """The token equals what react-tweet's getToken() gives under Node 20."""
        assert syndication_token(vector["id"]) == vector["token"]

    @pytest.mark.parametrize("vector", VECTORS, ids=[v["id"] for v in VECTORS])
    def test_base36_matches_v8(self, vector):
        """Before stripping, the digits equal V8's Number.prototype.toString(36)."""
        import math

        value = float(vector["id"]) / 1e15 * math.pi
        assert js_radix_string(value, 36) == vector["raw_base36"]

    def test_every_zero_is_removed(self):
        """`3t0.atejq9cw` becomes `3tatejq9cw`: the regex is global, not leading-only."""
        assert syndication_token("1570000000000000000") == "3tatejq9cw"

    @pytest.mark.parametrize("bad", ["", "12a", "-1", "1.5", " 1", "1" * 41, "١٢"])
    def test_rejects_non_ids(self, bad):
        with pytest.raises(ValueError):
            syndication_token(bad)


class TestJsRadixString:
    @pytest.mark.parametrize(
        ("value", "radix", "expected"),
        [
            (255.0, 16, "ff"),
            (35.0, 36, "z"),
            (36.0, 36, "10"),
            (0.5, 2, "0.1"),
            (0.5, 36, "0.i"),
            (-1.5, 36, "-1.i"),
            (0.0, 36, "0"),
            (2.0**60, 2, "1" + "0" * 60),
            (float("nan"), 36, "NaN"),
            (float("-inf"), 36, "-Infinity"),
        ],
    )
    def test_known_renderings(self, value, radix, expected):
        assert js_radix_string(value, radix) == expected


class TestSnowflakeTime:
    @pytest.mark.parametrize(
        ("tweet_id", "created_at"),
        [  # created_at from the recorded syndication payloads (shared/recorded/twitter/syndication)
            (1641086480675225601, utc(2023, 3, 29, 14, 34, 41)),
            (1641895049427550208, utc(2023, 3, 31, 20, 7, 39)),
            (1629262255744503809, utc(2023, 2, 24, 23, 29, 26)),
            (1703436713362870723, utc(2023, 9, 17, 15, 52, 15)),
        ],
    )
    def test_matches_created_at(self, tweet_id, created_at):
        """created_at is the snowflake time truncated to the second."""
        when = snowflake_time(tweet_id)
        assert when is not None
        assert when.replace(microsecond=0) == created_at

    def test_millisecond_precision(self):
        assert snowflake_time(1641086480675225601) == utc(2023, 3, 29, 14, 34, 41, 562000)

    @pytest.mark.parametrize(
        "tweet_id", [20, 10027087487, LAST_SEQUENTIAL_ID, FIRST_SNOWFLAKE_ID - 1, 0, -5, 2**63]
    )
    def test_no_time_outside_the_snowflake_range(self, tweet_id):
        """Pre-snowflake IDs get no time rather than a bogus 2010-11-04T01:43."""
        assert snowflake_time(tweet_id) is None

    def test_first_snowflake_is_when_sequential_ids_ended(self):
        assert snowflake_time(FIRST_SNOWFLAKE_ID) == utc(2010, 11, 4, 21, 2, 48)


class TestIdWindow:
    def test_plain_date_covers_whole_utc_days(self):
        """'November 11, 2022' ± 1 day: from Nov 10 00:00 to Nov 12 23:59:59.999 UTC."""
        low, high = id_window(date(2022, 11, 11))
        assert snowflake_time(low) == utc(2022, 11, 10)
        assert snowflake_time(high) == utc(2022, 11, 12, 23, 59, 59, 999000)
        assert snowflake_time(low - 1) < utc(2022, 11, 10)
        assert snowflake_time(high + 1) >= utc(2022, 11, 13)

    def test_known_tweet_falls_in_its_dates_window(self):
        low, high = id_window(date(2023, 3, 29), days=0)
        assert low <= 1641086480675225601 <= high
        low, high = id_window(date(2023, 3, 31), days=1)
        assert not low <= 1641086480675225601 <= high

    def test_aware_datetime_is_a_centre_not_a_day(self):
        centre = utc(2023, 3, 29, 12)
        low, high = id_window(centre, days=1)
        assert snowflake_time(low) == centre - timedelta(days=1)
        assert snowflake_time(high) == centre + timedelta(days=1)

    def test_window_never_reaches_into_sequential_ids(self):
        low, _ = id_window(date(2010, 11, 4))
        assert low == FIRST_SNOWFLAKE_ID

    @pytest.mark.parametrize(
        "args",
        [
            (date(2009, 1, 1),),
            (datetime(2022, 1, 1, 12),),  # naive
            (date(2022, 1, 1), -1),
        ],
    )
    def test_refused(self, args):
        with pytest.raises(ValueError):
            id_window(*args)
