"""What installing embedresolve brings: warcio is a core dependency, so --archive always works."""

from __future__ import annotations

from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+
PYPROJECT = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text("utf-8"))


def test_warcio_is_a_core_dependency_and_the_warc_extra_still_exists() -> None:
    """A WARC source without warcio would only fail embed by embed, so it is always installed."""
    project = PYPROJECT["project"]
    assert any(requirement.startswith("warcio") for requirement in project["dependencies"])
    assert "warc" in project["optional-dependencies"]  # "embedresolve[warc]" keeps installing
