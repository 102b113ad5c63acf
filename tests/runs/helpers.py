"""Inputs for the run tests, and output compared with processed_at set aside."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

TWEET = "The People of Kherson: pic.twitter.com/WWZTjTA7La — Saint Javelin (@saintjavelin) November 11, 2022"
CLI = [sys.executable, "-c", "from embedresolve.cli import app; app(prog_name='embedresolve')"]


def corpus_lines(n: int) -> list[str]:
    """``n`` JSONL lines: records with and without embeds, a few rejects (bad JSON, junk reserved fields)."""
    lines = []
    for i in range(n):
        if i % 37 == 5:
            lines.append('{"id": "broken", ')
        elif i % 41 == 7:
            lines.append(json.dumps({"id": f"r{i}", "content": "x", "embeds": 5, "embedresolve": "bogus"}))
        else:
            body = f"Article {i} 🙂 says.\n\n{TWEET}\n\nAnd more." if i % 3 else f"Plain article {i}."
            lines.append(json.dumps({"id": f"{i:04d}", "content": body, "n": None}, ensure_ascii=False))
    return lines


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def without_time(text: str) -> list[Any]:
    """The records of a JSONL output, each with its processed_at removed."""
    records = []
    for line in text.splitlines():
        record = json.loads(line)
        if isinstance(record.get("embedresolve"), dict):
            record["embedresolve"].pop("processed_at", None)
        records.append(record)
    return records


def cli(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)
