"""Parquet in and out, and clean_table / clean_batches, on real-shaped files (needs embedresolve[parquet])."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

pa = pytest.importorskip("pyarrow", reason="Parquet needs pyarrow: pip install 'embedresolve[parquet]'")
pq = pytest.importorskip(
    "pyarrow.parquet", reason="Parquet needs pyarrow: pip install 'embedresolve[parquet]'"
)

from typer.testing import CliRunner  # noqa: E402

from embedresolve.arrow import clean_batches, clean_table  # noqa: E402
from embedresolve.cli import app  # noqa: E402
from embedresolve.io import InputRecord, Reject, read_records  # noqa: E402
from embedresolve.io.arrow_types import EMBEDS_TYPE  # noqa: E402
from embedresolve.pipeline import restore_record  # noqa: E402

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "seed" / "amn-kherson.jsonl"
ARTICLE = json.loads(SEED.read_text(encoding="utf-8"))["content"]
runner = CliRunner()


def corpus_table() -> pa.Table:
    """What a scraped-news Parquet export holds: ids, nulls, NULs, a large string, nested columns."""
    texts = [ARTICLE, "nul\x00inside a string", "x" * 3_000_000 + " long", "", "plain"]
    return pa.table(
        {
            "id": pa.array([1, 2, 3, 4, 5], pa.int64()),
            "text": pa.array(texts, pa.large_string()),
            "lang": pa.array(["en", None, "en", None, "fr"]),
            "meta": pa.array(
                [
                    {"site": "amn", "tags": ["war"]},
                    None,
                    {"site": "b", "tags": []},
                    {"site": None, "tags": None},
                    {"site": "c", "tags": ["x", "y"]},
                ]
            ),
            "published": pa.array([datetime.datetime(2022, 11, 12, 8, 30)] * 5, pa.timestamp("us")),
        }
    )


def test_parquet_in_clean_parquet_out_restore_round_trips(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(corpus_table(), source, row_group_size=2)
    cleaned = tmp_path / "clean.parquet"
    result = runner.invoke(app, ["clean", str(source), "--no-resolve", "-q", "-o", str(cleaned)])
    assert result.exit_code == 0, result.output
    table = pq.read_table(cleaned)
    assert table.schema.field("embeds").type == EMBEDS_TYPE
    embeds = table.column("embeds").to_pylist()
    assert [len(e) for e in embeds] == [1, 0, 0, 0, 0]
    assert embeds[0][0]["platform"] == "twitter" and embeds[0][0]["author"]["handle"] == "saintjavelin"
    assert table.column("meta").to_pylist() == corpus_table().column("meta").to_pylist()
    back = tmp_path / "back.parquet"
    assert runner.invoke(app, ["restore", str(cleaned), "-q", "-o", str(back)]).exit_code == 0
    assert pq.read_table(back).to_pylist() == corpus_table().to_pylist()


def test_a_folder_of_parquet_files_is_read_in_path_order(tmp_path: Path) -> None:
    folder = tmp_path / "dump"
    (folder / "part=b").mkdir(parents=True)
    pq.write_table(corpus_table().slice(0, 2), folder / "a.parquet")
    pq.write_table(corpus_table().slice(2, 3), folder / "part=b" / "0.parquet")
    items = list(read_records(folder))
    assert [item.data["id"] for item in items if isinstance(item, InputRecord)] == [1, 2, 3, 4, 5]
    out = tmp_path / "out.jsonl"
    assert runner.invoke(app, ["clean", str(folder), "--no-resolve", "-q", "-o", str(out)]).exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["published"] == "2022-11-12T08:30:00"  # a timestamp as ISO text in JSON
    assert rows[1]["text"] == "nul\x00inside a string"


def test_clean_table_keeps_every_other_column_as_it_was() -> None:
    table = corpus_table()
    out = clean_table(table, field="text")
    assert out.num_rows == table.num_rows
    for name in ("id", "lang", "meta", "published"):
        assert out.schema.field(name).type == table.schema.field(name).type
        assert out.column(name).equals(table.column(name))
    assert out.schema.field("text").type == pa.large_string()
    assert "saintjavelin" not in out.column("text")[0].as_py()
    restored = [restore_record(row) for row in pa_rows(out)]
    assert restored == table.to_pylist()


def pa_rows(table: pa.Table) -> list[dict]:
    from embedresolve.io.arrow_types import RESERVED_TYPES, from_arrow

    rows = table.to_pylist()
    for row in rows:
        for name, (_, schema) in RESERVED_TYPES.items():
            row[name] = from_arrow(row[name], schema)
    return rows


def test_clean_batches_streams_and_hands_over_rejects() -> None:
    table = pa.table({"id": [1, 2], "text": [ARTICLE, None]})
    rejects: list[Reject] = []
    batches = list(clean_batches(table.to_batches(max_chunksize=1), on_reject=rejects.append))
    assert [batch.num_rows for batch in batches] == [1, 1]
    assert [r.index for r in rejects] == [1] and rejects[0].reason == "not_a_string"
    assert batches[1].column("embeds").to_pylist() == [None]
    with pytest.raises(Exception, match="not a string"):
        list(clean_batches(table.to_batches()))


def test_parquet_to_stdout_is_jsonl_and_parquet_from_stdin_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "in.parquet"
    pq.write_table(corpus_table().slice(0, 1), source)
    result = runner.invoke(app, ["clean", str(source), "--no-resolve", "-q"])
    assert result.exit_code == 0 and json.loads(result.stdout)["id"] == 1
    result = runner.invoke(
        app, ["clean", "-", "--format", "parquet", "--no-resolve"], input=source.read_bytes()
    )
    assert result.exit_code == 2 and "cannot come from a stream" in result.stderr


def test_batches_are_bounded_by_bytes_not_only_rows(tmp_path: Path) -> None:
    """Long articles make short batches both ways, so memory does not follow the articles' length."""
    from embedresolve.io.readers import parquet as reader
    from embedresolve.io.writers import parquet as writer
    from embedresolve.io.writers.parquet import ParquetWriter

    long_text = "word " * 20_000  # 100 kB: the byte budget, not the row count, ends each batch
    out = tmp_path / "long.parquet"
    sink = ParquetWriter(out)
    for i in range(300):
        sink.write({"id": i, "text": f"{i:03} {long_text[4:]}"})  # distinct: no dictionary shrinks them
    sink.close()
    metadata = pq.ParquetFile(out).metadata
    per_group = [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)]
    assert sum(per_group) == 300
    assert max(per_group) == writer.BATCH_BYTES // len(long_text) < writer.BATCH_ROWS
    assert reader._batch_rows(metadata) <= reader.BATCH_BYTES // len(long_text) < reader.BATCH_ROWS
    short = tmp_path / "short.parquet"
    pq.write_table(pa.table({"id": list(range(2000))}), short)
    assert reader._batch_rows(pq.ParquetFile(short).metadata) == reader.BATCH_ROWS
    assert [row["id"] for row in (r.data for r in read_records(out) if isinstance(r, InputRecord))] == list(
        range(300)
    )
