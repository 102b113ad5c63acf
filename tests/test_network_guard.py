"""The suite's network guard works: a real host cannot be reached from a test."""

from __future__ import annotations

import httpx
import pytest


def test_remote_hosts_are_refused() -> None:
    with pytest.raises(httpx.ConnectError, match="only local servers"):
        httpx.get("https://web.archive.org/cdx/search/cdx", timeout=2)
