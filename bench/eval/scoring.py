"""Matching detections to gold spans, tallies per group, and the calibration table.

A detection is *right* when it overlaps a gold embed of its platform (or names the
handle of an embed the page repeats); a gold embed is *found* when a detection of its
platform overlaps it, *exact* when that detection's span equals it. Gold embeds marked
ambiguous are scored neither way: they are not counted for recall, and a detection
overlapping one counts neither as right nor as wrong.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from embedresolve.models import Embed

from .cases import Case, Gold


def overlaps(a: Sequence[int], b: Sequence[int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


@dataclass
class Tally:
    kept: int = 0
    found: int = 0
    comparable: int = 0
    exact: int = 0
    detections: int = 0
    right: int = 0
    negative_detections: int = 0

    def row(self) -> dict[str, float | int]:
        return {
            "kept": self.kept,
            "recall": self.found / self.kept if self.kept else 1.0,
            "exact": self.exact / self.comparable if self.comparable else 1.0,
            "precision": self.right / self.detections if self.detections else 1.0,
            "detections": self.detections,
            "negatives": self.negative_detections,
        }


@dataclass(frozen=True)
class Scored:
    """One case's outcome: per gold (gold, hit) and per detection (detection, verdict)."""

    case: Case
    golds: tuple[tuple[Gold, Embed | None], ...]
    detections: tuple[tuple[Embed, bool | None, Gold | None], ...]  # verdict None: ambiguous


def score_case(case: Case, detections: Sequence[Embed]) -> Scored:
    golds = []
    for gold in case.golds:
        hit = next(
            (d for d in detections if d.platform == gold.platform and overlaps(d.span, gold.span)), None
        )
        golds.append((gold, hit))
    verdicts: list[tuple[Embed, bool | None, Gold | None]] = []
    for d in detections:
        match = next((g for g in case.golds if g.platform == d.platform and overlaps(d.span, g.span)), None)
        if match is not None:
            verdicts.append((d, None if match.ambiguous else True, match))
        else:
            repeat = (d.author.handle or "").casefold() in case.repeated_handles
            verdicts.append((d, repeat, None))
    return Scored(case, tuple(golds), tuple(verdicts))


@dataclass
class Report:
    """Tallies grouped by named keys, e.g. ("platform", "twitter")."""

    tallies: dict[tuple[str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))

    def add(self, scored: Scored, groups: Callable[[Case, str, str], Iterable[tuple[str, str]]]) -> None:
        """``groups(case, platform, form)`` names the groups an outcome counts in."""
        case = scored.case
        for gold, hit in scored.golds:
            if gold.ambiguous or not gold.kept:
                continue
            for key in groups(case, gold.platform, gold.form):
                t = self.tallies[key]
                t.kept += 1
                t.found += hit is not None
                if gold.comparable:
                    t.comparable += 1
                    t.exact += hit is not None and tuple(hit.span) == gold.span
        for d, verdict, gold in scored.detections:
            if verdict is None:
                continue
            for key in groups(case, d.platform, gold.form if gold else "(no gold)"):
                t = self.tallies[key]
                t.detections += 1
                t.right += verdict
                t.negative_detections += case.negative

    def rows(self, kind: str) -> list[tuple[str, dict[str, float | int]]]:
        return sorted((name, t.row()) for (k, name), t in self.tallies.items() if k == kind)


HEADER = f"{'':44} {'kept':>5} {'recall':>7} {'exact':>7} {'prec':>7} {'dets':>5} {'neg':>4}"


def format_row(name: str, r: dict[str, float | int]) -> str:
    return (
        f"{name:44} {r['kept']:>5} {r['recall']:>7.3f} {r['exact']:>7.3f} {r['precision']:>7.3f}"
        f" {r['detections']:>5} {r['negatives']:>4}"
    )


CALIBRATION_BINS = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)


def calibration(scored: Iterable[Scored]) -> list[tuple[str, int, float, float]]:
    """Per confidence bin: (bin, detections, share right, share right with the exact span)."""
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in scored:
        for d, verdict, gold in s.detections:
            if verdict is None:
                continue
            b = next(i for i, hi in enumerate(CALIBRATION_BINS[1:]) if d.detector.confidence < hi)
            c = counts[b]
            c[0] += 1
            c[1] += verdict
            c[2] += gold is not None and tuple(d.span) == gold.span
    table = []
    for b in sorted(counts):
        n, right, exact = counts[b]
        lo, hi = CALIBRATION_BINS[b], min(CALIBRATION_BINS[b + 1], 1.0)
        table.append((f"[{lo:.2f}, {hi:.2f}{']' if hi == 1.0 else ')'}", n, right / n, exact / n))
    return table


def failures_against(floors: dict[str, dict[str, dict[str, float]]], report: Report, label: str) -> list[str]:
    """Figures below ``floors[kind][name][metric]``; a pinned group with no data fails too."""
    rows = {(kind, name): row for kind in floors for name, row in report.rows(kind)}
    failed = []
    for kind, names in floors.items():
        for name, metrics in names.items():
            row = rows.get((kind, name))
            if row is None:
                failed.append(f"{label} {kind} {name}: no cases (a floor is pinned)")
                continue
            failed += [
                f"{label} {kind} {name}: {metric} {row[metric]:.3f} < floor {floor}"
                for metric, floor in metrics.items()
                if row[metric] < floor
            ]
    return failed
