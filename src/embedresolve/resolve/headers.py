"""Parsing the few response headers the fetcher acts on. Pure functions.

Kept out of the fetcher so the odd cases (HTTP-dates, garbage values) are
tested on their own, the way edgi's ``wayback._utils.parse_retry_after`` is.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime


def parse_http_date(value: str | None) -> datetime | None:
    """An RFC 9110 HTTP-date (``Sat, 01 Feb 2020 02:37:57 GMT``) as aware UTC, else None."""
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if parsed.tzinfo is None:  # "-0000" means UTC with unknown origin zone
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def parse_retry_after(
    value: str | None, *, date: str | None = None, now: datetime | None = None
) -> float | None:
    """Seconds to wait from a ``Retry-After`` value, or None if absent or unreadable.

    The value is either delta-seconds or an HTTP-date. A date is measured
    against the response's own ``Date`` header when there is one, so a skewed
    local clock does not turn "in 30 s" into "an hour ago"; otherwise against
    ``now`` (default: the current time). Past dates give 0.
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if text.isascii() and text.isdigit():
        return float(int(text))
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if math.isfinite(seconds) else None
    when = parse_http_date(text)
    if when is None:
        return None
    reference = parse_http_date(date) or now or datetime.now(timezone.utc)
    return max(0.0, (when - reference).total_seconds())
