"""Live ``t.co`` short links → the status URL they redirect to.

Why this is the first thing to try for a flattened tweet: the
``pic.twitter.com/CODE`` of an embed and the tweet's ``t.co/CODE`` media link
share the code, and both redirect to ``twitter.com/<user>/status/<id>/photo/1``
(archive guide §3.3), so one request turns a bare pic link into a status ID.

t.co answers bots with a 301 and ``Location``; browsers get a 200 HTML page
that redirects with ``<meta http-equiv="refresh" content="0;URL=…">`` and
``location.replace("…")``. The fetcher never follows redirects, so we read
the target from whichever answer came and **never fetch the target**: it is
data lifted from a redirect, not an endpoint.

The parsing (:func:`redirect_target`, and
:func:`~embedresolve.resolve.formats.tco_page.refresh_target` for the HTML
page) is pure; only :class:`TcoSource` does I/O.
"""

from __future__ import annotations

from urllib.parse import urljoin

from embedresolve.errors import FetchFailed
from embedresolve.platforms import twitter
from embedresolve.platforms.base import split_url
from embedresolve.platforms.twitter import SHORT_CODE_RE
from embedresolve.provenance import Evidence
from embedresolve.resolve.formats.tco_page import refresh_target
from embedresolve.resolve.http import FetchResult, SupportsFetch
from embedresolve.resolve.models import Lookup

__all__ = ["TcoSource", "is_short_code", "redirect_target"]


def is_short_code(code: str) -> bool:
    """True when ``code`` can be a t.co / pic.twitter.com slug (checked before any request)."""
    return SHORT_CODE_RE.fullmatch(code) is not None


def redirect_target(result: FetchResult) -> str | None:
    """Where a t.co answer points: a 3xx ``Location`` or a 200 HTML refresh, made absolute."""
    target: str | None = None
    if 300 <= result.status < 400:
        target = result.location
    elif result.status == 200:
        target = refresh_target(result.body.decode("utf-8", errors="replace"))
    if not target:
        return None
    return urljoin(result.url, target.strip())


def _status_url(url: str) -> bool:
    parsed = split_url(url)
    if parsed is None:
        return False
    ref = twitter.parse(parsed)
    return ref is not None and ref.post_id is not None


class TcoSource:
    """``ShortCodeSource`` over the live t.co service (or anything that answers like it).

    Outcomes: ``found`` with the target URL when it is a Twitter/X status URL
    (often ending ``/photo/1`` or ``/video/1``: the resolver decides whether
    the code names *this* post); ``not_found`` on 404, for a code that cannot
    exist (never sent), and for a target that is not a post (an ordinary link
    — the target is kept in the evidence); ``failed`` when no answer came or
    it named no target.
    """

    name = "tco"

    def __init__(self, fetcher: SupportsFetch, base_url: str) -> None:
        self.fetcher = fetcher
        self.base_url = base_url.rstrip("/")

    def expand_short_code(self, code: str) -> Lookup[str]:
        if not is_short_code(code):
            return Lookup.of(
                self.name,
                "not_found",
                reason="invalid short code",
                evidence=(Evidence(input=code[:100]),),
            )
        url = f"{self.base_url}/{code}"
        try:
            result = self.fetcher.fetch(url, purpose=self.name)
        except FetchFailed as error:
            return Lookup.of(self.name, "failed", reason=error.category, evidence=(Evidence.failure(error),))
        target = redirect_target(result)
        evidence = (Evidence.answer(result, target=target),)
        if result.status == 404:
            return Lookup.of(self.name, "not_found", reason="http 404", evidence=evidence)
        if target is None:
            answered = result.status == 200 or 300 <= result.status < 400
            why = "no redirect target in answer" if answered else f"http {result.status}"
            return Lookup.of(self.name, "failed", reason=why, evidence=evidence)
        if not _status_url(target):
            return Lookup.of(
                self.name, "found", value=target, reason="target is not a post URL", evidence=evidence
            )
        return Lookup.of(self.name, "found", value=target, evidence=evidence)
