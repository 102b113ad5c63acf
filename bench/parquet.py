"""Parquet in → clean → Parquet out → restore, on a large input: peak RSS and throughput.

    python bench/parquet.py [--quick] [--sizes-mb 200 1000] [--corpus PATH] [--workdir DIR]

For each of two sizes, a Parquet file of at least that many MB of article text is built from the
corpus's flattened texts (cycled; the seed article when the corpus is
absent), with an id, a URL, a null-heavy column and a nested column beside
the text. Then, each in its own subprocess (so its peak RSS is its own):
``clean IN.parquet --no-resolve -o OUT.parquet`` and ``restore OUT.parquet -o
BACK.parquet``. Printed: input size, seconds, MB/s and peak RSS of each step,
and whether BACK holds the input's rows (compared batch by batch, so the
check is memory-bounded too). Last, the peak RSS of each step at the larger
size over the smaller: memory that stays flat as the input grows gives a
ratio near 1.0. ``--quick`` (CI): 20 and 100 MB. Exit status 1 if a round
trip differs.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "flattened.jsonl.gz"
SEED = ROOT / "fixtures" / "seed" / "amn-kherson.jsonl"
# The child's own peak: VmHWM belongs to the process's address space, which exec
# starts afresh. (ru_maxrss does not: Linux carries the parent's RSS at fork
# into the child's, so it reported this script's own, input-sized, memory.)
CHILD = """
import re, sys
from pathlib import Path
from embedresolve.cli import app
try:
    app(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(re.search(r"VmHWM:\\s+(\\d+) kB", Path("/proc/self/status").read_text())[1], file=sys.stderr)
sys.exit(code)
"""


def texts(corpus: Path) -> list[str]:
    if corpus.suffix == ".gz":
        with gzip.open(corpus, "rt", encoding="utf-8") as lines:
            return [t for line in lines if (t := json.loads(line).get("text"))]
    return [json.loads(line)["content"] for line in corpus.read_text(encoding="utf-8").splitlines()]


def build(path: Path, size: int, corpus: list[str]) -> int:
    writer = None
    written = rows = 0
    while written < size:
        batch = corpus[: max(1, min(len(corpus), 2000))]
        table = pa.table(
            {
                "id": pa.array(range(rows, rows + len(batch)), pa.int64()),
                "url": [f"https://news.example/{rows + i}" for i in range(len(batch))],
                "text": pa.array(batch, pa.large_string()),
                "section": [None if i % 3 else "world" for i in range(len(batch))],
                "meta": [{"words": len(t.split()), "tags": ["news"]} for t in batch],
            }
        )
        writer = writer or pq.ParquetWriter(path, table.schema)
        writer.write_table(table, row_group_size=500)
        written += sum(len(t.encode()) for t in batch)
        rows += len(batch)
        corpus = corpus[len(batch) :] + corpus[: len(batch)]
    assert writer is not None
    writer.close()
    return rows


def step(args: list[str]) -> tuple[float, int]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return seconds, int(done.stderr.strip().splitlines()[-1])  # KiB


def same_rows(a: Path, b: Path) -> bool:
    left = pq.ParquetFile(a).iter_batches(batch_size=1000)
    right = pq.ParquetFile(b).iter_batches(batch_size=1000)
    return all(x.to_pylist() == y.to_pylist() for x, y in zip(left, right, strict=True))


def run(size: int, corpus: list[str], workdir: Path | None) -> tuple[bool, dict[str, int]]:
    """One round trip of ``size`` bytes of text: whether it held, and each step's peak RSS (KiB)."""
    peaks: dict[str, int] = {}
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        source, cleaned, back = (Path(tmp) / name for name in ("in.parquet", "clean.parquet", "back.parquet"))
        rows = build(source, size, corpus)
        mb = source.stat().st_size / 1e6
        print(f"input: {rows:,} rows, {size / 1e6:,.0f} MB of text, {mb:,.0f} MB as Parquet")
        for label, argv in (
            ("clean --no-resolve", ["clean", str(source), "--no-resolve", "-q", "-o", str(cleaned)]),
            ("restore", ["restore", str(cleaned), "-q", "-o", str(back)]),
        ):
            seconds, peaks[label] = step(argv)
            rate, mib = size / 1e6 / seconds, peaks[label] / 1024
            print(f"  {label:20} {seconds:8.1f} s {rate:7.1f} MB/s (text)  peak RSS {mib:7.0f} MiB")
        ok = same_rows(source, back)
        print(f"  round trip: {'the same rows' if ok else 'DIFFERS'}")
    return ok, peaks


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 and 100 MB (CI)")
    parser.add_argument("--sizes-mb", type=float, nargs=2, default=(200, 1000), metavar=("SMALL", "LARGE"))
    parser.add_argument("--corpus", type=Path, default=CORPUS if CORPUS.exists() else SEED)
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args()
    small, large = (20, 100) if args.quick else sorted(args.sizes_mb)
    corpus = texts(args.corpus)
    ok_small, at_small = run(int(small * 1e6), corpus, args.workdir)
    ok_large, at_large = run(int(large * 1e6), corpus, args.workdir)
    for label, kib in at_large.items():
        ratio = kib / at_small[label]
        print(f"peak RSS {label:20} {large:,.0f} MB / {small:,.0f} MB: {ratio:.2f} (flat = 1.00)")
    return 0 if ok_small and ok_large else 1


if __name__ == "__main__":
    sys.exit(main())
