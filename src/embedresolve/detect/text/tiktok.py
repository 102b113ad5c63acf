"""TikTok embeds in flattened text.

The ``tiktok-embed`` blockquote flattens to ``@handle``, the caption, and the
sound credit ``♬ original sound - Name``. The ♬ sign is the anchor; the embed
starts at the ``@handle`` that opens it.
"""

from __future__ import annotations

import re

from embedresolve.detect.text.search import find_last
from embedresolve.detect.text.signature import Signature

_SOUND = re.compile(r"♬[ \t\u00a0]{0,3}\[?([^\n\]]{0,150}[^\s\]])\]?(?:\((https?://[^)\s]{1,400})\))?")
_HANDLE_LINE = re.compile(r"(?:^|\n)[ \t\u00a0>\[]{0,12}@([A-Za-z0-9_.]{2,24})(?![A-Za-z0-9_.])")
_CAPTION_MAX = 2200  # TikTok's caption limit, plus the handle line


def signatures(text: str) -> list[Signature]:
    found = []
    previous_end = 0
    for sound in _SOUND.finditer(text):
        lo = max(previous_end, sound.start() - _CAPTION_MAX)
        handle = find_last(_HANDLE_LINE, text, lo, sound.start())
        previous_end = sound.end()
        if handle is None:
            continue  # a ♬ without the embed's handle line is a lyric, not an embed
        at = text.index("@", handle.start())
        found.append(
            Signature(
                platform="tiktok",
                start=at,
                end=sound.end(),
                name=None,
                handle=handle.group(1),
                rule="tiktok.sound",
                confidence=0.9,
                url=sound.group(2),
                body=(handle.end(), sound.start()),
            )
        )
    return found
