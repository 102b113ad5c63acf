"""Transforms that stored scraped-news datasets applied to their texts.

Each works on the text between sentinels (``spans.SENTINEL_RE``) piece by piece, so a
transform cannot move or eat a sentinel, and the gold spans stay exact afterwards.
Seen in public datasets: numbers masked as ``*NUMBER*`` (``June *NUMBER*, *NUMBER*``),
``<NUM>`` or digit by digit as ``#``; links as ``*URL*``; one sentence per line; CRLF.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spans import SENTINEL_RE

_NUMBER = re.compile(r"(?<![\w*])\d+(?:[.,]\d+)*(?![\w*])")
_DIGIT = re.compile(r"\d")
_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)[^\s)\]>\"']+")
# A sentence ends at . ! ? followed by spaces and a capital letter or a quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[ \t]+(?=[\"“A-ZÀ-Ý])")


def _piecewise(fn: Callable[[str], str]) -> Callable[[str], str]:
    def apply(marked: str) -> str:
        out, last = [], 0
        for m in SENTINEL_RE.finditer(marked):
            out += [fn(marked[last : m.start()]), m[0]]
            last = m.end()
        out.append(fn(marked[last:]))
        return "".join(out)

    return apply


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "mask_number_star": _piecewise(lambda t: _NUMBER.sub("*NUMBER*", t)),
    "mask_number_angle": _piecewise(lambda t: _NUMBER.sub("<NUM>", t)),
    "mask_digit_hash": _piecewise(lambda t: _DIGIT.sub("#", t)),
    "mask_url": _piecewise(lambda t: _URL.sub("*URL*", t)),
    "sentence_per_line": _piecewise(lambda t: _SENTENCE_END.sub("\n", t.replace("\n\n", "\n"))),
    "crlf": _piecewise(lambda t: t.replace("\r\n", "\n").replace("\n", "\r\n")),
}
