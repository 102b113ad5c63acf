"""Finding media: live CDN forms, Wayback (CDX + digest-checked id_ replay), Memento, WARC files."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

import pytest

from embedresolve.media.archives import LiveMedia, MementoMedia, WarcMedia, WaybackMedia
from embedresolve.media.fetch import search_item
from embedresolve.media.items import items_from_post
from embedresolve.media.sources import Endpoints, Fetcher, RateLimits, ResolveConfig
from embedresolve.testing.wayback_server import RunningServer
from tests.media.archive import ARCH_BYTES, ARCH_ID, ARCH_TWIN, MEM_BYTES, MEM_ID, PBS, REVISIT_ID, TWIN_BYTES
from tests.media.conftest import CASE_BYTES, CASE_ID, FAST, PHOTO_ID, PNG_ID, VIDEO_PATH, MakeStreamer
from tests.media.media_app import JPEG, PNG, MediaApp, mp4_bytes


def photo(url: str):
    (item,) = items_from_post(
        {"platform": "twitter", "post_id": "1", "media": [{"type": "photo", "url": url}]}
    ).items
    return item


def video(*urls: str):
    post = {
        "platform": "twitter",
        "post_id": "1",
        "media": [{"type": "video", "url": urls[0], "variants": list(urls)}],
    }
    return items_from_post(post).items


def fetcher_for(base: str, memento: str | None = None) -> Fetcher:
    return Fetcher.create(
        ResolveConfig(
            http=FAST, rate_limits=RateLimits.unlimited(), endpoints=Endpoints(wayback=base, memento=memento)
        )
    )


def body(found) -> bytes:
    return Path(found.download.path).read_bytes()


def test_live_photo_is_fetched_as_orig_in_its_own_format(
    make_streamer: MakeStreamer, media_app: MediaApp
) -> None:
    streamer = make_streamer()
    result = search_item(
        photo(f"{PBS}{PHOTO_ID}.jpg"), [LiveMedia(streamer)], max_bytes=10**6, is_allowed=streamer.is_allowed
    )
    assert result.outcome == "archived"
    assert result.found is not None
    assert result.found.form.name == "orig"
    assert body(result.found) == JPEG
    assert result.found.download.sha256 == hashlib.sha256(JPEG).hexdigest()
    assert media_app.seen == [f"/media/{PHOTO_ID}?format=jpg&name=orig"]


def test_wrong_format_orig_is_a_404_then_the_other_format(
    make_streamer: MakeStreamer, media_app: MediaApp
) -> None:
    streamer = make_streamer()
    result = search_item(
        photo(f"{PBS}{PNG_ID}.jpg"), [LiveMedia(streamer)], max_bytes=10**6, is_allowed=streamer.is_allowed
    )
    assert result.found is not None and body(result.found) == PNG
    assert [a["status"] for a in result.attempts] == [404, 200]
    assert result.found.form.format == "png"


def test_two_ids_that_differ_only_by_case_are_two_files(make_streamer: MakeStreamer) -> None:
    streamer = make_streamer()
    upper = search_item(
        photo(f"{PBS}{PHOTO_ID}.jpg"), [LiveMedia(streamer)], max_bytes=10**6, is_allowed=streamer.is_allowed
    )
    lower = search_item(
        photo(f"{PBS}{CASE_ID}.jpg"), [LiveMedia(streamer)], max_bytes=10**6, is_allowed=streamer.is_allowed
    )
    assert upper.found is not None and lower.found is not None
    assert (body(upper.found), body(lower.found)) == (JPEG, CASE_BYTES)


def test_tagged_rendition_403_then_the_untagged_url(make_streamer: MakeStreamer, media_app: MediaApp) -> None:
    data = mp4_bytes(4096)
    media_app.add_video(VIDEO_PATH, data)
    (item,) = video(f"https://video.twimg.com{VIDEO_PATH}?tag=12")
    streamer = make_streamer()
    result = search_item(item, [LiveMedia(streamer)], max_bytes=10**6, is_allowed=streamer.is_allowed)
    assert [a["status"] for a in result.attempts] == [403, 200]
    assert result.found is not None and body(result.found) == data
    assert result.found.download.head[4:8] == b"ftyp"


@pytest.mark.parametrize("declared", [True, False])
def test_oversize_video_is_too_large_and_leaves_no_file(
    make_streamer: MakeStreamer, media_app: MediaApp, tmp_path: Path, declared: bool
) -> None:
    path = f"/ext_tw_video/18/pu/vid/1920x1080/big-{declared}.mp4"
    media_app.add_video(path, size=3 * 2**20, length=declared)
    (item,) = video(f"https://video.twimg.com{path}")
    streamer = make_streamer()
    result = search_item(item, [LiveMedia(streamer)], max_bytes=2**20, is_allowed=streamer.is_allowed)
    assert result.outcome == "too_large"
    assert list((tmp_path / "tmp").glob("*")) == []


def test_off_allow_list_variant_is_blocked_without_a_request(make_streamer: MakeStreamer) -> None:
    other = MediaApp().start()
    try:
        (item,) = video(f"{other.base_url}/elsewhere/1280x720/v.mp4")
        streamer = make_streamer()
        result = search_item(item, [LiveMedia(streamer)], max_bytes=10**6, is_allowed=streamer.is_allowed)
        assert result.outcome == "blocked"
        assert other.seen == []
        assert streamer.requests == 0
    finally:
        other.stop()


def test_not_live_is_not_found(make_streamer: MakeStreamer) -> None:
    streamer = make_streamer()
    result = search_item(
        photo(f"{PBS}Missing0AAAAAA.jpg"),
        [LiveMedia(streamer)],
        max_bytes=10**6,
        is_allowed=streamer.is_allowed,
    )
    assert result.outcome == "not_found"
    assert len(result.attempts) == 9  # every form asked once


def test_wayback_checks_the_digest_and_the_case_of_the_id(
    make_streamer: MakeStreamer, media_pywb: RunningServer
) -> None:
    streamer = make_streamer(media_pywb.base_url)
    with fetcher_for(media_pywb.base_url) as fetcher:
        source = WaybackMedia(fetcher, streamer, media_pywb.base_url)
        result = search_item(
            photo(f"{PBS}{ARCH_ID}.jpg"), [source], max_bytes=10**6, is_allowed=streamer.is_allowed
        )
        twin = search_item(
            photo(f"{PBS}{ARCH_TWIN}.jpg"), [source], max_bytes=10**6, is_allowed=streamer.is_allowed
        )
    assert result.found is not None
    # name=orig ranks first but its bytes fail the CDX digest: recorded, then the :large capture.
    replays = [a for a in result.attempts if a["source"] == "wayback.replay"]
    assert [a["digest_matched"] for a in replays] == [False, True]
    assert result.found.original_url == f"{PBS}{ARCH_ID}.jpg:large"
    assert result.found.digest_matched is True
    assert result.found.memento_datetime == "2023-04-02T00:00:00Z"
    assert body(result.found) == ARCH_BYTES
    cdx = [a for a in result.attempts if a["source"] == "wayback.cdx"]
    assert len(cdx) == 1  # one prefix query per media ID
    assert twin.found is not None and body(twin.found) == TWIN_BYTES


def test_wayback_replays_an_archived_revisit(make_streamer: MakeStreamer, media_pywb: RunningServer) -> None:
    streamer = make_streamer(media_pywb.base_url)
    with fetcher_for(media_pywb.base_url) as fetcher:
        result = search_item(
            photo(f"{PBS}{REVISIT_ID}.jpg"),
            [WaybackMedia(fetcher, streamer, media_pywb.base_url)],
            max_bytes=10**6,
            is_allowed=streamer.is_allowed,
        )
    assert result.found is not None, result.attempts
    assert body(result.found) == ARCH_BYTES and result.found.digest_matched is True


def test_wayback_without_captures_is_not_archived(
    make_streamer: MakeStreamer, media_pywb: RunningServer
) -> None:
    streamer = make_streamer(media_pywb.base_url)
    with fetcher_for(media_pywb.base_url) as fetcher:
        result = search_item(
            photo(f"{PBS}Nowhere0AAAAAA.jpg"),
            [WaybackMedia(fetcher, streamer, media_pywb.base_url)],
            max_bytes=10**6,
            is_allowed=streamer.is_allowed,
        )
    assert result.outcome == "not_archived"


def test_memento_timemaps_by_exact_url(make_streamer: MakeStreamer, media_pywb: RunningServer) -> None:
    timemaps = f"{media_pywb.base_url}/web/timemap/link"
    streamer = make_streamer(media_pywb.base_url, memento=timemaps)
    with fetcher_for(media_pywb.base_url, timemaps) as fetcher:
        source = MementoMedia(fetcher, streamer, timemaps)
        result = search_item(
            photo(f"{PBS}{MEM_ID}.jpg"), [source], max_bytes=10**6, is_allowed=streamer.is_allowed
        )
    assert result.found is not None, result.attempts
    assert result.found.source == f"memento:127.0.0.1:{media_pywb.port}"
    assert result.found.form.name == "4096x4096"
    assert body(result.found) == MEM_BYTES
    assert result.found.memento_datetime == "2022-01-01T00:00:00Z"


def test_the_users_warc_files_with_digest_check(media_archive_dir: Path, tmp_path: Path) -> None:
    source = WarcMedia([media_archive_dir], tmp_path / "tmp")
    result = search_item(photo(f"{PBS}{ARCH_ID}.jpg"), [source], max_bytes=10**6, is_allowed=lambda url: True)
    assert result.found is not None
    assert [a["digest_matched"] for a in result.attempts] == [False, True]
    assert body(result.found) == ARCH_BYTES
    assert result.found.source == "warc:media-captures.warc.gz"


def test_streamer_retries_a_503_and_a_live_429_pauses_the_whole_host(
    make_streamer: MakeStreamer, media_app: MediaApp
) -> None:
    streamer = make_streamer(http=replace(FAST, max_attempts=3))
    media_app.faults[:] = [(503, {}), (429, {"Retry-After": "5"})]
    got = streamer.get(f"{PBS}{PHOTO_ID}?format=jpg&name=orig", max_bytes=10**6)
    assert (got.status, got.attempts) == (200, 3)
    assert streamer.limiter.rate_factor("pbs.twimg.com") == 0.5  # slowed down after the 429
    assert len(media_app.seen) == 3
    got.discard()


def test_an_archived_error_is_never_retried(make_streamer: MakeStreamer, media_app: MediaApp) -> None:
    streamer = make_streamer()
    media_app.faults[:] = [(503, {"Memento-Datetime": "Sat, 01 Feb 2020 02:37:57 GMT"})]
    got = streamer.get(f"{PBS}{PHOTO_ID}?format=jpg&name=orig", max_bytes=10**6)
    assert (got.status, got.attempts, got.is_memento) == (503, 1, True)
    assert got.path is None
