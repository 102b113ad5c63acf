"""Suite-wide guard: no test may reach a real remote host.

Name resolution for anything but the loopback fails, so a test that would
(wrongly) call web.archive.org or t.co fails fast instead of touching the
network. Local servers (pywb, the platform app, the fault proxy) bind 127.0.0.1.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

_LOCAL = {"localhost", "127.0.0.1", "::1", "", None}
_real_getaddrinfo = socket.getaddrinfo


def _loopback_only(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host not in _LOCAL and not str(host).startswith("127."):
        raise OSError(f"tests may not resolve {host!r}: only local servers are allowed")
    return _real_getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def no_remote_hosts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(socket, "getaddrinfo", _loopback_only)
    yield
