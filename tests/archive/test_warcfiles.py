"""WarcSource: the same WARCs pywb serves, read directly with warcio and no server at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from embedresolve.resolve.sources.base import PostSource, ShortCodeSource
from embedresolve.resolve.sources.warcfiles import WarcSource
from tests.archive import fixtures as fx


@pytest.fixture(scope="module")
def warcs(archive_dir: Path) -> WarcSource:
    """The very WARCs the pywb fixture serves, read with no server."""
    return WarcSource([archive_dir])


def test_implements_the_protocols(warcs: WarcSource) -> None:
    assert isinstance(warcs, PostSource) and isinstance(warcs, ShortCodeSource)


class TestShortCodes:
    @pytest.mark.parametrize(
        ("code", "target"),
        [
            (fx.SJ_CODE, fx.SJ_PHOTO_URL),
            (fx.PIC_CODE, fx.PIC_TARGET),
            (fx.LOWER_CODE, fx.LOWER_TARGET),
            (fx.META_CODE, fx.META_TARGET),
        ],
    )
    def test_found(self, warcs: WarcSource, code: str, target: str) -> None:
        lookup = warcs.expand_short_code(code)
        assert lookup.outcome == "found", lookup
        assert lookup.value == target
        record = [e for e in lookup.evidence if e.step == "record"][-1]
        assert record.warc_file.endswith(".warc.gz") and record.offset >= 0
        assert record.archive == "warc" and record.source == "warc"

    def test_redirect_elsewhere(self, warcs: WarcSource) -> None:
        lookup = warcs.expand_short_code(fx.EXT_CODE)
        assert lookup.outcome == "found"
        assert lookup.value is not None and "example.com" in lookup.value

    def test_unknown(self, warcs: WarcSource) -> None:
        assert warcs.expand_short_code("Nope12345").outcome == "not_archived"


class TestPosts:
    @pytest.mark.parametrize(
        ("post_id", "source"),
        [
            (fx.SJ_ID, "warc.status_page"),
            (fx.OBAMA_ID, "warc.status_page"),
            (fx.OEMBED_ID, "warc.oembed"),
            (fx.SYND_ID, "warc.syndication"),
            (fx.V1_ID, "warc.api_v1"),
            (fx.V2_ID, "warc.api_v2"),
        ],
    )
    def test_each_capture_kind(self, warcs: WarcSource, post_id: str, source: str) -> None:
        lookup = warcs.post(post_id)
        assert lookup.outcome == "found", lookup
        assert lookup.value is not None and lookup.value.post_id == post_id and lookup.value.source == source
        record = [e for e in lookup.evidence if e.step == "record"][-1]
        assert record.capture_time.endswith("Z") and record.cdx_digest and record.sha256

    def test_deleted(self, warcs: WarcSource) -> None:
        assert warcs.post(fx.SJ_DELETED_ID).outcome == "deleted"
        assert warcs.post(fx.TOMB_ID).outcome == "deleted"

    def test_archived_429_only(self, warcs: WarcSource) -> None:
        assert warcs.post(fx.BUSY_ID).outcome == "not_archived"

    def test_not_archived(self, warcs: WarcSource) -> None:
        assert warcs.post(fx.NEVER_ID).outcome == "not_archived"


def test_a_single_file_path(tmp_path: Path) -> None:
    path = fx.write_warc(tmp_path / "one.warc.gz", [c for c in fx.catalogue() if fx.V2_ID in c.url])
    assert WarcSource([path]).post(fx.V2_ID).outcome == "found"


def test_damaged_files_are_skipped_and_named(tmp_path: Path) -> None:
    directory = fx.build_archive(tmp_path / "crawl")
    (directory / "damaged.warc").write_bytes(b"this is not a WARC file\r\n\r\nhello")
    lookup = WarcSource([directory]).post(fx.SJ_ID)
    assert lookup.outcome == "found"
    unreadable = [e for e in lookup.evidence if e.step == "index"]
    assert unreadable and "damaged.warc" in unreadable[0].unreadable[0]
