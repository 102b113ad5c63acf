"""Which media a post names and under which URLs: table-driven, on recorded payloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from embedresolve.media.items import ALL_ROLES, DEFAULT_ROLES, items_from_payload, items_from_post
from embedresolve.media.magic import sniff_extension
from embedresolve.media.paths import media_path, parse_media_name
from embedresolve.media.variants import (
    choose_videos,
    parse_photo_url,
    photo_forms,
    video_variant,
)

SYNDICATION = Path(__file__).parents[1] / "live" / "data" / "syndication"


def payload(name: str) -> dict:
    return json.loads((SYNDICATION / name).read_text())["response_json"]


@pytest.mark.parametrize(
    ("url", "media_id", "fmt"),
    [
        ("https://pbs.twimg.com/media/FsZNOgcWAAEQtrd.jpg", "FsZNOgcWAAEQtrd", "jpg"),
        ("https://pbs.twimg.com/media/FsZNOgcWAAEQtrd.jpg:large", "FsZNOgcWAAEQtrd", "jpg"),
        ("https://pbs.twimg.com/media/FsZNOgcWAAEQtrd?format=png&name=small", "FsZNOgcWAAEQtrd", "png"),
        ("https://pbs.twimg.com/media/fszNOgcWAAEQtrd?format=jpeg&name=orig", "fszNOgcWAAEQtrd", "jpg"),
    ],
)
def test_photo_urls_in_every_form_name_the_same_id(url: str, media_id: str, fmt: str) -> None:
    ref = parse_photo_url(url)
    assert ref is not None
    assert (ref.media_id, ref.format) == (media_id, fmt)


@pytest.mark.parametrize(
    "url",
    [
        "https://pic.twitter.com/rQd6FIwZ0U",
        "https://twitter.com/a/status/1/photo/1",
        "https://pbs.twimg.com/x",
    ],
)
def test_pages_are_not_photo_files(url: str) -> None:
    assert parse_photo_url(url) is None


def test_photo_forms_rank_orig_in_own_format_then_other_format_then_sizes_then_legacy() -> None:
    ref = parse_photo_url("https://pbs.twimg.com/media/ABC.png")
    assert ref is not None
    assert [f.url.removeprefix("https://pbs.twimg.com/media/") for f in photo_forms(ref)] == [
        "ABC?format=png&name=orig",
        "ABC?format=jpg&name=orig",
        "ABC?format=png&name=4096x4096",
        "ABC?format=png&name=large",
        "ABC?format=png&name=medium",
        "ABC?format=png&name=small",
        "ABC.png:orig",
        "ABC.png:large",
        "ABC.png",
    ]


def test_video_choice_best_and_replay_from_bitrates() -> None:
    variants = payload("SYNTHETIC_video_long_post_1700000000000000000.json")["mediaDetails"][0]["video_info"][
        "variants"
    ]
    parsed = [video_variant(v) for v in variants]
    chosen, playlists = choose_videos([v for v in parsed if v is not None], "both")
    assert [(role, v.name, v.bitrate) for role, v in chosen] == [("best", "1280x720", 2176000)]
    assert [p.name for p in playlists] == ["hls"]


@pytest.mark.parametrize(
    ("bitrates", "choice", "expected"),
    [
        ([10368000, 2176000, 832000], "both", [("best", 10368000), ("replay", 2176000)]),
        ([10368000, 2176000], "best", [("best", 10368000)]),
        ([10368000, 2176000], "replay", [("replay", 2176000)]),
        ([10368000], "replay", [("best", 10368000)]),  # nothing fits: keep the one there is
        ([832000], "both", [("best", 832000)]),
    ],
)
def test_video_choice_table(bitrates: list[int], choice: str, expected: list[tuple[str, int]]) -> None:
    variants = [
        video_variant(
            {
                "url": f"https://video.twimg.com/ext_tw_video/9/pu/vid/{b}.mp4",
                "bitrate": b,
                "content_type": "video/mp4",
            }
        )
        for b in bitrates
    ]
    chosen, _ = choose_videos([v for v in variants if v is not None], choice)  # type: ignore[arg-type]
    assert [(role, v.bitrate) for role, v in chosen] == expected


def test_without_bitrates_the_frame_size_picks_the_replay_rendition() -> None:
    urls = [
        "https://video.twimg.com/ext_tw_video/9/pu/vid/1920x1080/a.mp4",
        "https://video.twimg.com/ext_tw_video/9/pu/vid/1280x720/b.mp4",
        "https://video.twimg.com/ext_tw_video/9/pu/vid/640x360/c.mp4",
    ]
    chosen, _ = choose_videos([v for v in map(video_variant, urls) if v is not None], "both")
    assert [(role, v.name) for role, v in chosen] == [("best", "1920x1080"), ("replay", "1280x720")]


def test_photo_post_record_gives_one_photo_with_its_identity() -> None:
    post = {
        "platform": "twitter",
        "post_id": "1641086480675225601",
        "media": [
            {"type": "photo", "url": "https://pbs.twimg.com/media/FsZNOgcWAAEQtrd.jpg", "variants": []}
        ],
    }
    found = items_from_post(post)
    assert [(i.role, i.identity) for i in found.items] == [("photo", "twitter:photo:FsZNOgcWAAEQtrd")]
    assert found.items[0].archive_prefix == "pbs.twimg.com/media/FsZNOgcWAAEQtrd"
    assert found.needs_payload == []


def test_oembed_post_naming_only_the_pic_page_needs_the_payload() -> None:
    post = {
        "platform": "twitter",
        "post_id": "1",
        "media": [{"type": "photo", "url": "https://pic.twitter.com/rQd6FIwZ0U"}],
    }
    found = items_from_post(post)
    assert found.items == []
    assert found.needs_payload == ["https://pic.twitter.com/rQd6FIwZ0U"]


def test_video_post_record_with_bare_variant_urls() -> None:
    post = {
        "platform": "twitter",
        "post_id": "1700000000000000000",
        "media": [
            {
                "type": "video",
                "url": "https://video.twimg.com/ext_tw_video/17/pu/vid/1920x1080/a.mp4",
                "variants": [
                    "https://video.twimg.com/ext_tw_video/17/pu/vid/1920x1080/a.mp4",
                    "https://video.twimg.com/ext_tw_video/17/pu/vid/1280x720/b.mp4",
                    "https://video.twimg.com/ext_tw_video/17/pu/pl/p.m3u8",
                ],
            }
        ],
    }
    items = items_from_post(post).items
    assert [(i.identity, i.variant_role) for i in items] == [
        ("twitter:video:17:1920x1080", "best"),
        ("twitter:video:17:1280x720", "replay"),
    ]
    assert items[0].playlists == ("https://video.twimg.com/ext_tw_video/17/pu/pl/p.m3u8",)
    assert all(i.kind == "video" for i in items)


def test_other_platform_media_are_taken_as_named() -> None:
    post = {
        "platform": "youtube",
        "post_id": "x",
        "media": [{"type": "photo", "url": "https://i.ytimg.com/vi/x/hqdefault.jpg"}],
    }
    (item,) = items_from_post(post).items
    assert item.identity == "youtube:photo:https://i.ytimg.com/vi/x/hqdefault.jpg"
    assert [f.url for f in item.forms] == ["https://i.ytimg.com/vi/x/hqdefault.jpg"]


@pytest.mark.parametrize(
    ("name", "roles", "expected"),
    [
        ("tweet_with_photo_1641086480675225601.json", None, ["photo"]),
        ("tweet_with_photo_1641086480675225601.json", ALL_ROLES, ["photo", "avatar"]),
        ("tweet_with_card_1629262255744503809.json", None, ["card_image"]),
        ("tweet_with_quoted_tweet_1641895049427550208.json", None, ["photo"]),
        ("SYNTHETIC_video_long_post_1700000000000000000.json", None, ["video"]),
        ("SYNTHETIC_video_long_post_1700000000000000000.json", ("video", "poster"), ["video", "poster"]),
    ],
)
def test_roles_from_syndication_payloads(name: str, roles: tuple | None, expected: list[str]) -> None:
    items = items_from_payload(payload(name), frozenset(roles) if roles else DEFAULT_ROLES)
    assert [i.role for i in items] == expected


def test_card_image_is_the_largest_and_quoted_media_keep_the_quoted_post() -> None:
    (card,) = items_from_payload(payload("tweet_with_card_1629262255744503809.json"))
    assert card.forms[0].url.endswith("7ayIAMcm?format=png&name=orig")  # photo_image_full_size_original
    (photo,) = items_from_payload(payload("tweet_with_quoted_tweet_1641895049427550208.json"))
    assert photo.post_id == "1641086480675225601"
    assert photo.identity == "twitter:photo:FsZNOgcWAAEQtrd"


def test_avatar_forms_try_the_original_first() -> None:
    items = items_from_payload(payload("tweet_with_photo_1641086480675225601.json"), frozenset({"avatar"}))
    assert [f.name for f in items[0].forms] == ["orig", "400x400", "normal"]
    assert items[0].forms[0].url.endswith("/JkIt3onc.jpg")


@pytest.mark.parametrize(
    ("head", "ext"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "jpg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "png"),
        (b"GIF89a\x01\x00", "gif"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "webp"),
        (b"\x00\x00\x00\x18ftypmp42", "mp4"),
        (b"<html>", "bin"),
        (b"", "bin"),
    ],
)
def test_extension_comes_from_magic_bytes(head: bytes, ext: str) -> None:
    assert sniff_extension(head) == ext


def test_content_addressed_paths() -> None:
    digest = "ab" + "cd" + "0" * 60
    path = media_path(Path("/d"), digest, "jpg")
    assert path == Path("/d/media/sha256/ab/cd") / f"{digest}.jpg"
    assert parse_media_name(path.name) == (digest, "jpg")
    assert parse_media_name(".tmp-123") is None
    with pytest.raises(ValueError, match="sha256"):
        media_path(Path("/d"), "../etc", "jpg")
