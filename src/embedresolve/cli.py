"""The ``embedresolve`` command: a thin typer layer over the library.

It builds config objects from the options, runs them through
:mod:`embedresolve.runs` and maps the outcome to an exit status. Errors
are mapped in one place, :func:`_boundary`:

    0  every record was processed
    1  the run finished, but some records were rejected (see the rejects file),
       or an error stopped it (one line on stderr)
    2  usage error: a bad option, an input or output that cannot be used
       (one line on stderr, no traceback)
  130  interrupted (Ctrl-C): what was finished is written, the run can be resumed

The run itself (safe output, Ctrl-C, resume, ``--jobs``) is
:func:`embedresolve.runs.run`; the commands here build its options.
"""

from __future__ import annotations

import functools
import inspect
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Annotated, Any, BinaryIO, cast, get_type_hints

import typer

# typer vendors click (pyproject pins a typer that does); the CLI subclasses its commands.
from typer import _click as click
from typer._click.exceptions import NoArgsIsHelpError
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperCommand, TyperGroup

from embedresolve import __version__
from embedresolve.errors import EmbedResolveError, OutputError, UsageError
from embedresolve.io import (
    DEFAULT_MAX_RECORD_BYTES,
    FORMATS,
    HTML_FIELDS,
    TEXT_FIELDS,
    InputRecord,
    Reject,
    input_format,
    output_format,
    read_records,
)
from embedresolve.io.layout import Layouts
from embedresolve.io.writers import OUTPUT_FORMATS
from embedresolve.io.writers.rejects import REJECTS_SUFFIX
from embedresolve.media.command import archive_media
from embedresolve.media.manifest import MANIFEST_SCHEMA
from embedresolve.pipeline import CleanConfig
from embedresolve.platforms import PLATFORMS
from embedresolve.progress import RunProgress

# Everything the CLI takes from the resolver, in one place.
from embedresolve.resolve.cache import default_cache_path
from embedresolve.resolve.config import Endpoints, HttpConfig, RateLimits, ResolveConfig
from embedresolve.resolve.factory import DEFAULT_SOURCES, LIVE_SOURCES, ResolverSettings, open_resolver
from embedresolve.resolve.target import embed_for
from embedresolve.runs import (
    EXIT_INTERRUPTED,
    Processor,
    RunOptions,
    RunResult,
    carrying_layouts,
    clean_processor,
    restore_processor,
    restoring_layouts,
    run,
)
from embedresolve.runs.chunks import JsonlPieces
from embedresolve.runs.jobs import can_clean_in_pieces, piece_processor
from embedresolve.runs.output import PARTIAL_SUFFIX
from embedresolve.schema import RECORD_SCHEMA

EXIT_OK, EXIT_REJECTS, EXIT_USAGE = 0, 1, 2
EXIT_STOPPED = 1  # an error stopped the run: as with rejects, not every record came out
_DEFAULTS = Endpoints()
_LIMITS = RateLimits()
_HTTP = HttpConfig()


class _OneLineUsageError(ClickUsageError):
    """A bad option, command or argument, printed as every other usage error is: one line."""

    def show(self, file: Any = None) -> None:
        hint = f" (see '{self.ctx.command_path} --help')" if self.ctx is not None else ""
        typer.echo(f"embedresolve: error: {self.format_message()}{hint}", err=True)


@contextmanager
def _one_line_usage() -> Iterator[None]:
    try:
        yield
    except NoArgsIsHelpError:
        raise  # bare `embedresolve` shows the help
    except ClickUsageError as error:
        if isinstance(error, _OneLineUsageError):
            raise
        raise _OneLineUsageError(error.format_message(), ctx=error.ctx) from None


class _Group(TyperGroup):
    """click's parse errors (unknown option or command, missing argument) as one line, status 2."""

    def make_context(self, *args: Any, **kwargs: Any) -> click.Context:
        with _one_line_usage():
            return super().make_context(*args, **kwargs)

    def invoke(self, ctx: click.Context) -> Any:
        with _one_line_usage():
            return super().invoke(ctx)


app = typer.Typer(
    cls=_Group,
    name="embedresolve",
    help="Find embedded social-media posts in scraped articles, separate them, resolve them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain click help: no boxes that cut defaults off
)


# --- the error boundary -------------------------------------------------------


# The exit status of each kind of error; the first class that matches wins.
EXIT_STATUSES: tuple[tuple[type[EmbedResolveError], int], ...] = (
    (UsageError, EXIT_USAGE),
    (EmbedResolveError, EXIT_STOPPED),
)


def _exit_status(error: EmbedResolveError) -> int:
    return next(status for kind, status in EXIT_STATUSES if isinstance(error, kind))


def _boundary(command: Callable[..., None]) -> Callable[..., None]:
    """Run ``command``, turning any EmbedResolveError into one line on stderr and its exit status."""

    @functools.wraps(command)
    def run(**kwargs: Any) -> None:
        try:
            command(**kwargs)
        except EmbedResolveError as error:
            message = " ".join(str(error).split()) or type(error).__name__
            typer.echo(f"embedresolve: error: {message}", err=True)
            raise typer.Exit(_exit_status(error)) from None

    return run


class _PlainHelpCommand(TyperCommand):
    """Help in plain words: ``IN`` in the usage line and the argument list, not ``{IN}`` and ``IN <str>``."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        return pieces + [
            _label(param) for param in self.get_params(ctx) if param.param_type_name == "argument"
        ]

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        arguments: list[tuple[str, str]] = []
        options: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.param_type_name == "argument":
                arguments.append((_label(param), record[1]))
            else:
                options.append(record)
        for title, rows in (("Arguments", arguments), ("Options", options)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


def _label(param: click.Parameter) -> str:
    return param.metavar or (param.name or "").upper()


def _command(command: Callable[..., None]) -> Callable[..., None]:
    """Register ``command`` with the app, behind the error boundary."""
    app.command(cls=_PlainHelpCommand)(_boundary(command))
    return command


# --- options --------------------------------------------------------------------

InputArg = Annotated[
    str,
    typer.Argument(
        metavar="IN",
        help="JSONL, JSON array, CSV or TSV file (optionally .gz or .zst), one .txt/.html file, "
        "a folder of them, or - for stdin (JSON, JSONL, CSV or TSV, told by its first line).",
        show_default=False,
    ),
]
OutputOpt = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        metavar="OUT",
        help="Where to write; - for stdout. The name says the format (.jsonl, .json, .csv, .tsv; "
        ".gz/.zst compress; a name without a suffix: the input's format, a folder for a folder).",
    ),
]
OutputFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--output-format",
        metavar="FORMAT",
        help=f"Output format: {', '.join(OUTPUT_FORMATS)} (default: by OUT's name, else the input's).",
    ),
]
FieldOpt = Annotated[
    str | None,
    typer.Option("--field", metavar="NAME", help=f"Text field (default: {', '.join(TEXT_FIELDS)})."),
]
HtmlFieldOpt = Annotated[
    str | None,
    typer.Option(
        "--html-field",
        metavar="NAME",
        help=f"HTML field, used when present (default: {', '.join(HTML_FIELDS)}).",
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format", metavar="FORMAT", help=f"Input format: {', '.join(FORMATS)} (default: by name)."
    ),
]
RejectsOpt = Annotated[
    str | None,
    typer.Option(
        "--rejects", metavar="FILE", help="Rejects file (JSONL). Default: OUT.rejects.jsonl, or stderr."
    ),
]
MaxBytesOpt = Annotated[
    int, typer.Option("--max-record-bytes", metavar="BYTES", help="Reject records larger than this.", min=1)
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")]
ResumeOpt = Annotated[
    bool,
    typer.Option(
        "--resume", help="Go on with an interrupted run to the same output (JSON Lines files only)."
    ),
]
InPlaceOpt = Annotated[
    bool,
    typer.Option("--in-place", help="Replace the input with the output, once the run has finished."),
]

_ENV = "EMBEDRESOLVE_"


@dataclass(frozen=True, kw_only=True)
class ResolverOptions:
    """The resolution options ``clean`` and ``resolve`` share; each can also come from the environment.

    :func:`resolver_options` turns these fields into command-line options.
    """

    sources: Annotated[
        str,
        typer.Option(
            envvar=f"{_ENV}SOURCES", metavar="NAMES", help="Sources to ask, comma-separated, in order."
        ),
    ] = ",".join(DEFAULT_SOURCES)
    cache: Annotated[
        Path | None,
        typer.Option(
            envvar=f"{_ENV}CACHE",
            metavar="FILE",
            help="SQLite cache file (default: the user cache directory).",
        ),
    ] = None
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Keep nothing across runs.")] = False
    offline: Annotated[
        bool, typer.Option("--offline", help="No network: the cache and local sources only.")
    ] = False
    no_live: Annotated[
        bool, typer.Option("--no-live", help="Archives only: no t.co, syndication or oEmbed requests.")
    ] = False
    wayback_url: Annotated[
        str, typer.Option(envvar=f"{_ENV}WAYBACK_URL", metavar="URL", help="Wayback Machine base URL.")
    ] = _DEFAULTS.wayback
    syndication_url: Annotated[
        str,
        typer.Option(envvar=f"{_ENV}SYNDICATION_URL", metavar="URL", help="Tweet syndication base URL."),
    ] = _DEFAULTS.syndication
    oembed_url: Annotated[
        str, typer.Option(envvar=f"{_ENV}OEMBED_URL", metavar="URL", help="Twitter oEmbed base URL.")
    ] = _DEFAULTS.oembed
    tco_url: Annotated[str, typer.Option(envvar=f"{_ENV}TCO_URL", metavar="URL", help="t.co base URL.")] = (
        _DEFAULTS.tco
    )
    memento_url: Annotated[
        str | None,
        typer.Option(
            envvar=f"{_ENV}MEMENTO_URL",
            metavar="URL",
            help="TimeMap base of another Memento archive (link format).",
        ),
    ] = None
    platform_url: Annotated[
        str | None,
        typer.Option(
            envvar=f"{_ENV}PLATFORM_URL",
            metavar="URL",
            help="One base URL for every other platform's endpoints (a local stand-in).",
        ),
    ] = None
    meta_token: Annotated[
        str | None,
        typer.Option(
            envvar=f"{_ENV}META_TOKEN",
            metavar="TOKEN",
            show_default=False,
            help="Meta app token: ask Instagram, Facebook, Threads oEmbed (sent in a header, not recorded).",
        ),
    ] = None
    platforms: Annotated[
        str | None,
        typer.Option(
            envvar=f"{_ENV}PLATFORMS",
            metavar="NAMES",
            help="Resolve only these platforms, comma-separated (e.g. twitter,youtube); others are skipped.",
        ),
    ] = None
    archive: Annotated[
        list[Path] | None,
        typer.Option(
            "--archive",
            metavar="PATH",
            help="A WARC file or a folder of them, as an offline source (repeatable).",
        ),
    ] = None
    search_rate: Annotated[
        float,
        typer.Option(
            metavar="PER_SECOND", help="Wayback CDX/TimeMap requests per second (IA allows 0.5).", min=0.001
        ),
    ] = _LIMITS.wayback_search_per_second
    replay_rate: Annotated[
        float, typer.Option(metavar="PER_SECOND", help="Wayback replay requests per second.", min=0.001)
    ] = _LIMITS.wayback_replay_per_second
    rate: Annotated[
        float, typer.Option(metavar="PER_SECOND", help="Requests per second to any other host.", min=0.001)
    ] = _LIMITS.default_per_second
    max_attempts: Annotated[
        int,
        typer.Option(metavar="N", help="Attempts per request (retries on timeouts, resets, 5xx).", min=1),
    ] = _HTTP.max_attempts
    timeout: Annotated[
        float,
        typer.Option(metavar="SECONDS", help="Seconds one request may take, all reading included.", min=0.1),
    ] = _HTTP.deadline_s

    def settings(self) -> ResolverSettings:
        """The resolver settings these options describe (a UsageError if they do not fit)."""
        names = tuple(name.strip() for name in self.sources.split(",") if name.strip())
        if self.no_live:
            names = tuple(name for name in names if name not in LIVE_SOURCES)
        archives = tuple(self.archive or ())
        missing = [str(path) for path in archives if not path.exists()]
        if missing:
            raise UsageError(f"--archive: no such file or folder: {', '.join(missing)}")
        endpoints = Endpoints(
            wayback=self.wayback_url,
            syndication=self.syndication_url,
            oembed=self.oembed_url,
            tco=self.tco_url,
            memento=self.memento_url,
        )
        if self.platform_url is not None:
            endpoints = endpoints.with_platforms(self.platform_url)
        rate_limits = replace(
            _LIMITS,
            wayback_search_per_second=self.search_rate,
            wayback_replay_per_second=self.replay_rate,
            default_per_second=self.rate,
        )
        try:
            config = ResolveConfig(
                endpoints=endpoints,
                http=replace(_HTTP, max_attempts=self.max_attempts, deadline_s=self.timeout),
                rate_limits=rate_limits,
            )
            if self.meta_token:
                config = config.with_meta_token(self.meta_token.strip(), self.platform_url)
            return ResolverSettings(
                config=config,
                sources=names,
                cache_path=None if self.no_cache else (self.cache or default_cache_path()),
                offline=self.offline,
                warc_paths=archives,
                platforms=_platforms(self.platforms),
            )
        except ValueError as error:  # a config value object refusing a value
            raise UsageError(str(error)) from error


def _platforms(value: str | None) -> frozenset[str] | None:
    """``--platforms``: the set named, checked against the platforms embedresolve knows."""
    if value is None:
        return None
    names = frozenset(name.strip().lower() for name in value.split(",") if name.strip())
    unknown = sorted(names - set(PLATFORMS))
    if unknown:
        raise UsageError(
            f"--platforms: unknown platform(s) {', '.join(unknown)}; known: {', '.join(PLATFORMS)}"
        )
    return names


def resolver_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` the fields of :class:`ResolverOptions` as options, handed over as one object.

    typer reads a command's options from its signature, so the wrapper's
    signature is the command's own with its ``options`` parameter replaced by
    one keyword parameter per field (as sqlite-utils shares click options
    through decorators).
    """
    hints = get_type_hints(ResolverOptions, include_extras=True)
    shared = [
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=f.default, annotation=hints[f.name])
        for f in fields(ResolverOptions)
    ]
    own = inspect.signature(command, eval_str=True)
    kept = [p for p in own.parameters.values() if p.name != "options"]
    names = [f.name for f in fields(ResolverOptions)]

    def run(**kwargs: Any) -> None:
        options = ResolverOptions(**{name: kwargs.pop(name) for name in names})
        command(**kwargs, options=options)

    functools.update_wrapper(run, command)
    vars(run).pop("__wrapped__")  # the signature below, not the command's, is what typer must read
    parameters = [*kept, *shared]
    run.__signature__ = own.replace(parameters=parameters)  # type: ignore[attr-defined]
    run.__annotations__ = {p.name: p.annotation for p in parameters}
    return run


# --- commands ---------------------------------------------------------------------


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


@_command
def scan(
    source: InputArg,
    output: OutputOpt = "-",
    field: FieldOpt = None,
    html_field: HtmlFieldOpt = None,
    fmt: FormatOpt = None,
    rejects: RejectsOpt = None,
    max_record_bytes: MaxBytesOpt = DEFAULT_MAX_RECORD_BYTES,
) -> None:
    """List the embeds found, one JSON line each (offline).

    Each line holds the record's index and id and the embed.
    """
    config = CleanConfig(field=field, html_field=html_field)
    records = _read(source, _input_format(source, fmt), max_record_bytes)

    def lines(index: int, record: dict[str, Any]) -> list[dict[str, Any]]:
        return [{"record": index, "id": record.get("id"), "embed": embed} for embed in record["embeds"]]

    run_options = RunOptions(source=source, output=output, out_format="jsonl", rejects=rejects)
    result = run(run_options, records, clean_processor(config), render=lines, note=_note)
    _finish(result, progress=None)


@_command
@resolver_options
def clean(
    source: InputArg,
    output: OutputOpt = "-",
    field: FieldOpt = None,
    html_field: HtmlFieldOpt = None,
    fmt: FormatOpt = None,
    out_fmt: OutputFormatOpt = None,
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
    workers: Annotated[int, typer.Option(metavar="N", help="Records resolved concurrently.", min=1)] = 4,
    jobs: Annotated[
        int,
        typer.Option(
            metavar="N", help="Processes for detection and separation (resolution stays in one).", min=1
        ),
    ] = 1,
    resume: ResumeOpt = False,
    in_place: InPlaceOpt = False,
    engine: Annotated[
        str,
        typer.Option(
            metavar="ENGINE",
            help="local, or dask: JSONL files (IN a file, a folder or a quoted glob) cleaned into "
            "parts in the folder OUT on a Dask cluster (embedresolve[dask]; with --no-resolve).",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS", help="With --engine dask: the scheduler; default a local cluster of --jobs."
        ),
    ] = None,
    quiet: QuietOpt = False,
    stats: Annotated[
        Path | None,
        typer.Option(
            "--stats",
            metavar="FILE",
            help="Write the run's numbers (bytes, records, embeds, resolutions, requests) as JSON.",
        ),
    ] = None,
    *,
    options: ResolverOptions,
) -> None:
    """Separate the embeds from each record and resolve them.

    Each record comes out with its clean body, an "embeds" list and
    "embedresolve" metadata; every other field passes through.
    """
    config = CleanConfig(field=field, html_field=html_field, clean_html=clean_html_field)
    if engine != "local":
        _clean_on_dask(
            source,
            output,
            config,
            engine=engine,
            no_resolve=no_resolve,
            scheduler=scheduler,
            jobs=jobs,
            max_record_bytes=max_record_bytes,
        )
        return
    output = _in_place_output(source, output, in_place)
    in_format = _input_format(source, fmt)
    shaping = {"command": "clean", "config": asdict(config), "max_record_bytes": max_record_bytes}
    if not no_resolve:
        shaping["resolve"] = {name: getattr(options, name) for name in _SHAPING_RESOLVER_OPTIONS}
    run_options = RunOptions(
        source=source,
        output=output,
        out_format=output_format(in_format, output, out_fmt),
        rejects=rejects,
        resume=resume,
        in_place=in_place,
        plan_options=shaping,
    )
    progress = RunProgress(source, show=not quiet, sized=in_format != "parquet")
    layouts = Layouts(in_format, run_options.out_format)  # what restore --exact needs, beside each record
    if no_resolve:
        if jobs > 1 and can_clean_in_pieces(source, in_format, run_options.out_format):
            # The workers parse, clean, note layouts and write; this process only cuts the file at line ends.
            pieces = JsonlPieces(Path(source), max_record_bytes)
            processor = piece_processor(config, jobs=jobs, limit=max_record_bytes, path=Path(source))
            _run(run_options, pieces, processor, progress=progress, quiet=quiet, stats=stats)
            return
        records = layouts.tap(_read(source, in_format, max_record_bytes, progress.read_to))
        processor = carrying_layouts(layouts, clean_processor(config, jobs=jobs))
        _run(run_options, records, processor, progress=progress, quiet=quiet, stats=stats)
        return
    settings = options.settings()
    with open_resolver(settings) as resolver:
        records = layouts.tap(_read(source, in_format, max_record_bytes, progress.read_to))
        watched = progress.watch(resolver)
        processor = clean_processor(config, resolver=watched, workers=workers, jobs=jobs)
        _run(
            run_options,
            records,
            carrying_layouts(layouts, processor),
            progress=progress,
            quiet=quiet,
            stats=stats,
        )


# The resolver options that change what a record comes out as: a resume refuses a change in them.
_SHAPING_RESOLVER_OPTIONS = (
    "sources",
    "no_cache",
    "offline",
    "no_live",
    "wayback_url",
    "syndication_url",
    "oembed_url",
    "tco_url",
    "memento_url",
    "archive",
)


@_command
@resolver_options
def resolve(
    target: Annotated[
        str,
        typer.Argument(
            metavar="TARGET",
            help="A post URL, a t.co / pic.twitter.com short link, or flattened embed text.",
            show_default=False,
        ),
    ],
    *,
    options: ResolverOptions,
) -> None:
    """Resolve one post and print it as JSON.

    The embed comes out with its resolution and provenance.
    """
    embed = embed_for(target)
    if embed is None:
        raise UsageError(f"TARGET {target!r} is neither a post URL, a short link nor a flattened embed")
    with open_resolver(options.settings()) as resolver:
        resolution = resolver.resolve(embed)
    typer.echo(json.dumps(embed.with_(resolution=resolution).to_dict(), indent=2, ensure_ascii=False))
    if resolution.status == "failed":  # every source failed: the answer is no answer
        typer.echo(f"embedresolve: resolution failed: {resolution.reason}", err=True)
        raise typer.Exit(EXIT_STOPPED)


@_command
def restore(
    source: InputArg,
    output: OutputOpt = "-",
    fmt: FormatOpt = None,
    out_fmt: OutputFormatOpt = None,
    rejects: RejectsOpt = None,
    max_record_bytes: MaxBytesOpt = DEFAULT_MAX_RECORD_BYTES,
    resume: ResumeOpt = False,
    in_place: InPlaceOpt = False,
    exact: Annotated[
        bool,
        typer.Option(
            "--exact",
            help="Give back the input file byte for byte (its escapes, spacing, number spellings, "
            "line ends, BOM, JSON array layout), as clean recorded it; JSONL, JSON, CSV and TSV.",
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Give back the original records from the output of clean.

    Every record's values come back exactly: the same fields in the same order,
    the text fields byte for byte. The file is written the way embedresolve
    writes its format (UTF-8 JSON, one record per line, LF), so its bytes may
    differ from the input's; --exact gives back the input's bytes too.
    """
    output = _in_place_output(source, output, in_place)
    in_format = _input_format(source, fmt)
    run_options = RunOptions(
        source=source,
        output=output,
        out_format=output_format(in_format, output, out_fmt),
        rejects=rejects,
        resume=resume,
        in_place=in_place,
        exact=exact,
        plan_options={"command": "restore", "max_record_bytes": max_record_bytes, "exact": exact},
    )
    progress = RunProgress(source, show=not quiet, sized=in_format != "parquet")
    records = _read(source, in_format, max_record_bytes, progress.read_to)
    processor = restore_processor()
    if exact:  # each record's layout, read from its metadata, goes with it to the writer
        processor = restoring_layouts(Layouts(in_format), processor)
    _run(run_options, records, processor, progress=progress, quiet=True, stats=None)


@_command
def report(
    source: Annotated[
        str,
        typer.Argument(metavar="IN", help="Output of clean (any format it writes).", show_default=False),
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="FILE", help="The HTML page to write; - for stdout.")
    ] = "report.html",
    fmt: FormatOpt = None,
    limit: Annotated[
        int, typer.Option(metavar="N", help="Embeds listed (the counts cover all).", min=0)
    ] = 500,
) -> None:
    """Write an HTML report of a run.

    Embeds by platform and status, each cut before and after, with its
    provenance. Open it in a browser; it needs nothing else.
    """
    from embedresolve.report import render_report

    in_format = _input_format(source, fmt)
    records = (
        item.data
        for item in _read(source, in_format, DEFAULT_MAX_RECORD_BYTES)
        if isinstance(item, InputRecord)
    )
    page = render_report(records, title=f"embedresolve report: {Path(source).name}", limit=limit)
    if output == "-":
        typer.echo(page, nl=False)
        return
    try:
        Path(output).write_text(page, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"cannot write {output!r}: {exc.strerror or exc}") from exc
    typer.echo(f"embedresolve: report written to {output}", err=True)


@_command
def schema(
    manifest: Annotated[
        bool, typer.Option("--manifest", help="The archive-media manifest line instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of an output record."""
    typer.echo(json.dumps(MANIFEST_SCHEMA if manifest else RECORD_SCHEMA, indent=2, ensure_ascii=False))


# --- plumbing -----------------------------------------------------------------


def _read(
    source: str, fmt: str, max_record_bytes: int, on_read: Callable[[int], None] | None = None
) -> Iterator[InputRecord | Reject]:
    stdin = _stdin() if source == "-" else None
    return read_records(source, fmt=fmt, max_record_bytes=max_record_bytes, stdin=stdin, on_read=on_read)


def _input_format(source: str, fmt: str | None) -> str:
    return input_format(source, fmt, stdin=_stdin() if source == "-" else None)


_last_stdin: list[tuple[BinaryIO, BinaryIO]] = []  # (sys.stdin.buffer, the peekable stream over it)


def _stdin() -> BinaryIO:
    """stdin as a stream that can be peeked at, so its format is told without consuming it."""
    raw = sys.stdin.buffer
    if hasattr(raw, "peek"):
        return raw
    if not _last_stdin or _last_stdin[0][0] is not raw:
        _last_stdin[:] = [(raw, cast(BinaryIO, io.BufferedReader(cast(Any, raw))))]
    return _last_stdin[0][1]


def _clean_on_dask(
    source: str,
    output: str,
    config: CleanConfig,
    *,
    engine: str,
    no_resolve: bool,
    scheduler: str | None,
    jobs: int,
    max_record_bytes: int,
) -> None:
    """``--engine dask``: parts written on a cluster (see :mod:`embedresolve.dask`)."""
    if engine != "dask":
        raise UsageError(f"unknown --engine {engine!r}; expected local or dask")
    if not no_resolve:
        raise UsageError(
            "--engine dask cleans without resolution: add --no-resolve "
            "(resolution needs one process owning the cache and the rate limits)"
        )
    if output == "-" or Path(output).is_file():
        raise UsageError("--engine dask writes a folder of parts: give -o a folder")
    paths = _jsonl_inputs(source)
    try:
        from embedresolve.dask import clean_files
    except ImportError as exc:
        raise UsageError("--engine dask needs the dask extra: pip install 'embedresolve[dask]'") from exc
    parts = clean_files(
        paths, output, config, scheduler=scheduler, workers=jobs, max_record_bytes=max_record_bytes
    )
    rejected = 0
    for part in parts:
        with Path(f"{part}{REJECTS_SUFFIX}").open("rb") as lines:
            rejected += sum(1 for _ in lines)
    _note(f"{len(parts)} parts written to {output}; {rejected} record(s) rejected (see the parts' rejects)")
    raise typer.Exit(EXIT_REJECTS if rejected else EXIT_OK)


def _jsonl_inputs(source: str) -> list[str]:
    """The JSONL files ``source`` names: one file, the files of a folder, or a glob, in name order."""
    path = Path(source)
    if path.is_dir():
        found = sorted(str(p) for p in path.iterdir() if p.name.lower().endswith(_JSONL_NAMES))
    elif path.is_file():
        found = [source]
    else:
        root = Path(path.anchor or ".")  # Path.glob takes a relative pattern
        found = sorted(str(p) for p in root.glob(str(path.relative_to(path.anchor) if path.anchor else path)))
    if not found:
        raise UsageError(f"--engine dask: no JSON Lines files in {source!r}")
    return found


_JSONL_NAMES = (".jsonl", ".ndjson", ".jl", ".jsonl.gz", ".ndjson.gz", ".jl.gz")


def _in_place_output(source: str, output: str, in_place: bool) -> str:
    """``--in-place`` without ``-o`` writes over the input (checked by the run like any output)."""
    return source if in_place and output == "-" else output


def _note(message: str) -> None:
    typer.echo(f"embedresolve: {message}", err=True)


def _run(
    run_options: RunOptions,
    records: Iterable[InputRecord | Reject] | JsonlPieces,
    processor: Processor,
    *,
    progress: RunProgress,
    quiet: bool,
    stats: Path | None,
) -> None:
    """Run with the progress display and the summary hooked in, then exit with the run's status."""
    with progress:
        result = run(run_options, records, processor, on_item=progress.add, note=_note)
    if stats is not None:
        progress.write_stats(stats)
    _finish(result, progress=None if quiet else progress)


def _finish(result: RunResult, *, progress: RunProgress | None) -> None:
    """Print what the run did and exit with its status."""
    if result.resumed_at:
        _note(f"resumed after {result.resumed_at} input records done by an earlier run")
    if progress is not None:
        typer.echo(progress.summary.render(), err=True)
    if result.rejected:
        where = "stderr" if result.rejects == "-" else result.rejects
        _note(f"{result.rejected} record(s) rejected, see {where}")
    if result.interrupted:
        where = "stdout" if result.output == "-" else f"{result.output}{PARTIAL_SUFFIX}"
        again = (
            "run the same command with --resume to finish"
            if result.resumable
            else "this run cannot resume (stdin, stdout, a folder or a non-JSONL output)"
        )
        _note(
            f"interrupted after {result.items} input records "
            f"({result.written} written, {result.rejected} rejected) to {where}; {again}"
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_REJECTS if result.rejected else EXIT_OK)


_command(resolver_options(archive_media))  # its implementation: embedresolve.media.command
