"""Written by tools/fit_span_confidence.py; do not edit by hand.

Fitted on generated-s9-n3000.jsonl.gz (sha256 676b778d18be88e6): 1891 detections of rules twitter.*.
Each value: the shrunk share of detections with that key whose span was exact.
"""

from __future__ import annotations

FITTED: dict[str, float] = {
    "twitter.card": 0.752,  # n=45
    "twitter.card|body": 0.787,  # n=44
    "twitter.card|no_text": 0.683,  # n=1
    "twitter.signature": 0.631,  # n=1790
    "twitter.signature|article": 0.637,  # n=716
    "twitter.signature|article:blank": 0.832,  # n=184
    "twitter.signature|article:inline": 0.615,  # n=41
    "twitter.signature|article:line": 0.564,  # n=491
    "twitter.signature|floor": 0.829,  # n=574
    "twitter.signature|floor:-": 0.833,  # n=574
    "twitter.signature|length": 0.244,  # n=364
    "twitter.signature|length:blank": 0.315,  # n=20
    "twitter.signature|length:inline": 0.195,  # n=172
    "twitter.signature|length:line": 0.261,  # n=172
    "twitter.signature|no_text": 0.218,  # n=19
    "twitter.signature|quote_end": 0.916,  # n=117
    "twitter.signature|quote_end:blank": 0.937,  # n=114
    "twitter.signature|quote_end:line": 0.935,  # n=3
    "twitter.widget": 0.657,  # n=56
    "twitter.widget|body": 0.66,  # n=56
}
