"""The three questions a source can answer, as protocols.

A source implements any of them; the resolver asks every configured source in
order (the order is config, not code) and records every answer in provenance.
Sources never raise for a network failure: they answer ``Lookup(outcome="failed")``
with the failure in ``evidence``, so an article is never lost to the network.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Protocol, runtime_checkable

from embedresolve.errors import PostUnavailable, UnreadablePayload
from embedresolve.provenance import Evidence, Post
from embedresolve.resolve.formats.values import json_object
from embedresolve.resolve.http import FetchResult
from embedresolve.resolve.models import Candidate, Lookup


@runtime_checkable
class ShortCodeSource(Protocol):
    """``pic.twitter.com/CODE`` or ``t.co/CODE`` → the URL it redirected to.

    ``found`` whenever the target is known, post or not: the resolver judges it,
    and no other source could change it.
    """

    name: str

    def expand_short_code(self, code: str) -> Lookup[str]: ...


@runtime_checkable
class CandidateSource(Protocol):
    """A handle and a day → status IDs posted by that handle around that day.

    ``wider`` is the second, costlier round (other hosts, other URL forms), asked
    only when the first round gave no clear match: most embeds need just one query.
    """

    name: str

    def candidates(self, handle: str, day: date, *, wider: bool = False) -> Lookup[list[Candidate]]: ...


@runtime_checkable
class PostSource(Protocol):
    """A status ID (and the handle, when known) → the post."""

    name: str

    def post(self, post_id: str, handle: str | None = None) -> Lookup[Post]: ...


def read_live_answer(
    source: str,
    post_id: str,
    result: FetchResult,
    parse: Callable[[dict[str, Any]], Post],
    *,
    explain_refusals: bool = False,
    truncated: Callable[[dict[str, Any]], bool] | None = None,
) -> Lookup[Post]:
    """What a live post endpoint's answer says (syndication and oEmbed answer alike).

    404 → ``not_found``, 403 → ``protected``, another non-200 → ``failed``; a
    200 is parsed by ``parse`` (a JSON object → :class:`Post`), whose
    :class:`PostUnavailable` is the outcome it names and whose
    :class:`UnreadablePayload` is ``failed``. An answer for another post is
    ``failed`` too. The body's ``error`` message is quoted in the reason of a
    failure, and of a 404/403 when ``explain_refusals`` (oEmbed says why
    there). ``truncated`` says whether the payload cut the found post's text
    short (syndication), noted as ``text_truncated`` in the evidence.
    """
    data = json_object(result.body)
    message = data.get("error") if data else None
    detail = f": {message}" if isinstance(message, str) and message else ""
    refusal = detail if explain_refusals else ""
    evidence = Evidence.answer(result)

    def answer(outcome: Any, reason: str | None = None, value: Post | None = None) -> Lookup[Post]:
        return Lookup.of(source, outcome, value=value, reason=reason, evidence=(evidence,))

    if result.status == 404:
        return answer("not_found", "http 404" + refusal)
    if result.status == 403:
        return answer("protected", "http 403" + refusal)
    if result.status != 200:
        return answer("failed", f"http {result.status}{detail}")
    if data is None:
        return answer("failed", "body is not a JSON object")
    try:
        found = parse(data)
    except PostUnavailable as gone:
        return answer(gone.outcome, gone.reason)
    except UnreadablePayload as error:
        return answer("failed", str(error))
    if found.post_id != post_id:
        return answer("failed", f"answer is for post {found.post_id}, not {post_id}")
    if truncated is not None and truncated(data):
        evidence = evidence.but(text_truncated=True)
    return answer("found", value=found)
