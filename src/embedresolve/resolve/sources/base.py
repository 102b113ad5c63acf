"""The three questions a source can answer, as protocols.

A source implements any of them; the resolver asks every configured source in
order (the order is config, not code) and records every answer in provenance.
Sources never raise for a network failure: they answer ``Lookup(outcome="failed")``
with the failure in ``evidence``, so an article is never lost to the network.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol, runtime_checkable

from embedresolve.resolve.models import Candidate, Lookup, Post


@runtime_checkable
class ShortCodeSource(Protocol):
    """``pic.twitter.com/CODE`` or ``t.co/CODE`` → the URL it redirected to.

    ``found`` whenever the target is known, post or not: the resolver judges it,
    and no other source could change it.
    """

    name: str

    def expand_short_code(self, code: str) -> Lookup[str]: ...


@runtime_checkable
class CandidateSource(Protocol):
    """A handle and a day → status IDs posted by that handle around that day.

    ``wider`` is the second, costlier round (other hosts, other URL forms), asked
    only when the first round gave no clear match: most embeds need just one query.
    """

    name: str

    def candidates(self, handle: str, day: date, *, wider: bool = False) -> Lookup[list[Candidate]]: ...


@runtime_checkable
class PostSource(Protocol):
    """A status ID (and the handle, when known) → the post."""

    name: str

    def post(self, post_id: str, handle: str | None = None) -> Lookup[Post]: ...
