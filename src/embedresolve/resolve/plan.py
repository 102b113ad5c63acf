"""The query plan of a run: which CDX questions answer which embeds (pure).

Before any request the run's handle + date embeds are grouped by handle and
their date windows merged, so that one CDX prefix query per (handle, merged
window) — ``twitter.com/<handle>/status/<the digits every ID of the window
shares>`` — answers all of them: ten embeds of one account in one month cost
one query, not ten. A window is merged into its neighbour only while the
shared prefix stays at most one digit shorter than the window's own (so a
merged query reads at most about ten times the rows of a single one).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from embedresolve.resolve.twitter_ids import id_window

__all__ = ["IdRange", "common_prefix", "plan_windows", "window_of"]

MERGE_SLACK_DIGITS = 1  # how much shorter a merged query's prefix may be than a window's own


@dataclass(frozen=True, slots=True)
class IdRange:
    """Snowflake IDs ``low``–``high`` (inclusive) and the decimal prefix they all share."""

    low: int
    high: int

    @property
    def digits(self) -> str:
        return common_prefix(self.low, self.high)

    def covered_by(self, prefix: str) -> bool:
        """True when every ID of the range starts with ``prefix`` (a query on it returns them all)."""
        return self.digits.startswith(prefix) and len(str(self.low)) == len(str(self.high))


def common_prefix(low: int | None, high: int | None) -> str:
    """The leading digits every ID in [low, high] shares (narrows a prefix query)."""
    if low is None or high is None:
        return ""
    a, b = str(low), str(high)
    if len(a) != len(b):
        return ""
    n = 0
    while n < len(a) and a[n] == b[n]:
        n += 1
    return a[:n]


def window_of(day: date, days: int = 1) -> IdRange | None:
    """The IDs posted from ``day − days`` through ``day + days`` (whole UTC days), None before snowflakes.

    The printed date is the author's local day, so a post made then lies within
    [day − 1, day + 2) in UTC for every time zone (UTC−12 … UTC+14).
    """
    try:
        low, high = id_window(day, days)
    except ValueError:
        return None
    return IdRange(low, high)


def plan_windows(windows: Iterable[IdRange]) -> list[IdRange]:
    """Merge one handle's windows into as few query ranges as the slack allows, in ID order."""
    planned: list[IdRange] = []
    floors: list[int] = []  # per planned range: the shortest own prefix of the windows merged into it
    for window in sorted(set(windows), key=lambda w: w.low):
        if planned:
            last = planned[-1]
            merged = IdRange(last.low, max(last.high, window.high))
            floor = min(floors[-1], len(window.digits))
            if merged.digits and len(merged.digits) >= floor - MERGE_SLACK_DIGITS:
                planned[-1], floors[-1] = merged, floor
                continue
        planned.append(window)
        floors.append(len(window.digits))
    return planned
