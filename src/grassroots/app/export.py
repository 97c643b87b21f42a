"""Exports of the public views and the reference tables, for notebooks, BI tools and spreadsheets.

    export_warehouse(db, Path("out"), fmt="parquet")

Parquet: one folder per view, hive-partitioned where the view has a district and a month:

    out/articles/district=黄浦区/month=2023-06-01/part-0.parquet

`month` is the view's own `month` column (district_monthly) or the first day of the month of
`published_date` (documents, articles, initiative_mentions, ...), added as a partition
column. Rows whose district or month is unknown go to `__HIVE_DEFAULT_PARTITION__`, which
DuckDB, polars and Spark read back as null. Views without a district are written as one
file, `out/<view>/part-0.parquet`. CSV: one UTF-8 file per view, `out/<view>.csv`, lists and
structs as JSON text. `out/manifest.json` lists what was written (rows, columns, partitioning).

Everything is read through the hardened read-only connection (warehouse.open_reader) and
streamed in Arrow record batches, so memory stays flat on a large warehouse. Each view is
written to a temporary folder first and moved into place, so an interrupted export never
leaves a half-written view behind the old one.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from grassroots import warehouse

FORMATS = ("parquet", "csv")
# reference tables exported beside the views (the gazetteer and taxonomy the views refer to)
REF_TABLES = ("districts", "subdistricts", "initiative_categories")
# rows per Arrow batch: ~100k rows of text keeps a batch to tens of MB
BATCH_ROWS = 100_000


class ExportError(ValueError):
    pass


@dataclass
class Exported:
    name: str
    path: str  # relative to the export folder
    rows: int
    columns: list[str]
    partitioned_by: list[str]


def _relations(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, list[str]]]:
    """(export name, SQL relation, columns) of the public views and the reference tables."""
    out = [(v, f'main."{v}"', [c for c, _ in cols]) for v, cols in warehouse.public_views(con)]
    have = {r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'ref'").fetchall()}
    for t in REF_TABLES:
        if t in have:
            cols = [r[0] for r in con.execute(
                "select column_name from information_schema.columns where table_schema = 'ref' and table_name = ? "
                "order by ordinal_position", [t]).fetchall()]
            out.append((f"ref_{t}", f'ref."{t}"', cols))
    return out


def _partition_plan(cols: list[str]) -> tuple[str, list[str]]:
    """The select list and the partition columns of a relation with these columns."""
    if "district" not in cols:
        return "*", []
    if "month" in cols:
        return "*", ["district", "month"]
    if "published_date" in cols:
        return "*, date_trunc('month', published_date)::date as month", ["district", "month"]
    return "*", ["district"]


def _replace_dir(tmp: Path, dest: Path) -> None:
    if dest.exists():
        old = dest.with_name(f".{dest.name}.old-{os.getpid()}")
        dest.rename(old)
        tmp.rename(dest)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(dest)


HIVE_NULL = "__HIVE_DEFAULT_PARTITION__"  # what Hive, Spark, pyarrow, polars and DuckDB read as null


def _segment(col: str, v) -> str:
    if v is None:
        return f"{col}={HIVE_NULL}"
    text = v.isoformat() if isinstance(v, date) else str(v)
    # folder names keep their Chinese (district=黄浦区) as Spark writes them; only characters a path
    # cannot hold are escaped, the way readers unescape them
    if any(ch in text for ch in '/\\%=') or text in ("", ".", ".."):
        from urllib.parse import quote

        text = quote(text, safe="")
    return f"{col}={text}"


def write_parquet(con: duckdb.DuckDBPyConnection, name: str, relation: str, cols: list[str], out: Path) -> Exported:
    select, parts = _partition_plan(cols)
    tmp = out / f".{name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    base = f"select {select} from {relation}"
    rows = 0
    if not parts:
        reader = con.execute(base).fetch_record_batch(BATCH_ROWS)
        rows += _write_file(reader, tmp / "part-0.parquet")
    else:
        keep = [c for c in cols if c not in parts]
        names = ", ".join(f'"{c}"' for c in keep)
        # one pass per district, ordered by the rest of the key, cut where the key changes (a
        # query per partition rescanned the view for each of them: 29 s for `documents` of a
        # 10,000-page warehouse, ~1,400 partitions); a district's rows bound the sort
        districts = [r[0] for r in con.execute(f"select distinct {parts[0]} from ({base}) order by all").fetchall()]
        for dv in districts:
            reader = con.execute(f"select {names}, {', '.join(parts)} from ({base}) where {parts[0]} is not distinct "
                                 f"from ? order by {', '.join(parts)}", [dv]).fetch_record_batch(BATCH_ROWS)
            rows += _write_partitions(reader, parts, len(keep), tmp)
        if not districts:  # an empty view still carries its schema
            reader = con.execute(f"select {names} from ({base})").fetch_record_batch(BATCH_ROWS)
            _write_file(reader, tmp / "part-0.parquet")
    _replace_dir(tmp, out / name)
    all_cols = cols + [p for p in parts if p not in cols]
    return Exported(name, name, rows, all_cols, parts)


def _write_partitions(reader: pa.RecordBatchReader, parts: list[str], width: int, tmp: Path) -> int:
    """Write rows ordered by their partition columns (the last ones) into one file per key."""
    schema = pa.schema(list(reader.schema)[:width])
    writer, key, n = None, None, 0
    try:
        for b in reader:
            keys = list(zip(*(b.column(width + k).to_pylist() for k in range(len(parts))), strict=True))
            data = pa.RecordBatch.from_arrays(b.columns[:width], schema=schema)
            start = 0
            for i in range(1, len(keys) + 1):
                if i < len(keys) and keys[i] == keys[start]:
                    continue
                if keys[start] != key:
                    if writer is not None:
                        writer.close()
                    key = keys[start]
                    folder = tmp.joinpath(*(_segment(p, v) for p, v in zip(parts, key, strict=True)))
                    folder.mkdir(parents=True, exist_ok=True)
                    writer = pq.ParquetWriter(folder / "part-0.parquet", schema)
                writer.write_batch(data.slice(start, i - start))
                n += i - start
                start = i
    finally:
        if writer is not None:
            writer.close()
    return n


def _write_file(reader: pa.RecordBatchReader, path: Path) -> int:
    n = 0
    with pq.ParquetWriter(path, reader.schema) as w:
        for b in reader:
            w.write_batch(b)
            n += b.num_rows
    return n


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, (list, tuple, dict)):
        return json.dumps(_plain(v), ensure_ascii=False)
    return str(v)


def _plain(v):
    if isinstance(v, (datetime, date)):
        return v.isoformat()
    if isinstance(v, Decimal):
        return float(v)
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def write_csv(con: duckdb.DuckDBPyConnection, name: str, relation: str, cols: list[str], out: Path, *,
              bom: bool = False) -> Exported:
    """One UTF-8 file; with `bom`, a byte-order mark first: Excel reads a CSV without one in the
    system's legacy code page, and its Chinese text comes out garbled."""
    cur = con.execute(f"select * from {relation}")
    dest = out / f"{name}.csv"
    tmp = out / f".{name}.csv.tmp-{os.getpid()}"
    rows = 0
    with tmp.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        while chunk := cur.fetchmany(10_000):
            w.writerows([_cell(v) for v in r] for r in chunk)
            rows += len(chunk)
    tmp.replace(dest)
    return Exported(name, dest.name, rows, cols, [])


def export_warehouse(db: Path | str, out: Path | str, *, fmt: str = "parquet", only: list[str] | None = None,
                     wait: float = 10.0, bom: bool = False) -> list[Exported]:
    """Export the public views and the reference tables of `db` into the folder `out` (CSV files
    with a byte-order mark when `bom`, for Excel)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (choose {' or '.join(FORMATS)})")
    if bom and fmt != "csv":
        raise ExportError("--bom is for CSV files (-f csv): Parquet has no byte-order mark")
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} exists and is not a folder")
    con = warehouse.open_reader(db, wait=wait)
    try:
        rels = _relations(con)
        if only:
            known = {n for n, _, _ in rels}
            unknown = [n for n in only if n not in known]
            if unknown:
                raise ExportError(f"not a public view or reference table: {', '.join(unknown)} "
                                  f"(known: {', '.join(sorted(known))})")
            rels = [r for r in rels if r[0] in only]
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise ExportError(f"cannot create {out}: {e.strerror}") from None
        if fmt == "parquet":
            done = [write_parquet(con, name, rel, cols, out) for name, rel, cols in rels]
        else:
            done = [write_csv(con, name, rel, cols, out, bom=bom) for name, rel, cols in rels]
    finally:
        con.close()
    manifest = {"format": fmt, **({"bom": True} if bom else {}), "warehouse": str(Path(db).absolute()),
                "exported_at": datetime.now().astimezone().isoformat(timespec="seconds"),
                "relations": [asdict(e) for e in done]}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return done
