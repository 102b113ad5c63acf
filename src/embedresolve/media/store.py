"""Content-addressed files: a temp file becomes ``media/sha256/ab/cd/<sha256>.<ext>`` durably.

Order: the temp file is fsynced, renamed into place (atomic on one file
system), then its directory is fsynced, so a crash leaves either no file or a
whole one — never a torn file under a digest name. A file already there is the
same content (its name is its digest): the temp file is dropped.

:func:`adopt_orphans` runs at start: files no manifest line names (a crash
between rename and manifest) are re-hashed; a file whose content matches its
name is kept (the retry will find it), anything else is removed, as are
leftover temp files.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Collection
from pathlib import Path

from embedresolve.media.paths import media_path, parse_media_name

__all__ = ["MediaStore", "adopt_orphans", "fsync_dir"]


def fsync_dir(directory: Path) -> None:
    """Make a rename in ``directory`` durable (no-op where directories cannot be opened)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class MediaStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.temp_dir = root / "media" / "tmp"

    def path_for(self, sha256: str, extension: str) -> Path:
        return media_path(self.root, sha256, extension)

    def commit(self, temp: Path, sha256: str, extension: str) -> tuple[Path, bool]:
        """Move ``temp`` to its content address; ``(path, created)``."""
        target = self.path_for(sha256, extension)
        if target.exists():
            temp.unlink(missing_ok=True)
            return target, False
        target.parent.mkdir(parents=True, exist_ok=True)
        with temp.open("rb+") as fh:
            os.fsync(fh.fileno())
        temp.replace(target)
        fsync_dir(target.parent)
        return target, True

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def adopt_orphans(store: MediaStore, known: Collection[str]) -> tuple[list[Path], list[Path]]:
    """``(adopted, removed)``: see the module docstring. ``known`` are the sha256s of manifest lines."""
    adopted: list[Path] = []
    removed: list[Path] = []
    for leftover in store.temp_dir.glob(".part-*") if store.temp_dir.exists() else []:
        leftover.unlink(missing_ok=True)
        removed.append(leftover)
    base = store.root / "media" / "sha256"
    for path in sorted(base.glob("*/*/*")) if base.exists() else []:
        parsed = parse_media_name(path.name)
        if parsed is None or parsed[0] in known:
            continue
        if _sha256_of(path) == parsed[0]:
            adopted.append(path)
        else:
            path.unlink()
            removed.append(path)
    return adopted, removed
