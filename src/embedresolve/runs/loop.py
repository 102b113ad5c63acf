"""The run loop: records in, records out, committed in whole chunks, stoppable, resumable.

:func:`run` drives a :data:`Processor` (what happens to each record: clean,
restore) over the input and writes what it yields, in input order, to the
output and rejects files. Every ``commit_records`` items or ``commit_seconds``
the bytes written so far are appended to ``OUT.partial`` and the rejects
file's partial, fsynced, and a checkpoint is journalled; at the end both are
renamed into place. A Ctrl-C stops taking records, writes what is finished,
and leaves the partial files and the journal for ``--resume``.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from embedresolve.errors import RecordError, UsageError
from embedresolve.io import InputRecord, RecordWriter, Reject, RejectsWriter, rejects_path
from embedresolve.io.formats import TXTDIR, suffix_format
from embedresolve.runs.chunks import Block, JsonlPieces
from embedresolve.runs.interrupt import Interrupt
from embedresolve.runs.output import (
    EncodedBuffer,
    FileTarget,
    StreamTarget,
    Target,
    WrittenFile,
    check_not_input,
    partial_path,
)
from embedresolve.runs.state import START, Checkpoint, RunState, digest, fingerprint

Item = InputRecord | Reject
Result = dict[str, Any] | Reject
Processor = Callable[[Iterable[Any], Callable[[], bool]], Iterator[Any]]
"""``(items, stopped) → results``: one result per item, in order; ends early once ``stopped()``.

Items are records (:data:`Item`, results :data:`Result`), or pieces of a JSONL
file (:class:`~.chunks.Piece`, results :class:`~.chunks.Block`) when the
input is a :class:`~.chunks.JsonlPieces`.
"""

OWN_FILE_FORMATS = ("parquet",)  # written by their own writer to OUT.partial, not through commits
RESUMABLE_FORMATS = ("jsonl",)  # a JSON array or CSV writer cannot be continued after a cut


@dataclass(frozen=True, kw_only=True)
class RunOptions:
    """Where a run reads and writes, and how it commits."""

    source: str  # the input path, or "-" for stdin (only used for checks and the plan)
    output: str = "-"
    out_format: str = "jsonl"
    rejects: str | None = None  # default: OUT.rejects.jsonl, or stderr beside stdout
    resume: bool = False
    in_place: bool = False
    exact: bool = False  # records carry their input's layout (restore --exact)
    # A commit (fsync of both files, a journal line) at whichever comes first: a kill loses at most that.
    commit_records: int = 10_000
    commit_bytes: int = 8 * 1024 * 1024
    commit_seconds: float = 1.0
    plan_options: Mapping[str, Any] = field(default_factory=dict)  # what else shapes the output


@dataclass
class RunResult:
    """What a run did (counts include the part done before a resume)."""

    output: str
    rejects: str
    written: int = 0  # records written
    rejected: int = 0
    items: int = 0  # input items done
    resumed_at: int = 0  # input items already done when this run began
    interrupted: bool = False
    resumable: bool = False  # an interrupted run can go on with --resume


def run(
    options: RunOptions,
    items: Iterable[Item] | JsonlPieces,
    process: Processor,
    *,
    render: Callable[[int, dict[str, Any]], list[dict[str, Any]]] | None = None,
    on_item: Callable[[Result], None] | None = None,
    note: Callable[[str], None] = lambda message: None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> RunResult:
    """Process ``items`` and write the results; see the module docstring.

    ``render`` turns a result record into the lines to write (``scan`` writes
    one per embed; default: the record itself), ``on_item`` sees every result
    as it is written (progress, summary), ``note`` receives messages for the
    person running it.
    """
    import sys

    stdout = stdout if stdout is not None else sys.stdout
    stderr = stderr if stderr is not None else sys.stderr
    rejects_to = options.rejects or rejects_path(options.output)
    check_not_input(options.source, options.output, rejects=rejects_to, in_place=options.in_place)
    result = RunResult(output=options.output, rejects=rejects_to)
    folder = _is_folder_output(options)
    resumable = (
        options.source != "-"
        and options.output != "-"
        and rejects_to != "-"
        and not folder
        and options.out_format in RESUMABLE_FORMATS
    )
    if options.resume and not resumable:
        raise UsageError(f"--resume: {_why_not_resumable(options, rejects_to, folder)}")
    result.resumable = resumable

    state = RunState(Path(options.output)) if resumable else None
    plan = _plan(options, rejects_to) if state is not None else {}
    checkpoint = START
    if state is not None and options.resume:
        if state.exists():
            checkpoint = state.resume(plan)
        else:
            note(f"nothing to resume for {options.output!r}: starting from the beginning")
    resuming = checkpoint is not START or (options.resume and state is not None and state.exists())

    out_target: Target | None = None
    own_file = options.out_format in OWN_FILE_FORMATS and options.output != "-"
    if own_file:
        out_target = WrittenFile(Path(options.output))
    elif not folder:
        out_target = (
            StreamTarget(stdout)
            if options.output == "-"
            else FileTarget(Path(options.output), resume_at=checkpoint.out if resuming else None)
        )
    rej_target: Target = (
        StreamTarget(stderr)
        if rejects_to == "-"
        else FileTarget(
            Path(rejects_to), resume_at=checkpoint.rejects if resuming else None, only_if_written=True
        )
    )
    if state is not None and not resuming:
        if state.exists():
            note(f"an unfinished run of {options.output!r} is discarded (add --resume to continue it)")
        state.begin(plan)
    out_buffer = EncodedBuffer(out_target.encoding if isinstance(out_target, StreamTarget) else "utf-8")
    rej_buffer = EncodedBuffer(rej_target.encoding if isinstance(rej_target, StreamTarget) else "utf-8")
    if folder:  # each record is its own files, whole when written
        writer = RecordWriter(options.output, TXTDIR)
    elif own_file:
        writer = RecordWriter(partial_path(Path(options.output)), options.out_format, exact=options.exact)
    else:
        writer = RecordWriter("-", options.out_format, out_buffer.stream, exact=options.exact)
    rejected_out = RejectsWriter("-", rej_buffer.stream)
    result.written, result.rejected = checkpoint.written, checkpoint.rejected
    result.items = result.resumed_at = checkpoint.items

    def commit() -> None:
        if out_target is not None:
            out_target.commit(out_buffer.take())
        rej_target.commit(rej_buffer.take())
        if state is not None and out_target is not None:
            state.commit(
                Checkpoint(result.items, out_target.size, rej_target.size, result.written, result.rejected)
            )

    def write_one(item: Result) -> int:
        if not isinstance(item, Reject):
            try:
                for line in render(result.items, item) if render else (item,):
                    writer.write(line)
                result.written += 1
            except RecordError as error:  # a record the output cannot hold (a text file's id)
                item = Reject(result.items, error.reason, str(error), json.dumps(item, ensure_ascii=False))
        if isinstance(item, Reject):
            rejected_out.write(item)
            result.rejected += 1
        result.items += 1
        if on_item is not None:
            on_item(item)
        return 1

    def write_block(block: Block) -> int:
        """Records a worker wrote (``--jobs``): appended as they are."""
        out_buffer.write_bytes(block.records)
        rejects = [replace(reject, index=reject.index + result.items) for reject in block.rejects]
        for reject in rejects:
            rejected_out.write(reject)
        result.written += block.written
        result.rejected += len(block.rejects)
        result.items += block.items
        if on_item is not None:
            seen: list[Result] = [*block.views, *rejects]
            for view in seen:
                on_item(view)
        return block.items

    if isinstance(items, JsonlPieces):
        source = _Tracked(items.pieces(checkpoint.items))
    else:
        source = _Tracked(itertools.islice(items, checkpoint.items, None))
    finished = False
    try:
        with Interrupt() as interrupt:
            last = time.monotonic()
            since = 0
            results = 0
            for item in process(source, lambda: interrupt.requested):
                since += write_block(item) if isinstance(item, Block) else write_one(item)
                results += 1
                if (
                    since >= options.commit_records
                    or out_buffer.pending() >= options.commit_bytes
                    or time.monotonic() - last >= options.commit_seconds
                ):
                    commit()
                    last, since = time.monotonic(), 0
            result.interrupted = interrupt.requested and not _all_done(source, results)
            if not result.interrupted or own_file:  # a Parquet file is readable once its writer closes it
                writer.close()
            if not result.interrupted:
                rejected_out.close()
            commit()
            finished = not result.interrupted
    except BaseException:
        commit()  # what was written before the error is whole: keep it (the journal stays consistent)
        raise
    finally:
        if finished:
            rej_target.finish()
            if out_target is not None:
                out_target.finish()
            if state is not None:
                state.remove()
        else:  # an error or an interruption: the partial files stay, for a look or --resume
            rej_target.close()
            if out_target is not None:
                out_target.close()
            if state is not None:
                state.close()
    return result


def _all_done(source: _Tracked, results: int) -> bool:
    """Every input item (or piece) was taken and its result written (a Ctrl-C after the last one)."""
    return source.exhausted and results == source.taken


class _Tracked:
    """An iterator that knows whether its source ran out and how many items it gave."""

    def __init__(self, items: Iterator[Any]) -> None:
        self._items = items
        self.taken = 0
        self.exhausted = False

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        try:
            item = next(self._items)
        except StopIteration:
            self.exhausted = True
            raise
        self.taken += 1
        return item


def _is_folder_output(options: RunOptions) -> bool:
    """A folder of text files (what RecordWriter writes for txtdir to a name without a suffix)."""
    path = Path(options.output)
    return (
        options.out_format == TXTDIR
        and options.output != "-"
        and not path.is_file()
        and suffix_format(path) is None
    )


def _why_not_resumable(options: RunOptions, rejects_to: str, folder: bool) -> str:
    if options.source == "-":
        return "stdin cannot resume (it cannot be read again): give the input as a file"
    if options.output == "-":
        return "stdout cannot resume (what was written is gone): give -o a file"
    if rejects_to == "-":
        return "rejects written to stderr cannot resume: give --rejects a file"
    if folder:
        return "a folder of text files cannot resume: write JSON Lines (-o OUT.jsonl)"
    return f"{options.out_format} output cannot be continued after a cut: write JSON Lines (-o OUT.jsonl)"


def _plan(options: RunOptions, rejects_to: str) -> dict[str, Any]:
    return {
        "version": 1,
        "inputs": fingerprint(options.source),
        "output_format": options.out_format,
        "rejects": str(Path(rejects_to).resolve()),
        "options": digest(options.plan_options),
    }
