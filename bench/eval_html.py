"""Evaluation gate: HTML embed detection on the real corpus pages, per platform.

    python bench/eval_html.py [--corpus ../shared/corpus] [--floors bench/floors_html.json]
                              [--show N]

``detect_html`` runs on every page of the corpus (``pages/<id>.html.gz``) and
its embeds are matched to the gold embeds of that page (``gold.jsonl``):

1. by platform and post ID (gold IDs given as URLs are parsed first);
2. then by canonical permalink;
3. then, per platform, in document order, when at most one side knows an ID
   (Substack cards and rendered widgets often carry none in the gold).

Figures, per platform: recall = matched gold / gold; precision = matched /
(matched + unmatched detections). The gold lists a text-less embed (iframe,
AMP, lite-youtube) once per page even when the page repeats it (responsive
copies, lazy-load twins); extra detections of a post already matched on the
same page are printed as *repeats* and do not count against precision.
Detections of platforms the gold does not cover (Vimeo) are printed apart.
Every detection on a negative page is a false positive. The run also checks
that ``clean_html`` is lossless on every page, and compares field values
(post ID, text, handle, date) with the gold on matched pairs.

Exits 1 when a figure falls below the floors in the floors file (platforms
with fewer than ``min_examples`` gold embeds are printed but not gated).
Floors sit a little below the measured figures; raise them as detection
improves, never lower them quietly.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

from embedresolve.detect.html import clean_html, detect_html
from embedresolve.models import Embed
from embedresolve.platforms import parse_post_url

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
DEFAULT_FLOORS = HERE / "floors_html.json"
GOLD_PLATFORMS = frozenset(
    {"twitter", "instagram", "facebook", "youtube", "tiktok", "telegram", "mastodon", "reddit",
     "bluesky", "threads"}
)  # fmt: skip
MIN_EXAMPLES = 5
FIELDS = ("post_id", "text", "handle", "date_text")


@dataclass
class Tally:
    gold: int = 0
    matched: int = 0
    false_pos: int = 0
    repeats: int = 0
    fields: dict[str, list[int]] = field(default_factory=lambda: {f: [0, 0] for f in FIELDS})

    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    def precision(self) -> float:
        found = self.matched + self.false_pos
        return self.matched / found if found else 1.0


def read_html(path: Path) -> str:
    """The page's text: UTF-8 when it decodes, else the charset its <meta> names, else cp1252."""
    data = gzip.decompress(path.read_bytes())
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    meta = re.search(rb"charset=[\"']?([A-Za-z0-9_-]{2,20})", data[:4096])
    for encoding in ([meta.group(1).decode()] if meta else []) + ["cp1252"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def gold_id(gold: dict[str, Any]) -> str | None:
    value = gold.get("post_id")
    if value == "videoseries":  # the gold reads YouTube's playlist player path as a video ID
        return None
    if value and "/" in value and "://" in value:  # some gold IDs are whole URLs
        ref = parse_post_url(value)
        return ref.post_id if ref else value
    return value


def gold_url(gold: dict[str, Any]) -> str | None:
    ref = parse_post_url(gold["permalink"]) if gold.get("permalink") else None
    return ref.canonical_url if ref else None


def match_page(golds: list[dict[str, Any]], found: list[Embed]) -> tuple[list[tuple[int, int]], set[int]]:
    """Pairs (gold index, detection index) and the detections that repeat a matched post."""
    pairs: dict[int, int] = {}
    used: set[int] = set()

    def pair(predicate: Any) -> None:
        for g, gold in enumerate(golds):
            if g in pairs:
                continue
            for d, embed in enumerate(found):
                if d not in used and embed.platform == gold["platform"] and predicate(gold, embed):
                    pairs[g] = d
                    used.add(d)
                    break

    pair(lambda g, e: gold_id(g) is not None and e.post_id == gold_id(g))
    pair(lambda g, e: gold_url(g) is not None and e.url == gold_url(g))
    pair(lambda g, e: gold_id(g) is None or e.post_id is None)
    matched_posts = {(found[d].platform, found[d].post_id) for d in pairs.values()}
    repeats = {
        d
        for d, e in enumerate(found)
        if d not in used and e.post_id is not None and (e.platform, e.post_id) in matched_posts
    }
    return sorted(pairs.items()), repeats


def compare_fields(tally: Tally, gold: dict[str, Any], embed: Embed) -> list[str]:
    """Count field agreement; the names of fields that differ."""
    expected = {
        "post_id": gold_id(gold),
        "text": " ".join((gold.get("text") or "").split()) or None,
        "handle": gold.get("handle"),
        "date_text": gold.get("date_text"),
    }
    actual = {
        "post_id": embed.post_id,
        "text": " ".join((embed.text or "").split()) or None,
        "handle": embed.author.handle,
        "date_text": embed.date_text,
    }
    differing = []
    for name in FIELDS:
        if expected[name] is None and name != "text":
            continue  # the gold does not know this field (an empty gold text means "no text")
        tally.fields[name][1] += 1
        if expected[name] == actual[name]:
            tally.fields[name][0] += 1
        else:
            differing.append(name)
    return differing


def lossless(html: str) -> bool:
    clean, embeds = clean_html(html)
    restored = clean
    for embed in embeds:
        assert embed.cut is not None and embed.raw is not None
        restored = restored[: embed.cut[0]] + embed.raw + restored[embed.cut[0] :]
    return restored == html and all(html[e.span[0] : e.span[1]].startswith("<") for e in embeds)


def corpus_digest(corpus: Path) -> str:
    digest = hashlib.sha256()
    for name in ("pages.jsonl", "gold.jsonl"):  # pages.jsonl pins every page's sha256
        digest.update((corpus / name).read_bytes())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--floors", type=Path, default=DEFAULT_FLOORS)
    parser.add_argument("--show", type=int, default=10, help="misses to print per category")
    args = parser.parse_args(argv)

    pages = [json.loads(line) for line in (args.corpus / "pages.jsonl").open(encoding="utf-8")]
    golds: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for line in (args.corpus / "gold.jsonl").open(encoding="utf-8"):
        gold = json.loads(line)
        golds[gold["page_id"]].append(gold)
    digest = corpus_digest(args.corpus)

    tallies: dict[str, Tally] = defaultdict(Tally)
    misses: list[str] = []
    false_positives: list[str] = []
    repeats: list[str] = []
    out_of_scope: list[str] = []
    negatives: list[str] = []
    field_diffs: list[str] = []
    not_lossless: list[str] = []
    detect_seconds = baseline_seconds = 0.0
    total_chars = 0
    slowest = (0.0, "")

    for page in pages:
        html = read_html(args.corpus / page["file"])
        total_chars += len(html)
        started = time.perf_counter()
        found = detect_html(html)
        elapsed = time.perf_counter() - started
        detect_seconds += elapsed
        slowest = max(slowest, (elapsed, f"{page['id']} ({len(html) / 1e6:.2f} M chars)"))
        started = time.perf_counter()
        BeautifulSoup(html, "lxml")  # baseline: one plain lxml parse of the same page
        baseline_seconds += time.perf_counter() - started
        if not lossless(html):
            not_lossless.append(page["id"])

        page_golds = golds.get(page["id"], [])
        pairs, repeated = match_page(page_golds, found)
        paired = {d for _, d in pairs}
        for gold in page_golds:
            tallies[gold["platform"]].gold += 1
        for g, d in pairs:
            tally = tallies[page_golds[g]["platform"]]
            tally.matched += 1
            differing = compare_fields(tally, page_golds[g], found[d])
            if differing:
                field_diffs.append(f"{page_golds[g]['embed_id']}: {', '.join(differing)}")
        for g, gold in enumerate(page_golds):
            if g not in dict(pairs):
                misses.append(f"{gold['embed_id']} {gold['platform']}/{gold['kind']} {gold_id(gold)}")
        for d, embed in enumerate(found):
            label = f"{page['id']} {embed.detector.rule} {embed.post_id} span={list(embed.span)}"
            if d in paired:
                continue
            if page["negative"]:
                negatives.append(label)
            if embed.platform not in GOLD_PLATFORMS:
                out_of_scope.append(label)
            elif d in repeated:
                repeats.append(label)
                tallies[embed.platform].repeats += 1
            else:
                false_positives.append(label)
                tallies[embed.platform].false_pos += 1

    figures: dict[str, float] = {}
    print(f"corpus: {args.corpus}  digest sha256:{digest}")
    print(f"pages: {len(pages)}  ({sum(p['negative'] for p in pages)} negative)")
    print()
    header = f"{'platform':<10} {'gold':>5} {'found':>6} {'repeat':>7} {'FP':>4} {'recall':>7} {'prec':>7}"
    header += "".join(f" {name:>10}" for name in FIELDS)
    print(header)
    for platform in sorted(tallies, key=lambda p: -tallies[p].gold):
        tally = tallies[platform]
        row = (
            f"{platform:<10} {tally.gold:>5} {tally.matched:>6} {tally.repeats:>7} "
            f"{tally.false_pos:>4} {tally.recall():>7.3f} {tally.precision():>7.3f}"
        )
        for name in FIELDS:
            agree, total = tally.fields[name]
            row += f" {agree / total:>10.3f}" if total else f" {'-':>10}"
        print(row)
        if tally.gold >= MIN_EXAMPLES:
            figures[f"{platform}.recall"] = tally.recall()
            figures[f"{platform}.precision"] = tally.precision()
            for name in FIELDS:
                agree, total = tally.fields[name]
                if total >= MIN_EXAMPLES:
                    figures[f"{platform}.{name}"] = agree / total
    figures["negative_pages.clean"] = 1.0 if not negatives else 0.0
    figures["lossless"] = 1 - len(not_lossless) / len(pages)
    print()
    print(f"detections on negative pages: {len(negatives)}")
    print(f"lossless clean/restore: {len(pages) - len(not_lossless)}/{len(pages)} pages")
    print(
        f"time: detect_html {detect_seconds:.2f} s for {total_chars / 1e6:.1f} M chars "
        f"({total_chars / 1e6 / detect_seconds:.1f} M chars/s); "
        f"{detect_seconds / baseline_seconds:.2f}x one BeautifulSoup(html, 'lxml') parse; "
        f"slowest page {slowest[0] * 1000:.0f} ms: {slowest[1]}"
    )
    for title, items in (
        ("missed gold embeds", misses),
        ("false positives", false_positives),
        ("detections on negative pages", negatives),
        ("repeats of a matched post (not counted)", repeats),
        ("platforms outside the gold (not counted)", out_of_scope),
        ("field differences on matched pairs", field_diffs),
        ("pages not lossless", not_lossless),
    ):
        if items:
            print(f"\n{title} ({len(items)}):")
            for item in items[: args.show]:
                print(f"  {item}")
            if len(items) > args.show:
                print(f"  … {len(items) - args.show} more")
    return check_floors(args.floors, figures, digest)


def check_floors(path: Path, figures: dict[str, float], digest: str) -> int:
    if not path.exists():
        print(f"\nno floors file at {path}; nothing gated")
        return 0
    pinned = json.loads(path.read_text(encoding="utf-8"))
    if pinned.get("corpus_sha256") not in (None, digest):
        print("\nnote: floors were pinned on a different corpus (digest differs)")
    failed = []
    for name, floor in sorted(pinned.get("floors", {}).items()):
        value = figures.get(name)
        if value is None:
            failed.append(f"{name}: not measured (too few examples in this corpus?)")
        elif value < floor:
            failed.append(f"{name}: {value:.3f} < floor {floor:.3f}")
    print()
    if failed:
        print("BELOW FLOORS:")
        for line in failed:
            print(f"  {line}")
        return 1
    print(f"all {len(pinned.get('floors', {}))} floors met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
