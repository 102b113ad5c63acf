"""The report sections of bench/eval_detection.py beyond the visible corpus's tables.

Each section scores a list of cases through a detector (protocol.py), prints its
tables, and returns the Report so the caller can gate it on pinned floors.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence

from .cases import Case
from .protocol import Detector, leave_one_site_out
from .scoring import HEADER, Report, Scored, calibration, format_row, score_case

Groups = Callable[[Case, str, str], Iterable[tuple[str, str]]]


def print_tables(report: Report, kinds: Sequence[str]) -> None:
    for kind in kinds:
        rows = report.rows(kind)
        if rows:
            print(f"\nby {kind}\n{HEADER}")
            for name, row in rows:
                print(format_row(name, row))


def print_calibration(scored: Sequence[Scored], title: str) -> None:
    print(
        f"\ncalibration, {title}: detections by confidence, share right (overlaps a gold embed)"
        " and share with the exact span"
    )
    print(f"{'confidence':>14} {'dets':>6} {'right':>7} {'exact':>7}")
    for label, n, right, exact in calibration(scored):
        print(f"{label:>14} {n:>6} {right:>7.3f} {exact:>7.3f}")


def show_misses(scored: Iterable[Scored], limit: int) -> None:
    shown = 0
    for s in scored:
        text = s.case.text
        for gold, hit in s.golds:
            if shown >= limit:
                return
            if gold.ambiguous or not gold.kept or (hit is not None and tuple(hit.span) == gold.span):
                continue
            shown += 1
            a, b = gold.span
            print(
                f"--- {'MISSED' if hit is None else 'SPAN'} {s.case.id} {gold.platform} {gold.form}"
                f" [{s.case.kind}]"
            )
            print("    gold:", repr(text[max(0, a - 60) : a]), "[[", repr(text[a:b][:300]), "]]")
            if hit is not None:
                print("    ours:", repr(text[hit.span[0] : hit.span[1]][:300]))
        for d, verdict, _ in s.detections:
            if verdict is False and shown < limit:
                shown += 1
                print(f"--- FALSE POSITIVE {s.case.id} {d.platform} {d.detector.rule} [{s.case.kind}]")
                print("   ", repr(text[d.span[0] : d.span[1]][:300]))


def run_section(
    detector: Detector, cases: Sequence[Case], groups: Groups, loso: bool
) -> tuple[Report, list[Scored]]:
    """Score every case; with ``loso`` each site's cases with parameters fitted on the others."""
    report, scored = Report(), []
    if loso:
        outcomes = ((case, dets) for _site, case, dets in leave_one_site_out(detector, cases))
    else:
        params = detector.fit(cases)
        outcomes = ((case, detector.detect(case, params)) for case in cases)
    for case, dets in outcomes:
        s = score_case(case, dets)
        report.add(s, groups)
        scored.append(s)
    return report, scored


def measured_floors(
    report: Report, kinds: Sequence[str], min_kept: int = 5
) -> dict[str, dict[str, dict[str, float]]]:
    """Today's figures, rounded down to 3 decimals, for groups with at least ``min_kept``
    embeds (smaller groups swing by one embed and would gate on noise)."""
    floors: dict[str, dict[str, dict[str, float]]] = {}
    for kind in kinds:
        rows = {}
        for name, row in report.rows(kind):
            if row["kept"] < min_kept:
                continue
            rows[name] = {
                m: math.floor(float(row[m]) * 1000) / 1000 for m in ("recall", "exact", "precision")
            }
        floors[kind] = rows
    return floors


def negative_detections(report: Report, kind: str) -> int:
    return sum(t.negative_detections for (k, _), t in report.tallies.items() if k == kind)
