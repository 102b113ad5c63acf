"""Which media files a post names, per role, with their ranked URL forms (pure JSON → values).

Two inputs, both plain JSON:

* the post record of a resolution (``embeds[].resolution.post``, the record
  contract: ``media[] = {type, url, short_url, display_url, variants}``);
* a syndication payload (``tweet-result``), which also names the link card's
  image, the author's avatar, the video posters, bitrates and the quoted post.

A post record whose media only names the ``pic.twitter.com/CODE`` page (or the
``…/photo/1`` page) has no file URL: :func:`items_from_post` reports it in
``needs_payload`` so the caller can look the payload up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal
from urllib.parse import urlsplit

from embedresolve.media.variants import (
    UrlForm,
    VideoChoice,
    choose_videos,
    parse_photo_url,
    photo_forms,
    video_media_id,
    video_variant,
)

__all__ = [
    "ALL_ROLES",
    "DEFAULT_ROLES",
    "Extraction",
    "MediaItem",
    "Role",
    "items_from_payload",
    "items_from_post",
]

Role = Literal["photo", "video", "gif", "card_image", "avatar", "poster"]
ALL_ROLES: tuple[Role, ...] = ("photo", "video", "gif", "card_image", "avatar", "poster")
DEFAULT_ROLES: frozenset[Role] = frozenset({"photo", "video", "gif", "card_image"})
_IMAGE_ROLES = frozenset({"photo", "card_image", "avatar", "poster"})


@dataclass(frozen=True, slots=True, kw_only=True)
class MediaItem:
    """One media file to archive.

    ``identity`` is the dedup key (``twitter:photo:<ID>``,
    ``twitter:video:<mediaID>:<variant>``); ``forms`` are the URLs it may be
    found under, best first; ``archive_prefix`` (when set) is the one CDX
    prefix that covers every form and ``archive_id`` the case-sensitive ID
    the ``original`` of a capture must contain.
    """

    platform: str
    post_id: str | None
    role: Role
    identity: str
    forms: tuple[UrlForm, ...]
    variant_role: str | None = None  # best / replay for videos
    playlists: tuple[str, ...] = ()
    archive_prefix: str | None = None
    archive_id: str | None = None

    @property
    def kind(self) -> Literal["image", "video"]:
        return "image" if self.role in _IMAGE_ROLES else "video"


@dataclass(slots=True)
class Extraction:
    """Items found, and media entries that name a page instead of a file."""

    items: list[MediaItem] = field(default_factory=list)
    needs_payload: list[str] = field(default_factory=list)


def _photo_item(url: str, *, platform: str, post_id: str | None, role: Role) -> MediaItem | None:
    ref = parse_photo_url(url)
    if ref is None:
        return None
    return MediaItem(
        platform=platform,
        post_id=post_id,
        role=role,
        identity=f"twitter:photo:{ref.media_id}" if role == "photo" else f"twitter:{role}:{ref.media_id}",
        forms=photo_forms(ref),
        archive_prefix=f"{ref.host}/media/{ref.media_id}",
        archive_id=ref.media_id,
    )


def _plain_item(
    url: str, *, platform: str, post_id: str | None, role: Role, name: str = "default"
) -> MediaItem:
    return MediaItem(
        platform=platform,
        post_id=post_id,
        role=role,
        identity=f"{platform}:{role}:{url}",
        forms=(UrlForm(url=url, name=name),),
    )


def _video_items(
    entries: Iterable[object], *, post_id: str | None, role: Role, choice: VideoChoice
) -> list[MediaItem]:
    variants = [v for v in (video_variant(e) for e in entries) if v is not None]
    chosen, playlists = choose_videos(variants, "best" if role == "gif" else choice)
    items = []
    for variant_role, variant in chosen:
        media_id = video_media_id(variant.url) or variant.url
        identity = f"twitter:gif:{media_id}" if role == "gif" else f"twitter:video:{media_id}:{variant.name}"
        items.append(
            MediaItem(
                platform="twitter",
                post_id=post_id,
                role=role,
                identity=identity,
                forms=_with_untagged(variant.form()),
                variant_role=variant_role,
                playlists=tuple(p.url for p in playlists),
            )
        )
    return items


def _with_untagged(form: UrlForm) -> tuple[UrlForm, ...]:
    """A rendition URL as listed, then without its query (``?tag=12``): archives and CDNs have
    served each form where the other failed."""
    bare = form.url.split("?", 1)[0]
    return (form,) if bare == form.url else (form, replace(form, url=bare))


def _is_media_file(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    return host.endswith(("twimg.com",)) and not host.startswith("cdn.syndication")


def items_from_post(
    post: dict[str, Any], roles: frozenset[Role] = DEFAULT_ROLES, *, video: VideoChoice = "both"
) -> Extraction:
    """The media a post record names (see the module docstring)."""
    out = Extraction()
    platform = str(post.get("platform") or "twitter")
    post_id = post.get("post_id") if isinstance(post.get("post_id"), str) else None
    media = post.get("media")
    for entry in media if isinstance(media, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        url: str = entry["url"]
        kind = entry.get("type")
        if platform != "twitter":
            role: Role = "photo" if kind in (None, "photo", "image", "thumbnail") else "video"
            if role in roles:
                out.items.append(_plain_item(url, platform=platform, post_id=post_id, role=role))
            continue
        if kind in ("video", "animated_gif"):
            role = "gif" if kind == "animated_gif" else "video"
            variants = entry.get("variants")
            listed = variants if isinstance(variants, list) and variants else [url]
            if role in roles:
                out.items.extend(_video_items(listed, post_id=post_id, role=role, choice=video))
            continue
        if not _is_media_file(url):
            out.needs_payload.append(url)
            continue
        item = _photo_item(url, platform=platform, post_id=post_id, role="photo")
        if item is not None and "photo" in roles:
            out.items.append(item)
    return out


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _card_image(card: dict[str, Any]) -> str | None:
    """The largest image a card's ``binding_values`` name."""
    best: tuple[int, str] | None = None
    for value in _dict(card.get("binding_values")).values():
        image = _dict(_dict(value).get("image_value"))
        url = image.get("url")
        if not isinstance(url, str):
            continue
        size = int(image.get("width") or 0) * int(image.get("height") or 0)
        if best is None or size > best[0]:
            best = (size, url)
    return best[1] if best else None


def _avatar_forms(url: str) -> tuple[UrlForm, ...]:
    """``…_normal.jpg`` is 48 px; without the suffix it is the uploaded original."""
    forms = []
    if "_normal." in url:
        forms.append(UrlForm(url=url.replace("_normal.", "."), name="orig"))
        forms.append(UrlForm(url=url.replace("_normal.", "_400x400."), name="400x400"))
    forms.append(UrlForm(url=url, name="normal"))
    return tuple(forms)


def items_from_payload(
    payload: dict[str, Any],
    roles: frozenset[Role] = DEFAULT_ROLES,
    *,
    video: VideoChoice = "both",
    quoted: bool = True,
) -> list[MediaItem]:
    """The media a syndication payload names: files, posters, card image, avatar, quoted post."""
    post_id = payload.get("id_str") if isinstance(payload.get("id_str"), str) else None
    items: list[MediaItem] = []
    details = payload.get("mediaDetails")
    for entry in details if isinstance(details, list) else []:
        if not isinstance(entry, dict):
            continue
        kind = entry.get("type")
        file_url = entry.get("media_url_https")
        if kind in ("video", "animated_gif"):
            role: Role = "gif" if kind == "animated_gif" else "video"
            variants = _dict(entry.get("video_info")).get("variants")
            if role in roles and isinstance(variants, list):
                items.extend(_video_items(variants, post_id=post_id, role=role, choice=video))
            if "poster" in roles and isinstance(file_url, str):
                media_id = video_media_id(file_url) or file_url
                items.append(
                    MediaItem(
                        platform="twitter",
                        post_id=post_id,
                        role="poster",
                        identity=f"twitter:poster:{media_id}",
                        forms=(UrlForm(url=file_url, name="default"),),
                    )
                )
        elif "photo" in roles and isinstance(file_url, str):
            item = _photo_item(file_url, platform="twitter", post_id=post_id, role="photo")
            if item is not None:
                items.append(item)
    card_url = _card_image(_dict(payload.get("card")))
    if "card_image" in roles and card_url:
        path = urlsplit(card_url).path
        items.append(
            MediaItem(
                platform="twitter",
                post_id=post_id,
                role="card_image",
                identity=f"twitter:card_image:{path}",
                forms=(UrlForm(url=card_url, name="card"),),
            )
        )
    avatar = _dict(payload.get("user")).get("profile_image_url_https")
    if "avatar" in roles and isinstance(avatar, str):
        path = urlsplit(avatar).path.replace("_normal.", ".")
        items.append(
            MediaItem(
                platform="twitter",
                post_id=post_id,
                role="avatar",
                identity=f"twitter:avatar:{path}",
                forms=_avatar_forms(avatar),
            )
        )
    quoted_tweet = payload.get("quoted_tweet")
    if quoted and isinstance(quoted_tweet, dict):
        items.extend(items_from_payload(quoted_tweet, roles - {"avatar"}, video=video, quoted=False))
    return items
