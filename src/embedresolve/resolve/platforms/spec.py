"""What each platform declares, and the one protocol its sources answer.

A :class:`Platform` says how to ask about one post (a
:class:`~embedresolve.platforms.PostRef`): the live requests to make
(:attr:`Platform.live`, built on the configured
:class:`~embedresolve.resolve.config.Endpoints`) and the URLs an archive may
hold it under (:attr:`Platform.archived`: the post page in its URL forms,
then captures of the public endpoints at their real addresses), each with
the parser that reads the answer. The sources themselves are generic
(:mod:`.live`, :mod:`embedresolve.resolve.sources.archived_pages`): they
fetch, record evidence and map HTTP answers to outcomes exactly as the tweet
sources do, through the same fetcher, cache, rate limits and allow-list.

A parser takes the body and the post asked for and returns a
:class:`~embedresolve.provenance.Post` or raises
:class:`~embedresolve.errors.PostUnavailable` (the answer says the post is
gone, private, or is a login wall) or
:class:`~embedresolve.errors.UnreadablePayload` (no post in it). A parser
sets ``post_id`` from what the answer says wherever it says it, so the
source can refuse an answer about another post.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Outcome, Post
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.models import Lookup

__all__ = ["Parse", "Platform", "PlatformPostSource", "Request"]

Parse = Callable[[bytes, PostRef], Post]


@dataclass(frozen=True, slots=True)
class Request:
    """One URL to ask (live) or to look up (archives), and how to read its answer.

    ``kind`` names the format in provenance (``oembed``, ``page``, ``json``):
    the source is ``<platform>.<kind>`` live, ``wayback.<platform>.<kind>``
    archived.
    """

    kind: str
    url: str
    parse: Parse
    # A first step whose answer names the URL to ask next (Bluesky: resolveHandle → its DID's
    # getPostThread); ``parse`` reads that second answer. None in the answer: the chain ends.
    follow: Callable[[bytes], str | None] | None = None
    # How a non-200 answer's body names its outcome (Graph's error object), before the status does;
    # None from it, or no reader: the status alone decides.
    refusal: Callable[[int, bytes], tuple[Outcome, str] | None] | None = None


@dataclass(frozen=True, slots=True)
class Platform:
    """A platform's lookups: live requests (in order) and archived URL forms (in order)."""

    name: str
    live: Callable[[PostRef, Endpoints], tuple[Request, ...]]
    archived: Callable[[PostRef], tuple[Request, ...]]


@runtime_checkable
class PlatformPostSource(Protocol):
    """A post of a platform other than Twitter (its :class:`PostRef`) → the post."""

    name: str

    def serves(self, platform: str) -> bool: ...

    def platform_post(self, ref: PostRef) -> Lookup[Post]: ...
