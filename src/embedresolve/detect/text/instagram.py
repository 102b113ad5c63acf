"""Instagram embeds in flattened text.

The embed blockquote flattens to an optional "View this post on Instagram",
the caption (older embeds, or none), and the credit line
``A post shared by Name (@handle) on Nov 11, 2022 at 3:05pm PST`` — "A photo
posted by" / "A video posted by" in older embeds, and localised ("Ein Beitrag
geteilt von …", "Публикация от …"). html2text makes the credit a Markdown link
to the post. Prose that merely mentions a post ("A video posted by the ministry
showed …") has no ``(@handle)`` and is not matched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from embedresolve.detect.dates import DATE_PATTERN, parse_date
from embedresolve.detect.text.search import find_all, find_last
from embedresolve.detect.text.signature import Signature

_CREDIT = re.compile(
    r"(?:A (?:post|photo|video) (?:shared|posted) by|Ein Beitrag geteilt von"
    r"|Una publicación compartida (?:de|por)|Publicación compartida por|Une publication partagée par"
    r"|Un post condiviso da|Uma publicação compartilhada por|Een bericht gedeeld door"
    r"|Post udostępniony przez|Публикация от|Bir gönderi paylaşıldı)"
    r"[ \t\u00a0]{1,3}([^\n()\[\]]{0,60}?)[ \t\u00a0]{0,3}\(@([A-Za-z0-9_.]{1,30})\)"
    r"(?:\]\((https?://[^)\s]{1,400})\))?",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"[ \t\u00a0]{0,4}(?:\r?\n[ \t\u00a0>]{0,40}){0,2}"
    r"(?:(?:on|am|le|el|il|em|op|w)(?:[ \t\u00a0]{1,3}|[ \t]{0,3}\r?\n[ \t\u00a0]{0,40}))?"
    rf"({DATE_PATTERN})"
    r"(?:[ \t\u00a0]{1,3}(?:at|um|à|a las|alle|às|om|o)[ \t\u00a0]{1,3}\d{1,2}[:.]\d\d"
    r"(?:[ \t]?[ap]\.?m\.?|[ \t]?[AP]M)?(?:[ \t\u00a0]{1,2}(?:[A-Z]{2,5}|Uhr))?)?",
    re.IGNORECASE,
)
_VIEW_ON_INSTAGRAM = re.compile(
    r"View this post on Instagram|Dieser Beitrag auf Instagram ansehen|Ver esta publicación en Instagram"
    r"|Voir cette publication sur Instagram|Visualizza questo post su Instagram"
    r"|Ver essa foto no Instagram|Bekijk dit bericht op Instagram|Посмотреть эту публикацию в Instagram",
    re.IGNORECASE,
)
_CAPTION_MAX = 2200  # Instagram's caption limit
# A word of every credit phrase, as printed (``str.find`` is case-sensitive and fast).
_CREDIT_WORDS = (
    "shared by",
    "posted by",
    "Shared by",
    "Posted by",
    "geteilt von",
    "compartida",
    "partagée par",
    "condiviso da",
    "compartilhada por",
    "gedeeld door",
    "udostępniony przez",
    "Публикация от",
    "публикация от",
    "paylaşıldı",
)
_CREDIT_LEAD = 130  # credit phrase and display name before "(@"
_CREDIT_REACH = 500  # the handle and the post link html2text puts after it
_LOOK_BACK = 600  # how far before the credit "View this post on Instagram" may stand


def signatures(text: str) -> list[Signature]:
    found = []
    for credit in _credits(text):
        when = _WHEN.match(text, credit.end())
        end = when.end() if when else credit.end()
        date_text = when.group(1) if when else None
        view = find_last(_VIEW_ON_INSTAGRAM, text, max(0, credit.start() - _LOOK_BACK), credit.start())
        found.append(
            Signature(
                platform="instagram",
                start=view.start() if view else credit.start(),
                end=end,
                name=credit.group(1).strip() or None,
                handle=credit.group(2),
                rule="instagram.credit",
                confidence=0.95 if view or date_text else 0.85,
                date_text=date_text,
                day=parse_date(date_text) if date_text else None,
                url=credit.group(3),
                body=(view.end(), credit.start()) if view else None,
                text_limit=_CAPTION_MAX,
                text_optional=True,
            )
        )
    return found


def _credits(text: str) -> Iterator[re.Match[str]]:
    """Credit lines, searched only where "(@" follows a credit phrase: ``_CREDIT`` starts
    with an alternation that would otherwise be tried at every position of every text."""
    covered = 0
    for at in find_all(text, "(@"):
        lo = max(covered, at - _CREDIT_LEAD)
        if at < covered or not any(word in text[lo:at] for word in _CREDIT_WORDS):
            continue
        credit = _CREDIT.search(text, lo, at + _CREDIT_REACH)
        if credit is not None:
            covered = credit.end()
            yield credit
