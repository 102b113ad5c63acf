"""Labelled-data engine: real host pages + real embed markup, flattened by the real extractors.

    python tools/labels/generate.py [--n 3000] [--seed 8] [--jobs 2] [--out .cache/labels]
                                    [--corpus ../shared/corpus] [--recipes a,b,...]

Writes ``<out>/generated-s<seed>-n<n>.jsonl.gz`` (one flattened text a line: ``id,
host_page, host_repo, recipe, kind, text, embeds[{platform, template, handle, name,
date_text, span, kept, partial}]``) and prints its sha256. The same seed gives the same
file byte for byte. ``--n`` counts cases, one case being one page flattened by one
recipe; every page is flattened by every available recipe.

Gold spans come from sentinels in the markup (spans.py) and are checked a second way
for every case before it is written: a failed check stops the run.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import hashlib
import html as htmllib
import io
import json
import math
import random
import sys
import time
import warnings
from multiprocessing import Pool
from pathlib import Path

import lxml.html
from extractors import RECIPES, available
from hosts import Host, article_body, cleaned_page, load_hosts
from markup import TEMPLATES, TWEET_BUILDERS, TWEET_LANGS, Built, twitter_oembed
from posts import LEAD_INS, Author, load_corpus_posts, post_date, post_text
from spans import check, locate, partial_region
from transforms import TRANSFORMS

REPO = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
PLACEMENTS = ("after_paragraph", "after_paragraph", "lead_in", "lead_in", "thread", "in_list", "at_end")
NEAR_MISSES = (
    "By {name} (@{handle}) {date}",
    "Photo: {name} (@{handle}) / Instagram",
    '{name} (@{handle}) wrote on Tuesday that "{quote}" The post was later deleted.',
    "Follow {name} on Twitter: @{handle}",
    "— {name}, {date}",
)

_STATE: dict[str, object] = {}


def _init(corpus: str, recipes: list[str], seed: int) -> None:
    warnings.filterwarnings("ignore", message="nltk is not installed")
    texts, authors = load_corpus_posts(Path(corpus))
    _STATE.update(
        corpus=Path(corpus),
        recipes=recipes,
        seed=seed,
        texts=texts,
        authors=authors,
        hosts=load_hosts(Path(corpus)),
    )


def _slot(doc: lxml.html.HtmlElement, parent: lxml.html.HtmlElement, at: int, key: str) -> None:
    p = doc.makeelement("p", {})
    p.text = key
    parent.insert(at, p)


def build_page(index: int) -> tuple[Host, str, str, list[Built]] | None:
    """(host, page HTML with sentinels, case kind, inserted embeds); None if the host has no body."""
    rng = random.Random(f"{_STATE['seed']}:{index}")
    hosts: list[Host] = _STATE["hosts"]  # type: ignore[assignment]
    authors: list[Author] = _STATE["authors"]  # type: ignore[assignment]
    texts: list[str] = _STATE["texts"]  # type: ignore[assignment]
    host = rng.choice(hosts)
    doc = cleaned_page(_STATE["corpus"], host)  # type: ignore[arg-type]
    body = article_body(doc) if doc is not None else None
    if doc is None or body is None:
        return None
    paras = [i for i, child in enumerate(body) if child.tag == "p"]
    roll = rng.random()
    built: list[Built] = []
    fills: dict[str, str] = {}
    if roll < 0.12:  # negatives: the host alone, or with near-miss lines
        kind = "negative"
        if rng.random() < 0.6:
            kind = "near_miss"
            a = rng.choice(authors)
            line = rng.choice(NEAR_MISSES).format(
                name=a.name,
                handle=a.handle,
                date=f"March {rng.randint(1, 28)}, {rng.randint(2014, 2023)}",
                quote=rng.choice(texts).split("\n")[0][:120],
            )
            _slot(doc, body, rng.choice(paras) + 1, "QQSLOT0")
            fills["QQSLOT0"] = f"<p>{htmllib.escape(line)}</p>"
    else:
        kind = rng.choice(PLACEMENTS)
        n_groups = 1 if kind in ("thread", "in_list") else rng.randint(1, 2)
        positions = sorted(rng.sample(paras, min(n_groups, len(paras))), reverse=True)
        if kind == "at_end":
            positions = [paras[-1]]
        page_lang = rng.choice(TWEET_LANGS)
        for g, pos in enumerate(positions):
            key = f"QQSLOT{g}"
            builder, _ = rng.choices(TEMPLATES, weights=[w for _, w in TEMPLATES])[0]
            if kind == "thread":
                builder = twitter_oembed
            if builder is twitter_oembed:
                builder = functools.partial(twitter_oembed, lang=page_lang)
            a = rng.choice(authors)
            count = rng.randint(2, 4) if kind in ("thread", "in_list") else 1
            group = []
            for _ in range(count):
                text, _shape = post_text(rng, texts)
                tweet = text if getattr(builder, "func", builder) in TWEET_BUILDERS else None
                b = builder(rng, a, text, post_date(rng, tweet), len(built))
                built.append(b)
                group.append(b.markup)
                if kind == "in_list":
                    a = rng.choice(authors)
            if kind == "in_list":
                items = "".join(
                    f"<li><p>{htmllib.escape(rng.choice(texts).split(chr(10))[0][:90])}</p>{m}</li>"
                    for m in group
                )
                markup = f"<ol>{items}</ol>"
            else:
                markup = "\n".join(group)
            if kind == "lead_in":
                lead = rng.choice(LEAD_INS[built[-1].platform]).format(name=a.name)
                markup = f"<p>{htmllib.escape(lead)}</p>\n{markup}"
            _slot(doc, body, pos + 1, key)
            fills[key] = markup
    page = lxml.html.tostring(doc, encoding="unicode")
    for key, markup in fills.items():
        page = page.replace(f"<p>{key}</p>", markup, 1)
    return host, page, kind, built


def flatten_page(index: int) -> list[dict[str, object]]:
    made = build_page(index)
    if made is None:
        return []
    host, page, kind, built = made
    rng = random.Random(f"{_STATE['seed']}:{index}:transform")
    records = []
    for recipe in _STATE["recipes"]:  # type: ignore[attr-defined]
        try:  # extractors print hints (e.g. newspaper4k on Japanese pages): keep the log readable
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                marked = RECIPES[recipe](page, host.url)
        except Exception as exc:  # an extractor failing on a page is a fact about the extractor
            first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            print(f"page {index} {recipe}: {type(exc).__name__}: {first_line}", file=sys.stderr)
            continue
        transform = rng.choice(tuple(TRANSFORMS)) if rng.random() < 0.3 else None
        if transform:
            marked = TRANSFORMS[transform](marked)
        text, located = locate(marked, len(built))
        check(marked, text, located)
        embeds = []
        for b, loc in zip(built, located, strict=True):
            span = loc.span or (partial_region(text, marked, loc.index) if loc.partial else None)
            if span is None:
                continue
            inside = text[span[0] : span[1]].casefold()
            kept = not loc.partial and any(
                part and part.casefold() in inside for part in (b.author.handle, b.date_text, b.author.name)
            )
            embeds.append(
                {
                    "platform": b.platform,
                    "template": b.template,
                    "handle": b.author.handle,
                    "name": b.author.name,
                    "date_text": b.date_text,
                    "span": list(span),
                    "kept": kept,
                    "partial": loc.partial,
                }
            )
        records.append(
            {
                "id": f"g{index:05d}.{recipe}",
                "host_page": host.page_id,
                "host_repo": host.repo,
                "recipe": recipe,
                "kind": kind + (f"+{transform}" if transform else ""),
                "text": text,
                "embeds": embeds,
            }
        )
    return records


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=3000, help="cases (page x recipe) to generate")
    parser.add_argument("--seed", type=int, default=8)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--out", type=Path, default=REPO / ".cache" / "labels")
    parser.add_argument("--recipes", default=",".join(RECIPES))
    args = parser.parse_args()
    recipes = available(args.recipes.split(","))
    if not recipes:
        print("no extractor recipe available: pip install -r tools/labels/requirements.txt")
        return 1
    started = time.monotonic()
    records: list[dict[str, object]] = []
    pages = 0
    with Pool(args.jobs, initializer=_init, initargs=(str(args.corpus), recipes, args.seed)) as pool:
        while len(records) < args.n:  # a few hosts have no article body: top up in page order
            batch = range(pages, pages + math.ceil((args.n - len(records)) / len(recipes)) + 1)
            for page_records in pool.imap(flatten_page, batch, chunksize=4):
                records += page_records
            pages = batch.stop
    records = records[: args.n]
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"generated-s{args.seed}-n{args.n}.jsonl.gz"
    payload = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records).encode()
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(payload)
    embeds = [e for r in records for e in r["embeds"]]  # type: ignore[attr-defined]
    print(
        f"{path}: {len(records)} cases from {pages} pages, {len(embeds)} located embeds"
        f" ({sum(e['kept'] for e in embeds)} kept, {sum(e['partial'] for e in embeds)} partial),"
        f" recipes {len(recipes)}/{len(RECIPES)}, {time.monotonic() - started:.0f} s;"
        f" all spans self-checked; sha256 {hashlib.sha256(payload).hexdigest()[:16]}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
