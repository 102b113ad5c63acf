"""The rate limiter, on a fake clock: spacing, independence, pauses and slow-down."""

from __future__ import annotations

import math
import threading

import pytest

from embedresolve.resolve.ratelimit import RateLimiter, WaitTotals
from embedresolve.testing import FakeClock


@pytest.fixture
def limiter(clock: FakeClock) -> RateLimiter:
    return RateLimiter(clock=clock, sleep=clock.sleep)


class TestSpacing:
    def test_calls_are_spaced_by_the_interval(self, limiter, clock):
        """At 2/s the 2nd and 3rd calls each wait half a second."""
        waits = [limiter.acquire("h", 2.0) for _ in range(3)]
        assert waits == [0.0, 0.5, 0.5]
        assert clock.sleeps == [0.5, 0.5]

    def test_no_burst_after_idling(self, limiter, clock):
        """Idle time is not saved up: after a pause the spacing is the same."""
        limiter.acquire("h", 2.0)
        clock.advance(10)
        assert [limiter.acquire("h", 2.0) for _ in range(2)] == [0.0, 0.5]

    def test_time_already_passed_counts(self, limiter, clock):
        limiter.acquire("h", 2.0)
        clock.advance(0.3)
        assert limiter.acquire("h", 2.0) == pytest.approx(0.2)

    def test_buckets_are_independent(self, limiter, clock):
        limiter.acquire("a", 1.0)
        assert limiter.acquire("b", 1.0) == 0.0
        assert limiter.acquire("a", 1.0) == 1.0

    def test_infinite_rate_never_waits(self, limiter, clock):
        assert [limiter.acquire("h", math.inf) for _ in range(5)] == [0.0] * 5

    @pytest.mark.parametrize("rate", [0.0, -1.0, math.nan])
    def test_rate_must_be_positive(self, limiter, rate):
        with pytest.raises(ValueError, match="positive"):
            limiter.acquire("h", rate)

    def test_threads_queue_in_distinct_slots(self):
        """Concurrent callers never share a slot (the clock stands still; only slots differ)."""
        waits: list[float] = []
        lock = threading.Lock()
        limiter = RateLimiter(clock=lambda: 0.0, sleep=lambda s: None)

        def worker() -> None:
            w = limiter.acquire("h", 4.0)
            with lock:
                waits.append(w)

        threads = [threading.Thread(target=worker) for _ in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(waits) == [i * 0.25 for i in range(20)]


class TestPause:
    def test_pause_stops_every_bucket_of_the_host(self, limiter, clock):
        """A 429 on the CDX pool also holds back replay: the limit is per client."""
        limiter.pause("web.archive.org", 60)
        assert limiter.acquire("web.archive.org replay", 8.0, host="web.archive.org") == 60
        assert limiter.paused_until("web.archive.org") is None  # over now

    def test_pause_leaves_other_hosts_alone(self, limiter):
        limiter.pause("web.archive.org", 60)
        assert limiter.acquire("t.co", 2.0) == 0.0

    def test_rate_halves_after_a_pause_and_does_not_recover(self, limiter, clock):
        limiter.pause("h", 60)
        assert limiter.rate_factor("h") == 0.5
        waits = [limiter.acquire("h", 2.0) for _ in range(2)]
        assert waits == [60.0, 1.0]  # 2/s became 1/s
        clock.advance(3600)
        assert limiter.rate_factor("h") == 0.5

    def test_429s_within_one_pause_halve_once(self, limiter, clock):
        """Workers already in flight all get 429: one episode, one slow-down."""
        limiter.pause("h", 60)
        limiter.pause("h", 60)
        clock.advance(30)
        limiter.pause("h", 60)
        assert limiter.rate_factor("h") == 0.5
        assert limiter.paused_until("h") == pytest.approx(clock() + 60)

    def test_each_new_episode_halves_again_down_to_the_floor(self, clock):
        limiter = RateLimiter(clock=clock, sleep=clock.sleep, min_rate_factor=1 / 4)
        for _ in range(5):
            limiter.pause("h", 60)
            clock.advance(61)
        assert limiter.rate_factor("h") == 0.25

    def test_shorter_pause_does_not_cut_a_longer_one(self, limiter, clock):
        limiter.pause("h", 300)
        limiter.pause("h", 60)
        assert limiter.paused_until("h") == pytest.approx(clock() + 300)

    def test_pause_arriving_while_queued_applies_to_the_waiter(self, clock):
        """A caller already sleeping towards its slot re-queues behind a new pause."""
        limiter: RateLimiter

        def sleep(seconds: float) -> None:
            clock.sleep(seconds)
            if len(clock.sleeps) == 1:  # another worker hits a 429 meanwhile
                limiter.pause("h", 60)

        limiter = RateLimiter(clock=clock, sleep=sleep)
        limiter.acquire("h", 1.0)
        waited = limiter.acquire("h", 1.0)
        assert clock.sleeps == [1.0, 60.0]
        assert waited == 61.0

    def test_invalid_slowdown(self):
        with pytest.raises(ValueError):
            RateLimiter(slowdown=0)


class TestWaitTotals:
    def test_every_wait_is_summed_per_bucket(self, clock: FakeClock) -> None:
        waits = WaitTotals()
        limiter = RateLimiter(clock=clock, sleep=clock.sleep, waits=waits)
        for _ in range(3):
            limiter.acquire("a", 2.0)  # waits 0, 0.5, 0.5
        limiter.acquire("b", 1.0)  # its first: no wait
        limiter.acquire("b", 1.0)  # one interval: 1 s
        assert waits.by_bucket() == {"a": pytest.approx(1.0), "b": pytest.approx(1.0)}
        assert waits.total() == pytest.approx(sum(clock.sleeps))

    def test_a_pause_wait_counts_too(self, clock: FakeClock) -> None:
        waits = WaitTotals()
        limiter = RateLimiter(clock=clock, sleep=clock.sleep, waits=waits)
        limiter.pause("h", 30)
        assert limiter.acquire("h search", math.inf, host="h") == 30
        assert waits.by_bucket() == {"h search": 30}

    def test_threads_lose_no_wait(self, clock: FakeClock) -> None:
        waits = WaitTotals()
        limiter = RateLimiter(clock=clock, sleep=clock.sleep, waits=waits)
        returned: list[float] = []
        lock = threading.Lock()

        def worker() -> None:
            for _ in range(50):
                waited = limiter.acquire("h", 10.0)
                with lock:
                    returned.append(waited)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert waits.total() == pytest.approx(sum(returned))
        assert waits.total() > 0
