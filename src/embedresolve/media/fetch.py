"""One item through the sources in order, to an outcome (see ``manifest.OUTCOMES``).

Stop at the first full answer. ``not_archived`` and ``not_found`` are outcomes,
not errors: ``not_found`` when the platform itself answered 404/410 and no
archive had a copy, ``not_archived`` when archives were asked and none had one,
``failed`` when nothing answered at all (network, 5xx), ``blocked`` when every
form is off the allow-list (no request was made), ``too_large`` when a body
passed the item's byte limit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from embedresolve.media.archives import Found, MediaSource
from embedresolve.media.items import MediaItem
from embedresolve.media.sources import ResponseTooLarge

__all__ = ["Search", "search_item"]


@dataclass(slots=True)
class Search:
    outcome: str
    found: Found | None = None
    attempts: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


def search_item(
    item: MediaItem, sources: Sequence[MediaSource], *, max_bytes: int, is_allowed: Callable[[str], bool]
) -> Search:
    """Try ``sources`` in order for ``item`` (``is_allowed(url)``: the allow-list check)."""
    if item.forms and not any(is_allowed(form.url) for form in item.forms):
        attempts = [{"source": "allow-list", "url": f.url, "outcome": "blocked"} for f in item.forms]
        return Search("blocked", attempts=attempts, error="host not on the allow-list")
    search = Search("not_archived")
    for source in sources:
        try:
            found = source.find(item, max_bytes=max_bytes, attempts=search.attempts)
        except ResponseTooLarge as error:
            search.attempts.append({"source": source.name, "url": error.url, "outcome": "too_large"})
            return Search("too_large", attempts=search.attempts, error=str(error))
        if found is not None:
            search.outcome, search.found = "archived", found
            return search
    answered = [a for a in search.attempts if isinstance(a.get("status"), int)]
    if any(a["source"] == "live" and a["status"] in (404, 410) for a in answered):
        search.outcome = "not_found"
    elif not answered and any(a.get("outcome") == "failed" for a in search.attempts):
        search.outcome, search.error = "failed", "no source answered"
    return search
