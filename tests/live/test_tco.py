"""TcoSource against the local t.co stand-in, and its pure redirect parsing."""

from __future__ import annotations

import pytest

from embedresolve.resolve.formats.tco_page import refresh_target
from embedresolve.resolve.sources.base import ShortCodeSource
from embedresolve.resolve.sources.tco import TcoSource, is_short_code
from tests.servers import platform_app as pa


@pytest.fixture
def source(fetcher, app) -> TcoSource:
    return TcoSource(fetcher, app.base_url)


class TestRefreshTarget:
    """The browser page's target, from the meta refresh or the script."""

    @pytest.mark.parametrize(
        "content",
        [
            "0;URL=https://twitter.com/a/status/1/photo/1",
            "0; url = https://twitter.com/a/status/1/photo/1",
            "0,URL='https://twitter.com/a/status/1/photo/1'",
            "  0 ;  URL=https://twitter.com/a/status/1/photo/1  ",
            "https://twitter.com/a/status/1/photo/1",
        ],
    )
    def test_meta_refresh_forms(self, content):
        """Every spelling of the refresh content yields the URL."""
        html = f'<html><head><meta http-equiv="Refresh" content="{content}"></head></html>'
        assert refresh_target(html) == "https://twitter.com/a/status/1/photo/1"

    def test_recorded_x_com_refresh_form(self):
        """The spacing x.com used in its recorded 2024 page (`0; url = …`) parses."""
        html = '<meta http-equiv="refresh" content="0; url = https://twitter.com/x/migrate?tok=7b22" />'
        assert refresh_target(html) == "https://twitter.com/x/migrate?tok=7b22"

    def test_script_only_page_unescapes_js(self):
        """Without a meta refresh, location.replace("https:\\/\\/…") is read and unescaped."""
        html = pa.tco_browser_page("https://x.com/a/status/2?s=20&t=1", meta=False).decode()
        assert "\\/" in html
        assert refresh_target(html) == "https://x.com/a/status/2?s=20&t=1"

    def test_meta_refresh_is_entity_decoded(self):
        html = '<meta http-equiv="refresh" content="0;URL=https://x.com/a/status/2?s=20&amp;t=1">'
        assert refresh_target(html) == "https://x.com/a/status/2?s=20&t=1"

    def test_page_without_target(self):
        assert refresh_target("<html><meta name='referrer' content='always'></html>") is None

    def test_long_whitespace_content_is_fast(self):
        """No backtracking on hostile content (linear-time parsing)."""
        html = '<meta http-equiv="refresh" content="0;' + " " * 100_000 + '">'
        assert refresh_target(html) is None


class TestShortCodeValidation:
    @pytest.mark.parametrize("code", ["rQd6FIwZ0U", "a", "A" * 40])
    def test_valid(self, code):
        assert is_short_code(code)

    @pytest.mark.parametrize("code", ["", "A" * 41, "abc/def", "abc?x=1", "../admin", "ab c", "ä1", "abc\n"])
    def test_invalid(self, code):
        assert not is_short_code(code)


class TestTcoSource:
    def test_is_a_short_code_source(self, source):
        assert isinstance(source, ShortCodeSource)

    def test_301_location_is_the_answer(self, source, app):
        """A bot gets a 301: the Location is the status URL, /photo/1 kept; the target is never fetched."""
        lookup = source.expand_short_code(pa.PHOTO_CODE)
        assert lookup.outcome == "found"
        assert lookup.value == pa.PHOTO_TARGET
        assert [s.path for s in app.seen] == [f"/{pa.PHOTO_CODE}"]
        (entry,) = lookup.evidence
        assert entry.source == "tco"
        assert entry.status == 301
        assert entry.target == pa.PHOTO_TARGET
        assert entry.url == f"{app.base_url}/{pa.PHOTO_CODE}"
        assert entry.attempts == 1 and len(entry.sha256 or "") == 64

    def test_browser_page_meta_refresh(self, source):
        """A 200 HTML answer (what browsers get) is read for its meta refresh."""
        lookup = source.expand_short_code(pa.BROWSER_CODE)
        assert (lookup.outcome, lookup.value) == ("found", pa.BROWSER_TARGET)
        assert lookup.evidence[0].status == 200

    def test_browser_user_agent_gets_the_page(self, make_fetcher, app):
        """With a browser User-Agent the app answers 200 HTML, and the same target comes out."""
        fetcher = make_fetcher(user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0")
        lookup = TcoSource(fetcher, app.base_url).expand_short_code(pa.PHOTO_CODE)
        assert (lookup.outcome, lookup.value) == ("found", pa.PHOTO_TARGET)
        assert lookup.evidence[0].status == 200

    def test_script_only_page(self, source):
        lookup = source.expand_short_code(pa.SCRIPT_ONLY_CODE)
        assert (lookup.outcome, lookup.value) == ("found", pa.SCRIPT_ONLY_TARGET)

    def test_unknown_code_is_not_found(self, source):
        lookup = source.expand_short_code("Zz9Zz9Zz9Z")
        assert lookup.outcome == "not_found"
        assert lookup.value is None
        assert lookup.evidence[0].status == 404

    def test_link_that_is_not_a_post(self, source):
        """An ordinary link's t.co code: found, the target is what it is (the resolver judges it)."""
        lookup = source.expand_short_code(pa.LINK_CODE)
        assert lookup.outcome == "found"
        assert lookup.value == pa.LINK_TARGET
        assert lookup.reason == "target is not a post URL"
        assert lookup.evidence[0].target == pa.LINK_TARGET

    @pytest.mark.parametrize("code", [pa.NO_LOCATION_CODE, pa.BLANK_CODE])
    def test_answer_without_target_failed(self, source, code):
        lookup = source.expand_short_code(code)
        assert lookup.outcome == "failed"
        assert lookup.reason == "no redirect target in answer"

    def test_other_status_failed(self, source, app):
        app.inject(410)
        lookup = source.expand_short_code(pa.PHOTO_CODE)
        assert (lookup.outcome, lookup.reason) == ("failed", "http 410")

    def test_retry_then_answer(self, source, app, sleeps):
        """A 503 is retried by the fetcher (without waiting here) and the 301 then counts."""
        app.inject(503)
        lookup = source.expand_short_code(pa.PHOTO_CODE)
        assert lookup.found
        assert lookup.evidence[0].attempts == 2
        assert app.hits() == 2
        assert len(sleeps) == 1

    def test_network_failure_is_a_failed_lookup(self, make_fetcher, app):
        """Retries exhausted: no exception, a failed lookup with the FetchFailed facts."""
        app.inject(503, times=2)
        source = TcoSource(make_fetcher(max_attempts=2), app.base_url)
        lookup = source.expand_short_code(pa.PHOTO_CODE)
        assert lookup.outcome == "failed"
        (entry,) = lookup.evidence
        assert entry.source == "tco"
        assert entry.category == "http_5xx"
        assert entry.attempts == 2
        assert entry.last_status == 503

    @pytest.mark.parametrize("code", ["", "a/b", "../x", "A" * 41, "abc?q=1", "x y"])
    def test_invalid_code_is_never_sent(self, source, app, code):
        lookup = source.expand_short_code(code)
        assert lookup.outcome == "not_found"
        assert lookup.reason == "invalid short code"
        assert lookup.evidence[0].source == "tco"
        assert app.hits() == 0

    def test_host_outside_allow_list_is_refused(self, fetcher, app):
        """A base URL the fetcher was not configured for is refused before any I/O."""
        source = TcoSource(fetcher, "https://t.co")
        lookup = source.expand_short_code(pa.PHOTO_CODE)
        assert lookup.outcome == "failed"
        assert lookup.reason == "host_not_allowed"
        assert lookup.evidence[0].category == "host_not_allowed"
        assert app.hits() == 0
