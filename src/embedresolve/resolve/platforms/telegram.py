"""Telegram's lookups: the post widget live; the widget and post pages in archives."""

from __future__ import annotations

from embedresolve.platforms.base import PostRef
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.formats.telegram_widget import parse_telegram_page
from embedresolve.resolve.platforms.spec import Platform, Request

NAME = "telegram"


def live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    return (
        Request("widget", f"{endpoints.telegram.rstrip('/')}/{ref.post_id}?embed=1", parse_telegram_page),
    )


def archived(ref: PostRef) -> tuple[Request, ...]:
    return (
        Request("widget", f"https://t.me/{ref.post_id}?embed=1", parse_telegram_page),
        Request("page", f"https://t.me/{ref.post_id}", parse_telegram_page),
    )


PLATFORM = Platform(NAME, live, archived)
