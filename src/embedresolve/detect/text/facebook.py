"""Facebook post and video embeds in flattened text.

The ``fb-post`` blockquote flattens to the post text followed by
``Posted by Name on Friday, November 11, 2022``; the ``fb-video`` one to the
video's title, its description and the same credit (html2text: name and date
are Markdown links). Readability-style extractors put each of the credit's
inline elements on its own line ("Posted by\\nName\\non\\nFriday, …"), and
sentence-per-line datasets may break inside the name ("Dianna E.\\nAnderson").
Only the full credit — name, "on", weekday and date — is taken: "posted by
the ministry" in prose has no weekday-and-date tail.
"""

from __future__ import annotations

import re

from embedresolve.detect.dates import DATE_PATTERN, parse_date
from embedresolve.detect.text.search import find_all, line_opening
from embedresolve.detect.text.signature import Signature

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_GAP = r"(?:[ \t\u00a0]{1,3}|[ \t\u00a0]{0,3}\r?\n[ \t\u00a0>]{0,40})"  # a space, or a line break
_LINK = r"(?:\((https?://[^)\s]{1,400})(?:[ \t]\"[^\"\n]{0,200}\")?\))?"
# Stored datasets mask the digits ("Friday, February *NUMBER*, *NUMBER*"); after a weekday,
# any month word with two masked numbers is the date.
_MASK = r"(?:<NUM>|\*NUMBER\*|#{1,4})"
_MASKED_DATE = rf"[^\W\d_]{{3,9}}[ \t\u00a0]{{1,3}}{_MASK},?[ \t\u00a0]{{1,3}}{_MASK}"
_CREDIT = re.compile(
    rf"Posted by{_GAP}\[?([^\n\[\]()]{{1,80}}?(?:\r?\n[^\n\[\]()]{{1,40}}?)?)\]?{_LINK}"
    rf"{_GAP}on{_GAP}\[?"
    rf"({_WEEKDAY},?[ \t\u00a0]{{1,3}}(?:{DATE_PATTERN}|{_MASKED_DATE}))"
    rf"\]?{_LINK}",
    re.IGNORECASE,  # month names are matched case-insensitively
)
_POST_MAX = 2000  # long posts are cut by the embed; this bounds the look-back


def signatures(text: str) -> list[Signature]:
    found = []
    previous_end = floor = 0
    for at in sorted({*find_all(text, "osted by"), *find_all(text, "OSTED BY")}):
        if at - 1 < previous_end:
            continue
        credit = _CREDIT.match(text, at - 1)
        if credit is None:
            continue
        previous_end = credit.end()
        date_text = credit.group(3)
        # The credit closes the embed's block: text on its line is the post's (the block's
        # start is the line's), unless the line holds more than a post can.
        opening = line_opening(text, credit.start(), _POST_MAX, floor)
        floor = credit.end()
        found.append(
            Signature(
                platform="facebook",
                start=credit.start() if opening is None else opening,
                end=credit.end(),
                name=" ".join(credit.group(1).split()),
                handle=None,
                rule="facebook.posted_by",
                confidence=0.9,
                date_text=date_text,
                day=parse_date(date_text),
                url=credit.group(4),
                text_limit=_POST_MAX,
                body=None if opening is None else (opening, credit.start()),
            )
        )
    return found
