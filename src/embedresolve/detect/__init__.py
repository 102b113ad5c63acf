"""Detection: where embedded posts sit in a record's text and HTML.

text/        flattened embeds in plain text, found from their signatures
html/        embed markup in HTML, read from the page source
locate.py    HTML embeds put onto the flattened text
dates.py     dates as signatures and embed markup print them (both pipelines)
"""

from __future__ import annotations

from embedresolve.detect.html import detect_html
from embedresolve.detect.locate import merge_with_html
from embedresolve.detect.text import detect_text
from embedresolve.models import Embed

__all__ = ["detect", "detect_html", "detect_text", "detect_with_html"]


def detect(text: str, *, html: str | None = None) -> list[Embed]:
    """Embeds in ``text``, sorted and non-overlapping, with spans into ``text``.

    With the page's ``html``, embeds are identified by its markup (URL, ID) and
    posts whose signature the extractor dropped are found by their text.
    """
    return detect_with_html(text, html)[0] if html is not None else detect_text(text)


def detect_with_html(text: str, html: str) -> tuple[list[Embed], list[Embed]]:
    """(embeds in ``text``; embeds of ``html`` with no place in ``text``)."""
    return merge_with_html(text, detect_text(text), detect_html(html))
