"""The labelled-data engine's span bookkeeping (tools/labels/spans.py, transforms.py).

Pure functions: no extractor package and no ../shared corpus needed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools" / "labels"))

import spans
from transforms import TRANSFORMS


def marked_page() -> tuple[str, list[str]]:
    """Flattened text of two embeds as an extractor would leave it, and each embed's text."""
    first = "Big news today!\n\n— Jane Doe (@jane) June 1, 2019"
    second = "Second post https://t.co/abc123 and more. Another sentence.\n— Jane Doe (@jane) June 2, 2019"
    marked = (
        "Lead paragraph with 12 numbers.\n\n"
        f"{spans.start_mark(0)}{first}{spans.end_mark(0)}\n\n"
        "Middle paragraph.\n\n"
        f"  {spans.start_mark(1)} {second} {spans.end_mark(1)}\n\nThe end."
    )
    return marked, [first, second]


def test_locate_gives_exact_spans_and_check_agrees():
    marked, texts = marked_page()
    text, located = spans.locate(marked, 2)
    spans.check(marked, text, located)
    assert "zqx" not in text
    assert [text[loc.span[0] : loc.span[1]] for loc in located] == texts
    assert not any(loc.partial for loc in located)


def test_codes_are_unique_and_read_back():
    codes = {spans.code(i) for i in range(26**3)}
    assert len(codes) == 26**3
    marked = "".join(f"{spans.start_mark(i)}x{i}{spans.end_mark(i)} " for i in (0, 27, 700, 17575))
    text, located = spans.locate(marked, 17576)
    found = {loc.index: text[loc.span[0] : loc.span[1]] for loc in located if loc.span}
    assert found == {0: "x0", 27: "x27", 700: "x700", 17575: "x17575"}


def test_a_lost_sentinel_makes_the_embed_partial_not_exact():
    marked = f"Before.\n\n{spans.start_mark(0)}Post text kept, signature dropped.\n\nAfter."
    text, located = spans.locate(marked, 1)
    assert located[0].span is None and located[0].partial
    region = spans.partial_region(text, marked, 0)
    assert region is not None
    assert text[region[0] : region[1]] == "Post text kept, signature dropped."


def test_a_repeated_sentinel_makes_the_embed_partial():
    mark, end = spans.start_mark(0), spans.end_mark(0)
    _, located = spans.locate(f"{mark}a{end} {mark}a{end}", 1)
    assert located[0].span is None and located[0].partial


def test_check_rejects_a_wrong_span():
    marked, _ = marked_page()
    text, located = spans.locate(marked, 2)
    s, e = located[0].span
    shifted = [spans.Located(0, (s + 1, e), False), located[1]]
    with pytest.raises(AssertionError, match="embed 0"):
        spans.check(marked, text, shifted)


@pytest.mark.parametrize("name", sorted(TRANSFORMS))
def test_transforms_keep_every_sentinel_so_spans_stay_exact(name):
    marked, _ = marked_page()
    transformed = TRANSFORMS[name](marked)
    assert spans.SENTINEL_RE.findall(transformed) == spans.SENTINEL_RE.findall(marked)
    text, located = spans.locate(transformed, 2)
    spans.check(transformed, text, located)
    assert all(loc.span is not None for loc in located)


def test_transforms_do_what_the_datasets_did():
    marked, _ = marked_page()
    assert "June *NUMBER*, *NUMBER*" in TRANSFORMS["mask_number_star"](marked)
    assert "June <NUM>, <NUM>" in TRANSFORMS["mask_number_angle"](marked)
    assert "June #, ####" in TRANSFORMS["mask_digit_hash"](marked)
    assert "*URL*" in TRANSFORMS["mask_url"](marked) and "t.co" not in TRANSFORMS["mask_url"](marked)
    assert "\r\n" in TRANSFORMS["crlf"](marked) and "\n" not in TRANSFORMS["crlf"](marked).replace("\r\n", "")
    assert "more.\nAnother sentence." in TRANSFORMS["sentence_per_line"](marked)
