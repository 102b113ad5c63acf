"""The two ways a payload can fail to give a post, as exceptions the sources tell apart.

A payload that *says* the post is gone (a tombstone, an API error, an
oEmbed ``{"error": …}``) is a fact to report: :class:`PostUnavailable`
carries the outcome. A payload that simply is not what the parser reads
(not JSON, another shape, a page without the tweet) is no fact about the
post: :class:`UnreadablePayload` says what was missing, for the evidence,
and an archive moves on to its next capture.
"""

from __future__ import annotations

from typing import Literal

from embedresolve.resolve.errors import ResolveError

__all__ = ["PostUnavailable", "Unavailable", "UnreadablePayload"]

Unavailable = Literal["deleted", "protected", "not_found"]


class PostUnavailable(ResolveError):
    """The payload itself says there is no post to show.

    ``outcome`` is what a source reports (``deleted``: a tombstone or "no
    status found"; ``protected``: private or suspended; ``not_found``: an
    empty answer); ``reason`` quotes the payload.
    """

    def __init__(self, outcome: Unavailable, reason: str) -> None:
        super().__init__(f"{outcome}: {reason}")
        self.outcome: Unavailable = outcome
        self.reason = reason


class UnreadablePayload(ResolveError, ValueError):
    """The payload does not carry a post in the shape its parser reads; the message says why."""
