"""What is deleted with an embed: its loader script, noscript fallback and rendered twin."""

from __future__ import annotations

from embedresolve.detect.html import detect_html
from tests.detect.html.snippets import TWEET, WIDGETS_JS, around


class TestCuts:
    def test_loader_script_is_in_the_cut_not_the_span(self):
        html = around(TWEET + "\n  " + WIDGETS_JS)
        (embed,) = detect_html(html)
        assert html[slice(*embed.span)] == TWEET
        assert embed.raw == TWEET + "\n  " + WIDGETS_JS

    def test_loader_wrapped_in_its_own_paragraph(self):
        html = around(TWEET + "\n<p>" + WIDGETS_JS + "</p>")
        (embed,) = detect_html(html)
        assert embed.raw == TWEET + "\n<p>" + WIDGETS_JS + "</p>"

    def test_another_platforms_script_is_not_taken(self):
        tiktok = '<script async src="https://www.tiktok.com/embed.js"></script>'
        html = around(TWEET + tiktok)
        (embed,) = detect_html(html)
        assert embed.raw == TWEET

    def test_article_text_after_the_embed_is_never_cut(self):
        html = around(TWEET + "<p>Article text. " + WIDGETS_JS + "</p>")
        (embed,) = detect_html(html)
        assert embed.raw == TWEET

    def test_noscript_copy_of_the_same_post_joins_the_cut(self):
        lazy = '<iframe data-src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>'
        fallback = '<noscript><iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe></noscript>'
        html = around(lazy + fallback)
        (embed,) = detect_html(html)
        assert html[slice(*embed.span)] == lazy
        assert embed.raw == lazy + fallback

    def test_noscript_with_another_post_is_its_own_embed(self):
        lazy = '<iframe data-src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>'
        other = '<noscript><iframe src="https://www.youtube.com/embed/ogfYd705cRs"></iframe></noscript>'
        embeds = detect_html(around(lazy + other))
        assert [e.post_id for e in embeds] == ["dQw4w9WgXcQ", "ogfYd705cRs"]

    def test_rendered_widget_and_its_blockquote_are_one_embed(self):
        rendered = (
            '<div class="twitter-tweet twitter-tweet-rendered"><iframe data-tweet-id="20" '
            'src="https://platform.twitter.com/embed/Tweet.html?id=20"></iframe></div>'
        )
        html = around(rendered + "\n" + TWEET)
        (embed,) = detect_html(html)
        assert embed.detector.rule == "html.twitter.blockquote"
        assert html[slice(*embed.span)] == TWEET
        assert embed.raw == rendered + "\n" + TWEET

    def test_repeated_iframes_of_one_video_stay_separate(self):
        iframe = '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>'
        assert len(detect_html(around(iframe + "\n" + iframe))) == 2
