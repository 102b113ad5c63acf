"""The tag scanner behind every span: offsets as a browser reads the tags."""

from __future__ import annotations

import pytest

from embedresolve.detect.html import clean_html, detect_html
from tests.detect.html.snippets import TWEET, WIDGETS_JS, around, restore


class TestScanner:
    """The offsets come from a tokenizer of our own: it must read tags as a browser does."""

    def test_upper_case_markup(self):
        html = around(TWEET.replace("<blockquote", "<BLOCKQUOTE").replace("</blockquote>", "</BLOCKQUOTE>"))
        (embed,) = detect_html(html)
        assert html[slice(*embed.span)].startswith("<BLOCKQUOTE")
        assert html[slice(*embed.span)].endswith("</BLOCKQUOTE>")

    def test_greater_than_inside_quoted_attributes(self):
        snippet = TWEET.replace('class="twitter-tweet"', 'title="a > b" class="twitter-tweet" data-x=\'>\'')
        html = around(snippet)
        (embed,) = detect_html(html)
        assert html[slice(*embed.span)] == snippet

    def test_apostrophe_in_unquoted_value_does_not_swallow_the_page(self):
        html = around("<img alt=Don't>" + TWEET)
        (embed,) = detect_html(html)
        assert html[slice(*embed.span)] == TWEET

    def test_unclosed_embed_ends_where_its_parent_ends(self):
        html = "<div>" + TWEET.replace("</blockquote>", "") + "</div><p>after</p>"
        (embed,) = detect_html(html)
        assert html[slice(*embed.span)] == TWEET.replace("</blockquote>", "")
        assert embed.post_id == "20"

    def test_stray_end_tags_are_ignored(self):
        html = around("</blockquote></div>" + TWEET)
        (embed,) = detect_html(html)
        assert html[slice(*embed.span)] == TWEET

    def test_self_closing_iframe_does_not_swallow_what_follows(self):
        html = around('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"/>' + TWEET)
        assert [e.platform for e in detect_html(html)] == ["youtube", "twitter"]

    def test_empty_comment_form(self):
        assert [e.post_id for e in detect_html(around("<!-->" + TWEET))] == ["20"]

    def test_eof_inside_a_tag(self):
        assert [e.post_id for e in detect_html(TWEET + '<div class="x')] == ["20"]

    def test_non_ascii_before_the_embed(self):
        html = "<p>Ünïcödé 🧪 — 中文</p>" + TWEET
        (embed,) = detect_html(html)
        assert html[slice(*embed.span)] == TWEET

    def test_crlf_line_endings(self):
        html = around(TWEET.replace("><", ">\r\n<") + "\r\n" + WIDGETS_JS)
        (embed,) = detect_html(html)
        assert embed.post_id == "20" and embed.raw is not None and embed.raw.endswith("</script>")

    @pytest.mark.parametrize(
        "hostile",
        [
            "<a " * 50_000,
            '<div a="' * 50_000,
            "<blockquote class=twitter-tweet>" * 5_000,
            "<!--" * 50_000,
            "<" * 100_000,
            "<div>" * 50_000 + "</span>" * 50_000,
        ],
        ids=["open-tags", "open-quotes", "nested-embeds", "comments", "angles", "deep"],
    )
    def test_hostile_markup_is_read_in_one_pass(self, hostile):
        """Pathological markup finishes (a quadratic scan would hang the suite) and stays lossless."""
        assert restore(*clean_html(hostile)) == hostile
