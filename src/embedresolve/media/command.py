"""``embedresolve archive-media IN -o OUT --dir DIR``: the command's implementation.

``cli.py`` registers :func:`archive_media` behind its error boundary and hands
it the options ``clean`` shares (``cli.ResolverOptions``), with the same meaning:
``--sources`` picks the media sources too (any of t.co/syndication/oEmbed: the
live CDN; ``wayback``, ``memento``, ``warc``), ``--no-live`` leaves only the
archives' hosts, ``--offline`` only the cache and ``--archive`` files. Exit
status 0, or 1 when input lines were rejected (not JSON objects; reported on
stderr), 2 for usage errors.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, Protocol, TextIO, cast

import typer

from embedresolve.errors import UsageError
from embedresolve.media.archiver import MB, MediaSettings, open_archiver
from embedresolve.media.items import ALL_ROLES, Role
from embedresolve.media.sources import LIVE_SOURCES, ResolverSettings
from embedresolve.media.variants import VideoChoice
from embedresolve.media.wacz import write_wacz

__all__ = ["SharedOptions", "archive_media", "parse_max_bytes", "parse_roles"]

_SIZE = re.compile(r"([0-9]{1,12})\s*(B|KB|MB|GB)?", re.IGNORECASE)
_UNITS = {"b": 1, "kb": 1024, "mb": MB, "gb": 1024 * MB}


def parse_roles(text: str) -> frozenset[Role]:
    names = {name.strip() for name in text.split(",") if name.strip()}
    unknown = names - set(ALL_ROLES)
    if unknown:
        raise typer.BadParameter(
            f"unknown role(s) {', '.join(sorted(unknown))}; known: {', '.join(ALL_ROLES)}"
        )
    return frozenset(cast(set[Role], names))


def parse_max_bytes(text: str) -> dict[str, int]:
    """``image=20MB,video=600MB`` → byte limits per kind."""
    limits = {"image": 20 * MB, "video": 600 * MB}
    for part in (p.strip() for p in text.split(",") if p.strip()):
        kind, _, size = part.partition("=")
        match = _SIZE.fullmatch(size.strip())
        if kind.strip() not in limits or match is None:
            raise UsageError(f"--max-bytes: expected image=SIZE or video=SIZE (e.g. 20MB), not {part!r}")
        limits[kind.strip()] = int(match.group(1)) * _UNITS[(match.group(2) or "b").lower()]
    return limits


def parse_origins(values: list[str]) -> dict[str, str]:
    out = {}
    for value in values:
        host, eq, base = value.partition("=")
        if not eq or not base.startswith(("http://", "https://")):
            raise UsageError(f"--media-origin: expected HOST=BASE-URL, not {value!r}")
        out[host.strip()] = base.strip()
    return out


def _records(source: str, rejected: list[str]) -> Iterator[dict[str, Any]]:
    stream: TextIO = sys.stdin if source == "-" else Path(source).open(encoding="utf-8")  # noqa: SIM115
    try:
        for number, text in enumerate(stream, 1):
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except ValueError as error:
                rejected.append(f"line {number}: not JSON: {error}")
                continue
            if not isinstance(value, dict):
                rejected.append(f"line {number}: not a JSON object")
                continue
            yield value
    finally:
        if stream is not sys.stdin:
            stream.close()


class SharedOptions(Protocol):
    """What ``cli.ResolverOptions`` (the options ``clean`` shares) gives this command."""

    def settings(self) -> ResolverSettings: ...


def archive_media(
    source: Annotated[
        str,
        typer.Argument(
            metavar="IN",
            help="Resolved records (JSONL, the output of clean), or - for stdin.",
            show_default=False,
        ),
    ],
    directory: Annotated[
        Path, typer.Option("--dir", metavar="DIR", help="Where media/, manifest.jsonl and warc/ go.")
    ],
    output: Annotated[
        str,
        typer.Option("--output", "-o", metavar="OUT", help="Records with embeds[].media[]; - for stdout."),
    ] = "-",
    roles: Annotated[
        str, typer.Option(metavar="ROLES", help=f"Media roles to archive, of {', '.join(ALL_ROLES)}.")
    ] = "photo,video,gif,card_image",
    max_bytes: Annotated[
        str, typer.Option("--max-bytes", metavar="LIMITS", help="Per-kind limits, as image=20MB,video=600MB.")
    ] = "image=20MB,video=600MB",
    video: Annotated[
        str, typer.Option(metavar="WHICH", help="Video renditions: best, replay (at most 5 Mbps) or both.")
    ] = "both",
    media_origin: Annotated[
        list[str] | None,
        typer.Option("--media-origin", metavar="HOST=URL", help="Fetch a media host's files from a mirror."),
    ] = None,
    media_timeout: Annotated[
        float, typer.Option(metavar="SECONDS", help="Seconds one media file may take to download.", min=1)
    ] = 3600.0,
    wacz: Annotated[bool, typer.Option("--wacz", help="Also package the WARCs as DIR/media.wacz.")] = False,
    with_posts: Annotated[
        bool, typer.Option("--with-posts", help="Also the posts' JSON (syndication) as WARC responses.")
    ] = False,
    *,
    options: SharedOptions,
) -> None:
    """Archive the photos, videos and card images of resolved posts.

    Files go to DIR/media/, one line per item to DIR/manifest.jsonl, WARCs to DIR/warc/.
    """
    if video not in ("best", "replay", "both"):
        raise UsageError(f"--video: expected best, replay or both, not {video!r}")
    shared = options.settings()
    names = set(shared.sources)
    config = shared.config
    settings = MediaSettings(
        directory=directory,
        roles=parse_roles(roles),
        max_bytes=parse_max_bytes(max_bytes),
        video=cast(VideoChoice, video),
        live=bool(names & LIVE_SOURCES) and not shared.offline,
        wayback="wayback" in names and not shared.offline,
        memento="memento" in names and not shared.offline,
        warc_paths=shared.warc_paths if "warc" in names else (),
        origins=parse_origins(media_origin or []),
        cache_path=None if shared.cache_path is None else Path(shared.cache_path),
        with_posts=with_posts,
        media_deadline_s=media_timeout,
    )
    rejected: list[str] = []
    directory.mkdir(parents=True, exist_ok=True)
    out: TextIO = sys.stdout if output == "-" else Path(output).open("w", encoding="utf-8")  # noqa: SIM115
    try:
        with open_archiver(settings, config) as archiver:
            for record in archiver.archive_records(_records(source, rejected)):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            counts = archiver.counts
            files = [str(p) for p in archiver.warc.files]
        if wacz:
            write_wacz(directory, directory / "media.wacz")
    finally:
        if out is not sys.stdout:
            out.close()
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(counts.outcomes.items())) or "no media"
    typer.echo(
        f"embedresolve: {counts.items} media item(s): {outcomes}; WARC: {', '.join(files) or '-'}", err=True
    )
    for reason in rejected:
        typer.echo(f"embedresolve: rejected {reason}", err=True)
    raise typer.Exit(1 if rejected else 0)
