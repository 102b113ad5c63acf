"""The resolution record: every value survives ``from_dict(to_dict(x))``, and the JSON keeps its shape."""

from __future__ import annotations

import json
from typing import Any, get_args

import pytest
from hypothesis import given
from hypothesis import strategies as st

from embedresolve.models import Embed
from embedresolve.provenance import (
    STATUSES,
    Capture,
    Evidence,
    Match,
    MatchChecks,
    Media,
    Method,
    Outcome,
    Post,
    Resolution,
    Step,
)

text = st.text(max_size=20)
maybe_text = st.none() | text
maybe_int = st.none() | st.integers(min_value=0, max_value=999)
rounded = st.floats(min_value=0, max_value=1, allow_nan=False).map(lambda x: round(x, 3))

captures = st.builds(
    Capture, original=text, capture_time=text, timestamp=text, statuscode=maybe_int, cdx_digest=maybe_text
)
evidence = st.builds(
    Evidence,
    source=maybe_text,
    url=maybe_text,
    status=maybe_int,
    attempts=maybe_int,
    elapsed_s=st.none() | rounded,
    retrieved_at=maybe_text,
    from_cache=st.none() | st.booleans(),
    category=maybe_text,
    memento_url=maybe_text,
    cdx_statuscode=maybe_int,
    targets=st.none() | st.tuples(text),
    deleted=st.none() | st.just(True) | captures,
    note=maybe_text,
)
media = st.builds(Media, type=text, url=text, variants=st.lists(text, max_size=2).map(tuple))
posts = st.builds(
    Post,
    platform=text,
    post_id=text,
    text=maybe_text,
    author_handle=maybe_text,
    media=st.lists(media, max_size=2).map(tuple),
)
matches = st.builds(
    Match,
    method=st.sampled_from(get_args(Method)),
    post_id=text,
    confidence=rounded,
    checks=st.builds(MatchChecks, date=st.none() | st.booleans(), text_similarity=st.none() | rounded),
)
steps = st.one_of(
    st.builds(
        Step,
        step=st.sampled_from(["short_code", "candidates", "post"]),
        outcome=st.sampled_from(get_args(Outcome)),
        source=maybe_text,
        input=maybe_text,
        reason=maybe_text,
        target=maybe_text,
        verdict=maybe_text,
        kept=st.lists(text, max_size=2).map(tuple),
        requests=st.lists(evidence, max_size=3).map(tuple),
    )
    .filter(lambda s: s.step == "short_code" or (s.target is None and s.verdict is None))
    .filter(lambda s: s.step == "candidates" or not s.kept),
    st.builds(
        Step,
        step=st.just("rank"),
        outcome=st.sampled_from(["ambiguous", "weak"]),
        scores=st.dictionaries(text, rounded, max_size=3).map(lambda d: tuple(d.items())),
    ),
)
ran = st.builds(
    Resolution,
    status=st.sampled_from(STATUSES),
    reason=maybe_text,
    post=st.none() | posts,
    match=st.none() | matches,
    provenance=st.lists(steps, max_size=3).map(tuple),
    resolved_at=text,
    from_cache=st.booleans(),
)
skipped = st.builds(Resolution.skipped, text)


@given(st.one_of(ran, skipped))
def test_resolution_round_trips_through_json(resolution: Resolution) -> None:
    data = json.loads(json.dumps(resolution.to_dict()))
    assert Resolution.from_dict(data) == resolution


@given(evidence)
def test_evidence_round_trips(entry: Evidence) -> None:
    assert Evidence.from_dict(json.loads(json.dumps(entry.to_dict()))) == entry


def test_request_fields_come_together_even_when_null() -> None:
    entry = Evidence(source="tco", url="http://x/", status=200, retrieved_at="2026-01-01T00:00:00.000Z")
    assert entry.to_dict() == {
        "source": "tco",
        "url": "http://x/",
        "status": 200,
        "attempts": None,
        "elapsed_s": None,
        "retrieved_at": "2026-01-01T00:00:00.000Z",
        "from_cache": None,
        "sha256": None,
        "memento_datetime": None,
    }


def test_facts_that_do_not_apply_are_left_out() -> None:
    assert Evidence(input="bad code").stamped("wayback").to_dict() == {
        "source": "wayback",
        "input": "bad code",
    }


def test_skipped_has_only_status_reason_and_provenance() -> None:
    assert Resolution.skipped("resolution disabled (--no-resolve)").to_dict() == {
        "status": "skipped",
        "reason": "resolution disabled (--no-resolve)",
        "provenance": [],
    }


def test_a_resolution_in_an_embed_round_trips() -> None:
    resolution = Resolution(
        status="partial",
        reason="status ID known; no source has the post's content",
        post=Post(platform="twitter", post_id="1", source="identification"),
        match=Match(method="status_url", post_id="1", confidence=0.95, checks=MatchChecks()),
        provenance=(Step(step="post", outcome="not_archived", source="wayback", input="1"),),
        resolved_at="2026-01-01T00:00:00+00:00",
    )
    embed = Embed(platform="twitter", span=(0, 5), resolution=resolution)
    assert Embed.from_dict(json.loads(json.dumps(embed.to_dict()))) == embed


@pytest.mark.parametrize(
    "bad",
    [
        {"status": "maybe", "provenance": []},
        {"status": "resolved", "provenance": [], "surprise": 1},
        {"status": "resolved", "post": {"platform": "twitter", "post_id": "1"}, "provenance": []},
        {"status": "failed", "provenance": [{"step": "post", "outcome": "maybe"}]},
        {"status": "failed", "provenance": [{"step": "guess", "outcome": "found"}]},
    ],
)
def test_unknown_statuses_keys_and_impossible_records_are_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        Resolution.from_dict(bad)
