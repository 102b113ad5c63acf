"""Mastodon: a status from ``GET /api/v1/statuses/<id>`` (public statuses need no token).

The answer is a Status entity: ``id``, ``url``, ``created_at``, ``content``
(HTML: ``<p>`` paragraphs, ``<br>`` line breaks, links whose long parts sit in
``invisible`` spans), ``language``, ``account`` (``acct`` is ``user`` for the
instance's own accounts and ``user@domain`` for remote ones; ``url`` is the
profile), ``media_attachments`` (``type`` image, video, gifv, audio) and
``replies_count``/``reblogs_count``/``favourites_count``. A boost carries the
boosted status in ``reblog``; the post is then that status.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

from embedresolve.errors import UnreadablePayload
from embedresolve.platforms.base import PostRef
from embedresolve.provenance import Post
from embedresolve.resolve.formats.draft import PostDraft
from embedresolve.resolve.formats.times import parse_created_at
from embedresolve.resolve.formats.values import as_dict, as_list, as_str, json_object

__all__ = ["parse_mastodon_status", "status_text"]

_MEDIA_KINDS = {"image": "photo", "video": "video", "gifv": "animated_gif", "audio": "audio"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def status_text(content: str) -> str:
    """A status's HTML ``content`` as plain text (paragraphs and line breaks kept)."""
    reader = _Text()
    reader.feed(content[:200_000])
    reader.close()
    return "\n".join(" ".join(line.split()) for line in "".join(reader.parts).split("\n")).strip()


def parse_mastodon_status(body: bytes, ref: PostRef) -> Post:
    data = json_object(body)
    if data is None or as_str(data.get("error")):
        raise UnreadablePayload("not a Mastodon status")
    status = as_dict(data.get("reblog")) or data
    src = "api/v1/statuses:" + ("reblog." if data.get("reblog") else "")
    post_id = as_str(data.get("id"))
    if post_id is None:
        raise UnreadablePayload("status answer has no id")
    account = as_dict(status.get("account"))
    profile = as_str(account.get("url"))
    acct = as_str(account.get("acct"))
    if acct and "@" not in acct and profile:
        acct = f"{acct}@{urlsplit(profile).hostname}"
    draft = PostDraft()
    draft.put("text", status_text(as_str(status.get("content")) or ""), f"{src}content")
    draft.put("created_at", parse_created_at(status.get("created_at")), f"{src}created_at")
    draft.put("author_name", as_str(account.get("display_name")), f"{src}account.display_name")
    draft.put("author_handle", acct, f"{src}account.acct")
    draft.put("author_url", profile, f"{src}account.url")
    draft.put("url", as_str(status.get("url")) or ref.canonical_url, f"{src}url")
    draft.put("lang", as_str(status.get("language")), f"{src}language")
    for key, name in (
        ("replies_count", "replies"),
        ("reblogs_count", "reblogs"),
        ("favourites_count", "favourites"),
    ):
        draft.count(name, status.get(key), f"{src}{key}")
    for media in as_list(status.get("media_attachments")):
        media = as_dict(media)
        kind = _MEDIA_KINDS.get(as_str(media.get("type")) or "", "photo")
        draft.add_media(kind, as_str(media.get("url")), f"{src}media_attachments")
    if draft.empty:
        raise UnreadablePayload("status has no content, author or media")
    return draft.build("mastodon", post_id, "status")
