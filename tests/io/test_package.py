"""The io package: its public names, and that the pure parts load without the I/O."""

from __future__ import annotations

import subprocess
import sys

import embedresolve.io as eio


def test_every_public_name_resolves() -> None:
    for name in eio.__all__:
        assert getattr(eio, name) is not None
    assert sorted(dir(eio)) == sorted(set(dir(eio)) | set(eio.__all__))


def test_pipeline_imports_the_field_rules_without_readers_or_writers() -> None:
    """Importing the pipeline (and so io.fields, io.records) loads no reader, writer or stream code."""
    code = (
        "import sys, embedresolve.pipeline; "
        "print(sorted(m for m in sys.modules if m.startswith('embedresolve.io')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['embedresolve.io', 'embedresolve.io.fields', 'embedresolve.io.records']"
