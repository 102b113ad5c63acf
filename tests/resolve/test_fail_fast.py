"""Without a network the run fails fast and says why (issue 9 §3).

A closed local port (connection refused) and names under ``.invalid`` (which
never resolve) stand in for a machine without a network. The suite's guard
refuses every non-loopback name with a plain ``OSError``; where the DNS answer
itself matters, the test makes ``getaddrinfo`` answer as a resolver does
for an unknown name (``socket.gaierror``).
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from typer.testing import CliRunner

from embedresolve.cli import app
from embedresolve.errors import FetchFailed
from embedresolve.io import InputRecord
from embedresolve.pipeline import CleanConfig, clean_records
from embedresolve.resolve.config import Endpoints, HttpConfig, ResolveConfig
from embedresolve.resolve.factory import ResolverSettings, open_resolver
from embedresolve.resolve.http import CircuitBreaker, Fetcher, connect_reason
from embedresolve.summary import Summary

UNKNOWN = Endpoints(
    wayback="http://web.archive.invalid",
    syndication="http://cdn.syndication.invalid",
    oembed="http://publish.invalid",
    tco="http://t.invalid",
)


@pytest.fixture
def closed_base() -> str:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def dns_says_unknown(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``.invalid`` names get the resolver's own answer: EAI_NONAME."""
    guarded = socket.getaddrinfo

    def resolve(host: Any, *args: Any, **kwargs: Any) -> Any:
        if str(host).endswith(".invalid"):
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return guarded(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    yield


def fetcher_for(endpoints: Endpoints, **http: Any) -> Fetcher:
    return Fetcher.create(ResolveConfig(endpoints=endpoints, http=HttpConfig(**http)), sleep=lambda _: None)


class TestBreaker:
    def test_refused_twice_marks_the_host_down(self, closed_base: str) -> None:
        fetcher = fetcher_for(Endpoints().with_base(closed_base), max_attempts=4)
        with pytest.raises(FetchFailed) as first:
            fetcher.fetch(closed_base + "/cdx", purpose="t")
        host = closed_base.removeprefix("http://")
        assert first.value.attempts == 2
        assert str(first.value) == f"network unreachable: {host}: connection refused"
        started = time.monotonic()
        with pytest.raises(FetchFailed) as later:
            fetcher.fetch(closed_base + "/web/x", purpose="t")
        assert (later.value.category, later.value.attempts) == ("unreachable", 0)
        assert str(later.value) == str(first.value)
        assert time.monotonic() - started < 0.5
        assert fetcher.breaker.hosts_down() == {host: "connection refused"}

    @pytest.mark.usefixtures("dns_says_unknown")
    def test_unknown_name_trips_at_once(self) -> None:
        fetcher = fetcher_for(UNKNOWN, max_attempts=4)
        with pytest.raises(FetchFailed) as info:
            fetcher.fetch("http://web.archive.invalid/cdx/search/cdx?url=x", purpose="t")
        assert info.value.attempts == 1
        assert str(info.value) == "network unreachable: web.archive.invalid: name not known"

    def test_an_answer_resets_the_count(self) -> None:
        breaker = CircuitBreaker(refusals=2)
        assert not breaker.failed("h", "connection refused", name_unknown=False)
        breaker.answered("h")
        assert not breaker.failed("h", "connection refused", name_unknown=False)
        assert breaker.failed("h", "connection refused", name_unknown=False)
        assert breaker.down("h") == "connection refused"

    def test_reason_from_the_cause_chain(self) -> None:
        try:
            try:
                raise ConnectionRefusedError(111, "Connection refused")
            except OSError as inner:
                raise RuntimeError("wrapped") from inner
        except RuntimeError as outer:
            assert connect_reason(outer) == ("connection refused", False)
        assert connect_reason(socket.gaierror(-2, "Name or service not known")) == ("name not known", True)


def records(n: int) -> list[InputRecord]:
    out = []
    for i in range(n):
        text = (
            f"Intro of article {i}.\n\nCouncil votes on the river bridge budget {i} today"
            f" pic.twitter.com/Ab{i:03d}CdEfG — Desk {i} (@desk{i}) March {1 + i % 28}, 2019\n\nMore text."
        )
        out.append(InputRecord(index=i, data={"id": str(i), "content": text}, original=""))
    return out


def clean(settings: ResolverSettings, n: int) -> tuple[list[dict[str, Any]], Summary, float]:
    started = time.monotonic()
    with open_resolver(settings) as resolver:
        outputs = list(clean_records(records(n), CleanConfig(), resolver=resolver))
    report = Summary()
    cleaned = [item for item in outputs if isinstance(item, dict)]
    for item in cleaned:
        report.add(item)
    return cleaned, report, time.monotonic() - started


def embeds_of(cleaned: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [embed for record in cleaned for embed in record["embeds"]]


class TestNoNetwork:
    def test_closed_port_twenty_embeds_default_settings(self, closed_base: str) -> None:
        settings = ResolverSettings(config=ResolveConfig(endpoints=Endpoints().with_base(closed_base)))
        cleaned, report, wall = clean(settings, 20)
        embeds = embeds_of(cleaned)
        assert len(embeds) == 20 and wall < 60
        host = closed_base.removeprefix("http://")
        for embed in embeds:
            assert embed["resolution"]["status"] == "failed"
            assert embed["resolution"]["reason"] == f"network unreachable: {host}: connection refused"
        assert report.requests <= 2  # the two refused attempts that tripped the breaker
        assert "cause:   network unreachable" in report.render() and "--offline" in report.render()

    @pytest.mark.usefixtures("dns_says_unknown")
    def test_unknown_names_twenty_embeds(self) -> None:
        cleaned, report, wall = clean(ResolverSettings(config=ResolveConfig(endpoints=UNKNOWN)), 20)
        reasons = {embed["resolution"]["reason"] for embed in embeds_of(cleaned)}
        statuses = {embed["resolution"]["status"] for embed in embeds_of(cleaned)}
        assert statuses == {"failed"} and wall < 60
        assert all("name not known" in reason for reason in reasons)
        assert report.requests <= 4  # one DNS failure per host

    def test_offline_counts_no_requests(self) -> None:
        settings = ResolverSettings(config=ResolveConfig(endpoints=UNKNOWN), offline=True)
        cleaned, report, _ = clean(settings, 3)
        assert len(embeds_of(cleaned)) == 3
        assert report.requests == 0
        for embed in embeds_of(cleaned):
            assert embed["resolution"]["status"] == "failed"
            assert embed["resolution"]["reason"] == "offline: the answers are not in the cache"


@pytest.mark.usefixtures("dns_says_unknown")
def test_cli_resolve_without_network_fails(tmp_path: Any) -> None:
    config = tmp_path / "none"
    result = CliRunner().invoke(
        app,
        [
            "resolve",
            "https://twitter.com/jack/status/20",
            "--wayback-url",
            "http://web.archive.invalid",
            "--no-live",
            "--cache",
            str(config),
        ],
    )
    assert result.exit_code == 1, result.output
    answer = json.loads(result.stdout)
    assert answer["resolution"]["status"] == "failed"
    assert "name not known" in answer["resolution"]["reason"]
