"""Instagram embeds in flattened text.

The embed blockquote flattens to an optional "View this post on Instagram"
(localised: "Sieh dir diesen Beitrag auf Instagram an", "この投稿をInstagramで見る"
…), the caption (older embeds, or none), and the credit line
``A post shared by Name (@handle) on Nov 11, 2022 at 3:05pm PST`` — "A photo
posted by" / "A video posted by" in older embeds, no date at all in the newer
code, and localised: "Ein Beitrag geteilt von …", "Публикация от …", or with the
name first, "Name(@handle)がシェアした投稿". html2text makes the credit a
Markdown link to the post. Display names may hold parentheses ("Name (he/him)
(@handle)"). Prose that merely mentions a post ("A video posted by the ministry
showed …") has no ``(@handle)`` and is not matched.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from embedresolve.detect.dates import DATE_PATTERN, parse_date
from embedresolve.detect.text.search import find_all, find_last, line_opening
from embedresolve.detect.text.signature import Signature

_SPACE = r"[ \t\u00a0]"
# A display name: no line break or bracket, but short parenthesised parts ("(he/him)").
_NAME = r"(?:[^\n()\[\]]|\([^\n()@\[\]]{1,24}\)){0,60}?"
_CREDIT = re.compile(
    r"(?:A (?:post|photo|video) (?:shared|posted) by|Ein Beitrag geteilt von"
    r"|Una publicación compartida (?:de|por)|Publicación compartida por|Une publication partagée par"
    r"|Un post condiviso da|Uma publicação compartilhada por|Een bericht gedeeld door"
    r"|Post udostępniony przez|Публикация от|Bir gönderi paylaşıldı)"
    rf"{_SPACE}{{1,3}}({_NAME}){_SPACE}{{0,3}}\(@([A-Za-z0-9_.]{{1,30}})\)"
    r"(?:\]\((https?://[^)\s]{1,400})\))?",
    re.IGNORECASE,
)
# Japanese puts the name first: "ふぁらお加藤さん(@pharaohkj)がシェアした投稿".
_CREDIT_JA = re.compile(
    r"[(（]@([A-Za-z0-9_.]{1,30})[)）]がシェアした投稿(?:\]\((https?://[^)\s]{1,400})\))?"
)
_NAME_STOP = re.compile(r"[\n。！？!?\[>]")
_CONNECTOR = r"(?:on|am|le|el|il|em|op|w)"
_CLOCK = (
    r"(?:[ \t\u00a0]{1,3}(?:at|um|à|a las|alle|às|om|o)[ \t\u00a0]{1,3}\d{1,2}[:.]\d\d"
    r"(?:[ \t]?[ap]\.?m\.?|[ \t]?[AP]M)?(?:[ \t\u00a0]{1,2}(?:[A-Z]{2,5}|Uhr))?)?"
)
_WHEN = re.compile(
    r"[ \t\u00a0]{0,4}(?:\r?\n[ \t\u00a0>]{0,40}){0,2}"
    rf"(?:{_CONNECTOR}(?:[ \t\u00a0]{{1,3}}|[ \t]{{0,3}}\r?\n[ \t\u00a0]{{0,40}}))?"
    rf"({DATE_PATTERN}){_CLOCK}",
    re.IGNORECASE,
)
# A date whose digits a stored dataset masked ("am <NUM>. Juli <NUM> um <NUM>:<NUM> Uhr",
# "Мар ##, #### at ##:## PDT"): right after a credit, the shape alone is the date.
_MASK = r"(?:\d{1,4}|<NUM>|\*NUMBER\*|#{1,4})"
_MASK_CLOCK = (
    rf"(?:{_SPACE}{{1,3}}(?:at|um|à|a las|alle|às|om|o){_SPACE}{{1,3}}{_MASK}[:.]{_MASK}"
    r"(?:[ \t]?[ap]\.?m\.?|[ \t]?[AP]M)?(?:[ \t\u00a0]{1,2}(?:[A-Z]{2,5}|Uhr))?)?"
)
_MASKED_WHEN = re.compile(
    rf"{_SPACE}{{0,4}}(?:{_CONNECTOR}{_SPACE}{{1,3}})?"
    rf"((?:{_MASK}\.?{_SPACE}{{1,2}}[^\W\d_]{{3,9}}\.?,?{_SPACE}{{1,2}}{_MASK}"
    rf"|[^\W\d_]{{3,9}}\.?{_SPACE}{{1,2}}{_MASK},?{_SPACE}{{1,2}}{_MASK}))(?!\w){_MASK_CLOCK}",
    re.IGNORECASE,
)
# The Japanese credit's date: "… がシェアした投稿 - 2017 4月 10 8:24午後 PDT".
_JA_WHEN = re.compile(
    rf"{_SPACE}{{1,3}}-{_SPACE}{{1,3}}((?:19|20)\d\d {{1,2}}\d{{1,2}}月 {{1,2}}\d{{1,2}})(?!\d)"
    rf"(?:{_SPACE}{{1,2}}\d{{1,2}}:\d\d(?:午前|午後)(?:{_SPACE}{{1,2}}[A-Z]{{2,5}})?)?"
)
# The credit's "on"/"am" left alone when the extractor dropped the <time> after it.
_DANGLING = re.compile(rf"{_SPACE}{{1,3}}{_CONNECTOR}(?=[ \t\u00a0]{{0,4}}(?:\r?\n|$))", re.IGNORECASE)
_VIEW_ON_INSTAGRAM = re.compile(
    r"View this post on Instagram|Sieh dir diesen Beitrag auf Instagram an"
    r"|Dieser Beitrag auf Instagram ansehen|Ver esta publicación en Instagram"
    r"|Voir cette publication sur Instagram|Visualizza questo post su Instagram"
    r"|Ver esta publicação no Instagram|Ver essa foto no Instagram|Bekijk dit bericht op Instagram"
    r"|Посмотреть эту публикацию в Instagram|この投稿をInstagramで見る",
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
_CREDIT_LEAD = 190  # credit phrase and display name before "(@"
_CREDIT_REACH = 500  # the handle and the post link html2text puts after it
_LOOK_BACK = 600  # how far before the credit "View this post on Instagram" may stand
_JA_NAME_MAX = 60
_FEW_HANDLES = 2000  # "(@" counts up to which each is checked on its own (a storm has more)
_VIEW_LEAD = 40  # view-line words before "Instagram"
_VIEW_TAIL = 16  # and after it ("… Instagram an", "…Instagramで見る")


def signatures(text: str) -> list[Signature]:
    found = []
    floor = 0
    for start, name, handle, url, credit_end in _credits(text):
        date_text, end = _when(text, credit_end)
        view = _view_line(text, max(0, start - _LOOK_BACK), start)
        # html2text's "[A post shared by …](post URL)" is the newer code's credit, which has no caption.
        linked = url is not None and text[start - 1 : start] == "["
        # Text on the credit's line (short of a whole one-line page) is the caption, unless
        # it introduces the post ("… wrote:").
        opening = None if view or linked else line_opening(text, start, _CAPTION_MAX, floor)
        if opening is not None and text[opening:start].rstrip().endswith(":"):
            opening = None
        floor = end
        found.append(
            Signature(
                platform="instagram",
                start=view.start() if view else start if opening is None else opening,
                end=end,
                name=name or None,
                handle=handle,
                rule="instagram.credit",
                confidence=0.95 if view or date_text else 0.85,
                date_text=date_text,
                day=parse_date(date_text) if date_text else None,
                url=url,
                body=(view.end(), start) if view else (start, start) if linked else _body(opening, start),
                text_limit=_CAPTION_MAX,
                text_optional=True,
            )
        )
    return found


def _body(opening: int | None, credit: int) -> tuple[int, int] | None:
    return None if opening is None else (opening, credit)


def _view_line(text: str, lo: int, hi: int) -> re.Match[str] | None:
    """The last "View this post on Instagram" (in any language) in ``text[lo:hi]``. Every
    translation holds the word "Instagram": the regex runs only around one."""
    at = text.rfind("Instagram", lo, hi)
    while at >= 0:
        view = find_last(_VIEW_ON_INSTAGRAM, text, max(lo, at - _VIEW_LEAD), min(hi, at + _VIEW_TAIL))
        if view is not None:
            return view
        at = text.rfind("Instagram", lo, at)
    return None


def _when(text: str, at: int) -> tuple[str | None, int]:
    """The credit's date (as printed) and where the embed ends."""
    when = _WHEN.match(text, at)
    masked = _MASKED_WHEN.match(text, at)
    if masked and not any(c in masked.group(1) for c in "<*#"):
        masked = None  # unmasked dates are _WHEN's
    if when and (masked is None or when.end() >= masked.end()):
        return when.group(1), when.end()
    if masked:  # (also where DATE_PATTERN reads the masked date but not its masked time)
        return masked.group(1), masked.end()
    ja = _JA_WHEN.match(text, at)
    if ja:
        return ja.group(1), ja.end()
    dangling = _DANGLING.match(text, at)
    return None, dangling.end() if dangling else at


def _credits(text: str) -> Iterator[tuple[int, str, str, str | None, int]]:
    """(start, name, handle, url, end) of each credit line, in text order."""
    found = list(_phrase_credits(text))
    if "がシェアした投稿" in text:
        found.extend(_japanese_credits(text))
        found.sort()
    return iter(found)


def _phrase_credits(text: str) -> Iterator[tuple[int, str, str, str | None, int]]:
    """Credits searched only where "(@" follows a credit phrase: ``_CREDIT`` starts
    with an alternation that would otherwise be tried at every position of every text."""
    # A few "(@" (every tweet signature has one): look for a phrase just before each. Many
    # (a storm): find the phrases once, one C-speed scan each, and look them up.
    phrases = None
    covered = 0
    for checked, at in enumerate(find_all(text, "(@")):
        if checked == _FEW_HANDLES:
            phrases = sorted({at for word in _CREDIT_WORDS for at in find_all(text, word)})
            if not phrases:
                return
        lo = max(covered, at - _CREDIT_LEAD)
        if at < covered or not _phrase_between(text, phrases, lo, at):
            continue
        credit = _CREDIT.search(text, lo, at + _CREDIT_REACH)
        if credit is not None:
            covered = credit.end()
            yield credit.start(), credit.group(1).strip(), credit.group(2), credit.group(3), credit.end()


def _phrase_between(text: str, phrases: list[int] | None, lo: int, hi: int) -> bool:
    if phrases is None:
        return any(word in text[lo:hi] for word in _CREDIT_WORDS)
    nearest = bisect.bisect_left(phrases, lo)
    return nearest < len(phrases) and phrases[nearest] < hi


def _japanese_credits(text: str) -> Iterator[tuple[int, str, str, str | None, int]]:
    for credit in _CREDIT_JA.finditer(text):
        lo = max(0, credit.start() - _JA_NAME_MAX)
        stops = list(_NAME_STOP.finditer(text, lo, credit.start()))
        start = stops[-1].end() if stops else lo
        while start < credit.start() and text[start] in " \t\u00a0":
            start += 1
        name = text[start : credit.start()].strip()
        if name.endswith("さん"):
            name = name[: -len("さん")]
        yield start, name, credit.group(1), credit.group(2), credit.end()
