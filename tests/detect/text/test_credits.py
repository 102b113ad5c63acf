"""The other platforms' flattened credits: Instagram, Facebook, TikTok and Telegram shapes
as extractors and stored datasets print them, each with its exact span."""

from __future__ import annotations

import subprocess
import sys

import pytest

from embedresolve.detect.text import detect_text

BEFORE = "The minister spoke to reporters on Tuesday and said the plan would go ahead as announced.\n\n"
AFTER = "\n\nOpposition parties said they would challenge the decision in court next week."

# (case id, embed as flattened, platform, expected handle, expected ISO date or None)
SHAPES = [
    (
        "instagram-undated",
        "A post shared by Adam Ondra (@adam.ondra)",
        "instagram",
        "adam.ondra",
        None,
    ),
    (
        "instagram-name-with-parentheses",
        "A post shared by Sam Lee (he/him) (@samlee) on Nov 11, 2022 at 3:05pm PST",
        "instagram",
        "samlee",
        "2022-11-11",
    ),
    (
        "instagram-view-line-german",
        "Sieh dir diesen Beitrag auf Instagram an\n\nEin Beitrag geteilt von SKEP (@skep.association)",
        "instagram",
        "skep.association",
        None,
    ),
    (
        "instagram-view-line-italian",
        "Visualizza questo post su Instagram\n\nUn post condiviso da Spazio Napoli (@spazionapoli.it)",
        "instagram",
        "spazionapoli.it",
        None,
    ),
    (
        "instagram-portuguese",
        "Ver esta publicação no Instagram\n\nUma publicação compartilhada por Maira Souza (@mairasouza__)",
        "instagram",
        "mairasouza__",
        None,
    ),
    (
        "instagram-japanese",
        "この投稿をInstagramで見る\n\nふぁらお加藤さん(@pharaohkj)がシェアした投稿 - 2017 4月 10 8:24午後 PDT",
        "instagram",
        "pharaohkj",
        "2017-04-10",
    ),
    (
        "instagram-date-dropped",
        "Ein Beitrag geteilt von SKEP (@skep.association) am",
        "instagram",
        "skep.association",
        None,
    ),
    (
        "instagram-masked-date",
        "Ein Beitrag geteilt von SKEP (@skep.association) am <NUM>. Okt <NUM> um <NUM>:<NUM> Uhr",
        "instagram",
        "skep.association",
        None,
    ),
    (
        "instagram-russian-not-a-tweet",
        "> Публикация от Chris Buecheler (@cwbuecheler) Мар 19, 2012 at 12:35 PDT",
        "instagram",
        "cwbuecheler",
        "2012-03-19",
    ),
    (
        "instagram-markdown-credit",
        "[A post shared by Adam Ondra (@adam.ondra)](https://www.instagram.com/p/CrTbUlDo0bA/)",
        "instagram",
        "adam.ondra",
        None,
    ),
    (
        "facebook-split-lines",
        "Three things I learned this week!\nPosted by\nCooper Lund\non\nFriday, February 10, 2017",
        "facebook",
        None,
        "2017-02-10",
    ),
    (
        "facebook-name-broken-by-sentence-split",
        "We are proud to open the library!\nPosted by Dianna E.\nAnderson on Tuesday, May 17, 2016",
        "facebook",
        None,
        "2016-05-17",
    ),
    (
        "facebook-masked-date",
        "We are proud to open the library!\nPosted by ZDF heute on Tuesday, July *NUMBER*, *NUMBER*",
        "facebook",
        None,
        None,
    ),
    (
        "tiktok-indented",
        "                              @shreyas We're hiring! 🚀 #fyp ♬ original sound - Shreyas Doshi",
        "tiktok",
        "shreyas",
        None,
    ),
    (
        "tiktok-markdown-with-titles",
        '[@sh](https://www.tiktok.com/@sh?refer=embed "@sh") Hi [#fyp](https://www.tiktok.com/tag/fyp?refer=embed'
        ' "fyp") [♬ original sound - S D](https://www.tiktok.com/music/original-sound-66?refer=embed'
        ' "♬ original sound - S D")',
        "tiktok",
        "sh",
        None,
    ),
    (
        "telegram-one-line-footer",
        "Durov's Channel\nWe are launching stories today, for everyone.\n12.3K views 18:06",
        "telegram",
        None,
        None,
    ),
    (
        "telegram-bs4-lines",
        "Durov's Channel\nWe are launching stories today, for everyone.\n3.2M\nviews\nedited\nSep 24, 2017",
        "telegram",
        None,
        "2017-09-24",
    ),
    (
        "telegram-masked",
        "Durov's Channel\nWe are launching stories today, for everyone.\n<NUM>.0K\nviews\n<NUM>:<NUM>",
        "telegram",
        None,
        None,
    ),
]


@pytest.mark.parametrize(
    ("embed", "platform", "handle", "day"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES]
)
def test_each_shape_gives_one_exact_embed(
    embed: str, platform: str, handle: str | None, day: str | None
) -> None:
    text = BEFORE + embed + AFTER
    (found,) = detect_text(text)
    start = len(BEFORE) + len(embed) - len(embed.lstrip(" [>"))
    assert (found.platform, found.span) == (platform, (start, len(BEFORE) + len(embed)))
    assert found.author.handle == handle
    assert found.date == day


def test_instagram_name_keeps_its_parentheses() -> None:
    (found,) = detect_text("A post shared by Sam Lee (he/him) (@samlee)")
    assert found.author.name == "Sam Lee (he/him)"


def test_japanese_credit_name_drops_the_honorific() -> None:
    (found,) = detect_text("ふぁらお加藤さん(@pharaohkj)がシェアした投稿")
    assert (found.author.name, found.author.handle) == ("ふぁらお加藤", "pharaohkj")


def test_instagram_view_line_opens_the_embed() -> None:
    embed = "View this post on Instagram\n\nA post shared by Adam Ondra (@adam.ondra)"
    (found,) = detect_text(BEFORE + embed + AFTER)
    assert found.span[0] == len(BEFORE)
    assert found.text is None  # the view line is furniture, not a caption


def test_telegram_html2text_links_give_the_channel_and_post() -> None:
    embed = (
        "[Max Schubert](https://t.me/MaximalTweet)\n\ni can't recommend this class enough: https://t.co/eJfnddbkTO"
        "\n\n942 views[18:06](https://t.me/MaximalTweet/71683)"
    )
    text = BEFORE + embed + AFTER
    (found,) = detect_text(text)
    assert found.span == (len(BEFORE) + 1, len(BEFORE) + len(embed))
    assert (found.author.name, found.author.handle) == ("Max Schubert", "MaximalTweet")
    assert (found.post_id, found.url) == ("MaximalTweet/71683", "https://t.me/MaximalTweet/71683")
    assert found.text is not None and found.text.startswith("i can't recommend")


def test_telegram_post_link_line_gives_the_post() -> None:
    embed = "Durov's Channel\nWe are launching stories today.\nt.me/durov/43\n12.3K views 18:06"
    (found,) = detect_text(BEFORE + embed + AFTER)
    assert (found.platform, found.post_id) == ("telegram", "durov/43")


def test_tiktok_credit_joined_to_the_next_sentence_ends_at_the_name() -> None:
    embed = "@shreyas We're hiring! 🚀 Join #fyp ♬ original sound - Shreyas Doshi"
    # one-line text: the article goes on after the credit, far past the credit's bound
    rest = " This means that there is no server side processing of the emails in terms of content sanitation."
    text = "It was viewed millions of times: " + embed + rest * 3
    (found,) = detect_text(text)
    assert text[found.span[0] : found.span[1]] == embed


def test_tiktok_long_sound_name_on_its_own_line_is_kept_whole() -> None:
    embed = "@uniblock Build on web3 #fyp ♬ original sound - Uniblock | Unified Developer Platform for Web3"
    text = BEFORE + embed + AFTER
    (found,) = detect_text(text)
    assert text[found.span[0] : found.span[1]] == embed


def test_tiktok_handle_glued_to_a_cut_off_list_sentence() -> None:
    text = "- It was a charity of m @rsschouwenaar Huge congratulations! #fyp ♬ original sound - Raymon S\n- Next"
    (found,) = detect_text(text)
    assert (found.platform, found.author.handle) == ("tiktok", "rsschouwenaar")
    assert text[found.span[0] : found.span[1]].startswith("@rsschouwenaar Huge")


def test_several_telegram_posts_in_a_row() -> None:
    posts = [f"Channel {n}\nPost number {n} is here, read it\n{n}.1K views 1{n}:0{n}" for n in range(3)]
    text = BEFORE + "\n\n".join(posts) + AFTER
    found = detect_text(text)
    assert [text[e.span[0] : e.span[1]] for e in found] == posts


@pytest.mark.parametrize(
    "text",
    [
        "Photo: Jane Doe (@janedoe) / Instagram",
        "The clip has 12K views this week and 18:06 is when it aired.",
        "It got 3.2M views on Friday, September 24, 2017, the company said.",
        "The video was posted by the ministry on Friday and shared widely.",
        "A post shared by the ministry on Nov 11, 2022 showed the damage.",
        "Lyrics ♬ la la la, the crowd sang along @ the stadium.",
    ],
)
def test_near_misses_are_not_credits(text: str) -> None:
    assert [e.platform for e in detect_text(BEFORE + text + AFTER)] == []


def test_credit_finders_are_linear() -> None:
    """Storms of each finder's literal, 40,000 repeats (up to 1.3 million characters) each:
    linear work takes a few seconds, quadratic work hours, so a 60 s limit separates them
    under any load."""
    n = 40_000
    code = (
        "from embedresolve.detect.text import detect_text\n"
        f"n = {n}\n"
        "for text in ('1 views ' * n, '12.3K\\nviews\\n' * n, '(@a)がシェアした投稿' * n,\n"
        "             'Posted by ' * n, 'Posted by a\\non\\n' * n, '♬ ' * n, '@a ♬ x ' * n,\n"
        "             'A post shared by (a) (a) ' * n + '(@a)', '[a](https://t.me/a) 1 views 1:11 ' * n):\n"
        "    detect_text(text)\n"
    )
    try:
        subprocess.run([sys.executable, "-c", code], timeout=60, check=True, capture_output=True)
    except subprocess.TimeoutExpired:
        pytest.fail("a credit finder is not linear")
