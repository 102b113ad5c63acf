"""Facebook post embeds in flattened text.

The ``fb-post`` blockquote flattens to the post text followed by
``Posted by Name on Friday, November 11, 2022`` (html2text: both parts are
Markdown links). Only that full credit — name, "on", weekday and date — is
taken: "posted by the ministry" in prose has no weekday-and-date tail.
"""

from __future__ import annotations

import re

from embedresolve.detect.dates import DATE_PATTERN, parse_date
from embedresolve.detect.text.signature import Signature

_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_CREDIT = re.compile(
    r"Posted by[ \t\u00a0]{1,3}\[?([^\n\[\]()]{1,80}?)\]?(?:\((https?://[^)\s]{1,400})\))?"
    r"[ \t\u00a0]{0,3}(?:\r?\n[ \t\u00a0]{0,40})?on[ \t\u00a0]{1,3}(?:\r?\n[ \t\u00a0]{0,40})?\[?"
    rf"({_WEEKDAY},?[ \t\u00a0]{{1,3}}{DATE_PATTERN})"
    r"\]?(?:\((https?://[^)\s]{1,400})\))?",
    re.IGNORECASE,  # month names are matched case-insensitively
)
_POST_MAX = 2000  # long posts are cut by the embed; this bounds the look-back


def signatures(text: str) -> list[Signature]:
    if "osted by" not in text and "OSTED BY" not in text:  # C-speed checks before a literal-less scan
        return []
    found = []
    for credit in _CREDIT.finditer(text):
        date_text = credit.group(3)
        found.append(
            Signature(
                platform="facebook",
                start=credit.start(),
                end=credit.end(),
                name=credit.group(1).strip(),
                handle=None,
                rule="facebook.posted_by",
                confidence=0.9,
                date_text=date_text,
                day=parse_date(date_text),
                url=credit.group(4),
                text_limit=_POST_MAX,
            )
        )
    return found
