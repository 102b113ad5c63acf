"""How an input spelled each record, beyond its values: what ``restore --exact`` writes back.

Plain ``restore`` gives every record's values back exactly (the text fields
byte for byte) but writes them the way embedresolve writes a format. To give
the *file* back byte for byte, each reader keeps a record's exact text
(``InputRecord.original``) and the text around it (``before``: a BOM, blank
lines, the CSV header, a JSON array's ``[`` and commas; ``after``: the line
end, the array's closing ``]``). When cleaning, :func:`layout_of` compares
them with what the writer of that format would write for the same values and
keeps only what differs, as ``embedresolve.layout`` in the output record:

    (nothing)                 the writer's own spelling: no bytes added
    {"style": "ascii"}        a JSON record as another serialiser spelled it
                              (Python's default ``\\u00e9`` escapes, compact separators)
    {"text": "<original>"}    no style reproduces it (``1.10``, ``\\/``, odd spacing):
                              the original text itself
    {"before": …, "after": …} the text around it, where the writer's would differ (CRLF, a BOM)
    {"format": "csv", …}      the format read, when cleaning wrote another

:class:`~embedresolve.io.writers.exact.ExactWriter` writes ``before + text + after`` for each
restored record.
"""

from __future__ import annotations

import csv
import io
import json
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from embedresolve.io.records import InputRecord, Reject

META = "embedresolve"
LAYOUT = "layout"
FORMAT = "format"  # the format read, kept when cleaning wrote another
EXACT_FORMATS = ("jsonl", "json", "csv", "tsv")
STYLES: dict[str, dict[str, Any]] = {
    "utf8": {"ensure_ascii": False},  # what embedresolve writes
    "ascii": {},  # Python's json.dumps default
    "utf8-compact": {"ensure_ascii": False, "separators": (",", ":")},  # JSON.stringify, orjson
    "ascii-compact": {"separators": (",", ":")},
    "php": {"separators": (",", ":")},  # json_encode: compact, \u escapes and \/
    # an element of json.dump(records, indent=N): its lines indented once more
    **{f"indent{n}": {"indent": n} for n in (2, 4)},
    **{f"indent{n}-utf8": {"indent": n, "ensure_ascii": False} for n in (2, 4)},
}


def dumps(record: dict[str, Any], style: str) -> str:
    """``record`` as the serialiser ``style`` names writes it."""
    text = json.dumps(record, **STYLES[style])
    if style == "php":
        return text.replace("/", "\\/")  # every "/" is inside a string; PHP escapes each one
    if style.startswith("indent"):
        return text.replace("\n", "\n" + " " * STYLES[style]["indent"])
    return text


def layout_of(item: InputRecord, fmt: str, first: bool, prefer: str = "utf8") -> dict[str, str] | None:
    """What differs between ``item`` as read and as the ``fmt`` writer would write it; None if nothing.

    ``prefer`` is the style to try first (a file's records are usually all alike).
    """
    if fmt not in EXACT_FORMATS:
        return None
    layout: dict[str, str] = {}
    if fmt in ("csv", "tsv"):
        if item.original != csv_text(item.data, fmt):
            layout["text"] = item.original
    else:
        style = next(
            (
                name
                for name in _styles_for(fmt, item.original, prefer)
                if dumps(item.data, name) == item.original
            ),
            None,
        )
        if style is None:
            layout["text"] = item.original
        elif style != "utf8":
            layout["style"] = style
    default_before, default_after = defaults(item.data, fmt, first)
    if item.before != default_before:
        layout["before"] = item.before
    if item.after != default_after:
        layout["after"] = item.after
    return layout or None


def _styles_for(fmt: str, original: str, prefer: str) -> Iterator[str]:
    """The styles that could have written ``original``, ``prefer`` first: cheap tests rule out the rest.

    Only an indented style writes a line break (and only inside an array);
    text that is not ASCII was written without ``\\u`` escapes.
    """
    indented = "\n" in original
    if indented and fmt != "json":
        return
    utf8_only = not original.isascii()
    for name in (prefer, *(name for name in STYLES if name != prefer)):
        if name.startswith("indent") == indented and (_is_utf8(name) or not utf8_only):
            yield name


def _is_utf8(style: str) -> bool:
    return STYLES[style].get("ensure_ascii", True) is False


def defaults(record: dict[str, Any], fmt: str, first: bool) -> tuple[str, str]:
    """The text the writer of ``fmt`` puts before and after a record."""
    if fmt == "jsonl":
        return "", "\n"
    if fmt == "json":
        return ("[\n" if first else ",\n"), ""
    return (csv_text(dict.fromkeys(record, ""), fmt, header=True) + "\r\n" if first else ""), "\r\n"


def csv_text(record: dict[str, Any], fmt: str, *, header: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if fmt == "tsv" else ",")
    values = (
        record
        if header
        else [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in record.values()]
    )
    writer.writerow(values)
    return buffer.getvalue().removesuffix("\r\n")


class Layouts:
    """Carries each record's layout past the pipeline, which yields one item per item it is given.

    ``tap`` notes the layout of each record read; ``attach`` puts it into the
    matching cleaned record's metadata. ``keep`` (for restore) reads it back
    out of each cleaned record, and ``restored`` hands it to the
    :class:`~embedresolve.io.writers.exact.ExactWriter` with the restored record.
    """

    def __init__(self, fmt: str, out_fmt: str | None = None) -> None:
        """``fmt``: the format read; ``out_fmt``: the one written (if another, layouts name ``fmt``)."""
        self._fmt = fmt
        self._named = fmt in EXACT_FORMATS and out_fmt not in (None, fmt)
        # CSV holds strings: a number or null written to it reads back as a string
        self._stringly = self._named and out_fmt in ("csv", "tsv")
        self._pending: deque[dict[str, str] | None] = deque()
        self._first = True

    def tap(self, items: Iterable[InputRecord | Reject]) -> Iterator[InputRecord | Reject]:
        prefer = "utf8"
        for item in items:
            layout = None
            if isinstance(item, InputRecord):
                layout = layout_of(item, self._fmt, self._first, prefer)
                if layout is None or "text" not in layout:
                    prefer = (layout or {}).get("style", "utf8")
                if self._named:
                    layout = {FORMAT: self._fmt, **(layout or {})}
                    if self._stringly and not all(isinstance(v, str) for v in item.data.values()):
                        layout.setdefault("text", item.original)
                self._first = False
            self._pending.append(layout)
            yield item

    def attach(self, outputs: Iterable[dict[str, Any] | Reject]) -> Iterator[dict[str, Any] | Reject]:
        for out in outputs:
            layout = self._pending.popleft()
            if layout is not None and isinstance(out, dict):
                out[META][LAYOUT] = layout
            yield out

    def resumed(self) -> None:
        """Forget the layouts of the items a resumed run skips (all tapped but the last, its first item).

        The skipped items still go through :meth:`tap`, so the first record's
        layout and the preferred style are those of a run from the start.
        """
        while len(self._pending) > 1:
            self._pending.popleft()

    def keep(self, items: Iterable[InputRecord | Reject]) -> Iterator[InputRecord | Reject]:
        for item in items:
            meta = item.data.get(META) if isinstance(item, InputRecord) else None
            layout = (meta.get(LAYOUT) or {}) if isinstance(meta, dict) else None
            self._pending.append(None if layout is None else {FORMAT: self._fmt, **layout})
            yield item

    def restored(self, outputs: Iterable[dict[str, Any] | Reject]) -> Iterator[dict[str, Any] | Reject]:
        """Restored records, each carrying its layout (``{"embedresolve": {"layout": …}}``) to write."""
        for out in outputs:
            layout = self._pending.popleft()
            if isinstance(out, dict):
                out[META] = {LAYOUT: layout or {}}
            yield out
