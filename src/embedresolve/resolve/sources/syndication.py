"""Tweet ID → post, from the syndication endpoint behind Twitter's embed widget.

``GET <base>/tweet-result?id=ID&lang=en&token=T`` needs no key and returns the
richest answer we can get without one: full text, author, exact
``created_at``, media with their ``pic.twitter.com`` codes and video
renditions, and the quoted tweet (archive guide §3.2). Since about Aug 2023 a
request without the right ``token`` gets ``{}`` (vercel/react-tweet#128), so
the token (``twitter_ids.syndication_token``) is always sent.

Answers, as react-tweet's ``fetchTweet`` reads them:

* 200 ``{"__typename": "Tweet", …}``         → ``found``
* 200 ``{"__typename": "TweetTombstone", …}`` → ``deleted`` (withheld, private or gone)
* 200 ``{"__typename": "TweetUnavailable"}``  → ``protected`` or ``deleted``, by its ``reason``
* 200 ``{}`` or 404                           → ``not_found`` (also: marked sensitive, react-tweet#188)
* 403                                         → ``protected``
* anything else, or an unreadable body        → ``failed`` with the status

The body is read by :func:`~embedresolve.resolve.formats.syndication.parse_tweet_result`,
the parser archived captures of the same endpoint go through too.
"""

from __future__ import annotations

from urllib.parse import urlencode

from embedresolve.errors import FetchFailed
from embedresolve.provenance import Evidence, Post
from embedresolve.resolve.formats import has_truncated_text, parse_tweet_result
from embedresolve.resolve.formats.values import ID
from embedresolve.resolve.http import SupportsFetch
from embedresolve.resolve.models import Lookup
from embedresolve.resolve.sources.base import read_live_answer
from embedresolve.resolve.twitter_ids import syndication_token

__all__ = ["SyndicationSource"]


class SyndicationSource:
    """``PostSource`` over ``cdn.syndication.twimg.com/tweet-result`` (see the module docstring)."""

    name = "syndication"

    def __init__(self, fetcher: SupportsFetch, base_url: str) -> None:
        self.fetcher = fetcher
        self.base_url = base_url.rstrip("/")

    def url_for(self, post_id: str) -> str:
        """The request URL, token included (``post_id`` must already be valid)."""
        query = urlencode({"id": post_id, "lang": "en", "token": syndication_token(post_id)})
        return f"{self.base_url}/tweet-result?{query}"

    def post(self, post_id: str, handle: str | None = None) -> Lookup[Post]:
        """Ask for ``post_id``; ``handle`` is not needed (the answer names the author)."""
        if not ID.fullmatch(post_id):
            return Lookup.of(
                self.name,
                "not_found",
                reason="invalid post id",
                evidence=(Evidence(input=post_id[:100]),),
            )
        try:
            result = self.fetcher.fetch(self.url_for(post_id), purpose=self.name)
        except FetchFailed as error:
            return Lookup.of(self.name, "failed", reason=error.category, evidence=(Evidence.failure(error),))
        return read_live_answer(self.name, post_id, result, parse_tweet_result, truncated=has_truncated_text)
