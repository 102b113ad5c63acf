"""Ctrl-C within a second or two: a real SIGINT to a real run whose resolutions are stuck on a slow host."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from embedresolve.testing.faults import FaultServer, Reply, Rule

from .helpers import CLI, TWEET, cli, without_time, write_lines

PLAIN, STUCK = 30, 40


@pytest.fixture
def slow() -> Iterator[FaultServer]:
    """A host that answers every request after a minute: resolutions stay in flight."""
    server = FaultServer().start()
    server.rules.append(Rule(re.compile(""), Reply(404, action="stall", delay=60), "stall", None))
    yield server
    server.stop()


def _endpoints(server: FaultServer) -> list[str]:
    base = server.base_url
    args = [f"--{name}-url={base}" for name in ("wayback", "syndication", "oembed", "tco")]
    limits = ["--rate=1000", "--search-rate=1000", "--replay-rate=1000", "--max-attempts=1", "--timeout=120"]
    return [*args, *limits, "--no-cache", "--workers=4", "-q"]


def _source(tmp_path: Path) -> Path:
    plain = [json.dumps({"id": f"p{i}", "content": f"Plain article {i}."}) for i in range(PLAIN)]
    stuck = [json.dumps({"id": f"s{i}", "content": f"Article {i}.\n\n{TWEET}\n\nEnd."}) for i in range(STUCK)]
    return write_lines(tmp_path / "in.jsonl", plain + stuck)


def _start(source: Path, output: Path, server: FaultServer) -> subprocess.Popen[str]:
    args = [*CLI, "clean", str(source), "-o", str(output), *_endpoints(server)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while server.hits() == 0:  # resolutions are now in flight
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no request reached the slow host"
        time.sleep(0.05)
    time.sleep(0.3)
    return process


def _whole_lines(path: Path) -> list[str]:
    data = path.read_bytes()
    assert data == b"" or data.endswith(b"\n"), "a torn last line"
    lines = data.decode("utf-8").splitlines()
    for line in lines:
        json.loads(line)
    return lines


def test_ctrl_c_exits_within_two_seconds_with_every_finished_record(
    tmp_path: Path, slow: FaultServer
) -> None:
    source, output = _source(tmp_path), tmp_path / "out.jsonl"
    process = _start(source, output, slow)
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    took = time.monotonic() - sent
    assert process.returncode == 130, stderr
    assert took < 2.0, f"took {took:.2f} s to stop"
    assert not output.exists()  # OUT appears only when the run finished
    lines = _whole_lines(tmp_path / "out.jsonl.partial")
    assert [json.loads(line)["id"] for line in lines] == [f"p{i}" for i in range(PLAIN)]
    assert f"interrupted after {PLAIN} input records" in stderr and "--resume" in stderr
    assert "Traceback" not in stderr

    # The host answers now: the resumed run does only the rest, and the output is whole, once, in order.
    slow.rules.clear()
    done = cli("clean", str(source), "-o", str(output), "--resume", *_endpoints(slow))
    assert done.returncode == 0, done.stderr
    assert f"resumed after {PLAIN} input records" in done.stderr
    ids = [record["id"] for record in without_time(output.read_text(encoding="utf-8"))]
    assert ids == [f"p{i}" for i in range(PLAIN)] + [f"s{i}" for i in range(STUCK)]


def test_a_second_ctrl_c_exits_at_once_leaving_whole_lines(tmp_path: Path, slow: FaultServer) -> None:
    source, output = _source(tmp_path), tmp_path / "out.jsonl"
    process = _start(source, output, slow)
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert time.monotonic() - sent < 2.0
    assert len(_whole_lines(tmp_path / "out.jsonl.partial")) <= PLAIN  # created when the run began


def test_ctrl_c_leaves_a_parquet_partial_readable_with_every_finished_record(
    tmp_path: Path, slow: FaultServer
) -> None:
    pytest.importorskip("pyarrow")
    from embedresolve.io import InputRecord, read_records

    source, output = _source(tmp_path), tmp_path / "out.parquet"
    process = _start(source, output, slow)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130, stderr
    assert not output.exists()
    partial = tmp_path / "out.parquet.partial"
    records = list(read_records(partial, fmt="parquet"))
    assert all(isinstance(record, InputRecord) for record in records)
    assert [record.data["id"] for record in records if isinstance(record, InputRecord)] == [
        f"p{i}" for i in range(PLAIN)
    ]
