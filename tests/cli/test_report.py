"""embedresolve report: the HTML page, its counts, escaping, and its rendering in headless Chromium."""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from embedresolve.cli import app
from embedresolve.report import render_report

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "amn-kherson.jsonl"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
runner = CliRunner()


def cleaned_run(tmp_path: Path) -> Path:
    seed = json.loads(SEED.read_text(encoding="utf-8"))
    records = [
        seed,
        {**seed, "id": "copy"},
        {"id": "plain", "content": "No embed <script>alert(1)</script> here."},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["clean", str(source), "--no-resolve", "-q", "-o", str(out)]).exit_code == 0
    return out


def test_report_counts_and_shows_each_cut_in_context(tmp_path: Path) -> None:
    out = cleaned_run(tmp_path)
    page_path = tmp_path / "report.html"
    result = runner.invoke(app, ["report", str(out), "-o", str(page_path)])
    assert result.exit_code == 0, result.output
    page = page_path.read_text(encoding="utf-8")
    assert '<span id="records">3</span>' in page and '<span id="embeds">2</span>' in page
    assert re.search(r'data-platform="twitter"><td>twitter</td><td class="count">2<', page)
    assert re.search(r'data-status="skipped"><td>skipped</td><td class="count">2<', page)
    assert page.count('<section class="embed"') == 2
    assert "<mark>russia: the people of Kherson" in page and "he told AFP." in page
    assert "<script>" not in page  # only the escaped text of the record


def test_report_lists_up_to_the_limit_but_counts_all() -> None:
    record = json.loads(SEED.read_text(encoding="utf-8"))
    from embedresolve.pipeline import clean_record

    page = render_report([clean_record(record)] * 3, limit=1)
    assert '<span id="embeds">3</span>' in page and page.count('<section class="embed"') == 1
    assert "The first 1 of 3 embeds are listed." in page


def png_pixels(path: Path) -> bytes:
    """The raw (filtered) scanlines of a PNG: enough to tell a blank page from a rendered one."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind = data[at + 4 : at + 8]
        if kind == b"IDAT":
            chunks.append(data[at + 8 : at + 8 + length])
        at += 12 + length
    return zlib.decompress(b"".join(chunks))


@pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium is not installed (apt-get install -y chromium; .ci/run does)"
)
def test_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    out = cleaned_run(tmp_path)
    page = tmp_path / "report.html"
    assert runner.invoke(app, ["report", str(out), "-o", str(page)]).exit_code == 0
    browser = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [*browser, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    assert '<span id="records">3</span>' in dom and '<span id="embeds">2</span>' in dom
    assert dom.count('class="embed"') == 2
    shot = tmp_path / "shot.png"
    subprocess.run(
        [*browser, f"--screenshot={shot}", "--window-size=1200,1400", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    pixels = png_pixels(shot)
    assert len(pixels) > 1200 * 1400  # the whole window, at least one byte per pixel
    assert len(set(pixels)) > 50  # text, tables and the highlighted cut: not a blank page
