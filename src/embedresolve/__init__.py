"""Find, separate and resolve social-media posts embedded in scraped news text.

The public names, all importable from here:

* detection and separation: :func:`detect`, :func:`detect_text`, :func:`separate`, :func:`restore`
* records: :func:`clean_record`, :func:`restore_record`, :class:`CleanConfig`
* resolution: :func:`open_resolver` with :class:`ResolverSettings` (and
  :class:`ResolveConfig` for endpoints, HTTP bounds and rate limits) gives a
  :class:`Resolver`
* the values: :class:`Embed`, :class:`Author`, :class:`Detector`; a
  :class:`Resolution` with its :class:`Post` (:class:`Media`), :class:`Match`
  (:class:`MatchChecks`), :class:`Step` and :class:`Evidence`
* the errors: :class:`EmbedResolveError` is the root of every one
  (:mod:`embedresolve.errors` draws the tree)
"""

from __future__ import annotations

from embedresolve._version import __version__
from embedresolve.detect import detect, detect_text
from embedresolve.errors import EmbedResolveError, RecordError, UsageError
from embedresolve.models import Author, Detector, Embed
from embedresolve.pipeline import CleanConfig, clean_record, restore_record
from embedresolve.provenance import Evidence, Match, MatchChecks, Media, Post, Resolution, Status, Step
from embedresolve.resolve.config import ResolveConfig
from embedresolve.resolve.factory import ResolverSettings, open_resolver
from embedresolve.resolve.resolver import Resolver
from embedresolve.separate import restore, separate

__all__ = [
    "Author",
    "CleanConfig",
    "Detector",
    "Embed",
    "EmbedResolveError",
    "Evidence",
    "Match",
    "MatchChecks",
    "Media",
    "Post",
    "RecordError",
    "Resolution",
    "ResolveConfig",
    "Resolver",
    "ResolverSettings",
    "Status",
    "Step",
    "UsageError",
    "__version__",
    "clean_record",
    "detect",
    "detect_text",
    "open_resolver",
    "restore",
    "restore_record",
    "separate",
]
