"""Credentials: a host's token goes in a header to that host only; no URL or message the fetcher returns has it."""

from __future__ import annotations

import pytest

from embedresolve.errors import FetchFailed
from embedresolve.resolve.config import Credential
from embedresolve.resolve.hosts import authority
from embedresolve.testing.faults import Reply

TOKEN = "app|zq9-secret-value"


def test_the_token_is_sent_as_a_bearer_header_to_its_host(server, make_fetcher):
    url = server.script("/graph", Reply(200, b"{}"))
    fetcher = make_fetcher(credentials=(Credential(authority(server.base_url), TOKEN),))
    result = fetcher.fetch(url, purpose="t")
    assert server.requests[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert TOKEN not in result.url


def test_no_header_for_another_host(server, make_fetcher):
    url = server.script("/other", Reply(200))
    make_fetcher(credentials=(Credential("graph.facebook.com", TOKEN),)).fetch(url, purpose="t")
    assert "authorization" not in server.requests[0].headers


def test_an_access_token_in_a_url_is_redacted_in_the_result(server, make_fetcher):
    url = server.script("/oembed?url=x&access_token=abc123", Reply(200, b"{}"))
    result = make_fetcher().fetch(url, purpose="t")
    assert result.status == 200 and result.url.endswith("?url=x&access_token=REDACTED")


def test_an_access_token_in_a_url_is_redacted_in_a_failure(server, make_fetcher):
    url = server.script("/down?access_token=abc123", Reply(503))
    with pytest.raises(FetchFailed) as caught:
        make_fetcher(max_attempts=2).fetch(url, purpose="t")
    assert "abc123" not in str(caught.value) and "abc123" not in caught.value.url
    assert "access_token=REDACTED" in caught.value.url


def test_a_refused_url_is_redacted_too(make_fetcher):
    with pytest.raises(FetchFailed) as caught:
        make_fetcher().fetch("https://elsewhere.example/x?access_token=abc123", purpose="t")
    assert "abc123" not in str(caught.value) and "abc123" not in caught.value.url
