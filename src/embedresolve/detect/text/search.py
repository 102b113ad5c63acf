"""Search helpers for the signature finders: literal prefilters, last matches."""

from __future__ import annotations

import re
from collections.abc import Iterator


def find_all(text: str, word: str) -> Iterator[int]:
    """Every position of ``word`` in ``text`` (``str.find`` runs at C speed)."""
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def find_last(pattern: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text[lo:hi]`` (signatures look back for the nearest)."""
    last = None
    for match in pattern.finditer(text, lo, hi):
        last = match
    return last
