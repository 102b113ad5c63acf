"""Embed codes and helpers shared by the HTML detection tests."""

from __future__ import annotations

from embedresolve.models import Embed

WIDGETS_JS = '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>'
TWEET = (
    '<blockquote class="twitter-tweet"><p lang="en" dir="ltr">just setting up my twttr</p>'
    '&mdash; jack (@jack) <a href="https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw">'
    "March 21, 2006</a></blockquote>"
)


def restore(clean: str, embeds: list[Embed]) -> str:
    """The cut/raw contract, written out apart from ``embedresolve.separate.restore``: each ``raw``
    re-inserted at its ``cut[0]``, in order."""
    for embed in embeds:
        assert embed.cut is not None and embed.raw is not None
        clean = clean[: embed.cut[0]] + embed.raw + clean[embed.cut[0] :]
    return clean


def around(snippet: str) -> str:
    """``snippet`` between two paragraphs of article text."""
    return f"<article><p>Before the embed.</p>\n{snippet}\n<p>After the embed.</p></article>"
