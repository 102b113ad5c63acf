"""Bare text files: one ``.txt``/``.html``/``.htm`` file is one record, a folder of them many.

A file becomes ``{"id": <name or relative path>, "text" | "html": <content>}``;
in a folder, a ``<file>.embeds.json`` sidecar (what the folder writer adds)
holds the rest of the record and is merged back.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from embedresolve.errors import Oversize, RecordError, Undecodable
from embedresolve.io.readers.jsonl import parse_object
from embedresolve.io.records import InputRecord, Reject
from embedresolve.io.streams import CHUNK, HEAD, Lines, head_of_bytes, without_compression

FILE_FIELDS = {".txt": "text", ".html": "html", ".htm": "html"}
"""The field a file's content goes into, by its suffix."""
SIDECAR_SUFFIX = ".embeds.json"
"""``<file>.embeds.json`` next to a text file holds the rest of its record (txtdir output)."""


def field_for(name: str) -> str:
    """``html`` for an ``.html``/``.htm`` name, else ``text``."""
    return FILE_FIELDS.get(PurePosixPath(without_compression(name.lower())).suffix, "text")


def read_text(stream: Lines, limit: int, name: str) -> Iterator[InputRecord | Reject]:
    """The whole stream as one record named ``name``; reads at most ``limit`` + 64 KiB."""
    pieces: list[bytes] = []
    size = 0
    while size <= limit and (chunk := stream.readline(CHUNK)):
        pieces.append(chunk)
        size += len(chunk)
    raw = b"".join(pieces)
    if size > limit:
        message = f"{name}: more than the limit of {limit} bytes"
        yield Reject(0, Oversize.reason, message, head_of_bytes(raw))
        return
    yield _text_record(0, raw, name, field_for(name))


def read_txtdir(root: Path, limit: int) -> Iterator[InputRecord | Reject]:
    """``.txt``/``.html``/``.htm`` files under ``root``, by relative path; sidecars merged back."""
    files = sorted(
        (path.relative_to(root).as_posix(), path)
        for path in root.rglob("*")
        if path.suffix.lower() in FILE_FIELDS and path.is_file()
    )
    for index, (relpath, path) in enumerate(files):
        yield _read_file_in_folder(index, path, relpath, limit)


def _read_file_in_folder(index: int, path: Path, relpath: str, limit: int) -> InputRecord | Reject:
    size = path.stat().st_size
    if size > limit:
        with path.open("rb") as stream:
            head = stream.read(HEAD)
        message = f"{relpath}: {size} bytes, more than the limit of {limit}"
        return Reject(index, Oversize.reason, message, head_of_bytes(head))
    field = FILE_FIELDS[path.suffix.lower()]
    item = _text_record(index, path.read_bytes(), relpath, field)
    sidecar = path.with_name(path.name + SIDECAR_SUFFIX)
    if isinstance(item, Reject) or not sidecar.is_file():
        return item
    try:
        where = relpath + SIDECAR_SUFFIX
        rest = parse_object(_decode(sidecar.read_bytes(), where), where)
    except RecordError as exc:
        return Reject.from_error(index, exc, item.original)
    return InputRecord(index, _with_content(rest, field, item.original), item.original)


def _text_record(index: int, raw: bytes, name: str, field: str) -> InputRecord | Reject:
    try:
        content = _decode(raw, name).removeprefix("\ufeff")
    except Undecodable as exc:
        return Reject.from_error(index, exc, raw.decode("utf-8", "backslashreplace"))
    return InputRecord(index, {"id": name, field: content}, content)


def _decode(raw: bytes, where: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Undecodable(f"{where}: not UTF-8 (byte {exc.start}: {exc.reason})") from exc


def _with_content(rest: dict[str, Any], field: str, content: str) -> dict[str, Any]:
    """Put a file's content back where the reader first put it: right after ``id``."""
    record: dict[str, Any] = {"id": rest["id"]} if "id" in rest else {}
    record[field] = content
    record.update((key, value) for key, value in rest.items() if key != field)
    return record
