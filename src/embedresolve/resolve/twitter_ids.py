"""Facts computable from a tweet ID alone: its time, a date's ID range, the syndication token.

Pure functions, no I/O. Sources (see ``shared/guides/archive-apis.md`` §3.2, §3.4):

* Snowflake: ``ms = (id >> 22) + 1288834974657`` (``twepoch`` in
  twitter-archive/snowflake ``IdWorker.scala``). Sequential, pre-snowflake IDs
  end at 29700859247 (2010-11-04 21:02:48 UTC, oduwsdl/tweetedat); for those the
  formula gives a bogus 2010-11-04T01:43, so they have no snowflake time.
* Token: react-tweet's ``getToken``,
  ``((Number(id) / 1e15) * Math.PI).toString(36).replace(/(0+|\\.)/g, '')``.
  ``Number(id)`` rounds the decimal ID to a double (as ``float(str)`` does),
  and the base-36 rendering is V8's shortest-round-trip digit generation,
  ported below; then *every* ``0`` and ``.`` is removed, not only leading ones.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta, timezone

TWEPOCH_MS = 1288834974657
"""Snowflake epoch, 2010-11-04T01:42:54.657Z, in Unix milliseconds."""

LAST_SEQUENTIAL_ID = 29700859247
"""The last pre-snowflake (sequential) tweet ID, 2010-11-04 21:02:48 UTC."""

LAST_SEQUENTIAL_MS = 1288904568000
"""Creation time of :data:`LAST_SEQUENTIAL_ID` (2010-11-04T21:02:48Z) in Unix ms."""

FIRST_SNOWFLAKE_ID = (LAST_SEQUENTIAL_MS - TWEPOCH_MS) << 22
"""The smallest ID whose snowflake time is not before the sequential era ended.

IDs between :data:`LAST_SEQUENTIAL_ID` and this would date to 2010-11-04
between 01:42 and 21:02 UTC, when Twitter still issued sequential IDs: they
are not tweet IDs, and giving them a time would invent a fact."""

MAX_ID = 2**63 - 1
"""Snowflake IDs are signed 64-bit integers."""

_TIME_SHIFT = 22
_LOW_BITS = (1 << _TIME_SHIFT) - 1
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_DECIMAL_ID = re.compile(r"[0-9]{1,40}")


def is_snowflake(tweet_id: int) -> bool:
    """True when ``tweet_id`` lies in the snowflake range (after the sequential era)."""
    return FIRST_SNOWFLAKE_ID <= tweet_id <= MAX_ID


def snowflake_time(tweet_id: int) -> datetime | None:
    """When the post was created (UTC, millisecond precision), or None.

    None for pre-snowflake IDs (at or below :data:`LAST_SEQUENTIAL_ID`, dated
    only approximately by TweetedAt's interpolation table), for the impossible
    gap up to :data:`FIRST_SNOWFLAKE_ID`, and for values outside the 64-bit
    range: no answer rather than a plausible-looking wrong date.
    """
    if not is_snowflake(tweet_id):
        return None
    return _EPOCH + timedelta(milliseconds=(tweet_id >> _TIME_SHIFT) + TWEPOCH_MS)


def _ms(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(milliseconds=1)


def id_window(day: date, days: int = 1) -> tuple[int, int]:
    """The inclusive range of snowflake IDs created within ``days`` of ``day``.

    A plain ``date`` (what an embed's "November 11, 2022" gives, with no time
    zone) covers whole UTC days from ``day - days`` through ``day + days``; an
    aware ``datetime`` covers ``day ± days`` exactly. Use it to filter CDX rows
    by ID, since capture times say nothing about when a post was made.
    The lower bound never reaches into the sequential era.

    Raises ValueError for a naive datetime, a negative ``days``, or a window
    that ends before snowflake IDs began.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    if isinstance(day, datetime):
        if day.tzinfo is None:
            raise ValueError("id_window needs an aware datetime (or a plain date)")
        start = day - timedelta(days=days)
        end = day + timedelta(days=days)
        end_ms = _ms(end)
    else:
        start = datetime.combine(day - timedelta(days=days), time(), tzinfo=timezone.utc)
        stop = datetime.combine(day + timedelta(days=days + 1), time(), tzinfo=timezone.utc)
        end_ms = _ms(stop) - 1
    if end_ms < LAST_SEQUENTIAL_MS:
        raise ValueError(f"{day} ± {days} days is before snowflake IDs (2010-11-04)")
    low = max(0, _ms(start) - TWEPOCH_MS) << _TIME_SHIFT
    high = ((end_ms - TWEPOCH_MS) << _TIME_SHIFT) | _LOW_BITS
    return max(low, FIRST_SNOWFLAKE_ID), min(high, MAX_ID)


def syndication_token(tweet_id: str) -> str:
    """The ``token`` parameter ``cdn.syndication.twimg.com/tweet-result`` requires.

    ``tweet_id`` is the decimal string (IDs exceed what a double holds
    exactly; the formula rounds them the way JavaScript does, and so must we).
    Raises ValueError unless it is 1–40 ASCII digits, react-tweet's own check.
    """
    if not _DECIMAL_ID.fullmatch(tweet_id):
        raise ValueError(f"not a tweet ID: {tweet_id!r}")
    value = (float(tweet_id) / 1e15) * math.pi
    return js_radix_string(value, 36).replace("0", "").replace(".", "")


_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def js_radix_string(value: float, radix: int) -> str:
    """``Number.prototype.toString(radix)`` exactly as V8 renders it.

    V8's ``DoubleToRadixCString``: fractional digits are generated only up to
    the precision of the double (``delta`` is half the gap to the next
    double), rounding half to even with carry propagation; integer digits
    beyond 2**53 are filled with zeros. Python has no built-in equivalent.
    """
    if not 2 <= radix <= 36:
        raise ValueError("radix must be in 2..36")
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    negative = value < 0
    value = abs(value)
    integer = math.floor(value) * 1.0
    fraction = value - integer
    delta = max(math.nextafter(0.0, 1.0), 0.5 * (math.nextafter(value, math.inf) - value))
    fraction_digits: list[int] = []
    if fraction >= delta:
        while True:
            fraction *= radix
            delta *= radix
            digit = int(fraction)
            fraction_digits.append(digit)
            fraction -= digit
            if (fraction > 0.5 or (fraction == 0.5 and digit & 1)) and fraction + delta > 1:
                # Round up, carrying into earlier digits (a digit that overflows is dropped).
                while True:
                    if not fraction_digits:
                        integer += 1
                        break
                    last = fraction_digits.pop()
                    if last + 1 < radix:
                        fraction_digits.append(last + 1)
                        break
                break
            if not fraction >= delta:
                break
    integer_digits: list[str] = []
    while _exponent(integer / radix) > 0:
        integer /= radix
        integer_digits.append("0")
    while True:
        remainder = math.fmod(integer, radix)
        integer_digits.append(_DIGITS[int(remainder)])
        integer = (integer - remainder) / radix
        if not integer > 0:
            break
    text = "".join(reversed(integer_digits))
    if fraction_digits:
        text += "." + "".join(_DIGITS[d] for d in fraction_digits)
    return "-" + text if negative else text


def _exponent(x: float) -> int:
    """V8 ``Double::Exponent``: e in x = significand * 2**e with a 53-bit significand."""
    if x == 0:
        return -1074
    return math.frexp(x)[1] - 53
