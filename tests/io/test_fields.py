"""Field rules: which field is the text or HTML, and the reserved output fields."""

from __future__ import annotations

from typing import Any

import pytest

from embedresolve.errors import MissingField, NotAString, ReservedField
from embedresolve.io import HTML_FIELDS, TEXT_FIELDS, check_reserved, html_field, text_field


@pytest.mark.parametrize(
    ("record", "field", "expected"),
    [
        ({"text": "t"}, None, "text"),
        ({"title": "x", "full_text": "t", "body": "b"}, None, "body"),
        ({"content": "c", "text": "t"}, None, "content"),
        ({"content": "c", "mine": "m"}, "mine", "mine"),
    ],
)
def test_text_field_found(record: dict[str, Any], field: str | None, expected: str) -> None:
    """The given field, else the first of TEXT_FIELDS present, names the text."""
    assert text_field(record, field) == expected


@pytest.mark.parametrize(
    ("record", "field", "error"),
    [
        ({"title": "t"}, None, MissingField),
        ({"content": "c"}, "mine", MissingField),
        ({"content": 1}, None, NotAString),
        ({"content": None, "text": "t"}, None, NotAString),
        ({"text": ["a"]}, None, NotAString),
        ({"mine": {"a": 1}}, "mine", NotAString),
    ],
)
def test_text_field_errors(record: dict[str, Any], field: str | None, error: type) -> None:
    """A missing text field or a non-string value raises the matching RecordError."""
    with pytest.raises(error):
        text_field(record, field)


def test_missing_text_field_message_lists_what_was_looked_for() -> None:
    """The message names every field tried and the fields the record has."""
    with pytest.raises(MissingField) as info:
        text_field({"title": "t"})
    assert all(name in str(info.value) for name in (*TEXT_FIELDS, "title"))


@pytest.mark.parametrize(
    ("record", "field", "expected"),
    [
        ({"text": "t"}, None, None),
        ({"raw_html": "<p>", "html": "<b>"}, None, "html"),
        ({"html": None, "raw_html": "<p>"}, None, "raw_html"),
        ({"page": "<p>"}, "page", "page"),
        ({"html": "<p>"}, "page", None),
    ],
)
def test_html_field(record: dict[str, Any], field: str | None, expected: str | None) -> None:
    """The HTML field is optional: absent or null means None."""
    assert html_field(record, field) == expected


def test_html_field_must_be_a_string() -> None:
    """A present HTML value that is not a string raises NotAString."""
    for name in HTML_FIELDS:
        with pytest.raises(NotAString, match=name):
            html_field({name: 5})


@pytest.mark.parametrize(
    ("record", "allowed"),
    [
        ({"text": "t"}, True),
        ({"text": "t", "embeds": [], "embedresolve": {}}, True),
        ({"text": "t", "embeds": []}, False),
        ({"text": "t", "embedresolve": {}}, False),
    ],
)
def test_check_reserved(record: dict[str, Any], allowed: bool) -> None:
    """Only one of embeds/embedresolve means the record's own field would be overwritten."""
    if allowed:
        check_reserved(record)
    else:
        with pytest.raises(ReservedField):
            check_reserved(record)
