"""Records that carry HTML: identified by markup, located in text, HTML-only records cleaned."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup

from embedresolve.detect import detect, detect_with_html
from embedresolve.pipeline import CleanConfig, clean_record, restore_record
from embedresolve.schema import RECORD_SCHEMA

HTML_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
PAGE = (HTML_FIXTURES / "twitter_blockquote.html").read_text(encoding="utf-8")
YOUTUBE = (HTML_FIXTURES / "youtube_lite.html").read_text(encoding="utf-8")


def flattened(html: str) -> str:
    """What a get_text() scraper makes of the page."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style"]):
        node.decompose()
    lines = (line.strip() for line in soup.get_text("\n").splitlines())
    return "\n\n".join(line for line in lines if line)


def without_signature(text: str) -> str:
    """The same text with the tweet's signature lost, as justext loses it."""
    start = text.index("— Shay Friedman")
    end = text.index("2013", start) + 4
    return text[:start] + text[end:]


class TestTextWithHtml:
    def test_text_embed_gets_the_html_identity(self) -> None:
        """Same post in both: the text embed carries the status URL and ID, with no network."""
        text = flattened(PAGE)
        (embed,) = detect(text, html=PAGE)
        assert embed.post_id == "370525864523743232"
        assert embed.url == "https://twitter.com/ironshay/status/370525864523743232"
        assert embed.detector.rule.endswith("+html")
        assert text[embed.span[1] - 4 : embed.span[1]] == "2013"

    def test_post_whose_signature_was_dropped_is_found_by_its_text(self) -> None:
        text = without_signature(flattened(PAGE))
        assert "ironshay" not in text  # nothing for the text detector to hold on to
        (embed,) = detect(text, html=PAGE)
        assert embed.detector.rule == "html.located_text"
        assert text[embed.span[0] :].startswith("Drinking game for web devs:")
        assert embed.post_id == "370525864523743232"

    def test_embed_with_no_text_is_returned_apart(self) -> None:
        text = flattened(YOUTUBE)
        in_text, html_only = detect_with_html(text, YOUTUBE)
        assert in_text == []
        assert [e.platform for e in html_only] == ["youtube"]


class TestRecords:
    @pytest.mark.parametrize("clean_html", [False, True])
    def test_text_and_html_round_trip(self, clean_html: bool) -> None:
        record = {"id": 1, "html": PAGE + YOUTUBE, "text": flattened(PAGE + YOUTUBE)}
        out = clean_record(record, CleanConfig(clean_html=clean_html))
        jsonschema.validate(out, RECORD_SCHEMA)
        assert "ironshay" not in out["text"]
        assert (out["html"] == record["html"]) is not clean_html
        fields = sorted((e["field"], e["platform"], e["cut"] is None) for e in out["embeds"])
        if clean_html:  # every embed cut from the field it was found in
            assert fields == [
                ("html", "twitter", False),
                ("html", "youtube", False),
                ("text", "twitter", False),
            ]
        else:  # the video is listed, nothing cut from the HTML
            assert fields == [("html", "youtube", True), ("text", "twitter", False)]
        assert restore_record(out) == record

    def test_html_only_record_is_cleaned(self) -> None:
        record = {"id": "page.html", "html": PAGE}
        out = clean_record(record, CleanConfig())
        jsonschema.validate(out, RECORD_SCHEMA)
        assert "twitter-tweet" not in out["html"]
        assert out["embedresolve"]["text_field"] is None
        assert [e["post_id"] for e in out["embeds"]] == ["370525864523743232"]
        assert restore_record(out) == record

    def test_named_text_field_must_exist_even_with_html(self) -> None:
        from embedresolve.errors import MissingField

        with pytest.raises(MissingField):
            clean_record({"html": PAGE}, CleanConfig(field="story"))
