"""Written by tools/fit_span_confidence.py; do not edit by hand.

Fitted on generated-s9-n3000.jsonl.gz (sha256 63067eece89c22b0): 1951 detections of rules twitter.*.
Each value: the shrunk share of detections with that key whose span was exact.
"""

from __future__ import annotations

FITTED: dict[str, float] = {
    "twitter.card": 0.75,  # n=46
    "twitter.card|body": 0.791,  # n=45
    "twitter.card|no_text": 0.682,  # n=1
    "twitter.signature": 0.594,  # n=1830
    "twitter.signature|article": 0.659,  # n=709
    "twitter.signature|article:blank": 0.83,  # n=186
    "twitter.signature|article:inline": 0.637,  # n=38
    "twitter.signature|article:line": 0.595,  # n=485
    "twitter.signature|floor": 0.821,  # n=538
    "twitter.signature|floor:-": 0.825,  # n=538
    "twitter.signature|length": 0.193,  # n=431
    "twitter.signature|length:blank": 0.369,  # n=25
    "twitter.signature|length:inline": 0.106,  # n=206
    "twitter.signature|length:line": 0.233,  # n=200
    "twitter.signature|no_text": 0.097,  # n=51
    "twitter.signature|quote_end": 0.918,  # n=101
    "twitter.signature|quote_end:blank": 0.946,  # n=98
    "twitter.signature|quote_end:line": 0.937,  # n=3
    "twitter.widget": 0.647,  # n=75
    "twitter.widget|body": 0.653,  # n=75
}
