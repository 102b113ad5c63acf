"""How long a tweet may be: the bound that tells where an embed's text can start.

Rules from twitter-text (configs v1–v3, ``shared/recorded/twitter/twitter-text``):
140 characters until 2017-11-07, then 280 *weighted* characters, where code
points in a few Latin/punctuation ranges weigh 1, everything else (CJK, emoji)
weighs 2, and every URL counts 23 whatever its length.
"""

from __future__ import annotations

import re
from datetime import date

from embedresolve.platforms.twitter import SHORT_CODE

LONG_TWEETS_FROM = date(2017, 11, 7)

# twitter-text v2/v3 "ranges" of weight 100 (1 character: 0-4351, 8192-8205, 8208-8223,
# 8242-8247); every other code point weighs 200 (2 characters).
_HEAVY = re.compile("[^\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
_URL = re.compile(r"(?:https?://)?(?:[\w-]{1,63}\.){1,8}[a-z]{2,10}/[^\s)\]]{0,500}", re.I)
_SPACE = re.compile(r"\s+")
# Attached media and quoted posts have not counted towards the limit since 2016.
_MEDIA = re.compile(rf"(?:https?://)?pic\.(?:twitter|x)\.com/{SHORT_CODE}", re.I)


def limit_for(day: date | None) -> int:
    """The length limit in force on ``day`` (280 when the day is unknown)."""
    return 140 if day is not None and day < LONG_TWEETS_FROM else 280


def weighted_length(text: str, day: date | None = None) -> int:
    """Length of ``text`` as Twitter counted it on ``day``; runs of whitespace count once."""
    text = _SPACE.sub(" ", _MEDIA.sub("", text)).strip()
    text, urls = _URL.subn("", text)  # one pass: the links out, and how many there were
    if day is not None and day < LONG_TWEETS_FROM:
        return len(text) + 23 * urls
    return len(text) + len(_HEAVY.findall(text)) + 23 * urls
