"""Mastodon's lookups: ``/api/v1/statuses/<id>`` on the embed's own instance; archives.

The instance is the host of the embed's post URL. Live requests go to
``https://<instance>`` through :class:`~.instances.InstanceFetchers`
(that host, that path only), or, when ``Endpoints.mastodon`` is set, to that
one base (a local stand-in for every instance). Archives are asked for the
status page and for captures of the API answer.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from embedresolve.platforms.base import PostRef
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.formats.mastodon import parse_mastodon_status
from embedresolve.resolve.formats.social_page import parse_social_page
from embedresolve.resolve.platforms.spec import Platform, Request

NAME = "mastodon"


def instance(ref: PostRef) -> str:
    return (urlsplit(ref.canonical_url).hostname or "").lower()


def live(ref: PostRef, endpoints: Endpoints) -> tuple[Request, ...]:
    base = endpoints.mastodon or f"https://{instance(ref)}"
    url = f"{base.rstrip('/')}/api/v1/statuses/{ref.post_id}"
    return (Request("status", url, parse_mastodon_status),)


def archived(ref: PostRef) -> tuple[Request, ...]:
    api = f"https://{instance(ref)}/api/v1/statuses/{ref.post_id}"
    return (
        Request("page", ref.canonical_url, parse_social_page),
        Request("status", api, parse_mastodon_status),
    )


PLATFORM = Platform(NAME, live, archived)
