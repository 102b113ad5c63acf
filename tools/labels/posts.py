"""Post texts, authors and dates of real variety.

Texts and authors come from two places: the real tweets of ``../shared/corpus/gold.jsonl``
(their ``text``, ``author`` and ``handle``), and the short pool below for what the
corpus has little of (CJK, Arabic, Cyrillic, long 2023+ posts, lists, quotes). Shapes
are then varied: several paragraphs, a list, emoji, hashtags, mentions, links.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path


@dataclass(frozen=True)
class Author:
    name: str
    handle: str


EXTRA_TEXTS = (
    "本日、新しい政策を発表しました。詳しくはこちらをご覧ください。",
    "今天的会议非常成功！感谢所有参与的朋友们。#会议",
    "地震の影響で、一部の路線で運転を見合わせています。最新の情報をご確認ください。",
    "대통령은 오늘 기자회견에서 새로운 계획을 발표했다.",
    "نشكر جميع المتطوعين على جهودهم اليوم في توزيع المساعدات. #غزة",
    "تم تأجيل الاجتماع إلى الأسبوع المقبل بسبب الظروف الجوية.",
    "Сегодня мы открыли новый мост через реку. Спасибо всем, кто работал над проектом!",
    "Заявление министерства будет опубликовано позже сегодня. Следите за новостями.",
    "Слава Україні! Наші захисники тримають позиції під Херсоном.",
    "We're hiring! 🚀 Join our team in Berlin — link below 👇",
    "Thread 🧵 on what happened last night (1/5)",
    "“The question is not whether we can afford to act, but whether we can afford not to.”",
    "Breaking: the council has voted 7-2 to approve the new housing plan.",
    "Three things I learned this week:\n\n1. Sleep matters\n2. So does coffee ☕\n3. Never deploy on Friday",
    "Huge congratulations to @teamusa on the gold medal! 🥇🇺🇸 #Olympics",
    "Ich bin heute sehr stolz auf unser Team. Danke für eure Unterstützung! 💪",
    "¡Gracias a todos por venir! Fue una noche increíble. 🎉",
    "C'est officiel : nous ouvrons un nouveau bureau à Lyon en septembre.",
    "Read my full statement here: https://example.org/statement",
    "This is not normal. This is not okay. And we will not stay silent.",
)

LONG_2023 = (
    "I've been thinking a lot about what happened this week, and I want to share a few thoughts. "
    "First, the response from the community has been overwhelming, and I'm grateful. Second, there is "
    "a lot we still don't know, and speculation helps no one. Third, we will publish a full review of "
    "the incident by the end of the month, including what we changed so it cannot happen again. "
    "Thank you for your patience."
)

LEAD_INS = {
    "twitter": (
        "{name} wrote on Twitter:",
        "In a tweet, {name} said:",
        "{name} posted on X:",
        "She tweeted:",
    ),
    "instagram": ("{name} shared the news on Instagram:", "In an Instagram post, {name} wrote:"),
    "facebook": ("{name} wrote on Facebook:", "The department posted on Facebook:"),
    "tiktok": ("The video, posted on TikTok, has been viewed millions of times:",),
    "telegram": ("{name} said on Telegram:", "The channel posted:"),
}

EMOJI = ("🔥", "👇", "🙏", "😂", "❤️", "🇺🇦", "👏", "⚠️")


def load_corpus_posts(corpus: Path) -> tuple[list[str], list[Author]]:
    """Real tweet texts and authors from the corpus's gold records."""
    texts, authors = [], {}
    with (corpus / "gold.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            g = json.loads(line)
            if g["platform"] == "twitter" and g.get("text") and g.get("handle"):
                texts.append(g["text"])
                if g.get("author"):
                    authors[g["handle"]] = Author(g["author"], g["handle"])
    return texts, sorted(authors.values(), key=lambda a: a.handle)


def post_text(rng: random.Random, corpus_texts: list[str]) -> tuple[str, str]:
    """(text with "\\n" between paragraphs, shape name)."""
    shape = rng.choice(("corpus", "corpus", "corpus", "extra", "extra", "multi", "long", "decorated"))
    if shape == "corpus":
        return rng.choice(corpus_texts), shape
    if shape == "extra":
        return rng.choice(EXTRA_TEXTS), shape
    if shape == "multi":
        parts = rng.sample(corpus_texts + list(EXTRA_TEXTS), rng.randint(2, 3))
        return "\n\n".join(p.split("\n")[0] for p in parts), shape
    if shape == "long":
        return LONG_2023 + ("\n\n" + rng.choice(EXTRA_TEXTS) if rng.random() < 0.5 else ""), shape
    base = rng.choice(EXTRA_TEXTS[:9] + tuple(corpus_texts[:50]))
    extras = [rng.choice(EMOJI), f"#{rng.choice(('news', 'breaking', 'Ukraine', 'election2024'))}"]
    if rng.random() < 0.5:
        extras.append(f"@{rng.choice(('nytimes', 'AP', 'BBCWorld', 'reuters'))}")
    if rng.random() < 0.5:
        extras.append(f"https://t.co/{''.join(rng.choices('abcdefghijkXYZ0123456789', k=10))}")
    return f"{base} {' '.join(extras)}", shape


FIRST_DAY = datetime(2012, 1, 1)
END = FIRST_DAY + timedelta(days=12 * 365)
# Twitter's limits: 140 characters, 280 weighted ones from 2017-11-07, and long posts
# (up to 4,000) for paid accounts from 2023-02-08.
LONG_TWEETS_FROM = datetime(2017, 11, 7)
PAID_LONG_POSTS_FROM = datetime(2023, 2, 8)

# The twitter-text rules (configs v1-v3), written out here rather than imported from the
# package so that the labels do not share the detector's code: weight 1 for these ranges,
# 2 for every other code point from 2017-11-07 on, 23 for every link, whitespace runs once.
_LIGHT = re.compile("[\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037]")
_LINK = re.compile(r"(?:https?://)?(?:[\w-]{1,63}\.){1,8}[a-z]{2,10}/[^\s)\]]{0,500}", re.I)


def tweet_length(text: str, weighted: bool) -> int:
    """Length of ``text`` as Twitter counted it, before (False) or after (True) 2017-11-07."""
    text, links = _LINK.subn("", " ".join(text.split()))
    heavy = len(text) - len(_LIGHT.findall(text)) if weighted else 0
    return len(text) + heavy + 23 * links


def earliest_tweet_date(text: str) -> datetime:
    """The first day on which a tweet of ``text`` could be posted."""
    if tweet_length(text, weighted=False) <= 140:
        return FIRST_DAY
    if tweet_length(text, weighted=True) <= 280:
        return LONG_TWEETS_FROM
    return PAID_LONG_POSTS_FROM


def post_date(rng: random.Random, tweet: str | None = None) -> datetime:
    """A date in 2012-2023; for the text of a tweet, one on which its length was allowed."""
    start = FIRST_DAY if tweet is None else earliest_tweet_date(tweet)
    return start + timedelta(minutes=rng.randrange(0, int((END - start).total_seconds()) // 60))
