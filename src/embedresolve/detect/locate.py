"""Put embeds found in a page's HTML onto its flattened text (pure).

Scrapers often keep both. The HTML names each post exactly (platform,
permalink, ID); the text is what the user cleans. For every HTML embed:

* a text embed of the same post (same handle and date, or same ID, or the
  same text; or the same handle, when it is the page's only embed by that
  handle on both sides and one of the two has neither date nor text to tell
  them apart — Instagram's newer credit) gets the HTML's URL and ID — exact identity with no network —
  and its span starts where the HTML's post text starts in the text (the text
  detector's start is a judgement; the markup's text is the post's);
* otherwise its post text is searched for in the text (after the same
  normalisation both sides get: case, dashes, quotes, whitespace), which finds
  embeds whose signature the extractor dropped;
* what is not in the text at all (a video iframe has no text) is returned
  apart, so the record can still list it.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from embedresolve.models import Detector, Embed

_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_QUOTES = {**dict.fromkeys(map(ord, "“”„‟«»″"), '"'), **dict.fromkeys(map(ord, "‘’‚‛′"), "'")}
_MIN_LOCATED = 12  # shorter post texts ("🔥", "Wow") would be found all over an article


def merge_with_html(
    text: str, text_embeds: Sequence[Embed], html_embeds: Sequence[Embed]
) -> tuple[list[Embed], list[Embed]]:
    """(embeds in ``text``, sorted; HTML embeds with no place in ``text``)."""
    merged = list(text_embeds)
    unplaced: list[Embed] = []
    normalized: tuple[str, list[int]] | None = None
    sole = _sole_authors(text_embeds) & _sole_authors(html_embeds)
    for html_embed in html_embeds:
        if normalized is None:
            normalized = _normalize_with_map(text)
        twin = _twin(merged, html_embed, sole)
        if twin is not None:
            floor = max((e.span[1] for e in merged if e.span[1] <= merged[twin].span[0]), default=0)
            merged[twin] = _enrich(
                merged[twin], html_embed, _post_start(normalized, merged[twin], html_embed, floor)
            )
            continue
        span = _find(normalized, html_embed.text or "", taken=[e.span for e in merged])
        if span is None:
            unplaced.append(html_embed)
        else:
            merged.append(
                html_embed.with_(
                    span=span,
                    cut=None,
                    raw=None,
                    detector=Detector("html.located_text", 0.9),
                )
            )
    merged.sort(key=lambda e: e.span)
    return merged, unplaced


def _author_key(embed: Embed) -> tuple[str, str] | None:
    handle = embed.author.handle
    return (embed.platform, handle.casefold()) if handle else None


def _sole_authors(embeds: Iterable[Embed]) -> set[tuple[str, str]]:
    """(platform, handle) of the authors with exactly one embed in ``embeds``."""
    counts = Counter(key for key in map(_author_key, embeds) if key is not None)
    return {key for key, n in counts.items() if n == 1}


def _twin(merged: Sequence[Embed], in_html: Embed, sole: set[tuple[str, str]]) -> int | None:
    """The text embed of the same post as ``in_html``; of several (a thread: one author,
    one day), the one whose text holds the HTML post's opening."""
    twins = [i for i, e in enumerate(merged) if _same_post(e, in_html, sole)]
    if len(twins) > 1:
        opening = _normalize(in_html.text or "")[:_OPENING]
        holding = [i for i in twins if opening and opening in _normalize(merged[i].text or "")]
        twins = holding or twins
    return twins[0] if twins else None


def _same_post(in_text: Embed, in_html: Embed, sole: set[tuple[str, str]]) -> bool:
    """``sole``: (platform, handle) of the authors with one embed in the text and one in the HTML."""
    if in_text.platform != in_html.platform:
        return False
    if in_text.post_id and in_html.post_id:
        return in_text.post_id == in_html.post_id
    key = _author_key(in_text)
    same_author = key is not None and key == _author_key(in_html)
    if same_author and in_text.date and in_text.date == in_html.date:
        return True
    if same_author and key in sole and (_nothing_to_compare(in_text) or _nothing_to_compare(in_html)):
        # One post by this author on each side, and no date or text that could say
        # they differ: an undated credit ("A post shared by Name (@handle)").
        return True
    left, right = _normalize(in_text.text or ""), _normalize(in_html.text or "")
    return same_author and len(left) >= _MIN_LOCATED and (left in right or right in left)


def _nothing_to_compare(embed: Embed) -> bool:
    return not embed.date and not (embed.text or "").strip()


def _enrich(in_text: Embed, in_html: Embed, start: int) -> Embed:
    """The text embed, with what only the HTML knows, starting at ``start``."""
    return in_text.with_(
        span=(start, in_text.span[1]),
        url=in_text.url or in_html.url,
        post_id=in_text.post_id or in_html.post_id,
        author=in_text.author if in_text.author.name else in_html.author,
        date=in_text.date or in_html.date,
        detector=Detector(f"{in_text.detector.rule}+html", max(in_text.detector.confidence, 0.99)),
    )


_OPENING = 40  # normalised characters of the post's opening looked for
# Shapes whose span starts at a header printed before the post's text ("Name @handle").
_HEADER_FIRST_RULES = frozenset({"twitter.card", "twitter.widget", "twitter.header_first"})
_LOOK_BACK = 4000  # as far back from its signature as a post's text can start


def _post_start(normalized: tuple[str, list[int]], in_text: Embed, in_html: Embed, floor: int) -> int:
    """Where ``in_html``'s post text starts in the text before ``in_text``'s signature:
    the nearest occurrence of its opening after ``floor`` (the embed before it);
    the text detector's start when the opening is short or not found (extractors
    reword markup: html2text's "> " quote prefixes, dropped links)."""
    opening = _normalize(in_html.text or "")[:_OPENING]
    if len(opening) < _MIN_LOCATED or in_text.detector.rule in _HEADER_FIRST_RULES:
        return in_text.span[0]
    haystack, index = normalized
    lo = bisect.bisect_left(index, max(floor, in_text.span[0] - _LOOK_BACK))
    hi = bisect.bisect_left(index, in_text.span[1])
    at = haystack.rfind(opening, lo, hi)
    return index[at] if at >= 0 else in_text.span[0]


def _normalize(text: str) -> str:
    return " ".join(
        unicodedata.normalize("NFKC", text).translate(_DASHES).translate(_QUOTES).casefold().split()
    )


def _normalize_with_map(text: str) -> tuple[str, list[int]]:
    """``text`` normalised as :func:`_normalize` does, and each character's original index.

    Characters whose NFKC form changes length are rare in article text; they
    map every output character back to the one input character.
    """
    out: list[str] = []
    index: list[int] = []
    space = True
    for i, char in enumerate(text):
        if char.isspace():
            if not space:
                out.append(" ")
                index.append(i)
            space = True
            continue
        space = False
        for folded in unicodedata.normalize("NFKC", char).translate(_DASHES).translate(_QUOTES).casefold():
            out.append(folded)
            index.append(i)
    return "".join(out), index


def _find(
    normalized: tuple[str, list[int]], post_text: str, taken: list[tuple[int, int]]
) -> tuple[int, int] | None:
    haystack, index = normalized
    needle = _normalize(post_text)
    if len(needle) < _MIN_LOCATED:
        return None
    at = haystack.find(needle)
    while at >= 0:
        span = (index[at], index[at + len(needle) - 1] + 1)
        if not any(a < span[1] and span[0] < b for a, b in taken):
            return span
        at = haystack.find(needle, at + 1)
    return None
