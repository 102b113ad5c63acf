"""CSV and TSV output: the first record's keys are the header; non-string values are JSON-encoded.

A missing value is written empty. The CSV reader decodes the
``embeds``/``embedresolve`` columns back.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any, TextIO

from embedresolve.errors import UsageError
from embedresolve.io.writers.base import Sink, json_value


class CsvWriter(Sink):
    delimiter = ","

    def __init__(self, dest: str | Path, stdout: TextIO | None = None) -> None:
        super().__init__(dest, stdout, sys.stdout)
        self._csv: csv.DictWriter[str] | None = None
        self._columns: set[str] = set()
        self._count = 0

    def write(self, record: dict[str, Any]) -> None:
        if self._csv is None:
            columns = list(record)  # a cleaned record ends with embeds, embedresolve
            self._csv = csv.DictWriter(self.out(), fieldnames=columns, delimiter=self.delimiter)
            self._columns = set(columns)
            self._csv.writeheader()
        extra = [key for key in record if key not in self._columns]
        if extra:
            raise UsageError(
                f"CSV output takes its columns from the first record; record {self._count} "
                f"adds {', '.join(extra)}: write JSONL instead"
            )
        self.out()  # refuses a closed writer
        self._csv.writerow({key: _cell(value) for key, value in record.items()})
        self._count += 1


class TsvWriter(CsvWriter):
    """Tab-separated: the same, with tabs between the values (quoted when they hold one)."""

    delimiter = "\t"


def _cell(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=json_value)
