"""Pure parsers of the payloads tweets come in: one module per format, every shape → :class:`Post`.

Live sources and archive sources read the same endpoints (syndication and
oEmbed are asked live and found in archives), so each format has exactly one
parser, and a live answer and an archived capture of it read alike.

* ``syndication``  ``cdn.syndication.twimg.com/tweet-result`` JSON
* ``oembed``       ``publish.twitter.com/oembed`` JSON and embed blockquotes
* ``status_page``  archived twitter.com status pages (HTML, 2012 onwards)
* ``api_json``     archived API v1.1 / v2 JSON
* ``captures``     archived URL → which of the above, body → post, which captures first
* ``tco_page``     t.co's browser page → the URL it redirects to
* ``media``, ``times``, ``values``  what several formats share

Every parser returns a :class:`Post` or raises one of the two payload errors
(:class:`~embedresolve.errors.PostUnavailable`: the payload says the post is
gone; :class:`~embedresolve.errors.UnreadablePayload`: it carries no post); none
does I/O or trusts its input: parsing is bounded and every regular
expression is linear.
"""

from __future__ import annotations

from embedresolve.resolve.formats.api_json import parse_api_json
from embedresolve.resolve.formats.captures import (
    DEFAULT_POST_KINDS,
    CaptureKind,
    CaptureRef,
    capture_order,
    classify_capture_url,
    parse_capture,
)
from embedresolve.resolve.formats.oembed import parse_oembed
from embedresolve.resolve.formats.status_page import parse_status_page
from embedresolve.resolve.formats.syndication import has_truncated_text, parse_tweet_result

__all__ = [
    "DEFAULT_POST_KINDS",
    "CaptureKind",
    "CaptureRef",
    "capture_order",
    "classify_capture_url",
    "has_truncated_text",
    "parse_api_json",
    "parse_capture",
    "parse_oembed",
    "parse_status_page",
    "parse_tweet_result",
]
