"""The recorded answers and saved pages of ``data/`` (see ``data/README.md``), loaded as bytes."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"


def recorded_body(name: str) -> bytes:
    """The body of a recorded answer (``{source, headers, statusCode, body, body_json}``), as sent."""
    return str(json.loads((DATA / name).read_text(encoding="utf-8"))["body"]).encode()


def page(name: str) -> bytes:
    return (DATA / name).read_bytes()
