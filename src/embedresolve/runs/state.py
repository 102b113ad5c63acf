"""The resume state beside an output: the plan of the run and the journal of its commits.

``OUT.plan.json`` says what the run is (its inputs with their sizes and
modification times, a digest of every option that shapes the output); a
resume refuses a plan that changed. ``OUT.journal`` gets one JSON line per
commit, written after the output and rejects bytes it counts were fsynced, so
its last whole line is always a point both files reached. A torn last line (a
kill during the append) is ignored: the commit before it still holds.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from embedresolve.errors import UsageError
from embedresolve.runs.output import fsync_folder

PLAN_SUFFIX = ".plan.json"
JOURNAL_SUFFIX = ".journal"


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A committed point: this many input items are done, the files end at these sizes."""

    items: int  # input items (records and rejects) fully written
    out: int  # bytes of the output file
    rejects: int  # bytes of the rejects file
    written: int  # records written so far
    rejected: int  # rejects written so far


START = Checkpoint(0, 0, 0, 0, 0)


def fingerprint(source: str) -> list[dict[str, Any]]:
    """The input files as the plan knows them: path, size, modification time (a folder: every file)."""
    root = Path(source)
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
    out = []
    for path in files:
        stat = path.stat()
        out.append({"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns})
    return out


def digest(options: Mapping[str, Any]) -> str:
    return hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode()).hexdigest()[:16]


class RunState:
    """The plan and journal of the run writing ``output``."""

    def __init__(self, output: Path) -> None:
        self.plan_path = output.with_name(output.name + PLAN_SUFFIX)
        self.journal_path = output.with_name(output.name + JOURNAL_SUFFIX)
        self._journal: Any = None

    def exists(self) -> bool:
        return self.plan_path.exists()

    def begin(self, plan: Mapping[str, Any]) -> None:
        """Save the plan (temp → fsync → rename) and start an empty journal."""
        temp = self.plan_path.with_name(self.plan_path.name + ".tmp")
        with temp.open("w", encoding="utf-8") as out:
            json.dump(plan, out, indent=2, sort_keys=True)
            out.flush()
            os.fsync(out.fileno())
        temp.replace(self.plan_path)
        self._journal = self.journal_path.open("wb")
        fsync_folder(self.plan_path.parent)

    def resume(self, plan: Mapping[str, Any]) -> Checkpoint:
        """The last committed point of the saved run, refusing a plan that changed."""
        try:
            saved = json.loads(self.plan_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"cannot resume: {str(self.plan_path)!r} is unreadable ({exc})") from exc
        changed = [key for key in sorted({*saved, *plan}) if saved.get(key) != plan.get(key)]
        if changed:
            raise UsageError(
                f"cannot resume: the run changed since it began ({', '.join(changed)} differ "
                f"from {str(self.plan_path)!r}); run without --resume to start again"
            )
        checkpoint = self._last_checkpoint()
        self._journal = self.journal_path.open("ab")
        return checkpoint

    def _last_checkpoint(self) -> Checkpoint:
        try:
            lines = self.journal_path.read_bytes().splitlines()
        except FileNotFoundError:
            return START
        for line in reversed(lines):
            try:
                return Checkpoint(**json.loads(line))
            except (ValueError, TypeError):  # the torn last line of a killed run
                continue
        return START

    def commit(self, checkpoint: Checkpoint) -> None:
        self._journal.write(json.dumps(asdict(checkpoint)).encode() + b"\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None

    def remove(self) -> None:
        """The run finished: its state goes."""
        self.close()
        self.journal_path.unlink(missing_ok=True)
        self.plan_path.unlink(missing_ok=True)
