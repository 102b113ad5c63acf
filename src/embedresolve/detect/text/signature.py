r"""The unmistakable part of a flattened embed, from which detection works back.

Every platform module in :mod:`embedresolve.detect.text` finds :class:`Signature`\ s
("— Name (@handle) Date", "A post shared by Name (@handle) on …", a card's
timestamp …); :mod:`.walk_back` then finds where each post's
text begins and builds the :class:`~embedresolve.models.Embed`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True, kw_only=True)
class Signature:
    platform: str
    start: int  # first character of the signature (the post text, if any, lies before it)
    end: int  # one past its last character: the embed ends here
    name: str | None
    handle: str | None
    rule: str
    confidence: float
    date_text: str | None = None
    day: date | None = None
    url: str | None = None  # the post's URL when the flattened text kept it
    # Shapes that print the text *inside* the signature (cards: header, text,
    # timestamp) fix it here, and the embed then starts at ``start``.
    body: tuple[int, int] | None = None
    # Longest post text to look back for; None means the tweet limit of ``day``.
    text_limit: int | None = None
    # Whether the shape may have no text at all (Instagram credits without a
    # caption): then even the line right before must read like the post's.
    text_optional: bool = False
