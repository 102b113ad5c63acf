"""--resume: kill -9 at random points, resume, and the output is an uninterrupted run's."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from embedresolve.runs.state import START, Checkpoint, RunState

from .helpers import CLI, cli, corpus_lines, without_time, write_lines

N = 6_000


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_lines(tmp_path_factory.mktemp("in") / "in.jsonl", corpus_lines(N))


@pytest.fixture(scope="module")
def expected(source: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("expected") / "out.jsonl"
    done = cli("clean", str(source), "-o", str(output), "--no-resolve", "-q")
    assert done.returncode == 1, done.stderr  # the corpus has rejects
    return output


def test_kill_9_at_five_random_points_then_resume_gives_the_uninterrupted_output(
    source: Path, expected: Path, tmp_path: Path
) -> None:
    seed = random.randrange(10**6)
    chance = random.Random(seed)
    output = tmp_path / "out.jsonl"
    killed = 0
    for attempt in range(5):
        args = [*CLI, "clean", str(source), "-o", str(output), "--no-resolve", "-q"]
        process = subprocess.Popen([*args, "--resume"] if attempt else args, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.2, 1.5))
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            killed += 1
        process.wait(timeout=30)
        if process.returncode == -signal.SIGKILL:
            assert not output.exists(), f"seed {seed}: OUT exists before the run finished"
    assert killed, f"seed {seed}: every run finished before its kill"
    done = cli("clean", str(source), "-o", str(output), "--no-resolve", "-q", "--resume")
    assert done.returncode == 1, (seed, done.stderr)
    got, want = without_time(output.read_text("utf-8")), without_time(expected.read_text("utf-8"))
    assert len(got) == len(want), f"seed {seed}"
    assert got == want, f"seed {seed}"
    rejects = Path(f"{output}.rejects.jsonl").read_bytes()
    assert rejects == Path(f"{expected}.rejects.jsonl").read_bytes(), f"seed {seed}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl", "out.jsonl.rejects.jsonl"]


# Long enough that a run is still going after its first commit (10k records or 1 s) on an idle
# machine: with N records it can finish before the test sees a journal.
BIG = 60_000


@pytest.fixture(scope="module")
def big_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_lines(tmp_path_factory.mktemp("big") / "in.jsonl", corpus_lines(BIG))


def _interrupted(source: Path, output: Path) -> None:
    """A run killed after its first commit, so there is something to resume."""
    process = subprocess.Popen([*CLI, "clean", str(source), "-o", str(output), "--no-resolve", "-q"])
    journal = Path(f"{output}.journal")
    deadline = time.monotonic() + 30
    while not (journal.exists() and journal.stat().st_size):
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    process.kill()
    process.wait(timeout=30)


def test_resume_refuses_a_changed_input(big_source: Path, tmp_path: Path) -> None:
    copy = tmp_path / "in.jsonl"
    copy.write_bytes(big_source.read_bytes())
    output = tmp_path / "out.jsonl"
    _interrupted(copy, output)
    with copy.open("a", encoding="utf-8") as more:
        more.write('{"content": "one more"}\n')
    done = cli("clean", str(copy), "-o", str(output), "--no-resolve", "-q", "--resume")
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert "cannot resume" in line and "inputs" in line


def test_resume_refuses_changed_options(big_source: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    _interrupted(big_source, output)
    done = cli("clean", str(big_source), "-o", str(output), "--no-resolve", "-q", "--resume", "--clean-html")
    assert done.returncode == 2 and "options" in done.stderr


@pytest.mark.parametrize(
    ("args", "why"),
    [
        (["-", "-o", "out.jsonl"], "stdin cannot resume"),
        (["in.jsonl"], "stdout cannot resume"),
        (["in.jsonl", "-o", "out.json", "--output-format", "jsonl"], None),
    ],
)
def test_what_cannot_resume_says_so(tmp_path: Path, args: list[str], why: str | None) -> None:
    write_lines(tmp_path / "in.jsonl", corpus_lines(3))
    done = cli("clean", *args, "--no-resolve", "-q", "--resume", cwd=tmp_path)
    if why is None:  # JSONL written to a .json name (--output-format) can resume
        assert done.returncode == 0, done.stderr
        return
    assert done.returncode == 2
    (line,) = done.stderr.splitlines()
    assert why in line


def test_a_json_array_output_cannot_resume(tmp_path: Path) -> None:
    (tmp_path / "in.json").write_text(json.dumps([{"content": "a"}]), encoding="utf-8")
    done = cli("clean", "in.json", "-o", "out.json", "--no-resolve", "-q", "--resume", cwd=tmp_path)
    assert done.returncode == 2 and "json output cannot be continued" in done.stderr


def test_the_journal_s_torn_last_line_is_ignored(tmp_path: Path) -> None:
    state = RunState(tmp_path / "out.jsonl")
    state.begin({"plan": 1})
    state.commit(Checkpoint(10, 100, 20, 9, 1))
    state.close()
    with state.journal_path.open("ab") as journal:
        journal.write(b'{"items": 20, "out": 2')
    resumed = RunState(tmp_path / "out.jsonl")
    assert resumed.resume({"plan": 1}) == Checkpoint(10, 100, 20, 9, 1)
    resumed.close()


def test_a_journal_without_a_commit_resumes_from_the_start(tmp_path: Path) -> None:
    state = RunState(tmp_path / "out.jsonl")
    state.begin({"plan": 1})
    state.close()
    resumed = RunState(tmp_path / "out.jsonl")
    assert resumed.resume({"plan": 1}) == START
    resumed.close()


def test_a_resumed_run_notes_the_layouts_of_a_run_from_the_start(tmp_path: Path) -> None:
    """CSV in, JSONL out: the first record after the resume is not the file's first (no header before it)."""
    source = tmp_path / "in.csv"
    # Every seventh row quoted as the CSV writer would not: its layout keeps its text, the others none.
    rows = "".join(f'"{n}",Article {n}\r\n' if n % 7 == 0 else f"{n},Article {n}\r\n" for n in range(40_000))
    source.write_text("id,content\r\n" + rows, encoding="utf-8", newline="")
    output, whole = tmp_path / "out.jsonl", tmp_path / "whole.jsonl"
    done = cli("clean", str(source), "-o", str(whole), "--no-resolve", "-q")
    assert done.returncode == 0, done.stderr
    _interrupted(source, output)
    done = cli("clean", str(source), "-o", str(output), "--no-resolve", "-q", "--resume")
    assert done.returncode == 0 and "resumed after" in done.stderr, done.stderr
    assert without_time(output.read_text("utf-8")) == without_time(whole.read_text("utf-8"))
    back = tmp_path / "back.csv"
    done = cli("restore", str(output), "-o", str(back), "--exact", "-q")
    assert done.returncode == 0, done.stderr
    assert back.read_bytes() == source.read_bytes()
