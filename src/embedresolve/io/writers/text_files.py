"""A folder of text files: each record's text as ``<id>``, the rest of it in ``<id>.embeds.json``.

A record that is only its id and text (a restored one) gets no sidecar, so a
restored folder holds exactly the original files.

What the folder reader (:mod:`embedresolve.io.readers.text_files`) reads back whole.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from embedresolve.errors import OutputError, RecordError
from embedresolve.io.fields import text_field
from embedresolve.io.readers.text_files import FILE_FIELDS, SIDECAR_SUFFIX
from embedresolve.io.streams import cannot_write


class TextFilesWriter:
    def __init__(self, root: Path) -> None:
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(cannot_write(root, exc)) from exc
        self._root = root

    def write(self, record: dict[str, Any]) -> None:
        relpath = record.get("id")
        if not isinstance(relpath, str) or not _is_safe_relpath(relpath):
            raise RecordError(f"id {relpath!r} is not a relative path to write under {self._root}")
        field = FILE_FIELDS.get(PurePosixPath(relpath).suffix.lower())
        if field is None:
            raise RecordError(f"id {relpath!r} does not end in .txt, .html or .htm")
        text_field(record, field)
        target = self._root / relpath
        rest = {key: value for key, value in record.items() if key != field}
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(record[field].encode())
            if rest != {"id": relpath}:  # a restored file needs none: its path is its id
                target.with_name(target.name + SIDECAR_SUFFIX).write_bytes(_json_bytes(rest))
        except OSError as exc:  # e.g. an id whose folder is already a file
            raise OutputError(cannot_write(target, exc)) from exc

    def close(self) -> None:
        """Every file is complete once written."""


def _is_safe_relpath(relpath: str) -> bool:
    parts = PurePosixPath(relpath).parts
    return bool(parts) and not relpath.startswith("/") and ".." not in parts and "\\" not in relpath


def _json_bytes(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    try:
        return text.encode()
    except UnicodeEncodeError:
        return (json.dumps(value, indent=2) + "\n").encode()
