"""Tweet signatures in flattened text: ``— Name (@handle) Date`` and Substack cards.

An oEmbed blockquote flattens to ``TEXT — Name (@handle) Date``; extractors
differ in the dash, the line breaks, Markdown and what they keep (see
``shared/corpus/README.md``). Every ``(@handle)`` is a candidate; the name
before it (back to a dash) and the date after it (any language, optionally a
Markdown link to the status) are read, and bylines, credits and list items
are dropped. Substack's static tweet cards (``Name @handle TEXT 4:35 PM ∙ Mar
27, 2023``) have no such signature and are found from their timestamp.

Regexes are linear on adversarial input: no nested quantifiers, every repeat
bounded, every scanning window of fixed size.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from embedresolve.detect.dates import DATE_PATTERN, parse_date
from embedresolve.detect.text.search import find_last
from embedresolve.detect.text.signature import Signature
from embedresolve.detect.text.tweet_length import limit_for, weighted_length
from embedresolve.platforms import parse_post_url


def signatures(text: str) -> list[Signature]:
    """Every tweet signature and card in ``text``, in no particular order."""
    return [*_dash_signatures(text), *_cards(text), *_headers_first(text)]


# "#" stands for a digit in datasets that mask numbers ("(@RomeoStevens##)").
HANDLE_ANCHOR = re.compile(r"\(@([A-Za-z0-9_#]{1,20})\)")

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
# Dashes that open a signature, strongest first. A plain hyphen only counts
# with space on both sides, so "Jean-Luc (@jl)" keeps its name.
_STRONG_DASH = re.compile(r"(?:—|&mdash;|&#8212;|â€”|―)[ \t\u00a0]{0,3}")
_MEDIUM_DASH = re.compile(r"(?:(?<=\s)|^)(?:--|–)[ \t\u00a0]{1,3}", re.MULTILINE)
_WEAK_DASH = re.compile(r"(?:(?<=\s)|^)-[ \t\u00a0]{1,3}", re.MULTILINE)
# Some stored datasets join the text and the signature with "; " where the dash was.
_SEMICOLON = re.compile(r";[ \t\u00a0]{1,3}")
# "By Jane Doe (@janedoe) March 3, 2019": a byline or credit names up to five words
# after its "by" ("Публикация от …" is Instagram's Russian credit).
_BYLINE = re.compile(
    r"(?:^|\s)(?:by|von|por|par|di|door|av|af|от)[ \t\u00a0]+(?:[^\s()]{1,40}[ \t\u00a0]+){0,4}$", re.I
)
_NAME_MAX = 50  # Twitter display names are at most 50 characters
_CARD_WINDOW = 12000  # inscriptis pads Substack cards' table cells with thousands of spaces


# A "(@handle)" is read only when what follows it can end a signature: a date (the
# _TAIL), html2text's empty status link, or the end of the line or a gap (a
# signature without a date). The regex engine rejects the rest of a candidate storm ("(@a) (@a) …")
# without a Python step per candidate.
_VIABLE_ANCHOR = re.compile(
    HANDLE_ANCHOR.pattern
    + r"(?=[ \t\u00a0]{2}|[ \t\u00a0]{0,8}(?:$|\r?\n|\[[ \t]{0,2}\]\(|"
    + r"(?:\r?\n[ \t\u00a0>]{0,40}){0,3}(?:\[[ \t]{0,2})?"
    # Every date starts with a word character or a mask ("*NUMBER*", "<NUM>", "##"): the
    # class fails at once where the month alternation would be tried name by name.
    + rf"(?=[\w#*<])(?:{DATE_PATTERN})))",
    re.IGNORECASE | re.MULTILINE,
)


def _dash_signatures(text: str) -> list[Signature]:
    found = []
    for anchor in _VIABLE_ANCHOR.finditer(text):
        sig = _read_signature(text, anchor)
        if sig is not None:
            found.append(sig)
    return found


def _read_signature(text: str, anchor: re.Match[str]) -> Signature | None:
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
    return Signature(
        platform="twitter",
        start=start,
        end=end,
        name=name,
        handle=anchor.group(1),
        date_text=date_text,
        day=parse_date(date_text) if date_text else None,
        url=_tweet_url(status_url),
        rule=rule,
        confidence=confidence,
    )


def _tweet_url(url: str | None) -> str | None:
    """``url`` if it names a tweet (:mod:`embedresolve.platforms.twitter` knows the hosts)."""
    ref = parse_post_url(url) if url else None
    return url if ref is not None and ref.platform == "twitter" else None


def _last_dash(text: str, lo: int, hi: int) -> tuple[int, int, bool] | None:
    """(dash start, name start, weak?) of the signature dash in ``text[lo:hi]``, if any."""
    # A dash further back than another signature's handle belongs to that one.
    lo = max(lo, text.rfind("(@", lo, hi) + 1)
    for pattern in (_STRONG_DASH, _MEDIUM_DASH, _WEAK_DASH, _SEMICOLON):
        last = find_last(pattern, text, lo, hi)
        if last is not None:
            return last.start(), last.end(), pattern in (_WEAK_DASH, _SEMICOLON)
    return None


# --- Substack cards ---------------------------------------------------------

_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]{0,6}\.?"
# Substack cards: "4:35 PM ∙ Mar 27, 2023"; Twitter's rendered widget: "9:36 PM - 19 Oct 2016".
_CARD_TIME = re.compile(
    r"\b[01]?\d:[0-5]\d[ \u00a0]?[AP]M[ \t\u00a0]{0,3}"
    rf"(?:[∙·•][ \t\u00a0]{{0,3}}({_MONTH_ABBR} [0-3]?\d,\s{{0,4}}(?:19|20)\d\d)"
    rf"|-[ \t\u00a0]{{0,3}}([0-3]?\d {_MONTH_ABBR} (?:19|20)\d\d))(?!\d)"
)
# The "M" of a card timestamp's "AM"/"PM" and the separator after it: one literal-prefix
# search, where five string searches for the separators scanned every text five times.
_CARD_MARK = re.compile(r"M[ \t\u00a0]{0,3}[∙·•-]")
_NAME_WORD = re.compile(r"[^\s()\[\]]{1,40}")
_CARD_HEADER = re.compile(r"(?<![\w/.@])@([A-Za-z0-9_]{1,15})(?![A-Za-z0-9_])")


def _cards(text: str) -> list[Signature]:
    """Cards: ``Name @handle TEXT h:mm PM ∙ Mon D, YYYY`` (Substack's static tweets) and
    ``Name @handle TEXT h:mm PM - D Mon YYYY`` (Twitter's widget, rendered before saving).

    The card has no dash signature; its header (display name, then the handle
    alone) is found by looking back from the timestamp for the earliest
    ``Name @handle`` header that fits the length limit.
    """
    cards = []
    previous_end = 0
    for stamp in _stamps(text):
        lo = max(previous_end, stamp.start() - _CARD_WINDOW)
        previous_end = stamp.end()
        header = None
        widget = stamp.group(2) is not None
        # The widget's text is one tweet: a header further back than its date's limit
        # belongs to something before it (another platform's embed, the article).
        day = parse_date(stamp.group(2)) if widget else None
        reach = _widget_reach(day) if widget else None
        for m in _CARD_HEADER.finditer(text, lo, stamp.start()):
            if _is_card_header(text, m, widget=widget) and (
                reach is None or weighted_length(text[m.end() : stamp.start()], day) <= reach
            ):
                header = m
                break
        if header is None:
            continue
        name_start = _card_name_start(text, header.start(), widget=widget)
        handle = _avatar_handle(text, header) or header.group(1)
        link = _MD_LINK_CLOSE.match(text, stamp.end())
        end = link.end() if link else stamp.end()
        date_text = " ".join((stamp.group(1) or stamp.group(2)).split())
        start = name_start
        if widget:  # the rendered widget: "Follow" above the header, counts below the stamp
            start = _follow_start(text, name_start)
            counts = _WIDGET_TAIL.match(text, end)  # matches always: every part is optional
            end = counts.end() if counts else end
            previous_end = max(previous_end, end)
        cards.append(
            Signature(
                platform="twitter",
                start=start,
                end=end,
                name=text[name_start : header.start()].strip(_VERIFIED + " \t\n") or None,
                handle=handle,
                date_text=date_text,
                day=parse_date(date_text),
                url=_tweet_url(link.group(1) if link else None),
                rule="twitter.card" if stamp.group(1) else "twitter.widget",
                confidence=0.9,
                body=(header.end(), stamp.start()),
            )
        )
    return cards


def _widget_reach(day: date | None) -> int:
    """How long the text of a widget of ``day`` may be, in weighted characters: its
    date's limit (long posts, for paid accounts, from 2023-02-08), with the walk back's
    slack for what extractors add."""
    limit = _LONG_POST_MAX if day is not None and day >= _LONG_POSTS_FROM else limit_for(day)
    return limit + 8


_LONG_POSTS_FROM = date(2023, 2, 8)
_LONG_POST_MAX = 4000

_MD_LINK_CLOSE = re.compile(r"[ \t]{0,2}\]\((https?://[^\s)]{1,400})\)")
# The widget's counts and footer as extractors print them: "16,738 16,738 Retweets
# 53,680 53,680 likes", as list items ("* 33,682 33,682 Retweets"), on split lines, and
# "Twitter Ads info & Privacy". Every repeat is bounded, so the match is linear.
_WIDGET_TAIL = re.compile(
    r"(?:[\s>*]{0,60}[\d,.]{1,12}[KM]?(?:[\s>*]{1,40}[\d,.]{1,12}[KM]?)?[ \t]{1,3}(?:Retweets?|likes?)){0,2}"
    r"(?:[\s>*]{0,60}\[?Twitter Ads info (?:&|&amp;|and) Privacy(?:\]\([^)\s]{0,400}\))?)?"
)
_FOLLOW = re.compile(r"Follow(?:\]\([^)\s]{0,400}\))?[\s>\[]{0,80}$")
_VERIFIED = "✔✓☑?"  # the verified badge; "?" where a dataset lost it to the encoding


def _follow_start(text: str, name_start: int) -> int:
    """The widget's "Follow" button text right above its header, if the extractor kept it."""
    lo = max(0, name_start - 500)
    follow = _FOLLOW.search(text, lo, name_start)
    return follow.start() if follow else name_start


_AVATAR = re.compile(r"avatar for @([A-Za-z0-9_]{1,15})\]\([^)\s]{1,400}\)[ \t]{0,2}[^@\n]{0,60}$")


def _avatar_handle(text: str, header: re.Match[str]) -> str | None:
    """The handle html2text's avatar image names, when the text glues the handle to the post."""
    m = _AVATAR.search(text, max(0, header.start() - 500), header.start())
    if m and header.group(1).startswith(m.group(1)):
        return m.group(1)
    return None


def _stamps(text: str) -> Iterator[re.Match[str]]:
    """Card timestamps, looked for only around their separator ("PM ∙", "PM - "): the
    timestamp regex has no literal prefix, and a search for one literal is many times faster."""
    searched_to = 0
    for mark in _CARD_MARK.finditer(text):
        at = mark.start()
        if at < searched_to:
            continue
        # "12:59 PM" before the separator, "Sept. 30, 2022" after it.
        stamp = _CARD_TIME.search(text, max(searched_to, at - 12), at + 40)
        if stamp is not None:
            searched_to = stamp.end()
            yield stamp


def _is_card_header(text: str, m: re.Match[str], *, widget: bool) -> bool:
    """A handle right after a short display name (same line, or the line before)."""
    alt = text.rfind("![", max(0, m.start() - 200), m.start())
    if alt >= 0 and "]" not in text[alt : m.start()]:
        return False  # html2text's avatar image "![Twitter avatar for @handle](…)"
    name_start = _card_name_start(text, m.start(), widget=widget)
    name = text[name_start : m.start()].strip().rstrip(_VERIFIED + " \t\n")
    return 0 < len(name) <= _NAME_MAX and "/" not in name and not name.endswith((".", ":", "?", "@", ","))


def _card_name_start(text: str, handle_start: int, *, widget: bool) -> int:
    """Start of the display name printed before a card's handle."""
    end = handle_start
    floor = max(0, handle_start - 2000)  # inscriptis pads table cells with hundreds of spaces
    while end > floor and text[end - 1] in " \t\u00a0":
        end -= 1
    if end > floor and text[end - 1] == "\n":
        # bs4 puts the widget's name, badge and handle on lines of their own
        # ("Name\n\n✔\n\n@handle"): step back over blank lines and a badge.
        line_end = end - 1
        newlines, badges = (1, 0) if widget else (4, 2)
        while line_end > floor:
            char = text[line_end - 1]
            if char == "\n" and newlines < 4:
                newlines += 1
            elif char in _VERIFIED and badges < 2 and text[line_end - 2 : line_end - 1].isspace():
                badges += 1
            elif char not in " \t\u00a0\r":
                break
            line_end -= 1
        line_start = text.rfind("\n", max(floor, line_end - _NAME_MAX - 40), line_end) + 1
        while line_start < line_end and text[line_start] in " \t\u00a0":
            line_start += 1
        return line_start
    # Same line: the name is the last few words before the handle, after any
    # markup (html2text puts the avatar image "![…](….jpg)" right before it),
    # and before a verified badge ("Name ✔ @handle", "Name ? @handle").
    if end - 1 > floor and text[end - 1] in _VERIFIED and text[end - 2] in " \t\u00a0":
        end -= 1
        while end > floor and text[end - 1] in " \t\u00a0":
            end -= 1
    start = end
    words = list(_NAME_WORD.finditer(text, max(floor, end - _NAME_MAX - 2), end))
    for word in reversed(words[-4:]):
        if text[word.end() : start].strip() or word.group()[-1] in ".:?!":
            break  # markup or punctuation between this word and the name
        start = word.start()
    return start


# --- header first: "Name (@handle) TEXT" ---------------------------------------

# Some stored datasets print the tweet's header before its text and no date at all:
# "Saudi Embassy (@SaudiEmbassyUSA) Recent media reports …". It is taken only as a
# paragraph of its own that starts with the header, whose text starts like a post
# (a capital, a mention, a hashtag, a quote: not "Jane Roe (@janeroe) is a reporter")
# and fits a tweet's length.
_HEADER_LINE = re.compile(
    r"[ \t]{0,8}([^\s()][^\n()]{0,49}?)[ \t]{0,3}\(@([A-Za-z0-9_]{1,15})\)[ \t]{1,3}"
    r"(?=[A-ZÀ-ÞА-Я@#“\"'.]|[\U0001F000-\U0001FAFF\u2600-\u27BF])"
)
# Candidates are found by their "(@handle) " and what follows it (the literal prefix lets
# the regex engine skip ahead, and a storm of "(@a) (@a) …" fails in it); the line is
# then matched from its start.
_HEADER_HANDLE = re.compile(
    r"\(@[A-Za-z0-9_]{1,15}\)[ \t]{1,3}(?=[A-ZÀ-ÞА-Я@#“\"'.]|[\U0001F000-\U0001FAFF\u2600-\u27BF])"
)
_HEADER_REACH = 70  # indentation, a display name and the space before "(@"


def _header_lines(text: str) -> Iterator[re.Match[str]]:
    """Header-first lines that open a paragraph (after a blank line, or the text's start)."""
    for handle in _HEADER_HANDLE.finditer(text):
        line_start = text.rfind("\n", max(0, handle.start() - _HEADER_REACH), handle.start()) + 1
        if line_start == 0 and handle.start() > _HEADER_REACH:
            continue  # no line break near: the handle is inside a line
        m = _HEADER_LINE.match(text, line_start)
        if m is None or m.end() != handle.end() or not _opens_paragraph(text, line_start):
            continue
        yield m


def _opens_paragraph(text: str, line_start: int) -> bool:
    pos = line_start - 1  # the line break before the line
    if pos < 0:
        return True
    lo = max(0, pos - 80)
    while pos > lo and text[pos - 1] in " \t\r":
        pos -= 1
    return pos == 0 or text[pos - 1] == "\n"


_PARAGRAPH_END = re.compile(r"\n[ \t\r]{0,80}\n")
_HEADER_TEXT_MAX = 280 + 23 + 8  # a long tweet, a media link that does not count, slack


def _headers_first(text: str) -> list[Signature]:
    found = []
    for m in _header_lines(text):
        name = m.group(1).strip()
        if _BYLINE.search(" " + name) or name.endswith((":", ",", ";")):
            continue
        end = _paragraph_end(text, m.end())
        if _TAIL.match(text, m.end() - 1) or end - m.end() > _HEADER_TEXT_MAX:
            continue
        body = text[m.end() : end]
        linked = bool(_POST_LINK.search(body))
        if not linked and (len(body.split()) < _HEADER_MIN_WORDS or not _SENTENCE_END_AT_END.search(body)):
            continue  # "Jane Roe (@janeroe) Reporter": an author box, not a post
        found.append(
            Signature(
                platform="twitter",
                start=m.start(1),
                end=end,
                name=name,
                handle=m.group(2),
                rule="twitter.header_first",
                confidence=0.8 if linked else 0.6,
                body=(m.end(), end),
            )
        )
    return found


_POST_LINK = re.compile(r"t\.co/|pic\.twitter\.com/")
_HEADER_MIN_WORDS = 6
_SENTENCE_END_AT_END = re.compile(r"[.!?…][\"”»'’)]{0,3}$")


def _paragraph_end(text: str, pos: int) -> int:
    """End of the paragraph from ``pos``, trailing whitespace left out; a following
    paragraph still counts when it carries a mention, hashtag or link (a post's own
    paragraphs: "… unfit to be president?”\n\n@Comey: “Yes …")."""
    end = pos
    while True:
        gap = _PARAGRAPH_END.search(text, end, end + _HEADER_TEXT_MAX + 100)
        paragraph_end = gap.start() if gap else min(len(text), end + _HEADER_TEXT_MAX + 1)
        if gap is None and paragraph_end < len(text):
            return paragraph_end  # longer than any post: the caller rejects it
        end = paragraph_end
        if gap is None:
            break
        nxt = _PARAGRAPH_END.search(text, gap.end(), gap.end() + _HEADER_TEXT_MAX)
        following = text[gap.end() : nxt.start() if nxt else min(len(text), gap.end() + _HEADER_TEXT_MAX)]
        if end - pos + len(following) > _HEADER_TEXT_MAX or not _POST_MARKER.search(following):
            break
        end = gap.end() + len(following.rstrip())
        if nxt is None:
            break
    return len(text[:end].rstrip())


_POST_MARKER = re.compile(r"(?<![\w@])[@#][A-Za-z0-9_]|t\.co/|pic\.twitter\.com/")
