"""Exports: Parquet partitioned by district and month round-trips through polars and DuckDB; CSV."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest
from test_report import sample_db

from grassroots import warehouse


@pytest.fixture(scope="session")
def sample(tmp_path_factory) -> Path:
    return sample_db(tmp_path_factory)


@pytest.fixture(scope="session")
def parquet_dir(sample: Path, tmp_path_factory) -> Path:
    from grassroots.app.export import export_warehouse

    out = tmp_path_factory.mktemp("export") / "pq"
    export_warehouse(sample, out, fmt="parquet")
    return out


def _view(db: Path, name: str) -> pl.DataFrame:
    con = warehouse.open_reader(db)
    try:
        return pl.from_arrow(con.execute(f'select * from "{name}"').fetch_arrow_table())
    finally:
        con.close()


def _sorted(df: pl.DataFrame) -> pl.DataFrame:
    keys = [c for c in df.columns if df.schema[c] not in (pl.Object,) and not isinstance(df.schema[c], (pl.List, pl.Struct))]
    return df.sort(keys, nulls_last=True)


def test_every_public_view_round_trips_through_polars(sample: Path, parquet_dir: Path) -> None:
    con = warehouse.open_reader(sample)
    views = [v for v, _ in warehouse.public_views(con)]
    con.close()
    manifest = json.loads((parquet_dir / "manifest.json").read_text(encoding="utf-8"))
    assert {r["name"] for r in manifest["relations"]} >= set(views) | {"ref_districts", "ref_subdistricts"}
    for v in views:
        want = _view(sample, v)
        got = pl.read_parquet(parquet_dir / v / "**" / "*.parquet", hive_partitioning=True)
        part = next(r["partitioned_by"] for r in manifest["relations"] if r["name"] == v)
        if part == ["district", "month"] and "month" not in want.columns:  # month added from published_date
            assert got["month"].equals(got["published_date"].dt.truncate("1mo"), check_names=False), v
            got = got.drop("month")
        got = got.select(want.columns)  # partition columns come back last
        assert got.schema == want.schema, v
        assert _sorted(got).equals(_sorted(want)), v
        if v not in ("backfill_windows",):  # the sample has no backfill
            assert want.height > 0, v


def test_parquet_layout_is_hive_with_readable_district_names(parquet_dir: Path) -> None:
    folders = sorted(p.relative_to(parquet_dir).as_posix() for p in (parquet_dir / "articles").glob("*/*"))
    assert "articles/district=徐汇区/month=2023-06-01" in folders
    # an undated article (闵行) lands in the null partition, read back as null
    assert "articles/district=闵行区/month=__HIVE_DEFAULT_PARTITION__" in folders
    assert (parquet_dir / "district_monthly" / "district=徐汇区" / "month=2023-06-01" / "part-0.parquet").exists()
    # partition columns live in the path, not in the files (Hive convention)
    f = next((parquet_dir / "articles").glob("district=*/month=*/part-0.parquet"))
    assert "district" not in pl.read_parquet(f, hive_partitioning=False).columns
    # views without a district are one plain file
    assert (parquet_dir / "runs" / "part-0.parquet").exists()


def test_duckdb_reads_the_export_directly(sample: Path, parquet_dir: Path) -> None:
    glob = str(parquet_dir / "district_monthly" / "**" / "*.parquet")
    got = duckdb.sql(f"select district, month::date as month, articles from read_parquet('{glob}', hive_partitioning = true) "
                     "order by district, month").fetchall()
    con = warehouse.open_reader(sample)
    want = con.execute("select district, month, articles from district_monthly order by district, month").fetchall()
    con.close()
    assert got == want and len(got) == 12


def test_empty_view_keeps_its_schema(parquet_dir: Path) -> None:
    df = pl.read_parquet(parquet_dir / "backfill_windows" / "**" / "*.parquet")
    assert df.height == 0 and "window_start" in df.columns


def test_csv_export(sample: Path, tmp_path: Path) -> None:
    from grassroots.app.export import export_warehouse

    done = export_warehouse(sample, tmp_path, fmt="csv", only=["articles", "initiative_mentions", "documents"])
    assert sorted(e.name for e in done) == ["articles", "documents", "initiative_mentions"]
    with (tmp_path / "articles.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 15 and any(r["district"] == "徐汇区" and r["published_date"] == "2023-06-12" for r in rows)
    docs = pl.read_csv(tmp_path / "documents.csv", infer_schema=False)
    assert docs.height == 16 and docs["encoding_flags"].str.starts_with("[").all()  # lists as JSON text


def test_csv_for_excel_starts_with_a_byte_order_mark(sample: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from grassroots.app.cli import app

    r = CliRunner().invoke(app, ["export", "--db", str(sample), "-f", "csv", "--bom", "--out", str(tmp_path / "x"),
                                 "--view", "articles"])
    assert r.exit_code == 0, r.output
    data = (tmp_path / "x" / "articles.csv").read_bytes()
    # Excel takes a CSV without the mark for the legacy code page; with it, 徐汇区 reads as 徐汇区
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    with (tmp_path / "x" / "articles.csv").open(encoding="utf-8-sig", newline="") as fh:
        assert any(row["district"] == "徐汇区" for row in csv.DictReader(fh))
    assert json.loads((tmp_path / "x" / "manifest.json").read_text(encoding="utf-8"))["bom"] is True
    # the default has none (a mark at the start confuses tools that do not expect it)
    CliRunner().invoke(app, ["export", "--db", str(sample), "-f", "csv", "--out", str(tmp_path / "y"), "--view", "articles"])
    assert not (tmp_path / "y" / "articles.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    r = CliRunner().invoke(app, ["export", "--db", str(sample), "--bom", "--out", str(tmp_path / "z")])
    assert r.exit_code == 2 and "--bom is for CSV files" in r.output


def test_export_errors_and_rerun(sample: Path, tmp_path: Path) -> None:
    from grassroots.app.export import ExportError, export_warehouse

    with pytest.raises(ExportError, match="not a public view"):
        export_warehouse(sample, tmp_path / "x", only=["core_documents"])
    with pytest.raises(ExportError, match="unknown format"):
        export_warehouse(sample, tmp_path / "x", fmt="xlsx")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ExportError, match="not a folder"):
        export_warehouse(sample, tmp_path / "file")
    # a second export replaces the first, leaving no stale partition or temp folder behind
    out = tmp_path / "again"
    export_warehouse(sample, out, only=["articles"])
    stale = out / "articles" / "district=旧区" / "month=2000-01-01"
    stale.mkdir(parents=True)
    export_warehouse(sample, out, only=["articles"])
    assert not stale.exists()
    assert sorted(p.name for p in out.iterdir()) == ["articles", "manifest.json"]


def test_export_command(sample: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from grassroots.app.cli import app

    r = CliRunner().invoke(app, ["export", "--db", str(sample), "--format", "parquet", "--out", str(tmp_path / "o"),
                                 "--view", "district_monthly"])
    assert r.exit_code == 0, r.output
    assert "district_monthly: 12 row(s)" in r.output and "partitioned by district, month" in r.output
    r = CliRunner().invoke(app, ["export", "--db", str(sample), "--format", "xml", "--out", str(tmp_path / "o")])
    assert r.exit_code == 2


def test_a_partition_whose_rows_span_several_batches_is_one_file(sample: Path, parquet_dir: Path, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from grassroots.app import export

    monkeypatch.setattr(export, "BATCH_ROWS", 2)  # every partition's rows arrive in pieces
    export.export_warehouse(sample, tmp_path, only=["initiative_mentions", "articles"])
    for v in ("initiative_mentions", "articles"):
        small = sorted(p.relative_to(tmp_path).as_posix() for p in (tmp_path / v).rglob("*.parquet"))
        assert small == sorted(p.relative_to(parquet_dir).as_posix() for p in (parquet_dir / v).rglob("*.parquet"))
        read = [pl.read_parquet(d / v / "**" / "*.parquet", hive_partitioning=True) for d in (tmp_path, parquet_dir)]
        assert _sorted(read[0]).equals(_sorted(read[1].select(read[0].columns)))
    # the partition with the most mentions came in pieces and is whole in its one file
    biggest = max((tmp_path / "initiative_mentions").rglob("*.parquet"), key=lambda p: pl.read_parquet(p).height)
    assert pl.read_parquet(biggest).height > 2
