"""Throughput, memory and worst-case timing of ``embedresolve clean --no-resolve``.

    python bench/throughput.py [--quick] [--size-mb 200] [--corpus PATH] [--repeats N]
                               [--timeout 120] [--workdir DIR]

What is measured, and why:

1. Throughput. A JSONL file of at least ``--size-mb`` MB is built from the corpus
   texts (records ``{"id", "url", "content"}``, the texts cycled) and streamed through
   (a) a bare ``json.loads`` + ``json.dumps`` of every line into /dev/null: the floor any
       JSONL tool pays, so the ratio shows what detection and separation add on top;
   (b) the real CLI, ``embedresolve clean FILE --no-resolve -o OUT``, in a subprocess:
       what users see (start-up, reading, writing a real file);
   (c) the library in this process: ``read_records`` → ``clean_records`` →
       ``RecordWriter`` into /dev/null.
   Figures are input MB/s (1 MB = 10**6 bytes), best of N runs (interleaved so that
   background load hits all three alike), and clean/baseline time (target ≤ 1.5).
2. Memory. Peak RSS of the CLI on 1×, 2× and 4× a base size. Input is streamed, so it
   must not grow with the input: largest/smallest ≈ 1.0 (called flat up to 1.2).
3. Worst cases. Pathological texts (storms of handles, media links, dashes, line
   breaks, signatures and Substack card stamps, and one long line of corpus prose
   without a line break) at two sizes, through ``detect_text`` and ``clean_record``:
   seconds per MB next to normal corpus text (target: within 2×), and the time ratio
   of the doubled size (≈ 2 when linear). Best of up to 3 runs while they fit a time
   budget (2 s with --quick), so short cases are not judged on one noisy run. Each case
   runs in its own subprocess with a hard timeout, so a super-linear regression prints
   TIMEOUT instead of hanging CI.

Everything runs pinned to one CPU (Linux; POSIX for the memory figures). Nothing is
asserted about speed: the exit status is 0, or 1 when a case timed out or a run
failed (a hang or a crash is a defect; a slow figure is a finding).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from embedresolve.detect import detect_text
from embedresolve.io import RecordWriter, Reject, read_records
from embedresolve.pipeline import CleanConfig, clean_record, clean_records

MB = 1_000_000
HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus" / "flattened.jsonl.gz"
CONFIG = CleanConfig()  # and no resolver: what --no-resolve runs
RATIO_TARGET = 1.5  # clean time / baseline time
WORST_TARGET = 2.0  # worst-case seconds per MB / normal text's
FLAT_LIMIT = 1.2  # peak RSS largest / smallest input
LINEAR_LIMIT = 3.0  # time at 2× size / time at 1×; 2 is linear, 4 quadratic

# Units repeated to the case size; "prose_line" is the corpus texts with every whitespace run made one space.
PATTERNS: dict[str, str] = {
    "handles": "(@a) ",
    "pic_links": "pic.twitter.com/",
    "em_dashes": "—",
    "signature_storm": "— A (@a) May 1, 2020 ",
    "newlines": "\n",
    "blank_lines": "\n\n",
    "card_storm": "11:23 AM ∙ Dec 27, 2022 @a ",
}
PROSE = "prose_line"
NORMAL = "normal"  # the corpus records as they are: the reference for seconds per MB
FUNCS = ("detect", "clean")


@dataclass(frozen=True)
class Settings:
    corpus: Path
    size_mb: float
    repeats: int
    timeout: float
    case_budget: float  # a worst case is repeated (up to 3 runs) only while within this many seconds
    memory_mb: tuple[float, ...]  # 1×, 2×, 4× a base size
    pattern_mb: tuple[float, float]
    prose_mb: tuple[float, float]
    workdir: Path | None


@dataclass
class Timing:
    """Best time of a measurement, or why there is none (``status`` TIMEOUT / FAILED: …)."""

    seconds: float | None = None
    status: str = "ok"
    peak_rss_kb: int | None = None
    runs: int = 0

    def record(self, seconds: float) -> None:
        self.seconds = seconds if self.seconds is None else min(self.seconds, seconds)
        self.runs += 1

    @property
    def ok(self) -> bool:
        return self.status == "ok"


@dataclass(frozen=True)
class CaseResult:
    """One worst case: best seconds over ``size`` bytes of text, or why there is none."""

    status: str = "ok"
    seconds: float = 0.0
    size: int = 0
    embeds: int = 0
    runs: int = 0

    @property
    def per_mb(self) -> float | None:
        return self.seconds / (self.size / MB) if self.status == "ok" and self.size else None


class CaseTimeout(Exception):
    pass


# --- input --------------------------------------------------------------------


def load_texts(corpus: Path) -> list[str]:
    """The non-empty ``text`` fields of the flattened corpus (a file, or its folder)."""
    path = corpus / "flattened.jsonl.gz" if corpus.is_dir() else corpus
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        texts = [record.get("text") for record in map(json.loads, lines)]
    return [text for text in texts if isinstance(text, str) and text]


def build_jsonl(texts: list[str], path: Path, size_bytes: int) -> tuple[int, int]:
    """Write records cycling over ``texts`` until the file holds ``size_bytes``: (bytes, records)."""
    written = count = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        while written < size_bytes:
            text = texts[count % len(texts)]
            record = {"id": count, "url": f"https://news.example/{count}", "content": text}
            line = json.dumps(record, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode())
            count += 1
    return written, count


def case_text(pattern: str, size_bytes: int, corpus: Path) -> str:
    """``size_bytes`` (UTF-8) of a repeated pattern, or of corpus prose on one line."""
    if pattern == PROSE:
        prose = " ".join(" ".join(text.split()) for text in load_texts(corpus))
        unit = prose.encode()
        raw = unit * (size_bytes // len(unit) + 1)
        return raw[:size_bytes].decode("utf-8", "ignore")
    unit_text = PATTERNS[pattern]
    return unit_text * max(1, round(size_bytes / len(unit_text.encode())))


# --- running ------------------------------------------------------------------


def pin_to_one_cpu() -> str:
    """Pin this process (and so every child) to one CPU; say which."""
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity here)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise CaseTimeout in this (main) thread when ``seconds`` pass."""

    def expire(signum: int, frame: object) -> None:
        raise CaseTimeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed_in_process(timing: Timing, action: Callable[[], object], timeout: float) -> str:
    """Run ``action`` once into ``timing``; this run's time (or status) as text."""
    if not timing.ok:
        return timing.status
    try:
        with deadline(timeout):
            start = time.perf_counter()
            action()
            elapsed = time.perf_counter() - start
    except CaseTimeout:
        timing.status = "TIMEOUT"
        return timing.status
    timing.record(elapsed)
    return f"{elapsed:.2f} s"


def baseline_pass(path: Path) -> None:
    """The floor: parse and re-serialise every line, streaming, into /dev/null."""
    with path.open("rb") as lines, open(os.devnull, "w", encoding="utf-8") as sink:  # noqa: PTH123
        for line in lines:
            sink.write(json.dumps(json.loads(line), ensure_ascii=False) + "\n")


def library_pass(path: Path) -> tuple[int, int, int]:
    """``clean --no-resolve`` through the library into /dev/null: (records, embeds, rejects)."""
    records = embeds = rejects = 0
    with RecordWriter(os.devnull, "jsonl") as out:
        for item in clean_records(read_records(path), CONFIG):
            if isinstance(item, Reject):
                rejects += 1
                continue
            out.write(item)
            records += 1
            embeds += len(item["embeds"])
    return records, embeds, rejects


def cli_command() -> list[str]:
    script = Path(sys.executable).with_name("embedresolve")
    if script.exists():
        return [str(script)]
    found = shutil.which("embedresolve")
    return [found] if found else [sys.executable, "-c", "from embedresolve.cli import app; app()"]


def run_cli(source: Path, output: Path, timeout: float) -> Timing:
    """One ``clean --no-resolve`` run of the CLI: wall time and the child's own peak RSS."""
    args = [*cli_command(), "clean", str(source), "--no-resolve", "-o", str(output)]
    timing = Timing()
    killed = threading.Event()
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=errors)

        def kill() -> None:
            killed.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # the rusage of this child alone
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        errors.seek(0)
        message = errors.read().decode("utf-8", "replace").strip().splitlines()
    for path in (output, output.with_name(output.name + ".rejects.jsonl")):
        path.unlink(missing_ok=True)
    if killed.is_set():
        timing.status = "TIMEOUT"
    elif proc.returncode != 0:
        timing.status = f"FAILED: exit {proc.returncode}: {message[-1] if message else ''}"
    else:
        timing.record(elapsed)
        timing.peak_rss_kb = usage.ru_maxrss  # KiB on Linux
    return timing


def spawn_case(spec: dict[str, Any], timeout: float) -> CaseResult:
    """Run one worst-case measurement in a fresh interpreter, killed after ``timeout``."""
    args = [sys.executable, str(Path(__file__).resolve()), "--case", json.dumps(spec)]
    try:
        done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return CaseResult("TIMEOUT")
    if done.returncode != 0:
        tail = (done.stderr.strip().splitlines() or [""])[-1]
        return CaseResult(f"FAILED: exit {done.returncode}: {tail}")
    return CaseResult(**json.loads(done.stdout.strip().splitlines()[-1]))


def run_case(spec: dict[str, Any]) -> CaseResult:
    """The worker side of :func:`spawn_case`: best of up to ``repeats`` runs within ``budget`` s."""
    corpus = Path(spec["corpus"])
    if spec["pattern"] == NORMAL:
        texts = load_texts(corpus)
    else:
        texts = [case_text(spec["pattern"], int(spec["mb"] * MB), corpus)]
    records = [{"id": i, "content": text} for i, text in enumerate(texts)]
    if spec["func"] == "detect":
        action: Callable[[], int] = lambda: sum(len(detect_text(text)) for text in texts)  # noqa: E731
    else:
        action = lambda: sum(len(clean_record(r, CONFIG)["embeds"]) for r in records)  # noqa: E731
    best, spent, runs, embeds = float("inf"), 0.0, 0, 0
    while runs < spec["repeats"] and (runs == 0 or spent + best < spec["budget"]):
        start = time.perf_counter()
        embeds = action()
        elapsed = time.perf_counter() - start
        best, spent, runs = min(best, elapsed), spent + elapsed, runs + 1
    size = sum(len(text.encode()) for text in texts)
    return CaseResult(seconds=best, size=size, embeds=embeds, runs=runs)


# --- the three parts ----------------------------------------------------------


@dataclass
class Throughput:
    size: int
    records: int
    embeds: int
    rejects: int
    baseline: Timing
    library: Timing
    cli: Timing


def measure_throughput(settings: Settings, texts: list[str], work: Path) -> Throughput:
    source = work / "bench.jsonl"
    size, _ = build_jsonl(texts, source, int(settings.size_mb * MB))
    print(f"\n[1] throughput: {source} {size / MB:.1f} MB, best of {settings.repeats}")
    timeout = settings.timeout + 2 * size / MB  # slower than ~0.5 MB/s counts as a hang
    baseline, library, cli = Timing(), Timing(), Timing()
    counts = (0, 0, 0)

    def library_run() -> None:
        nonlocal counts
        counts = library_pass(source)

    for run in range(settings.repeats):
        base_run = timed_in_process(baseline, lambda: baseline_pass(source), timeout)
        library_run_time = timed_in_process(library, library_run, timeout)
        once = run_cli(source, work / "bench.out.jsonl", timeout) if cli.ok else cli
        if once is not cli:
            cli.status = once.status
            if once.seconds is not None:
                cli.record(once.seconds)
                cli.peak_rss_kb = max(cli.peak_rss_kb or 0, once.peak_rss_kb or 0)
        print(f"    run {run + 1}: baseline {base_run}  library {library_run_time}  cli {fmt_s(once)}")
    source.unlink()
    return Throughput(size, *counts, baseline, library, cli)


def measure_memory(settings: Settings, texts: list[str], work: Path) -> list[tuple[int, Timing]]:
    print(f"\n[2] memory: CLI peak RSS at {' / '.join(f'{mb:g}' for mb in settings.memory_mb)} MB")
    results = []
    for mb in settings.memory_mb:
        source = work / f"memory-{mb:g}.jsonl"
        size, _ = build_jsonl(texts, source, int(mb * MB))
        timing = run_cli(source, work / "memory.out.jsonl", settings.timeout + 2 * size / MB)
        source.unlink()
        print(f"    {size / MB:7.1f} MB  {fmt_s(timing)}  peak RSS {fmt_rss(timing)}")
        results.append((size, timing))
    return results


CaseKey = tuple[str, float, str]  # pattern, MB (0 for normal), function


def measure_worst_cases(settings: Settings) -> dict[CaseKey, CaseResult]:
    print(f"\n[3] worst cases: one subprocess per case, timeout {settings.timeout:g} s")
    cases: list[CaseKey] = [(NORMAL, 0.0, func) for func in FUNCS]
    for pattern in [*PATTERNS, PROSE]:
        sizes = settings.prose_mb if pattern == PROSE else settings.pattern_mb
        cases += [(pattern, mb, func) for mb in sizes for func in FUNCS]
    results = {}
    for pattern, mb, func in cases:
        spec = {
            "pattern": pattern,
            "mb": mb,
            "func": func,
            "corpus": str(settings.corpus),
            "repeats": 3,
            "budget": settings.case_budget,
        }
        result = spawn_case(spec, settings.timeout)
        results[(pattern, mb, func)] = result
        print(f"    {pattern:16} {mb or 'corpus'!s:>6} {func:6} {describe_case(result)}")
    return results


# --- printing -----------------------------------------------------------------


def fmt_s(timing: Timing) -> str:
    return f"{timing.seconds:.2f} s" if timing.seconds is not None else timing.status


def fmt_rss(timing: Timing) -> str:
    return f"{timing.peak_rss_kb / 1024:.1f} MiB" if timing.peak_rss_kb else "-"


def mb_per_s(size: int, timing: Timing) -> str:
    return f"{size / MB / timing.seconds:.1f}" if timing.seconds else timing.status


def describe_case(result: CaseResult) -> str:
    if result.per_mb is None:
        return result.status
    return (
        f"{result.seconds:.3f} s for {result.size / MB:.2f} MB = {result.per_mb:.3f} s/MB"
        f"  ({result.embeds} embeds, best of {result.runs})"
    )


def verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "n/a"
    return "met" if value <= limit else "NOT met"


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(
            [row[0].ljust(widths[0]), *(cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True))]
        )
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summarise_throughput(t: Throughput) -> str:
    base = t.baseline.seconds
    rows = [["throughput", "MB/s", "time s", "× baseline", f"target ≤ {RATIO_TARGET}", "peak RSS"]]
    for name, timing in (
        ("json baseline", t.baseline),
        ("clean (library)", t.library),
        ("clean (CLI)", t.cli),
    ):
        ratio = timing.seconds / base if timing.seconds and base else None
        rows.append(
            [
                name,
                mb_per_s(t.size, timing),
                f"{timing.seconds:.2f}" if timing.seconds else timing.status,
                f"{ratio:.2f}" if ratio else "-",
                "-" if timing is t.baseline else verdict(ratio, RATIO_TARGET),
                fmt_rss(timing),
            ]
        )
    head = f"{t.size / MB:.1f} MB, {t.records} records, {t.embeds} embeds, {t.rejects} rejects"
    return head + "\n" + table(rows)


def summarise_memory(results: list[tuple[int, Timing]]) -> str:
    rows = [["input MB", "CLI peak RSS", "CLI MB/s"]]
    rows += [[f"{size / MB:.1f}", fmt_rss(timing), mb_per_s(size, timing)] for size, timing in results]
    rss = [timing.peak_rss_kb for _, timing in results]
    if all(rss) and len(rss) > 1:
        ratio = max(rss[-1] or 0, 1) / max(rss[0] or 0, 1)
        flat = "flat" if ratio <= FLAT_LIMIT else "GROWS"
        tail = f"peak RSS largest/smallest input: {ratio:.2f} ({flat}; ≈ 1.0 is flat, limit {FLAT_LIMIT})"
    else:
        tail = "peak RSS ratio: n/a"
    return table(rows) + "\n" + tail


def summarise_worst(settings: Settings, results: dict[CaseKey, CaseResult]) -> str:
    normal = {func: results[(NORMAL, 0.0, func)].per_mb for func in FUNCS}
    header = ["case", "MB"]
    for func in FUNCS:
        header += [f"{func} s/MB", "× normal", f"2×/1× {func}"]
    rows = [header, [NORMAL + " corpus", f"{results[(NORMAL, 0.0, 'detect')].size / MB:.1f}"]]
    for func in FUNCS:
        rows[-1] += [f"{normal[func]:.4f}" if normal[func] else "-", "1.0", "-"]
    for pattern in [*PATTERNS, PROSE]:
        sizes = settings.prose_mb if pattern == PROSE else settings.pattern_mb
        for mb in sizes:
            row = [pattern, f"{mb:g}"]
            for func in FUNCS:
                result = results[(pattern, mb, func)]
                value, reference = result.per_mb, normal[func]
                times = value / reference if value is not None and reference else None
                row += [
                    f"{value:.4f}" if value is not None else result.status.split(":")[0],
                    "-" if times is None else f"{times:.1f}" + (" !" if times > WORST_TARGET else ""),
                    scaling(results, pattern, sizes, func) if mb == sizes[1] else "",
                ]
            rows.append(row)
    notes = (
        f"'!' = more than {WORST_TARGET:g}× normal text per MB (target within {WORST_TARGET:g}×);"
        f" 2×/1× = time at the larger size / time at the smaller: ≈ 2 linear, ≈ 4 quadratic,"
        f" '!' above {LINEAR_LIMIT:g}"
    )
    return table(rows) + "\n" + notes


def scaling(results: dict[CaseKey, CaseResult], pattern: str, sizes: tuple[float, float], func: str) -> str:
    small, large = (results[(pattern, mb, func)] for mb in sizes)
    if small.per_mb is None or large.per_mb is None or not small.seconds:
        return "-"
    ratio = large.seconds / small.seconds
    return f"{ratio:.2f}" + (" !" if ratio > LINEAR_LIMIT else "")


def worst_verdicts(results: dict[CaseKey, CaseResult]) -> tuple[int, int]:
    """(cases over the per-MB target, cases that timed out or failed)."""
    normal = {func: results[(NORMAL, 0.0, func)].per_mb for func in FUNCS}
    slow = broken = 0
    for (_, _, func), result in results.items():
        value = result.per_mb
        if value is None:
            broken += 1
        elif (reference := normal[func]) and value > WORST_TARGET * reference:
            slow += 1
    return slow, broken


# --- main ---------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> tuple[argparse.Namespace, Settings]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--corpus", type=Path, default=DEFAULT_CORPUS, help="flattened.jsonl.gz or its folder"
    )
    parser.add_argument("--size-mb", type=float, help="throughput input size (default 200, quick 40)")
    parser.add_argument(
        "--quick", action="store_true", help="CI: 40 MB, one run, smaller memory inputs, short worst cases"
    )
    parser.add_argument("--repeats", type=int, help="best of N runs (default 3, quick 1)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per worst case")
    parser.add_argument("--workdir", type=Path, help="where the temporary files go (default: system temp)")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # worker mode, see spawn_case
    args = parser.parse_args(argv)
    quick = args.quick
    settings = Settings(
        corpus=args.corpus,
        size_mb=args.size_mb or (40.0 if quick else 200.0),
        repeats=args.repeats or (1 if quick else 3),
        timeout=args.timeout,
        case_budget=2.0 if quick else args.timeout / 3,
        memory_mb=(10.0, 20.0, 40.0) if quick else (25.0, 50.0, 100.0),
        pattern_mb=(1.0, 2.0),
        prose_mb=(5.0, 10.0),
        workdir=args.workdir,
    )
    return args, settings


def main(argv: list[str] | None = None) -> int:
    args, settings = parse_args(argv)
    if args.case:
        print(json.dumps(asdict(run_case(json.loads(args.case)))))
        return 0
    started = time.perf_counter()
    print(f"embedresolve throughput benchmark: python {sys.version.split()[0]}, {pin_to_one_cpu()}")
    print(f"corpus {settings.corpus}; CLI: {' '.join(cli_command())} clean FILE --no-resolve -o OUT")
    texts = load_texts(settings.corpus)
    with tempfile.TemporaryDirectory(prefix="embedresolve-bench-", dir=settings.workdir) as tmp:
        throughput = measure_throughput(settings, texts, Path(tmp))
        memory = measure_memory(settings, texts, Path(tmp))
    worst = measure_worst_cases(settings)

    print("\n=== summary")
    print(summarise_throughput(throughput))
    print()
    print(summarise_memory(memory))
    print()
    print(summarise_worst(settings, worst))
    slow, broken = worst_verdicts(worst)
    timings = [throughput.baseline, throughput.library, throughput.cli, *(t for _, t in memory)]
    broken += sum(not timing.ok for timing in timings)
    print(f"\nworst cases over {WORST_TARGET:g}× normal per MB: {slow}; timed out or failed: {broken}")
    print(f"wall time {time.perf_counter() - started:.0f} s")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
