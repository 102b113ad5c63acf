"""Archived API answers, v1.1 and v2: posts, lists, and the error answers that say why there is none."""

from __future__ import annotations

import json

import pytest

from embedresolve.errors import PostUnavailable, UnreadablePayload
from embedresolve.resolve.formats.api_json import parse_api_json
from tests.archive import fixtures as fx
from tests.resolve.formats.data import PAGES


def _page(name: str) -> object:
    return json.loads((PAGES / name).read_text(encoding="utf-8"))


def test_v1():
    post = parse_api_json(_page(f"api_v1_statuses_show_{fx.V1_ID}.json"))
    assert (post.post_id, post.author_handle, post.author_name) == (fx.V1_ID, "twitterapi", "Twitter API")
    assert post.created_at == "2012-06-06T20:07:10Z"
    assert post.text is not None and post.text.startswith("Along with our new #Twitterbird")
    assert post.media[0].url == "https://pbs.twimg.com/media/Au8XLB0CIAA3YNt.jpg"
    assert post.source == "api_v1"


def test_v1_list_and_legacy_text():
    data = [{"id_str": "5", "text": "x"}, {"id": 6, "text": "a &lt;b&gt;", "user": {"screen_name": "u"}}]
    post = parse_api_json(data, "6")
    assert post.text == "a <b>" and post.author_handle == "u"


def test_v2():
    post = parse_api_json(_page(f"api_v2_tweets_{fx.V2_ID}.json"))
    assert (post.post_id, post.author_handle, post.author_name) == (fx.V2_ID, "TwitterDev", "Twitter Dev")
    assert post.created_at == "2021-11-15T19:08:05Z"
    (video,) = post.media
    assert video.type == "video" and video.url.endswith("1280x720/b.mp4") and len(video.variants) == 3
    assert post.source == "api_v2"


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        ({"errors": [{"code": 144, "message": "No status found with that ID."}]}, "deleted"),
        (
            {"errors": [{"code": 179, "message": "Sorry, you are not authorized to see this status."}]},
            "protected",
        ),
        ({"errors": [{"code": 63, "message": "User has been suspended."}]}, "protected"),
        ({"errors": [{"code": 34, "message": "Sorry, that page does not exist."}]}, "not_found"),
        (
            {
                "errors": [
                    {
                        "title": "Not Found Error",
                        "detail": "Could not find tweet with id: [1].",
                        "type": "https://api.twitter.com/2/problems/resource-not-found",
                    }
                ]
            },
            "deleted",
        ),
        (
            {
                "errors": [
                    {
                        "title": "Authorization Error",
                        "detail": "Sorry, you are not authorized to see the Tweet with id: [1].",
                        "type": "https://api.twitter.com/2/problems/not-authorized-for-resource",
                    }
                ]
            },
            "protected",
        ),
    ],
)
def test_errors(data, outcome):
    with pytest.raises(PostUnavailable) as info:
        parse_api_json(data)
    assert info.value.outcome == outcome


def test_error_reason_quotes_the_payload():
    with pytest.raises(PostUnavailable) as info:
        parse_api_json({"errors": [{"code": 144, "message": "No status found with that ID."}]})
    assert info.value.reason == "API error 144: No status found with that ID."


@pytest.mark.parametrize("data", [{"hello": "world"}, [], None, {"data": []}, [{"id_str": "5"}]])
def test_no_tweet(data):
    with pytest.raises(UnreadablePayload):
        parse_api_json(data, "6" if isinstance(data, list) else None)
