"""Telegram: the post widget page (``t.me/CHANNEL/ID?embed=1``) and the post page (``t.me/CHANNEL/ID``).

The widget page is server-rendered HTML: the message block
``<div class="tgme_widget_message …" data-post="CHANNEL/ID">`` holds the
channel's name (``tgme_widget_message_owner_name``), the text
(``tgme_widget_message_text``, whose ``<br/>`` are line breaks; a reply's
quote uses the same class with ``js-message_reply_text`` and is skipped),
the views (``tgme_widget_message_views``, "1.2K"), the photo
(``tgme_widget_message_photo_wrap`` with a ``background-image:url('…')``
style) and the time (``<time datetime="…">`` in ``tgme_widget_message_date``).
A removed post's widget says so in ``tgme_widget_message_error`` ("Post
not found"). The plain post page carries the same text in ``og:description``
(and the channel's name in ``og:title``), read when there is no widget block.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from embedresolve.errors import PostUnavailable, UnreadablePayload
from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Post
from embedresolve.resolve.formats.draft import PostDraft
from embedresolve.resolve.formats.page_meta import read_page
from embedresolve.resolve.formats.times import parse_created_at
from embedresolve.resolve.formats.values import MAX_HTML_CHARS

__all__ = ["parse_telegram_page"]

_BACKGROUND = re.compile(r"background-image:\s{0,5}url\(['\"]?([^'\")]{1,2000})['\"]?\)")
_VOID = frozenset({"br", "img", "meta", "link", "input", "hr", "source", "wbr"})


class _Widget(HTMLParser):
    """Collects the message block's parts (the first block only: a widget page shows one post)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.post: str | None = None
        self.owner: list[str] = []
        self.text: list[str] = []
        self.error: list[str] = []
        self.views: list[str] = []
        self.when: str | None = None
        self.photo: str | None = None
        self._stack: list[str | None] = []  # the part each open element belongs to

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        classes = values.get("class", "").split()
        part = self._stack[-1] if self._stack else None
        if "tgme_widget_message" in classes and self.post is None:
            self.post = values.get("data-post") or None
        elif "tgme_widget_message_owner_name" in classes:
            part = "owner"
        elif "tgme_widget_message_text" in classes and "js-message_reply_text" not in classes:
            part = "text" if not self.text else part
        elif "js-message_reply_text" in classes or "tgme_widget_message_reply" in classes:
            part = "skip"
        elif "tgme_widget_message_error" in classes:
            part = "error"
        elif "tgme_widget_message_views" in classes:
            part = "views"
        elif "tgme_widget_message_photo_wrap" in classes and self.photo is None:
            match = _BACKGROUND.search(values.get("style", ""))
            self.photo = match.group(1) if match else None
        if tag == "time" and self.when is None:
            self.when = values.get("datetime") or None
        if tag == "br" and part == "text":
            self.text.append("\n")
        if tag not in _VOID:
            self._stack.append(part)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        part = self._stack[-1] if self._stack else None
        target = {"owner": self.owner, "text": self.text, "error": self.error, "views": self.views}.get(
            part or ""
        )
        if target is not None:
            target.append(data)


def _views(text: str) -> int | None:
    """ "1.2K" → 1200, "3.46M" → 3460000, "815" → 815 (as the widget rounds them)."""
    match = re.fullmatch(r"([0-9]{1,9}(?:\.[0-9]{1,3})?)([KM]?)", text.strip())
    if match is None:
        return None
    scale = {"": 1, "K": 1_000, "M": 1_000_000}[match.group(2)]
    return round(float(match.group(1)) * scale)


def parse_telegram_page(body: bytes, ref: PostRef) -> Post:
    widget = _Widget()
    widget.feed(body[:MAX_HTML_CHARS].decode("utf-8", errors="replace"))
    widget.close()
    error = " ".join("".join(widget.error).split())
    if error:
        raise PostUnavailable("deleted", f"widget: {error}")
    draft = PostDraft()
    if widget.post is not None:
        named = widget.post
        post_id = ref.post_id if ref.post_id and named.casefold() == ref.post_id.casefold() else named
        text = "\n".join(" ".join(line.split()) for line in "".join(widget.text).split("\n")).strip()
        draft.put("text", text, "widget:tgme_widget_message_text")
        draft.put(
            "author_name", " ".join("".join(widget.owner).split()), "widget:tgme_widget_message_owner_name"
        )
        draft.put("created_at", parse_created_at(widget.when), "widget:time.datetime")
        views = _views("".join(widget.views))
        if views is not None:
            draft.count("views", views, "widget:tgme_widget_message_views")
        draft.add_media("photo", widget.photo, "widget:tgme_widget_message_photo_wrap")
    else:
        page = read_page(body)
        if not page.meta.get("og:description") and not page.meta.get("og:title"):
            raise UnreadablePayload("neither a widget message nor a post page")
        post_id = ref.post_id or ""
        draft.put("text", page.meta.get("og:description"), "og:description")
        draft.put("author_name", page.meta.get("og:title"), "og:title")
        draft.put("thumbnail_url", page.meta.get("og:image"), "og:image")
    channel = post_id.partition("/")[0]
    draft.put("author_handle", channel or None, "widget:data-post")
    draft.put("url", f"https://t.me/{post_id}", "widget:data-post")
    if draft.empty:
        raise UnreadablePayload("the Telegram page holds no message")
    return draft.build("telegram", post_id, "widget")
