"""One exception tree for the whole package.

    EmbedResolveError
    ├── RecordError            a record that cannot be processed (goes to the rejects file)
    │   ├── BadJSON
    │   ├── MissingField
    │   ├── NotAString
    │   ├── Undecodable
    │   ├── Oversize
    │   ├── ReservedField
    │   ├── NotAnObject
    │   ├── BadCSV
    │   └── RestoreError       a cleaned record whose embeds do not fit its text
    └── UsageError             bad options or arguments (exit status 2)

Each error carries the data a rejects file or a provenance entry needs, not
just a message.
"""

from __future__ import annotations


class EmbedResolveError(Exception):
    """Root of every error embedresolve raises on purpose."""


class RecordError(EmbedResolveError):
    """A record that cannot be processed; ``reason`` is a stable machine-readable code."""

    reason = "bad_record"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class BadJSON(RecordError):
    reason = "bad_json"


class MissingField(RecordError):
    reason = "missing_field"


class NotAString(RecordError):
    reason = "not_a_string"


class Undecodable(RecordError):
    reason = "undecodable"


class Oversize(RecordError):
    reason = "oversize"


class ReservedField(RecordError):
    reason = "reserved_field"


class NotAnObject(RecordError):
    """Valid JSON that is not an object (records are JSON objects)."""

    reason = "not_an_object"


class BadCSV(RecordError):
    """A CSV row whose values cannot be put under the right column names."""

    reason = "bad_csv"


class RestoreError(RecordError):
    """A cleaned record whose embeds do not match its text (edited after cleaning?)."""

    reason = "bad_embeds"


class UsageError(EmbedResolveError):
    """Bad options or arguments: the CLI maps this to exit status 2."""


class InputError(UsageError):
    """The input cannot be read: not found, unreadable, or of a format its name does not tell."""


class OutputError(UsageError):
    """The output cannot be written where it was asked to go (no such folder, no permission)."""
