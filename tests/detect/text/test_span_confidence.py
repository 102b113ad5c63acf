"""Confidences say how likely the span is exact, from the evidence the walk back stopped on."""

from __future__ import annotations

import pytest

from embedresolve.detect.text.span_confidence import span_confidence
from embedresolve.detect.text.span_confidence_fitted import FITTED
from embedresolve.detect.text.walk_back import detect_text_with_evidence

SIGNATURE = " — Jane Roe (@janeroe) March 3, 2019"


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Big news today" + SIGNATURE, "floor:-"),
        ("She wrote on Twitter:\n\nBig news today" + SIGNATURE, "article:blank"),
        ("> Big news today\n> \n> " + SIGNATURE.strip(), "floor:-"),
        ("The council met.\n\n> Big news today\n> \n> " + SIGNATURE.strip(), "quote_end:blank"),
        (SIGNATURE.strip(), "no_text"),
    ],
)
def test_walk_back_reports_why_it_stopped(text: str, evidence: str) -> None:
    ((_, found),) = detect_text_with_evidence(text)
    assert found == evidence


def test_a_long_post_stopped_by_the_length_limit_says_so() -> None:
    words = " ".join(f"Sentence number {i} is here." for i in range(20))  # beyond a 2012 tweet's 140
    ((embed, evidence),) = detect_text_with_evidence(f"{words}{SIGNATURE.replace('2019', '2012')}")
    assert evidence.startswith("length:")
    assert embed.detector.confidence == span_confidence("twitter.signature", evidence, 0.97)


def test_fitted_values_are_probabilities_and_unknown_pairs_keep_the_prior() -> None:
    assert all(0.0 < value < 1.0 for value in FITTED.values())
    assert span_confidence("no.such.rule", "article:blank", 0.42) == 0.42


def test_evidence_falls_back_to_its_reason_then_its_rule() -> None:
    rule = next(key for key in FITTED if "|" not in key)
    assert span_confidence(rule, "no_such_reason:blank", 0.42) == FITTED[rule]
    reason_key = next((key for key in FITTED if key.startswith(rule + "|") and ":" not in key), None)
    if reason_key is not None:
        reason = reason_key.split("|", 1)[1]
        assert span_confidence(rule, f"{reason}:no_such_boundary", 0.42) == FITTED[reason_key]
