"""Post URLs of every platform: each historical form, its canonical URL, and what is not a post."""

from __future__ import annotations

import pytest

from embedresolve.platforms import PLATFORMS, PostRef, parse_post_url, parse_telegram_post
from embedresolve.platforms.base import host_is, split_url

TW = "https://twitter.com/jack/status/20"
TW_ID = "https://twitter.com/i/status/20"
YT = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
IG = "https://www.instagram.com/p/BalQ2SWFty8/"

# (url, platform, post_id, canonical_url, handle)
POSITIVES: list[tuple[str, str, str | None, str, str | None]] = [
    # Twitter / X
    ("https://twitter.com/jack/status/20", "twitter", "20", TW, "jack"),
    ("http://twitter.com/jack/status/20", "twitter", "20", TW, "jack"),
    ("twitter.com/jack/status/20", "twitter", "20", TW, "jack"),
    ("//twitter.com/jack/status/20", "twitter", "20", TW, "jack"),
    ("https://www.twitter.com/jack/status/20", "twitter", "20", TW, "jack"),
    ("https://mobile.twitter.com/jack/status/20", "twitter", "20", TW, "jack"),
    ("https://m.twitter.com/jack/status/20", "twitter", "20", TW, "jack"),
    ("https://x.com/jack/status/20", "twitter", "20", TW, "jack"),
    ("https://www.x.com/jack/status/20", "twitter", "20", TW, "jack"),
    ("https://TWITTER.COM/jack/Status/20", "twitter", "20", TW, "jack"),
    ("https://twitter.com/#!/jack/status/20", "twitter", "20", TW, "jack"),
    ("http://twitter.com/#!/jack/statuses/20", "twitter", "20", TW, "jack"),
    ("https://twitter.com/jack/statuses/20", "twitter", "20", TW, "jack"),
    ("https://twitter.com/jack/status/20/photo/1", "twitter", "20", TW, "jack"),
    ("https://twitter.com/jack/status/20/video/1", "twitter", "20", TW, "jack"),
    ("https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw", "twitter", "20", TW, "jack"),
    ("https://twitter.com/jack/status/20?s=20&t=abc", "twitter", "20", TW, "jack"),
    ("https://x.com/jack/status/20?lang=de", "twitter", "20", TW, "jack"),
    ("https://twitter.com/jack/status/20#m", "twitter", "20", TW, "jack"),
    ("https://twitter.com/i/web/status/20", "twitter", "20", TW_ID, None),
    ("https://x.com/i/status/20", "twitter", "20", TW_ID, None),
    ("https://twitter.com/statuses/20", "twitter", "20", TW_ID, None),
    ("https://platform.twitter.com/embed/Tweet.html?dnt=false&id=20&lang=en", "twitter", "20", TW_ID, None),
    ("https://platform.twitter.com/embed/Tweet.html?id=20&amp;lang=en", "twitter", "20", TW_ID, None),
    ("https://nitter.net/jack/status/20#m", "twitter", "20", TW, "jack"),
    ("https://fxtwitter.com/jack/status/20", "twitter", "20", TW, "jack"),
    (
        "https://web.archive.org/web/20200101000000/https://twitter.com/jack/status/20",
        "twitter",
        "20",
        TW,
        "jack",
    ),
    ("/web/2020id_/https://twitter.com/jack/status/20", "twitter", "20", TW, "jack"),
    (
        "https://twitter.com/A_Long_Legacy_Name20/status/1051820933982359553",
        "twitter",
        "1051820933982359553",
        "https://twitter.com/A_Long_Legacy_Name20/status/1051820933982359553",
        "A_Long_Legacy_Name20",
    ),
    # YouTube
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://music.youtube.com/watch?v=dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://youtu.be/dQw4w9WgXcQ?t=10&feature=shared", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YT, None),
    ("//www.youtube.com/embed/dQw4w9WgXcQ?feature=oembed", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://youtube.com/shorts/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://www.youtube.com/live/dQw4w9WgXcQ?si=x", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://www.youtube.com/v/dQw4w9WgXcQ?version=3", "youtube", "dQw4w9WgXcQ", YT, None),
    ("https://www.youtube.com/e/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ", YT, None),
    ("http://youtube.com/watch?v=-B93pnADIH4", "youtube", "-B93pnADIH4", "https://www.youtube.com/watch?v=-B93pnADIH4", None),
    # Instagram
    ("https://www.instagram.com/p/BalQ2SWFty8/", "instagram", "BalQ2SWFty8", IG, None),
    ("https://instagram.com/p/BalQ2SWFty8", "instagram", "BalQ2SWFty8", IG, None),
    ("https://www.instagram.com/p/BalQ2SWFty8/?utm_source=ig_embed&utm_campaign=loading", "instagram", "BalQ2SWFty8", IG, None),
    ("https://instagr.am/p/BalQ2SWFty8/", "instagram", "BalQ2SWFty8", IG, None),
    ("https://www.instagram.com/reel/BalQ2SWFty8/", "instagram", "BalQ2SWFty8", IG, None),
    ("https://www.instagram.com/reels/BalQ2SWFty8/", "instagram", "BalQ2SWFty8", IG, None),
    ("https://www.instagram.com/tv/BalQ2SWFty8/", "instagram", "BalQ2SWFty8", IG, None),
    ("https://www.instagram.com/p/BalQ2SWFty8/embed", "instagram", "BalQ2SWFty8", IG, None),
    ("https://www.instagram.com/p/BalQ2SWFty8/embed/captioned/?cr=1&v=13", "instagram", "BalQ2SWFty8", IG, None),
    ("https://www.instagram.com/skep.association/p/BalQ2SWFty8/", "instagram", "BalQ2SWFty8", IG, "skep.association"),
    (
        "https://web.archive.org/web/20220422074927/https://www.instagram.com/p/CNWJmy9nXoP/",
        "instagram",
        "CNWJmy9nXoP",
        "https://www.instagram.com/p/CNWJmy9nXoP/",
        None,
    ),
    # Facebook
    (
        "https://www.facebook.com/wanyu.claire/posts/155510659249821",
        "facebook",
        "155510659249821",
        "https://www.facebook.com/wanyu.claire/posts/155510659249821",
        "wanyu.claire",
    ),
    (
        "https://m.facebook.com/20531316728/posts/10154009990506729/",
        "facebook",
        "10154009990506729",
        "https://www.facebook.com/20531316728/posts/10154009990506729",
        "20531316728",
    ),
    (
        "https://www.facebook.com/nasa/posts/pfbid02abcdefghijKLMNOPqrstu",
        "facebook",
        "pfbid02abcdefghijKLMNOPqrstu",
        "https://www.facebook.com/nasa/posts/pfbid02abcdefghijKLMNOPqrstu",
        "nasa",
    ),
    (
        "https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fwanyu.claire%2Fposts%2F155510659249821&width=500",
        "facebook",
        "155510659249821",
        "https://www.facebook.com/wanyu.claire/posts/155510659249821",
        "wanyu.claire",
    ),
    (
        "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fnasa%2Fvideos%2F123456789%2F&show_text=0",
        "facebook",
        "123456789",
        "https://www.facebook.com/nasa/videos/123456789/",
        "nasa",
    ),
    (
        "https://www.facebook.com/nasa/videos/a-rocket-launch/123456789/",
        "facebook",
        "123456789",
        "https://www.facebook.com/nasa/videos/123456789/",
        "nasa",
    ),
    (
        "https://www.facebook.com/permalink.php?story_fbid=1234567&id=7654321",
        "facebook",
        "1234567",
        "https://www.facebook.com/permalink.php?story_fbid=1234567&id=7654321",
        "7654321",
    ),
    (
        "https://www.facebook.com/story.php?story_fbid=1234567&id=7654321",
        "facebook",
        "1234567",
        "https://www.facebook.com/permalink.php?story_fbid=1234567&id=7654321",
        "7654321",
    ),
    ("https://www.facebook.com/watch/?v=123456789", "facebook", "123456789", "https://www.facebook.com/watch/?v=123456789", None),
    ("https://www.facebook.com/video.php?v=123456789", "facebook", "123456789", "https://www.facebook.com/watch/?v=123456789", None),
    (
        "https://www.facebook.com/unialesznoks/photos/pcb.3485430601537621/3485430308204317",
        "facebook",
        "3485430308204317",
        "https://www.facebook.com/photo.php?fbid=3485430308204317",
        "unialesznoks",
    ),
    (
        "https://www.facebook.com/photo.php?fbid=3485430308204317&set=a.1",
        "facebook",
        "3485430308204317",
        "https://www.facebook.com/photo.php?fbid=3485430308204317",
        None,
    ),
    (
        "https://www.facebook.com/groups/123456/permalink/987654/",
        "facebook",
        "987654",
        "https://www.facebook.com/groups/123456/posts/987654/",
        None,
    ),
    ("https://www.facebook.com/reel/123456789", "facebook", "123456789", "https://www.facebook.com/reel/123456789", None),
    ("https://fb.watch/abcDEF123/", "facebook", None, "https://fb.watch/abcDEF123/", None),
    ("https://www.facebook.com/share/p/1AbCdEfG/", "facebook", None, "https://www.facebook.com/share/p/1AbCdEfG/", None),
    # TikTok
    (
        "https://www.tiktok.com/@scout2015/video/6718335390845095173",
        "tiktok",
        "6718335390845095173",
        "https://www.tiktok.com/@scout2015/video/6718335390845095173",
        "scout2015",
    ),
    (
        "https://www.tiktok.com/@scout2015/video/6718335390845095173?is_from_webapp=1&sender_device=pc",
        "tiktok",
        "6718335390845095173",
        "https://www.tiktok.com/@scout2015/video/6718335390845095173",
        "scout2015",
    ),
    (
        "https://m.tiktok.com/v/6718335390845095173.html",
        "tiktok",
        "6718335390845095173",
        "https://www.tiktok.com/embed/v2/6718335390845095173",
        None,
    ),
    (
        "https://www.tiktok.com/embed/v2/6718335390845095173",
        "tiktok",
        "6718335390845095173",
        "https://www.tiktok.com/embed/v2/6718335390845095173",
        None,
    ),
    (
        "https://www.tiktok.com/embed/6718335390845095173",
        "tiktok",
        "6718335390845095173",
        "https://www.tiktok.com/embed/v2/6718335390845095173",
        None,
    ),
    ("https://vm.tiktok.com/ZMabc123/", "tiktok", None, "https://vm.tiktok.com/ZMabc123/", None),
    ("https://vt.tiktok.com/ZSabc123/", "tiktok", None, "https://vt.tiktok.com/ZSabc123/", None),
    ("https://www.tiktok.com/t/ZTabc123/", "tiktok", None, "https://www.tiktok.com/t/ZTabc123/", None),
    # Telegram
    ("https://t.me/durov/43", "telegram", "durov/43", "https://t.me/durov/43", "durov"),
    ("t.me/durov/43?single", "telegram", "durov/43", "https://t.me/durov/43", "durov"),
    ("https://t.me/durov/43?embed=1&mode=tme", "telegram", "durov/43", "https://t.me/durov/43", "durov"),
    ("https://t.me/s/durov/43", "telegram", "durov/43", "https://t.me/durov/43", "durov"),
    ("https://telegram.me/durov/43", "telegram", "durov/43", "https://t.me/durov/43", "durov"),
    # Bluesky
    (
        "https://bsky.app/profile/jay.bsky.team/post/3kxyzabc222",
        "bluesky",
        "3kxyzabc222",
        "https://bsky.app/profile/jay.bsky.team/post/3kxyzabc222",
        "jay.bsky.team",
    ),
    (
        "https://bsky.app/profile/did:plc:oky5czdrnfjpqslsw2a5iclo/post/3kxyzabc222?ref_src=embed",
        "bluesky",
        "3kxyzabc222",
        "https://bsky.app/profile/did:plc:oky5czdrnfjpqslsw2a5iclo/post/3kxyzabc222",
        "did:plc:oky5czdrnfjpqslsw2a5iclo",
    ),
    (
        "at://did:plc:oky5czdrnfjpqslsw2a5iclo/app.bsky.feed.post/3kxyzabc222",
        "bluesky",
        "3kxyzabc222",
        "https://bsky.app/profile/did:plc:oky5czdrnfjpqslsw2a5iclo/post/3kxyzabc222",
        "did:plc:oky5czdrnfjpqslsw2a5iclo",
    ),
    (
        "https://embed.bsky.app/embed/did:plc:oky5czdrnfjpqslsw2a5iclo/app.bsky.feed.post/3kxyzabc222",
        "bluesky",
        "3kxyzabc222",
        "https://bsky.app/profile/did:plc:oky5czdrnfjpqslsw2a5iclo/post/3kxyzabc222",
        "did:plc:oky5czdrnfjpqslsw2a5iclo",
    ),
    # Mastodon (any host)
    (
        "https://mastodon.social/@Gargron/109394836129213482",
        "mastodon",
        "109394836129213482",
        "https://mastodon.social/@Gargron/109394836129213482",
        "Gargron@mastodon.social",
    ),
    (
        "https://mastodon.social/@Gargron/109394836129213482/embed",
        "mastodon",
        "109394836129213482",
        "https://mastodon.social/@Gargron/109394836129213482",
        "Gargron@mastodon.social",
    ),
    (
        "https://hachyderm.io/users/nova/statuses/109394836129213482",
        "mastodon",
        "109394836129213482",
        "https://hachyderm.io/@nova/109394836129213482",
        "nova@hachyderm.io",
    ),
    (
        "https://hachyderm.io/@Gargron@mastodon.social/109394836129213482",
        "mastodon",
        "109394836129213482",
        "https://hachyderm.io/@Gargron@mastodon.social/109394836129213482",
        "Gargron@mastodon.social",
    ),
    (
        "https://mastodon.social/web/statuses/109394836129213482",
        "mastodon",
        "109394836129213482",
        "https://mastodon.social/web/statuses/109394836129213482",
        None,
    ),
    # Threads
    (
        "https://www.threads.net/@zuck/post/C8abcDEFgh1",
        "threads",
        "C8abcDEFgh1",
        "https://www.threads.com/@zuck/post/C8abcDEFgh1",
        "zuck",
    ),
    (
        "https://threads.com/@zuck/post/C8abcDEFgh1/embed",
        "threads",
        "C8abcDEFgh1",
        "https://www.threads.com/@zuck/post/C8abcDEFgh1",
        "zuck",
    ),
    ("https://www.threads.net/t/C8abcDEFgh1", "threads", "C8abcDEFgh1", "https://www.threads.com/t/C8abcDEFgh1", None),
    # Reddit
    (
        "https://www.reddit.com/r/aww/comments/90bu6w/heat_index_was_110_degrees/",
        "reddit",
        "90bu6w",
        "https://www.reddit.com/r/aww/comments/90bu6w/",
        "r/aww",
    ),
    (
        "https://old.reddit.com/r/aww/comments/90bu6w/",
        "reddit",
        "90bu6w",
        "https://www.reddit.com/r/aww/comments/90bu6w/",
        "r/aww",
    ),
    (
        "https://www.reddit.com/r/aww/comments/90bu6w/heat_index/e2zs6ce/",
        "reddit",
        "e2zs6ce",
        "https://www.reddit.com/r/aww/comments/90bu6w/_/e2zs6ce/",
        "r/aww",
    ),
    ("https://redd.it/90bu6w", "reddit", "90bu6w", "https://www.reddit.com/comments/90bu6w/", None),
    (
        "https://www.reddit.com/user/spez/comments/1abcde/a_profile_post/",
        "reddit",
        "1abcde",
        "https://www.reddit.com/comments/1abcde/",
        "u/spez",
    ),
    (
        "https://embed.reddit.com/r/aww/comments/90bu6w/heat_index/?embed=true",
        "reddit",
        "90bu6w",
        "https://www.reddit.com/r/aww/comments/90bu6w/",
        "r/aww",
    ),
    ("https://www.reddit.com/r/aww/s/AbCdEf123", "reddit", None, "https://www.reddit.com/r/aww/s/AbCdEf123/", "r/aww"),
    # Vimeo
    ("https://vimeo.com/32246206", "vimeo", "32246206", "https://vimeo.com/32246206", None),
    ("https://player.vimeo.com/video/32246206?color=ffffff", "vimeo", "32246206", "https://vimeo.com/32246206", None),
    ("https://vimeo.com/channels/staffpicks/32246206", "vimeo", "32246206", "https://vimeo.com/32246206", None),
    ("https://vimeo.com/groups/shortfilms/videos/32246206", "vimeo", "32246206", "https://vimeo.com/32246206", None),
    ("https://vimeo.com/32246206/abcdef0123", "vimeo", "32246206", "https://vimeo.com/32246206", None),
]  # fmt: skip

NEGATIVES = [
    # profiles, searches, hashtags, app routes
    "https://twitter.com/jack",
    "https://twitter.com/jack/likes",
    "https://twitter.com/search?q=%23embed",
    "https://twitter.com/hashtag/embed",
    "https://twitter.com/intent/tweet?in_reply_to=20",
    "https://twitter.com/intent/like?tweet_id=20",
    "https://twitter.com/i/lists/123",
    "https://platform.twitter.com/widgets/follow_button.html?screen_name=jack",
    "https://twitter.com/jack/status/notanumber",
    "https://www.youtube.com/@channel",
    "https://www.youtube.com/channel/UC_x5XG1OV2P6uZZ5FSM9Ttw",
    "https://www.youtube.com/embed/videoseries?list=PL123",
    "https://www.youtube.com/results?search_query=embed",
    "https://www.youtube.com/watch?v=short",
    "https://www.instagram.com/skep.association/",
    "https://www.instagram.com/explore/tags/skep/",
    "https://www.facebook.com/nasa",
    "https://www.facebook.com/plugins/like.php?href=https%3A%2F%2Fwww.facebook.com%2Fnasa",
    "https://www.facebook.com/plugins/page.php?href=https%3A%2F%2Fwww.facebook.com%2Fnasa",
    "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.com",
    "https://www.tiktok.com/@scout2015",
    "https://www.tiktok.com/tag/foryoupage",
    "https://www.tiktok.com/@user/123",
    "https://t.me/durov",
    "https://t.me/joinchat/AAAAAE",
    "https://t.me/share/url?url=x",
    "https://bsky.app/profile/jay.bsky.team",
    "at://did:plc:abc/app.bsky.actor.profile/self",
    "https://mastodon.social/@Gargron",
    "https://example.com/statuses/123",
    "https://medium.com/@user/123",
    "https://www.threads.net/@zuck",
    "https://www.reddit.com/r/aww/",
    "https://www.reddit.com/user/spez/",
    "https://vimeo.com/channels/staffpicks",
    # lookalikes: the platform's name in the path, or a domain that only starts with it
    "https://twitter.com.evil.example/jack/status/20",
    "https://eviltwitter.com/jack/status/20",
    "https://example.com/twitter.com/jack/status/20",
    "https://example.com/?u=https://twitter.com/jack/status/20",
    "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "https://notyoutu.be/dQw4w9WgXcQ",
    "https://instagram.com.evil.example/p/BalQ2SWFty8/",
    # not URLs at all
    "",
    "   ",
    "#hashtag",
    "@jack",
    "mailto:jack@twitter.com",
    "javascript:alert(1)",
    "ftp://twitter.com/jack/status/20",
    "https://[::1/",
]


@pytest.mark.parametrize(("url", "platform", "post_id", "canonical", "handle"), POSITIVES)
def test_every_url_form_names_its_post(url, platform, post_id, canonical, handle):
    assert parse_post_url(url) == PostRef(platform, post_id, canonical, handle)


@pytest.mark.parametrize("url", NEGATIVES)
def test_urls_that_name_no_post(url):
    assert parse_post_url(url) is None


@pytest.mark.parametrize(("url", "platform", "post_id", "canonical", "handle"), POSITIVES)
def test_canonical_urls_are_fixed_points(url, platform, post_id, canonical, handle):
    """Parsing a canonical URL gives back the same post and the same URL."""
    ref = parse_post_url(canonical)
    assert ref is not None
    assert (ref.platform, ref.post_id, ref.canonical_url) == (platform, post_id, canonical)


def test_every_platform_has_a_positive_case():
    assert {row[1] for row in POSITIVES} == set(PLATFORMS)


class TestTelegramWidget:
    def test_widget_reference(self):
        """``data-telegram-post="channel/123"`` names the same post as the t.me URL."""
        assert parse_telegram_post("durov/43") == parse_post_url("https://t.me/durov/43")

    @pytest.mark.parametrize("ref", ["durov", "durov/", "/43", "durov/abc", "c/43", "ab/1"])
    def test_bad_references(self, ref):
        assert parse_telegram_post(ref) is None


class TestHelpers:
    @pytest.mark.parametrize(
        ("host", "expected"),
        [
            ("twitter.com", True),
            ("mobile.twitter.com", True),
            ("twitter.com.evil.example", False),
            ("eviltwitter.com", False),
        ],
    )
    def test_host_is_matches_on_label_boundaries(self, host, expected):
        assert host_is(host, "twitter.com") is expected

    def test_split_url_normalises(self):
        url = split_url("  HTTPS://Mobile.Twitter.COM:443/jack/status/20?s=20&amp;t=x#frag ")
        assert url is not None
        assert (url.host, url.segments, url.param("t"), url.fragment) == (
            "mobile.twitter.com",
            ("jack", "status", "20"),
            "x",
            "frag",
        )

    def test_overlong_input_is_refused(self):
        assert split_url("https://twitter.com/jack/status/" + "1" * 5000) is None


def test_hostile_input_is_rejected_quickly():
    """Long runs of the characters the parsers look at are refused (a backtracking regex would hang here)."""
    hostile = [
        "https://twitter.com/" + "a/" * 2000 + "status",
        "https://x.com/" + "@" * 4000,
        "https://mastodon.example/" + "@a" * 2000,
        "at://" + "did:plc:" * 500,
        "https://www.facebook.com/plugins/post.php?href=" + "%2F" * 1300,
        "https://web.archive.org/web/" + "1" * 4000,
    ]
    assert [parse_post_url(url) for url in hostile] == [None] * len(hostile)
