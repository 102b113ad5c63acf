"""The query plan: windows, the digits they share, and merging a handle's windows (pure)."""

from __future__ import annotations

from datetime import date, timedelta

from embedresolve.resolve.plan import IdRange, common_prefix, plan_windows, window_of
from embedresolve.resolve.twitter_ids import id_window


def test_common_prefix() -> None:
    assert common_prefix(1591000000000000000, 1591999999999999999) == "1591"
    assert common_prefix(999, 1000) == ""  # different lengths share nothing usable
    assert common_prefix(None, 5) == ""


def test_window_is_the_local_day_in_utc() -> None:
    """[day − 1, day + 2) in UTC: every time zone's day, as id_window gives it."""
    window = window_of(date(2022, 11, 11))
    assert window is not None and (window.low, window.high) == id_window(date(2022, 11, 11), 1)
    assert window_of(date(2006, 3, 21)) is None  # before snowflake IDs


def test_covered_by_needs_the_whole_prefix() -> None:
    window = window_of(date(2022, 11, 11))
    assert window is not None
    assert window.covered_by(window.digits) and window.covered_by(window.digits[:-1])
    assert not window.covered_by(window.digits + "0")


def test_ten_days_of_one_month_need_few_queries() -> None:
    """Ten embeds of one account in June 2019: one or two queries, each covering its windows."""
    days = [date(2019, 6, 1) + timedelta(days=3 * n) for n in range(10)]
    windows = [w for w in (window_of(day) for day in days) if w is not None]
    planned = plan_windows(windows)
    assert len(planned) <= 2
    for window in windows:
        assert any(window.covered_by(plan.digits) for plan in planned)
    for plan in planned:  # never more than one digit shorter than a window's own prefix
        assert len(plan.digits) >= min(len(w.digits) for w in windows) - 1


def test_distant_windows_stay_apart() -> None:
    windows = [w for w in (window_of(date(2015, 1, 5)), window_of(date(2019, 8, 5))) if w is not None]
    assert plan_windows(windows) == sorted(windows, key=lambda w: w.low)


def test_duplicates_collapse() -> None:
    window = window_of(date(2021, 3, 3))
    assert window is not None
    assert plan_windows([window, window, IdRange(window.low, window.high)]) == [window]
