"""The package's public names: exactly ``embedresolve.__all__``, each importable from the top."""

from __future__ import annotations

import importlib
import subprocess
import sys

import embedresolve

PUBLIC = [
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


def test_all_is_pinned_and_sorted() -> None:
    assert embedresolve.__all__ == PUBLIC
    assert sorted(PUBLIC) == PUBLIC


def test_every_public_name_is_importable_from_the_top() -> None:
    module = importlib.import_module("embedresolve")
    for name in embedresolve.__all__:
        assert getattr(module, name) is not None, name


def test_result_types_are_the_ones_the_resolver_returns() -> None:
    from embedresolve.provenance import Resolution
    from embedresolve.resolve.factory import open_resolver

    assert embedresolve.Resolution is Resolution and embedresolve.open_resolver is open_resolver


def test_modules_import_on_their_own_without_cycles() -> None:
    """Each module imports first in a fresh interpreter (a runtime import cycle fails one of them)."""
    modules = (
        "embedresolve.pipeline",
        "embedresolve.resolve.config",
        "embedresolve.resolve.hosts",
        "embedresolve.provenance",
        "embedresolve.errors",
        "embedresolve.models",
    )
    running = {
        module: subprocess.Popen(
            [sys.executable, "-c", f"import {module}"], stderr=subprocess.PIPE, text=True
        )
        for module in modules
    }
    for module, process in running.items():
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, (module, stderr)
