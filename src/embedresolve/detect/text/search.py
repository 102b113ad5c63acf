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


def line_opening(text: str, at: int, limit: int, floor: int = 0) -> int | None:
    """Where the text sharing ``at``'s line begins (past indentation and ``> ``), when
    there is some and it is at most ``limit`` characters; else None. Credits printed
    after their post's text inside one block use it: an extractor that keeps the block
    on one line puts the whole post there."""
    start = max(text.rfind("\n", floor, at) + 1, floor)
    if at - start > limit:
        return None
    while start < at and text[start] in " \t\u00a0>\r":
        start += 1
    if _LIST_ITEM.match(text, start, at):
        return None  # a list item opens with the article's own words, then holds the embed
    return start if start < at and text[start:at].strip() else None


_LIST_ITEM = re.compile(r"(?:[-*•+]|\d{1,2}[.)]|<NUM>[.)]|\*NUMBER\*[.)])[ \t]")
