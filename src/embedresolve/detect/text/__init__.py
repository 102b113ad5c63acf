"""Text pipeline: flattened embeds in plain text, found from their signatures.

twitter.py, instagram.py,     each platform's signature shapes ("— Name (@handle) Date",
facebook.py, tiktok.py,       "A post shared by …", "Posted by … on …", "♬ …",
telegram.py                   "12.3K views 18:06") -> Signature
signature.py                  the Signature they all return
walk_back.py                  from each signature back to where the post's text begins -> Embed
span_confidence.py            the embed's confidence: P(exact span | rule, why the walk back stopped),
span_confidence_fitted.py     fitted on generated data by tools/fit_span_confidence.py
tweet_length.py               how long a tweet may be (the bound for the walk back)
search.py                     literal prefilters for regexes that have none
"""

from __future__ import annotations

from embedresolve.detect.text.walk_back import detect_text

__all__ = ["detect_text"]
