"""Tweet detection in flattened text: one table row per shape scrapers produce."""

from __future__ import annotations

import pytest

from embedresolve.detect.text import detect_text

BEFORE = "The minister spoke to reporters on Tuesday and said the plan would go ahead as announced.\n\n"
AFTER = "\n\nOpposition parties said they would challenge the decision in court next week."

# (case id, embed as flattened, expected handle, expected ISO date or None)
SHAPES = [
    (
        "em-dash",
        "Big news today pic.twitter.com/AbCdEf1234 — Jane Roe (@janeroe) March 3, 2019",
        "janeroe",
        "2019-03-03",
    ),
    ("entity-mdash", "Big news today &mdash; Jane Roe (@janeroe) March 3, 2019", "janeroe", "2019-03-03"),
    ("double-hyphen", "Big news today -- Jane Roe (@janeroe) March 3, 2019", "janeroe", "2019-03-03"),
    ("hyphen", "Big news today - Jane Roe (@janeroe) March 3, 2019", "janeroe", "2019-03-03"),
    ("en-dash", "Big news today – Jane Roe (@janeroe) March 3, 2019", "janeroe", "2019-03-03"),
    ("mojibake", "Big news today â€” Jane Roe (@janeroe) March 3, 2019", "janeroe", "2019-03-03"),
    ("no-dash-two-spaces", "Big news today\nJane Roe (@janeroe) March 3, 2019", "janeroe", "2019-03-03"),
    (
        "signature-own-line",
        "Big news today pic.twitter.com/AbCdEf1234\n— Jane Roe (@janeroe) March 3, 2019",
        "janeroe",
        "2019-03-03",
    ),
    ("signature-split", "Big news today\n\n— Jane Roe (@janeroe)\n\nMarch 3, 2019", "janeroe", "2019-03-03"),
    ("glued-to-text", "Big news today— Jane Roe (@janeroe) March 3, 2019", "janeroe", "2019-03-03"),
    (
        "spanish-date",
        "Gran noticia hoy — Juan Pérez (@juanperez) 1 de febrero de 2017",
        "juanperez",
        "2017-02-01",
    ),
    ("german-date", "Große Neuigkeiten — Hans Meier (@hmeier) 22. August 2013", "hmeier", "2013-08-22"),
    ("russian-date", "Большая новость — Иван (@ivan_p) 16 мая 2018 г.", "ivan_p", "2018-05-16"),
    ("french-date", "Grande nouvelle — Marie Dupont (@mdupont) 11 novembre 2022", "mdupont", "2022-11-11"),
    ("masked-date", "Big news today — Jane Roe (@janeroe) November XX, 2022", "janeroe", None),
    (
        "semicolon",
        "Big news today http://t.co/2536YI8JmM; Jane Roe (@janeroe) March 3, 2019",
        "janeroe",
        "2019-03-03",
    ),
    ("masked-star", "Big news today — Jane Roe (@janeroe) June *NUMBER*, *NUMBER*", "janeroe", None),
    ("masked-angle", "Big news today — Jane Roe (@janeroe) <NUM> november <NUM>", "janeroe", None),
    ("masked-hash", "Big news today — Jane Roe (@janeroe##) January ##, ####", "janeroe##", None),
    ("no-date", "Big news today\n— Jane Roe (@janeroe)", "janeroe", None),
    (
        "own-dashes-and-handles",
        "@bob the vote - as always - is close — cc @amy — Jane Roe (@janeroe) May 1, 2020",
        "janeroe",
        "2020-05-01",
    ),
    ("emoji-name", "Big news today — Jane 🇺🇦 Roe 🌻 (@janeroe) March 3, 2019", "janeroe", "2019-03-03"),
    (
        "parenthesis-name",
        "Big news today — Jane Roe (Official) (@janeroe) March 3, 2019",
        "janeroe",
        "2019-03-03",
    ),
    ("dashes-in-name", "Big news today — Jane -- Roe (@janeroe) March 3, 2019", "janeroe", "2019-03-03"),
    (
        "markdown-html2text",
        "> Big news today [pic.twitter.com/AbCdEf1234](https://t.co/AbCdEf1234)\n> \n> — Jane Roe (@janeroe) "
        "[March 3, 2019](https://twitter.com/janeroe/status/1102231234567890123?ref_src=twsrc%5Etfw)",
        "janeroe",
        "2019-03-03",
    ),
]


@pytest.mark.parametrize(("embed", "handle", "day"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_each_shape_gives_one_exact_embed(embed: str, handle: str, day: str | None) -> None:
    """Every signature shape is found once, with the span from the text's first to last character."""
    text = BEFORE + embed + AFTER
    embeds = detect_text(text)
    assert len(embeds) == 1
    found = embeds[0]
    start = len(BEFORE) + (embed.index("Big") if "Big" in embed else 0)
    if "Big" not in embed:
        start = len(BEFORE) + len(embed) - len(embed.lstrip("> "))
    assert found.platform == "twitter"
    assert found.author.handle == handle
    assert found.date == day
    assert text[found.span[1] - 1] == embed.rstrip()[-1]
    assert found.span[1] == len(BEFORE) + len(embed.rstrip())
    assert found.span[0] == start


def test_markdown_status_link_gives_the_post_id() -> None:
    """An html2text signature links the date to the status URL: the ID comes for free."""
    embed = SHAPES[-1][1]
    (found,) = detect_text(BEFORE + embed + AFTER)
    assert found.post_id == "1102231234567890123"
    assert found.url == "https://twitter.com/janeroe/status/1102231234567890123"
    assert found.links == ("pic.twitter.com/AbCdEf1234", "https://t.co/AbCdEf1234")


def test_date_glued_to_next_sentence() -> None:
    """`2013Blanket.js` — the date ends at the year even with no space after it."""
    text = "Drink! — Shay Friedman (@ironshay) August 22, 2013Blanket.js is an easy tool."
    (found,) = detect_text(text)
    assert text[found.span[0] : found.span[1]].endswith("2013")


def test_multi_paragraph_tweet_text() -> None:
    """A post whose text has blank lines inside is taken whole, up to the article's lead-in."""
    tweet = "Delhi has turned into a gas chamber\n\nWe have started distributing masks today\n\nUse them"
    text = (
        "The chief minister turned to Twitter last month and described his city as a “gas chamber.”"
        " His government has been criticised for months over its handling of the crisis.\n\n"
        f"{tweet}\n\n— Arvind Kejriwal (@ArvindKejriwal) November 1, 2019" + AFTER
    )
    (found,) = detect_text(text)
    assert text[found.span[0] :].startswith("Delhi has turned")


def test_post_paragraphs_wider_apart_than_the_articles_are_one_post() -> None:
    """A gap wider than the article's own paragraph gap (a post's ``<br><br>``) is inside the post."""
    article = "The council met on Tuesday evening. The vote was close.\n\nThe mayor did not attend.\n\n"
    tweet = "We finally have a budget.\n\n\n\nIt is not perfect.\n\n\n\nBut it is ours."
    text = article + tweet + " — Jane Roe (@janeroe) March 3, 2019" + AFTER
    (found,) = detect_text(text)
    assert found.span[0] == len(article)
    # The same post in a text whose paragraphs are all that far apart has no such evidence.
    spaced = article.replace("\n\n", "\n\n\n\n") + tweet + " — Jane Roe (@janeroe) March 3, 2019"
    (found,) = detect_text(spaced)
    assert spaced[found.span[0] :].startswith("But it is ours.")


def test_colon_paragraph_before_a_links_only_post_is_the_articles() -> None:
    """A post of only links does not pull in the article's colon lead-in above it."""
    lead = 'The adulation was enough to make the campaign\'s social media team very "sick":\n\n'
    text = BEFORE + lead + "🤢🤢 https://t.co/ux5VAKEA6z — War Room (@WarRoom) January 24, 2020"
    (found,) = detect_text(text)
    assert text[found.span[0] :].startswith("🤢🤢")


def test_paragraph_quoting_the_post_is_the_articles() -> None:
    """The article's sentence that quotes the post's opening words is not the post."""
    quote = 'Some cheered, notably the senator: "Congrats to the #USWNT for earning that tea," she wrote.\n\n'
    post = "Congrats to the #USWNT for earning that tea. On to the final! pic.twitter.com/nI8HoMjN1D"
    text = BEFORE + quote + post + " — Jane Roe (@janeroe) July 2, 2019"
    (found,) = detect_text(text)
    assert found.span[0] == len(BEFORE + quote)


def test_full_stop_split_from_a_link_ends_the_articles_paragraph() -> None:
    """bs4 puts a paragraph's last link on its own line and its full stop on the next."""
    article = "The claims, in no way, reflected reality, reported\nMSNBC\n.\n\n"
    text = (
        article
        + "Obama has missed 58% of his briefings.\n\n— Donald J. Trump (@realDonaldTrump)\nOctober 6, 2014"
    )
    (found,) = detect_text(text)
    assert found.span[0] == len(article)


def test_short_exclamation_paragraph_belongs_to_the_post() -> None:
    """A post's own short exclamation above its next paragraph is part of it."""
    text = (
        "The account boasted more than 7 million followers before it was taken over last week.\n\n"
        "It gets worse…!\n\nANOTHER verified account has been hacked pic.twitter.com/fbe5utA53D\n\n"
        "— Matt Navarra (@MattNavarra) May 5, 2023"
    )
    (found,) = detect_text(text)
    assert text[found.span[0] :].startswith("It gets worse")


@pytest.mark.parametrize(
    "lead_in",
    ["The senator wrote on Twitter:", "Here is what she posted:", "Trump tweeted:", "La ministra escribió:"],
)
def test_lead_in_is_not_part_of_the_embed(lead_in: str) -> None:
    """The article's own lead-in before the post stays in the body."""
    text = f"{lead_in}\n\nWe will win this. — Jane Roe (@janeroe) March 3, 2019"
    (found,) = detect_text(text)
    assert text[found.span[0] :].startswith("We will win")


def test_several_embeds_in_a_row() -> None:
    """Consecutive embeds are separate detections, each starting after the previous date."""
    text = (
        BEFORE
        + "First post — Ann (@ann) May 1, 2020\n\nSecond post — Bob (@bob) May 2, 2020\n\n"
        + "Third post — Cat (@cat) May 3, 2020"
        + AFTER
    )
    embeds = detect_text(text)
    assert [text[e.span[0] : e.span[1]].split(" —")[0] for e in embeds] == [
        "First post",
        "Second post",
        "Third post",
    ]


def test_one_line_text() -> None:
    """Text flattened to one line (whole-page extractors): sentences up to the length limit,
    stopping at an explicit lead-in."""
    text = (
        "The company explained it on Twitter: Because we love our Anna so much. ♥️ "
        "— Slack (@SlackHQ) September 16, 2016 Who is Anna? Anna is the editorial director."
    )
    (found,) = detect_text(text)
    assert text[found.span[0] : found.span[1]].startswith("Because we love")
    assert text[found.span[0] : found.span[1]].endswith("2016")


def test_substack_card() -> None:
    """Substack's static card: display name, handle, text, then `h:mm PM ∙ Mon D, YYYY`."""
    text = (
        "Let this idea sink in:\n\nSiqi Chen\n@blader\nproduct development is basically prompt "
        "engineering the engineers.\n11:23 AM ∙ Dec 27, 2022\n369\nLikes\n\nThe next part of the article."
    )
    (found,) = detect_text(text)
    assert text[found.span[0] : found.span[1]].startswith("Siqi Chen")
    assert text[found.span[0] : found.span[1]].endswith("2022")
    assert found.author.handle == "blader"
    assert found.date == "2022-12-27"
    assert found.detector.rule == "twitter.card"


def test_header_first_paragraph() -> None:
    """ "Name (@handle) TEXT" as a paragraph of its own, with no date: the header, then the post."""
    embed = "Saudi Embassy (@SaudiEmbassyUSA) Recent media reports are absurd. https://t.co/dbwIKXWp74"
    text = BEFORE + embed + AFTER
    (found,) = detect_text(text)
    assert found.span == (len(BEFORE), len(BEFORE) + len(embed))
    assert found.detector.rule == "twitter.header_first"
    assert found.text == "Recent media reports are absurd. https://t.co/dbwIKXWp74"


def test_header_first_post_paragraphs_with_mentions() -> None:
    """A following paragraph with a mention or link is the same post's."""
    embed = "ABC News (@ABC) .@GStephanopoulos: “Is he unfit?”\n\n@Comey: “Yes.” https://t.co/nzGYlTmLXf"
    text = BEFORE + embed + AFTER
    (found,) = detect_text(text)
    assert found.span == (len(BEFORE), len(BEFORE) + len(embed))


NOT_EMBEDS = [
    ("byline", "By Jane Roe (@janeroe)\n\nThe minister spoke to reporters on Tuesday."),
    ("byline-dated", "By Jane Roe (@janeroe) March 3, 2019\n\nThe minister spoke to reporters on Tuesday."),
    ("byline-three-words", "Text by Jane van Roe (@janeroe) March 3, 2019\n\nThe minister spoke on Tuesday."),
    ("header-like-byline", "Jane Roe (@janeroe) Reporter\n\nThe minister spoke to reporters on Tuesday."),
    (
        "header-like-long-paragraph",
        "Jane Roe (@janeroe) The minister spoke to reporters on Tuesday and said "
        + "the plan would go ahead. " * 12,
    ),
    ("byline-inline", "Jane Roe (@janeroe) is a reporter covering politics for the paper."),
    ("live-blog-credit", "The vote passed 52 to 48 in the end.\n— Jane Roe and John Doe"),
    ("contact-line", "Follow our correspondent — Jane Roe (@janeroe) reports from Kyiv every day."),
    ("handle-in-prose", "Reached for comment, the account (@janeroe) did not reply on March 3, 2019."),
    ("mention", "She tagged @janeroe in a post on March 3, 2019 that was later deleted."),
    ("prose-date", "On March 3, 2019 the ministry — and its spokesman — declined to comment."),
]


@pytest.mark.parametrize("text", [t for _, t in NOT_EMBEDS], ids=[i for i, _ in NOT_EMBEDS])
def test_not_an_embed(text: str) -> None:
    """Bylines, credits and mentions are not embeds."""
    assert detect_text(text) == []


OTHER_SHAPES = [
    (
        "instagram-modern",
        "View this post on Instagram\n\nA post shared by Adam Ondra (@adam.ondra)",
        "instagram",
        "adam.ondra",
        None,
    ),
    (
        "instagram-dated",
        "Sunset over the bay #travel\n\nA post shared by Jane Roe (@jane.roe) on Nov 11, 2022 at 3:05pm PST",
        "instagram",
        "jane.roe",
        "2022-11-11",
    ),
    (
        "instagram-old-photo",
        "A photo posted by Jane Roe (@janeroe) on Jun 16, 2015 at 7:30am PDT",
        "instagram",
        "janeroe",
        "2015-06-16",
    ),
    (
        "instagram-german",
        "Ein Beitrag geteilt von vreni frost (@vrenifrost) am Mär 27, 2018 um 12:08 PDT",
        "instagram",
        "vrenifrost",
        "2018-03-27",
    ),
    (
        "instagram-russian",
        "Публикация от Nyusha (@nyusha_nyusha) Дек 20, 2017 at 1:04 PST",
        "instagram",
        "nyusha_nyusha",
        "2017-12-20",
    ),
    (
        "facebook",
        "We are proud to open the new library today!\nPosted by City of Springfield on Friday, November 11, 2022",
        "facebook",
        None,
        "2022-11-11",
    ),
    (
        "tiktok",
        "@scout2015\nScramble up ur name & I'll try to guess it #foryoupage #petsoftiktok\n♬ original sound - tiff",
        "tiktok",
        "scout2015",
        None,
    ),
    (
        "twitter-widget",
        "Jane Roe\n@janeroe\nWe will not back down on this bill.\n9:36 PM - 19 Oct 2016",
        "twitter",
        "janeroe",
        "2016-10-19",
    ),
    (
        "twitter-widget-follow-and-counts",
        "Follow\nJane Roe ✔ @janeroe\nWe will not back down on this bill.\n9:36 PM - 19 Oct 2016\n"
        "16,738 16,738 Retweets 53,680 53,680 likes\nTwitter Ads info & Privacy",
        "twitter",
        "janeroe",
        "2016-10-19",
    ),
    (
        "twitter-widget-lost-badge",
        "Follow\nJane Roe ? @janeroe\nWe will not back down on this bill.\n9:36 PM - 19 Oct 2016",
        "twitter",
        "janeroe",
        "2016-10-19",
    ),
    (
        "twitter-widget-bs4-lines",
        "Follow\nJane Roe\n\n✔\n\n@janeroe\nWe will not back down on this bill.\n9:36 PM - 19 Oct 2016\n"
        "33,682\n\n33,682 Retweets\n81,122\n\n81,122 likes\nTwitter Ads info & Privacy",
        "twitter",
        "janeroe",
        "2016-10-19",
    ),
    (
        "twitter-widget-list-counts",
        "Follow\n  Jane Roe @janeroe\n\n  We will not back down on this bill.\n\n    9:36 PM - 19 Oct 2016\n"
        "    * 33,682 33,682 Retweets\n    * 81,122 81,122 likes\n    Twitter Ads info & Privacy",
        "twitter",
        "janeroe",
        "2016-10-19",
    ),
]


@pytest.mark.parametrize(
    ("embed", "platform", "handle", "day"), [s[1:] for s in OTHER_SHAPES], ids=[s[0] for s in OTHER_SHAPES]
)
def test_other_platform_shapes(embed: str, platform: str, handle: str | None, day: str | None) -> None:
    """Instagram, Facebook, TikTok and the rendered tweet widget, with exact spans."""
    text = BEFORE + embed + AFTER
    (found,) = detect_text(text)
    assert found.platform == platform
    assert found.span == (len(BEFORE), len(BEFORE) + len(embed))
    assert found.author.handle == handle
    assert found.date == day


@pytest.mark.parametrize(
    "text",
    [
        "A video posted by the ministry showed soldiers entering the city on Friday.",
        "Posted by the editors on our blog last week.",
        "The song ♬ played all night long.",
    ],
)
def test_prose_about_posts_is_not_an_embed(text: str) -> None:
    assert detect_text(text) == []


TELEGRAM_POST = (
    "City Council News\n⭐️⭐️\n@cityhall The bridge reopens to traffic on Monday morning.\n12.4K\nviews\n15:26"
)
WIDGET = (
    "Follow\nJane Roe\n\n✔\n\n@janeroe\nWe will not back down on this bill.\n9:36 PM - 19 Oct 2016\n"
    "33,682\n\n33,682 Retweets\n81,122\n\n81,122 likes\nTwitter Ads info & Privacy"
)


def test_widget_does_not_reach_back_into_an_earlier_embed() -> None:
    """The widget's header is the one within a tweet's length of its date, not a
    "Name @handle" inside a Telegram post paragraphs before it."""
    between = "\n\nThe council said the repairs had cost more than expected. " * 8 + "\n"
    text = BEFORE + TELEGRAM_POST + between + WIDGET + AFTER
    telegram, widget = detect_text(text)
    assert (telegram.platform, telegram.span) == ("telegram", (len(BEFORE), len(BEFORE) + len(TELEGRAM_POST)))
    start = len(BEFORE) + len(TELEGRAM_POST) + len(between)
    assert (widget.detector.rule, widget.span) == ("twitter.widget", (start, start + len(WIDGET)))
    assert widget.author.handle == "janeroe"


def test_widget_of_a_long_post_keeps_its_whole_text() -> None:
    """A post of 2023 or later may be long (paid accounts): its header is still in reach."""
    long_text = "We will not back down on this bill, whatever it takes. " * 12
    widget = WIDGET.replace("We will not back down on this bill.", long_text).replace(
        "19 Oct 2016", "19 Oct 2023"
    )
    text = BEFORE + widget + AFTER
    (found,) = detect_text(text)
    assert found.span == (len(BEFORE), len(BEFORE) + len(widget))
