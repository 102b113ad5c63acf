"""Which field of a record is its text or HTML, and which fields the output reserves.

Pure rules over parsed records (no I/O): the pipeline applies them to every
record, the readers and writers to what they read and write.
"""

from __future__ import annotations

from typing import Any

from embedresolve.errors import MissingField, NotAnObject, NotAString, ReservedField

TEXT_FIELDS = ("content", "text", "body", "maintext", "article", "full_text")
HTML_FIELDS = ("html", "raw_html", "content_html", "body_html", "article_html")
RESERVED_FIELDS = ("embeds", "embedresolve")  # the output adds these


def text_field(record: dict[str, Any], field: str | None = None) -> str:
    """Name the field holding the article text: ``field`` if given, else the first of TEXT_FIELDS.

    Only presence decides which field is picked, so a ``null`` in the first
    candidate rejects the record (NotAString) rather than silently reading
    another field.
    """
    if field is None:
        field = next((name for name in TEXT_FIELDS if name in record), None)
        if field is None:
            raise MissingField(
                f"no text field: looked for {', '.join(TEXT_FIELDS)}; the record has {_describe_keys(record)}"
            )
    elif field not in record:
        raise MissingField(f"no field {field!r}; the record has {_describe_keys(record)}", field=field)
    _require_string(record, field)
    return field


def html_field(record: dict[str, Any], field: str | None = None) -> str | None:
    """Name the field holding the page HTML, or None when the record has none.

    HTML is optional, so a ``null`` value counts as absent (scrapers often write
    ``"html": null``); any other non-string value is an error.
    """
    for name in (field,) if field is not None else HTML_FIELDS:
        if record.get(name) is not None:
            _require_string(record, name)
            return name
    return None


def check_reserved(record: dict[str, Any]) -> None:
    """Refuse a record whose own ``embeds``/``embedresolve`` field the output would overwrite.

    A record we produced carries both and may be processed again (or restored);
    one without the other belongs to someone else.
    """
    present = [name for name in RESERVED_FIELDS if name in record]
    if len(present) == 1:
        raise ReservedField(
            f"field {present[0]!r} is reserved for embedresolve output and would be "
            f"overwritten; records produced by embedresolve carry both "
            f"{' and '.join(RESERVED_FIELDS)}",
            field=present[0],
        )


def require_object(value: Any, where: str) -> dict[str, Any]:
    """A record is a JSON object; any other JSON value is NotAnObject."""
    if not isinstance(value, dict):
        raise NotAnObject(f"{where}: expected a JSON object, got {json_kind(value)}")
    return value


def json_kind(value: Any) -> str:
    """What a JSON value is, as a message names it ("a number", "null")."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _require_string(record: dict[str, Any], field: str) -> None:
    value = record[field]
    if not isinstance(value, str):
        raise NotAString(f"field {field!r} is {json_kind(value)}, not a string", field=field)


def _describe_keys(record: dict[str, Any], limit: int = 20) -> str:
    keys = list(record)
    if not keys:
        return "no fields"
    shown = ", ".join(map(str, keys[:limit]))
    return f"fields {shown}" + (f" … ({len(keys)} in all)" if len(keys) > limit else "")
