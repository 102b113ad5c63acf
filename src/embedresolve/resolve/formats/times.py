"""``created_at`` as every format writes it: ISO 8601 UTC to the second (``2023-03-29T14:34:41Z``,
:func:`embedresolve.provenance.iso_utc`).

Payloads spell times in ISO (``2023-03-29T14:34:41.000Z``, syndication and
API v2) or in v1.1's ``Wed Mar 29 14:34:41 +0000 2023``; pages and oEmbed
often spell none, and then the snowflake time of the ID stands in: it *is*
the creation time, and equals the API's ``created_at`` truncated to the
second (checked on every recorded payload).
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from embedresolve.provenance import iso_utc
from embedresolve.resolve.twitter_ids import snowflake_time

__all__ = ["parse_created_at", "snowflake_iso"]

_V1_TIME = "%a %b %d %H:%M:%S %z %Y"
# Python 3.10's fromisoformat rejects "Z" and 3-digit fractions; both are normalised away.
_ISO_FRACTION = re.compile(r"\.[0-9]{1,9}(?=Z$|[+-][0-9]{2}:?[0-9]{2}$|$)")


def parse_created_at(value: object) -> str | None:
    """ISO or v1.1 time → ``…Z``; None when absent or unreadable (no guessing)."""
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip()
    try:
        iso = _ISO_FRACTION.sub("", text)
        moment = datetime.fromisoformat(iso[:-1] + "+00:00" if iso.endswith("Z") else iso)
    except ValueError:
        try:
            moment = datetime.strptime(text, _V1_TIME)
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return iso_utc(moment)


def snowflake_iso(post_id: str) -> str | None:
    """The creation time a snowflake ID encodes; None for pre-snowflake IDs (before Nov 2010)."""
    moment = snowflake_time(int(post_id))
    return iso_utc(moment) if moment is not None else None
