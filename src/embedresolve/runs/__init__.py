"""Runs that never lose work: safe output, Ctrl-C, resume, ``--jobs``.

    loop.py       run(): the run loop (commits, interruption, resume), RunOptions, RunResult
    stages.py     the processors it drives: clean (separate, then resolve), restore
    output.py     OUT.partial written in fsynced chunks and renamed at the end; the same-file check
    state.py      the plan and journal beside an output, for --resume
    interrupt.py  the first Ctrl-C stops the run cleanly, the second at once
    ordered.py    an ordered, bounded, stoppable map over a pool; daemon threads for resolution
    jobs.py       detection and separation on processes (--jobs)

The CLI builds the options and calls :func:`run`; a library user can too.
"""

from __future__ import annotations

from embedresolve.runs.interrupt import EXIT_INTERRUPTED
from embedresolve.runs.loop import Processor, RunOptions, RunResult, run
from embedresolve.runs.stages import carrying_layouts, clean_processor, restore_processor, restoring_layouts

__all__ = [
    "EXIT_INTERRUPTED",
    "Processor",
    "RunOptions",
    "RunResult",
    "carrying_layouts",
    "clean_processor",
    "restore_processor",
    "restoring_layouts",
    "run",
]
