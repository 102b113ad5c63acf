"""Mastodon: the status parser on the documentation's recorded status, and the per-instance allow-list."""

from __future__ import annotations

import pytest

from embedresolve.errors import HostNotAllowed
from embedresolve.platforms import parse_post_url
from embedresolve.platforms.base import PostRef
from embedresolve.resolve.config import Endpoints
from embedresolve.resolve.formats.mastodon import parse_mastodon_status
from embedresolve.resolve.http import SupportsFetch
from embedresolve.resolve.platforms import mastodon
from embedresolve.resolve.platforms.instances import InstanceFetchers
from tests.platforms.data_files import page

STATUS = "mastodon_status_103270115826048975_EXCERPT.json"


def ref(url: str = "https://mastodon.social/@Gargron/103270115826048975") -> PostRef:
    found = parse_post_url(url)
    assert found is not None
    return found


def test_status():
    post = parse_mastodon_status(page(STATUS), ref())
    assert post.post_id == "103270115826048975"
    assert post.text is not None
    assert post.text.startswith(
        '"I lost my inheritance with one wrong digit on my sort code"\n\nhttps://www.theguardian'
    )
    assert (post.author_name, post.author_handle) == ("Eugen", "Gargron@mastodon.social")
    assert post.created_at == "2019-12-08T03:48:33Z"
    assert dict(post.counts) == {"favourites": 11, "reblogs": 6, "replies": 5}


def test_live_request_goes_to_the_embeds_own_instance():
    (request,) = mastodon.live(ref("https://fosstodon.org/@someone/109876543210"), Endpoints())
    assert request.url == "https://fosstodon.org/api/v1/statuses/109876543210"


class _Recorder:
    """Records which host each fetcher was made for; answers nothing (no request is made in these tests)."""

    def __init__(self) -> None:
        self.made: list[str] = []

    def make(self, host: str) -> SupportsFetch:
        self.made.append(host)
        raise RuntimeError("no network in this test")


@pytest.mark.parametrize(
    "url",
    [
        "https://mastodon.social/api/v1/accounts/1",  # another path
        "https://mastodon.social/api/v1/statuses/1?foo=bar",  # a query
        "http://mastodon.social/api/v1/statuses/1",  # not https
        "https://mastodon.social/api/v1/statuses/1/context",
        "https://mastodon.social/@Gargron/1",
    ],
)
def test_instance_fetchers_refuse_everything_but_a_status(url: str):
    recorder = _Recorder()
    fetchers = InstanceFetchers(recorder.make, lambda fetcher: None)
    with pytest.raises(HostNotAllowed):
        fetchers.fetch(url, purpose="mastodon.status")
    assert recorder.made == []
