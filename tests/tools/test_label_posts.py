"""The labelled-data engine's post dates (tools/labels/posts.py): a tweet is dated
only where its length was allowed. Pure: no extractor package and no corpus needed."""

from __future__ import annotations

import random
import sys
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "labels"))

import posts

from embedresolve.detect.text.tweet_length import limit_for, weighted_length

SHORT = "Breaking: the council has voted 7-2 to approve the new housing plan."
MEDIUM = "The council has voted to approve the new housing plan after a long debate. " * 3  # ~225
CJK = "地震の影響で、一部の路線で運転を見合わせています。" * 5  # 125 characters, 250 weighted


@pytest.mark.parametrize(
    ("text", "earliest"),
    [
        (SHORT, posts.FIRST_DAY),
        (MEDIUM, posts.LONG_TWEETS_FROM),
        (CJK, posts.FIRST_DAY),  # 125 characters fit the 140 of 2016 (weights came in 2017)
        (posts.LONG_2023, posts.PAID_LONG_POSTS_FROM),
        ("Read my full statement here: https://example.org/" + "x" * 300, posts.FIRST_DAY),  # a link is 23
    ],
)
def test_earliest_date_follows_the_length(text: str, earliest: object) -> None:
    assert posts.earliest_tweet_date(text) == earliest


def test_cjk_before_2017_counts_unweighted() -> None:
    """Before 2017-11-07 every character counted 1; from then on CJK counts 2."""
    assert (posts.tweet_length(CJK, weighted=False), posts.tweet_length(CJK, weighted=True)) == (125, 250)


@pytest.mark.parametrize("text", [SHORT, MEDIUM, CJK, SHORT + " 🔥 #news https://t.co/abcdefghij"])
def test_dated_tweets_fit_the_limit_of_their_date(text: str) -> None:
    """Checked against the detector's own reading of Twitter's rules."""
    rng = random.Random(3)
    for _ in range(300):
        day = posts.post_date(rng, text).date()
        assert weighted_length(text, day) <= limit_for(day)
        assert date(2012, 1, 1) <= day < posts.END.date()


def test_other_platforms_keep_the_whole_range() -> None:
    rng = random.Random(5)
    days = [posts.post_date(rng).date() for _ in range(400)]
    assert min(days) < date(2013, 1, 1) and max(days) > date(2023, 1, 1)
