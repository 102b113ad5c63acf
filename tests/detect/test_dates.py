"""Dates as signatures and embed markup print them, in the languages news sites use."""

from __future__ import annotations

import pytest

from embedresolve.detect.dates import find_date, parse_date


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("November 11, 2022", "2022-11-11"),
        ("Nov. 5, 2020", "2020-11-05"),
        ("22. August 2013", "2013-08-22"),
        ("22\\. August 2013", "2013-08-22"),
        ("1 de febrero de 2017", "2017-02-01"),
        ("16 мая 2018 г.", "2018-05-16"),
        ("2022年11月11日", "2022-11-11"),
        ("30 février 2020", None),
        ("June *NUMBER*, *NUMBER*", None),
        ("<NUM> november <NUM>", None),
        ("January ##, ####", None),
        ("# de enero de ####", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    """Signature dates in many languages parse to ISO dates; impossible ones to None."""
    match = find_date(text)
    assert match is not None and match.group() == text
    parsed = parse_date(match.group())
    assert (parsed.isoformat() if parsed else None) == iso
