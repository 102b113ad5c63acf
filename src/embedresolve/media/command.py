"""``embedresolve archive-media IN -o OUT --dir DIR``: the command's implementation.

``cli.py`` only registers :func:`archive_media`. The source, endpoint, cache and
politeness options mean what they mean for ``clean``; ``--no-live`` leaves
only the archives' hosts. Exit status 0, or 1 when input lines were rejected
(not JSON objects; they are reported on stderr), 2 for usage errors.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any, TextIO, cast

import typer

from embedresolve.media.archiver import MB, MediaSettings, open_archiver
from embedresolve.media.items import ALL_ROLES, Role
from embedresolve.media.sources import (
    Endpoints,
    HttpConfig,
    RateLimits,
    ResolveConfig,
    default_cache_path,
)
from embedresolve.media.variants import VideoChoice
from embedresolve.media.wacz import write_wacz

__all__ = ["archive_media", "parse_max_bytes", "parse_roles"]

_DEFAULTS = Endpoints()
_LIMITS = RateLimits()
_HTTP = HttpConfig()
_ENV = "EMBEDRESOLVE_"
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
            raise typer.BadParameter(f"expected image=SIZE or video=SIZE (e.g. 20MB), not {part!r}")
        limits[kind.strip()] = int(match.group(1)) * _UNITS[(match.group(2) or "b").lower()]
    return limits


def parse_origins(values: list[str]) -> dict[str, str]:
    out = {}
    for value in values:
        host, eq, base = value.partition("=")
        if not eq or not base.startswith(("http://", "https://")):
            raise typer.BadParameter(f"expected HOST=BASE-URL, not {value!r}")
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


def archive_media(
    source: Annotated[
        str,
        typer.Argument(
            metavar="IN",
            show_default=False,
            help="Resolved records (JSONL, the output of clean); - for stdin.",
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
    ] = ("photo,video,gif,card_image"),
    max_bytes: Annotated[
        str,
        typer.Option("--max-bytes", metavar="LIMITS", help="Per-kind limits, e.g. image=20MB,video=600MB."),
    ] = ("image=20MB,video=600MB"),
    video: Annotated[
        str, typer.Option(metavar="WHICH", help="best, replay (≤ 5 Mbps) or both renditions.")
    ] = "both",
    no_live: Annotated[
        bool, typer.Option("--no-live", help="Archives only: no platform host is contacted.")
    ] = False,
    wayback_url: Annotated[
        str, typer.Option(envvar=f"{_ENV}WAYBACK_URL", metavar="URL", help="Wayback Machine base URL.")
    ] = (_DEFAULTS.wayback),
    syndication_url: Annotated[
        str, typer.Option(envvar=f"{_ENV}SYNDICATION_URL", metavar="URL", help="Tweet syndication base URL.")
    ] = _DEFAULTS.syndication,
    memento_url: Annotated[
        str | None,
        typer.Option(
            envvar=f"{_ENV}MEMENTO_URL", metavar="URL", help="TimeMap base of another Memento archive."
        ),
    ] = None,
    archive: Annotated[
        list[Path] | None,
        typer.Option("--archive", exists=True, metavar="PATH", help="A WARC file or folder (repeatable)."),
    ] = None,
    cache: Annotated[
        Path | None, typer.Option(envvar=f"{_ENV}CACHE", metavar="FILE", help="SQLite cache of JSON answers.")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Keep no HTTP answers across runs.")] = False,
    media_origin: Annotated[
        list[str] | None,
        typer.Option(
            "--media-origin", metavar="HOST=URL", help="HOST=BASE-URL: fetch HOST's files from a mirror."
        ),
    ] = None,
    search_rate: Annotated[
        float, typer.Option(metavar="PER_SECOND", help="Wayback CDX/TimeMap requests per second.", min=0.001)
    ] = (_LIMITS.wayback_search_per_second),
    replay_rate: Annotated[
        float, typer.Option(metavar="PER_SECOND", help="Wayback replay requests per second.", min=0.001)
    ] = (_LIMITS.wayback_replay_per_second),
    rate: Annotated[
        float, typer.Option(metavar="PER_SECOND", help="Requests per second to any other host.", min=0.001)
    ] = (_LIMITS.default_per_second),
    max_attempts: Annotated[
        int, typer.Option(metavar="N", help="Attempts per request.", min=1)
    ] = _HTTP.max_attempts,
    timeout: Annotated[
        float, typer.Option(metavar="SECONDS", help="Seconds one request may take (a video: its whole body).")
    ] = 600.0,
    wacz: Annotated[bool, typer.Option("--wacz", help="Also package the WARCs as DIR/media.wacz.")] = False,
    with_posts: Annotated[
        bool, typer.Option("--with-posts", help="Also the posts' JSON (syndication) as WARC responses.")
    ] = False,
) -> None:
    """Archive the photos, videos and card images of resolved posts.

    Files go to DIR/media/, one line per item to DIR/manifest.jsonl, WARCs to DIR/warc/.
    """
    if video not in ("best", "replay", "both"):
        raise typer.BadParameter("expected best, replay or both", param_hint="--video")
    origins = parse_origins(media_origin or [])
    try:
        config = ResolveConfig(
            endpoints=Endpoints(wayback=wayback_url, syndication=syndication_url, memento=memento_url),
            http=replace(_HTTP, max_attempts=max_attempts, deadline_s=timeout),
            rate_limits=replace(
                _LIMITS,
                wayback_search_per_second=search_rate,
                wayback_replay_per_second=replay_rate,
                default_per_second=rate,
            ),
        )
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    settings = MediaSettings(
        directory=directory,
        roles=parse_roles(roles),
        max_bytes=parse_max_bytes(max_bytes),
        video=cast(VideoChoice, video),
        live=not no_live,
        warc_paths=tuple(archive or ()),
        origins=origins,
        cache_path=None if no_cache else (cache or default_cache_path()),
        with_posts=with_posts,
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
