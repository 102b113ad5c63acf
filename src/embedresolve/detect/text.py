"""Find flattened tweet embeds in plain text.

An oEmbed blockquote flattens to ``TEXT — Name (@handle) Date``; extractors
differ in the dash, the line breaks, Markdown and what they keep (see
``shared/corpus/README.md``). Detection works from the one part that is
unmistakable, the signature, backwards:

1. every ``(@handle)`` is a candidate; the name before it (back to a dash) and
   the date after it (any language, optionally a Markdown link) are read, and
   candidates that are bylines or credits are dropped (:func:`_read_signature`);
2. the tweet text is the run of lines before the signature that fits the
   length limit of the tweet's date and reads like a post, not like the
   article's own lead-in (:func:`_text_start`).

Substack's static tweet cards (``Name @handle TEXT 4:35 PM ∙ Mar 27, 2023``)
have no such signature and are found from their timestamp (:func:`_cards`).

Every regex here is linear on adversarial input: no nested quantifiers, every
repeat bounded, and all scanning windows have a fixed size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from embedresolve.detect.dates import DATE_PATTERN, parse_date
from embedresolve.detect.tweet_length import limit_for, weighted_length
from embedresolve.models import Author, Detector, Embed

HANDLE_ANCHOR = re.compile(r"\(@([A-Za-z0-9_]{1,20})\)")

# What may sit between "(@handle)" and the date: spaces, up to three line
# breaks (html2text prefixes lines with ">"), and html2text's "[" link opener.
_TAIL = re.compile(
    r"[ \t\u00a0]{0,8}(?:\r?\n[ \t\u00a0>]{0,40}){0,3}(\[[ \t]{0,2})?"
    rf"({DATE_PATTERN})"
    r"(?:[ \t]{0,2}\]\((https?://[^\s)]{1,400})\))?",
    re.IGNORECASE,
)
# html2text keeps the status link even when the date is masked: "(@h) [](https://…)".
_EMPTY_LINK_TAIL = re.compile(r"[ \t\u00a0]{0,8}\[[ \t]{0,2}\]\((https?://[^\s)]{1,400})\)")
_STATUS_URL = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?:#!/)?([A-Za-z0-9_]{1,20})"
    r"/status(?:es)?/(\d{1,20})",
    re.IGNORECASE,
)
_MEDIA_LINK = re.compile(
    r"(?:https?://)?(?:pic\.twitter\.com|pic\.x\.com|t\.co)/[A-Za-z0-9]{1,16}?"
    r"(?=pic\.twitter\.com|[^A-Za-z0-9]|$)"
)

# Dashes that open a signature, strongest first. A plain hyphen only counts
# with space on both sides, so "Jean-Luc (@jl)" keeps its name.
_STRONG_DASH = re.compile(r"(?:—|&mdash;|&#8212;|â€”|―)[ \t\u00a0]{0,3}")
_MEDIUM_DASH = re.compile(r"(?:(?<=\s)|^)(?:--|–)[ \t\u00a0]{1,3}", re.MULTILINE)
_WEAK_DASH = re.compile(r"(?:(?<=\s)|^)-[ \t\u00a0]{1,3}", re.MULTILINE)
_BYLINE = re.compile(r"(?:^|\s)(?:by|von|por|par|di|door|av|af)\s+\S{0,40}$", re.I)
_NAME_MAX = 50  # Twitter display names are at most 50 characters
_WINDOW = 4000  # how far back a tweet's text can start, in characters
_CARD_WINDOW = 12000  # inscriptis pads Substack cards' table cells with thousands of spaces

# Phrases with which articles introduce an embedded post; the paragraph that
# carries them is the article's, not the post's.
_LEAD_IN = re.compile(
    r"(?:twitter|tweet|tweeted|x|post|posted|wrote|writes|said|says|added|"
    r"announced|shared|replied|responded|following|below|here|watch|see|look|example|update|"
    r"schrieb|twitterte|escribió|écrit|a écrit|tuiteó|ha scritto|написал)"
    r"[^.!?\n]{0,40}:\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Signature:
    start: int  # first character of the dash (or of the name when there is none)
    end: int  # one past the date, the Markdown link, or the ")" of the handle
    name: str | None
    handle: str
    date_text: str | None
    day: date | None
    status_url: str | None
    rule: str
    confidence: float
    # Cards print the text between their header and their timestamp; classic
    # signatures follow their text, which :func:`_text_start` has to find.
    card_text: tuple[int, int] | None = None


def detect_text(text: str) -> list[Embed]:
    """All tweet embeds flattened into ``text``, sorted, non-overlapping."""
    signatures = sorted([*_signatures(text), *_cards(text)], key=lambda s: (s.start, -s.end))
    embeds: list[Embed] = []
    floor = 0
    for sig in signatures:
        if sig.start < floor:
            continue  # inside an embed already found (a quoted tweet's handle)
        embed = _embed(text, sig, floor)
        if embed is not None:
            embeds.append(embed)
            floor = embed.span[1]
    return embeds


# --- signatures -------------------------------------------------------------


def _signatures(text: str) -> list[_Signature]:
    found = []
    for anchor in HANDLE_ANCHOR.finditer(text):
        sig = _read_signature(text, anchor)
        if sig is not None:
            found.append(sig)
    return found


def _read_signature(text: str, anchor: re.Match[str]) -> _Signature | None:
    line_start = text.rfind("\n", max(0, anchor.start() - 200), anchor.start()) + 1
    window_start = max(line_start, anchor.start() - _NAME_MAX - 12)
    dash = _last_dash(text, window_start, anchor.start())
    tail = _TAIL.match(text, anchor.end())
    date_text = tail.group(2) if tail else None
    status_url = tail.group(3) if tail else None
    end = tail.end() if tail else anchor.end()
    if tail is None and (empty := _EMPTY_LINK_TAIL.match(text, anchor.end())):
        status_url, end = empty.group(1), empty.end()

    if dash is not None:
        start, name_start, weak_dash = dash
    else:
        # No dash: the name runs from the line start (or a gap of 2+ spaces).
        gap = text.rfind("  ", window_start, anchor.start())
        name_start = gap + 2 if gap >= 0 else line_start
        start, weak_dash = name_start, True
        if anchor.start() - name_start > _NAME_MAX or _BYLINE.search(
            text, max(0, name_start - 40), anchor.start()
        ):
            return None
    name = text[name_start : anchor.start()].strip(" \t\u00a0*_[]") or None
    if name is not None and len(name) > _NAME_MAX:
        return None

    rest_of_line = text[end : end + 2].strip(" \t\u00a0")
    if date_text is None:
        # Without a date a "Name (@handle)" is as often a byline or a credit;
        # only a signature with a real dash (a lone "-" starts list items) that
        # closes its line is taken.
        if weak_dash or (rest_of_line and rest_of_line[0] not in "\r\n"):
            return None
        rule, confidence = "twitter.signature.no_date", 0.75
    elif dash is None:
        rule, confidence = "twitter.signature.no_dash", 0.85
    else:
        rule, confidence = "twitter.signature", 0.97
    return _Signature(
        start=start,
        end=end,
        name=name,
        handle=anchor.group(1),
        date_text=date_text,
        day=parse_date(date_text) if date_text else None,
        status_url=status_url if status_url and _STATUS_URL.match(status_url) else None,
        rule=rule,
        confidence=confidence,
    )


def _last_dash(text: str, lo: int, hi: int) -> tuple[int, int, bool] | None:
    """(dash start, name start, weak?) of the signature dash in ``text[lo:hi]``, if any."""
    # A dash further back than another signature's handle belongs to that one.
    lo = max(lo, text.rfind("(@", lo, hi) + 1)
    for pattern in (_STRONG_DASH, _MEDIUM_DASH, _WEAK_DASH):
        last = None
        for match in pattern.finditer(text, lo, hi):
            last = match
        if last is not None:
            return last.start(), last.end(), pattern is _WEAK_DASH
    return None


# --- Substack cards ---------------------------------------------------------

_CARD_TIME = re.compile(
    r"\b[01]?\d:[0-5]\d[ \u00a0]?[AP]M[ \t\u00a0]{0,3}[∙·•][ \t\u00a0]{0,3}"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.? [0-3]?\d,"
    r"\s{0,4}(?:19|20)\d\d(?!\d)"
)
_NAME_WORD = re.compile(r"[^\s()\[\]]{1,40}")
_CARD_HEADER = re.compile(r"(?<![\w/.@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])")


def _cards(text: str) -> list[_Signature]:
    """Substack's static tweet cards: ``Name @handle TEXT h:mm PM ∙ Mon D, YYYY``.

    The card has no dash signature; its header (display name, then the handle
    alone) is found by looking back from the timestamp for the earliest
    ``Name @handle`` header that fits the length limit.
    """
    cards = []
    previous_end = 0
    for stamp in _CARD_TIME.finditer(text):
        lo = max(previous_end, stamp.start() - _CARD_WINDOW)
        previous_end = stamp.end()
        header = None
        for m in _CARD_HEADER.finditer(text, lo, stamp.start()):
            if _is_card_header(text, m):
                header = m
                break
        if header is None:
            continue
        name_start = _card_name_start(text, header.start())
        handle = _avatar_handle(text, header) or header.group(1)
        link = _MD_LINK_CLOSE.match(text, stamp.end())
        end = link.end() if link else stamp.end()
        stamp_text = text[stamp.start() : stamp.end()]
        date_text = stamp_text.split("∙")[-1].strip() if "∙" in stamp_text else None
        cards.append(
            _Signature(
                start=name_start,
                end=end,
                name=text[name_start : header.start()].strip() or None,
                handle=handle,
                date_text=" ".join(date_text.split()) if date_text else None,
                day=parse_date(date_text) if date_text else None,
                status_url=link.group(1) if link and _STATUS_URL.match(link.group(1)) else None,
                rule="twitter.card",
                confidence=0.9,
                card_text=(header.end(), stamp.start()),
            )
        )
    return cards


_MD_LINK_CLOSE = re.compile(r"[ \t]{0,2}\]\((https?://[^\s)]{1,400})\)")
_AVATAR = re.compile(r"avatar for @([A-Za-z0-9_]{1,15})\]\([^)\s]{1,400}\)[ \t]{0,2}[^@\n]{0,60}$")


def _avatar_handle(text: str, header: re.Match[str]) -> str | None:
    """The handle html2text's avatar image names, when the text glues the handle to the post."""
    m = _AVATAR.search(text, max(0, header.start() - 500), header.start())
    if m and header.group(1).startswith(m.group(1)):
        return m.group(1)
    return None


def _is_card_header(text: str, m: re.Match[str]) -> bool:
    """A handle right after a short display name (same line, or the line before)."""
    alt = text.rfind("![", max(0, m.start() - 200), m.start())
    if alt >= 0 and "]" not in text[alt : m.start()]:
        return False  # html2text's avatar image "![Twitter avatar for @handle](…)"
    name_start = _card_name_start(text, m.start())
    name = text[name_start : m.start()].strip()
    return 0 < len(name) <= _NAME_MAX and "/" not in name and not name.endswith((".", ":", "?", "@", ","))


def _card_name_start(text: str, handle_start: int) -> int:
    """Start of the display name printed before a card's handle."""
    end = handle_start
    floor = max(0, handle_start - 2000)  # inscriptis pads table cells with hundreds of spaces
    while end > floor and text[end - 1] in " \t\u00a0":
        end -= 1
    if end > floor and text[end - 1] == "\n":
        line_end = end - 1
        while line_end > floor and text[line_end - 1] in " \t\u00a0":
            line_end -= 1
        line_start = text.rfind("\n", max(floor, line_end - _NAME_MAX - 40), line_end) + 1
        while line_start < line_end and text[line_start] in " \t\u00a0":
            line_start += 1
        return line_start
    # Same line: the name is the last few words before the handle, after any
    # markup (html2text puts the avatar image "![…](….jpg)" right before it).
    start = end
    words = list(_NAME_WORD.finditer(text, max(floor, end - _NAME_MAX - 2), end))
    for word in reversed(words[-4:]):
        if text[word.end() : start].strip() or word.group()[-1] in ".:?!":
            break  # markup or punctuation between this word and the name
        start = word.start()
    return start


# --- the tweet text ---------------------------------------------------------

# A sentence end, possibly inside closing quotes: `fine.”` ends a sentence, `is fine"` does not.
_SENTENCE_END_AT_EOL = re.compile(r"[.!?…][\"”»'’)\]]{0,3}$")
_TWEET_MARKERS = re.compile(
    r"[@#]\w|https?://|pic\.twitter\.com/|t\.co/|[\U0001F000-\U0001FAFF\u2600-\u27BF]"
)


def _embed(text: str, sig: _Signature, floor: int) -> Embed | None:
    if sig.card_text is not None:
        start, body = sig.start, text[sig.card_text[0] : sig.card_text[1]]
    else:
        start = _text_start(text, sig, floor)
        body = text[start : sig.start]
    clean = _plain(body)
    links = tuple(dict.fromkeys(m.group() for m in _MEDIA_LINK.finditer(body)))
    handle = sig.handle
    post_id = url = None
    if sig.status_url:
        m = _STATUS_URL.match(sig.status_url)
        if m:
            handle_in_url, post_id = m.group(1), m.group(2)
            url = f"https://twitter.com/{handle_in_url}/status/{post_id}"
    return Embed(
        platform="twitter",
        span=(start, sig.end),
        text=clean or None,
        author=Author(name=sig.name, handle=handle),
        date_text=sig.date_text,
        date=sig.day.isoformat() if sig.day else None,
        links=links,
        url=url,
        post_id=post_id,
        detector=Detector(sig.rule, sig.confidence if clean else sig.confidence - 0.1),
    )


@dataclass(frozen=True, slots=True)
class _Unit:
    start: int
    end: int
    boundary: str  # what separates it from the unit after it: "blank", "line" or "inline"


def _text_start(text: str, sig: _Signature, floor: int) -> int:
    """Where the tweet's text begins: the earliest unit before the signature we believe."""
    lo = max(floor, sig.start - _WINDOW)
    units = _units_before(text, lo, sig.start)
    if not units:
        return sig.start
    limit = limit_for(sig.day) + 8  # slack: extractors add or drop a few characters
    if _LEAD_IN.search(text[units[0].start : units[0].end]):
        return sig.start  # a link-only tweet: the line before is the article's lead-in
    quoted = _is_md_quote(text, units[0])
    start = units[0].start
    for unit, after in zip(units[1:], units[:-1], strict=True):
        piece = text[unit.start : unit.end]
        if quoted:
            if not _is_md_quote(text, unit):
                break
        elif not _continues_tweet(
            piece, unit.boundary, after=text[after.start : after.end], collected=text[start : sig.start]
        ):
            break
        if _countable_length(text[unit.start : sig.start], sig.day) > limit:
            break
        start = unit.start
    return _skip_markup(text, start, sig.start)


def _countable_length(body: str, day: date | None) -> int:
    # A link closing the text is usually the quoted post or the attached media,
    # which do not count towards the limit.
    return weighted_length(_TRAILING_LINK.sub("", _plain(body)), day)


_TRAILING_LINK = re.compile(r"\s?(?:https?://)?t\.co/[A-Za-z0-9]{1,16}$")


def _continues_tweet(piece: str, boundary: str, after: str, collected: str) -> bool:
    """Does ``piece`` belong to the same post as the unit ``after`` it?

    ``collected`` is the post text accepted so far (up to the signature).
    """
    stripped = piece.strip()
    if not stripped or _LEAD_IN.search(stripped):
        return False
    if not _WORDS.search(_MEDIA_LINK.sub(" ", _URLS.sub(" ", collected))):
        # So far only links ("… pic.twitter.com/…"): the post's words lie before.
        return True
    continues_inline = boundary == "line" and bool(_INLINE_CONTINUATION.match(after.lstrip()))
    if _LIST_OR_TABLE.match(stripped):
        return False  # the article's own list items and table rows
    if stripped.endswith(":"):
        # "… wrote on Twitter:" introduces the post, unless a line break merely
        # split it before a link ("course enough:\nhttps://t.co/…") or it is
        # the post's own short title line ("Drinking game for web devs:").
        return continues_inline or len(stripped) <= _TITLE_MAX
    if boundary == "inline":
        # Text flattened to one line has no paragraph evidence: sentences are
        # taken while the post's length limit allows.
        return True
    marked = bool(_TWEET_MARKERS.search(stripped))
    unfinished = not _SENTENCE_END_AT_EOL.search(stripped)
    # Extractors break lines around links and hashtags inside a post.
    return marked or unfinished or continues_inline


_LIST_OR_TABLE = re.compile(r"(?:[-*•+]|\d{1,2}[.)])[ \t]|\|")
_TITLE_MAX = 40
_WORDS = re.compile(r"[^\W\d_]{2}")
_URLS = re.compile(r"https?://\S{1,400}")
_INLINE_CONTINUATION = re.compile(r"[a-z,.;:!?–—)\]’'”]|[@#]\w|https?://|pic\.twitter\.com/")


def _units_before(text: str, lo: int, hi: int) -> list[_Unit]:
    """Lines of ``text[lo:hi]``, nearest first; the line the signature sits on is
    cut into sentences, since one-line extractors put the whole embed there."""
    units: list[_Unit] = []
    pos = hi
    boundary = "inline"
    while pos > lo:
        nl = text.rfind("\n", lo, pos)
        line_start = nl + 1 if nl >= 0 else lo
        if text[line_start:pos].strip():
            inline = not units and pos == hi  # text and signature share the line
            pieces = _sentences(text, line_start, pos) if inline else [(line_start, pos)]
            for i, (a, b) in enumerate(reversed(pieces)):
                units.append(_Unit(a, b, boundary if i == 0 else "inline"))
            boundary = "line"
        elif units:
            boundary = "blank"
        pos = nl
    return units


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
