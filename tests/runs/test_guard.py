"""No record can stop a run: whatever a record holds, it comes out cleaned or as a reject."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from embedresolve.io import InputRecord, Reject, read_records
from embedresolve.models import Embed
from embedresolve.pipeline import INTERNAL_ERROR, CleanConfig, clean_records, restore_records
from embedresolve.provenance import Resolution

TWEET = "Text.\n\nThe People of Kherson: pic.twitter.com/WWZTjTA7La — Saint Javelin (@saintjavelin) November 11, 2022\n\nMore."

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from([TWEET, "x" * 5000, "pic.twitter.com/abc — A (@a) May 1, 2020"]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
KEYS = st.sampled_from(["content", "text", "html", "embeds", "embedresolve", "id", "title"])
records = st.dictionaries(KEYS | st.text(max_size=6), json_values, max_size=6)
lines = st.lists(records | json_values, min_size=1, max_size=12)


def _jsonl(values: list[Any]) -> io.BytesIO:
    return io.BytesIO("".join(json.dumps(v) + "\n" for v in values).encode())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines)
def test_every_record_comes_out_cleaned_or_rejected(values: list[Any]) -> None:
    out = list(clean_records(read_records(_jsonl(values), fmt="jsonl"), CleanConfig()))
    assert len(out) == len(values)
    rejects = [item.index for item in out if isinstance(item, Reject)]
    assert all(isinstance(item, dict) for item in out if not isinstance(item, Reject))
    assert len(set(rejects)) == len(rejects)


@settings(max_examples=40, deadline=None)
@given(lines)
def test_restore_never_stops_either(values: list[Any]) -> None:
    out = list(restore_records(read_records(_jsonl(values), fmt="jsonl")))
    assert len(out) == len(values)


def test_junk_in_reserved_fields_is_one_reject_and_the_run_goes_on() -> None:
    values = [
        {"id": "a", "content": TWEET},
        {"id": "b", "content": TWEET, "embeds": 5, "embedresolve": "bogus"},
        {"id": "c", "content": TWEET, "embeds": [5], "embedresolve": {}},
        {"id": "d", "content": TWEET},
    ]
    out = list(clean_records(read_records(_jsonl(values), fmt="jsonl"), CleanConfig()))
    assert [type(item).__name__ for item in out] == ["dict", "Reject", "Reject", "dict"]
    assert [item.reason for item in out if isinstance(item, Reject)] == ["bad_embeds", "bad_embeds"]
    assert out[3]["id"] == "d" and len(out[3]["embeds"]) == 1


class _BrokenResolver:
    """A resolver with a defect: the unexpected exception a guard exists for."""

    def resolve(self, embed: Embed) -> Resolution:
        raise ZeroDivisionError("resolver defect")


def test_an_unexpected_exception_is_an_internal_error_reject_with_its_type() -> None:
    items = [InputRecord(0, {"content": TWEET}, "{}"), InputRecord(1, {"content": "no embeds"}, "{}")]
    for workers in (1, 3):
        first, second = clean_records(items, CleanConfig(), resolver=_BrokenResolver(), workers=workers)
        assert isinstance(first, Reject) and first.reason == INTERNAL_ERROR
        assert "ZeroDivisionError: resolver defect" in first.message
        assert isinstance(second, dict) and second["embeds"] == []
