"""A run shows a planning resolver each chunk's embeds before resolving them (issue 9)."""

from __future__ import annotations

import json

from embedresolve.io import InputRecord
from embedresolve.models import Embed
from embedresolve.pipeline import PREFETCH_RECORDS, CleanConfig
from embedresolve.progress import RunProgress
from embedresolve.provenance import Resolution
from embedresolve.runs import clean_processor

TWEET = "Intro.\n\nHello world — Ann (@ann{n}) May 1, 2020\n\nBye."


class PlanningResolver:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def prefetch(self, embeds: list[Embed]) -> int:
        self.calls.append(f"prefetch {len(embeds)}")
        return len(embeds)

    def resolve(self, embed: Embed) -> Resolution:
        self.calls.append("resolve")
        return Resolution(status="skipped", reason="test")


def items(count: int) -> list[InputRecord]:
    records = [{"id": n, "content": TWEET.format(n=n)} for n in range(count)]
    return [InputRecord(n, r, json.dumps(r)) for n, r in enumerate(records)]


def run_through(resolver: object, count: int) -> list[object]:
    process = clean_processor(CleanConfig(), resolver=resolver)  # type: ignore[arg-type]
    return list(process(items(count), lambda: False))


def test_each_chunk_is_planned_before_its_embeds_resolve() -> None:
    resolver = PlanningResolver()
    out = run_through(resolver, PREFETCH_RECORDS + 3)
    assert len(out) == PREFETCH_RECORDS + 3
    assert resolver.calls[0] == f"prefetch {PREFETCH_RECORDS}"
    # The next chunk is planned once this one is (nearly) resolved, never after its own embeds.
    resolved_before = resolver.calls[: resolver.calls.index("prefetch 3")].count("resolve")
    assert PREFETCH_RECORDS - 4 <= resolved_before <= PREFETCH_RECORDS
    assert resolver.calls.count("resolve") == PREFETCH_RECORDS + 3


def test_the_progress_wrapper_passes_planning_on() -> None:
    resolver = PlanningResolver()
    watched = RunProgress("-", show=False, sized=False).watch(resolver)
    run_through(watched, 5)
    assert resolver.calls[0] == "prefetch 5" and resolver.calls.count("resolve") == 5
