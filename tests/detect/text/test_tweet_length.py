"""How long a tweet may be: the bound of the walk back from a signature."""

from __future__ import annotations

from datetime import date

from embedresolve.detect.text.tweet_length import limit_for, weighted_length


def test_length_limits() -> None:
    """140 characters before 2017-11-07, 280 weighted after; media links do not count."""
    assert limit_for(date(2017, 11, 6)) == 140
    assert limit_for(date(2017, 11, 7)) == 280
    assert weighted_length("a" * 10 + " https://example.com/x") == 10 + 1 + 23
    assert weighted_length("漢字") == 4
    assert weighted_length("hi pic.twitter.com/AbCdEf1234") == 2
