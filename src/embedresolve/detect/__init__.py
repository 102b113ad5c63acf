"""Detection: where embedded posts sit in a record's text (and HTML)."""

from __future__ import annotations

from embedresolve.detect.text import detect_text
from embedresolve.models import Embed

__all__ = ["detect", "detect_text"]


def detect(text: str, *, html: str | None = None) -> list[Embed]:
    """Embeds in ``text``, sorted and non-overlapping, with spans into ``text``."""
    del html  # HTML-guided location lands with the HTML detector
    return detect_text(text)
