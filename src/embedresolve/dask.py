"""Cleaning on a Dask cluster (the ``embedresolve[dask]`` extra): JSON Lines in, JSON Lines out.

Detection and separation are pure, so they run on any worker; what one
process would write comes out the same, partition by partition::

    import dask.bag as db
from dask.base import compute
from dask.delayed import delayed
    from embedresolve.dask import clean_bag, write_parts

    lines = read_lines(["in/a.jsonl", "in/b.jsonl"], blocksize="64MiB")
    write_parts(clean_bag(lines), "out/")       # out/part-00000.jsonl …, _SUCCESS last

:func:`read_lines` reads text as UTF-8 explicitly, keeping undecodable bytes
(``surrogateescape``) so a bad line is rejected exactly as the single-process
reader rejects it. :func:`clean_bag` first counts the records and lines of each
partition, so each one knows where it starts in its file: the record index and
the line numbers in reject messages are those of ``embedresolve clean`` run on
that file. Resolution is not done here (it needs one process owning the cache
and the rate limits); embeds are marked ``skipped``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

import dask.bag as db
from dask.base import compute
from dask.delayed import delayed

from embedresolve.io.layout import Layouts
from embedresolve.io.readers.jsonl import SEE_SOURCE, read_jsonl
from embedresolve.io.records import DEFAULT_MAX_RECORD_BYTES, Reject
from embedresolve.io.writers import RecordWriter, RejectsWriter
from embedresolve.pipeline import CleanConfig, clean_record, guarded
from embedresolve.runs.chunks import is_blank
from embedresolve.runs.output import EncodedBuffer, fsync_folder

__all__ = ["clean_bag", "clean_files", "clean_lines", "read_lines", "write_parts"]

RECORD, REJECT = "record", "reject"
SUCCESS = "_SUCCESS"
DONE_SUFFIX = ".done"


def read_lines(paths: Sequence[str | Path], *, blocksize: str | int | None = None) -> db.Bag:
    """The lines of JSONL files as a bag of ``(line, path)``, files and blocks in order."""
    lines: db.Bag = db.read_text(
        [str(path) for path in paths],
        blocksize=blocksize,
        encoding="utf-8",
        errors="surrogateescape",
        include_path=True,
    )
    return lines


@dataclass(frozen=True, slots=True)
class _Start:
    """Where a partition starts in its file."""

    line: int
    index: int


def clean_bag(
    lines: db.Bag, config: CleanConfig | None = None, *, max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES
) -> db.Bag:
    """Each partition of ``(line, path)`` cleaned to ``(kind, json_line)``, kind ``record`` or ``reject``."""
    config = config or CleanConfig()
    counts = lines.map_partitions(_count).compute()  # one (path, lines, records) per partition
    starts, seen = [], {}  # type: ignore[var-annotated]
    for path, n_lines, n_records in counts:
        line, index = seen.get(path, (0, 0))
        starts.append(_Start(line, index))
        seen[path] = (line + n_lines, index + n_records)
    offsets = db.from_sequence(starts, npartitions=len(starts))
    cleaned: db.Bag = lines.map_partitions(partial(_clean, config=config, limit=max_record_bytes), offsets)
    return cleaned


def _count(part: Iterable[tuple[str, str]]) -> list[tuple[str, int, int]]:
    path, n_lines, n_records = "", 0, 0
    for line, line_path in part:
        path = line_path
        n_lines += 1
        n_records += not is_blank(line.encode("utf-8", "surrogateescape"), first=False)
    return [(path, n_lines, n_records)]


def _clean(
    part: Iterable[tuple[str, str]], starts: Iterable[_Start], *, config: CleanConfig, limit: int
) -> list[tuple[str, str]]:
    (start,) = list(starts)
    rows = list(part)
    if not rows:
        return []
    return clean_lines(
        (line for line, _ in rows),
        name=Path(rows[0][1]).name,
        first_line=start.line,
        first_index=start.index,
        config=config,
        max_record_bytes=limit,
    )


def clean_lines(
    lines: Iterable[str],
    *,
    name: str = "partition",
    first_line: int = 0,
    first_index: int = 0,
    config: CleanConfig | None = None,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
) -> list[tuple[str, str]]:
    """JSONL lines (with or without their newline) cleaned to ``(kind, json_line)``: one partition's work.

    ``kind`` is ``record`` or ``reject``; ``first_line`` and ``first_index``
    are the lines and records of the file before these (for the messages and
    indexes of rejects). What any engine's map over partitions can call.
    """
    config = config or CleanConfig()
    data = b"".join(
        line.encode("utf-8", "surrogateescape") + (b"" if line.endswith("\n") else b"\n") for line in lines
    )
    out: list[tuple[str, str]] = []
    records, rejects = EncodedBuffer(), EncodedBuffer()
    writer, rejected = RecordWriter("-", "jsonl", records.stream), RejectsWriter("-", rejects.stream)
    items = read_jsonl(
        io.BytesIO(data), max_record_bytes, name, first_index=first_index, first_line=first_line
    )
    # Layouts for restore --exact, as the CLI's clean notes them (JSONL's do not depend on a
    # record's place; the preferred style starts afresh in each partition: the bytes restored are the same).
    layouts = Layouts("jsonl", "jsonl")
    cleaned = layouts.attach(
        guarded(item, partial(clean_record, config=config)) for item in layouts.tap(items)
    )
    for result in cleaned:
        if isinstance(result, Reject) and result.source is not None:
            # A partition is lines of text, not a byte range of its file: no span is right, so none is given.
            result = replace(result, source=None, message=result.message.removesuffix(SEE_SOURCE))
        if isinstance(result, dict):
            writer.write(result)
            out.append((RECORD, records.take().decode()))
        else:
            rejected.write(result)
            out.append((REJECT, rejects.take().decode()))
    return out


def write_parts(cleaned: db.Bag, folder: str | Path) -> list[Path]:
    """Write each partition as ``part-NNNNN.jsonl`` (and its rejects) in input order, ``_SUCCESS`` last.

    A part is written to a temp name, fsynced, renamed, then marked done
    (``part-NNNNN.jsonl.done``); a part already marked done is not computed
    again, so a failed run is resumed by running it again.
    """
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    (root / SUCCESS).unlink(missing_ok=True)
    width = max(5, len(str(cleaned.npartitions - 1)))
    names = [root / f"part-{n:0{width}d}.jsonl" for n in range(cleaned.npartitions)]
    todo = [n for n, name in enumerate(names) if not _done(name).exists()]
    parts = cleaned.to_delayed()
    compute(*[delayed(_write_part)(parts[n], str(names[n])) for n in todo])
    (root / SUCCESS).write_bytes(b"")
    fsync_folder(root)
    return names


def _write_part(rows: list[tuple[str, str]], name: str) -> str:
    path = Path(name)
    for kind, target in ((RECORD, path), (REJECT, path.with_name(path.name + ".rejects.jsonl"))):
        temp = target.with_name(target.name + ".tmp")
        with temp.open("wb") as out:
            out.write("".join(line for k, line in rows if k == kind).encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        temp.replace(target)
    fsync_folder(path.parent)
    _done(path).write_bytes(b"")
    return name


def _done(part: Path) -> Path:
    return part.with_name(part.name + DONE_SUFFIX)


def clean_files(
    paths: Sequence[str | Path],
    folder: str | Path,
    config: CleanConfig | None = None,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    max_record_bytes: int = DEFAULT_MAX_RECORD_BYTES,
    blocksize: str | int | None = "64MiB",
) -> list[Path]:
    """Clean JSONL files into ``folder`` on the cluster at ``scheduler``, or on a local one of ``workers``.

    Gzipped inputs are one partition per file (a gzip stream cannot be split).
    Returns the parts written, in input order; run again to resume.
    """
    from distributed import Client, LocalCluster

    if any(str(path).lower().endswith(".gz") for path in paths):
        blocksize = None
    lines = read_lines(paths, blocksize=blocksize)
    if scheduler is not None:
        with Client(scheduler):
            return write_parts(clean_bag(lines, config, max_record_bytes=max_record_bytes), folder)
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        ) as cluster,
        Client(cluster),
    ):
        return write_parts(clean_bag(lines, config, max_record_bytes=max_record_bytes), folder)
