"""Evaluation gate: text detection on the real corpus, per extractor recipe and platform.

    python bench/eval_detection.py [--corpus ../shared/corpus] [--floors bench/floors_detection.json]
                                   [--show-misses N] [--extractor NAME] [--with-html]

For each flattened text (``flattened.jsonl.gz``) the detector runs and its
embeds are matched to the gold spans:

* an embed is *kept* by a recipe when the located gold span still holds its
  signature (handle or date); embeds whose signature the extractor dropped
  can only be found from HTML, and are counted apart as ``text_only``;
* recall = kept embeds overlapped by a detection / kept embeds;
* exact = kept embeds whose span equals the detection's / kept embeds (those
  whose gold span was located by the post text, not by the signature alone);
* precision = detections overlapping any gold embed / detections;
* negatives = detections on pages with no embed at all.

With ``--with-html`` each text is detected together with its page's HTML (as
scrapers that keep both can): then every located embed counts as kept, since
the HTML finds even those whose signature the extractor dropped.

Then, in text mode, the sets that measure generalization (helpers in bench/eval/):

* the scraped texts (``scraped/texts.jsonl``: stored by other datasets' scrapers,
  labelled by hand) per dataset, platform and form; ``ambiguous`` embeds are scored
  neither way;
* **leave one site out** over both real sets (sites: a page's source repository, a
  scraped dataset): any fitted parameter is fitted on the other sites only, through
  ``bench/eval/protocol.py``'s ``fit``/``detect`` protocol (today's rules fit nothing,
  so this equals the overall figure) — the headline estimate for unseen text;
* a calibration table (confidence bins against the share of detections that are right);
* with ``--generated FILE`` the labelled-data engine's set (``tools/labels``) per
  recipe, platform, template and case kind, with its own calibration table.

Exits 1 when a figure falls below the floors pinned in the floors files
(``floors_detection.json`` for the visible tables, ``floors_real.json`` for the
scraped and leave-one-site-out tables, ``floors_generated.json`` for the generated
set of the seed and size it names), so CI fails on a regression. Raise floors as the
detector improves; never lower them quietly. ``--write-floors`` pins today's figures
in the latter two files.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from embedresolve.detect import detect
from eval.cases import generated_cases, scraped_cases, visible_cases
from eval.protocol import RulesDetector
from eval.scoring import failures_against
from eval.sections import (
    measured_floors,
    negative_detections,
    print_calibration,
    print_tables,
    run_section,
    show_misses,
)

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
DEFAULT_FLOORS = HERE / "floors_detection.json"
REAL_FLOORS = HERE / "floors_real.json"
GENERATED_FLOORS = HERE / "floors_generated.json"
TEXT_PLATFORMS = ("twitter", "instagram", "facebook", "tiktok")  # platforms with flattened text shapes


def exact_comparable(gold: dict[str, Any]) -> bool:
    """Gold spans found from the signature alone start at the author's name by
    construction, not where the embed starts: they count for recall, not exactness."""
    return gold.get("match") != "signature_only"


def kept(gold: dict[str, Any], with_html: bool = False) -> bool:
    found = gold.get("found") or {}
    return gold["span"] is not None and (with_html or bool(found.get("handle") or found.get("date")))


def overlaps(a: list[int] | tuple[int, int], b: list[int] | tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


class Tally:
    def __init__(self) -> None:
        self.kept = self.found = self.exact = self.comparable = 0
        self.text_only = self.text_only_found = 0
        self.detections = self.true_detections = 0
        self.negative_detections = 0

    def row(self) -> dict[str, float | int]:
        return {
            "kept": self.kept,
            "recall": self.found / self.kept if self.kept else 1.0,
            "exact": self.exact / self.comparable if self.comparable else 1.0,
            "precision": self.true_detections / self.detections if self.detections else 1.0,
            "detections": self.detections,
            "negatives": self.negative_detections,
            "text_only": self.text_only,
            "text_only_found": self.text_only_found,
        }


def page_html(corpus: Path, page_id: str) -> str:
    raw = gzip.decompress((corpus / "pages" / f"{page_id}.html.gz").read_bytes())
    return raw.decode("utf-8", errors="replace")


def evaluate(
    corpus: Path, only: str | None, show_misses: int, with_html: bool = False
) -> dict[str, dict[str, Tally]]:
    tallies: dict[str, dict[str, Tally]] = {"extractor": defaultdict(Tally), "platform": defaultdict(Tally)}
    shown = 0
    with gzip.open(corpus / "flattened.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            rec = json.loads(line)
            if only and rec["extractor"] != only:
                continue
            text = rec["text"] or ""
            detections = detect(text, html=page_html(corpus, rec["page_id"]) if with_html else None)
            golds = [g for g in rec["embeds"] if g["span"] is not None]
            for platform in TEXT_PLATFORMS:
                targets = (tallies["extractor"][rec["extractor"]], tallies["platform"][platform])
                mine = [d for d in detections if d.platform == platform]
                for gold in (g for g in golds if g["platform"] == platform):
                    hit = next((d for d in mine if overlaps(d.span, gold["span"])), None)
                    for t in targets:
                        if kept(gold, with_html):
                            t.kept += 1
                            t.found += hit is not None
                            if exact_comparable(gold):
                                t.comparable += 1
                                t.exact += hit is not None and list(hit.span) == gold["span"]
                        else:
                            t.text_only += 1
                            t.text_only_found += hit is not None
                    wrong = hit is None or (exact_comparable(gold) and list(hit.span) != gold["span"])
                    if kept(gold, with_html) and wrong and shown < show_misses:
                        shown += 1
                        print_miss(rec, text, gold, hit)
                # Pages that repeat an embed (gold locates one copy) are not false positives.
                handles = {(g["handle"] or "").casefold() for g in rec["embeds"] if g["platform"] == platform}
                for d in mine:
                    true = any(overlaps(d.span, g["span"]) for g in golds) or (
                        (d.author.handle or "").casefold() in handles
                    )
                    for t in targets:
                        t.detections += 1
                        t.true_detections += true
                        t.negative_detections += bool(rec["negative"])
                    if not true and shown < show_misses:
                        shown += 1
                        print(f"--- FALSE POSITIVE {rec['id']} {d.detector.rule}")
                        print("   ", repr(text[d.span[0] : d.span[1]][:400]))
    return tallies


def print_miss(rec: dict[str, Any], text: str, gold: dict[str, Any], hit: Any) -> None:
    s, e = gold["span"]
    print(f"--- {'MISSED' if hit is None else 'SPAN'} {rec['id']} {gold['embed_id']}")
    print("    gold:", repr(text[max(0, s - 80) : s]), "[[", repr(text[s:e][:300]), "]]")
    if hit is not None:
        hs, he = hit.span
        print("    ours:", repr(text[hs:he][:300]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--floors", type=Path, default=DEFAULT_FLOORS)
    parser.add_argument("--extractor")
    parser.add_argument("--show-misses", type=int, default=0)
    parser.add_argument("--with-html", action="store_true", help="detect with each page's HTML")
    parser.add_argument("--generated", type=Path, help="a tools/labels output file (.jsonl.gz)")
    parser.add_argument("--write-floors", action="store_true", help="pin today's figures for the new sets")
    args = parser.parse_args()

    digest = hashlib.sha256((args.corpus / "flattened.jsonl.gz").read_bytes()).hexdigest()[:16]
    print(f"corpus {args.corpus} flattened.jsonl.gz sha256:{digest}")
    tallies = evaluate(args.corpus, args.extractor, args.show_misses, args.with_html)
    header = (
        f"{'':26} {'kept':>5} {'recall':>7} {'exact':>7} {'prec':>7} {'dets':>5} {'neg':>4}"
        f" {'text-only found':>16}"
    )
    failures = []
    floors = json.loads(args.floors.read_text()) if args.floors.exists() else {}
    if args.with_html:
        floors = floors.get("with_html", {})
    for kind in ("extractor", "platform"):
        print(f"\nby {kind}\n{header}")
        for name, tally in sorted(tallies[kind].items()):
            r = tally.row()
            print(
                f"{name:26} {r['kept']:>5} {r['recall']:>7.3f} {r['exact']:>7.3f} {r['precision']:>7.3f}"
                f" {r['detections']:>5} {r['negatives']:>4} {r['text_only_found']:>7}/{r['text_only']}"
            )
            for metric, floor in floors.get(kind, {}).get(name, {}).items():
                if r[metric] < floor:
                    failures.append(f"{kind} {name}: {metric} {r[metric]:.3f} < floor {floor}")
    negatives = sum(t.negative_detections for t in tallies["platform"].values())
    if negatives > floors.get("max_negative_detections", 0):
        failures.append(f"{negatives} detections on negative pages")
    if not args.with_html and not args.extractor:
        failures += generalization(args)
    if failures and not args.extractor:
        print("\nGATE FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\ngate passed" if floors else "\nno floors pinned")
    return 0


def generalization(args: argparse.Namespace) -> list[str]:
    """The scraped, leave-one-site-out and generated sections; their floor failures."""
    failures: list[str] = []
    detector = RulesDetector()
    real_floors = json.loads(REAL_FLOORS.read_text()) if REAL_FLOORS.exists() else {}
    pinned: dict[str, Any] = {}
    scraped_path = args.corpus / "scraped" / "texts.jsonl"
    scraped = list(scraped_cases(scraped_path)) if scraped_path.exists() else []
    if scraped:
        print(
            f"\n== scraped texts {scraped_path}: {len(scraped)} texts stored by"
            f" {len({c.site for c in scraped})}"
            " datasets (ambiguous embeds scored neither way)"
        )
        report, scored = run_section(
            detector,
            scraped,
            lambda c, p, f: (("dataset", c.site), ("platform", p), ("form", f"{p}:{f}")),
            loso=False,
        )
        print_tables(report, ("dataset", "platform", "form"))
        show_misses(scored, args.show_misses)
        failures += failures_against(real_floors.get("scraped", {}), report, "scraped")
        pinned["scraped"] = measured_floors(report, ("dataset", "platform"))
        if negative_detections(report, "dataset") > real_floors.get("scraped_max_negative_detections", 0):
            failures.append(f"scraped: {negative_detections(report, 'dataset')} detections on negative texts")
        pinned["scraped_max_negative_detections"] = negative_detections(report, "dataset")

    real = list(visible_cases(args.corpus)) + scraped
    print(
        f"\n== leave one site out, real sets (visible corpus + scraped): {len({c.site for c in real})} sites,"
        f" detector {detector.name} ({'fitted per fold' if detector.fits else 'nothing fitted'})"
    )
    report, scored = run_section(
        detector,
        real,
        lambda c, p, f: (
            ("platform", p),
            ("set platform", f"{c.set}:{p}"),
            ("held-out site", f"{c.set}:{c.site}"),
        ),
        loso=True,
    )
    print_tables(report, ("platform", "set platform", "held-out site"))
    failures += failures_against(real_floors.get("loso", {}), report, "leave-one-site-out")
    pinned["loso"] = measured_floors(report, ("platform", "set platform"))
    print_calibration(scored, "real sets")
    if args.write_floors:
        write_floors(
            REAL_FLOORS,
            pinned,
            "bench/eval_detection.py on ../shared/corpus: scraped texts and"
            " leave-one-site-out over the visible corpus + scraped texts",
        )

    if args.generated:
        failures += generated_section(args, detector)
    return failures


def generated_section(args: argparse.Namespace, detector: RulesDetector) -> list[str]:
    cases = list(generated_cases(args.generated))
    digest = hashlib.sha256(gzip.decompress(args.generated.read_bytes())).hexdigest()[:16]
    print(f"\n== generated {args.generated}: {len(cases)} cases, sha256 {digest}")
    report, scored = run_section(
        detector,
        cases,
        lambda c, p, f: (
            ("recipe", c.recipe),
            *((("recipe, tweets only", c.recipe),) if p == "twitter" else ()),
            ("platform", p),
            ("template", f),
            ("kind", c.kind.split("+")[0]),
            ("transform", c.kind.partition("+")[2] or "none"),
        ),
        loso=False,
    )
    print_tables(report, ("recipe", "recipe, tweets only", "platform", "template", "kind", "transform"))
    show_misses(scored, args.show_misses)
    print_calibration(scored, "generated set")
    floors = json.loads(GENERATED_FLOORS.read_text()) if GENERATED_FLOORS.exists() else {}
    failures: list[str] = []
    if floors.get("file") == args.generated.name:  # same seed and size
        if floors.get("sha256") != digest:
            print(
                f"note: floors were pinned on sha256 {floors.get('sha256')}; this set differs (engine or"
                " extractor versions changed?): re-pin with --write-floors if the change is intended"
            )
        failures += failures_against(floors.get("floors", {}), report, "generated")
        if negative_detections(report, "recipe") > floors.get("max_negative_detections", 0):
            failures.append(
                f"generated: {negative_detections(report, 'recipe')} detections on negative texts"
            )
    elif floors:
        print(f"(floors_generated.json is pinned for {floors.get('file')}: this set is not gated)")
    if args.write_floors:
        measured = measured_floors(report, ("recipe", "platform", "template"))
        write_floors(
            GENERATED_FLOORS,
            {
                "file": args.generated.name,
                "sha256": digest,
                "max_negative_detections": negative_detections(report, "recipe"),
                "floors": measured,
            },
            "bench/eval_detection.py --generated on the tools/labels set of this file name and digest",
        )
    return failures


def write_floors(path: Path, floors: dict[str, Any], what: str) -> None:
    comment = f"Pinned floors for {what}, at the figures measured when pinned."
    comment += " Raise them as the detector improves; never lower them quietly."
    path.write_text(json.dumps({"_comment": comment, **floors}, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
