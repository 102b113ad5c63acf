"""Telegram post widgets in flattened text.

The post widget (``t.me/CHANNEL/ID?embed=1``, injected by telegram-widget.js)
renders ``tgme_widget_message_*`` blocks: the channel's name, the post text, an
optional ``t.me/CHANNEL/ID`` link, the view count with its copy-only " views"
word, an optional "edited", and the time (or date) linked to the post. Flattened,
that is::

    Channel Name
    post text …
    12.3K views 18:06

(bs4 puts "12.3K", "views" and "18:06" on lines of their own; html2text links the
name to ``https://t.me/CHANNEL`` and the time to the post). The view count
followed by the time is the signature; the word "views" is the literal every
search starts from, and a count with no time after it ("12K views this week") is
prose.
"""

from __future__ import annotations

import re

from embedresolve.detect.dates import DATE_PATTERN, parse_date
from embedresolve.detect.text.search import find_all
from embedresolve.detect.text.signature import Signature

_SPACE = r"[ \t\u00a0]"
_BREAK = rf"(?:{_SPACE}{{0,3}}\r?\n{_SPACE}{{0,40}})"
_MASK = r"(?:<NUM>|\*NUMBER\*|#{1,4})"  # stored datasets' masked digits
_DIGITS = rf"(?:\d{{1,3}}|{_MASK})"
_COUNT = rf"{_DIGITS}(?:[.,]{_DIGITS})?[KkMm]?"
_COUNT_BEFORE = re.compile(rf"(?<![\w#*>.,])({_COUNT}){_SPACE}{{0,3}}{_BREAK}?\Z")
_CLOCK = rf"(?:[0-2]?\d|{_MASK}):(?:[0-5]\d|{_MASK})"
_TAIL = re.compile(
    rf"views(?:{_SPACE}{{1,3}}|{_BREAK}){{0,2}}(?:edited(?:{_SPACE}{{1,3}}|{_BREAK}))?"
    rf"\[?((?:{DATE_PATTERN})(?:,?{_SPACE}{{1,3}}(?:at{_SPACE}{{1,3}})?{_CLOCK})?|{_CLOCK})(?!\d)\]?"
    r"(?:\((https?://(?:t\.me|telegram\.me)/[^)\s]{1,200})\))?",
    re.IGNORECASE,
)
_POST_LINK = re.compile(
    rf"(?:https?://)?t\.me/([A-Za-z][A-Za-z0-9_]{{3,31}})/(\d{{1,12}}){_SPACE}{{0,3}}{_BREAK}?\Z"
)
# html2text links the channel name to the channel: "[Channel Name](https://t.me/channel)".
_OWNER_LINK = r"\[([^\[\]\n]{1,128})\]\(https?://t\.me/"
# One of these is in every tail: a clock's colon, a year's century, a masked digit.
_TAIL_LITERALS = (":", "19", "20", "<NUM>", "*NUMBER*", "#")
_TAIL_REACH = 90  # "views", line breaks, "edited" and a date with its time
_POST_MAX = 4096  # a message's length limit
_COUNT_REACH = 60  # the count (and line breaks) before "views"
_LINK_REACH = 120  # the post link before the count


def signatures(text: str) -> list[Signature]:
    found = []
    previous_end = 0
    for at in find_all(text, "views"):
        if at < previous_end:
            continue
        ahead = text[at : at + _TAIL_REACH]
        if not any(literal in ahead for literal in _TAIL_LITERALS):
            continue  # no time, year or mask: "views" in prose (str checks spare the date pattern)
        tail = _TAIL.match(text, at)
        count = _COUNT_BEFORE.search(text, max(previous_end, at - _COUNT_REACH), at) if tail else None
        if count is None or tail is None:
            continue
        floor, previous_end = previous_end, tail.end()
        link = _POST_LINK.search(text, max(floor, count.start() - _LINK_REACH), count.start())
        url = tail.group(2) or (f"https://t.me/{link.group(1)}/{link.group(2)}" if link else None)
        channel = _channel(url)
        lo = max(floor, count.start() - _POST_MAX)
        owner = _owner(text, channel, lo, count.start()) if channel else None
        date_text = tail.group(1)
        found.append(
            Signature(
                platform="telegram",
                start=owner.start(1) if owner else (link.start() if link else count.start()),
                end=tail.end(),
                name=owner.group(1).strip() if owner else None,
                handle=channel,
                rule="telegram.views",
                confidence=0.9,
                date_text=date_text,
                day=parse_date(date_text),
                url=url,
                body=(owner.end(), count.start()) if owner else None,
                text_limit=_POST_MAX,
            )
        )
    return found


def _channel(url: str | None) -> str | None:
    if not url:
        return None
    path = url.split("t.me/", 1)[-1].split("/")
    return path[1] if path[0] == "s" and len(path) > 1 else path[0]


def _owner(text: str, channel: str, lo: int, hi: int) -> re.Match[str] | None:
    """The last "[Name](https://t.me/channel)" before the count: where the widget starts."""
    pattern = re.compile(_OWNER_LINK + re.escape(channel) + r"/?\)", re.IGNORECASE)
    last = None
    for match in pattern.finditer(text, lo, hi):
        last = match
    return last
