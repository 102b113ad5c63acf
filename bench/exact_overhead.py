"""What ``restore --exact`` costs: bytes added to the cleaned output, and time, per input style.

    python bench/exact_overhead.py [--corpus PATH] [--limit N]

Each style of the same records (from the corpus's flattened texts; the seed
fixture when the corpus is absent) is cleaned with ``clean --no-resolve``;
the figures are the bytes the layouts add to the output (``embedresolve.layout``,
as a share of the input's size), the time spent working them out (as a share
of the clean run), and whether ``restore --exact`` gave the input back byte
for byte (exit status 1 if not).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import sys
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner

from embedresolve.cli import app
from embedresolve.io import InputRecord, read_records
from embedresolve.io.layout import layout_of

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "flattened.jsonl.gz"
SEED = ROOT / "fixtures" / "seed" / "amn-kherson.jsonl"


def load(path: Path, limit: int) -> list[dict[str, object]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:  # type: ignore[operator]
        records = [json.loads(line) for _, line in zip(range(limit), lines, strict=False)]
    return [
        {"id": r["id"], "text": r.get("text") or r.get("content") or "", "n": i}
        for i, r in enumerate(records)
    ]


def styles(records: list[dict[str, object]]) -> dict[str, str]:
    def table(end: str) -> str:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(records[0]), lineterminator=end)
        writer.writeheader()
        writer.writerows(records)
        return buffer.getvalue()

    return {
        "utf8.jsonl (embedresolve's own)": "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
        "ascii.jsonl (Python default)": "".join(json.dumps(r) + "\n" for r in records),
        "crlf.jsonl": "".join(json.dumps(r, ensure_ascii=False) + "\r\n" for r in records),
        "slashes.jsonl (PHP \\/)": "".join(
            json.dumps(r, separators=(",", ":")).replace("/", "\\/") + "\n" for r in records
        ),
        "pretty.json (indent 2)": json.dumps(records, indent=2, ensure_ascii=False) + "\n",
        "crlf.csv (Python csv)": table("\r\n"),
        "lf.csv": table("\n"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS if CORPUS.exists() else SEED)
    parser.add_argument("--limit", type=int, default=2000)
    args = parser.parse_args()
    records = load(args.corpus, args.limit)
    runner = CliRunner()
    failed = 0
    print(f"{len(records)} records from {args.corpus}")
    print(f"{'style':34} {'input MB':>9} {'layout bytes':>13} {'% of input':>10} {'% of time':>10}  exact")
    with tempfile.TemporaryDirectory() as tmp:
        for label, text in styles(records).items():
            suffix = label.split(" ")[0].rsplit(".", 1)[1]
            source = Path(tmp) / f"in.{suffix}"
            source.write_bytes(text.encode())
            cleaned, back = Path(tmp) / f"cleaned.{suffix}", Path(tmp) / f"back.{suffix}"
            started = time.perf_counter()
            runner.invoke(app, ["clean", str(source), "--no-resolve", "-q", "-o", str(cleaned)])
            clean_s = time.perf_counter() - started
            items = [item for item in read_records(source) if isinstance(item, InputRecord)]
            started = time.perf_counter()
            for number, item in enumerate(items):
                layout_of(item, "json" if suffix == "json" else suffix, number == 0)
            layout_s = time.perf_counter() - started
            added = 0
            for item in read_records(cleaned):
                if isinstance(item, InputRecord) and "layout" in item.data["embedresolve"]:
                    layout = item.data["embedresolve"]["layout"]
                    added += len(b', "layout": ') + len(json.dumps(layout, ensure_ascii=False).encode())
            result = runner.invoke(app, ["restore", str(cleaned), "--exact", "-q", "-o", str(back)])
            exact = result.exit_code == 0 and back.read_bytes() == source.read_bytes()
            failed += not exact
            size = source.stat().st_size
            print(
                f"{label:34} {size / 1e6:9.2f} {added:13,} {100 * added / size:10.2f} "
                f"{100 * layout_s / clean_s:10.1f}  {'yes' if exact else 'NO'}"
            )
    print("(% of time: working out the layouts, over the whole clean --no-resolve run)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
