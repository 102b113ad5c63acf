"""What a run does to each record: the processors :func:`~embedresolve.runs.loop.run` drives.

Detection and separation are pure and quick, and run inline (or in processes,
``jobs`` > 1); resolution waits on the network and runs on ``workers`` daemon
threads of this process, which owns the cache and the rate limits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from embedresolve.io import InputRecord, Reject
from embedresolve.io.layout import Layouts
from embedresolve.pipeline import (
    PREFETCH_RECORDS,
    CleanConfig,
    EmbedResolver,
    Separated,
    guarded,
    restore_record,
    separate_record,
)
from embedresolve.runs.loop import Item, Processor, Result
from embedresolve.runs.ordered import DaemonPool, ordered_map

Stopped = Callable[[], bool]


def clean_processor(
    config: CleanConfig, *, resolver: EmbedResolver | None = None, workers: int = 1, jobs: int = 1
) -> Processor:
    """Clean each record: separate (inline or on ``jobs`` processes), then resolve on ``workers`` threads."""

    def process(items: Iterable[Item], stopped: Stopped) -> Iterator[Result]:
        if jobs > 1:
            from embedresolve.runs.jobs import separate_in_processes

            separated = separate_in_processes(items, config, jobs=jobs, stopped=stopped)
        else:
            separated = ordered_map(
                lambda item: (item, _separate(item, config)), items, pool=None, window=1, stopped=stopped
            )
        if resolver is None:
            yield from (_complete(pair, None) for pair in separated)
            return
        pool = DaemonPool(workers)
        try:
            yield from ordered_map(
                lambda pair: _complete(pair, resolver),
                _planned(separated, resolver),
                pool=pool,
                window=4 * workers,
                stopped=stopped,
            )
        finally:
            pool.shutdown(wait=False)

    return process


def restore_processor() -> Processor:
    def process(items: Iterable[Item], stopped: Stopped) -> Iterator[Result]:
        return ordered_map(
            lambda item: guarded(item, restore_record), items, pool=None, window=1, stopped=stopped
        )

    return process


def carrying_layouts(layouts: Layouts, process: Processor) -> Processor:
    """``process`` with each record's layout (noted by ``layouts.tap`` on the items) put into its result.

    The run skips the items a resumed run has done before the processor sees
    them; the first item it sees tells ``layouts`` to forget theirs.
    """

    def carry(items: Iterable[Item], stopped: Stopped) -> Iterator[Result]:
        def first_told() -> Iterator[Item]:
            for number, item in enumerate(items):
                if number == 0:
                    layouts.resumed()
                yield item

        return layouts.attach(process(first_told(), stopped))

    return carry


def restoring_layouts(layouts: Layouts, process: Processor) -> Processor:
    """``process`` (restore) with each record's layout read from its metadata and given to the writer."""

    def restore(items: Iterable[Item], stopped: Stopped) -> Iterator[Result]:
        return layouts.restored(process(layouts.keep(items), stopped))

    return restore


def _planned(
    pairs: Iterable[tuple[Item, Separated | Reject]], resolver: EmbedResolver
) -> Iterator[tuple[Item, Separated | Reject]]:
    """``pairs`` in chunks, each chunk's embeds shown first to a resolver that plans its
    queries (issue 9: one CDX query per account and window, not one per embed)."""
    prefetch = getattr(resolver, "prefetch", None)
    if prefetch is None:
        yield from pairs
        return
    chunk: list[tuple[Item, Separated | Reject]] = []
    for pair in pairs:
        chunk.append(pair)
        if len(chunk) >= PREFETCH_RECORDS:
            prefetch([e for _, sep in chunk if isinstance(sep, Separated) for e in sep.embeds])
            yield from chunk
            chunk = []
    if chunk:
        prefetch([e for _, sep in chunk if isinstance(sep, Separated) for e in sep.embeds])
        yield from chunk


def _separate(item: Item, config: CleanConfig) -> Separated | Reject:
    return guarded(item, lambda data: separate_record(data, config))


def _complete(
    pair: tuple[Item, Separated | Reject | dict[str, Any]], resolver: EmbedResolver | None
) -> Result:
    item, separated = pair
    if isinstance(separated, (Reject, dict)):
        return separated
    assert isinstance(item, InputRecord)  # a Reject item separates to itself
    return guarded(item, lambda _: separated.complete(resolver))
