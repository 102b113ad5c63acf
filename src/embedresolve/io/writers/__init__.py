"""Writers: records in a format (key order kept), and the rejects file.

One module per output format, each a :class:`~.base.FormatWriter`;
:class:`RecordWriter` picks one by name from ``WRITERS``. Adding a format is a
module here and a line in ``WRITERS``. Writers write to a path (``.gz``
compresses) or ``-`` for a standard stream, which is flushed but never closed;
a path that cannot be written is an :class:`~embedresolve.errors.OutputError`
when the writer opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

from embedresolve.errors import UsageError
from embedresolve.io.formats import TXTDIR, suffix_format
from embedresolve.io.writers.base import FormatWriter
from embedresolve.io.writers.csv import CsvWriter, TsvWriter
from embedresolve.io.writers.exact import ExactWriter
from embedresolve.io.writers.json_array import JsonArrayWriter
from embedresolve.io.writers.jsonl import JsonLinesWriter
from embedresolve.io.writers.parquet import ParquetWriter
from embedresolve.io.writers.rejects import REJECTS_SUFFIX, RejectsWriter, rejects_path
from embedresolve.io.writers.text_files import TextFilesWriter

__all__ = ["OUTPUT_FORMATS", "REJECTS_SUFFIX", "WRITERS", "RecordWriter", "RejectsWriter", "rejects_path"]

WRITERS: dict[str, Callable[[str | Path, TextIO | None], FormatWriter]] = {
    "jsonl": JsonLinesWriter,
    "json": JsonArrayWriter,
    "csv": CsvWriter,
    "tsv": TsvWriter,
    "parquet": ParquetWriter,
}
OUTPUT_FORMATS = (*WRITERS, TXTDIR)


class RecordWriter:
    """Write records as JSONL, a JSON array, CSV, TSV or text files with sidecars, keeping key order.

    ``dest`` is a path (``.gz`` compresses), or ``-`` for ``stdout`` (default
    ``sys.stdout``, flushed but not closed). For ``txtdir``, a ``dest`` that is
    ``-``, an existing file or a name with a record-file extension gets JSONL;
    otherwise it is a directory that receives ``<id>`` (the text) and
    ``<id>.embeds.json`` (the rest of the record), which ``read_records`` reads
    back whole. CSV columns are the first record's keys in order; a missing
    value is written empty and a non-string one JSON-encoded (the CSV reader
    decodes ``embeds``/``embedresolve`` back). With ``exact``, records carry
    their input's layout and are written as the input spelled them
    (:class:`~embedresolve.io.writers.exact.ExactWriter`).
    """

    def __init__(
        self, dest: str | Path, fmt: str, stdout: TextIO | None = None, *, exact: bool = False
    ) -> None:
        if fmt not in OUTPUT_FORMATS:
            raise UsageError(f"unknown output format {fmt!r}; expected one of {', '.join(OUTPUT_FORMATS)}")
        self.count = 0
        self._writer: FormatWriter
        if exact and fmt != TXTDIR:  # a folder's files are exact already
            self.fmt = fmt
            self._writer = ExactWriter(dest, fmt, stdout)
        elif fmt == TXTDIR and _is_folder(dest):
            self.fmt = TXTDIR
            self._writer = TextFilesWriter(Path(dest))
        else:
            self.fmt = "jsonl" if fmt == TXTDIR else fmt
            self._writer = WRITERS[self.fmt](dest, stdout)

    def write(self, record: dict[str, Any]) -> None:
        self._writer.write(record)
        self.count += 1

    def close(self) -> None:
        self._writer.close()

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _is_folder(dest: str | Path) -> bool:
    """A folder of text files goes to a name that is not ``-``, not a file and not a record file."""
    path = Path(dest)
    return str(dest) != "-" and not path.is_file() and suffix_format(path) is None
