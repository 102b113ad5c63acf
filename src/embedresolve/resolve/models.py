"""What sources answer: lookups, their evidence trail, and candidates (pure values).

Sources answer three questions, each with a :class:`Lookup` that says what
happened (``outcome``), what was found (``value``) and how we know it
(``evidence``: one provenance entry per request or archived fact):

* short code → status URL   (``pic.twitter.com/CODE``, ``t.co/CODE``)
* handle + date → candidate status IDs
* status ID → :class:`~embedresolve.provenance.Post`

The values a resolution records (``Post``, ``Evidence`` …) are in
:mod:`embedresolve.provenance`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from embedresolve.provenance import Evidence, Outcome

T = TypeVar("T")


@dataclass(frozen=True, slots=True, kw_only=True)
class Candidate:
    """A status ID an archive knows for a handle, with where it was seen."""

    post_id: str
    handle: str
    url: str  # the URL as captured
    captured_at: str | None = None  # 14-digit capture timestamp


@dataclass(frozen=True, slots=True, kw_only=True)
class Lookup(Generic[T]):
    """One source's answer to one question."""

    source: str
    outcome: Outcome
    value: T | None = None
    reason: str | None = None  # why, when not found
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)

    @property
    def found(self) -> bool:
        return self.outcome == "found" and self.value is not None

    @classmethod
    def of(
        cls,
        source: str,
        outcome: Outcome,
        *,
        value: T | None = None,
        reason: str | None = None,
        evidence: tuple[Evidence, ...] = (),
    ) -> Lookup[T]:
        """A lookup whose evidence entries all name the ``source`` that gathered them."""
        trail = Trail(source)
        for entry in evidence:
            trail.add(entry)
        return trail.lookup(outcome, value=value, reason=reason)


@dataclass(slots=True)
class Trail:
    """The evidence one lookup gathers, in order; the one place entries get their source.

    ``archive`` is stamped too when given (a WARC source is its own archive).
    Entries are frozen: :meth:`amend` replaces the last one with what was
    learnt after its request (a redirect's target, the kind parsed).
    """

    source: str
    archive: str | None = None
    evidence: list[Evidence] = field(default_factory=list)

    def add(self, entry: Evidence) -> None:
        self.evidence.append(entry.stamped(self.source, archive=self.archive))

    def amend(self, **facts: Any) -> None:
        """Add ``facts`` to the last entry."""
        self.evidence[-1] = self.evidence[-1].but(**facts)

    def lookup(self, outcome: Outcome, value: Any = None, reason: str | None = None) -> Lookup[Any]:
        return Lookup(
            source=self.source, outcome=outcome, value=value, reason=reason, evidence=tuple(self.evidence)
        )
