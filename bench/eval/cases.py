"""Every labelled set as one shape: a text, its site, its recipe and its gold embeds.

A *site* is what leave-one-site-out holds out: a page's source repository for the
flattened corpus (pages.jsonl ``repo``), the dataset for the scraped texts
(``source``). The generated set has no real sites; its cases are grouped by the host
page's repository only for reporting.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Gold:
    platform: str
    span: tuple[int, int]
    kept: bool  # the text still holds the embed's signature: counts for recall
    comparable: bool  # the span is where the embed starts and ends: counts for exactness
    ambiguous: bool  # cannot be told from the text alone: scored neither way
    form: str  # scraped ``form`` / generated case kind / visible signature style
    handle: str


@dataclass(frozen=True)
class Case:
    id: str
    set: str  # visible | scraped | generated
    site: str
    recipe: str  # extractor recipe, or "stored:<dataset>" for scraped texts
    text: str
    golds: tuple[Gold, ...]
    negative: bool
    kind: str = ""  # generated: placement and stored-dataset transform ("lead_in+mask_numbers")
    page_id: str | None = None
    repeated_handles: frozenset[str] = frozenset()  # embeds the page repeats (gold locates one copy)


def visible_cases(corpus: Path, with_html: bool = False) -> Iterator[Case]:
    """The flattened corpus. Kept/comparable follow bench/eval_detection.py's rules."""
    repo_of = {}
    with (corpus / "pages.jsonl").open(encoding="utf-8") as pages:
        for line in pages:
            page = json.loads(line)
            repo_of[page["id"]] = page["repo"]
    with gzip.open(corpus / "flattened.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            rec = json.loads(line)
            golds = tuple(
                Gold(
                    platform=g["platform"],
                    span=(g["span"][0], g["span"][1]),
                    kept=visible_kept(g, with_html),
                    comparable=g.get("match") != "signature_only",
                    ambiguous=False,
                    form=(g.get("signature_style") or "none"),
                    handle=(g.get("handle") or "").casefold(),
                )
                for g in rec["embeds"]
                if g["span"] is not None
            )
            yield Case(
                id=rec["id"],
                set="visible",
                site=repo_of[rec["page_id"]],
                recipe=rec["extractor"],
                text=rec["text"] or "",
                golds=golds,
                negative=bool(rec["negative"]),
                page_id=rec["page_id"],
                repeated_handles=frozenset((g.get("handle") or "").casefold() for g in rec["embeds"]),
            )


def visible_kept(gold: dict[str, Any], with_html: bool) -> bool:
    found = gold.get("found") or {}
    return gold["span"] is not None and (with_html or bool(found.get("handle") or found.get("date")))


def scraped_cases(path: Path) -> Iterator[Case]:
    """Texts as other scrapers stored them, embeds labelled by hand (``scraped/README.md``)."""
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            rec = json.loads(line)
            golds = tuple(
                Gold(
                    platform=e["platform"],
                    span=(e["start"], e["end"]),
                    kept=True,
                    comparable=True,
                    ambiguous=bool(e.get("ambiguous")),
                    form=e["form"],
                    handle=(e.get("handle") or "").casefold(),
                )
                for e in rec["embeds"]
            )
            yield Case(
                id=rec["id"],
                set="scraped",
                site=rec["source"],
                recipe=f"stored:{rec['source']}",
                text=rec["text"],
                golds=golds,
                negative=rec["kind"] == "negative",
            )


def generated_cases(path: Path) -> Iterator[Case]:
    """The labelled-data engine's output (tools/labels): spans exact by construction."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            rec = json.loads(line)
            golds = tuple(
                Gold(
                    platform=e["platform"],
                    span=(e["span"][0], e["span"][1]),
                    kept=e["kept"],
                    comparable=True,
                    ambiguous=e["partial"],  # one sentinel lost: its extent is not known exactly
                    form=e["template"],
                    handle=e["handle"].casefold(),
                )
                for e in rec["embeds"]
            )
            yield Case(
                id=rec["id"],
                set="generated",
                site=rec["host_repo"],
                recipe=rec["recipe"],
                text=rec["text"],
                golds=golds,
                negative=not rec["embeds"],
                kind=rec["kind"],
            )


def page_html(corpus: Path, page_id: str) -> str:
    raw = gzip.decompress((corpus / "pages" / f"{page_id}.html.gz").read_bytes())
    return raw.decode("utf-8", errors="replace")
