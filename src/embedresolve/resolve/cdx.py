"""Pure parsing of web-archive indexes: CDX answers, replay URLs and Memento TimeMaps.

No I/O: these functions take the bytes an archive sent and return values, so
every quirk seen in real recordings (archive guide §1.1, §1.4, §2) is tested
on its own:

* CDX plain text (7 space-separated fields, IA's default) and ``output=json``
  (an array of arrays whose first row is the header). With
  ``showResumeKey=true`` the resume key follows a blank line (text) or a
  ``[]`` row (JSON).
* Identical lines repeat on IA: a row equal to the one before is dropped.
* ``-`` stands for "unknown" in ``statuscode``, ``length``, ``digest`` and
  ``mimetype`` (revisits, redirects crawled without a body).
* Year-2000 crawls have timestamps with a ``00`` month or day: the ``00`` was
  inserted and pushed the rest right, so it is removed and ``00`` seconds
  appended (edgi ``_utils.parse_timestamp``).
* ``original`` can be junk (``http://mailto:…``, ``…/"data:image…``, a bare
  path): such rows are dropped and counted, never returned as URLs to fetch.

Every regular expression here is anchored and free of nested quantifiers, so
matching is linear in the input.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import unquote, urlsplit

from embedresolve.errors import CdxParseError
from embedresolve.provenance import Capture, iso_utc
from embedresolve.resolve.headers import parse_http_date

__all__ = [
    "DEFAULT_FIELDS",
    "EMPTY_DIGEST",
    "CdxPage",
    "CdxRow",
    "Memento",
    "ReplayRef",
    "TimeMap",
    "format_timestamp",
    "is_junk_url",
    "parse_cdx",
    "parse_replay_url",
    "parse_timemap",
    "parse_timestamp",
    "repair_timestamp",
]

DEFAULT_FIELDS: tuple[str, ...] = (
    "urlkey",
    "timestamp",
    "original",
    "mimetype",
    "statuscode",
    "digest",
    "length",
)
"""IA's seven default CDX fields, in the order its plain-text output uses."""

EMPTY_DIGEST = "3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"
"""Base32 SHA-1 of an empty body: the digest of 3xx captures that had no body."""

_TIMESTAMP = re.compile(r"[0-9]{14}")
_STATUS = re.compile(r"[0-9]{3}")
_LENGTH = re.compile(r"[0-9]{1,18}")
_HOST = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}\.)+[a-z0-9-]{1,63}|localhost|\[[0-9a-f:.]{2,45}\]")
_DATA_URI = re.compile(r"(?:\"|%22|/)data:[a-z]{1,20}/", re.IGNORECASE)
_REPLAY = re.compile(r"/web/([0-9]{1,14})([a-z]{2}_)?/")
_COLLAPSED_SCHEME = re.compile(r"(https?):/(?!/)", re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class CdxRow:
    """One capture as the index lists it.

    ``timestamp`` is the 14-digit capture time (repaired when the index had a
    ``00`` month or day; ``raw_timestamp`` keeps what the index said, which is
    also what a replay URL must use). Fields the archive reported as ``-`` or
    did not send (``fl=``) are None.
    """

    urlkey: str | None
    timestamp: str
    raw_timestamp: str
    original: str
    mimetype: str | None = None
    statuscode: int | None = None
    digest: str | None = None
    length: int | None = None

    @property
    def captured_at(self) -> datetime:
        """Capture time, UTC."""
        return datetime.strptime(self.timestamp, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)

    @property
    def is_revisit(self) -> bool:
        return self.mimetype == "warc/revisit"

    def to_capture(self) -> Capture:
        """The archived facts provenance keeps about this capture."""
        return Capture(
            original=self.original,
            capture_time=iso_utc(self.captured_at),
            timestamp=self.raw_timestamp,
            statuscode=self.statuscode,
            mimetype=self.mimetype,
            cdx_digest=self.digest,
        )


@dataclass(frozen=True, slots=True)
class CdxPage:
    """One CDX answer: its rows, the key for the next page, and how many rows were dropped."""

    rows: tuple[CdxRow, ...]
    resume_key: str | None = None
    dropped: int = 0


def format_timestamp(moment: datetime) -> str:
    """A datetime as a 14-digit Wayback timestamp (UTC; a naive value is taken as UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y%m%d%H%M%S")


def repair_timestamp(value: str) -> str | None:
    """The 14-digit timestamp ``value`` stands for, or None when it is not one.

    A ``00`` month or day was an insertion that pushed the later digits right
    (and truncated the seconds); remove it and append ``00``. Anything that
    still is not a valid date and time is rejected rather than guessed.
    """
    if not _TIMESTAMP.fullmatch(value):
        return None
    if value[4:6] == "00":
        value = value[:4] + value[6:] + "00"
    elif value[6:8] == "00":
        value = value[:6] + value[8:] + "00"
    try:
        datetime.strptime(value, "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return value


def parse_timestamp(value: str) -> datetime | None:
    """A Wayback timestamp (14 digits, repaired if need be) as an aware UTC datetime."""
    repaired = repair_timestamp(value)
    if repaired is None:
        return None
    return datetime.strptime(repaired, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)


def is_junk_url(url: str) -> bool:
    """True for ``original`` values that are not fetchable web URLs.

    Seen in IA's index: ``http://mailto:someone@host/`` (a mailto link crawled
    as a host), ``https://host/"data:image/jpeg;base64,…`` (a data URI crawled
    as a path) and bare paths without scheme or host.
    """
    if len(url) > 8192:
        return True
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return True
    if parts.scheme.lower() not in ("http", "https") or not _HOST.fullmatch(host):
        return True
    if "@" in parts.netloc or host == "mailto":
        return True
    return _DATA_URI.search(parts.path, 0, 512) is not None


def _optional(value: str) -> str | None:
    return None if value in ("-", "") else value


def _row_from_fields(values: Sequence[str], fields: Sequence[str]) -> CdxRow | None:
    record = dict(zip(fields, values, strict=False))
    raw_ts = record.get("timestamp", "")
    timestamp = repair_timestamp(raw_ts)
    original = record.get("original", "")
    if timestamp is None or is_junk_url(original):
        return None
    status = record.get("statuscode", "-")
    length = record.get("length", "-")
    return CdxRow(
        urlkey=_optional(record.get("urlkey", "-")),
        timestamp=timestamp,
        raw_timestamp=raw_ts,
        original=original,
        mimetype=_optional(record.get("mimetype", "-")),
        statuscode=int(status) if _STATUS.fullmatch(status) else None,
        digest=_optional(record.get("digest", "-")),
        length=int(length) if _LENGTH.fullmatch(length) else None,
    )


def parse_cdx(body: bytes | str, fields: Sequence[str] = DEFAULT_FIELDS) -> CdxPage:
    """Parse one CDX answer, plain text or JSON (recognised by a leading ``[``).

    ``fields`` names the columns of plain-text output (what ``fl=`` asked
    for); JSON output names its own in the header row. Rows with the wrong
    number of fields, an unreadable timestamp or a junk ``original`` are
    dropped and counted in ``CdxPage.dropped``. Raises :class:`CdxParseError`
    for a body that claims to be JSON but is not a CDX array.
    """
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    if text.lstrip().startswith("["):
        return _parse_json(text)
    return _parse_text(text, tuple(fields))


def _parse_text(text: str, fields: tuple[str, ...]) -> CdxPage:
    lines = text.split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    resume_key = None
    # "rows, blank line, key": the key is the last line when a blank line precedes it.
    if len(lines) >= 2 and not lines[-2].strip() and " " not in lines[-1].strip():
        resume_key = lines[-1].strip() or None
        lines = lines[:-2]
    rows: list[CdxRow] = []
    dropped = 0
    previous: str | None = None
    for line in lines:
        line = line.rstrip("\r")
        if not line.strip():
            continue
        if line == previous:
            continue  # IA repeats identical lines
        previous = line
        values = line.split(" ")
        row = _row_from_fields(values, fields) if len(values) == len(fields) else None
        if row is None:
            dropped += 1
        else:
            rows.append(row)
    return CdxPage(tuple(rows), resume_key, dropped)


def _parse_json(text: str) -> CdxPage:
    try:
        data = json.loads(text)
    except ValueError as e:
        raise CdxParseError(f"CDX body is not JSON: {e}") from e
    if not isinstance(data, list):
        raise CdxParseError("CDX JSON is not an array")
    if not data:
        return CdxPage(())
    header = data[0]
    if not isinstance(header, list) or not all(isinstance(h, str) for h in header):
        raise CdxParseError("CDX JSON has no header row")
    body = data[1:]
    resume_key = None
    if len(body) >= 2 and body[-2] == [] and isinstance(body[-1], list) and len(body[-1]) == 1:
        key = body[-1][0]
        resume_key = key if isinstance(key, str) and key else None
        body = body[:-2]
    rows: list[CdxRow] = []
    dropped = 0
    previous: list[Any] | None = None
    for item in body:
        if item == previous or item == []:
            continue
        previous = item
        ok = isinstance(item, list) and len(item) == len(header) and all(isinstance(v, str) for v in item)
        row = _row_from_fields(item, header) if ok else None
        if row is None:
            dropped += 1
        else:
            rows.append(row)
    return CdxPage(tuple(rows), resume_key, dropped)


# -- replay URLs -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReplayRef:
    """What a Wayback replay URL (``…/web/<timestamp><flag>/<target>``) points at."""

    timestamp: str
    flag: str  # "id_", "im_", … or "" for view mode
    target: str


def parse_replay_url(url: str) -> ReplayRef | None:
    """Split a replay URL, absolute or site-relative, or return None.

    The target keeps its own query string (``…/web/2022id_/https://x/?a=1``).
    A percent-encoded target (``http%3A//…``) is decoded, and a scheme whose
    double slash a proxy collapsed (``https:/host``) is repaired.
    """
    start = 0
    if "://" in url[:16]:
        slash = url.find("/", url.find("://") + 3)
        if slash < 0:
            return None
        start = slash
    at = url.find("/web/", start)
    if at < 0:
        return None
    match = _REPLAY.match(url, at)
    if match is None:
        return None
    target = url[match.end() :]
    if target.lower().startswith(("http%3a", "https%3a")):
        target = unquote(target)
    target = _COLLAPSED_SCHEME.sub(r"\1://", target, count=1) if _COLLAPSED_SCHEME.match(target) else target
    if not target:
        return None
    return ReplayRef(match.group(1), match.group(2) or "", target)


# -- Memento TimeMaps (RFC 7089, application/link-format) --------------------------------


@dataclass(frozen=True, slots=True)
class Memento:
    """One memento of a TimeMap: its URI-M, capture time and relation types."""

    url: str
    datetime: datetime
    rels: frozenset[str]


@dataclass(frozen=True, slots=True)
class TimeMap:
    """A parsed TimeMap: the original URL, the mementos in time order, the navigation links."""

    original: str | None
    mementos: tuple[Memento, ...]
    timegate: str | None = None
    self_url: str | None = None


def parse_timemap(text: str) -> TimeMap:
    """Parse a link-format TimeMap.

    Split on commas outside ``<…>`` and quotes, then each link's parameters
    on ``;`` (MemGator's ``splitLinks``). Entries whose ``rel`` contains
    ``memento`` and that carry an RFC 1123 ``datetime`` are mementos; they
    come back sorted by time, one per URI-M. Malformed entries are skipped.
    """
    original = timegate = self_url = None
    seen: dict[str, Memento] = {}
    for url, params in _links(text):
        rels = frozenset(params.get("rel", "").lower().split())
        if "original" in rels and original is None:
            original = url
        if "timegate" in rels and timegate is None:
            timegate = url
        if "self" in rels and self_url is None:
            self_url = url
        if "memento" in rels:
            when = parse_http_date(params.get("datetime"))
            if when is not None and url not in seen:
                seen[url] = Memento(url, when, rels)
    mementos = tuple(sorted(seen.values(), key=lambda m: (m.datetime, m.url)))
    return TimeMap(original, mementos, timegate, self_url)


def _links(text: str) -> list[tuple[str, dict[str, str]]]:
    """``<url>; k="v"; k=v, <url>; …`` → [(url, params)], one linear scan."""
    out: list[tuple[str, dict[str, str]]] = []
    for chunk in _split_outside(text, ","):
        chunk = chunk.strip()
        if not chunk.startswith("<"):
            continue
        close = chunk.find(">")
        if close < 0:
            continue
        url = chunk[1:close].strip()
        params: dict[str, str] = {}
        for part in _split_outside(chunk[close + 1 :], ";"):
            name, eq, value = part.partition("=")
            if not eq:
                continue
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            params.setdefault(name.strip().lower(), value)
        if url:
            out.append((url, params))
    return out


def _split_outside(text: str, separator: str) -> list[str]:
    """Split ``text`` on ``separator`` where it is outside ``<…>`` and double quotes."""
    parts: list[str] = []
    start = 0
    in_angle = in_quote = False
    for i, ch in enumerate(text):
        if ch == '"' and not in_angle:
            in_quote = not in_quote
        elif ch == "<" and not in_quote:
            in_angle = True
        elif ch == ">" and not in_quote:
            in_angle = False
        elif ch == separator and not in_angle and not in_quote:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts
