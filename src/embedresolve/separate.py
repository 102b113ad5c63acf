"""Cut embeds out of a text, losslessly, and put them back.

Separation is pure deletion: each embed's ``cut`` is removed from the original
and nothing is inserted, so :func:`restore` only has to re-insert ``raw`` at
``cut[0]``. The cut is chosen so the text around it joins cleanly:

* it widens the embed's span to the start of its line when only markup
  (indentation, html2text's ``>`` quote markers, a ``[``) precedes it there;
* it swallows the whitespace after the embed up to the next text, so the
  paragraph break *before* the embed is the one that remains;
* an embed at the end of the text takes the whitespace before it instead.
"""

from __future__ import annotations

from collections.abc import Sequence

from embedresolve.errors import RestoreError
from embedresolve.models import Embed

_LINE_MARKUP = " \t\u00a0>[*"


def cut_for(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """The range separation removes for an embed at ``span``."""
    start, end = span
    # Widen to the line start over markup only; scanning back (not rfind + slice)
    # keeps this proportional to the markup, not to the line: one-line texts are long.
    markup = start
    while markup > 0 and text[markup - 1] in _LINE_MARKUP:
        markup -= 1
    if markup == 0 or text[markup - 1] == "\n":
        start = markup
    after = end
    while after < len(text) and text[after] in " \t\r\n\u00a0":
        after += 1
    if after == len(text):
        while start > 0 and text[start - 1] in " \t\r\n\u00a0":
            start -= 1
    elif "\n" in text[end:after]:
        # Keep the next paragraph's indentation: cut through the last line break only.
        after = text.rindex("\n", end, after) + 1
    return start, after


def separate(text: str, embeds: Sequence[Embed], *, own_cuts: bool = False) -> tuple[str, list[Embed]]:
    """The clean text and the embeds, each carrying its ``cut`` and ``raw``.

    ``embeds`` must be sorted and non-overlapping, as the detectors return them.
    The cut is chosen from the text around each span (:func:`cut_for`), or,
    with ``own_cuts``, is the one the embed carries: HTML detection knows what
    belongs to an embed (its loader script, a noscript fallback).
    """
    pieces: list[str] = []
    placed: list[Embed] = []
    pos = 0
    for embed in embeds:
        cut = embed.cut if own_cuts else cut_for(text, embed.span)
        if cut is None:
            raise ValueError(f"embed at {embed.span} has no cut of its own")
        cut = (max(cut[0], pos), cut[1])
        pieces.append(text[pos : cut[0]])
        placed.append(embed.with_(cut=cut, raw=text[cut[0] : cut[1]]))
        pos = cut[1]
    pieces.append(text[pos:])
    return "".join(pieces), placed


def restore(clean: str, embeds: Sequence[Embed]) -> str:
    """The original text: every embed's ``raw`` re-inserted where it was cut."""
    pieces: list[str] = []
    pos = 0  # position in ``clean``
    removed = 0  # characters removed before ``pos``
    for embed in embeds:
        if embed.cut is None or embed.raw is None:
            raise RestoreError(f"embed at {embed.span} has no cut/raw to restore from")
        at = embed.cut[0] - removed
        if at < pos or at > len(clean) or len(embed.raw) != embed.cut[1] - embed.cut[0]:
            raise RestoreError(f"embed at {embed.span} does not fit the cleaned text")
        pieces.append(clean[pos:at])
        pieces.append(embed.raw)
        pos = at
        removed += len(embed.raw)
    pieces.append(clean[pos:])
    return "".join(pieces)
