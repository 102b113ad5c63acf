"""The resume state: which media identities are done, which manifest lines exist (SQLite).

``seen`` is keyed by media identity (``INSERT OR IGNORE``): an identity
fetched once is never fetched again, in this run or the next; its row keeps
the line the fetch produced. ``lines`` is keyed by (record, embed, item): a
manifest line already written is never written again. Rows are committed
*after* the manifest line is on disk; a crash in between is repaired at start
by :meth:`MediaState.reconcile`, which takes the manifest as the truth.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

__all__ = ["MediaState"]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS seen (
    identity TEXT PRIMARY KEY,
    sha256 TEXT,
    line TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS seen_sha256 ON seen (sha256);
CREATE TABLE IF NOT EXISTS lines (
    record INTEGER NOT NULL,
    embed INTEGER NOT NULL,
    item INTEGER NOT NULL,
    line TEXT NOT NULL,
    PRIMARY KEY (record, embed, item)
);
CREATE TABLE IF NOT EXISTS closed_warcs (
    file TEXT PRIMARY KEY
);
"""


class MediaState:
    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path)
        self.db.executescript(_SCHEMA)
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    def seen(self, identity: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT line FROM seen WHERE identity = ?", (identity,)).fetchone()
        return json.loads(row[0]) if row else None

    def archived_sha256(self, sha256: str) -> dict[str, Any] | None:
        """The first archived line with this payload (for ``duplicate``)."""
        row = self.db.execute(
            "SELECT line FROM seen WHERE sha256 = ? ORDER BY rowid LIMIT 1", (sha256,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def line(self, record: int, embed: int, item: int) -> dict[str, Any] | None:
        row = self.db.execute(
            "SELECT line FROM lines WHERE record = ? AND embed = ? AND item = ?", (record, embed, item)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def commit(self, line: dict[str, Any]) -> None:
        """Record a written manifest line (and its identity as seen)."""
        text = json.dumps(line, sort_keys=True)
        sha256 = line.get("sha256") if line.get("outcome") in ("archived", "duplicate") else None
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO seen (identity, sha256, line) VALUES (?, ?, ?)",
                (line["identity"], sha256, text),
            )
            self.db.execute(
                "INSERT OR IGNORE INTO lines (record, embed, item, line) VALUES (?, ?, ?, ?)",
                (line["record"], line["embed"], line["index"], text),
            )

    def closed_warcs(self) -> set[str]:
        """WARC files a run closed cleanly (the others may end in a torn record)."""
        return {row[0] for row in self.db.execute("SELECT file FROM closed_warcs")}

    def close_warcs(self, names: list[str]) -> None:
        with self.db:
            self.db.executemany("INSERT OR IGNORE INTO closed_warcs (file) VALUES (?)", [(n,) for n in names])

    def mark_seen(self, identity: str, line: dict[str, Any]) -> None:
        """Something archived that has no manifest line (``--with-posts``: a post's JSON)."""
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO seen (identity, sha256, line) VALUES (?, NULL, ?)",
                (identity, json.dumps(line, sort_keys=True)),
            )

    def reconcile(self, manifest: Path) -> set[str]:
        """Adopt manifest lines the database missed; return every sha256 the manifest names."""
        known: set[str] = set()
        if not manifest.exists():
            return known
        with manifest.open(encoding="utf-8") as fh:
            for text in fh:
                line = json.loads(text)
                if line.get("sha256"):
                    known.add(line["sha256"])
                if self.line(line["record"], line["embed"], line["index"]) is None:
                    self.commit(line)
        return known
