"""Find flattened embeds in plain text and where each post's text begins.

Detection works from the part of a flattened embed that is unmistakable, its
signature (found by the platform modules: :mod:`.twitter`, :mod:`.instagram`,
:mod:`.facebook`, :mod:`.tiktok`, :mod:`.telegram`), backwards: the post text is the run of
lines before the signature that fits the post's length limit (for tweets, the
limit of the tweet's date) and reads like a post, not like the article's own
lead-in or list (:func:`_text_start`).

Every regex here is linear on adversarial input: no nested quantifiers, every
repeat bounded, and all scanning windows have a fixed size.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from embedresolve.detect.text import facebook, instagram, telegram, tiktok, twitter
from embedresolve.detect.text.signature import Signature
from embedresolve.detect.text.span_confidence import span_confidence
from embedresolve.detect.text.tweet_length import limit_for, weighted_length
from embedresolve.models import Author, Detector, Embed
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.twitter import SHORT_CODE, SHORT_HOSTS

# Instagram first: its credit line also holds a "(@handle)" the tweet rule would read.
_SIGNATURE_FINDERS = (
    instagram.signatures,
    twitter.signatures,
    facebook.signatures,
    tiktok.signatures,
    telegram.signatures,
)

# SHORT_LINK_RE, but lazy up to the next non-code character: extractors glue links
# together ("pic.twitter.com/abcpic.twitter.com/def" is two).
_MEDIA_LINK = re.compile(
    rf"(?:https?://)?{SHORT_HOSTS}/{SHORT_CODE}?"
    r"(?=pic\.twitter\.com|[^A-Za-z0-9]|$)"
)

_WINDOW = 4000  # how far back a post's text can start, in characters

# Phrases with which articles introduce an embedded post; the paragraph that
# carries them is the article's, not the post's.
_LEAD_IN = re.compile(
    r"\b(?:twitter|tweet|tweeted|x|post|posted|wrote|writes|said|says|added|"
    r"announced|shared|replied|responded|following|below|here|watch|see|look|example|update|"
    r"schrieb|twitterte|escribió|écrit|a écrit|tuiteó|ha scritto|написал)\b"
    r"[^.!?\n]{0,40}:\s*$",
    re.IGNORECASE,
)


def _is_lead_in(piece: str) -> bool:
    # The pattern ends in a colon: check that first, it is far cheaper.
    return piece.rstrip().endswith(":") and bool(_LEAD_IN.search(piece))


def detect_text(text: str) -> list[Embed]:
    """All embeds flattened into ``text``, sorted, non-overlapping."""
    return [embed for embed, _ in detect_text_with_evidence(text)]


def detect_text_with_evidence(text: str) -> list[tuple[Embed, str]]:
    """:func:`detect_text`, each embed with the evidence its span's start rests on
    (see :mod:`.span_confidence`; ``tools/fit_span_confidence.py`` fits on it)."""
    found = _by_priority([finder(text) for finder in _SIGNATURE_FINDERS])
    embeds: list[tuple[Embed, str]] = []
    floor = 0
    layout = _Layout(text)
    for sig in sorted(found, key=lambda s: (s.start, -s.end)):
        if sig.start < floor:
            continue  # inside an embed already found (a quoted tweet's handle)
        embed, evidence = _embed(text, sig, floor, layout)
        embeds.append((embed, evidence))
        floor = embed.span[1]
    return embeds


def _by_priority(per_finder: list[list[Signature]]) -> list[Signature]:
    """Every finder's signatures, less those overlapping an earlier finder's: a credit
    ("Публикация от Name (@h) Мар 19, 2012") also holds the shape a later finder reads."""
    kept: list[Signature] = []
    for signatures in per_finder:
        spans = sorted((s.start, s.end) for s in kept)
        starts = [start for start, _ in spans]
        reach = list(itertools.accumulate((end for _, end in spans), max))  # furthest end so far
        for sig in signatures:
            before = bisect.bisect_left(starts, sig.end)  # earlier spans starting before sig ends
            if not before or reach[before - 1] <= sig.start:
                kept.append(sig)
    return kept


# --- the tweet text ---------------------------------------------------------

# A sentence end, possibly inside closing quotes: `fine.”` ends a sentence, `is fine"` does not.
_SENTENCE_END_AT_EOL = re.compile(r"[.!?…][\"”»'’)\]]{0,3}$")
# Hashtags need a letter ("#1 choice" is not one).
_TWEET_MARKERS = re.compile(
    r"@\w|#\d{0,20}[^\W\d]|https?://|pic\.twitter\.com/|t\.co/|[\U0001F000-\U0001FAFF\u2600-\u27BF]"
)
# A line that is nothing but a full URL is the article's (a post's links are t.co-wrapped).
_BARE_URL_LINE = re.compile(r"(?:https?://|www\.)(?!t\.co/)\S{1,500}")


def _embed(text: str, sig: Signature, floor: int, layout: _Layout) -> tuple[Embed, str]:
    if sig.body is not None:
        start, body, evidence = sig.start, text[sig.body[0] : sig.body[1]], "body"
    else:
        start, evidence = _text_start(text, sig, floor, layout)
        body = text[start : sig.start]
    clean = _plain(body)
    ref = parse_post_url(sig.url) if sig.url else None
    if not clean:
        evidence = "no_text"
    embed = Embed(
        platform=sig.platform,
        span=(start, sig.end),
        text=clean or None,
        author=Author(name=sig.name, handle=sig.handle),
        date_text=sig.date_text,
        date=sig.day.isoformat() if sig.day else None,
        links=tuple(dict.fromkeys(m.group() for m in _MEDIA_LINK.finditer(body))),
        url=ref.canonical_url if ref and ref.platform == sig.platform else None,
        post_id=ref.post_id if ref and ref.platform == sig.platform else None,
        # A rule the fit has not seen keeps its prior, lowered when the embed has no text.
        detector=Detector(
            sig.rule, span_confidence(sig.rule, evidence, sig.confidence if clean else sig.confidence - 0.1)
        ),
    )
    return embed, evidence


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int
    boundary: str  # what separates it from the unit after it: "blank", "line" or "inline"
    breaks: int = 0  # line breaks between it and the unit after it


class _Layout:
    """How the text separates its own paragraphs: the commonest run of line breaks.

    A post's paragraphs are ``<br><br>`` inside one element, and extractors
    render them with more (or fewer) breaks than they put between the
    article's paragraphs; a gap wider than the article's is inside a post.
    Counted once per text, and only when a walk back meets a blank line.
    """

    __slots__ = ("_text", "_usual")

    def __init__(self, text: str) -> None:
        self._text = text
        self._usual: int | None = None

    def usual_breaks(self) -> int:
        if self._usual is None:
            counts: dict[int, int] = {}
            for run in _BREAK_RUN.finditer(self._text):
                n = run.group().count("\n")
                counts[n] = counts.get(n, 0) + 1
            self._usual = max(counts, key=lambda n: (counts[n], -n)) if counts else 2
        return self._usual


_BREAK_RUN = re.compile(r"\n[ \t\u00a0\r]{0,80}\n(?:[ \t\u00a0\r]{0,80}\n){0,20}")


def _text_start(text: str, sig: Signature, floor: int, layout: _Layout) -> tuple[int, str]:
    """Where the tweet's text begins: the earliest unit before the signature we believe,
    and why the walk stopped there ("<reason>:<boundary of the unit it stopped at>")."""
    lo = max(floor, sig.start - _WINDOW)
    units = _units_before(text, lo, sig.start)  # lazily: the walk usually stops within a few
    nearest = next(units, None)
    if nearest is None:
        return sig.start, "no_text"
    # Slack: extractors add or drop a few characters.
    limit = (sig.text_limit or limit_for(sig.day)) + 8
    first = text[nearest.start : nearest.end]
    if _is_lead_in(first) or (sig.text_optional and not _reads_like_post(first, "blank", after="")):
        return sig.start, "no_text"  # the line before is the article's (a lead-in, a sentence)
    quoted = _is_md_quote(text, nearest)
    start = nearest.start
    links_only = not _has_words(first)
    after = nearest
    # Ran out of lines: at the text's start or the previous embed's end (a boundary),
    # or at the window's edge (none).
    reason = "floor:-" if lo == floor else "window:-"
    for unit in units:
        piece = text[unit.start : unit.end]
        if quoted:
            if not _is_md_quote(text, unit):
                reason = f"quote_end:{unit.boundary}"
                break
        elif not _continues_tweet(
            piece,
            unit.boundary,
            after=text[after.start : after.end],
            opening=text[start : min(sig.start, start + _OPENING_MAX)],
            links_only=links_only,
            short_post=sig.text_limit is None,
            wide_gap=unit.boundary == "blank" and unit.breaks > layout.usual_breaks(),
        ):
            reason = f"article:{unit.boundary}"
            break
        if _countable_length(text[unit.start : sig.start], sig.day) > limit:
            reason = f"length:{unit.boundary}"
            break
        start = unit.start
        links_only = links_only and not _has_words(piece)
        after = unit
    return _skip_markup(text, start, sig.start), reason


_OPENING_MAX = 400  # enough of the accepted text to hold its first words


def _has_words(piece: str) -> bool:
    return bool(_WORDS.search(_MEDIA_LINK.sub(" ", _URLS.sub(" ", piece))))


def _countable_length(body: str, day: date | None) -> int:
    # A link closing the text is usually the quoted post or the attached media,
    # which do not count towards the limit.
    return weighted_length(_TRAILING_LINK.sub("", _plain(body)), day)


_TRAILING_LINK = re.compile(rf"\s?(?:https?://)?t\.co/{SHORT_CODE}$")


def _continues_tweet(
    piece: str,
    boundary: str,
    after: str,
    opening: str,
    *,
    links_only: bool,
    short_post: bool,
    wide_gap: bool = False,
) -> bool:
    """Does ``piece`` belong to the same post as the unit ``after`` it?

    ``opening`` is the start of the post text accepted so far, ``links_only``
    says that text has no words yet; ``short_post`` says the post's length
    limit is a tweet's, tight enough to take one-line sentences on the limit
    alone; ``wide_gap`` says a blank gap wider than the text's own paragraph
    gap separates the two (a post's ``<br><br>``, see :class:`_Layout`).
    """
    stripped = piece.strip()
    if not stripped or _is_lead_in(stripped):
        return False
    if boundary == "blank" and stripped.endswith(":") and len(stripped) > _TITLE_MAX:
        return False  # a paragraph that ends in a colon introduces what follows
    if _quotes_post(stripped, opening):
        return False  # the article quoting the post it then shows
    if links_only:
        # So far only links ("… pic.twitter.com/…"): the post's words lie before.
        return True
    if boundary == "inline" and short_post:
        # Text flattened to one line has no paragraph evidence: sentences are
        # taken while the post's length limit allows (lead-ins stopped above).
        return True
    if wide_gap and not _LIST_OR_TABLE.match(stripped) and not _BARE_URL_LINE.fullmatch(stripped):
        return True
    return _reads_like_post(stripped, boundary, after)


_QUOTE_PROBE = 24  # characters of the post's first words that a quoting paragraph repeats


def _quotes_post(piece: str, opening: str) -> bool:
    """Does the paragraph repeat the post's opening words? A post does not quote itself."""
    words = " ".join(_plain(opening).split()[:8])
    if len(words) < _QUOTE_PROBE or len(piece) <= len(words):
        return False
    return words[:_QUOTE_PROBE].casefold() in " ".join(piece.split()).casefold()


def _reads_like_post(stripped: str, boundary: str, after: str) -> bool:
    """A line that is not the article's: no list item or lead-in, and marked or unfinished."""
    if not stripped or _LIST_OR_TABLE.match(stripped) or _BARE_URL_LINE.fullmatch(stripped):
        return False  # the article's own list items, table rows and bare links
    if not _WORDS.search(stripped):
        # No words ("?", "⭐️⭐️"): residue of a line split inside the post; but a sentence's
        # closing punctuation alone above a blank line is where bs4 split a paragraph's last
        # link from its full stop ("reported\nMSNBC\n.\n\n"): the article's paragraph ends.
        return not (boundary == "blank" and _CLOSING_PUNCTUATION.fullmatch(stripped))
    continues_inline = boundary == "line" and bool(_INLINE_CONTINUATION.match(after.lstrip()))
    if stripped.endswith(":"):
        # "… wrote on Twitter:" introduces the post, unless a line break merely
        # split it before a link ("course enough:\nhttps://t.co/…") or it is
        # the post's own short title line ("Drinking game for web devs:").
        return continues_inline or len(stripped) <= _TITLE_MAX
    marked = bool(_TWEET_MARKERS.search(stripped))
    unfinished = not _SENTENCE_END_AT_EOL.search(stripped)
    # A short exclamation is a post's voice, rarely an article paragraph ("It gets worse…!").
    exclaims = stripped.endswith("!") and len(stripped) <= _TITLE_MAX
    # Extractors break lines around links and hashtags inside a post.
    return marked or unfinished or exclaims or continues_inline


_CLOSING_PUNCTUATION = re.compile(r"[.,;:)\]\"”’»]{1,4}")
_LIST_OR_TABLE = re.compile(r"(?:[-*•+]|\d{1,2}[.)])[ \t]|\|")
_TITLE_MAX = 40
_WORDS = re.compile(r"[^\W\d_]{2}")
_URLS = re.compile(r"https?://\S{1,400}")
_INLINE_CONTINUATION = re.compile(r"[a-z,.;:!?–—)\]’'”]|[@#]\w|https?://|pic\.twitter\.com/")


def _units_before(text: str, lo: int, hi: int) -> Iterator[_Unit]:
    """Lines of ``text[lo:hi]``, nearest first; the line the signature sits on is
    cut into sentences, since one-line extractors put the whole embed there."""
    pos = hi
    boundary = "inline"
    breaks = 0
    any_unit = False
    while pos > lo:
        nl = text.rfind("\n", lo, pos)
        line_start = nl + 1 if nl >= 0 else lo
        if text[line_start:pos].strip():
            inline = not any_unit and pos == hi  # text and signature share the line
            pieces = _sentences(text, line_start, pos) if inline else [(line_start, pos)]
            for i, (a, b) in enumerate(reversed(pieces)):
                yield _Unit(a, b, boundary if i == 0 else "inline", breaks if i == 0 else 0)
            any_unit = True
            boundary = "line"
            breaks = 1
        elif any_unit:
            boundary = "blank"
            breaks += 1
        pos = nl


_SENTENCE_END = re.compile(r"[.!?…:][\"”»'’)]{0,2}[ \t\u00a0]{1,4}(?=\S)")


def _sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """Sentence-ish pieces of a line without breaks (text flattened to one line)."""
    cuts = [lo] + [m.end() for m in _SENTENCE_END.finditer(text, lo, hi)]
    return [(a, b) for a, b in zip(cuts, [*cuts[1:], hi], strict=True) if text[a:b].strip()]


def _is_md_quote(text: str, unit: _Unit) -> bool:
    return text[unit.start : unit.end].lstrip(" \t").startswith(">")


def _skip_markup(text: str, start: int, hi: int) -> int:
    """Move ``start`` past indentation and Markdown quote/link openers."""
    while start < hi and text[start] in " \t\u00a0>[*\r\n":
        start += 1
    return start


_MD_TARGET = re.compile(r"\]\([^)\s]{0,400}\)|^[ \t]{0,8}>[ >]{0,8}|!\[", re.MULTILINE)
_AUTOLINK = re.compile(r"<(https?://[^>\s]{1,400})>")


def _plain(body: str) -> str:
    """The post text without extractor markup, whitespace runs collapsed."""
    body = _MD_TARGET.sub(" ", _AUTOLINK.sub(r"\1", body))
    return " ".join(body.replace("[", " ").split()).strip(" —–-")
