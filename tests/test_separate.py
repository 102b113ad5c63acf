"""Separation: lossless, idempotent, well-formed spans — as properties over many texts."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from embedresolve.detect import detect_text
from embedresolve.separate import restore, separate
from tests.detect.text.test_detect_text import SHAPES

PARAGRAPHS = [
    "The minister spoke to reporters on Tuesday and said the plan would go ahead as announced.",
    "Opposition parties said they would challenge the decision in court — again.",
    "By Jane Roe (@janeroe)",
    "“We will see,” she said on March 3, 2019.",
    "Residents wrote on Twitter:",
    "- a list item",
    "",
]
EMBEDS = [shape[1] for shape in SHAPES]
SEPARATORS = ["\n\n", "\n", " ", "\n\n\n\n", "\n\n   ", "\r\n\r\n"]

articles = st.lists(
    st.tuples(st.sampled_from(PARAGRAPHS + EMBEDS), st.sampled_from(SEPARATORS)), max_size=12
).map(lambda parts: "".join(p + s for p, s in parts))
noisy = st.one_of(
    st.text(max_size=400),
    st.text(alphabet="—–-@()#:.\n >[]pic.twitter.com/2019 March", max_size=400),
    articles,
)


@settings(max_examples=300, deadline=None)
@given(noisy)
def test_restore_gives_back_every_byte(text: str) -> None:
    """restore(separate(text)) == text, whatever the text."""
    clean, embeds = separate(text, detect_text(text))
    assert restore(clean, embeds) == text


@settings(max_examples=300, deadline=None)
@given(noisy)
def test_spans_are_sorted_in_bounds_and_disjoint(text: str) -> None:
    """Spans and cuts lie in the text, in order, never overlapping; a cut covers its span."""
    _, embeds = separate(text, detect_text(text))
    previous_end = 0
    for embed in embeds:
        assert embed.cut is not None and embed.raw is not None
        start, end = embed.span
        assert 0 <= start < end <= len(text)
        assert embed.cut[0] <= start and end <= embed.cut[1]
        assert embed.cut[0] >= previous_end
        assert text[start] not in " \t\r\n" and text[end - 1] not in " \t\r\n"
        previous_end = embed.cut[1]


@settings(max_examples=300, deadline=None)
@given(articles)
def test_cleaning_a_clean_text_finds_nothing(text: str) -> None:
    """Idempotence: the clean body holds no embed."""
    clean, _ = separate(text, detect_text(text))
    assert detect_text(clean) == []


def test_paragraphs_around_an_embed_join_with_one_break() -> None:
    """No stray blank-line run is left where an embed was."""
    text = "First paragraph.\n\nA post — Ann (@ann) May 1, 2020\n\nSecond paragraph."
    clean, (embed,) = separate(text, detect_text(text))
    assert clean == "First paragraph.\n\nSecond paragraph."
    assert embed.raw == "A post — Ann (@ann) May 1, 2020\n\n"


def test_indented_paragraph_keeps_its_indentation() -> None:
    """inscriptis-style indentation of the next paragraph survives the cut."""
    text = "  First.\n\n  A post — Ann (@ann) May 1, 2020\n\n  Second."
    clean, _ = separate(text, detect_text(text))
    assert clean == "  First.\n\n  Second."


def test_embed_at_the_end_takes_the_break_before_it() -> None:
    text = "First paragraph.\n\nA post — Ann (@ann) May 1, 2020\n"
    clean, _ = separate(text, detect_text(text))
    assert clean == "First paragraph."


def test_markdown_quote_markers_go_with_the_embed() -> None:
    """html2text's `> ` lines are cut with the embed, not left in the body."""
    text = "Before.\n\n> A post\n> \n> — Ann (@ann) [May 1, 2020](https://twitter.com/ann/status/1)\n\nAfter."
    clean, _ = separate(text, detect_text(text))
    assert clean == "Before.\n\nAfter."


def test_own_cuts_are_deleted_as_they_are() -> None:
    """HTML embeds bring their cut (loader script included): separation keeps it, not the text rule."""
    text = "Before.\n\nA post — Ann (@ann) May 1, 2020<script></script>\n\nAfter."
    (embed,) = detect_text(text)
    start = text.index("A post")
    own = embed.with_(cut=(start, text.index("\n\nAfter")))
    clean, (placed,) = separate(text, [own], own_cuts=True)
    assert clean == "Before.\n\n\n\nAfter."
    assert placed.cut == own.cut
    assert placed.raw == "A post — Ann (@ann) May 1, 2020<script></script>"
    assert restore(clean, [placed]) == text


def test_own_cuts_need_a_cut() -> None:
    text = "A post — Ann (@ann) May 1, 2020"
    with pytest.raises(ValueError, match="no cut"):
        separate(text, detect_text(text), own_cuts=True)
