"""embedresolve.dask on a real local cluster: two worker processes, the parts equal single-process clean."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from embedresolve.dask import SUCCESS, clean_bag, clean_files, clean_lines, read_lines, write_parts  # noqa: E402
from embedresolve.io.readers.jsonl import SEE_SOURCE  # noqa: E402

from .helpers import TWEET, cli, corpus_lines  # noqa: E402

STAMP = re.compile(rb'"processed_at": "[^"]*"')
LIMIT = 3000
HTML = '<p>Hi</p><blockquote class="twitter-tweet"><a href="https://twitter.com/a/status/1234567890">x</a></blockquote>'


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _inputs(folder: Path) -> list[Path]:
    paths = []
    for n in range(3):
        lines = [line.encode() for line in corpus_lines(90)]
        lines[0] = b"\xef\xbb\xbf" + lines[0]
        lines[3] = b""
        lines[8] = b'{"content": "caf\xe9"}'
        lines[12] = json.dumps({"content": "x" * (2 * LIMIT)}).encode()
        lines[15] = json.dumps(
            {"id": "0012", "content": f"🙂 {TWEET}", "title": None}, ensure_ascii=False
        ).encode()
        lines[16] = json.dumps({"id": f"h{n}", "html": HTML}).encode()
        lines[17] = json.dumps(
            {"id": "near", "content": "A pic.twitter.com mention — but no post (not @ a date)"}
        ).encode()
        path = folder / f"in{n}.jsonl"
        path.write_bytes(b"\n".join(lines) + b"\n")
        paths.append(path)
    return paths


def _expected(paths: list[Path], folder: Path) -> tuple[bytes, bytes]:
    records, rejects = b"", b""
    for path in paths:
        out = folder / f"expected-{path.name}"
        done = cli("clean", str(path), "-o", str(out), "--no-resolve", "-q", f"--max-record-bytes={LIMIT}")
        assert done.returncode == 1, done.stderr
        records += out.read_bytes()
        rejects += _without_spans(Path(f"{out}.rejects.jsonl").read_bytes())
    return STAMP.sub(b"", records), rejects


def _without_spans(rejects: bytes) -> bytes:
    """Rejects as a partition gives them: a partition is lines of text, so an oversize one has no span."""
    lines = []
    for line in rejects.decode().splitlines():
        reject = json.loads(line)
        if reject.pop("source", None) is not None:
            reject["message"] = reject["message"].removesuffix(SEE_SOURCE)
        lines.append(json.dumps(reject, ensure_ascii=False) + "\n")
    return "".join(lines).encode()


def test_two_worker_processes(client: distributed.Client) -> None:
    pids = client.run(os.getpid)
    assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()


def test_parts_concatenated_equal_single_process_clean(client: distributed.Client, tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    lines = read_lines(paths, blocksize=2500)
    assert lines.npartitions >= 20
    out = tmp_path / "out"
    names = write_parts(clean_bag(lines, max_record_bytes=LIMIT), out)
    assert (out / SUCCESS).exists()
    records = b"".join(name.read_bytes() for name in names)
    rejects = b"".join(Path(f"{name}.rejects.jsonl").read_bytes() for name in names)
    want_records, want_rejects = _expected(paths, tmp_path)
    assert STAMP.sub(b"", records) == want_records
    assert rejects == want_rejects


def test_a_part_marked_done_is_not_computed_again(client: distributed.Client, tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    lines = read_lines(paths, blocksize=2500)
    out = tmp_path / "out"
    names = write_parts(clean_bag(lines, max_record_bytes=LIMIT), out)
    names[3].write_bytes(b"kept\n")  # a done part: a rerun must leave it alone
    names[5].with_name(names[5].name + ".done").unlink()
    names[5].write_bytes(b"torn")
    write_parts(clean_bag(lines, max_record_bytes=LIMIT), out)
    assert names[3].read_bytes() == b"kept\n"
    assert names[5].read_bytes() != b"torn" and names[5].read_bytes().endswith(b"\n")


def test_clean_lines_is_one_partition_of_work_for_any_engine(tmp_path: Path) -> None:
    """What a Spark mapPartitions would call: lines without their newline, as Spark's textFile gives them."""
    (path,) = _inputs(tmp_path)[:1]
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    pairs = clean_lines(text.split("\n")[:-1], name=path.name, max_record_bytes=LIMIT)
    records = "".join(line for kind, line in pairs if kind == "record").encode()
    rejects = "".join(line for kind, line in pairs if kind == "reject").encode()
    assert (STAMP.sub(b"", records), rejects) == _expected([path], tmp_path)


def test_clean_files_on_a_local_cluster_with_a_gzip_input(tmp_path: Path) -> None:
    """Gzipped inputs are one partition per file; the parts still equal single-process clean."""
    import gzip

    plain, other, _ = _inputs(tmp_path)
    packed = other.with_name(other.name + ".gz")
    packed.write_bytes(gzip.compress(other.read_bytes()))
    names = clean_files([plain, packed], tmp_path / "out", workers=2, max_record_bytes=LIMIT)
    assert len(names) == 2 and (tmp_path / "out" / SUCCESS).exists()
    records = b"".join(name.read_bytes() for name in names)
    rejects = b"".join(Path(f"{name}.rejects.jsonl").read_bytes() for name in names)
    want_records, want_rejects = _expected([plain, other], tmp_path)
    assert STAMP.sub(b"", records) == want_records
    assert rejects.replace(packed.name.encode(), other.name.encode()) == want_rejects


def test_the_cli_engine_dask_writes_the_parts(tmp_path: Path) -> None:
    paths = _inputs(tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    for path in paths:
        path.rename(folder / path.name)
    out = tmp_path / "out"
    done = cli(
        "clean",
        str(folder),
        "-o",
        str(out),
        "--engine",
        "dask",
        "--jobs",
        "2",
        "--no-resolve",
        f"--max-record-bytes={LIMIT}",
    )
    assert done.returncode == 1, done.stderr
    assert "3 parts written" in done.stderr
    names = sorted(name for name in out.glob("part-*.jsonl") if not name.name.endswith(".rejects.jsonl"))
    records = b"".join(name.read_bytes() for name in names)
    want_records, _ = _expected(sorted(folder.iterdir()), tmp_path)
    assert STAMP.sub(b"", records) == want_records
    assert (out / SUCCESS).exists()


def test_the_cli_engine_dask_needs_no_resolve(tmp_path: Path) -> None:
    _inputs(tmp_path)
    done = cli("clean", str(tmp_path / "in0.jsonl"), "-o", str(tmp_path / "out"), "--engine", "dask")
    assert done.returncode == 2 and "--no-resolve" in done.stderr
