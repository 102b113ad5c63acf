"""The progress display, driven in a pseudo-terminal; quiet off a terminal; --stats; live resolution counts."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

from typer.testing import CliRunner

from embedresolve.cli import app
from embedresolve.models import Embed
from embedresolve.progress import RunProgress
from embedresolve.provenance import Resolution
from embedresolve.resolve.ratelimit import RateLimiter, WaitTotals
from embedresolve.testing import FakeClock

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "amn-kherson.jsonl"
RUN = "import sys; from embedresolve.cli import app; sys.argv[0] = 'embedresolve'; app()"


def big_input(tmp_path: Path, copies: int = 3000) -> Path:
    line = SEED.read_text(encoding="utf-8").strip()
    path = tmp_path / "in.jsonl"
    path.write_text((line + "\n") * copies, encoding="utf-8")
    return path


def run_in_pty(args: list[str]) -> tuple[int, str]:
    """Run the command with stderr on a 40×250 pseudo-terminal; what the terminal received."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 250, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "250"}
    env.pop("NO_COLOR", None)
    child = subprocess.Popen(
        [sys.executable, "-c", RUN, *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=env,
    )
    os.close(slave)
    received = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        received += chunk
    os.close(master)
    return child.wait(timeout=120), received.decode("utf-8", "replace")


def test_the_display_shows_bytes_eta_records_and_embeds_on_a_terminal(tmp_path: Path) -> None:
    source = big_input(tmp_path, copies=10000)  # long enough for frames between the first and the last
    size_mb = source.stat().st_size / 1e6
    code, screen = run_in_pty(["clean", str(source), "--no-resolve", "-o", str(tmp_path / "out.jsonl")])
    assert code == 0
    assert f"/{size_mb:.1f} MB" in screen  # bytes read of the input's size
    assert "ETA" in screen and re.search(r"\d [kMG]?B/s", screen)  # a rate: rich scales its unit
    assert " embeds · resolved " in screen and "cache hits" in screen
    assert "10000 records · 10000 embeds" in screen  # the last frame, before it is cleared
    assert "records: 10000 cleaned, 0 rejected" in screen  # the summary after it


def test_quiet_on_a_terminal_shows_nothing(tmp_path: Path) -> None:
    source = big_input(tmp_path, copies=50)
    code, screen = run_in_pty(["clean", str(source), "--no-resolve", "-q", "-o", str(tmp_path / "out.jsonl")])
    assert code == 0 and screen == ""


def test_no_display_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    source = big_input(tmp_path, copies=50)
    done = subprocess.run(
        [sys.executable, "-c", RUN, "clean", str(source), "--no-resolve", "-o", str(tmp_path / "o.jsonl")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "ETA" not in done.stderr and "\x1b[" not in done.stderr
    assert done.stderr.startswith("records: 50 cleaned, 0 rejected")


def test_stats_file_has_the_run_numbers(tmp_path: Path) -> None:
    source = big_input(tmp_path, copies=3)
    with source.open("a") as extra:
        extra.write("{not json\n")
    stats = tmp_path / "stats.json"
    result = CliRunner().invoke(
        app,
        ["clean", str(source), "--no-resolve", "-q", "-o", str(tmp_path / "o.jsonl"), "--stats", str(stats)],
    )
    assert result.exit_code == 1  # the bad line is a reject
    numbers = json.loads(stats.read_text())
    size = source.stat().st_size
    assert numbers["bytes_total"] == size and numbers["bytes_read"] == size
    assert (numbers["records"], numbers["rejected"], numbers["embeds"]) == (3, 1, 3)
    assert numbers["platforms"] == {"twitter": 3} and numbers["statuses"] == {"skipped": 3}
    assert numbers["resolutions"] == {"done": 0, "pending": 0, "failed": 0}


class CountingCheck:
    """A resolver that looks at the progress while it is being asked."""

    def __init__(self, progress: RunProgress) -> None:
        self.progress = progress
        self.seen: list[int] = []

    def resolve(self, embed: Embed) -> Resolution:
        self.seen.append(self.progress.resolving)
        return Resolution(status="failed" if len(self.seen) == 2 else "not_archived", reason="test")


def test_resolutions_are_counted_as_they_start_and_end() -> None:
    progress = RunProgress("-", show=False)
    inner = CountingCheck(progress)
    watched = progress.watch(inner)
    embed = Embed(platform="twitter", span=(0, 1))
    for _ in range(3):
        watched.resolve(embed)
    assert inner.seen == [1, 1, 1]  # pending while it runs
    assert (progress.resolved, progress.resolving, progress.failed) == (3, 0, 1)


def test_the_rate_limit_wait_of_this_run_is_shown_and_in_the_stats(tmp_path: Path) -> None:
    """Only waits since the run began count; the line and the JSON both show them."""
    clock = FakeClock()
    waits = WaitTotals()
    earlier = RateLimiter(clock=clock, sleep=clock.sleep, waits=waits)
    earlier.acquire("h replay", 1.0)
    earlier.acquire("h replay", 1.0)  # 1 s, before the run: not its own
    progress = RunProgress("-", show=False, sized=False, waits=waits)
    limiter = RateLimiter(clock=clock, sleep=clock.sleep, waits=waits)
    for _ in range(3):
        limiter.acquire("h replay", 0.5)  # a limiter of its own: 0, 2, 2 s
    limiter.acquire("h search", 5.0)
    limiter.acquire("h search", 5.0)  # 0.2 s
    assert "waiting for rate limits: 4.2 s" in progress.line()
    assert "waiting" not in RunProgress("-", show=False, sized=False, waits=waits).line()  # none yet
    stats = tmp_path / "stats.json"
    progress.write_stats(stats)
    numbers = json.loads(stats.read_text())
    assert numbers["rate_limit_wait_s"] == 4.2
    assert numbers["rate_limit_wait_by_bucket_s"] == {"h replay": 4.0, "h search": 0.2}
