"""Writers: records in the input's format (key order kept) and rejects as JSONL.

Both write to a path (``.gz`` compresses) or ``-`` for a standard stream, which
is flushed but never closed; a path that cannot be written is an
:class:`~embedresolve.errors.OutputError` when the writer opens.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any, TextIO, TypeVar

from embedresolve.errors import OutputError, RecordError, UsageError
from embedresolve.io.fields import text_field
from embedresolve.io.formats import TXTDIR, suffix_format
from embedresolve.io.readers.text_files import FILE_FIELDS, SIDECAR_SUFFIX
from embedresolve.io.records import Reject
from embedresolve.io.streams import cannot_write, open_text_out

OUTPUT_FORMATS = ("jsonl", "json", "csv", TXTDIR)
REJECTS_SUFFIX = ".rejects.jsonl"


def rejects_path(output: str) -> str:
    """Where the rejects go by default: ``OUTPUT.rejects.jsonl``, or stderr (``-``) beside stdout."""
    return "-" if output == "-" else f"{output.rstrip('/')}{REJECTS_SUFFIX}"


def _write_json_line(out: TextIO, value: Any, prefix: str = "", suffix: str = "\n") -> None:
    """Write readable UTF-8 JSON, or ASCII escapes where the stream cannot encode a character.

    Lone surrogates (legal in JSON strings, ``"\\ud800"``) cannot be UTF-8, and
    a stdout may not be UTF-8 at all; ``\\u`` escapes read back identically.
    """
    try:
        out.write(prefix + json.dumps(value, ensure_ascii=False) + suffix)
    except UnicodeEncodeError:
        out.write(prefix + json.dumps(value) + suffix)


def _json_bytes(value: Any) -> bytes:
    text = json.dumps(value, ensure_ascii=False, indent=2) + "\n"
    try:
        return text.encode()
    except UnicodeEncodeError:
        return (json.dumps(value, indent=2) + "\n").encode()


_SinkT = TypeVar("_SinkT", bound="_Sink")


class _Sink:
    """An output stream that is closed if we opened it, only flushed if we were given it."""

    _out: TextIO | None = None
    _own = False

    def _finish(self, out: TextIO) -> None:
        """What to write before the stream is let go (a JSON array's closing bracket)."""

    def close(self) -> None:
        out, self._out = self._out, None
        if out is None:
            return
        self._finish(out)
        if self._own:
            out.close()
        else:
            out.flush()

    def __enter__(self: _SinkT) -> _SinkT:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class RecordWriter(_Sink):
    """Write records as JSONL, a JSON array, CSV or text files with sidecars, keeping key order.

    ``dest`` is a path (``.gz`` compresses), or ``-`` for ``stdout`` (default
    ``sys.stdout``, flushed but not closed). For ``txtdir``, a ``dest`` that is
    ``-``, an existing file or a name with a record-file extension gets JSONL;
    otherwise it is a directory that receives ``<id>`` (the text) and
    ``<id>.embeds.json`` (the rest of the record), which ``read_records`` reads
    back whole. CSV columns are the first record's keys in order; a missing
    value is written empty and a non-string one JSON-encoded (the CSV reader
    decodes ``embeds``/``embedresolve`` back).
    """

    def __init__(self, dest: str | Path, fmt: str, stdout: TextIO | None = None) -> None:
        if fmt not in OUTPUT_FORMATS:
            raise UsageError(f"unknown output format {fmt!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
        self.count = 0
        self._dir: Path | None = None
        self._csv: csv.DictWriter[str] | None = None
        self._columns: set[str] = set()
        if fmt == TXTDIR:
            path = Path(dest)
            if str(dest) != "-" and not path.is_file() and suffix_format(path) is None:
                self._dir = path
                try:
                    path.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    raise OutputError(cannot_write(path, exc)) from exc
            fmt = "jsonl"
        self.fmt = fmt
        if self._dir is None:
            self._out, self._own = open_text_out(dest, stdout, sys.stdout)
            if fmt == "json":
                self._out.write("[")

    def write(self, record: dict[str, Any]) -> None:
        if self._dir is not None:
            self._write_files(self._dir, record)
        elif self._out is None:
            raise ValueError("write to a closed RecordWriter")
        elif self.fmt == "csv":
            self._write_csv(self._out, record)
        elif self.fmt == "json":
            _write_json_line(self._out, record, "\n" if self.count == 0 else ",\n", "")
        else:
            _write_json_line(self._out, record)
        self.count += 1

    def _write_csv(self, out: TextIO, record: dict[str, Any]) -> None:
        if self._csv is None:
            columns = list(record)  # a cleaned record ends with embeds, embedresolve
            self._csv = csv.DictWriter(out, fieldnames=columns)
            self._columns = set(columns)
            self._csv.writeheader()
        extra = [key for key in record if key not in self._columns]
        if extra:
            raise UsageError(
                f"CSV output takes its columns from the first record; record {self.count} "
                f"adds {', '.join(extra)}: write JSONL instead"
            )
        self._csv.writerow(
            {
                key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for key, value in record.items()
            }
        )

    def _write_files(self, root: Path, record: dict[str, Any]) -> None:
        relpath = record.get("id")
        if not isinstance(relpath, str) or not _is_safe_relpath(relpath):
            raise RecordError(f"id {relpath!r} is not a relative path to write under {root}")
        field = FILE_FIELDS.get(PurePosixPath(relpath).suffix.lower())
        if field is None:
            raise RecordError(f"id {relpath!r} does not end in .txt, .html or .htm")
        text_field(record, field)
        target = root / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(record[field].encode())
        rest = {key: value for key, value in record.items() if key != field}
        target.with_name(target.name + SIDECAR_SUFFIX).write_bytes(_json_bytes(rest))

    def _finish(self, out: TextIO) -> None:
        if self.fmt == "json":
            out.write("\n]\n" if self.count else "]\n")


def _is_safe_relpath(relpath: str) -> bool:
    parts = PurePosixPath(relpath).parts
    return bool(parts) and not relpath.startswith("/") and ".." not in parts and "\\" not in relpath


class RejectsWriter(_Sink):
    """Write rejects as JSONL (one ``Reject.to_dict()`` per line) and count them.

    The file is created (emptied) on open, so a stale file from an earlier run
    never passes for this run's rejects. ``-`` writes to ``stream`` (default
    ``sys.stderr``, keeping stdout for records).
    """

    def __init__(self, dest: str | Path, stream: TextIO | None = None) -> None:
        self.count = 0
        self._out, self._own = open_text_out(dest, stream, sys.stderr)

    def write(self, reject: Reject) -> None:
        if self._out is None:
            raise ValueError("write to a closed RejectsWriter")
        _write_json_line(self._out, reject.to_dict())
        self.count += 1
