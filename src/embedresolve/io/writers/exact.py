"""``restore --exact``: restored records as their input spelled them (:mod:`embedresolve.io.layout`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, TextIO

from embedresolve.errors import UsageError
from embedresolve.io.layout import EXACT_FORMATS, FORMAT, LAYOUT, META, csv_text, defaults, dumps
from embedresolve.io.writers.base import Sink


class ExactWriter(Sink):
    """Write restored records as their input spelled them: ``before + text + after``.

    Each record comes with its layout under ``embedresolve`` (see
    :meth:`Layouts.restored`); what the layout does not say is what the
    writer of ``fmt`` writes.
    """

    def __init__(self, dest: str | Path, fmt: str, stdout: TextIO | None = None) -> None:
        if fmt not in EXACT_FORMATS:
            raise UsageError(f"restore --exact writes {', '.join(EXACT_FORMATS)}, not {fmt}")
        super().__init__(dest, stdout, sys.stdout)
        self._fmt = fmt
        self._count = 0
        self._in_array = False
        self._closing = False  # a JSON array whose "]" was not read with its last record

    def write(self, record: dict[str, Any]) -> None:
        record = dict(record)
        layout: dict[str, str] = record.pop(META, {}).get(LAYOUT) or {}
        read_as = layout.get(FORMAT, self._fmt)
        if read_as != self._fmt:
            raise UsageError(
                f"restore --exact: these records were read from {read_as}, so they can be given back "
                f"exactly only as {read_as}: use -o NAME.{read_as} or --output-format {read_as}"
            )
        default_before, default_after = defaults(record, self._fmt, self._count == 0)
        if "text" in layout:
            text = layout["text"]
        elif self._fmt in ("csv", "tsv"):
            text = csv_text(record, self._fmt)
        else:
            text = dumps(record, layout.get("style", "utf8"))
        before = layout.get("before", default_before)
        if self._count == 0:  # a lone object, not an array: nothing to close
            self._in_array = self._fmt == "json" and "[" in before
        self.out().write(before + text + layout.get("after", default_after))
        self._closing = self._in_array and "after" not in layout
        self._count += 1

    def _finish(self, out: TextIO) -> None:
        if self._closing:
            out.write("\n]\n")
        elif self._fmt == "json" and not self._count:
            out.write("[]\n")
