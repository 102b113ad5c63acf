"""Post texts, authors and dates of real variety.

Texts and authors come from two places: the real tweets of ``../shared/corpus/gold.jsonl``
(their ``text``, ``author`` and ``handle``), and the short pool below for what the
corpus has little of (CJK, Arabic, Cyrillic, long 2023+ posts, lists, quotes). Shapes
are then varied: several paragraphs, a list, emoji, hashtags, mentions, links.
"""

from __future__ import annotations

import json
import random
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


def post_date(rng: random.Random) -> datetime:
    start = datetime(2012, 1, 1)
    return start + timedelta(minutes=rng.randrange(0, 12 * 365 * 24 * 60))
