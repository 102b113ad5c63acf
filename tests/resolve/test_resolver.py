"""The resolution chain's decisions: which method names the post, and what status follows."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from embedresolve.models import Author, Embed
from embedresolve.provenance import Post
from embedresolve.resolve.match import check, text_similarity
from embedresolve.resolve.models import Candidate
from embedresolve.resolve.resolver import Resolver, SourceSet
from embedresolve.resolve.twitter_ids import TWEPOCH_MS
from embedresolve.testing import StaticSource

DAY = date(2022, 11, 11)


def snowflake_for(day: date, hour: int = 12, seq: int = 0) -> str:
    """A status ID whose snowflake time is ``day`` at ``hour`` UTC."""
    when = datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc)
    ms = int(when.timestamp() * 1000) - TWEPOCH_MS
    return str((ms << 22) + seq)


OWN_ID = snowflake_for(DAY)
TEXT = "russia: the people of Kherson voted in totally legitimate and legal referendum"


def embed(**changes: object) -> Embed:
    base = Embed(
        platform="twitter",
        span=(0, 10),
        text=f"{TEXT} pic.twitter.com/WWZTjTA7La",
        author=Author(name="Saint Javelin", handle="saintjavelin"),
        date="2022-11-11",
        date_text="November 11, 2022",
        links=("pic.twitter.com/WWZTjTA7La",),
    )
    return base.with_(**changes)


def post(post_id: str = OWN_ID, text: str = TEXT, handle: str = "saintjavelin") -> Post:
    return Post(platform="twitter", post_id=post_id, text=text, author_handle=handle, source="static")


def resolver(*sources: StaticSource) -> Resolver:
    return Resolver(SourceSet(short_codes=sources, candidates=sources, posts=sources))


class TestIdentification:
    def test_short_code_to_own_media_resolves(self) -> None:
        """pic.twitter.com code → /status/ID/photo/1 of the same account → resolved via short_code."""
        source = StaticSource(
            short_codes={"WWZTjTA7La": f"https://twitter.com/saintjavelin/status/{OWN_ID}/photo/1"},
            posts={OWN_ID: post()},
        )
        result = resolver(source).resolve(embed()).to_dict()
        assert result["status"] == "resolved"
        assert result["match"]["method"] == "short_code"
        assert result["post"]["post_id"] == OWN_ID
        assert result["match"]["checks"] == {"date": True, "handle": True, "text_similarity": 1.0}

    def test_short_code_to_another_accounts_post_is_not_taken(self) -> None:
        """A link to a quoted post names that post, not the embed; search goes on by handle."""
        other = snowflake_for(DAY, hour=3)
        source = StaticSource(short_codes={"WWZTjTA7La": f"https://twitter.com/someoneelse/status/{other}"})
        result = resolver(source).resolve(embed()).to_dict()
        assert result["status"] != "resolved"
        assert "candidates:saintjavelin:2022-11-11" in source.asked

    def test_another_accounts_media_is_not_taken(self) -> None:
        """Borrowed media (or a renamed account): the code's target is not trusted; handle + date decide."""
        source = StaticSource(
            short_codes={"WWZTjTA7La": f"https://twitter.com/newname/status/{OWN_ID}/photo/1"},
            candidate_ids={"saintjavelin": [Candidate(post_id=OWN_ID, handle="saintjavelin", url="u")]},
            posts={OWN_ID: post(handle="newname")},
        )
        result = resolver(source).resolve(embed()).to_dict()
        assert result["provenance"][0]["verdict"] == "target is another account's post"
        assert result["match"]["method"] == "candidate_search"
        assert result["match"]["checks"]["handle"] is False  # the rename is flagged, not rejected
        assert result["status"] == "resolved"

    def test_target_outside_the_date_window_is_rejected(self) -> None:
        old = snowflake_for(DAY - timedelta(days=30))
        source = StaticSource(
            short_codes={"WWZTjTA7La": f"https://twitter.com/saintjavelin/status/{old}/photo/1"}
        )
        assert resolver(source).resolve(embed()).to_dict()["match"] is None

    def test_known_status_url_needs_no_lookup(self) -> None:
        source = StaticSource(posts={OWN_ID: post()})
        result = resolver(source).resolve(embed(post_id=OWN_ID, links=())).to_dict()
        assert result["match"]["method"] == "status_url"
        assert source.asked == [f"post:{OWN_ID}"]


class TestCandidates:
    def candidates(self, *ids: str) -> dict[str, list[Candidate]]:
        return {"saintjavelin": [Candidate(post_id=i, handle="saintjavelin", url=f"u/{i}") for i in ids]}

    def test_best_text_match_wins(self) -> None:
        near, far = snowflake_for(DAY, 10), snowflake_for(DAY, 14)
        source = StaticSource(
            candidate_ids=self.candidates(near, far),
            posts={near: post(near, "something else entirely about tanks"), far: post(far)},
        )
        result = resolver(source).resolve(embed(links=())).to_dict()
        assert result["status"] == "resolved"
        assert result["match"]["method"] == "candidate_search"
        assert result["post"]["post_id"] == far

    def test_candidates_outside_the_window_are_dropped(self) -> None:
        outside = snowflake_for(DAY + timedelta(days=5))
        source = StaticSource(candidate_ids=self.candidates(outside), posts={outside: post(outside)})
        result = resolver(source).resolve(embed(links=())).to_dict()
        assert result["status"] == "unresolved"
        assert f"post:{outside}" not in source.asked

    def test_a_tie_stays_unresolved(self) -> None:
        a, b = snowflake_for(DAY, 9), snowflake_for(DAY, 15)
        source = StaticSource(candidate_ids=self.candidates(a, b), posts={a: post(a), b: post(b)})
        result = resolver(source).resolve(embed(links=())).to_dict()
        assert result["status"] == "unresolved"
        assert result["match"] is None

    def test_a_weak_match_stays_unresolved(self) -> None:
        a = snowflake_for(DAY, 9)
        source = StaticSource(candidate_ids=self.candidates(a), posts={a: post(a, "totally different words")})
        assert resolver(source).resolve(embed(links=())).to_dict()["status"] == "unresolved"


class TestStatuses:
    @pytest.mark.parametrize("outcome", ["deleted", "protected"])
    def test_known_id_with_a_gone_post(self, outcome: str) -> None:
        source = StaticSource(posts={OWN_ID: outcome})  # type: ignore[dict-item]
        assert resolver(source).resolve(embed(post_id=OWN_ID)).to_dict()["status"] == outcome

    def test_known_id_that_a_source_says_does_not_exist(self) -> None:
        assert resolver(StaticSource()).resolve(embed(post_id=OWN_ID)).to_dict()["status"] == "not_found"

    def test_known_id_without_content_is_partial(self) -> None:
        result = resolver(StaticSource(miss="not_archived")).resolve(embed(post_id=OWN_ID)).to_dict()
        assert result["status"] == "partial"
        assert result["post"]["url"] == f"https://twitter.com/saintjavelin/status/{OWN_ID}"

    def test_nothing_archived(self) -> None:
        result = resolver(StaticSource(miss="not_archived")).resolve(embed()).to_dict()
        assert result["status"] == "not_archived"

    def test_network_failure_is_failed_with_the_trace(self) -> None:
        result = resolver(StaticSource(miss="failed")).resolve(embed()).to_dict()
        assert result["status"] == "failed"
        assert {step["outcome"] for step in result["provenance"]} == {"failed"}

    def test_mismatching_post_is_partial(self) -> None:
        source = StaticSource(posts={OWN_ID: post(text="an unrelated post about the weather")})
        assert resolver(source).resolve(embed(post_id=OWN_ID)).to_dict()["status"] == "partial"

    def test_other_platforms_are_skipped(self) -> None:
        result = resolver(StaticSource()).resolve(embed(platform="youtube")).to_dict()
        assert result["status"] == "skipped"


def test_identical_embeds_are_resolved_once() -> None:
    source = StaticSource(posts={OWN_ID: post()})
    chain = resolver(source)
    first = chain.resolve(embed(post_id=OWN_ID)).to_dict()
    second = chain.resolve(embed(post_id=OWN_ID, span=(50, 60))).to_dict()
    assert source.asked == [f"post:{OWN_ID}"]
    assert second["from_cache"] is True and second["post"] == first["post"]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Big news today pic.twitter.com/AbC", "Big news today https://t.co/AbC", True),
        ("“Quoted” — text", '"Quoted" -- text', True),
        ("one thing", "another thing entirely", False),
    ],
)
def test_text_similarity_ignores_links_and_typography(a: str, b: str, same: bool) -> None:
    similarity = text_similarity(a, b)
    assert similarity is not None
    assert (similarity >= 0.8) is same


def test_verified_methods_are_confident() -> None:
    """Confidence ≥ 0.9: a verified short code, or a text match with a clear margin."""
    near, far = snowflake_for(DAY, 10), snowflake_for(DAY, 14)
    source = StaticSource(
        short_codes={"WWZTjTA7La": f"https://twitter.com/saintjavelin/status/{OWN_ID}/photo/1"},
        candidate_ids={
            "saintjavelin": [Candidate(post_id=i, handle="saintjavelin", url=i) for i in (near, far)]
        },
        posts={OWN_ID: post(), near: post(near, "about tanks"), far: post(far)},
    )
    assert resolver(source).resolve(embed()).to_dict()["match"]["confidence"] >= 0.9
    assert resolver(source).resolve(embed(links=())).to_dict()["match"]["confidence"] >= 0.9


def test_checks_without_text_do_not_contradict() -> None:
    checks = check(post_id=OWN_ID, embed_day=DAY, embed_handle="a", embed_text=None)
    assert checks.consistent and checks.text_similarity is None


def test_failures_are_not_stored_across_runs() -> None:
    """A network failure is retried on the next run; a real answer is kept."""
    from embedresolve.resolve.cache import ResponseCache

    store = ResponseCache(":memory:")
    Resolver(SourceSet(posts=[StaticSource(miss="failed")]), store=store).resolve(
        embed(post_id=OWN_ID)
    ).to_dict()
    source = StaticSource(posts={OWN_ID: post()})
    second = Resolver(SourceSet(posts=[source]), store=store).resolve(embed(post_id=OWN_ID)).to_dict()
    assert second["status"] == "resolved" and source.asked == [f"post:{OWN_ID}"]
    third = Resolver(SourceSet(posts=[source]), store=store).resolve(embed(post_id=OWN_ID)).to_dict()
    assert third["from_cache"] is True and source.asked == [f"post:{OWN_ID}"]
    store.close()


def test_a_stored_resolution_reads_back_as_the_same_value() -> None:
    """The SQLite cache keeps JSON; the next run gets the very Resolution back (marked from_cache)."""
    from dataclasses import replace

    from embedresolve.resolve.cache import ResponseCache

    store = ResponseCache(":memory:")
    first = Resolver(SourceSet(posts=[StaticSource(posts={OWN_ID: post()})]), store=store).resolve(
        embed(post_id=OWN_ID)
    )
    again = Resolver(SourceSet(posts=[StaticSource()]), store=store).resolve(embed(post_id=OWN_ID))
    assert first.status == "resolved" and again == replace(first, from_cache=True)


def test_a_stored_resolution_this_version_cannot_read_is_resolved_again() -> None:
    from embedresolve.resolve.cache import ResponseCache
    from embedresolve.resolve.resolver import _embed_key

    store = ResponseCache(":memory:")
    store.put_resolution(_embed_key(embed(post_id=OWN_ID)), {"status": "resolved", "surprise": 1}, ttl=60)
    source = StaticSource(posts={OWN_ID: post()})
    result = Resolver(SourceSet(posts=[source]), store=store).resolve(embed(post_id=OWN_ID))
    assert result.status == "resolved" and not result.from_cache and source.asked == [f"post:{OWN_ID}"]
