"""Dates as embed signatures print them, in the languages news sites use.

Twitter's oEmbed prints the status date in the page's language: "November 11,
2022", "22. August 2013", "1 de febrero de 2017", "16 мая 2018 г." … This
module gives one regex source for all of them (no nested quantifiers, so it is
linear on any input) and a parser from the matched text to a ``datetime.date``.
"""

from __future__ import annotations

import re
from datetime import date

# Month names by number. Abbreviations are listed where sites print them
# ("Nov 11, 2022", "11 nov. 2022"); matching is case-insensitive.
_MONTHS: dict[int, tuple[str, ...]] = {
    1: (
        "янв",
        "january",
        "jan",
        "januar",
        "jänner",
        "janvier",
        "janv",
        "enero",
        "ene",
        "gennaio",
        "gen",
        "janeiro",
        "januari",
        "januar",
        "stycznia",
        "styczeń",
        "ocak",
        "января",
        "январь",
        "января",
        "ledna",
        "tammikuuta",
    ),
    2: (
        "фев",
        "february",
        "feb",
        "februar",
        "février",
        "fevrier",
        "févr",
        "fevr",
        "febrero",
        "febbraio",
        "fevereiro",
        "fev",
        "februari",
        "lutego",
        "luty",
        "şubat",
        "subat",
        "февраля",
        "февраль",
        "února",
        "helmikuuta",
    ),
    3: (
        "mär",
        "мар",
        "march",
        "mar",
        "märz",
        "maerz",
        "mars",
        "marzo",
        "março",
        "marco",
        "maart",
        "marca",
        "marzec",
        "mart",
        "марта",
        "март",
        "března",
        "maaliskuuta",
    ),
    4: (
        "апр",
        "april",
        "apr",
        "avril",
        "avr",
        "abril",
        "abr",
        "aprile",
        "kwietnia",
        "kwiecień",
        "nisan",
        "апреля",
        "апрель",
        "dubna",
        "huhtikuuta",
    ),
    5: (
        "may",
        "mai",
        "mayo",
        "maggio",
        "mag",
        "maio",
        "mei",
        "maja",
        "maj",
        "mayıs",
        "mayis",
        "мая",
        "май",
        "května",
        "toukokuuta",
    ),
    6: (
        "июн",
        "june",
        "jun",
        "juni",
        "juin",
        "junio",
        "giugno",
        "giu",
        "junho",
        "czerwca",
        "czerwiec",
        "haziran",
        "июня",
        "июнь",
        "června",
        "kesäkuuta",
    ),
    7: (
        "июл",
        "july",
        "jul",
        "juli",
        "juillet",
        "juil",
        "julio",
        "luglio",
        "lug",
        "julho",
        "lipca",
        "lipiec",
        "temmuz",
        "июля",
        "июль",
        "července",
        "heinäkuuta",
    ),
    8: (
        "авг",
        "august",
        "aug",
        "août",
        "aout",
        "agosto",
        "ago",
        "augustus",
        "sierpnia",
        "sierpień",
        "ağustos",
        "agustos",
        "августа",
        "август",
        "srpna",
        "elokuuta",
    ),
    9: (
        "сен",
        "сент",
        "september",
        "sep",
        "sept",
        "septembre",
        "septiembre",
        "set",
        "settembre",
        "setembro",
        "września",
        "wrzesień",
        "eylül",
        "eylul",
        "сентября",
        "сентябрь",
        "září",
        "syyskuuta",
    ),
    10: (
        "окт",
        "october",
        "oct",
        "oktober",
        "okt",
        "octobre",
        "octubre",
        "ottobre",
        "ott",
        "outubro",
        "out",
        "października",
        "październik",
        "ekim",
        "октября",
        "октябрь",
        "října",
        "lokakuuta",
    ),
    11: (
        "ноя",
        "нояб",
        "november",
        "nov",
        "novembre",
        "noviembre",
        "novembro",
        "listopada",
        "listopad",
        "kasım",
        "kasim",
        "ноября",
        "ноябрь",
        "marraskuuta",
    ),
    12: (
        "дек",
        "december",
        "dec",
        "dezember",
        "dez",
        "décembre",
        "decembre",
        "déc",
        "diciembre",
        "dic",
        "dicembre",
        "dezembro",
        "grudnia",
        "grudzień",
        "aralık",
        "aralik",
        "декабря",
        "декабрь",
        "prosince",
        "joulukuuta",
    ),
}

MONTH_NUMBER: dict[str, int] = {name: number for number, names in _MONTHS.items() for name in names}

# Longest names first so "march" wins over "mar" in the alternation.
_MONTH_ALT = "|".join(sorted(map(re.escape, MONTH_NUMBER), key=len, reverse=True))

# Stored datasets mask numbers: "November XX, 2022", "January ##, ####", "June *NUMBER*,
# *NUMBER*", "<NUM> november <NUM>". A date no parser reads is still a date: the month
# name between masks still marks the signature (parse_date then returns None).
_MASK = r"\*NUMBER\*|<NUM>|<num>"
_DAY = rf"(?:[0-3]?\d|XX|xx|\#{{1,2}}(?!\#)|{_MASK})"
_YEAR = rf"(?:(?:19|20)\d\d(?!\d)|\#{{4}}(?!\#)|{_MASK})"

# One regex source, used inside bigger patterns; named groups are avoided so it
# can be embedded more than once.
DATE_PATTERN = (
    r"(?:"
    # November 11, 2022 / Nov. 11 2022
    rf"(?:{_MONTH_ALT})\.?[ \t\u00a0]{{1,3}}{_DAY},?[ \t\u00a0]{{1,3}}{_YEAR}"
    # 11 November 2022 / 22. August 2013 / 1 de febrero de 2017 / 16 мая 2018 г.
    rf"|{_DAY}(?:\\?\.)?[ \t\u00a0]{{1,3}}(?:de[ \t\u00a0]{{1,3}})?(?:{_MONTH_ALT})\.?,?"
    rf"[ \t\u00a0]{{1,3}}(?:de[ \t\u00a0]{{1,3}})?{_YEAR}(?:[ \t\u00a0]?г\.)?"
    # 2022年11月11日 / 2022. 11. 11.
    r"|(?:19|20)\d\d年[01]?\d月[0-3]?\d日"
    r"|(?:19|20)\d\d\.[ ]?[01]?\d\.[ ]?[0-3]?\d\.?"
    r")"
)

_DATE_RE = re.compile(DATE_PATTERN, re.IGNORECASE)
_PARTS = re.compile(r"\d+|[^\W\d_]+", re.UNICODE)


def parse_date(text: str) -> date | None:
    """The calendar date a signature prints, or None when it is masked or unreadable."""
    numbers: list[int] = []
    month: int | None = None
    for part in _PARTS.findall(text):
        if part.isdigit():
            numbers.append(int(part))
        elif month is None and part.lower() in MONTH_NUMBER:
            month = MONTH_NUMBER[part.lower()]
    year = next((n for n in numbers if n >= 1900), None)
    rest = [n for n in numbers if n < 1900]
    if year is None:
        return None
    if month is None:  # numeric forms: 2022年11月11日, 2022. 11. 11.
        if len(rest) < 2:
            return None
        month, day = rest[0], rest[1]
    elif rest:
        day = rest[0]
    else:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_date(text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
    """The first date in ``text[pos:endpos]``."""
    return _DATE_RE.search(text, pos, len(text) if endpos is None else endpos)
