"""TikTok embeds in flattened text.

The ``tiktok-embed`` blockquote flattens to ``@handle``, the caption, and the
sound credit ``♬ original sound - Name``. The ♬ sign is the anchor; the embed
starts at the ``@handle`` that opens it: at the start of a line, or — where the
extractor put the whole embed on the article's line — right after the
article's sentence ends. html2text makes the handle and the credit Markdown
links, with a title (``[♬ …](https://www.tiktok.com/music/… "♬ …")``).
"""

from __future__ import annotations

import itertools
import re

from embedresolve.detect.text.search import find_all, find_last
from embedresolve.detect.text.signature import Signature

_SOUND = re.compile(
    r"♬[ \t\u00a0]{0,3}\[?([^\n\]]{0,150}[^\s\]])\]?"
    r"(?:\((https?://[^)\s]{1,400})(?:[ \t]\"[^\"\n]{0,200}\")?\))?"
)
_HANDLE = r"@([A-Za-z0-9_.]{2,24})(?![A-Za-z0-9_.])"
_HANDLE_LINE = re.compile(rf"(?:^|\n)[ \t\u00a0>\[]{{0,40}}{_HANDLE}")  # inscriptis indents
# On one line with the article: the handle follows a sentence end (or the lead-in's colon).
_HANDLE_INLINE = re.compile(rf"[.!?:…][\"”»'’)]{{0,2}}[ \t\u00a0]{{1,4}}\[?{_HANDLE}")
_HANDLE_ANYWHERE = re.compile(rf"(?<![^\s\[(]){_HANDLE}")
_CAPTION_MAX = 2200  # TikTok's caption limit, plus the handle line
_INLINE_MAX = 1000  # an inline embed's caption, as the embed prints it (first lines only)


def signatures(text: str) -> list[Signature]:
    found = []
    previous_end = 0
    for at in find_all(text, "♬"):
        if at < previous_end:
            continue
        sound = _SOUND.match(text, at)
        if sound is None:
            continue
        lo = max(previous_end, sound.start() - _CAPTION_MAX)
        handle = find_last(_HANDLE_LINE, text, lo, sound.start()) or _inline_handle(text, lo, sound.start())
        confidence = 0.9
        if handle is None:  # glued to a cut-off sentence ("… that you’d give $1M to a charity of m @h …")
            handle, confidence = _any_handle(text, lo, sound.start()), 0.8
        previous_end = sound.end()
        if handle is None:
            continue  # a ♬ without the embed's handle is a lyric, not an embed
        start = handle.start(1) - 1  # the "@"
        end = _credit_end(text, sound)
        found.append(
            Signature(
                platform="tiktok",
                start=start,
                end=end,
                name=None,
                handle=handle.group(1),
                rule="tiktok.sound",
                confidence=confidence,
                url=sound.group(2),
                body=(handle.end(), sound.start()),
            )
        )
    return found


def _inline_handle(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The earliest sentence-initial ``@handle`` on the sound credit's line."""
    line_start = text.rfind("\n", lo, hi) + 1
    return _HANDLE_INLINE.search(text, max(lo, line_start, hi - _INLINE_MAX), hi)


_WORD = re.compile(r"[^\s]{1,40}")
_RUN_ON = 60  # a credit longer than this, cut at the pattern's bound, goes on with the article
_NAME_WORDS = 5


def _any_handle(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The earliest ``@handle`` standing alone on the sound credit's line: the embed starts
    there or earlier (a mention in the article's words before it starts the span early)."""
    line_start = text.rfind("\n", lo, hi) + 1
    return _HANDLE_ANYWHERE.search(text, max(lo, line_start, hi - _INLINE_MAX), hi)


def _credit_end(text: str, sound: re.Match[str]) -> int:
    """The sound credit's end. Where the extractor joined the article's next sentence
    to it ("♬ original sound - Shreyas Doshi This means …"), the credit's name ends
    before the first capitalised word that starts a lowercase run."""
    line_goes_on = sound.end() < len(text) and text[sound.end()] not in "\r\n"
    if sound.group(2) or len(sound.group(1)) <= _RUN_ON or not line_goes_on:
        return sound.end()  # a credit line of its own, however long the sound's name
    dash = sound.group(1).find(" - ")
    pos = sound.start(1) + (dash + 3 if dash >= 0 else 0)
    words = list(_WORD.finditer(text, pos, sound.end()))
    end = words[0].end() if words else sound.end()
    for word, after in itertools.pairwise(words[1 : _NAME_WORDS + 1]):
        if word.group()[:1].isupper() and after.group()[:1].islower():
            break
        end = word.end()
    return end
