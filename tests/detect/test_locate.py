"""HTML embeds put onto the flattened text: identity, and the span corrected to the post's text."""

from __future__ import annotations

from embedresolve.detect.locate import merge_with_html
from embedresolve.detect.text import detect_text
from embedresolve.models import Author, Detector, Embed

POST = "Tomorrow's print edition.\n\nNot sure this is how I would have framed the story."
SIGNATURE = " — Nate Silver (@NateSilver538) August 6, 2019"
ARTICLE = "It was tweeted by the prominent statistician:\n\n"


def html_embed(text: str, post_id: str = "1158717004321234944", handle: str = "NateSilver538") -> Embed:
    return Embed(
        platform="twitter",
        span=(0, 0),
        text=text,
        author=Author(name="Nate Silver", handle=handle),
        date="2019-08-06",
        url=f"https://twitter.com/{handle}/status/{post_id}",
        post_id=post_id,
        detector=Detector("html.twitter.blockquote", 0.99),
    )


def test_span_starts_where_the_html_post_text_starts() -> None:
    """The text detector stops at the blank line; the markup's text says the post starts earlier."""
    text = ARTICLE + POST + SIGNATURE
    (found,) = detect_text(text)
    assert text[found.span[0] :].startswith("Not sure")  # the text alone cannot tell
    (merged,), unplaced = merge_with_html(text, [found], [html_embed(POST.replace("\n\n", "\n"))])
    assert unplaced == []
    assert merged.span == (len(ARTICLE), len(text))
    assert merged.post_id == "1158717004321234944"


def test_span_kept_when_the_html_text_is_not_in_the_text() -> None:
    text = ARTICLE + POST + SIGNATURE
    (found,) = detect_text(text)
    (merged,), _ = merge_with_html(text, [found], [html_embed("Something the extractor reworded entirely")])
    assert merged.span == found.span


def test_thread_posts_each_get_their_own_start() -> None:
    """Two posts by one account on one day: each HTML post identifies its own text embed."""
    first, second = "First part of the thread, with detail.", "Second part of the thread, with more."
    text = ARTICLE + first + SIGNATURE + "\n\n" + second + SIGNATURE
    found = detect_text(text)
    merged, _ = merge_with_html(text, found, [html_embed(second, "2"), html_embed(first, "1")])
    assert [(text[e.span[0] : e.span[0] + 12], e.post_id) for e in merged] == [
        (first[:12], "1"),
        (second[:12], "2"),
    ]


INSTAGRAM_TEXT = (
    "The singer announced the tour on Instagram.\n\n"
    "View this post on Instagram\n\nA post shared by Jane Doe (@janedoe)\n\nTickets go on sale Friday."
)


def instagram_html(handle: str, code: str, text: str | None = None, date: str | None = None) -> Embed:
    return Embed(
        platform="instagram",
        span=(0, 0),
        text=text,
        author=Author(name="Jane Doe", handle=handle),
        date=date,
        url=f"https://www.instagram.com/p/{code}/",
        post_id=code,
        detector=Detector("html.instagram.blockquote", 0.99),
    )


def test_undated_instagram_credit_and_its_blockquote_are_one_post() -> None:
    """The newer credit has no date and the text no caption: one post by the handle on each side."""
    (found,) = detect_text(INSTAGRAM_TEXT)
    assert found.date is None and not found.text
    (merged,), unplaced = merge_with_html(INSTAGRAM_TEXT, [found], [instagram_html("JaneDoe", "CxYz123abc")])
    assert unplaced == []
    assert merged.span == found.span
    assert merged.post_id == "CxYz123abc"


def test_undated_credit_is_not_paired_when_the_handle_has_two_html_posts() -> None:
    """Two blockquotes by the handle: nothing says which one the credit is."""
    (found,) = detect_text(INSTAGRAM_TEXT)
    posts = [instagram_html("janedoe", "CxYz123abc"), instagram_html("janedoe", "CwXy987zyx")]
    (merged,), unplaced = merge_with_html(INSTAGRAM_TEXT, [found], posts)
    assert merged.post_id is None
    assert [e.post_id for e in unplaced] == ["CxYz123abc", "CwXy987zyx"]


def test_dated_posts_of_one_handle_with_different_dates_stay_apart() -> None:
    """Both sides dated, on different days: different posts even if the handle is the only one."""
    text = "Caption of an older post from the archive.\n\nA post shared by Jane Doe (@janedoe) on Mar 3, 2019 at 9:07am PST"
    (found,) = detect_text(text)
    assert found.date == "2019-03-03"
    other = instagram_html(
        "janedoe", "CxYz123abc", text="A different caption altogether, nothing alike.", date="2021-05-01"
    )
    (merged,), unplaced = merge_with_html(text, [found], [other])
    assert merged.post_id is None and [e.post_id for e in unplaced] == ["CxYz123abc"]
