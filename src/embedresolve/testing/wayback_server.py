"""Finding (or installing) pywb and running ``ia_compat_server.py`` (beside this module) as a subprocess.

For tests and benchmarks that need a real, local Wayback Machine: pywb serving
WARC files, behind an Internet-Archive-compatible layer.

pywb lives in its own venv because it pins its dependencies and monkey-patches
the interpreter with gevent on import; the test process only starts it.
Where it comes from, in order:

1. ``PYWB_PYTHON``: the interpreter of a venv with pywb (``.ci/run`` sets it);
2. ``<repo>/.venv-pywb/bin/python`` when it exists (``./.venv-pywb`` outside a checkout);
3. otherwise that venv is created on the spot (``python -m venv .venv-pywb`` and
   ``pip install pywb==2.10.0``, about 15 s once, then cached), so the
   README's test command works on a fresh machine.

If none of this yields a working pywb the archive tests fail: a skipped
integration suite would let CI pass without testing anything.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PYWB_REQUIREMENT = "pywb==2.10.0"
SERVER_SCRIPT = Path(__file__).with_name("ia_compat_server.py")


def _default_venv() -> Path:
    """``.venv-pywb`` at the root of a source checkout (``src/embedresolve/testing/`` → root), else here."""
    root = Path(__file__).resolve().parents[3]
    return (root if (root / "pyproject.toml").exists() else Path.cwd()) / ".venv-pywb"


DEFAULT_VENV = _default_venv()


class PywbUnavailable(RuntimeError):
    """pywb could not be found or installed; the message says what was tried."""


def _venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _has_pywb(python: Path) -> bool:
    try:
        done = subprocess.run(
            [str(python), "-c", "import pywb, warcio"], capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def pywb_python(env: dict[str, str] | None = None) -> Path:
    """The interpreter that runs pywb, installing it into ``.venv-pywb`` when nothing else is there."""
    env = dict(os.environ) if env is None else env
    configured = env.get("PYWB_PYTHON")
    if configured:
        python = Path(configured)
        if not _has_pywb(python):
            raise PywbUnavailable(f"PYWB_PYTHON={configured} cannot import pywb")
        return python
    python = _venv_python(DEFAULT_VENV)
    if python.exists() and _has_pywb(python):
        return python
    return install_pywb(DEFAULT_VENV)


def install_pywb(venv: Path) -> Path:
    """Create ``venv`` with pywb (under a lock file, so parallel sessions install once)."""
    lock = venv.with_name(venv.name + ".lock")
    deadline = time.monotonic() + 600
    while True:
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            if time.monotonic() > deadline:
                raise PywbUnavailable(f"timed out waiting for {lock}") from None
            time.sleep(1)
    try:
        os.close(fd)
        python = _venv_python(venv)
        if python.exists() and _has_pywb(python):
            return python
        steps = [
            [sys.executable, "-m", "venv", "--clear", str(venv)],
            [str(python), "-m", "pip", "install", "-q", PYWB_REQUIREMENT, *_interpreter_extras()],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, timeout=900, check=False)
            if done.returncode != 0:
                raise PywbUnavailable(
                    f"{' '.join(step)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
                )
        if not _has_pywb(python):
            raise PywbUnavailable(f"installed {PYWB_REQUIREMENT} into {venv} but it does not import")
        return python
    finally:
        lock.unlink(missing_ok=True)


def _interpreter_extras() -> list[str]:
    """What pywb 2.10 needs beyond its metadata on newer Pythons (pywb study §1)."""
    extras: list[str] = []
    if sys.version_info >= (3, 12):
        extras.append("setuptools<81")  # pkg_resources, no longer in a fresh venv
    if sys.version_info >= (3, 13):
        extras.append("legacy-cgi")  # the cgi module left the standard library
    return extras


@dataclass
class RunningServer:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def start_server(
    python: Path, warc_dir: Path, *, extra_args: Sequence[str] = (), timeout: float = 60.0
) -> RunningServer:
    """Start the IA-compatible pywb on a free port of 127.0.0.1 and wait until it answers TCP."""
    port_file = warc_dir / ".port"
    port_file.unlink(missing_ok=True)
    log = warc_dir.parent / "ia_compat_server.log"
    with log.open("wb") as log_fh:
        process = subprocess.Popen(
            [
                str(python),
                str(SERVER_SCRIPT),
                "--quiet",
                "--exit-with-parent",
                "--warc-dir",
                str(warc_dir),
                "--port",
                "0",
                "--port-file",
                str(port_file),
                *extra_args,
            ],
            stdout=log_fh,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise PywbUnavailable(
                f"ia_compat_server exited with {process.returncode}:\n{log.read_text()[-3000:]}"
            )
        if port_file.exists():
            port = int(port_file.read_text())
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return RunningServer(process, port, log)
            except OSError:
                pass
        time.sleep(0.05)
    process.kill()
    process.wait(5)
    raise PywbUnavailable(f"ia_compat_server did not start within {timeout} s:\n{log.read_text()[-3000:]}")
