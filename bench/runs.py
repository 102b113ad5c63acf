"""Runs: ``--jobs 1`` vs ``--jobs 2`` throughput and memory, Ctrl-C latency, kill -9 / --resume.

    python bench/runs.py [--quick] [--size-mb 200] [--corpus PATH] [--kills 5] [--seed N] [--workdir DIR]

1. Throughput. A JSONL file of at least ``--size-mb`` MB built from the corpus texts
   (as bench/throughput.py builds it) is cleaned by the real CLI, ``clean --no-resolve``,
   with ``--jobs 1`` and ``--jobs 2``: wall time, input MB/s (1 MB = 10**6 bytes), the
   speed-up, and peak memory summed over the process tree (main, forkserver, workers;
   sampled from /proc every 20 ms). The two outputs must be identical bytes once the
   ``processed_at`` stamps are set aside.
2. Ctrl-C. A run on the same input gets a real SIGINT after a second: seconds until it
   exits, its status (130), whether the partial output holds only whole lines.
3. kill -9 and --resume. ``--kills`` runs are each killed with SIGKILL at a random moment
   (the first fresh, the rest with --resume), then a last --resume finishes; the ids in the
   output are checked against the input: lost, duplicated, out of order (target 0 / 0 / 0).

The load average is printed with the figures: on a machine other work keeps busy, the
speed-up says more about that work than about ours. Exit status 1 when an output
differs, a Ctrl-C is not honoured within 2 s, or a record is lost or duplicated.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import DEFAULT_CORPUS, MB, build_jsonl, cli_command, load_texts

STAMP = re.compile(rb'"processed_at": "[^"]*"')
CTRL_C_LIMIT_S = 2.0


TICKS = os.sysconf("SC_CLK_TCK")


def tree(pid: int) -> list[tuple[int, int, float]]:
    """``(pid, RSS KiB, CPU seconds)`` of ``pid`` and all its descendants (none once it is gone)."""
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            stat = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+)", status)
        cpu = (int(stat[11]) + int(stat[12])) / TICKS  # utime + stime
        found.append((current, int(match.group(1)) if match else 0, cpu))
        stack.extend(int(child) for child in children)
    return found


class PeakSampler(threading.Thread):
    """Peak RSS summed over the tree, and the last CPU time seen of each process."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done = pid, 0, threading.Event()
        self.cpu: dict[int, float] = {}

    def run(self) -> None:
        while not self.done.is_set():
            processes = tree(self.pid)
            self.peak_kb = max(self.peak_kb, sum(rss for _, rss, _ in processes))
            self.cpu.update({pid: cpu for pid, _, cpu in processes})
            time.sleep(0.02)


def clean_args(source: Path, output: Path, *extra: str) -> list[str]:
    return [*cli_command(), "clean", str(source), "-o", str(output), "--no-resolve", "-q", *extra]


def timed_run(source: Path, output: Path, jobs: int) -> tuple[float, int, int, PeakSampler]:
    """(seconds, peak tree RSS KiB, exit status, the sampler) of one clean."""
    start = time.perf_counter()
    process = subprocess.Popen(clean_args(source, output, f"--jobs={jobs}"), stderr=subprocess.DEVNULL)
    sampler = PeakSampler(process.pid)
    sampler.start()
    status = process.wait()
    elapsed = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    return elapsed, sampler.peak_kb, status, sampler


def digest_without_stamps(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as lines:
        for line in lines:
            digest.update(STAMP.sub(b"", line))
    return digest.hexdigest()


def whole_lines(path: Path) -> bool:
    if not path.exists():
        return True
    with path.open("rb") as lines:
        last = b""
        for line in lines:
            last = line
        return last == b"" or last.endswith(b"\n")


def ids_in(path: Path) -> list[int]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["id"] for line in lines]


def measure_throughput(source: Path, size: int, work: Path) -> bool:
    results = {}
    for jobs in (1, 2):
        output = work / f"jobs{jobs}.jsonl"
        elapsed, peak_kb, status, sampler = timed_run(source, output, jobs)
        results[jobs] = (elapsed, peak_kb, status, digest_without_stamps(output) if status in (0, 1) else "")
        main_cpu = sampler.cpu.get(sampler.pid, 0.0)
        others = sorted((cpu for pid, cpu in sampler.cpu.items() if pid != sampler.pid), reverse=True)
        print(
            f"  --jobs {jobs}: {elapsed:7.2f} s  {size / MB / elapsed:7.1f} MB/s  "
            f"peak RSS (all processes) {peak_kb / 1024:6.0f} MiB  exit {status}"
        )
        busiest = ", ".join(f"{cpu:.1f}" for cpu in others[:jobs])
        print(f"             CPU s: main {main_cpu:.1f}" + (f", busiest workers {busiest}" if others else ""))
    same = results[1][3] == results[2][3] != ""
    speedup = results[1][0] / results[2][0]
    print(f"  speed-up --jobs 2 / --jobs 1: {speedup:.2f}x (target >= 1.8 on 2 idle cores)")
    print(f"  outputs identical (processed_at aside): {'yes' if same else 'NO'}")
    return same


def measure_ctrl_c(source: Path, work: Path) -> bool:
    ok = True
    for jobs in (1, 2):
        output = work / f"ctrlc{jobs}.jsonl"
        process = subprocess.Popen(clean_args(source, output, f"--jobs={jobs}"), stderr=subprocess.DEVNULL)
        journal = output.with_name(output.name + ".journal")
        while not (journal.exists() and journal.stat().st_size) and process.poll() is None:
            time.sleep(0.02)  # the run has begun and committed once: records are in flight
        time.sleep(0.5)
        sent = time.perf_counter()
        process.send_signal(signal.SIGINT)
        status = process.wait()
        took = time.perf_counter() - sent
        partial = output.with_name(output.name + ".partial")
        whole = whole_lines(partial)
        done = len(ids_in(partial)) if partial.exists() and whole else 0
        print(
            f"  --jobs {jobs}: exited {took:.2f} s after SIGINT, status {status}, "
            f"{done} records kept, whole lines: {'yes' if whole else 'NO'}"
        )
        ok = ok and took < CTRL_C_LIMIT_S and status == 130 and whole
    return ok


def measure_kill_resume(source: Path, expected: list[int], work: Path, kills: int, seed: int) -> bool:
    chance = random.Random(seed)
    output = work / "killed.jsonl"
    moments = []
    for attempt in range(kills):
        extra = ["--resume"] if attempt else []
        process = subprocess.Popen(clean_args(source, output, *extra), stderr=subprocess.DEVNULL)
        moment = chance.uniform(0.3, 3.0)
        time.sleep(moment)
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            moments.append(f"{moment:.2f}")
        process.wait()
    final = subprocess.run(clean_args(source, output, "--resume"), stderr=subprocess.DEVNULL)
    got = ids_in(output)
    duplicated = sum(n - 1 for n in Counter(got).values())
    lost = len(set(expected) - set(got))
    in_order = got == sorted(got)  # the input's ids count up
    print(
        f"  {len(moments)} kills at {', '.join(moments)} s (seed {seed}), "
        f"then --resume (exit {final.returncode}):"
    )
    print(f"  lost {lost}, duplicated {duplicated}, in input order: {'yes' if in_order else 'NO'}")
    return lost == 0 and duplicated == 0 and in_order


INTERRUPT_MB = 100  # the input the Ctrl-C and kill -9 runs read, at least


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 MB input (CI)")
    parser.add_argument("--size-mb", type=float, default=None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--kills", type=int, default=5)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    size_mb = args.size_mb or (20 if args.quick else 200)
    seed = args.seed if args.seed is not None else random.randrange(10**6)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="embedresolve-runs-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "input.jsonl"
    size, count = build_jsonl(load_texts(args.corpus), source, int(size_mb * MB))
    print(
        f"input: {size / MB:.0f} MB, {count} records; {os.cpu_count()} CPUs; load average {os.getloadavg()}"
    )
    print("throughput (clean --no-resolve):")
    ok = measure_throughput(source, size, work)
    # Interrupting needs a run that lasts: on an idle machine 20 MB is done in about a second,
    # before a signal a second in could reach it.
    stopped = source
    if size_mb < INTERRUPT_MB:
        stopped = work / "interrupted.jsonl"
        _, count = build_jsonl(load_texts(args.corpus), stopped, INTERRUPT_MB * MB)
    print("Ctrl-C:")
    ok = measure_ctrl_c(stopped, work) and ok
    print("kill -9 and --resume:")
    ok = measure_kill_resume(stopped, list(range(count)), work, args.kills, seed) and ok
    print(f"load average at the end: {os.getloadavg()}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
