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

Exits 1 when a figure falls below the floors pinned in the floors file, so CI
fails on a regression. Raise floors as the detector improves; never lower them
quietly.
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

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
DEFAULT_FLOORS = HERE / "floors_detection.json"
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
    if failures and not args.extractor:
        print("\nGATE FAILED:\n  " + "\n  ".join(failures))
        return 1
    print("\ngate passed" if floors else "\nno floors pinned")
    return 0


if __name__ == "__main__":
    sys.exit(main())
