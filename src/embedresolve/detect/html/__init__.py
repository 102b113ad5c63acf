"""HTML pipeline: embed markup in HTML, with exact character offsets.

markup.py    where every element starts and ends (one linear tag scan)
rules.py     which elements are embeds, of which post
cuts.py      what to delete with each embed (its loader script, noscript fallback)
fields.py    the post's text, author, date and links, read from the embed's markup
embeds.py    the steps in order -> Embed; detect_html and clean_html
"""

from __future__ import annotations

from embedresolve.detect.html.embeds import clean_html, detect_html

__all__ = ["clean_html", "detect_html"]
