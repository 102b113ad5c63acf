"""JSON read so that nothing changes silently: what cannot round-trip is refused with a reason.

Python's ``json`` accepts ``NaN``/``Infinity`` (not JSON), keeps the last of
duplicate keys and rounds numbers that do not fit a double. A cleaned record
written back would then differ in value from its input, so these raise
:class:`Refused` (a ``ValueError``) naming what is wrong. Integers of any size
Python reads (up to 4300 digits) and numbers that only change spelling
(``1.10`` → ``1.1``, ``1E5``) are kept: the value is the same, and
``restore --exact`` gives back the spelling too.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any


class Refused(ValueError):
    """A value the input holds that the output could not give back unchanged."""


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs):
        seen: set[str] = set()
        repeated = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise Refused(f"duplicate key {repeated!r} (only one of its values could be kept)")
    return record


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or Decimal(repr(value)) != Decimal(text):
        raise Refused(f"number {text[:40]} does not fit a double: it would be written as {value!r}")
    return value


def _constant(name: str) -> Any:
    raise Refused(f"{name} is not a JSON number (RFC 8259)")


DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_float=_float, parse_constant=_constant)
LENIENT = json.JSONDecoder()  # only to find where a refused value ends
