"""Tweet ID → post, from Twitter's oEmbed endpoint (``publish.twitter.com/oembed``).

The fallback after syndication: documented as "Requires authentication? No |
Rate limited? No" (archive guide §3.1), and its ``html`` is exactly the
blockquote that news articles embed, so what it says is what the article
showed. It says less than syndication: the text, the author, and media only
as ``pic.twitter.com`` links; the time is the snowflake time of the ID. The
body is read by :func:`~embedresolve.resolve.formats.oembed.parse_oembed`,
the parser archived captures and page blockquotes go through too.

Answers: 200 → ``found`` (or what an ``{"error": …}`` body says); 404 →
``not_found`` (deleted or never existed); 403 → ``protected`` ("Sorry, you
are not authorized to see this status." or "User has been suspended.");
anything else → ``failed``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from embedresolve.errors import FetchFailed
from embedresolve.provenance import Evidence, Post
from embedresolve.resolve.formats import parse_oembed
from embedresolve.resolve.formats.values import HANDLE, ID
from embedresolve.resolve.http import SupportsFetch
from embedresolve.resolve.models import Lookup
from embedresolve.resolve.sources.base import read_live_answer

__all__ = ["OEmbedSource"]


class OEmbedSource:
    """``PostSource`` over ``publish.twitter.com/oembed`` (see the module docstring)."""

    name = "oembed"

    def __init__(self, fetcher: SupportsFetch, base_url: str) -> None:
        self.fetcher = fetcher
        self.base_url = base_url.rstrip("/")

    def url_for(self, post_id: str, handle: str | None = None) -> str:
        """The request URL; an unusable handle is replaced by ``i`` (Twitter ignores it anyway)."""
        user = handle if handle and HANDLE.fullmatch(handle) else "i"
        status = f"https://twitter.com/{user}/status/{post_id}"
        return f"{self.base_url}/oembed?" + urlencode({"url": status, "omit_script": "1", "dnt": "1"})

    def post(self, post_id: str, handle: str | None = None) -> Lookup[Post]:
        if not ID.fullmatch(post_id):
            return Lookup.of(
                self.name,
                "not_found",
                reason="invalid post id",
                evidence=(Evidence(input=post_id[:100]),),
            )
        try:
            result = self.fetcher.fetch(self.url_for(post_id, handle), purpose=self.name)
        except FetchFailed as error:
            return Lookup.of(self.name, "failed", reason=error.category, evidence=(Evidence.failure(error),))
        return read_live_answer(self.name, post_id, result, parse_oembed, explain_refusals=True)
