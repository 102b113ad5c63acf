"""Fit the text detector's confidences: the share of exact spans per (rule, evidence).

    .venv/bin/python tools/fit_span_confidence.py .cache/labels/generated-s9-n3000.jsonl.gz

Fitted on a *generated* set only (tools/labels; seed 9 by default, while seed 8 is the
set bench/eval_detection.py scores), so the real sets' leave-one-site-out figures are
scored with parameters that never saw them. For every detection the walk back reports
its evidence (``detect_text_with_evidence``); a detection counts as exact when it
overlaps a gold embed of its platform and has that embed's span. The estimate for
(rule, evidence) is shrunk towards the one for (rule, reason), that towards the rule's,
that towards all detections', with ``--prior-weight`` pseudo-counts at each level, so
a rare pair gets its parent's figure. The result is written as a Python module into
the package (``src/embedresolve/detect/text/span_confidence_fitted.py``).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from embedresolve.detect.text.walk_back import detect_text_with_evidence  # noqa: E402
from eval.cases import generated_cases  # noqa: E402
from eval.scoring import score_case  # noqa: E402

OUT = ROOT / "src" / "embedresolve" / "detect" / "text" / "span_confidence_fitted.py"
FLOOR, CEILING = 0.05, 0.99


def count(path: Path, prefix: str) -> tuple[Counter[str], Counter[str]]:
    """(detections, exact detections) per key: rule, rule|reason, rule|reason:boundary,
    for the rules that start with ``prefix``."""
    seen: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    for case in generated_cases(path):
        found = detect_text_with_evidence(case.text)
        scored = score_case(case, [embed for embed, _ in found])
        for (embed, evidence), (_, verdict, gold) in zip(found, scored.detections, strict=True):
            if verdict is None:
                continue  # overlaps an ambiguous gold: scored neither way
            hit = bool(verdict) and gold is not None and gold.comparable and tuple(embed.span) == gold.span
            rule = embed.detector.rule
            if not rule.startswith(prefix):
                continue
            # "body" and "no_text" have no boundary: their two deeper keys are one.
            for key in dict.fromkeys(("", rule, f"{rule}|{evidence.split(':', 1)[0]}", f"{rule}|{evidence}")):
                seen[key] += 1
                exact[key] += hit
    return seen, exact


def shrunk(seen: Counter[str], exact: Counter[str], weight: float) -> dict[str, float]:
    estimates = {"": exact[""] / seen[""] if seen[""] else 0.5}
    for depth in (1, 2, 3):  # rule, then rule|reason, then rule|reason:boundary
        for key in seen:
            if _depth(key) != depth:
                continue
            prior = estimates[_parent(key)]
            estimates[key] = (exact[key] + weight * prior) / (seen[key] + weight)
    return {k: round(min(CEILING, max(FLOOR, v)), 3) for k, v in estimates.items() if k}


def _depth(key: str) -> int:
    if not key:
        return 0
    if "|" not in key:
        return 1
    return 2 if ":" not in key.split("|", 1)[1] else 3


def _parent(key: str) -> str:
    depth = _depth(key)
    if depth == 1:
        return ""
    if depth == 2:
        return key.split("|", 1)[0]
    return key.rsplit(":", 1)[0]


def render(table: dict[str, float], seen: Counter[str], source: Path, digest: str, rules: str) -> str:
    lines = [
        '"""Written by tools/fit_span_confidence.py; do not edit by hand.',
        "",
        f"Fitted on {source.name} (sha256 {digest[:16]}): {seen['']} detections of rules {rules}*.",
        "Each value: the shrunk share of detections with that key whose span was exact.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "FITTED: dict[str, float] = {",
    ]
    lines += [f'    "{key}": {value},  # n={seen[key]}' for key, value in sorted(table.items())]
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "generated", type=Path, nargs="?", default=ROOT / ".cache/labels/generated-s9-n3000.jsonl.gz"
    )
    parser.add_argument("--prior-weight", type=float, default=10.0)
    # Tweets only by default: the other platforms' credit rules are being reworked, and
    # keep their own priors until they are refitted with --rules ''.
    parser.add_argument("--rules", default="twitter.", help="fit the rules that start with this")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    # Fit with no fitted table in force: the evidence does not depend on it, only the
    # confidences do, and those are not read here.
    seen, exact = count(args.generated, args.rules)
    table = shrunk(seen, exact, args.prior_weight)
    digest = hashlib.sha256(
        gzip.decompress(args.generated.read_bytes())
    ).hexdigest()  # as eval_detection prints it
    args.out.write_text(render(table, seen, args.generated, digest, args.rules), encoding="utf-8")
    print(f"{len(table)} keys from {seen['']} detections -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
