"""--jobs: detection and separation on processes, the output identical to one process's."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from embedresolve.io import DEFAULT_MAX_RECORD_BYTES, InputRecord, Reject, read_records
from embedresolve.io.layout import Layouts
from embedresolve.pipeline import CleanConfig
from embedresolve.runs import RunOptions, carrying_layouts, clean_processor, run
from embedresolve.runs.chunks import JsonlPieces
from embedresolve.runs.jobs import piece_processor, read_piece

from .helpers import CLI, TWEET, cli, corpus_lines

STAMP = re.compile(rb'"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+00:00"')  # processed_at, resolved_at
LIMIT = 2000


def _awkward(path: Path) -> Path:
    """Blank lines, CRLF, a BOM, bad UTF-8, an oversize line, a last line without its newline."""
    lines = [line.encode() for line in corpus_lines(120)]
    lines[0] = b"\xef\xbb\xbf" + lines[0]
    lines[10] = b"   "
    lines[11] = b""
    lines[20] = lines[20] + b"\r"
    lines[30] = b'{"content": "caf\xe9"}'
    lines[40] = json.dumps({"content": "x" * (3 * LIMIT)}).encode()
    lines[41] = json.dumps({"id": "0012", "content": f"🙂 {TWEET}", "n": None}, ensure_ascii=False).encode()
    path.write_bytes(b"\n".join(lines))
    return path


def _without_stamps(path: Path) -> bytes:
    return STAMP.sub(b"", path.read_bytes())


def _run_library(
    source: Path, output: Path, pieces: JsonlPieces | None, jobs: int, limit: int = LIMIT, commit: int = 7
) -> None:
    options = RunOptions(source=str(source), output=str(output), commit_records=commit)
    if pieces is None:
        layouts = Layouts("jsonl", "jsonl")  # as the CLI's clean notes them, and the pieces' workers
        items = layouts.tap(read_records(source, fmt="jsonl", max_record_bytes=limit))
        run(options, items, carrying_layouts(layouts, clean_processor(CleanConfig(), jobs=jobs)))
    else:
        run(options, pieces, piece_processor(CleanConfig(), jobs=jobs, limit=LIMIT, path=source))


def test_pieces_give_the_output_of_one_process_byte_for_byte(tmp_path: Path) -> None:
    source = _awkward(tmp_path / "in.jsonl")
    one, many = tmp_path / "one.jsonl", tmp_path / "many.jsonl"
    _run_library(source, one, None, 1)
    _run_library(source, many, JsonlPieces(source, LIMIT, piece_bytes=300), 2)
    assert _without_stamps(many) == _without_stamps(one)
    assert Path(f"{many}.rejects.jsonl").read_bytes() == Path(f"{one}.rejects.jsonl").read_bytes()
    reasons = [json.loads(line)["reason"] for line in Path(f"{one}.rejects.jsonl").read_text().splitlines()]
    assert {"bad_json", "undecodable", "oversize", "bad_embeds"} <= set(reasons)


@pytest.mark.parametrize("piece_bytes", [7, 500, 1 << 20])
def test_pieces_after_a_skip_read_as_the_rest_of_the_file(tmp_path: Path, piece_bytes: int) -> None:
    source = _awkward(tmp_path / "in.jsonl")
    whole = list(read_records(source, fmt="jsonl", max_record_bytes=LIMIT))
    for skip in (0, 1, 9, 10, 57, len(whole)):
        pieces = list(JsonlPieces(source, LIMIT, piece_bytes=piece_bytes).pieces(skip))
        assert all(piece.data.endswith(b"\n") for piece in pieces[:-1])  # whole lines only
        read: list[InputRecord | Reject] = []
        for piece in pieces:  # each as a worker reads it: the same records, line numbers and spans
            read += read_piece(piece, LIMIT, source, first_index=skip + len(read))
        assert read == whole[skip:]


def test_records_on_processes_with_resolution_here_equal_one_process(tmp_path: Path) -> None:
    """The path with resolution: separation on processes, resolution (offline: failed) in this one."""
    source = _awkward(tmp_path / "in.jsonl")
    outputs = []
    for jobs in (1, 2):
        output = tmp_path / f"out{jobs}.jsonl"
        done = cli(
            "clean",
            str(source),
            "-o",
            str(output),
            "--offline",
            "--no-cache",
            "-q",
            f"--jobs={jobs}",
            f"--max-record-bytes={LIMIT}",
        )
        assert done.returncode == 1, done.stderr
        outputs.append((_without_stamps(output), Path(f"{output}.rejects.jsonl").read_bytes()))
    assert outputs[0] == outputs[1]
    assert b'"status": "failed"' in outputs[0][0] or b'"status": "not_found"' in outputs[0][0]


def test_the_cli_with_jobs_2_writes_what_jobs_1_writes(tmp_path: Path) -> None:
    source = _awkward(tmp_path / "in.jsonl")
    summaries = []
    for jobs in (1, 2):
        output = tmp_path / f"o{jobs}.jsonl"
        done = cli(
            "clean",
            str(source),
            "-o",
            str(output),
            "--no-resolve",
            f"--jobs={jobs}",
            f"--max-record-bytes={LIMIT}",
        )
        assert done.returncode == 1, done.stderr
        summaries.append(done.stderr.splitlines()[:3])  # the summary counts the workers' records too
    assert summaries[0] == summaries[1]
    assert summaries[0][0] == "records: 109 cleaned, 9 rejected"
    assert _without_stamps(tmp_path / "o1.jsonl") == _without_stamps(tmp_path / "o2.jsonl")


def test_ctrl_c_with_jobs_stops_within_two_seconds_and_resumes(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text("".join(line + "\n" for line in corpus_lines(20_000)), encoding="utf-8")
    output = tmp_path / "out.jsonl"
    args = [*CLI, "clean", str(source), "-o", str(output), "--no-resolve", "-q", "--jobs=2"]
    process = subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
    journal = Path(f"{output}.journal")
    deadline = time.monotonic() + 60
    while not (journal.exists() and journal.stat().st_size):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert time.monotonic() - sent < 2.0
    done = cli("clean", str(source), "-o", str(output), "--no-resolve", "-q", "--jobs=2", "--resume")
    assert done.returncode == 1, done.stderr
    expected = tmp_path / "expected.jsonl"
    _run_library(source, expected, None, 1, limit=DEFAULT_MAX_RECORD_BYTES, commit=10_000)
    assert _without_stamps(output) == _without_stamps(expected)


@pytest.mark.parametrize("jobs", [0, -1])
def test_jobs_must_be_positive(tmp_path: Path, jobs: int) -> None:
    done = cli("clean", "in.jsonl", f"--jobs={jobs}", cwd=tmp_path)
    assert done.returncode == 2


def test_pieces_record_the_layouts_restore_exact_needs(tmp_path: Path) -> None:
    """Blank lines at a piece's end go with the next record (its ``before``): the input comes back whole."""
    source = tmp_path / "in.jsonl"
    records = [{"id": f"{n:04}", "content": f"Article {n} 🙂 {TWEET}"} for n in range(40)]
    lines = [
        json.dumps(record, ensure_ascii=n % 3 == 0).encode() + (b"\r\n" if n % 4 == 0 else b"\n")
        for n, record in enumerate(records)
    ]
    for n in (3, 9, 10, 25):
        lines[n] = b"  \n" + lines[n]  # blank lines of their own, which tiny pieces end on
    source.write_bytes(b"\xef\xbb\xbf" + b"".join(lines))
    cleaned, back = tmp_path / "clean.jsonl", tmp_path / "back.jsonl"
    _run_library(source, cleaned, JsonlPieces(source, LIMIT, piece_bytes=7), 2)
    done = cli("restore", str(cleaned), "-o", str(back), "--exact", "-q")
    assert done.returncode == 0, done.stderr
    assert back.read_bytes() == source.read_bytes()
