"""The ``embedresolve`` command: a thin typer layer over the library.

It builds the config, streams records through :mod:`embedresolve.pipeline`
and maps the outcome to an exit status:

    0  every record was processed
    1  the run finished, but some records were rejected (see the rejects file)
    2  usage error: bad options, unreadable input
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer

from embedresolve import __version__
from embedresolve.errors import UsageError
from embedresolve.io import (
    DEFAULT_MAX_RECORD_BYTES,
    InputRecord,
    RecordWriter,
    Reject,
    RejectsWriter,
    detect_format,
    read_records,
)
from embedresolve.pipeline import CleanConfig, clean_records, restore_records
from embedresolve.resolve.cache import default_cache_path
from embedresolve.resolve.config import Endpoints, HttpConfig, RateLimits, ResolveConfig
from embedresolve.resolve.factory import DEFAULT_SOURCES, LIVE_SOURCES, ResolverSettings, open_resolver
from embedresolve.resolve.target import embed_for
from embedresolve.schema import RECORD_SCHEMA
from embedresolve.summary import Summary

EXIT_OK, EXIT_REJECTS = 0, 1  # usage errors exit 2 through typer (BadParameter)
_DEFAULTS = Endpoints()
_LIMITS = RateLimits()
_HTTP = HttpConfig()
_DEFAULT_SOURCES = ",".join(DEFAULT_SOURCES)

app = typer.Typer(
    name="embedresolve",
    help="Find embedded social-media posts in scraped articles, separate them, resolve them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

InputArg = Annotated[
    str,
    typer.Argument(
        help="JSONL, JSON array, CSV (optionally .gz), a folder of .txt/.html files, or - for stdin."
    ),
]
OutputOpt = Annotated[str, typer.Option("--output", "-o", help="Where to write; - for stdout.")]
FieldOpt = Annotated[
    str | None,
    typer.Option("--field", help="Text field (default: content, text, body, maintext, article, full_text)."),
]
HtmlFieldOpt = Annotated[
    str | None, typer.Option("--html-field", help="HTML field (default: html, raw_html, …, when present).")
]
FormatOpt = Annotated[
    str | None, typer.Option("--format", help="Input format: jsonl, json, csv, txtdir (default: by name).")
]
RejectsOpt = Annotated[
    str | None,
    typer.Option("--rejects", help="Rejects file (JSONL). Default: OUTPUT.rejects.jsonl, or stderr."),
]
MaxBytesOpt = Annotated[
    int, typer.Option("--max-record-bytes", help="Reject records larger than this.", min=1)
]

# Resolution options, shared by ``clean`` and ``resolve``; each can also come from the environment.
_ENV = "EMBEDRESOLVE_"
SourcesOpt = Annotated[
    str, typer.Option(envvar=f"{_ENV}SOURCES", help="Sources to ask, comma-separated, in order.")
]
CacheOpt = Annotated[
    Path | None,
    typer.Option(envvar=f"{_ENV}CACHE", help="SQLite cache file (default: the user cache directory)."),
]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Keep nothing across runs.")]
OfflineOpt = Annotated[bool, typer.Option("--offline", help="No network: the cache and local sources only.")]
NoLiveOpt = Annotated[
    bool, typer.Option("--no-live", help="Archives only: no t.co, syndication or oEmbed requests.")
]
WaybackOpt = Annotated[str, typer.Option(envvar=f"{_ENV}WAYBACK_URL", help="Wayback Machine base URL.")]
SyndicationOpt = Annotated[
    str, typer.Option(envvar=f"{_ENV}SYNDICATION_URL", help="Tweet syndication base URL.")
]
OembedOpt = Annotated[str, typer.Option(envvar=f"{_ENV}OEMBED_URL", help="Twitter oEmbed base URL.")]
TcoOpt = Annotated[str, typer.Option(envvar=f"{_ENV}TCO_URL", help="t.co base URL.")]
MementoOpt = Annotated[
    str | None,
    typer.Option(envvar=f"{_ENV}MEMENTO_URL", help="TimeMap base of another Memento archive (link format)."),
]
ArchiveOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--archive", exists=True, help="A WARC file or a folder of them, as an offline source (repeatable)."
    ),
]
SearchRateOpt = Annotated[
    float, typer.Option(help="Wayback CDX/TimeMap requests per second (IA allows 0.5).", min=0.001)
]
ReplayRateOpt = Annotated[float, typer.Option(help="Wayback replay requests per second.", min=0.001)]
RateOpt = Annotated[float, typer.Option(help="Requests per second to any other host.", min=0.001)]
MaxAttemptsOpt = Annotated[
    int, typer.Option(help="Attempts per request (retries on timeouts, resets, 5xx).", min=1)
]
TimeoutOpt = Annotated[
    float, typer.Option(help="Seconds one request may take, all reading included.", min=0.1)
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"embedresolve {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Find embedded social-media posts in scraped articles, separate them, resolve them."""


@app.command()
def scan(
    source: InputArg,
    output: OutputOpt = "-",
    field: FieldOpt = None,
    html_field: HtmlFieldOpt = None,
    fmt: FormatOpt = None,
    rejects: RejectsOpt = None,
    max_record_bytes: MaxBytesOpt = DEFAULT_MAX_RECORD_BYTES,
) -> None:
    """Print one JSON line per embed found: record index, record id and the embed."""
    config = CleanConfig(field=field, html_field=html_field)
    records = _read(source, fmt, max_record_bytes)
    with RecordWriter(output, "jsonl") as out, RejectsWriter(_rejects_path(rejects, output)) as rejected:
        for index, item in enumerate(clean_records(records, config)):
            if isinstance(item, Reject):
                rejected.write(item)
                continue
            for embed in item["embeds"]:
                out.write({"record": index, "id": item.get("id"), "embed": embed})
    raise typer.Exit(EXIT_REJECTS if rejected.count else EXIT_OK)


@app.command()
def clean(
    source: InputArg,
    output: OutputOpt = "-",
    field: FieldOpt = None,
    html_field: HtmlFieldOpt = None,
    fmt: FormatOpt = None,
    rejects: RejectsOpt = None,
    max_record_bytes: MaxBytesOpt = DEFAULT_MAX_RECORD_BYTES,
    no_resolve: Annotated[
        bool, typer.Option("--no-resolve", help="Detection only: no lookups, embeds marked skipped.")
    ] = False,
    clean_html_field: Annotated[
        bool,
        typer.Option(
            "--clean-html", help="Also cut embed markup out of the HTML field (when there is text too)."
        ),
    ] = False,
    workers: Annotated[int, typer.Option(help="Records resolved concurrently.", min=1)] = 4,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    sources: SourcesOpt = _DEFAULT_SOURCES,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
    no_live: NoLiveOpt = False,
    wayback_url: WaybackOpt = _DEFAULTS.wayback,
    syndication_url: SyndicationOpt = _DEFAULTS.syndication,
    oembed_url: OembedOpt = _DEFAULTS.oembed,
    tco_url: TcoOpt = _DEFAULTS.tco,
    memento_url: MementoOpt = None,
    archive: ArchiveOpt = None,
    search_rate: SearchRateOpt = _LIMITS.wayback_search_per_second,
    replay_rate: ReplayRateOpt = _LIMITS.wayback_replay_per_second,
    rate: RateOpt = _LIMITS.default_per_second,
    max_attempts: MaxAttemptsOpt = _HTTP.max_attempts,
    timeout: TimeoutOpt = _HTTP.deadline_s,
) -> None:
    """Separate embeds from each record's text and resolve them: clean body plus an ``embeds`` list."""
    config = CleanConfig(field=field, html_field=html_field, clean_html=clean_html_field)
    in_format = _format(source, fmt)
    out_format = _out_format(output, in_format)
    report = None if quiet else Summary()
    if no_resolve:
        records = _read(source, in_format, max_record_bytes)
        _write_all(clean_records(records, config), output, out_format, rejects, report)
    settings = _settings(
        sources=sources,
        cache=cache,
        no_cache=no_cache,
        offline=offline,
        no_live=no_live,
        endpoints=(wayback_url, syndication_url, oembed_url, tco_url, memento_url),
        rates=(search_rate, replay_rate, rate),
        max_attempts=max_attempts,
        timeout=timeout,
        archives=archive or [],
    )
    with open_resolver(settings) as resolver:
        records = _read(source, in_format, max_record_bytes)
        cleaned = clean_records(records, config, resolver=resolver, workers=workers)
        _write_all(cleaned, output, out_format, rejects, report)


@app.command()
def resolve(
    target: Annotated[
        str, typer.Argument(help="A post URL, a t.co / pic.twitter.com short link, or flattened embed text.")
    ],
    sources: SourcesOpt = _DEFAULT_SOURCES,
    cache: CacheOpt = None,
    no_cache: NoCacheOpt = False,
    offline: OfflineOpt = False,
    no_live: NoLiveOpt = False,
    wayback_url: WaybackOpt = _DEFAULTS.wayback,
    syndication_url: SyndicationOpt = _DEFAULTS.syndication,
    oembed_url: OembedOpt = _DEFAULTS.oembed,
    tco_url: TcoOpt = _DEFAULTS.tco,
    memento_url: MementoOpt = None,
    archive: ArchiveOpt = None,
    search_rate: SearchRateOpt = _LIMITS.wayback_search_per_second,
    replay_rate: ReplayRateOpt = _LIMITS.wayback_replay_per_second,
    rate: RateOpt = _LIMITS.default_per_second,
    max_attempts: MaxAttemptsOpt = _HTTP.max_attempts,
    timeout: TimeoutOpt = _HTTP.deadline_s,
) -> None:
    """Resolve one post and print the embed, with its resolution, as JSON."""
    embed = embed_for(target)
    if embed is None:
        raise typer.BadParameter(
            "neither a post URL, a short link nor a flattened embed", param_hint="TARGET"
        )
    settings = _settings(
        sources=sources,
        cache=cache,
        no_cache=no_cache,
        offline=offline,
        no_live=no_live,
        endpoints=(wayback_url, syndication_url, oembed_url, tco_url, memento_url),
        rates=(search_rate, replay_rate, rate),
        max_attempts=max_attempts,
        timeout=timeout,
        archives=archive or [],
    )
    with open_resolver(settings) as resolver:
        resolved = embed.with_(resolution=resolver.resolve(embed))
    typer.echo(json.dumps(resolved.to_dict(), indent=2, ensure_ascii=False))


@app.command()
def restore(
    source: InputArg,
    output: OutputOpt = "-",
    fmt: FormatOpt = None,
    rejects: RejectsOpt = None,
    max_record_bytes: MaxBytesOpt = DEFAULT_MAX_RECORD_BYTES,
) -> None:
    """Give back the original records from the output of ``clean``."""
    in_format = _format(source, fmt)
    records = _read(source, in_format, max_record_bytes)
    _write_all(restore_records(records), output, _out_format(output, in_format), rejects)


@app.command()
def schema() -> None:
    """Print the JSON Schema of an output record."""
    typer.echo(json.dumps(RECORD_SCHEMA, indent=2, ensure_ascii=False))


# --- plumbing -----------------------------------------------------------------


def _format(source: str, fmt: str | None) -> str:
    if fmt is not None:
        if fmt not in ("jsonl", "json", "csv", "txtdir"):
            raise typer.BadParameter(f"unknown format {fmt!r}", param_hint="--format")
        return fmt
    if source != "-" and not Path(source).exists():
        raise typer.BadParameter(f"{source} does not exist", param_hint="SOURCE")
    return detect_format(source)


def _out_format(output: str, in_format: str) -> str:
    """Output keeps the input's format; a folder of files gives a folder, or JSONL to a file."""
    if in_format == "txtdir":
        return "txtdir" if output != "-" and not Path(output).suffix else "jsonl"
    return in_format


def _read(source: str, fmt: str | None, max_record_bytes: int) -> Iterator[InputRecord | Reject]:
    stdin = sys.stdin.buffer if source == "-" else None
    return read_records(source, fmt=fmt, max_record_bytes=max_record_bytes, stdin=stdin)


def _rejects_path(path: str | None, output: str) -> str:
    if path is not None:
        return path
    return "-" if output == "-" else f"{output.rstrip('/')}.rejects.jsonl"


def _settings(
    *,
    sources: str,
    cache: Path | None,
    no_cache: bool,
    offline: bool,
    no_live: bool,
    endpoints: tuple[str, str, str, str, str | None],
    rates: tuple[float, float, float],
    max_attempts: int,
    timeout: float,
    archives: list[Path],
) -> ResolverSettings:
    """The resolver settings the options describe (a usage error if they do not fit)."""
    names = tuple(name.strip() for name in sources.split(",") if name.strip())
    if no_live:
        names = tuple(name for name in names if name not in LIVE_SOURCES)
    wayback, syndication, oembed, tco, memento = endpoints
    search, replay, other = rates
    try:
        return ResolverSettings(
            config=ResolveConfig(
                endpoints=Endpoints(
                    wayback=wayback, syndication=syndication, oembed=oembed, tco=tco, memento=memento
                ),
                http=replace(_HTTP, max_attempts=max_attempts, deadline_s=timeout),
                rate_limits=replace(
                    _LIMITS,
                    wayback_search_per_second=search,
                    wayback_replay_per_second=replay,
                    default_per_second=other,
                ),
            ),
            sources=names,
            cache_path=None if no_cache else (cache or default_cache_path()),
            offline=offline,
            warc_paths=tuple(archives),
        )
    except (UsageError, ValueError) as error:
        raise typer.BadParameter(str(error)) from error


def _write_all(
    items: Iterable[Any], output: str, out_format: str, rejects: str | None, report: Summary | None = None
) -> None:
    rejects_path = _rejects_path(rejects, output)
    with (
        RecordWriter(output, out_format) as out,
        RejectsWriter(rejects_path) as rejected,
        _progress(report is not None) as tick,
    ):
        for item in items:
            if isinstance(item, Reject):
                rejected.write(item)
            else:
                out.write(item)
                if report is not None:
                    report.add(item)
            tick()
    if report is not None:
        report.rejected = rejected.count
        typer.echo(report.render(), err=True)
    if rejected.count:
        where = "stderr" if rejects_path == "-" else rejects_path
        typer.echo(f"embedresolve: {rejected.count} record(s) rejected, see {where}", err=True)
    raise typer.Exit(EXIT_REJECTS if rejected.count else EXIT_OK)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[], None]]:
    """A records-processed counter on stderr, when a person is watching it."""
    if not (enabled and sys.stderr.isatty()):
        yield lambda: None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.completed} records"), TimeElapsedColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("clean")
        yield lambda: progress.advance(task)
