"""Find, separate and resolve social-media posts embedded in scraped news text."""

from __future__ import annotations

from embedresolve._version import __version__
from embedresolve.detect import detect, detect_text
from embedresolve.models import Author, Detector, Embed
from embedresolve.pipeline import CleanConfig, clean_record, restore_record
from embedresolve.separate import restore, separate

__all__ = [
    "Author",
    "CleanConfig",
    "Detector",
    "Embed",
    "__version__",
    "clean_record",
    "detect",
    "detect_text",
    "restore",
    "restore_record",
    "separate",
]
