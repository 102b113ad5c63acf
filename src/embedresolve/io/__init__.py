"""Record input and output: every byte of record I/O lives in this package.

    records.py     InputRecord, Reject: what the readers yield
    fields.py      which field is the text or HTML, reserved output fields (pure)
    formats.py     the formats by name: file suffixes and the reader of each
    sniff.py       the format of an input, from its name or its first line
    streams.py     opening (``.gz`` looked through), bounded reads, opening errors
    readers/       one reader per format: jsonl, json_array, csv, text_files
    read.py        read_records: a path, a folder, ``-`` or a file object → records
    writers.py     RecordWriter (records in a format), RejectsWriter (the rejects file)

Readers are generators: they yield :class:`InputRecord` or :class:`Reject` in
input order, and a bad record never stops a run. It becomes a ``Reject`` with a
stable reason code (``RecordError.reason``) and its original text, so nothing
is silently lost. JSONL, JSON arrays and CSV are read incrementally through
bounded ``readline`` calls: memory stays flat in the input size and is bounded
per record by ``max_record_bytes``. Where a format cannot be resynchronised
after damage (a CSV row or a JSON array element that is broken, oversize or
not UTF-8), the rest of that input becomes one ``Reject`` instead of a guess at
where the next record starts.

Names are loaded on first use, so importing the pure parts
(``embedresolve.io.fields``, ``embedresolve.io.records``) loads no reader or writer.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from embedresolve.io.fields import (
        HTML_FIELDS,
        RESERVED_FIELDS,
        TEXT_FIELDS,
        check_reserved,
        html_field,
        text_field,
    )
    from embedresolve.io.formats import FORMATS, output_format
    from embedresolve.io.read import input_format, read_records
    from embedresolve.io.readers.csv import decode_csv_json_columns
    from embedresolve.io.readers.text_files import SIDECAR_SUFFIX
    from embedresolve.io.records import DEFAULT_MAX_RECORD_BYTES, InputRecord, Reject
    from embedresolve.io.sniff import detect_format
    from embedresolve.io.writers import RecordWriter, RejectsWriter, rejects_path

__all__ = [
    "DEFAULT_MAX_RECORD_BYTES",
    "FORMATS",
    "HTML_FIELDS",
    "RESERVED_FIELDS",
    "SIDECAR_SUFFIX",
    "TEXT_FIELDS",
    "InputRecord",
    "RecordWriter",
    "Reject",
    "RejectsWriter",
    "check_reserved",
    "decode_csv_json_columns",
    "detect_format",
    "html_field",
    "input_format",
    "output_format",
    "read_records",
    "rejects_path",
    "text_field",
]

_HOMES = {
    "DEFAULT_MAX_RECORD_BYTES": "records",
    "FORMATS": "formats",
    "HTML_FIELDS": "fields",
    "RESERVED_FIELDS": "fields",
    "SIDECAR_SUFFIX": "readers.text_files",
    "TEXT_FIELDS": "fields",
    "InputRecord": "records",
    "RecordWriter": "writers",
    "Reject": "records",
    "RejectsWriter": "writers",
    "check_reserved": "fields",
    "decode_csv_json_columns": "readers.csv",
    "detect_format": "sniff",
    "html_field": "fields",
    "input_format": "read",
    "output_format": "formats",
    "read_records": "read",
    "rejects_path": "writers",
    "text_field": "fields",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
