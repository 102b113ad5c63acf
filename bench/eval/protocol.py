"""The protocol a detector is evaluated through, and leave-one-site-out.

Anything a detector chooses with data (a scorer's weights, a threshold) is chosen in
``fit`` from the training cases only; ``detect`` then runs with those parameters. The
leave-one-site-out driver fits once per held-out site on every other site's cases and
scores the held-out site alone, so each figure comes from text whose site the
parameters never saw. Today's detector is rules with nothing fitted: ``RulesDetector``
is the no-fit case, and its leave-one-site-out figure equals its overall figure.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from embedresolve.detect import detect
from embedresolve.models import Embed

from .cases import Case, page_html


class Detector(Protocol):
    name: str
    fits: bool  # False: fit ignores its cases, so one run serves every fold

    def fit(self, train: Sequence[Case]) -> Any: ...

    def detect(self, case: Case, params: Any) -> list[Embed]: ...


class RulesDetector:
    """embedresolve.detect as shipped: rules, no fitted parameters."""

    fits = False

    def __init__(self, corpus: Path | None = None, with_html: bool = False) -> None:
        self.name = "rules" + ("+html" if with_html else "")
        self.corpus = corpus
        self.with_html = with_html

    def fit(self, train: Sequence[Case]) -> None:
        return None

    def detect(self, case: Case, params: None) -> list[Embed]:
        html = None
        if self.with_html and case.page_id is not None and self.corpus is not None:
            html = page_html(self.corpus, case.page_id)
        return detect(case.text, html=html)


def leave_one_site_out(detector: Detector, cases: Sequence[Case]) -> Iterator[tuple[str, Case, list[Embed]]]:
    """(held-out site, case, detections) for every case, each detected with parameters
    fitted on the other sites only."""
    sites = sorted({c.site for c in cases})
    shared = detector.fit(cases) if not detector.fits else None
    for site in sites:
        held_out = [c for c in cases if c.site == site]
        params = detector.fit([c for c in cases if c.site != site]) if detector.fits else shared
        for case in held_out:
            yield site, case, detector.detect(case, params)
