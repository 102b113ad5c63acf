"""Does a post found by a source match the embed it should explain? (pure)

Three independent checks, each kept in the record so a reader can see why:

* **date** — the snowflake time of the ID (or the post's ``created_at``) lies
  within the embed's printed date ± 1 day (the printed date has no time zone);
* **handle** — same account, case-insensitively; a mismatch is flagged, not
  rejected, because accounts get renamed;
* **text** — similarity of the embed's text and the post's text, after
  dropping links (t.co wrapping and media links differ between the two).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from difflib import SequenceMatcher

from embedresolve.provenance import MatchChecks
from embedresolve.resolve.twitter_ids import snowflake_time

_LINK = re.compile(r"(?:https?://|www\.)\S{1,400}|(?:pic\.(?:twitter|x)\.com|t\.co)/\w{1,40}", re.I)
_NON_WORD = re.compile(r"[\W_]+")

TEXT_MATCH = 0.8  # similarity from which two texts are taken as the same post
TEXT_MARGIN = 0.1  # how far the best candidate must lead the second


def normalize_text(text: str) -> str:
    """Lower-case words only: no links, punctuation, dash or quote variants."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(_NON_WORD.sub(" ", _LINK.sub(" ", text)).split())


def text_similarity(a: str | None, b: str | None) -> float | None:
    """0–1 similarity of two post texts; None when either is missing or empty."""
    left, right = normalize_text(a or ""), normalize_text(b or "")
    if not left or not right:
        return None
    return SequenceMatcher(None, left, right, autojunk=False).ratio()


def post_day(post_id: str, created_at: str | None = None) -> date | None:
    """The UTC day a post was made: from its snowflake ID, else from ``created_at``."""
    when = snowflake_time(int(post_id)) if post_id.isdigit() else None
    if when is not None:
        return when.date()
    if created_at:
        try:
            return datetime.fromisoformat(created_at.replace("Z", "+00:00")).date()
        except ValueError:
            return None
    return None


def within_days(day: date | None, embed_day: date | None, days: int = 1) -> bool | None:
    if day is None or embed_day is None:
        return None
    return abs(day - embed_day) <= timedelta(days=days)


@dataclass(frozen=True, slots=True)
class Checks:
    date_ok: bool | None
    handle_ok: bool | None
    text_similarity: float | None

    @property
    def consistent(self) -> bool:
        """Nothing contradicts the match (unknowns do not count against it)."""
        text_ok = self.text_similarity is None or self.text_similarity >= TEXT_MATCH
        return self.date_ok is not False and text_ok

    def confidence(self, method_prior: float) -> float:
        """The method's prior, raised by agreeing checks and lowered by disagreeing ones."""
        score = method_prior
        if self.date_ok is True:
            score += (1 - score) * 0.3
        elif self.date_ok is False:
            score *= 0.4
        if self.handle_ok is False:
            score *= 0.85  # renamed account, or a quoted post's media
        if self.text_similarity is not None:
            if self.text_similarity >= TEXT_MATCH:
                score += (1 - score) * 0.5 * self.text_similarity
            else:
                score *= max(0.2, self.text_similarity)
        return round(min(score, 0.999), 3)

    def recorded(self) -> MatchChecks:
        """The checks as the resolution records them (similarity rounded to 3 places)."""
        similarity = None if self.text_similarity is None else round(self.text_similarity, 3)
        return MatchChecks(date=self.date_ok, handle=self.handle_ok, text_similarity=similarity)


def check(
    *,
    post_id: str,
    embed_day: date | None,
    embed_handle: str | None,
    embed_text: str | None,
    post_handle: str | None = None,
    post_text: str | None = None,
    created_at: str | None = None,
) -> Checks:
    handle_ok = None
    if embed_handle and post_handle:
        handle_ok = embed_handle.casefold() == post_handle.casefold()
    return Checks(
        date_ok=within_days(post_day(post_id, created_at), embed_day),
        handle_ok=handle_ok,
        text_similarity=text_similarity(embed_text, post_text),
    )
