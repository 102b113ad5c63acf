"""Telegram's widget page parser (GENERATED pages in the widget's markup, see data/README.md)."""

from __future__ import annotations

import pytest

from embedresolve.errors import PostUnavailable
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.resolve.formats.telegram_widget import parse_telegram_page
from tests.platforms.data_files import page


def ref(url: str = "https://t.me/examplechannel/451") -> PostRef:
    found = parse_post_url(url)
    assert found is not None
    return found


def test_widget_message():
    post = parse_telegram_page(page("telegram_widget_GENERATED.html"), ref())
    assert post.post_id == "examplechannel/451"
    assert post.text == "Polling stations close at 8 pm.\nResults from our live page & updates here."
    assert (post.author_name, post.author_handle) == ("Example Channel", "examplechannel")
    assert post.created_at == "2024-06-09T18:05:00Z"
    assert dict(post.counts) == {"views": 1200}
    assert [(m.type, m.url) for m in post.media] == [
        ("photo", "https://cdn4.telesco.pe/file/example-photo.jpg")
    ]


def test_channel_case_follows_the_request():
    post = parse_telegram_page(page("telegram_widget_GENERATED.html"), ref("https://t.me/ExampleChannel/451"))
    assert post.post_id == "ExampleChannel/451"


def test_widget_of_another_message_names_it():
    post = parse_telegram_page(page("telegram_widget_GENERATED.html"), ref("https://t.me/examplechannel/452"))
    assert post.post_id == "examplechannel/451"


def test_removed_post():
    with pytest.raises(PostUnavailable) as gone:
        parse_telegram_page(page("telegram_widget_not_found_GENERATED.html"), ref())
    assert gone.value.outcome == "deleted"
