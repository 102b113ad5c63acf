"""created_at as every format writes it: ISO 8601 UTC to the second."""

from __future__ import annotations

import pytest

from embedresolve.resolve.formats.times import parse_created_at, snowflake_iso


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-03-29T14:34:41.000Z", "2023-03-29T14:34:41Z"),
        ("2023-03-29T14:34:41Z", "2023-03-29T14:34:41Z"),
        ("2023-03-29T16:34:41.5+02:00", "2023-03-29T14:34:41Z"),
        ("Wed Mar 29 14:34:41 +0000 2023", "2023-03-29T14:34:41Z"),
        ("yesterday", None),
        ("", None),
        (None, None),
        (1680100481, None),
    ],
)
def test_parse_created_at(value, expected):
    assert parse_created_at(value) == expected


@pytest.mark.parametrize(
    ("post_id", "expected"),
    [("1641086480675225601", "2023-03-29T14:34:41Z"), ("20", None)],  # pre-snowflake IDs have no time
)
def test_snowflake_iso(post_id, expected):
    assert snowflake_iso(post_id) == expected
